"""The model's attribute rules run as a lookup (annotate/attribute_lookup.py): the same tags, parts
of speech, morphology, lemmas and dependencies as spaCy's own AttributeRuler, on the real model
and on rulers written here; anything the lookup does not evaluate keeps spaCy's ruler."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from conftest import CORPUS
from eventfold.annotate import attribute_lookup
from eventfold.annotate.attribute_lookup import AttributeLookup, with_attribute_lookup
from eventfold.annotate.nlp import load_nlp, load_stock_nlp

# Written to reach the model's word rules (contractions, "gonna", "let's", spaces) beside ordinary news.
SENTENCES = [
    "They ain't gonna wait: let's go, the commander said, and we gotta move before dawn.",
    "Fighters  seized\n\nthe district on Tuesday; 12 were killed and 30 wounded, officials said.",
    "Isn't it odd that he'd've known? I'm sure you're right, but she won't say whether they've left.",
    "The U.S.-backed forces shelled positions near Kharkiv at 5:30 a.m., according to a spokesman.",
    "“We will never surrender,” Massoud’s aide told reporters in the Panjshir valley.",
    "   ",
    "",
]


def _readings(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_)
            for t in doc]


def _corpus_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(CORPUS.iterdir()) if path.is_file()]


def test_the_installed_model_runs_its_attribute_rules_as_a_lookup():
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeLookup)
    assert nlp.pipe_names == load_stock_nlp().pipe_names
    assert isinstance(load_stock_nlp().get_pipe("attribute_ruler"), AttributeRuler)
    # however the cached loaders are called, the shipped model stays as it ships
    assert isinstance(load_nlp(()).get_pipe("attribute_ruler"), AttributeLookup)
    assert isinstance(load_stock_nlp(()).get_pipe("attribute_ruler"), AttributeRuler)
    assert with_attribute_lookup(nlp) is nlp.get_pipe("attribute_ruler")  # installed once


def test_the_lookup_reads_every_token_as_the_shipped_model_does():
    texts = SENTENCES + _corpus_texts()
    fast = [_readings(doc) for doc in load_nlp().pipe(texts)]
    stock = [_readings(doc) for doc in load_stock_nlp().pipe(texts)]
    assert sum(map(len, fast)) > 5_000
    for text, ours, theirs in zip(texts, fast, stock):
        assert ours == theirs, text[:80]
    contraction = dict((t[0], t) for t in fast[0])
    assert contraction["ai"][4] == "be" and contraction["gon"][4] == "go"  # the word rules did apply


def _blank_with_ruler(rules: list[dict]):
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(rules)
    return nlp


WRITTEN_RULES = [
    {"patterns": [[{"LOWER": {"IN": ["shelled", "struck"]}}]], "attrs": {"TAG": "VBD", "POS": "VERB"}},
    {"patterns": [[{"LOWER": {"REGEX": "^re"}}]], "attrs": {"LEMMA": "re-word"}},
    {"patterns": [[{"LOWER": "north"}, {"LOWER": {"NOT_IN": ["korea"]}}]], "attrs": {"POS": "ADJ"}, "index": -1},
    {"patterns": [[{"LOWER": "north"}, {"LOWER": "korea"}]], "attrs": {"POS": "PROPN"}, "index": 0},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"TEXT": "Struck"}]], "attrs": {"POS": "NOUN"}},  # a later rule wins on the same token
    {"patterns": [[{"IS_PUNCT": True}], [{"LOWER": "and"}]], "attrs": {"MORPH": "PunctType=Comm"}},
]


def test_written_rules_give_the_rulers_answers():
    texts = ["Troops shelled and struck the north bank, then North Korea replied.",
             "Struck again:  rebels regrouped, resupplied and retook the north.", "north"]
    stock = _blank_with_ruler(WRITTEN_RULES)
    fast = _blank_with_ruler(WRITTEN_RULES)
    assert isinstance(with_attribute_lookup(fast), AttributeLookup)
    for text in texts:
        assert _readings(fast(text)) == _readings(stock(text)), text
    doc = fast(texts[0])  # Troops shelled and struck the north bank , then North Korea replied .
    assert [doc[i].pos_ for i in (1, 3, 6, 9)] == ["VERB", "VERB", "ADJ", "PROPN"]
    assert str(doc[2].morph) == str(doc[7].morph) == "PunctType=Comm"
    assert fast(texts[1])[0].pos_ == "NOUN"  # "Struck": the later rule of the two that match


@pytest.mark.parametrize("rule", [
    {"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}},  # a quantifier
    {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}},  # an attribute it does not read
    {"patterns": [[{"LOWER": "the"}]], "attrs": {"NORM": "da"}},  # a lexical attribute set
])
def test_a_ruler_the_lookup_cannot_evaluate_is_kept(rule):
    nlp = _blank_with_ruler([rule])
    assert with_attribute_lookup(nlp) is None
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def test_the_lookups_tables_stay_bounded_on_a_stream_of_new_words(monkeypatch):
    monkeypatch.setattr(attribute_lookup, "CACHE_LIMIT", 50)
    stock = _blank_with_ruler(WRITTEN_RULES)
    fast = _blank_with_ruler(WRITTEN_RULES)
    lookup = with_attribute_lookup(fast)
    for number in range(40):
        text = " ".join(f"re{number}x{word}" for word in range(10)) + " shelled north korea"
        assert _readings(fast(text)) == _readings(stock(text))
    assert all(len(classes._known) <= 50 for classes in lookup._classes)
    assert len(lookup._matches) < 50  # words no rule names stand for one another


def test_a_pipeline_saved_and_loaded_keeps_the_rules(tmp_path):
    fast = _blank_with_ruler(WRITTEN_RULES)
    with_attribute_lookup(fast)
    fast.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert isinstance(loaded.get_pipe("attribute_ruler"), AttributeLookup)
    text = "Troops shelled and struck the north bank, then North Korea replied."
    assert _readings(loaded(text)) == _readings(_blank_with_ruler(WRITTEN_RULES)(text))
    again = AttributeLookup(fast.vocab).from_bytes(fast.get_pipe("attribute_ruler").to_bytes())
    assert again.rule_attrs == fast.get_pipe("attribute_ruler").rule_attrs
