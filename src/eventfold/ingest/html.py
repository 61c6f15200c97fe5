"""Main-text extraction from raw news HTML: the article body without page furniture.

Pipeline (each step is a small pure function):
1. decode bytes robustly (BOM, strict UTF-8, declared charset, detected charset, lenient fallback);
2. parse once with lxml, pull captions out of figures and rewrite embedded social posts
   (tweets etc.) as plain paragraphs, since they quote sources the story relies on;
3. run trafilatura in precision mode (primary) and readability-lxml (second opinion);
4. cross-check the two: when they agree on the story, trim the headline/teaser/promo lines that
   only trafilatura put at the start or end; when readability finds the same story plus a
   substantial run of prose trafilatura missed (bodies split by ads or widgets), merge it in
   page order;
5. post-clean: drop title repeats, calls to action, bare link lines, repeated prose.

`extract_html` never raises: unusable input gives an extraction with empty text.
"""

from __future__ import annotations

import copy
import html as html_entities
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

import lxml.etree
import lxml.html
import trafilatura
from readability import Document

PARAGRAPH_SEP = "\n\n"


@dataclass
class HtmlExtraction:
    text: str  # the article body, paragraphs separated by "\n\n", no boilerplate
    title: Optional[str] = None
    byline: Optional[str] = None
    sitename: Optional[str] = None  # outlet name from metadata (og:site_name, trafilatura sitename)
    url: Optional[str] = None  # canonical url if the page states one
    language: Optional[str] = None
    captions: list[str] = field(default_factory=list)  # figure captions/credits, kept apart from text
    extractor: str = ""  # which method produced `text` (provenance)


def extract_html(html: str | bytes, url: Optional[str] = None) -> HtmlExtraction:
    """Extract the article body and metadata from one raw page; never raises."""
    try:
        return _extract(html, url)
    except Exception:  # noqa: BLE001 - garbage pages must not stop a batch
        return HtmlExtraction(text="", extractor="none")


# --------------------------------------------------------------------------- decoding

_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# How many leading bytes to scan for a <meta charset>: the HTML spec's pre-scan window.
CHARSET_SCAN_BYTES = 1024 * 4


def decode_html(raw: str | bytes) -> str:
    """Decode page bytes: BOM, then UTF-8, then the declared charset, then detection.

    Bytes nothing accepts are decoded as UTF-8 with replacement characters, so that a page with
    a few broken bytes survives while binary junk turns into noise that `parse_html` rejects.
    """
    if isinstance(raw, str):
        return raw
    for encoding, bom in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    if b"\x00" in raw[:CHARSET_SCAN_BYTES]:  # binary file (images, archives), not a page
        return ""
    for encoding in _candidate_encodings(raw):
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", errors="replace")


def _candidate_encodings(raw: bytes) -> Iterable[str]:
    # Strict UTF-8 first: non-ASCII bytes that happen to form valid UTF-8 are almost never another
    # charset, while pages mislabelled as latin-1 (but really UTF-8) are common.
    yield "utf-8"
    declared = _META_CHARSET.search(raw[:CHARSET_SCAN_BYTES])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        # Pages declaring latin-1 are nearly always cp1252 (browsers treat them so).
        yield "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii") else name
    detected = _detect_encoding(raw)
    if detected:
        yield detected


def _detect_encoding(raw: bytes) -> Optional[str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: trafilatura normally brings it
        return None
    best = from_bytes(raw[: 1024 * 256]).best()
    return best.encoding if best else None


# --------------------------------------------------------------------------- parsing

# Comments and processing instructions dropped at parse time: left in, they cut paragraph
# text short in trafilatura (text after an inline comment is lost).
_UTF8_PARSER = lxml.html.HTMLParser(
    collect_ids=False, remove_comments=True, remove_pis=True, encoding="utf-8"
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Pages with more elements than this (news pages have a few thousand) are read by one linear pass,
# not by trafilatura and readability, so extraction time stays bounded: see `is_oversized`.
MAX_FULL_EXTRACTION_ELEMENTS = 40_000
# A page with fewer word characters than this cannot hold an article.
MIN_PAGE_WORD_CHARS = 20
# Share of undecodable/control characters above which the input is binary, not text.
MAX_NOISE_SHARE = 0.05
_NOISE = re.compile(r"[\ufffd\x80-\x9f]")
_TAG = re.compile(r"<[A-Za-z!/]")


def without_control_chars(text: str) -> str:
    """Text without the control characters lxml refuses to hold in a tree (NUL, \\x01-\\x08, ...)."""
    return _CONTROL_CHARS.sub("", text)


def parse_html(html: str) -> Optional[lxml.html.HtmlElement]:
    """Parse to an lxml tree, or None for input that is not a usable HTML page."""
    html = without_control_chars(html)
    head = html[:200000]
    if len(re.findall(r"\w", head)) < MIN_PAGE_WORD_CHARS or not _TAG.search(head):
        return None
    if len(_NOISE.findall(head)) > MAX_NOISE_SHARE * len(head):
        return None
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=_UTF8_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None
    return tree if len(tree) else None


def _normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# --------------------------------------------------------------------------- captions

_CAPTION_XPATH = "//figcaption | //*[contains(translate(@class, 'CAPTION', 'caption'), 'caption')]"
# Captions longer than this are layout containers that merely carry a caption class.
MAX_CAPTION_CHARS = 600
# A "caption" class counts only with a picture this many levels around it (else it is a widget label).
IMAGE_CONTEXT_LEVELS = 3
_MEDIA_TAGS = ("img", "picture", "video", "figure")
# Captions mostly made of link text are teasers for other pages, not descriptions of a picture.
MAX_CAPTION_LINK_SHARE = 0.5


def collect_captions(tree: lxml.html.HtmlElement) -> list[str]:
    """Figure captions and photo credits, in page order, without duplicates."""
    captions: list[str] = []
    for element in tree.xpath(_CAPTION_XPATH):
        if element.tag != "figcaption" and not _has_image_context(element):
            continue
        if _link_share(element) > MAX_CAPTION_LINK_SHARE or element.xpath("ancestor::a"):
            continue  # thumbnails of other stories and videos
        text = " ".join(block_texts(copy.deepcopy(element)))
        if _is_caption_text(text) and not _is_nested_duplicate(text, captions):
            captions.append(text)
    return captions


def _is_caption_text(text: str) -> bool:
    return bool(text) and len(text) <= MAX_CAPTION_CHARS and not _is_boilerplate(text)


def _link_share(element: lxml.html.HtmlElement) -> float:
    total = len(_normalise_space(element.text_content()))
    linked = sum(len(_normalise_space(a.text_content())) for a in element.iter("a"))
    return linked / total if total else 0.0


def _has_image_context(element: lxml.html.HtmlElement) -> bool:
    ancestor = element
    for _ in range(IMAGE_CONTEXT_LEVELS):
        ancestor = ancestor.getparent()
        if ancestor is None:
            return False
        if ancestor.tag in _MEDIA_TAGS or any(True for _ in ancestor.iter(*_MEDIA_TAGS)):
            return True
    return False


def _is_nested_duplicate(text: str, seen: list[str]) -> bool:
    return any(text == other or text in other or other in text for other in seen)


# --------------------------------------------------------------------------- tree preparation

# Class names the big platforms give their embed markup (the same on every site that embeds them).
_SOCIAL_EMBED_XPATH = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
    " or contains(@class, 'tiktok-embed') or contains(@class, 'twitter-video')]"
)
# Removed before readability scores the page; reader comments are prose too and would
# otherwise pass for article paragraphs in the merge step.
_FURNITURE_XPATH = (
    "//script | //style | //noscript | //figure | //figcaption | //aside | //nav | //footer"
    " | //*[contains(translate(@id, 'COMMENT', 'comment'), 'comment')"
    " or contains(translate(@class, 'COMMENT', 'comment'), 'comment')"
    " or contains(@id, 'disqus') or contains(@class, 'disqus')]"
)


def rewrite_social_embeds(tree: lxml.html.HtmlElement) -> None:
    """Turn embedded posts into plain paragraphs (in place), so extractors keep them as quotes.

    Extractors drop them for their link density, yet news stories quote them as sources.
    """
    for quote in tree.xpath(_SOCIAL_EMBED_XPATH):
        lines = [line for p in quote.iter("p") for line in block_texts(copy.deepcopy(p))]
        attribution = _embed_attribution(quote)
        replacement = lxml.html.Element("div")
        for line in [*lines, attribution]:
            if line:
                paragraph = lxml.html.Element("p")
                paragraph.text = line
                replacement.append(paragraph)
        wrapper = _embed_wrapper(quote)
        replacement.tail = wrapper.tail
        wrapper.getparent().replace(wrapper, replacement)


def _embed_wrapper(quote: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The outermost ancestor holding nothing but the embed (extractors drop 'social' boxes)."""
    own_text = _normalise_space(quote.text_content())
    wrapper = quote
    parent = wrapper.getparent()
    while (
        parent is not None
        and parent.tag not in ("body", "html", "article", "main")
        and _normalise_space(parent.text_content()) == own_text
    ):
        wrapper, parent = parent, parent.getparent()
    return wrapper


def _embed_attribution(quote: lxml.html.HtmlElement) -> str:
    """Text of the embed outside its paragraphs: the '— Name (@handle) date' line."""
    pieces = [quote.text or ""]
    for child in quote:
        if child.tag != "p":
            pieces.append(child.text_content())
        pieces.append(child.tail or "")
    return _normalise_space(" ".join(pieces))


def readability_tree(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Copy of the page without figures and obvious furniture, for readability's scorer."""
    clean = copy.deepcopy(tree)
    for element in clean.xpath(_FURNITURE_XPATH):
        if element.getparent() is not None:
            element.drop_tree()
    return clean


# --------------------------------------------------------------------------- extractors

_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "figure", "figcaption",
}  # fmt: skip


def run_trafilatura(tree: lxml.html.HtmlElement, url: Optional[str], favor_precision: bool = True):
    """Trafilatura (precision mode unless told otherwise), with metadata; None when it finds nothing."""
    return trafilatura.bare_extraction(
        copy.deepcopy(tree),
        url=url,
        favor_precision=favor_precision,
        favor_recall=not favor_precision,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
    )


def trafilatura_paragraphs(document) -> list[str]:
    text = getattr(document, "text", None) or ""
    return [p for p in (_normalise_space(line) for line in text.split("\n")) if p]


def readability_paragraphs(tree: lxml.html.HtmlElement) -> list[str]:
    """Text blocks of readability's main-content guess, in page order."""
    html = lxml.html.tostring(readability_tree(tree), encoding="unicode")
    summary = Document(html).summary(html_partial=True)
    return block_texts(lxml.html.fragment_fromstring(summary, create_parent="div"))


def block_texts(root: lxml.html.HtmlElement) -> list[str]:
    """Split an element's text at block-level boundaries into normalised paragraphs."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (_normalise_space(line) for line in root.text_content().split("\n"))
    return [line for line in lines if line]


# --------------------------------------------------------------------------- merging

_WORD = re.compile(r"\w+")
SHINGLE_SIZE = 4
# A readability paragraph belongs to trafilatura's text when this share of its 4-grams is there.
MATCH_SHARE = 0.5
# The extractors "agree on the story" when readability holds MERGE_MIN_COVERAGE of trafilatura's
# 4-grams; only then are edges trimmed or paragraphs merged.
# Merge only when readability holds nearly all of trafilatura's text (same story, same container)
# and adds a substantial run of prose: ≥ MERGE_MIN_EXTRA_PARAGRAPHS paragraphs amounting to
# ≥ MERGE_MIN_EXTRA_RATIO of trafilatura's length. Calibrated on the dev set, where bodies split
# by inline ads or subscription widgets add 1-3x the text, and photo-caption runs add far less prose.
MERGE_MIN_COVERAGE = 0.9
MERGE_MIN_EXTRA_PARAGRAPHS = 3
MERGE_MIN_EXTRA_RATIO = 0.3
# A stand-alone prose paragraph: at least this long and ending like a sentence.
PROSE_MIN_CHARS = 80
_SENTENCE_END = re.compile(r"""[.!?…。！？]["'”’»)\]」』]*$""")


def shingle_list(text: str) -> list[str]:
    tokens = _WORD.findall(text)
    return [" ".join(tokens[i : i + SHINGLE_SIZE]) for i in range(max(1, len(tokens) - SHINGLE_SIZE + 1))]


def is_prose(paragraph: str) -> bool:
    return len(paragraph) >= PROSE_MIN_CHARS and bool(_SENTENCE_END.search(paragraph))


def merge_paragraphs(primary: list[str], secondary: list[str]) -> tuple[list[str], bool]:
    """Add the secondary extractor's missing prose to the primary text, in page order.

    Returns the paragraphs and whether anything was merged in.
    """
    owner = _shingle_owner(primary)
    if not owner or _coverage(owner, secondary) < MERGE_MIN_COVERAGE:
        return primary, False
    anchored = _anchor_extras(owner, secondary)
    extras = [p for group in anchored.values() for p in group]
    primary_chars = sum(len(p) for p in primary)
    too_little = sum(map(len, extras)) < MERGE_MIN_EXTRA_RATIO * primary_chars
    if len(extras) < MERGE_MIN_EXTRA_PARAGRAPHS or too_little:
        return primary, False
    merged = list(anchored.get(-1, []))
    for index, paragraph in enumerate(primary):
        merged.append(paragraph)
        merged.extend(anchored.get(index, []))
    return merged, True


def trim_unsupported_edges(primary: list[str], secondary: list[str]) -> list[str]:
    """Drop non-prose paragraphs at either end of the primary text that the second extractor lacks.

    When both extractors agree on the story, such edge lines are headlines, teasers, newsletter
    prompts or credits that the primary picked up around the body.
    """
    owner = _shingle_owner(secondary)
    if not owner or not primary or _coverage(_shingle_owner(primary), secondary) < MERGE_MIN_COVERAGE:
        return primary
    keep = [is_prose(p) or _is_supported(p, owner) for p in primary]
    start = keep.index(True) if True in keep else len(primary)
    end = len(primary) - keep[::-1].index(True) if True in keep else start
    return primary[start:end]


def _is_supported(paragraph: str, owner: dict[str, int]) -> bool:
    shingles = shingle_list(paragraph)
    return sum(s in owner for s in shingles) >= MATCH_SHARE * len(shingles)


def _shingle_owner(paragraphs: list[str]) -> dict[str, int]:
    """Each shingle of the text mapped to the first paragraph holding it."""
    owner: dict[str, int] = {}
    for index, paragraph in enumerate(paragraphs):
        for shingle in shingle_list(paragraph):
            owner.setdefault(shingle, index)
    return owner


def _coverage(owner: dict[str, int], paragraphs: list[str]) -> float:
    """Share of the owner's shingles that occur in `paragraphs`."""
    found = {s for p in paragraphs for s in shingle_list(p)}
    return len(found & owner.keys()) / len(owner)


def _anchor_extras(owner: dict[str, int], secondary: list[str]) -> dict[int, list[str]]:
    """Unmatched prose paragraphs of `secondary`, keyed by the primary paragraph they follow (-1: start)."""
    anchored: dict[int, list[str]] = {}
    anchor, seen = -1, set()
    repeated = {p for p, n in Counter(secondary).items() if n > 1}  # caption and teaser repeats
    for paragraph in secondary:
        shingles = shingle_list(paragraph)
        hits = [owner[s] for s in shingles if s in owner]
        if len(hits) >= MATCH_SHARE * len(shingles):
            anchor = max(anchor, hits[0])
        elif is_prose(paragraph) and paragraph not in repeated and paragraph not in seen:
            anchored.setdefault(anchor, []).append(paragraph)
            seen.add(paragraph)
    return anchored


# --------------------------------------------------------------------------- post-cleaning

# Short paragraphs matching these are calls to action or legal lines, not reporting.
BOILERPLATE_MAX_CHARS = 200
_BOILERPLATE = re.compile(
    r"^(advertisement|sponsored|related( articles| stories)?:?|read more\b.*|more from\b.*|comments?"
    r"|share( this( article| story)?)?( on \w+)?|tell us what you think\W*)$"
    r"|^like this (story|article)\?|\bshare (it|this)( story| article)? with\b"
    r"|^(subscribe|sign up)\b|^[\w'’ -]{0,40}\bnewsletters?$"
    r"|^follow\b.{0,80}\bon (facebook|twitter|instagram|youtube|linkedin|tiktok)\b"
    r"|\b(in your inbox|follow (us|him|her|them) on|have a (news )?tip\?|download (our|the) app)",
    re.I,
)
# Title repeats are looked for among this many leading paragraphs.
TITLE_REPEAT_WINDOW = 3


def clean_paragraphs(
    paragraphs: list[str], title: Optional[str], link_texts: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Drop title repeats, boilerplate, bare links and repeated prose, keeping order.

    A paragraph that is nothing but one link's words, not ending as a sentence, is a related-story
    teaser, tag or menu entry. Short repeats stay: separators and list items legitimately recur.
    """
    title_key = _compare_key(title or "")
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index < TITLE_REPEAT_WINDOW and title_key and _compare_key(paragraph) == title_key:
            continue
        if _is_boilerplate(paragraph) or (is_prose(paragraph) and paragraph in kept):
            continue
        if not _SENTENCE_END.search(paragraph) and _compare_key(paragraph) in link_texts:
            continue
        kept.append(paragraph)
    return kept


def _compare_key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


# A paragraph wrapped in an unrendered CMS shortcode ("[button ...]Send us your story[/button]").
_SHORTCODE_BLOCK = re.compile(r"^\[(\w+)\b[^\]]*\].*\[/\1\]$")


def _is_boilerplate(paragraph: str) -> bool:
    if not _WORD.search(paragraph) or _SHORTCODE_BLOCK.match(paragraph):
        return True
    return len(paragraph) <= BOILERPLATE_MAX_CHARS and bool(_BOILERPLATE.search(paragraph))


# --------------------------------------------------------------------------- assembly


def _extract(html: str | bytes, url: Optional[str]) -> HtmlExtraction:
    tree = parse_html(decode_html(html))
    if tree is None:
        return HtmlExtraction(text="", extractor="none")
    captions = collect_captions(tree)
    link_texts = {_compare_key(a.text_content()) for a in tree.iter("a")}
    rewrite_social_embeds(tree)
    if is_oversized(tree):
        return _extract_blocks_only(tree, captions, link_texts)
    document = run_trafilatura(tree, url)
    paragraphs, method = trafilatura_paragraphs(document), "trafilatura"
    if not paragraphs:  # precision mode can reject short or unusual pages outright
        document = run_trafilatura(tree, url, favor_precision=False) or document
        paragraphs, method = trafilatura_paragraphs(document), "trafilatura-recall"
    second = _safe_readability(tree)
    if not paragraphs:
        paragraphs, method = second, "readability"
    else:
        paragraphs, merged = merge_paragraphs(trim_unsupported_edges(paragraphs, second), second)
        method += "+readability" if merged else ""
    sitename = _sitename(document)
    title = strip_site_from_title(_metadata(document, "title"), sitename)
    text = PARAGRAPH_SEP.join(clean_paragraphs(paragraphs, title, link_texts))
    return HtmlExtraction(
        text=text,
        title=title,
        byline=_metadata(document, "author"),
        sitename=sitename,
        url=_canonical_url(tree) or _metadata(document, "url"),
        language=_metadata(document, "language") or _declared_language(tree),
        captions=captions,
        extractor=method if text else "none",
    )


def is_oversized(tree: lxml.html.HtmlElement) -> bool:
    """More elements than any article page has: the extractors cost about 0.1 ms per element and
    pass, so such a page gets one linear pass instead (`_extract_blocks_only`)."""
    return sum(1 for _ in tree.iter()) > MAX_FULL_EXTRACTION_ELEMENTS


def _extract_blocks_only(tree: lxml.html.HtmlElement, captions: list[str], link_texts: set[str]) -> HtmlExtraction:
    """The body's text blocks, cleaned: a linear fallback for pages too large for the extractors."""
    for element in tree.xpath("//script | //style | //noscript | //template | //svg | //nav | //footer"):
        if element.getparent() is not None:
            element.drop_tree()
    titles = tree.xpath("//title/text()")
    title = _normalise_space(titles[0]) if titles else None
    body = tree.find("body")
    paragraphs = block_texts(body if body is not None else tree)
    text = PARAGRAPH_SEP.join(clean_paragraphs(paragraphs, title, link_texts))
    return HtmlExtraction(text=text, title=title or None, url=_canonical_url(tree), language=_declared_language(tree),
                          captions=captions, extractor="blocks" if text else "none")


def _safe_readability(tree: lxml.html.HtmlElement) -> list[str]:
    try:
        return readability_paragraphs(tree)
    except Exception:  # noqa: BLE001 - readability raises on pages it cannot score
        return []


def _metadata(document, name: str) -> Optional[str]:
    """A metadata field of trafilatura's result, unescaped (some pages escape entities twice)."""
    value = getattr(document, name, None) if document is not None else None
    value = _normalise_space(html_entities.unescape(html_entities.unescape(value or "")))
    return value or None


def _sitename(document) -> Optional[str]:
    """Outlet name, unless metadata only offers a copyright notice."""
    name = _metadata(document, "sitename")
    if name and re.match(r"(copyright|©|\(c\))", name, re.I):
        return None
    if name and re.match(r"https?://", name, re.I):  # trafilatura falls back to the page address
        return re.sub(r"^https?://(www\.)?", "", name, flags=re.I).split("/")[0] or None
    return name


# Separators sites put between a headline and their own name in <title>.
_TITLE_SITE_SEPARATORS = r"\s*[|\-–—:·•»]\s*"


def strip_site_from_title(title: Optional[str], sitename: Optional[str]) -> Optional[str]:
    """'Headline | Outlet' -> 'Headline' when the outlet is the known site name."""
    if not title or not sitename:
        return title
    pattern = _TITLE_SITE_SEPARATORS + re.escape(sitename) + r"\s*$"
    stripped = re.sub(pattern, "", title, flags=re.I).strip()
    return stripped or title


def _canonical_url(tree: lxml.html.HtmlElement) -> Optional[str]:
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        values = [v.strip() for v in tree.xpath(xpath) if v.strip().startswith("http")]
        if values:
            return values[0]
    return None


def _declared_language(tree: lxml.html.HtmlElement) -> Optional[str]:
    """Language from <html lang>, a content-language header or og:locale."""
    declared = tree.xpath(
        "/html/@lang | //meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
        " = 'content-language']/@content | //meta[@property='og:locale']/@content"
    )
    for value in declared:
        code = re.split(r"[-_,;\s]", value.strip())[0].lower()
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    return None
