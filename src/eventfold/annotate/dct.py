"""Estimating an article's publication date from the dates it mentions, when none is given.

A news story is published on or after the latest full date it reports: that date is a lower
bound. Weekday names in the story ("said Tuesday") name days of the publication week, so the
first such weekday on or after the lower bound moves the estimate forward. The estimate then
completes year-less dates ("Aug. 14") that could not be normalized without an anchor.

Usage: find expressions with anchor=None (only absolute dates get values), then
`estimate_publication_date(expressions, weekday_mentions=weekday_mentions_in(expressions))`.

Other evidence, weaker, is used only where the story's text gives no full date: the dates of photo
captions (a photo is never taken after its story, but may be an archive picture), and year-less
days ("Aug. 14") given the year of the retrieval date, the latest such day not after it; without a
retrieval date, the year that puts them nearest the day the batch's other articles date from
(`batch_reference_day`: articles read together, one crawl or one pasted folder, are mostly of one
period).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Iterable

from eventfold.annotate.timex import MONTHS, WEEKDAYS, TimeExpression, _safe_date, normalize
from eventfold.model import DateValue

SOURCE = "estimated: latest full date in text + weekday consistency"
# Named in the reason of an estimate that rests on a photo caption's date.
CAPTION_EVIDENCE = "full date in a photo caption"
# A caption's date the story's own year-less days lead up to ("on August 15" in the text, "August 21,
# 2021" under the photo) dates a picture of the story's own week, not an archive photo: it is then as
# good as a full date of the text. Named in the reason instead of CAPTION_EVIDENCE.
STORY_CAPTION_EVIDENCE = "photo caption's full date that the story's own days lead up to"
STORY_DAYS_BEFORE_CAPTION = timedelta(days=14)

# News reports events of the past few days: the publication date is taken to lie within this
# window after the latest full date mentioned (the usual reach of a bare weekday in news).
PUBLICATION_WINDOW = timedelta(days=6)

# The day a batch dates from: the median of its articles' own days, trusted only where most of
# them lie within a month of it (a crawl of one week, a folder pasted about one offensive); a batch
# spread over months or years (an archive back-fill) gives none. A month is also how far from that
# day an article's ambiguous stamp may lie to be read against it (ingest/stamps.py's
# RECENT_STAMP_DAYS does the same against the retrieval date).
BATCH_WINDOW = timedelta(days=31)
BATCH_AGREEMENT = 2 / 3

_MONTH_OR_DAY = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
_WEEKDAY_WORD = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)


def weekday_mentions_in(expressions: list[TimeExpression]) -> list[str]:
    """The weekday names of bare weekday expressions ("Tuesday", "last Friday" excluded)."""
    names = []
    for expression in expressions:
        match = _WEEKDAY_WORD.search(expression.text)
        lowered = expression.text.lower()
        if (match and expression.value.value is None and not re.search(r"\b(last|next)\b", lowered)
                and not dated_weekday(expression.text)):
            names.append(match.group(1).lower())
    return names


def dated_weekday(text: str) -> bool:
    """A weekday that comes with its date ("Wednesday, June 21"), not a bare weekday."""
    return bool(_WEEKDAY_WORD.search(text) and _MONTH_OR_DAY.search(text.lower()))


def _full_dates(expressions: list[TimeExpression]) -> list[date]:
    found = []
    for expression in expressions:
        value = expression.value
        if value.precision in ("day", "hour", "minute") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", (value.value or "")[:10]):
            found.append(date.fromisoformat(value.value[:10]))
    return found


def _first_on_or_after(bound: date, weekday: int) -> date:
    return bound + timedelta(days=(weekday - bound.weekday()) % 7)


def batch_reference_day(days: Iterable[date | None]) -> date | None:
    """The day the articles of one batch date from (their median), or None when they do not agree."""
    dated = sorted(day for day in days if day)
    if not dated:
        return None
    middle = dated[(len(dated) - 1) // 2]
    agreeing = sum(abs(day - middle) <= BATCH_WINDOW for day in dated)
    return middle if agreeing >= BATCH_AGREEMENT * len(dated) else None


def estimate_publication_date(expressions: list[TimeExpression], *, weekday_mentions: list[str] = (),
                              caption_expressions: list[TimeExpression] = (), retrieved: date | None = None,
                              batch_day: date | None = None) -> DateValue:
    """The likely publication date: the latest full date mentioned, moved forward to the latest
    weekday mentioned that falls in the week after it. Bounds give the range it may lie in.

    Without a full date in the story: the latest dated caption (`caption_expressions`), else the
    latest year-less day of the story or its captions in the year `retrieved` gives it. A weekday
    said with "last" ("fled last Sunday") lies at least a day before the publication."""
    full_dates, evidence = _full_dates(expressions), "full date"
    if not full_dates:
        full_dates, evidence = _caption_dates(caption_expressions), CAPTION_EVIDENCE
        if full_dates and _story_leads_up_to(expressions, max(full_dates)):
            evidence = STORY_CAPTION_EVIDENCE
    if not full_dates and retrieved is not None:
        full_dates = _year_less_days([*expressions, *caption_expressions], retrieved)
        evidence = f"year-less day, in the year of the retrieval date {retrieved.isoformat()}"
    if not full_dates and retrieved is None and batch_day is not None:
        full_dates = [*_year_less_days_near(expressions, batch_day), *_year_less_days_near(caption_expressions, batch_day)]
        evidence = f"year-less day, in the year nearest the day the batch's other articles date from ({batch_day.isoformat()})"
    if not full_dates:
        return _coarse_estimate(expressions)
    lower = max(full_dates)
    candidates = [_first_on_or_after(lower, WEEKDAYS[name.lower()]) + timedelta(days=int(after))
                  for name, after in _weekdays_named(weekday_mentions)]
    estimate = max([lower, *candidates])
    return DateValue(
        value=estimate.isoformat(),
        precision="day",
        source=SOURCE,
        estimated=True,
        earliest=estimate.isoformat(),
        latest=(lower + PUBLICATION_WINDOW).isoformat(),
        reason=f"latest {evidence} {lower.isoformat()}; weekdays mentioned: {sorted(weekday_mentions) or 'none'}",
    )


def _story_leads_up_to(expressions: list[TimeExpression], caption_day: date) -> bool:
    """Whether a year-less day of the story's text, read in the caption's year, lies within
    STORY_DAYS_BEFORE_CAPTION before the caption's day."""
    return any(timedelta(0) <= caption_day - day <= STORY_DAYS_BEFORE_CAPTION
               for day in _days_up_to(expressions, caption_day))


def _weekdays_named(mentions) -> set[tuple[str, bool]]:
    """(weekday, said with "last") for each mention ("Sunday", "last Sunday")."""
    named = set()
    for mention in mentions:
        words = mention.lower().split()
        if words and words[-1] in WEEKDAYS:
            named.add((words[-1], words[0] == "last"))
    return named


def _caption_dates(expressions: list[TimeExpression]) -> list[date]:
    """Full dates of photo captions, unless the captions also write days without a year: a caption
    that then gives a year dates a picture of another year ("... Sept. 5, 2019" beside "on Aug. 19")."""
    if any(_is_year_less_day(e) for e in expressions):
        return []
    return _full_dates(expressions)


_YEAR_LESS_DAY = re.compile(r"^(?:(?P<m1>[a-z]+)\.? \d{1,2}|\d{1,2}(?:st|nd|rd|th)? (?:of )?(?P<m2>[a-z]+)\.?)$",
                            re.IGNORECASE)


def _is_year_less_day(expression: TimeExpression) -> bool:
    """ "Aug. 14", "17 August": a month and day with no year, which needs an anchor for a value."""
    match = _YEAR_LESS_DAY.match(expression.text.strip())
    return expression.value.value is None and bool(match) and (match["m1"] or match["m2"]).lower() in MONTHS


def _year_less_days(expressions: list[TimeExpression], retrieved: date) -> list[date]:
    """Year-less days of the text read as the latest such day not after the retrieval date (a day
    after it would be a deadline ahead, "by August 31", and bounds nothing)."""
    return [day for day in _days_up_to(expressions, retrieved) if day <= retrieved]


def _days_up_to(expressions, anchor: date):
    """Each year-less day of `expressions`, read as the latest such day up to `anchor`."""
    for expression in expressions:
        if _is_year_less_day(expression):
            value = normalize(expression.text, anchor, tense="past")
            if value.value and value.precision == "day":
                yield date.fromisoformat(value.value[:10])


def _year_less_days_near(expressions: list[TimeExpression], reference: date) -> list[date]:
    """Year-less days of the text, each in the year that puts it nearest `reference` (a batch's
    day is a middle, not a bound: a story of the batch may come after it)."""
    own_year = [e for e in expressions if not _year_follows(e, expressions)]
    days = []
    for before in _days_up_to(own_year, reference):
        after = _safe_date(before.year + 1, before.month, before.day)
        days.append(after if after and after - reference < reference - before else before)
    return days


# "the Sept. 11 attacks in 2001": a year this close after a year-less day is that day's year.
YEAR_AFTER_CHARS = 30


def _year_follows(day: TimeExpression, expressions: list[TimeExpression]) -> bool:
    """A year-less day whose year the same phrase gives a little later (one part's expressions)."""
    return any(e.value.precision == "year" and 0 <= e.start - day.end <= YEAR_AFTER_CHARS for e in expressions)


def _coarse_estimate(expressions: list[TimeExpression]) -> DateValue:
    """Without a full date, the latest month or year mentioned bounds the date from below."""
    coarse = [e.value.value for e in expressions
              if e.value.value and re.fullmatch(r"\d{4}(-\d{2})?", e.value.value)]
    if not coarse:
        return DateValue(None, None, source=SOURCE, estimated=True, reason="no absolute date in the text")
    latest = max(coarse, key=lambda v: (v[:4], v[5:] or "00"))
    precision = "month" if len(latest) == 7 else "year"
    return DateValue(latest, precision, source=SOURCE, estimated=True, earliest=latest,
                     reason="no full date in the text; latest month or year mentioned")


def complete_dates(expressions: list[TimeExpression], estimate: DateValue, text: str = "") -> list[TimeExpression]:
    """`expressions` with the ones left without a value (year-less or relative dates) normalized
    against the estimated publication date. The source records that the anchor was estimated."""
    if estimate.value is None or estimate.precision != "day":
        return list(expressions)
    anchor = date.fromisoformat(estimate.value)
    completed = []
    for expression in expressions:
        if expression.value.value is None:
            value = normalize(expression.text, anchor, context=_sentence(text, expression))
            if value.value is not None:
                value = DateValue(value.value, value.precision, source=value.source + " (anchor estimated)",
                                  estimated=True, reason=f"anchored on estimated publication date {estimate.value}")
            expression = TimeExpression(expression.start, expression.end, expression.text, value, expression.rule)
        completed.append(expression)
    return completed


def _sentence(text: str, expression: TimeExpression) -> str:
    if not text:
        return ""
    left = max(text.rfind(". ", 0, expression.start), text.rfind("\n", 0, expression.start)) + 1
    right = text.find(". ", expression.end)
    return text[left:(right if right >= 0 else len(text))]
