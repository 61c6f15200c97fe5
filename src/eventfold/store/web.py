"""Reads the web app (serve/) needs beyond the other repositories: light lists without article text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Optional

from eventfold.model import Claim, Conflict
from eventfold.store.db import Store
from eventfold.store.extractions import claim_from_dict


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """What a list or a table cell shows of an article: everything but its text."""

    article_id: str
    title: Optional[str]
    outlet: Optional[str]
    published: Optional[str]
    url: Optional[str]
    duplicate_of: Optional[str]
    length: int


_HEADER_COLUMNS = "article_id, title, outlet, published, url, duplicate_of, length(text)"


def article_headers(store: Store, outlet: Optional[str] = None, offset: int = 0,
                    limit: Optional[int] = None) -> list[ArticleHeader]:
    """Stored articles' headers (only `outlet`'s when given), in ingestion order, `limit` of them from
    `offset` (the text stays in the database)."""
    where, params = _outlet_condition(outlet)
    rows = store.connection.execute(f"SELECT {_HEADER_COLUMNS} FROM articles{where} ORDER BY rowid LIMIT ? OFFSET ?",
                                    [*params, -1 if limit is None else limit, offset])
    return [ArticleHeader(*row) for row in rows]


def article_count(store: Store, outlet: Optional[str] = None) -> int:
    where, params = _outlet_condition(outlet)
    return store.connection.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0]


def _outlet_condition(outlet: Optional[str]) -> tuple[str, list]:
    return (" WHERE outlet = ?", [outlet]) if outlet else ("", [])


def headers_by_ids(store: Store, article_ids: Iterable[str]) -> dict[str, ArticleHeader]:
    """The headers of these articles, by id (those stored)."""
    return {row[0]: ArticleHeader(*row) for row in store.rows_in(
        f"SELECT {_HEADER_COLUMNS} FROM articles WHERE article_id IN ({{marks}})", sorted(set(article_ids)))}


# What the sources page calls an article without an outlet.
UNKNOWN_OUTLET = "(unknown outlet)"


def outlet_summaries(store: Store) -> list[tuple[str, int, Optional[tuple[str, str]]]]:
    """(outlet, articles, (first, last publication) or None) of every outlet, in SQL; most articles first."""
    rows = store.connection.execute(
        "SELECT coalesce(nullif(outlet, ''), ?), count(*), min(nullif(published, '')), max(nullif(published, ''))"
        " FROM articles GROUP BY 1", (UNKNOWN_OUTLET,))
    return sorted(((outlet, count, (first, last) if first else None) for outlet, count, first, last in rows),
                  key=lambda row: (-row[1], row[0]))


def claims_by_ids(store: Store, claim_ids: list[str]) -> dict[str, Claim]:
    return {row[0]: claim_from_dict(json.loads(row[1])) for row in
            store.rows_in("SELECT claim_id, record FROM claims WHERE claim_id IN ({marks})", claim_ids)}


def claims_page(store: Store, kind: Optional[str], article_id: Optional[str], offset: int,
                limit: int) -> tuple[int, list[Claim]]:
    """Claims of a kind and/or an article, in reading order, one page of them, with the total."""
    where, params = _claim_conditions(kind, article_id)
    total = store.connection.execute(f"SELECT count(*) FROM claims{where}", params).fetchone()[0]
    rows = store.connection.execute(f"SELECT record FROM claims{where} ORDER BY article_id, part, start"
                                    " LIMIT ? OFFSET ?", [*params, limit, offset])
    return total, [claim_from_dict(json.loads(record)) for (record,) in rows]


def _claim_conditions(kind: Optional[str], article_id: Optional[str]) -> tuple[str, list]:
    conditions, params = [], []
    if kind:
        conditions.append("kind = ?")
        params.append(kind)
    if article_id:
        conditions.append("article_id = ?")
        params.append(article_id)
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def claim_kinds(store: Store) -> list[str]:
    return [row[0] for row in store.connection.execute("SELECT DISTINCT kind FROM claims ORDER BY kind")]


def conflict_count(store: Store) -> int:
    return store.connection.execute("SELECT count(*) FROM conflicts").fetchone()[0]


def conflicts_of_event(store: Store, event_id: str, conflict_ids: list[str]) -> list[Conflict]:
    """The conflicts an event names or that name it, with their claims (one event's page)."""
    marks = ",".join("?" * len(conflict_ids))
    rows = store.connection.execute(
        f"SELECT * FROM conflicts WHERE event_id = ? OR conflict_id IN ({marks}) ORDER BY kind, subject, conflict_id",
        [event_id, *conflict_ids]).fetchall()
    found = []
    for row in rows:
        claim_ids = [r[0] for r in store.connection.execute(
            "SELECT claim_id FROM conflict_claims WHERE scope = ? AND conflict_id = ? ORDER BY claim_id",
            (row["scope"], row["conflict_id"]))]
        found.append(Conflict(row["conflict_id"], row["event_id"], row["kind"], row["subject"], claim_ids,
                              row["reason"]))
    return list({c.conflict_id: c for c in found}.values())


def event_places(store: Store) -> list[tuple[Optional[str], Optional[str]]]:
    """The distinct (country, admin-1) pairs of the machine's events, for the filter form."""
    return [tuple(row) for row in store.connection.execute(
        "SELECT DISTINCT p.country, e.admin1 FROM events e JOIN places p ON p.geonameid = e.geonameid"
        " ORDER BY p.country, e.admin1")]
