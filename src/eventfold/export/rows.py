"""Flat rows of the records, with ACLED's column names where ACLED has a column.

One place defines the field names that `eventfold events|claims|quotes --json` print and the
exports write, so the command line and the files always agree (see docs/schema.md).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Optional

from eventfold.extract.acled_types import interaction_code
from eventfold.model import Article, Claim, EventReport, Quantity, Quote


def quantity_value(quantity: Optional[Quantity]) -> Optional[int]:
    """ACLED's figure: the most conservative number a report gives."""
    return quantity.conservative if quantity else None


def report_row(report: EventReport, article: Optional[Article] = None) -> dict:
    place = report.place
    return {
        "report_id": report.report_id,
        "article_id": report.article_id,
        "event_date": report.date.value if report.date else None,
        "time_precision": report.time_precision,
        "event_type": report.event_type,
        "sub_event_type": report.sub_event_type,
        "actor1": report.actor1,
        "assoc_actor_1": report.assoc_actor_1,
        "inter1": report.inter1,
        "actor2": report.actor2,
        "assoc_actor_2": report.assoc_actor_2,
        "inter2": report.inter2,
        "interaction": interaction_code(report.inter1, report.inter2 or 0) if report.inter1 else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "location": place.name if place else report.location_text,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "source": article.outlet if article else None,
        "notes": _note(report, article),
        "fatalities": quantity_value(report.fatalities),
        "wounded": quantity_value(report.wounded),
        "captured": quantity_value(report.captured),
        "abducted": quantity_value(report.abducted),
        "claimant": report.claimant,
        "certainty": report.certainty,
        "modality": report.modality,
        "plover_type": report.plover_type,
        "plover_mode": report.plover_mode,
        "span": _span(report.span),
        "provenance": [{"rule": p.rule, "span": _span(p.span), "evidence": p.evidence} for p in report.provenance],
    }


def _note(report: EventReport, article: Optional[Article]) -> str:
    if article is None:
        return report.trigger
    return article.part_text(report.span.part)[report.span.start : report.span.end].strip()


def _span(span) -> Optional[dict]:
    return {"article_id": span.article_id, "part": span.part, "start": span.start, "end": span.end} if span else None


def claim_row(claim: Claim, event_id: Optional[str] = None, conflicts_with: Optional[list[str]] = None) -> dict:
    return {
        "claim_id": claim.claim_id,
        "event_id": event_id,
        "report_id": claim.event_report_id,
        "subject": claim.subject,
        "kind": claim.kind,
        "value": claim.value,
        "claimant": claim.claimant,
        "polarity": claim.polarity,
        "certainty": claim.certainty,
        "article_id": claim.article_id,
        "span": _span(claim.span),
        "rule": claim.rule,
        "conflicts_with": conflicts_with or [],
    }


def quote_row(quote: Quote) -> dict:
    row = asdict(quote)
    row["span"] = _span(quote.span)
    return row
