"""A publication date counted from --retrieved-at gives way to the story's own dates when they
put the article far away (an archive crawl), and the user is told which article."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

# Written for this test: a relative stamp, and a story whose dated events lie in late March 2023.
RECORD = {
    "url": "https://lake-region-monitor.example/2023/03/30/market-fire",
    "source": "Lake Region Monitor",
    "date": "2 days ago",
    "title": "Gunmen set fire to cattle market in Borno",
    "text": ("MAIDUGURI — Gunmen set fire to a cattle market in Gamboru on March 28, 2023, killing four traders, "
             "local officials said.\n\nResidents said the attackers arrived on motorcycles on Tuesday evening "
             "and fled towards the border after about an hour."),
}


def _ingest(tmp_path: Path, retrieved_at: str):
    source = tmp_path / "feed.jsonl"
    source.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    result = run_cli("--db", str(db), "ingest", "--quiet", str(source), "--retrieved-at", retrieved_at)
    assert result.returncode == 0, result.stderr
    events = run_cli("--db", str(db), "events", "--json")
    return result.stderr.decode(), [json.loads(line) for line in events.stdout.decode().splitlines()]


def test_retrieval_months_later_is_overruled_by_the_story_dates_with_a_warning(tmp_path):
    stderr, events = _ingest(tmp_path, "2023-09-15")
    assert "feed.jsonl" in stderr and "warning: publication date 2023-09-13" in stderr
    assert events, "the market attack should be coded"
    assert all(not row["event_date"] or row["event_date"].startswith("2023-03") for row in events)


def test_a_consistent_retrieval_date_raises_no_warning(tmp_path):
    stderr, _ = _ingest(tmp_path, "2023-03-31")
    assert "warning" not in stderr
