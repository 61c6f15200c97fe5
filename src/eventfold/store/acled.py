"""What the ACLED export reads from the store beyond the dataset: stable event numbers and update times."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Optional

from eventfold.store.db import Store


def acled_event_numbers(store: Store, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(event id, ISO3) -> the event's number within its country, assigning the next free ones.

    Numbers are given in the order of `keys` (the export's event order) and stored, so an event
    keeps its number in every later export (ids survive `fuse --rebuild` as event ids do).
    """
    event_ids = list(dict.fromkeys(event_id for event_id, _ in keys))
    known = _stored_numbers(store, event_ids)
    missing = [key for key in dict.fromkeys(keys) if key not in known]
    if missing:
        with store.transaction() as db:
            known = _stored_numbers(store, event_ids)  # again inside the lock: another export may have numbered them
            for event_id, iso3 in missing:
                if (event_id, iso3) in known:
                    continue
                number = db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM acled_event_numbers WHERE iso3 = ?",
                                    (iso3,)).fetchone()[0]
                db.execute("INSERT INTO acled_event_numbers(event_id, iso3, number) VALUES (?, ?, ?)",
                           (event_id, iso3, number))
                known[(event_id, iso3)] = number
    return {key: known[key] for key in keys if key in known}


def _stored_numbers(store: Store, event_ids: list[str]) -> dict[tuple[str, str], int]:
    """The stored numbers of these events (the primary key's lookups: an export reads a page at a time)."""
    rows = store.connection.execute("SELECT event_id, iso3, number FROM acled_event_numbers"
                                    " WHERE event_id IN (SELECT value FROM json_each(?))", (json.dumps(event_ids),))
    return {(event_id, iso3): number for event_id, iso3, number in rows}


def event_update_times(store: Store, event_ids: Optional[list[str]] = None) -> dict[str, int]:
    """Event id -> when fusion last wrote the event, in Unix seconds (ACLED's `timestamp`); of these
    events only, when given."""
    times = {}
    query, values = "SELECT event_id, updated_at FROM events", ()
    if event_ids is not None:
        query, values = query + " WHERE event_id IN (SELECT value FROM json_each(?))", (json.dumps(event_ids),)
    for event_id, updated_at in store.connection.execute(query, values):
        try:
            times[event_id] = int(datetime.fromisoformat(updated_at).timestamp())
        except (TypeError, ValueError):
            continue
    return times
