"""Ingest stage: raw documents (text dumps, HTML, JSON records, WARC responses) to Articles.

`parse_document` is the stage's one entry point: it picks the parser for the document's
format, fills the metadata (title, outlet, byline, publication date with its precision and
source) and returns an `Article`, or an `IngestProblem` when no story text can be found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional, Union

from eventfold.ingest.dedup import article_id_for, content_hash
from eventfold.ingest.readers import RawDocument
from eventfold.model import Article, DateValue, IngestProblem

# Precisions of a stamp that names its day.
DAY_PRECISIONS = ("day", "hour", "minute", "second")
# Stories shorter than this many characters are page debris, not articles.
MIN_STORY_CHARS = 80


@dataclass(frozen=True)
class IngestOptions:
    retrieved_at: Optional[datetime] = None  # when the documents were fetched: anchors "2 days ago"
    date_order: Optional[str] = None  # DMY, MDY or YMD for ambiguous numeric dates like 09/04/2021


def parse_document(raw: RawDocument, options: IngestOptions) -> Union[Article, IngestProblem]:
    retrieved_at = _retrieval_time(raw, options)
    if raw.format in ("html", "json-html"):
        article = _from_html(raw, retrieved_at, options)
    else:
        article = _from_text(raw, retrieved_at, options)
    # A record's own title counts: a feed item's headline and summary are the whole story. A summary
    # that reads as a photo's caption is still its text ("8 injured in car-ramming in Tel Aviv" over
    # "Emergency personnel work at the site ... on July 4, 2023. (AFP via Getty Images)"), and a
    # headline is story enough when the summary only repeats it.
    record = _is_record(raw) and bool((article.title or "").strip())
    if record and not article.text.strip() and article.captions:
        article.text, article.captions = "\n\n".join(article.captions), []  # the summary, however it reads
    told = f"{article.title or ''} {article.text}" if record else article.text
    if len(told.strip()) < MIN_STORY_CHARS or not (article.text.strip() or record):
        return IngestProblem(raw.path, "no article text found", line=raw.line)
    article.content_hash = content_hash(f"{article.title or ''}\n{article.text}")
    article.article_id = article_id_for(article.content_hash)
    article.retrieved_at = retrieved_at.isoformat() if retrieved_at else None
    _set_language(article, raw)
    return article


def _is_record(raw: RawDocument) -> bool:
    """A JSON record or feed item: its title and fields were given apart from the text."""
    return raw.format.startswith(("json", "feed"))


def _set_language(article: Article, raw: RawDocument) -> None:
    """The detected language (the page's declared one when the text is too short to tell); a
    non-English article is kept with a warning, since extraction reads English."""
    from eventfold.ingest.language import detect_language, non_english_warning

    article.language = detect_language(f"{article.title or ''}\n{article.text}") or _primary_subtag(article.language)
    warning = non_english_warning(article.language)
    if warning:
        _warn(raw, warning)


def _primary_subtag(language: Optional[str]) -> Optional[str]:
    """"en-GB" or "en_US" -> "en"."""
    code = (language or "").strip().split("-")[0].split("_")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _from_text(raw: RawDocument, retrieved_at: Optional[datetime], options: IngestOptions) -> Article:
    from eventfold.ingest.text import parse_text_dump

    content = raw.content
    if raw.title and not content.lstrip().startswith(raw.title.strip()):
        content = f"{raw.title}\n\n{content}"  # lets the dump parser take the record's title as headline
    parsed = parse_text_dump(content, retrieved_at=retrieved_at, date_order=options.date_order, url=raw.url)
    article = Article(
        article_id="",
        text=parsed.text,
        title=parsed.title,
        captions=list(parsed.captions),
        url=raw.url or parsed.url,
        path=raw.location,
        outlet=parsed.outlet,
        outlet_source=parsed.outlet_source,
        byline=raw.byline or parsed.byline,
        dateline=parsed.dateline,
        source_format=raw.format.split("-")[0] if _is_record(raw) else "text",
    )
    _set_published(article, parsed.published)
    _apply_record_metadata(article, raw, retrieved_at, options)
    return article


def _from_html(raw: RawDocument, retrieved_at: Optional[datetime], options: IngestOptions) -> Article:
    from eventfold.ingest.html import extract_html
    from eventfold.ingest.outlets import outlet_from_url
    from eventfold.ingest.pubdate import find_publication_date

    extraction = extract_html(raw.content, raw.url)
    url = raw.url or extraction.url
    article = Article(
        article_id="",
        text=extraction.text,
        title=extraction.title,
        captions=list(extraction.captions),
        url=url,
        path=raw.location,
        byline=extraction.byline,
        language=extraction.language,
        source_format="warc" if raw.line is not None and raw.format == "html" else raw.format.replace("json-html", "json"),
    )
    named_outlet = extraction.sitename if extraction.sitename and not _looks_like_host(extraction.sitename) else None
    if named_outlet:
        article.outlet, article.outlet_source = named_outlet, "html:site-name"
    elif url and outlet_from_url(url):
        article.outlet, article.outlet_source = outlet_from_url(url), "url"
    elif extraction.sitename:
        article.outlet, article.outlet_source = outlet_from_url("http://" + extraction.sitename), "html:host"
    _set_published(article, find_publication_date(raw.content, url))
    _apply_record_metadata(article, raw, retrieved_at, options)
    return article


def _retrieval_time(raw: RawDocument, options: IngestOptions) -> Optional[datetime]:
    """When the page was fetched: the record's own field, else the time a web archive's capture
    address carries (the text is the archive's copy of that moment, whenever the archive itself
    was read), else the batch's --retrieved-at."""
    from eventfold.ingest.outlets import archive_capture_time

    return _parse_retrieved_at(raw.retrieved_at) or archive_capture_time(raw.url) or options.retrieved_at


def _apply_record_metadata(article: Article, raw: RawDocument, retrieved_at, options: IngestOptions) -> None:
    """Fields a JSON record states explicitly win over what was inferred from the text, except a
    date after the page was retrieved: that is no publication date (a crawl's or a feed's own day)."""
    if raw.title:
        article.title = raw.title.strip()
    if raw.outlet:
        article.outlet, article.outlet_source = raw.outlet.strip(), "record:source"
    if raw.published:
        from eventfold.ingest.stamps import parse_date_stamp

        stated = parse_date_stamp(raw.published, retrieved_at=retrieved_at, date_order=options.date_order,
                                  outlet=article.outlet)
        if stated is not None and _after_retrieval(stated, retrieved_at):
            _warn(raw, f"record date {stated.value[:10]} is after the page was retrieved "
                       f"({retrieved_at.date().isoformat()}): not taken as its publication date")
            return
        if stated is not None and (stated.value or not article.published):
            _set_published(article, DateValue(stated.value, stated.precision, source="record:" + (stated.source or "date"),
                                              reason=stated.reason))


def _warn(raw: RawDocument, warning: str) -> None:
    raw.warning = f"{raw.warning}; {warning}" if raw.warning else warning


def _after_retrieval(stated: DateValue, retrieved_at: Optional[datetime]) -> bool:
    """A stated day later than the retrieval's (a day's grace for time zones)."""
    if retrieved_at is None or not stated.value or stated.precision not in DAY_PRECISIONS:
        return False
    return date.fromisoformat(stated.value[:10]) > retrieved_at.date() + timedelta(days=1)


def _set_published(article: Article, date: Optional[DateValue]) -> None:
    if date is None:
        return
    article.published = date.value
    article.published_precision = date.precision if date.value else None
    article.published_source = date.source if date.value else f"unknown: {date.reason or 'no date found'}"


def _looks_like_host(name: str) -> bool:
    return " " not in name.strip() and "." in name


def _parse_retrieved_at(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
