"""The web app under load, on the bench's synthetic store (real SQLite file, real `eventfold serve`
processes on loopback): several worker processes agree on the form tokens and see each other's
corrections at once; cached pages follow any commit to the store; pages read straight from the
index are the same as pages merged with corrected events; and a short `bench --serve` run
answers every request. The latency figures themselves are `eventfold bench --serve`'s
(docs/quality.md), not asserted here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from eventfold import review
from eventfold.review import EventQuery, query_events
from eventfold.serve.bench import _free_port, _start_server, build_store, run_serve_bench
from eventfold.serve.data import StoreAccess
from eventfold.store import Store

EVENTS = 120


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("serve-load") / "bench.db"
    return path, build_store(path, EVENTS)


@pytest.fixture
def writable(bench_store, tmp_path) -> tuple[Path, list[str]]:
    path, ids = bench_store
    copy = tmp_path / "copy.db"
    with Store.open(path) as store:  # a consistent copy, write-ahead log included
        store.connection.execute("VACUUM INTO ?", (str(copy),))
    return copy, ids


@pytest.fixture
def two_workers(writable, tmp_path):
    path, ids = writable
    port = _free_port()
    with open(tmp_path / "server.log", "w+b") as log:
        server = _start_server(path, port, log, workers=2)
        try:
            yield f"http://127.0.0.1:{port}", ids
        finally:
            server.terminate()
            server.wait(timeout=30)


def _fresh_get(url: str, session: str = "") -> httpx.Response:
    """A request on a new connection, so that successive ones may reach different workers."""
    cookies = {"eventfold_session": session} if session else {}
    with httpx.Client(cookies=cookies, timeout=30) as client:
        return client.get(url, headers={"Connection": "close"})


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_workers_share_the_form_secret_and_each_others_corrections(two_workers):
    base, ids = two_workers
    event_id = ids[3]
    first = _fresh_get(f"{base}/events/{event_id}")
    session = first.cookies["eventfold_session"]
    tokens = {_csrf(_fresh_get(f"{base}/events/{event_id}", session).text) for _ in range(12)}
    assert tokens == {_csrf(first.text)}  # whichever worker rendered the form
    for fatalities in (7, 8, 9):
        with httpx.Client(cookies={"eventfold_session": session}, timeout=30) as client:
            posted = client.post(f"{base}/events/{event_id}/review", headers={"Connection": "close"},
                                 data={"csrf": _csrf(first.text), "action": "edit", "field": "fatalities",
                                       "value": str(fatalities), "who": "ana"})
        assert posted.status_code == 303, posted.text
        seen = {_fresh_get(f"{base}/api/events/{event_id}").json()["event"]["fatalities"]["value"] for _ in range(6)}
        assert seen == {fatalities}  # every worker shows the new value at once


def test_cached_pages_follow_a_commit_by_another_program(writable):
    path, ids = writable
    access = StoreAccess(str(path))
    query = EventQuery(event_ids=[ids[0]])
    assert access.events(query).events[0].fatalities.value != 33
    assert access.events(query) is access.events(query)  # kept while the store is unchanged
    with Store.open(path) as other:  # another process's connection, as `eventfold process` would be
        review.edit(other, ids[0], "fatalities", 33, "ana")
    assert access.events(query).events[0].fatalities.value == 33


def test_index_read_pages_match_pages_merged_with_corrections(writable):
    path, ids = writable
    with Store.open(path) as store:
        for sort in ("date", "-date", "fatalities"):
            whole = [e.event_id for e in query_events(store, EventQuery(sort=sort, page_size=0)).events]
            paged = [e.event_id for page in range(1, 6)
                     for e in query_events(store, EventQuery(sort=sort, page=page, page_size=25)).events]
            assert paged == whole and len(whole) == EVENTS
        review.edit(store, ids[10], "event_date", "2024-06-01", "ana")  # now the latest event
        whole = [e.event_id for e in query_events(store, EventQuery(page_size=0)).events]
        paged = [e.event_id for page in range(1, 6)
                 for e in query_events(store, EventQuery(page=page, page_size=25)).events]
        assert paged == whole and whole[-1] == ids[10]


def test_a_short_bench_run_answers_every_request():
    result = run_serve_bench(events=200, clients=4, seconds=2.0)
    assert result["errors"] == 0, result["error_kinds"]
    for kind in ("events_page", "event_page", "api_list"):
        assert result[kind]["requests"] > 0 and result[kind]["p95_ms"] >= result[kind]["median_ms"] > 0


def test_serve_refuses_a_bad_worker_count(writable):
    path, _ = writable
    result = subprocess.run([sys.executable, "-m", "eventfold.cli", "--db", str(path), "serve", "--workers", "0"],
                            capture_output=True, timeout=60, env=dict(os.environ, EVENTFOLD_TOKEN=""))
    assert result.returncode == 2 and b"--workers" in result.stderr
