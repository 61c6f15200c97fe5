"""One record per real happening across outlets (issue 9, thirteenth round), on stories written for
these tests, through the real annotator and extractor, and through the real command line and SQLite
store (`ingest` runs `process` and fusion):

- a lead whose arrest is told only in a clause describing its subject ("a reputed crime boss
  *arrested on Monday* hanged himself in his cell") does not hold the lead's happening: the death
  is the news, and becomes the article's anchor report beside the arrest, so that the outlets
  telling that death land in one event;
- a lead whose main clause is the arrest keeps it as the lead's happening (no anchor).
- (optional commit) a whole occurrence event is placed where most of its members lie: a town one report
  alone names does not keep it from the event its other outlets are in; two events each wholly placed
  in another state stay two.
"""

from __future__ import annotations

import pytest

from conftest import export_all_events, extract_story


def _anchors(reports) -> list[tuple[str, str]]:
    from eventfold.extract.occurrences import LEAD_RULE

    return [(r.event_type, r.sub_event_type) for r in reports if any(p.rule == LEAD_RULE for p in r.provenance)]


def test_an_arrest_told_as_who_the_subject_is_leaves_the_leads_death_its_anchor(annotator):
    _, _, reports = extract_story(annotator, HANGED, "2024-03-12")
    assert _anchors(reports) == [("Other", "Death")]


def test_a_lead_whose_main_clause_is_the_arrest_gets_no_anchor(annotator):
    text = ("Police arrested a reputed crime boss on Monday in a sweep across the port city of Tarvino.\n\n"
            "He was held with forty other suspects.\n")
    _, _, reports = extract_story(annotator, text, "2024-03-12")
    assert _anchors(reports) == []


HANGED = ("A reputed crime boss arrested on Monday in a police sweep across Tarvino hanged himself in his cell "
          "hours later, prison officials said on Tuesday.\n\nHe had been held with forty other suspects.\n")
ARTICLES = [
    {"source": "Harbour Post", "date": "2024-03-12", "title": "Crime boss found dead in cell", "text": HANGED},
    {"source": "Coast Wire", "date": "2024-03-12", "title": "Arrested boss hangs himself",
     "text": "Bruno Vell, a suspected crime boss detained on Monday in Tarvino, hanged himself in his prison cell "
             "within hours of his arrest, officials said.\n\nVell had been sought for years.\n"},
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export_all_events(tmp_path_factory.mktemp("outlets-r13"), ARTICLES)


def test_two_outlets_leading_with_a_death_after_an_arrest_are_one_death_event(exported):
    deaths = [row for row in exported if row["sub_event_type"] == "Death"]
    assert [row["source_count"] for row in deaths] == [2], [(r["sub_event_type"], r["source_count"]) for r in exported]


def _game(report_id: str, region: str | None = None, latitude: float | None = None) -> "ReportItem":
    from eventfold.model import ReportItem

    words = ["harbor", "saints", "beat", "ridge", "rovers", "quarterback", "vale", "touchdown"]
    return ReportItem(report_id=report_id, article_id=report_id, family="Other", event_type="Other",
                      sub_event_type="Contest result", country="United States" if region else None, admin1=region,
                      geonameid={"Ohio": 101, "Indiana": 202}.get(region), geo_precision=1 if region else None,
                      latitude=latitude, longitude=-86.0 if region else None, terms=words, story_terms=words)


def test_a_town_one_report_alone_names_does_not_keep_a_whole_event_from_its_happening():
    """One outlet's report of a game placed in a same-name town of another state (the other two of its
    event name no town) does not part that event from the one its other outlets are in."""
    from eventfold.fuse.occurrences import best_event_merge

    stray = [_game("a1", "Ohio", 39.9), _game("a2"), _game("a3")]
    home = [_game("b1", "Indiana", 39.7), _game("b2", "Indiana", 39.7)]
    assert best_event_merge(stray, {"home": home}, {}) == "home"


def test_two_whole_events_each_placed_in_another_state_stay_two():
    from eventfold.fuse.occurrences import best_event_merge

    ohio = [_game("a1", "Ohio", 41.5), _game("a2", "Ohio", 41.5)]
    indiana = [_game("b1", "Indiana", 39.7), _game("b2", "Indiana", 39.7)]
    assert best_event_merge(ohio, {"indiana": indiana}, {}) is None
