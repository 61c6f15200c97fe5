"""The caches and indexes that keep the cost of a document linear in its length give exactly what
the scans they replace gave, on real spaCy parses of real-length text. (How the cost grows is
measured by `eventfold bench`, per_char_slope, not asserted here.)"""

from __future__ import annotations

import random

import pytest

from eventfold.annotate import Annotator
from eventfold.annotate.doctext import doc_text, ents_within, tokens_starting_in
from eventfold.annotate.nlp import load_nlp
from eventfold.annotate.timex import _SENTENCE_END, _is_sentence_end, sentence_span
from eventfold.extract.subevent import HASH_FEATURES, trained_model
from eventfold.synthetic import long_document

REPORT = (
    "By Mara Keller\n\n"
    "GOMA — Fighting broke out between the army and M23 rebels near Rutshuru on Tuesday, leaving 14 "
    "people dead, a local official said. \"We heard shelling all night,\" said Kofi Mensah, a trader.\n\n"
    "Mr. Mensah said the U.S. embassy had warned its citizens. The rebels said they had taken the town; "
    "the army denied it.\nSoldiers later retook the market.\n\n"
    "Aid agencies say 20 thousand people fled. \"It is quiet now.\" Residents returned on Thursday."
)


@pytest.fixture(scope="module")
def long_doc():
    return load_nlp()(long_document(12_000, seed=4).text + "\n\n" + REPORT)


def test_the_cached_text_is_the_docs_text(long_doc):
    assert doc_text(long_doc) == long_doc.text
    assert doc_text(long_doc) is doc_text(long_doc)  # built once


def test_tokens_starting_in_a_range_are_those_a_scan_finds(long_doc):
    rng = random.Random(3)
    size = len(long_doc.text)
    ranges = [(0, size), (0, 0), (size, size + 5)] + [tuple(sorted(rng.sample(range(size + 1), 2))) for _ in range(100)]
    for start, end in ranges:
        expected = [t for t in long_doc if start <= t.idx < end]
        assert [t.i for t in tokens_starting_in(long_doc, start, end)] == [t.i for t in expected]


def test_entities_within_a_span_are_spacys(long_doc):
    rng = random.Random(5)
    spans = list(long_doc.sents) + [long_doc[a:b] for a, b in
                                    (sorted(rng.sample(range(len(long_doc) + 1), 2)) for _ in range(200))]
    for span in spans:
        assert [(e.start, e.end, e.label_) for e in ents_within(span)] == \
               [(e.start, e.end, e.label_) for e in span.ents]


def _scanned_sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence bounds found by scanning the text from its beginning (the former way)."""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        if _is_sentence_end(text, match):
            left = match.end()
    right = len(text)
    for match in _SENTENCE_END.finditer(text, end):
        if _is_sentence_end(text, match):
            right = match.start() + 1
            break
    return left, right


def test_sentence_bounds_are_those_of_a_scan_from_the_start():
    rng = random.Random(7)
    texts = [REPORT, long_document(6_000, seed=2).text, "", "No end", "A. \n", 'He said: "Go." \n\nThen.']
    texts += ["".join(rng.choice('ab .!?"\'`\n\tMr.U.S. ') for _ in range(rng.randint(0, 40))) for _ in range(400)]
    for text in texts:
        for _ in range(25):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            assert sentence_span(text, start, end) == _scanned_sentence_span(text, start, end), (text, start, end)


def test_the_typers_evidence_is_read_from_the_whole_row_as_before():
    from sklearn.utils import murmurhash3_32

    model = trained_model()
    analyzer = model.words.steps[0][1].build_analyzer()
    sentences = [s.strip() for s in REPORT.replace("\n", " ").split(". ") if s.strip()]
    for text in sentences:
        row = model.words.transform([text])
        for label in model.labels[:6]:
            weights = model.classifier.coef_[model.labels.index(label)].toarray().ravel()
            scored = {}
            for term in set(analyzer(text)):
                column = abs(murmurhash3_32(term, positive=False)) % HASH_FEATURES
                scored[term] = row[0, column] * weights[column]
            ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
            assert model.evidence(text, label) == ", ".join(t for t, w in ranked[:4] if w > 0)


def test_the_annotator_version_is_computed_once_for_its_models():
    from eventfold.annotate.entities import ActorDictionary

    annotator = Annotator()
    first = annotator.version
    assert annotator.version is first
    annotator.actors = ActorDictionary.load()  # other dictionaries: worked out again
    assert annotator.version == first and annotator.version is not first


def test_extractions_lookups_by_range_are_those_of_a_scan():
    from eventfold.extract.events import _Context
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    document = long_document(9_000, seed=6)
    article = parse_document(RawDocument("report.txt", "text", document.plain_text()), IngestOptions())
    annotator = Annotator()
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    assert annotations.places and annotations.mentions and annotations.times
    context = _Context(article, annotations, None, annotator.actors, (0, 0), docs[article.article_id])
    rng = random.Random(9)
    size = len(article.text)
    every_span = [(p.span.start, p.span.end) for p in annotations.places]
    for start, end in every_span + [tuple(sorted(rng.sample(range(size + 1), 2))) for _ in range(150)]:
        for part in ("text", "title"):
            assert context.mentions_in(part, start, end) == [
                m for m in annotations.mentions if m.span.part == part and start <= m.span.start < end]
            assert context.times_in(part, start, end) == [
                t for t in annotations.times if t.span.part == part and start <= t.span.start < end]
            assert context.places_in(part, start, end) == [
                p for p in annotations.places if p.span.part == part and start <= p.span.start < end
                and p.place is not None]
            assert context.place_holds(part, start, end) == any(
                p.span.part == part and p.span.start <= start and end <= p.span.end for p in annotations.places)
