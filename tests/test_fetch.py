"""`eventfold fetch` against a real HTTP server on 127.0.0.1 started by the test (never the internet)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import run_cli
from eventfold.ingest.fetch import PoliteFetcher, fetch_pages

PAGE = """<html><head><title>{title}</title><meta property="article:published_time" content="2021-09-0{day}T08:00:00Z">
</head><body><article><h1>{title}</h1>
<p>The county council said on {weekday} that the new footbridge over the canal would open to walkers and cyclists
next month, after two years of building work that closed the towpath for most of that time.</p>
<p>Engineers finished the load tests last week, and the council expects about {count} crossings a day once the
bridge links the station with the market square on the far bank.</p></article></body></html>"""

PAGES = {
    "/news/bridge.html": PAGE.format(title="Footbridge to open next month", day=6, weekday="Monday", count=3000),
    "/news/towpath.html": PAGE.format(title="Towpath reopens after works", day=7, weekday="Tuesday", count=1200),
    "/private/draft.html": PAGE.format(title="Draft not for robots", day=8, weekday="Wednesday", count=10),
}
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def _feed(base: str) -> str:
    items = "".join(f"<item><title>{t}</title><link>{base}{p}</link><description>teaser</description></item>"
                    for p, t in (("/news/bridge.html", "a"), ("/news/towpath.html", "b"), ("/private/draft.html", "c")))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Canal News</title>{items}</channel></rss>'


@pytest.fixture
def server():
    """A local news site recording each request's path, User-Agent and time."""
    requests: list[tuple[str, str, float]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            requests.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            base = f"http://127.0.0.1:{self.server.server_port}"
            if self.path == "/robots.txt":
                self._send(200, "text/plain", ROBOTS)
            elif self.path == "/feed.xml":
                self._send(200, "application/rss+xml", _feed(base))
            elif self.path == "/old-link":
                self.send_response(301)
                self.send_header("Location", "/private/draft.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/news/bridge.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/big.html":
                self._send(200, "text/html", "<p>" + "x" * 300_000 + "</p>")
            elif self.path in PAGES:
                self._send(200, "text/html; charset=utf-8", PAGES[self.path])
            else:
                self._send(404, "text/plain", "not found")

        def _send(self, status, content_type, body):
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requests
    httpd.shutdown()
    httpd.server_close()


def test_fetcher_obeys_robots_rate_and_names_itself(server):
    base, requests = server
    fetcher = PoliteFetcher(rate=0.3, timeout=5)
    try:
        report = fetch_pages([base + p for p in PAGES] + [base + "/missing.html"], fetcher)
    finally:
        fetcher.close()
    assert sorted(page.url for page in report.fetched) == [base + "/news/bridge.html", base + "/news/towpath.html"]
    assert any("disallowed by" in p and "/private/draft.html" in p for p in report.problems)
    assert any("HTTP status 404" in p for p in report.problems)
    assert "/private/draft.html" not in [path for path, _, _ in requests]
    assert requests[0][0] == "/robots.txt"
    assert all(agent.startswith("eventfold/") for _, agent, _ in requests)
    times = [when for _, _, when in requests]
    assert all(later - earlier >= 0.25 for earlier, later in zip(times, times[1:]))


def test_redirects_are_followed_and_each_hop_obeys_robots(server):
    base, requests = server
    fetcher = PoliteFetcher(rate=0, timeout=5)
    try:
        moved = fetcher.get(base + "/moved")
        hidden = fetcher.get(base + "/old-link")
    finally:
        fetcher.close()
    assert moved.status == 200 and moved.url == base + "/news/bridge.html"
    assert isinstance(hidden, str) and "disallowed by" in hidden
    assert "/private/draft.html" not in [path for path, _, _ in requests]


def test_fetcher_drops_a_body_over_the_size_limit(server):
    base, _ = server
    fetcher = PoliteFetcher(rate=0, timeout=5, max_bytes=100_000)
    try:
        result = fetcher.get(base + "/big.html")
    finally:
        fetcher.close()
    assert isinstance(result, str) and "larger than" in result


def test_unreachable_robots_means_nothing_is_fetched():
    fetcher = PoliteFetcher(rate=0, timeout=2)
    try:
        result = fetcher.get("http://127.0.0.1:9/news.html")  # the discard port: nothing listens
    finally:
        fetcher.close()
    assert isinstance(result, str) and "robots.txt" in result


def test_fetch_command_ingests_pages_of_a_feed(server, tmp_path):
    base, requests = server
    db = tmp_path / "s.db"
    warc = tmp_path / "pages.warc.gz"
    result = run_cli("--db", str(db), "fetch", "--feed", "--rate", "0.05", "--warc", str(warc), "--no-process",
                     base + "/feed.xml")
    errors = result.stderr.decode()
    assert result.returncode == 1, errors  # the disallowed item is a problem
    assert "disallowed by" in errors
    listed = run_cli("--db", str(db), "articles", "--json")
    rows = [json.loads(line) for line in listed.stdout.decode().splitlines()]
    assert sorted(r["title"] for r in rows) == ["Footbridge to open next month", "Towpath reopens after works"]
    assert {r["url"] for r in rows} == {base + "/news/bridge.html", base + "/news/towpath.html"}
    assert {r["published"] for r in rows} == {"2021-09-06", "2021-09-07"}
    assert warc.exists()


def test_fetch_command_reads_urls_from_a_file(server, tmp_path):
    base, _ = server
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# canal stories\n{base}/news/bridge.html\n\n{base}/news/towpath.html\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = run_cli("--db", str(db), "fetch", "--from-file", str(listing), "--rate", "0.05",
                     "--warc", str(tmp_path / "p.warc"), "--no-process")
    assert result.returncode == 0, result.stderr.decode()
    listed = run_cli("--db", str(db), "articles", "--json")
    assert len(listed.stdout.decode().splitlines()) == 2
