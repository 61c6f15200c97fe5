"""An ambiguous numeric stamp read against the days the story itself reports."""

from __future__ import annotations

from eventfold.ingest.stamps import find_context_dates, parse_date_stamp

STORY = ("Fighters loyal to the council retook the ridge road on August 30, and heavy shelling went on "
         "through Sept. 2, residents said.")


def test_the_reading_before_the_reported_days_is_ruled_out():
    stamp = parse_date_stamp("05/09/2021", retrieved_at=None, outlet="example.it",
                             context_dates=find_context_dates(STORY))
    assert stamp.value == "2021-09-05"  # 9 May would precede the August days the story reports
    assert "reports" in stamp.source and stamp.estimated


def test_no_reported_days_leave_the_other_rules_to_decide():
    stamp = parse_date_stamp("05/09/2021", retrieved_at=None, date_order="MDY",
                             context_dates=find_context_dates(STORY))
    assert stamp.value == "2021-05-09"  # the user's --date-order still comes first
