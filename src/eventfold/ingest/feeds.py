"""RSS 0.9x/1.0/2.0 and Atom feeds: one raw document per item.

A feed is recognised by its root element (`<rss>`, `<rdf:RDF>`, `<feed>`), whatever the file is
called. Each item gives its title, link (the article's URL, from which the outlet follows), its
stated date and its text: the full content when the feed carries it, else the summary. HTML in
items is reduced to plain paragraphs here, since a two-sentence fragment is no page for the
HTML extractors.
"""

from __future__ import annotations

import io
import re
from typing import Iterator, Optional

from eventfold.ingest.readers import Item, RawDocument, short_reason
from eventfold.model import IngestProblem

# The root element, after an XML declaration, comments, a doctype or stylesheet instructions.
_FEED_ROOT = re.compile(
    r"^\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:(?:<!--.{0,2000}?-->|<!DOCTYPE[^>]{0,500}>|<\?xml-stylesheet[^>]{0,500}\?>)\s*)*"
    r"<(?:rss|rdf:RDF|feed)[\s>]",
    re.I | re.S,
)
_FEED_HEAD_CHARS = 4000
_HTML_TAG = re.compile(r"<(?:p|br|div|a|b|i|em|strong|span|img|ul|li|h\d)\b", re.I)


def looks_like_feed(text: str) -> bool:
    """True when the document's root element is an RSS, RDF or Atom feed."""
    return bool(_FEED_ROOT.match(text[:_FEED_HEAD_CHARS].lstrip("\ufeff")))


def read_feed(name: str, data: bytes) -> Iterator[Item]:
    """Every item of a feed as a raw document, or a problem naming the item."""
    import feedparser

    try:
        # A stream, never bytes or str: feedparser would take a string for a URL or file name.
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - a damaged feed is one problem, not a crash
        yield IngestProblem(name, f"unreadable feed ({short_reason(error)})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = f" ({short_reason(parsed.bozo_exception)})" if parsed.get("bozo") and parsed.get("bozo_exception") else ""
        yield IngestProblem(name, f"feed has no items{reason}")
        return
    feed_title = _clean(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        yield _document_from_entry(name, entry, number, feed_title)


def _document_from_entry(name: str, entry, number: int, feed_title: Optional[str]) -> Item:
    text = _entry_text(entry)
    if not text:
        return IngestProblem(name, "feed item has no text (no content, summary or description)", line=number)
    link = _clean(entry.get("link"))
    return RawDocument(
        path=name, line=number, format="feed-text", content=text,
        url=link, title=_clean(entry.get("title")),
        published=_clean(entry.get("published") or entry.get("updated") or entry.get("created")),
        outlet=None if link else feed_title,  # the item's link names its outlet better than the feed's title
        byline=_clean(entry.get("author")),
    )


def _entry_text(entry) -> str:
    """The item's full content when given, else its summary, as plain paragraphs."""
    contents = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
    value = max(contents, key=len) if contents else entry.get("summary") or entry.get("description") or ""
    return html_to_text(value) if _HTML_TAG.search(value) else _clean(value) or ""


def html_to_text(value: str) -> str:
    """Plain paragraphs of an HTML fragment (blocks and <br> become paragraph breaks)."""
    import lxml.etree
    import lxml.html

    from eventfold.ingest.html import block_texts

    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _clean(re.sub(r"<[^>]*>", " ", value)) or ""
    return "\n\n".join(block_texts(root))


def _clean(value: object) -> Optional[str]:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None
