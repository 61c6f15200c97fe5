"""The day windows and places that kept one incident's reports apart (issue 9, fifteenth round), on
stories written for these tests, through the real annotator, extractor, command line and SQLite store:

- two outlets' reports of one night shooting, told as "late Saturday" by one and "early Sunday" by
  the other, are one event; two shootings in one town two days apart, both dated, stay two;
- a follow-up that states no day (a suspect charged weeks later) joins the shooting it tells when
  its window, reaching a month back from publication, just misses the shooting's day
  (`fuse.reports.follows_up`, at FOLLOW_UP_MARGIN);
- two places that are one name read two ways (the other report's own words name it) do not part
  two reports; places no report's words link still do.
"""

from __future__ import annotations

import pytest

from conftest import export_all_events

NIGHT = [
    {"source": "Valley Courier", "date": "2023-05-14", "title": "Man shot dead outside Brantley tavern",
     "text": "A 34-year-old man was shot and killed late Saturday outside the Copper Kettle tavern on Orchard "
             "Street in Brantley, Ohio, police said.\n\nOfficers found Dorian Pryce wounded in the parking lot "
             "and he died at the scene. No arrests have been made.\n"},
    {"source": "Ohio Evening Star", "date": "2023-05-15", "title": "Brantley police investigate tavern killing",
     "text": "Dorian Pryce, 34, was shot and killed early Sunday in the parking lot of the Copper Kettle tavern "
             "on Orchard Street in Brantley, Ohio, police said.\n\nDetectives are asking witnesses to come "
             "forward.\n"},
]
TWO_SHOOTINGS = [
    {"source": "Valley Courier", "date": "2023-06-05", "title": "Woman wounded in Brantley shooting",
     "text": "A woman was shot and wounded Monday on Maple Avenue in Brantley, Ohio, police said.\n\n"
             "She was taken to a hospital in stable condition.\n"},
    {"source": "Ohio Evening Star", "date": "2023-06-07", "title": "Teen shot in Brantley",
     "text": "A teenager was shot and wounded Wednesday on Elm Court in Brantley, Ohio, police said.\n\n"
             "He was taken to a hospital in stable condition.\n"},
]
FOLLOW_UP = [
    {"source": "Valley Courier", "date": "2023-03-06", "title": "Grocer shot dead in Brantley store robbery",
     "text": "Grocer Anselm Whitcombe, 61, was shot and killed Sunday during a robbery at his corner store on "
             "Orchard Street in Brantley, Ohio, police said.\n\nThe gunman fled with cash from the register, "
             "police said.\n"},
    {"source": "Ohio Evening Star", "date": "2023-04-14", "title": "Man charged in killing of Brantley grocer",
     "text": "A 22-year-old man has been charged with murder in the robbery and shooting that killed grocer "
             "Anselm Whitcombe at his corner store on Orchard Street in Brantley, Ohio, police said.\n\n"
             "The gunman fled with cash from the register, police said.\n"},
]


def _shootings(rows):
    return [row for row in rows if row["event_type"] in ("Violence against civilians", "Battles",
                                                          "Explosions/Remote violence")]


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    return export_all_events(tmp_path_factory.mktemp("night-r15"), NIGHT)


@pytest.fixture(scope="module")
def two_shootings(tmp_path_factory):
    return export_all_events(tmp_path_factory.mktemp("two-shootings-r15"), TWO_SHOOTINGS)


@pytest.fixture(scope="module")
def follow_up(tmp_path_factory):
    return export_all_events(tmp_path_factory.mktemp("follow-up-r15"), FOLLOW_UP)


def _summary(rows):
    return [(r["event_type"], r["event_date"], r["location"], r["source_count"]) for r in rows]


def test_late_saturday_and_early_sunday_of_one_shooting_are_one_event(night):
    assert [row["source_count"] for row in _shootings(night)] == [2], _summary(night)


def test_two_shootings_of_one_town_two_days_apart_stay_two(two_shootings):
    rows = _shootings(two_shootings)
    assert sorted(row["event_date"] for row in rows) == ["2023-06-05", "2023-06-07"], _summary(two_shootings)


def test_a_follow_up_stating_no_day_joins_the_shooting_it_tells(follow_up):
    assert [row["source_count"] for row in _shootings(follow_up)] == [2], _summary(follow_up)


def _placed(report_id: str, town: str, region: str, geonameid: int, latitude: float, words: list[str]):
    from eventfold.model import ReportItem

    return ReportItem(report_id=report_id, article_id=report_id, family="violence",
                      event_type="Violence against civilians", sub_event_type="Attack", day_low=738584,
                      day_high=738584, day_stated=True, geonameid=geonameid, country="United States", admin1=region,
                      geo_precision=1, latitude=latitude, longitude=-85.0, terms=words, story_terms=words,
                      place_words=[town.lower()])


def test_one_place_name_read_as_towns_of_two_states_does_not_part_two_reports():
    """One outlet's "Brantley" resolved to the namesake town of another state: the other report's own
    words name that place, so the two readings are one name, not two places."""
    from eventfold.fuse.reports import compatible

    ohio = _placed("a", "Brantley", "Ohio", 1, 40.0, ["grocer", "shot", "brantley", "orchard", "street"])
    alabama = _placed("b", "Brantley", "Alabama", 2, 31.6, ["grocer", "killed", "store", "brantley"])
    assert compatible(ohio, alabama)


def test_towns_of_two_states_no_report_links_stay_apart():
    from eventfold.fuse.reports import compatible

    ohio = _placed("a", "Brantley", "Ohio", 1, 40.0, ["grocer", "shot", "brantley", "orchard", "street"])
    alabama = _placed("b", "Luverne", "Alabama", 2, 31.7, ["grocer", "killed", "store", "luverne"])
    assert not compatible(ohio, alabama)
