"""Totals counted from a start until now are no events (issue 9: "2,000 civilians killed since
the invasion"); the days of one episode ("since Sunday") still are. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import extract_story


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


@pytest.mark.parametrize("text", [
    "Sudan's health ministry said 550 people have been killed since the fighting between the army and the "
    "Rapid Support Forces broke out on April 15.",
    "Israeli troops have arrested more than 1,200 Palestinians in the West Bank since January, a rights group said.",
    "The army said its soldiers have killed about 9,000 militants in the north since the offensive began last year.",
])
def test_a_count_since_a_start_is_a_total(annotator, text):
    _, _, reports = extract_story(annotator, text, "2023-05-02")
    assert reports == []


def test_the_days_of_one_episode_are_an_event(annotator):
    text = "Two people have been killed in clashes between herders and farmers in Benue State since Sunday, police said."
    _, _, reports = extract_story(annotator, text, "2023-05-02")
    assert [r.sub_event_type for r in reports] == ["Armed clash"]
    assert reports[0].place is not None and reports[0].place.admin1 == "Benue"

