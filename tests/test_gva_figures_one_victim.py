"""One victim singled out as wounded in a story of a death (issue 9, GVA, eleventh round): "found the
boy wounded", "was found with a gunshot wound", "when he was wounded" leave the victim's fate open
as "was shot" does, so the story's dead are that victim, not one dead and one more wounded; a
victim told as injured or hurt, or in a sentence that says they lived ("in stable condition"),
stays wounded; people each told only as shot stay so when their counts add up. Stories written for
these tests, run through the real ingest, annotator (spaCy), extractor and fusion."""

from __future__ import annotations

import pytest

from test_gva_figures_victims import fused_tolls


FOUND_WOUNDED = """Boy, 8, dies after shooting at home

An 8-year-old boy has died after a shooting at a home on Cedar Lane in Lakeland on Saturday evening,
police said. His uncle came home and found the boy wounded in an upstairs bedroom. Officers are
questioning the adults who were in the house."""

FOUND_WITH_A_WOUND = """Man dies in Reno shooting

A man died early Friday after a shooting outside a bar on Pine Street in Reno, police said. Officers
found the man with a gunshot wound to the chest. Detectives are looking for a driver seen leaving."""

INJURED_BESIDE_THE_DEAD = """Man killed, woman hurt in Fresno shooting

A man was killed late Saturday in a shooting at an apartment on Alder Street in Fresno, police said.
Officers said a woman was injured in the same shooting. Detectives are looking for two men seen
running from the building."""

LIVED_BESIDE_THE_DEAD = """One dead after shooting at Tulsa party

A man died after a shooting at a party on Birch Avenue in Tulsa early Sunday, police said. The
second victim, a woman, was taken to a hospital with a gunshot wound and is in stable condition."""


def test_a_victim_found_wounded_who_died_is_one_death(annotator):
    assert fused_tolls(annotator, [(FOUND_WOUNDED, "2016-03-06")]) == (1, None)


def test_a_victim_found_with_a_gunshot_wound_who_died_is_one_death(annotator):
    assert fused_tolls(annotator, [(FOUND_WITH_A_WOUND, "2016-05-14")]) == (1, None)


def test_a_victim_told_as_injured_is_another(annotator):
    assert fused_tolls(annotator, [(INJURED_BESIDE_THE_DEAD, "2016-03-06")]) == (1, 1)


def test_a_victim_said_to_live_stays_wounded(annotator):
    assert fused_tolls(annotator, [(LIVED_BESIDE_THE_DEAD, "2016-03-07")]) == (1, 1)


def test_counts_of_people_told_only_as_shot_add_up_to_people_told_only_as_shot():
    from eventfold.extract.coalesce import added
    from eventfold.model import Quantity

    twin = Quantity(1, 1, "one", "exact", fate_untold=True)
    named = Quantity(1, 1, "a", "exact", indefinite=True, fate_untold=True)
    assert added(twin, named).fate_untold
    assert not added(twin, Quantity(1, 1, "a woman", "exact")).fate_untold


STRAY_BULLET = """Girl hit by stray bullet

A 6-year-old girl was struck in the arm by a stray bullet Tuesday evening in Fresno, police said
Wednesday. Officers are looking for two men seen running from a nearby parking lot."""

HIT_BY_A_TREE = """Car crushed in storm

A parked car was struck by a falling tree in Fresno on Tuesday night, officials said. Nobody was in
the car when the tree came down during the storm."""


def test_a_child_struck_by_a_stray_bullet_is_counted_wounded():
    from eventfold.annotate.nlp import load_nlp
    from eventfold.extract.numbers import find_figures

    sent = next(iter(load_nlp()(STRAY_BULLET.split("\n\n")[1]).sents))
    assert [(f.kind, f.quantity.conservative) for f in find_figures(sent)] == [("wounded", 1)]


def test_a_car_struck_by_a_tree_is_no_attack(annotator):
    from conftest import extract_story

    _, _, reports = extract_story(annotator, HIT_BY_A_TREE, "2016-03-09")
    assert all(r.wounded is None and r.event_type != "Violence against civilians" for r in reports)


@pytest.mark.parametrize("sentence, expected", [
    ("Police confirmed an 18-month old is dead after a shooting at a duplex on Friday morning.", ("killed", 1)),
    ("A 15 year old was wounded in the shooting near the school, officers said.", ("wounded", 1)),
])
def test_an_age_written_without_its_last_hyphen_names_one_victim(sentence, expected):
    from eventfold.annotate.nlp import load_nlp
    from eventfold.extract.numbers import find_figures

    sent = next(iter(load_nlp()(sentence).sents))
    assert [(f.kind, f.quantity.conservative) for f in find_figures(sent)] == [expected]
