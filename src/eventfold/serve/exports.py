"""Downloads of the filtered events in the export formats, written by export/writers.py."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from fastapi.responses import PlainTextResponse, Response

from eventfold import review
from eventfold.export.writers import FORMATS, write_rows
from eventfold.model import Event
from eventfold.review import EventQuery
from eventfold.review.query import MAX_PAGE_SIZE
from eventfold.store.db import Store

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
               "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
MAX_MAP_EVENTS = 20000  # markers the map loads at most (the bench store has 10,000 events)


def map_events(events_of: Callable[[EventQuery], review.EventPage], query: EventQuery) -> tuple[list[Event], int]:
    """The first MAX_MAP_EVENTS events matching the filters, with how many match: read a page of
    `review.query.MAX_PAGE_SIZE` at a time through `events_of` (review.query_events: the limit is SQL's)."""
    size = MAX_PAGE_SIZE
    events: list[Event] = []
    total, number = 0, 1
    while len(events) < MAX_MAP_EVENTS:
        page = events_of(replace(query, page=number, page_size=size))
        events += page.events
        total = page.total
        if number * size >= page.total:
            break
        number += 1
    return events[:MAX_MAP_EVENTS], total


def filtered_rows(store: Store, query: EventQuery) -> Iterator[dict]:
    """The export rows (ACLED columns, docs/schema.md) of every event matching the filters, read as
    `eventfold export` reads them: a page of events at a time (review.query_events: paged in SQL)
    with what their rows cite."""
    from eventfold.export.rows import event_rows
    from eventfold.store.dataset import event_page

    number = 1
    while True:
        page = review.query_events(store, replace(query, page=number, page_size=MAX_PAGE_SIZE))
        yield from event_rows(event_page(store, page.events))
        if number * MAX_PAGE_SIZE >= page.total:
            return
        number += 1


def export_response(store: Store, query: EventQuery, fmt: str) -> Response:
    if fmt not in FORMATS:
        return PlainTextResponse(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}", status_code=404)
    rows = filtered_rows(store, query)
    with tempfile.TemporaryDirectory(prefix="eventfold-export-") as folder:
        path = Path(folder) / f"events.{fmt}"
        write_rows(rows, fmt, path)
        content = path.read_bytes()
    return Response(content, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="events.{fmt}"'})
