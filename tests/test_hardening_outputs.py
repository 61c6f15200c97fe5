"""Issue 13, outputs half: safe store opening, safe --out, inert CSV cells, escaped Markdown links,
typed Parquet, headers on empty CSVs, GeoJSON counting what it leaves out.

Every test drives the real component: SQLite files on disk, real processes holding real locks,
the real command line writing real files.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import run_cli
from eventfold.export.writers import OutputPathError, write_rows
from eventfold.store import Store, StoreError
from eventfold.store.db import APPLICATION_ID, StoreMissing
from test_fusion_pipeline import PROTEST, UPRISING_A

READ_COMMANDS = (("events",), ("articles",), ("claims",), ("search", "rain"), ("entities",),
                 ("export", "events", "--out", "{tmp}/e.csv"), ("brief", "--out", "{tmp}/b.md"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_error_line(result) -> str:
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr.decode(), result.stderr.decode()
    return lines[0]


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A store holding two processed stories (one event with a place each)."""
    folder = tmp_path_factory.mktemp("stories")
    (folder / "uprising.txt").write_text(UPRISING_A, encoding="utf-8")
    (folder / "protest.txt").write_text(PROTEST, encoding="utf-8")
    path = tmp_path_factory.mktemp("db") / "out.db"
    result = run_cli("--db", str(path), "ingest", str(folder), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return path


# ---------------------------------------------------------------- store opening


def test_read_commands_on_a_missing_store_create_nothing(tmp_path):
    db = tmp_path / "typo" / "eventfold.db"
    for command in READ_COMMANDS:
        args = [a.format(tmp=tmp_path) for a in command]
        result = run_cli("--db", str(db), *args)
        assert result.returncode == 2, (command, result.stderr.decode())
        assert "does not exist" in _one_error_line(result)
    assert not (tmp_path / "typo").exists() and not (tmp_path / "e.csv").exists()


def test_the_store_api_does_not_create_without_create(tmp_path):
    with pytest.raises(StoreMissing):
        Store.open(tmp_path / "absent.db", create=False)
    assert list(tmp_path.iterdir()) == []


def _foreign_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    connection.execute("INSERT INTO recipes VALUES ('lentil soup', 40)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("command", [("events",), ("ingest", "{story}")])
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, command):
    db = tmp_path / "recipes.db"
    _foreign_database(db)
    story = tmp_path / "story.txt"
    story.write_text(PROTEST, encoding="utf-8")
    before = _digest(db)
    result = run_cli("--db", str(db), *[a.format(story=story) for a in command])
    assert result.returncode != 0 and "not an eventfold store" in _one_error_line(result)
    assert _digest(db) == before
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master")] == ["recipes"]


def test_a_new_store_carries_the_marker_and_an_older_store_still_opens(tmp_path):
    db = tmp_path / "s.db"
    Store.open(db).close()
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    connection.execute("PRAGMA application_id = 0")  # as stores made before the marker are
    connection.commit()
    connection.close()
    result = run_cli("--db", str(db), "articles")
    assert result.returncode == 0, result.stderr.decode()


OPEN_AT = """
import sys, time
from eventfold.store import Store
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
try:
    Store.open(sys.argv[1]).close()
    print("ok")
except Exception as error:
    print(repr(error))
"""


def test_two_processes_creating_the_same_new_store_both_succeed(tmp_path):
    """20 trials, 5 at a time: two processes open the same new store at the same instant."""
    failures = []
    for batch in range(4):
        start = time.time() + 2.0  # after both processes have imported eventfold
        workers = [subprocess.Popen([sys.executable, "-c", OPEN_AT, str(tmp_path / f"new{batch}-{pair}.db"), str(start)],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                   for pair in range(5) for _ in range(2)]
        outputs = [worker.communicate(timeout=120)[0].decode().strip() for worker in workers]
        failures += [output for output in outputs if output != "ok"]
    assert failures == []


HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_lock_held_by_another_process_is_one_clear_line(tmp_path):
    db = tmp_path / "busy.db"
    Store.open(db).close()
    story = tmp_path / "story.txt"
    story.write_text(PROTEST, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), "20"], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"locked"
        env_timeout = dict(os.environ, EVENTFOLD_BUSY_TIMEOUT="1", PYTHONIOENCODING="utf-8")
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "eventfold.cli", "--db", str(db), "ingest", str(story), "-q"],
                                capture_output=True, env=env_timeout, timeout=120)
        assert time.monotonic() - started < 60
        assert result.returncode != 0
        assert _one_error_line(result) == f"Error: store {db} is busy: another eventfold process is writing; try again"
        reading = subprocess.run([sys.executable, "-m", "eventfold.cli", "--db", str(db), "articles"],
                                 capture_output=True, env=env_timeout, timeout=120)
        assert reading.returncode == 0, reading.stderr.decode()  # readers are not blocked by the writer
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: file permissions do not stop root, so an "
                                              "unwritable store cannot be made here")
def test_a_store_the_user_cannot_write_is_one_clear_line(tmp_path):
    db = tmp_path / "locked.db"
    Store.open(db).close()
    db.chmod(stat.S_IRUSR)
    result = run_cli("--db", str(db), "articles")
    assert result.returncode != 0 and "cannot be opened for writing" in _one_error_line(result)


def test_a_text_file_as_store_is_refused(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("my shopping list, not a database\n" * 50, encoding="utf-8")
    with pytest.raises(StoreError, match="not a usable eventfold database"):
        Store.open(notes)


# ---------------------------------------------------------------- --out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_export_to_a_device_is_refused_and_the_device_survives(stored):
    result = run_cli("--db", str(stored), "export", "events", "--out", "/dev/full")
    assert result.returncode != 0 and "not a regular file" in _one_error_line(result)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_export_to_a_fifo_is_refused_without_hanging(stored, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = run_cli("--db", str(stored), "export", "events", "--out", str(fifo), timeout=60)
    assert result.returncode != 0 and "not a regular file" in _one_error_line(result)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_brief_to_a_folder_is_refused(stored, tmp_path):
    folder = tmp_path / "brief.md"
    folder.mkdir()
    with pytest.raises(OutputPathError, match="is a folder"):
        write_rows([], "csv", folder)
    result = run_cli("--db", str(stored), "brief", "--out", str(folder))
    assert result.returncode != 0 and folder.is_dir()


def test_a_symlink_is_refused_and_neither_link_nor_target_changes(stored, tmp_path):
    target = tmp_path / "precious.csv"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "events.csv"
    link.symlink_to(target)
    for args in (("export", "events", "--out", str(link)), ("brief", "--out", str(link))):
        result = run_cli("--db", str(stored), *args)
        assert result.returncode != 0 and "symbolic link" in _one_error_line(result)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "precious.csv"]  # no temporary left


# ---------------------------------------------------------------- CSV cells, Markdown links


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(tmp_path):
    rows = [{"title": "=HYPERLINK(\"http://x.test\",\"open\")", "outlet": "+cmd", "note": "-rm", "who": "@sum",
             "tabbed": "\tx", "returned": "\rx", "plain": "Kabul", "aliases": ["=A1", "B"], "latitude": -3.5,
             "count": -2}]
    out = tmp_path / "cells.csv"
    write_rows(rows, "csv", out)
    with out.open(newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["title"] == "'=HYPERLINK(\"http://x.test\",\"open\")"
    assert [row[k][:2] for k in ("outlet", "note", "who", "tabbed", "returned")] == ["'+", "'-", "'@", "'\t", "'\r"]
    assert row["plain"] == "Kabul" and row["aliases"] == "'=A1; B"
    assert row["latitude"] == "-3.5" and row["count"] == "-2"
    raw = tmp_path / "raw.csv"
    write_rows(rows, "csv", raw, raw_cells=True)
    with raw.open(newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["title"].startswith("=HYPERLINK")


def test_a_formula_title_is_inert_in_the_articles_csv_unless_raw_cells(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"title": "=HYPERLINK(\"http://evil.test\",\"Click\")", "text": PROTEST,
                                "url": "https://news.example.org/herat"}) + "\n", encoding="utf-8")
    db = tmp_path / "f.db"
    assert run_cli("--db", str(db), "ingest", str(feed), "--no-process", "-q").returncode == 0
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert run_cli("--db", str(db), "export", "articles", "--out", str(safe)).returncode == 0
    assert run_cli("--db", str(db), "export", "articles", "--out", str(raw), "--raw-cells").returncode == 0
    with safe.open(newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["title"].startswith("'=HYPERLINK")
    with raw.open(newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["title"].startswith("=HYPERLINK")


def test_brief_markdown_links_only_web_urls_and_escapes_titles(tmp_path):
    records = [{"title": "Clash [click](javascript:alert(1)) <b>bold</b> *x*", "text": UPRISING_A,
                "url": "javascript:alert(document.cookie)", "date": "2022-03-03"},
               {"title": "Rally in Herat", "text": PROTEST, "url": "https://news.example.org/herat",
                "date": "2022-03-03"}]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db, md = tmp_path / "b.db", tmp_path / "brief.md"
    assert run_cli("--db", str(db), "ingest", str(feed), "-q").returncode == 0
    result = run_cli("--db", str(db), "brief", "--out", str(md), "--min-confidence", "0")
    assert result.returncode == 0, result.stderr.decode()
    text = md.read_text(encoding="utf-8")
    assert "<https://news.example.org/herat>" in text
    assert "<javascript:" not in text and "`javascript:alert(document.cookie)`" in text
    assert "\\[click\\](javascript:alert(1)) \\<b\\>bold\\</b\\> \\*x\\*" in text


# ---------------------------------------------------------------- typed Parquet, empty CSV, GeoJSON


def test_an_export_with_no_rows_has_its_header_and_typed_columns(tmp_path, stored):
    import pandas as pd

    empty_db = tmp_path / "empty.db"
    story = tmp_path / "s.txt"
    story.write_text(PROTEST, encoding="utf-8")
    assert run_cli("--db", str(empty_db), "ingest", str(story), "--no-process", "-q").returncode == 0
    for kind in ("events", "claims", "conflicts", "quotes"):
        out = tmp_path / f"{kind}.csv"
        assert run_cli("--db", str(empty_db), "export", kind, "--out", str(out)).returncode == 0
        frame = pd.read_csv(out)
        assert len(frame) == 0 and len(frame.columns) > 3
    empty, full = tmp_path / "empty.parquet", tmp_path / "full.parquet"
    assert run_cli("--db", str(empty_db), "export", "events", "--format", "parquet", "--out", str(empty)).returncode == 0
    assert run_cli("--db", str(stored), "export", "events", "--format", "parquet", "--out", str(full)).returncode == 0
    empty_schema, full_schema = pq.read_schema(empty), pq.read_schema(full)
    assert empty_schema.equals(full_schema)  # the same types whether a column has values or not
    types = {f.name: f.type for f in full_schema}
    assert types["fatalities"] == pa.int64() and types["wounded"] == pa.int64() and types["assoc_actor_1"] == pa.string()
    assert types["latitude"] == pa.float64() and types["contested"] == pa.bool_()
    assert types["sources"] == pa.list_(pa.string())
    table = pq.read_table(full)
    assert table.column("assoc_actor_1").null_count == table.num_rows  # all null, still a string column


def test_geojson_counts_the_rows_it_leaves_out(tmp_path, stored):
    rows = [{"event_id": "a", "latitude": 31.6, "longitude": 65.7}, {"event_id": "b", "latitude": None, "longitude": None}]
    out = tmp_path / "e.geojson"
    assert write_rows(rows, "geojson", out).skipped == 1
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["eventfold:skipped_without_coordinates"] == 1 and len(collection["features"]) == 1
    cli_out = tmp_path / "cli.geojson"
    result = run_cli("--db", str(stored), "export", "events", "--format", "geojson", "--out", str(cli_out))
    assert result.returncode == 0, result.stderr.decode()
    collection = json.loads(cli_out.read_text(encoding="utf-8"))
    assert collection["eventfold:skipped_without_coordinates"] == 0 and collection["features"]


UNPLACED = """Gunmen kill three guards at a checkpoint

By Staff Reporter
KABUL, March 8, 2022 — Gunmen shot dead three police guards at a checkpoint in Qalandarkhel Pitao village \
on Tuesday, a police spokesman said. The attackers fled after the shooting, he said.
"""


def test_geojson_export_warns_about_events_without_coordinates(tmp_path):
    story, db = tmp_path / "unplaced.txt", tmp_path / "u.db"
    story.write_text(UNPLACED, encoding="utf-8")
    assert run_cli("--db", str(db), "ingest", str(story), "-q").returncode == 0
    lines, geo = tmp_path / "events.jsonl", tmp_path / "events.geojson"
    assert run_cli("--db", str(db), "export", "events", "--format", "jsonl", "--out", str(lines),
                   "--min-confidence", "0").returncode == 0
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    unplaced = sum(1 for row in rows if row["latitude"] is None)
    assert rows and unplaced  # the village is in no gazetteer
    result = run_cli("--db", str(db), "export", "events", "--format", "geojson", "--out", str(geo),
                     "--min-confidence", "0")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(geo.read_text(encoding="utf-8"))["eventfold:skipped_without_coordinates"] == unplaced
    assert f"warning: {unplaced} event(s) without coordinates left out of {geo}" in result.stderr.decode()


# ---------------------------------------------------------------- properties


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from eventfold.brief.render_md import _source_item, is_web_link  # noqa: E402
from eventfold.brief.compose import Source  # noqa: E402
from eventfold.export.writers import FORMULA_TRIGGERS, safe_csv_cell  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_cell_starts_a_formula_and_nothing_else_changes(text):
    cell = safe_csv_cell(text)
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert cell == (("'" + text) if text.startswith(FORMULA_TRIGGERS) else text)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_a_markdown_source_line_links_only_web_urls(url, title):
    line = _source_item(Source(number=1, article_id="a", outlet="Outlet", title=title, published="2022-03-03",
                               url=url, path=None))
    inert = re.sub(r"(?<!\\)`[^`]*`$", "", line)  # the code span of a URL that is not linked
    # An autolink opens at a "<" preceded by an even number of backslashes (an odd number escapes it).
    links = re.findall(r"(?<!\\)(?:\\\\)*<([^>]*)>", inert)
    for link in links:
        assert is_web_link(link) and link.lower().startswith(("http://", "https://")), line
