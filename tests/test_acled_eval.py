"""Tests of the ACLED evaluation: its normalisations, and a full run on the shipped fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventfold.evaluate.acled import (
    FIELDS, ActorMatcher, AcledRow, Prediction, acled_actor_core, acled_names_in, admin1_key, choose_report,
    evaluate, field_agreement, notes_have_date, parse_acled_date, read_rows,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "acled" / "sample.csv"


@pytest.fixture(scope="module")
def matcher():
    from eventfold.annotate.entities import ActorDictionary
    from eventfold.annotate.gazetteer import Gazetteer

    return ActorMatcher(ActorDictionary.load(["afghanistan"]), Gazetteer.open())  # the cases are Afghan actors


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("cell, expected", [
    ("20 August 2021", "2021-08-20"),
    ("06 September 2021", "2021-09-06"),
    ("2021-08-20", "2021-08-20"),
    ("2021-08-20T10:30:00", "2021-08-20"),
    ("20-Aug-2021", "2021-08-20"),
    ("20/08/2021", "2021-08-20"),  # ACLED is day-first
    ("", None),
    ("sometime in August", None),
])
def test_parse_acled_date(cell, expected):
    assert parse_acled_date(cell) == expected


def test_notes_have_date():
    assert notes_have_date("On 20 August 2021, Taliban fighters clashed with local militiamen in Banu.")
    assert not notes_have_date("The Taliban took control of the city after government forces withdrew.")
    assert not notes_have_date("In August 2021, the Taliban took control of the city.")  # month only


# ---------------------------------------------------------------- admin1


@pytest.mark.parametrize("ours, theirs", [
    ("Baghlān", "Baghlan"), ("Panjshayr", "Panjshir"), ("Nīnawá", "Ninewa"), ("Paktiya", "Paktia"),
    ("Kābul", "Kabul Province"), ("Banaadir", "Banadir"), ("Tāʻizz", "Taizz"), ("Borno State", "Borno"),
])
def test_admin1_spellings_agree(ours, theirs):
    assert admin1_key(ours) == admin1_key(theirs)


@pytest.mark.parametrize("ours, theirs", [("Kābul", "Kapisa"), ("Balkh", "Baghlan"), ("Kunar", "Kunduz")])
def test_admin1_different_provinces_differ(ours, theirs):
    assert admin1_key(ours) != admin1_key(theirs)


# ---------------------------------------------------------------- actors


@pytest.mark.parametrize("name, core", [
    ("Protesters (Afghanistan)", "Protesters"),
    ("Military Forces of Afghanistan (2021-)", "Military Forces of Afghanistan"),
    ("NRF: National Resistance Front", "National Resistance Front"),
    ("Taliban", "Taliban"),
    ("Police Forces of Pakistan (2018-) Counter-Terrorism Department", "Police Forces of Pakistan"),
])
def test_acled_actor_core(name, core):
    assert acled_actor_core(name) == core


def test_acled_names_read_from_dictionary_notes():
    assert acled_names_in("Afghan branch of the Islamic State (ACLED: Islamic State (Afghanistan)).") == [
        "Islamic State (Afghanistan)"]
    assert acled_names_in("ACLED: Military/Police Forces of Afghanistan (2004-2021)") == [
        "Military Forces of Afghanistan (2004-2021)", "Police Forces of Afghanistan (2004-2021)"]


@pytest.mark.parametrize("acled, ours, on", [
    ("Taliban", "Taliban", "2021-08-10"),
    ("Military Forces of Afghanistan (2021-)", "Taliban", "2021-09-06"),
    ("Military Forces of Afghanistan (2021-)", "Islamic Emirate of Afghanistan", "2021-09-06"),
    ("Military Forces of Afghanistan (2004-2021)", "Afghan National Defense and Security Forces", "2021-08-01"),
    ("Protesters (Afghanistan)", "Protesters", None),
    ("Protesters (Pakistan)", "Protesters (PK)", None),
    ("Civilians (Afghanistan)", "Civilians", None),
    ("NRF: National Resistance Front", "National Resistance Front of Afghanistan", None),
    ("Islamic State (Afghanistan)", "Islamic State Khorasan Province", None),
    ("Military Forces of the United States", "United States Armed Forces", None),
    ("Boko Haram - Jamatu Ahli as-Sunna lid-Dawati wal-Jihad", "Boko Haram", None),
    ("Taliban", "Zabihullah Mujahid", None),  # a spokesman's organisation
    ("Military Forces of Afghanistan (2021-) Ministry of Interior", "Taliban", "2021-10-01"),
])
def test_same_actor(matcher, acled, ours, on):
    assert matcher.same(acled, ours, on=on)


@pytest.mark.parametrize("acled, ours, on", [
    ("Military Forces of Afghanistan (2004-2021)", "Taliban", "2021-08-01"),
    ("Military Forces of Afghanistan (2004-2021) National Army", "Taliban", "2021-08-01"),
    ("Protesters (Afghanistan)", "Taliban", None),
    ("Military Forces of Nigeria (2015-2023)", "Taliban", "2021-09-01"),
    ("Taliban", None, None),
])
def test_different_actor(matcher, acled, ours, on):
    assert not matcher.same(acled, ours, on=on)


# ---------------------------------------------------------------- rows and scoring


def test_read_rows_of_fixture():
    rows = read_rows(FIXTURE)
    assert 12 <= len(rows) <= 20
    first = rows[0]
    assert first.event_date == "2021-08-20" and first.admin1 == "Baghlan" and first.fatalities == 30
    assert read_rows(FIXTURE, limit=3) == rows[:3]


def test_read_rows_semicolons_and_quotes(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('event_date;sub_event_type;actor1;admin1;latitude;longitude;fatalities;notes\n'
                    '2021-09-06;Armed clash;Taliban;Panjshir;35.31292;69.51519;;'
                    '"On 6 September 2021, the ""resistance"" said; fighting went on."\n', encoding="utf-8")
    [row] = read_rows(path)
    assert row.notes == 'On 6 September 2021, the "resistance" said; fighting went on.'
    assert (row.event_date, row.fatalities, row.latitude) == ("2021-09-06", 0, 35.31292)


def test_read_rows_rejects_a_file_without_notes(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("event_date,actor1\n20 August 2021,Taliban\n", encoding="utf-8")
    with pytest.raises(ValueError, match="notes"):
        read_rows(path)


def test_field_agreement(matcher):
    row = AcledRow("On 8 September 2021, ...", "2021-09-08", "Excessive force against protesters", "Herat",
                   34.34817, 62.19967, 2, "Military Forces of Afghanistan (2021-)")
    near = Prediction("2021-09-08", "excessive force against protesters", "Herāt", 34.40, 62.10, 2, "Taliban")
    assert all(field_agreement(row, near, matcher).values())
    empty = field_agreement(row, Prediction(), matcher)
    assert not any(empty.values())
    far = Prediction(latitude=34.34817, longitude=62.60)  # ~37 km east
    assert not field_agreement(row, far, matcher)["location_25km"]


def test_choose_report_prefers_first_actual():
    from eventfold.model import EventReport, Span

    def report(start, modality):
        return EventReport(str(start), "a", "Battles", "Armed clash", Span("a", start, start + 5), modality=modality)

    assert choose_report([report(50, "actual"), report(0, "historical"), report(20, "actual")]).report_id == "20"
    assert choose_report([report(10, "historical")]).report_id == "10"
    assert choose_report([]) is None


def test_evaluate_fixture_end_to_end():
    result = evaluate(FIXTURE)
    assert result["task"] == "acled" and result["n"] == len(read_rows(FIXTURE))
    assert set(result["fields"]) == set(FIELDS)
    assert all(0.0 <= value <= 1.0 for value in result["fields"].values())
    assert result["fields"]["event_date"] >= 0.9  # the notes state their dates


def test_cli_eval_acled():
    from eventfold.cli import main

    outcome = CliRunner().invoke(main, ["eval", "acled", "--data", str(FIXTURE), "--limit", "2"])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.output)["n"] == 2
