"""The publication date an article's content points to (issue 9, dates): dated photo captions
where the story gives no full date, year-less days in the year of the retrieval date, and a stamp
counted from the retrieval date ("2 weeks ago") weighed by its unit against the story's dates.
Texts written for these tests, run through the real ingest, spaCy and timex."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from eventfold.annotate.dct import CAPTION_EVIDENCE, STORY_CAPTION_EVIDENCE, estimate_publication_date
from eventfold.annotate.timex import find_time_expressions

# A wire story with no full date in its body; its photo captions carry the year (agency style).
CAPTIONED = """Flooding cuts the road between Juba and Bor

Residents waded through water on Monday as the river rose again, local officials said.

Children push a cart along a flooded street in Bor on 11 October 2022. (Photo by a staff photographer)

Aid workers said the road had been closed since the rains began on Oct. 2.

A truck stuck in the mud near Juba on October 12, 2022. (Photo by a staff photographer)
"""

# The same captions, but written without a year beside one that has it: an archive picture.
ARCHIVE_CAPTION = """Flooding cuts the road between Juba and Bor

Residents waded through water on Monday as the river rose again, local officials said.

Children push a cart along a flooded street in Bor on Oct. 11. (Photo by a staff photographer)

A former minister visits a clinic in Juba, March 3, 2017. (Photo by a staff photographer)
"""

# A relative byline; the story's own days, year-less, say mid-May (the retrieval date is weeks later).
RELATIVE_BYLINE = """Herders and farmers clash near Mokwa

By Staff Reporter 2 days ago

Seven people were killed when herders and farmers clashed near Mokwa on May 14, police said on Tuesday.
Community leaders met on Wednesday to calm the villages, and the state governor visited on Thursday.
"""


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _article(text: str, **raw):
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    retrieved = raw.pop("retrieved_at", None)
    return parse_document(RawDocument(path="story.txt", format="text", content=text, **raw),
                          IngestOptions(retrieved_at=retrieved))


def _anchor(annotator, article):
    docs = annotator.parse([article])[article.article_id]
    return annotator._anchor(article, list(docs.items()))


def test_dated_captions_date_a_story_whose_body_gives_no_full_date(annotator):
    article = _article(CAPTIONED)
    assert article.published is None and article.captions
    anchor, estimate, warnings = _anchor(annotator, article)
    # the latest caption, 12 October 2022 (a Wednesday), moved to the Monday the story names
    assert anchor == date(2022, 10, 17) and not warnings
    # the body's own "Oct. 2" leads up to the captions' days: pictures of the story's week
    assert STORY_CAPTION_EVIDENCE in estimate.reason and "2022-10-12" in estimate.reason


def test_a_caption_the_story_leads_up_to_outweighs_a_retrieval_weeks_later(annotator):
    article = _article(CAPTIONED, retrieved_at=datetime(2022, 11, 4))
    anchor, _, warnings = _anchor(annotator, article)
    assert anchor == date(2022, 10, 17) and not warnings


def test_a_caption_alone_gives_way_to_a_retrieval_weeks_later(annotator):
    # no day of the body leads up to the captions': they may be archive pictures
    article = _article(CAPTIONED.replace(" on Oct. 2", ""), retrieved_at=datetime(2022, 11, 4))
    anchor, estimate, _ = _anchor(annotator, article)
    assert anchor == date(2022, 11, 4) and CAPTION_EVIDENCE in estimate.reason


def test_a_caption_with_a_year_beside_year_less_ones_dates_an_archive_picture(annotator):
    anchor, estimate, _ = _anchor(annotator, _article(ARCHIVE_CAPTION))
    assert anchor is None and estimate.precision != "day"


def test_year_less_days_take_the_year_of_the_retrieval_date():
    expressions = find_time_expressions("The convoy was ambushed on Aug. 14 and again on Aug. 30.", None)
    estimate = estimate_publication_date(expressions, retrieved=date(2023, 8, 20))
    # Aug. 30 lies after the retrieval date: a deadline ahead, no lower bound
    assert (estimate.value, estimate.precision) == ("2023-08-14", "day")
    assert "year of the retrieval date" in estimate.reason


def test_a_weekday_said_with_last_lies_before_the_publication():
    expressions = find_time_expressions("The minister resigned on Aug. 28, 2021.", None)
    bare = estimate_publication_date(expressions, weekday_mentions=["Sunday"])
    last = estimate_publication_date(expressions, weekday_mentions=["last Sunday"])
    assert (bare.value, last.value) == ("2021-08-29", "2021-08-30")


def test_a_day_counted_stamp_far_from_the_story_gives_way_with_a_warning(annotator):
    article = _article(RELATIVE_BYLINE, retrieved_at=datetime(2024, 6, 3))
    assert article.published == "2024-06-01" and "relative-stamp" in article.published_source
    anchor, estimate, warnings = _anchor(annotator, article)
    # May 14 (a Tuesday), then Wednesday and Thursday: the story was told on May 16
    assert anchor == date(2024, 5, 16)
    assert len(warnings) == 1 and "story.txt" in warnings[0] and "2024-06-01" in warnings[0]


def test_a_week_counted_stamp_gives_way_silently_to_finer_story_dates(annotator):
    text = RELATIVE_BYLINE.replace("2 days ago", "3 weeks ago")
    article = _article(text, retrieved_at=datetime(2024, 6, 3))
    anchor, estimate, warnings = _anchor(annotator, article)
    # "3 weeks ago" is May 13, give or take a week: the story's May 16 lies within
    assert anchor == date(2024, 5, 16) and not warnings
    assert "stamp read as 2024-05-13" in estimate.reason


def test_a_day_counted_stamp_that_agrees_with_the_story_stands(annotator):
    article = _article(RELATIVE_BYLINE, retrieved_at=datetime(2024, 5, 19))
    anchor, estimate, warnings = _anchor(annotator, article)
    assert anchor == date(2024, 5, 17) and estimate is None and not warnings
