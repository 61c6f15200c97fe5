"""`eventfold bench --serve`: the web app under load.

A store of 10,000 synthetic events (two reports from two outlets each, a figure claim per report,
one event in ten contested) is written through the store's own functions, served by
`eventfold serve` (one worker process per core) on loopback, and 50 concurrent clients, each with
a kept-alive connection, request the events page, an event page and the API list in turn for 30
seconds. Reported: requests, errors, the median and 95th-percentile latency of each kind, and the
load average before the run (the clients share the machine with the server and anything else).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from eventfold.model import (Article, Claim, Conflict, DateValue, Event, EventReport, Figure, Place, Provenance,
                             Quantity, ReportItem, Span)
from eventfold.serve.security import SESSION_COOKIE

EVENTS, CLIENTS, SECONDS = 10_000, 50, 30.0
START_DAY = date(2023, 1, 1)
DAYS = 365
# (name, latitude, longitude, ISO country, admin-1): towns the bench's events happen in.
TOWNS = (("El Fasher", 13.63, 25.35, "SD", "North Darfur"), ("Kadugli", 11.01, 29.72, "SD", "South Kordofan"),
         ("Gao", 16.27, -0.04, "ML", "Gao"), ("Goma", -1.68, 29.23, "CD", "North Kivu"),
         ("Maiduguri", 11.85, 13.16, "NG", "Borno"), ("Taiz", 13.58, 44.02, "YE", "Taiz"))
KINDS = ("events_page", "event_page", "api_list")
REQUEST_TIMEOUT = 30.0  # seconds; a request taking longer counts as an error


def build_store(path: Path, events: int = EVENTS, seed: int = 11) -> list[str]:
    """Write `events` synthetic events with their articles, reports, claims and conflicts; returns the event ids."""
    from eventfold.store import Store
    from eventfold.store.extractions import save_extraction
    from eventfold.store.fusion import add_item, replace_conflicts, save_event

    rng = random.Random(seed)
    ids = []
    with Store.open(path) as store, store.transaction():
        for number in range(events):
            event, articles, reports, claims, conflict = _synthetic_event(number, rng)
            for article, report, claim in zip(articles, reports, claims):
                store.insert_article(article, None, None)
                save_extraction(store, article.article_id, [report], [claim], [], article.content_hash, "bench")
                add_item(store, _item(report), event.event_id)
            save_event(store, event)
            if conflict:
                replace_conflicts(store, f"event:{event.event_id}", [conflict])
            ids.append(event.event_id)
    return ids


def _synthetic_event(number: int, rng: random.Random):
    name, latitude, longitude, country, admin1 = rng.choice(TOWNS)
    # A place id per event: re-writing a stored place (INSERT OR REPLACE) checks every row that
    # refers to it, which would make building the store quadratic.
    place = Place(1_000_000 + 2 * number, name, latitude, longitude, country, admin1, geo_precision=1, feature_class="P")
    day = (START_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
    when = DateValue(day, "day", "bench")
    figures = [rng.randrange(0, 40), rng.randrange(0, 40)]
    contested = number % 10 == 0
    if not contested:
        figures[1] = figures[0]
    event_id = f"ev-bench{number:06d}"
    articles, reports, claims = [], [], []
    for side, killed in enumerate(figures):
        article_id = f"a{number:06d}{side}"
        text = (f"Fighting near {name} on {day}: {killed} people were killed, a local official said. "
                f"Residents of {admin1} described heavy gunfire through the night.")
        articles.append(Article(article_id, text, title=f"Clashes near {name}", outlet=f"Outlet {side + number % 7}",
                                published=day, content_hash=f"bench-{article_id}"))
        span = Span(article_id, 0, len(text.split(":")[0]))
        quantity = Quantity(killed, killed, str(killed), "exact")
        reports.append(EventReport(f"r{number:06d}{side}", article_id, "Battles", "Armed clash", span,
                                   trigger="Fighting", actor1="Army", actor2="Rebels",
                                   place=replace(place, geonameid=place.geonameid + side),
                                   location_text=name, date=when, time_precision=1, fatalities=quantity,
                                   provenance=[Provenance("bench", span, "Fighting")], confidence=0.95))
        claims.append(Claim(f"c{number:06d}{side}", article_id, "people", "killed", str(killed), "a local official",
                            Span(article_id, text.index(str(killed)), text.index(str(killed)) + len(str(killed))),
                            quantity=quantity, event_report_id=f"r{number:06d}{side}", side="civilians"))
    event = Event(event_id, [r.report_id for r in reports], [a.article_id for a in articles], "Battles",
                  "Armed clash", date=when, time_precision=1, place=place, location_text=name, actor1="Army",
                  actor2="Rebels", fatalities=Figure(min(figures), min(figures), max(figures), 2),
                  claim_ids=[c.claim_id for c in claims], confidence=0.95)
    conflict = Conflict(f"cf-bench{number:06d}", event_id, "killed", "people",
                        [c.claim_id for c in claims], "figures differ") if contested else None
    return event, articles, reports, claims, conflict


def _item(report: EventReport) -> ReportItem:
    day = date.fromisoformat(report.date.value).toordinal()
    place = report.place
    return ReportItem(report.report_id, report.article_id, "violence", report.event_type, report.sub_event_type,
                      day, day, True, place.geonameid, place.country, place.admin1, None, place.latitude,
                      place.longitude, 1, [report.actor1, report.actor2])


# ---------------------------------------------------------------- load


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(db: Path, port: int, log, workers: Optional[int] = None) -> subprocess.Popen:
    """`eventfold serve` on loopback (`workers` processes, default: one per core), once it accepts connections."""
    command = [sys.executable, "-m", "eventfold.cli", "--db", str(db), "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log,
                              env=dict(os.environ, EVENTFOLD_TOKEN=""))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("eventfold serve exited before answering")
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("eventfold serve did not start within 60 s")


class Connection:
    """One client's HTTP/1.1 connection, kept alive between requests like a browser's.

    A few lines of asyncio streams instead of an HTTP library: the clients share the machine with
    the server, and a general client's own cost per request (several milliseconds of CPU) would
    be measured as the server's latency."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookie = ""
        self._streams = None

    async def get(self, path: str) -> int:
        """The status of GET `path`, its body read whole; the connection is reopened when the server closed it."""
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{cookie}\r\n".encode())
        try:
            await writer.drain()
            return await self._response(reader)
        except BaseException:
            self.close()
            raise

    async def _response(self, reader) -> int:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = [line.split(":", 1) for line in head[1:] if ":" in line]
        fields = {name.strip().lower(): value.strip() for name, value in headers}
        for name, value in headers:
            if name.strip().lower() == "set-cookie" and value.strip().startswith(SESSION_COOKIE + "="):
                self.cookie = value.strip().split(";", 1)[0]
        if fields.get("transfer-encoding", "").lower() == "chunked":
            await self._chunks(reader)
        else:
            await reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status

    @staticmethod
    async def _chunks(reader) -> None:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                return

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def _client(host: str, port: int, event_ids: list[str], rng: random.Random, until: float, found: dict) -> None:
    paths = {"events_page": lambda: "/events?page=" + str(rng.randrange(1, 200)),
             "event_page": lambda: "/events/" + rng.choice(event_ids),
             "api_list": lambda: "/api/events?page_size=50&page=" + str(rng.randrange(1, 200))}
    connection = Connection(host, port)
    turn = rng.randrange(len(KINDS))
    while time.monotonic() < until:
        kind = KINDS[turn % len(KINDS)]
        turn += 1
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(connection.get(paths[kind]()), REQUEST_TIMEOUT)
            problem = None if status == 200 else f"{kind}: HTTP {status}"
        except Exception as error:  # noqa: BLE001 - any failure of a request is an error to count
            problem = f"{kind}: {type(error).__name__}"
        found[kind].append(time.perf_counter() - started)
        if problem:
            found["errors"] += 1
            found["error_kinds"][problem] = found["error_kinds"].get(problem, 0) + 1
    connection.close()


async def _load(host: str, port: int, event_ids: list[str], clients: int, seconds: float) -> dict:
    found = {kind: [] for kind in KINDS}
    found["errors"] = 0
    found["error_kinds"] = {}
    warm_up = Connection(host, port)
    await warm_up.get("/events")  # the first request reads the events
    warm_up.close()
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(host, port, event_ids, random.Random(n), until, found) for n in range(clients)))
    return found


def _summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] if ordered else None
    return {"requests": len(ordered), "median_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
            "p95_ms": round(1000 * p95, 1) if p95 is not None else None}


def run_serve_bench(events: int = EVENTS, clients: int = CLIENTS, seconds: float = SECONDS) -> dict:
    with tempfile.TemporaryDirectory(prefix="eventfold-serve-bench-") as folder:
        db = Path(folder) / "bench.db"
        started = time.perf_counter()
        event_ids = build_store(db, events)
        build_seconds = time.perf_counter() - started
        port = _free_port()
        load_before = round(os.getloadavg()[0], 2)  # other work on the machine shares its cores
        with open(Path(folder) / "server.log", "w+b") as log:
            server = _start_server(db, port, log)
            try:
                found = asyncio.run(_load("127.0.0.1", port, event_ids, clients, seconds))
            finally:
                server.terminate()
                server.wait(timeout=30)
            log.seek(0)
            server_log = log.read().decode("utf-8", "replace").splitlines()
    total = sum(len(found[k]) for k in KINDS)
    return {
        "events": events, "clients": clients, "seconds": seconds, "store_build_seconds": round(build_seconds, 1),
        "server_workers": os.cpu_count() or 1, "load_average_before": load_before,
        "requests": total, "errors": found["errors"], "error_kinds": found["error_kinds"],
        "requests_per_s": round(total / seconds, 1),
        **{kind: _summary(found[kind]) for kind in KINDS},
        "server_errors": [line for line in server_log if "Error" in line][-5:],  # the last ones, for a failed run
    }
