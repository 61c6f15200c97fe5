"""The processing state and near-copy bands in a real SQLite store: an older store is upgraded with
what it had already done, and near-copies are found through indexed bands across runs."""

from __future__ import annotations

import sqlite3

from eventfold.ingest import IngestOptions
from eventfold.ingest.dedup import minhash_of, minhash_to_bytes
from eventfold.store import Store
from eventfold.store.schema import MIGRATIONS

STORY = """Floods cut the road to Mopti

By Staff Writer
MOPTI, August 2, 2023 — Heavy rain washed away a stretch of the main road to Mopti on Tuesday, leaving \
trucks stranded for two days on both sides of the river, drivers said. Engineers expect repairs to take \
a week, and traders warned that the price of rice in the town would rise until the road reopened.
"""
SYNDICATED = STORY.replace("Floods cut the road to Mopti", "Road to Mopti washed away by rain")


def _before(marker: str) -> int:
    return next(number for number, sql in enumerate(MIGRATIONS) if marker in sql)


def test_an_older_store_keeps_what_it_had_analysed_and_fused(tmp_path):
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    upto = _before("CREATE TABLE article_state")
    for number in range(upto):
        connection.executescript(MIGRATIONS[number])
    connection.execute(f"PRAGMA user_version = {upto}")
    blob = minhash_to_bytes(minhash_of(STORY))
    connection.execute("INSERT INTO articles(article_id, content_hash, source_format, text, ingested_at, minhash)"
                       " VALUES ('a1', 'h1', 'text', ?, '2023-08-02', ?)", (STORY, blob))
    connection.execute("INSERT INTO articles(article_id, content_hash, source_format, text, ingested_at)"
                       " VALUES ('a2', 'h2', 'text', 'never processed', '2023-08-02')")
    connection.execute("INSERT INTO annotation_runs VALUES ('a1', 'h1', 'nlp-1', '2023-08-02', NULL)")
    connection.execute("INSERT INTO extraction_runs VALUES ('a1', 'h1', 'x-9', '2023-08-02')")
    connection.execute("INSERT INTO fusion_state VALUES ('version', 'f-3')")
    connection.commit()
    connection.close()
    with Store.open(path) as store:
        state = {row[0]: tuple(row[1:]) for row in store.connection.execute(
            "SELECT article_id, analysed, fused, failed FROM article_state")}
        assert state == {"a1": ("nlp-1|x-9", "f-3", None), "a2": (None, None, None)}
        bands = store.connection.execute("SELECT count(*), count(DISTINCT band) FROM minhash_bands"
                                         " WHERE article_id = 'a1'").fetchone()
        assert tuple(bands) == (18, 18)
        from eventfold.store.neardup import band_keys

        cut = [row[0] for row in store.connection.execute(
            "SELECT key FROM minhash_bands WHERE article_id = 'a1' ORDER BY band")]
        assert cut == band_keys(blob)  # the migration cuts signatures as the code does


def test_a_near_copy_is_found_in_the_store_by_a_later_run(tmp_path):
    from eventfold.pipeline import ingest

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    (first / "story.txt").write_text(STORY, encoding="utf-8")
    (second / "copy.txt").write_text(SYNDICATED, encoding="utf-8")
    path = tmp_path / "copies.db"
    with Store.open(path) as store:
        ingest(store, [str(first)], IngestOptions(), run_stages=False)
    with Store.open(path) as store:  # a new run: nothing but the store remembers the first story
        report = ingest(store, [str(second)], IngestOptions(), run_stages=False)
        assert report.near_duplicates == 1
        [original, copy] = list(store.articles())
        assert copy.duplicate_of == original.article_id
        # only originals are looked up: the copy adds no bands
        owners = {row[0] for row in store.connection.execute("SELECT article_id FROM minhash_bands")}
        assert owners == {original.article_id}
