"""An archived page's day (issue 9, GVA): a page read from a web archive's capture address
(web.archive.org/web/20190312.../...) was fetched by the archive at that time, so it was published
no later. A feed record's date after the capture is no publication date (a crawl's own day): the
story's own days, read against the capture, date the event. Texts written for these tests, run
through the real ingest, annotator, extractor, fusion and export."""

from __future__ import annotations

from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.outlets import archive_capture_time
from eventfold.ingest.readers import RawDocument

from conftest import export_all_events

# Captured on Tuesday 12 March 2019; the feed gives the day it was crawled, two years later.
ARCHIVED = "http://web.archive.org/web/20190312081500/http://www.example-courier.test/news/bar-shooting"
CRAWLED = "2021-01-28"
STORY = ("A 34-year-old man was shot and killed late Sunday outside a bar on Grand Avenue in Des Moines, "
         "police said Monday. Two other men were wounded in the shooting, and detectives have not named a suspect.")


def record(date: str, url: str = ARCHIVED) -> dict:
    return {"title": "Bar shooting leaves one dead", "text": STORY, "url": url, "date": date}


def test_the_capture_address_tells_when_the_page_was_fetched():
    assert archive_capture_time(ARCHIVED).isoformat() == "2019-03-12T08:15:00+00:00"
    assert archive_capture_time("https://web.archive.org/web/20190312id_/http://example.test/a") is not None
    assert archive_capture_time("http://www.example-courier.test/news/bar-shooting") is None


def test_a_record_date_after_the_capture_is_not_taken_as_the_publication_date():
    raw = RawDocument(path="feed.jsonl", line=1, format="json-text", content=STORY, url=ARCHIVED,
                      title="Bar shooting leaves one dead", published=CRAWLED)
    article = parse_document(raw, IngestOptions())
    assert article.published != CRAWLED
    assert article.retrieved_at.startswith("2019-03-12")
    assert "after the page was retrieved" in raw.warning


def test_a_record_date_before_the_capture_stands():
    raw = RawDocument(path="feed.jsonl", line=1, format="json-text", content=STORY, url=ARCHIVED,
                      title="Bar shooting leaves one dead", published="2019-03-11")
    assert parse_document(raw, IngestOptions()).published == "2019-03-11"


def test_the_event_of_an_archived_page_with_a_crawl_date_is_dated_from_its_own_days(tmp_path):
    events = export_all_events(tmp_path, [record(CRAWLED)])
    assert [e["event_date"] for e in events] == ["2019-03-10"]  # the Sunday before the capture


def test_without_an_archive_address_the_record_date_still_anchors_the_story(tmp_path):
    events = export_all_events(tmp_path, [record("2019-03-12", url="http://www.example-courier.test/news/bar")])
    assert [e["event_date"] for e in events] == ["2019-03-10"]
