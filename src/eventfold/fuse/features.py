"""What fusion knows about one document (or one report): a `FusionItem` and how to build it.

An item is the record the fusion stage compares: when the event happened, where, who took part,
how many were killed and injured, which names are mentioned (and how often), the headline, the
text itself, and whether the story is a follow-up (an arrest, a trial), whose stated day is
then the development's rather than the event's. The event day is the reports' agreed day, else
the first day the story names in the week before publication. It is built
from an ingested `Article`, its `Annotations` and, when extraction ran, its `EventReport`s;
nothing else is needed, so fusion can run over stored records without re-parsing anything.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional, Union

from eventfold.model import PART_TEXT, PART_TITLE, Annotations, Article, DateValue, EventReport, Place, PlaceMention

# Modalities that describe something that happened (not a threat, a plan or an old story).
FACTUAL_MODALITIES = ("actual",)
# Mention labels whose names identify an event's participants (people and organisations).
NAME_LABELS = ("PERSON", "ORG", "GROUP")
# How many days before publication a named day may lie and still be taken for the event's day.
RECENT_DAYS = 7
# Weight of the dateline's place ("DAYTON, Ohio —"), against 2 for a report's place and 1 for a
# mention: the outlet says where the story happened (dev: GVA per-incident city 0.620 with no
# extra weight, 0.635 at 3, 0.640 at 5 and above).
DATELINE_WEIGHT = 5
# How far into the story text a dateline can be (captions and bylines of web dumps come first).
DATELINE_ZONE = 200


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
    # How often each of those names is mentioned: the event's main participants are named most.
    mention_counts: dict[str, int] = field(default_factory=dict)
    killed: Optional[int] = None
    injured: Optional[int] = None
    family: Optional[str] = None  # ACLED event type of the main report
    report_ids: list[str] = field(default_factory=list)
    title: str = ""  # the headline: the densest statement of what happened
    follow_up: bool = False  # the story reports a later development (arrest, charge, trial, death in hospital)

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
    mention_counts = _name_counts(annotations)
    return FusionItem(
        item_id=article.article_id,
        text=f"{article.title or ''}\n{article.text}",
        date=_best_date(_event_date(reports), _recent_time_mention(annotations, article.published)),
        published=article.published if article.published_precision in (None, "day", "minute", "second", "hour")
        else None,
        places=_places(annotations, reports, article.dateline),
        actors=_actors(reports),
        entities=list(mention_counts),
        mention_counts=mention_counts,
        killed=_largest(r.fatalities for r in reports),
        injured=_largest(r.wounded for r in reports),
        family=_main_family(reports),
        report_ids=[r.report_id for r in reports],
        title=article.title or "",
        follow_up=tells_follow_up(article.title or "", article.text),
    )


# Words of the steps that follow an event in the news: arrests, charges, court, later deaths, mourning.
FOLLOW_UP_RE = re.compile(
    r"\b(arrest(?:s|ed)?|charg(?:e|es|ed)|indict(?:ed|ment)|arraign(?:ed|ment)?|sentenc(?:e|ed|ing)|plead(?:s|ed)?|"
    r"plea|guilty|convict(?:ed|ion)|trial|jury|court|bond|bail|custody|lawsuit|sues?|sued|"
    r"identif(?:y|ies|ied)|dies|died|funeral|vigil|memorial|mourn(?:s|ed)?|remember(?:s|ed)?)\b", re.IGNORECASE)
# How much of the story's start is read for them, with the headline (a lead says what the story is
# about). Dev: the headline alone (0) found too few, costing GVA 0.005 B3 and ECB+ 0.014.
FOLLOW_UP_LEAD = 300


def tells_follow_up(title: str, text: str) -> bool:
    """Does the headline or lead tell of a development after the event (its stated day is then not the event's)?"""
    return bool(FOLLOW_UP_RE.search(f"{title}\n{text[:FOLLOW_UP_LEAD]}"))


def _event_date(reports: list[EventReport]) -> Optional[DateValue]:
    """The day most reports agree on (the first report's on a tie)."""
    days = [r.date for r in reports if r.date is not None and r.date.value and r.date.precision == "day"]
    if not days:
        return None
    counts = Counter(d.value for d in days)
    best = max(counts.values())
    return next(d for d in days if counts[d.value] == best)


def _best_date(reported: Optional[DateValue], mentioned: Optional[DateValue]) -> Optional[DateValue]:
    """The reports' day unless it is only an estimate (the publication day), then the day the story names."""
    if reported is not None and not reported.estimated:
        return reported
    return mentioned or reported


def _recent_time_mention(annotations: Optional[Annotations], published: Optional[str]) -> Optional[DateValue]:
    """The first day the story names within the week before its publication ("Saturday night", "on Jan. 3").

    News tells of the event before its developments, and a day named in the days before publication is
    most often the event's (GVA dev: right for 3 stories in 4 without an event report's day, against 2 in 5
    for the publication day; per-incident date accuracy 0.59 -> 0.69).
    """
    anchor = parse_day(published)
    if annotations is None or anchor is None:
        return None
    reading_order = {PART_TITLE: 0, PART_TEXT: 1}  # then the captions
    ordered = sorted(annotations.times, key=lambda t: (reading_order.get(t.span.part, 2), t.span.start))
    for mention in ordered:
        day = parse_day(mention.value.value) if mention.value.precision == "day" else None
        if day is not None and anchor - RECENT_DAYS <= day <= anchor:
            return DateValue(mention.value.value[:10], "day", source="fuse:recent-time-mention")
    return None


def _places(annotations: Optional[Annotations], reports: list[EventReport],
            dateline: Optional[str] = None) -> list[Place]:
    """Places ordered by weight: the dateline's place first, then a report's place counts double a bare mention."""
    weights: Counter = Counter()
    by_id: dict[int, Place] = {}
    order: dict[int, int] = {}
    mentions = [(m.place, DATELINE_WEIGHT if _in_dateline(m, dateline) else 1)
                for m in (annotations.places if annotations else []) if m.place is not None]
    for place, weight in [(r.place, 2) for r in reports if r.place is not None] + mentions:
        by_id.setdefault(place.geonameid, place)
        order.setdefault(place.geonameid, len(order))
        weights[place.geonameid] += weight
    ranked = sorted(weights, key=lambda gid: (-weights[gid], order[gid]))
    return [by_id[gid] for gid in ranked]


def _in_dateline(mention: PlaceMention, dateline: Optional[str]) -> bool:
    return (bool(dateline) and mention.span.part == PART_TEXT and mention.span.start < DATELINE_ZONE
            and mention.text.lower() == dateline.lower())


def _actors(reports: list[EventReport]) -> list[str]:
    names = [n for r in reports for n in (r.actor1, r.actor2) if n]
    return list(dict.fromkeys(names))


def _name_counts(annotations: Optional[Annotations]) -> dict[str, int]:
    """Canonical names of the people and organisations mentioned, lower-cased, with their mention counts
    (in order of first mention)."""
    if annotations is None:
        return {}
    canonical = {e.entity_id: e.name for e in annotations.entities}
    names = [canonical.get(m.entity_id, m.text) if m.entity_id else m.text
             for m in annotations.mentions if m.label in NAME_LABELS]
    counts: dict[str, int] = {}
    for name in (normalise_name(n) for n in names if n.strip()):
        if name:
            counts[name] = counts.get(name, 0) + 1
    return counts


def normalise_name(name: str) -> str:
    return re.sub(r"[^\w ]+", "", re.sub(r"'s$", "", name.strip())).lower().strip()


def _largest(quantities) -> Optional[int]:
    values = [q.conservative for q in quantities if q is not None and q.conservative is not None]
    return max(values) if values else None


def _main_family(reports: list[EventReport]) -> Optional[str]:
    counts = Counter(r.event_type for r in reports if r.event_type)
    return counts.most_common(1)[0][0] if counts else None
