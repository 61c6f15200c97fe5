"""An analyst's actor edit carries ACLED's inter codes with it: the exported inter1/inter2 and
interaction are those of the corrected actors, read from what the store and the actor dictionary
know of them (review/actors.py), and come back to the machine's when the edit is undone."""

from __future__ import annotations

import csv

import pytest

from conftest import run_cli
from review_corpus import db, store  # noqa: F401 (fixtures)

from eventfold import review
from eventfold.export.rows import event_rows
from eventfold.store.dataset import load_dataset


def _clash(store):
    """The clash near Gao: two sides, each named by the article."""
    return next(e for e in review.reviewed_events(store) if e.sub_event_type == "Armed clash" and e.actor2)


def _row(store, event_id) -> dict:
    data = load_dataset(store)
    return next(r for e, r in zip(data.events, event_rows(data)) if e.event_id == event_id)


def test_the_machine_codes_both_sides_of_the_clash(store):
    clash = _clash(store)
    row = _row(store, clash.event_id)
    assert row["inter1"] and row["inter2"] and row["inter1"] != row["inter2"]
    assert row["interaction"] == 10 * min(row["inter1"], row["inter2"]) + max(row["inter1"], row["inter2"])


def test_an_actor_named_by_a_report_of_the_event_takes_that_reports_code(store):
    clash = _clash(store)
    review.edit(store, clash.event_id, "actor1", clash.actor2, "ana", "sides swapped")
    row = _row(store, clash.event_id)
    assert (row["actor1"], row["inter1"]) == (clash.actor2, clash.inter2)
    assert row["interaction"] == 11 * clash.inter2  # both sides of one category


def test_a_stored_actor_takes_its_category_by_name_or_alias(store):
    clash = _clash(store)
    civilians = next(e for e in review.reviewed_events(store) if e.actor2 and e.actor2.startswith("Civilians"))
    review.edit(store, clash.event_id, "actor2", civilians.actor2, "ana", "the dead were villagers")
    row = _row(store, clash.event_id)
    assert (row["inter2"], row["interaction"]) == (7, 10 * min(clash.inter1, 7) + max(clash.inter1, 7))
    review.edit(store, clash.event_id, "actor2", "Malian soldiers", "ana")  # an alias of the state's forces
    assert _row(store, clash.event_id)["inter2"] == 1


def test_dictionary_and_state_force_names_give_their_category(store):
    clash = _clash(store)  # in Mali
    review.edit(store, clash.event_id, "actor1", "Islamic State", "ana")  # the shipped dictionary: Rebel groups
    assert _row(store, clash.event_id)["inter1"] == 2
    review.edit(store, clash.event_id, "actor1", "Military Forces of Niger", "ana")  # a state's forces abroad
    assert _row(store, clash.event_id)["inter1"] == 8
    review.edit(store, clash.event_id, "actor1", "Police Forces of Mali", "ana")  # at home
    assert _row(store, clash.event_id)["inter1"] == 1


def test_an_unknown_actor_has_no_code_rather_than_the_old_ones(store):
    clash = _clash(store)
    review.edit(store, clash.event_id, "actor1", "Night riders of the dunes", "ana")
    row = _row(store, clash.event_id)
    assert (row["inter1"], row["interaction"]) == (None, None)
    assert row["inter2"] == clash.inter2


def test_the_category_itself_can_be_corrected_and_undone(store):
    clash = _clash(store)
    wanted = 2 if clash.inter1 != 2 else 3  # Rebel groups, or Political militias if it was that already
    correction = review.edit(store, clash.event_id, "actor1_category", str(wanted), "ana", "named by the ministry")
    row = _row(store, clash.event_id)
    assert row["inter1"] == wanted and ("Rebel groups" if wanted == 2 else "Political militias") in row["review_note"]
    assert row["interaction"] == 10 * min(wanted, clash.inter2) + max(wanted, clash.inter2)
    with pytest.raises(review.ReviewError, match="unknown ACLED actor category"):
        review.edit(store, clash.event_id, "actor2_category", "Bandits", "ana")
    review.undo(store, correction.correction_id, "ana")
    assert _row(store, clash.event_id)["inter1"] == clash.inter1


def test_acled_export_writes_the_corrected_codes(db, store, tmp_path):
    clash = _clash(store)
    review.edit(store, clash.event_id, "actor2", "Islamic State", "ana")
    out = tmp_path / "acled.csv"
    result = run_cli("--db", str(db), "export", "events", "--format", "acled-csv", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    with out.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["actor2"] == "Islamic State")
    assert row["inter2"] == "Rebel group"
    assert "Rebel group" in row["interaction"]
