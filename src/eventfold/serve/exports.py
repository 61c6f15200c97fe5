"""Downloads of the filtered events in the export formats, written by export/writers.py."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi.responses import PlainTextResponse, Response

from eventfold import review
from eventfold.export.rows import event_row
from eventfold.export.writers import FORMATS, write_rows
from eventfold.review import EventQuery
from eventfold.store.db import Store
from eventfold.store.fusion import conflicts as stored_conflicts
from eventfold.store.web import claims_by_ids

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
               "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
MAX_MAP_EVENTS = 20000  # markers the map loads at most (the bench store has 10,000 events)


def filtered_rows(store: Store, query: EventQuery) -> list[dict]:
    """The export rows (ACLED columns, docs/schema.md) of every event matching the filters."""
    events = review.query_events(store, replace(query, page=1, page_size=0)).events
    conflicts_by_id = {c.conflict_id: c for c in stored_conflicts(store)}
    named = [i for e in events for i in e.conflict_ids]
    claim_ids = [i for e in events for i in e.claim_ids] + [i for c in named if c in conflicts_by_id
                                                            for i in conflicts_by_id[c].claim_ids]
    claims = claims_by_ids(store, claim_ids)
    wanted = list(dict.fromkeys(a for e in events for a in e.article_ids))
    articles = {a.article_id: a for a in store.articles_by_ids(wanted)}
    rows = []
    for event in events:
        conflicts = [conflicts_by_id[i] for i in event.conflict_ids if i in conflicts_by_id]
        cited = dict.fromkeys(event.claim_ids + [i for c in conflicts for i in c.claim_ids])
        rows.append(event_row(event, articles, [claims[i] for i in cited if i in claims], conflicts))
    return rows


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
