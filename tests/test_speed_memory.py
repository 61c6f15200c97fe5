"""A worker's memory does not grow with the articles it has analysed: the Docs of a chunk are freed
once the chunk is done (a per-Doc cache whose values held the Doc kept every parsed Doc alive).
Real spaCy parses and the real annotator; how peak memory grows with the corpus is measured by
`eventfold bench` (peak_rss_mb_by_articles), not asserted here."""

from __future__ import annotations

import gc
import weakref

import pytest

from eventfold.annotate import Annotator
from eventfold.annotate.doctext import ENTS_KEPT, ents_within
from eventfold.annotate.nlp import load_nlp
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument
from eventfold.pipeline import PARSE_BATCH_CHARS, _parse_in_batches, analyse_articles
from eventfold.synthetic import generate, long_document


@pytest.fixture(scope="module")
def annotator():
    return Annotator()


def _articles(count: int, seed: int):
    return [parse_document(RawDocument(f"story-{n}.txt", "text", story.plain_text()), IngestOptions())
            for n, story in enumerate(generate(count, seed=seed))]


def test_no_doc_of_an_analysed_chunk_stays_alive(annotator, monkeypatch):
    parsed = []
    real_parse = annotator.parse

    def parse_and_watch(articles, **options):
        docs = real_parse(articles, **options)
        parsed.extend(weakref.ref(doc) for parts in docs.values() for doc in parts.values())
        return docs

    monkeypatch.setattr(annotator, "parse", parse_and_watch)
    analyses = analyse_articles(_articles(6, seed=31), annotator)
    assert all(a.failure is None for a in analyses)
    assert sum(len(a.extraction.reports) for a in analyses) > 0  # extraction read the Docs' entities
    gc.collect()
    alive = [ref for ref in parsed if ref() is not None]
    assert len(parsed) >= 6
    assert len(alive) <= ENTS_KEPT  # at most the few whose entities are cached, whatever the corpus


def test_entities_of_docs_read_long_ago_are_listed_again_the_same():
    nlp = load_nlp()
    texts = [f"Soldiers from Goma clashed with M23 rebels near Rutshuru on day {n}, the army said." for n in
             range(ENTS_KEPT + 3)]
    docs = list(nlp.pipe(texts))
    first = [(e.start, e.end, e.label_) for e in ents_within(docs[0][:])]
    for doc in docs[1:]:
        ents_within(doc[:])  # the first Doc's entities are evicted
    assert [(e.start, e.end, e.label_) for e in ents_within(docs[0][:])] == first == \
           [(e.start, e.end, e.label_) for e in docs[0].ents]
    assert first


def test_parsing_by_batches_of_characters_gives_the_docs_of_one_parse(annotator):
    long_reports = [long_document(PARSE_BATCH_CHARS * 3 // 5, seed=seed) for seed in (2, 3)]
    articles = _articles(2, seed=8) + [
        parse_document(RawDocument(f"report-{n}.txt", "text", report.plain_text()), IngestOptions())
        for n, report in enumerate(long_reports)]
    parsed_at_once = annotator.parse(articles)
    parsed_in_batches = _parse_in_batches(articles, annotator)

    def reading(docs):
        return {(article_id, part): [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_, t.is_sent_start)
                                     for t in doc]
                for article_id, parts in docs.items() for part, doc in parts.items()}

    assert list(parsed_in_batches) == list(parsed_at_once)
    assert reading(parsed_in_batches) == reading(parsed_at_once)
