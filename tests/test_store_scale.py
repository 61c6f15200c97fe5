"""A store that grows: fusion's pass over claims about one subject (force sizes, control) redoes only
the subjects the new articles touch, with the same result as a pass over the whole store; and the
scale bench's replicated store (store/replicate.py) is a store the product keeps working on.
Real spaCy model, real SQLite files; the stories are written for these tests."""

from __future__ import annotations

import shutil

import pytest

from eventfold.ingest import IngestOptions
from eventfold.pipeline import _refresh_subject_conflicts, ingest, process
from eventfold.store import Store
from eventfold.store.replicate import replicate

STORIES = [
    {"force_low": """Northern Shield strength in doubt

By Staff Reporter
March 8, 2022
The militia has up to 1,500 fighters in the valley, officials said. Its leaders want more rifles.
"""},
    {"force_high": """Commander: Northern Shield has 6,000 men

By Desk Writer
March 9, 2022
The militia's commander, Abdul Wahid, said on Tuesday that the militia has 6,000 fighters ready to hold the valley.
""",
     "force_high_again": """Northern Shield says it has 6,000 fighters

By Desk Writer
March 9, 2022
The militia's commander, Abdul Wahid, said on Tuesday that the militia has 6,000 fighters ready to hold the valley.
"""},
    {"control_claim": """Rebels say they hold Tarin Kot

By Staff Reporter
March 10, 2022
Rebel fighters took control of the town of Tarin Kot on Wednesday after a day of fighting, a rebel spokesman said.
"""},
    {"control_denial": """Army denies loss of Tarin Kot

By Desk Writer
March 11, 2022
The army denied on Thursday that Tarin Kot had fallen to the rebels and said its troops still controlled the town.
"""},
]
LATER = {"later": """Clash near Tarin Kot

By Staff Reporter
March 12, 2022
Rebels and soldiers clashed near Tarin Kot on Friday, residents said. Three soldiers were killed.
"""}


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


@pytest.fixture(scope="module")
def grown_store(tmp_path_factory, annotator):
    """A store fed one batch at a time, with the subject conflicts after each batch, as stored and
    as a whole pass finds them."""
    folder = tmp_path_factory.mktemp("stories")
    store = Store.open(tmp_path_factory.mktemp("db") / "grown.db")
    after_each = []
    for number, batch in enumerate(STORIES):
        _ingest(store, folder / f"batch{number}", batch, annotator)
        stored = _subject_conflicts(store)
        with store.transaction():
            _refresh_subject_conflicts(store)  # the whole pass, over every stored claim
        after_each.append((stored, _subject_conflicts(store)))
    yield store, after_each
    store.close()


def _ingest(store, folder, stories, annotator):
    folder.mkdir()
    for name, text in stories.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return ingest(store, [str(folder)], IngestOptions(), jobs=1, annotator=annotator)


def _subject_conflicts(store) -> tuple[list, list]:
    db = store.connection
    return (sorted(map(tuple, db.execute("SELECT scope, conflict_id, event_id, kind, subject, reason FROM conflicts"
                                          " WHERE scope LIKE 'subject:%'"))),
            sorted(map(tuple, db.execute("SELECT scope, conflict_id, claim_id FROM conflict_claims"
                                          " WHERE scope LIKE 'subject:%'"))))


def test_each_batch_redoes_only_its_subjects_with_the_whole_pass_result(grown_store):
    store, after_each = grown_store
    for stored, whole in after_each:
        assert stored == whole
    kinds = {row[3] for row in after_each[-1][1][0]}
    assert "force_size" in kinds  # 1,500 against 6,000 fighters: the test is not vacuous


def test_a_replicated_store_is_processed_and_fused_like_any_other(grown_store, tmp_path, annotator):
    store, _ = grown_store
    path = tmp_path / "replicated.db"
    store.connection.execute("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(store.path, path)
    with Store.open(path) as big:
        db = big.connection
        seed_articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        seed_events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        seed_dates = {d for (d,) in db.execute("SELECT event_date FROM events WHERE event_date IS NOT NULL")}
        assert replicate(big, 3, 400) == 4 * seed_articles
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 4 * seed_events
        assert db.execute("SELECT COUNT(*) FROM event_facets").fetchone()[0] == 4 * seed_events
        assert db.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone()[0] == 4 * seed_articles
        dates = {d for (d,) in db.execute("SELECT event_date FROM events WHERE event_date IS NOT NULL")}
        assert seed_dates < dates and any(d.startswith("2023-04") for d in dates)  # March 2022 + 400 days
        # every copy counts as analysed and fused at the current versions: nothing to redo
        assert process(big, annotator=annotator) == 0
        before = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        added = _ingest(big, tmp_path / "later", LATER, annotator)
        assert added.processed == 1
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] > before
        stored = _subject_conflicts(big)
        with big.transaction():
            _refresh_subject_conflicts(big)
        assert _subject_conflicts(big) == stored
