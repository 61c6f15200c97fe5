"""The values a cluster of documents agrees on (document-level fusion, e.g. the GVA evaluation).

`consensus` votes over a cluster of items: the most-reported day and town, and for the killed
and injured counts the most-reported figure with the range of all figures. Report-level
events (the dataset) take their values by the rules of `eventfold.fuse.values`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

from eventfold.fuse.features import FusionItem, parse_day
from eventfold.model import DateValue, Place


@dataclass
class Consensus:
    """The values most items of a cluster state."""

    date: Optional[DateValue]
    place: Optional[Place]
    killed: Optional[int]
    injured: Optional[int]
    killed_range: Optional[tuple[int, int]]


def consensus(items: list[FusionItem]) -> Consensus:
    killed = [i.killed for i in items if i.killed is not None]
    return Consensus(
        date=_voted_date(items),
        place=_voted([_main_town(i) for i in items if _main_town(i)], key=lambda p: p.geonameid),
        killed=_voted_figure(killed),
        injured=_voted_figure([i.injured for i in items if i.injured is not None]),
        killed_range=(min(killed), max(killed)) if killed else None,
    )


def _main_town(item: FusionItem) -> Optional[Place]:
    """The item's main populated place, else its main place of any kind."""
    return next((p for p in item.places if p.feature_class == "P"), item.main_place)


def _voted(values: list, key=lambda v: v):
    """The most frequent value (the earliest seen on a tie); None for no values."""
    if not values:
        return None
    counts = Counter(key(v) for v in values)
    best = max(counts.values())
    return next(v for v in values if counts[key(v)] == best)


def _voted_figure(values: list[int]) -> Optional[int]:
    """The most reported figure; on a tie the higher, since counts grow as victims die."""
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], v))


def _voted_date(items: list[FusionItem]) -> Optional[DateValue]:
    stated = [i.date for i in items if i.stated_day() is not None]
    if stated:
        return _voted(stated, key=lambda d: d.value)
    published = sorted(i.published[:10] for i in items if parse_day(i.published) is not None)
    return DateValue(published[0], "day", source="fuse:earliest-publication", estimated=True) if published else None
