"""RSS 0.9x/1.0/2.0 and Atom feeds: one raw document per item.

A feed is recognised by its root element (`<rss>`, `<rdf:RDF>`, `<feed>`), whatever the file is
called. Each item gives its title, link (the article's URL, from which the outlet follows), its
stated date and its text: the full content when the feed carries it, else the summary. HTML in
items is reduced to plain paragraphs here, since a two-sentence fragment is no page for the
HTML extractors.

Two parsers, one result: feeds up to FEEDPARSER_MAX_BYTES go through feedparser (the most
forgiving with small damaged feeds); larger ones, and feed files too large to hold as one article,
through `stream_feed`, whose time is linear and whose memory holds one item.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import BinaryIO, Iterator, Optional

from eventfold.ingest.readers import MAX_REASON_CHARS, Item, RawDocument, decode_text, short_reason
from eventfold.model import IngestProblem

# The root element, after an XML declaration, comments, a doctype or stylesheet instructions.
_FEED_ROOT = re.compile(
    r"^\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:(?:<!--.{0,2000}?-->|<!DOCTYPE[^>]{0,500}>|<\?xml-stylesheet[^>]{0,500}\?>)\s*)*"
    r"<(?:rss|rdf:RDF|feed)[\s>]",
    re.I | re.S,
)
_FEED_HEAD_CHARS = 4000
_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_UTF8_XML = {"content-type": "application/xml; charset=utf-8"}
# Feeds larger than this are read by `stream_feed` (one linear pass, one item in memory) instead of
# feedparser, whose time (~2 s a MiB) and memory grow with the whole feed.
FEEDPARSER_MAX_BYTES = 2 * 1024 * 1024
_ITEM_TAGS = {"item", "entry"}
# Child elements of an item, by local name, as the feedparser fields `_document_from_entry` reads.
_ENTRY_FIELDS = {
    "title": "title", "pubdate": "published", "published": "published", "issued": "published",
    "updated": "updated", "date": "updated", "modified": "updated", "created": "created", "creator": "author",
    "encoded": "content", "content": "content", "description": "summary", "summary": "summary",
}
_HTML_TAG = re.compile(r"<(?:p|br|div|a|b|i|em|strong|span|img|ul|li|h\d)\b", re.I)


def looks_like_feed(text: str) -> bool:
    """True when the document's root element is an RSS, RDF or Atom feed."""
    return bool(_FEED_ROOT.match(text[:_FEED_HEAD_CHARS].lstrip("\ufeff")))


def read_feed(name: str, data: bytes) -> Iterator[Item]:
    """Every item of a feed as a raw document, or a problem naming the item."""
    if len(data) > FEEDPARSER_MAX_BYTES:
        yield from stream_feed(name, io.BytesIO(data))
        return
    import feedparser

    utf8 = _as_utf8(data)
    if utf8 is None:
        yield IngestProblem(name, "binary file (not a readable feed)")
        return
    try:
        # A stream, never bytes or str: feedparser would take a string for a URL or file name. The
        # header tells it the bytes are UTF-8, so it never runs its own detector (chardet, pure Python:
        # minutes on a large feed with a few bad bytes).
        parsed = feedparser.parse(io.BytesIO(utf8), response_headers=_UTF8_XML)
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


def stream_feed(name: str, stream: BinaryIO) -> Iterator[Item]:
    """Every item of a feed of any size, by one linear pass that holds one item at a time.

    lxml's iterparse in recovery mode, with entities left unexpanded, no network and libxml2's
    depth and node-size limits on (no huge_tree). Where the parser gives up or skips damage, one
    line says so after the items it could read.
    """
    import lxml.etree

    events = lxml.etree.iterparse(stream, events=("start", "end"), recover=True, resolve_entities=False,
                                  huge_tree=False, no_network=True, remove_comments=True, remove_pis=True)
    count, inside_item, feed_title = 0, 0, None
    try:
        for event, element in events:
            if not isinstance(element.tag, str):  # an entity reference left unexpanded
                continue
            local = _local_name(element)
            if local in _ITEM_TAGS:
                inside_item += 1 if event == "start" else -1
            if event == "start" or inside_item:
                continue
            if local in _ITEM_TAGS:
                count += 1
                yield _document_from_entry(name, _entry_from_element(element), count, feed_title)
            elif local == "title" and feed_title is None and _parent_is_channel(element):
                feed_title = _clean(element.text)
            _forget(element)
    except lxml.etree.XMLSyntaxError as error:
        yield IngestProblem(name, f"feed damaged after item {count}; the rest was not read ({short_reason(error)})",
                            line=count + 1)
        return
    yield from _stream_outcome(name, count, events.error_log)


def _stream_outcome(name: str, count: int, error_log) -> Iterator[IngestProblem]:
    """A line for a feed without items or with damage the recovering parser stepped over."""
    errors = [e for e in error_log if e.level_name in ("ERROR", "FATAL")]
    if not count:
        reason = f" ({_one_line(errors[0].message)})" if errors else ""
        yield IngestProblem(name, f"feed has no items{reason}")
    elif errors:
        first = errors[0]
        yield IngestProblem(name, f"damaged feed from line {first.line} ({_one_line(first.message)}); "
                                  "items there may be lost or cut")


def _one_line(message: str) -> str:
    """A parser's message (it may quote the input) as one printable line of bounded length."""
    return message.strip().encode("unicode_escape", "backslashreplace").decode("ascii")[:MAX_REASON_CHARS]


def _entry_from_element(item) -> dict:
    """An RSS item or Atom entry as the fields feedparser would give (title, link, dates, author,
    content, summary), so both readers share `_document_from_entry`."""
    entry: dict = {"content": []}
    for child in item:
        if not isinstance(child.tag, str):
            continue
        local = _local_name(child)
        key = _ENTRY_FIELDS.get(local)
        if local == "link":
            link = _link_of(child)
            if link and "link" not in entry:
                entry["link"] = link
        elif local == "author":
            entry.setdefault("author", _clean(child.findtext("{*}name")) or _clean(" ".join(child.itertext())))
        elif key == "content":
            entry["content"].append({"value": _inner_markup(child)})
        elif key:
            entry.setdefault(key, _inner_markup(child) if key == "summary" else _text_of(child))
    return entry


def _link_of(element) -> Optional[str]:
    """RSS gives the link as text, Atom as href (the alternate one; others are enclosures, replies)."""
    if element.get("href") is None:
        return _text_of(element)
    return element.get("href") if element.get("rel") in (None, "alternate") else None


def _inner_markup(element) -> str:
    """An element's content as text: escaped HTML stays as it is, XHTML children are serialised."""
    import lxml.etree

    children = "".join(lxml.etree.tostring(c, encoding="unicode", with_tail=True) for c in element)
    return (element.text or "") + children


def _text_of(element) -> str:
    """All text inside an element; an unexpanded entity stays as its reference (`&name;`)."""
    return "".join(element.itertext())


def _local_name(element) -> str:
    """The tag without its namespace, lower-cased: `{http://purl.org/rss/1.0/}item` -> item."""
    return element.tag.rsplit("}", 1)[-1].lower()


def _parent_is_channel(element) -> bool:
    parent = element.getparent()
    return parent is not None and isinstance(parent.tag, str) and _local_name(parent) in ("channel", "feed")


def _forget(element) -> None:
    """Drop an element that has been read, and the siblings read before it, so memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _as_utf8(data: bytes) -> Optional[bytes]:
    """The feed re-encoded as UTF-8: decoded by its declared encoding when that is ASCII-compatible
    and fits, else as any document is (BOM, UTF-8 with damage replaced, detected legacy encoding)."""
    text = _decode_as_declared(data)
    if text is None:
        text, _ = decode_text(data)
    return None if text is None else text.encode("utf-8", errors="replace")


def _decode_as_declared(data: bytes) -> Optional[str]:
    found = _DECLARED_ENCODING.match(data)
    if not found:
        return None
    try:
        encoding = codecs.lookup(found.group(1).decode("ascii")).name
        if "<?xml".encode(encoding) != b"<?xml":  # UTF-16/32 or EBCDIC declared in ASCII bytes: a false claim
            return None
        return data.decode(encoding)
    except (LookupError, UnicodeError, ValueError):
        return None


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

    from eventfold.ingest.html import block_texts, without_control_chars

    value = without_control_chars(value)  # the parser keeps some, then refuses them when text is set
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
