"""Speed-only rewrites of issue 12 (ninth round) give what the code they replace gave.

Each test runs the fast path beside the plain one it replaced, on real inputs: records extracted
from a written story by the real spaCy model, text searched by the bare regular expression, and
the query plans SQLite makes on a real store file."""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict

import pytest

from eventfold.annotate.places import _police_of
from eventfold.store import Store
from eventfold.store.extractions import record_json
from eventfold.store.review import conflict_ids_of_events

STORY = """Gunmen attack convoy near Dönmez crossing

Armed men ambushed a supply convoy near the Dönmez crossing on Tuesday, killing at least 14
soldiers and wounding 9 others, the regional governor said. A spokesman for the rebels denied
that any civilians were hurt and said "only 3 of our fighters" died in the fighting. Residents
told reporters that about 200 fighters took part and that the road stayed closed overnight.
"""


@pytest.fixture(scope="module")
def extracted():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()
    article = parse_document(RawDocument(path="story", format="text", content=STORY, published="2024-03-06"),
                             IngestOptions())
    annotations = annotator.annotate([article])[0]
    return extract_events(article, annotations, actors=annotator.actors)


def test_a_record_is_saved_as_the_text_asdict_gave(extracted):
    records = [*extracted.reports, *extracted.claims, *extracted.quotes]
    assert extracted.reports and extracted.claims
    assert any(claim.quantity is not None for claim in extracted.claims)  # nested records too
    for record in records:
        assert record_json(record) == json.dumps(asdict(record), ensure_ascii=False)


def _bare_police_search(name: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(name)}(?:['’]s)?\s+(?:[Pp]olice|PD)\b", text) is not None


def test_a_city_police_is_found_where_the_bare_search_finds_it():
    written = ["A man was shot in Brighton Park, Chicago police said.", "Chicago's police chief spoke.",
               "Officers of the Chicago PD and Oak Park police", "xChicago police", "Chicagoland police",
               "Chicago\n police", "Chicago PDs", "the police in Chicago", "Chicago’s  Police"]
    for text in written:
        for name in ("Chicago", "Oak Park", "Park", "Brighton Park"):
            assert _police_of(name, text) == _bare_police_search(name, text), (name, text)
    pieces = ["Chicago", "Chicago's", "police", "Police", "PD", "x", " ", "  ", "\n", "’s", "Oak Park", ".", "(",
              "Ch", "_"]
    rng = random.Random(12)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 10)))
        for name in ("Chicago", "Oak Park", "(Ch", ".", "Ch_"):
            assert _police_of(name, text) == _bare_police_search(name, text), (name, text)


def test_the_conflicts_of_shown_events_are_read_from_covering_indexes(tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        statements: list[str] = []
        store.connection.set_trace_callback(statements.append)
        assert conflict_ids_of_events(store, ["e1", "e2"]) == {}
        store.connection.set_trace_callback(None)
        sql = next(s for s in statements if "conflict_claims" in s)
        steps = [row[3] for row in store.connection.execute("EXPLAIN QUERY PLAN " + sql)]
    # event → its reports → their claims → the conflicts holding them, no table row read on the way
    for table, index in (("f", "fusion_items_event"), ("c", "claims_report"), ("cc", "conflict_claims_claim")):
        assert any(step.startswith(f"SEARCH {table} USING COVERING INDEX {index}") for step in steps), steps


# ---------------------------------------------------------------- tenth/twelfth round (issue 12)

CHUNK = ["""Rebels shell a market in Kadugli

Rebel fighters shelled the central market of Kadugli on Monday, killing 6 traders and wounding 11,
the state governor said. The army said it had taken back two villages the rebels seized last week.
"It was a massacre," a trader who saw the attack told reporters. Officials blamed the rebels.
""", """Police disperse a march in Niger's capital

Police fired tear gas at several hundred demonstrators who marched through Niamey on Friday, a
witness said. Chad junta leaders met in the capital, where the protesters had gathered, according
to an official who appeared unconcerned."""]


@pytest.fixture(scope="module")
def chunk(annotator):
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    articles = [parse_document(RawDocument(path=f"story-{i}", format="text", content=text, published="2024-03-06"),
                               IngestOptions()) for i, text in enumerate(CHUNK)]
    docs = annotator.parse(articles)
    return articles, annotator.annotate(articles, docs), docs


def test_a_chunk_typed_in_one_call_types_each_part_as_alone(chunk, annotator):
    from eventfold.extract.events import _context_of, type_chunk
    from eventfold.extract.event_reports import _typings

    articles, annotations, docs = chunk
    typed = type_chunk([(a, n, docs[a.article_id]) for a, n in zip(articles, annotations)], annotator.actors)
    for article, annotation, parts in zip(articles, annotations, typed):
        context = _context_of(article, annotation, docs[article.article_id], annotator.actors)
        assert set(parts) == {part for part in docs[article.article_id] if part != "title"}
        for part, (sentences, typings) in parts.items():
            assert typings == _typings(context, sentences)


def test_extraction_with_the_chunk_typing_equals_extraction_alone(chunk, annotator):
    from eventfold.extract.events import extract_events, type_chunk

    articles, annotations, docs = chunk
    typed = type_chunk([(a, n, docs[a.article_id]) for a, n in zip(articles, annotations)], annotator.actors)
    for article, annotation, parts in zip(articles, annotations, typed):
        alone = extract_events(article, annotation, docs[article.article_id], actors=annotator.actors)
        together = extract_events(article, annotation, docs[article.article_id], actors=annotator.actors, typed=parts)
        assert alone.reports and together == alone


def test_the_doc_caches_give_what_spacy_gives(chunk):
    from spacy.tokens import Doc

    from eventfold.annotate.doctext import lemmas, span_text
    from eventfold.annotate.places import _untagged_proper_nouns

    _, _, docs = chunk
    for doc in (doc for parts in docs.values() for doc in parts.values()):
        assert isinstance(doc, Doc) and span_text(doc) == doc.text
        assert lemmas(doc) == [t.lemma_ for t in doc]
        assert [bool(x) for x in _untagged_proper_nouns(doc)] == \
            [t.tag_ == "NNP" and not t.ent_type_ and t.is_title for t in doc]
        spans = [*doc.sents, *doc.ents, doc[0:0], doc[len(doc) - 1:len(doc)], doc[2:7]]
        assert all(span_text(span) == span.text for span in spans)


def test_the_collector_gets_every_object_back_after_a_chunk(annotator):
    import gc

    from eventfold.pipeline import _older_objects_set_aside

    with _older_objects_set_aside():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), _older_objects_set_aside():
        raise RuntimeError("an analysis that fails")
    assert gc.get_freeze_count() == 0


def test_a_callers_frozen_objects_stay_frozen():
    import gc

    from eventfold.pipeline import _older_objects_set_aside

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with _older_objects_set_aside():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_the_char_block_built_from_cached_words_equals_the_hasher():
    """`char_counts` (each word's hashed n-grams, cached) gives the char block sklearn's hasher and
    TF-IDF give, value for value: on the typer's own examples, on text with tabs and line breaks,
    cased Greek and Turkish letters, and after the word cache is cleared mid-batch."""
    import numpy as np

    from eventfold.extract import subevent

    model = subevent.trained_model()
    texts = [text for _, text in subevent.load_examples()[:400]]
    texts += ["ΟΔΥΣΣΕΥΣ ΚΑΙ Σ", "İSTANBUL Diyarbakır", "a", "  tabs\tand\nnew  lines ", "Straße ﬁve"]
    expected = model.chars.transform(texts).tocsr()
    tfidf = model.chars.steps[1][1]
    for kept in (subevent.WORD_COLUMNS_KEPT, 50):
        subevent._WORD_COLUMNS.clear()
        original, subevent.WORD_COLUMNS_KEPT = subevent.WORD_COLUMNS_KEPT, kept
        try:
            for _ in range(2):  # the second time from the cache
                found = tfidf.transform(subevent.char_counts(model, texts)).tocsr()
                assert np.array_equal(found.indptr, expected.indptr)
                assert np.array_equal(found.indices, expected.indices)
                assert found.data.tobytes() == expected.data.tobytes()
        finally:
            subevent.WORD_COLUMNS_KEPT = original
