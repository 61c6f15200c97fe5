"""The HTML pages: events table, map, timeline, event, article, actors, sources, contested claims,
corrections, and the review forms. Each page is a URL whose query string holds its filters."""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eventfold import review
from eventfold.extract.acled_types import EVENT_TYPES, SUB_EVENT_TYPES
from eventfold.review import EventQuery
from eventfold.serve import exports
from eventfold.serve.filters import event_query, query_url
from eventfold.serve.marking import annotation_marks, segments
from eventfold.serve.security import CSRF_FIELD
from eventfold.serve.timeline import timeline_of_counts
from eventfold.store.annotations import article_annotations
from eventfold.store.annotations import entities as stored_entities
from eventfold.store.extractions import claims as stored_claims
from eventfold.store.extractions import event_reports
from eventfold.store.dataset import conflicts_page
from eventfold.store.fusion import event_of_reports
from eventfold.serve.data import actor_event_counts, outlet_event_counts, outlets_of_events
from eventfold.store.web import (article_count, article_headers, claims_by_ids, conflict_count, headers_by_ids,
                                 outlet_summaries)

router = APIRouter(include_in_schema=False)
ANALYST_COOKIE = "eventfold_analyst"
# Columns of the events table a header click sorts by (review.SORTS names).
SORTABLE = {"date": "date", "type": "type", "country": "country", "fatalities": "fatalities", "sources": "sources",
            "confidence": "confidence"}
REVIEW_ACTIONS = ("accept", "reject", "edit", "merge", "move", "undo")
ARTICLES_PER_PAGE = 500
CONFLICTS_PER_PAGE = 500


def render(request: Request, template: str, nav: str, status: int = 200, **context) -> HTMLResponse:
    page = request.app.state.templates.get_template(template)
    html = page.render(csrf=request.state.csrf, csrf_field=CSRF_FIELD, nav=nav, status=status,
                       analyst=request.cookies.get(ANALYST_COOKIE, ""), **context)
    return HTMLResponse(html, status_code=status)


def render_shared(request: Request, template: str, nav: str, **context) -> str:
    """A page that is the same for every visitor (no form token, no analyst name: both are left
    empty, so it can be kept and served to anyone)."""
    page = request.app.state.templates.get_template(template)
    return page.render(csrf="", csrf_field=CSRF_FIELD, nav=nav, status=200, analyst="", **context)


def error_page(request: Request, status: int, message: str, nav: str = "") -> HTMLResponse:
    return render(request, "error.html", nav, status=status, message=message)


def _access(request: Request):
    return request.app.state.access


@router.get("/")
def home() -> Response:
    return RedirectResponse("/events", status_code=303)


# ---------------------------------------------------------------- events


@router.get("/events")
def events_page(request: Request, query: EventQuery = Depends(event_query)) -> HTMLResponse:
    access = _access(request)

    def html() -> str:
        page = access.events(query)
        snapshot = access.snapshot()
        outlets = outlets_of_events(access.store(), page.events)
        return render_shared(request, "events.html", "events", query=query, page=page,
                             rows=[(e, outlets[e.event_id]) for e in page.events],
                             pages=-(-page.total // page.page_size) if page.page_size else 1,
                             url=lambda path="/events", **changes: query_url(path, query, **changes),
                             filters_url=lambda path: query_url(path, query, keep_paging=False),
                             sort_url=lambda key: query_url("/events", query, sort=_flipped(query.sort, key), page=1),
                             sortable=SORTABLE, choices=_choices(snapshot), formats=exports.FORMATS)

    # The page itself is kept until the store changes: rendering the table costs more than reading it.
    return HTMLResponse(access.remember("events_html", repr(query), html))


def _flipped(current: str, key: str) -> str:
    """A header click sorts by its column; a second click reverses."""
    return f"-{key}" if current == key else key


def _choices(snapshot) -> dict[str, list[str]]:
    """The values the filter form offers: ACLED's types, and the places the events happen in."""
    return {
        "event_type": list(EVENT_TYPES),
        "sub_event_type": sorted({s.name for s in SUB_EVENT_TYPES}),
        "country": sorted({country for country, _ in snapshot.places if country}),
        "admin1": sorted({admin1 for _, admin1 in snapshot.places if admin1}),
    }


@router.get("/events/export.{fmt}")
def events_export(fmt: str, request: Request, query: EventQuery = Depends(event_query)) -> Response:
    return exports.export_response(_access(request).store(), query, fmt)


@router.get("/map")
def map_page(request: Request, query: EventQuery = Depends(event_query)) -> HTMLResponse:
    return render(request, "map.html", "map", query=query, tile_url=request.app.state.tile_url or "",
                  choices=_choices(_access(request).snapshot()),
                  data_url=query_url("/api/events.geojson", query, keep_paging=False),
                  provinces_url=query_url("/api/provinces.geojson", query, keep_paging=False),
                  filters_url=lambda path: query_url(path, query, keep_paging=False))


@router.get("/timeline")
def timeline_page(request: Request, query: EventQuery = Depends(event_query)) -> HTMLResponse:
    counts = _access(request).count_by_day(query)  # counted in SQL: no event is read
    timeline = timeline_of_counts(counts)

    def bar_url(bar) -> str:
        return query_url("/events", query, keep_paging=False, date_from=bar.first, date_to=bar.last,
                         event_type=bar.event_type)

    return render(request, "timeline.html", "timeline", query=query, timeline=timeline, bar_url=bar_url,
                  choices=_choices(_access(request).snapshot()),
                  total=sum(counts.values()), filters_url=lambda path: query_url(path, query, keep_paging=False))


# ---------------------------------------------------------------- one event


@router.get("/events/{event_id}")
def event_page(event_id: str, request: Request) -> Response:
    detail = _access(request).detail(event_id)
    if detail is None:
        return error_page(request, 404, f"no event {event_id}", "events")
    if detail.event.event_id != event_id:  # merged into another event: go to the one that holds it now
        return RedirectResponse(f"/events/{quote(detail.event.event_id)}", status_code=303)
    return render(request, "event.html", "events", detail=detail, editable=review.EDITABLE_FIELDS)


@router.post("/events/{event_id}/review")
async def review_event(event_id: str, request: Request) -> Response:
    form = await request.form()
    if not request.app.state.guard.csrf_ok(request.state.session, form.get(CSRF_FIELD)):
        return error_page(request, 403, "the form has expired or came from another site: reload the page and try again")
    action = str(form.get("action", ""))
    who = str(form.get("who", "")).strip()
    if action not in REVIEW_ACTIONS:
        return error_page(request, 400, f"unknown review action {action!r}: one of {', '.join(REVIEW_ACTIONS)}")
    correction = _apply(request, action, event_id, form, who)
    _access(request).invalidate()
    # A merge lands on the surviving event; every other correction stays on this one.
    target = correction.new if action == "merge" and correction.new else event_id
    response = RedirectResponse(f"/events/{quote(str(target))}", status_code=303)
    if who:
        response.set_cookie(ANALYST_COOKIE, who, httponly=True, samesite="strict")
    return response


def _apply(request: Request, action: str, event_id: str, form, who: str):
    """Hand the form to the review functions (they check the values and raise ReviewError)."""
    store = _access(request).store()
    why = str(form.get("why", ""))
    if action == "accept":
        return review.accept(store, event_id, who, why)
    if action == "reject":
        return review.reject(store, event_id, who, why)
    if action == "edit":
        return review.edit(store, event_id, str(form.get("field", "")), str(form.get("value", "")), who, why)
    if action == "merge":
        others = str(form.get("other", "")).replace(",", " ").split()
        return review.merge(store, [event_id, *others], who, why)
    if action == "move":
        return review.move_report(store, str(form.get("report_id", "")), event_id, who, why)
    return review.undo(store, _correction_number(form.get("correction_id")), who)


def _correction_number(value) -> int:
    text = str(value or "").strip()
    if not text.isdigit():
        raise review.ReviewError(f"bad correction number {text!r}")
    return int(text)


@router.get("/corrections")
def corrections_page(request: Request) -> HTMLResponse:
    log = review.corrections(_access(request).store())
    return render(request, "corrections.html", "corrections", corrections=list(reversed(log)))


# ---------------------------------------------------------------- articles


@router.get("/articles")
def articles_page(request: Request, outlet: Optional[str] = None,
                  page: int = Query(1, ge=1, le=10**9)) -> HTMLResponse:
    """The articles in ingestion order, ARTICLES_PER_PAGE a page (read in SQL; the pager shows only
    when there is more than one page)."""
    store = _access(request).store()
    total = article_count(store, outlet)
    headers = article_headers(store, outlet, (page - 1) * ARTICLES_PER_PAGE, ARTICLES_PER_PAGE)
    pages = max(1, -(-total // ARTICLES_PER_PAGE))

    def page_url(number: int) -> str:
        return "/articles?" + urlencode({**({"outlet": outlet} if outlet else {}), "page": number})

    return render(request, "articles.html", "articles", articles=headers, outlet=outlet, total=total, page=page,
                  pages=pages, page_url=page_url)


@router.get("/articles/{article_id}")
def article_page(article_id: str, request: Request) -> HTMLResponse:
    store = _access(request).store()
    article = store.article(article_id)
    if article is None:
        return error_page(request, 404, f"no article {article_id}", "articles")
    annotations = article_annotations(store, article.article_id)
    reports = list(event_reports(store, article.article_id, include_all=True))
    parts = [(name, segments(text, annotation_marks(annotations, name))) for name, text in article.parts()]
    # The machine's event of each report: an event merged away since redirects to where it went.
    event_of = event_of_reports(store, [r.report_id for r in reports])
    return render(request, "article.html", "articles", article=article, parts=parts, reports=reports,
                  claims=list(stored_claims(store, article.article_id)), event_of=event_of,
                  warnings=annotations.warnings if annotations else [])


# ---------------------------------------------------------------- actors, sources, contested


@router.get("/actors")
def actors_page(request: Request) -> HTMLResponse:
    as_side = actor_event_counts(_access(request).store())  # counted in SQL, no event read whole
    actors = list(stored_entities(_access(request).store()))
    return render(request, "actors.html", "actors", actors=actors, events_of=as_side,
                  actor_url=lambda name: query_url("/events", EventQuery(actor=name)))


@router.get("/sources")
def sources_page(request: Request) -> HTMLResponse:
    store = _access(request).store()
    events_of = outlet_event_counts(store)  # counted in SQL, no event read whole
    rows = [(outlet, articles, events_of[outlet], dates) for outlet, articles, dates in outlet_summaries(store)]
    return render(request, "sources.html", "sources", rows=rows)


@router.get("/contested")
def contested_page(request: Request, page: int = Query(1, ge=1, le=10**9)) -> HTMLResponse:
    """The conflicts side by side, CONFLICTS_PER_PAGE a page (read in SQL; the pager shows only when
    there is more than one page)."""
    store = _access(request).store()
    total = conflict_count(store)
    conflicts = conflicts_page(store, (page - 1) * CONFLICTS_PER_PAGE, CONFLICTS_PER_PAGE)
    claims = claims_by_ids(store, [i for c in conflicts for i in c.claim_ids])
    boards = [(c, [claims[i] for i in c.claim_ids if i in claims], c.event_id) for c in conflicts]
    articles = headers_by_ids(store, (c.article_id for c in claims.values()))
    return render(request, "contested.html", "contested", boards=boards, articles=articles, total=total, page=page,
                  pages=max(1, -(-total // CONFLICTS_PER_PAGE)), page_url=lambda number: f"/contested?page={number}")
