"""The REST API under /api/: the same filters as the pages, JSON records, GeoJSON, and corrections.

Records are the model's dataclasses as JSON (model.py documents every field); lists are paged
as {"total", "page", "page_size", "items"}. A bad parameter is a 400 and an unknown id a 404,
each with {"error": "one line"}.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from eventfold import review
from eventfold.review import EventQuery
from eventfold.serve import exports
from eventfold.serve.data import outlets_of_events
from eventfold.serve.filters import event_query
from eventfold.serve.geo import (PROVINCE_PRECISION, WORLD, admin1_collection, event_feature, events_bbox,
                                 feature_collection, outline_collection, province_collection)
from eventfold.store.annotations import article_annotations
from eventfold.store.annotations import entities as stored_entities
from eventfold.store.extractions import claims as stored_claims
from eventfold.store.extractions import event_reports
from eventfold.store.dataset import conflicts_page
from eventfold.store.web import article_count, article_headers, claims_page, conflict_count

router = APIRouter(prefix="/api")
MAX_PAGE_SIZE = 500
JSON_ONLY = "corrections are sent as application/json"


def _store(request: Request):
    return request.app.state.access.store()


def _json(data) -> Response:
    """JSON of plain data (asdict of records), written directly: FastAPI's generic encoder walks every
    value again and costs more than the query on a page of events."""
    return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")


def _paged(items: list, total: int, page: int, page_size: int) -> dict:
    return {"total": total, "page": page, "page_size": page_size, "items": items}


# ---------------------------------------------------------------- events


@router.get("/events", summary="Events matching the filters, one page")
def list_events(request: Request, query: EventQuery = Depends(event_query)) -> Response:
    access = request.app.state.access

    def body() -> str:
        page = access.events(query)
        return json.dumps({**_paged([asdict(e) for e in page.events], page.total, page.page, page.page_size),
                           "warnings": page.warnings}, ensure_ascii=False)

    # The JSON itself is kept: encoding a page of records costs more than reading it.
    return Response(access.remember("api_events", repr(query), body), media_type="application/json")


@router.get("/events.geojson", summary="Located events matching the filters as a GeoJSON FeatureCollection")
def events_geojson(request: Request, query: EventQuery = Depends(event_query)) -> Response:
    """All matching events (not paged, up to MAX_MAP_EVENTS); those without coordinates are left out."""
    access = request.app.state.access
    events, total = exports.map_events(access.events, query)
    outlets = outlets_of_events(access.store(), events)
    features = [f for f in (event_feature(e, outlets[e.event_id]) for e in events) if f]
    collection = feature_collection(features)
    collection["bbox"] = list(events_bbox(features, margin=0)) if features else None
    collection["total"] = total
    return _json(collection)


@router.get("/provinces.geojson", summary="The admin-1 areas of the matching events located only to a province")
def provinces_geojson(request: Request, query: EventQuery = Depends(event_query)) -> Response:
    """One feature per province (Natural Earth's admin-1 lines cutting the country, offline) with its
    number of matching events of ACLED geo-precision 3, so the map draws them as their province."""
    access = request.app.state.access

    def body() -> str:
        events, _ = exports.map_events(access.events, query)
        places = [e.place for e in events if e.place is not None and
                  e.place.latitude is not None and e.place.longitude is not None and
                  e.place.geo_precision >= PROVINCE_PRECISION]
        return json.dumps(province_collection(places), ensure_ascii=False)

    return Response(access.remember("provinces", repr(query), body), media_type="application/json")


@router.get("/events/{event_id}", summary="One event with its reports, claims, conflicts and corrections")
def get_event(event_id: str, request: Request) -> Response:
    detail = request.app.state.access.detail(event_id)
    if detail is None:
        raise HTTPException(404, f"no event {event_id}")
    return _json({
        "event": asdict(detail.event),
        "reports": [asdict(view.report) for view in detail.reports],
        "claims": [{**asdict(view.claim), "quote": view.quote, "conflicts_with": view.contradicts}
                   for view in detail.claims],
        "conflicts": [asdict(c) for c in detail.conflicts],
        "corrections": [asdict(c) for c in detail.corrections],
        "fields": [{"name": row.name, "value": row.value, "fused_by": [asdict(e) for e in row.fused_by],
                    "read_by": [asdict(e) for e in row.read_by]} for row in detail.fields],
    })


@router.get("/events.{fmt}", summary="Download the matching events (csv, jsonl, parquet)")
def export_events(fmt: Literal["csv", "jsonl", "parquet"], request: Request,
                  query: EventQuery = Depends(event_query)):
    return exports.export_response(_store(request), query, fmt)


# ---------------------------------------------------------------- articles, actors, claims, conflicts


@router.get("/articles", summary="Articles (without their text), one page")
def list_articles(request: Request, outlet: Optional[str] = Query(None, description="Only this outlet's."),
                  page: int = Query(1, ge=1, le=10**9), page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)) -> dict:
    store = _store(request)
    headers = article_headers(store, outlet, (page - 1) * page_size, page_size)
    return _paged([asdict(h) for h in headers], article_count(store, outlet), page, page_size)


@router.get("/articles/{article_id}", summary="One article with its text, annotations, reports and claims")
def get_article(article_id: str, request: Request) -> dict:
    store = _store(request)
    article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id}")
    annotations = article_annotations(store, article.article_id)
    return {
        "article": asdict(article),
        "annotations": asdict(annotations) if annotations else None,
        "reports": [asdict(r) for r in event_reports(store, article.article_id, include_all=True)],
        "claims": [asdict(c) for c in stored_claims(store, article.article_id)],
    }


@router.get("/actors", summary="Canonical actors with their number of mentions")
def list_actors(request: Request) -> dict:
    actors = [{**asdict(entity), "mentions": count} for entity, count in stored_entities(_store(request))]
    return _paged(actors, len(actors), 1, len(actors))


@router.get("/claims", summary="Claims, in reading order, one page")
def list_claims(request: Request, kind: Optional[str] = Query(None, description="killed, wounded, force_size, ..."),
                article_id: Optional[str] = Query(None, description="Only this article's."),
                page: int = Query(1, ge=1, le=10**9), page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)) -> dict:
    total, claims = claims_page(_store(request), kind, article_id, (page - 1) * page_size, page_size)
    return _paged([asdict(c) for c in claims], total, page, page_size)


@router.get("/conflicts", summary="Claims that disagree, by kind and subject, one page")
def list_conflicts(request: Request, page: int = Query(1, ge=1, le=10**9),
                   page_size: Optional[int] = Query(None, ge=1, le=MAX_PAGE_SIZE,
                                                    description=f"Default: all, at most {MAX_PAGE_SIZE}.")) -> dict:
    store = _store(request)
    total = conflict_count(store)
    size = page_size or min(total, MAX_PAGE_SIZE)  # read in SQL: a page, never every conflict
    conflicts = [asdict(c) for c in conflicts_page(store, (page - 1) * size, size)] if size else []
    return _paged(conflicts, total, page, size)


@router.get("/outlines.geojson", summary="Country outlines (offline base layer of the map)")
def outlines(west: float = Query(WORLD[0], ge=-180, le=180), south: float = Query(WORLD[1], ge=-90, le=90),
             east: float = Query(WORLD[2], ge=-180, le=180), north: float = Query(WORLD[3], ge=-90, le=90)) -> dict:
    if west >= east or south >= north:
        raise HTTPException(400, "bad parameter 'bbox': west must be below east and south below north")
    return outline_collection((float(round(west)), float(round(south)), float(round(east)), float(round(north))))


@router.get("/admin1.geojson", summary="Admin-1 (province) boundary lines in a box, for the map zoomed in")
def admin1_lines(west: float = Query(..., ge=-180, le=180), south: float = Query(..., ge=-90, le=90),
                 east: float = Query(..., ge=-180, le=180), north: float = Query(..., ge=-90, le=90)) -> Response:
    """Lines between provinces crossing the box, simplified for its width; none for a box wider than
    ADMIN1_MAX_WIDTH degrees (too far out for provinces to help). Natural Earth 1:10m, offline."""
    if west >= east or south >= north:
        raise HTTPException(400, "bad parameter 'bbox': west must be below east and south below north")
    # Whole degrees outward: the box still covers the view, and nearby views share a cached answer.
    box = (float(math.floor(west)), float(math.floor(south)), float(math.ceil(east)), float(math.ceil(north)))
    return _json(admin1_collection(box))


# ---------------------------------------------------------------- corrections


class CorrectionIn(BaseModel):
    """One correction. accept/reject need event_id; edit also field and value; merge event_ids;
    move event_id and report_id; undo correction_id."""

    action: Literal["accept", "reject", "edit", "merge", "move", "undo"]
    who: str = Field(min_length=1, description="Who makes the correction.")
    why: str = ""
    event_id: Optional[str] = None
    field: Optional[str] = Field(None, description="edit: one of " + ", ".join(review.EDITABLE_FIELDS))
    value: Any = None
    event_ids: list[str] = Field(default_factory=list, description="merge: the events made one (first keeps its id)")
    report_id: Optional[str] = None
    correction_id: Optional[int] = None


@router.get("/corrections", summary="The corrections log, oldest first")
def list_corrections(request: Request, event_id: Optional[str] = Query(None, description="Those bearing on this event.")) -> dict:
    log = [asdict(c) for c in review.corrections(_store(request), event_id)]
    return _paged(log, len(log), 1, len(log))


@router.post("/corrections", status_code=201, summary="Make a correction")
def add_correction(correction: CorrectionIn, request: Request) -> dict:
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise HTTPException(415, JSON_ONLY)
    made = _correct(_store(request), correction)
    request.app.state.access.invalidate()
    return asdict(made)


def _correct(store, c: CorrectionIn):
    if c.action == "undo":
        if c.correction_id is None:
            raise HTTPException(400, "bad parameter 'correction_id': undo needs it")
        return review.undo(store, c.correction_id, c.who)
    if c.action == "merge":
        return review.merge(store, c.event_ids, c.who, c.why)
    if not c.event_id:
        raise HTTPException(400, f"bad parameter 'event_id': {c.action} needs it")
    if c.action == "accept":
        return review.accept(store, c.event_id, c.who, c.why)
    if c.action == "reject":
        return review.reject(store, c.event_id, c.who, c.why)
    if c.action == "move":
        return review.move_report(store, c.report_id or "", c.event_id, c.who, c.why)
    return review.edit(store, c.event_id, c.field or "", c.value, c.who, c.why)
