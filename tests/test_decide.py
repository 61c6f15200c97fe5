"""The event-or-not decision (extract/decide.py): its shipped weights, its verdicts on sentences
written for these tests, and its confidence carried through extraction, the store, fusion,
the exports and --min-confidence."""

from __future__ import annotations

import json

import pytest

from eventfold.extract import decide, train_decide
from eventfold.model import DateValue, EventReport, Span


@pytest.fixture(scope="module")
def nlp():
    from eventfold.annotate.nlp import load_nlp

    return load_nlp()


def _confidence(nlp, text: str, year: int = 2024) -> float:
    from eventfold.extract.attribution import attribution_of, modality_of

    sent = nlp(text)[:]
    trigger = decide.main_trigger(sent)
    attribution = attribution_of(sent)
    certainty = "denied" if attribution.polarity == "denied" else attribution.certainty
    return decide.decide(sent, trigger, modality=modality_of(sent, trigger, article_year=year), certainty=certainty,
                         article_year=year).confidence


# ---------------------------------------------------------------- the shipped model


def test_shipped_weights_were_fitted_on_the_current_examples():
    shipped = json.loads(decide.WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert shipped["examples_sha256"] == decide.examples_digest(), \
        "data/event_examples.tsv changed: run `python -m eventfold.extract.train_decide`"
    assert shipped["feature_version"] == decide.FEATURE_VERSION


def test_the_training_script_rebuilds_the_shipped_weights(nlp):
    shipped = json.loads(decide.WEIGHTS_PATH.read_text(encoding="utf-8"))
    rebuilt = train_decide.build(nlp)
    assert rebuilt["calibration"] == pytest.approx(shipped["calibration"], abs=1e-4)
    assert rebuilt["bias"] == pytest.approx(shipped["bias"], abs=1e-4)
    assert set(rebuilt["weights"]) == set(shipped["weights"])
    assert all(abs(rebuilt["weights"][k] - shipped["weights"][k]) < 1e-4 for k in shipped["weights"])


def test_examples_cover_many_conflicts_and_both_labels():
    examples = train_decide.load_examples()
    assert len(examples) >= 600 and len({e.conflict for e in examples}) >= 10
    kinds = {e.kind for e in examples if e.label == 0}
    assert {"statement", "threat", "pledge", "forecast", "exercise", "missile test", "deployment", "meeting",
            "talks", "law", "sanctions", "appointment", "market", "aid", "background", "total", "denial",
            "question"} <= kinds
    assert 0.35 < sum(e.label for e in examples) / len(examples) < 0.65


# ---------------------------------------------------------------- verdicts (sentences not in the examples)


@pytest.mark.parametrize("text", [
    "Militants stormed a police checkpoint outside Garissa on Tuesday night, killing four officers.",
    "Soldiers were reportedly killed when their convoy was ambushed near Tillaberi on Sunday.",
    "Police fired tear gas at hundreds of traders protesting in Kampala on Monday.",
])
def test_reported_occurrences_pass_the_default_threshold(nlp, text):
    assert _confidence(nlp, text) >= decide.DEFAULT_MIN_CONFIDENCE


@pytest.mark.parametrize("text", [
    "The Nairobi stock index fell sharply on Monday as investors sold bank shares.",
    "The navy will hold live-fire drills off the coast next month.",
    "Rebel leaders threatened to attack the capital if the talks fail.",
    "Fighting in the region has killed more than 3,000 people since January, the UN said.",
    "The defence minister met his Kenyan counterpart in Addis Ababa to discuss border security.",
])
def test_sentences_about_no_occurrence_fall_below_it(nlp, text):
    assert _confidence(nlp, text) < decide.DEFAULT_MIN_CONFIDENCE


def test_a_plan_is_less_likely_an_event_than_the_deed(nlp):
    done = _confidence(nlp, "Troops attacked the rebel camp near Beni on Friday.")
    planned = _confidence(nlp, "Troops are preparing to attack the rebel camp near Beni.")
    assert planned < done


def test_decision_names_its_evidence(nlp):
    sent = nlp("Gunmen abducted twelve farmers near Katsina on Wednesday.")[:]
    decision = decide.decide(sent, decide.main_trigger(sent), modality="actual", certainty="stated", article_year=2024)
    assert 0.0 <= decision.confidence <= 1.0 and decision.rule == decide.MODEL_RULE
    assert decision.evidence and all(part[0] in "+-" for part in decision.evidence.split())


# ---------------------------------------------------------------- through extraction, store, fusion and export


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _extract(annotator, text: str):
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    article = parse_document(RawDocument("t.txt", "json-text", text, published="2024-03-12", outlet="Test Wire",
                                         title="Test story"), IngestOptions())
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    return extract_events(article, annotations, docs[article.article_id], actors=annotator.actors)


def test_extracted_reports_carry_a_confidence_and_its_provenance(annotator):
    result = _extract(annotator, "Gunmen attacked a bus near Maiduguri on Sunday, killing nine passengers.\n\n"
                                 "The share price of the state oil company collapsed after the attack.\n")
    assert result.reports
    for report in result.reports:
        assert 0.0 < report.confidence <= 1.0
        assert any(p.rule == decide.MODEL_RULE for p in report.provenance)


def _report(report_id: str, article_id: str, confidence):
    return EventReport(report_id=report_id, article_id=article_id, event_type="Battles", sub_event_type="Armed clash",
                       span=Span(article_id, 0, 10), date=DateValue("2024-03-10", "day"), confidence=confidence)


def test_fused_confidence_is_the_most_confident_report():
    from eventfold.fuse.values import fused_confidence, fuse_event

    reports = [_report("r1", "a1", 0.4), _report("r2", "a2", 0.9), _report("r3", "a3", None)]
    assert fused_confidence(reports) == 0.9
    assert fused_confidence([_report("r4", "a4", None)]) is None
    assert fuse_event("ev-1", reports, [], {}).confidence == 0.9


def test_confidence_is_stored_read_back_and_filtered_in_one_place(tmp_path):
    from eventfold.export.rows import event_row, report_row
    from eventfold.fuse.values import fuse_event
    from eventfold.model import Article
    from eventfold.store.dataset import event_reports, load_dataset
    from eventfold.store.db import Store
    from eventfold.store.extractions import save_extraction
    from eventfold.store.fusion import save_event

    store = Store.open(tmp_path / "t.db")
    with store.transaction():
        for article_id, confidence in (("a1", 0.92), ("a2", 0.2)):
            store.insert_article(Article(article_id=article_id, text="x" * 20, content_hash=article_id), None, None)
            report = _report(f"r-{article_id}", article_id, confidence)
            save_extraction(store, article_id, [report], [], [], article_id, "test")
            save_event(store, fuse_event(f"ev-{article_id}", [report], [], {}))
    with store:
        assert sorted(r.confidence for r in event_reports(store)) == [0.2, 0.92]
        assert [r.confidence for r in event_reports(store, min_confidence=0.5)] == [0.92]
        kept = load_dataset(store, min_confidence=0.5).events
        assert [e.confidence for e in kept] == [0.92]
        assert len(load_dataset(store).events) == 2
    assert event_row(kept[0], {}, [], [])["confidence"] == 0.92
    assert report_row(_report("r", "a", 0.3))["confidence"] == 0.3
