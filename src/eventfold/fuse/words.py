"""The words and days fusion compares: content words of a text, day ordinals of ISO dates."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional, Union

from eventfold.model import DateValue

TOKEN_RE = re.compile(r"[a-z][a-z'\-]+|\d+")
STOPWORDS = frozenset("""a about after again all also an and any are as at be been before being but by can could did
do does during for from had has have he her here hers him his how i if in into is it its just more most my no not now
of on once only or other our out over own said same says she should so some such than that the their them then there
these they this those through to too under until up very was we were what when where which while who whom why will
with would you your""".split())


def tokens(text: str) -> list[str]:
    """Lower-cased content words (stopwords and one-letter words left out)."""
    return [t for t in TOKEN_RE.findall(text.lower()) if t not in STOPWORDS and len(t) > 1]


def parse_day(value: Union[str, DateValue, None]) -> Optional[int]:
    """Day ordinal of an ISO date ("2014-01-28", "2014-01-28T10:00"); None when not a day."""
    if isinstance(value, DateValue):
        value = value.value
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).toordinal()
    except ValueError:
        return None
