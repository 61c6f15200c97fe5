"""Recall of fusion across outlets (issue 9, ECB+-like stories), on stories written for these tests,
through the real annotator and extractor, and through the real command line and SQLite store:

- a harm word in an idiom ("shot to fame", a film "shooting" in August, executing a game plan) does
  not make a story one of violence, so its main happening (a stay in rehab, a dismissal) is kept;
  a real shooting story still keeps its victim's death as the shooting's own;
- a simple past passive ("was arrested") and a headline's simple present ("checks into rehab") tell
  a thing that happened as the simple past does;
- one article telling its happening in two sentences apart has both reports in one event, beside
  the other outlet's report.
"""

from __future__ import annotations

import pytest

from conftest import export_all_events
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument


def _reports(annotator, text: str, title: str = "Test story"):
    from eventfold.extract.events import extract_events

    raw = RawDocument("test.txt", "json-text", text, published="2023-10-12", outlet="Test Wire", title=title)
    article = parse_document(raw, IngestOptions())
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    return extract_events(article, annotations, docs[article.article_id], actors=annotator.actors).reports


@pytest.mark.parametrize("text, kind", [
    ("The actress Nell Corvin has checked into a rehab clinic in Santa Rosa, her publicist said.\n\n"
     "Corvin, who shot to fame in a teen comedy, has been out of work for a year. Her last film "
     "bombed at the box office.\n", "Health"),
    ("The Harbor City Hawks fired head coach Len Maddox on Monday after a run of nine defeats.\n\n"
     "\"We were not executing the game plan,\" the club's owner said. The sequel to the team's "
     "documentary begins shooting in August.\n", "Appointment or dismissal"),
])
def test_a_harm_word_in_an_idiom_leaves_the_main_happening_of_the_story(annotator, text, kind):
    reports = [r for r in _reports(annotator, text) if r.event_type == "Other"]
    assert [r.sub_event_type for r in reports] == [kind]
    assert reports[0].confidence >= 0.5


def test_the_death_of_a_shooting_victim_stays_the_shooting_story(annotator):
    reports = _reports(annotator, "A man was shot outside a bar in Dunmore late on Friday.\n\n"
                                  "He died at a hospital on Saturday, police said.\n")
    assert [r.event_type for r in reports] == ["Violence against civilians"]


@pytest.mark.parametrize("text, verb", [
    ("A man was shot outside a bar.", "shot"),
    ("The gunman opened fire and shot two guards.", "shot"),
    ("A teenager was stabbed outside a club on Sunday.", "stabbed"),
    ("Deputies said the woman was killed by her husband.", "killed"),
])
def test_harm_done_to_people_tells_violence(nlp, text, verb):
    from eventfold.extract.occurrences import tells_violence

    assert tells_violence(nlp(text)), verb


@pytest.mark.parametrize("text", [
    "The singer, who shot to fame in 2004, thanked her fans.",
    "Flames were shooting out from below the roof.",
    "The crews attacked the blaze from all sides.",
    "The flaw lets intruders execute code on the machine.",
    "The earthquake killed 14 people in the valley.",  # a quake's toll: the mishap's, told by its own word
])
def test_idioms_and_disasters_tell_no_violence(nlp, text):
    from eventfold.extract.occurrences import tells_violence

    assert not tells_violence(nlp(text))


def _happened(nlp, text: str, headline: bool = False) -> float:
    from eventfold.extract.attribution import modality_of
    from eventfold.extract.occurrences import occurrence_decision, occurrence_trigger, telling_word

    sent = nlp(text)[:]
    telling = telling_word(occurrence_trigger(sent))
    modality = modality_of(sent, telling, article_year=2023)
    return occurrence_decision(sent, telling, modality=modality, certainty="stated", article_year=2023,
                               headline=headline).confidence


def test_a_simple_past_passive_tells_what_happened_as_the_simple_past(nlp):
    passive = _happened(nlp, "The former mayor of Tessin was arrested at his home.")
    active = _happened(nlp, "Police arrested the former mayor of Tessin at his home.")
    assert passive >= 0.8 and abs(passive - active) < 0.1
    assert _happened(nlp, "The former mayor of Tessin will be arrested.") < 0.5


def test_a_headlines_simple_present_tells_the_past(nlp):
    told = _happened(nlp, "Painter Ilse Marrow checks into rehab", headline=True)
    assert told > _happened(nlp, "Painter Ilse Marrow checks into rehab") and told >= 0.95


ARTICLES = [
    {"source": "Court Ledger", "date": "2024-05-14", "title": "Hawks part ways with Maddox",
     "text": "The Harbor City Hawks fired head coach Len Maddox on Monday after nine straight defeats.\n\n"
             "Maddox, 58, won a league title with the club in his first season.\n\n"
             "\"It is a sad day for all of us,\" captain Theo Brandt told reporters at the arena.\n\n"
             "Fans had called for a change for weeks. The club's owner Dana Pike dismissed Maddox at a "
             "meeting at the team's training ground.\n"},
    {"source": "Hoops Wire", "date": "2024-05-14", "title": "Maddox out as Hawks coach",
     "text": "The Hawks sacked Len Maddox on Monday, ending a four-year spell in Harbor City.\n\n"
             "The club lost its last nine games under Maddox.\n"},
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fusion-recall")
    return export_all_events(folder, ARTICLES)


def test_one_articles_two_tellings_of_a_dismissal_and_the_other_outlets_are_one_event(exported):
    dismissals = [row for row in exported if row["sub_event_type"] == "Appointment or dismissal"]
    assert len(dismissals) == 1, dismissals
    assert dismissals[0]["source_count"] == 2 and dismissals[0]["event_date"] == "2024-05-13"


def _item(report_id: str, article_id: str, kind: str, **fields):
    from eventfold.model import ReportItem

    return ReportItem(report_id=report_id, article_id=article_id, family="Other", event_type="Other",
                      sub_event_type=kind, **fields)


def test_an_articles_reports_of_one_kind_join_the_event_of_the_first_and_other_kinds_do_not():
    from eventfold.fuse.occurrences import best_occurrence_event, occurrences_compatible

    idf = {"maddox": 4.0, "hawks": 3.0, "fired": 1.5, "dismissed": 1.5, "title": 1.5}
    story = ["dismissed", "fired", "hawks", "maddox", "title"]
    first = _item("r1", "a1", "Appointment or dismissal", terms=["fired", "hawks", "maddox"], story_terms=story,
                  actors=["Harbor City Hawks", "Len Maddox"])
    outlet = _item("r2", "a2", "Appointment or dismissal", terms=["hawks", "maddox", "sacked"],
                   story_terms=["hawks", "maddox", "sacked"], actors=["Hawks", "Len Maddox"])
    again = _item("r3", "a1", "Appointment or dismissal", terms=["dismissed", "maddox", "pike"], story_terms=story,
                  actors=["Dana Pike"])
    assert occurrences_compatible(first, again)
    assert best_occurrence_event(again, {"ev-1": [first, outlet], "ev-2": []}, idf) == "ev-1"
    title = _item("r4", "a1", "Contest result", terms=["league", "title", "won"], story_terms=story)
    assert not occurrences_compatible(first, title)
