"""Copies of a processed store's records, for measuring the product on a store too large to process.

Processing 100,000 articles takes hours; the cost of adding articles to a store, and of reading
it, depends on how many rows its tables and indexes hold, not on how they were made. So the scale
bench (`eventfold bench --replicate-to N`) processes a synthetic corpus for real, then calls
`replicate` here: every stored article, with its annotations, reports, claims, quotes, fusion items,
events and their conflicts, is written again under new ids, its dates shifted by a whole number of
periods (so that fusion sees distinct events, as years of news would give), until the store holds
N articles. The rows are those the product wrote, with the same shapes and indexes; near-copy
bands get fresh random keys (distinct articles share no band), the term frequencies fusion weighs
by are scaled with the copies. Canonical entities and places are shared, as in a real store.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from typing import Callable

from eventfold.store.db import Store
from eventfold.store.fusion import set_fusion_state

# Tables copied with their article, in an order that satisfies the foreign keys; entities, places,
# batches and the export's event numbers are shared or not per article.
COPIED_TABLES = ("articles", "article_sources", "annotation_runs", "mentions", "place_mentions", "time_mentions",
                 "extraction_runs", "event_reports", "claims", "quotes", "fusion_items", "events", "conflicts",
                 "conflict_claims")
# Columns kept as they are: the article's own words (its text is indexed for search as written).
KEPT_COLUMNS = frozenset({"text", "title", "captions", "minhash"})
# The ids the stages give (16 hex digits; events "ev-" and conflicts "cf-" and 12) and the calendar dates in any value.
_ID = re.compile(r"\b(?:ev-[0-9a-f]{12}|cf-[0-9a-f]{12}|[0-9a-f]{16})\b")
_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_FIELD = re.compile(r'("day_(?:low|high)": )(\d+)')
BANDS = 18
BAND_BYTES = 56


def replicate(store: Store, copies: int, shift_days: int,
              progress: Callable[[int], None] = lambda copy: None) -> int:
    """Write `copies` copies of every article in the store (copy n shifted by n × shift_days days);
    returns the number of articles stored afterwards. Each copy is one transaction."""
    seed = {table: _rows(store, table) for table in COPIED_TABLES}
    # Conflicts between claims about one subject span the corpus: fusion recomputes them (below).
    seed["conflicts"] = [row for row in seed["conflicts"] if row["scope"].startswith("event:")]
    seed["conflict_claims"] = [row for row in seed["conflict_claims"] if row["scope"].startswith("event:")]
    known = _known_ids(seed)
    originals = [row["article_id"] for row in seed["articles"] if row["duplicate_of"] is None]
    states = {row[0]: row[1:] for row in store.connection.execute(
        "SELECT article_id, analysed, fused FROM article_state")}
    for copy in range(1, copies + 1):
        rename = _Renamer(known, copy, copy * shift_days)
        with store.transaction():
            for table in COPIED_TABLES:
                _insert_copies(store, table, seed[table], rename)
            store.connection.executemany(
                "UPDATE article_state SET analysed = ?, fused = ? WHERE article_id = ?",
                [(*states[old], rename.id(old)) for old in states])
            store.connection.executemany(
                "INSERT INTO minhash_bands(band, key, article_id) VALUES (?, ?, ?)",
                [(band, os.urandom(BAND_BYTES), rename.id(old)) for old in originals for band in range(BANDS)])
        progress(copy)
    with store.transaction():
        store.connection.execute("UPDATE fusion_terms SET df = df * ?", (copies + 1,))
        set_fusion_state(store, "subjects", "stale")  # the next fusion's corpus-wide pass recomputes them
    return store.connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def _rows(store: Store, table: str) -> list[dict]:
    cursor = store.connection.execute(f"SELECT * FROM {table}")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _known_ids(seed: dict[str, list[dict]]) -> set[str]:
    """Every id the copies must rename: articles, reports, claims, quotes, events, conflicts (an id
    derived from its claims: copies of a conflict are about other claims)."""
    columns = {"articles": "article_id", "event_reports": "report_id", "claims": "claim_id", "quotes": "quote_id",
               "events": "event_id", "conflicts": "conflict_id"}
    return {row[column] for table, column in columns.items() for row in seed[table]}


class _Renamer:
    """New ids and shifted dates for one copy."""

    def __init__(self, known: set[str], copy: int, days: int):
        self.known, self.suffix, self.days = known, "r%04x" % copy, days

    def id(self, old: str) -> str:
        return old[:-len(self.suffix)] + self.suffix

    def value(self, column: str, value):
        if column in KEPT_COLUMNS or value is None:
            return value
        if column in ("day_low", "day_high"):
            return value + self.days
        if column == "content_hash":
            return value[:-len(self.suffix)] + self.suffix
        if column == "location":
            return f"{value}#copy-{self.suffix}"
        if isinstance(value, str):
            value = _ID.sub(lambda found: self.id(found.group()) if found.group() in self.known else found.group(),
                            value)
            value = _DATE.sub(self._shifted, value)
            return _DAY_FIELD.sub(lambda found: f"{found.group(1)}{int(found.group(2)) + self.days}", value)
        return value

    def _shifted(self, found: re.Match) -> str:
        try:
            day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return found.group()
        return (day + timedelta(days=self.days)).isoformat()


def _insert_copies(store: Store, table: str, rows: list[dict], rename: _Renamer) -> None:
    if not rows:
        return
    columns = list(rows[0])
    store.connection.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [[rename.value(column, row[column]) for column in columns] for row in rows])
