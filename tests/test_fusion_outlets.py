"""One record per real happening across outlets (issue 9, ECB+-like stories), on stories and report
items written for these tests, through the real command line and a real SQLite store:

- two outlets' differently worded stories of one hall fire are one event; a barn fire of the same
  kind two days later in another town stays apart;
- two occurrence events that their members, taken together, would join become one
  (`pipeline.merge_occurrence_events`), so the order reports were filed in does not split a
  happening; a look-alike with nothing of its own in common stays apart;
- an occurrence's relative day ("on Saturday") in an article with no publication stamp was counted
  from a guessed anchor: its window spans a week either way and it is no stated day;
- a town read as its namesake abroad does not keep apart two reports when the other story names it;
- one article's lead of no known kind and its fire report are one happening told twice.
"""

from __future__ import annotations

from conftest import export_all_events
from eventfold.fuse.occurrences import occurrences_compatible, told_again
from eventfold.fuse.reports import UNANCHORED_SLACK_DAYS, report_window
from eventfold.model import DateValue, EventReport, ReportItem, Span, value_bounds

ARTICLES = [
    {"source": "Valley Courier", "date": "2024-05-13", "title": "Fire destroys Marrow Creek community hall",
     "text": "A fire destroyed the Marrow Creek community hall on Sunday night, the town's fire chief said.\n\n"
             "Nobody was inside the hall when the fire broke out, chief Ada Quill said. The hall had hosted "
             "the Marrow Creek harvest fair for forty years.\n"},
    {"source": "State Wire", "date": "2024-05-13", "title": "Blaze guts historic hall",
     "text": "Flames gutted the historic community hall of Marrow Creek late Sunday, firefighters said.\n\n"
             "Fire chief Ada Quill said the cause of the blaze was not yet known. The Marrow Creek hall was "
             "built by volunteers in 1984.\n"},
    {"source": "Farm Gazette", "date": "2024-05-15", "title": "Fire destroys Pine Hollow grange hall",
     "text": "Fire destroyed the grange hall of Pine Hollow on Tuesday night, the county fire marshal said.\n\n"
             "Marshal Bram Teller said the Pine Hollow hall was empty when the fire broke out. The grange had "
             "met there since 1951.\n"},
]


def test_two_outlets_stories_of_one_fire_are_one_event_and_the_look_alike_another(tmp_path):
    fires = [row for row in export_all_events(tmp_path, ARTICLES)
             if row["event_type"] == "Other" and row["sub_event_type"] == "Disaster"]
    assert sorted(row["source_count"] for row in fires) == [1, 2]
    assert next(row for row in fires if row["source_count"] == 1)["event_date"] == "2024-05-14"  # Tuesday's barn


def _item(report_id: str, article_id: str, kind: str = "Disaster", **fields) -> ReportItem:
    return ReportItem(report_id=report_id, article_id=article_id, family="Other", event_type="Other",
                      sub_event_type=kind, **fields)


HALL_WORDS = ["blaze", "chief", "creek", "fire", "hall", "marrow", "quill"]


def test_two_events_of_one_happening_become_one_and_the_look_alike_stays_apart(tmp_path):
    from eventfold.pipeline import merge_occurrence_events
    from eventfold.store import Store
    from eventfold.store.fusion import add_item, event_of_reports

    first = _item("r1", "a1", terms=["fire", "hall", "destroyed"], story_terms=HALL_WORDS)
    second = _item("r2", "a2", terms=["flames", "gutted", "hall"], story_terms=HALL_WORDS)
    barn = _item("r3", "a3", terms=["fire", "barn", "destroyed"],
                 story_terms=["bales", "barn", "fire", "hollow", "pine", "sheriff", "teller"])
    with Store.open(tmp_path / "store.db") as store:
        with store.transaction():
            for item, event_id in ((first, "ev-1"), (second, "ev-2"), (barn, "ev-3")):
                add_item(store, item, event_id)
            merged = merge_occurrence_events(store, {"ev-1", "ev-2", "ev-3"})
        events = event_of_reports(store)
    assert events["r1"] == events["r2"] and events["r1"] in merged
    assert events["r3"] == "ev-3"


def _report(kind: str, date: DateValue) -> EventReport:
    return EventReport(report_id="r1", article_id="a1", event_type="Other" if kind == "Death" else "Battles",
                       sub_event_type=kind, span=Span("a1", 0, 10), date=date)


def test_a_relative_day_of_an_unstamped_article_spans_a_week_either_way():
    saturday = DateValue("2024-05-11", "day", source="timex:relative:weekday-past")
    day = value_bounds("2024-05-11")[0]
    week = (day - UNANCHORED_SLACK_DAYS, day + UNANCHORED_SLACK_DAYS, False)
    assert report_window(_report("Death", saturday), None) == week
    assert report_window(_report("Death", saturday), "2024-05-13") == (day, day, True)  # counted from the stamp
    stated = DateValue("2024-05-11", "day", source="timex:absolute:month-day-year")
    assert report_window(_report("Death", stated), None) == (day, day, True)
    assert report_window(_report("Armed clash", saturday), None) == (day, day, True)  # a clash keeps its day


def test_a_namesake_abroad_does_not_keep_apart_two_reports_whose_stories_name_the_town():
    at_home = _item("r1", "a1", country="US", admin1="AK", geonameid=1, place_words=["palmer"],
                    story_terms=["fire", "hall", "palmer"])
    abroad = _item("r2", "a2", country="CO", admin1="04", geonameid=2, place_words=["palmar"],
                   story_terms=["fire", "hall", "palmer"])
    elsewhere = _item("r3", "a3", country="CO", admin1="04", geonameid=3, place_words=["barranquilla"],
                      story_terms=["barranquilla", "fire", "hall"])
    assert occurrences_compatible(at_home, abroad)
    assert not occurrences_compatible(at_home, elsewhere)


def test_one_articles_lead_of_no_known_kind_and_its_fire_are_one_happening():
    lead = _item("r1", "a1", kind="Unclassified")
    fire = _item("r2", "a1")
    death = _item("r3", "a1", kind="Death")
    assert told_again(lead, fire) and occurrences_compatible(lead, fire)
    assert not told_again(fire, death)  # unrelated kinds of one article stay two happenings


def test_two_events_in_towns_of_two_regions_stay_two(tmp_path):
    from eventfold.pipeline import merge_occurrence_events
    from eventfold.store import Store
    from eventfold.store.fusion import add_item, event_of_reports

    words = ["accidentally", "fire", "hall", "saturday", "shot"]
    east = _item("r1", "a1", terms=words, story_terms=words, geonameid=1, country="US", admin1="CT", geo_precision=1)
    west = _item("r2", "a2", terms=words, story_terms=words, geonameid=2, country="US", admin1="OH", geo_precision=1)
    with Store.open(tmp_path / "store.db") as store:
        with store.transaction():
            add_item(store, east, "ev-1")
            add_item(store, west, "ev-2")
            merge_occurrence_events(store, {"ev-1", "ev-2"})
        events = event_of_reports(store)
    assert events["r1"] != events["r2"]
