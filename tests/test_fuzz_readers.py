"""Property-based tests (hypothesis) over every reader and parser of the input side.

Each property runs a small, bounded number of examples so that `make test` stays fast; the long
run is `make fuzz`. The properties: nothing raises, every problem names its file, documents come
out in order with their line or record number, and parsers return their declared types.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventfold.ingest import IngestOptions, outlets, parse_document, stamps
from eventfold.ingest.feeds import read_feed
from eventfold.ingest.fuzz import seed_documents, mutate
from eventfold.ingest.html import extract_html
from eventfold.ingest.pubdate import find_publication_date
from eventfold.ingest.readers import RawDocument, display_name, read_input
from eventfold.ingest.text import parse_text_dump
from eventfold.model import Article, DateValue, IngestProblem

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)
SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".warc", ".rss", ".txt.gz", ".jsonl.gz", ".xml", ""]
SEEDS = seed_documents()
NEWS_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | NEWS_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(NEWS_TEXT, children, max_size=4),
    max_leaves=12,
)
FIELDS = st.sampled_from(["text", "content", "title", "url", "source", "date", "author", "retrieved_at", "summary"])


def _read_file(data: bytes, suffix: str) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        return list(read_input(path))


def _check_items(items: list, where: str) -> None:
    for item in items:
        assert isinstance(item, (RawDocument, IngestProblem))
        assert item.path.endswith(where) or item.path == where
        if isinstance(item, IngestProblem):
            assert item.reason and "\n" not in str(item) and len(item.reason) < 1000


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_under_any_suffix_give_documents_or_problems(data, suffix):
    _check_items(_read_file(data, suffix), "input" + suffix)


@FAST
@given(seed=st.sampled_from(sorted(SEEDS)), salt=st.integers(min_value=0, max_value=2**32))
def test_mutated_valid_inputs_give_documents_or_problems(seed, salt):
    import random

    data = mutate(SEEDS[seed], random.Random(salt))
    if seed == "-":
        _check_items(list(read_input("-", io.BytesIO(data))), "<stdin>")
    else:
        _check_items(_read_file(data, seed), "input" + seed)


@FAST
@given(records=st.lists(st.dictionaries(FIELDS, JSON_VALUES, max_size=6), min_size=1, max_size=6),
       compress=st.booleans())
def test_json_lines_give_one_item_per_record_in_order(records, compress):
    data = "\n".join(json.dumps(r) for r in records).encode()
    items = _read_file(gzip.compress(data) if compress else data, ".jsonl.gz" if compress else ".jsonl")
    assert [item.line for item in items] == list(range(1, len(records) + 1))


@FAST
@given(records=st.lists(JSON_VALUES, max_size=6))
def test_json_array_gives_one_item_per_element(records):
    items = _read_file(json.dumps(records).encode(), ".json")
    assert [item.line for item in items] == list(range(1, len(records) + 1))


@FAST
@given(document=st.builds(RawDocument, path=st.just("doc"), format=st.sampled_from(["text", "json-text", "feed-text", "html"]),
                          content=NEWS_TEXT, url=st.none() | NEWS_TEXT, title=st.none() | NEWS_TEXT,
                          published=st.none() | NEWS_TEXT, outlet=st.none() | NEWS_TEXT,
                          retrieved_at=st.none() | NEWS_TEXT))
def test_parse_document_returns_an_article_or_a_problem(document):
    result = parse_document(document, IngestOptions(retrieved_at=datetime(2021, 9, 7)))
    assert isinstance(result, (Article, IngestProblem))


@FAST
@given(stamp=NEWS_TEXT, order=st.sampled_from([None, "DMY", "MDY", "YMD"]))
def test_date_stamps_never_raise(stamp, order):
    value = stamps.parse_date_stamp(stamp, retrieved_at=datetime(2021, 9, 7), date_order=order)
    assert value is None or isinstance(value, DateValue)
    assert isinstance(stamps.looks_like_stamp(stamp), bool)


@FAST
@given(count=st.integers(min_value=0, max_value=10**30),
       unit=st.sampled_from(["seconds", "minutes", "hours", "days", "weeks", "months", "years"]))
def test_relative_stamps_of_any_size_never_raise(count, unit):
    value = stamps.parse_date_stamp(f"{count} {unit} ago", retrieved_at=datetime(2021, 9, 7))
    assert isinstance(value, DateValue)


@FAST
@given(url=NEWS_TEXT | st.builds(lambda host, path: f"http://{host}/{path}", NEWS_TEXT, NEWS_TEXT))
def test_outlet_parsers_never_raise(url):
    name = outlets.outlet_from_url(url)
    assert name is None or isinstance(name, str)
    outlets.registered_domain(url)
    outlets.outlet_from_dateline(url)
    outlets.masthead_of(url, url)


@FAST
@given(text=NEWS_TEXT)
def test_text_dump_parser_keeps_types(text):
    parsed = parse_text_dump(text, retrieved_at=datetime(2021, 9, 7))
    assert isinstance(parsed.text, str) and isinstance(parsed.captions, list)


@FAST
@given(body=st.lists(NEWS_TEXT, max_size=5), tags=st.lists(st.sampled_from(["p", "div", "h1", "figure", "a", "script"]),
                                                          max_size=5))
def test_html_extraction_and_dates_never_raise(body, tags):
    page = "<html><body>" + "".join(f"<{t}>{b}</{t}>" for t, b in zip(tags or ["p"] * len(body), body)) + "</body></html>"
    assert isinstance(extract_html(page).text, str)
    assert isinstance(find_publication_date(page), DateValue)


@FAST
@given(titles=st.lists(NEWS_TEXT, min_size=1, max_size=4), kind=st.sampled_from(["rss", "atom"]))
def test_feeds_give_one_item_per_entry(titles, kind):
    from xml.sax.saxutils import escape

    def clean(value: str) -> str:  # XML 1.0 forbids most control characters
        return escape("".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32 and ch not in "\ufffe\uffff"))

    if kind == "rss":
        items = "".join(f"<item><title>{clean(t)}</title><description>story {i}</description></item>"
                        for i, t in enumerate(titles))
        feed = f"<rss version='2.0'><channel><title>x</title>{items}</channel></rss>"
    else:
        items = "".join(f"<entry><title>{clean(t)}</title><summary>story {i}</summary></entry>" for i, t in enumerate(titles))
        feed = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title>{items}</feed>"
    found = list(read_feed("f.xml", feed.encode("utf-8")))
    assert [item.line for item in found] == list(range(1, len(titles) + 1))


@FAST
@given(name=st.binary(min_size=1, max_size=40))
def test_display_names_are_one_printable_line(name):
    shown = display_name(os.fsdecode(name))
    assert "\n" not in shown and "\r" not in shown
    shown.encode("utf-8")  # storable and printable: no lone surrogates
