"""An offline map of event locations as inline SVG: no tiles, no network, no script.

Equirectangular projection centred on the events (longitudes shrunk by cos(latitude) so distances
look right at the centre), fitted to the points' bounding box with a margin; country outlines
from Natural Earth when available, a labelled graticule always, one circle per located event
(area proportional to its conservative fatality figure) numbered as in the timeline, and a
scale bar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Optional

from eventfold.brief.outlines import Country, countries_in

MAP_WIDTH = 720  # px: the brief's text column, so the map prints at full width
MIN_HEIGHT, MAX_HEIGHT = 320, 560
MARGIN_FRACTION = 0.18  # of the points' extent, on every side, so edge markers and labels stay inside
# The smallest extent shown (degrees of latitude, ~110 km): one town alone still gets its surroundings.
MIN_SPAN_DEGREES = 1.0
KM_PER_DEGREE = 111.32
# Marker radius: BASE for events without deaths, + sqrt(fatalities) * STEP, capped (area ∝ deaths).
MARKER_BASE_RADIUS, MARKER_STEP, MARKER_MAX_RADIUS = 4.0, 1.6, 22.0
GRATICULE_STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30)  # degrees; the first giving <= 6 lines
MAX_GRATICULE_LINES = 6
SCALE_BAR_FRACTION = 0.22  # the scale bar is at most this share of the map width
SIMPLIFY_PX = 1.0  # outline points closer than this to the previous kept one are dropped
MIN_RING_PX = 2.0  # islands smaller than this on the map are not drawn
# Labels: a glyph is ~0.58 em wide in the sans-serif fonts printers and browsers fall back to.
GLYPH_EM = 0.58
PLACE_FONT_PX, COUNTRY_FONT_PX = 12, 12
MAX_LISTED_NUMBERS = 4  # a place with more events is labelled with their count, not their numbers
COUNTRY_LABEL_MIN_PX = 70  # a country is named only when it spans at least this much of the map
MAX_COUNTRY_LABELS = 12

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 on the canvas

_BG, _LAND, _BORDER, _GRID, _INK, _MARK = "#eef2f5", "#faf8f3", "#9c9c9c", "#c9d1d8", "#333", "#b2182b"


@dataclass(frozen=True)
class MapPoint:
    number: int  # the event's number in the timeline
    name: str
    latitude: float
    longitude: float
    fatalities: Optional[int] = None
    precise: bool = True  # False when located only to a province or a country (ACLED geo-precision 3)


@dataclass(frozen=True)
class View:
    """The visible box and the projection onto a width x height canvas."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int
    x_factor: float  # cos(centre latitude)
    scale: float  # px per degree of latitude

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.x_factor * self.scale, (self.north - lat) * self.scale

    def km_per_px(self) -> float:
        return KM_PER_DEGREE / self.scale


def fit_view(points: list[MapPoint], width: int = MAP_WIDTH) -> View:
    """A view holding every point with a margin, at one scale in both directions."""
    lons = [p.longitude for p in points]
    lats = [p.latitude for p in points]
    centre_lat = (min(lats) + max(lats)) / 2
    x_factor = max(math.cos(math.radians(centre_lat)), 0.2)
    padded = 1 + 2 * MARGIN_FRACTION
    span_lat = max((max(lats) - min(lats)) * padded, MIN_SPAN_DEGREES)
    span_x = max((max(lons) - min(lons)) * x_factor * padded, MIN_SPAN_DEGREES)  # in degrees of latitude
    height = int(min(max(width * span_lat / span_x, MIN_HEIGHT), MAX_HEIGHT))
    scale = min(width / span_x, height / span_lat)  # the tighter axis sets the scale
    half_lon, half_lat = width / scale / x_factor / 2, height / scale / 2
    mid_lon = (min(lons) + max(lons)) / 2
    return View(mid_lon - half_lon, centre_lat - half_lat, mid_lon + half_lon, centre_lat + half_lat,
                width, height, x_factor, scale)


def render_map_svg(points: list[MapPoint], with_outlines: bool = True) -> str:
    """The map as one <svg> element; "" when no event is located."""
    if not points:
        return ""
    view = fit_view(points)
    countries = countries_in((view.west, view.south, view.east, view.north)) if with_outlines else []
    parts = [
        f'<svg class="event-map" viewBox="0 0 {view.width} {view.height}" '
        f'width="100%" role="img" aria-label="Map of {len(points)} located events">',
        f'<defs><clipPath id="map-frame"><rect width="{view.width}" height="{view.height}"/></clipPath></defs>',
        f'<rect width="{view.width}" height="{view.height}" fill="{_BG if countries else "#fff"}"/>',
        '<g clip-path="url(#map-frame)">',
        *(_country_path(view, c) for c in countries),
        *_graticule(view),
        *_markers_and_labels(view, points, countries),
        '</g>',
        *_scale_bar(view),
        f'<rect width="{view.width}" height="{view.height}" fill="none" stroke="{_INK}" stroke-width="1"/>',
        '</svg>',
    ]
    return "\n".join(p for p in parts if p)


# ---------------------------------------------------------------- outlines


def _country_path(view: View, country: Country) -> str:
    rings = [_ring_path(view, ring) for ring in country.rings]
    data = " ".join(r for r in rings if r)
    if not data:
        return ""
    return (f'<path class="country" d="{data}" fill="{_LAND}" stroke="{_BORDER}" stroke-width="0.8" '
            f'stroke-linejoin="round"><title>{escape(country.name)}</title></path>')


def _ring_path(view: View, ring) -> str:
    """A ring as path data, dropping points that would not move the pen visibly."""
    kept: list[tuple[float, float]] = []
    for lon, lat in ring:
        x, y = view.project(lon, lat)
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= SIMPLIFY_PX:
            kept.append((x, y))
    xs, ys = [p[0] for p in kept], [p[1] for p in kept]
    if len(kept) < 3 or max(max(xs) - min(xs), max(ys) - min(ys)) < MIN_RING_PX:
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"


# ---------------------------------------------------------------- graticule and scale


def graticule_step(span_degrees: float) -> float:
    return next((s for s in GRATICULE_STEPS if span_degrees / s <= MAX_GRATICULE_LINES), GRATICULE_STEPS[-1])


def _graticule(view: View) -> list[str]:
    step = graticule_step(max(view.east - view.west, view.north - view.south))
    lines = []
    for lon in _multiples(view.west, view.east, step):
        x, _ = view.project(lon, view.north)
        lines.append(f'<line class="graticule" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{view.height}" '
                     f'stroke="{_GRID}" stroke-width="0.6" stroke-dasharray="3 3"/>')
        lines.append(_grid_label(x + 3, 12, _degrees(lon, "E", "W")))
    for lat in _multiples(max(view.south, -90), min(view.north, 90), step):
        _, y = view.project(view.west, lat)
        lines.append(f'<line class="graticule" x1="0" y1="{y:.1f}" x2="{view.width}" y2="{y:.1f}" '
                     f'stroke="{_GRID}" stroke-width="0.6" stroke-dasharray="3 3"/>')
        lines.append(_grid_label(3, y - 3, _degrees(lat, "N", "S")))
    return lines


def _multiples(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step)
    return [round(i * step, 6) for i in range(first, math.floor(high / step) + 1)]


def _degrees(value: float, positive: str, negative: str) -> str:
    text = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    return f"{text}°{positive if value >= 0 else negative}"


def _grid_label(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" fill="#6b7680">{escape(text)}</text>'


def nice_distance(max_km: float) -> float:
    """The largest 1, 2 or 5 × 10^n km not above max_km."""
    power = 10 ** math.floor(math.log10(max_km))
    return max(m * power for m in (1, 2, 5) if m * power <= max_km)


def _scale_geometry(view: View) -> tuple[float, float, float, float]:
    """Distance shown (km), bar length (px) and the bar's left end and baseline."""
    km = nice_distance(view.width * SCALE_BAR_FRACTION * view.km_per_px())
    length = km / view.km_per_px()
    return km, length, view.width - length - 16, view.height - 18


def _scale_bar(view: View) -> list[str]:
    km, length, x, y = _scale_geometry(view)
    label = f"{km:g} km"
    return [
        f'<g class="scale-bar"><rect x="{x - 6:.1f}" y="{y - 16:.1f}" width="{length + 12:.1f}" height="26" '
        f'fill="#fff" fill-opacity="0.8"/>',
        f'<path d="M{x:.1f},{y - 4:.1f}V{y:.1f}H{x + length:.1f}V{y - 4:.1f}" fill="none" stroke="{_INK}" '
        f'stroke-width="1.5"/>',
        f'<text x="{x + length / 2:.1f}" y="{y - 6:.1f}" font-size="10" text-anchor="middle" fill="{_INK}">'
        f'{label}</text></g>',
    ]


# ---------------------------------------------------------------- markers


def marker_radius(fatalities: Optional[int]) -> float:
    return min(MARKER_BASE_RADIUS + math.sqrt(max(fatalities or 0, 0)) * MARKER_STEP, MARKER_MAX_RADIUS)


def _markers_and_labels(view: View, points: list[MapPoint], countries: list[Country]) -> list[str]:
    """One circle per event (largest first so small ones stay visible), then labels that do not collide:
    places first, most events first, then the largest countries."""
    ordered = sorted(points, key=lambda p: -marker_radius(p.fatalities))
    _, length, x, y = _scale_geometry(view)
    reserved = [(x - 6, y - 16, x + length + 6, y + 10), (0, 0, view.width, 14)]  # scale bar, longitude labels
    taken = [_circle_box(view, p) for p in points] + reserved
    places = sorted(_by_place(points), key=lambda g: (-len(g), g[0].number))
    labels = [_place_label(view, group, taken) for group in places]
    labels += _country_labels(view, countries, taken)
    return [_circle(view, p) for p in ordered] + labels


def _circle(view: View, point: MapPoint) -> str:
    x, y = view.project(point.longitude, point.latitude)
    deaths = f", {point.fatalities} killed (conservative)" if point.fatalities else ""
    vague = "" if point.precise else ' stroke-dasharray="3 2" fill-opacity="0.25"'
    where = "" if point.precise else " (province or country only)"
    return (f'<circle class="marker" data-event="{point.number}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{marker_radius(point.fatalities):.1f}" fill="{_MARK}" fill-opacity="0.55" stroke="{_MARK}" '
            f'stroke-width="1"{vague}><title>{point.number}. {escape(point.name + where + deaths)}</title></circle>')


def _circle_box(view: View, point: MapPoint) -> Box:
    x, y = view.project(point.longitude, point.latitude)
    r = marker_radius(point.fatalities)
    return x - r, y - r, x + r, y + r


def _by_place(points: list[MapPoint]) -> list[list[MapPoint]]:
    groups: dict[tuple[float, float], list[MapPoint]] = {}
    for point in points:
        groups.setdefault((round(point.latitude, 3), round(point.longitude, 3)), []).append(point)
    return list(groups.values())


def _place_label(view: View, group: list[MapPoint], taken: list[Box]) -> str:
    """The place's name with its event numbers (or count), beside its marker where there is room; else none."""
    first = group[0]
    x, y = view.project(first.longitude, first.latitude)
    gap = max(marker_radius(p.fatalities) for p in group) + 3
    lead = _numbers_text(group)
    text = f"{lead} {first.name}"
    for anchor, lx, ly in (("start", x + gap, y + 4), ("end", x - gap, y + 4),
                           ("middle", x, y - gap - 2), ("middle", x, y + gap + PLACE_FONT_PX)):
        box = _text_box(lx, ly, text, PLACE_FONT_PX, anchor)
        if _fits(view, box, taken):
            taken.append(box)
            return (f'<text class="place-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" '
                    f'font-size="{PLACE_FONT_PX}" fill="{_INK}" stroke="#fff" stroke-width="3" '
                    f'paint-order="stroke"><tspan font-weight="bold">{escape(lead)}</tspan> '
                    f"{escape(first.name)}</text>")
    return ""


def _numbers_text(group: list[MapPoint]) -> str:
    numbers = sorted(p.number for p in group)
    if len(numbers) > MAX_LISTED_NUMBERS:
        return f"{len(numbers)} events:"
    return ", ".join(str(n) for n in numbers)


def _country_labels(view: View, countries: list[Country], taken: list[Box]) -> list[str]:
    labels = []
    for country in sorted(countries, key=lambda c: -_visible_width(view, c)):
        if len(labels) >= MAX_COUNTRY_LABELS or _visible_width(view, country) < COUNTRY_LABEL_MIN_PX:
            break
        name = country.name.upper()
        for x, y in _label_spots(view, country):
            box = _text_box(x, y, name, COUNTRY_FONT_PX, "middle", spacing=2)
            if _fits(view, box, taken):
                taken.append(box)
                labels.append(f'<text class="country-name" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                              f'font-size="{COUNTRY_FONT_PX}" letter-spacing="2" fill="#8a8a8a">{escape(name)}</text>')
                break
    return labels


def _label_spots(view: View, country: Country) -> list[tuple[float, float]]:
    """Natural Earth's label point, then the middle of the country's visible part when it lies inside it."""
    spots = [view.project(*country.label_point)] if country.label_point else []
    ring = max(country.rings, key=lambda r: _ring_visible_width(view, r))
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    lon = (max(min(lons), view.west) + min(max(lons), view.east)) / 2
    lat = (max(min(lats), view.south) + min(max(lats), view.north)) / 2
    if _inside(lon, lat, ring):
        spots.append(view.project(lon, lat))
    return spots


def _inside(lon: float, lat: float, ring) -> bool:
    """Ray casting: is the point inside the polygon ring?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _visible_width(view: View, country: Country) -> float:
    """How wide the country's largest visible ring is on the map (overseas islands do not count)."""
    return max(_ring_visible_width(view, ring) for ring in country.rings)


def _ring_visible_width(view: View, ring) -> float:
    lons = [lon for lon, _ in ring]
    west, east = max(min(lons), view.west), min(max(lons), view.east)
    return max(east - west, 0) * view.x_factor * view.scale


def _text_box(x: float, y: float, text: str, size: int, anchor: str, spacing: float = 0) -> Box:
    width = len(text) * (size * GLYPH_EM + spacing)
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return left, y - size, left + width, y + size * 0.3


def _fits(view: View, box: Box, taken: list[Box]) -> bool:
    inside = box[0] >= 2 and box[1] >= 2 and box[2] <= view.width - 2 and box[3] <= view.height - 2
    return inside and not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken)
