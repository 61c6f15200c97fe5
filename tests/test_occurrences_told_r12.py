"""Occurrences told the ways news leads tell them (issue 9, twelfth round), on stories written for
these tests, through the real ingest, spaCy model and extractor:

- a pluperfect reported by a past verb of saying is the simple past shifted back ("had checked into
  a clinic, her spokesman confirmed"): the stay happened;
- a headline's passive without its "was" ("Comedian picked to host the awards") chooses its subject;
- a harm verb in an idiom ("who shot to fame in 2006 show Cover Girls", the show misread as its object)
  does not make the story one of violence, so the stay in care it tells is kept.
"""

from __future__ import annotations

from conftest import extract_record, extract_story

PUBLISHED = "2024-03-08"


def _kinds(reports) -> set[str]:
    return {r.sub_event_type for r in reports if r.event_type == "Other" and (r.confidence or 0) >= 0.5}


def test_a_pluperfect_reported_in_the_past_is_a_stay_that_happened(annotator):
    text = ("The pop singer Mara Voss, who is known for her late-night parties, had checked into the Linden Grove "
            "clinic near Portland, her spokesman confirmed.\n\nHe gave no reason for the stay.\n")
    _, _, reports = extract_story(annotator, text, PUBLISHED)
    assert "Health" in _kinds(reports)


def test_a_headline_passive_without_was_chooses_its_subject(annotator):
    reports = extract_record(annotator, "Comedian Jules Arden picked to host the Harbour Film Awards",
                             "Details of the ceremony will follow.", PUBLISHED)
    assert any(r.sub_event_type == "Appointment or dismissal" for r in reports)


def test_an_active_verb_of_choosing_with_an_infinitive_appoints_nobody(annotator):
    text = "The veteran goalkeeper Piet Ramos chose to stay with his club for another season, his agent said.\n"
    _, _, reports = extract_story(annotator, text, PUBLISHED)
    assert "Appointment or dismissal" not in _kinds(reports)


def test_a_harm_verb_in_an_idiom_with_a_misread_object_makes_no_story_of_violence(annotator):
    text = ("Tessa Lund, who shot to fame in 2006 show Cover Girls, has checked herself into a rehab clinic in "
            "Arizona.\n\nHer manager did not say how long she would stay.\n")
    _, _, reports = extract_story(annotator, text, PUBLISHED)
    assert "Health" in _kinds(reports)
