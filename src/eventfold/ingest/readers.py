"""Readers: turn files, folders and standard input into raw documents, or into problems.

A reader never raises on bad input. Whatever cannot be read becomes an `IngestProblem` naming
the file (and line or record) and the reason, and the batch goes on with the next thing.

Bounds, so that no input can take unbounded memory or time:
- a single-document file (text, HTML, feed) is read up to MAX_ARTICLE_BYTES of decompressed
  bytes, in blocks; beyond that it is refused, unless it is a feed: that is streamed item by item;
- line-based files (JSON Lines), JSON arrays, WARC files and standard input are streamed: one
  record is at most MAX_ARTICLE_BYTES, and one input at most MAX_STREAM_BYTES of decompressed bytes,
  after which reading stops with a line saying so (records before it are kept).
File names are shown with undecodable bytes and control characters escaped (`display_name`), so a
message is always one printable line and the store can hold it.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gzip
import io
import json
import logging
import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from eventfold.model import IngestProblem

# One article is at most this large; bigger single-article files are refused rather than
# parsed for minutes.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
# One streamed input (JSON Lines, JSON array, WARC, standard input) is read up to this many
# decompressed bytes: a gzip bomb or an endless pipe stops here with a message.
MAX_STREAM_BYTES = 2 * 1024 * 1024 * 1024
READ_BLOCK_BYTES = 1024 * 1024
# How much of an oversized file is looked at to tell a feed (streamed item by item) from one article.
FEED_SNIFF_BYTES = 8192
# Error texts quoted from libraries are cut to this length (a damaged WARC can yield megabytes).
MAX_REASON_CHARS = 200
# The blank lines ending a WARC's last record (CRLF CRLF) are not a lost record.
WARC_TRAILING_SLACK = 4
# Share of undecodable/control characters above which a file is taken for binary.
BINARY_CONTROL_SHARE = 0.05

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc"}
FEED_SUFFIXES = {".rss", ".atom", ".rdf", ".xml"}

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

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class RawDocument:
    """One article's raw content as found, before parsing."""

    path: str
    format: str  # text, html, json-text, json-html, feed-text
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


_DISCARD = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the module


class _TooLarge(Exception):
    """A streamed input passed MAX_STREAM_BYTES."""


def display_name(name: str) -> str:
    """A file name as one printable line: undecodable bytes as \\xNN, newlines and controls escaped."""
    if name in ("-", "<stdin>"):
        return name
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", lambda m: m.group().encode("unicode_escape").decode("ascii"), shown)


def short_reason(error: BaseException) -> str:
    """A library's error as at most MAX_REASON_CHARS printable characters."""
    text = f"{type(error).__name__}: {error}"
    text = text.encode("unicode_escape", "backslashreplace").decode("ascii")
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS] + "..."


# ---------------------------------------------------------------- listing


def list_input_files(inputs: Iterable[str], skip: Iterable[str] = ()) -> list[str]:
    """Expand folders recursively (sorted; hidden files, READMEs and `skip` paths left out).

    Entries that cannot be read (a folder without permission, a broken or looping symbolic link)
    stay in the list, so that `read_input` reports each with its reason.
    """
    skipped = {os.path.realpath(p) for p in skip}
    files: list[str] = []
    for name in inputs:
        if name != "-" and os.path.isdir(name):
            files.extend(_walk(name, skipped))
        else:
            files.append(name)
    return files


def _walk(root: str, skipped: set[str]) -> Iterator[str]:
    """Files under `root` in path order (a folder's entries by name, sub-folders read where they
    sort); symbolic links to folders are followed once. A stack of iterators, not recursion, so
    that no folder depth can exhaust Python's stack."""
    seen = {_folder_key(root)}
    stack = [_sorted_entries(root)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, str):
            yield entry  # a folder that cannot be listed: read_input says why
            continue
        if entry.name.startswith(".") or entry.name.lower() in ("readme.md", "readme.txt"):
            continue
        kind = _entry_kind(entry, seen)
        if kind == "folder":
            stack.append(_sorted_entries(entry.path))
        elif kind == "problem" or (kind == "file" and os.path.realpath(entry.path) not in skipped):
            yield entry.path


def _sorted_entries(folder: str) -> Iterator[Union[os.DirEntry, str]]:
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError:
        return iter([folder])
    return iter(entries)


def _entry_kind(entry: os.DirEntry, seen: set) -> str:
    """folder, file, problem (reported by read_input) or other (fifos, sockets: never read from a folder)."""
    try:
        info = os.stat(entry.path)
    except OSError:
        return "problem"  # broken link, link loop, no permission on the target
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return "problem"  # a link back to a folder already read: a loop
        seen.add(key)
        return "folder"
    return "file" if stat.S_ISREG(info.st_mode) else "other"


def _folder_key(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


# ---------------------------------------------------------------- one input


def read_input(name: str, stdin: Optional[BinaryIO] = None) -> Iterator[Item]:
    """All raw documents in one input file ('-' reads standard input)."""
    if name == "-":
        yield from _read_stream("<stdin>", stdin or io.BytesIO())
        return
    shown = display_name(name)
    problem = _unreadable_reason(name)
    if problem:
        yield IngestProblem(shown, problem)
        return
    try:
        handle = open(name, "rb")
    except OSError as error:
        yield IngestProblem(shown, f"cannot read: {error.strerror or error}")
        return
    with handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # a named pipe or device: a stream
            yield from _read_stream(shown, handle)
            return
        yield from _read_file(name, shown, handle)


def read_file_object(name: str, handle: BinaryIO) -> Iterator[Item]:
    """An open, seekable file (or bytes in memory) read as the regular file `name` would be: its
    suffix picks the reader. Lets the fuzzer feed millions of inputs without writing each to disk."""
    yield from _read_file(name, display_name(name), handle)


def _unreadable_reason(name: str) -> Optional[str]:
    """Why a path cannot be read as an input file, or None when it can be opened."""
    try:
        info = os.stat(name)
    except FileNotFoundError:
        return "broken symbolic link (its target does not exist)" if os.path.islink(name) else "no such file or folder"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop (the link leads back to itself)"
        return f"cannot read: {error.strerror or error}"
    if stat.S_ISDIR(info.st_mode):
        try:
            os.listdir(name)
        except OSError as error:
            return f"cannot read folder: {error.strerror or error}"
        return "symbolic link to a folder already read (a loop): not read again"
    return None


def _read_file(name: str, shown: str, handle: BinaryIO) -> Iterator[Item]:
    suffixes = [s.lower() for s in Path(name).suffixes]
    if _is_warc(suffixes):
        yield from _iter_warc_stream(shown, _Counted.wrap(handle))
        return
    gzipped = False
    try:
        gzipped = handle.read(2) == _GZIP_MAGIC
        handle.seek(0)
        stream = gzip.GzipFile(fileobj=handle, mode="rb") if gzipped else handle
        if _base_suffix(suffixes) in JSON_SUFFIXES:
            # .jsonl/.ndjson are lines whatever their first character; .json may be one array
            yield from _read_json_stream(shown, _Counted.wrap(stream), array_allowed=_base_suffix(suffixes) == ".json")
            return
        data = _read_bounded(stream)
        if data is None and _starts_as_feed(stream):  # a feed holds many articles: streamed, not refused
            yield from _stream_feed(shown, stream)
            return
    except (OSError, EOFError, zlib.error) as error:
        what = "truncated or corrupt gzip file" if gzipped else "cannot read"
        yield IngestProblem(shown, f"{what} ({short_reason(error)})")
        return
    if data is None:
        yield IngestProblem(shown, _too_large_reason(gzipped))
        return
    yield from _read_bytes(shown, data, kind=_kind_from_suffix(suffixes))


def _read_bounded(stream: BinaryIO) -> Optional[bytes]:
    """Up to MAX_ARTICLE_BYTES read in blocks; None when there is more than that."""
    blocks, total = [], 0
    while total <= MAX_ARTICLE_BYTES:
        block = stream.read(min(READ_BLOCK_BYTES, MAX_ARTICLE_BYTES + 1 - total))
        if not block:
            return b"".join(blocks)
        blocks.append(block)
        total += len(block)
    return None


def _starts_as_feed(stream: BinaryIO) -> bool:
    """Whether a file too large for one article begins as an RSS/Atom feed (rewinds the stream)."""
    from eventfold.ingest.feeds import looks_like_feed

    stream.seek(0)
    head = stream.read(FEED_SNIFF_BYTES)
    stream.seek(0)
    return looks_like_feed(head.decode("utf-8", errors="replace"))


def _stream_feed(shown: str, stream: BinaryIO) -> Iterator[Item]:
    from eventfold.ingest.feeds import stream_feed

    try:
        yield from stream_feed(shown, _Counted.wrap(stream))
    except _TooLarge:
        yield IngestProblem(shown, f"input too large: stopped after {MAX_STREAM_BYTES // 2**30} GiB of decompressed "
                                   "data; items before it were kept")


def _too_large_reason(decompressed: bool) -> str:
    what = "decompressed content" if decompressed else "file"
    return f"{what} too large for one article (over the {MAX_ARTICLE_BYTES // 2**20} MiB limit; not read further)"


def _read_stream(shown: str, source: BinaryIO) -> Iterator[Item]:
    """Standard input or a pipe: sniffed from its first block, then streamed with the same bounds."""
    stream = _Counted.wrap(source)
    try:
        head = stream.peek(64)[:64]
        if head[:2] == _GZIP_MAGIC:
            stream = _Counted.wrap(gzip.GzipFile(fileobj=stream, mode="rb"))
            head = stream.peek(64)[:64]
        if head[:4] == b"WARC":
            yield from _iter_warc_stream(shown, stream)
            return
        if head.lstrip()[:1] in (b"{", b"["):
            yield from _read_json_stream(shown, stream)
            return
        data = _read_bounded(stream)
    except (OSError, EOFError, zlib.error) as error:
        yield IngestProblem(shown, f"cannot read ({short_reason(error)})")
        return
    if data is None:
        yield IngestProblem(shown, f"too large for one article (stopped reading at the {MAX_ARTICLE_BYTES // 2**20} MiB limit)")
        return
    yield from _read_bytes(shown, data, kind=None)


class _Counted(io.RawIOBase):
    """A binary stream that raises _TooLarge past MAX_STREAM_BYTES, buffered for peek and readline."""

    def __init__(self, source: BinaryIO):
        self._source = source
        self._count = 0

    @classmethod
    def wrap(cls, source: BinaryIO) -> io.BufferedReader:
        return io.BufferedReader(cls(source), buffer_size=READ_BLOCK_BYTES)

    def readable(self) -> bool:
        return True

    @property
    def count(self) -> int:
        return self._count

    @property
    def source(self) -> BinaryIO:
        return self._source

    def readinto(self, buffer) -> int:
        data = self._source.read(len(buffer))
        self._count += len(data)
        if self._count > MAX_STREAM_BYTES:
            raise _TooLarge()
        buffer[: len(data)] = data
        return len(data)


# ---------------------------------------------------------------- single-document content


def _read_bytes(name: str, data: bytes, kind: Optional[str]) -> Iterator[Item]:
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
    if kind in (None, "feed"):  # a .xml file that holds no feed is read like any other document
        kind = _sniff_kind(text)
    if kind == "feed" or _looks_like_feed(text):  # by content, whatever the suffix says
        from eventfold.ingest.feeds import read_feed

        yield from read_feed(name, data)
    elif kind == "json":
        yield from _json_records(name, enumerate(text.splitlines(), start=1))
    else:
        yield RawDocument(path=name, format=kind, content=text, warning=problem)


def _kind_from_suffix(suffixes: list[str]) -> Optional[str]:
    suffix = _base_suffix(suffixes)
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return None


def _sniff_kind(text: str) -> str:
    head = text.lstrip()[:500].lower()
    if head.startswith(("{", "[")):
        return "json"
    if _looks_like_feed(text):
        return "feed"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head or "<head" in head):
        return "html"
    return "text"


def _looks_like_feed(text: str) -> bool:
    from eventfold.ingest.feeds import looks_like_feed

    return looks_like_feed(text)


def decode_text(data: bytes) -> tuple[Optional[str], str]:
    """Decode bytes as text: a BOM's encoding, UTF-8 (a few bad bytes replaced), a detected legacy
    encoding; None for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), ""
    if data.count(b"\x00") > len(data) // 1000:
        return None, "binary file (not text, HTML, JSON or WARC)"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid_non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    # Legacy 8-bit text almost never forms valid multi-byte UTF-8 by chance: when valid sequences
    # outnumber the broken ones, the file is UTF-8 with damage, not cp1252 ("â€”" for every dash).
    if valid_non_ascii >= bad:
        return text, f"not valid UTF-8: {bad} undecodable byte sequence(s) replaced"
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[Optional[str], str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None, "binary or undecodable file (no text encoding fits)"
    text = data.decode(best.encoding, errors="replace")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > BINARY_CONTROL_SHARE * min(len(text), 20000):
        return None, "binary file (not text, HTML, JSON or WARC)"
    return text, f"not UTF-8; decoded as {best.encoding}"


def _base_suffix(suffixes: list[str]) -> str:
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _is_warc(suffixes: list[str]) -> bool:
    return _base_suffix(suffixes) in WARC_SUFFIXES or suffixes[-2:] == [".arc", ".gz"]


# ---------------------------------------------------------------- JSON and JSON Lines


def _read_json_stream(name: str, stream: io.BufferedReader, array_allowed: bool = True) -> Iterator[Item]:
    """A JSON array of records or JSON Lines, streamed; a damaged gzip keeps the records before it."""
    try:
        head = stream.peek(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        while not head and stream.read(4096):
            head = stream.peek(4096).lstrip(b" \t\r\n")
        if not head:
            yield IngestProblem(name, "empty file")
        elif head[:1] == b"[" and array_allowed:
            yield from _json_array(name, stream)
        else:
            yield from _json_records(name, _bounded_lines(name, stream))
    except _TooLarge:
        yield IngestProblem(name, f"input too large: stopped after {MAX_STREAM_BYTES // 2**30} GiB of decompressed "
                                  "data; records before it were kept")
    except (OSError, EOFError, zlib.error) as error:
        yield IngestProblem(name, f"truncated or corrupt gzip file ({short_reason(error)}); records before it were kept")


class _OversizedLine(str):
    """Stands for a line longer than MAX_ARTICLE_BYTES (its content is skipped, not kept)."""


def _bounded_lines(name: str, stream: io.BufferedReader) -> Iterator[tuple[int, str]]:
    """(number, line) pairs; a line over MAX_ARTICLE_BYTES is skipped in blocks, never held whole."""
    number = 0
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(READ_BLOCK_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield number, _OversizedLine()
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        yield number, line.decode("utf-8", errors="replace")


def _json_records(name: str, lines: Iterable[tuple[int, str]]) -> Iterator[Item]:
    for number, line in lines:
        if isinstance(line, _OversizedLine) or len(line) > MAX_ARTICLE_BYTES:
            yield IngestProblem(name, f"record too large for one article (over {MAX_ARTICLE_BYTES // 2**20} MiB)", line=number)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield IngestProblem(name, f"malformed JSON line ({error.msg} at column {error.colno})", line=number)
            continue
        except RecursionError:
            yield IngestProblem(name, "JSON nested too deeply to read", line=number)
            continue
        except ValueError as error:  # e.g. an integer longer than Python converts
            yield IngestProblem(name, f"malformed JSON line ({short_reason(error)})", line=number)
            continue
        yield _document_from_record(name, record, number)


def _json_array(name: str, stream: io.BufferedReader) -> Iterator[Item]:
    """Records of one top-level JSON array, decoded one at a time from a sliding buffer."""
    reader = _ArrayReader(stream)
    index = 0
    while True:
        index += 1
        try:
            record = reader.next_record()
        except _ArrayEnd:
            return
        except _ArrayError as error:
            yield IngestProblem(name, f"{error}; records after it were not read", line=index)
            return
        yield _document_from_record(name, record, index)


class _ArrayEnd(Exception):
    pass


class _ArrayError(Exception):
    pass


class _ArrayReader:
    """Reads `[rec, rec, ...]` incrementally: the buffer grows geometrically while one record is
    incomplete (so decoding stays linear) and never holds more than one record past the limit."""

    def __init__(self, stream: io.BufferedReader):
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self._decoder_json = json.JSONDecoder()
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self._started = False

    def next_record(self) -> object:
        self._skip_separators()
        want = READ_BLOCK_BYTES
        while True:
            try:
                record, end = self._decoder_json.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                if self._eof or len(self._buffer) - self._pos > MAX_ARTICLE_BYTES:
                    raise _ArrayError(f"malformed JSON ({error.msg})") from None
            except RecursionError:
                raise _ArrayError("JSON nested too deeply to read") from None
            except ValueError as error:
                raise _ArrayError(f"malformed JSON ({short_reason(error)})") from None
            else:
                if end < len(self._buffer) or self._eof:
                    self._pos = end
                    return record
            self._fill(want)
            want *= 2

    def _skip_separators(self) -> None:
        while True:
            while self._pos < len(self._buffer) and self._buffer[self._pos] in " \t\r\n,":
                self._pos += 1
            if self._pos < len(self._buffer):
                break
            if self._eof:
                raise _ArrayError("truncated JSON array (no closing bracket)")
            self._fill(READ_BLOCK_BYTES)
        if not self._started:
            if self._buffer[self._pos] != "[":
                raise _ArrayError("malformed JSON (expected an array)")
            self._started = True
            self._pos += 1
            self._skip_separators()
        elif self._buffer[self._pos] == "]":
            raise _ArrayEnd()

    def _fill(self, size: int) -> None:
        block = self._stream.read(size)
        self._eof = not block
        self._buffer = self._buffer[self._pos:] + self._decoder.decode(block, final=self._eof)
        self._pos = 0


def _first_field(record: dict, names: tuple[str, ...]) -> Optional[str]:
    lowered = {str(key).lower(): value for key, value in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if isinstance(value, list):
            value = ", ".join(v if isinstance(v, str) else json.dumps(v) for v in value if v)
        if isinstance(value, dict):
            value = value.get("name") or value.get("title") or value.get("uri")
        if value not in (None, ""):
            return value if isinstance(value, str) else json.dumps(value)
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
    try:
        return _record_document(name, record, line)
    except (RecursionError, ValueError) as error:  # a field nested too deeply to turn into text
        return IngestProblem(name, f"unreadable JSON record ({short_reason(error)})", line=line)


def _record_document(name: str, record: dict, line: int) -> Item:
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


def _iter_warc_stream(name: str, stream: BinaryIO) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    stream = stream if isinstance(stream, io.BufferedReader) and isinstance(stream.raw, _Counted) else _Counted.wrap(stream)
    # warcio logs a damaged record's whole URI; its own messages become short problems here instead
    logging.getLogger("warcio.recordloader").setLevel(logging.ERROR)
    try:
        records = ArchiveIterator(stream)
        while True:
            warnings_before = records.err_count
            with contextlib.redirect_stderr(_DISCARD):  # warcio writes whole damaged lines to stderr
                record = next(records, None)
                document = _document_from_warc_record(name, record, count + 1) if record is not None else None
            if record is None:
                break
            count += 1
            if records.err_count > warnings_before:
                yield IngestProblem(name, "WARC record does not start where the previous one's Content-Length "
                                          "says; it or the one before it may be damaged", line=count)
            if document is not None:
                yield document
        cut = _unread_tail(stream, records, count)
        if cut:
            yield IngestProblem(name, f"truncated WARC: it ends inside record {count + 1} ({cut} bytes after the last "
                                      "complete record could not be read)", line=count + 1)
    except _TooLarge:
        yield IngestProblem(name, f"input too large: stopped after {MAX_STREAM_BYTES // 2**30} GiB of decompressed "
                                  f"data; the {count} record(s) before it were read")
    except Exception as error:  # warcio raises several unrelated types on damaged archives
        yield IngestProblem(name, f"truncated or corrupt WARC after {count} record(s); the rest was not read "
                                  f"({short_reason(error)})", line=count + 1)


def _document_from_warc_record(name: str, record, number: int) -> Optional[Item]:
    if record.rec_type != "response" or record.http_headers is None:
        return _truncation_problem(name, record, number)
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    status = record.http_headers.get_statuscode()
    if "html" not in content_type or status != "200":
        return _truncation_problem(name, record, number)
    data = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        return IngestProblem(name, "WARC record: response too large for one article", line=number)
    truncated = _truncation_problem(name, record, number)
    if truncated is not None:
        return truncated
    text, problem = decode_text(data)
    if text is None:
        return IngestProblem(name, f"WARC record: {problem}", line=number)
    return RawDocument(
        path=name, line=number, format="html", content=text, warning=problem,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        retrieved_at=record.rec_headers.get_header("WARC-Date"),
    )


def _unread_tail(stream: io.BufferedReader, records, count: int) -> int:
    """Bytes after the end of the last complete record (a record cut off in its header leaves them),
    not counting the blank lines that end the last record."""
    while stream.read(READ_BLOCK_BYTES):
        pass
    end = records.get_record_offset() + records.get_record_length() if count else 0
    source = stream.raw.source
    if source.seekable():
        source.seek(end)
        return len(source.read(MAX_ARTICLE_BYTES).lstrip(b"\r\n"))
    tail = stream.raw.count - end
    return tail if tail > WARC_TRAILING_SLACK else 0


def _truncation_problem(name: str, record, number: int) -> Optional[IngestProblem]:
    """A record whose block is shorter than its Content-Length (a cut-off file) is reported, not kept."""
    raw = record.raw_stream
    while raw.read(READ_BLOCK_BYTES):
        pass
    declared = record.length
    missing = getattr(raw, "limit", 0)  # warcio's LimitReader counts down what it still expected
    if declared is not None and missing:
        return IngestProblem(name, f"WARC record truncated ({missing} of {declared} bytes missing)", line=number)
    return None
