"""The app's view of the store: one SQLite connection per worker thread, and what every page
shows beside its events (the places offered as filters, recent list and event results) held in
memory between changes of the store; a page's article headers are read with its events, by id.

A commit by this app (a correction), by another of its worker processes, or by another program
(`eventfold process`) changes SQLite's data_version, and the next request reads afresh.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, TypeVar

from eventfold.model import Event
from eventfold.review import EventPage, EventQuery, query_events
from eventfold.store.db import Store
from eventfold.store.review import data_version, open_read_only
from eventfold.store.web import ArticleHeader, event_places, headers_by_ids

T = TypeVar("T")
# Results kept per kind, apart, so visits to many single events never push the lists out: list
# pages (a page of events each), event pages, and the list pages as the API's JSON and as HTML
# (tens of kilobytes each: some tens of megabytes at most).
MAX_RESULTS = {"events": 512, "event": 512, "api_events": 512, "events_html": 512, "provinces": 64, "timeline": 64}


@dataclass
class Snapshot:
    """The places events happen in, as of one store state (the filter form's choices)."""

    places: list[tuple[Optional[str], Optional[str]]]  # (country, admin-1) of the stored events


def outlets_of_events(store: Store, events: Iterable[Event]) -> dict[str, list[str]]:
    """event id → the outlets of its articles, in its articles' order: the headers of these events'
    articles only, read by id (a page's, not the store's)."""
    events = list(events)
    headers = headers_by_ids(store, (a for e in events for a in e.article_ids))
    return {e.event_id: outlets_of(e, headers) for e in events}


def actor_event_counts(store: Store) -> Counter:
    """actor name → how many events (after the corrections, rejected ones left out) name it as an
    actor or associated actor: the machine's events' actor fields read in SQL (no record parsed in
    Python), the corrected ones' from the replay."""
    from eventfold.store.dataset import Shown

    shown = Shown(store, min_confidence=None, include_rejected=False, scope="all")
    counts = Counter(name for e in shown.corrected() for name in _actor_names(e))
    where, values = shown.machine_filter()
    for (fields,) in store.connection.execute(
            "SELECT json_extract(e.record, '$.actor1', '$.actor2', '$.assoc_actor_1', '$.assoc_actor_2')"
            f" FROM event_facets f JOIN events e ON e.event_id = f.event_id WHERE {where}", values):
        counts.update({name for name in json.loads(fields) if name})
    return counts


def outlet_event_counts(store: Store) -> Counter:
    """outlet → how many events (after the corrections, rejected ones left out) cite one of its
    articles: the machine's events counted in SQL, the corrected ones' outlets read by id."""
    from eventfold.store.dataset import Shown

    shown = Shown(store, min_confidence=None, include_rejected=False, scope="all")
    counts = Counter(o for outlets in outlets_of_events(store, shown.corrected()).values() for o in outlets)
    where, values = shown.machine_filter()
    counts.update(dict(store.connection.execute(
        "SELECT a.outlet, count(DISTINCT f.event_id) FROM event_facets f JOIN events e ON e.event_id = f.event_id,"
        " json_each(e.record, '$.article_ids') j JOIN articles a ON a.article_id = j.value"
        f" WHERE {where} AND a.outlet IS NOT NULL AND a.outlet != '' GROUP BY a.outlet", values)))
    return counts


def _actor_names(event: Event) -> set[str]:
    return {name for name in (event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2) if name}


def reviewed_event_chunks(store: Store, size: int = 500) -> Iterator[list[Event]]:
    """Every event after the corrections, rejected ones left out, in date order (review.reviewed_events),
    `size` at a time: read page by page as the CLI reads them (store/dataset.py `Shown`)."""
    from itertools import islice

    from eventfold.store.dataset import Shown

    events = Shown(store, min_confidence=None, include_rejected=False, scope="all").events()
    while chunk := list(islice(events, size)):
        yield chunk


def outlets_of(event: Event, headers: dict[str, ArticleHeader]) -> list[str]:
    outlets = [headers[a].outlet for a in event.article_ids if a in headers]
    return list(dict.fromkeys(o for o in outlets if o))


class StoreAccess:
    """Opens the store lazily per thread (SQLite connections stay in the thread that made them)."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._snapshot: Optional[Snapshot] = None
        self._results: dict[str, OrderedDict[str, object]] = {kind: OrderedDict() for kind in MAX_RESULTS}
        self._stamp: Optional[int] = None
        self._watch: Optional[Store] = None  # a connection of its own, only asked the data version

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.db_path)
        return store

    def snapshot(self) -> Snapshot:
        with self._lock:
            self._forget_if_changed()
            if self._snapshot is None:
                store = self.store()
                self._snapshot = Snapshot(event_places(store))
            return self._snapshot

    def events(self, query: EventQuery) -> EventPage:
        """review.query_events, remembered."""
        return self.remember("events", repr(query), lambda: query_events(self.store(), query))

    def count_by_day(self, query: EventQuery):
        """review.count_by_day of the query's matches (its sort and paging aside), remembered."""
        from dataclasses import replace

        from eventfold.review.query import count_by_day

        everything = replace(query, page=1, page_size=0)
        return self.remember("timeline", repr(everything), lambda: count_by_day(self.store(), everything))

    def detail(self, event_id: str):
        """One event's page data (serve/detail.py), remembered."""
        from eventfold.serve.detail import event_detail

        return self.remember("event", event_id, lambda: event_detail(self.store(), event_id))

    def remember(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        """The result of `compute` for `key` (a query's repr, an event id), kept until the store changes:
        pages are read far more often than the store is written, and the same filters come back
        (paging, links)."""
        results = self._results[kind]
        with self._lock:
            self._forget_if_changed()
            if key in results:
                results.move_to_end(key)
                return results[key]
            stamp = self._stamp
        value = compute()
        with self._lock:
            if stamp == self._stamp:  # else the store changed meanwhile: the value may be stale
                results[key] = value
                while len(results) > MAX_RESULTS[kind]:
                    results.popitem(last=False)
        return value

    def invalidate(self) -> None:
        with self._lock:
            self._forget()
            self._stamp = None

    def _forget_if_changed(self) -> None:
        if self._watch is None:
            self.store()  # opened for writing first: it upgrades the schema and makes the write-ahead log
            self._watch = open_read_only(self.db_path)
        stamp = data_version(self._watch)
        if stamp != self._stamp:
            self._forget()
            self._stamp = stamp

    def _forget(self) -> None:
        self._snapshot = None
        for results in self._results.values():
            results.clear()
