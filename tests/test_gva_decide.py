"""The event-or-not decision on crime and police shootings as local news tells them: unnamed
shooters, passive victims, "police said", ages and clock times are an occurrence's marks, not
doubts; court dates, appeals, vigils and yearly tallies are not events. Sentences written for
these tests (none is in data/event_examples.tsv)."""

from __future__ import annotations

import pytest

from eventfold.extract import decide, train_decide


@pytest.fixture(scope="module")
def nlp():
    from eventfold.annotate.nlp import load_nlp

    return load_nlp()


def _features(nlp, text: str, year: int = 2018) -> list[str]:
    from eventfold.extract.attribution import attribution_of, modality_of

    sent = nlp(text)[:]
    trigger = decide.main_trigger(sent)
    attribution = attribution_of(sent)
    certainty = "denied" if attribution.polarity == "denied" else attribution.certainty
    return decide.candidate_features(sent, trigger, modality=modality_of(sent, trigger, article_year=year),
                                     certainty=certainty, article_year=year)


def _confidence(nlp, text: str) -> float:
    return decide.shipped_model().probability(_features(nlp, text))


@pytest.mark.parametrize("text", [
    "A 29-year-old man was shot dead outside a takeaway in Leeds late on Saturday, police said.",
    "Two brothers were wounded when a gunman fired at their car near a petrol station in Durban.",
    "Police said a teenager was found with gunshot wounds in a stairwell and died in hospital.",
    "Three people were shot at a birthday party in a Houston suburb shortly before midnight.",
    "An officer shot and wounded a man who fired at deputies from a pickup truck, the sheriff said.",
])
def test_shootings_told_the_local_way_pass_the_default_threshold(nlp, text):
    assert _confidence(nlp, text) >= decide.DEFAULT_MIN_CONFIDENCE


@pytest.mark.parametrize("text", [
    "The 22-year-old charged over the shooting will appear before a magistrate in April.",
    "Relatives will hold a prayer vigil for the victim outside the church on Sunday evening.",
    "Detectives urged anyone who filmed the incident on a phone to come forward.",
    "The county has counted 48 killings so far this year, more than in all of last year.",
])
def test_court_dates_appeals_vigils_and_tallies_stay_below_it(nlp, text):
    assert _confidence(nlp, text) < decide.DEFAULT_MIN_CONFIDENCE


def test_an_age_is_read_as_an_age_not_as_a_year(nlp):
    features = _features(nlp, "A 17-year-old boy was hurt in a shooting on Tuesday.")
    assert "l=age" in features and "w=age" in features
    assert "l=year" not in features and "w=year-old" not in features
    assert "l=year" in _features(nlp, "More people were shot in the city this year than last.")


def test_a_clock_time_marks_one_occurrence(nlp):
    assert "cue=day" in _features(nlp, "Shots were fired outside the bar around 11:30 p.m., a witness said.")


def test_the_examples_hold_crime_and_police_shootings_of_many_countries():
    examples = train_decide.load_examples()
    shootings = [e for e in examples if e.label == 1 and ("shot" in e.text or "gunm" in e.text.lower())]
    assert len(shootings) >= 100 and len({e.conflict for e in shootings}) >= 20
    kinds = {e.kind for e in examples if e.label == 0}
    assert {"court", "appeal", "investigation", "funeral", "accident", "total"} <= kinds
