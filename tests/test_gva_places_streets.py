"""A name in a street's frame is a street, not the town that shares it (issue 9, GVA, eleventh round):
"the 200 block of Monroe", "the 3300 block of West Douglas", "Baltimore Ave.", "between Lexington and
Jefferson Avenues" lie in the town the story is in, never in a namesake town of another state.
Texts written for these tests, run through the real ingest, annotator (spaCy, the packaged GeoNames
gazetteer) and extractor."""

from __future__ import annotations

import pytest

from conftest import story_extractor

PUBLISHED = "2015-03-11"

BLOCK_OF = """Man wounded in Hobart

HOBART, Ind. - Police in Hobart said a man was shot Wednesday evening at a home in the 200 block of
Monroe. He is in stable condition."""

BLOCK_OF_A_DIRECTION = """Teen killed on the West Side

A 17-year-old boy was shot to death Tuesday night in the 3300 block of West Douglas, Chicago police
said."""

BETWEEN_TWO_AVENUES = """Two wounded near corner store

Two men were wounded Sunday afternoon in Columbus, Ohio, police said. The shooting happened on East 21st
Avenue between Lexington and Jefferson Avenues."""

ABBREVIATED_STREET = """Gunfight outside convenience store

Two men were wounded in a gun battle in the middle of Baltimore Ave. near a convenience store in
Cincinnati on Saturday night, officers said."""


@pytest.fixture(scope="module")
def story():
    return story_extractor(PUBLISHED)


def _mention(annotations, name):
    return next(m for m in annotations.places if m.text == name)


@pytest.mark.parametrize("text, street, town", [
    (BLOCK_OF, "Monroe", ("Hobart", "Indiana")),
    (BETWEEN_TWO_AVENUES, "Lexington", ("Columbus", "Ohio")),
    (ABBREVIATED_STREET, "Baltimore", ("Cincinnati", "Ohio")),
])
def test_a_street_lies_in_the_town_of_its_story(story, text, street, town):
    annotations, reports = story(text)
    place = _mention(annotations, street).place
    assert place is not None and (place.name, place.admin1) == town
    assert reports and all((r.place.name, r.place.admin1) == town for r in reports if r.place is not None)


def test_a_street_is_no_namesake_town(story):
    annotations, reports = story(BLOCK_OF_A_DIRECTION)
    place = _mention(annotations, "West Douglas").place
    assert place is None or place.admin1 == "Illinois"
