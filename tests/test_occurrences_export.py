"""Occurrences beyond ACLED's scope through the real command line and a real SQLite store: the
default export and the brief stay ACLED's, `--scope all` adds the occurrences with their kind,
`events --fused` marks them, and fusion folds two outlets' reports of one earthquake while another
earthquake, elsewhere and a year later, stays apart. Articles written for this test."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import ingest_articles, run_cli

ARTICLES = [
    {"source": "Anatolia Wire", "date": "2023-10-11", "title": "Quake kills dozens near Ercis",
     "text": "A magnitude 6.2 earthquake struck eastern Turkey near the town of Ercis on Tuesday, killing at "
             "least 31 people, officials said.\n\nRescuers dug through collapsed houses through the night.\n"},
    {"source": "Lake Van Post", "date": "2023-10-11", "title": "Ercis counts its dead after earthquake",
     "text": "A powerful earthquake shook Ercis on Tuesday, killing 34 people and flattening dozens of "
             "homes, the governor said.\n\nAftershocks kept families in tents.\n"},
    {"source": "Aegean Herald", "date": "2024-09-03", "title": "Earthquake rattles Izmir coast",
     "text": "An earthquake struck the coast near Izmir on Monday, killing four people, the disaster agency "
             "said.\n\nSchools in the province were closed.\n"},
    {"source": "Kandahar Daily", "date": "2023-10-11", "title": "Gunmen attack checkpoint",
     "text": "Taliban fighters attacked a police checkpoint in Kandahar on Tuesday, killing two officers, "
             "police said.\n"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return ingest_articles(tmp_path_factory.mktemp("occurrences"), ARTICLES)


def _jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_default_export_holds_acled_types_only(db, tmp_path):
    out = tmp_path / "events.csv"
    result = run_cli("--db", db, "export", "events", "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and "Other" not in {r["event_type"] for r in rows}
    assert any(r["country"] == "Afghanistan" and r["event_type"] == "Battles" for r in rows)


def test_scope_all_adds_the_occurrences_fused_by_event(db, tmp_path):
    out = tmp_path / "all.jsonl"
    result = run_cli("--db", db, "export", "events", "--scope", "all", "--format", "jsonl", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    quakes = [r for r in _jsonl(out) if r["event_type"] == "Other"]
    assert {r["sub_event_type"] for r in quakes} == {"Disaster"}
    ercis = [r for r in quakes if r["event_date"] == "2023-10-10"]
    izmir = [r for r in quakes if r["event_date"] == "2024-09-02"]
    assert len(ercis) == 1 and ercis[0]["source_count"] == 2  # two outlets, one earthquake
    assert ercis[0]["fatalities"] == 31  # ACLED's rule: the most conservative figure
    assert len(izmir) == 1 and izmir[0]["source_count"] == 1  # a look-alike a year later stays apart


def test_events_fused_marks_what_acled_does_not_code(db):
    result = run_cli("--db", db, "events", "--fused")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert any("Disaster" in line and "[not ACLED]" in line for line in lines)
    assert all("[not ACLED]" not in line for line in lines if "Taliban" in line)
    acled_only = run_cli("--db", db, "events", "--fused", "--scope", "acled").stdout.decode()
    assert "Disaster" not in acled_only and "Taliban" in acled_only


def test_the_brief_leaves_the_occurrences_out(db, tmp_path):
    out = tmp_path / "brief.md"
    result = run_cli("--db", db, "brief", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    text = out.read_text(encoding="utf-8")
    assert "Taliban" in text and "Ercis" not in text and "Disaster" not in text


def test_an_acled_drop_in_refuses_other_scopes(db, tmp_path):
    result = run_cli("--db", db, "export", "events", "--format", "acled-csv", "--scope", "all",
                     "--out", str(tmp_path / "acled.csv"))
    assert result.returncode != 0 and b"acled-csv" in result.stderr
    assert not (tmp_path / "acled.csv").exists()
