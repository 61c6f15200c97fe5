"""The SQLite store: WAL mode, migrations from older files, transactions that roll back."""

from __future__ import annotations

import sqlite3

import pytest

from eventfold.model import Article
from eventfold.store import Store, StoreError
from eventfold.store.schema import MIGRATIONS, SCHEMA_VERSION


def _article(article_id: str, text: str) -> Article:
    return Article(article_id=article_id, text=text, title=f"Title {article_id}", content_hash=f"hash-{article_id}",
                   source_format="text", path=f"/tmp/{article_id}.txt")


def test_new_store_is_wal_and_current(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_old_store_is_upgraded_in_place_keeping_its_articles(tmp_path):
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    connection.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    connection.execute("INSERT INTO articles(article_id, content_hash, source_format, text, ingested_at)"
                       " VALUES ('a1', 'h1', 'text', 'kept text', '2021-01-01')")
    connection.commit()
    connection.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.article("a1").text == "kept text"


def test_a_failed_article_in_a_transaction_loses_only_its_own_writes(tmp_path):
    from eventfold.model import Annotations, Mention, Span
    from eventfold.store.annotations import save_annotations

    with Store.open(tmp_path / "s.db") as store:
        with store.transaction():
            store.insert_article(_article("a1", "first story about rain"), None, None)
            store.insert_article(_article("a2", "second story about wind"), None, None)
        dangling = Annotations("a2", mentions=[Mention(Span("a2", 0, 6), "second", "ORG", entity_id="ghost")])
        with store.transaction():
            save_annotations(store, Annotations("a1"), "hash-a1")
            with pytest.raises(sqlite3.IntegrityError):
                with store.savepoint():
                    save_annotations(store, dangling, "hash-a2")
        runs = {row[0] for row in store.connection.execute("SELECT article_id FROM annotation_runs")}
        assert runs == {"a1"}


def test_failed_transaction_leaves_nothing_behind(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        with store.transaction():
            store.insert_article(_article("a1", "first story about rain"), None, None)
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.insert_article(_article("a2", "second story about wind"), None, None)
                raise RuntimeError("interrupted")
        assert [a.article_id for a in store.articles()] == ["a1"]
        assert [a.article_id for a, _ in store.search("wind")] == []
        assert [a.article_id for a, _ in store.search("rain")] == ["a1"]


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="not a usable eventfold database"):
        Store.open(path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.close()
    with pytest.raises(StoreError, match="newer than this eventfold"):
        Store.open(path)
