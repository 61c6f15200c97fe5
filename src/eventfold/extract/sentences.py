"""The story's text before typing: the article parts parsed, the article's date, the dateline
span that opens the body, a sentence trimmed of the heading or dateline lines run into it, and
the sentences before it in its paragraph.
"""

from __future__ import annotations

import re
from typing import Optional

from eventfold.annotate.doctext import doc_text, span_text
from eventfold.extract.context import _Context
from eventfold.model import PART_TEXT, Annotations, Article, DateValue


# A trimmed sentence shorter than this is no sentence of the story (a heading on its own).
MIN_STORY_TOKENS = 3


# How far into the body a dateline is looked for (captions and bylines of web dumps come first).
DATELINE_SEARCH_CHARS = 2000


# A dateline ingest did not name, opening a line: an upper-case place, its country or region, and
# a dated or agency parenthesis and/or a dash ("KABUL, Afghanistan (Jan. 22, 2013)",
# "PAKTIKA PROVINCE, Afghanistan –", "WASHINGTON (AP) —").
UNNAMED_DATELINE = re.compile(
    r"(?:^|[\n\u2028\u2029])[ \t]*([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*"
    r"(?:,[ \t]*[A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
    # an optional date: "KABUL, March 8, 2022 —", "HERAT, Afghanistan, Aug. 20 —"
    r"(?:,?[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?"
    # a spaced hyphen may end the line ("JACKSONVILLE, Fla. -" above the story); a colon ends it in the
    # style of South Asian and Gulf outlets ("SANAA: Yemen's ...")
    r"[ \t]*(?:\([^)\n\u2028]{1,40}\)[ \t]*(?:—|–|--| -(?=[ \t\n]))?|—|–|--| -(?=[ \t\n])|:(?=[ \t])))")
# Line breaks inside a sentence: where a heading or a dateline line ends and the story starts.
LINE_BREAK = re.compile(r"[\n\u2028\u2029]+")
# A line that ends like this finished a sentence of prose; any other is a heading ("For Immediate Release").
SENTENCE_END = ".!?:\"”’)"


def _parse_parts(article: Article) -> dict:
    from eventfold.annotate.nlp import load_nlp, text_for_parser

    nlp = load_nlp()
    parts = article.parts()
    return {part: doc for (part, _), doc in zip(parts, nlp.pipe(text_for_parser(text) for _, text in parts))}


def _article_date(article: Article, annotations: Annotations) -> Optional[DateValue]:
    from eventfold.annotate import OVERRULING_ESTIMATES

    estimate = annotations.publication_estimate
    if estimate is not None and estimate.source in OVERRULING_ESTIMATES:
        return estimate  # the story's own dates overrule a stamp counted from the retrieval date (or guessed)
    if article.published:
        return DateValue(article.published[:10], article.published_precision or "day", source="article:published")
    return annotations.publication_estimate


def _dateline_span(article: Article) -> tuple[int, int]:
    """[start, end) of the dateline ("KABUL —", "Moscow (AsiaNews) –") that opens the story.

    Web dumps put captions and bylines before it, so it is looked for at the start of any line
    near the top; only the dateline itself is excluded from the places, not what precedes it.
    """
    if not article.dateline:
        found = UNNAMED_DATELINE.search(article.text[:DATELINE_SEARCH_CHARS])
        return (found.start(1), found.end(1)) if found else (0, 0)
    pattern = re.compile(rf"(?:^|\n)\s*({re.escape(article.dateline)}\b[^\n]{{0,40}}?(?:—|–| - |:))", re.IGNORECASE)
    found = pattern.search(article.text[:DATELINE_SEARCH_CHARS])
    return (found.start(1), found.end(1)) if found else (0, 0)


def _story_of(context: _Context, part: str, sent):
    """The sentence without the heading lines or dateline the parser glued to it ("Press Office
    - Northern Command / For Immediate Release / KABUL, Afghanistan (Oct. 4, 2010) / Afghan
    forces detained ..."): what follows the dateline, or the last line break after a line with
    no sentence end."""
    start = sent.start_char
    if part == PART_TEXT and start < context.dateline[1] < sent.end_char:
        start = context.dateline[1]
    for brk in LINE_BREAK.finditer(doc_text(sent.doc), start, sent.end_char):
        if doc_text(sent.doc)[start:brk.start()].rstrip()[-1:] not in SENTENCE_END:
            start = brk.end()
    if start == sent.start_char:
        return sent
    story = sent.doc.char_span(start, sent.end_char, alignment_mode="expand")
    return story if story is not None and len(story) >= MIN_STORY_TOKENS else sent


def _paragraph_before(sentences, index: int) -> list:
    """The sentences before this one in its paragraph (paragraphs are separated by blank lines)."""
    found, text = [], doc_text(sentences[index].doc)
    for sent in reversed(sentences[max(0, index - 3) : index]):
        # the parser keeps a paragraph's closing blank line inside its last sentence
        content_end = sent.start_char + len(span_text(sent).rstrip())
        if "\n\n" in text[content_end : sentences[index].start_char + 1]:
            break
        found.insert(0, sent)
    return found
