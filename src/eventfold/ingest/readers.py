"""Readers: turn files, folders and standard input into raw documents, or into problems.

A reader never raises on bad input. Whatever cannot be read becomes an `IngestProblem` naming
the file (and line or record) and the reason, and the batch goes on with the next thing.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from eventfold.model import IngestProblem

# One article is at most this large; bigger single-article files are refused rather than
# parsed for minutes. (Line-based and WARC files are streamed and limited per record.)
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
# Share of undecodable/control characters above which a file is taken for binary.
BINARY_CONTROL_SHARE = 0.05

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc"}

TEXT_FIELDS = ("text", "content", "body", "article", "maintext", "full_text")
# A feed item (RSS/Atom export) often has only a summary: the story then is the title and summary.
SUMMARY_FIELDS = ("description", "summary", "abstract", "lead", "snippet")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "uri", "link", "source_url")
DATE_FIELDS = ("date", "published", "dct", "published_at", "publication_date", "pubDate", "date_publish", "datetime",
               "date_published", "updated")
SOURCE_FIELDS = ("source", "outlet", "publisher", "site", "source_name", "sitename")
BYLINE_FIELDS = ("byline", "author", "authors")
# When the record was fetched: anchors its relative stamps ("2 days ago") better than one --retrieved-at.
RETRIEVED_FIELDS = ("retrieved_at", "retrieved", "fetched_at", "crawled_at", "scraped_at", "saved_at")


@dataclass
class RawDocument:
    """One article's raw content as found, before parsing."""

    path: str
    format: str  # text, html, json-text, json-html
    content: str
    line: Optional[int] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    outlet: Optional[str] = None
    byline: Optional[str] = None
    retrieved_at: Optional[str] = None
    warning: str = ""  # something worth telling the user that did not stop the read

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


Item = Union[RawDocument, IngestProblem]


def list_input_files(inputs: Iterable[str], skip: Iterable[str] = ()) -> list[str]:
    """Expand folders recursively (sorted; hidden files, READMEs and `skip` paths left out)."""
    skipped = {Path(p).resolve() for p in skip}
    files: list[str] = []
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            files.extend(
                str(p) for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name.lower() not in ("readme.md", "readme.txt") and p.resolve() not in skipped
            )
        else:
            files.append(name)
    return files


def read_input(name: str, stdin: Optional[BinaryIO] = None) -> Iterator[Item]:
    """All raw documents in one input file ('-' reads standard input)."""
    if name == "-":
        data = (stdin or io.BytesIO()).read()
        yield from _read_bytes("<stdin>", data, sniff_only=True)
        return
    path = Path(name)
    if not path.exists():
        yield IngestProblem(name, "no such file or folder")
        return
    try:
        size = path.stat().st_size
    except OSError as error:
        yield IngestProblem(name, f"cannot read: {error.strerror}")
        return
    suffixes = [s.lower() for s in path.suffixes]
    if _is_warc(suffixes):
        yield from _read_warc(name)
    elif _base_suffix(suffixes) in JSON_SUFFIXES:
        yield from _read_json_file(name)
    elif size > MAX_ARTICLE_BYTES and not suffixes[-1:] == [".gz"]:
        yield IngestProblem(name, f"file too large for one article ({size / 1e6:.1f} MB > {MAX_ARTICLE_BYTES // 2**20} MiB limit)")
    else:
        try:
            data = _read_maybe_gzip(name)
        except (OSError, EOFError, zlib.error) as error:
            yield IngestProblem(name, f"truncated or corrupt gzip file ({error})")
            return
        yield from _read_bytes(name, data, sniff_only=False)


# ---------------------------------------------------------------- single-document files


def _read_bytes(name: str, data: bytes, sniff_only: bool) -> Iterator[Item]:
    if len(data) > MAX_ARTICLE_BYTES:
        yield IngestProblem(name, f"too large for one article ({len(data) / 1e6:.1f} MB > {MAX_ARTICLE_BYTES // 2**20} MiB limit)")
        return
    if not data.strip():
        yield IngestProblem(name, "empty file")
        return
    if data[:4] == b"WARC":
        yield from _iter_warc_stream(name, io.BytesIO(data))
        return
    text, problem = decode_text(data)
    if text is None:
        yield IngestProblem(name, problem)
        return
    kind = _kind_from_suffix(name) if not sniff_only else None
    kind = kind or _sniff_kind(text)
    if kind == "json":
        yield from _json_lines(name, text.splitlines())
    else:
        yield RawDocument(path=name, format=kind, content=text, warning=problem)


def _kind_from_suffix(name: str) -> Optional[str]:
    suffix = _base_suffix([s.lower() for s in Path(name).suffixes])
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _sniff_kind(text: str) -> str:
    head = text.lstrip()[:500].lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head or "<head" in head):
        return "html"
    return "text"


def decode_text(data: bytes) -> tuple[Optional[str], str]:
    """Decode bytes as text: UTF-8 first, then a detected legacy encoding; None for binary data."""
    if data.count(b"\x00") > len(data) // 1000:
        return None, "binary file (not text, HTML, JSON or WARC)"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None, "binary or undecodable file (no text encoding fits)"
    text = data.decode(best.encoding, errors="replace")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > BINARY_CONTROL_SHARE * min(len(text), 20000):
        return None, "binary file (not text, HTML, JSON or WARC)"
    return text, f"not UTF-8; decoded as {best.encoding}"


def _read_maybe_gzip(name: str) -> bytes:
    with open(name, "rb") as handle:
        head = handle.read(2)
    if head == b"\x1f\x8b":
        with gzip.open(name, "rb") as handle:
            return handle.read(MAX_ARTICLE_BYTES + 1)
    with open(name, "rb") as handle:
        return handle.read(MAX_ARTICLE_BYTES + 1)


def _base_suffix(suffixes: list[str]) -> str:
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _is_warc(suffixes: list[str]) -> bool:
    return _base_suffix(suffixes) in WARC_SUFFIXES or suffixes[-2:] == [".arc", ".gz"]


# ---------------------------------------------------------------- JSON and JSON Lines


def _read_json_file(name: str) -> Iterator[Item]:
    try:
        handle = gzip.open(name, "rt", encoding="utf-8-sig", errors="replace") if _gzipped(name) else open(
            name, "r", encoding="utf-8-sig", errors="replace"
        )
    except OSError as error:
        yield IngestProblem(name, f"cannot read: {error}")
        return
    with handle:
        try:
            first = handle.read(1)
            while first and first.isspace():
                first = handle.read(1)
            if first == "[":  # one JSON array of records
                data = first + handle.read()
                yield from _json_array(name, data)
            elif not first:
                yield IngestProblem(name, "empty file")
            else:
                lines = _prepend(first, handle)
                yield from _json_lines(name, lines)
        except (OSError, EOFError, zlib.error) as error:
            yield IngestProblem(name, f"truncated or corrupt gzip file ({error}); records before it were kept")


def _gzipped(name: str) -> bool:
    with open(name, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _prepend(first: str, handle) -> Iterator[str]:
    yield first + handle.readline()
    yield from handle


def _json_array(name: str, data: str) -> Iterator[Item]:
    try:
        records = json.loads(data)
    except json.JSONDecodeError as error:
        yield IngestProblem(name, f"malformed JSON ({error.msg})", line=error.lineno)
        return
    for index, record in enumerate(records if isinstance(records, list) else [records], start=1):
        yield _document_from_record(name, record, index)


def _json_lines(name: str, lines: Iterable[str]) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_ARTICLE_BYTES:
            yield IngestProblem(name, "record too large for one article", line=number)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield IngestProblem(name, f"malformed JSON line ({error.msg} at column {error.colno})", line=number)
            continue
        yield _document_from_record(name, record, number)


def _first_field(record: dict, names: tuple[str, ...]) -> Optional[str]:
    lowered = {key.lower(): value for key, value in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, dict):
            value = value.get("name") or value.get("title") or value.get("uri")
        if value not in (None, ""):
            return str(value)
    return None


def _outlet_field(record: dict) -> Optional[str]:
    """The record's outlet; a feed address given as source ("http://rss.cnn.com/...") names the
    outlet of the item's own link, or of the feed's host."""
    source = _first_field(record, SOURCE_FIELDS)
    if source and re.match(r"https?://", source):
        from eventfold.ingest.outlets import outlet_from_url

        link = _first_field(record, URL_FIELDS)
        return (outlet_from_url(link) if link else None) or outlet_from_url(source)
    return source


def _document_from_record(name: str, record: object, line: int) -> Item:
    if not isinstance(record, dict):
        return IngestProblem(name, "JSON record is not an object", line=line)
    content = _first_field(record, TEXT_FIELDS) or _first_field(record, SUMMARY_FIELDS)
    if not content or not content.strip():
        fields = ", ".join(TEXT_FIELDS + SUMMARY_FIELDS)
        return IngestProblem(name, f"record has no text (looked for {fields})", line=line)
    kind = "json-html" if _sniff_kind(content) == "html" else "json-text"
    return RawDocument(
        path=name, line=line, format=kind, content=content,
        url=_first_field(record, URL_FIELDS), title=_first_field(record, TITLE_FIELDS),
        published=_first_field(record, DATE_FIELDS), outlet=_outlet_field(record),
        byline=_first_field(record, BYLINE_FIELDS), retrieved_at=_first_field(record, RETRIEVED_FIELDS),
    )


# ---------------------------------------------------------------- WARC


def _read_warc(name: str) -> Iterator[Item]:
    try:
        handle = open(name, "rb")
    except OSError as error:
        yield IngestProblem(name, f"cannot read: {error}")
        return
    with handle:
        yield from _iter_warc_stream(name, handle)


def _iter_warc_stream(name: str, stream: BinaryIO) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        for record in ArchiveIterator(stream):
            count += 1
            document = _document_from_warc_record(name, record, count)
            if document is not None:
                yield document
    except Exception as error:  # warcio raises several unrelated types on damaged archives
        yield IngestProblem(name, f"truncated or corrupt WARC after {count} record(s) ({type(error).__name__}: {error})")


def _document_from_warc_record(name: str, record, number: int) -> Optional[Item]:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    status = record.http_headers.get_statuscode()
    if "html" not in content_type or status != "200":
        return None
    data = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        return IngestProblem(name, f"WARC record {number}: response too large for one article", line=None)
    text, problem = decode_text(data)
    if text is None:
        return IngestProblem(name, f"WARC record {number}: {problem}")
    return RawDocument(
        path=name, line=number, format="html", content=text, warning=problem,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        retrieved_at=record.rec_headers.get_header("WARC-Date"),
    )
