"""The timeline: events per day (per week or month over long periods) stacked by event type, laid
out as plain SVG shapes on the server; every bar segment links to the events it counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from eventfold.extract.acled_types import EVENT_TYPES
from eventfold.model import Event, first_day_of

WIDTH, HEIGHT = 960, 300
LEFT, BOTTOM, TOP = 44, 36, 10  # px kept for the count axis, the day labels and headroom
MAX_DAILY_BINS = 120  # longer periods are counted per week, then per month (past MAX_WEEKLY_BINS weeks)
MAX_WEEKLY_BINS = 104
MAX_LABELS = 12
# One colour per ACLED event type (ColorBrewer Set2, distinguishable by colour-blind readers), grey for others.
TYPE_COLOURS = dict(zip(EVENT_TYPES, ("#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#e5c494")))
OTHER_COLOUR = "#b3b3b3"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    event_type: str
    first: str  # ISO day: the bin's first and last day, for the link
    last: str
    count: int


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    labels: list[Label]
    ticks: list[tuple[float, int]]  # (y, count) of the count axis
    legend: list[tuple[str, str]]  # (event type, colour)
    unit: str  # day, week or month
    undated: int
    width: int = WIDTH
    height: int = HEIGHT


def build_timeline(events: list[Event]) -> Timeline:
    return timeline_of_counts(Counter((_day_text(e), e.event_type) for e in events))


def timeline_of_counts(counts: Counter) -> Timeline:
    """The timeline of events counted by (first day as ISO text or None, event type)
    (review/query.py `count_by_day` counts them in SQL)."""
    dated = Counter()
    for (day, event_type), count in counts.items():
        if day is not None and count:
            dated[(date.fromisoformat(day), event_type)] += count
    undated = sum(counts.values()) - sum(dated.values())
    if not dated:
        return Timeline([], [], [], [], "day", undated)
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    unit = _unit((last - first).days + 1)
    bins = _bins(first, last, unit)
    binned = Counter()
    for (day, event_type), count in dated.items():
        binned[(_bin_start(day, unit), event_type)] += count
    return _layout(bins, binned, unit, undated)


def _day_text(event: Event) -> Optional[str]:
    return first_day_of(event.date.value) if event.date else None


def _unit(span_days: int) -> str:
    if span_days <= MAX_DAILY_BINS:
        return "day"
    return "week" if span_days <= MAX_WEEKLY_BINS * 7 else "month"


def _bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _bin_end(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=6)
    if unit == "month":
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return start


def _bins(first: date, last: date, unit: str) -> list[date]:
    bins, current = [], _bin_start(first, unit)
    while current <= last:
        bins.append(current)
        current = _bin_end(current, unit) + timedelta(days=1)
    return bins


def _layout(bins: list[date], counts: Counter, unit: str, undated: int) -> Timeline:
    totals = Counter()
    for (start, _), count in counts.items():
        totals[start] += count
    peak = max(totals.values())
    plot_width, plot_height = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_width / len(bins)
    types = [t for t in EVENT_TYPES if any(k[1] == t for k in counts)] + sorted(
        {k[1] for k in counts if k[1] not in EVENT_TYPES})
    bars = []
    for index, start in enumerate(bins):
        base = HEIGHT - BOTTOM
        for event_type in types:
            count = counts.get((start, event_type), 0)
            if not count:
                continue
            height = plot_height * count / peak
            base -= height
            bars.append(Bar(LEFT + index * slot + slot * 0.1, base, max(slot * 0.8, 1.0), height,
                            TYPE_COLOURS.get(event_type, OTHER_COLOUR), event_type, start.isoformat(),
                            _bin_end(start, unit).isoformat(), count))
    step = max(1, -(-len(bins) // MAX_LABELS))
    labels = [Label(LEFT + i * slot + slot / 2, _label(start, unit)) for i, start in enumerate(bins) if i % step == 0]
    ticks = [(HEIGHT - BOTTOM - plot_height * n / peak, n) for n in _tick_values(peak)]
    legend = [(t, TYPE_COLOURS.get(t, OTHER_COLOUR)) for t in types]
    return Timeline(bars, labels, ticks, legend, unit, undated)


def _label(start: date, unit: str) -> str:
    return start.strftime("%Y-%m") if unit == "month" else start.strftime("%d %b")


def _tick_values(peak: int) -> list[int]:
    step = max(1, -(-peak // 4))
    return list(range(0, peak + 1, step))
