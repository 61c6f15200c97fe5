"""Fusion of occurrences ACLED does not code (fuse/occurrences.py), through the real command line
and a real SQLite store, on articles written for these tests: two outlets' reports of one
singer's stay in rehab join although only one names the clinic's town and they name her
differently; a look-alike (another singer, the same week, the same kind) stays apart; and the
kind alone never joins two reports."""

from __future__ import annotations

import pytest

from conftest import export_all_events
from eventfold.fuse.occurrences import best_occurrence_event, has_own_evidence, occurrences_compatible
from eventfold.model import ReportItem

ARTICLES = [
    {"source": "Stage Daily", "date": "2024-03-08", "title": "Coral Vane enters rehab",
     "text": "The singer Coral Vane has checked into a rehabilitation clinic in Brightwater, her manager "
             "said on Friday.\n\nVane, whose second album topped the charts, cancelled the rest of her tour "
             "last month. Fans of Coral Vane sent messages of support.\n"},
    {"source": "Pop Ledger", "date": "2024-03-08", "title": "Vane seeks treatment",
     "text": "Pop star Coral Vane has entered a rehab facility, a spokesman for the singer confirmed.\n\n"
             "Vane cancelled her spring tour dates in February. The album made Coral Vane a household name.\n"},
    {"source": "Screen Weekly", "date": "2024-03-09", "title": "Dex Morrow checks into rehab",
     "text": "The actor Dex Morrow has checked into a rehab clinic, his agent said on Saturday.\n\n"
             "Morrow, who starred in a hospital drama, has not worked since the autumn. Dex Morrow thanked "
             "his fans.\n"},
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("occurrence-fusion")
    return export_all_events(folder, ARTICLES)


def test_two_outlets_reports_of_one_stay_in_rehab_are_one_event_and_the_look_alike_another(exported):
    stays = [row for row in exported if row["event_type"] == "Other" and row["sub_event_type"] == "Health"]
    assert sorted(row["source_count"] for row in stays) == [1, 2]
    joined = next(row for row in stays if row["source_count"] == 2)
    alone = next(row for row in stays if row["source_count"] == 1)
    assert joined["event_date"] == "2024-03-08" and alone["event_date"] == "2024-03-09"  # Vane's, Morrow's


def _item(report_id: str, article_id: str, kind: str, **fields) -> ReportItem:
    return ReportItem(report_id=report_id, article_id=article_id, family="Other", event_type="Other",
                      sub_event_type=kind, **fields)


def test_the_kind_and_its_words_alone_never_join_two_occurrences():
    idf = {"rehab": 1.2, "checked": 1.2, "clinic": 1.3, "vane": 4.0, "morrow": 4.0}
    vane = _item("r1", "a1", "Health", terms=["checked", "clinic", "rehab"], story_terms=["clinic", "rehab", "vane"],
                 actors=["Coral Vane"])
    morrow = _item("r2", "a2", "Health", terms=["checked", "clinic", "rehab"],
                   story_terms=["clinic", "morrow", "rehab"], actors=["Dex Morrow"])
    assert occurrences_compatible(vane, morrow) and not has_own_evidence(vane, morrow, idf)
    assert best_occurrence_event(morrow, {"ev-1": [vane]}, idf) is None


def test_a_party_named_alike_joins_across_spellings_and_unrelated_kinds_never_do():
    idf = {"benjamin": 4.0, "surgeon": 2.0, "general": 1.5, "nominated": 1.5}
    one = _item("r1", "a1", "Appointment or dismissal", terms=["benjamin", "general", "nominated", "surgeon"],
                story_terms=["benjamin", "general", "regina", "surgeon"], actors=["Regina M. Benjamin"])
    other = _item("r2", "a2", "Appointment or dismissal", terms=["benjamin", "general", "nominated", "surgeon"],
                  story_terms=["benjamin", "general", "regina", "surgeon"], actors=["Regina Benjamin"])
    assert has_own_evidence(one, other, idf)
    assert best_occurrence_event(other, {"ev-1": [one]}, idf) == "ev-1"
    launch = _item("r3", "a3", "Release or launch", terms=other.terms, story_terms=other.story_terms,
                   actors=other.actors)
    assert not occurrences_compatible(one, launch)
