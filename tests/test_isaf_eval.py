"""The ISAF evaluation measures the product: releases go through parse_document -> Annotator ->
extract_events, and a fixed mapping (docs/isaf-mapping.md) turns the event reports into one
ISAF record. The releases below are written for these tests; the dev sample skips without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.evaluate.isaf import EventsReader, _ingest, field_correct, record_from_reports, release_date
from eventfold.model import EventReport, Place, Quantity, Span

ISAF = Path(__file__).resolve().parents[2] / "shared" / "eval" / "events-isaf"


@pytest.fixture(scope="module")
def reader():
    return EventsReader()


def test_a_release_is_read_through_the_pipeline(reader):
    release = ("KABUL, Afghanistan (Oct. 17, 2012)\nAfghan commandos and coalition troops mounted an operation "
               "in search of a Taliban bomb maker in Sayed Karam district, Paktiya province, Monday. In the course "
               "of the operation, the troops detained two suspected militants.")
    record = reader.record(release)
    assert record.start_date == "2012-10-15"  # Monday, counted from the dateline
    assert record.province == ["paktya"] and record.target_group == ["taliban"]
    assert record.event_type == ["detention"] and (record.min_killed, record.min_captured) == (0, 2)


def test_a_lead_total_told_again_is_counted_once(reader):
    release = ("KABUL, Afghanistan (Nov. 12, 2011)\nIn Tani district, Khost province, Afghan and coalition "
               "troops detained several militants, including a Haqqani network leader, yesterday. After "
               "questioning, the troops detained the leader together with two of his aides.")
    record = reader.record(release)
    assert record.min_captured == 3 and record.province == ["khost"] and record.start_date == "2011-11-11"
    assert record.target_group == ["haqqani"]


def test_a_killing_maps_to_insurgents_killed(reader):
    record = reader.record("KABUL, Afghanistan (June 2, 2011)\nAfghan and coalition forces killed three insurgents "
                           "during an operation in Khost province yesterday.")
    assert record.event_type == ["insurgentskilled"] and record.min_killed == 3 and record.start_date == "2011-06-01"


def _report(sub_event_type, event_type, *, captured=None, killed=None, admin1=None, actor2=None, day=None):
    from eventfold.model import DateValue

    place = Place(1, admin1, 0.0, 0.0, "AF", admin1, feature_class="A") if admin1 else None
    return EventReport("r", "a", event_type, sub_event_type, Span("a", 0, 1), place=place, actor2=actor2,
                       captured=Quantity(captured, captured) if captured is not None else None,
                       fatalities=Quantity(killed, killed) if killed is not None else None,
                       date=DateValue(day, "day") if day else None)


def test_the_mapping_sums_figures_and_names_labels():
    reports = [_report("Arrests", "Strategic developments", captured=2, admin1="Paktīkā", actor2="Haqqani Network",
                       day="2011-03-02"),
               _report("Armed clash", "Battles", killed=1, admin1="Paktīkā", day="2011-03-01")]
    record = record_from_reports(reports)
    assert (record.min_killed, record.min_captured, record.event_type) == (1, 2, ["captureandkill"])
    assert record.province == ["paktika"] and record.target_group == ["haqqani"]
    assert record.start_date == "2011-03-01"
    assert field_correct("target_group", record, {"target_group": ["haqqani"]})


@pytest.mark.skipif(not ISAF.exists(), reason="shared ISAF dev data not present")
def test_isaf_dev_sample_through_the_pipeline():
    from eventfold.evaluate.isaf import evaluate

    result = evaluate(ISAF, limit=20)
    assert result["engine"] == "events" and result["n"] == 20
    fields = result["fields"]
    assert fields["province"] >= 0.8 and fields["event_type"] >= 0.8 and fields["min_killed"] >= 0.8
    assert fields["min_captured"] >= 0.6 and fields["target_group"] >= 0.6


def test_a_release_with_no_placed_report_takes_the_storys_province(reader):
    release = ("KABUL, Afghanistan (Aug. 9, 2012)\nIn Garmsir district, Helmand province, a Taliban commander was "
               "captured by Afghan and coalition troops in a raid today. The commander ran roadside-bomb cells in "
               "the district.")
    record = reader.record(release)
    assert record.province == ["helmand"] and record.min_captured == 1 and record.start_date == "2012-08-09"


def test_a_day_long_before_the_release_dates_a_background_event():
    reports = [_report("Abduction/forced disappearance", "Violence against civilians", day="2012-05-22"),
               _report("Arrests", "Strategic developments", captured=3, day="2012-06-18")]
    from eventfold.model import Article

    article = Article("a", "text", published="2012-06-20")
    assert record_from_reports(reports, article).start_date == "2012-06-18"


def test_an_operation_dated_weeks_before_the_release_adds_no_figures():
    from eventfold.model import Article, DateValue

    background = _report("Armed clash", "Battles", killed=30)
    background.date = DateValue("2010-06", "month")  # "In June, ... killing more than 30 insurgents"
    reports = [background, _report("Arrests", "Strategic developments", captured=4, day="2010-07-30")]
    record = record_from_reports(reports, Article("a", "text", published="2010-07-31"))
    assert (record.min_killed, record.min_captured) == (0, 4)


NUMBERED_RELEASE = (
    "Patrol detains two suspects in Kunduz\n2011-03-RC-044\nFor Immediate Release\n\n"
    "KUNDUZ, Afghanistan (March 3) - A joint patrol detained two suspects in a compound near the river "
    "yesterday, officials said. No one was hurt during the search, and weapons were seized.\n"
)


def test_a_year_less_release_date_takes_the_year_of_its_release_code():
    assert release_date(NUMBERED_RELEASE).isoformat() == "2011-03-03"
    # Numbered in December, dated 3 January: the next year.
    earlier = NUMBERED_RELEASE.replace("2011-03-RC-044", "2010-12-RC-044").replace("(March 3)", "(Jan. 3)")
    assert release_date(earlier).isoformat() == "2011-01-03"


def test_a_dated_release_title_takes_the_code_year():
    titled = ("June 20: Joint Patrols Along the Eastern Border\n2010-06-XQ-512 For Immediate Release\n\n"
              "A joint patrol detained two suspects in Khost province last night, officials said. No shots were "
              "fired during the search.\n")
    assert release_date(titled).isoformat() == "2010-06-20"


def test_the_release_date_reaches_the_article_as_record_metadata():
    article = _ingest(NUMBERED_RELEASE, 0)
    assert article.published == "2011-03-03" and article.published_source.startswith("record:")
