"""ACLED sub-event classification: inventory, lexicon features, learned typer, batch typing, CASE-2021 scoring."""

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
    LEXICON_BACKED,
    MODEL_RULE,
    NONE_LABEL,
    TypingModel,
    classify_batch,
    classify_sub_event,
    load_examples,
    rule_features,
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
def test_lexicon_backs_the_model_with_provenance(text, code, evidence):
    prediction = classify_sub_event(text)
    assert prediction is not None
    assert prediction.case_code == code
    assert prediction.rule.startswith(LEXICON_BACKED)
    assert evidence.lower() in prediction.evidence.lower()
    assert 0.5 < prediction.score <= 1.0
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
def test_model_decides_alone_when_no_rule_agrees(text, code):
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
    rows = [rule_features(t) for t in probe]
    first, second = TypingModel().fit(texts, labels), TypingModel().fit(texts, labels)
    assert (first.margins(probe, rows) == second.margins(probe, rows)).all()


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
    assert prediction.rule == LEXICON_BACKED + "territory taken by government"


def test_accepts_a_spacy_doc():
    from eventfold.annotate.nlp import load_nlp

    text = "Two bombs planted by the roadside exploded as a police convoy passed, wounding four officers."
    doc = load_nlp()(text)
    assert classify_sub_event(text, doc) == classify_sub_event(text)
    assert classify_sub_event(text, doc).case_code == "REM_EXPLOS"


# ---------------------------------------------------------------- conflicts the rules were not written for

OTHER_CONFLICTS = [
    ("Paramilitary fighters overran the army's garrison in the Darfur town and hoisted their flag over it.",
     "Non-state actor overtakes territory"),
    ("Resistance fighters and junta soldiers fought for two days around a hilltop monastery in Sagaing.",
     "Armed clash"),
    ("A military aircraft dropped two bombs on a market in the Shan hills, killing eleven traders.",
     "Air/drone strike"),
    ("Gunmen on motorbikes stormed a hamlet in the Sahel and shot dead the men they found there.", "Attack"),
    ("A convoy of fuel tankers struck a buried explosive charge on the road north of the capital.",
     "Remote explosive/landmine/IED"),
    ("Armed gangs kidnapped a bus full of passengers on the highway out of the Haitian capital.",
     "Abduction/forced disappearance"),
]


@pytest.mark.parametrize("text, sub_event_type", OTHER_CONFLICTS)
def test_types_events_of_conflicts_it_has_no_rule_for(text, sub_event_type):
    prediction = classify_sub_event(text)
    assert prediction is not None
    assert prediction.sub_event_type == sub_event_type


def test_batch_types_every_sentence_at_once_with_probabilities():
    texts = ["Police fired tear gas at students marching on the ministry.",
             "The finance minister will present the budget to parliament next week.",
             ""]
    typings = classify_batch(texts)
    assert len(typings) == 3
    assert typings[0].prediction.case_code == "PROTEST_WITH_INTER"
    assert typings[0].prediction == classify_sub_event(texts[0])
    assert typings[1].prediction is None and typings[2].prediction is None
    assert abs(sum(typings[0].probabilities.values()) - 1.0) < 0.01
    assert typings[0].event_probability > 0.9 > 0.5 > typings[1].event_probability
    assert typings[2].event_probability == 0.0


def test_article_actors_decide_the_side_that_took_a_town():
    text = "The Mountain Brigade captured the district headquarters after a night of fighting."
    as_rebels = classify_batch([text], {"Mountain Brigade": "Rebel group"})[0].prediction
    as_state = classify_batch([text], {"Mountain Brigade": "State forces"})[0].prediction
    assert rule_features(text, {"Mountain Brigade": "Rebel group"}) != rule_features(text, {"Mountain Brigade": "State forces"})
    assert as_rebels.case_code == "NON_STATE_ACTOR_OVERTAKES_TER"
    assert as_state.case_code == "GOV_REGAINS_TERIT"


def test_no_list_of_armed_groups_in_the_typer():
    import eventfold.extract.subevent as typer

    assert not hasattr(typer, "GOVERNMENT") and not hasattr(typer, "NON_STATE")
    source = Path(typer.__file__).read_text(encoding="utf-8").lower()
    for group in ("taliban", "boko haram", "houthi", "al-shabaab", "hezbollah"):
        assert group not in source


def test_fitted_model_is_cached_and_reused(tmp_path, monkeypatch):
    import eventfold.extract.subevent as typer

    monkeypatch.setenv("EVENTFOLD_CACHE_DIR", str(tmp_path))
    typer.trained_model.cache_clear()
    try:
        first = typer.trained_model()
        cached = list(tmp_path.glob("subevent-model-*.pkl"))
        assert len(cached) == 1 and typer.model_fingerprint() in cached[0].name
        typer.trained_model.cache_clear()
        second = typer.trained_model()  # read back, not refitted
        probe = ["Troops shelled the rebel-held suburb."]
        rows = [rule_features(t) for t in probe]
        assert (first.margins(probe, rows) == second.margins(probe, rows)).all()
    finally:
        typer.trained_model.cache_clear()


# ---------------------------------------------------------------- end to end: base taken, weapons' era


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _actual_reports(annotator, text: str, published: str = "2023-06-10"):
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    raw = RawDocument("typing.txt", "json-text", text, published=published, outlet="Test Wire", title="Test story")
    article = parse_document(raw, IngestOptions())
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    result = extract_events(article, annotations, docs[article.article_id], actors=annotator.actors)
    return [r for r in result.reports if r.modality == "actual"]


def test_capturing_an_army_base_is_territory_not_an_arrest(annotator):
    reports = _actual_reports(annotator, "Paramilitary fighters of the Rapid Support Forces captured the army's "
                                         "main base in the city of Nyala on Thursday after days of fighting.")
    types = {r.sub_event_type for r in reports}
    assert "Arrests" not in types
    assert types & {"Non-state actor overtakes territory", "Armed clash"}


def test_a_weapon_of_the_soviet_era_does_not_make_the_event_history(annotator):
    from eventfold.annotate.nlp import load_nlp
    from eventfold.extract.attribution import modality_of

    nlp = load_nlp()
    shelled = next(nlp("Russian troops shelled Kharkiv with Soviet-era artillery on Monday, killing two.").sents)
    tanks = next(nlp("Rebels attacked the town with 1970s-vintage tanks on Friday.").sents)
    invaded = next(nlp("Soviet troops entered the valley in the winter.").sents)
    occupation = next(nlp("During the Soviet occupation the village was bombed.").sents)
    assert modality_of(shelled, article_year=2023) == "actual"
    assert modality_of(tanks, article_year=2023) == "actual"
    assert modality_of(invaded, article_year=2023) == "historical"
    assert modality_of(occupation, article_year=2023) == "historical"


def test_the_typer_reads_the_event_clause_not_a_descriptive_clause_after_it():
    from eventfold.annotate.nlp import load_nlp
    from eventfold.extract.clause_typing import typing_text

    text = ("Rebel fighters attacked two army outposts near the jade mines on Monday, "
            "ending a ceasefire that had held since the spring.")
    sentence = next(load_nlp()(text).sents)
    trimmed = typing_text(sentence)
    assert "ceasefire" not in trimmed and trimmed.startswith("Rebel fighters attacked two army outposts")
    assert classify_batch([trimmed])[0].prediction.event_type == "Battles"
    # a clause that tells the event itself stays: "killing five" is what the bombing did
    killing = next(load_nlp()("A bomb exploded at the bus station, killing five travellers.").sents)
    assert typing_text(killing) == killing.text
