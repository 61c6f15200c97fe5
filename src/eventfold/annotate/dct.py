"""Estimating an article's publication date from the dates it mentions, when none is given.

A news story is published on or after the latest full date it reports: that date is a lower
bound. Weekday names in the story ("said Tuesday") name days of the publication week, so the
first such weekday on or after the lower bound moves the estimate forward. The estimate then
completes year-less dates ("Aug. 14") that could not be normalized without an anchor.

Usage: find expressions with anchor=None (only absolute dates get values), then
`estimate_publication_date(expressions, weekday_mentions=weekday_mentions_in(expressions))`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventfold.annotate.timex import WEEKDAYS, TimeExpression, normalize
from eventfold.model import DateValue

SOURCE = "estimated: latest full date in text + weekday consistency"

# News reports events of the past few days: the publication date is taken to lie within this
# window after the latest full date mentioned (the usual reach of a bare weekday in news).
PUBLICATION_WINDOW = timedelta(days=6)

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


def estimate_publication_date(expressions: list[TimeExpression], *, weekday_mentions: list[str] = ()) -> DateValue:
    """The likely publication date: the latest full date mentioned, moved forward to the latest
    weekday mentioned that falls in the week after it. Bounds give the range it may lie in."""
    full_dates = _full_dates(expressions)
    if not full_dates:
        return _coarse_estimate(expressions)
    lower = max(full_dates)
    weekdays = {WEEKDAYS[name.lower()] for name in weekday_mentions if name.lower() in WEEKDAYS}
    candidates = [_first_on_or_after(lower, weekday) for weekday in weekdays]
    estimate = max([lower, *candidates])
    return DateValue(
        value=estimate.isoformat(),
        precision="day",
        source=SOURCE,
        estimated=True,
        earliest=estimate.isoformat(),
        latest=(lower + PUBLICATION_WINDOW).isoformat(),
        reason=f"latest full date {lower.isoformat()}; weekdays mentioned: {sorted(weekday_mentions) or 'none'}",
    )


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
