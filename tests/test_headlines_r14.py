"""A headline that names a riot or protest types the body sentence that tells the crowd's acts
(issue 9), on stories written for these tests and read by the real spaCy model, annotator and
extractor:

- "Students riot in Dhaka" over "hundreds of students ... pelted officers with stones and broke into a
  police post": the sentence need not say "protesters" again; the event is a violent demonstration
  whose actor 1 is the rioters, not their opponents, and the students are the crowd, not its victims;
- the same sentence under a headline that names no protest is no riot, and "broke into a police post"
  is no accident or failure either;
- a headline that places the story by a reference point ("village near Goma") gives a report that
  names no place of its own the town the body names near that point, not the point itself.
"""

from __future__ import annotations

from conftest import extract_story

PUBLISHED = "2024-07-17"

BODY = """DHAKA, July 17 — On Tuesday, hundreds of students and their supporters blocked the main road near the \
campus, pelted officers with stones and broke into a police post, witnesses said.

The government said it would open an inquiry.
"""


def _story(headline: str) -> str:
    return f"{headline}\n\n{BODY}"


def test_a_crowds_acts_under_a_riot_headline_are_the_riot(annotator):
    _, _, reports = extract_story(annotator, _story("Students riot in Dhaka after dormitory raid"), PUBLISHED)
    (riot,) = reports
    assert (riot.event_type, riot.sub_event_type) == ("Riots", "Violent demonstration")
    assert (riot.actor1, riot.actor2) == ("Rioters (Bangladesh)", None)
    assert riot.place.name == "Dhaka" and riot.date.value == "2024-07-16"


def test_the_same_acts_under_another_headline_are_no_riot_nor_accident(annotator):
    _, _, reports = extract_story(annotator, _story("Traffic chaos in Dhaka after dormitory raid"), PUBLISHED)
    assert not [r for r in reports if r.event_type == "Riots" or r.sub_event_type == "Accident or failure"]


NEAR_BODY = """Rescue workers found the bodies of 14 villagers in Sake, a lakeside town about 25 km west of the city, \
on Monday, the provincial governor said.

M23 rebels said their fighters had attacked army positions on Sunday and denied killing civilians.
"""


def _placed_by_the_headline(annotator, headline: str):
    _, _, reports = extract_story(annotator, f"{headline}\n\n{NEAR_BODY}", "2022-11-29")
    (attack,) = [r for r in reports if r.actor1 == "M23"]
    assert "place:headline" in {p.rule for p in attack.provenance}
    return attack.place.name


def test_a_headlines_reference_point_yields_to_the_town_the_body_names_near_it(annotator):
    assert _placed_by_the_headline(annotator, "Bodies found in village near Goma") == "Sake"
    assert _placed_by_the_headline(annotator, "Bodies found in Goma village") == "Goma"
