"""Plain-text article dumps, as users paste or scrape them, turned into a clean story and metadata.

A dump is a headline (maybe after a masthead banner, a menu or breadcrumb line, a tagline or a
date line), a byline and a stamp, then the story interleaved with photo captions and page
furniture (share/subscribe/sign-in prompts, counters, "Related:" teasers, tags, comment forms),
sometimes a URL line at the end.

The parser works line by line in four passes:
1. normalise whitespace, take a masthead banner's block off the top (it names the outlet; its
   tagline and menu go) and re-join paragraphs that were wrapped mid-sentence;
2. read the header zone (everything before the first prose paragraph) for title, byline, stamp:
   masthead and navigation lines are never the title, the title is the first headline-like line;
3. sort every other line into story, caption or furniture;
4. derive dateline, outlet and publication date from what was found.

It is conservative: a paragraph of prose is story unless it matches a furniture pattern, so a
doubtful line stays in the text rather than being lost.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

from eventfold.ingest import stamps
from eventfold.ingest.outlets import (
    OUTLET_NOUNS,
    is_section_label,
    masthead_of,
    outlet_from_dateline,
    outlet_from_lines,
    outlet_from_url,
    outlet_named_by,
    split_masthead,
)
from eventfold.model import DateValue


@dataclass
class ParsedText:
    title: str | None
    text: str  # story paragraphs joined by "\n\n", broken lines re-joined, furniture removed
    captions: list[str]  # photo captions/credits, de-duplicated, kept apart from the body
    byline: str | None
    outlet: str | None
    outlet_source: str  # "url", "masthead", "byline", "dateline", "footer" or ""
    dateline: str | None  # place of the dateline, e.g. "KABUL" (the paragraph keeps it too)
    url: str | None
    published: DateValue
    removed: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- thresholds

# A line is prose when it has at least this many words and ends a sentence. Fitted on the headline
# corpus (8,403 feed items, shared/corpus/*-rss): of its 6,903 lead paragraphs that end a sentence
# 0.13% are shorter than 8 words (0.29% at 10), while 3.6% of its headlines end a sentence and
# reach 8 words (2.6% at 10, mostly questions the title rules catch). Losing a story paragraph is
# worse than keeping a headline-like line, so the lower threshold.
PROSE_MIN_WORDS = 8
# Navigation menus: at least MENU_MIN_RUN consecutive lines of at most MENU_ENTRY_MAX_WORDS words
# without sentence punctuation ("World", "Business", "Sign in"). A story's subheadings come one at
# a time between paragraphs, so a run of four is safely a menu.
MENU_MIN_RUN = 4
MENU_ENTRY_MAX_WORDS = 4
# "Here are some of the highlights:" - a colon line this long introduces story content.
INTRO_MIN_WORDS = 5
# Headlines: 3..30 words and no closing full stop.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 3, 30
# The header zone ends at the first prose paragraph, or after this many lines at the latest.
HEADER_MAX_LINES = 15
# A masthead banner's own block (the lines under it before a blank line) holds a tagline or a
# menu at most a few lines long; a longer block is the article itself, pasted without gaps.
MASTHEAD_BLOCK_MAX_LINES = 3
# Navigation/breadcrumb lines: at least NAV_MIN_ITEMS short items ("Home | World | Asia"); two
# items suffice when both are furniture or section words ("Share this article | Leave a comment").
NAV_MIN_ITEMS = 3
# Teaser lines ("Related: Who is gathering in the valley?") are headlines, so at most this long.
TEASER_MAX_WORDS = 25
# A byline line without "By" ("Elena Varga", "Marek Holub, Steppe Dispatch") must sit next to the
# stamp and hold a short name list: two authors' full names and a conjunction ("Elena Varga and
# Marek Holub", 5 words) with one middle name fit; a longer capitalised line is a headline or caption.
BARE_BYLINE_MAX_TOKENS = 6
# Calls to action ("Sign in", "Get notifications") are short; longer lines need to address the
# reader ("you", "our") and, the longer they are, more call-to-action phrases: one per started
# CTA_WORDS_PER_HIT words. Checked on the project's own dump fixtures (tests/fixtures/text: form and
# newsletter lines of 9-45 words with 1-3 phrases, all caught) against the 8,011 feed descriptions
# of the headline corpus (shared/corpus/*-rss), story text that must stay: 4 are flagged, and all
# 4 are newsletter promotions ("You can sign up for free right here."), none a story paragraph.
CTA_SHORT_WORDS = 8
CTA_WORDS_PER_HIT = 25
CTA_MAX_WORDS = 60
# A label that opens a list of other stories' headlines ("More top stories from the site:") is short.
TEASER_LIST_LABEL_MAX_WORDS = 12
# Media widgets (video, gallery, "Lawsuit: ..." carousels) print each item's title and summary twice
# (a link's title attribute and its text): a paragraph that opens with a repeated run and is mostly
# repeated runs is such a widget, never story prose, which does not say one thing twice in a row.
# A run is at least DOUBLED_RUN_MIN_CHARS long (a phrase, not a repeated word or two).
DOUBLED_RUN_MIN_CHARS = 16
DOUBLED_SHARE = 0.8
# A run of lines without terminal punctuation this long (share of lines) means hard-wrapped text.
HARD_WRAP_SHARE = 0.6
HARD_WRAP_MIN_LINES = 6

# ----------------------------------------------------------------------------- patterns

_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
_FULL_STOP_END = re.compile(r"[.。][\"'”’)\]」』]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CJK_CHARS_PER_WORD = 2  # a CJK "word" for length thresholds: roughly two characters
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_FUNCTION_WORD_END = re.compile(
    r"\b(?:a|an|the|and|or|but|of|to|in|on|at|by|for|with|from|as|that|which|who|its|their|his|her)$", re.I
)

# Whole-line furniture (case-insensitive, the line must match entirely).
_FURNITURE_LINES = re.compile(
    r"^(?:share(?: this)?(?: article| story| post)?(?: on \w+)?|tweet|e-?mail|print|printable version|"
    r"send to a friend|subscribe(?: now)?|sign (?:in|up|out)|log ?(?:in|out)|register|comments?(?: \(\d+\))?|"
    r"\d+ comments?|leave a (?:reply|comment)|(?:see|read) (?:also|more)|"
    r"related(?: articles| stories| posts| content)?|"
    r"more (?:stories|news|from \S.*|on this story)|advertisement|sponsored(?: content)?|skip to (?:main )?content|"
    r"(?:back to )?top|menu|search|close|home|image|photo|video|gallery|listen(?: to this article)?|"
    r"\d+ min(?:ute)?s? read|follow us(?: on .*)?|trending(?: now)?|most (?:read|popular|viewed|shared)|"
    r"recommended(?: for you| stories)?|you (?:may|might) also like|or continue with|continue reading|"
    r"check your (?:e-?mail|inbox)|(?:facebook|twitter|whatsapp|linkedin|reddit|telegram|email|copy link|[|·•,\s])+|"
    r"toggle navigation|open menu|view comments|show comments|load more|next article|previous article|"
    r"our standards:.*|for immediate release|(?:news|press|media) release|download (?:the )?pdf|"
    r"printer[- ]friendly(?: version)?)[:.!]?$",
    re.I,
)
_LABELLED_FURNITURE = re.compile(
    r"^(?:categories|category|tags|tagged(?: as| with)?|topics|filed under|posted in|keywords)\s*:", re.I
)
_SHORT_LIST_LABEL = re.compile(r"^(?:\w+\s){0,2}(?:more|also|related|read|watch|listen|share|follow)\s*:$", re.I)
_COUNTER = re.compile(r"^\d+(?:[.,]\d+)?\s*[kKmM]?(?:\s+(?:shares?|comments?|views?|likes?|reads?))?$")
_CREDIT_LINE = re.compile(
    r"^\(?(?:(?:additional )?reporting|writing|editing|compiled|produced|translated) by\b.*", re.I
)
# Editor's notes on where a copy comes from: "This story was distributed by X and edited by Y staff."
# Only "This ..." and short: "The report was published by the UN on Monday ..." is news.
_EDITOR_NOTE = re.compile(
    r"^this (?:story|article|report|item) (?:was|is|has been) (?:originally |first )?"
    r"(?:distributed|provided|supplied|syndicated|republished|published|edited|produced|updated)\b",
    re.I,
)
EDITOR_NOTE_MAX_WORDS = 30
# "Reporting by A; editing by B": the reporter is the byline.
_CREDIT_BYLINE = re.compile(r"^\(?(?:reporting|reported|written|words) by\s+(?P<names>[^;()]+)", re.I)
# Breadcrumbs and menus on one line: "Home | Region | Analysis", "World › Asia", "News • Asia".
_NAV_SEPARATOR = re.compile(r"\s+[|›»/•·>]\s+|\s*[|›»•·]\s*")
_TEASER_LINE = re.compile(
    r"^(?:related(?: articles?| stories| coverage| content| news)?|see also|also read|read (?:more|also|next)|"
    r"more on this(?: story)?|watch|listen|recommended)\s*:\s*\S",
    re.I,
)
# A byline's trailing affiliation: "Name, Staff Writer", "Name | Outlet".
_ROLE_WORDS = re.compile(
    r"\b(?:writer|correspondent|reporter|editor|contributor|staff|chief|bureau|columnist|analyst|journalist|"
    r"producer|photographer|desk|team|newsroom)s?\b",
    re.I,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b|all rights reserved)", re.I)
_EMAIL_FORM = re.compile(r"\S+@\S+\.\w+.*|.*\b(?:structure|format|valid|enter)\b.*\S+@\S+\.\w+", re.I)
_CTA_WORDS = re.compile(
    r"\b(?:sign(?:ing)? (?:you )?(?:in|up)|log(?:ging)? ?in|regist(?:er|ered|ering|ration)|"
    r"subscri(?:be|bed|ber|ption)s?|"
    r"newsletters?|notifications?|inbox|continue reading|never miss|click here|cookies?|privacy policy|"
    r"terms (?:and|&) conditions|terms of (?:use|service)|download (?:the|our) app|follow us|"
    r"support (?:our|independent) journalism|e-?mail (?:address|to sign|us)|check your e-?mail|we sent an e-?mail|"
    r"a friend wanted you|wanted you to see|ad-?blocker)\b",
    re.I,
)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|added|wrote|tweeted|according to)\b")
_READER_ADDRESS = re.compile(r"\b(?:you|your|you're|you’re|you'll|you’ll|us|our)\b", re.I)
# Lines that open a list of unrelated teasers; short non-prose lines after them are dropped.
_LIST_HEADER = re.compile(
    r"^(?:see also|read more|related(?: articles| stories| posts| coverage| content| news)?|"
    r"more (?:stories|news|from .*)|"
    r"you (?:may|might) also like|recommended(?: for you| stories)?|most (?:read|popular|viewed|shared)|"
    r"trending(?: now)?|latest(?: news| stories)?|top stories|read next|editor'?s picks|leave a (?:reply|comment)|"
    r"(?:\w+\s)?more|comments?)\s*:?$",
    re.I,
)
# Labels of a list of other stories' headlines: "Read more top trending stories on site.com:",
# "Other top stories:", "More Metro-Area Stories:". Every headline under one is another story, even
# one that ends with a full stop ("Police: Man held after a shooting in Clay Co.").
_TEASER_LIST_LABEL = re.compile(
    r"^(?:[^.!?:]|\.(?=\S)){0,60}\b(?:more|other|top|trending|latest|related|popular|recent|most read)\b"
    r"(?:[^.!?:]|\.(?=\S)){0,60}\b(?:stories|headlines|articles|videos|news)\b(?:[^.!?:]|\.(?=\S)){0,40}:$",
    re.I,
)
_DOUBLED_RUN = re.compile(r"(\S.{%d,400}?) \1(?=\s|$)" % (DOUBLED_RUN_MIN_CHARS - 1))
_ABBREVIATION_END = re.compile(r"\b[A-Z][a-z]{0,3}\.$")
_SENTENCE_INSIDE = re.compile(r"[.!?][\"'”’)]*\s+[A-Z“\"]")
# Photo credits: a parenthesis at the end of a line naming an agency or photographer.
_AGENCY = (
    r"AFP|AP|Reuters|Getty|EPA|Xinhua|Anadolu|Shutterstock|Alamy|Bloomberg|NurPhoto|SOPA|Pool|Handout|"
    r"Images|Photo|Photograph|Courtesy|File|Sipa|DPA|ANI|PTI|Tass|TASS|UPI|Zuma|ZUMA|Press Association|PA"
)
_CREDIT_PAREN = re.compile(r"\((?:[^()]{0,80}?\b(?:" + _AGENCY + r")\b[^()]{0,60})\)\s*$")
# The name starts where a word does: tried from every capital of one long token, it would rescan
# the token's rest each time (quadratic in the line's length).
_CREDIT_TAIL = re.compile(
    r"(?:\s[-–—]\s?|\s?[-–—]\s)?(?<![\w'.-])[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3}\s?/\s?(?:" + _AGENCY + r")"
    r"(?: via Getty Images)?\s*(?:©.*)?$"
)
_CREDIT_PREFIX = re.compile(r"^(?:photo(?:graph)?|image|picture|credit|image source|image caption)\s*[:,]", re.I)
# Credit first, caption after: "(Photo: Name/Outlet) Fighters near the town, Aug. 19."
_CREDIT_FIRST = re.compile(r"^\((?:photo(?:graph)?|image|picture|credit)s?\b[^()]{0,80}\)\s+\S", re.I)
_VIA_GETTY = re.compile(r"\bvia Getty Images\b|\w©\s*[A-Z]")  # "...Getty Images© Name/AFP": a doubled credit
_RIGHTS = re.compile(r"\ball rights reserved\b|\(©|^\(?source:", re.I)
_ALT_TEXT_PREFIX = re.compile(r"^[a-z][^:]{3,80}:\s+(?=[A-Z])")
_LABELLED_STAMP = re.compile(r"^(?:first |last )?(?:published|posted|updated|created)\b", re.I)
_BYLINE = re.compile(r"^by\s+(?P<names>.+)$", re.I)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|de|da|van|von|der|al|el|bin|ibn|dos|la|le|and|&)$")
_NAV_WORDS = frozenset(
    "search menu home news sections login subscribe close share opinion world live video".split()
)


# Page furniture lines (menus, prompts, credits) are far shorter than this; longer lines are story.
FURNITURE_MAX_CHARS = 2000
# How much of each end of a paragraph being re-joined `_continues` sees (see `_Joined`).
JOIN_VIEW_CHARS = 1000


# ----------------------------------------------------------------------------- entry point


def parse_text_dump(
    raw: str,
    *,
    retrieved_at: datetime | None = None,
    date_order: str | None = None,
    url: str | None = None,
) -> ParsedText:
    """Split a pasted article dump into story text, captions, furniture and metadata."""
    state = _State()
    lines = rejoin_broken_lines(_take_masthead_block(normalise_lines(raw), state))
    lines = _take_url_lines(lines, state)
    in_menu = _menu_runs(lines)
    body_start = _read_header(lines, in_menu, state)
    _sort_body(lines[body_start:], in_menu[body_start:], state)
    return _finish(state, raw, url=url or state.url, retrieved_at=retrieved_at, date_order=date_order)


@dataclass
class _State:
    title: str | None = None
    byline: str | None = None
    url: str | None = None
    stamps: list[str] = field(default_factory=list)
    story: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    masthead: str | None = None
    byline_outlet: str | None = None  # "Name | Outlet" bylines name the outlet too
    late_stamps: list[str] = field(default_factory=list)  # "Published ..." lines below the header


# ----------------------------------------------------------------------------- pass 1: lines


def normalise_lines(raw: str) -> list[str]:
    """Lines with unified spaces and no trailing blanks; "" marks a blank line."""
    # Unicode line and paragraph separators (common in press-release feeds) break lines too.
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\t]", " ", text)
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    return [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]


def rejoin_broken_lines(lines: list[str]) -> list[str]:
    """Paragraphs, one per item, with lines wrapped mid-sentence joined back together."""
    if _is_hard_wrapped(lines):
        return _join_blocks(lines)
    paragraphs: list[_Joined] = []
    gap = False
    for line in lines:
        if not line:
            gap = True
            continue
        if paragraphs and _continues(paragraphs[-1].view, line, across_gap=gap):
            paragraphs[-1].add(line)
        else:
            paragraphs.append(_Joined(line))
        gap = False
    return [" ".join(paragraph.parts) for paragraph in paragraphs]


class _Joined:
    """A paragraph being re-joined from lines, judged by its first and last JOIN_VIEW_CHARS
    characters only: every check of `_continues` looks at its start or its end, and re-reading the
    whole growing paragraph at each line made re-joining quadratic in the paragraph's length."""

    def __init__(self, line: str):
        self.parts = [line]
        self.head, self.tail, self.length = line[:JOIN_VIEW_CHARS], line[-JOIN_VIEW_CHARS:], len(line)
        self.whole: str | None = line if len(line) <= 2 * JOIN_VIEW_CHARS else None

    def add(self, line: str) -> None:
        self.parts.append(line)
        self.length += 1 + len(line)
        if len(self.head) < JOIN_VIEW_CHARS:
            self.head = f"{self.head} {line[:JOIN_VIEW_CHARS]}"[:JOIN_VIEW_CHARS]
        self.tail = f"{self.tail} {line[-JOIN_VIEW_CHARS:]}"[-JOIN_VIEW_CHARS:]
        self.whole = f"{self.whole} {line}" if self.whole is not None and self.length <= 2 * JOIN_VIEW_CHARS else None

    @property
    def view(self) -> str:
        return self.whole if self.whole is not None else f"{self.head} {self.tail}"


def _continues(previous: str, line: str, *, across_gap: bool) -> bool:
    """Whether `line` carries on the sentence `previous` left unfinished."""
    if _SENTENCE_END.search(previous) or previous.endswith(":") or _URL_LINE.match(line):
        return False
    if is_furniture(line) or is_furniture(previous) or (_BYLINE.match(line) and _byline_of(line)):
        return False
    starts_lower = line[0].islower()
    if across_gap:  # a blank line in between: only join clear mid-sentence breaks of prose
        return starts_lower and len(previous.split()) >= PROSE_MIN_WORDS and len(line.split()) >= 3
    if _BYLINE.match(previous) or line.lower() == "and":
        return starts_lower or previous.lower().endswith(" and") or previous.endswith(",")
    if starts_lower and not _looks_like_alt_text(line):
        return True
    return previous.endswith(",") or (bool(_FUNCTION_WORD_END.search(previous)) and len(previous.split()) >= 6)


def _looks_like_alt_text(line: str) -> bool:
    return bool(_ALT_TEXT_PREFIX.match(line)) and _is_caption(line)


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width (e-mail style): most lines stop mid-sentence."""
    followed = [a for a, b in zip(lines, lines[1:]) if a and b]
    has_blocks = any(not a and b for a, b in zip(lines, lines[1:]))
    if len(followed) < HARD_WRAP_MIN_LINES or not has_blocks:
        return False
    unfinished = sum(1 for a in followed if not _SENTENCE_END.search(a) and len(a.split()) >= PROSE_MIN_WORDS)
    return unfinished / len(followed) >= HARD_WRAP_SHARE


def _join_blocks(lines: list[str]) -> list[str]:
    blocks, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


def _take_masthead_block(lines: list[str], state: _State) -> list[str]:
    """A masthead banner opening the dump names the outlet; the tagline or menu under it goes.

    Works on raw lines because only blank lines tell the banner's block ("NORTHERN COURIER" /
    "World news from the wires") from the headline block below it.
    """
    first = next((i for i, line in enumerate(lines) if line), None)
    name = masthead_of(lines[first], "\n".join(lines)) if first is not None else None
    if not name:
        return lines
    end = next((i for i in range(first + 1, len(lines)) if not lines[i]), len(lines))
    block, rest = lines[first + 1 : end], lines[end:]
    if end == len(lines) or len(block) > MASTHEAD_BLOCK_MAX_LINES or not _headline_ahead(rest):
        return lines  # no banner block: the header reader still spots a masthead line
    state.masthead = name
    state.removed.append(lines[first])
    kept = []
    for line in block:
        if stamps.looks_like_stamp(line) or _byline_of(line) or is_prose(line):
            kept.append(line)
        else:
            state.removed.append(line)  # a tagline or menu under the banner
    return lines[:first] + kept + rest


def _headline_ahead(lines: list[str]) -> bool:
    """Whether a headline-like line comes before the first prose paragraph."""
    for line in [line for line in lines if line][:HEADER_MAX_LINES]:
        if _starts_story(line):
            return False
        if _is_headline(line):
            return True
    return False


def _take_url_lines(lines: list[str], state: _State) -> list[str]:
    kept = []
    for line in lines:
        if _URL_LINE.match(line):
            state.url = state.url or line
            state.removed.append(line)
        else:
            kept.append(line)
    return kept


# ----------------------------------------------------------------------------- pass 2: header


def _read_header(lines: list[str], in_menu: list[bool], state: _State) -> int:
    """Take title, byline and stamp from the lines before the story; return where the body starts."""
    limit = min(len(lines), HEADER_MAX_LINES)
    end = next((i for i in range(limit) if _starts_story(lines[i])), limit)
    mastheads = _masthead_rows(lines[:end], "\n".join(lines))
    title_index = _title_index(lines[:end], mastheads)
    for index, line in enumerate(lines[:end]):
        neighbours = lines[max(index - 1, 0) : index] + lines[index + 1 : index + 2]
        if index != title_index and in_menu[index]:
            state.removed.append(line)
        elif index == title_index:
            state.title, suffix_outlet = split_masthead(line)
            state.masthead = state.masthead or suffix_outlet
        elif index in mastheads:
            state.masthead = state.masthead or mastheads[index]
            state.removed.append(line)
        elif outlet_named_by(line):
            state.masthead = state.masthead or outlet_named_by(line)
            state.removed.append(line)
        elif title_index is not None and index > title_index and _take_bare_byline(line, neighbours, state):
            continue
        elif title_index is not None and index < title_index and (_is_banner(line) or _is_headline(line)):
            state.removed.append(line)  # a site banner or tagline above the headline ("ELECTION 2024 - LIVE")
        elif not _header_metadata(line, state):
            _sort_line(line, state, in_list=False, header=True)
    return end


def _starts_story(line: str) -> bool:
    """Prose that cannot be a headline: it ends with a full stop or is too long for one."""
    if not is_prose(line) or _is_caption(line):
        return False
    return not _is_headline(line) or len(line.split()) > TITLE_MAX_WORDS


def _masthead_rows(lines: list[str], context: str) -> dict[int, str]:
    """Masthead banners above the headline, by line index, with the outlet each names."""
    found = {}
    for index, line in enumerate(lines):
        name = masthead_of(line, context)
        if name:
            found[index] = name
        elif _is_headline(line) and not _is_banner(line):
            break
    return found


def _title_index(lines: list[str], mastheads: dict[int, str]) -> int | None:
    """The headline: the first headline-like line, preferring mixed case over all-caps banners."""
    candidates = [i for i, line in enumerate(lines) if i not in mastheads and _is_headline(line)]
    mixed = [i for i in candidates if not _is_banner(lines[i])]
    chosen = mixed or candidates
    if len(chosen) >= 2 and chosen[0] - 1 in mastheads and chosen[1] == chosen[0] + 1:
        return chosen[1]  # the line right under the masthead is its tagline when a headline follows
    return (chosen or [None])[0]


def _is_headline(line: str) -> bool:
    words = word_count(line)
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or _FULL_STOP_END.search(line):
        return False
    return not (
        is_furniture(line) or _is_caption(line) or _byline_of(line) or stamps.looks_like_stamp(line)
        or _LIST_HEADER.match(line) or outlet_named_by(line)
    )


def _is_banner(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _header_metadata(line: str, state: _State) -> bool:
    """Record a stamp or byline line; True when the line was one."""
    if stamps.looks_like_stamp(line):
        state.stamps.append(line)
        state.removed.append(line)
        return True
    found = _byline_of(line)
    if found and not state.byline:
        state.byline, stamp = found
        if stamp:
            state.stamps.append(stamp)
        state.removed.append(line)
        return True
    if line.lower() in _NAV_WORDS or (len(line.split()) <= 2 and not _SENTENCE_END.search(line)):
        state.removed.append(line)  # section labels and nav words before the story
        return True
    return False


def _byline_of(line: str) -> tuple[str, str | None] | None:
    """(names, stamp or None) for "By X and Y", "by X", "Reporting by X; ..." or "X 2 days ago" lines."""
    match = _BYLINE.match(line) or _CREDIT_BYLINE.match(line)
    names, stamp = (match.group("names"), None) if match else _split_trailing_stamp(line)
    if names is None:
        return None
    names, stamp = _strip_stamp(names, stamp)
    names = _strip_affiliation(names)[0]
    return (names, stamp) if _is_name_list(names) else None


def _take_bare_byline(line: str, neighbours: list[str], state: _State) -> bool:
    """A name line next to the stamp ("Elena Varga", "Name | Outlet") is the byline."""
    if state.byline or _byline_of(line) or stamps.looks_like_stamp(line):
        return False  # already found, or a "By ..." line the ordinary byline reader takes
    if not any(stamps.looks_like_stamp(n) for n in neighbours):
        return False
    names, affiliation = _strip_affiliation(line)
    if len(names.split()) > BARE_BYLINE_MAX_TOKENS or not _is_name_list(names):
        return False
    state.byline = names
    outlet_like = affiliation and _is_affiliation(affiliation) and not _ROLE_WORDS.search(affiliation)
    state.byline_outlet = affiliation if outlet_like else None
    state.removed.append(line)
    return True


def _strip_affiliation(names: str) -> tuple[str, str | None]:
    """("Name", "Outlet or role") for "Name | Outlet", "Name, Staff Writer", "Name, Steppe Dispatch"."""
    parts = re.split(r"\s*[|·•;]\s*", names.strip())
    head, tail = parts[0].strip(" ,"), (parts[1].strip() if len(parts) > 1 else None)
    head = re.split(r"\s+(?:in|from)\s+(?=[A-Z])", head)[0]  # "Jean Mbala in Goma"
    if "," in head:
        rest, last = (piece.strip() for piece in head.rsplit(",", 1))
        if last and " and " not in last and _is_affiliation(last):
            head, tail = rest, tail or last
    return head, tail


def _is_affiliation(text: str) -> bool:
    """A role ("Staff Writer") or an outlet name ("Steppe Dispatch", "Reuters"), not another person."""
    words = text.split()
    return bool(_ROLE_WORDS.search(text)) or words[-1].lower() in OUTLET_NOUNS or bool(
        re.fullmatch(_AGENCY, text)
    )


def _split_trailing_stamp(line: str) -> tuple[str | None, str | None]:
    words = line.split()
    # A stamp is at most STAMP_MAX_WORDS words after a prefix of at most four ("Last updated on :"),
    # so only the last cuts can match: trying every cut was quadratic in the line's length.
    for cut in range(max(1, len(words) - stamps.STAMP_MAX_WORDS - 4), len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if stamps.looks_like_stamp(tail):
            return head, tail
    return None, None


def _strip_stamp(names: str, stamp: str | None) -> tuple[str, str | None]:
    if stamp:
        return names, stamp
    head, tail = _split_trailing_stamp(names)
    return (head, tail) if head else (names, None)


def _is_name_list(names: str) -> bool:
    tokens = [t for t in re.split(r"[\s,]+", names) if t]
    if not 1 <= len(tokens) <= 12 or not tokens[0][0].isupper():
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens) and sum(t[0].isupper() for t in tokens) >= 2


# ----------------------------------------------------------------------------- pass 3: body


def _sort_body(lines: list[str], in_menu: list[bool], state: _State) -> None:
    in_list = in_teasers = False
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _LIST_HEADER.match(line):
            in_list = True
        elif is_prose(line) and not is_furniture(line) and not _is_caption(line):
            in_list = False
        in_teasers = _is_teaser_list_label(line) or (in_teasers and _is_single_headline(line))
        if in_teasers or _is_teaser(line, following) or in_menu[index] or is_media_widget(line):
            state.removed.append(line)
            continue
        _sort_line(line, state, in_list=in_list, header=False)


def _is_teaser_list_label(line: str) -> bool:
    return word_count(line) <= TEASER_LIST_LABEL_MAX_WORDS and bool(_TEASER_LIST_LABEL.match(line))


def _is_single_headline(line: str) -> bool:
    """A headline-sized line, one phrase without a closing full stop (but for an abbreviation, "in
    Clay Co."): an entry of a list of other stories. A sentence under the label is the story going
    on, the list's entries having been left out of the page."""
    if word_count(line) > TEASER_MAX_WORDS or _SENTENCE_INSIDE.search(line):
        return False
    return not _FULL_STOP_END.search(line) or bool(_ABBREVIATION_END.search(line))


def is_media_widget(line: str) -> bool:
    """A paragraph that opens with a repeated run and is mostly repeated runs (see DOUBLED_SHARE)."""
    if len(line) > FURNITURE_MAX_CHARS:
        return False
    first = _DOUBLED_RUN.match(line)
    if first is None:
        return False
    doubled = sum(len(m.group(0)) for m in _DOUBLED_RUN.finditer(line))
    return doubled >= DOUBLED_SHARE * len(line)


def _menu_runs(lines: list[str]) -> list[bool]:
    """Marks lines inside runs of MENU_MIN_RUN or more consecutive menu-like entries."""
    marks = [False] * len(lines)
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and _is_menu_entry(lines[end]):
            continue
        if end - start >= MENU_MIN_RUN:
            marks[start:end] = [True] * (end - start)
        start = end + 1
    return marks


def _is_menu_entry(line: str) -> bool:
    return word_count(line) <= MENU_ENTRY_MAX_WORDS and not _SENTENCE_END.search(line) and not line.endswith(":")


def _sort_line(line: str, state: _State, *, in_list: bool, header: bool) -> None:
    if _is_caption(line):
        _add_caption(line, state)
    elif is_furniture(line) or (in_list and not (is_prose(line) or _introduces(line))):
        state.removed.append(line)
    elif not header and stamps.looks_like_stamp(line):
        state.removed.append(line)  # a date on its own line inside the page: a teaser's date ...
        if _LABELLED_STAMP.match(line):
            state.late_stamps.append(line)  # ... unless it says it is the publication stamp
    else:
        state.story.append(line)


def _is_teaser(line: str, following: str) -> bool:
    """A headline immediately followed by a date line: an entry of a teaser list."""
    if not following or is_prose(line) or _introduces(line) or stamps.looks_like_stamp(line):
        return False
    return stamps.looks_like_stamp(following)


def _introduces(line: str) -> bool:
    """A sentence that introduces a list or quote ("Here are the highlights:") is story."""
    return line.endswith(":") and len(line.split()) >= INTRO_MIN_WORDS


def is_prose(line: str) -> bool:
    """A paragraph of sentences: enough words and a sentence end."""
    return word_count(line) >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def word_count(line: str) -> int:
    """Words separated by spaces, counting unspaced CJK script by characters."""
    return len(line.split()) + len(_CJK.findall(line)) // CJK_CHARS_PER_WORD


@functools.lru_cache(maxsize=4096)  # a body line is asked twice (`_sort_body`, then `_sort_line`)
def is_furniture(line: str) -> bool:
    """Page furniture: navigation, sharing, sign-in and subscription prompts, counters, tags."""
    stripped = line.strip()
    if len(stripped) > FURNITURE_MAX_CHARS:  # furniture is short; this bounds the patterns' cost
        return False
    if (
        _FURNITURE_LINES.match(stripped) or _LABELLED_FURNITURE.match(stripped) or _SHORT_LIST_LABEL.match(stripped)
        or _COUNTER.match(stripped) or _CREDIT_LINE.match(stripped) or _COPYRIGHT.match(stripped)
        or (_TEASER_LINE.match(stripped) and word_count(stripped) <= TEASER_MAX_WORDS)
        or (_EDITOR_NOTE.match(stripped) and word_count(stripped) <= EDITOR_NOTE_MAX_WORDS)
    ):
        return True
    if is_nav_line(stripped):
        return True
    if len(stripped.split()) <= 12 and _EMAIL_FORM.fullmatch(stripped):
        return True
    return _is_call_to_action(stripped)


def is_nav_line(line: str) -> bool:
    """A breadcrumb or menu on one line: short items separated by "|", "›", "/", "»", "•"."""
    items = [item.strip(" []") for item in _NAV_SEPARATOR.split(line)]
    items = [item for item in items if item]
    if len(items) < 2 or stamps.looks_like_stamp(line):
        return False
    if all(is_section_label(item) or is_furniture(item) for item in items):
        return True
    return len(items) >= NAV_MIN_ITEMS and all(
        word_count(item) <= MENU_ENTRY_MAX_WORDS and not _SENTENCE_END.search(item) for item in items
    )


def _is_call_to_action(line: str) -> bool:
    if not _CTA_WORDS.search(line):
        return False
    words = len(line.split())
    if _is_quoted_speech(line) or words > CTA_MAX_WORDS:
        return False
    if words <= CTA_SHORT_WORDS:
        return True
    if _ATTRIBUTION.search(line):
        return False  # reported speech ("..., the company said") is news, not a page prompt
    hits = len({m.group(0).lower() for m in _CTA_WORDS.finditer(line)})
    return bool(_READER_ADDRESS.search(line)) and hits >= 1 + words // CTA_WORDS_PER_HIT


def _is_quoted_speech(line: str) -> bool:
    """Story lines quoting someone ("... you can register," he said) are never furniture."""
    return bool(re.search(r"[“\"][^”\"]{10,}[”\"]", line)) and bool(_ATTRIBUTION.search(line))


# ----------------------------------------------------------------------------- captions


@functools.lru_cache(maxsize=4096)  # asked twice of a body line, as `is_furniture` is
def _is_caption(line: str) -> bool:
    """A photo caption or bare credit: it ends with a credit naming an agency or photographer."""
    if (_CREDIT_PREFIX.match(line) or _CREDIT_FIRST.match(line)) and len(line.split()) <= 40:
        return True
    if _is_quoted_speech(line) or _COPYRIGHT.match(line) or _RIGHTS.search(line):
        return False
    return bool(_CREDIT_PAREN.search(line) or _VIA_GETTY.search(line) or _CREDIT_TAIL.search(line))


def _add_caption(line: str, state: _State) -> None:
    caption = _clean_caption(line)
    key = _caption_key(caption)
    for seen in state.captions:
        seen_key = _caption_key(seen)
        if key == seen_key or key in seen_key or seen_key in key:
            state.removed.append(line)  # a repeat of a caption already kept
            return
    state.captions.append(caption)


def _clean_caption(line: str) -> str:
    """Drop auto-generated alt text ("a truck is parked ...: ") and a repeated "© credit"."""
    caption = _ALT_TEXT_PREFIX.sub("", line)
    # "... Name/AFP © Name/AFP": found by splitting at the last ©, since a regex with a lazy body
    # and a back-referenced credit is quadratic in the line's length.
    body, mark, credit = caption.rpartition("©")
    credit, body = credit.strip(), body.rstrip()
    if mark and credit and body.endswith(credit) and not re.search(r"[-–—(]", credit):
        caption = body
    return caption.strip()


def _caption_key(caption: str) -> str:
    """Caption words without the credit, for spotting duplicates."""
    body = _CREDIT_PAREN.sub("", caption)
    body = _CREDIT_TAIL.sub("", body)
    return " ".join(re.findall(r"\w+", body.lower()))


# ----------------------------------------------------------------------------- pass 4: metadata


def _finish(state: _State, raw: str, *, url: str | None, retrieved_at, date_order) -> ParsedText:
    dateline, agency = _find_dateline(state.story)
    state.byline = state.byline or _credit_byline(state.removed)
    outlet, outlet_source = _find_outlet(state, url, agency)
    published = _find_published(state, raw, url=url, retrieved_at=retrieved_at, date_order=date_order, outlet=outlet)
    return ParsedText(
        title=state.title,
        text="\n\n".join(state.story),
        captions=state.captions,
        byline=state.byline,
        outlet=outlet,
        outlet_source=outlet_source,
        dateline=dateline,
        url=url,
        published=published,
        removed=state.removed,
    )


def _credit_byline(removed: list[str]) -> str | None:
    """The reporter of a closing credit line ("(Reporting by A; Editing by B)") when no byline was found."""
    for line in removed:
        found = _CREDIT_BYLINE.match(line) and _byline_of(line)
        if found:
            return found[0]
    return None


def _find_dateline(story: list[str]) -> tuple[str | None, str | None]:
    for paragraph in story:
        place, agency = outlet_from_dateline(paragraph)
        if place:
            return place, agency
    return None, None


def _find_outlet(state: _State, url: str | None, agency: str | None) -> tuple[str | None, str]:
    """Outlet by the most direct evidence first: URL, masthead, byline affiliation, dateline agency, footer."""
    if url and outlet_from_url(url):
        return outlet_from_url(url), "url"
    if state.masthead:
        return state.masthead, "masthead"
    if state.byline_outlet and not is_section_label(state.byline_outlet):
        return state.byline_outlet, "byline"
    if agency:
        return agency, "dateline"
    footer = outlet_from_lines([line for line in state.removed if not _URL_LINE.match(line)])
    if footer:
        return footer, "footer"
    return None, ""


def _find_published(state: _State, raw: str, *, url, retrieved_at, date_order, outlet) -> DateValue:
    context = stamps.find_context_dates(_without_furniture(raw, state.removed)) + ([url] if url else [])
    for stamp in state.stamps + state.late_stamps:
        value = stamps.parse_date_stamp(
            stamp, retrieved_at=retrieved_at, date_order=date_order, outlet=outlet, context_dates=context
        )
        if value is not None:
            return value
    return _dateline_date(raw, retrieved_at) or DateValue(
        None, None, source="text", reason="no publication stamp found in the dump")


def _without_furniture(raw: str, removed: list[str]) -> str:
    """The dump without its removed furniture lines: dates in "See also" teaser lists are other
    articles' stamps, often printed in another format than this article's."""
    dropped = {line.strip() for line in removed}
    return "\n".join(line for line in raw.splitlines() if line.strip() not in dropped)


# A date in a dateline: "KABUL, Afghanistan (Jan. 28) –", "GENEVA (March 3, 2011) -".
_DATELINE_DATE = re.compile(
    r"^[A-Z][A-Za-z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .'’-]{1,40})?\s*"
    r"\((?P<month>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?\)"
)
# A month-year the story mentions ("an attack in June 2011"): a year-less dateline date is after it.
_MONTH_YEAR = re.compile(r"\b(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,? "
                         r"(?:\d{1,2},? )?(?P<year>(?:19|20)\d{2})\b")
DATELINE_SEARCH_LINES = 15


def _dateline_date(raw: str, retrieved_at) -> Optional[DateValue]:
    """The date a dateline carries. A year-less one takes its year from the retrieval date (the
    latest such day not after it), else from the latest month the story mentions (the story tells
    of it, so comes after it)."""
    normalised = normalise_lines(raw)
    lines = [line for line in normalised if line][:DATELINE_SEARCH_LINES]
    for line in lines:
        match = _DATELINE_DATE.match(line)
        month = _month_number(match.group("month")) if match else None
        if not month:
            continue
        day = int(match.group("day"))
        if match.group("year"):
            return _day_value(int(match.group("year")), month, day, "text:dateline-date")
        if retrieved_at is not None:
            year = retrieved_at.year if (month, day) <= (retrieved_at.month, retrieved_at.day) else retrieved_at.year - 1
            return _day_value(year, month, day, "text:dateline-date+retrieval-year")
        after = _latest_month_mentioned(normalised)
        if after is not None:
            year = after[0] if month >= after[1] else after[0] + 1
            return _day_value(year, month, day, "text:dateline-date+year-after-mentioned-date", estimated=True)
        return DateValue(None, None, source="text", reason=f"dateline date '{match.group(0)}' has no year")
    return None


def _latest_month_mentioned(lines: list[str]) -> Optional[tuple[int, int]]:
    """(year, month) of the latest month-year the text names, if any."""
    found = [(int(m.group("year")), _month_number(m.group("month"))) for line in lines
             for m in _MONTH_YEAR.finditer(line)]
    return max(found) if found else None


def _month_number(name: str) -> Optional[int]:
    key = name[:3].lower()
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    return months.index(key) + 1 if key in months else None


def _day_value(year: int, month: int, day: int, source: str, estimated: bool = False) -> Optional[DateValue]:
    try:
        return DateValue(date(year, month, day).isoformat(), "day", source=source, estimated=estimated)
    except ValueError:
        return None
