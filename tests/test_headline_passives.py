"""Headlines drop "was": "Palestinian shot in back of head at checkpoint" tells who was shot, not
who shot (issue 9: actors). Headlines written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import extract_record


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _reports(annotator, title: str, text: str):
    return extract_record(annotator, title, text, "2023-09-02")


def test_the_subject_of_a_headline_participle_is_no_doer(annotator):
    reports = _reports(annotator, "Palestinian shot in back of head at checkpoint, family says",
                       "The unarmed teenager was going to help a wounded man when he was hit, his relatives said.")
    assert reports and all(r.actor1 is None or "Palestin" not in r.actor1 for r in reports)


def test_a_headline_victim_is_the_target(annotator):
    reports = _reports(annotator, "Farmer killed near border fence as troops open fire",
                       "Local officials said the man was tending his field.")
    assert [(r.sub_event_type, r.actor2) for r in reports] == [("Attack", "Civilians")]


def test_a_headline_with_an_object_keeps_its_doer(annotator):
    reports = _reports(annotator, "Gunmen shot dead two farmers in Zamfara village",
                       "Residents said the attackers came on motorcycles.")
    assert reports and reports[0].actor1 and reports[0].actor1.startswith("Unidentified Armed Group")
    assert reports[0].fatalities is not None and reports[0].fatalities.low == 2


def test_headline_passive_is_read_from_the_parse(annotator):
    from eventfold.extract.roles import headline_passive

    doc = annotator.nlp("Palestinian shot in back of head at checkpoint")
    verb = next(t for t in doc if t.lower_ == "shot")
    assert headline_passive(verb)
    sentence = annotator.nlp("Police shot a man in the leg.")
    assert not headline_passive(next(t for t in sentence if t.lower_ == "shot"))
