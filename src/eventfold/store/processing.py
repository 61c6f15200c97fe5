"""Per-article processing state: what each article was analysed and fused at, and why it failed.

`article_state` has one row per article (a trigger adds it on insert). `analysed` is the key of
the annotator and extractor versions its stored annotations and reports were made with, `fused`
the fusion version its reports were filed at. An interrupted run leaves some rows behind the
current versions; the next run finds them with index range scans (never reading article texts)
and finishes them. A failed article keeps its reason and is skipped until the versions change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from eventfold.store.db import Store, utc_now
from eventfold.store.neardup import add_bands


@dataclass(frozen=True)
class Pending:
    """An article behind the current versions: whether it needs analysis, fusion, or both."""

    article_id: str
    needs_analysis: bool
    needs_fusion: bool


@dataclass(frozen=True)
class FailedArticle:
    article_id: str
    reason: str
    failed_at: str
    title: Optional[str]
    location: Optional[str]


# Rows behind either version: one index range scan per condition (a UNION of them; SQLite scans
# the table for `x != v` or an OR), so a store that is up to date answers at once.
def _rows_where(*conditions: str) -> str:
    return "s.rowid IN (" + " UNION ".join(f"SELECT rowid FROM article_state WHERE {c}" for c in conditions) + ")"


_UNFUSED = _rows_where("fused IS NULL", "fused < :f", "fused > :f")
_BEHIND = _rows_where("analysed IS NULL", "analysed < :a", "analysed > :a", "fused IS NULL", "fused < :f", "fused > :f")
# A failure is skipped while the versions it failed at are current.
_NOT_FAILED = "(s.failed IS NULL OR s.failed_key IS NOT :a)"
_SELECT = ("SELECT s.article_id, s.analysed, s.fused, s.failed, s.failed_key, a.rowid AS position"
           " FROM article_state s JOIN articles a ON a.article_id = s.article_id")


def pending_articles(store: Store, analysis_key: str, fusion_version: str, *, force: bool = False,
                     only: Optional[Iterable[str]] = None) -> list[Pending]:
    """Articles to (re)process in insertion order: all with `force`, else those behind the versions
    and not failed at them; limited to `only` when given."""
    if only is not None:  # a few named articles: primary-key lookups
        rows = list(store.rows_in(_SELECT + " WHERE s.article_id IN ({marks})", list(dict.fromkeys(only))))
    elif force:
        rows = store.connection.execute(_SELECT).fetchall()
    else:
        rows = store.connection.execute(f"{_SELECT} WHERE {_BEHIND} AND {_NOT_FAILED}",
                                        {"a": analysis_key, "f": fusion_version}).fetchall()
    rows.sort(key=lambda row: row["position"])
    found = [Pending(row["article_id"], force or row["analysed"] != analysis_key,
                     force or row["fused"] != fusion_version)
             for row in rows if force or not (row["failed"] is not None and row["failed_key"] == analysis_key)]
    return [p for p in found if p.needs_analysis or p.needs_fusion]


def unfused_articles(store: Store, fusion_version: str) -> list[Pending]:
    """Articles whose reports are not filed at this fusion version, in insertion order."""
    rows = store.connection.execute(f"{_SELECT} WHERE {_UNFUSED} ORDER BY position", {"f": fusion_version})
    return [Pending(row["article_id"], False, True) for row in rows]


def mark_analysed(store: Store, article_id: str, analysis_key: str, fused: Optional[str]) -> None:
    """The article's annotations and reports are current (inside the caller's transaction); `fused`
    is None when its new reports still wait for fusion (a near-copy has none to file)."""
    store.connection.execute(
        "UPDATE article_state SET analysed = ?, fused = ?, failed = NULL, failed_key = NULL, failed_at = NULL"
        " WHERE article_id = ?", (analysis_key, fused, article_id))


def mark_fused(store: Store, article_ids: list[str], fusion_version: str) -> None:
    store.connection.executemany("UPDATE article_state SET fused = ? WHERE article_id = ?",
                                 [(fusion_version, article_id) for article_id in article_ids])


def mark_failed(store: Store, article_id: str, reason: str, analysis_key: str) -> None:
    store.connection.execute(
        "UPDATE article_state SET failed = ?, failed_key = ?, failed_at = ? WHERE article_id = ?",
        (reason, analysis_key, utc_now(), article_id))


def reset_fusion_state(store: Store, fusion_version: str) -> None:
    """After the events were cleared: every original waits for fusion; near-copies have nothing to file."""
    db = store.connection
    db.execute("UPDATE article_state SET fused = NULL WHERE article_id IN"
               " (SELECT article_id FROM articles WHERE duplicate_of IS NULL)")
    db.execute("UPDATE article_state SET fused = ? WHERE article_id IN"
               " (SELECT article_id FROM articles WHERE duplicate_of IS NOT NULL)", (fusion_version,))


def failed_articles(store: Store) -> list[FailedArticle]:
    rows = store.connection.execute(
        "SELECT s.article_id, s.failed, s.failed_at, a.title, coalesce(a.path, a.url) AS location"
        " FROM article_state s JOIN articles a ON a.article_id = s.article_id"
        " WHERE s.failed IS NOT NULL ORDER BY s.failed_at, s.article_id")
    return [FailedArticle(row[0], row[1], row[2], row[3], row[4]) for row in rows]


def promote_copies(store: Store, article_id: str) -> list[str]:
    """Near-copies of an article about to be removed stand alone from now on: they wait for fusion."""
    db = store.connection
    copies = [row[0] for row in db.execute("SELECT article_id FROM articles WHERE duplicate_of = ?", (article_id,))]
    db.executemany("UPDATE articles SET duplicate_of = NULL WHERE article_id = ?", [(c,) for c in copies])
    db.executemany("UPDATE article_state SET fused = NULL WHERE article_id = ?", [(c,) for c in copies])
    for copy, blob in store.rows_in("SELECT article_id, minhash FROM articles WHERE article_id IN ({marks})"
                                    " AND minhash IS NOT NULL", copies):
        add_bands(store, copy, blob)  # later near-copies now find it
    return copies


def delete_article(store: Store, article_id: str) -> None:
    """The article and everything made from it (annotations, reports, claims, quotes cascade);
    its fusion items must have been taken out first (fusion.remove_articles)."""
    store.connection.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
