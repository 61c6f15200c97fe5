"""A toll the text puts "there", at a place the gazetteer lacks, is another front (issue 9: figures
for different fronts go to their own events). The story is written for this test.
"""

from __future__ import annotations

import pytest

from conftest import extract_story

STORY = ("KABUL — Government troops pushed back an assault in Andarab on Friday, and officials said 40 attackers "
         "died there.\n\n"
         "A far heavier toll was reported from the Zarghun pass, where a militia commander leads the defence. "
         "In a message he said that more than 200 attackers had died there and 15 had been taken prisoner.")


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def test_the_toll_of_another_front_stays_apart(annotator):
    _, _, reports = extract_story(annotator, STORY, "2021-09-04")
    andarab = [r for r in reports if r.place is not None and r.place.name.startswith("Andar")]
    assert andarab and all(r.fatalities is None or r.fatalities.low == 40 for r in andarab)
    assert all(r.captured is None for r in andarab)
    front = [r for r in reports if (r.location_text or "").startswith("Zarghun")]  # "Zarghun pass" by its form
    assert front and front[0].captured is not None and front[0].captured.low == 15
