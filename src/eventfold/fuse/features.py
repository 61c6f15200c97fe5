"""What fusion knows about one document (or one report): a `FusionItem` and how to build it.

An item is the record the fusion stage compares: when the event happened, where, who took part,
how many were killed and injured, which names are mentioned, and the text itself. It is built
from an ingested `Article`, its `Annotations` and, when extraction ran, its `EventReport`s;
nothing else is needed, so fusion can run over stored records without re-parsing anything.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional, Union

from eventfold.model import Annotations, Article, DateValue, EventReport, Place

# Modalities that describe something that happened (not a threat, a plan or an old story).
FACTUAL_MODALITIES = ("actual",)
# Mention labels whose names identify an event's participants (people and organisations).
NAME_LABELS = ("PERSON", "ORG", "GROUP")


@dataclass
class FusionItem:
    """One document's (or one report's) evidence about the event it tells."""

    item_id: str
    text: str
    date: Optional[DateValue] = None  # the event date as the document tells it
    published: Optional[str] = None  # ISO publication date, the fallback anchor
    places: list[Place] = field(default_factory=list)  # most-mentioned first
    actors: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # lower-cased names of people and organisations
    killed: Optional[int] = None
    injured: Optional[int] = None
    family: Optional[str] = None  # ACLED event type of the main report
    report_ids: list[str] = field(default_factory=list)

    def day(self) -> Optional[int]:
        """The event day as a proleptic ordinal (the publication day when no event day is stated)."""
        stated = self.stated_day()
        return stated if stated is not None else parse_day(self.published)

    def stated_day(self) -> Optional[int]:
        """The event day the text states; None for none or an estimate (e.g. the publication day)."""
        if self.date is None or self.date.estimated or self.date.precision != "day":
            return None
        return parse_day(self.date.value)

    @property
    def main_place(self) -> Optional[Place]:
        return self.places[0] if self.places else None


def parse_day(value: Union[str, DateValue, None]) -> Optional[int]:
    """Day ordinal of an ISO date ("2014-01-28", "2014-01-28T10:00"); None when not a day."""
    if isinstance(value, DateValue):
        value = value.value
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).toordinal()
    except ValueError:
        return None


def item_from_article(article: Article, annotations: Optional[Annotations] = None,
                      reports: Iterable[EventReport] = ()) -> FusionItem:
    """Gather one article's fusion evidence from its text, annotations and event reports."""
    reports = [r for r in reports if r.modality in FACTUAL_MODALITIES]
    return FusionItem(
        item_id=article.article_id,
        text=f"{article.title or ''}\n{article.text}",
        date=_event_date(reports),
        published=article.published if article.published_precision in (None, "day", "minute", "second", "hour")
        else None,
        places=_places(annotations, reports),
        actors=_actors(reports),
        entities=_names(annotations),
        killed=_largest(r.fatalities for r in reports),
        injured=_largest(r.wounded for r in reports),
        family=_main_family(reports),
        report_ids=[r.report_id for r in reports],
    )


def _event_date(reports: list[EventReport]) -> Optional[DateValue]:
    """The day most reports agree on (the first report's on a tie)."""
    days = [r.date for r in reports if r.date is not None and r.date.value and r.date.precision == "day"]
    if not days:
        return None
    counts = Counter(d.value for d in days)
    best = max(counts.values())
    return next(d for d in days if counts[d.value] == best)


def _places(annotations: Optional[Annotations], reports: list[EventReport]) -> list[Place]:
    """Places ordered by weight: a report's place counts double a bare mention."""
    weights: Counter = Counter()
    by_id: dict[int, Place] = {}
    order: dict[int, int] = {}
    mentions = [(m.place, 1) for m in (annotations.places if annotations else []) if m.place is not None]
    for place, weight in [(r.place, 2) for r in reports if r.place is not None] + mentions:
        by_id.setdefault(place.geonameid, place)
        order.setdefault(place.geonameid, len(order))
        weights[place.geonameid] += weight
    ranked = sorted(weights, key=lambda gid: (-weights[gid], order[gid]))
    return [by_id[gid] for gid in ranked]


def _actors(reports: list[EventReport]) -> list[str]:
    names = [n for r in reports for n in (r.actor1, r.actor2) if n]
    return list(dict.fromkeys(names))


def _names(annotations: Optional[Annotations]) -> list[str]:
    """Canonical names of the people and organisations mentioned, lower-cased, once each."""
    if annotations is None:
        return []
    canonical = {e.entity_id: e.name for e in annotations.entities}
    names = [canonical.get(m.entity_id, m.text) if m.entity_id else m.text
             for m in annotations.mentions if m.label in NAME_LABELS]
    return list(dict.fromkeys(normalise_name(n) for n in names if n.strip()))


def normalise_name(name: str) -> str:
    return re.sub(r"[^\w ]+", "", re.sub(r"'s$", "", name.strip())).lower().strip()


def _largest(quantities) -> Optional[int]:
    values = [q.conservative for q in quantities if q is not None and q.conservative is not None]
    return max(values) if values else None


def _main_family(reports: list[EventReport]) -> Optional[str]:
    counts = Counter(r.event_type for r in reports if r.event_type)
    return counts.most_common(1)[0][0] if counts else None
