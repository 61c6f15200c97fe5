"""RSS 0.9x/1.0/2.0 and Atom files: one article per item, recognised by content, not name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.feeds import looks_like_feed
from eventfold.ingest.readers import RawDocument, read_input

FIRST = ("Road workers in the hill district reopened the mountain pass on Monday after a week of "
         "landslides, the district office said, and buses resumed the route to the valley towns.")
SECOND = ("The water board said on Tuesday that two new wells near the old mill would supply the "
          "eastern quarter from next month, ending a summer of rationing for some 9,000 homes.")

RSS2 = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hill Courier</title><link>https://hillcourier.example/</link>
<item><title>Mountain pass reopens</title><link>https://hillcourier.example/2021/09/06/pass</link>
<pubDate>Mon, 06 Sep 2021 18:30:00 +0200</pubDate><author>desk@hillcourier.example (Ana Ruiz)</author>
<description>&lt;p&gt;{FIRST}&lt;/p&gt;</description></item>
<item><title>New wells for the east</title><link>https://hillcourier.example/2021/09/07/wells</link>
<pubDate>Tue, 07 Sep 2021 09:00:00 +0200</pubDate><description>{SECOND}</description></item>
</channel></rss>"""

RSS091 = f"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Hill Courier</title><link>https://hillcourier.example/</link>
<description>News</description><language>en</language>
<item><title>Mountain pass reopens</title><link>https://hillcourier.example/pass</link><description>{FIRST}</description></item>
<item><title>New wells for the east</title><link>https://hillcourier.example/wells</link><description>{SECOND}</description></item>
</channel></rss>"""

RSS1 = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://hillcourier.example/"><title>Hill Courier</title><link>https://hillcourier.example/</link>
<description>News</description></channel>
<item rdf:about="https://hillcourier.example/pass"><title>Mountain pass reopens</title>
<link>https://hillcourier.example/pass</link><dc:date>2021-09-06T18:30:00+02:00</dc:date><description>{FIRST}</description></item>
<item rdf:about="https://hillcourier.example/wells"><title>New wells for the east</title>
<link>https://hillcourier.example/wells</link><dc:date>2021-09-07T09:00:00+02:00</dc:date><description>{SECOND}</description></item>
</rdf:RDF>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Courier</title><id>urn:example:hill</id>
<updated>2021-09-07T09:00:00Z</updated>
<entry><title>Mountain pass reopens</title><id>urn:example:1</id>
<link href="https://hillcourier.example/2021/09/06/pass"/><published>2021-09-06T18:30:00+02:00</published>
<updated>2021-09-06T19:00:00+02:00</updated><author><name>Ana Ruiz</name></author>
<summary>A short teaser.</summary>
<content type="html">&lt;p&gt;{FIRST}&lt;/p&gt;&lt;p&gt;Drivers were asked to carry chains.&lt;/p&gt;</content></entry>
<entry><title>New wells for the east</title><id>urn:example:2</id>
<link href="https://hillcourier.example/2021/09/07/wells"/><updated>2021-09-07T09:00:00+02:00</updated>
<summary>{SECOND}</summary></entry>
</feed>"""

FEEDS = {"rss2": RSS2, "rss091": RSS091, "rss1": RSS1, "atom": ATOM}


@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_each_feed_dialect_gives_one_document_per_item(tmp_path, kind):
    path = tmp_path / f"{kind}.txt"  # a misleading suffix: the content decides
    path.write_text(FEEDS[kind], encoding="utf-8")
    documents = list(read_input(str(path)))
    assert all(isinstance(d, RawDocument) for d in documents), documents
    assert [d.title for d in documents] == ["Mountain pass reopens", "New wells for the east"]
    assert documents[0].url.startswith("https://hillcourier.example/") and documents[0].line == 1
    assert "landslides" in documents[0].content and "9,000 homes" in documents[1].content


def test_atom_item_takes_its_full_content_over_the_summary(tmp_path):
    path = tmp_path / "atom.xml"
    path.write_text(ATOM, encoding="utf-8")
    first = list(read_input(str(path)))[0]
    assert "carry chains" in first.content and "teaser" not in first.content
    assert first.byline == "Ana Ruiz" and first.published.startswith("2021-09-06")


def test_feed_item_becomes_an_article_with_date_outlet_and_url(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS2, encoding="utf-8")
    first = list(read_input(str(path)))[0]
    article = parse_document(first, IngestOptions())
    assert article.url == "https://hillcourier.example/2021/09/06/pass"
    assert article.published == "2021-09-06" and article.source_format == "feed"
    assert article.title == "Mountain pass reopens" and article.text.startswith("Road workers")
    assert article.outlet == "Hill Courier"


def test_feed_ingested_through_the_command_line(tmp_path):
    (tmp_path / "news.xml").write_text(RSS2, encoding="utf-8")
    db = tmp_path / "s.db"
    result = run_cli("--db", str(db), "ingest", "--quiet", "--no-process", str(tmp_path / "news.xml"))
    assert result.returncode == 0, result.stderr.decode()
    listed = run_cli("--db", str(db), "articles", "--json")
    rows = [json.loads(line) for line in listed.stdout.decode().splitlines()]
    assert sorted(r["title"] for r in rows) == ["Mountain pass reopens", "New wells for the east"]
    assert {r["language"] for r in rows} == {"en"}


def test_feed_without_items_and_item_without_text_are_reported(tmp_path):
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>Nothing</title></channel></rss>', encoding="utf-8")
    [problem] = list(read_input(str(empty)))
    assert "feed has no items" in problem.reason
    bare = tmp_path / "bare.rss"
    bare.write_text('<rss version="2.0"><channel><item><title>Only a title</title></item></channel></rss>',
                    encoding="utf-8")
    [problem] = list(read_input(str(bare)))
    assert problem.line == 1 and "no text" in problem.reason


def test_html_and_plain_text_are_not_taken_for_feeds():
    assert not looks_like_feed("<!doctype html><html><body><p>rss feed</p></body></html>")
    assert not looks_like_feed("Subscribe to our <rss> feed for more")
    assert looks_like_feed("\ufeff<?xml version='1.0'?>\n<!-- generated -->\n<feed xmlns='http://www.w3.org/2005/Atom'>")
