"""Recovery of the processing loop on a real store: `eventfold ingest` killed with SIGKILL at random
moments, then run once more, ends with the same articles, events and claims as a run never
interrupted; articles that cannot be processed are marked, listed, skipped and removable."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from eventfold.ingest import IngestOptions
from eventfold.store import Store

# A small corpus written for these tests: one raid told by two outlets with different tolls and a
# syndicated copy of one of them, a protest, an army claim and its denial, shelling, a takeover,
# and a statement that is no event.
CORPUS = {
    "raid_first": """Gunmen raid village near Bandiagara

By Field Correspondent
MOPTI, March 7, 2023 — Armed men on motorbikes attacked a village near Bandiagara in the Mopti region of \
Mali on Monday, March 6, killing 12 civilians, local officials said.
The attackers burned granaries and drove off cattle before leaving, the officials said.
""",
    "raid_second": """Villagers count their dead after Bandiagara attack

By Sahel Desk
March 8, 2023
At least 20 civilians were killed when gunmen stormed a village close to Bandiagara, Mopti region, on \
March 6, a community leader told reporters.
""",
    "raid_copy": """Twelve civilians killed in central Mali village raid

By Field Correspondent
MOPTI, March 7, 2023 — Armed men on motorbikes attacked a village near Bandiagara in the Mopti region of \
Mali on Monday, March 6, killing 12 civilians, local officials said.
The attackers burned granaries and drove off cattle before leaving, the officials said.
""",
    "protest": """Residents of Gao march over power cuts

By Staff Writer
GAO, March 9, 2023 — Hundreds of residents marched peacefully through Gao on Wednesday, March 8, to \
protest against long power cuts, the organisers said.
""",
    "army_claim": """Army says it killed militants near Menaka

By Staff Writer
BAMAKO, March 10, 2023 — The army said on Thursday that its soldiers killed 30 militants in an operation \
near Menaka on Wednesday, March 8. A spokesman for the militants denied that any of its fighters had died.
""",
    "shelling": """Shells hit Timbuktu airport

By Sahel Desk
March 11, 2023
Shells struck the airport of Timbuktu on Friday, March 10, wounding four soldiers, a military source said.
""",
    "statement": """Minister promises talks with neighbours

By Staff Writer
BAMAKO, March 12, 2023 — The foreign minister said the government would hold talks with regional \
partners next month about trade and border crossings.
""",
    "takeover": """Rebels seize army camp near Kidal

By Field Correspondent
March 12, 2023
Rebel fighters took control of an army camp near Kidal on Saturday, March 11, after the soldiers \
withdrew, residents said.
""",
}
TRIALS = 20


def _write_corpus(folder: Path, stories: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in stories.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def dump(path: Path) -> dict[str, list]:
    """What a run leaves that a user sees: articles, fused events, claims, conflicts, and the
    processing state (every article complete)."""
    db = sqlite3.connect(path)
    queries = {
        "articles": "SELECT article_id, content_hash, title, text, duplicate_of, published FROM articles",
        "events": "SELECT event_id, record FROM events",
        "claims": "SELECT claim_id, record FROM claims",
        "reports": "SELECT report_id, record FROM event_reports",
        "conflicts": "SELECT scope, conflict_id, kind, subject, reason FROM conflicts",
        "filed": "SELECT report_id, event_id FROM fusion_items",
        "state": "SELECT article_id, analysed, fused, failed FROM article_state",
    }
    try:
        return {name: sorted(map(tuple, db.execute(query))) for name, query in queries.items()}
    finally:
        db.close()


def _ingest_command(db: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-m", "eventfold.cli", "--db", str(db), "ingest", "--quiet", str(corpus)]


def _batch_started(db: Path) -> bool:
    """The ingest has begun writing (its batch row is committed); read-only, never creating the file."""
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT 1 FROM batches LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False


def _run_until_killed(db: Path, corpus: Path, moment) -> bool:
    """Start `eventfold ingest` and SIGKILL it as soon as `moment(progress)` holds for the progress
    it has written ((stored, analysed, fused) articles); True if it was killed before it finished
    on its own. Kill moments follow the run's progress, not the clock, so a loaded machine still
    spreads them over reading, analysis and fusion."""
    child = subprocess.Popen(_ingest_command(db, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    try:
        while child.poll() is None and not (_batch_started(db) and moment(_progress_of(db))):
            time.sleep(0.005)
        finished = child.poll() is not None
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        return not finished
    finally:
        if child.poll() is None:
            child.kill()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("recovery") / "corpus", CORPUS)


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus) -> dict:
    """An uninterrupted `eventfold ingest`."""
    db = tmp_path_factory.mktemp("reference") / "whole.db"
    child = subprocess.Popen(_ingest_command(db, corpus), stderr=subprocess.PIPE)
    _, errors = child.communicate(timeout=300)
    assert child.returncode == 0, errors.decode()
    return dump(db)


def test_kill9_at_random_moments_then_one_rerun_equals_an_uninterrupted_run(tmp_path, corpus, reference, annotator):
    from eventfold.pipeline import ingest

    expected = reference
    assert len(expected["articles"]) == len(CORPUS) and expected["events"] and expected["claims"]
    assert any(duplicate for *_, duplicate, _ in expected["articles"])  # the syndicated copy is linked
    rng = random.Random(13)
    killed_states = set()
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.db"
        # Rotating over the stages (stored, analysed, fused), at a random count of articles in each;
        # one trial in four as soon as the run begins writing.
        stage, count = trial % 3, rng.randint(1, len(CORPUS))
        moment = (lambda progress: True) if trial % 4 == 0 else \
            (lambda progress, stage=stage, count=count: progress[stage] >= count)
        if _run_until_killed(db, corpus, moment):
            killed_states.add(_progress_of(db))
        with Store.open(db) as store:  # the one re-run
            ingest(store, [str(corpus)], IngestOptions(), annotator=annotator)
        assert dump(db) == expected, f"trial {trial}: killed at {_progress_of(db)} (stage {stage}, count {count})"
    assert len(killed_states) >= 3, f"kills landed in too few distinct moments: {sorted(killed_states)}"


def _progress_of(db: Path) -> tuple[int, int, int]:
    """(articles stored, analysed, fused) when the run was killed."""
    if not db.exists():
        return (0, 0, 0)
    with sqlite3.connect(db) as connection:
        try:
            return connection.execute("SELECT count(*), count(analysed), count(fused) FROM article_state").fetchone()
        except sqlite3.Error:
            return (0, 0, 0)


def test_rerunning_an_ingest_finishes_what_processing_left(tmp_path, corpus, reference, annotator):
    """Stored but never processed (`--no-process`, or a run killed before processing): the same
    ingest again stores nothing new and processes everything; `process` has nothing left."""
    from eventfold.pipeline import ingest, process

    db = tmp_path / "later.db"
    with Store.open(db) as store:
        first = ingest(store, [str(corpus)], IngestOptions(), run_stages=False)
        assert len(first.stored) == len(CORPUS)
        again = ingest(store, [str(corpus)], IngestOptions(), annotator=annotator)
        assert again.stored == [] and again.duplicates == len(CORPUS) and again.processed == len(CORPUS)
        assert process(store, annotator=annotator) == 0
    assert dump(db) == reference


def test_an_article_that_cannot_be_processed_is_marked_listed_skipped_and_removable(tmp_path, corpus, annotator):
    """A real spaCy refusal (E088, text longer than the model's max_length) on one article: the
    others are processed as usual, the failure is stored with its reason, listed by `articles
    --failed`, skipped by later runs, and `articles remove` takes it out."""
    from eventfold.annotate import Annotator
    from eventfold.pipeline import ingest, process

    long_story = "Long report from Gao\n\n" + "The market in Gao reopened on Monday after repairs. " * 80
    folder = _write_corpus(tmp_path / "mixed", {"protest": CORPUS["protest"], "long": long_story})
    strict = Annotator(nlp=annotator.nlp, gazetteer=annotator.gazetteer, actors=annotator.actors)
    strict.nlp.max_length, limit = 2_000, strict.nlp.max_length
    db = tmp_path / "failed.db"
    messages: list[str] = []
    try:
        with Store.open(db) as store:
            report = ingest(store, [str(folder)], IngestOptions(), annotator=strict, on_message=messages.append)
            assert report.processed == 1 and report.failed_articles == 1
            assert process(store, annotator=strict) == 0  # skipped: it failed at these versions
    finally:
        strict.nlp.max_length = limit
    assert any("long.txt: could not be processed" in m and "E088" in m for m in messages)
    listed = run_cli("--db", str(db), "articles", "--failed", "--json")
    assert listed.returncode == 0, listed.stderr.decode()
    [line] = listed.stdout.decode().splitlines()
    assert "long.txt" in line and "E088" in line
    failed_id = __import__("json").loads(line)["article_id"]
    removed = run_cli("--db", str(db), "articles", "remove", failed_id[:8])
    assert removed.returncode == 0, removed.stderr.decode()
    assert run_cli("--db", str(db), "articles", "--failed").stdout == b""
    assert [row[2] for row in dump(db)["articles"]] == ["Residents of Gao march over power cuts"]


def test_removing_an_article_refuses_the_events_it_was_part_of(tmp_path, corpus, reference, annotator):
    from eventfold.pipeline import ingest, remove_article
    from eventfold.store.fusion import events

    db = tmp_path / "remove.db"
    with Store.open(db) as store:
        ingest(store, [str(corpus)], IngestOptions(), annotator=annotator)
        raid = next(e for e in events(store) if len(e.article_ids) == 2)
        second = next(a for a in raid.article_ids if "Villagers" in store.article(a).title)
        assert remove_article(store, second) == second
        [left] = [e for e in events(store) if e.event_id == raid.event_id]
        assert second not in left.article_ids and len(left.article_ids) == 1
        assert len(left.report_ids) == len(raid.report_ids) - 1 and left.fatalities.value == 12
        for table in ("claims", "event_reports", "mentions", "fusion_items", "article_state"):
            count = f"SELECT count(*) FROM {table} WHERE article_id = ?"
            assert store.connection.execute(count, (second,)).fetchone()[0] == 0, table
        # the original of the syndicated copy removed: the copy stands alone and is fused in its place
        [(copy_id, original_id)] = [(a.article_id, a.duplicate_of) for a in store.articles() if a.duplicate_of]
        remove_article(store, original_id)
        copy = store.article(copy_id)
        assert copy.duplicate_of is None
        assert any(copy.article_id in e.article_ids for e in events(store))
        assert sqlite3.connect(db).execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_todo_list_is_index_lookups_not_a_table_scan(tmp_path):
    from eventfold.store.processing import _BEHIND, _NOT_FAILED, _SELECT

    with Store.open(tmp_path / "plan.db") as store:
        plan = [row[3] for row in store.connection.execute(
            f"EXPLAIN QUERY PLAN {_SELECT} WHERE {_BEHIND} AND {_NOT_FAILED}", {"a": "k", "f": "v"})]
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_process_exits_non_zero_when_an_article_fails(tmp_path, monkeypatch):
    """`eventfold process` says how many articles failed and exits 1 (a real spaCy E088 refusal:
    the model's max_length lowered in this process, `--jobs 1` so no worker reloads it)."""
    from click.testing import CliRunner

    import eventfold.annotate.nlp as nlp_module
    from eventfold.cli import main

    long_story = "Long report from Gao\n\n" + "The market in Gao reopened on Monday after repairs. " * 80
    folder = _write_corpus(tmp_path / "mixed", {"protest": CORPUS["protest"], "long": long_story})
    db = str(tmp_path / "exit.db")
    runner = CliRunner()
    stored = runner.invoke(main, ["--db", db, "ingest", "--quiet", "--no-process", str(folder)])
    assert stored.exit_code == 0, stored.output
    real_load = nlp_module.load_nlp

    def short_model(disable=()):
        model = real_load(disable)
        model.max_length = 2_000
        return model

    monkeypatch.setattr(nlp_module, "load_nlp", short_model)
    try:
        processed = runner.invoke(main, ["--db", db, "process", "--quiet", "--jobs", "1"])
    finally:
        real_load().max_length = 1_000_000
    assert processed.exit_code == 1
    assert "1 article(s) failed" in processed.output
