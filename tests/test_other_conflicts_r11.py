"""Failures read on fresh draws of feed items from other conflicts (eleventh round, issue 9), each
written again in our own words with other names: Title-Case headlines read as one long name, a town
placed at the larger area it lies in, Arabic names whose article takes the sound of a sun letter, and
civilians killed in fighting between two forces coded as an attack on civilians.
"""

from __future__ import annotations

import pytest

from conftest import extract_record

PUBLISHED = "2023-06-14"


def _actual(reports):
    return [r for r in reports if r.modality == "actual" and r.confidence is not None and r.confidence >= 0.8]


# ---------------------------------------------------------------- Title-Case headlines

def test_a_title_case_headline_is_parsed_in_sentence_case():
    from eventfold.annotate.headline_case import sentence_case

    title = "Navy Destroyer Shoots Down Several Drones Launched From Rebel Territory"
    parsed = sentence_case(title)
    assert parsed == "Navy Destroyer shoots down several drones launched from Rebel Territory"
    assert len(parsed) == len(title)  # every offset into the stored headline holds


def test_names_in_a_title_case_headline_keep_their_capitals():
    from eventfold.annotate.headline_case import sentence_case

    # a country of several words, a force's name, a demonym and what the body capitalises stay as written
    assert sentence_case("United Arab Emirates Condemns Attacks On Shipping Lanes") == \
        "United Arab Emirates condemns attacks on shipping lanes"
    assert sentence_case("Allied Democratic Forces Fighters Raid Village Near Border") == \
        "Allied Democratic Forces fighters raid Village Near Border"
    assert sentence_case("Burmese Troops Torch Homes In Remote Valley", "Burmese soldiers burnt the Remote Valley.") \
        .startswith("Burmese troops")


def test_a_sentence_case_headline_is_left_as_it_is():
    from eventfold.annotate.headline_case import sentence_case

    title = "Army says it Killed 12 militants near the Border"
    assert sentence_case(title) == title


def test_a_title_case_headline_alone_tells_its_event(annotator):
    # The summary is a photo credit: only the headline tells the interception.
    reports = extract_record(annotator, "Coast Guard Cutter Shoots Down Four Drones Fired From Rebel Coast",
                             "Sailors stand watch on the deck of a cutter during an exercise last spring. (Navy photo)",
                             PUBLISHED)
    shot_down = [r for r in _actual(reports) if r.span.part == "title"]
    assert shot_down and shot_down[0].sub_event_type == "Disrupted weapons use"
    assert shot_down[0].actor1 != "Coast Guard Cutter Shoots Down"


# ---------------------------------------------------------------- a town in a larger area

@pytest.mark.parametrize("sentence, town", [
    ("A drone strike killed five people in Bani Suheila in southern Gaza on Monday, medics said.", "Bani Suheila"),
    ("Soldiers shot dead two men in Tubas in the northern West Bank on Monday, the ministry said.", "Tubas"),
])
def test_a_town_told_inside_a_larger_area_is_the_place(annotator, sentence, town):
    reports = _actual(extract_record(annotator, "Deadly raid", sentence, PUBLISHED))
    assert reports and reports[0].location_text == town


# ---------------------------------------------------------------- Arabic article before a sun letter

def test_an_arabic_name_with_an_assimilated_article_is_found(annotator):
    # GeoNames writes the town "Jisr ash Shughur"; the press writes the article unassimilated.
    reports = _actual(extract_record(annotator, "Shelling kills farmers",
                                     "Artillery fire killed three farmers in Jisr al-Shughur on Monday, a monitor said.",
                                     PUBLISHED))
    assert reports and reports[0].place is not None
    assert reports[0].place.country == "SY" and reports[0].location_text == "Jisr al-Shughur"


# ---------------------------------------------------------------- fighting between two forces

def test_civilians_killed_in_fighting_between_two_forces_is_a_battle(annotator):
    reports = _actual(extract_record(annotator, "Toll rises in the capital",
                                     "Heavy fighting between the army and the RSF killed 17 civilians in Omdurman on "
                                     "Monday, a doctors' union said.", PUBLISHED))
    assert reports
    battle = reports[0]
    assert (battle.event_type, battle.sub_event_type) == ("Battles", "Armed clash")
    assert battle.actor1 and battle.actor1.startswith("Military Forces of")
    assert battle.actor2 and not battle.actor2.startswith("Civilians")
    assert battle.fatalities is not None and battle.fatalities.conservative == 17


def test_people_killed_in_fighting_between_the_army_and_rebels_are_its_toll(annotator):
    reports = _actual(extract_record(annotator, "Clashes in the north",
                                     "Eight people died in clashes between government troops and rebel fighters near "
                                     "Kutum on Tuesday, residents said.", PUBLISHED))
    assert reports and reports[0].sub_event_type == "Armed clash"
    assert not (reports[0].actor2 or "").startswith("Civilians")


def test_hunger_beside_the_fighting_is_not_its_toll(annotator):
    # The fighting is a clause beside the harm: the gunmen's attack on villagers stays an attack.
    reports = _actual(extract_record(annotator, "Village attacked",
                                     "Gunmen killed nine villagers in Bambo on Sunday as fighting between the army "
                                     "and the militants spread, residents said.", PUBLISHED))
    assert reports and reports[0].event_type == "Violence against civilians"
