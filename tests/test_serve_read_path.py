"""The web app reads only what a page shows: article lists and map layers page in SQL, a page's outlets
come from its own articles' headers, the sources and actors pages count events page by page. Each
answer must be what the whole-store reads gave. Real spaCy model, real SQLite store (the sample corpus
copied twice with analysts' corrections, as tests/test_shown_read_path.py builds it), a real uvicorn
on loopback; page sizes are made small so that every read crosses pages."""

from __future__ import annotations

import json
import re
import urllib.request
from collections import Counter

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install -r requirements.lock)")

from serve_support import running_app
from test_shown_read_path import corrected_store  # noqa: F401  (the store fixture)

from eventfold import review
from eventfold.review import EventQuery
from eventfold.serve import exports, pages
from eventfold.serve.data import outlets_of, outlets_of_events, reviewed_event_chunks
from eventfold.store import Store
from eventfold.store.web import article_headers, headers_by_ids, outlet_summaries


def _get(base: str, url: str):
    with urllib.request.urlopen(base + url) as response:
        body = response.read().decode("utf-8")
    return json.loads(body) if url.startswith("/api/") else body


def _whole_store_outlets(store, event) -> list[str]:
    """What the app's snapshot of every article header gave for an event."""
    return outlets_of(event, {h.article_id: h for h in article_headers(store)})


@pytest.fixture(scope="module")
def app(corrected_store):  # noqa: F811
    with running_app(corrected_store) as base:
        yield base


def test_map_layers_page_the_matching_events_and_stop_at_the_cap(app, corrected_store, monkeypatch):  # noqa: F811
    monkeypatch.setattr(exports, "MAX_PAGE_SIZE", 3)
    monkeypatch.setattr(exports, "MAX_MAP_EVENTS", 8)
    with Store.open(corrected_store) as store:
        everything = review.query_events(store, EventQuery(page_size=0))
        wanted = everything.events[:8]
        outlets = {e.event_id: _whole_store_outlets(store, e) for e in wanted}
    assert everything.total > 8
    collection = _get(app, "/api/events.geojson")
    assert collection["total"] == everything.total
    located = [e for e in wanted if e.place is not None and e.place.latitude is not None]
    assert [f["properties"]["event_id"] for f in collection["features"]] == [e.event_id for e in located]
    assert [f["properties"]["sources"] for f in collection["features"]] == [outlets[e.event_id] for e in located]


def test_article_lists_page_in_sql(app, corrected_store, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pages, "ARTICLES_PER_PAGE", 5)
    with Store.open(corrected_store) as store:
        every = [h.article_id for h in article_headers(store)]
        outlet = Counter(h.outlet for h in article_headers(store) if h.outlet).most_common(1)[0][0]
        of_outlet = [h.article_id for h in article_headers(store) if h.outlet == outlet]
    assert len(every) > 10 and 1 < len(of_outlet) < len(every)
    answer = _get(app, "/api/articles?page=2&page_size=4")
    assert answer["total"] == len(every) and [a["article_id"] for a in answer["items"]] == every[4:8]
    answer = _get(app, "/api/articles?page_size=500&outlet=" + urllib.request.quote(outlet))
    assert answer["total"] == len(of_outlet) and [a["article_id"] for a in answer["items"]] == of_outlet
    listed = []
    for number in range(1, -(-len(every) // 5) + 1):
        html = _get(app, f"/articles?page={number}")
        assert f"page {number} of {-(-len(every) // 5)}" in html
        listed += re.findall(r'<a href="/articles/([0-9a-f]+r?[0-9a-f]*)">', html)
    assert listed == every


def test_outlets_and_sources_are_those_of_every_header(corrected_store):  # noqa: F811
    with Store.open(corrected_store) as store:
        headers = article_headers(store)
        chunks = list(reviewed_event_chunks(store, size=4))
        assert [e.event_id for chunk in chunks for e in chunk] == [e.event_id for e in review.reviewed_events(store)]
        assert len(chunks) > 2
        for chunk in chunks:
            assert outlets_of_events(store, chunk) == {e.event_id: _whole_store_outlets(store, e) for e in chunk}
        assert headers_by_ids(store, [h.article_id for h in headers[3:9]]) == {h.article_id: h for h in headers[3:9]}
        summaries = outlet_summaries(store)
    articles_of, dates = Counter(), {}
    for header in headers:  # the sources page's former reading of every header
        outlet = header.outlet or "(unknown outlet)"
        articles_of[outlet] += 1
        if header.published:
            low, high = dates.get(outlet, (header.published, header.published))
            dates[outlet] = (min(low, header.published), max(high, header.published))
    assert summaries == [(o, articles_of[o], dates.get(o)) for o in sorted(articles_of, key=lambda o: (-articles_of[o], o))]


def test_event_table_and_sources_page_name_each_events_outlets(app, corrected_store):  # noqa: F811
    with Store.open(corrected_store) as store:
        events = review.query_events(store, EventQuery(page_size=5, page=2)).events
        outlets = {e.event_id: _whole_store_outlets(store, e) for e in events}
        counted = Counter(o for e in review.reviewed_events(store) for o in _whole_store_outlets(store, e))
    answer = _get(app, "/api/events?page=2&page_size=5")
    assert [e["event_id"] for e in answer["items"]] == list(outlets)
    html = _get(app, "/events?page=2&page_size=5")
    for event_id, names in outlets.items():
        row = html[html.index(f'href="/events/{event_id}"'):]
        row = row[:row.index("</tr>")]
        assert all(name in row for name in names)
    sources = _get(app, "/sources")
    for outlet, events in counted.items():
        assert re.search(rf">{re.escape(outlet)}</a></td><td class=\"number\">\d+</td>\s*<td class=\"number\">{events}</td>",
                         sources), outlet


def test_downloads_page_the_events_and_write_what_one_whole_read_wrote(app, corrected_store, monkeypatch, tmp_path):  # noqa: F811
    from eventfold.export.rows import event_rows
    from eventfold.export.writers import write_rows
    from eventfold.store.dataset import event_page

    monkeypatch.setattr(exports, "MAX_PAGE_SIZE", 4)
    with Store.open(corrected_store) as store:
        events = review.query_events(store, EventQuery(page_size=0, min_confidence=0.5)).events
        assert len(events) > 8
        write_rows(event_rows(event_page(store, events)), "csv", tmp_path / "whole.csv")
    with urllib.request.urlopen(app + "/api/events.csv?min_confidence=0.5") as response:
        assert response.read() == (tmp_path / "whole.csv").read_bytes()



@pytest.mark.parametrize("filters", ["", "?contested=true", "?min_confidence=0.8&event_type=Battles", "?reviewed=true",
                                     "?date_from=2021-08-01&date_to=2023-12-31"])
def test_timeline_counts_in_sql_what_every_matching_event_gave(app, corrected_store, filters):  # noqa: F811
    from eventfold.review.query import count_by_day
    from eventfold.serve.timeline import build_timeline, timeline_of_counts

    params = dict(pair.split("=") for pair in filters.lstrip("?").split("&") if pair)
    query = EventQuery(**{k: (v == "true") if v in ("true", "false") else float(v) if k == "min_confidence" else v
                          for k, v in params.items()}, page_size=0)
    with Store.open(corrected_store) as store:
        every = review.query_events(store, query)  # what the page read before: every matching event
        counts = count_by_day(store, query)
    drawn = build_timeline(every.events)
    assert timeline_of_counts(counts) == drawn and sum(counts.values()) == every.total
    html = _get(app, "/timeline" + filters)
    assert f"{every.total} event" in html and html.count("<rect") >= len(drawn.bars)
    if not filters:  # not vacuous: corrected events (replayed in Python) and the SQL's are both counted
        assert every.total > 12 and len(drawn.bars) > 5 and any(e.reviewed for e in every.events)


def test_conflicts_page_in_sql(app, corrected_store, monkeypatch):  # noqa: F811
    from dataclasses import asdict

    from eventfold.store.fusion import conflicts as stored_conflicts

    monkeypatch.setattr(pages, "CONFLICTS_PER_PAGE", 2)
    with Store.open(corrected_store) as store:
        every = stored_conflicts(store)  # what both answers read before: every conflict
    assert len(every) > 4
    whole = _get(app, "/api/conflicts")
    assert whole == {"total": len(every), "page": 1, "page_size": len(every),
                     "items": json.loads(json.dumps([asdict(c) for c in every]))}
    second = _get(app, "/api/conflicts?page=2&page_size=2")
    assert second["total"] == len(every) and second["items"] == whole["items"][2:4] and second["page_size"] == 2
    listed, pages_count = [], -(-len(every) // 2)
    for number in range(1, pages_count + 1):
        html = _get(app, f"/contested?page={number}")
        assert f"{len(every)} disagreements" in html and f"page {number} of {pages_count}" in html
        listed += re.findall(r'<section class="board" id="conflict-([^"]+)">', html)
    assert listed == [c.conflict_id for c in every]


def test_actor_event_counts_are_those_of_every_event(app, corrected_store):  # noqa: F811
    from eventfold.serve.data import actor_event_counts

    from eventfold.store.annotations import entities

    with Store.open(corrected_store) as store:
        every = review.reviewed_events(store)  # what the actors page read before: every event
        counted = actor_event_counts(store)
        listed = {entity.name for entity, _ in entities(store)}  # the page lists the canonical actors
    expected = Counter(name for e in every for name in {e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2} if name)
    assert counted == expected and len(expected) > 5
    html = _get(app, "/actors")
    shown = [name for name in expected if name in listed]
    assert len(shown) >= 5 and all(name in html for name in shown)


def test_outlet_event_counts_are_those_of_every_event(corrected_store):  # noqa: F811
    from eventfold.serve.data import outlet_event_counts

    with Store.open(corrected_store) as store:
        expected = Counter(o for e in review.reviewed_events(store) for o in _whole_store_outlets(store, e))
        assert outlet_event_counts(store) == expected and len(expected) > 5
