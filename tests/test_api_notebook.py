"""The notebook API on a real store: `eventfold.open` reads without writing, returns DataFrames
with the filters of the web app, shows analysts' corrections, and keeps `import eventfold` light."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

from review_corpus import built_store, store_copy

import eventfold
from eventfold import review
from eventfold.store import Store


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    with eventfold.open(built_store(tmp_path_factory)) as opened:
        yield opened


def test_import_eventfold_does_not_load_pandas_or_the_store():
    code = "import sys, eventfold; print(sorted(m for m in ('pandas', 'sqlite3', 'spacy') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_events_are_a_dataframe_of_export_rows(ds):
    frame = ds.events(min_confidence=None)
    assert isinstance(frame, pd.DataFrame) and len(frame) >= 5
    assert {"event_id", "event_date", "event_type", "sub_event_type", "actor1", "country", "fatalities",
            "contested", "reviewed", "review_note", "source_count"} <= set(frame.columns)
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    assert frame["event_date"].is_monotonic_increasing
    assert not frame["reviewed"].any()


def test_events_take_the_web_filters(ds):
    everything = ds.events(min_confidence=None)
    contested = ds.events(contested=True, min_confidence=None)
    assert 0 < len(contested) < len(everything) and contested["contested"].all()
    country = everything["country"].dropna().iloc[0]
    iso = ds.events(min_confidence=None).loc[lambda f: f["country"] == country, "event_id"].tolist()
    code = next(e.place.country for e in review.reviewed_events(ds._store) if e.event_id == iso[0])
    assert ds.events(country=code, min_confidence=None)["event_id"].tolist() == iso
    june = ds.events(date_from="2023-06-15", date_to="2023-06-21", min_confidence=None)
    assert june["event_date"].between("2023-06-15", "2023-06-21").all() and len(june) < len(everything)
    by_text = ds.events(text="granaries", min_confidence=None)
    assert len(by_text) == 1 and by_text["source_count"].iloc[0] == 2
    assert ds.events(sort="-fatalities", min_confidence=None)["fatalities"].dropna().is_monotonic_decreasing


def test_claims_conflicts_and_articles_narrow_to_matching_events(ds):
    claims = ds.claims()
    assert {"claim_id", "kind", "value", "claimant", "event_id"} <= set(claims.columns)
    killed = ds.claims(kind="killed")
    assert len(killed) >= 3 and (killed["kind"] == "killed").all()
    contested_claims = ds.claims(contested=True, min_confidence=None)
    assert set(contested_claims["event_id"]) == set(ds.events(contested=True, min_confidence=None)["event_id"])
    conflicts = ds.conflicts()
    assert len(conflicts) >= 1 and "killed" in set(conflicts["kind"])
    assert ds.conflicts(kind="force_size").empty
    articles = ds.articles(contested=True)
    assert len(articles) == 2 and {"article_id", "title", "text", "outlet", "published"} <= set(articles.columns)
    assert len(ds.articles(text="Timbuktu")) == 1


def test_bad_filters_fail_with_one_clear_line(ds):
    with pytest.raises(ValueError, match="sort must be one of"):
        ds.events(sort="loudest")
    with pytest.raises(TypeError, match="unknown filter"):
        ds.claims(colour="red")
    with pytest.raises(ValueError, match="bad text query"):
        ds.articles(text='"open')


def test_opened_read_only(ds):
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        ds._store.connection.execute("DELETE FROM corrections")


def test_a_missing_file_is_not_created(tmp_path):
    from eventfold.store import StoreError

    with pytest.raises(StoreError, match="no such eventfold database"):
        eventfold.open(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


def test_corrections_made_meanwhile_show_on_the_next_call(tmp_path_factory, tmp_path):
    path = store_copy(tmp_path_factory, tmp_path)
    with eventfold.open(path) as notebook:
        before = notebook.events(min_confidence=None)
        raid = before.loc[before["source_count"] == 2, "event_id"].iloc[0]
        with Store.open(path) as analyst:
            review.edit(analyst, raid, "fatalities", 10, "ana", "clinic list")
            review.reject(analyst, before["event_id"].iloc[-1], "ana")
        after = notebook.events(min_confidence=None)
        row = after.set_index("event_id").loc[raid]
        assert row["fatalities"] == 10 and row["reviewed"] and "clinic list" in row["review_note"]
        assert len(after) == len(before) - 1
        assert len(notebook.events(reviewed=True, include_rejected=True, min_confidence=None)) == 2
