"""Publication dates of HTML pages: structured metadata, time zones, and refusing to guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.evaluate.pubdate import evaluate
from eventfold.ingest.pubdate import find_publication_date, parse_stamp

FIXTURES = Path(__file__).parent / "fixtures" / "pubdate"
SHARED_PUBDATE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pubdate-html"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_json_ld_date_published_wins_over_modified_and_copyright():
    found = find_publication_date(fixture("jsonld_article.html"))
    assert (found.value, found.precision) == ("2021-03-14", "day")
    assert found.source == "json-ld:datePublished"


def test_utc_meta_timestamp_is_moved_to_the_publishers_day():
    # 23:40 UTC is already the next day in Germany (.de domain).
    found = find_publication_date(fixture("meta_utc.html"), "https://www.zeitung.example.de/politik/haushalt")
    assert found.value == "2021-06-03"
    assert found.source == "meta:article:published_time"


def test_publisher_country_falls_back_to_the_page_language():
    # No URL, but the language ("de") is most likely used in Germany: still the German day.
    found = find_publication_date(fixture("meta_utc.html"))
    assert found.value == "2021-06-03"


def test_url_date_settles_which_day_a_utc_instant_falls_on():
    page = """<html lang="en-US"><head><title>Storm</title>
    <meta property="article:published_time" content="2021-06-03T01:10:00Z"></head>
    <body><h1>Storm hits coast</h1><p>Winds reached 120 km/h.</p></body></html>"""
    # New York time would give June 2, but the publisher's URL says June 3.
    found = find_publication_date(page, "https://news.example.com/2021/06/03/storm-hits-coast/")
    assert found.value == "2021-06-03"
    assert found.source == "meta:article:published_time+url"


def test_copyright_year_alone_gives_no_date():
    found = find_publication_date(fixture("copyright_only.html"))
    assert found.value is None and found.precision is None
    assert "year" in found.reason


def test_comment_dates_are_not_the_publication_date():
    found = find_publication_date(fixture("comments_date.html"))
    assert found.value is None
    assert found.reason


def test_page_without_any_date_gives_none():
    found = find_publication_date(fixture("no_date.html"))
    assert found.value is None
    assert found.reason


def test_date_in_url_path_is_used_when_markup_has_none():
    html = fixture("plain_story.html").decode("utf-8")
    found = find_publication_date(html, "https://news.example.com/2021/05/17/market-hall-reopens/")
    assert (found.value, found.source) == ("2021-05-17", "url")


def test_month_only_metadata_gives_month_precision():
    page = """<html><head><meta name="date" content="2021-05"><title>Monthly report</title></head>
    <body><h1>Monthly report</h1><p>Figures for the month.</p></body></html>"""
    found = find_publication_date(page)
    assert (found.value, found.precision) == ("2021-05", "month")


def test_free_text_and_basic_iso_stamps():
    assert parse_stamp("Tue, Sep 15 2020 10:01:41 EDT").day.isoformat() == "2020-09-15"
    basic = parse_stamp("20200414T00:38:07Z")
    assert basic.day.isoformat() == "2020-04-14" and basic.utc_instant is not None
    assert parse_stamp("03/04/2020") is None  # day and month cannot be told apart
    assert parse_stamp("2020") is None


@pytest.mark.parametrize("garbage", [None, 12, b"", "", "<<<>>>", b"\xff\xfe\x00junk", "http://example.com/"])
def test_garbage_input_never_raises(garbage):
    found = find_publication_date(garbage)
    assert found.value is None
    assert found.reason


@pytest.mark.skipif(not SHARED_PUBDATE.exists(), reason="shared evaluation data not available")
def test_dev_set_accuracy_on_first_pages():
    result = evaluate(SHARED_PUBDATE, limit=10)
    assert result["task"] == "pubdate" and result["n"] == 10
    assert result["accuracy"] >= 0.8
