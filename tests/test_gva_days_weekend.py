"""The day of a shooting told "over the weekend" (issue 9, GVA, ninth round): a weekend's calendar
value ("2019-W10-WE") starts on its Saturday, not on the Monday of its week, which lies outside it;
the exported event of a written Monday story is dated that Saturday. Stories written for these
tests, through the real ingest, annotator, extractor, fusion and export."""

from __future__ import annotations

from eventfold.model import first_day_of, value_bounds

WEEKEND_STORY = {
    "title": "Seven shot at house party",
    "text": "Seven people were shot at a house party in Tacoma over the weekend, police said Monday. All of them "
            "are expected to survive, a police spokeswoman said.",
    "date": "2019-03-11",
    "url": "https://example.org/weekend-party",
}


def test_a_weekend_starts_on_its_saturday():
    assert first_day_of("2019-W10-WE") == "2019-03-09"
    assert first_day_of("2019-W10") == "2019-03-04"  # a whole week still starts on its Monday
    saturday, sunday = value_bounds("2019-W10-WE")
    assert (sunday - saturday, saturday) == (1, value_bounds("2019-03-09")[0])


def test_a_shooting_over_the_weekend_is_exported_on_the_saturday(tmp_path):
    from conftest import export_all_events

    events = export_all_events(tmp_path, [WEEKEND_STORY])
    shootings = [e for e in events if e.get("location") == "Tacoma"]
    assert shootings and {e["event_date"] for e in shootings} == {"2019-03-09"}
