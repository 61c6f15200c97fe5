"""The embedded store: one SQLite file in WAL mode, schema upgraded by migrations.

Nothing outside this package writes SQL. Writes happen inside `transaction()` blocks, so an
interrupted run (Ctrl-C, kill) leaves the last committed state intact: SQLite's journal rolls
back the unfinished transaction when the file is next opened.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

from eventfold.model import Article
from eventfold.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(RuntimeError):
    pass


# Values bound per "IN (...)" query: well under SQLite's limit on bound parameters.
IN_CHUNK = 500


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A connection to an eventfold database file."""

    def __init__(self, connection: sqlite3.Connection, path: str):
        self.connection = connection
        self.path = path

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: str | Path) -> "Store":
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=30)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            store = cls(connection, path)
            store._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: not a usable eventfold database ({error})") from error
        return store

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.connection.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this eventfold ({SCHEMA_VERSION}); upgrade eventfold"
            )
        for number in range(current, SCHEMA_VERSION):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[number]):
                    self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version = {number + 1}")

    def rows_in(self, query: str, values: list) -> Iterator[sqlite3.Row]:
        """Rows of `query` whose `{marks}` is bound to `values`, in chunks (SQLite caps bound parameters)."""
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start:start + IN_CHUNK]
            yield from self.connection.execute(query.format(marks=",".join("?" * len(chunk))), chunk)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (KeyboardInterrupt included)."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[sqlite3.Connection]:
        """A nested unit inside a transaction: on an exception only its own writes are undone."""
        self.connection.execute("SAVEPOINT unit")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK TO unit")
            self.connection.execute("RELEASE unit")
            raise
        self.connection.execute("RELEASE unit")

    # ------------------------------------------------------------------ batches

    def start_batch(self, command: str) -> int:
        with self.transaction() as db:
            cursor = db.execute("INSERT INTO batches(started_at, command) VALUES (?, ?)", (utc_now(), command))
            return cursor.lastrowid

    def finish_batch(self, batch_id: int, stored: int, duplicates: int, failed: int) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE batches SET finished_at=?, stored=?, duplicates=?, failed=? WHERE batch_id=?",
                (utc_now(), stored, duplicates, failed, batch_id),
            )

    def record_problem(self, batch_id: int, path: str, reason: str, line: Optional[int] = None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO ingest_problems(batch_id, path, line, reason) VALUES (?, ?, ?, ?)",
                (batch_id, path, line, reason),
            )

    # ------------------------------------------------------------------ articles

    def has_content(self, content_hash: str) -> Optional[str]:
        row = self.connection.execute(
            "SELECT article_id FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def add_source(self, article_id: str, location: str) -> None:
        self.connection.execute(
            "INSERT OR IGNORE INTO article_sources(article_id, location) VALUES (?, ?)", (article_id, location)
        )

    def insert_article(self, article: Article, batch_id: Optional[int], minhash: Optional[bytes]) -> None:
        """Insert inside the caller's transaction."""
        self.connection.execute(
            """INSERT INTO articles(article_id, content_hash, path, url, title, outlet, outlet_source, byline,
                   dateline, published, published_precision, published_source, language, source_format, text,
                   captions, duplicate_of, retrieved_at, ingested_at, batch_id, minhash)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                article.article_id, article.content_hash, article.path, article.url, article.title,
                article.outlet, article.outlet_source, article.byline, article.dateline, article.published,
                article.published_precision, article.published_source, article.language,
                article.source_format, article.text, json.dumps(article.captions, ensure_ascii=False),
                article.duplicate_of, article.retrieved_at, utc_now(), batch_id, minhash,
            ),
        )
        self.add_source(article.article_id, article.path or article.url or "")

    def original_minhashes(self) -> Iterator[tuple[str, bytes]]:
        """Signatures of the stored articles that are not themselves copies of another."""
        yield from self.connection.execute(
            "SELECT article_id, minhash FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL ORDER BY rowid"
        )

    def article(self, article_id: str) -> Optional[Article]:
        """An article by id, or by a unique id prefix."""
        rows = self.connection.execute(
            "SELECT * FROM articles WHERE article_id = ? OR article_id LIKE ? LIMIT 2",
            (article_id, article_id + "%"),
        ).fetchall()
        exact = [row for row in rows if row["article_id"] == article_id]
        if exact:
            return _article_from_row(exact[0])
        return _article_from_row(rows[0]) if len(rows) == 1 else None

    def published_dates(self, article_ids: list[str]) -> dict[str, Optional[str]]:
        """article id → publication date, without reading the articles' text."""
        return {row[0]: row[1] for row in
                self.rows_in("SELECT article_id, published FROM articles WHERE article_id IN ({marks})", article_ids)}

    def articles(self, include_duplicates: bool = True) -> Iterator[Article]:
        query = "SELECT * FROM articles"
        if not include_duplicates:
            query += " WHERE duplicate_of IS NULL"
        for row in self.connection.execute(query + " ORDER BY rowid"):
            yield _article_from_row(row)

    def article_count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def search(self, query: str, limit: int = 20) -> list[tuple[Article, str]]:
        """Full-text search; returns (article, snippet) best first. Raises StoreError on bad syntax."""
        try:
            rows = self.connection.execute(
                """SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet
                   FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                   WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as error:
            raise StoreError(f"bad search query {query!r}: {error}") from error
        return [(_article_from_row(row), row["snippet"]) for row in rows]


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        article_id=row["article_id"],
        text=row["text"],
        title=row["title"],
        captions=json.loads(row["captions"] or "[]"),
        url=row["url"],
        path=row["path"],
        outlet=row["outlet"],
        outlet_source=row["outlet_source"],
        byline=row["byline"],
        dateline=row["dateline"],
        published=row["published"],
        published_precision=row["published_precision"],
        published_source=row["published_source"],
        language=row["language"],
        source_format=row["source_format"],
        content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"],
        retrieved_at=row["retrieved_at"],
    )


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping CREATE TRIGGER ... END; bodies whole."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece
        if not buffer.strip():
            buffer = ""
            continue
        if sqlite3.complete_statement(buffer + ";"):
            statements.append(buffer.strip())
            buffer = ""
        else:
            buffer += ";"
    return statements
