"""Namesakes read without the story (issue 9, GVA).

A local feed's home country: a short local story often names its city and nothing else, and a bare
"Toledo" or "Savannah" then read as a first-level area abroad (Belize's district, Ghana's region),
whose feature weight beats the bigger American city. Stories ingested together are mostly placed in
one country; a story that names no country reads such a name there. A county that names an
institution ("the Linn County Jail") is no place of the story, but tells which of a town's namesakes
it is. Texts written for these tests, run through the real ingest, annotator, extractor, fusion and
export."""

from __future__ import annotations

from conftest import export_all_events

# Stories of an American local feed that place themselves: each names its town and its state.
_FEED = [
    ("Man wounded outside Dayton bar", "A 31-year-old man was shot in the leg outside a bar in Dayton, Ohio, "
     "early Sunday, police said. He was taken to a hospital in stable condition."),
    ("Woman shot in Akron home", "A woman was shot and wounded inside her home in Akron, Ohio, on Saturday "
     "night, police said. No arrest has been made."),
    ("Teen hurt in Columbus shooting", "A 16-year-old boy was shot in the arm on the east side of Columbus, "
     "Ohio, on Friday, police said. He is expected to recover."),
    ("Two wounded in Lexington", "Two men were shot and wounded in Lexington, Kentucky, on Thursday night, "
     "police said. Both were treated at a hospital."),
    ("Man killed in Macon", "A 22-year-old man was shot and killed in Macon, Georgia, on Wednesday, the "
     "county coroner said. Investigators are looking for a gunman."),
]


def story(title: str, text: str, day: str) -> dict:
    slug = title.lower().replace(" ", "-")
    return {"title": title, "text": text, "url": f"http://example-local.test/{slug}", "date": day}


def test_a_bare_city_in_a_local_feed_is_read_in_the_feed_country(tmp_path):
    feed = [story(title, text, "2016-05-0%d" % (i + 1)) for i, (title, text) in enumerate(_FEED)]
    feed.append(story("Boy shot in the hand", "A 15-year-old boy was shot in the hand in central Toledo late "
                      "Monday by a man who ran off, police said Tuesday. The boy was treated and released.",
                      "2016-05-10"))
    events = export_all_events(tmp_path, feed)
    toledo = [(e["location"], e["admin1"]) for e in events if e["event_date"] == "2016-05-09"]
    assert toledo == [("Toledo", "Ohio")]


def test_the_home_country_needs_most_stories_of_the_batch():
    from eventfold.annotate.places import home_country
    from eventfold.model import Place, PlaceMention, Span

    def placed(country: str) -> list[PlaceMention]:
        place = Place(geonameid=1, name="Town", latitude=0.0, longitude=0.0, country=country)
        return [PlaceMention(span=Span("a", 0, 4), text="Town", place=place)]

    assert home_country([placed("US")] * 4 + [placed("MX")]) == "US"
    assert home_country([placed("US")] * 3 + [placed("MX")] * 2) == "US"
    assert home_country([placed("US")] * 2 + [placed("MX")] * 2 + [placed("CA")]) is None
    assert home_country([placed("US")] * 4) is None  # too few stories to tell a feed's home


def test_a_county_named_in_an_institution_places_the_story_town(annotator):
    from conftest import extract_story

    _, annotations, _ = extract_story(annotator, (
        "Police in Albany arrested a 35-year-old man on Sunday after he fired a handgun at a neighbor's car. "
        "He was booked into the Linn County Jail on charges of unlawful use of a weapon."), "2015-11-16")
    albany = {m.place.admin1 for m in annotations.places if m.text == "Albany" and m.place}
    assert albany == {"Oregon"}
    assert not [m.text for m in annotations.places if "Linn" in m.text and m.place]  # the jail is no place
