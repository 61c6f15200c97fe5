"""A victim told as wounded who the same sentence says died is one death, not one dead and one
wounded (issue 9, GVA, tenth round): "a girl who suffered critical injuries ... has died", "the man
suffered a gunshot wound and later died". A death of someone else ("a man was shot and a woman
died") or one denied leaves the wound. Whoever tells a shooting ("the mother said her son was
shot") is not counted among its victims. Sentences written for these tests, read by the real spaCy
model and the figure grammar."""

from __future__ import annotations

import pytest

from eventfold.annotate.nlp import load_nlp
from eventfold.extract.numbers import find_figures


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def kinds(nlp, text: str) -> list[tuple[str, int]]:
    return [(f.kind, f.quantity.conservative) for sent in nlp(text).sents for f in find_figures(sent)]


@pytest.mark.parametrize("text, expected", [
    ("A boy who suffered critical injuries in a shooting at his home in Salina on Friday has died, deputies said.",
     [("killed", 1)]),
    ("The 6-year-old girl who was shot inside an apartment on Maple Street has died from her wounds.",
     [("killed", 1)]),
    ("The driver suffered a gunshot wound to the neck and later died at a hospital.", [("killed", 1)]),
    ("Tom Baker was shot in the back and died at the scene, officers said.", [("killed", 1)]),
])
def test_a_wounded_victim_who_died_is_a_death(nlp, text, expected):
    assert kinds(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A man was shot in the arm and a woman died at the scene.", [("wounded", 1), ("killed", 1)]),
    ("The teenager who was shot on Sunday did not die, police said.", [("wounded", 1)]),
    ("A 15-year-old was wounded in the leg and is expected to recover.", [("wounded", 1)]),
])
def test_someone_else_dying_or_no_death_leaves_the_wound(nlp, text, expected):
    assert kinds(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The mother said her son was shot twice in the yard.", [("wounded", 1)]),
    ("A neighbour told reporters that the boy was shot near the school.", [("wounded", 1)]),
    ("Two soldiers were reported to have been killed.", [("killed", 2)]),
])
def test_whoever_tells_a_shooting_is_no_victim_of_it(nlp, text, expected):
    assert kinds(nlp, text) == expected
