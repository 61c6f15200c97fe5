"""Mutation fuzzing of the input side: `python -m eventfold.ingest.fuzz --inputs 1000000`.

Each input is a small, valid document of one format (text dump, HTML page, JSON Lines, JSON
array, WARC, RSS, Atom, gzipped variants) mutated by a few random edits: byte flips, cuts,
repeats, and splices of known troublemakers (`http://[`, deep nesting, "3000 years ago", BOMs,
bad UTF-8, NULs, huge numbers). Every input goes through `read_input` under a file name with the
format's suffix (or standard input), from memory; every DISK_EVERY-th input is written to a file
and read from its path, so opening files stays covered. A sample also goes through the parsers
(`parse_document`, stamps, outlets), whose cost per input is far higher. Any exception escaping a
reader or parser is a finding: it is counted, its input saved under --crash-dir, and the run goes on.

Input number N is derived from (seed, N) alone, so `--jobs` splits the numbers across processes
and a run, or one input, is reproducible whatever the number of processes.

Prints one JSON object: inputs tried, parser runs, exceptions found (by type and target), how
many inputs took over SLOW_INPUT_SECONDS, the slowest input, the seconds taken and inputs per second.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

PROGRESS_EVERY = 10_000  # inputs between two progress lines on standard error
DISK_EVERY = 100  # every N-th input is read from a real file (the rest from memory: writing each costs more than reading it)
CHUNK_INPUTS = 1_000  # input numbers handed to a worker process at a time
FEED_SUFFIXES = (".rss", ".atom")
SLOW_INPUT_SECONDS = 10  # no small input should take this long (the first one loads the models: ~3 s)
_STORY = ("The river authority said on Monday that the dam near the old quarry would be repaired by spring, "
          "after cracks were found during the yearly inspection. Engineers said the town was not at risk.")
_TROUBLE = [
    b"http://[", b"https://[::1/x", b"3000 years ago", b"99999999999 days ago", b"\xef\xbb\xbf", b"\xff\xfe",
    b"\xfe\xff", b"\x00", b"\xff", b"\xc3", b"\xe2\x80", b"[" * 5000, b"{\"a\":" * 3000, b"9" * 5000,
    b"\n", b"\r\n", "\u2028".encode(), b"<", b"]]>", b"<![CDATA[", b"-->", b"<!--", b"&#0;", b"&#x110000;", b"%s",
    b"By ", b"Updated ", b"09/04/2021", b"31/02/2021", b"Feb 30, 2021", b"yesterday at 7:25 p.m.",
    b"<rss version=\"2.0\">", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", b"WARC/1.0\r\n",
    b"Content-Length: 999999999\r\n", b"<script>", b"<html>", b"</p>", b"\t", b"\x1f\x8b", b"NaN",
    b"\"text\": ", b"\"source\": \"http://[\"", b"\"date\": \"3000 years ago\"",
]


def seed_documents() -> dict[str, bytes]:
    """One small valid document per input format, written here (never taken from a corpus)."""
    html = (f"<html><head><title>Dam repairs</title><meta property='article:published_time' content='2021-09-06'>"
            f"</head><body><article><h1>Dam repairs</h1><p>{_STORY}</p></article></body></html>").encode()
    record = {"title": "Dam repairs", "text": _STORY, "url": "https://example.org/2021/09/06/dam",
              "source": "Example Times", "date": "2021-09-06", "retrieved_at": "2021-09-07T10:00:00Z"}
    rss = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Example</title><item><title>Dam repairs</title>"
           f"<link>https://example.org/dam</link><pubDate>Mon, 06 Sep 2021 10:00:00 +0000</pubDate>"
           f"<description>{_STORY}</description></item></channel></rss>").encode()
    atom = (f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Example</title><entry>"
            f"<title>Dam repairs</title><link href='https://example.org/dam'/><updated>2021-09-06T10:00:00Z</updated>"
            f"<summary>{_STORY}</summary></entry></feed>").encode()
    text = f"Dam repairs planned\n\nBy Lena Holm\nUpdated 6 Sep 2021, 10:42\n\n{_STORY}\n".encode()
    return {
        ".txt": text, ".html": html, ".jsonl": ((json.dumps(record) + "\n") * 2).encode(),
        ".json": json.dumps([record, record]).encode(), ".rss": rss, ".atom": atom, ".warc": _warc(html),
        ".txt.gz": gzip.compress(text), ".jsonl.gz": gzip.compress((json.dumps(record) + "\n").encode()),
        ".warc.gz": _warc(html, compress=True), "-": text,
    }


def _warc(page: bytes, compress: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/dam", "response", payload=io.BytesIO(page),
                                                  http_headers=headers))
    return out.getvalue()


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random edits of `data`."""
    data = bytearray(data if isinstance(data, bytes) else data.encode())
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        position = rng.randint(0, len(data))
        if choice < 0.3 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice < 0.55:
            data[position:position] = rng.choice(_TROUBLE) * rng.choice((1, 1, 1, 3, 50))
        elif choice < 0.7:
            del data[position:position + rng.randint(1, 200)]
        elif choice < 0.8:
            data = data[:position]
        elif choice < 0.9 and data:
            start = rng.randrange(len(data))
            data[position:position] = data[start:start + rng.randint(1, 300)] * rng.randint(1, 20)
        else:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
    return bytes(data)


@dataclass
class FuzzReport:
    inputs: int = 0
    parser_runs: int = 0
    exceptions: int = 0
    by_kind: Counter = field(default_factory=Counter)
    examples: list[dict] = field(default_factory=list)
    slow_inputs: int = 0  # inputs that took over SLOW_INPUT_SECONDS: a parser that is not linear
    slowest_seconds: float = 0.0
    slowest_input: str = ""

    def merge(self, other: "FuzzReport") -> None:
        """Add another process's report to this one (examples kept in input order)."""
        self.inputs += other.inputs
        self.parser_runs += other.parser_runs
        self.exceptions += other.exceptions
        self.by_kind.update(other.by_kind)
        self.examples = sorted(self.examples + other.examples, key=lambda e: e["number"])[:20]
        self.slow_inputs += other.slow_inputs
        if other.slowest_seconds > self.slowest_seconds:
            self.slowest_seconds, self.slowest_input = other.slowest_seconds, other.slowest_input

    def as_dict(self, seconds: float) -> dict:
        return {"inputs": self.inputs, "parser_runs": self.parser_runs, "exceptions": self.exceptions,
                "exceptions_by_kind": dict(self.by_kind), "examples": self.examples[:20],
                f"inputs_over_{SLOW_INPUT_SECONDS}s": self.slow_inputs,
                "slowest_input_seconds": round(self.slowest_seconds, 3), "slowest_input": self.slowest_input,
                "seconds": round(seconds, 1), "inputs_per_second": round(self.inputs / seconds, 1) if seconds else None}


def fuzz_input(seed: int, number: int, seeds: dict[str, bytes]) -> tuple[str, bytes]:
    """Input `number` of the run with `seed`: (suffix, mutated bytes), the same in any process."""
    rng = random.Random(f"{seed}/{number}")  # a str seed is hashed with SHA-512: stable across processes
    suffix = rng.choice(list(seeds))
    return suffix, mutate(seeds[suffix], rng)


def run(inputs: int, seed: int, parse_every: int, crash_dir: Path, jobs: int = 1) -> FuzzReport:
    """Fuzz `inputs` mutated documents over `jobs` processes; see the module's docstring."""
    chunks = [(start, min(start + CHUNK_INPUTS, inputs)) for start in range(0, inputs, CHUNK_INPUTS)]
    args = [(first, stop, seed, parse_every, str(crash_dir)) for first, stop in chunks]
    if jobs <= 1:
        return _merged(_run_chunk(a) for a in args)
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:  # chunks in any order: the merge does not care
        return _merged(pool.imap_unordered(_run_chunk, args))


def _merged(chunk_reports: Iterable[FuzzReport]) -> FuzzReport:
    report = FuzzReport()
    for chunk_report in chunk_reports:
        before = report.inputs
        report.merge(chunk_report)
        if report.inputs // PROGRESS_EVERY > before // PROGRESS_EVERY:
            print(json.dumps({"inputs": report.inputs, "exceptions": report.exceptions}), file=sys.stderr, flush=True)
    return report


def _run_chunk(args: tuple[int, int, int, int, str]) -> FuzzReport:
    """Inputs first..stop-1 of the run, in this process."""
    from eventfold.ingest import IngestOptions
    from eventfold.ingest.feeds import stream_feed
    from eventfold.ingest.readers import RawDocument, read_file_object, read_input

    first, stop, seed, parse_every, crash_dir = args
    seeds = _seed_documents_once()
    report = FuzzReport()
    options = IngestOptions()
    with tempfile.TemporaryDirectory(prefix="eventfold-fuzz-") as folder:
        for number in range(first, stop):
            suffix, data = fuzz_input(seed, number, seeds)
            started = time.perf_counter()
            parse = number % parse_every == 0
            target = "read_input"
            try:
                if suffix == "-":
                    items = list(read_input("-", io.BytesIO(data)))
                elif number % DISK_EVERY == 0:
                    items = _read_from_disk(read_input, data, suffix, folder)
                else:
                    items = list(read_file_object("input" + suffix, io.BytesIO(data)))
                if suffix in FEED_SUFFIXES:  # the streaming pass that reads feeds too large for feedparser
                    target = "stream_feed"
                    list(stream_feed("input" + suffix, io.BytesIO(data)))
                if parse:
                    target = "parse_document"
                    for item in items:
                        if isinstance(item, RawDocument):
                            _parse(item, options)
                    target = "stamps/outlets"
                    _parse_fragments(data)
                    report.parser_runs += 1
            except Exception as error:  # noqa: BLE001 - every escaping exception is a finding
                _record(report, error, target, suffix, data, number, Path(crash_dir))
            elapsed = time.perf_counter() - started
            report.slow_inputs += elapsed > SLOW_INPUT_SECONDS
            if elapsed > report.slowest_seconds:
                report.slowest_seconds, report.slowest_input = elapsed, f"#{number} ({suffix}, {len(data)} bytes)"
            report.inputs += 1
    return report


_SEEDS: dict[str, bytes] = {}


def _seed_documents_once() -> dict[str, bytes]:
    if not _SEEDS:
        _SEEDS.update(seed_documents())
    return _SEEDS


def _read_from_disk(read_input: Callable, data: bytes, suffix: str, folder: str) -> list:
    path = os.path.join(folder, "input" + suffix)
    with open(path, "wb") as handle:
        handle.write(data)
    return list(read_input(path))


def _parse(item, options) -> None:
    from eventfold.ingest import parse_document

    parse_document(item, options)


def _parse_fragments(data: bytes) -> None:
    """The small parsers on pieces of the input: date stamps, URLs and outlet lines."""
    from datetime import datetime

    from eventfold.ingest import outlets, stamps

    text = data.decode("utf-8", "replace")
    for line in text.splitlines()[:20]:
        line = line[:300]
        stamps.parse_date_stamp(line, retrieved_at=datetime(2021, 9, 7))
        outlets.outlet_from_url(line)
        outlets.masthead_of(line, text[:2000])
        outlets.outlet_from_dateline(line)


def _record(report: FuzzReport, error: Exception, target: str, suffix: str, data: bytes, number: int,
            crash_dir: Path) -> None:
    report.exceptions += 1
    kind = f"{target}: {type(error).__name__}"
    report.by_kind[kind] += 1
    crash_dir.mkdir(parents=True, exist_ok=True)
    saved = crash_dir / f"crash-{number}{suffix if suffix != '-' else '.stdin'}"
    saved.write_bytes(data)
    if len(report.examples) < 20:
        report.examples.append({"number": number, "input": str(saved), "kind": kind, "error": str(error)[:200],
                                "where": traceback.format_exc(limit=-2).splitlines()[-3:]})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz eventfold's readers and parsers with mutated inputs.")
    parser.add_argument("--inputs", type=int, default=100_000, help="how many inputs to try")
    parser.add_argument("--seed", type=int, default=13, help="random seed (a run is reproducible)")
    parser.add_argument("--parse-every", type=int, default=50,
                        help="also run the parsers on every N-th input (they cost far more than the readers)")
    parser.add_argument("--crash-dir", default="fuzz-crashes", help="where inputs that raised are saved")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: all cores); the inputs are the same for any number")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report = run(args.inputs, args.seed, max(1, args.parse_every), Path(args.crash_dir), jobs=max(1, args.jobs))
    print(json.dumps(report.as_dict(time.perf_counter() - started), indent=1))
    return 1 if report.exceptions else 0


if __name__ == "__main__":
    sys.exit(main())
