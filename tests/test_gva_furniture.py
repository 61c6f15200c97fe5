"""Page furniture that names other incidents (lists of other stories' headlines, media widgets that
print each item twice) stays out of the story, so it makes no event report about another
shooting. The pages are written for these tests."""

from __future__ import annotations

import json

import pytest

from eventfold.ingest.text import is_media_widget, parse_text_dump

STORY = (
    "Man wounded in Riverton shooting\n\n"
    "A 38-year-old man was wounded late Sunday when someone fired several shots at him outside a "
    "laundromat on Birch Street in Riverton, police said.\n\n"
    "Officers found the man on the pavement with a wound to his leg and took him to Mercy Hospital, "
    "where he was in stable condition on Monday.\n\n"
)
TEASERS = (
    "Read more top stories on valleycourier.example:\n\n"
    "Police: Two killed in overnight shooting at tavern in Lakeside Co.\n\n"
    "Teen shot dead near Millbrook school\n\n"
    "City council approves new budget\n\n"
)
WIDGET = (
    "Video (01:10): Gunfire at Lakeside tavern leaves two dead Video (01:10): Gunfire at Lakeside tavern "
    "leaves two dead Two men died when a gunman fired into a crowded tavern. Two men died when a gunman "
    "fired into a crowded tavern.\n\n"
)


def test_a_list_of_other_stories_headlines_is_dropped_with_its_label():
    parsed = parse_text_dump(STORY + TEASERS)
    assert "laundromat on Birch Street" in parsed.text and "stable condition on Monday" in parsed.text
    for gone in ("Read more top stories", "Lakeside", "Millbrook", "budget"):
        assert gone not in parsed.text


def test_a_sentence_under_an_empty_list_label_is_the_story_going_on():
    parsed = parse_text_dump(STORY + "TRENDING STORIES:\n\n"
                             "Detectives are still looking for the driver of a grey sedan seen leaving the area.\n")
    assert "TRENDING STORIES" not in parsed.text
    assert "Detectives are still looking for the driver of a grey sedan" in parsed.text


def test_a_media_widget_that_prints_each_item_twice_is_dropped():
    parsed = parse_text_dump(STORY + WIDGET)
    assert "Lakeside" not in parsed.text and "Birch Street" in parsed.text
    assert is_media_widget(WIDGET.strip())


@pytest.mark.parametrize("line", [
    "He said it again and again: the shooting was over in seconds, over in seconds, he said.",
    "Police said the gunman fired at the car, then fired at the car again as it drove away from the scene.",
    "Officers found the man on the pavement with a wound to his leg.",
])
def test_story_prose_that_repeats_a_phrase_is_no_widget(line):
    assert not is_media_widget(line)


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def test_teasers_of_a_feed_record_make_no_report_about_another_shooting(annotator, tmp_path):
    """Through the product's own ingest of a JSON Lines record and its extraction."""
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument, read_input

    source = tmp_path / "feed.jsonl"
    source.write_text(json.dumps({"title": "Man wounded in Riverton shooting", "date": "2018-05-14",
                                  "text": STORY + TEASERS + WIDGET}) + "\n", encoding="utf-8")
    articles = [parse_document(item, IngestOptions()) for item in read_input(str(source))
                if isinstance(item, RawDocument)]
    assert len(articles) == 1
    article = articles[0]
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    reports = extract_events(article, annotations, docs[article.article_id], actors=annotator.actors).reports
    sentences = [article.part_text(r.span.part)[r.span.start:r.span.end] for r in reports]
    assert any("Birch Street" in s for s in sentences)
    assert not any("Lakeside" in s or "Millbrook" in s for s in sentences)


def test_an_html_page_with_a_related_stories_list_keeps_only_its_story(tmp_path):
    from eventfold.ingest.html import extract_html

    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Man wounded in Riverton shooting | Valley Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sports">Sports</a></nav>
<article><h1>Man wounded in Riverton shooting</h1>
{''.join(f'<p>{p}</p>' for p in STORY.split(chr(10) * 2)[1:] if p)}
<p>Read more top stories from the Valley Courier:</p>
<ul><li><a href="/a">Two killed in overnight shooting at Lakeside tavern</a></li>
<li><a href="/b">Teen shot dead near Millbrook school on Friday</a></li></ul></article>
<aside><h2>Most read</h2><ul><li><a href="/c">Three wounded in Eastgate drive-by</a></li></ul></aside>
</body></html>"""
    text = extract_html(page, "https://valleycourier.example/news/riverton").text
    assert "Birch Street" in text
    assert not any(other in text for other in ("Lakeside", "Millbrook", "Eastgate"))
