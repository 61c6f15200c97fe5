"""A story whose violence is only recalled (a past killing, a sentence for it) tells no violence as a
happening, so its lead's happening is its anchor (issue 9, fourteenth round; stories written for
these tests, through the real annotator and extractor)."""

from __future__ import annotations

from conftest import extract_story


def _anchors(reports) -> list[tuple[str, str]]:
    from eventfold.extract.occurrences import LEAD_RULE

    return [(r.event_type, r.sub_event_type) for r in reports if any(p.rule == LEAD_RULE for p in r.provenance)]


def test_a_sentence_for_a_killing_long_past_is_the_news(annotator):
    text = ("A judge in Harwick sentenced Carl Dorn on Monday to life in prison for the 1998 killing of a night "
            "guard.\n\nDorn, 61, showed no emotion as the sentence was read.\n")
    _, _, reports = extract_story(annotator, text, "2024-05-14")
    assert _anchors(reports) == [("Other", "Trial or verdict")]


def test_a_story_of_a_shooting_keeps_the_shooting_as_its_happening(annotator):
    text = ("A gunman shot two guards at a bank in Harwick on Monday, police said.\n\n"
            "He was arrested hours later and charged with attempted murder.\n")
    _, _, reports = extract_story(annotator, text, "2024-05-14")
    assert _anchors(reports) == []
