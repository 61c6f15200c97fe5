"""The ISAF evaluation measures the product: releases go through parse_document -> Annotator ->
extract_events, and a fixed mapping (docs/isaf-mapping.md) turns the event reports into one
ISAF record. The releases below are written for these tests; the dev sample skips without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.evaluate.isaf import EventsReader, field_correct, record_from_reports
from eventfold.model import EventReport, Place, Quantity, Span

ISAF = Path(__file__).resolve().parents[2] / "shared" / "eval" / "events-isaf"


@pytest.fixture(scope="module")
def reader():
    return EventsReader()


def test_a_release_is_read_through_the_pipeline(reader):
    release = ("KABUL, Afghanistan (May 9, 2012)\nAn Afghan and coalition security force conducted an operation "
               "in search of a Taliban leader in Zurmat district, Paktiya province, Monday. During the operation, "
               "the security force detained two suspected insurgents.")
    record = reader.record(release)
    assert record.start_date == "2012-05-07"  # Monday, counted from the dateline
    assert record.province == ["paktya"] and record.target_group == ["taliban"]
    assert record.event_type == ["detention"] and (record.min_killed, record.min_captured) == (0, 2)


def test_a_lead_total_told_again_is_counted_once(reader):
    release = ("KABUL, Afghanistan (Sept. 3, 2011)\nIn Sabari district, Khost province, a combined Afghan and "
               "coalition security force detained several insurgents, including a Haqqani network leader, "
               "yesterday. After questioning, the force detained the leader along with two of his associates.")
    record = reader.record(release)
    assert record.min_captured == 3 and record.province == ["khost"] and record.start_date == "2011-09-02"
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
    release = ("KABUL, Afghanistan (Feb. 5, 2012)\nIn Nad ‘Ali district, Helmand province, a Taliban leader was "
               "captured by Afghan and coalition security forces during an operation today. The leader directed "
               "insurgent operations in the area.")
    record = reader.record(release)
    assert record.province == ["helmand"] and record.min_captured == 1 and record.start_date == "2012-02-05"


def test_a_day_long_before_the_release_dates_a_background_event():
    reports = [_report("Abduction/forced disappearance", "Violence against civilians", day="2012-05-22"),
               _report("Arrests", "Strategic developments", captured=3, day="2012-06-18")]
    from eventfold.model import Article

    article = Article("a", "text", published="2012-06-20")
    assert record_from_reports(reports, article).start_date == "2012-06-18"
