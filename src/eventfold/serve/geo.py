"""GeoJSON for the map: the filtered events as points, and the offline base layer of country
outlines (Natural Earth, shipped in a PyPI package; see brief/outlines.py) simplified for the web."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from eventfold.brief.outlines import countries_in
from eventfold.model import Event

# Outline points closer than this share of the box's width to the previous kept one are dropped:
# the base layer is for orientation, and the 1:10m file is several megabytes in full.
SIMPLIFY_SHARE = 1 / 600
WORLD = (-180.0, -90.0, 180.0, 90.0)
PROVINCE_PRECISION = 3  # ACLED geo-precision: located only to a province (admin-1) or larger


def event_feature(event: Event, outlets: list[str]) -> Optional[dict]:
    """A Point feature of a located event (None when it has no coordinates)."""
    place = event.place
    if place is None or place.latitude is None or place.longitude is None:
        return None
    fatalities = event.fatalities.value if event.fatalities else None
    properties = {
        "event_id": event.event_id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": event.date.value if event.date else None,
        "location": place.name,
        "admin1": place.admin1,
        "country": place.country,
        "fatalities": fatalities,
        "geo_precision": place.geo_precision,
        "province_level": place.geo_precision >= PROVINCE_PRECISION,
        "contested": event.contested,
        "reviewed": event.reviewed,
        "sources": outlets,
        "url": f"/events/{event.event_id}",
    }
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": properties}


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=32)
def outline_collection(bbox: tuple[float, float, float, float] = WORLD) -> dict:
    """Country outlines crossing `bbox` as Polygon features (empty when the outline data is absent)."""
    features = []
    for country in countries_in(bbox):
        tolerance = (bbox[2] - bbox[0]) * SIMPLIFY_SHARE
        rings = [_simplified(ring, tolerance) for ring in country.rings]
        polygons = [[ring] for ring in rings if len(ring) >= 4]
        if polygons:
            features.append({"type": "Feature", "properties": {"name": country.name},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    return feature_collection(features)


def _simplified(ring, tolerance: float) -> list[list[float]]:
    kept = [ring[0]]
    for lon, lat in ring[1:-1]:
        last_lon, last_lat = kept[-1]
        if abs(lon - last_lon) + abs(lat - last_lat) >= tolerance:
            kept.append((lon, lat))
    kept.append(ring[-1])
    return [[round(lon, 3), round(lat, 3)] for lon, lat in kept]


def events_bbox(features: list[dict], margin: float = 2.0) -> tuple[float, float, float, float]:
    """The box around the features' points with a margin (degrees), clipped to the world; the world when none."""
    if not features:
        return WORLD
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    return (max(-180.0, round(min(lons) - margin, 3)), max(-90.0, round(min(lats) - margin, 3)),
            min(180.0, round(max(lons) + margin, 3)), min(90.0, round(max(lats) + margin, 3)))
