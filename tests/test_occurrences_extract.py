"""Occurrences beyond ACLED's scope (extract/occurrences.py) on sentences and articles written for
these tests, through the real spaCy model and the real extraction stage."""

from __future__ import annotations

import pytest

from eventfold.extract.occurrences import (
    OTHER, SCALE, SHIFT, fit_calibration, labelled_scores, occurrence_prediction,
)
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument


@pytest.fixture(scope="module")
def nlp():
    from eventfold.annotate.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _kind(nlp, text: str):
    prediction = occurrence_prediction(nlp(text)[:])
    return prediction.sub_event_type if prediction else None


@pytest.mark.parametrize("text, kind", [
    ("A strong earthquake rattled the hill town on Sunday night.", "Disaster"),
    ("A freight train derailed outside the station early on Monday.", "Accident or failure"),
    ("The jury convicted the accountant of forging invoices.", "Trial or verdict"),
    ("The board sacked its chairman Pol Averin after the losses.", "Appointment or dismissal"),
    ("Northwind Foods bought the bakery chain for 80 million dollars.", "Business deal"),
    ("The painter Ilse Marrow died in her studio on Friday.", "Death"),
    ("The Hornets beat the Stags 2-0 in the cup final.", "Contest result"),
    ("The studio released the sequel in cinemas on Friday.", "Release or launch"),
    ("Boxer Ivo Radek retained his heavyweight titles by stopping Lenny Ward.", "Contest result"),
    ("Three undersea cables were cut near the coast on Friday.", "Accident or failure"),
    ("The academy has chosen Dana Oyelaran to host the awards show.", "Appointment or dismissal"),
    ("Dr. Hal Mercer has been offered the post of health commissioner.", "Appointment or dismissal"),
    ("The ministry overturned a rule that had limited scientific reviews.", "Policy decision"),
    ("The retired spy chief is dead.", "Death"),
    ("The suspect hanged himself in his cell.", "Death"),
])
def test_the_kind_of_an_occurrence_comes_from_its_word(nlp, text, kind):
    assert _kind(nlp, text) == kind


@pytest.mark.parametrize("text", [
    "Soldiers opened fire on the crowd.",             # a violent act: the ACLED typer's, not an occurrence here
    "The fire chief spoke to reporters.",             # a person, not a fire
    "He fired three shots into the air.",             # firing a weapon is no dismissal
    "The minister said the economy was growing.",     # no occurrence word at all
    "The government cut taxes on fuel.",              # a cut of taxes is no line cut
    "The champion retained his composure.",           # retaining no title
    "The firm offered a reward for information.",     # an offer of no post
])
def test_words_that_tell_no_occurrence_of_their_kind(nlp, text):
    assert _kind(nlp, text) is None


def _extract(annotator, text: str, published: str = "2023-10-12"):
    from eventfold.extract.events import extract_events

    raw = RawDocument("test.txt", "json-text", text, published=published, outlet="Test Wire", title="Test story")
    article = parse_document(raw, IngestOptions())
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    return extract_events(article, annotations, docs[article.article_id], actors=annotator.actors).reports


def test_an_earthquake_is_an_occurrence_with_its_day_and_toll_not_an_attack(annotator):
    reports = _extract(annotator, "A magnitude 6.2 earthquake struck eastern Turkey near the town of Ercis on "
                                  "Tuesday, killing at least 31 people, officials said.\n\n"
                                  "Rescuers worked through the night in the cold.\n")
    assert [r.event_type for r in reports if r.modality == "actual"] == [OTHER]
    quake = reports[0]
    assert quake.sub_event_type == "Disaster" and quake.trigger == "earthquake"
    assert quake.date.value == "2023-10-10" and quake.fatalities.conservative == 31
    assert quake.place is not None and quake.place.country == "TR"
    assert quake.confidence >= 0.8 and any(p.rule == "occurrence:happened" for p in quake.provenance)


def test_plans_habits_history_and_denials_are_no_occurrences(annotator):
    reports = _extract(annotator, "The company plans to acquire a rival next year.\n\n"
                                  "Floods hit the valley every spring.\n\n"
                                  "The old bridge collapsed in 1962.\n\n"
                                  "A verdict is expected next week.\n\n"
                                  "There was no fire at the plant, the manager said.\n")
    assert not [r for r in reports if r.modality == "actual"]


def test_an_attack_stays_acled_beside_an_occurrence(annotator):
    reports = _extract(annotator, "Gunmen attacked a police checkpoint in Kandahar on Monday, killing two "
                                  "officers.\n\n"
                                  "Separately, a bus overturned on the highway to Herat on Monday, and six "
                                  "passengers died.\n")
    types = {r.event_type for r in reports if r.modality == "actual"}
    assert types == {OTHER, "Violence against civilians"} or types == {OTHER, "Battles"}
    crash = next(r for r in reports if r.event_type == OTHER)
    assert crash.sub_event_type == "Accident or failure"


def test_the_calibration_constants_are_the_fit_of_the_written_examples():
    scored = labelled_scores()
    assert len(scored) >= 50 and {label for label, _ in scored} == {0, 1}
    assert fit_calibration(scored) == (SCALE, SHIFT), \
        "data/occurrence_examples.tsv or decide's weights changed: set occurrences.SCALE, SHIFT to the fit"


def test_the_overturned_bus_is_a_crash_and_the_overturned_rule_a_decision(nlp):
    assert _kind(nlp, "Their car overturned twice on the coast road.") == "Accident or failure"
    assert _kind(nlp, "The court overturned the ban on street markets.") == "Policy decision"


def test_a_news_lead_in_the_present_perfect_is_an_occurrence_above_the_export_threshold(annotator):
    """"has died" tells one happening as "died" does, and the 1960s of the clause describing her are
    not when she died; a perfect that spans years ("have died since") stays below."""
    reports = _extract(annotator, "Marla Quint, the stage actress whose comic roles delighted audiences in "
                                  "the 1960s, has died, her publicist said.\n\n"
                                  "Dozens of climbers have died on the mountain since the route opened.\n")
    actual = [r for r in reports if r.modality == "actual" and r.event_type == OTHER]
    death = next(r for r in actual if "Quint" in (r.trigger + str(r.provenance)) or r.span.start == 0)
    assert death.sub_event_type == "Death" and death.confidence >= 0.8
    assert all(r.confidence < 0.8 for r in actual if r is not death)


def test_a_denial_removes_the_occurrence_it_governs_not_a_dismissal_nor_a_critics_verdict(annotator):
    reports = _extract(annotator, "The club dismissed its head coach Arno Velt on Sunday after six straight "
                                  "defeats.\n\n"
                                  "The police denied that anyone had been arrested after the match.\n\n"
                                  "Voters in Norland cast ballots on Wednesday in a referendum hailed by the "
                                  "government but dismissed by critics as a sham.\n\n"
                                  "The ministry dismissed reports of a fire at the refinery.\n")
    kinds = sorted(r.sub_event_type for r in reports if r.modality == "actual" and r.event_type == OTHER)
    assert kinds == ["Appointment or dismissal", "Election or vote"]


def test_a_claim_of_victory_is_no_contest_result():
    from eventfold.annotate.nlp import load_nlp
    from eventfold.extract.occurrences import occurrence_trigger

    sent = next(load_nlp()("The claim of victory came two days after the rebels began their assault on the "
                           "valley.").sents)
    trigger = occurrence_trigger(sent)
    assert trigger is None or trigger.lemma_.lower() != "victory"
