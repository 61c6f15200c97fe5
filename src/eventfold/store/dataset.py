"""What the exports, the brief and `events --fused` read from the store.

`load_dataset` loads everything in one go (the evaluations, the Python API). The commands read only
what they show (`shown`): the events that pass the threshold, scope and analysts' corrections, in
date order, page by page with the claims, conflicts and article headers their rows cite, through
indexed lookups; memory and time follow what is shown, not the size of the store.
"""

from __future__ import annotations

import heapq
import itertools
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from eventfold.model import (Article, Claim, Conflict, DateValue, Entity, Event, EventReport, Figure, Place, Quote,
                             Span, first_day_of)
from eventfold.store.annotations import entities as stored_entities
from eventfold.store.db import Store
from eventfold.store.event_rows import (conflict_keys, events_sharing_conflicts, queue_other_versions, queued_events,
                                        queued_rows_owed, save_rows, shown_machine_rows)
from eventfold.store.extractions import claims as stored_claims
from eventfold.store.extractions import event_reports as stored_reports
from eventfold.store.extractions import quotes as stored_quotes
from eventfold.store.extractions import claim_from_dict
from eventfold.store.fusion import conflicts, conflicts_with, event_from_dict, event_of_reports


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


# ---------------------------------------------------------------- what a command shows

# Events read, and turned into rows, per page with the records they cite.
EVENT_PAGE = 500
# The facets keep an event's confidence as SQLite parsed it from the record's JSON: the SQL filter
# keeps a hair below the threshold and the exact test (`confident`) is made on the record itself.
_CONFIDENCE_SLACK = 1e-9


@dataclass
class Shown:
    """The fused events a command shows — confidence at or above `min_confidence`, in `scope`,
    not rejected unless `include_rejected`, with the analysts' corrections — in date order.

    Events no correction touches are filtered, ordered and read in SQL (event_facets); the few a
    correction touches are replayed in memory (review/apply.py `review_touched`) and merged in."""

    store: Store
    min_confidence: Optional[float] = None
    include_rejected: bool = False
    scope: str = "acled"

    def __post_init__(self) -> None:
        from eventfold.export.scope import in_scope
        from eventfold.review.apply import review_touched

        in_scope(None, self.scope)  # an unknown scope fails here, before any read
        self.reviewed = review_touched(self.store)

    def shows(self, event: Event) -> bool:
        from eventfold.export.scope import in_scope

        return (confident(event.confidence, self.min_confidence) and (self.include_rejected or not event.rejected)
                and in_scope(event.event_type, self.scope))

    def events(self) -> Iterator[Event]:
        corrected = [e for e in self.reviewed.events.values() if self.shows(e)]
        machine = (e for page in self._machine_pages() for e in page if self.shows(e))
        return heapq.merge(sorted(corrected, key=date_order), machine, key=date_order)

    def pages(self, size: int = EVENT_PAGE) -> Iterator[Dataset]:
        """The events in pages of `size`, each a Dataset holding what `export.rows.event_rows` reads of
        them: the page's events, their conflicts with those conflicts' claims, their articles' headers
        (no entities, quotes, text, nor the claims an event only lists by id)."""
        page: list[Event] = []
        for event in self.events():
            page.append(event)
            if len(page) == size:
                yield self._page(page)
                page = []
        if page:
            yield self._page(page)

    def row_texts(self) -> Iterator[str]:
        """The rows `export.rows.event_rows` makes of the shown events, in date order, each as JSON text
        (`export.rows.row_text`): the machine's events' rows as fusion stored them (store/event_rows.py),
        the corrected events' and any without a stored row of this code made here."""
        corrected = self.corrected()
        made = (keyed for start in range(0, len(corrected), EVENT_PAGE)
                for keyed in self._made_row_texts(corrected[start:start + EVENT_PAGE]))
        return (text for _, text in heapq.merge(made, self._machine_row_texts(), key=lambda keyed: keyed[0]))

    def _made_row_texts(self, events: list[Event]) -> list[tuple[tuple, str]]:
        """(date order, row text) of these events, their rows made now."""
        from eventfold.export.rows import event_rows, row_text

        return [(date_order(e), row_text(row)) for e, row in zip(events, event_rows(self._page(events)))]

    def _machine_row_texts(self) -> Iterator[tuple[tuple, str]]:
        """(date order, row text) of the machine's shown events no correction touches, a page at a time:
        the stored rows, and those owed (none of this code's version, or a correction bears on it) made now."""
        from eventfold.export.rows import event_row_version

        where, values = self.machine_filter()
        rows = shown_machine_rows(self.store, where, values, event_row_version())
        unsure = self._rows_a_correction_bears_on()
        while page := list(itertools.islice(rows, EVENT_PAGE)):
            owed = {event_id for event_id, _, _, _, text in page if text is None or event_id in unsure}
            shown = [e for e in machine_events_by_ids(self.store, sorted(owed)) if self.shows(e)] if owed else []
            made = {key[2]: text for key, text in self._made_row_texts(shown)} if shown else {}
            for event_id, event_date, confidence, rejected, text in page:
                key = (event_date is None, event_date or "", event_id)  # `date_order` of the event
                if event_id in made:
                    yield key, made[event_id]
                elif event_id not in owed and self._stored_row_shown(confidence, rejected):
                    yield key, text

    def _stored_row_shown(self, confidence: Optional[float], rejected: int) -> bool:
        """`shows` on a stored row's event (its type is tested exactly in SQL: `machine_filter`)."""
        return confident(confidence, self.min_confidence) and (self.include_rejected or not rejected)

    def _rows_a_correction_bears_on(self) -> set[str]:
        """Machine events whose row a correction changes though it touches no event of theirs: those
        sharing a conflict the replay dropped (one within an event it re-formed) or made again
        (`_reviewed_conflicts`); their rows are made here."""
        from eventfold.fuse.conflicts import SUBJECT_KINDS

        if not self.reviewed.refused:
            return set()
        keys = conflict_keys(self.store, [c.conflict_id for c in self.reviewed.new_conflicts],
                             sorted(self.reviewed.refused), SUBJECT_KINDS)
        return events_sharing_conflicts(self.store, keys)

    def all_conflicts(self) -> list[Conflict]:
        """Every conflict, as `load_dataset` lists them."""
        return _reviewed_conflicts(conflicts(self.store), self.reviewed)

    def claims_at_odds(self, found: list[Conflict]) -> dict[str, list[str]]:
        """claim id → the claims it conflicts with (`Dataset.conflicts_with`); `found`: `all_conflicts()`."""
        return _claims_at_odds(found) if self.reviewed.refused else conflicts_with(self.store)

    def event_of_report(self) -> dict[str, str]:
        """report id → the event holding it now (`Dataset.event_of_report`)."""
        return event_of_reports(self.store) | self.reviewed.event_of_report

    def _page(self, events: list[Event]) -> Dataset:
        return event_page(self.store, events, self.reviewed)

    def _machine_pages(self) -> Iterator[list[Event]]:
        """The machine's events no correction touches that may pass the filters, in date order,
        a page at a time, with their conflicts (as `fusion.events` reads them)."""
        where, values = self.machine_filter()
        ids = [row[0] for row in self.store.connection.execute(
            f"SELECT f.event_id FROM event_facets f WHERE {where}"
            " ORDER BY f.event_date IS NULL, f.event_date, f.event_id", values)]
        for start in range(0, len(ids), EVENT_PAGE):
            yield machine_events_by_ids(self.store, ids[start:start + EVENT_PAGE])

    def machine_filter(self) -> tuple[str, list]:
        """The SQL condition (over `event_facets f`) and its values that keep the machine's events no
        correction touches and that may pass the filters (`shows` makes the exact test)."""
        from eventfold.extract.occurrences import OTHER

        where, values = ["f.event_id NOT IN (SELECT value FROM json_each(?))"], [json.dumps(sorted(self._replayed()))]
        if self.min_confidence is not None:
            where.append("(f.confidence IS NULL OR f.confidence >= ?)")
            values.append(self.min_confidence - _CONFIDENCE_SLACK)
        if self.scope == "acled":
            where.append("f.event_type != ?")
            values.append(OTHER)
        return " AND ".join(where), values

    def corrected(self) -> list[Event]:
        """The shown events a correction touches (replayed in memory), in date order."""
        return sorted((e for e in self.reviewed.events.values() if self.shows(e)), key=date_order)

    def count(self) -> int:
        """How many events are shown (the SQL filter's count: its confidence test keeps a hair below
        the threshold, see _CONFIDENCE_SLACK)."""
        where, values = self.machine_filter()
        machine = self.store.connection.execute(f"SELECT count(*) FROM event_facets f WHERE {where}", values)
        return machine.fetchone()[0] + len(self.corrected())

    def latest(self, limit: int) -> list[Event]:
        """The `limit` last shown events in date order (undated ones count as last), in date order."""
        where, values = self.machine_filter()
        ids = [row[0] for row in self.store.connection.execute(
            f"SELECT f.event_id FROM event_facets f WHERE {where}"
            " ORDER BY f.event_date IS NULL DESC, f.event_date DESC, f.event_id DESC LIMIT ?", [*values, limit])]
        machine = [e for e in machine_events_by_ids(self.store, ids) if self.shows(e)]
        return sorted(self.corrected() + machine, key=date_order)[-limit:] if limit > 0 else []

    def _replayed(self) -> set[str]:
        """Events the replay read, made or dropped: the SQL side leaves them to it."""
        return set(self.reviewed.events) | self.reviewed.base | self.reviewed.refused | set(self.reviewed.redirects)


def machine_events_by_ids(store: Store, ids: list[str]) -> list[Event]:
    """The machine's events with these ids, in this order, with their conflicts (as `fusion.events`
    reads them); one a concurrent fusion dropped is left out."""
    from eventfold.store.review import conflict_ids_of_events

    records = dict(store.connection.execute(
        "SELECT event_id, record FROM events WHERE event_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)))
    conflicts_of = conflict_ids_of_events(store, ids)
    events = []
    for event_id in (i for i in ids if i in records):
        event = event_from_dict(json.loads(records[event_id]))
        event.conflict_ids = conflicts_of.get(event_id, [])
        event.contested = bool(event.conflict_ids)
        events.append(event)
    return events


def refresh_event_rows(store: Store) -> int:
    """Make and store the rows of the queued events (store/event_rows.py): those fusion wrote or
    touched since, or every event when the stored rows are another code's. Each page of rows is one
    transaction; returns how many rows were made."""
    from eventfold.export.rows import event_row_version, event_rows, row_text

    version, made = event_row_version(), 0
    if not queued_rows_owed(store, version):
        return 0
    with store.transaction():
        queue_other_versions(store, version)
    while True:
        with store.transaction():
            queued = queued_events(store, EVENT_PAGE)
            if not queued:
                return made
            events = machine_events_by_ids(store, queued)
            rows = [(e.event_id, e.confidence, e.rejected, row_text(row))
                    for e, row in zip(events, event_rows(event_page(store, events)))]
            save_rows(store, version, rows, queued)
            made += len(rows)


def refresh_event_rows_if_free(store: Store) -> None:
    """`refresh_event_rows` for a command that reads them: done now unless another process is
    writing (or the file cannot be written), when the rows owed are made on the spot instead."""
    from eventfold.store.db import StoreBusy

    try:
        with store.without_waiting():
            refresh_event_rows(store)
    except StoreBusy:
        pass
    except sqlite3.OperationalError as error:  # a read-only file, or a lock met after the first page
        if "readonly" not in str(error) and "locked" not in str(error):
            raise


def event_page(store: Store, events: list[Event], reviewed=None) -> Dataset:
    """What `export.rows.event_rows` reads of these events: the events, their conflicts (`reviewed`:
    with the replay's changes, as `load_dataset` lists them) with those conflicts' claims, and their
    articles' headers. An event row lists its own claims by id (`Event.claim_ids`) and reads whole
    claims only to word its conflicts (export/rows.py `event_row`): only the conflicts' claims are read."""
    conflict_ids = list(dict.fromkeys(i for e in events for i in e.conflict_ids))
    found = conflicts_by_ids(store, conflict_ids)
    if reviewed is not None:
        found = _reviewed_conflicts(found, reviewed)
    by_id = {c.conflict_id: c for c in found}
    cited = dict.fromkeys(i for e in events for c in e.conflict_ids if c in by_id for i in by_id[c].claim_ids)
    return Dataset(events=events, claims=claims_for_rows(store, list(cited)), conflicts=found,
                   articles=list(store.article_headers(sorted({a for e in events for a in e.article_ids}))),
                   entities=[], quotes=[])


def claims_for_rows(store: Store, claim_ids: list[str]) -> list[Claim]:
    """These claims holding what an event row reads of them (export/rows.py `event_row`: id, report,
    kind, subject, value, claimant, polarity, certainty, side), from their columns: the record is not
    parsed in Python (quantity, rule and place are left out)."""
    return [Claim(claim_id, article_id, subject, kind, value, claimant, Span(article_id, start, end, part), polarity,
                  certainty, event_report_id=report_id, side=side)
            for claim_id, article_id, report_id, subject, kind, value, claimant, polarity, certainty, part, start, end,
            side in store.connection.execute(
                "SELECT claim_id, article_id, event_report_id, subject, kind, value, claimant, polarity, certainty, part,"
                " start, end, record ->> '$.side' FROM claims WHERE claim_id IN (SELECT value FROM json_each(?))",
                (json.dumps(claim_ids),))]


def date_order(event: Event) -> tuple:
    """The events' order (review/apply.py `in_date_order`, the events table's index): dated first by
    first day, then by id."""
    day = first_day_of(event.date.value) if event.date and event.date.value else None
    return (day is None, day or "", event.event_id)


def conflicts_by_ids(store: Store, conflict_ids: Iterable[str]) -> list[Conflict]:
    """Stored conflicts with these ids (every scope), ordered as `fusion.conflicts` lists them."""
    return _conflicts_where(store, "conflict_id IN (SELECT value FROM json_each(?))", [json.dumps(list(conflict_ids))])


def conflicts_for_brief(store: Store, event_ids: Iterable[str], unbound_limit: Optional[int] = None) -> list[Conflict]:
    """Stored conflicts of these events and those tied to no event (the first `unbound_limit` of these
    in that order when given), ordered as `fusion.conflicts`."""
    if unbound_limit is None:
        return _conflicts_where(store, "event_id IS NULL OR event_id IN (SELECT value FROM json_each(?))",
                                [json.dumps(list(event_ids))])
    unbound = _conflicts_where(store, "event_id IS NULL", [], unbound_limit)
    bound = _conflicts_where(store, "event_id IN (SELECT value FROM json_each(?))", [json.dumps(list(event_ids))])
    return sorted(unbound + bound, key=lambda c: (c.kind, c.subject, c.conflict_id))


def conflicts_page(store: Store, offset: int, limit: int) -> list[Conflict]:
    """`limit` stored conflicts after the first `offset`, in the order `fusion.conflicts` lists them all."""
    return _conflicts_where(store, "1", [], limit, offset)


def _conflicts_where(store: Store, condition: str, values: list, limit: Optional[int] = None,
                     offset: int = 0) -> list[Conflict]:
    rows = store.connection.execute(
        f"SELECT * FROM conflicts WHERE {condition} ORDER BY kind, subject, conflict_id LIMIT ? OFFSET ?",
        [*values, -1 if limit is None else limit, offset]).fetchall()
    claim_ids: dict[tuple[str, str], list[str]] = {}
    for scope, conflict_id, claim_id in store.connection.execute(
            "SELECT scope, conflict_id, claim_id FROM conflict_claims"
            " WHERE (scope, conflict_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)) ORDER BY claim_id",
            (json.dumps([[row["scope"], row["conflict_id"]] for row in rows]),)):
        claim_ids.setdefault((scope, conflict_id), []).append(claim_id)
    return [Conflict(row["conflict_id"], row["event_id"], row["kind"], row["subject"],
                     claim_ids.get((row["scope"], row["conflict_id"]), []), row["reason"]) for row in rows]


def claims_by_ids(store: Store, claim_ids: list[str]) -> Iterator[Claim]:
    for (record,) in store.rows_in("SELECT record FROM claims WHERE claim_id IN ({marks})", claim_ids):
        yield claim_from_dict(json.loads(record))


def brief_of_shown(shown: Shown, limit: int):
    """What a brief of the shown events reads: everything (`brief_dataset`) when there are at most
    `limit`, else the `limit` latest with the counts over all (`brief_totals`); (Dataset, totals or None)."""
    if shown.count() <= limit:
        return brief_dataset(shown), None
    totals = brief_totals(shown)
    return brief_dataset(shown, limit, actors_of=totals.events), totals


def brief_dataset(shown: Shown, limit: Optional[int] = None, actors_of: Optional[list[Event]] = None) -> Dataset:
    """What a brief of the shown events reads (brief/compose.py): the events (the `limit` latest when
    given); the claims they list, else those of their reports; the conflicts about them or tied to no
    event (at most `limit` of these when given); the headers of every article these cite; the
    canonical actors the actor fields of the events (or of `actors_of`) may name."""
    store = shown.store
    events = list(shown.events()) if limit is None else shown.latest(limit)
    found = _reviewed_conflicts(conflicts_for_brief(store, [e.event_id for e in events], limit), shown.reviewed)
    claims = {c.claim_id: c for c in claims_by_ids(store, list(dict.fromkeys(i for e in events for i in e.claim_ids)))}
    unlisted = [r for e in events if not any(i in claims for i in e.claim_ids) for r in e.report_ids]
    claims.update((c.claim_id, c) for c in claims_of_reports(store, unlisted))
    wanted = dict.fromkeys(i for c in found for i in c.claim_ids if i not in claims)
    claims.update((c.claim_id, c) for c in claims_by_ids(store, list(wanted)))
    ordered = sorted(claims.values(), key=lambda c: (c.article_id, c.span.part, c.span.start))  # as `claims()` lists them
    cited = {a for e in events for a in e.article_ids} | {c.article_id for c in ordered}
    return Dataset(events=events, claims=ordered, conflicts=found, articles=list(store.article_headers(sorted(cited))),
                   entities=[(e, 0) for e in entities_named(store, _actor_names(events if actors_of is None else actors_of))],
                   quotes=[])


def _actor_names(events: list[Event]) -> set[str]:
    from eventfold.brief.compose import ACTOR_ROLES

    return {name.lower() for e in events for attribute, _ in ACTOR_ROLES if (name := getattr(e, attribute))}


def claims_of_reports(store: Store, report_ids: list[str]) -> Iterator[Claim]:
    for (record,) in store.rows_in("SELECT record FROM claims WHERE event_report_id IN ({marks})", report_ids):
        yield claim_from_dict(json.loads(record))


def entities_named(store: Store, names: set[str]) -> list[Entity]:
    """The canonical entities with a mention whose id, name or an alias is one of `names` (lower
    case), in the order `annotations.entities` lists them (most mentioned first, then by name)."""
    found = []
    for row in store.connection.execute("SELECT * FROM entities"):
        aliases = json.loads(row["aliases"])
        if any(key.lower() in names for key in (row["entity_id"], row["name"], *aliases)):
            found.append(Entity(row["entity_id"], row["name"], row["type"], row["category"], aliases,
                                row["description"], row["country"], row["category_source"]))
    mentions = dict(store.connection.execute(
        "SELECT entity_id, count(*) FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))"
        " GROUP BY entity_id", (json.dumps([e.entity_id for e in found]),)))
    return sorted((e for e in found if mentions.get(e.entity_id)),
                  key=lambda e: (-mentions[e.entity_id], e.name, e.entity_id))


# ---------------------------------------------------------------- a brief of many events

# What each shown event gives the brief's counts, read from its record by SQLite (no claim lists parsed).
_COUNTED_FIELDS = ("date", "place", "fatalities")
_ACTOR_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "inter1", "inter2")


def brief_totals(shown: Shown):
    """The brief's counts over every shown event (brief/compose.py `BriefTotals`), for a brief that
    lists only the latest: the events with only the fields the counts read, the contested ones
    counted in SQL, the articles they cite and their outlets and publication range counted in SQL."""
    from eventfold.brief.compose import BriefTotals

    corrected = shown.corrected()
    about = _conflicts_where(shown.store, "event_id IN (SELECT value FROM json_each(?))",
                             [json.dumps([e.event_id for e in corrected])])
    disputed = {c.event_id for c in _reviewed_conflicts(about, shown.reviewed)}
    events, contested = _counted_machine_events(shown)
    contested += sum(1 for e in corrected if e.contested or e.conflict_ids or e.event_id in disputed)
    sources, outlets, first, last = _cited_articles_summary(shown, [a for e in corrected for a in e.article_ids],
                                                            [e.event_id for e in corrected])
    return BriefTotals(events=events + corrected, contested_events=contested, sources=sources, outlets=outlets,
                       first_published=first, last_published=last)


def _counted_machine_events(shown: Shown) -> tuple[list[Event], int]:
    """The shown machine events holding only what the brief counts, and how many are contested (a
    claim of theirs in a conflict, or a conflict about them: as `machine_events_by_ids` marks them)."""
    where, values = shown.machine_filter()
    paths = ", ".join(f"'$.{name}'" for name in ("confidence", *_COUNTED_FIELDS, *_ACTOR_FIELDS))
    rows = shown.store.connection.execute(
        f"WITH contested(event_id) AS ({_CONTESTED_EVENTS})"
        f" SELECT f.event_id, f.event_type, f.event_id IN contested, json_extract(e.record, {paths})"
        f" FROM event_facets f JOIN events e ON e.event_id = f.event_id WHERE {where}", values)
    events, contested = [], 0
    for event_id, event_type, is_contested, fields in rows:
        confidence, date, place, fatalities, *actors = json.loads(fields)
        if not confident(confidence, shown.min_confidence):
            continue
        contested += bool(is_contested)
        events.append(Event(event_id, [], [], event_type, "", date=DateValue(**date) if date else None,
                            place=Place(**place) if place else None,
                            fatalities=Figure(**fatalities) if fatalities else None, **dict(zip(_ACTOR_FIELDS, actors))))
    return events, contested


# Events a conflict is about, or one of whose claims is in a conflict about a subject. The claims of a
# conflict within one event ("event:<id>" scope) are that event's own, so only the subject conflicts'
# claims (an eighth of the rows) are followed to their events: the join over every conflict's claims
# took 7.6 s of CPU at 100,000 articles, this one 0.5 s.
_CONTESTED_EVENTS = ("SELECT fi.event_id FROM conflict_claims cc JOIN claims c ON c.claim_id = cc.claim_id"
                     " JOIN fusion_items fi ON fi.report_id = c.event_report_id WHERE substr(cc.scope, 1, 6) != 'event:'"
                     " UNION SELECT event_id FROM conflicts WHERE event_id IS NOT NULL")


def _cited_articles_summary(shown: Shown, also: list[str],
                            corrected_ids: list[str]) -> tuple[int, int, Optional[str], Optional[str]]:
    """How many articles the brief of every shown event would cite (the events' own, `also`, and those
    of the claims of the conflicts about them or tied to no event), from how many outlets, and the
    first and last day they were published."""
    where, values = shown.machine_filter()
    count, outlets, first, last = shown.store.connection.execute(
        f"WITH shown(event_id, record) AS (SELECT e.event_id, e.record FROM event_facets f JOIN events e"
        f" ON e.event_id = f.event_id WHERE {where}),"
        " cited(article_id) AS (SELECT j.value FROM shown, json_each(shown.record, '$.article_ids') j"
        " UNION SELECT value FROM json_each(?)"
        " UNION SELECT c.article_id FROM conflicts k JOIN conflict_claims cc"
        " ON cc.scope = k.scope AND cc.conflict_id = k.conflict_id JOIN claims c ON c.claim_id = cc.claim_id"
        " WHERE substr(k.scope, 1, 6) != 'event:'"  # a conflict within an event cites that event's articles
        " AND (k.event_id IS NULL OR k.event_id IN (SELECT event_id FROM shown) OR k.event_id IN"
        " (SELECT value FROM json_each(?))))"
        " SELECT count(*), count(DISTINCT nullif(outlet, '')), min(day), max(day) FROM (SELECT a.outlet,"
        " CASE WHEN a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(a.published, 1, 10)"
        " END AS day FROM cited LEFT JOIN articles a ON a.article_id = cited.article_id)",
        [*values, json.dumps(also), json.dumps(corrected_ids)]).fetchone()
    return count, outlets, first, last
