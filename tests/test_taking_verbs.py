"""Only a verb of taking makes a capture an arrest (issue 9: type): "fought the army to overrun two
camps" takes ground, not soldiers. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import extract_story


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def test_fighting_the_army_to_overrun_camps_takes_ground_not_people(annotator):
    text = ("Dozens of rebels fought the army from dawn to dusk on Monday to overrun two military camps in Chin "
            "State, a spokesman for the rebel group said.")
    _, _, reports = extract_story(annotator, text, "2023-11-14")
    assert [r.sub_event_type for r in reports] == ["Non-state actor overtakes territory"]



def test_a_town_in_another_spelling_is_named_as_itself():
    """"captured Pol-e-Khomri": the town in the gazetteer's other spelling is a place, so the figure
    reader's "named person" taken there is misread (an arrest of nobody); a demonym is not the place."""
    from eventfold.annotate.gazetteer import Gazetteer
    from eventfold.extract.clauses import _named_as_itself
    from eventfold.model import PlaceMention, Span

    gazetteer = Gazetteer.open()
    town = next(p for p, _ in gazetteer.lookup("Pol-e-Khomri") if p.country == "AF")
    israel = next(p for p, _ in gazetteer.lookup("Israel") if p.feature_code == "PCLI")
    span = Span("a", 0, 12, "text")
    assert _named_as_itself(PlaceMention(span, "Pol-e-Khomri", town, "pattern:compound"))
    assert not _named_as_itself(PlaceMention(span, "Israeli", israel, "ner:NORP"))
