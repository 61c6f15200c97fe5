"""Dates of local shooting stories (issue 9, GVA): a clock time that names its day ("at 2 p.m.
Sunday") dates the event by that day, not by the publication. Texts written for these tests, run
through the real annotator (spaCy, timex) and extractor."""

from __future__ import annotations

import pytest

# Published on a Tuesday; the shooting was on the Sunday before.
CLOCK_AND_DAY = """Man wounded outside Fresno grocery store

FRESNO, Calif. — A man was shot and wounded at 2 p.m. Sunday outside a grocery store on Olive Avenue in Fresno,
police said. Officers found the 31-year-old in the parking lot with a wound to his arm. He is expected to recover."""

# The same story told with the day alone, as a check that both readings agree.
DAY_ONLY = """Man wounded outside Fresno grocery store

FRESNO, Calif. — A man was shot and wounded Sunday afternoon outside a grocery store on Olive Avenue in Fresno,
police said. Officers found the 31-year-old in the parking lot with a wound to his arm. He is expected to recover."""


@pytest.fixture(scope="module")
def reports_of():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()

    def extract(text: str, published: str):
        article = parse_document(RawDocument(path="story", format="text", content=text, published=published),
                                 IngestOptions())
        annotations = annotator.annotate([article])[0]
        return [r for r in extract_events(article, annotations, actors=annotator.actors).reports
                if r.modality == "actual"]

    return extract


def test_a_clock_time_with_its_day_dates_the_shooting(reports_of):
    reports = reports_of(CLOCK_AND_DAY, "2019-03-12")
    assert reports, "the shooting makes a report"
    assert reports[0].date.value == "2019-03-10" and not reports[0].date.estimated
    assert reports[0].time_precision == 1


def test_the_day_alone_gives_the_same_date(reports_of):
    reports = reports_of(DAY_ONLY, "2019-03-12")
    assert reports and reports[0].date.value == "2019-03-10"


@pytest.mark.parametrize("expression, value", [
    ("Sunday afternoon", "2019-03-10"),  # "afternoon" holds the word "noon"
    ("noon Sunday", "2019-03-10T12:00"),
    ("1 a.m. Saturday", "2019-03-09T01:00"),  # "a.m. sat..." is no time zone
    ("11 p.m. EST Friday", "2019-03-08T23:00"),
])
def test_weekdays_with_a_part_of_day_or_a_clock_time_are_read(expression, value):
    from datetime import date

    from eventfold.annotate.timex import normalize

    assert normalize(expression, date(2019, 3, 12)).value == value
