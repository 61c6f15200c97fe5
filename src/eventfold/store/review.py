"""Reading and writing analysts' corrections, and the SQL half of the filtered events read.

Corrections are rows keyed by an anchor (the report ids of the event when it was corrected);
review/ replays them over the fused events. `event_keys` filters, sorts and pages the events no
correction touches in SQL, so a list page over a large store never parses every event record.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from eventfold.model import Correction, Event, Place
from eventfold.store.db import Store, StoreError, utc_now
from eventfold.store.fusion import event_from_dict


def open_read_only(path: str | Path) -> Store:
    """The store at `path` for reading only (a notebook must never change it); it must exist and
    be at the current schema (run any eventfold command on it once to upgrade it)."""
    from eventfold.store.schema import SCHEMA_VERSION

    if not Path(path).is_file():
        raise StoreError(f"{path}: no such eventfold database")
    try:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                                     check_same_thread=False)
        connection.row_factory = sqlite3.Row
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: not a usable eventfold database ({error})") from error
    if version != SCHEMA_VERSION:
        connection.close()
        raise StoreError(f"{path}: schema version {version}, this eventfold reads {SCHEMA_VERSION};"
                         f" run `eventfold --db {path} articles` once to upgrade it")
    return Store(connection, str(path))


# ---------------------------------------------------------------- corrections


def add_correction(store: Store, correction: Correction) -> Correction:
    """Store a correction (its id and time are assigned here) and return it as stored."""
    when = utc_now()
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO corrections(event_id, kind, anchor, field, old, new, who, created_at, why)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (correction.event_id, correction.kind, json.dumps(correction.anchor), correction.field,
             json.dumps(correction.old, ensure_ascii=False), json.dumps(correction.new, ensure_ascii=False),
             correction.who, when, correction.why or ""))
    return correction_by_id(store, cursor.lastrowid)


def mark_undone(store: Store, correction_id: int, who: str) -> None:
    with store.transaction() as db:
        db.execute("UPDATE corrections SET undone_by = ?, undone_at = ? WHERE correction_id = ? AND undone_at IS NULL",
                   (who, utc_now(), correction_id))


def correction_by_id(store: Store, correction_id: int) -> Optional[Correction]:
    row = store.connection.execute("SELECT * FROM corrections WHERE correction_id = ?", (correction_id,)).fetchone()
    return _correction(row) if row else None


def all_corrections(store: Store, active_only: bool = False) -> list[Correction]:
    """The log, oldest first; only those not undone with `active_only`."""
    where = " WHERE undone_at IS NULL" if active_only else ""
    return [_correction(row) for row in
            store.connection.execute(f"SELECT * FROM corrections{where} ORDER BY correction_id")]


def _correction(row: sqlite3.Row) -> Correction:
    return Correction(
        correction_id=row["correction_id"], event_id=row["event_id"], kind=row["kind"],
        anchor=json.loads(row["anchor"]), field=row["field"],
        old=json.loads(row["old"]) if row["old"] is not None else None,
        new=json.loads(row["new"]) if row["new"] is not None else None,
        who=row["who"], when=row["created_at"], why=row["why"], undone=row["undone_at"] is not None,
        undone_by=row["undone_by"], undone_at=row["undone_at"])


# ---------------------------------------------------------------- machine events, by id


def stored_events(store: Store, event_ids: list[str]) -> dict[str, Event]:
    """The fused events with these ids (as the machine stored them), by id."""
    return {row[0]: event_from_dict(json.loads(row[1])) for row in
            store.rows_in("SELECT event_id, record FROM events WHERE event_id IN ({marks})", list(event_ids))}


def stored_place(store: Store, geonameid: int) -> Optional[Place]:
    """A place the annotator resolved in some article (the store keeps every one it used)."""
    row = store.connection.execute(
        "SELECT geonameid, name, latitude, longitude, country, admin1, admin2, feature_class, feature_code,"
        " population, geo_precision FROM places WHERE geonameid = ?", (geonameid,)).fetchone()
    return Place(*row) if row else None


def articles_matching(store: Store, text_query: str) -> set[str]:
    """Ids of the articles the FTS5 query matches (title, text, captions); a near-copy's match
    counts for its original too, since events name only originals. Raises ValueError on bad syntax."""
    try:
        rows = store.connection.execute(
            "SELECT a.article_id, a.duplicate_of FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ?", (text_query,)).fetchall()
    except sqlite3.OperationalError as error:
        raise ValueError(f"bad text query {text_query!r}: {error}") from error
    return {row[0] for row in rows} | {row[1] for row in rows if row[1]}


# ---------------------------------------------------------------- filtered, sorted, paged


@dataclass
class EventFilter:
    """Filters of the events list in store terms; None means "any"."""

    date_from: Optional[str] = None
    date_to: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor: Optional[str] = None
    contested: Optional[bool] = None
    min_confidence: Optional[float] = None
    article_ids: Optional[set[str]] = None  # events citing one of these articles (text search)
    event_ids: Optional[list[str]] = None
    exclude: set[str] = field(default_factory=set)  # events the caller builds itself (corrected ones)


# What the list reads: each event's facets, kept beside it by triggers (schema.py), not the records.
_EVENTS = "event_facets e"
# Sort key name → SQL expression; the Python side (review/query.py) computes the same keys.
SORT_COLUMNS = {
    "date": "e.event_date",
    "fatalities": "e.fatalities",
    "sources": "e.source_count",
    "confidence": "e.confidence",
    "type": "e.event_type || ' / ' || e.sub_event_type",
    "country": "e.country",
}

_CONTESTED = ("e.event_id IN (SELECT i.event_id FROM conflict_claims cc JOIN claims c ON c.claim_id = cc.claim_id"
              " JOIN fusion_items i ON i.report_id = c.event_report_id)")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def sql_lower(text: str) -> str:
    """Lower-case as SQLite's lower() does (ASCII letters only), so the Python side of a filter
    (review/query.py) agrees with the SQL side."""
    return text.translate(_ASCII_LOWER)


def _where(flt: EventFilter) -> tuple[str, list]:
    clauses: list[str] = []
    values: list = []

    def add(clause: str, *bound) -> None:
        clauses.append(clause)
        values.extend(bound)

    if flt.date_from:
        add("e.event_date >= ?", flt.date_from)
    if flt.date_to:
        add("e.event_date <= ?", flt.date_to)
    if flt.country:
        add("e.country = ?", flt.country.upper())
    if flt.admin1:
        add("lower(e.admin1) = ?", sql_lower(flt.admin1))
    if flt.event_type:
        add("e.event_type = ?", flt.event_type)
    if flt.sub_event_type:
        add("e.sub_event_type = ?", flt.sub_event_type)
    if flt.actor:  # facets hold the actors lower-cased, one a line
        add("e.actors LIKE ? ESCAPE '\\'",
            "%" + sql_lower(flt.actor).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if flt.contested is not None:
        add(_CONTESTED if flt.contested else "NOT " + _CONTESTED)
    if flt.min_confidence is not None:
        add("(e.confidence IS NULL OR e.confidence >= ?)", flt.min_confidence)
    # Id sets travel as one JSON parameter: no cap on how many.
    if flt.article_ids is not None:
        add("e.event_id IN (SELECT event_id FROM fusion_items WHERE article_id IN (SELECT value FROM json_each(?)))",
            json.dumps(sorted(flt.article_ids)))
    if flt.event_ids is not None:
        add("e.event_id IN (SELECT value FROM json_each(?))", json.dumps(list(flt.event_ids)))
    if flt.exclude:
        add("e.event_id NOT IN (SELECT value FROM json_each(?))", json.dumps(sorted(flt.exclude)))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", values


def count_events(store: Store, flt: EventFilter) -> int:
    where, values = _where(flt)
    return store.connection.execute(f"SELECT COUNT(*) FROM {_EVENTS}{where}", values).fetchone()[0]


def count_events_by_day(store: Store, flt: EventFilter) -> dict[tuple[Optional[str], str], int]:
    """(first day or None, event type) → how many matching events (a GROUP BY over the facets)."""
    where, values = _where(flt)
    return {(day, event_type): count for day, event_type, count in store.connection.execute(
        f"SELECT e.event_date, e.event_type, count(*) FROM {_EVENTS}{where} GROUP BY 1, 2", values)}


def event_keys(store: Store, flt: EventFilter, sort: str, descending: bool, limit: Optional[int],
               offset: int = 0) -> list[tuple]:
    """(sort key, event id) of `limit` matching events in sort order (all when None) after the
    first `offset`; missing keys sort last either way, ties by event id. In date order this reads
    an index in order (schema: event_facets_by_date), so a deep page costs no sort."""
    column = SORT_COLUMNS[sort]
    where, values = _where(flt)
    order = f"{column} IS NULL, {column} {'DESC' if descending else 'ASC'}, e.event_id"
    query = f"SELECT {column}, e.event_id FROM {_EVENTS}{where} ORDER BY {order} LIMIT ? OFFSET ?"
    values = values + [-1 if limit is None else limit, offset]
    return [(row[0], row[1]) for row in store.connection.execute(query, values)]


# ---------------------------------------------------------------- conflicts of some events or claims


def conflict_ids_of_events(store: Store, event_ids: list[str]) -> dict[str, list[str]]:
    """event id → ids of the stored conflicts involving one of its claims (as `events()` reads them)."""
    found: dict[str, list[str]] = {}
    for event_id, conflict_id in store.connection.execute(
            "SELECT DISTINCT f.event_id, cc.conflict_id FROM fusion_items f"
            " JOIN claims c ON c.event_report_id = f.report_id JOIN conflict_claims cc ON cc.claim_id = c.claim_id"
            " WHERE f.event_id IN (SELECT value FROM json_each(?)) ORDER BY f.event_id, cc.conflict_id",
            (json.dumps(list(event_ids)),)):
        found.setdefault(event_id, []).append(conflict_id)
    return found


def conflicts_of_claims(store: Store, claim_ids: list[str]) -> list[tuple[str, str]]:
    """(conflict id, kind) of the stored conflicts involving any of these claims."""
    return [(row[0], row[1]) for row in store.connection.execute(
        "SELECT DISTINCT k.conflict_id, k.kind FROM conflict_claims cc"
        " JOIN conflicts k ON k.scope = cc.scope AND k.conflict_id = cc.conflict_id"
        " WHERE cc.claim_id IN (SELECT value FROM json_each(?)) ORDER BY k.conflict_id",
        (json.dumps(list(claim_ids)),))]


def events_of_reports(store: Store, report_ids: list[str]) -> dict[str, str]:
    """report id → the machine's event id, for these reports (those fused)."""
    return {row[0]: row[1] for row in store.connection.execute(
        "SELECT report_id, event_id FROM fusion_items WHERE report_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(report_ids)),))}


def entity_category(store: Store, name: str) -> Optional[str]:
    """The ACLED category of the stored canonical actor with this name (else this alias), if it has one."""
    row = store.connection.execute(
        "SELECT category FROM entities WHERE category IS NOT NULL AND category != '' AND name = ?"
        " UNION ALL SELECT category FROM entities WHERE category IS NOT NULL AND category != ''"
        " AND EXISTS (SELECT 1 FROM json_each(entities.aliases) WHERE value = ?) LIMIT 1", (name, name)).fetchone()
    return row[0] if row else None


def data_version(store: Store) -> int:
    """Changes when another connection commits to the store (SQLite's PRAGMA data_version)."""
    return store.connection.execute("PRAGMA data_version").fetchone()[0]


def event_ids_starting(store: Store, prefix: str, limit: int = 2) -> list[str]:
    """Fused event ids that start with `prefix` (a few, to tell a unique prefix from an ambiguous one)."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [row[0] for row in store.connection.execute(
        "SELECT event_id FROM events WHERE event_id LIKE ? ESCAPE '\\' ORDER BY event_id LIMIT ?", (pattern, limit))]
