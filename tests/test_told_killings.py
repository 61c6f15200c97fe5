"""Killings told as a noun (issue 9: events and fields): "a report described the torture and
execution of six farmers by militiamen in April, after the militia overran villages in Ituri
province" tells an attack on six civilians in Ituri, though its verb is a telling. Sentences
written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import extract_story


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


TOLD = ("A human rights group's report described the torture and execution of six farmers by CODECO militiamen "
        "in April, after the militia overran villages in Ituri province.")


def test_the_killing_noun_gives_the_attack_and_its_parties(annotator):
    from eventfold.extract.told_killings import RULE

    _, _, reports = extract_story(annotator, TOLD, "2023-05-20")
    killing = next(r for r in reports if any(p.rule == RULE for p in r.provenance))
    assert killing.sub_event_type == "Attack"
    assert killing.fatalities is not None and killing.fatalities.low == 6
    assert killing.actor2 is not None and killing.actor2.startswith("Civilians")
    assert killing.actor1 is not None and "CODECO" in killing.actor1
    assert killing.place is not None and killing.place.admin1 == "Ituri"


@pytest.mark.parametrize("text", [
    "Relatives of the victims marked the anniversary of the massacre of 300 villagers in 1998 with a march.",
    "The trial of the officers accused in the killing of the journalist opened in the capital on Monday.",
])
def test_a_killing_recalled_or_judged_is_no_new_attack(annotator, text):
    from eventfold.extract.told_killings import RULE

    _, _, reports = extract_story(annotator, text, "2023-05-20")
    assert not any(any(p.rule == RULE for p in r.provenance) for r in reports)
