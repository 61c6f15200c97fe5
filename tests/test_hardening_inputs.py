"""Issue 13, input side: each hostile or careless input found in review, reproduced and handled.

Every case goes through the real readers (and, where the finding was about the command line, the
real `eventfold ingest` in a subprocess): one clear line naming the file, the rest of the batch kept.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pytest

from conftest import run_cli
from eventfold.ingest import IngestOptions, parse_document, readers, stamps, text
from eventfold.ingest.html import extract_html
from eventfold.ingest.readers import RawDocument, list_input_files, read_input
from eventfold.model import Article, IngestProblem

STORY = (
    "Ferry service resumes on the northern lake\n\n"
    "By Tomas Lindqvist\n\n"
    "The regional transport office said on Thursday that the ferry between the two harbour towns would "
    "run again from next week, after repairs to the landing stage that storms damaged in the spring.\n\n"
    "Officials said the crossing would carry about 400 passengers a day during the summer months.\n"
)


def _record(**fields) -> str:
    return json.dumps({"title": "Ferry service resumes", "text": STORY, **fields})


def _items(path) -> list:
    return list(read_input(str(path)))


def _problems(items) -> list[IngestProblem]:
    return [i for i in items if isinstance(i, IngestProblem)]


def _documents(items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def _ingest(db: Path, *args: str, stdin: bytes | None = None):
    return run_cli("--db", str(db), "ingest", "--quiet", "--no-process", *args, stdin=stdin)


def _stored(db: Path) -> list[dict]:
    result = run_cli("--db", str(db), "articles", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


# ---------------------------------------------------------------- malformed URLs


def test_bad_ipv6_source_in_a_json_record_keeps_the_record_and_the_batch(tmp_path):
    lines = [_record(source="http://[", url="http://[/news/1"),
             _record(title="Second story", text=STORY.replace("400", "450"), url="https://example.org/x")]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = _ingest(db, str(tmp_path / "feed.jsonl"))
    assert result.returncode == 0, result.stderr.decode()
    assert len(_stored(db)) == 2


def test_overlong_host_name_is_not_split_into_words():
    # Splitting a glued domain ("timesofisrael") is cubic; a 5,000-character label once ran for 25 minutes.
    from eventfold.ingest.outlets import outlet_from_url

    assert outlet_from_url("https://exam" + "9" * 5000 + ".org/x") == "Exam" + "9" * 5000
    assert outlet_from_url("https://www.timesofisrael.com/x") == "The Times of Israel"
    assert outlet_from_url("https://valleyherald.example/x") == "Valley Herald"


def test_bad_ipv6_url_line_in_a_text_dump_is_parsed_not_dropped():
    raw = RawDocument(path="dump.txt", format="text", content=STORY + "\nhttp://[broken/story\n")
    article = parse_document(raw, IngestOptions())
    assert isinstance(article, Article)
    assert "400 passengers" in article.text


# ---------------------------------------------------------------- JSON


def test_deeply_nested_json_line_is_one_problem_and_later_lines_are_kept(tmp_path):
    nested = "[" * 200_000 + "]" * 200_000
    path = tmp_path / "deep.jsonl"
    path.write_text(nested + "\n" + _record() + "\n", encoding="utf-8")
    items = _items(path)
    [problem] = _problems(items)
    assert problem.line == 1 and "nested too deeply" in problem.reason
    assert len(_documents(items)) == 1


def test_deeply_nested_json_array_gives_one_clear_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" + _record() + ", " + "[" * 200_000 + "]" * 200_000 + "]", encoding="utf-8")
    items = _items(path)
    assert len(_documents(items)) == 1
    [problem] = _problems(items)
    assert problem.line == 2 and "nested too deeply" in problem.reason


def test_json_array_is_streamed_record_by_record(tmp_path):
    records = [json.loads(_record(title=f"Story {i}")) for i in range(300)]
    path = tmp_path / "many.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(records, handle, indent=1)
    documents = _documents(_items(path))
    assert [d.title for d in documents] == [f"Story {i}" for i in range(300)]
    assert [d.line for d in documents] == list(range(1, 301))


def test_truncated_json_array_keeps_the_records_before_the_cut(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text("[" + _record(title="A") + ", " + _record(title="B")[:40], encoding="utf-8")
    items = _items(path)
    assert [d.title for d in _documents(items)] == ["A"]
    [problem] = _problems(items)
    assert problem.line == 2


# ---------------------------------------------------------------- file names


def test_non_utf8_file_name_is_shown_escaped_and_its_article_kept(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9-story.txt")).write_text(STORY, encoding="utf-8")
    (folder / os.fsdecode(b"empty-\xff.txt")).write_bytes(b"")
    db = tmp_path / "s.db"
    result = _ingest(db, str(folder))
    assert result.returncode == 1  # the empty file failed
    errors = result.stderr.decode()
    assert "empty-\\xff.txt: empty file" in errors and "Traceback" not in errors
    [article] = _stored(db)
    assert article["path"].endswith("caf\\xe9-story.txt")


def test_newline_in_a_file_name_stays_on_one_message_line(tmp_path):
    (tmp_path / "two\nlines.txt").write_bytes(b"")
    db = tmp_path / "s.db"
    result = _ingest(db, str(tmp_path))
    lines = [line for line in result.stderr.decode().splitlines() if "empty file" in line]
    assert len(lines) == 1 and "two\\nlines.txt" in lines[0]


# ---------------------------------------------------------------- stamps


def test_stamp_thousands_of_years_ago_is_an_unknown_date_not_an_error():
    from datetime import datetime

    value = stamps.parse_date_stamp("3000 years ago", retrieved_at=datetime(2021, 9, 7))
    assert value.value is None and "outside the calendar" in value.reason
    dump = STORY.replace("By Tomas Lindqvist", "By Tomas Lindqvist\n3000 years ago")
    article = parse_document(RawDocument(path="x.txt", format="text", content=dump),
                             IngestOptions(retrieved_at=datetime(2021, 9, 7)))
    assert isinstance(article, Article) and article.published is None


# ---------------------------------------------------------------- size limits while streaming


def test_gzip_bomb_single_document_is_refused_by_its_decompressed_size(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as handle:
        for _ in range(readers.MAX_ARTICLE_BYTES // 2**20 + 2):
            handle.write(b"a" * 2**20)
    [problem] = _items(path)
    assert "decompressed content too large" in problem.reason


def test_jsonl_gz_of_one_endless_line_is_skipped_in_bounded_memory(tmp_path):
    path = tmp_path / "zeros.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as handle:
        for _ in range(60):
            handle.write(b"0" * 2**20)
        handle.write(b"\n" + _record().encode() + b"\n")
    tracemalloc.start()
    items = _items(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [problem] = _problems(items)
    assert problem.line == 1 and "record too large" in problem.reason
    assert len(_documents(items)) == 1
    assert peak < 3 * readers.MAX_ARTICLE_BYTES  # one record at most, never the 60 MB line


def test_stream_limit_stops_a_long_jsonl_gz_with_a_line(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_STREAM_BYTES", 2**20)
    path = tmp_path / "long.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(3000):
            handle.write(_record(title=f"Story {i}") + "\n")
    items = _items(path)
    assert 0 < len(_documents(items)) < 3000
    assert "stopped after" in _problems(items)[-1].reason


def test_endless_standard_input_stops_at_the_limit():
    with open("/dev/zero", "rb") as endless:
        [problem] = list(read_input("-", endless))
    assert problem.path == "<stdin>" and "stopped reading" in problem.reason


def test_standard_input_json_lines_are_streamed(tmp_path):
    data = "\n".join(_record(title=f"Story {i}") for i in range(5)).encode()
    documents = _documents(read_input("-", io.BytesIO(data)))
    assert [d.line for d in documents] == [1, 2, 3, 4, 5]


# ---------------------------------------------------------------- WARC


def _warc(path: Path, count: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for i in range(count):
            page = f"<html><body><article><h1>Story {i}</h1><p>{STORY}</p></article></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"http://example.org/{i}", "response",
                                                          payload=io.BytesIO(page), http_headers=headers))


def test_warc_of_zeros_gives_one_short_line_and_exit_status_1(tmp_path):
    path = tmp_path / "zeros.warc"
    path.write_bytes(b"\0" * (2 * 2**20))
    result = _ingest(tmp_path / "s.db", str(path))
    assert result.returncode == 1
    [line] = result.stderr.decode().splitlines()
    assert "zeros.warc" in line and "corrupt WARC" in line and len(line) < 400


@pytest.mark.parametrize("keep", [0.5, 0.7, 0.95])
def test_truncated_warc_reports_the_lost_record(tmp_path, keep):
    whole = tmp_path / "five.warc"
    _warc(whole, 5)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * keep)])
    items = _items(cut)
    documents, problems = _documents(items), _problems(items)
    assert len(problems) == 1 and "truncated" in problems[0].reason
    assert problems[0].line == len(documents) + 1


def test_truncated_warc_makes_ingest_exit_1(tmp_path):
    _warc(tmp_path / "five.warc", 5)
    data = (tmp_path / "five.warc").read_bytes()
    (tmp_path / "five.warc").write_bytes(data[: len(data) * 3 // 4])
    result = _ingest(tmp_path / "s.db", str(tmp_path / "five.warc"))
    assert result.returncode == 1 and "truncated" in result.stderr.decode()


# ---------------------------------------------------------------- folders and links


def test_broken_and_looping_symlinks_are_each_reported(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "story.txt").write_text(STORY, encoding="utf-8")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "sub" / "back").symlink_to(folder)
    names = list_input_files([str(folder)])
    reasons = {Path(p.path).name: p.reason for name in names for p in _problems(read_input(name))}
    assert "broken symbolic link" in reasons["gone.txt"]
    assert "loop" in reasons["self.txt"] and "loop" in reasons["back"]
    assert sum(isinstance(i, RawDocument) for name in names for i in read_input(name)) == 1


def _as_other_user(command: list[str]) -> subprocess.CompletedProcess:
    """Runs as `nobody` when the tests run as root (root reads everything, whatever the mode)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root and setpriv (util-linux) is missing: cannot test file permissions")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, timeout=300, env=env)


@pytest.fixture
def open_folder():
    """A folder another user may write into (tmp_path's parents are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="eventfold-perm-"))
    folder.chmod(0o777)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_unreadable_subfolder_and_file_are_reported_by_name(open_folder):
    (open_folder / "ok.txt").write_text(STORY, encoding="utf-8")
    (open_folder / "locked").mkdir()
    (open_folder / "locked" / "inside.txt").write_text(STORY, encoding="utf-8")
    (open_folder / "locked").chmod(0)
    (open_folder / "secret.txt").write_text(STORY, encoding="utf-8")
    (open_folder / "secret.txt").chmod(0)
    result = _as_other_user([sys.executable, "-m", "eventfold.cli", "--db", str(open_folder / "s.db"),
                             "ingest", "--quiet", "--no-process", str(open_folder)])
    errors = result.stderr.decode()
    assert result.returncode == 1, errors
    assert "locked: cannot read folder: Permission denied" in errors
    assert "secret.txt: cannot read: Permission denied" in errors and "gzip" not in errors


# ---------------------------------------------------------------- encodings


def test_utf16_file_with_bom_is_decoded(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(STORY.replace("Thursday", "Thursday — late").encode("utf-16"))
    [document] = _items(path)
    assert "Thursday — late" in document.content and document.warning == ""


def test_utf8_with_a_few_bad_bytes_stays_utf8(tmp_path):
    body = STORY.replace("Thursday", "Thursday — after a week’s delay — ").encode("utf-8")
    path = tmp_path / "damaged.txt"
    path.write_bytes(body.replace(b"harbour", b"harb\xff\xfeour"))
    [document] = _items(path)
    assert "Thursday — after a week’s delay" in document.content and "â€" not in document.content
    assert "undecodable byte sequence(s) replaced" in document.warning


def test_legacy_single_byte_text_is_still_detected(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(STORY.replace("Thursday", "Thursday “late”").encode("cp1252"))
    [document] = _items(path)
    assert "“late”" in document.content


# ---------------------------------------------------------------- bounded parsers


def test_byline_check_on_a_long_line_tries_only_stamp_sized_tails(monkeypatch):
    calls = []
    real = stamps.looks_like_stamp
    monkeypatch.setattr(stamps, "looks_like_stamp", lambda line: calls.append(line) or real(line))
    head, tail = text._split_trailing_stamp("Reporter " * 100_000 + "Updated 7 Sep 2021, 10:42")
    assert tail == "Updated 7 Sep 2021, 10:42" and head.startswith("Reporter")
    assert len(calls) <= stamps.STAMP_MAX_WORDS + 5


def test_rejoining_wrapped_lines_judges_bounded_views_not_the_growing_paragraph(monkeypatch):
    seen = []
    real = text.is_furniture
    monkeypatch.setattr(text, "is_furniture", lambda line: seen.append(len(line)) or real(line))
    lines = ["the ferry crossed the lake and the"] * 5000
    [paragraph] = text.rejoin_broken_lines(["Ferry news"] + [""] + lines)[1:]
    assert paragraph == " ".join(lines)
    assert max(seen) <= 2 * text.JOIN_VIEW_CHARS + 1


def test_html_page_with_huge_element_count_takes_the_linear_path():
    page = "<html><head><title>Big</title></head><body>" + "<div>cell</div>" * 60_000 + (
        f"<p>{STORY}</p></body></html>")
    extraction = extract_html(page)
    assert extraction.extractor == "blocks"
    assert "400 passengers" in extraction.text


def test_deeply_nested_json_ld_does_not_cost_the_page_its_date():
    from eventfold.ingest.pubdate import find_publication_date

    page = ("<html><head><meta property='article:published_time' content='2021-09-06T08:00:00Z'>"
            "<script type='application/ld+json'>" + "[" * 100_000 + "]" * 100_000 + "</script></head>"
            f"<body><article><p>{STORY}</p></article></body></html>")
    assert find_publication_date(page).value == "2021-09-06"


def test_text_over_spacy_limit_is_still_stored_whole():
    long_story = STORY + ("The ferry sailed on time and the harbour was calm that morning. " * 20_000)
    article = parse_document(RawDocument(path="long.txt", format="text", content=long_story), IngestOptions())
    assert isinstance(article, Article) and len(article.text) > 1_000_000
