"""Fetching pages the user names (or a feed's item links), politely, into a WARC file.

Only when asked (`eventfold fetch`): nothing else in eventfold touches the network. Rules:
- robots.txt is read once per host (urllib.robotparser) and obeyed for our User-Agent; a missing
  robots.txt (4xx) allows everything, an unreachable one (5xx, network error) allows nothing,
  as RFC 9309 says; a Crawl-delay larger than `--rate` is honoured;
- at most one request per host every `rate` seconds (robots.txt requests count too);
- a User-Agent naming eventfold, a timeout per request, and at most MAX_ARTICLE_BYTES per body
  (read in blocks; a larger body is dropped with a message);
- redirects (at most MAX_REDIRECTS) are followed one by one, each checked like a new URL.
Fetched responses are written to a WARC file, which `ingest` then reads like any other WARC, so
the raw pages stay archived next to the store with their URL and fetch time.
"""

from __future__ import annotations

import io
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Optional

from eventfold import __version__
from eventfold.ingest.outlets import split_url
from eventfold.ingest.readers import MAX_ARTICLE_BYTES, short_reason

USER_AGENT = f"eventfold/{__version__} (news event dataset builder; fetches only URLs its user names)"
ROBOTS_AGENT = "eventfold"
DEFAULT_RATE_SECONDS = 1.0
DEFAULT_TIMEOUT_SECONDS = 20.0
READ_BLOCK_BYTES = 64 * 1024
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class Fetched:
    """One response as received (after redirects)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    location: Optional[str] = None  # where a redirect points


@dataclass
class FetchReport:
    fetched: list[Fetched] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class PoliteFetcher:
    """HTTP GETs that respect robots.txt, a per-host rate and a size limit."""

    def __init__(self, rate: float = DEFAULT_RATE_SECONDS, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 max_bytes: int = MAX_ARTICLE_BYTES, sleep: Callable[[float], None] = time.sleep):
        import httpx

        self.rate, self.max_bytes, self._sleep = rate, max_bytes, sleep
        # Redirects are followed by `get`, so that robots.txt and the rate apply to every hop.
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT})
        self._robots: dict[str, Optional[urllib.robotparser.RobotFileParser]] = {}
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> Fetched | str:
        """The response, or a one-line reason why there is none; each redirect is checked like a new URL."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self._get_one(url)
            if isinstance(response, str) or response.status not in _REDIRECTS or not response.location:
                return response
            url = response.location
        return f"{url}: more than {MAX_REDIRECTS} redirects; not fetched"

    def _get_one(self, url: str) -> Fetched | str:
        parts = split_url(url)
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            return f"{url}: not an http(s) URL"
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots_for(origin)
        if robots is None:
            return f"{url}: robots.txt of {origin} could not be read; not fetched (RFC 9309: unreachable means disallowed)"
        if not robots.can_fetch(ROBOTS_AGENT, url):
            return f"{url}: disallowed by {origin}/robots.txt; not fetched"
        return self._get(url, origin, self._delay_for(robots))

    def _delay_for(self, robots: urllib.robotparser.RobotFileParser) -> float:
        crawl_delay = robots.crawl_delay(ROBOTS_AGENT)
        return max(self.rate, float(crawl_delay or 0))

    def _robots_for(self, origin: str) -> Optional[urllib.robotparser.RobotFileParser]:
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin]

    def _read_robots(self, origin: str) -> Optional[urllib.robotparser.RobotFileParser]:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        response = self._get(origin + "/robots.txt", origin, self.rate)
        for _ in range(MAX_REDIRECTS):  # RFC 9309: follow at least five redirects for robots.txt
            if isinstance(response, str) or response.status not in _REDIRECTS or not response.location:
                break
            target = split_url(response.location)
            if target is None or not target.hostname:
                break
            response = self._get(response.location, f"{target.scheme}://{target.netloc}", self.rate)
        if isinstance(response, str) or response.status >= 500 or response.status in _REDIRECTS:
            return None
        if response.status in (401, 403):
            parser.disallow_all = True
        elif response.status >= 400:
            parser.allow_all = True
        else:
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser

    def _get(self, url: str, origin: str, delay: float) -> Fetched | str:
        import httpx

        self._wait_turn(origin, delay)
        try:
            with self._client.stream("GET", url) as response:
                body = self._bounded_body(response)
                if body is None:
                    return f"{url}: response larger than {self.max_bytes // 2**20} MiB; dropped"
                location = response.headers.get("Location")
                return Fetched(url=str(response.url), status=response.status_code,
                               headers=list(response.headers.items()), body=body,
                               fetched_at=datetime.now(timezone.utc),
                               location=str(response.url.join(location)) if location else None)
        except httpx.HTTPError as error:
            return f"{url}: could not fetch ({short_reason(error)})"
        finally:
            self._last_request[origin] = time.monotonic()

    def _wait_turn(self, origin: str, delay: float) -> None:
        last = self._last_request.get(origin)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                self._sleep(remaining)

    def _bounded_body(self, response) -> Optional[bytes]:
        blocks, total = [], 0
        for block in response.iter_bytes(READ_BLOCK_BYTES):
            total += len(block)
            if total > self.max_bytes:
                return None
            blocks.append(block)
        return b"".join(blocks)


def fetch_pages(urls: Iterable[str], fetcher: PoliteFetcher, *, feeds: bool = False,
                on_message: Callable[[str], None] = lambda message: None) -> FetchReport:
    """Fetch each URL (with `feeds`, each URL is a feed and its items' links are fetched)."""
    report = FetchReport()
    for url in urls:
        for page_url in (_feed_links(url, fetcher, report, on_message) if feeds else [url]):
            result = fetcher.get(page_url)
            if isinstance(result, str):
                _problem(report, result, on_message)
            elif result.status != 200:
                _problem(report, f"{page_url}: HTTP status {result.status}; not stored", on_message)
            else:
                report.fetched.append(result)
    return report


def _feed_links(url: str, fetcher: PoliteFetcher, report: FetchReport, on_message) -> list[str]:
    import feedparser

    result = fetcher.get(url)
    if isinstance(result, str) or result.status != 200:
        reason = result if isinstance(result, str) else f"{url}: HTTP status {result.status}"
        _problem(report, f"{reason} (feed)", on_message)
        return []
    parsed = feedparser.parse(io.BytesIO(result.body))
    links = [entry.get("link") for entry in parsed.get("entries") or []]
    if not any(links):
        _problem(report, f"{url}: no feed items with links found", on_message)
    return [link for link in links if link]


def _problem(report: FetchReport, message: str, on_message) -> None:
    report.problems.append(message)
    on_message(message)


def write_warc(pages: list[Fetched], path: str) -> None:
    """The fetched responses as WARC response records (gzipped when the name ends in .gz)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.endswith(".gz"))
        for page in pages:
            headers = [(k, v) for k, v in page.headers if k.lower() not in ("content-encoding", "transfer-encoding",
                                                                               "content-length")]
            http_headers = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                page.url, "response", payload=io.BytesIO(page.body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": page.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
            writer.write_record(record)
