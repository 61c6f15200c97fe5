"""From clusters to events: the values a cluster of reports agrees on.

`fuse_reports` turns event reports into `Event`s: each report becomes an item (its own date,
place and figures; the words and names of its paragraph), items are clustered, and each
cluster's values are voted: the most-reported day, place, type and actors, and for the
killed count the most-reported figure with the range of all figures (contested when they
differ). `consensus` does the same vote over any cluster of items (documents or reports).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional

from eventfold.fuse.cluster import cluster_documents
from eventfold.fuse.features import FusionItem, item_from_article, parse_day
from eventfold.model import Annotations, Article, Claim, DateValue, Event, EventReport, Place


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


def fuse_reports(reports: Iterable[EventReport], articles: Iterable[Article], annotations: Iterable[Annotations],
                 claims: Iterable[Claim] = ()) -> list[Event]:
    """One Event per cluster of reports telling the same real event."""
    article_by_id = {a.article_id: a for a in articles}
    annotations_by_id = {a.article_id: a for a in annotations}
    reports = [r for r in reports if r.article_id in article_by_id]
    items = [report_item(r, article_by_id[r.article_id], annotations_by_id.get(r.article_id)) for r in reports]
    by_id = {r.report_id: r for r in reports}
    item_by_id = {i.item_id: i for i in items}
    claims_by_report: dict[str, list[str]] = {}
    for claim in claims:
        if claim.event_report_id:
            claims_by_report.setdefault(claim.event_report_id, []).append(claim.claim_id)
    events = []
    for number, ids in enumerate(cluster_documents(items)):
        events.append(_event(f"event-{number + 1}", [by_id[i] for i in ids], [item_by_id[i] for i in ids],
                             claims_by_report))
    return events


def report_item(report: EventReport, article: Article, annotations: Optional[Annotations]) -> FusionItem:
    """A report as an item: its own date, place and figures, the words and names of its paragraph."""
    start, end = _paragraph_bounds(article, report)
    item = item_from_article(article, _within(annotations, report.span.part, start, end), [report])
    item.item_id = report.report_id
    item.text = f"{article.title or ''}\n{article.part_text(report.span.part)[start:end]}"
    if report.place is not None:
        item.places = [report.place] + [p for p in item.places if p.geonameid != report.place.geonameid]
    return item


def _paragraph_bounds(article: Article, report: EventReport) -> tuple[int, int]:
    text = article.part_text(report.span.part)
    start = text.rfind("\n", 0, report.span.start) + 1
    end = text.find("\n", report.span.end)
    return start, end if end >= 0 else len(text)


def _within(annotations: Optional[Annotations], part: str, start: int, end: int) -> Optional[Annotations]:
    """The names of the report's paragraph only (names elsewhere may belong to other events)."""
    if annotations is None:
        return None
    inside = [m for m in annotations.mentions if m.span.part == part and start <= m.span.start < end]
    return Annotations(article_id=annotations.article_id, mentions=inside, entities=annotations.entities,
                       places=annotations.places, times=annotations.times)


def _event(event_id: str, reports: list[EventReport], items: list[FusionItem], claims_by_report) -> Event:
    agreed = consensus(items)
    kind = _voted([(r.event_type, r.sub_event_type) for r in reports]) or ("", "")
    return Event(
        event_id=event_id,
        report_ids=[r.report_id for r in reports],
        article_ids=list(dict.fromkeys(r.article_id for r in reports)),
        event_type=kind[0],
        sub_event_type=kind[1],
        date=agreed.date,
        place=agreed.place,
        actor1=_voted([r.actor1 for r in reports if r.actor1]),
        actor2=_voted([r.actor2 for r in reports if r.actor2]),
        fatalities=agreed.killed,
        fatalities_range=agreed.killed_range,
        contested=bool(agreed.killed_range and agreed.killed_range[0] != agreed.killed_range[1]),
        claim_ids=[c for r in reports for c in claims_by_report.get(r.report_id, [])],
    )
