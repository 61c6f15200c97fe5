"""Downloads of the filtered events in the export formats, written by export/writers.py."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi.responses import PlainTextResponse, Response

from eventfold import review
from eventfold.export.writers import FORMATS, write_rows
from eventfold.review import EventQuery
from eventfold.store.db import Store

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
               "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
MAX_MAP_EVENTS = 20000  # markers the map loads at most (the bench store has 10,000 events)


def filtered_rows(store: Store, query: EventQuery) -> list[dict]:
    """The export rows (ACLED columns, docs/schema.md) of every event matching the filters, read as
    `eventfold export` reads them: a page of events at a time with what their rows cite."""
    from eventfold.export.rows import event_rows
    from eventfold.store.dataset import EVENT_PAGE, event_page

    events = review.query_events(store, replace(query, page=1, page_size=0)).events
    return [row for start in range(0, len(events), EVENT_PAGE)
            for row in event_rows(event_page(store, events[start:start + EVENT_PAGE]))]


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
