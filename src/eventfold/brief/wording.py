"""The words of a brief: dates at their precision and claims with who makes them.

An analyst's brief never states a disputed or unverified figure as fact: every figure is said
by someone ("X: 12 killed — carried by A, B"), a denial reads as a denial, and a hedged or unverified claim
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
# Words after a number that need "of": "15 of the movement's fighters", "30 of his men".
_DETERMINED = re.compile(r"^(?:the|his|her|their|its|our|these|those|this|that|a|an)\b|['’]s\b", re.IGNORECASE)
# A holder written as a pronoun or "its holders": the text does not name who holds the place.
HOLDER_PRONOUNS = frozenset("their its they them his her our we it the holders holder".split())

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


def claim_phrase(claim: Claim) -> str:
    """What a claim asserts, as a headline: "12 Taliban killed", "Sheberghan held by Taliban"."""
    if claim.kind in PEOPLE_KINDS:
        return f"{_counted(claim)} {PEOPLE_KINDS[claim.kind]}"
    if claim.kind == "control":
        return _control_phrase(claim)
    if claim.kind == "force_size":
        return _force_phrase(claim)
    if claim.kind == "date":
        return f"the event took place on {_value_label(claim.value, None)}"
    if claim.kind == "denial":
        return claim.value  # "Moscow denies: responsibility for the strike"
    subject = "" if claim.subject.lower() in UNSPECIFIED_SUBJECTS else f"{claim.subject}: "
    return f"{subject}{claim.value} ({claim.kind.replace('_', ' ')})"


def claim_line_text(claimant: str, phrase: str, *, denied: bool, unverified: bool,
                    outlets: tuple[str, ...] = (), outlet_asserts: bool = False, act: bool = False) -> str:
    """One line per claimant and figure: "Taliban spokesman: 600 fighters killed — carried by A, B".

    When the outlets themselves assert the figure, or the text names no one, there is no one else
    to name: "Reported by A and B: 12 Taliban killed" ("Reported: ..." when the outlet is unknown)."""
    # a denied act or blame reads as a sentence ("Moscow denies responsibility"), a denied figure as a quote
    said = (f"denies {phrase}" if act else f"denies: {phrase}") if denied else phrase
    if outlet_asserts:
        text = f"Reported by {_and_list(outlets)}: {said}" if outlets else f"Reported: {said}"
    else:
        text = f"{_capitalised(claimant)} {said}" if denied else f"{_capitalised(claimant)}: {said}"
    if unverified:
        text += f" ({UNVERIFIED_NOTE})"
    if outlets and not outlet_asserts:
        text += f" — carried by {', '.join(outlets)}"
    return text


def _counted(claim: Claim) -> str:
    """The people a figure counts: "30 Taliban", "15 of the movement's fighters", "3 people",
    "several Taliban fighters", "commander Ko Min" (a named victim is no count)."""
    amount = _amount(claim)
    who = _subject_or(claim, "")
    if amount != value_words(claim.value) and amount.lower() in who.lower():
        return who  # "Ko Min Thant killed", not "Ko Min Thant Ko Min Thant killed"
    if not who:
        return f"{amount} {'person' if claim.value.strip() == '1' else 'people'}"
    return f"{amount} of {who}" if _DETERMINED.search(who) else f"{amount} {who}"


def _amount(claim: Claim) -> str:
    """The figure in words; an amount said without a number ("several", "dozens") in the source's
    own word rather than the count a coder records for it ("at least 3")."""
    quantity = claim.quantity
    if quantity is not None and quantity.indefinite and quantity.text and not re.search(r"\d", quantity.text):
        return quantity.text
    return value_words(claim.value)


def _force_phrase(claim: Claim) -> str:
    amount = value_words(claim.value)
    who = _subject_or(claim, "")
    if not who:
        return f"a force of {amount}"
    return f"{who} number {amount}" if _DETERMINED.search(who) else f"a force of {amount} {who}"


def _control_phrase(claim: Claim) -> str:
    """"Sheberghan held by Taliban", "Jabal os Saraj lost by the NRF", "Baghlan changed hands"."""
    value = claim.value.strip()
    if value.lower().startswith(LOST_PREFIX):
        holder = value[len(LOST_PREFIX):]
        return f"{claim.subject} fell" if _unnamed_holder(holder) else f"{claim.subject} {value}"
    if _unnamed_holder(value):
        return f"{claim.subject} changed hands"  # the text names the holder only by a pronoun
    return f"{claim.subject} held by {value}"


def _unnamed_holder(holder: str) -> bool:
    words = holder.lower().split()
    return not words or all(w in HOLDER_PRONOUNS for w in words)


def _and_list(names: tuple[str, ...]) -> str:
    names = tuple(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    """The bare value of a claim for a table cell ("12 to 20", "Taliban"); a control claim as a phrase."""
    return _control_phrase(claim) if claim.kind == "control" else value_words(claim.value)
