"""Reading and writing the fuse stage's records: report items, events and conflicts.

Report items are filed under their event with their day window and region as columns, so the
candidates of a new report are one indexed query (`candidate_events`) rather than a scan.
Events keep their searchable fields as columns and the whole record as JSON. A claim's event
is found through its report's item; an event's conflicts through its claims, so `contested`
is always consistent with the stored conflicts.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Iterable, Iterator, Optional

from eventfold.model import FIGURE_FIELDS, Conflict, DateValue, Event, Figure, Place, Provenance, ReportItem, Span, first_day_of
from eventfold.store.db import Store, utc_now



# ---------------------------------------------------------------- state


def fusion_state(store: Store, key: str) -> Optional[str]:
    row = store.connection.execute("SELECT value FROM fusion_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_fusion_state(store: Store, key: str, value: str) -> None:
    store.connection.execute("INSERT OR REPLACE INTO fusion_state(key, value) VALUES (?, ?)", (key, value))


def clear_fusion(store: Store) -> None:
    for table in ("fusion_items", "fusion_terms", "events", "conflicts", "conflict_claims"):
        store.connection.execute(f"DELETE FROM {table}")


def reports_await_fusion(store: Store) -> bool:
    """Event reports are stored but none has been fused (a store from before fusion existed)."""
    db = store.connection
    return (db.execute("SELECT 1 FROM event_reports WHERE modality = 'actual' LIMIT 1").fetchone() is not None
            and db.execute("SELECT 1 FROM fusion_items LIMIT 1").fetchone() is None)


# ---------------------------------------------------------------- items


def remove_articles(store: Store, article_ids: Iterable[str]) -> set[str]:
    """Take the items of these articles out of their events; returns the events touched."""
    touched: set[str] = set()
    db = store.connection
    for article_id in article_ids:
        rows = db.execute("SELECT event_id, features FROM fusion_items WHERE article_id = ?", (article_id,)).fetchall()
        for event_id, features in rows:
            touched.add(event_id)
            _count_terms(store, _document_terms(ReportItem.from_json(features)), -1)
        db.execute("DELETE FROM fusion_items WHERE article_id = ?", (article_id,))
        _count_items(store, -len(rows))
    return touched


def add_item(store: Store, item: ReportItem, event_id: str) -> None:
    store.connection.execute(
        "INSERT OR REPLACE INTO fusion_items(report_id, article_id, event_id, family, day_low, day_high, admin1,"
        " features) VALUES (?,?,?,?,?,?,?,?)",
        (item.report_id, item.article_id, event_id, item.family, item.day_low, item.day_high, item.admin1,
         item.to_json()),
    )
    _count_terms(store, _document_terms(item), +1)
    _count_items(store, +1)
    if item.day_low is not None and item.day_high is not None:
        store.connection.execute(
            "INSERT INTO fusion_state(key, value) VALUES ('widest_window', ?) ON CONFLICT(key)"
            " DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            (item.day_high - item.day_low,))


def move_event(store: Store, event_id: str, into: str) -> None:
    """Every member of one event becomes a member of another (two events found to be one)."""
    store.connection.execute("UPDATE fusion_items SET event_id = ? WHERE event_id = ?", (into, event_id))


def _document_terms(item: ReportItem) -> list[str]:
    return sorted(set(item.terms) | set(item.story_terms))


def _count_items(store: Store, change: int) -> None:
    """The number of stored items, kept as a counter (COUNT(*) would scan the table per report)."""
    if change:
        store.connection.execute(
            "INSERT INTO fusion_state(key, value) VALUES ('items', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + ?", (max(change, 0), change))


def _count_terms(store: Store, terms: list[str], change: int) -> None:
    db = store.connection
    db.executemany("INSERT INTO fusion_terms(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + ?",
                   [(t, max(change, 0), change) for t in terms])
    if change < 0:
        db.execute("DELETE FROM fusion_terms WHERE df <= 0")


def term_frequencies(store: Store, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    """Document frequency of each term among stored items, and the number of items."""
    found = {row[0]: row[1] for row in store.rows_in("SELECT term, df FROM fusion_terms WHERE term IN ({marks})",
                                                     list(set(terms)))}
    return found, int(fusion_state(store, "items") or 0)


def candidate_events(store: Store, item: ReportItem, slack_days: int,
                     families: Iterable[str] = ()) -> dict[str, list[ReportItem]]:
    """Events with a member of the item's family it could be compatible with: a member whose day
    window meets the item's, or an undated member (no stated day, no publication date); for an
    undated item, every member of its family. Each event comes with all its members, for the
    complete-link check.

    The lookups are index range scans on (family, day_high), so the cost of a dated item follows
    how busy its days are, not the size of the corpus; undated reports (a text without any
    date) are rare in news feeds and are compared with their whole family, as the batch path does.
    `families`: those to look in (default the item's own; an arrest's events may be of two).
    """
    found = [event_id for family in (families or (item.family,)) for event_id in _events_of_family(store, item, family,
                                                                                                  slack_days)]
    grouped: dict[str, list[ReportItem]] = {event_id: [] for event_id in dict.fromkeys(found)}
    for row in store.rows_in("SELECT event_id, features FROM fusion_items WHERE event_id IN ({marks})"
                             " ORDER BY report_id", list(grouped)):
        grouped[row[0]].append(ReportItem.from_json(row[1]))
    return grouped


def _events_of_family(store: Store, item: ReportItem, family: str, slack_days: int) -> list[str]:
    db = store.connection
    if item.day_low is None or item.day_high is None:
        return [row[0] for row in db.execute("SELECT event_id FROM fusion_items WHERE family = ?", (family,))]
    # day_low <= last and no stored window is wider than `widest` bound day_high from above too, so
    # the index range ends there (else it ran to the family's latest day: a back-fill of old
    # news into a store of later years read most of the store per report)
    last = item.day_high + slack_days
    found = [row[0] for row in db.execute(
        "SELECT event_id FROM fusion_items WHERE family = ? AND day_high >= ? AND day_high <= ? AND day_low <= ?",
        (family, item.day_low - slack_days, last + widest_window(store), last))]
    return found + [row[0] for row in db.execute(
        "SELECT event_id FROM fusion_items WHERE family = ? AND day_high IS NULL", (family,))]


def widest_window(store: Store) -> int:
    """An upper bound of the days between day_low and day_high of any stored item (kept by `add_item`;
    measured once on a store made before it was kept)."""
    value = fusion_state(store, "widest_window")
    if value is None:
        value = store.connection.execute(
            "SELECT ifnull(max(day_high - day_low), 0) FROM fusion_items").fetchone()[0]
        if store.connection.in_transaction:
            set_fusion_state(store, "widest_window", str(value))
    return int(value)


def members(store: Store, event_id: str) -> list[ReportItem]:
    rows = store.connection.execute("SELECT features FROM fusion_items WHERE event_id = ? ORDER BY report_id",
                                    (event_id,))
    return [ReportItem.from_json(features) for (features,) in rows]


def event_of_reports(store: Store, report_ids: Optional[list[str]] = None) -> dict[str, str]:
    """report id → event id, for these reports (every fused report when None)."""
    if report_ids is None:
        return dict(store.connection.execute("SELECT report_id, event_id FROM fusion_items"))
    return {row[0]: row[1] for row in
            store.rows_in("SELECT report_id, event_id FROM fusion_items WHERE report_id IN ({marks})", report_ids)}


# ---------------------------------------------------------------- events


def save_event(store: Store, event: Event) -> None:
    db = store.connection
    db.execute(
        "INSERT OR REPLACE INTO events(event_id, event_date, event_type, sub_event_type, geonameid, admin1,"
        " fatalities, source_count, record, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (event.event_id, first_day_of(event.date.value) if event.date else None, event.event_type, event.sub_event_type,
         event.place.geonameid if event.place else None, event.place.admin1 if event.place else None,
         event.fatalities.value if event.fatalities else None, len(event.article_ids),
         json.dumps(asdict(event), ensure_ascii=False), utc_now()),
    )


def delete_event(store: Store, event_id: str) -> None:
    store.connection.execute("DELETE FROM events WHERE event_id = ?", (event_id,))


def events(store: Store) -> Iterator[Event]:
    """Stored events in date order, with their conflicts and `contested` read from the conflicts."""
    conflicts_of = _conflicts_by_event(store)
    rows = store.connection.execute("SELECT record FROM events ORDER BY event_date IS NULL, event_date, event_id")
    for (record,) in rows:
        event = event_from_dict(json.loads(record))
        event.conflict_ids = conflicts_of.get(event.event_id, [])
        event.contested = bool(event.conflict_ids)
        yield event


def _conflicts_by_event(store: Store) -> dict[str, list[str]]:
    """event id → ids of the conflicts that involve one of its claims."""
    rows = store.connection.execute(
        "SELECT DISTINCT f.event_id, cc.conflict_id FROM conflict_claims cc"
        " JOIN claims c ON c.claim_id = cc.claim_id JOIN fusion_items f ON f.report_id = c.event_report_id"
        " ORDER BY f.event_id, cc.conflict_id")
    found: dict[str, list[str]] = {}
    for event_id, conflict_id in rows:
        found.setdefault(event_id, []).append(conflict_id)
    return found


def event_from_dict(data: dict) -> Event:
    data = dict(data)
    data["date"] = DateValue(**data["date"]) if data.get("date") else None
    data["place"] = Place(**data["place"]) if data.get("place") else None
    for slot in FIGURE_FIELDS:
        data[slot] = Figure(**data[slot]) if data.get(slot) else None
    data["provenance"] = [Provenance(p["rule"], Span(**p["span"]) if p.get("span") else None, p.get("evidence", ""))
                          for p in data.get("provenance", [])]
    return Event(**data)


# ---------------------------------------------------------------- conflicts


def replace_conflicts(store: Store, scope: str, conflicts: list[Conflict]) -> None:
    """The conflicts found in one scope replace those stored for it."""
    db = store.connection
    db.execute("DELETE FROM conflicts WHERE scope = ?", (scope,))
    db.execute("DELETE FROM conflict_claims WHERE scope = ?", (scope,))
    for conflict in conflicts:
        db.execute("INSERT OR REPLACE INTO conflicts(conflict_id, scope, event_id, kind, subject, reason)"
                   " VALUES (?,?,?,?,?,?)", (conflict.conflict_id, scope, conflict.event_id, conflict.kind,
                                             conflict.subject, conflict.reason))
        db.executemany("INSERT INTO conflict_claims(scope, conflict_id, claim_id) VALUES (?,?,?)",
                       [(scope, conflict.conflict_id, claim_id) for claim_id in conflict.claim_ids])


# The scopes of subject conflicts ("subject:kind:name") as an index range of conflict_claims(scope, ...).
_SUBJECT_SCOPES = "scope >= 'subject:' AND scope < 'subject;'"


def subject_scopes_of_claims(store: Store, claim_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(scope, claim id) of the stored subject conflicts holding one of these claims."""
    return [(row[0], row[1]) for row in store.rows_in(
        f"SELECT scope, claim_id FROM conflict_claims WHERE claim_id IN ({{marks}}) AND {_SUBJECT_SCOPES}",
        sorted(set(claim_ids)))]


def claims_of_subject_scopes(store: Store, scopes: Iterable[str]) -> list[tuple[str, str]]:
    """(scope, claim id) of the stored conflicts of these scopes."""
    return [(row[0], row[1]) for row in store.rows_in(
        "SELECT scope, claim_id FROM conflict_claims WHERE scope IN ({marks})", sorted(set(scopes)))]


def subject_scopes_losing_claims(store: Store, kinds: tuple[str, ...]) -> set[str]:
    """Subject conflict scopes holding a claim no longer stored as one of these kinds (its article
    analysed again): looked up from the claims deleted since the last pass (`lost_subject_claims`,
    kept by a trigger; CROSS JOIN makes SQLite start from that small table), by index."""
    marks = ",".join("?" * len(kinds))
    return {row[0] for row in store.connection.execute(
        "SELECT DISTINCT cc.scope FROM lost_subject_claims l CROSS JOIN conflict_claims cc ON cc.claim_id = l.claim_id"
        " WHERE cc.scope >= 'subject:' AND cc.scope < 'subject;' AND NOT EXISTS"
        f" (SELECT 1 FROM claims c WHERE c.claim_id = l.claim_id AND c.kind IN ({marks}))", kinds)}


def forget_lost_subject_claims(store: Store) -> None:
    """After a conflict pass: the conflicts it redid no longer hold the claims deleted before it."""
    store.connection.execute("DELETE FROM lost_subject_claims")


def fill_subject_keys_once(store: Store, kinds: tuple[str, ...]) -> None:
    """Fill the claims' subject keys left empty by a store made before the column (once per store)."""
    from eventfold.store.extractions import fill_subject_keys

    if fusion_state(store, "subject_keys") != "filled":
        fill_subject_keys(store, kinds)
        set_fusion_state(store, "subject_keys", "filled")


def drop_scopes(store: Store, prefix: str, keep: set[str]) -> None:
    """Remove the conflicts of scopes starting with `prefix` that are not in `keep` (events gone)."""
    db = store.connection
    stale = [s for (s,) in db.execute("SELECT DISTINCT scope FROM conflicts WHERE scope LIKE ?", (prefix + "%",))
             if s not in keep]
    for scope in stale:
        replace_conflicts(store, scope, [])


def conflicts(store: Store) -> list[Conflict]:
    claim_ids: dict[tuple[str, str], list[str]] = {}
    for scope, conflict_id, claim_id in store.connection.execute(
            "SELECT scope, conflict_id, claim_id FROM conflict_claims ORDER BY claim_id"):
        claim_ids.setdefault((scope, conflict_id), []).append(claim_id)
    rows = store.connection.execute("SELECT * FROM conflicts ORDER BY kind, subject, conflict_id")
    return [Conflict(row["conflict_id"], row["event_id"], row["kind"], row["subject"],
                     claim_ids.get((row["scope"], row["conflict_id"]), []), row["reason"]) for row in rows]


def update_conflicts(store: Store, scope: str, stored: list[Conflict], found: list[Conflict]) -> None:
    """The conflicts found in one scope replace those stored for it (`stored`, as read from it):
    only those that differ are deleted and written (a subject told for years holds many)."""
    def key(conflict: Conflict) -> tuple:
        return (conflict.conflict_id, conflict.event_id, conflict.kind, conflict.subject, tuple(conflict.claim_ids),
                conflict.reason)

    kept = {key(c) for c in found} & {key(c) for c in stored}
    db = store.connection
    gone = sorted({c.conflict_id for c in stored if key(c) not in kept})
    db.executemany("DELETE FROM conflicts WHERE scope = ? AND conflict_id = ?", [(scope, i) for i in gone])
    db.executemany("DELETE FROM conflict_claims WHERE scope = ? AND conflict_id = ?", [(scope, i) for i in gone])
    for conflict in found:
        if key(conflict) not in kept:
            db.execute("INSERT OR REPLACE INTO conflicts(conflict_id, scope, event_id, kind, subject, reason)"
                       " VALUES (?,?,?,?,?,?)", (conflict.conflict_id, scope, conflict.event_id, conflict.kind,
                                                 conflict.subject, conflict.reason))
            db.execute("DELETE FROM conflict_claims WHERE scope = ? AND conflict_id = ?", (scope, conflict.conflict_id))
            db.executemany("INSERT INTO conflict_claims(scope, conflict_id, claim_id) VALUES (?,?,?)",
                           [(scope, conflict.conflict_id, claim_id) for claim_id in conflict.claim_ids])


def conflicts_of_scopes(store: Store, scopes: Iterable[str]) -> dict[str, list[Conflict]]:
    """The stored conflicts of these scopes, by scope, as `conflicts` reads them."""
    wanted = json.dumps(sorted(scopes))
    claim_ids: dict[tuple[str, str], list[str]] = {}
    for scope, conflict_id, claim_id in store.connection.execute(
            "SELECT scope, conflict_id, claim_id FROM conflict_claims WHERE scope IN (SELECT value FROM json_each(?))"
            " ORDER BY claim_id", (wanted,)):
        claim_ids.setdefault((scope, conflict_id), []).append(claim_id)
    rows = store.connection.execute("SELECT * FROM conflicts WHERE scope IN (SELECT value FROM json_each(?))"
                                    " ORDER BY kind, subject, conflict_id", (wanted,))
    found: dict[str, list[Conflict]] = {}
    for row in rows:
        found.setdefault(row["scope"], []).append(Conflict(row["conflict_id"], row["event_id"], row["kind"],
                                                           row["subject"], claim_ids.get((row["scope"], row["conflict_id"]), []),
                                                           row["reason"]))
    return found


def conflicts_with(store: Store) -> dict[str, list[str]]:
    """claim id → the other claims it conflicts with."""
    found: dict[str, dict[str, None]] = {}  # ordered sets: a list's `in` made a large conflict cubic
    for conflict in conflicts(store):
        for claim_id in conflict.claim_ids:
            others = found.setdefault(claim_id, {})
            for other in conflict.claim_ids:
                if other != claim_id:
                    others.setdefault(other)
    return {claim_id: list(others) for claim_id, others in found.items()}


# ---------------------------------------------------------------- evaluation reads


def article_of_location(store: Store) -> dict[str, str]:
    """Where each stored article was read from (file, or file:line) → its article id; an exact
    copy read from two places has both."""
    return dict(store.connection.execute("SELECT location, article_id FROM article_sources"))


def reports_per_event(store: Store) -> dict[str, dict[str, int]]:
    """article id → {event id: how many of the article's reports that event holds}."""
    found: dict[str, dict[str, int]] = {}
    for article_id, event_id, count in store.connection.execute(
            "SELECT article_id, event_id, COUNT(*) FROM fusion_items GROUP BY article_id, event_id"
            " ORDER BY article_id, event_id"):
        found.setdefault(article_id, {})[event_id] = count
    return found
