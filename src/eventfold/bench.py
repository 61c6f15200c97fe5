"""Benchmarks: throughput and memory of the annotation stage against bare spaCy.

The ratio compares like with like: the same texts (every part of every article), the same
loaded pipeline, timed after a warm-up, so it shows what eventfold's own components (places,
entities, times) add on top of `nlp.pipe`.
"""

from __future__ import annotations

import resource
import time
from typing import Iterable

from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument, list_input_files, read_input
from eventfold.model import Article


def load_articles(inputs: Iterable[str]) -> list[Article]:
    """Parse articles from files without storing them (problems are skipped)."""
    articles = []
    for name in list_input_files(inputs):
        for item in read_input(name):
            if isinstance(item, RawDocument):
                article = parse_document(item, IngestOptions())
                if isinstance(article, Article):
                    articles.append(article)
    return articles


ROUNDS = 3


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run_annotation_bench(inputs: Iterable[str], repeat: int = 1) -> dict:
    from eventfold.annotate import Annotator

    articles = load_articles(inputs) * max(1, repeat)
    if not articles:
        raise ValueError("no articles found in the benchmark corpus")
    annotator = Annotator()
    texts = [text for article in articles for _, text in article.parts()]
    words = sum(len(text.split()) for text in texts)
    annotator.annotate(articles[:2])  # warm-up: lazy tables, gazetteer pages, first-call costs
    list(annotator.nlp.pipe(texts[:4]))

    # Alternate the two measurements and keep each one's best round, so that a busy machine or
    # a warm cache favours neither side.
    spacy_seconds = annotate_seconds = float("inf")
    for _ in range(ROUNDS):
        spacy_seconds = min(spacy_seconds, _timed(lambda: list(annotator.nlp.pipe(texts, batch_size=32))))
        annotate_seconds = min(annotate_seconds, _timed(lambda: annotator.annotate(articles)))

    return {
        "articles": len(articles),
        "words": words,
        "articles_per_s": round(len(articles) / annotate_seconds, 2),
        "words_per_s": round(words / annotate_seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "spacy_seconds": round(spacy_seconds, 3),
        "annotate_seconds": round(annotate_seconds, 3),
        "ratio_to_spacy": round(annotate_seconds / spacy_seconds, 3),
    }
