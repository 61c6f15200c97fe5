"""GeoJSON for the map: the filtered events as points, and the offline base layer of country
outlines and, zoomed in, admin-1 boundary lines (Natural Earth, shipped in PyPI packages; see
brief/outlines.py) simplified for the web."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Optional

from eventfold.brief.outlines import admin1_lines_in, countries_in, province_at
from eventfold.model import Event, Place

# Outline points closer than this share of the box's width to the previous kept one are dropped:
# the base layer is for orientation, and the 1:10m file is several megabytes in full.
SIMPLIFY_SHARE = 1 / 600
WORLD = (-180.0, -90.0, 180.0, 90.0)
PROVINCE_PRECISION = 3  # ACLED geo-precision: located only to a province (admin-1) or larger
# Admin-1 lines are served for boxes up to this wide (degrees of longitude): about zoom 5 and in,
# where provinces are big enough on screen to help; wider boxes get none.
ADMIN1_MAX_WIDTH = 30.0
PROVINCE_TOLERANCE = 0.01  # degrees (~1 km): a province's outline points closer than this are dropped
# The shapefile readers seek in one open file: one reading at a time across the worker threads.
_READING = threading.Lock()


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
    with _READING:
        countries = countries_in(bbox)
    for country in countries:
        tolerance = (bbox[2] - bbox[0]) * SIMPLIFY_SHARE
        rings = [_simplified(ring, tolerance) for ring in country.rings]
        polygons = [[ring] for ring in rings if len(ring) >= 4]
        if polygons:
            features.append({"type": "Feature", "properties": {"name": country.name},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    return feature_collection(features)


@lru_cache(maxsize=64)
def admin1_collection(bbox: tuple[float, float, float, float]) -> dict:
    """Admin-1 boundary lines crossing `bbox` as one MultiLineString feature, simplified for its width;
    empty for a box wider than ADMIN1_MAX_WIDTH or when the line data is absent."""
    if bbox[2] - bbox[0] > ADMIN1_MAX_WIDTH:
        return {**feature_collection([]), "note": f"admin-1 lines are served for boxes up to {ADMIN1_MAX_WIDTH:g}"
                                                  " degrees wide"}
    with _READING:
        lines = admin1_lines_in(bbox)
    tolerance = (bbox[2] - bbox[0]) * SIMPLIFY_SHARE
    kept = [line for line in (_simplified(line, tolerance) for line in lines) if len(line) >= 2]
    if not kept:
        return feature_collection([])
    return feature_collection([{"type": "Feature", "properties": {"level": "admin1"},
                                "geometry": {"type": "MultiLineString", "coordinates": kept}}])


def province_collection(places: list[Place]) -> dict:
    """The admin-1 areas holding these places (those of events located only to a province), one
    feature per area with its number of events; places no offline outline covers are left out."""
    counts: dict[tuple, int] = {}
    for place in places:
        key = (round(place.longitude, 3), round(place.latitude, 3), place.country, place.admin1)
        counts[key] = counts.get(key, 0) + 1
    areas: dict[tuple, dict] = {}  # two points in one province make one area
    for (longitude, latitude, country, admin1), count in sorted(counts.items(), key=repr):
        with _READING:
            rings = province_at(longitude, latitude)
        outline = [[ring] for ring in (_simplified(r, PROVINCE_TOLERANCE) for r in rings or ()) if len(ring) >= 4]
        if not outline:
            continue
        if rings not in areas:
            areas[rings] = {"type": "Feature", "properties": {"admin1": admin1, "country": country, "events": 0},
                            "geometry": {"type": "MultiPolygon", "coordinates": outline}}
        areas[rings]["properties"]["events"] += count
    return feature_collection(list(areas.values()))


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
