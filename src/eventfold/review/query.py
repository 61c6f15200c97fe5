"""The one filtered, sorted, paged read of events (review-aware) that the web views, the REST API
and the notebook API share.

The events no correction touches are filtered, sorted and counted in SQL (a page never parses the
whole store); the few a correction touches are replayed in Python, filtered by the same rules, and
merged into the SQL order. Both sides use the same sort keys, so pages are seamless.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from eventfold.model import Event, first_day_of
from eventfold.review.corrections import ReviewError
from eventfold.store.db import Store

# Sort keys: a leading "-" reverses. "date" is the event's first day; missing values sort last.
SORTS = ("date", "-date", "fatalities", "-fatalities", "sources", "-sources", "confidence", "-confidence",
         "type", "-type", "country", "-country")
MAX_PAGE_SIZE = 1000
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass
class EventQuery:
    """Filters of the events list; None means "any". Dates: YYYY-MM-DD, YYYY-MM or YYYY, both
    ends inclusive ("2021-08" as date_to means up to 31 August)."""

    date_from: Optional[str] = None
    date_to: Optional[str] = None
    country: Optional[str] = None  # ISO 3166-1 alpha-2, case-insensitive
    admin1: Optional[str] = None  # the place's admin-1 name, case-insensitive
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor: Optional[str] = None  # case-insensitive substring of actor1, actor2 or an associated actor
    contested: Optional[bool] = None
    min_confidence: Optional[float] = None  # events without a confidence are never hidden
    reviewed: Optional[bool] = None  # True: events a correction in force bears on
    text: Optional[str] = None  # FTS5 query over the articles' title, text and captions
    include_rejected: bool = False  # rejected events are left out unless asked for
    event_ids: Optional[list[str]] = None  # only these (an id merged away finds its merged event)
    sort: str = "date"  # one of SORTS
    page: int = 1  # 1-based
    page_size: int = 50  # 0: every match on one page


@dataclass
class EventPage:
    events: list[Event]
    total: int  # events matching the filters, over all pages
    page: int
    page_size: int
    warnings: list[str] = field(default_factory=list)  # e.g. corrections whose reports are gone


def query_events(store: Store, query: EventQuery) -> EventPage:
    """Events matching `query` after the analysts' corrections, sorted and paged.
    Raises ReviewError (a 400) for a bad sort, page, page size, date, confidence or text query."""
    from eventfold.review.apply import machine_events
    from eventfold.store.review import count_events, event_keys

    sort, descending = query.sort.lstrip("-"), query.sort.startswith("-")
    state, corrected, sql_filter, use_sql = _matching(store, query)
    offset = (query.page - 1) * query.page_size
    limit = offset + query.page_size if query.page_size else None
    if corrected or not use_sql:  # corrected events interleave: merge them into the SQL order from the top
        keys = [(k, i, False) for k, i in event_keys(store, sql_filter, sort, descending, limit)] if use_sql else []
        keys += [(sort_key(e, sort), e.event_id, True) for e in corrected]
        page = ordered(keys, descending)[offset:limit]
    else:  # the SQL order alone: the page is read directly
        rows = event_keys(store, sql_filter, sort, descending, query.page_size or None, offset)
        page = [(k, i, False) for k, i in rows]
    loaded = machine_events(store, [i for _, i, mine in page if not mine])
    by_id = {e.event_id: e for e in corrected} | loaded
    total = (count_events(store, sql_filter) if use_sql else 0) + len(corrected)
    warnings = [f"correction #{c.correction_id} ({c.kind} of {c.event_id}) no longer applies: its reports are gone"
                for c in state.orphans]
    return EventPage([by_id[i] for _, i, _ in page if i in by_id], total, query.page, query.page_size, warnings)


def _matching(store: Store, query: EventQuery):
    """What matches `query`: (the replay's state, the corrected events that match, the SQL filter of
    the machine's events that match, whether the SQL side can match at all)."""
    from eventfold.review.apply import review_touched

    low, high = check_query(query)
    article_ids = _articles_matching(store, query.text) if query.text else None
    state = review_touched(store)
    wanted = None
    if query.event_ids is not None:
        wanted = {state.resolve(i) or i for i in query.event_ids}
    corrected = [e for e in state.events.values()
                 if _matches(e, query, low, high, article_ids) and (wanted is None or e.event_id in wanted)]
    sql_filter = _sql_filter(query, low, high, article_ids, exclude=state.base | state.refused)
    return state, corrected, sql_filter, query.reviewed is not True  # an event no correction touches is never reviewed


def count_by_day(store: Store, query: EventQuery) -> Counter:
    """(first day or None, event type) → how many events match `query` (its sort and paging aside),
    the machine's counted in SQL: what a timeline draws, without reading the events."""
    from eventfold.store.review import count_events_by_day

    _, corrected, sql_filter, use_sql = _matching(store, query)
    counts = Counter(count_events_by_day(store, sql_filter)) if use_sql else Counter()
    counts.update((sort_key(e, "date"), e.event_type) for e in corrected)
    return counts


def check_query(query: EventQuery) -> tuple[Optional[str], Optional[str]]:
    """The first and last day the query's dates cover; ReviewError for anything malformed."""
    if query.sort not in SORTS:
        raise ReviewError(f"sort must be one of {', '.join(SORTS)}, not {query.sort!r}")
    if not isinstance(query.page, int) or query.page < 1:
        raise ReviewError(f"page must be a whole number >= 1, not {query.page!r}")
    if not isinstance(query.page_size, int) or not 0 <= query.page_size <= MAX_PAGE_SIZE:
        raise ReviewError(f"page_size must be between 0 (all) and {MAX_PAGE_SIZE}, not {query.page_size!r}")
    if query.min_confidence is not None and not 0 <= query.min_confidence <= 1:
        raise ReviewError(f"min_confidence must be between 0 and 1, not {query.min_confidence!r}")
    low = _period(query.date_from, "date_from", last=False)
    high = _period(query.date_to, "date_to", last=True)
    if low and high and low > high:
        raise ReviewError(f"date_from {query.date_from} is after date_to {query.date_to}")
    return low, high


def _period(value: Optional[str], name: str, last: bool) -> Optional[str]:
    """A query date as its first day (or, with `last`, its last day)."""
    if value is None or value == "":
        return None
    found = _PERIOD.fullmatch(str(value).strip())
    if found:
        year, month = int(found[1]), int(found[2] or (12 if last else 1))
        if 1 <= month <= 12 and year >= 1:
            days = calendar.monthrange(year, month)[1]
            day = int(found[3]) if found[3] else (days if last else 1)
            if 1 <= day <= days:
                return f"{year:04d}-{month:02d}-{day:02d}"
    raise ReviewError(f"{name} must be YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}")


def _articles_matching(store: Store, text: str) -> set[str]:
    from eventfold.store.review import articles_matching

    try:
        return articles_matching(store, text)
    except ValueError as error:
        raise ReviewError(str(error)) from None


def _sql_filter(query: EventQuery, low, high, article_ids, exclude: set[str]):
    from eventfold.store.review import EventFilter

    return EventFilter(date_from=low, date_to=high, country=query.country, admin1=query.admin1,
                       event_type=query.event_type, sub_event_type=query.sub_event_type, actor=query.actor,
                       contested=query.contested, min_confidence=query.min_confidence, article_ids=article_ids,
                       event_ids=list(query.event_ids) if query.event_ids is not None else None, exclude=exclude)


# ---------------------------------------------------------------- the Python side, mirroring the SQL


def _matches(event: Event, query: EventQuery, low, high, article_ids) -> bool:
    from eventfold.store.dataset import confident
    from eventfold.store.review import sql_lower

    day = first_day_of(event.date.value) if event.date else None
    place = event.place
    actors = [a for a in (event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2) if a]
    checks = (
        not event.rejected or query.include_rejected,
        low is None or (day is not None and day >= low),
        high is None or (day is not None and day <= high),
        not query.country or (place is not None and place.country == query.country.upper()),
        not query.admin1 or (place is not None and sql_lower(place.admin1 or "") == sql_lower(query.admin1)),
        not query.event_type or event.event_type == query.event_type,
        not query.sub_event_type or event.sub_event_type == query.sub_event_type,
        not query.actor or any(sql_lower(query.actor) in sql_lower(a) for a in actors),
        query.contested is None or event.contested == query.contested,
        confident(event.confidence, query.min_confidence),
        query.reviewed is None or event.reviewed == query.reviewed,
        article_ids is None or bool(article_ids.intersection(event.article_ids)),
    )
    return all(checks)


def sort_key(event: Event, sort: str):
    """The value the SQL side sorts by (store/review.py SORT_COLUMNS), from the record."""
    if sort == "date":
        return first_day_of(event.date.value) if event.date else None
    if sort == "fatalities":
        return event.fatalities.value if event.fatalities else None
    if sort == "sources":
        return len(event.article_ids)
    if sort == "confidence":
        return event.confidence
    if sort == "type":
        return f"{event.event_type} / {event.sub_event_type}"
    return event.place.country if event.place else None


def ordered(keys: list[tuple], descending: bool) -> list[tuple]:
    """As SQL's ORDER BY key IS NULL, key [DESC], event_id: ties by id, missing keys last."""
    by_id = sorted(keys, key=lambda k: k[1])
    present = sorted((k for k in by_id if k[0] is not None), key=lambda k: k[0], reverse=descending)
    return present + [k for k in by_id if k[0] is None]
