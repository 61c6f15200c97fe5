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
from eventfold.store.fusion import conflicts, conflicts_with, event_of_reports, events


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


def load_dataset(store: Store, min_confidence: Optional[float] = None) -> Dataset:
    """The whole dataset; only the events whose confidence reaches `min_confidence` (all when None)."""
    return Dataset(
        events=[e for e in events(store) if confident(e.confidence, min_confidence)],
        claims=list(stored_claims(store)),
        conflicts=conflicts(store),
        articles=list(store.articles()),
        entities=list(stored_entities(store)),
        quotes=list(stored_quotes(store)),
        event_of_report=event_of_reports(store),
        conflicts_with=conflicts_with(store),
    )


def event_reports(store: Store, article_id: Optional[str] = None, include_all: bool = False,
                  min_confidence: Optional[float] = None) -> Iterator[EventReport]:
    """Stored event reports (see `extractions.event_reports`) whose confidence reaches `min_confidence`."""
    return (r for r in stored_reports(store, article_id, include_all) if confident(r.confidence, min_confidence))
