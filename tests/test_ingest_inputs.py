"""Ingestion end to end through the command line: formats, duplicates and bad input."""

from __future__ import annotations

import gzip
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import CORPUS, run_cli

STORY = (
    "Flooding hits river towns\n\n"
    "By Maria Ortega\n\n"
    "RIVERTON — Heavy rain pushed the Elm river over its banks on Monday, forcing some 300 families from "
    "their homes in three towns along the valley, the regional emergency office said.\n\n"
    "Officials said two people were missing after a bridge collapsed near Oakford. Rescue teams with boats "
    "searched the flooded fields through the night.\n\n"
    "The office said shelters in the school gymnasiums had room for another 500 people.\n"
)


def _html_page(title: str, body: str, date: str = "2021-08-20") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{date}T08:00:00Z">'
        f'<meta property="og:site_name" content="Valley Herald"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Share this article. Subscribe to our newsletter.</footer></body></html>"
    )


def _ingest(db: Path, *args: str, stdin: bytes | None = None):
    return run_cli("--db", str(db), "ingest", "--quiet", "--no-process", *args, stdin=stdin)


def _articles(db: Path) -> list[dict]:
    result = run_cli("--db", str(db), "articles", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_text_file_is_stored_with_metadata_and_listed_as_json(tmp_path):
    (tmp_path / "flood.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "store.db"
    result = _ingest(db, str(tmp_path / "flood.txt"))
    assert result.returncode == 0, result.stderr
    [article] = _articles(db)
    assert set(article) >= {"article_id", "path", "url", "title", "outlet", "byline", "published",
                            "published_precision", "published_source", "text", "captions", "duplicate_of"}
    assert article["title"] == "Flooding hits river towns"
    assert "300 families" in article["text"] and "500 people" in article["text"]
    assert article["published"] is None and article["published_source"].startswith("unknown")


def test_same_article_twice_is_stored_once(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "copy-of-a.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "store.db"
    assert _ingest(db, str(tmp_path)).returncode == 0
    assert _ingest(db, str(tmp_path / "a.txt")).returncode == 0
    assert len(_articles(db)) == 1


def test_near_duplicate_is_linked_not_double_counted(tmp_path):
    edited = STORY.replace("Flooding hits river towns", "Hundreds flee as Elm river floods").replace(
        "The office said", "The emergency office added that"
    ) + "\nThis report was first published by a partner outlet.\n"
    (tmp_path / "1-original.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "2-syndicated.txt").write_text(edited, encoding="utf-8")
    db = tmp_path / "store.db"
    assert _ingest(db, str(tmp_path)).returncode == 0
    original, copy = _articles(db)
    assert original["duplicate_of"] is None
    assert copy["duplicate_of"] == original["article_id"]


def test_html_gzip_json_lines_and_stdin(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(_html_page("Bridge reopens", STORY.split("\n\n", 2)[2]).encode()))
    records = [
        {"title": "Harvest delayed by rain", "text": "Farmers in the north said on Tuesday that the wheat harvest "
         "would start two weeks late after a month of rain. Prices at the regional market rose by a tenth.",
         "url": "https://www.reuters.com/world/harvest", "published": "2021-08-24"},
        {"headline": "Port strike ends", "content": "Dock workers at the city port returned to work on Wednesday "
         "after a four-day strike over pay ended with an agreement, the union said in a statement.",
         "source": "Harbour Times", "date": "25 August 2021"},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = tmp_path / "store.db"
    result = _ingest(db, str(tmp_path / "page.html.gz"), str(tmp_path / "feed.jsonl"))
    assert result.returncode == 0, result.stderr
    result = _ingest(db, "-", stdin=STORY.encode())
    assert result.returncode == 0, result.stderr
    by_title = {a["title"]: a for a in _articles(db)}
    assert by_title["Bridge reopens"]["published"] == "2021-08-20"
    assert by_title["Bridge reopens"]["outlet"] == "Valley Herald"
    assert by_title["Harvest delayed by rain"]["published"] == "2021-08-24"
    assert by_title["Port strike ends"]["outlet"] == "Harbour Times"
    assert by_title["Port strike ends"]["published"] == "2021-08-25"
    assert by_title["Flooding hits river towns"]["path"] == "<stdin>"


def test_warc_response_records_become_articles(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for index, title in enumerate(["Council approves budget", "Library extends hours"]):
            body = _html_page(title, STORY.split("\n\n", 2)[2].replace("Elm", f"Elm{index}")).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://example.org/news/{index}", "response",
                                               payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
    db = tmp_path / "store.db"
    result = _ingest(db, str(path))
    assert result.returncode == 0, result.stderr
    assert sorted(a["title"] for a in _articles(db)) == ["Council approves budget", "Library extends hours"]


def test_bad_inputs_each_get_one_line_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes(STORY.replace("—", "-").replace("RIVERTON", "RÏVERTÖN").replace("Flooding", "Flöoding").encode("latin-1"))
    (tmp_path / "broken.jsonl").write_text('{"title": "ok", "text": "' + "word " * 40 + '"}\n{"title": oops}\n', encoding="utf-8")
    (tmp_path / "truncated.html.gz").write_bytes(gzip.compress(_html_page("Cut", STORY).encode())[:60])
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse 100 MB file
    db = tmp_path / "store.db"
    result = _ingest(db, str(tmp_path))
    errors = result.stderr.decode().splitlines()
    assert result.returncode == 1
    expected = {"binary.txt": "binary", "empty.txt": "empty", "broken.jsonl:2": "malformed JSON",
                "truncated.html.gz": "truncated", "huge.txt": "too large"}
    for where, reason in expected.items():
        assert any(where in line and reason in line for line in errors), (where, errors)
    assert any("latin1.txt" in line and "warning" in line for line in errors)
    titles = {a["title"] for a in _articles(db)}
    assert {"Flooding hits river towns", "ok"} <= titles
    assert len(titles) == 3  # good, latin-1 (decoded), first JSON line


def test_strict_stops_at_first_problem(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-good.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "store.db"
    result = _ingest(db, "--strict", str(tmp_path))
    assert result.returncode == 1
    assert "stopped (--strict)" in result.stderr.decode()
    assert _articles(db) == []


def test_search_and_show(tmp_path):
    (tmp_path / "flood.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "store.db"
    _ingest(db, str(tmp_path))
    result = run_cli("--db", str(db), "search", "bridge collapsed", "--json")
    [hit] = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert hit["title"] == "Flooding hits river towns" and "[" in hit["snippet"]
    shown = run_cli("--db", str(db), "articles", "show", hit["article_id"][:8])
    assert "Rescue teams with boats" in shown.stdout.decode()
    bad = run_cli("--db", str(db), "search", '"unbalanced')
    assert bad.returncode == 1 and "bad search query" in bad.stderr.decode()


def test_killed_ingest_leaves_a_consistent_store(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(300):
        text = STORY.replace("300 families", f"{index + 1} families").replace("Elm", f"Elm{index}x")
        text = text.replace("Flooding hits river towns", f"Flooding report number {index}")
        (folder / f"{index:04d}.txt").write_text(text + f"\nDistinct paragraph {index} " * 5, encoding="utf-8")
    db = tmp_path / "store.db"
    _ingest(db, str(folder / "0000.txt"))
    process = subprocess.Popen([sys.executable, "-m", "eventfold.cli", "--db", str(db), "ingest", "-q", "--no-process",
                                str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None and _stored_count(db) < 60:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    fts = connection.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'families'").fetchone()[0]
    assert 1 <= count < 300 and fts == count  # killed mid-way, nothing half-written
    connection.close()
    resumed = _ingest(db, str(folder))
    assert resumed.returncode == 0, resumed.stderr
    assert len(_articles(db)) == 300


def _stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sample_corpus_ingests_cleanly(tmp_path):
    db = tmp_path / "store.db"
    result = _ingest(db, str(CORPUS), "--retrieved-at", "2021-09-07")
    assert result.returncode == 0, result.stderr
    stored = _articles(db)
    assert len(stored) >= 10
    assert any(a["duplicate_of"] for a in stored)


def test_feed_items_with_a_headline_and_summary_only(tmp_path):
    items = [
        {"source": "https://feeds.example-news.com/world.rss", "title": "Floods force 300 families from homes",
         "description": "Heavy rain pushed the Elm river over its banks on Monday, officials said.",
         "link": "https://www.valley-herald.com/world/floods-elm-river", "date_published": "2021-08-16 07:10:00+00:00"},
        {"source": "https://feeds.example-news.com/world.rss", "title": "Headline without any summary"},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(item) for item in items), encoding="utf-8")
    result = _ingest(tmp_path / "feed.db", str(feed))
    assert result.returncode == 1 and f"{feed}:2: record has no text" in result.stderr.decode()
    (article,) = _articles(tmp_path / "feed.db")
    assert article["title"] == "Floods force 300 families from homes"
    assert article["published"].startswith("2021-08-16") and article["outlet"] == "Valley Herald"


def test_a_record_s_own_retrieval_date_anchors_its_relative_stamp(tmp_path):
    record = {"title": "Floods force families from homes", "date": "2 days ago", "retrieved_at": "2021-08-21T09:00:00",
              "text": "Heavy rain pushed the Elm river over its banks on Monday, forcing some 300 families from "
                      "their homes in three towns along the valley, the regional emergency office said."}
    feed = tmp_path / "saved.jsonl"
    feed.write_text(json.dumps(record), encoding="utf-8")
    assert _ingest(tmp_path / "saved.db", str(feed), "--retrieved-at", "2021-09-07").returncode == 0
    (article,) = _articles(tmp_path / "saved.db")
    assert article["published"].startswith("2021-08-19")
