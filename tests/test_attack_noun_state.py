"""A toll told with a state's attack word (issue 9: actors): "five killed in a deadly Israeli raid
on Jenin" names Israel's forces as the doer; "after an American strike" names another event's.
Headlines written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import extract_record


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _reports(annotator, title: str, text: str):
    return extract_record(annotator, title, text, "2023-03-02")


def test_the_state_qualifying_the_attack_word_is_the_doer(annotator):
    reports = _reports(annotator, "At least five Palestinians killed, dozens hurt in a deadly Israeli raid on Jenin",
                       "Medics said the dead included two teenagers.")
    assert [r.actor1 for r in reports] == ["Military Forces of Israel"]
    assert any(p.rule == "actor1:state-of-the-attack-noun" for p in reports[0].provenance)


def test_the_attack_an_event_followed_is_another_doer(annotator):
    reports = _reports(annotator, "Rockets hit US base in Syria after American strike on militia sites",
                       "No casualties were reported in the attack on Friday, officials said.")
    assert reports and all(r.actor1 != "Military Forces of United States" for r in reports)


def test_a_peoples_shooting_attack_names_no_state_army(annotator):
    reports = _reports(annotator, "Two Israelis killed in suspected Palestinian shooting attack near Huwara",
                       "The gunman fled the scene, the army said.")
    assert [r.actor1 for r in reports] == ["Unidentified Armed Group (Palestinian Territory)"]


def test_the_leader_who_ordered_a_strike_is_no_party(annotator):
    reports = _reports(annotator, "US strikes militia sites in Syria",
                       "President Joe Biden ordered airstrikes against Iran-backed groups in eastern Syria on Tuesday, "
                       "days after rockets struck near a base housing American troops.")
    strike = next(r for r in reports if r.sub_event_type == "Air/drone strike")
    assert strike.actor1 == "Military Forces of United States"


def test_whom_the_target_is_against_is_no_doer(annotator):
    from conftest import extract_story

    text = ("A drone and rockets targeted two military bases in Iraq and Syria on Monday housing forces of the "
            "international coalition against the Islamic State group, officials said.")
    _, _, reports = extract_story(annotator, text, "2023-12-12")
    assert reports and all(r.actor1 != "Islamic State" for r in reports)
