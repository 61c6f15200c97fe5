"""The town of a local shooting story that spaCy does not tag (issue 9, GVA, ninth round): a name in
a frame only a town takes — after "in"/"near"/"outside" ("in west Lenexa"), before "police" ("Owasso
police said"), before a state's postal code ("Meridian, MS" in a station's page title) — is read as
the town the gazetteer knows by that name; not in a title-cased headline's "In Critical Condition",
not a force's name ("State Police"). An unresolved name right after "on" is a street of the story's
town. Texts written for these tests, run through the real ingest, annotator (spaCy, the packaged
GeoNames gazetteer) and extractor."""

from __future__ import annotations

import pytest

from conftest import story_extractor

PUBLISHED = "2019-03-11"

POLICE_OF_A_TOWN = """Teen shot in leg

Owasso police said a teenager was shot in the leg Saturday afternoon. He is expected to recover."""

TOWN_AFTER_A_DIRECTION = """Teen wounded by friend's gun

A 14-year-old boy was wounded Tuesday night in west Lenexa when a friend's handgun went off. He is expected
to recover, officers said."""

# Meridian, Idaho is the larger town of the name: the postal code says which one.
STATE_CODE_IN_THE_TITLE = """Man shot outside store - WTOK News - Meridian, MS

A man was shot outside a convenience store late Friday, police said. He was taken to a hospital."""

TITLE_CASED_HEADLINE = """Teen In Critical Condition After Shooting

A teenager was shot Saturday night, State Police said. The boy remains in critical condition."""


@pytest.fixture(scope="module")
def story():
    return story_extractor(PUBLISHED)


def _placed(reports):
    return [(r.place.name, r.place.admin1) for r in reports if r.place is not None]


def test_a_town_named_only_as_its_police_places_the_shooting(story):
    annotations, reports = story(POLICE_OF_A_TOWN)
    assert reports and _placed(reports) == [("Owasso", "Oklahoma")] * len(reports)


def test_a_town_after_a_direction_word_is_the_place(story):
    annotations, reports = story(TOWN_AFTER_A_DIRECTION)
    assert [m.place.name for m in annotations.places if m.text in ("Lenexa", "west Lenexa")] == ["Lenexa"]
    assert reports and all(place == ("Lenexa", "Kansas") for place in _placed(reports)) and _placed(reports)


def test_a_state_code_picks_the_town_of_that_state(story):
    annotations, reports = story(STATE_CODE_IN_THE_TITLE)
    titled = [m.place for m in annotations.places if m.span.part == "title" and m.text == "Meridian"]
    assert [(p.name, p.admin1) for p in titled] == [("Meridian", "Mississippi")]
    assert reports and _placed(reports)[0] == ("Meridian", "Mississippi")


def test_no_town_from_a_title_cased_headline_or_a_force_name(story):
    annotations, reports = story(TITLE_CASED_HEADLINE)
    named = {m.text for m in annotations.places}
    assert "Critical" not in named and "Critical Condition" not in named and "State" not in named
    assert reports and not _placed(reports)


RESIDENT_OF_A_TOWN = """Bixby man charged after nephew wounded

A 34-year-old Bixby man was charged Monday after his nephew was shot in the arm at their home on Sunday."""

# GeoNames has no Sherman Park in Milwaukee; a part named as one is the dateline's big city, not a
# namesake states away.
PART_OF_THE_DATELINE_CITY = """Teen shot

MILWAUKEE — A teenager was shot and wounded Thursday in the Sherman Park neighborhood, police said. He is in
stable condition."""

# "Mount Sinai" is a hospital here, not the small town of New York the gazetteer knows by that name.
FAR_NAMESAKE_IN_A_CITY_STORY = """Man shot near hospital

A man was shot in the leg Saturday night and walked to Mount Sinai for treatment, Miami police said."""

# The namesake far away stays where the text says someone came from.
CAME_FROM_A_FAR_TOWN = """Visitor wounded

A man from Mount Sinai was shot in the leg Saturday night, Miami police said. He is expected to recover."""


def test_a_town_named_as_someones_home_places_a_story_that_names_no_other(story):
    annotations, reports = story(RESIDENT_OF_A_TOWN)
    assert {(m.place.name, m.place.admin1) for m in annotations.places if m.text == "Bixby"} == {("Bixby", "Oklahoma")}
    assert reports and _placed(reports)[0] == ("Bixby", "Oklahoma")


def test_a_part_named_as_one_lies_in_the_dateline_city(story):
    annotations, reports = story(PART_OF_THE_DATELINE_CITY)
    assert [m.place.name for m in annotations.places if m.text == "Sherman Park"] == ["Milwaukee"]
    assert reports and _placed(reports)[0] == ("Milwaukee", "Wisconsin")


def test_a_small_namesake_states_away_is_part_of_the_city_whose_police_tell_the_story(story):
    annotations, reports = story(FAR_NAMESAKE_IN_A_CITY_STORY)
    assert [(m.place.name, m.place.admin1) for m in annotations.places if m.text == "Mount Sinai"] == \
        [("Miami", "Florida")]
    assert reports and _placed(reports)[0] == ("Miami", "Florida")


def test_a_town_someone_came_from_keeps_its_reading(story):
    annotations, reports = story(CAME_FROM_A_FAR_TOWN)
    assert [m.place.admin1 for m in annotations.places if m.text == "Mount Sinai"] == ["New York"]


@pytest.mark.parametrize("written, place", [("west Memphis", ("Memphis", "Tennessee")),
                                            ("West Memphis", ("West Memphis", "Arkansas"))])
def test_a_direction_in_lower_case_is_no_part_of_the_name(story, written, place):
    annotations, reports = story(f"""Teen shot

A teenager was shot and wounded Thursday evening in {written}, police said. He is in stable condition.""")
    assert [(m.place.name, m.place.admin1) for m in annotations.places if m.text == written] == [place]
    assert reports and _placed(reports)[0] == place


def test_a_possessive_after_in_is_someones_not_a_town(story):
    annotations, reports = story("""Teen recovering

A teenager shot last week is recovering at home, police said Monday. "He is doing better," his mother said
in Morgan's living room.""")
    assert not [m for m in annotations.places if m.text.startswith("Morgan") and m.rule.startswith("local:")]


def test_an_area_named_by_its_province_stays_out_of_the_dateline_city(story):
    annotations, _ = story("KABUL — Taliban units pushed into Baghlan's Andarab plain on Friday, and local "
                           "commanders said dozens of fighters were killed.")
    andarab = [p.place for p in annotations.places if p.text == "Andarab"]
    assert andarab and all(place.name != "Kabul" for place in andarab)
