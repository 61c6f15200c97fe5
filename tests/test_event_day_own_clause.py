"""An event's day comes from its own clause (issue 9, dates): a death told with the harm it came
from ("died after he was shot Saturday, police said Monday") is dated by the harm's day, not by the
telling. Texts written for these tests, through the real annotator (spaCy, timex) and extractor."""

from __future__ import annotations

import pytest

# Published on a Tuesday: the shooting was on the Saturday before, the police spoke on Monday.
DIED_AFTER = """Teenager dies after shooting at a lake cabin

A 17-year-old girl died after she was accidentally shot by her cousin Saturday at a cabin near Lake Ouachita,
the county sheriff said Monday."""

# An arrest "after" a shooting is a later step: its own day stays its date.
ARRESTED_AFTER = """Man held after shots fired at a bus station

A 33-year-old man was arrested Monday after he fired shots at a bus station in Mobile on Saturday, police said."""


# A relative byline read weeks after the page was saved: the story's own days date it (mid-May).
RELATIVE_BYLINE = """Gunmen attack a police post near Gusau

By Staff Reporter 2 days ago

Gunmen attacked a police post near Gusau on Friday, killing two officers, police said. The attack came days
after a raid on a village near Tsafe on May 14."""


@pytest.fixture(scope="module")
def reports_of():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()

    def extract(text: str, published: str | None, retrieved_at=None):
        article = parse_document(RawDocument(path="story", format="text", content=text, published=published),
                                 IngestOptions(retrieved_at=retrieved_at))
        annotations = annotator.annotate([article])[0]
        return [r for r in extract_events(article, annotations, actors=annotator.actors).reports
                if r.modality == "actual"]

    return extract


def test_a_death_after_a_shooting_is_dated_by_the_shooting(reports_of):
    reports = reports_of(DIED_AFTER, "2019-06-18")
    assert reports, "the shooting makes a report"
    assert reports[0].date.value == "2019-06-15" and not reports[0].date.estimated


def test_an_arrest_after_a_shooting_keeps_its_own_day(reports_of):
    arrests = [r for r in reports_of(ARRESTED_AFTER, "2019-06-18") if r.sub_event_type == "Arrests"]
    assert arrests and all(r.date.value == "2019-06-17" for r in arrests)


def test_a_weekday_counted_from_the_story_dates_is_as_sure_as_they_are(reports_of):
    from datetime import datetime

    # "2 days ago" against 3 June gives 1 June; the story's May 14 (a Tuesday) and "Friday" say 17 May
    attacks = [r for r in reports_of(RELATIVE_BYLINE, None, datetime(2024, 6, 3)) if "Gusau" in (r.location_text or "")
               or (r.place and r.place.name == "Gusau")]
    assert attacks, "the attack on the police post makes a report"
    assert attacks[0].date.value == "2024-05-17" and not attacks[0].date.estimated
