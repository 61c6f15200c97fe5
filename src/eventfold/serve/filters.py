"""The events filters of the query string, shared by the pages and the REST API.

The parameter names are the fields of `review.EventQuery`, so a page's URL, an API call and a
notebook query say the same thing. Every value arrives as text (an HTML form sends empty fields
too): blank means "any", and a value that cannot be read is a 400 naming the parameter.
"""

from __future__ import annotations

import math
from dataclasses import fields, replace
from datetime import date
from typing import Optional
from urllib.parse import urlencode

from fastapi import Query

from eventfold.review import SORTS, EventQuery

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


class BadParameter(ValueError):
    """A query-string value that cannot be read: the response is a 400 with this one line."""

    def __init__(self, name: str, message: str):
        super().__init__(f"bad parameter {name!r}: {message}")
        self.name = name


def event_query(
    date_from: Optional[str] = Query(None, description="First day (YYYY-MM-DD), inclusive."),
    date_to: Optional[str] = Query(None, description="Last day (YYYY-MM-DD), inclusive."),
    country: Optional[str] = Query(None, description="ISO 3166-1 alpha-2 code of the event's country."),
    admin1: Optional[str] = Query(None, description="Admin-1 (province) name of the event's place."),
    event_type: Optional[str] = Query(None, description="ACLED event type, e.g. Battles."),
    sub_event_type: Optional[str] = Query(None, description="ACLED sub-event type, e.g. Armed clash."),
    actor: Optional[str] = Query(None, description="Part of an actor's name (either side or associated)."),
    contested: Optional[str] = Query(None, description="true: only events whose sources disagree; false: only "
                                                       "undisputed ones."),
    min_confidence: Optional[str] = Query(None, description="Lowest confidence shown, 0 to 1."),
    reviewed: Optional[str] = Query(None, description="true: only events an analyst corrected or accepted; "
                                                      "false: only unreviewed ones."),
    text: Optional[str] = Query(None, description="Full-text query over the articles (SQLite FTS5 syntax)."),
    include_rejected: Optional[str] = Query(None, description="true: also list events an analyst rejected."),
    sort: Optional[str] = Query(None, description="One of " + ", ".join(SORTS) + " (a leading '-' reverses)."),
    page: Optional[str] = Query(None, description="Page number, from 1."),
    page_size: Optional[str] = Query(None, description=f"Events per page, 1 to {MAX_PAGE_SIZE}."),
) -> EventQuery:
    """The EventQuery of a request (a FastAPI dependency: the parameters appear in the OpenAPI document)."""
    return EventQuery(
        date_from=_day("date_from", date_from), date_to=_day("date_to", date_to),
        country=_text(country, upper=True), admin1=_text(admin1), event_type=_text(event_type),
        sub_event_type=_text(sub_event_type), actor=_text(actor), contested=_flag("contested", contested),
        min_confidence=_fraction("min_confidence", min_confidence), reviewed=_flag("reviewed", reviewed),
        text=_text(text), include_rejected=bool(_flag("include_rejected", include_rejected)),
        sort=_sort(sort), page=_whole("page", page, 1, 10**9) or 1,
        page_size=_whole("page_size", page_size, 1, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE,
    )


def _text(value: Optional[str], upper: bool = False) -> Optional[str]:
    value = (value or "").strip()
    if not value:
        return None
    return value.upper() if upper else value


def _day(name: str, value: Optional[str]) -> Optional[str]:
    value = _text(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_day(name, value)
    except ValueError:
        return _bad_day(name, value)


def _bad_day(name: str, value: str):
    raise BadParameter(name, f"{value!r} is not a day (YYYY-MM-DD)")


def _flag(name: str, value: Optional[str]) -> Optional[bool]:
    value = (_text(value) or "").lower()
    if not value or value == "any":
        return None
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise BadParameter(name, f"{value!r} is not true, false or any")


def _fraction(name: str, value: Optional[str]) -> Optional[float]:
    value = _text(value)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadParameter(name, f"{value!r} is not a number") from None
    if math.isnan(number) or not 0 <= number <= 1:
        raise BadParameter(name, f"{value!r} is not between 0 and 1")
    return number


def _whole(name: str, value: Optional[str], low: int, high: int) -> Optional[int]:
    value = _text(value)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise BadParameter(name, f"{value!r} is not a whole number from {low} to {high}")
    return int(value)


def _sort(value: Optional[str]) -> str:
    value = _text(value) or "date"
    if value not in SORTS:
        raise BadParameter("sort", f"{value!r} is not one of {', '.join(SORTS)}")
    return value


# ---------------------------------------------------------------- back to a query string

# Fields that are not filters: links to another page or an export keep the filters, not these.
NOT_FILTERS = ("sort", "page", "page_size", "event_ids")


def query_pairs(query: EventQuery, keep_paging: bool = True) -> list[tuple[str, str]]:
    """The query-string pairs that give `query` back (defaults left out)."""
    default = EventQuery(page_size=DEFAULT_PAGE_SIZE)
    pairs = []
    for spec in fields(EventQuery):
        value = getattr(query, spec.name)
        if spec.name == "event_ids" or (not keep_paging and spec.name in NOT_FILTERS):
            continue
        if value is None or value == getattr(default, spec.name):
            continue
        pairs.append((spec.name, ("true" if value else "false") if isinstance(value, bool) else str(value)))
    return pairs


def query_url(path: str, query: EventQuery, keep_paging: bool = True, **changes) -> str:
    """`path` with the query string of `query` as changed by `changes` (e.g. page=2)."""
    changed = replace(query, **changes) if changes else query
    pairs = query_pairs(changed, keep_paging)
    return path + ("?" + urlencode(pairs) if pairs else "")
