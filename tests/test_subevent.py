"""ACLED sub-event classification: inventory, lexicon rules, model fallback, CASE-2021 scoring."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eventfold.extract.acled_types import (
    ACLED_CASE_CODES,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    interaction_code,
    sub_event,
)
from eventfold.extract.subevent import (
    LEXICON_SCORE,
    MODEL_RULE,
    NONE_LABEL,
    build_model,
    classify_sub_event,
    load_examples,
)

CASE_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "events-case2021"


def test_inventory_has_the_25_acled_sub_event_types():
    assert len(SUB_EVENT_TYPES) == 25
    assert {s.event_type for s in SUB_EVENT_TYPES} == set(EVENT_TYPES)
    assert len(ACLED_CASE_CODES) == 25
    assert sub_event("SUIC_BOMB").name == "Suicide bomb"
    assert sub_event("Air/drone strike").case_code == "AIR_STRIKE"
    assert sub_event("Arrests").plover_type == "COERCE"


def test_interaction_codes_put_the_smaller_category_first():
    assert interaction_code(7, 1) == 17
    assert interaction_code(1, 2) == 12
    assert interaction_code(6) == 60
    with pytest.raises(ValueError):
        interaction_code(9, 1)


def test_training_examples_cover_every_type():
    counts = Counter(label for label, _ in load_examples())
    for kind in SUB_EVENT_TYPES:
        assert counts[kind.name] >= 30, kind.name
    assert set(counts) == {s.name for s in SUB_EVENT_TYPES} | {NONE_LABEL}


LEXICON_CASES = [
    ("A suicide bomber detonated his vest at the entrance of a wedding hall in the northern city, killing 14 guests.",
     "SUIC_BOMB", "suicide"),
    ("Military drones struck a convoy of the armed group on the desert road, destroying four pickup trucks.",
     "AIR_STRIKE", "drones struck"),
    ("Police fired tear gas and water cannon at students who had gathered outside the ministry.",
     "PROTEST_WITH_INTER", "tear gas"),
    ("Soldiers opened fire on a crowd of unarmed demonstrators in the market square, killing five.",
     "FORCE_AGAINST_PROTEST", "opened fire on"),
    ("The army said troops had recaptured the river port from the insurgents after two days of fighting.",
     "GOV_REGAINS_TERIT", "recaptured"),
    ("Rebel fighters overran the garrison and seized control of the district capital on Sunday.",
     "NON_STATE_ACTOR_OVERTAKES_TER", "seized"),
    ("Engineers of the bomb squad defused an explosive device left under a bridge on the main road.",
     "DISR_WEAP", "defused"),
    ("An unknown man lobbed a hand grenade into a crowded bar, wounding seven customers.", "GRENADE", "grenade"),
    ("Artillery shells slammed into the residential quarter overnight, killing a mother and her two children.",
     "ART_MISS_ATTACK", "Artillery"),
    ("Gunmen kidnapped eleven passengers from a minibus on the highway and demanded a ransom.",
     "ABDUCT_DISSAP", "kidnapped"),
    ("Youths protesting the fuel price rise hurled stones at police and torched a petrol station.",
     "VIOL_DEMONSTR", ""),
    ("The government and the armed movement signed a ceasefire agreement in the presence of regional mediators.",
     "AGREEMENT", "ceasefire"),
]


@pytest.mark.parametrize("text, code, evidence", LEXICON_CASES)
def test_lexicon_decides_with_provenance(text, code, evidence):
    prediction = classify_sub_event(text)
    assert prediction is not None
    assert prediction.case_code == code
    assert prediction.rule.startswith("lexicon:")
    assert evidence.lower() in prediction.evidence.lower()
    assert prediction.score == LEXICON_SCORE
    assert prediction.event_type == sub_event(code).event_type


MODEL_CASES = [
    ("Police officers arrested the leader of the student union at his flat and took him to an unknown location "
     "for questioning.", "ARREST"),
    ("Armed men on motorbikes shot dead a village headman and his son in front of their home on Friday night.",
     "ATTACK"),
    ("Troops and fighters of the armed group exchanged gunfire for hours near the border post, leaving six "
     "fighters dead.", "ARMED_CLASH"),
]


@pytest.mark.parametrize("text, code", MODEL_CASES)
def test_model_decides_when_no_rule_fires(text, code):
    prediction = classify_sub_event(text)
    assert prediction is not None
    assert prediction.case_code == code
    assert prediction.rule == MODEL_RULE
    assert prediction.evidence
    assert 0.0 < prediction.score <= 1.0


@pytest.mark.parametrize("text", [
    "The finance minister pledged to cut the budget deficit and attract foreign investment next year.",
    "Exports of coffee rose by eight percent in the first quarter, according to the statistics bureau.",
    "Torrential rain caused the river to burst its banks, flooding farmland in three districts.",
])
def test_non_events_give_none(text):
    assert classify_sub_event(text) is None


def test_empty_text_gives_none():
    assert classify_sub_event("   ") is None


def test_model_is_deterministic():
    examples = load_examples()
    texts, labels = [t for _, t in examples], [label for label, _ in examples]
    probe = ["Militiamen looted the clinic and burned the school", "Thousands marched peacefully for higher wages"]
    first, second = build_model().fit(texts, labels), build_model().fit(texts, labels)
    assert (first.decision_function(probe) == second.decision_function(probe)).all()


@pytest.mark.skipif(not CASE_DIR.exists(), reason="shared CASE-2021 data absent")
def test_case2021_dev_sample():
    from eventfold.evaluate.case2021 import evaluate

    result = evaluate(CASE_DIR, limit=40)
    assert result["task"] == "case2021"
    assert result["all_n"] == 40
    assert 0 < result["n"] <= 40
    assert result["accuracy"] >= 0.6
    assert 0.0 <= result["macro_f1"] <= 1.0


def test_plain_protest_is_peaceful():
    prediction = classify_sub_event("Hundreds of farmers marched to the capital to demand better prices for their crops.")
    assert prediction is not None
    assert prediction.case_code == "PEACE_PROTEST"
    assert prediction.rule


def test_passive_agent_decides_who_took_territory():
    prediction = classify_sub_event("The border town was recaptured by the army on Tuesday after a week of fighting.")
    assert prediction is not None
    assert prediction.case_code == "GOV_REGAINS_TERIT"
    assert prediction.rule == "lexicon:territory taken by government"


def test_accepts_a_spacy_doc():
    from eventfold.annotate.nlp import load_nlp

    text = "Two bombs planted by the roadside exploded as a police convoy passed, wounding four officers."
    doc = load_nlp()(text)
    assert classify_sub_event(text, doc) == classify_sub_event(text)
    assert classify_sub_event(text, doc).case_code == "REM_EXPLOS"
