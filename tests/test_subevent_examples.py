"""The typer's own examples: what they teach carries over to new wording, and none is taken from
the CASE 2021 evaluation set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventfold.extract.subevent import classify_batch, load_examples

CASE_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "events-case2021"
# A run this long shared with an evaluation snippet means a copied sentence, not a common phrase
# ("set up a new military post in the" is 8 words both may use on their own).
COPIED_RUN_WORDS = 10


def _word_runs(text: str, length: int) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i:i + length]) for i in range(len(words) - length + 1)}


@pytest.mark.parametrize("text", [
    # Political targets damaged with no one hurt, in words none of the examples use.
    "Unidentified people smashed the transmitter of a community radio that had aired opposition debates.",
    "Masked youths broke the windows of the district office of the governing party and tore up its files.",
    "Supporters of the mayor destroyed the campaign billboards of his rival on the ring road.",
])
def test_property_destroyed_without_casualties_is_looting_or_destruction(text):
    prediction = classify_batch([text])[0].prediction
    assert prediction is not None
    assert prediction.sub_event_type == "Looting/property destruction"


@pytest.mark.skipif(not CASE_DIR.exists(), reason="shared CASE-2021 data absent")
def test_no_example_is_copied_from_the_case_snippets():
    from eventfold.evaluate.case2021 import read_snippets

    snippet_runs = set().union(*(_word_runs(text, COPIED_RUN_WORDS) for _, text, _ in read_snippets(CASE_DIR)))
    copied = [text for _, text in load_examples() if _word_runs(text, COPIED_RUN_WORDS) & snippet_runs]
    assert copied == []


def test_training_report_splits_answers_by_whether_a_rule_fires():
    from eventfold.extract.train_subevent import rule_and_model

    texts = ["A roadside bomb hit a bus on the highway.",  # the IED rule fires
             "Rebels and soldiers fought for the hill all night."]  # no rule fires
    gold = ["Remote explosive/landmine/IED", "Armed clash"]
    report = rule_and_model(texts, gold, ["Armed clash", "Armed clash"])
    assert report["rule_fires"] == {"examples": 1, "right": 0}
    assert report["no_rule_fires"] == {"examples": 1, "right": 1}
    assert report["rule_and_model_disagree"] == {"examples": 1, "rule_right": 1, "model_right": 0}
