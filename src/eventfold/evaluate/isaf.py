"""Evaluate eventfold's event extraction on ISAF press releases (a folder like shared/eval/events-isaf).

Each line of `releases.jsonl` is {text, gold}; a release is read into one ISAF record —
start_date, province, event_type, target_group, min_killed, min_captured — and each field is
scored by accuracy. Scoring of multi-label gold is fixed in docs/isaf-mapping.md:

* list fields are compared as sets; gold entries may pack several labels as "aq;taliban", and
  "" means none. province and target_group must match the gold set exactly; event_type is the
  one main type we predict and counts when it is in the gold set (the gold lists a second type
  only where one release tells two operations);
* min_killed / min_captured must equal the gold integer.

The measured engine, `events` (the default), is the product alone: `parse_document` ->
`Annotator` -> `extract_events`, then a fixed mapping of the release's event reports to one ISAF
record (`record_from_reports`, docs/isaf-mapping.md). Nothing here reads the release text beyond
its format's metadata: the release date (`release_anchor`) is handed to ingest as a feed record's
date would be.

`figures` is a BASELINE kept for comparison only, not a measure of the product: a direct reading
of the release inside this module (its own dateline regexes, group and province patterns, and
figure counting), the reading the extract stage's mechanisms were modelled on.

Usage: python -m eventfold.evaluate.isaf DIR [--limit N] [--engine events|figures]
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

FIELDS = ("start_date", "province", "event_type", "target_group", "min_killed", "min_captured")

# ================================================================ ISAF labels (shared by both engines)


@dataclass
class IsafRecord:
    """One release as ISAF annotates it (the six scored fields)."""

    start_date: Optional[str] = None
    province: list[str] = field(default_factory=list)
    event_type: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    min_killed: int = 0
    min_captured: int = 0


# Spelling variants of Afghan province names -> the ISAF label (transliterations differ by writer).
PROVINCE_VARIANTS = {
    "paktia": "paktya", "paktiya": "paktya", "oruzgan": "uruzgan", "urozgan": "uruzgan",
    "maidan wardak": "wardak", "maydan wardak": "wardak", "wardag": "wardak", "sar-e pol": "sar-e pul",
    "sar-e-pul": "sar-e pul", "sari pul": "sar-e pul", "sar-i-pul": "sar-e pul", "sar e pul": "sar-e pul",
    "jawzjan": "jowzjan", "jauzjan": "jowzjan", "konar": "kunar", "hilmand": "helmand", "ningrahar": "nangarhar",
    "nooristan": "nuristan", "daikundi": "daykundi", "daikondi": "daykundi", "panjsher": "panjshir",
    "panjshayr": "panjshir", "ghowr": "ghor", "qandahar": "kandahar", "kondoz": "kunduz", "konduz": "kunduz",
    "bamiyan": "bamyan", "hirat": "herat", "nimruz": "nimroz",
}


def province_label(name: str) -> str:
    """An ISAF province label: lower case, diacritics and apostrophes dropped, spelling variants merged."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    key = re.sub(r"[’']", "", plain.lower()).strip()
    key = re.sub(r"\s+province$", "", key)
    return PROVINCE_VARIANTS.get(key, key)


def isaf_event_type(killed: int, captured: int, civilians_killed: int, airstrike: bool) -> str:
    """The fixed ISAF label for an operation's outcome (docs/isaf-mapping.md)."""
    if civilians_killed and not killed:
        return "civiliancasualty"
    if killed and captured:
        return "captureandkill"
    if killed:
        return "airstrike" if airstrike else "insurgentskilled"
    if airstrike:
        return "airstrike"
    return "detention"


# ================================================================ BASELINE (engine "figures")
# A direct reading of the release text, kept only to compare with the product (engine "events").

# Armed groups named in a release -> ISAF target_group labels.
GROUP_PATTERNS = {
    "taliban": r"\btaliban\b",
    "haqqani": r"\bhaqqani\b",
    "aq": r"\bal[- ]?qa'?e?ida\b|\bal[- ]qaeda\b",
    "imu": r"\bislamic movement of uzbekistan\b|\bimu\b",
    "hig": r"\bhezb-?e[- ]islami\b|\bhizb-?i[- ]islami\b|\bhig\b|\bgulbuddin\b",
    "let": r"\blashkar[- ]e[- ]tayy?iba\b",
}
# Words that make a killing an air strike in ISAF's scheme: only a strike by name: helicopter fire ("air weapons team") and "close air support" during a
# ground operation are labelled by the ground outcome in the ISAF annotations (dev).
AIRSTRIKE_WORDS = re.compile(r"\bair ?strikes?\b|\bprecision strikes?\b", re.IGNORECASE)
# Sides that are the security forces or civilians, not the insurgents a release counts.
OWN_FORCES = re.compile(r"\b(coalition|isaf|afghan|ansf|police|policem[ae]n|soldiers?|service ?members?|"
                        r"troops?|u\.s\.|security forces?)\b", re.IGNORECASE)
CIVILIANS = re.compile(r"\b(civilians?|villagers?|women|children|child|residents?|bystanders?|family)\b",
                       re.IGNORECASE)
# Sentences that sum up a campaign rather than tell this operation: "have detained more than 125 since".
CUMULATIVE = re.compile(r"\bsince\b|\bso far\b|\bthis year\b|\bto date\b|\bin total\b|\bthe past (?:month|year)",
                        re.IGNORECASE)
# A capture verb with no count ("confirmed the arrest of Taliban leader X") still means one person.
CAPTURE_WORDS = re.compile(r"\b(arrest(?:ed)?|detain(?:ed)?|captur(?:e|ed)|apprehend(?:ed)?)\b", re.IGNORECASE)

# ---------------------------------------------------------------- the dateline

_MONTH = (r"(?P<mon>Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?")
DATELINE_RE = re.compile(rf"Afghanistan,?\s*\(\s*{_MONTH}\s+(?P<day>\d{{1,2}})(?:,?\s*(?P<year>\d{{4}}))?\s*\)")
HEADER_DATE_RE = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:,?\s*(?P<year>\d{{4}}))?\b")
RELEASE_ID_RE = re.compile(r"\b(?P<year>20\d\d)-(?P<month>\d\d)-[A-Z]{1,3}-\d+")
MONTH_NUMBERS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                 "oct": 10, "nov": 11, "dec": 12}


def release_anchor(text: str) -> tuple[Optional[date], int]:
    """The release date and the offset where its story starts (after the dateline)."""
    release_id = RELEASE_ID_RE.search(text)
    match = DATELINE_RE.search(text) or HEADER_DATE_RE.search(text[:300])
    if not match:
        return None, 0
    year = match.group("year") or (release_id.group("year") if release_id else None)
    if year is None:
        years = re.findall(r"\b(20[01]\d)\b", text)
        year = years[0] if years else None
    if year is None:
        return None, match.end()
    month = MONTH_NUMBERS[match.group("mon")[:3].lower()]
    try:
        return date(int(year), month, int(match.group("day"))), match.end()
    except ValueError:
        return None, match.end()


# A date in a release's dateline or heading its title line: "KABUL, Afghanistan (Jan. 28) –",
# "June 20: Afghan-ISAF Operations in Eastern Afghanistan".
_RELEASE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .'’-]{1,40})?\s*"
    r"\((?P<month>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?\)")
_RELEASE_HEADING = re.compile(r"^(?P<month>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?:\s")
# A month-year the release mentions ("an attack in June 2011"): a year-less release date is after it.
_MONTH_YEAR = re.compile(r"\b(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,? "
                         r"(?:\d{1,2},? )?(?P<year>(?:19|20)\d{2})\b")
RELEASE_HEADER_LINES = 15


def release_date(text: str) -> Optional[date]:
    """The date a release states in its header: a dateline or title date; a year-less one takes the
    year of a release code numbered that month or the month before (releases are numbered when
    written), else follows the latest month-year the release mentions; else `release_anchor`."""
    from eventfold.ingest.text import normalise_lines

    lines = [line for line in normalise_lines(text) if line]
    for line in lines[:RELEASE_HEADER_LINES]:
        match = _RELEASE_DATELINE.match(line) or _RELEASE_HEADING.match(line)
        month = MONTH_NUMBERS.get(match.group("month")[:3].lower()) if match else None
        if not month:
            continue
        year = int(match.group("year")) if match.group("year") else _code_year(lines[:RELEASE_HEADER_LINES], month)
        if year is None:
            mentioned = [(int(m.group("year")), MONTH_NUMBERS[m.group("month")[:3].lower()])
                         for line_ in lines for m in _MONTH_YEAR.finditer(line_)]
            if not mentioned:
                break
            latest = max(mentioned)
            year = latest[0] if month >= latest[1] else latest[0] + 1
        return _safe_day(year, month, int(match.group("day")))
    return release_anchor(text)[0]


def _code_year(lines: list[str], month: int) -> Optional[int]:
    """The year of a release code of the date's month, or of the month before ("2009-11-..." on Dec. 2)."""
    for code in (RELEASE_ID_RE.search(line) for line in lines):
        if not code:
            continue
        code_year, code_month = int(code.group("year")), int(code.group("month"))
        if code_month == month:
            return code_year
        if month == code_month % 12 + 1:
            return code_year + (code_month == 12)
    return None


def _safe_day(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def event_date(text: str, anchor: Optional[date], body_start: int, doc=None) -> Optional[str]:
    """The day of the operation: the earliest day named in the first dated sentence of the story
    ("Today, forces confirmed a leader was arrested ... Sunday" -> Sunday), else the release date."""
    from eventfold.annotate.timex import find_time_expressions

    days_by_sentence: dict[int, list[date]] = {}
    for expression in find_time_expressions(text, anchor, doc=doc):
        day = _operation_day(text, expression, anchor, body_start)
        if day is not None:
            days_by_sentence.setdefault(_sentence_index(doc, expression.start), []).append(day)
    if days_by_sentence:
        return min(days_by_sentence[min(days_by_sentence)]).isoformat()
    return anchor.isoformat() if anchor else None


# How far before the release date an operation it reports may lie (releases tell the last days;
# dev: the earliest gold day is 14 days before its release, background events lie weeks earlier).
MAX_REPORT_LAG_DAYS = 14


def _operation_day(text: str, expression, anchor: Optional[date], body_start: int) -> Optional[date]:
    """The day a time expression names, when it can be the operation's day."""
    value = expression.value
    if expression.start < body_start or value.precision not in ("day", "hour", "minute") or not value.value:
        return None
    if re.match(r"[’']s\b", text[expression.end:expression.end + 3]):
        return None  # "Tuesday's attack" dates another event
    try:
        day = date.fromisoformat(value.value[:10])
    except ValueError:
        return None
    if anchor is not None and not anchor - timedelta(days=MAX_REPORT_LAG_DAYS) <= day <= anchor:
        return None
    return day


def _sentence_index(doc, offset: int) -> int:
    if doc is None:
        return 0
    return next((i for i, sent in enumerate(doc.sents) if sent.start_char <= offset < sent.end_char), 0)


def provinces_in(text: str) -> list[str]:
    """The province the story names first ("Maiwand district, Kandahar province")."""
    for match in re.finditer(r"\b((?:[A-Z][\w'’]*(?:-[a-z]+)?\s)?[A-Z][\w'’\-]+)\s+[Pp]rovince\b", text):
        name = re.sub(r"^(?:In|The|Also|Central|Southern|Northern|Eastern|Western)\s+", "", match.group(1))
        if name.lower() not in NOT_PROVINCES:
            return [province_label(name)]
    return []


NOT_PROVINCES = {"afghan", "the", "each", "southern", "northern", "eastern", "western", "central", "same"}
# Capitalized names a gazetteer lookup should skip: organizations and nationalities, not places.
_NAME_RE = re.compile(r"\b[A-Z][\w'’]+(?:-[a-z]+)?(?:\s[A-Z][\w'’\-]+)?")
_NOT_PLACE_WORDS = {"afghan", "afghanistan", "taliban", "isaf", "kabul, afghanistan", "coalition", "haqqani", "ansf",
                    "international", "security", "national", "in", "also", "the", "an", "a", "during", "after"}


def provinces_by_gazetteer(text: str, gazetteer) -> list[str]:
    """Admin1 of the first Afghan place named in the text ("In Khost last night", "Lashkar Gah district")."""
    for match in _NAME_RE.finditer(text):
        words = match.group(0).split()
        for name in (" ".join(words), words[0], words[-1]):
            if name.lower() in _NOT_PLACE_WORDS:
                continue
            places = [p for p, exact in gazetteer.lookup(name, 5) if exact and p.country == "AF" and p.admin1]
            if places:
                return [province_label(places[0].admin1)]
    return []


@functools.lru_cache(maxsize=1)
def _gazetteer():
    from eventfold.annotate.gazetteer import Gazetteer

    return Gazetteer.open()


def groups_in(text: str) -> list[str]:
    """ISAF target groups named in the lead paragraph (the one that tells who was targeted)."""
    found = [label for label, pattern in GROUP_PATTERNS.items() if re.search(pattern, text, re.IGNORECASE)]
    return sorted(found)


def criminals_in(text: str) -> list[str]:
    """`criminal` when a release with no armed group targets a kidnapper, smuggler or trafficker."""
    return ["criminal"] if CRIMINAL_WORDS.search(text) else []


# Targets ISAF labels `criminal` when no armed group is named.
CRIMINAL_WORDS = re.compile(r"\b(kidnappers?|criminals?|smugglers?|traffickers?|drug lords?|bandits?)\b",
                            re.IGNORECASE)


# ---------------------------------------------------------------- figures

def counted_figures(doc, body_start: int) -> list:
    """Figures of the story, each person counted once.

    A release leads with its outcome and then retells it. When the lead counts two or more people
    of a kind ("detained several suspected insurgents, including a Taliban leader"), later
    figures of that kind are the same people told again ("the leader and three additional
    suspected insurgents were detained") and do not add. When the lead names one person
    ("captured a Taliban leader"), later counts are the others taken with him ("also detained two
    suspected insurgents"), but not "him" or his name again. A figure met again (same kind,
    number and noun) or re-mentioned ("the two insurgents") counts once. Force sizes and campaign
    totals ("have detained more than 125 since December") never count.
    """
    from eventfold.extract.numbers import find_figures

    kept, seen, group_led = [], set(), {}
    for sent in doc.sents:
        if sent.end_char <= body_start or CUMULATIVE.search(sent.text):
            continue
        here: dict[str, int] = {}
        for figure in find_figures(sent):
            group = _group(figure.kind)
            if group is None or _counted_before(doc, figure, group, seen):
                continue
            if group in group_led and (group_led[group] or figure.rule == "named-person"):
                continue  # the lead counted a group: these are its people told again
            seen.add((group, figure.quantity.low, figure.quantity.high, _head_word(figure.side)))
            here[group] = here.get(group, 0) + (figure.quantity.conservative or 0)
            kept.append(figure)
        for group, total in here.items():
            group_led.setdefault(group, total >= 2)
    return kept


def _counted_before(doc, figure, group: str, seen: set) -> bool:
    """The same figure met again, or a definite re-mention ("The two insurgents were killed")."""
    key = (group, figure.quantity.low, figure.quantity.high, _head_word(figure.side))
    if key in seen or (figure.side is None and any(k[:3] == key[:3] for k in seen)):
        return True
    before = doc.text[max(0, figure.start - 8):figure.start].lower()
    return bool(re.search(r"\b(the|these|those|all|both)\s*$", before)) and any(k[0] == group for k in seen)


def _group(kind: str) -> Optional[str]:
    """ISAF counts killed, and captured with detained, as one figure each."""
    return {"killed": "killed", "captured": "captured", "detained": "captured"}.get(kind)


def _head_word(side: Optional[str]) -> str:
    return side.split()[-1].lower().rstrip("s") if side else ""


def _is_target(side: Optional[str], civilian_ok: bool) -> bool:
    if side is None:
        return True
    if CIVILIANS.search(side):
        return civilian_ok
    return not OWN_FORCES.search(side) or re.search(r"insurgent|taliban|militant|fighter", side, re.I) is not None


def record_from_figures(text: str, nlp=None) -> IsafRecord:
    """Read one release directly: dateline, province, groups, and the number grammar's figures."""
    from eventfold.annotate.nlp import load_nlp

    anchor, body_start = release_anchor(text)
    body = text[body_start:]
    doc = (nlp or load_nlp())(body)  # the story alone: a dateline glued to the lead spoils its parse
    figures = counted_figures(doc, 0)
    killed = sum(f.quantity.conservative or 0 for f in figures if f.kind == "killed" and _is_target(f.side, False))
    civilians = sum(f.quantity.conservative or 0 for f in figures if f.kind == "killed" and f.side
                    and CIVILIANS.search(f.side))
    captured = sum(f.quantity.conservative or 0 for f in figures
                   if f.kind in ("captured", "detained") and _is_target(f.side, True))
    if captured == 0 and killed == 0 and CAPTURE_WORDS.search(body):
        captured = 1
    return IsafRecord(
        start_date=event_date(body, anchor, 0, doc=doc),
        province=provinces_in(body) or provinces_in(text) or provinces_by_gazetteer(body, _gazetteer()),
        event_type=[isaf_event_type(killed, captured, civilians, bool(AIRSTRIKE_WORDS.search(body)))],
        target_group=groups_in(_lead(body)) or groups_in(body) or criminals_in(_lead(body)),
        min_killed=killed + civilians,
        min_captured=captured,
    )


def _lead(body: str) -> str:
    """The first paragraph of the story, where the target of the operation is named."""
    paragraphs = [p for p in re.split(r"\n\s*\n|\s{3,}", body) if len(p.strip()) > 40]
    return paragraphs[0] if paragraphs else body


# ================================================================ THE PRODUCT (engine "events")

# ACLED sub-event types that are an operation's outcome; the rest of what a release mentions
# (the target's past IED attacks, weapons caches) is background to ISAF's record.
OUTCOME_TYPES = frozenset({"Arrests", "Abduction/forced disappearance", "Armed clash", "Attack", "Air/drone strike",
                           "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"})
# ISAF province labels are Afghanistan's provinces: a report placed abroad names none of them.
ISAF_COUNTRY = "AF"
# Canonical actors of the actor dictionary (eventfold/data/actors.yaml) -> ISAF target_group labels.
TARGET_GROUP_LABELS = {
    "Taliban": "taliban", "Haqqani Network": "haqqani", "al-Qaeda": "aq",
    "Islamic Movement of Uzbekistan": "imu", "Hezb-e Islami": "hig", "Lashkar-e-Taiba": "let",
}


class EventsReader:
    """Reads releases through the product only: ingest -> annotate -> extract_events -> one ISAF record."""

    def __init__(self):
        from eventfold.annotate import Annotator

        self.annotator = Annotator(actor_files=("afghanistan",))  # ISAF releases are about Afghanistan

    def record(self, text: str) -> IsafRecord:
        return self.records([text])[0]

    def records(self, texts: list[str]) -> list[IsafRecord]:
        from eventfold.extract.events import extract_events

        articles = [_ingest(text, index) for index, text in enumerate(texts)]
        readable = [a for a in articles if a is not None]
        docs = self.annotator.parse(readable)
        annotations = dict(zip((a.article_id for a in readable), self.annotator.annotate(readable, docs)))
        records = []
        for article in articles:
            if article is None:
                records.append(IsafRecord())
                continue
            result = extract_events(article, annotations[article.article_id], docs[article.article_id],
                                    self.annotator.actors)
            records.append(record_from_reports(result.reports, article, annotations[article.article_id]))
        return records


def _ingest(text: str, index: int):
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    article = parse_document(RawDocument(path=f"isaf-{index}", format="text", content=text), IngestOptions())
    if hasattr(article, "text") and (not article.published or _year_guessed(article.published_source)):
        # The release date is this format's metadata (a heading date, a year-less dateline with a
        # release code): handed to ingest the way a feed record states its date, so general ingest
        # needs no knowledge of release formats. Ingest's own stamp wins unless it had to guess the year.
        released = release_date(text)
        if released is not None:
            raw = RawDocument(path=f"isaf-{index}", format="text", content=text, published=released.isoformat())
            article = parse_document(raw, IngestOptions())
    return article if hasattr(article, "text") else None


def _year_guessed(source: Optional[str]) -> bool:
    """Ingest dated a year-less dateline by the months the story mentions (a guess)."""
    return "year-after-mentioned-date" in (source or "")


def record_from_reports(reports: list, article=None, annotations=None) -> IsafRecord:
    """The fixed mapping (docs/isaf-mapping.md) from a release's actual event reports to one ISAF record;
    `annotations` (the annotator's output) give the province when no report is placed in one."""
    from eventfold.export.scope import in_scope

    published = getattr(article, "published", None)
    # no "Other" occurrence; no background operation the text dates before the release's window
    actual = [r for r in reports if r.modality == "actual" and in_scope(r.event_type)
              and not _dated_before_the_window(r.date, published)]
    outcomes = [r for r in actual if r.sub_event_type in OUTCOME_TYPES]
    killed = sum(_figure(r.fatalities) for r in actual if not _civilian_target(r))
    civilians = sum(_figure(r.fatalities) for r in outcomes if _civilian_target(r))
    captured = sum(_figure(r.captured) + _figure(r.abducted) for r in actual)
    airstrike = any(r.sub_event_type == "Air/drone strike" for r in outcomes)
    return IsafRecord(
        start_date=_start_date(outcomes, actual, article, annotations),
        province=_province(outcomes) or _province(actual) or _story_province(annotations),
        event_type=[isaf_event_type(killed, captured, civilians, airstrike)],
        target_group=_target_groups(outcomes),
        min_killed=killed + civilians,
        min_captured=captured,
    )


def _dated_before_the_window(value, published: Optional[str]) -> bool:
    """"In June, insurgents engaged the assault force ... killing more than 30" in a release of 31
    July: an operation the text dates (whatever the precision) wholly before the days a release
    reports on is background, not the release's operation."""
    if value is None or value.estimated or not value.value or not published or len(published) < 10:
        return False
    parts = value.value[:10].split("-")
    if not all(p.isdigit() for p in parts):
        return False  # a week ("2010-W30") or a season: not read here
    year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 12, int(parts[2]) if len(parts) > 2 else 0
    last = date(year, month, day) if day else (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    return (date.fromisoformat(published[:10]) - last).days > MAX_REPORT_LAG_DAYS


def _figure(quantity) -> int:
    return (quantity.conservative or 0) if quantity is not None else 0


def _civilian_target(report) -> bool:
    return bool(report.actor2 and report.actor2.startswith("Civilians"))


def _start_date(outcomes: list, actual: list, article, annotations=None) -> Optional[str]:
    """The earliest day an outcome report states; else one any actual report states (the operation
    told by a sentence of another type: "destroyed a cache ... yesterday"); else a day the story
    states; else the earliest estimated one; else the article's date. Days outside the window a release reports on
    (MAX_REPORT_LAG_DAYS before its date, or after it) date background events ("responsible for the
    May 22 kidnapping") and are passed over."""
    published = getattr(article, "published", None)
    published = published[:10] if published and len(published) >= 10 else None

    def days(reports: list, stated_only: bool) -> list[str]:
        return [r.date.value[:10] for r in reports if _day_precise(r.date) and not (stated_only and r.date.estimated)
                and _within_report_window(r.date.value[:10], published)]

    for found in (days(outcomes, True), days(actual, True), _story_days(annotations, published),
                  days(outcomes or actual, False)):
        if found:
            return min(found)
    return published


def _story_days(annotations, published: Optional[str]) -> list[str]:
    """Days the story states (the annotator's day-precise time expressions in the report window):
    the operation's day when no report was tied to one ("Overnight in Kunduz, troops surrounded a
    house ... While searching it, they detained three suspects")."""
    if annotations is None:
        return []
    return [t.value.value[:10] for t in annotations.times
            if t.span.part == "text" and _day_precise(t.value) and not t.value.estimated
            and _within_report_window(t.value.value[:10], published)]


def _within_report_window(day: str, published: Optional[str]) -> bool:
    if published is None:
        return True
    try:
        lag = (date.fromisoformat(published) - date.fromisoformat(day)).days
    except ValueError:
        return True
    return 0 <= lag <= MAX_REPORT_LAG_DAYS


def _day_precise(value) -> bool:
    return bool(value and value.value and len(value.value) >= 10 and value.precision in ("day", "hour", "minute"))


def _province(outcomes: list) -> list[str]:
    """The admin1 most outcome reports lie in (ties: the first told)."""
    labels = [province_label(r.place.admin1) for r in outcomes
              if r.place and r.place.admin1 and r.place.country in (None, ISAF_COUNTRY)]
    if not labels:
        return []
    counts = Counter(labels)
    return [max(labels, key=lambda label: (counts[label], -labels.index(label)))]


def _story_province(annotations) -> list[str]:
    """The admin1 the story's Afghan place mentions lie in most often (ties: the first named), when
    no report is placed: the locus of the release. An upper-case dateline ("KABUL, Afghanistan") is
    where the release was issued, not a place of the story."""
    if annotations is None:
        return []
    labels = [province_label(m.place.admin1) for m in annotations.places
              if m.place and m.place.admin1 and m.place.country == ISAF_COUNTRY and not m.text.isupper()
              and m.span.part == "text"]
    if not labels:
        return []
    counts = Counter(labels)
    return [max(labels, key=lambda label: (counts[label], -labels.index(label)))]


def _target_groups(outcomes: list) -> list[str]:
    """ISAF labels of the groups the outcome reports name as a party."""
    names = {name for r in outcomes for name in (r.actor1, r.actor2, r.assoc_actor_1, r.assoc_actor_2) if name}
    return sorted({TARGET_GROUP_LABELS[name] for name in names if name in TARGET_GROUP_LABELS})


# ---------------------------------------------------------------- scoring

def gold_set(values) -> set[str]:
    """A gold list as a set of labels: "aq;taliban" is two labels, "" none."""
    labels = set()
    for value in values if isinstance(values, list) else [values]:
        labels.update(part.strip().lower() for part in str(value).split(";") if part.strip())
    return labels


def field_correct(name: str, predicted: IsafRecord, gold: dict) -> bool:
    value = getattr(predicted, name)
    if name == "event_type":
        return bool(set(value) & gold_set(gold[name])) or (not value and not gold_set(gold[name]))
    if name in ("province", "target_group"):
        return gold_set(value) == gold_set(gold[name])
    if name == "start_date":
        return value == gold[name]
    return int(value) == int(gold[name] or 0)


def read_releases(data: Path, limit: Optional[int] = None) -> list[dict]:
    rows = []
    with (Path(data) / "releases.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def evaluate(data: Path, limit: Optional[int] = None, engine: Optional[str] = None) -> dict:
    """Per-field accuracy over the releases of `data`."""
    engine = engine or default_engine()
    rows = read_releases(data, limit)
    predictions = _predict([row["text"] for row in rows], engine)
    correct = Counter()
    for row, predicted in zip(rows, predictions):
        for name in FIELDS:
            correct[name] += field_correct(name, predicted, row["gold"])
    n = len(rows)
    return {"task": "isaf", "engine": engine, "n": n,
            "fields": {name: round(correct[name] / n, 4) if n else 0.0 for name in FIELDS}}


# Releases read per pipeline batch (one spaCy pipe call; bounds memory on large sets).
BATCH_SIZE = 32


def _predict(texts: list[str], engine: str) -> list[IsafRecord]:
    if engine != "events":
        return [record_from_figures(text) for text in texts]
    reader = EventsReader()
    return [record for start in range(0, len(texts), BATCH_SIZE)
            for record in reader.records(texts[start:start + BATCH_SIZE])]


def default_engine() -> str:
    """The product: the pipeline's own extraction."""
    return "events"


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--engine", choices=("events", "figures"), default=None,
                        help="events: the pipeline (default); figures: the direct-reading baseline")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.data, args.limit, args.engine), indent=2))


if __name__ == "__main__":
    main()
