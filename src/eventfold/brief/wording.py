"""The words of a brief: dates at their precision and claims with who makes them.

An analyst's brief never states a disputed or unverified figure as fact: every figure is said
by someone ("X said …; Y said …"), a denial reads as a denial, and a hedged or unverified claim
carries "could not be independently verified". These functions hold that wording in one place
so the HTML and Markdown briefs say exactly the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from eventfold.model import Claim, DateValue, Figure, first_day_of

UNVERIFIED_NOTE = "could not be independently verified"
UNKNOWN_DATE = "date unknown"
UNDATED = "9999"  # sort key of an unknown date: after every real one
# Certainty values (set by extraction's attribution) that must carry UNVERIFIED_NOTE.
UNVERIFIED_CERTAINTIES = frozenset({"hedged", "unverified"})
# Claim kinds that count people; their value is a number or a range ("12", "12-20", ">=5", "<=30").
PEOPLE_KINDS = {"killed": "killed", "wounded": "wounded", "captured": "captured", "abducted": "abducted",
                "injured": "wounded", "arrested": "arrested", "displaced": "displaced"}
# Subjects extraction uses when a figure counts nobody in particular.
UNSPECIFIED_SUBJECTS = frozenset({"", "unspecified", "unknown"})
LOST_PREFIX = "lost by "

_MONTH = "%b %Y"


# ---------------------------------------------------------------- dates


def date_label(date: Optional[DateValue]) -> str:
    """A date as an analyst writes it: "31 Aug 2021", "Aug 2021", "~31 Aug 2021" when estimated."""
    if date is None or not date.value:
        return _bounds_label(date) if date else UNKNOWN_DATE
    label = _value_label(date.value, date.precision)
    return f"~{label}" if date.estimated else label


def _bounds_label(date: DateValue) -> str:
    if date.earliest and date.latest:
        return f"between {iso_day_label(date.earliest)} and {iso_day_label(date.latest)}"
    return UNKNOWN_DATE


def _value_label(value: str, precision: Optional[str]) -> str:
    day = parse_iso_day(value)
    if day is not None and precision in (None, "day", "hour", "minute", "second"):
        return _day_text(day)
    month = re.fullmatch(r"(\d{4})-(\d{2})", value[:7]) if precision in (None, "month", "day") else None
    if month:
        return dt.date(int(month[1]), int(month[2]), 1).strftime(_MONTH)
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        return f"week {int(week[2])} of {week[1]}"
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if quarter:
        return f"Q{quarter[2]} {quarter[1]}"
    if day is not None:  # a day value with a coarse precision: say only what is known
        return day.strftime(_MONTH) if precision in ("week", "month") else str(day.year)
    return value


def iso_day_label(value: Optional[str]) -> str:
    """"2021-08-31…" -> "31 Aug 2021"; anything else as given."""
    day = parse_iso_day(value)
    return _day_text(day) if day else (value or UNKNOWN_DATE)


def _day_text(day: dt.date) -> str:
    return f"{day.day} {day.strftime(_MONTH)}"


def parse_iso_day(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def date_sort_key(date: Optional[DateValue]) -> str:
    """The first day a date can denote, as ISO text; "9999" (last) when unknown."""
    if date is None:
        return UNDATED
    if not date.value:
        return (date.earliest or UNDATED)[:10]
    return _first_day(date.value)


def _first_day(value: str) -> str:
    return first_day_of(value) or value[:10]


# ---------------------------------------------------------------- figures and claims


def figure_label(figure: Optional[Figure]) -> str:
    """A fused figure: its conservative value, with the range when sources disagree."""
    if figure is None or figure.value is None:
        return ""
    low, high = figure.low, figure.high
    if low is not None and high is not None and low != high:
        return f"{figure.value} (lowest reported; reports give {low}–{high})"
    return str(figure.value)


def claimant_name(claim: Claim) -> str:
    return claim.claimant or "an unnamed source"


def claim_statement(claim: Claim) -> str:
    """"X said 12 civilians were killed", "Y denied that the Taliban held Kunduz" (+ verification note)."""
    verb = "denied that" if claim.polarity == "denied" else "said"
    text = f"{claimant_name(claim)} {verb} {claim_clause(claim)}"
    return f"{text} ({UNVERIFIED_NOTE})" if claim.certainty in UNVERIFIED_CERTAINTIES else text


def claim_clause(claim: Claim) -> str:
    """What a claim asserts, as a clause that reads after "said" or "denied that"."""
    if claim.kind in PEOPLE_KINDS:
        return _people_clause(claim)
    if claim.kind == "control":
        return _control_clause(claim)
    if claim.kind == "force_size":
        return f"{_subject_or(claim, 'the force')} numbered {value_words(claim.value)}"
    if claim.kind == "date":
        return f"it happened on {_value_label(claim.value, None)}"
    subject = "" if claim.subject.lower() in UNSPECIFIED_SUBJECTS else f"{claim.subject}: "
    return f"{subject}{claim.value} ({claim.kind.replace('_', ' ')})"


def _people_clause(claim: Claim) -> str:
    amount = value_words(claim.value)
    who = _subject_or(claim, "")
    verb = "was" if claim.value.strip() == "1" else "were"
    people = f"{amount} {who}".strip() if who else f"{amount} {'person' if verb == 'was' else 'people'}"
    return f"{people} {verb} {PEOPLE_KINDS[claim.kind]}"


def _control_clause(claim: Claim) -> str:
    if claim.value.startswith(LOST_PREFIX):
        return f"{claim.subject} was {claim.value}"
    return f"{claim.value} held {claim.subject}"


def _subject_or(claim: Claim, default: str) -> str:
    return default if claim.subject.strip().lower() in UNSPECIFIED_SUBJECTS else claim.subject


def value_words(value: str) -> str:
    """Extraction's compact figure ("12-20", ">=5", "<=30") in words."""
    value = value.strip()
    if value.startswith(">="):
        return f"at least {value[2:]}"
    if value.startswith("<="):
        return f"up to {value[2:]}"
    bounds = re.fullmatch(r"(\d+)\s*-\s*(\d+)", value)
    return f"{bounds[1]} to {bounds[2]}" if bounds else value


def claim_value_label(claim: Claim) -> str:
    """The bare value of a claim for a table cell ("12 to 20", "Taliban")."""
    return value_words(claim.value)
