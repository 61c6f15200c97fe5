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
