"""Everything one event's page (and its API record) shows: the fused fields with the rules and
source spans behind them, each report and claim side by side, and the source sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from eventfold import review
from eventfold.extract.acled_types import INTER_CODES
from eventfold.model import Article, Claim, Conflict, Correction, Event, EventReport, Provenance, Span
from eventfold.serve.marking import Mark, Segment, excerpt, sentence_bounds
from eventfold.store.db import Store
from eventfold.store.extractions import claims_of_reports, reports_by_id
from eventfold.store.web import claims_by_ids, conflicts_of_event

# The event fields shown, in order, with the leading words of the rules that produce each
# (report rules "actor1:main-clause-subject", fusion rules "fuse:date=most-precise-stated").
FIELD_RULES = (
    ("event_type", ("lexicon", "model", "fuse:type")),
    ("sub_event_type", ("lexicon", "model", "fuse:type")),
    ("date", ("date", "fuse:date")),
    ("place", ("place", "fuse:place")),
    ("actor1", ("actor1", "fuse:actor")),
    ("actor2", ("actor2", "fuse:actor")),
    ("fatalities", ("figure:killed", "fatalities", "fuse:figures")),
    ("wounded", ("wounded", "fuse:figures")),
    ("captured", ("captured", "fuse:figures")),
    ("abducted", ("abducted", "fuse:figures")),
)
# Correction fields (review.EDITABLE_FIELDS) under the name of the event field they change.
CORRECTED_FIELD = {"event_date": "date", "injured": "wounded", "actor1_category": "actor1",
                   "actor2_category": "actor2"}


@dataclass
class Evidence:
    rule: str
    evidence: str
    quote: str = ""  # the text of the span behind the value, when it has one
    article_id: Optional[str] = None
    anchor: str = ""  # the id of the report whose sentence holds it


@dataclass
class FieldRow:
    name: str
    value: str
    fused_by: list[Evidence] = field(default_factory=list)
    read_by: list[Evidence] = field(default_factory=list)
    corrected_by: list[Correction] = field(default_factory=list)


@dataclass
class ReportView:
    report: EventReport
    article: Optional[Article]
    anchor: str
    sentence: list[Segment]
    cut_before: bool
    cut_after: bool


@dataclass
class ClaimView:
    claim: Claim
    article: Optional[Article]
    quote: str
    contradicts: list[str]  # ids of the claims it conflicts with


@dataclass
class EventDetail:
    event: Event
    fields: list[FieldRow]
    reports: list[ReportView]
    claims: list[ClaimView]
    conflicts: list[Conflict]
    corrections: list[Correction]


def event_detail(store: Store, event_id: str) -> Optional[EventDetail]:
    event = review.reviewed_event(store, event_id)
    if event is None:
        return None
    reports = reports_by_id(store, event.report_ids)
    conflicts = conflicts_of_event(store, event.event_id, event.conflict_ids)
    claims = _claims_of(store, event, conflicts)
    wanted = dict.fromkeys([r.article_id for r in reports] + [c.article_id for c in claims])
    articles: dict[str, Optional[Article]] = {a.article_id: a for a in store.articles_by_ids(list(wanted))}
    corrections = review.corrections(store, event.event_id)
    return EventDetail(
        event=event,
        fields=field_rows(event, reports, articles, corrections),
        reports=[_report_view(r, articles.get(r.article_id)) for r in reports],
        claims=_claim_views(claims, conflicts, articles),
        conflicts=conflicts,
        corrections=corrections,
    )


def _claims_of(store: Store, event: Event, conflicts: list[Conflict]) -> list[Claim]:
    found = {c.claim_id: c for c in claims_of_reports(store, event.report_ids)}
    wanted = [i for i in event.claim_ids + [i for c in conflicts for i in c.claim_ids] if i not in found]
    found.update(claims_by_ids(store, wanted))
    return sorted(found.values(), key=lambda c: (c.kind, c.subject, c.article_id, c.span.start))


def field_rows(event: Event, reports: list[EventReport], articles: dict[str, Optional[Article]],
               corrections: list[Correction]) -> list[FieldRow]:
    rows = []
    for name, prefixes in FIELD_RULES:
        row = FieldRow(name, display_value(event, name))
        row.fused_by = _unique([_evidence(p, articles) for p in event.provenance if _matches(p.rule, prefixes, True)])
        row.read_by = _unique([_evidence(p, articles, anchor_of(r)) for r in reports for p in r.provenance
                               if _matches(p.rule, prefixes, False)])
        row.corrected_by = [c for c in corrections if CORRECTED_FIELD.get(c.field or "", c.field) == name]
        rows.append(row)
    return rows


def _unique(found: list[Evidence]) -> list[Evidence]:
    """One line per rule and quoted text (several reports often read a value off the same words)."""
    return list({(e.rule, e.quote or e.evidence): e for e in found}.values())


def _matches(rule: str, prefixes: tuple[str, ...], fused: bool) -> bool:
    return any(rule.startswith(p) for p in prefixes if p.startswith("fuse:") == fused)


def _evidence(provenance: Provenance, articles: dict[str, Optional[Article]], anchor: str = "") -> Evidence:
    span = provenance.span
    return Evidence(provenance.rule, provenance.evidence, span_text(span, articles.get(span.article_id) if span else None),
                    span.article_id if span else None, anchor)


def span_text(span: Optional[Span], article: Optional[Article]) -> str:
    if span is None or article is None:
        return ""
    try:
        return article.part_text(span.part)[span.start:span.end]
    except (KeyError, IndexError, ValueError):
        return ""


def anchor_of(report: EventReport) -> str:
    return f"report-{report.report_id}"


def display_value(event: Event, name: str) -> str:
    """One field of an event as a reader sees it."""
    value = getattr(event, name, None)
    if name == "date":
        return value.value or "" if value else ""
    if name == "place":
        return ", ".join(x for x in (value.name, value.admin1, value.country) if x) if value else (
            event.location_text or "")
    if name in ("actor1", "actor2"):  # with the ACLED category its inter code stands for
        category = INTER_CODES.get(getattr(event, f"inter{name[-1]}"))
        return f"{value} ({category})" if value and category else value or ""
    if name in ("fatalities", "wounded", "captured", "abducted"):
        if value is None or value.value is None:
            return ""
        spread = f" (sources: {value.low}–{value.high})" if value.low != value.high else ""
        return f"{value.value}{spread}"
    return "" if value is None else str(value)


def _report_view(report: EventReport, article: Optional[Article]) -> ReportView:
    """The report with the sentence that states it highlighted in its article's text."""
    text = article.part_text(report.span.part) if article else ""
    start, end = sentence_bounds(text, report.span.start, report.span.end) if text else (0, 0)
    mark = Mark(start, end, "source", f"source of report {report.report_id}", anchor_of(report))
    segments, before, after = excerpt(text, mark) if text else ([], False, False)
    return ReportView(report, article, anchor_of(report), segments, before, after)


def _claim_views(claims: list[Claim], conflicts: list[Conflict],
                 articles: dict[str, Optional[Article]]) -> list[ClaimView]:
    against: dict[str, list[str]] = {}
    for conflict in conflicts:
        for claim_id in conflict.claim_ids:
            against.setdefault(claim_id, []).extend(i for i in conflict.claim_ids if i != claim_id)
    return [ClaimView(c, articles.get(c.article_id), span_text(c.span, articles.get(c.article_id)),
                      sorted(set(against.get(c.claim_id, [])))) for c in claims]
