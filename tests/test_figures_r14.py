"""The dead among the people shot, however the parser hangs "N of them fatally" (issue 9, GVA), on
sentences written for these tests and read by the real spaCy model, annotator and extractor: the
wounded are those shot less the dead, whether the count sits in a relative clause or the fate comes
at the end of the sentence."""

from __future__ import annotations

import pytest
from conftest import extract_story

TAIL = "\n\nDetectives asked anyone with information to call the department, and said the inquiry went on.\n"


@pytest.mark.parametrize("sentence", [
    "Blood marked the door of the bar on Pine Street where five people were shot, two of them fatally, early "
    "Sunday in Dayton.",
    "Officers said five people were shot early Sunday in Dayton, two of them fatally.",
    "Five people were shot, two of them fatally, early Sunday in Dayton.",
])
def test_the_dead_among_the_shot_are_no_wounded(annotator, sentence):
    _, _, reports = extract_story(annotator, "Shooting outside a Dayton bar" + "\n\n" + sentence + TAIL,
                                  "2016-05-02")
    (shooting,) = reports
    assert (shooting.fatalities.conservative, shooting.wounded.conservative) == (2, 3)
