"""The fused events' rows stored by fusion (store/event_rows.py) are the rows made from the whole
store on the spot (`load_dataset` + `event_rows`), after a first ingest and after an incremental one
that re-forms events and their conflicts; an older store is migrated and its rows made; a row of
other code is never shown. Real spaCy model, real SQLite stores of the sample corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli
from eventfold.export.rows import event_row_version, event_rows, row_text
from eventfold.ingest import IngestOptions
from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE
from eventfold.pipeline import ingest
from eventfold.store import Store
from eventfold.store.dataset import Shown, load_dataset, refresh_event_rows
from eventfold.store.schema import SCHEMA_VERSION

FILES = sorted(str(p) for p in CORPUS.iterdir())
# Fed last: three stories whose claims about who holds the valley (no event report of theirs) form a
# conflict with a claim of an event fed before, which the last ingest does not otherwise touch.
LAST = [f for f in FILES if Path(f).name[:3] in ("05_", "06_", "07_")]
FIRST = [f for f in FILES if f not in LAST]


def rows_made_now(store: Store) -> dict[str, str]:
    """event id → its row made from the whole store, every event (rejected and out of scope ones too)."""
    data = load_dataset(store, None, include_rejected=True, scope="all")
    return {event.event_id: row_text(row) for event, row in zip(data.events, event_rows(data))}


def rows_stored(store: Store) -> dict[str, str]:
    return dict(store.connection.execute("SELECT event_id, row FROM event_rows WHERE version = ?",
                                         (event_row_version(),)))


def queued(store: Store) -> int:
    return store.connection.execute("SELECT count(*) FROM event_rows_stale").fetchone()[0]


@pytest.fixture(scope="module")
def grown_store(tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A store fed the corpus in two ingests; the stored rows after the first ingest and the rows
    made on the spot then."""
    db = tmp_path_factory.mktemp("rows") / "store.db"
    with Store.open(db) as store:
        ingest(store, FIRST, IngestOptions(), jobs=1)
        first = (rows_stored(store), rows_made_now(store))
        ingest(store, LAST, IngestOptions(), jobs=1)
    return db, *first


def test_stored_rows_are_the_rows_made_from_the_whole_store(grown_store):
    db, stored_first, made_first = grown_store
    assert stored_first == made_first and stored_first
    with Store.open(db) as store:
        stored, made = rows_stored(store), rows_made_now(store)
        assert queued(store) == 0
    assert stored == made
    # not vacuous: the second ingest changed rows of the first (sources joined, conflicts found)
    assert any(stored_first[i] != stored[i] for i in stored_first if i in stored)
    assert any(json.loads(text)["contested"] for text in stored.values())


def test_events_fused_prints_the_stored_rows(grown_store, tmp_path):
    db = tmp_path / "store.db"
    shutil.copy(grown_store[0], db)
    with Store.open(db) as store:
        made = [row_text(row) for row in event_rows(load_dataset(store, 0.5, scope="all"))]
        # a stored row of this code's version is what is printed (the rows are read, not made again)
        event_id = json.loads(made[0])["event_id"]
        marked = json.dumps({**json.loads(made[0]), "notes": "stored"}, ensure_ascii=False)
        with store.transaction():
            store.connection.execute("UPDATE event_rows SET row = ? WHERE event_id = ?", (marked, event_id))
    printed = run_cli("--db", str(db), "events", "--fused", "--json", "--min-confidence", "0.5")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.decode().splitlines() == [marked, *made[1:]]


def test_a_row_of_other_code_is_made_again(grown_store, tmp_path):
    db = tmp_path / "store.db"
    shutil.copy(grown_store[0], db)
    with Store.open(db) as store:
        made = [row_text(row) for row in event_rows(load_dataset(store, DEFAULT_MIN_CONFIDENCE))]
        with store.transaction():  # rows of some other code, all wrong
            store.connection.execute("UPDATE event_rows SET row = '{}', version = 'older'")
            store.connection.execute("UPDATE fusion_state SET value = 'older' WHERE key = 'event_rows_version'")
        # a reader that cannot store rows (another process writing) makes them on the spot
        assert list(Shown(store, DEFAULT_MIN_CONFIDENCE).row_texts()) == made
    out = tmp_path / "events.jsonl"
    exported = run_cli("--db", str(db), "export", "events", "--format", "jsonl", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8").splitlines() == made
    with Store.open(db) as store:  # and the export command stored them again
        assert rows_stored(store) == rows_made_now(store) and queued(store) == 0


def test_an_older_store_is_migrated_and_its_rows_made(grown_store, tmp_path):
    db = tmp_path / "store.db"
    shutil.copy(grown_store[0], db)
    with Store.open(db) as store:  # back to the schema before the stored rows
        with store.transaction():
            for name in ("events_rows_ai", "events_rows_au", "events_rows_ad", "fusion_items_rows_ai",
                         "fusion_items_rows_ad", "fusion_items_rows_au", "conflict_claims_rows_ai",
                         "conflict_claims_rows_ad", "claims_rows_ad", "articles_rows_au"):
                store.connection.execute(f"DROP TRIGGER {name}")
            store.connection.execute("DROP TABLE event_rows")
            store.connection.execute("DROP TABLE event_rows_stale")
            store.connection.execute("DELETE FROM fusion_state WHERE key = 'event_rows_version'")
            store.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    with Store.open(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        events = store.connection.execute("SELECT count(*) FROM events").fetchone()[0]
        assert queued(store) == events > 0 and rows_stored(store) == {}
        made = [row_text(row) for row in event_rows(load_dataset(store, DEFAULT_MIN_CONFIDENCE, scope="all"))]
        assert list(Shown(store, DEFAULT_MIN_CONFIDENCE, scope="all").row_texts()) == made  # before they are stored
    printed = run_cli("--db", str(db), "events", "--fused", "--json")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.decode().splitlines() == made
    with Store.open(db) as store:
        assert refresh_event_rows(store) == 0 and rows_stored(store) == rows_made_now(store)
