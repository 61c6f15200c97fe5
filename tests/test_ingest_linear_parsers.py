"""Issue 13: the text parsers stay linear on large, odd inputs (found by a scaling sweep).

A name pattern tried from every capital inside one long token rescanned the token's rest each
time: 20 KB of "SmithSmith..." took 5 s and 160 KB over a minute; the caption patterns had the
same flaw, and a repeated-credit regex was quadratic in the line. Names now start only where a
word starts, and the repeated credit is found by splitting at the last ©. These tests check the rule and that such inputs are read; speed figures belong to
`eventfold bench` and `make fuzz`, not here.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from eventfold.ingest import IngestOptions, outlets, parse_document
from eventfold.ingest.text import _clean_caption
from eventfold.ingest.readers import RawDocument
from eventfold.model import Article, IngestProblem


def test_outlet_names_start_where_a_word_starts():
    assert outlets._outlet_in_line("The Valley Post has free newsletters") == "The Valley Post"
    assert outlets._outlet_in_line("Sign up to the Valley Post's morning newsletter") == "Valley Post"
    assert outlets._outlet_in_line("© 2021 Valley Post") == "Valley Post"
    assert outlets._outlet_in_line("xValleyPost has newsletters") is None  # not a name cut out of a token


@pytest.mark.parametrize("kind", ["text", "json-text", "feed-text"])
@pytest.mark.parametrize("tail", ["", " Mira Oster/AFP", " Mira Oster/AFP © Mira Oster/AFP"])
def test_story_of_one_long_token_is_read(kind, tail):
    # 320 KB without a space (a name pattern tried from each capital), then a photo credit (the
    # caption patterns: a credit regex with a lazy body and a back-reference was quadratic).
    story = "Harbour works resumed on Monday, the port office said. " + "PierPier" * 40_000 + tail
    document = RawDocument(path="token.txt", format=kind, content=story, title="Harbour works")
    result = parse_document(document, IngestOptions(retrieved_at=datetime(2021, 9, 7)))
    assert isinstance(result, (Article, IngestProblem))
    if isinstance(result, Article):
        assert "Harbour works resumed" in result.text


def test_a_credit_repeated_after_the_copyright_sign_is_dropped_once():
    assert _clean_caption("Boats in the harbour. Mira Oster/AFP © Mira Oster/AFP") == "Boats in the harbour. Mira Oster/AFP"
    assert _clean_caption("Mira Oster/AFP©Mira Oster/AFP") == "Mira Oster/AFP"
    assert _clean_caption("Boats in the harbour - AFP © Reuters") == "Boats in the harbour - AFP © Reuters"
    assert _clean_caption("Boats in the harbour © Port - Authority") == "Boats in the harbour © Port - Authority"


def test_a_date_field_too_long_to_be_a_stamp_is_no_date():
    # Found by `make fuzz` (input 705750): a broken pubDate swallowed 750 KB of the feed, and
    # dateparser spent 55 s on it. No stamp is longer than STAMP_MAX_CHARS.
    from eventfold.ingest import stamps

    junk = "Mon, 06 Sep 2021 " + '{"a":' * 20_000
    assert stamps.parse_date_stamp(junk, retrieved_at=datetime(2021, 9, 7)) is None
    assert stamps.parse_date_stamp("Updated Mon, 06 Sep 2021 10:00:00 +0000", retrieved_at=None).value == "2021-09-06"
    document = RawDocument(path="f.rss", line=1, format="feed-text", title="Harbour works", published=junk,
                           content="Harbour works resumed on Monday, the port office said, after a week of storms.")
    article = parse_document(document, IngestOptions(retrieved_at=datetime(2021, 9, 7)))
    assert isinstance(article, Article) and (article.published is None or article.published.value is None)
