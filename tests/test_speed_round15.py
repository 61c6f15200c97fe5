"""Speed-only rewrites of issue 12 (fifteenth round) give what the code they replace gave.

Each fast path runs beside the plain code it replaced, on real inputs: Docs parsed by the real
spaCy model, the fitted typing model's real word rows, text searched by the bare pattern."""

from __future__ import annotations

import gc
import random
import re

from eventfold.annotate.doctext import doc_text
from eventfold.annotate.places import _overlaps_any, _Spans
from eventfold.extract.roles import find_triggers, is_trigger
from eventfold.extract.status import _HELD_SEARCH, HELD_PATTERN
from eventfold.ingest.language import _has_word_chars
from eventfold.prefilter import lowered

STORY = ("Militiamen stormed the market town of Korvel on Friday and shot dead eleven traders. "
         "The district is still in the militia's hands, a councillor said, and the road north is "
         "held by the army and the police. Drones struck a depot later that night; nobody was hurt. "
         "Under Nabari control since March, the valley saw protests that were broken up by riot police.")


def test_triggers_listed_once_per_span_are_those_of_every_token(nlp):
    doc = nlp(STORY)
    spans = [*doc.sents, doc[2:9], doc[:0], doc]
    for _ in range(2):  # the second round is answered from the Doc's cache
        for span in spans:
            plain = [token.i for token in span if is_trigger(token)]
            assert [token.i for token in find_triggers(span)] == plain
    assert find_triggers(doc), "the story tells attacks: some trigger is found"


def test_held_by_search_skips_only_sentences_it_cannot_match(nlp):
    texts = [sent.text for sent in nlp(STORY).sents]
    texts += ["Still IN THE REBELS' HANDS", "under Kaskar control", "HELD BY the guard, and more", "no match here",
              "Held by İzmir's guard."]  # a capital dotted I: lower-casing is unsafe, the search runs
    for text in texts:
        fast = [(m.span(), m.groupdict()) for m in _HELD_SEARCH.finditer(text, lowered(text))]
        assert fast == [(m.span(), m.groupdict()) for m in HELD_PATTERN.finditer(text)]
    assert any(HELD_PATTERN.search(text) for text in texts)


def test_span_overlaps_by_bisection_equal_the_plain_scan():
    rng = random.Random(15)
    for _ in range(3000):
        spans = [(start, start + rng.randint(0, 12)) for start in (rng.randint(0, 60) for _ in range(rng.randint(0, 9)))]
        fixed = _Spans(spans)
        for _ in range(8):
            start = rng.randint(0, 75)
            end = start + rng.randint(0, 10)
            assert fixed.overlaps(start, end) == _overlaps_any(start, end, spans), (spans, start, end)


def test_word_characters_counted_up_to_the_need():
    word = re.compile(r"\w")
    rng = random.Random(40)
    for _ in range(3000):
        text = "".join(rng.choice("ab é_1 .,-\n") for _ in range(rng.randint(0, 90)))
        for need in (1, 7, 40):
            assert _has_word_chars(text, need) == (len(word.findall(text)) >= need)


def test_last_docs_text_follows_the_doc_asked(nlp):
    first, second = nlp("Shelling hit Korvel."), nlp("Protesters marched in Aldan.")
    for doc in (first, second, second, first, second):
        assert doc_text(doc) == doc.text
    del first
    gc.collect()
    third = nlp("Police detained two men.")
    assert doc_text(third) == third.text and doc_text(second) == second.text


def test_typers_evidence_row_is_the_row_scipy_cuts():
    from eventfold.extract.subevent import _row_of, trained_model

    model = trained_model()
    texts = ["Gunmen killed five villagers in an attack on Tuesday.", "", "Police arrested 20 protesters.",
             "The army shelled the town, officials said."]
    rows = model.words.transform(texts).tocsr()
    for number, text in enumerate(texts):
        cut, plain = _row_of(rows, number), rows[number]
        assert cut.shape == plain.shape and cut.dtype == plain.dtype
        assert cut.indices.tolist() == plain.indices.tolist() and cut.data.tolist() == plain.data.tolist()
        for label in model.labels[:6]:
            assert model.evidence(text, label, row=cut) == model.evidence(text, label, row=plain)
