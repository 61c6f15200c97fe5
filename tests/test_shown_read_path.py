"""`events --fused`, `export` and `brief` read only what they show (store/dataset.py `Shown`): their
output must be byte for byte what the whole-store read (`load_dataset`) gave. Real spaCy model and
real SQLite stores: the sample corpus, copied under new ids and dates (store/replicate.py) so events
cross pages, with analysts' corrections (a merge, a move, a reject, an edit) replayed over it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli
from eventfold.brief import BriefInput, compose_brief, render_brief
from eventfold.export.acled import ACLED_COLUMNS, acled_export_rows
from eventfold.export.rows import event_rows, export_rows
from eventfold.export.schemas import SCHEMAS
from eventfold.export.writers import write_rows
from eventfold.ingest import IngestOptions
from eventfold.pipeline import ingest
from eventfold.store import Store
from eventfold.store.dataset import Shown, brief_dataset, load_dataset
from eventfold.store.replicate import replicate

FORMATS = {"events": ("csv", "jsonl", "parquet", "geojson"), "articles": ("csv", "jsonl"),
           "entities": ("csv",), "claims": ("csv", "jsonl"), "quotes": ("jsonl",), "conflicts": ("jsonl", "parquet")}


@pytest.fixture(scope="module")
def corrected_store(tmp_path_factory) -> Path:
    from eventfold.review.corrections import edit, merge, move_report, reject

    db = tmp_path_factory.mktemp("shown") / "store.db"
    with Store.open(db) as store:
        ingest(store, [str(CORPUS)], IngestOptions(), jobs=1)
        replicate(store, 2, 400)
        from eventfold.pipeline import _refresh_stale_subject_conflicts

        _refresh_stale_subject_conflicts(store)
        events = load_dataset(store, None).events
        several = [e for e in events if len(e.report_ids) > 1]
        assert len(events) > 12 and several, "the sample corpus fuses reports of several sources"
        merge(store, [events[1].event_id, events[-2].event_id], "ana")
        move_report(store, several[-1].report_ids[0], several[-1].event_id, "ana")
        reject(store, events[4].event_id, "ana", "not an event")
        edit(store, events[7].event_id, "event_date", "1999-01-02", "ana", "the day the sources agree on")
    return db


@pytest.mark.parametrize("options", [dict(min_confidence=0.8), dict(min_confidence=None, include_rejected=True),
                                     dict(min_confidence=0.5, scope="all")])
def test_fused_event_rows_are_those_of_the_whole_store(corrected_store, options):
    with Store.open(corrected_store) as store:
        data = load_dataset(store, **options)
        before = event_rows(data)
        shown = Shown(store, **options)
        paged = [row for page in shown.pages(size=7) for row in event_rows(page)]
        assert [e.event_id for e in shown.events()] == [e.event_id for e in data.events]
    assert paged == before and len(before) > 7
    assert any(row["reviewed"] for row in before)
    # not vacuous: contested events cross the pages at some threshold (which one moves with the extraction rules)
    if options["min_confidence"] is None:
        assert any(row["contested"] for row in before)


def test_events_fused_command_prints_what_it_printed(corrected_store):
    with Store.open(corrected_store) as store:
        before = [json.dumps(row, ensure_ascii=False) for row in event_rows(load_dataset(store, 0.8, scope="all"))]
    printed = run_cli("--db", str(corrected_store), "events", "--fused", "--json")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.decode().splitlines() == before


def test_every_export_writes_the_same_bytes(corrected_store, tmp_path):
    with Store.open(corrected_store) as store:
        data = load_dataset(store, 0.8)
        for kind, formats in FORMATS.items():
            for fmt in formats:
                write_rows(export_rows(kind, data), fmt, tmp_path / f"before-{kind}.{fmt}", columns=SCHEMAS.get(kind))
    for kind, formats in FORMATS.items():
        for fmt in formats:
            out = tmp_path / f"after-{kind}.{fmt}"
            written = run_cli("--db", str(corrected_store), "export", kind, "--format", fmt, "--out", str(out))
            assert written.returncode == 0, written.stderr
            assert out.read_bytes() == (tmp_path / f"before-{kind}.{fmt}").read_bytes(), f"{kind} {fmt}"


def test_acled_export_numbers_events_as_before(corrected_store, tmp_path):
    before_db, after_db = tmp_path / "before.db", tmp_path / "after.db"
    shutil.copy(corrected_store, before_db)
    shutil.copy(corrected_store, after_db)
    with Store.open(before_db) as store:
        rows = acled_export_rows(store, load_dataset(store, 0.8))
        write_rows(rows, "csv", tmp_path / "before.csv", columns=ACLED_COLUMNS)
    written = run_cli("--db", str(after_db), "export", "events", "--format", "acled-csv", "--out",
                      str(tmp_path / "after.csv"))
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()
    assert len(rows) > 7


@pytest.mark.parametrize("min_confidence", [0.8, None])
def test_brief_says_what_it_said(corrected_store, min_confidence):
    with Store.open(corrected_store) as store:
        data = load_dataset(store, min_confidence)
        before = BriefInput(events=data.events, claims=data.claims, conflicts=data.conflicts, articles=data.articles,
                            entities=[e for e, _ in data.entities], generated_at="2026-12-05T12:00:00Z",
                            min_confidence=min_confidence)
        cited = brief_dataset(Shown(store, min_confidence))
        after = BriefInput(events=cited.events, claims=cited.claims, conflicts=cited.conflicts, articles=cited.articles,
                           entities=[e for e, _ in cited.entities], generated_at="2026-12-05T12:00:00Z",
                           min_confidence=min_confidence, articles_examined=store.article_count())
        assert len(cited.articles) < len(data.articles) and not any(a.text for a in cited.articles)
    assert compose_brief(after) == compose_brief(before)
    for fmt in ("html", "md"):
        assert render_brief(after, fmt) == render_brief(before, fmt)
    if min_confidence is None:  # not vacuous (which threshold keeps a contested event moves with the rules)
        assert compose_brief(before).contested


def _brief_input(data, totals=None, **more) -> BriefInput:
    return BriefInput(events=data.events, claims=data.claims, conflicts=data.conflicts, articles=data.articles,
                      entities=[e for e, _ in data.entities], generated_at="2026-12-05T12:00:00Z", totals=totals,
                      **more)


def test_brief_command_under_the_bound_is_the_whole_brief(corrected_store, tmp_path):
    from eventfold.brief.compose import MAX_BRIEF_EVENTS

    with Store.open(corrected_store) as store:
        data, stored = load_dataset(store, 0.8), store.article_count()
        assert len(data.events) < MAX_BRIEF_EVENTS
        before = render_brief(_brief_input(data, min_confidence=0.8, articles_examined=stored), "md")
    written = run_cli("--db", str(corrected_store), "brief", "--out", str(tmp_path / "brief.md"))
    assert written.returncode == 0, written.stderr
    after = (tmp_path / "brief.md").read_text(encoding="utf-8")
    masked = [re.sub(r"^Generated .*", "Generated", text, flags=re.M) for text in (before, after)]
    assert masked[0] == masked[1] and "latest of" not in after


def _unnumbered(entry) -> tuple:
    return (entry.event_id, entry.date, entry.event_type, entry.place, entry.actors, entry.figures,
            tuple(c.statement for c in entry.claims), entry.contested)


@pytest.mark.parametrize("min_confidence", [0.8, None])
def test_a_brief_over_the_bound_lists_the_latest_and_counts_them_all(corrected_store, min_confidence):
    from eventfold.store.dataset import brief_of_shown

    with Store.open(corrected_store) as store:
        data = load_dataset(store, min_confidence)
        whole = compose_brief(_brief_input(data, min_confidence=min_confidence))
        shown = Shown(store, min_confidence)
        limit = len(data.events) // 3
        cut, totals = brief_of_shown(shown, limit)
        assert brief_of_shown(shown, len(data.events))[1] is None
        bounded = compose_brief(_brief_input(cut, totals, min_confidence=min_confidence,
                                             articles_examined=len(data.articles)))
    latest = {e.event_id for e in data.events[-limit:]}  # the last in date order
    assert len(bounded.timeline) == limit and {t.event_id for t in bounded.timeline} == latest
    assert [_unnumbered(t) for t in bounded.timeline] == [_unnumbered(t) for t in whole.timeline if t.event_id in latest]
    same = ("events", "events_by_type", "fatalities", "fatalities_low", "fatalities_high", "events_with_fatalities",
            "contested_events", "located_events", "articles_examined", "min_confidence", "sources", "outlets")
    assert [getattr(bounded.figures, f) for f in same] == [getattr(whole.figures, f) for f in same]
    assert bounded.actors == whole.actors and bounded.period == whole.period
    assert bounded.figures.listed_events == limit and whole.figures.listed_events is None
    assert len(bounded.sources) < len(whole.sources)
    for fmt in ("html", "md"):
        text = render_brief(_brief_input(cut, totals, min_confidence=min_confidence), fmt)
        assert f"Showing the {limit:,} latest of {len(data.events):,} events" in text
        assert "eventfold export events" in text
