"""One arrest is one record whatever words each outlet used (issue 9, fourteenth round), on stories
written for these tests, through the real annotator, extractor, command line and SQLite store
(`ingest` runs `process` and fusion):

- an arrest the ACLED typer reads as "Arrests" in one outlet and the occurrence extractor keeps as
  "Arrest or charge" in another (a sentence the typer leaves untyped) lands in one event;
- a look-alike arrest (another player, another town, another day) stays its own event;
- the two ways join only on a person named alike, in places that can be one (as for ACLED events).
"""

from __future__ import annotations

import pytest

from conftest import export_all_events

ARTICLES = [
    {"source": "Harwick Courier", "date": "2024-05-13", "title": "Rovers striker arrested",
     "text": "Police arrested Rovers striker Dario Pellan early on Sunday in Harwick on suspicion of drunk "
             "driving, the club said.\n\nPellan, 27, was released on bail later that day.\n"},
    {"source": "Northern Sports Wire", "date": "2024-05-13", "title": "Pellan charged over drink driving",
     "text": "Rovers striker Dario Pellan was charged with drunk driving after officers stopped his car in "
             "Harwick early on Sunday, the club said.\n\nThe club said it would not comment further.\n"},
    {"source": "Lenford Evening Post", "date": "2024-05-09", "title": "City defender held",
     "text": "Police arrested Lenford City defender Tomas Brel on Wednesday in Lenford on suspicion of drunk "
             "driving, the club said.\n\nBrel was released on bail.\n"},
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export_all_events(tmp_path_factory.mktemp("families-r14"), ARTICLES)


def _arrests(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row["sub_event_type"] in ("Arrests", "Arrest or charge")]


def test_an_arrest_told_as_acled_arrests_and_as_a_charge_is_one_event(exported):
    """The Harwick outlet's sentence is ACLED "Arrests", the wire's an occurrence "Arrest or charge":
    the same player held on the same day is one event with both sources."""
    counts = sorted(row["source_count"] for row in _arrests(exported))
    assert counts == [1, 2], [(r["sub_event_type"], r["event_date"], r["source_count"]) for r in exported]


def test_another_players_arrest_stays_its_own_event(exported):
    single = [row for row in _arrests(exported) if row["source_count"] == 1]
    assert [row["event_date"] for row in single] == ["2024-05-08"]


def _arrest(report_id: str, acled: bool, town: tuple[int, float], person: str = "Dario Pellan") -> "ReportItem":
    from eventfold.model import ReportItem

    words = ["police", "arrested", "striker", "drunk", "driving", "club", "bail"]
    return ReportItem(report_id=report_id, article_id=report_id, family="strategic" if acled else "Other",
                      event_type="Strategic developments" if acled else "Other",
                      sub_event_type="Arrests" if acled else "Arrest or charge", country="United Kingdom",
                      admin1="England", geonameid=town[0], geo_precision=1, latitude=town[1], longitude=-1.5,
                      actors=[person], terms=words, story_terms=words)


LEEDS, LONDON = (1, 53.8), (2, 51.5)


def test_an_arrest_told_both_ways_joins_on_a_person_named_alike_in_one_place():
    from eventfold.fuse.occurrences import occurrences_compatible
    from eventfold.fuse.reports import compatible

    told_as_acled = _arrest("a", True, LEEDS)
    for other in (_arrest("b", False, LEEDS),):
        assert compatible(told_as_acled, other) and occurrences_compatible(other, told_as_acled)
    for other in (_arrest("c", False, LONDON), _arrest("d", False, LEEDS, person="Tomas Brel")):
        assert not compatible(told_as_acled, other) and not occurrences_compatible(other, told_as_acled)


def test_two_occurrence_arrests_keep_the_occurrences_own_place_rule():
    """A contradicting place costs two occurrence reports, never forbids them (fuse.occurrences)."""
    from eventfold.fuse.occurrences import occurrences_compatible

    assert occurrences_compatible(_arrest("e", False, LEEDS), _arrest("f", False, LONDON))
