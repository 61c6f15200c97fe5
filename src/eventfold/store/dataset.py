"""Everything the exports and the brief read, loaded from the store in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

from eventfold.model import Article, Claim, Conflict, Entity, Event, EventReport, Quote
from eventfold.store.annotations import entities as stored_entities
from eventfold.store.db import Store
from eventfold.store.extractions import claims as stored_claims
from eventfold.store.extractions import event_reports as stored_reports
from eventfold.store.extractions import quotes as stored_quotes
from eventfold.store.fusion import conflicts, conflicts_with, event_of_reports


@dataclass
class Dataset:
    events: list[Event]
    claims: list[Claim]
    conflicts: list[Conflict]
    articles: list[Article]
    entities: list[tuple[Entity, int]]  # with the number of mentions
    quotes: list[Quote]
    event_of_report: dict[str, str] = field(default_factory=dict)
    conflicts_with: dict[str, list[str]] = field(default_factory=dict)  # claim id → claim ids

    def event_of_claim(self, claim: Claim) -> str | None:
        return self.event_of_report.get(claim.event_report_id) if claim.event_report_id else None


def confident(confidence: Optional[float], min_confidence: Optional[float]) -> bool:
    """Whether a report or event reaches the threshold: the one place `--min-confidence` filters.
    A record without a confidence (stored before the event-or-not decision) is not hidden."""
    return min_confidence is None or confidence is None or confidence >= min_confidence


def load_dataset(store: Store, min_confidence: Optional[float] = None, include_rejected: bool = False,
                 scope: str = "acled") -> Dataset:
    """The whole dataset; only the events whose confidence reaches `min_confidence` (all when None).
    Events are the machine's with the analysts' corrections applied (review/); rejected ones are
    left out unless `include_rejected`. `scope` "acled" (the default) leaves out occurrences ACLED
    does not code, "all" keeps them (export/scope.py)."""
    from eventfold.export.scope import in_scope
    from eventfold.review.apply import in_date_order, review_all

    reviewed = review_all(store)
    found = _reviewed_conflicts(conflicts(store), reviewed)
    return Dataset(
        events=[e for e in in_date_order(reviewed.events.values())
                if confident(e.confidence, min_confidence) and (include_rejected or not e.rejected)
                and in_scope(e.event_type, scope)],
        claims=list(stored_claims(store)),
        conflicts=found,
        articles=list(store.articles()),
        entities=list(stored_entities(store)),
        quotes=list(stored_quotes(store)),
        event_of_report=event_of_reports(store) | reviewed.event_of_report,
        conflicts_with=_claims_at_odds(found) if reviewed.refused else conflicts_with(store),
    )


def _reviewed_conflicts(stored: list[Conflict], reviewed) -> list[Conflict]:
    """The stored conflicts, with those within events a merge or move re-formed replaced by the
    conflicts among their new members' claims."""
    from eventfold.fuse.conflicts import SUBJECT_KINDS

    if not reviewed.refused:
        return stored
    kept = [c for c in stored if c.kind in SUBJECT_KINDS or c.event_id not in reviewed.refused]
    return kept + reviewed.new_conflicts


def _claims_at_odds(found: list[Conflict]) -> dict[str, list[str]]:
    """claim id → the other claims it conflicts with, over these conflicts (`fusion.conflicts_with`
    reads the stored ones; a merge or move made by an analyst changes them)."""
    at_odds: dict[str, list[str]] = {}
    for conflict in found:
        for claim_id in conflict.claim_ids:
            others = at_odds.setdefault(claim_id, [])
            others.extend(o for o in conflict.claim_ids if o != claim_id and o not in others)
    return at_odds


def event_reports(store: Store, article_id: Optional[str] = None, include_all: bool = False,
                  min_confidence: Optional[float] = None, scope: str = "all") -> Iterator[EventReport]:
    """Stored event reports (see `extractions.event_reports`) whose confidence reaches `min_confidence`
    and whose type is in `scope` (export/scope.py)."""
    from eventfold.export.scope import in_scope

    return (r for r in stored_reports(store, article_id, include_all)
            if confident(r.confidence, min_confidence) and in_scope(r.event_type, scope))
