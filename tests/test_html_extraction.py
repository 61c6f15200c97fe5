"""Main-text extraction from news HTML (eventfold.ingest.html) and its evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.evaluate.extract_html import evaluate, match_counts, page_precision, page_recall
from eventfold.ingest.html import (
    HtmlExtraction,
    decode_html,
    extract_html,
    merge_paragraphs,
    trim_unsupported_edges,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
SHARED_EXTRACT_HTML = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extract-html"

BODY_SENTENCES = [
    "Heavy rain over the weekend pushed the Alder river over its banks on Monday",
    "Emergency crews evacuated two care homes and a primary school",
    "We have not seen the river this high since the great flood of 1977",
    "The national weather agency warned that more rain was expected on Wednesday",
    "Local volunteers opened the sports hall in the upper town",
]
FURNITURE = [
    "cookies", "Home", "Share on Facebook", "Sign up for our morning briefing", "Related stories",
    "Dam inspection finds cracks", "riverfan88", "thoughts are with everyone", "church steps",
    "All rights reserved", "Privacy policy", "Residents wade through",
]  # fmt: skip


@pytest.fixture(scope="module")
def news_page() -> HtmlExtraction:
    return extract_html((FIXTURES / "news_page.html").read_bytes())


def test_body_paragraphs_are_kept_in_order(news_page):
    positions = [news_page.text.find(sentence) for sentence in BODY_SENTENCES]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert news_page.text.count("\n\n") == len(BODY_SENTENCES) - 1


@pytest.mark.parametrize("snippet", FURNITURE)
def test_page_furniture_is_removed(news_page, snippet):
    assert snippet not in news_page.text


def test_metadata_and_captions(news_page):
    assert news_page.title == "Floods displace thousands in river valley"
    assert news_page.sitename == "The Valley Courier"
    assert news_page.byline == "Maria Lindqvist"
    assert news_page.url == "https://www.valleycourier.example/news/2024/03/floods-displace-thousands"
    assert news_page.language == "en"
    caption = "Residents wade through a flooded street in the lower town on Monday."
    assert news_page.captions == [caption + " Photo: Jonas Berg / Courier"]
    assert news_page.extractor.startswith("trafilatura")


def test_embedded_tweet_is_kept_as_quoted_content():
    tweet = (
        '<div class="social-embed"><blockquote class="twitter-tweet"><p lang="en">The bridge at Eskerby is '
        "closed until further notice, please use the northern route. "
        '<a href="https://t.co/x">https://t.co/x</a></p>&mdash; Valley Police (@valleypolice) '
        '<a href="https://twitter.example/status/1">March 12, 2024</a></blockquote></div>'
    )
    html = (FIXTURES / "news_page.html").read_text(encoding="utf-8")
    html = html.replace("<p>Local volunteers", tweet + "<p>Local volunteers")
    text = extract_html(html).text
    assert "The bridge at Eskerby is closed until further notice" in text
    assert "Valley Police (@valleypolice) March 12, 2024" in text


def test_declared_legacy_charset_is_honoured():
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><article>'
        + "<p>Le caf\xe9 du march\xe9 a rouvert ses portes lundi apr\xe8s trois mois de travaux.</p>" * 4
        + "</article></body></html>"
    ).encode("latin-1")
    assert "café du marché" in decode_html(page)
    assert "café du marché" in extract_html(page).text


GARBAGE = [
    b"",
    "",
    "   \n ",
    "<html></html>",
    "plain words",
    b"\x00\xff\xfe\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,  # binary with NUL bytes
    bytes(range(1, 256)) * 40,  # binary without NUL bytes
    b"<" + bytes(range(128, 256)) * 40,  # high bytes behind a tag-like start
    b"<html><body><p>" + bytes(range(128, 256)) * 40,
]


def test_utf8_page_mislabelled_as_latin1_is_read_as_utf8():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>São Paulo, Zürich</p></body></html>'
    assert "São Paulo, Zürich" in decode_html(page.encode("utf-8"))


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_gives_empty_text_without_raising(garbage):
    result = extract_html(garbage)
    assert result.text == ""
    assert result.captions == []


def test_metric_follows_the_benchmark_definition():
    gold = "one two three four five six"
    assert match_counts(gold, gold) == (1.0, 0.0, 0.0)
    tp, fp, fn = match_counts(gold, "one two three four")  # 1 of the 3 gold shingles
    assert (tp, fp, fn) == pytest.approx((1 / 3, 0.0, 2 / 3))
    assert page_precision(tp, fp, fn) == 1.0 and page_recall(tp, fp, fn) == pytest.approx(1 / 3)
    assert page_precision(*match_counts(gold, "")) == 0.0
    assert page_precision(*match_counts("", "")) == 1.0


@pytest.mark.skipif(not SHARED_EXTRACT_HTML.exists(), reason="shared evaluation data absent")
def test_evaluation_on_shared_dev_sample():
    result = evaluate(SHARED_EXTRACT_HTML, limit=10)
    assert result["task"] == "extract-html" and result["n"] == 10
    assert result["f1"] >= 0.9


# Paragraphs as two extractors return them for a body split in two by a subscription box.
PART_ONE = [
    "Heavy rain over the weekend pushed the Alder river over its banks on Monday, forcing thousands to leave.",
    "Emergency crews evacuated two care homes and a primary school in the town of Eskerby overnight.",
]
PART_TWO = [
    "The national weather agency warned that more rain was expected on Wednesday across the whole region.",
    "Local volunteers opened the sports hall in the upper town as a temporary shelter for six hundred people.",
    "Insurers said it was too early to estimate the damage, but farmers reported flooded fields along the river.",
]


def test_merge_adds_the_prose_the_primary_extractor_missed_in_page_order():
    secondary = [*PART_ONE, "Subscribe", "Get unlimited access for $1 a month", *PART_TWO]
    merged, changed = merge_paragraphs(PART_ONE, secondary)
    assert changed and merged == PART_ONE + PART_TWO


def test_merge_leaves_the_primary_text_alone_when_little_is_missing():
    secondary = [*PART_ONE, PART_TWO[0], "Photo: Jonas Berg", "Photo: Jonas Berg"]
    assert merge_paragraphs(PART_ONE, secondary) == (PART_ONE, False)


def test_edge_lines_only_the_primary_saw_are_trimmed():
    primary = ["Floods displace thousands", *PART_ONE, *PART_TWO, "Pick of the week newsletter"]
    trimmed = trim_unsupported_edges(primary, PART_ONE + PART_TWO)
    assert trimmed == PART_ONE + PART_TWO
