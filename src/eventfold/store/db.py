"""The embedded store: one SQLite file in WAL mode, schema upgraded by migrations.

Nothing outside this package writes SQL. Writes happen inside `transaction()` blocks, so an
interrupted run (Ctrl-C, kill) leaves the last committed state intact: SQLite's journal rolls
back the unfinished transaction when the file is next opened.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

from eventfold.model import Article
from eventfold.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(RuntimeError):
    pass


class StoreMissing(StoreError):
    """A read command named a store that does not exist (nothing is created for it)."""


class StoreBusy(StoreError):
    """Another process held the write lock for longer than the busy timeout."""


# Values bound per "IN (...)" query: well under SQLite's limit on bound parameters.
IN_CHUNK = 500

# PRAGMA application_id of every store this eventfold creates ("EVFD"): how a store is told
# apart from another program's SQLite file, which is refused untouched.
APPLICATION_ID = 0x45564644
# Tables every eventfold store has had since its first migration: a file with these and no
# application_id is a store made before the marker existed.
LEGACY_STORE_TABLES = frozenset({"articles", "article_sources", "batches", "ingest_problems"})
# Seconds to wait for another process's write lock before giving up (EVENTFOLD_BUSY_TIMEOUT).
DEFAULT_BUSY_TIMEOUT = 30.0
WAL_RETRY_SECONDS = 0.02


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def busy_timeout_seconds() -> float:
    value = os.environ.get("EVENTFOLD_BUSY_TIMEOUT", "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_BUSY_TIMEOUT
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def busy_message(path: str) -> str:
    return f"store {path} is busy: another eventfold process is writing; try again"


class Store:
    """A connection to an eventfold database file."""

    def __init__(self, connection: sqlite3.Connection, path: str):
        self.connection = connection
        self.path = path

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: str | Path, create: bool = True, busy_timeout: Optional[float] = None) -> "Store":
        """Open the store at `path`, upgrading its schema; with `create`, make it (and its folder) if missing.

        Without `create` (read commands) a missing file raises StoreMissing and nothing is made.
        A SQLite file that is not an eventfold store is refused before anything is written to it.
        """
        path = str(path)
        timeout = busy_timeout_seconds() if busy_timeout is None else busy_timeout
        if path != ":memory:":
            _check_store_path(path, create)
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=timeout)
        except sqlite3.OperationalError as error:
            raise StoreError(f"{path}: cannot open the store ({error})") from error
        try:
            connection.row_factory = sqlite3.Row
            _refuse_foreign_database(connection, path, create)
            _switch_to_wal(connection, timeout)
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            store = cls(connection, path)
            store._migrate()
        except StoreError:
            connection.close()
            raise
        except sqlite3.OperationalError as error:
            connection.close()
            raise _operational_error(path, error) from error
        except sqlite3.DatabaseError as error:
            connection.close()
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
        """Apply the missing migrations, each in its own write transaction.

        The version is read again inside the lock, so of two processes creating the same new store
        at once the second finds the work done instead of running a migration twice.
        """
        if self._check_version() == SCHEMA_VERSION:
            return
        while True:
            with self.transaction():
                current = self._check_version()
                if current == SCHEMA_VERSION:
                    return
                for statement in _split_sql(MIGRATIONS[current]):
                    self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version = {current + 1}")
                self.connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _check_version(self) -> int:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this eventfold ({SCHEMA_VERSION}); upgrade eventfold"
            )
        return current

    def rows_in(self, query: str, values: list) -> Iterator[sqlite3.Row]:
        """Rows of `query` whose `{marks}` is bound to `values`, in chunks (SQLite caps bound parameters)."""
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start:start + IN_CHUNK]
            yield from self.connection.execute(query.format(marks=",".join("?" * len(chunk))), chunk)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (KeyboardInterrupt included).

        Waits up to the busy timeout for another process's write lock, then raises StoreBusy.
        """
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if _is_lock_error(error):
                raise StoreBusy(busy_message(self.path)) from error
            raise
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    @contextlib.contextmanager
    def without_waiting(self) -> Iterator[None]:
        """Within: a write lock held by another process fails at once (StoreBusy) instead of being waited for."""
        waited = self.connection.execute("PRAGMA busy_timeout").fetchone()[0]
        self.connection.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            self.connection.execute(f"PRAGMA busy_timeout = {int(waited)}")

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

    def articles_by_ids(self, article_ids: list[str]) -> list[Article]:
        """These articles (exact ids, primary-key lookups), in the order given; unknown ids are left out."""
        found = {row["article_id"]: _article_from_row(row)
                 for row in self.rows_in("SELECT * FROM articles WHERE article_id IN ({marks})", list(article_ids))}
        return [found[i] for i in article_ids if i in found]

    def published_dates(self, article_ids: list[str]) -> dict[str, Optional[str]]:
        """article id → publication date, without reading the articles' text."""
        return {row[0]: row[1] for row in
                self.rows_in("SELECT article_id, published FROM articles WHERE article_id IN ({marks})", article_ids)}

    def article_headers(self, article_ids: Optional[list[str]] = None) -> Iterator[Article]:
        """These articles (all when None, in ingestion order) without their text and captions
        (left empty): what a listing, an export row or a brief's source line shows of them."""
        columns = ", ".join(HEADER_COLUMNS)
        if article_ids is None:
            rows = self.connection.execute(f"SELECT {columns} FROM articles ORDER BY rowid")
        else:
            rows = self.rows_in(f"SELECT {columns} FROM articles WHERE article_id IN ({{marks}})", list(article_ids))
        for row in rows:
            yield Article(text="", **{name: row[name] for name in HEADER_COLUMNS})

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


# The article fields a header holds (every stored one but the text and captions).
HEADER_COLUMNS = ("article_id", "title", "url", "path", "outlet", "outlet_source", "byline", "dateline", "published",
                  "published_precision", "published_source", "language", "source_format", "content_hash",
                  "duplicate_of", "retrieved_at")


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


def _check_store_path(path: str, create: bool) -> None:
    """Refuse a store path that cannot be a store before SQLite creates anything there."""
    target = Path(path)
    if target.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    if not target.exists():
        if not create:
            raise StoreMissing(f"store {path} does not exist (check --db or EVENTFOLD_DB; `eventfold ingest` creates it)")
        target.parent.mkdir(parents=True, exist_ok=True)
        return
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"store {path} cannot be opened for writing: permission denied")


def _refuse_foreign_database(connection: sqlite3.Connection, path: str, create: bool) -> None:
    """Raise unless the file is an eventfold store, an empty new file, or a store from before the marker.

    Only reads: another program's file is left exactly as it was (no WAL switch, no tables).
    """
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application_id == 0 and LEGACY_STORE_TABLES <= tables:
        return
    if application_id == 0 and not tables:
        if create:
            return
        raise StoreMissing(f"store {path} is empty: no eventfold store there yet (`eventfold ingest` creates it)")
    shown = ", ".join(sorted(tables)[:4]) + ("…" if len(tables) > 4 else "")
    raise StoreError(f"{path}: not an eventfold store (a SQLite file of another program"
                     f"{': tables ' + shown if shown else ''}); left untouched")


def _switch_to_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """PRAGMA journal_mode=WAL, retried until `timeout`: SQLite answers "locked" at once, without its
    busy handler, when another process is switching or creating the same new file."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not _is_lock_error(error) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)


def _is_lock_error(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _operational_error(path: str, error: sqlite3.OperationalError) -> StoreError:
    """One clear error for SQLite's lock and permission failures."""
    text = str(error).lower()
    if _is_lock_error(error):
        return StoreBusy(busy_message(path))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(f"store {path} cannot be written: {error} (check the permissions of the file and its folder)")
    return StoreError(f"{path}: {error}")


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
