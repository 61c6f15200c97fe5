"""The city of a local shooting story (issue 9, GVA): a street, park or building the gazetteer lacks
lies in the town its sentence or its story names; a part of a city named as one ("the West
Englewood neighborhood", "Chicago's Chatham neighborhood") is placed at the city, not at a namesake
abroad or its own point. Texts written for these tests, run through the real annotator (spaCy,
the packaged GeoNames gazetteer) and extractor."""

from __future__ import annotations

import pytest

from conftest import story_extractor

PUBLISHED = "2019-03-12"

PARK_IN_THE_STORY_TOWN = """Three shot at city park

Stockton police say three men were shot, one fatally, at Liberty Park late Monday afternoon. Officers found
the men near the playground."""

STREET_IN_ITS_SENTENCE = """Two men wounded at party

Two men were shot early Monday at a party on Elm Street, Tacoma police said. Both are expected to survive."""

NAMED_AS_A_NEIGHBOURHOOD = """Teen wounded on South Side

A 17-year-old boy was shot and wounded Monday night in the West Englewood neighborhood, Chicago police said.
He was taken to a hospital in good condition."""

CITY_POSSESSIVE = """Man killed on sidewalk

A man was shot and killed Monday in Chicago's Chatham neighborhood. Police said he was standing on a sidewalk
when someone opened fire from a passing car."""

# A part named as one whose name is a town elsewhere (Austin, Texas; Austintown, Ohio), beside the
# city: the city, and the city's own name is not read as an old name of a small town in Ohio.
NAMESAKE_NEIGHBOURHOOD = """Five shot at party

Five men were shot early Sunday at a party in the Austin neighborhood on the West Side. Chicago police said
the men were standing in a yard when a gunman opened fire."""

DIRECTION_BEFORE_A_CITY = """Drive-by shooting

A man was killed and two people were wounded in Southwest Atlanta during a drive-by shooting on Sunday."""

# A town-sized place beside a large city whose police tell the story is a part of that city; a
# suburb with its own police, or a story naming no city police, keeps its own town.
POLICED_BY_THE_CITY = """Man shot in Brighton Park

A man was shot and wounded Monday night in Brighton Park, Chicago police said. He was taken to a hospital."""

SUBURB_WITH_ITS_OWN_POLICE = """Man shot in Cicero

A man was shot and wounded Monday night in Cicero, Cicero police said. Chicago police were not involved."""

SUBURB_WITHOUT_CITY_POLICE = """Man shot in Evanston

A man was shot and wounded Monday night in Evanston, police said. A suspect was arrested later in Chicago."""

# Two towns, neither named as a part of the other: each keeps its own reading.
TWO_TOWNS = """Shooting in Tacoma

A man was shot and wounded Monday in Tacoma. His brother drove him to a hospital in Seattle."""


@pytest.fixture(scope="module")
def story():
    return story_extractor(PUBLISHED)


def _places(annotations, text: str):
    return [m.place for m in annotations.places if m.text == text and m.span.part == "text"]


def _shooting_place(reports):
    assert reports, "the shooting makes a report"
    return reports[0].place


def test_a_park_lies_in_the_town_the_story_is_about(story):
    annotations, reports = story(PARK_IN_THE_STORY_TOWN)
    assert [p.name for p in _places(annotations, "Liberty Park")] == ["Stockton"]
    place = _shooting_place(reports)
    assert (place.name, place.admin1) == ("Stockton", "California")


def test_a_street_lies_in_the_town_its_sentence_names(story):
    annotations, reports = story(STREET_IN_ITS_SENTENCE)
    assert [p.name for p in _places(annotations, "Elm Street")] == ["Tacoma"]
    assert _shooting_place(reports).name == "Tacoma"


def test_a_neighbourhood_is_placed_at_its_city(story):
    annotations, reports = story(NAMED_AS_A_NEIGHBOURHOOD)
    assert [p.name for p in _places(annotations, "West Englewood")] == ["Chicago"]
    assert _shooting_place(reports).name == "Chicago"


def test_a_city_possessive_places_a_namesake_of_a_town_abroad_at_the_city(story):
    annotations, reports = story(CITY_POSSESSIVE)
    assert [(p.name, p.country) for p in _places(annotations, "Chatham")] == [("Chicago", "US")]
    assert _shooting_place(reports).name == "Chicago"


def test_towns_not_named_as_parts_keep_their_own_reading(story):
    annotations, _ = story(TWO_TOWNS)
    assert [p.name for p in _places(annotations, "Tacoma")] == ["Tacoma"]
    assert [p.name for p in _places(annotations, "Seattle")] == ["Seattle"]


def test_a_neighbourhood_named_like_towns_elsewhere_is_placed_at_the_city(story):
    annotations, reports = story(NAMESAKE_NEIGHBOURHOOD)
    assert [(p.name, p.admin1) for p in _places(annotations, "Chicago")] == [("Chicago", "Illinois")]
    assert [p.name for p in _places(annotations, "Austin")] == ["Chicago"]
    assert [p.name for p in _places(annotations, "West Side")] == ["Chicago"]
    assert _shooting_place(reports).name == "Chicago"


def test_a_direction_before_a_city_names_the_city(story):
    annotations, reports = story(DIRECTION_BEFORE_A_CITY)
    assert [(p.name, p.admin1) for p in _places(annotations, "Southwest Atlanta")] == [("Atlanta", "Georgia")]
    assert _shooting_place(reports).name == "Atlanta"


def test_a_place_the_city_police_tell_of_is_a_part_of_the_city(story):
    annotations, reports = story(POLICED_BY_THE_CITY)
    assert [p.name for p in _places(annotations, "Brighton Park")] == ["Chicago"]
    assert _shooting_place(reports).name == "Chicago"


@pytest.mark.parametrize("text, town", [(SUBURB_WITH_ITS_OWN_POLICE, "Cicero"),
                                        (SUBURB_WITHOUT_CITY_POLICE, "Evanston")])
def test_a_suburb_keeps_its_own_town(story, text, town):
    annotations, reports = story(text)
    names = [p.name for p in _places(annotations, town)]  # "in Cicero" and "Cicero police" alike
    assert names and set(names) == {town}
    assert _shooting_place(reports).name == town
