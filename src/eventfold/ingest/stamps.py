"""Publication stamps as pasted dumps show them: "2 days ago", "Yesterday at 7:25 p.m. EDT",
"Aug. 21, 2021", "2021-08-21T10:00Z", "09/04/2021, 12.33".

Relative stamps resolve only against the time the page was retrieved; without it the value stays
unknown with a reason. A numeric date whose day and month could be swapped is resolved by stated
rules, strongest first:
1. the caller's explicit order (the CLI's --date-order);
2. facts about the stamp itself: a weekday it names, or a reading that would lie after retrieval;
3. evidence in the same document: another numeric date with a component above 12 proves the
   order; a year-first date (ISO stamp, /2021/09/04/ URL path) equal to one reading picks it;
   (dates in page furniture such as "See also" teaser lists are other articles' stamps, not evidence);
   then, as a prior, the only reading within a month before the retrieval time;
4. the document's habit with month names ("Aug. 21" goes with month-first numerals);
5. the outlet's home country (US press writes month first), else day first, the world's majority.
The source names the rule that decided and the reason keeps the other reading visible.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from dateparser.date import DateDataParser

from eventfold.ingest.outlets import MONTH_FIRST_COUNTRIES, outlet_country
from eventfold.model import DateValue


# Abbreviations a stamp may carry after a clock time; offsets in hours from UTC.
TZ_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "IST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "AFT": 4.5, "PKT": 5, "AEST": 10, "AEDT": 11, "JST": 9, "HKT": 8,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "ET": -5, "PT": -8,
}

_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
_UNIT_ALIASES = {
    "s": "second", "sec": "second", "secs": "second", "second": "second",
    "m": "minute", "min": "minute", "mins": "minute", "minute": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour",
    "d": "day", "day": "day", "w": "week", "wk": "week", "week": "week", "month": "month", "year": "year",
}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "a few": 3, "few": 3, "two": 2, "three": 3}

_AGO = re.compile(
    r"\b(?P<n>\d+|an?|one|two|three|(?:a )?few)\s*(?P<unit>secs?|seconds?|mins?|minutes?|hrs?|hours?|"
    r"days?|weeks?|wks?|months?|years?|[smhdw])\.?\s+ago\b",
    re.I,
)
_DAY_WORD = re.compile(
    r"\b(?P<word>yesterday|today|tonight|this (?:morning|afternoon|evening)|last night)\b"
    r"(?:\s*(?:at|,)?\s*(?P<clock>\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?))?"
    r"(?:\s*\(?(?P<tz>[A-Z]{1,4})\)?\b)?",
    re.I,
)
_JUST_NOW = re.compile(r"\b(?:just now|moments? ago)\b", re.I)
_NUMERIC = re.compile(r"(?<![\d/.\-])(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})(?![\d/\-]|\.\d)")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.I
)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY = re.compile(
    r"\b(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b", re.I
)
_YEAR_FIRST = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})(?!\d)")
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?:[a-z]{0,6})\.?"
_MONTH_FIRST = re.compile(r"\b" + _MONTHS + r" \d{1,2}(?:st|nd|rd|th)?\b(?![\d:])")
_DAY_FIRST = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)? (?:of )?" + _MONTHS + r"(?![a-z])")
# Month-name style counts as evidence with at least this many dates and this majority over the
# other style; set so that one stray "5 May" in a US story does not flip the reading.
STYLE_MIN_COUNT = 2
STYLE_MAJORITY = 3
_STAMP_PREFIX = re.compile(
    r"^\s*(?:(?:first |last )?(?:published|updated|posted|modified|date)(?: on| at)?\s*:?\s*|on\s+)", re.I
)
# A whole-line stamp ("Updated Tue 7 Sep 2021, 10:42 a.m. EDT") is never longer than this.
STAMP_MAX_WORDS = 10
# A stated date (a stamp line, a record's date field) is never longer than this: longer text holds
# no stamp, and dateparser would spend minutes on it (750 KB of a broken feed's pubDate: 55 s).
STAMP_MAX_CHARS = 300
_TWO_DIGIT_YEAR_PIVOT = 70  # "21" -> 2021, "95" -> 1995: news archives rarely reach before 1970

_PARSER = DateDataParser(
    languages=["en"],
    settings={"RETURN_TIME_AS_PERIOD": True, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year"]},
)


def parse_date_stamp(
    stamp: str,
    *,
    retrieved_at: datetime | None,
    date_order: str | None = None,
    outlet: str | None = None,
    context_dates: list[str] = (),
) -> DateValue | None:
    """The publication date a stamp states, or None when the stamp holds no date at all."""
    stamp = stamp.strip()
    if len(stamp) > STAMP_MAX_CHARS:
        return None
    cleaned = _STAMP_PREFIX.sub("", stamp)
    if is_relative_stamp(cleaned):
        return _relative(cleaned, retrieved_at)
    numeric = _NUMERIC.search(cleaned)
    if numeric:
        return _numeric(
            numeric, cleaned, date_order=date_order, outlet=outlet,
            context_dates=context_dates, retrieved_at=retrieved_at,
        )
    return _absolute(cleaned)


def is_relative_stamp(stamp: str) -> bool:
    return bool(_AGO.search(stamp) or _DAY_WORD.search(stamp) or _JUST_NOW.search(stamp))


def looks_like_stamp(line: str) -> bool:
    """True when a whole line is a date stamp (no story words around it)."""
    cleaned = _STAMP_PREFIX.sub("", line.strip())
    if not cleaned or len(cleaned.split()) > STAMP_MAX_WORDS:
        return False
    if _JUST_NOW.fullmatch(cleaned.strip()) or _AGO.fullmatch(cleaned.strip()) or _DAY_WORD.fullmatch(cleaned.strip()):
        return True
    if _NUMERIC.search(cleaned):
        return _leftover_is_time(cleaned)
    return bool(_YEAR.search(cleaned) and _MONTH_NAME.search(cleaned) and _leftover_is_time(cleaned))


_STAMP_WORDS = re.compile(
    r"\b(?:[ap]\.?m\.?|at|on|published|updated|posted|modified|last|first|"
    r"mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?|\d+|[,:./|\-–—()+·•]|\s|\b(?:"
    + "|".join(sorted(TZ_OFFSETS, key=len, reverse=True))
    + r")\b",
    re.I,
)


_ISO_TIME = re.compile(r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\b")


def _leftover_is_time(text: str) -> bool:
    """After removing date parts, only clock times, weekdays and zone names may remain."""
    rest = _ISO_TIME.sub(" ", text)
    rest = _NUMERIC.sub(" ", rest)
    rest = _AGO.sub(" ", rest)
    rest = _DAY_WORD.sub(" ", rest)
    rest = _MONTH_NAME.sub(" ", rest)
    return not _STAMP_WORDS.sub("", rest).strip()


# ----------------------------------------------------------------------------- relative


def _relative(stamp: str, retrieved_at: datetime | None) -> DateValue:
    if retrieved_at is None:
        reason = f"relative stamp '{stamp}' needs --retrieved-at"
        return DateValue(None, None, source="text:relative-stamp", reason=reason)
    base = retrieved_at if retrieved_at.tzinfo else retrieved_at.replace(tzinfo=timezone.utc)
    source = f"text:relative-stamp('{stamp}', retrieved_at={base.isoformat()})"
    ago = _AGO.search(stamp)
    if ago:
        return _ago_value(ago, base, source)
    day_word = _DAY_WORD.search(stamp)
    if day_word:
        return _day_word_value(day_word, base, source)
    return DateValue(base.date().isoformat(), "day", source=source)


# How far the day a relative stamp gives may lie from the true one: a counter rounds to its unit
# ("2 weeks ago" is shown from about 10 to 20 days), and a day word or a count of hours is off by
# at most the day the clock turned over.
UNIT_UNCERTAINTY = {"second": timedelta(days=1), "minute": timedelta(days=1), "hour": timedelta(days=1),
                    "day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=15),
                    "year": timedelta(days=183)}
_QUOTED_STAMP = re.compile(r"relative-stamp\('(?P<stamp>[^']*)'")


def relative_stamp_uncertainty(source: str) -> timedelta:
    """How far a publication date counted from the retrieval date may be off, by the unit of the
    stamp its source quotes ("text:relative-stamp('2 weeks ago', ...)": a week)."""
    quoted = _QUOTED_STAMP.search(source or "")
    ago = _AGO.search(quoted.group("stamp")) if quoted else None
    return UNIT_UNCERTAINTY[_unit_of(ago)] if ago else UNIT_UNCERTAINTY["day"]


def _unit_of(match: re.Match) -> str:
    raw_unit = match.group("unit").lower().rstrip(".")
    return _UNIT_ALIASES.get(raw_unit) or _UNIT_ALIASES.get(raw_unit.removesuffix("s"), "day")


def _ago_value(match: re.Match, base: datetime, source: str) -> DateValue:
    raw_n = match.group("n").lower()
    unit = _unit_of(match)
    try:
        count = int(raw_n) if raw_n.isdigit() else _COUNT_WORDS.get(raw_n, 1)
        return _ago_within_calendar(count, unit, base, source)
    except (OverflowError, ValueError):  # "3000 years ago" reaches before year 1; 5000 digits are no number
        return DateValue(None, None, source=source, reason=f"relative stamp reaches outside the calendar ({match.group(0)[:40]!r})")


def _ago_within_calendar(count: int, unit: str, base: datetime, source: str) -> DateValue:
    if unit in ("month", "year"):
        approx = base - timedelta(days=count * (30 if unit == "month" else 365))
        precision = unit
        value = approx.strftime("%Y-%m") if unit == "month" else str(approx.year)
        return DateValue(value, precision, source=source, estimated=True, reason="coarse relative stamp")
    moment = base - timedelta(seconds=count * _UNIT_SECONDS[unit])
    if unit in ("day", "week"):
        # "2 days ago" is shown for ages of 48-72 hours, so the day may be one earlier still.
        span = _UNIT_SECONDS[unit] // 86400
        return DateValue(
            moment.date().isoformat(), "day", source=source, estimated=True,
            earliest=(moment.date() - timedelta(days=span)).isoformat(), latest=moment.date().isoformat(),
        )
    return DateValue(moment.date().isoformat(), "day", source=source)


def _day_word_value(match: re.Match, base: datetime, source: str) -> DateValue:
    tz_name = (match.group("tz") or "").upper()
    if tz_name in TZ_OFFSETS:
        base = base.astimezone(timezone(timedelta(hours=TZ_OFFSETS[tz_name])))
    word = match.group("word").lower()
    days_back = 1 if word in ("yesterday", "last night") else 0
    return DateValue((base.date() - timedelta(days=days_back)).isoformat(), "day", source=source)


# ----------------------------------------------------------------------------- numeric


def _numeric(
    match: re.Match, stamp: str, *, date_order: str | None, outlet: str | None, context_dates, retrieved_at
) -> DateValue | None:
    a, b, c = (int(match.group(k)) for k in "abc")
    text = match.group(0)
    if len(match.group("a")) == 4:
        return _dated(_safe_date(a, b, c), "text:numeric-date(YMD)")
    year = _full_year(c, match.group("c"))
    readings = {"DMY": _safe_date(year, b, a), "MDY": _safe_date(year, a, b)}
    valid = {order: when for order, when in readings.items() if when}
    if len(set(valid.values())) <= 1:  # one component above 12, or day == month
        order, when = next(iter(valid.items()), (None, None))
        return _dated(when, f"text:numeric-date({order}, unambiguous)") if when else None
    order, why, estimated = _resolve_order(
        valid, stamp, date_order=date_order, outlet=outlet, context_dates=context_dates, retrieved_at=retrieved_at
    )
    other = valid["MDY" if order == "DMY" else "DMY"]
    reason = f"ambiguous numeric date '{text}': read {order}; the other order would give {other.isoformat()}"
    return _dated(valid[order], f"text:numeric-date({order}, {why})", reason=reason, estimated=estimated)


def _resolve_order(readings: dict[str, date], stamp: str, *, date_order, outlet, context_dates, retrieved_at):
    """(order, why, estimated): the first rule that decides, strongest evidence first."""
    if date_order and date_order.upper() in readings:
        return date_order.upper(), "--date-order", False
    weekday = _weekday_match(readings, stamp)
    if weekday:
        return weekday, "weekday named in the stamp", False
    if retrieved_at is not None:
        past = [order for order, when in readings.items() if when <= retrieved_at.date()]
        if len(past) == 1:
            return past[0], "the other reading is after --retrieved-at", False
    evidence = document_order_evidence(context_dates, exclude=stamp)
    if evidence:
        return evidence[0], f"evidence: '{evidence[1]}' in document", False
    same_day = _same_date_elsewhere(readings, context_dates)
    if same_day:
        return same_day[0], f"evidence: '{same_day[1]}' in document", False
    reported = _reading_after_reported_days(readings, context_dates)
    if reported:
        return reported[0], f"the other reading is before '{reported[1]}', which the story reports", True
    recent = _recent_reading(readings, retrieved_at)
    if recent:
        return recent, f"the only reading within {RECENT_STAMP_DAYS} days before --retrieved-at", True
    style = document_style_evidence(context_dates)
    if style:
        return style[0], f"style: document writes '{style[1]}'", True
    country = outlet_country(outlet)
    if country:
        return ("MDY" if country in MONTH_FIRST_COUNTRIES else "DMY"), f"outlet hint: {outlet} ({country})", True
    return "DMY", "default: day-first is the most widespread order", True


# Why-parts of `_resolve_order` that only guess an ambiguous stamp's order from habit (the outlet's
# country, the commonest order), with no evidence from the page: a later stage may read it again
# against the dates of the articles read with it.
GUESSED_ORDER = ("outlet hint:", "default:")


def order_guessed(source: str) -> bool:
    """A publication date read from an ambiguous numeric stamp ("09/04/2021") by habit alone."""
    return "numeric-date(" in source and any(f"({order}, {why}" in source
                                             for order in ("DMY", "MDY") for why in GUESSED_ORDER)


def other_reading(day: date) -> date | None:
    """The same numerals read in the other order (2021-04-09 for 2021-09-04), if that is a day."""
    return _safe_date(day.year, day.day, day.month) if day.day <= 12 and day.day != day.month else None


# A page is usually fetched soon after it is stamped: when exactly one reading of an ambiguous
# stamp lies this close before the retrieval time, it is the likelier one. A month keeps the two
# readings of the nearest ambiguous pair (03/04 vs 04/03, a month apart) distinguishable; the
# rule is a prior, so the date it gives is marked estimated.
RECENT_STAMP_DAYS = 31


# A story reports what already happened: a day it names (year-less "August 31") lying more than
# this long after one reading of an ambiguous stamp rules that reading out (a week leaves room for
# a date announced ahead: "talks on Friday").
REPORTED_AHEAD_DAYS = 7
_MONTH_DAY = re.compile(r"(?P<m>[A-Za-z]{3})[a-z]*\.? (?P<d>\d{1,2})|(?P<d2>\d{1,2})(?:st|nd|rd|th)? (?:of )?"
                        r"(?P<m2>[A-Za-z]{3})")
_MONTH_INDEX = {name: i + 1 for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}


def _reading_after_reported_days(readings: dict[str, date], dates) -> tuple[str, str] | None:
    """The one reading of an ambiguous stamp on or after the month-name days the story reports."""
    days = []
    for text in dates:
        match = _MONTH_DAY.match(text)
        if not match:
            continue
        month = _MONTH_INDEX.get((match.group("m") or match.group("m2")).lower())
        day = int(match.group("d") or match.group("d2"))
        if month:
            days.append((month, day, text))
    if not days:
        return None
    fitting = [order for order, when in readings.items()
               if all((_safe_date(when.year, m, d) or when) <= when + timedelta(days=REPORTED_AHEAD_DAYS)
                      for m, d, _ in days)]
    if len(fitting) != 1:
        return None
    other = next(o for o in readings if o != fitting[0])
    latest = max(days, key=lambda x: _safe_date(readings[other].year, x[0], x[1]) or readings[other])
    return fitting[0], latest[2]


def _recent_reading(readings: dict[str, date], retrieved_at) -> str | None:
    if retrieved_at is None:
        return None
    recent = [order for order, when in readings.items()
              if 0 <= (retrieved_at.date() - when).days <= RECENT_STAMP_DAYS]
    return recent[0] if len(recent) == 1 else None


def _weekday_match(readings: dict[str, date], stamp: str) -> str | None:
    named = _WEEKDAY.search(stamp)
    if not named:
        return None
    wanted = _WEEKDAYS.index(named.group(0)[:3].lower())
    matching = [order for order, when in readings.items() if when.weekday() == wanted]
    return matching[0] if len(matching) == 1 else None


def _same_date_elsewhere(readings: dict[str, date], dates) -> tuple[str, str] | None:
    """A year-first date elsewhere (an ISO stamp, a /2015/10/07/ URL path) equal to one reading."""
    for text in dates:
        for match in _YEAR_FIRST.finditer(text):
            found = _safe_date(*(int(match.group(k)) for k in ("y", "m", "d")))
            for order, when in readings.items():
                if found == when:
                    return order, match.group(0)
    return None


def document_order_evidence(dates, *, exclude: str = "") -> tuple[str, str] | None:
    """The order proven by other numeric dates in the document, with the date that proves it.

    Conflicting proofs (one date day-first, another month-first) prove nothing.
    """
    found: dict[str, str] = {}
    for text in dates:
        for match in _NUMERIC.finditer(text):
            if match.group(0) == exclude or len(match.group("a")) == 4:
                continue
            a, b = int(match.group("a")), int(match.group("b"))
            if 12 < a <= 31 and b <= 12:
                found.setdefault("DMY", match.group(0))
            elif 12 < b <= 31 and a <= 12:
                found.setdefault("MDY", match.group(0))
    if len(found) != 1:
        return None
    return next(iter(found.items()))


def document_style_evidence(dates) -> tuple[str, str] | None:
    """The order suggested by how the document writes dates with month names.

    "Aug. 21" (month first) is the US habit that goes with 08/21 numerals; "21 August" goes with
    21/08. Weaker than a numeric proof, so it needs a clear majority.
    """
    month_first = [m.group(0) for text in dates for m in _MONTH_FIRST.finditer(text)]
    day_first = [m.group(0) for text in dates for m in _DAY_FIRST.finditer(text)]
    for order, mine, other in (("MDY", month_first, day_first), ("DMY", day_first, month_first)):
        if len(mine) >= STYLE_MIN_COUNT and len(mine) >= STYLE_MAJORITY * len(other):
            return order, mine[0]
    return None


def find_context_dates(text: str) -> list[str]:
    """Every numeric date and month-name date written in a text (for `context_dates`)."""
    found = [m.group(0) for m in _NUMERIC.finditer(text)]
    found += [m.group(0) for m in _MONTH_FIRST.finditer(text)]
    return found + [m.group(0) for m in _DAY_FIRST.finditer(text)]


def _full_year(value: int, raw: str) -> int:
    if len(raw) == 4:
        return value
    return 2000 + value if value < _TWO_DIGIT_YEAR_PIVOT else 1900 + value


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dated(when: date | None, source: str, *, reason: str = "", estimated: bool = False) -> DateValue | None:
    if when is None:
        return None
    return DateValue(when.isoformat(), "day", source=source, reason=reason, estimated=estimated)


# ----------------------------------------------------------------------------- absolute


def _absolute(stamp: str) -> DateValue | None:
    if not _YEAR.search(stamp):
        return None
    parsed = _PARSER.get_date_data(stamp)
    if parsed is None or parsed.date_obj is None:
        return None
    when = parsed.date_obj
    source = f"text:stamp('{stamp}')"
    if parsed.period == "year":
        return DateValue(str(when.year), "year", source=source)
    if parsed.period == "month":
        return DateValue(when.strftime("%Y-%m"), "month", source=source)
    return DateValue(when.date().isoformat(), "day", source=source)
