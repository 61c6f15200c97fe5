"""The app's view of the store: one SQLite connection per worker thread, and what every page
shows beside its events (article headers, the places offered as filters) held in memory between
changes of the store file.

A write by this app (a correction) or by another process (`eventfold process`) changes the file,
and the next request reads afresh.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Optional, TypeVar

from eventfold.model import Event
from eventfold.review import EventPage, EventQuery, query_events
from eventfold.store.db import Store
from eventfold.store.web import ArticleHeader, article_headers, event_places

T = TypeVar("T")
MAX_RESULTS = 512  # query results kept (a page of events each): a few megabytes


@dataclass
class Snapshot:
    """The article headers and the places events happen in, as of one store state."""

    articles: dict[str, ArticleHeader]
    places: list[tuple[Optional[str], Optional[str]]]  # (country, admin-1) of the stored events

    def outlets_of(self, event: Event) -> list[str]:
        outlets = [self.articles[a].outlet for a in event.article_ids if a in self.articles]
        return list(dict.fromkeys(o for o in outlets if o))


class StoreAccess:
    """Opens the store lazily per thread (SQLite connections stay in the thread that made them)."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._snapshot: Optional[Snapshot] = None
        self._results: OrderedDict[str, object] = OrderedDict()
        self._stamp: Optional[tuple] = None

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
                self._snapshot = Snapshot({a.article_id: a for a in article_headers(store)}, event_places(store))
            return self._snapshot

    def events(self, query: EventQuery) -> EventPage:
        """review.query_events, remembered."""
        return self.remember("events " + repr(query), lambda: query_events(self.store(), query))

    def detail(self, event_id: str):
        """One event's page data (serve/detail.py), remembered."""
        from eventfold.serve.detail import event_detail

        return self.remember("event " + event_id, lambda: event_detail(self.store(), event_id))

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """The result of `compute` for `key` (a query's repr), kept until the store changes: pages are
        read far more often than the store is written, and the same filters come back (paging, links)."""
        with self._lock:
            self._forget_if_changed()
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        value = compute()
        with self._lock:
            self._results[key] = value
            while len(self._results) > MAX_RESULTS:
                self._results.popitem(last=False)
        return value

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None
            self._results.clear()

    def _forget_if_changed(self) -> None:
        stamp = self._file_stamp()
        if stamp != self._stamp:
            self._snapshot = None
            self._results.clear()
            self._stamp = stamp

    def _file_stamp(self) -> tuple:
        """Size and modification time of the database and its write-ahead log: any commit changes one."""
        stamp = []
        for suffix in ("", "-wal"):
            try:
                info = os.stat(self.db_path + suffix)
                stamp.append((info.st_size, info.st_mtime_ns))
            except OSError:
                stamp.append(None)
        return tuple(stamp)

