"""The dataset's outputs through the real command line: fused events, conflicts, exports, brief."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import run_cli
from test_fusion_pipeline import FORCE_HIGH, FORCE_LOW, PROTEST, UPRISING_A, UPRISING_B


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    for name, text in {"a": UPRISING_A, "b": UPRISING_B, "c": PROTEST, "d": FORCE_LOW, "e": FORCE_HIGH}.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = str(tmp_path_factory.mktemp("db") / "cli.db")
    result = run_cli("--db", path, "ingest", str(folder), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return path


def _json_lines(result) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]


def test_fused_events_list_sources_and_contested(db):
    rows = _json_lines(run_cli("--db", db, "events", "--fused", "--json"))
    uprising = next(r for r in rows if r["source_count"] == 2)
    assert uprising["contested"] and uprising["fatalities"] == 25
    assert uprising["event_date"] == "2022-03-02" and uprising["sub_event_type"] == "Non-state actor overtakes territory"
    assert len(uprising["sources"]) == 2 and uprising["claims"]


def test_conflicts_command_shows_both_claimants(db):
    rows = _json_lines(run_cli("--db", db, "conflicts", "--json"))
    assert {r["kind"] for r in rows} >= {"killed", "force_size"}
    text = run_cli("--db", db, "conflicts").stdout.decode()
    assert "The governor" in text and "Local elders" in text
    claim_lines = [line.strip() for line in text.splitlines() if line.startswith("    ")]
    # "claimant: what they claim — carried by outlets", one line per claimant and claim
    assert claim_lines and all(": " in line and " — carried by " in line for line in claim_lines)
    assert len(claim_lines) == len(set(claim_lines))


def test_exports_in_every_format(db, tmp_path):
    for kind in ("events", "articles", "entities", "claims", "quotes", "conflicts"):
        for fmt in ("csv", "jsonl", "parquet"):
            out = tmp_path / f"{kind}.{fmt}"
            result = run_cli("--db", db, "export", kind, "--format", fmt, "--out", str(out))
            assert result.returncode == 0, result.stderr.decode()
            assert out.exists()
    with open(tmp_path / "events.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"event_id_cnty", "event_date", "sub_event_type", "admin1", "latitude", "fatalities", "sources",
            "source_count", "claims", "contested", "provenance"} <= set(rows[0])
    claims = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    assert any(c["conflicts_with"] for c in claims) and all("event_id" in c for c in claims)
    geo = tmp_path / "events.geojson"
    assert run_cli("--db", db, "export", "events", "--format", "geojson", "--out", str(geo)).returncode == 0
    features = json.loads(geo.read_text())["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features)


def test_export_of_a_kind_without_places_as_geojson_is_a_clear_error(db, tmp_path):
    result = run_cli("--db", db, "export", "quotes", "--format", "geojson", "--out", str(tmp_path / "q.geojson"))
    assert result.returncode != 0 and len(result.stderr.decode().strip().splitlines()) == 1


def test_brief_in_html_and_markdown(db, tmp_path):
    html, md = tmp_path / "brief.html", tmp_path / "brief.md"
    assert run_cli("--db", db, "brief", "--out", str(html)).returncode == 0
    assert run_cli("--db", db, "brief", "--out", str(md)).returncode == 0
    page = html.read_text(encoding="utf-8")
    assert "<svg" in page and "Arghand" in page and "The governor" in page and "Local elders" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert md.read_text(encoding="utf-8").startswith("# ")


def test_an_unwritable_output_is_a_one_line_error(db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for args in (("export", "events", "--out", str(blocker / "events.csv")), ("brief", "--out", str(blocker / "b.html"))):
        result = run_cli("--db", db, *args)
        assert result.returncode == 1 and len(result.stderr.decode().strip().splitlines()) == 1
