"""The fused events' materialised rows: what `events --fused` and `export events` write of each event.

A row is made once, when fusion has written the event (store/dataset.py `refresh_event_rows`), and
read back by the commands in the events' date order with one indexed query, instead of being made
again from the event's record, conflicts, claims and articles at every read (0.6 ms an event: 30 s
of CPU for the 48,000 events of a 100,000-article store).

Never stale: triggers (store/schema.py) drop an event's row and queue the event whenever something
its row reads changes, and a row keeps the version of the code that made it: the readers take only
rows of their own version and make the others on the spot.
"""

from __future__ import annotations

import json
from typing import Iterator, Optional

from eventfold.store.db import Store

# fusion_state key: the row version the queue was last filled for (every event is queued when it changes).
VERSION_KEY = "event_rows_version"


def queue_other_versions(store: Store, version: str) -> None:
    """Queue every event when the stored rows were made by other code (inside the caller's transaction)."""
    from eventfold.store.fusion import fusion_state, set_fusion_state

    if fusion_state(store, VERSION_KEY) != version:
        store.connection.execute("INSERT OR IGNORE INTO event_rows_stale(event_id) SELECT event_id FROM events")
        set_fusion_state(store, VERSION_KEY, version)


def queued_rows_owed(store: Store, version: str) -> bool:
    """Whether some event's row is queued, or every row is owed to other code's version."""
    from eventfold.store.fusion import fusion_state

    return (fusion_state(store, VERSION_KEY) != version
            or store.connection.execute("SELECT 1 FROM event_rows_stale LIMIT 1").fetchone() is not None)


def queued_events(store: Store, limit: int) -> list[str]:
    """Up to `limit` queued event ids (some may name events fusion dropped since)."""
    return [row[0] for row in store.connection.execute(
        "SELECT event_id FROM event_rows_stale ORDER BY event_id LIMIT ?", (limit,))]


def save_rows(store: Store, version: str, rows: list[tuple[str, Optional[float], bool, str]],
              queued: list[str]) -> None:
    """Store these rows (event id, confidence, rejected, row as JSON text) and take the `queued`
    events off the queue (inside the caller's transaction)."""
    db = store.connection
    db.executemany("INSERT OR REPLACE INTO event_rows(event_id, version, confidence, rejected, row)"
                   " VALUES (?, ?, ?, ?, ?)",
                   [(event_id, version, confidence, int(rejected), text) for event_id, confidence, rejected, text in rows])
    db.execute("DELETE FROM event_rows_stale WHERE event_id IN (SELECT value FROM json_each(?))", (json.dumps(queued),))


def shown_machine_rows(store: Store, where: str, values: list, version: str) -> Iterator[tuple]:
    """(event id, event date, confidence, rejected, row text or None) of the events of `event_facets f`
    passing `where`, in date order (the index event_facets_by_date); the row is None when the event
    has none of this version (queued, or made by other code)."""
    return store.connection.execute(
        "SELECT f.event_id, f.event_date, r.confidence, r.rejected, r.row FROM event_facets f"
        f" LEFT JOIN event_rows r ON r.event_id = f.event_id AND r.version = ? WHERE {where}"
        " ORDER BY f.event_date IS NULL, f.event_date, f.event_id", [version, *values])


def events_sharing_conflicts(store: Store, conflict_keys: list[tuple[str, str]]) -> set[str]:
    """The events holding a claim of one of these stored conflicts ((scope, conflict id))."""
    return {row[0] for row in store.connection.execute(
        "SELECT DISTINCT f.event_id FROM conflict_claims cc JOIN claims c ON c.claim_id = cc.claim_id"
        " JOIN fusion_items f ON f.report_id = c.event_report_id"
        " WHERE (cc.scope, cc.conflict_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))",
        (json.dumps(conflict_keys),))}


def conflict_keys(store: Store, conflict_ids: list[str], event_ids: list[str], kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """(scope, conflict id) of the stored conflicts with one of these ids, or about one of these
    events and of none of these kinds."""
    return [(row[0], row[1]) for row in store.connection.execute(
        "SELECT scope, conflict_id FROM conflicts WHERE conflict_id IN (SELECT value FROM json_each(?))"
        " UNION SELECT scope, conflict_id FROM conflicts WHERE event_id IN (SELECT value FROM json_each(?))"
        " AND kind NOT IN (SELECT value FROM json_each(?))",
        (json.dumps(conflict_ids), json.dumps(event_ids), json.dumps(list(kinds))))]
