"""Analyst review on a real store: each correction is kept with who, when and why, applied on top
of the machine's events wherever they are read, undone on request, and never lost when the
machine recomputes (`process`, `process --force`, `fuse --rebuild`)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from conftest import run_cli
from review_corpus import db, store  # noqa: F401 (fixtures)

from eventfold import review
from eventfold.export.rows import event_rows
from eventfold.review.apply import moved_event_id
from eventfold.store import Store
from eventfold.store.dataset import load_dataset


def _raid(store):
    """The event two outlets report with different death tolls."""
    return next(e for e in review.reviewed_events(store) if len(e.article_ids) == 2)


def _single(store, sub_event_type):
    return next(e for e in review.reviewed_events(store) if e.sub_event_type == sub_event_type)


def test_the_corpus_gives_a_contested_two_source_event(store):
    raid = _raid(store)
    assert raid.contested and (raid.fatalities.low, raid.fatalities.high) == (9, 14)
    assert not raid.reviewed and raid.review_note == ""


def test_an_edit_is_kept_with_who_when_why_and_shows_wherever_events_are_read(store):
    raid = _raid(store)
    stored = review.edit(store, raid.event_id, "fatalities", "11", "ana", "count from the clinic")
    assert (stored.kind, stored.field, stored.old, stored.new) == ("edit", "fatalities", 9, 11)
    assert stored.who == "ana" and stored.why == "count from the clinic"
    assert datetime.fromisoformat(stored.when).tzinfo is not None
    assert stored.anchor == raid.report_ids and not stored.undone

    seen = review.reviewed_event(store, raid.event_id)
    assert seen.fatalities.value == 11 and (seen.fatalities.low, seen.fatalities.high) == (9, 14)
    assert seen.reviewed and "fatalities 9 → 11" in seen.review_note and "ana" in seen.review_note
    assert any(p.rule == "review:fatalities" for p in seen.provenance)

    data = load_dataset(store)
    row = next(r for e, r in zip(data.events, event_rows(data)) if e.event_id == raid.event_id)
    assert row["fatalities"] == 11 and row["reviewed"] is True and "count from the clinic" in row["review_note"]
    others = [r for e, r in zip(data.events, event_rows(data)) if e.event_id != raid.event_id]
    assert others and all(r["reviewed"] is False and r["review_note"] is None for r in others)
    assert [c.correction_id for c in review.corrections(store, raid.event_id)] == [stored.correction_id]


def test_every_editable_field_takes_a_checked_value(store):
    gao = next(e for e in review.reviewed_events(store) if len(e.article_ids) == 1 and e.actor2)
    review.edit(store, gao.event_id, "sub_event_type", "Attack", "bo")
    review.edit(store, gao.event_id, "event_date", "2023-06", "bo")
    review.edit(store, gao.event_id, "place", {"name": "Gao outskirts", "latitude": 16.3, "longitude": -0.05,
                                               "country": "ml", "admin1": "Gao"}, "bo")
    review.edit(store, gao.event_id, "actor1", "Rebel fighters of the north", "bo")
    review.edit(store, gao.event_id, "actor2", "none", "bo")
    review.edit(store, gao.event_id, "injured", 7, "bo")
    review.edit(store, gao.event_id, "captured", "2", "bo")
    seen = review.reviewed_event(store, gao.event_id)
    assert (seen.event_type, seen.sub_event_type) == ("Violence against civilians", "Attack")
    assert (seen.date.value, seen.date.precision, seen.time_precision) == ("2023-06", "month", 3)
    assert (seen.place.name, seen.place.country, seen.location_text) == ("Gao outskirts", "ML", "Gao outskirts")
    assert seen.place.geonameid < 0  # a place of the analyst's own gets a stable negative id
    assert (seen.actor1, seen.actor2) == ("Rebel fighters of the north", None)
    assert (seen.wounded.value, seen.captured.value) == (7, 2)


def test_a_place_by_geonameid_comes_from_the_store(store):
    raid, strike = _raid(store), _single(store, "Air/drone strike")
    review.edit(store, raid.event_id, "place", strike.place.geonameid, "ana", "the wire got the town wrong")
    assert review.reviewed_event(store, raid.event_id).place == strike.place


@pytest.mark.parametrize("field, value, message", [
    ("notes", "x", "cannot edit 'notes'"),
    ("fatalities", "-2", "whole number >= 0"),
    ("fatalities", "2.5", "whole number >= 0"),
    ("event_date", "11/06/2023", "YYYY-MM-DD"),
    ("event_date", "2023-02-30", "YYYY-MM-DD"),
    ("sub_event_type", "Skirmish", "unknown ACLED sub-event type"),
    ("event_type", "Riots", "edit sub_event_type"),
    ("place", {"name": "Nowhere", "latitude": 95, "longitude": 0}, "latitude in [-90, 90]"),
    ("place", "{not json", "not a JSON object"),
    ("place", 987654321, "no place with geonameid 987654321"),
])
def test_a_bad_edit_is_refused_with_one_line_saying_why(store, field, value, message):
    raid = _raid(store)
    with pytest.raises(review.ReviewError, match=message.replace("[", r"\[").replace("]", r"\]")):
        review.edit(store, raid.event_id, field, value, "ana")
    assert review.corrections(store) == []


def test_unknown_events_and_anonymous_corrections_are_refused(store):
    raid = _raid(store)
    with pytest.raises(review.UnknownEvent, match="no event ev-missing"):
        review.accept(store, "ev-missing", "ana")
    with pytest.raises(review.ReviewError, match="who is empty"):
        review.reject(store, raid.event_id, "  ")
    with pytest.raises(review.ReviewError, match="already 9"):
        review.edit(store, raid.event_id, "fatalities", 9, "ana")
    with pytest.raises(review.UnknownEvent, match="no correction #99"):
        review.undo(store, 99, "ana")
    with pytest.raises(review.ReviewError, match="at most"):
        review.undo(store, 2 ** 63, "ana")  # past SQLite's integers: refused, not a crash


def test_rejected_events_leave_the_dataset_but_stay_listable(store):
    raid = _raid(store)
    review.reject(store, raid.event_id, "ana", "a rumour, never confirmed")
    assert raid.event_id not in {e.event_id for e in load_dataset(store).events}
    kept = {e.event_id: e for e in load_dataset(store, include_rejected=True).events}
    assert kept[raid.event_id].rejected and "rejected" in kept[raid.event_id].review_note
    review.accept(store, raid.event_id, "bo", "confirmed by a second source")
    assert raid.event_id in {e.event_id for e in load_dataset(store).events}


def test_move_splits_the_disagreeing_sources_and_merge_joins_them_again(store):
    raid = _raid(store)
    moved = raid.report_ids[-1]
    correction = review.move_report(store, moved, raid.event_id, "ana", "two different raids")
    assert correction.new == moved_event_id(moved) and correction.old == moved
    left, right = review.reviewed_event(store, raid.event_id), review.reviewed_event(store, correction.new)
    assert moved not in left.report_ids and right.report_ids == [moved]
    assert {left.fatalities.value, right.fatalities.value} == {9, 14}
    assert not left.contested and not right.contested  # each now has one figure: nothing disagrees
    assert left.reviewed and right.reviewed
    split = load_dataset(store)
    killed = [c.claim_id for c in split.claims if c.kind == "killed" and c.event_report_id in raid.report_ids]
    assert len(killed) == 2 and not any(split.conflicts_with.get(i) for i in killed)

    joined = review.merge(store, [left.event_id, right.event_id], "bo", "the same raid after all")
    merged = review.reviewed_event(store, joined.new)
    assert sorted(merged.report_ids) == sorted(raid.report_ids)
    assert merged.contested and merged.fatalities.value == 9  # the machine's rules re-fuse the values
    assert review.reviewed_event(store, right.event_id).event_id == merged.event_id  # merged-away id resolves
    data = load_dataset(store)
    assert [c for c in data.conflicts if c.event_id == merged.event_id and c.kind == "killed"]
    assert all(data.conflicts_with.get(i) for i in killed)


def test_merge_of_two_events_folds_reports_and_sources(store):
    raid, strike = _raid(store), _single(store, "Air/drone strike")
    correction = review.merge(store, [raid.event_id, strike.event_id], "ana", "testing")
    merged = review.reviewed_event(store, raid.event_id)
    assert correction.new == raid.event_id and set(merged.report_ids) == set(raid.report_ids) | set(strike.report_ids)
    assert len(merged.article_ids) == 3
    assert strike.event_id not in {e.event_id for e in review.reviewed_events(store)}
    with pytest.raises(review.ReviewError, match="two or more different events"):
        review.merge(store, [raid.event_id, strike.event_id], "ana")  # already one event


def test_undo_restores_the_machine_value_and_is_logged(store):
    raid = _raid(store)
    edit = review.edit(store, raid.event_id, "fatalities", 12, "ana")
    undone = review.undo(store, edit.correction_id, "bo")
    assert undone.undone and undone.undone_by == "bo" and undone.undone_at
    seen = review.reviewed_event(store, raid.event_id)
    assert seen.fatalities.value == 9 and not seen.reviewed
    assert [c.undone for c in review.corrections(store)] == [True]
    with pytest.raises(review.ReviewError, match="already undone"):
        review.undo(store, edit.correction_id, "bo")


def test_a_correction_finds_its_event_by_its_reports_when_the_event_id_changed(db):
    """Event ids are named by the report that opened them, so they may change when fusion files
    reports in another order; corrections are keyed by report ids and follow the reports."""
    import sqlite3

    with Store.open(db) as store:
        raid = _raid(store)
        review.edit(store, raid.event_id, "fatalities", 10, "ana")
    with sqlite3.connect(db) as connection:  # what a renamed event looks like to the correction
        connection.execute("UPDATE corrections SET event_id = 'ev-renamed'")
    with Store.open(db) as store:
        assert review.reviewed_event(store, raid.event_id).fatalities.value == 10


def test_corrections_survive_process_process_force_and_fuse_rebuild(db):
    with Store.open(db) as store:
        raid, strike = _raid(store), _single(store, "Air/drone strike")
        march = next(e for e in review.reviewed_events(store) if "protest" in e.sub_event_type.lower())
        review.edit(store, raid.event_id, "fatalities", 13, "ana", "hospital list")
        review.reject(store, march.event_id, "ana", "not political violence")
        review.merge(store, [strike.event_id, raid.event_id], "bo", "test merge")
    for command in (["process"], ["process", "--force"], ["fuse", "--rebuild"]):
        result = run_cli("--db", str(db), *command)
        assert result.returncode == 0, result.stderr.decode()
        with Store.open(db) as store:
            events = {e.event_id: e for e in load_dataset(store).events}
            assert march.event_id not in events and raid.event_id not in events, command
            merged = events[strike.event_id]
            assert set(merged.report_ids) == set(raid.report_ids) | set(strike.report_ids), command
            assert merged.fatalities.value == 13 and "hospital list" in merged.review_note, command
            listed = review.query_events(store, review.EventQuery(page_size=0)).events  # the facets kept up too
            assert [e.event_id for e in listed] == list(events), command
    listed = run_cli("--db", str(db), "events", "--fused", "--json", "--rejected", "--min-confidence", "0")
    rows = {r["event_id"]: r for r in map(json.loads, listed.stdout.decode().splitlines())}
    assert rows[strike.event_id]["fatalities"] == 13 and rows[strike.event_id]["reviewed"] is True
    assert march.event_id in rows and "not political violence" in rows[march.event_id]["review_note"]


def test_notes_follow_the_corrections_into_a_merged_event_in_their_order(store):
    raid, strike = _raid(store), _single(store, "Air/drone strike")
    first = review.edit(store, strike.event_id, "actor1", "Somali air force", "ana", "named by the ministry")
    second = review.merge(store, [raid.event_id, strike.event_id], "bo", "one operation")
    merged = review.reviewed_event(store, raid.event_id)
    note = merged.review_note
    assert f"#{first.correction_id} ana" in note and f"#{second.correction_id} bo" in note
    assert note.index(f"#{first.correction_id} ") < note.index(f"#{second.correction_id} ")
    assert merged.actor1 == "Somali air force"  # an edit made before a merge holds on the merged event
