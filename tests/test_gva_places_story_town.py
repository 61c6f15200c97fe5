"""The town of a local story for a report placed nowhere or only in a whole state or county (issue
9, GVA, tenth round): the town its own sentence names as whose ("Tulsa police are investigating a
shooting ... in an Oklahoma bar"; "a 9-year-old Baton Rouge girl"), else the town of a local
dateline, one that names its own state ("DULUTH, Minn. -", a spaced hyphen ending the line), if it
lies in that area. A wire dateline naming the town alone ("ABUJA —") or its country is no evidence.
Texts written for these tests, run through the real ingest, annotator (spaCy, the packaged GeoNames
gazetteer) and extractor."""

from __future__ import annotations

import pytest

from conftest import story_extractor

PUBLISHED = "2019-03-11"

POLICE_TOWN_BESIDE_THE_STATE = """Several hurt at bar

Tulsa police are investigating a shooting at a bar that wounded four people early Saturday, including
a former Oklahoma Sooners linebacker."""

RESIDENT_TOWN = """Girl wounded by cousin

Deputies say a 9-year-old Baton Rouge girl was shot in the arm by her cousin on Saturday. She is
expected to recover."""

LOCAL_DATELINE = """Boy wounded at home

DULUTH, Minn. -

A 10-year-old boy was accidentally shot by his brother at their home Saturday evening, officers said.
He is in stable condition."""

WIRE_DATELINE = """Gunmen free inmates

ABUJA — Gunmen attacked a prison on Tuesday night and freed hundreds of inmates, a spokesman for the
prison service said on Wednesday."""


@pytest.fixture(scope="module")
def story():
    return story_extractor(PUBLISHED)


def _placed(reports):
    return [(r.place.name, r.place.admin1) for r in reports if r.place is not None]


def test_the_town_whose_police_tell_it_narrows_a_state(story):
    annotations, reports = story(POLICE_TOWN_BESIDE_THE_STATE)
    assert reports and _placed(reports)[0] == ("Tulsa", "Oklahoma")


def test_a_resident_town_places_a_report_placed_nowhere(story):
    annotations, reports = story(RESIDENT_TOWN)
    assert reports and _placed(reports)[0] == ("Baton Rouge", "Louisiana")


def test_a_local_dateline_places_a_report_placed_nowhere(story):
    annotations, reports = story(LOCAL_DATELINE)
    assert reports and _placed(reports) == [("Duluth", "Minnesota")] * len(reports)


def test_a_wire_dateline_of_the_town_alone_places_nothing(story):
    annotations, reports = story(WIRE_DATELINE)
    assert reports and all(place[0] != "Abuja" for place in _placed(reports))
