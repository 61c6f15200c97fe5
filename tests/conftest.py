"""Shared test helpers: paths to the project's fixtures and to the shared evaluation data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO / "examples" / "corpus"
SEEDS = SHARED / "corpus" / "seeds"

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared (dev data and seeds) is not on this machine")


@pytest.fixture(scope="module")
def annotator():
    """The real annotator (spaCy model, gazetteer, actor dictionary), one per test module; a module
    may define its own (another actor pack)."""
    from eventfold.annotate import Annotator

    return Annotator()


@pytest.fixture(scope="module")
def nlp():
    """The real spaCy pipeline the product parses with, one per test module."""
    from eventfold.annotate.nlp import load_nlp

    return load_nlp()


def run_cli(*args: str, stdin: bytes | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the real `eventfold` command line in a subprocess."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "eventfold.cli", *args],
        input=stdin, capture_output=True, timeout=timeout, env=env,
    )


def ingest_articles(folder: Path, articles: list[dict]) -> str:
    """Written articles ingested as JSON Lines through the real CLI into a store in `folder`; its path."""
    import json

    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    db = str(folder / "store.db")
    result = run_cli("--db", db, "ingest", str(feed), "-q", "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    return db


def exported_events(db: str, folder: Path, scope: str = "all") -> list[dict]:
    """The rows `export events --scope SCOPE --format jsonl` writes from the store `db`."""
    import json

    out = folder / f"{scope}.jsonl"
    result = run_cli("--db", db, "export", "events", "--scope", scope, "--format", "jsonl", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def export_all_events(folder: Path, articles: list[dict]) -> list[dict]:
    """Written articles through ingest, and every event `export --scope all` writes (occurrences included)."""
    return exported_events(ingest_articles(folder, articles), folder)


def extract_story(annotator, text: str, published: str):
    """A written story through the real ingest, annotator and extractor: (article, annotations,
    actual reports)."""
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    article = parse_document(RawDocument(path="story", format="text", content=text, published=published),
                             IngestOptions())
    annotations = annotator.annotate([article])[0]
    reports = [r for r in extract_events(article, annotations, actors=annotator.actors).reports
               if r.modality == "actual"]
    return article, annotations, reports


def written_record(title: str, text: str, published: str, path: str = "story.json"):
    """A written feed record (headline and summary) through the real ingest: its Article."""
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    return parse_document(RawDocument(path=path, format="json", content=text, title=title, published=published),
                          IngestOptions())


def extract_record(annotator, title: str, text: str, published: str):
    """A written feed record through the real ingest, annotator and extractor: every report."""
    from eventfold.extract.events import extract_events

    article = written_record(title, text, published)
    annotation = annotator.annotate([article])[0]
    return extract_events(article, annotation, actors=annotator.actors).reports


def first_event_of_record(annotator, title: str, text: str, published: str):
    """The first actual report of a written feed record at the default confidence (fails when none)."""
    from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE

    reports = [r for r in extract_record(annotator, title, text, published)
               if r.modality == "actual" and r.confidence is not None and r.confidence >= DEFAULT_MIN_CONFIDENCE]
    assert reports, f"no event read from {text!r}"
    return reports[0]


def story_extractor(published: str):
    """A function of a written story's text to its (annotations, actual reports), one Annotator shared."""
    from eventfold.annotate import Annotator

    annotator = Annotator()

    def extract(text: str):
        _, annotations, reports = extract_story(annotator, text, published)
        return annotations, reports

    return extract
