"""One record per real happening across outlets (issue 9, thirteenth round), on stories written for
these tests, through the real annotator and extractor, and through the real command line and SQLite
store (`ingest` runs `process` and fusion):

- a lead whose arrest is told only in a clause describing its subject ("a reputed crime boss
  *arrested on Monday* hanged himself in his cell") does not hold the lead's happening: the death
  is the news, and becomes the article's anchor report beside the arrest, so that the outlets
  telling that death land in one event;
- a lead whose main clause is the arrest keeps it as the lead's happening (no anchor).
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
