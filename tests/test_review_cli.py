"""`eventfold review ...` through the real command line on a real store: corrections made, listed,
undone, refused with one line, and marked in the exports."""

from __future__ import annotations

import csv
import json

from conftest import run_cli
from review_corpus import store_copy

from eventfold import review
from eventfold.store import Store


def test_review_commands_make_list_and_undo_corrections(tmp_path_factory, tmp_path):
    db = str(store_copy(tmp_path_factory, tmp_path))
    with Store.open(db) as store:
        events = review.reviewed_events(store)
    raid = next(e for e in events if len(e.article_ids) == 2)
    other = next(e for e in events if len(e.article_ids) == 1)

    edited = run_cli("--db", db, "review", "edit", raid.event_id, "fatalities", "12", "--who", "ana", "-m", "clinic")
    assert edited.returncode == 0, edited.stderr.decode()
    assert "fatalities: 9 → 12 — clinic" in edited.stdout.decode()
    assert run_cli("--db", db, "review", "reject", other.event_id[:9], "--who", "bo").returncode == 0  # a prefix will do

    refused = run_cli("--db", db, "review", "edit", raid.event_id, "fatalities", "many", "--who", "ana")
    assert refused.returncode == 1 and refused.stderr.decode().strip().splitlines() == [
        "Error: fatalities must be a whole number >= 0, not 'many'"]
    missing = run_cli("--db", db, "review", "accept", "ev-nothing", "--who", "ana")
    assert missing.returncode == 1 and "no event ev-nothing" in missing.stderr.decode()
    ambiguous = run_cli("--db", db, "review", "log", "--event", "ev-")
    assert ambiguous.returncode == 1 and "start of several event ids" in ambiguous.stderr.decode()

    log = run_cli("--db", db, "review", "log", "--json")
    entries = [json.loads(line) for line in log.stdout.decode().splitlines()]
    assert [(e["kind"], e["who"]) for e in entries] == [("edit", "ana"), ("reject", "bo")]
    assert entries[0]["old"] == 9 and entries[0]["new"] == 12 and entries[0]["why"] == "clinic"

    out = tmp_path / "events.csv"
    exported = run_cli("--db", db, "export", "events", "--format", "csv", "--out", str(out), "--min-confidence", "0")
    assert exported.returncode == 0, exported.stderr.decode()
    rows = {r["event_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert other.event_id not in rows
    assert rows[raid.event_id]["reviewed"] == "true" and "clinic" in rows[raid.event_id]["review_note"]
    assert rows[raid.event_id]["fatalities"] == "12"

    undone = run_cli("--db", db, "review", "undo", str(entries[0]["correction_id"]), "--who", "bo")
    assert undone.returncode == 0 and "[undone by bo" in undone.stdout.decode()
    mine = run_cli("--db", db, "review", "log", "--event", raid.event_id)
    assert mine.stdout.decode().count("\n") == 1 and "undone by bo" in mine.stdout.decode()
