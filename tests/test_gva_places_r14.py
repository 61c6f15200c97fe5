"""A city told by its part (issue 9, GVA): local news places a shooting in "a west Houston apartment
complex" or "southwest Atlanta"; the lower-case compass word names a part of the city, which is the
city itself for the dataset's location, not an unknown place. Texts written for these tests, run
through the real ingest, annotator, extractor, fusion and export."""

from __future__ import annotations

from conftest import export_all_events


def story(text: str) -> dict:
    return {"title": "Man killed in apartment shooting", "text": text, "url": "http://example-news.test/a",
            "date": "2019-03-13"}


def test_a_shooting_in_a_compass_part_of_a_city_is_placed_in_the_city(tmp_path):
    events = export_all_events(tmp_path, [story(
        "A man was shot and killed late Tuesday at a west Houston apartment complex, police said Wednesday. "
        "Officers found the 24-year-old in the parking lot, and no arrests have been made.")])
    assert [(e["location"], e["admin1"]) for e in events] == [("Houston", "Texas")]


def test_the_compass_word_before_a_country_still_names_the_country():
    from eventfold.annotate.places import _queries

    assert "Democratic Republic of the Congo" in _queries("eastern Democratic Republic of Congo")[0]
    assert _queries("southwest Atlanta")[0] == ["southwest Atlanta", "Atlanta"]
    assert _queries("North Las Vegas")[0] == ["North Las Vegas"]  # a capitalised compass word is part of a name
