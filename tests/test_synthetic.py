"""The synthetic corpus generator: valid input for ingest, the same corpus for the same seed,
news-like lengths, many outlets and events, and near-copies that ingest recognises."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument, list_input_files, read_input
from eventfold.model import Article
from eventfold.pipeline import ingest
from eventfold.store import Store
from eventfold.synthetic import generate, long_document, write


def _records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_same_seed_same_corpus_and_another_seed_another(tmp_path):
    write(generate(30, seed=4), tmp_path / "a.jsonl")
    write(generate(30, seed=4), tmp_path / "b.jsonl")
    write(generate(30, seed=5), tmp_path / "c.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert _records(tmp_path / "a.jsonl") != _records(tmp_path / "c.jsonl")


def test_json_lines_and_text_files_are_read_as_articles_without_problems(tmp_path):
    write(generate(12, seed=2), tmp_path / "corpus.jsonl")
    write(generate(5, seed=2), tmp_path / "folder")
    items = [item for name in list_input_files([str(tmp_path)]) for item in read_input(name)]
    assert len(items) == 17 and all(isinstance(item, RawDocument) for item in items)
    articles = [parse_document(item, IngestOptions()) for item in items]
    assert all(isinstance(a, Article) for a in articles)
    from_lines = [a for a in articles if a.path.endswith(".jsonl")]
    assert all(a.title and a.outlet and a.published and len(a.text) > 500 for a in from_lines)
    from_text = [a for a in articles if a.path.endswith(".txt")]
    # the plain-text dump's headline becomes the title, as for any text file
    assert {a.title for a in from_text} == {r.title for r in generate(5, seed=2)}


def test_lengths_outlets_and_events_look_like_a_news_flow():
    articles = list(generate(400, seed=1))
    lengths = [len(a.text) for a in articles]
    assert 1500 <= statistics.median(lengths) <= 7000
    assert max(lengths) >= 15_000  # a few long situation reports
    assert len({a.outlet for a in articles}) >= 60
    assert len({a.published for a in articles}) >= 15
    # several outlets tell the same town's events on nearby days
    towns = [a.title.rsplit(" in ", 1)[-1] for a in articles]
    assert statistics.mean(towns.count(town) for town in set(towns)) >= 3


def test_feed_items_are_short_and_tell_the_same_flow_of_events():
    items = list(generate(200, seed=1, feed=True))
    articles = list(generate(200, seed=1))
    # a summary of a paragraph or two (byline, dateline and a near-copy's credit line beside it)
    assert all(250 <= len(item.text) <= 1_300 for item in items)
    assert statistics.median(len(item.text) for item in items) < statistics.median(len(a.text) for a in articles) / 3
    towns = [item.title.rsplit(" in ", 1)[-1] for item in items]  # several outlets on each town's events
    assert statistics.mean(towns.count(town) for town in set(towns)) >= 3


def test_long_document_reaches_the_length_asked_for():
    report = long_document(20_000, seed=3)
    assert 20_000 <= len(report.text) < 22_000
    assert long_document(20_000, seed=3) == report


def test_near_copies_are_stored_as_near_duplicates(tmp_path):
    articles = list(generate(60, seed=8))
    copies = [a for a in articles if a.title.endswith("(update)")]
    assert copies, "the generator makes syndicated near-copies"
    write(iter(articles), tmp_path / "corpus.jsonl")
    with Store.open(tmp_path / "store.db") as store:
        report = ingest(store, [str(tmp_path / "corpus.jsonl")], IngestOptions(), run_stages=False)
    assert len(report.stored) + report.duplicates == 60
    assert report.near_duplicates >= len(copies) // 2


def test_command_line_writes_the_files_asked_for(tmp_path):
    done = subprocess.run([sys.executable, "-m", "eventfold.synthetic", "--articles", "7", "--out",
                           str(tmp_path / "out.jsonl"), "--seed", "3"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(_records(tmp_path / "out.jsonl")) == 7
    done = subprocess.run([sys.executable, "-m", "eventfold.synthetic", "--long", "12000", "--out",
                           str(tmp_path / "long")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    files = list((tmp_path / "long").glob("*.txt"))
    assert len(files) == 1 and len(files[0].read_text(encoding="utf-8")) >= 12_000
