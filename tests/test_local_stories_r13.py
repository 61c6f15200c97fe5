"""Local crime stories (issue 9, GVA, thirteenth round): a story of one shooting that comes back to it
far below its lead, in a sentence naming no place and no day of its own, tells that shooting, not a
second one; a story that sets incidents apart keeps them apart. Stories written for these tests, run
through the real ingest, spaCy parse, annotator and extractor."""

from __future__ import annotations

from conftest import extract_record

HARM_TYPES = {"Battles", "Violence against civilians"}

FILLER = (
    "Neighbors said the street had been quiet for years and that the shop was a gathering place for "
    "families after school. The owner, who has run the store for two decades, said he had never seen "
    "anything like it and planned to reopen once the windows were repaired. A community meeting is "
    "planned at the library, where residents hope to talk with officers about lighting and patrols. "
    "Several parents said they would keep their children at home for the rest of the week.\n\n"
)

HEADLINE = "Two wounded in Dayton store shooting"
ONE_SHOOTING = (
    "A man opened fire inside a convenience store in Dayton, Ohio, on Saturday night, wounding two "
    "people, police said.\n\n" + FILLER +
    "Detectives said the gunman shot two people before he ran away.\n\n"
)


def _harms(reports):
    return [r for r in reports if r.event_type in HARM_TYPES and r.modality == "actual"]


def test_a_shooting_told_again_far_below_its_lead_is_one_report(annotator):
    reports = extract_record(annotator, HEADLINE, ONE_SHOOTING, "2019-03-11")
    harms = _harms(reports)
    assert len(harms) == 1
    assert harms[0].date.value[:10] == "2019-03-09"


def test_a_story_that_sets_a_shooting_apart_keeps_two(annotator):
    text = ONE_SHOOTING + "In a separate shooting, a man was wounded on a porch across town.\n\n"
    reports = extract_record(annotator, HEADLINE, text, "2019-03-11")
    assert len(_harms(reports)) >= 2
