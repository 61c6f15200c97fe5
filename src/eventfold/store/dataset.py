"""Everything the exports and the brief read, loaded from the store in one go."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventfold.model import Article, Claim, Conflict, Entity, Event, Quote
from eventfold.store.annotations import entities as stored_entities
from eventfold.store.db import Store
from eventfold.store.extractions import claims as stored_claims
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


def load_dataset(store: Store) -> Dataset:
    return Dataset(
        events=list(events(store)),
        claims=list(stored_claims(store)),
        conflicts=conflicts(store),
        articles=list(store.articles()),
        entities=list(stored_entities(store)),
        quotes=list(stored_quotes(store)),
        event_of_report=event_of_reports(store),
        conflicts_with=conflicts_with(store),
    )
