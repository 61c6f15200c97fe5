"""`eventfold eval geo --details FILE`: one JSON line per scored toponym, on a small corpus in the
LGL/TR-News XML layout written for this test (real gazetteer, real spaCy model, real CLI)."""

from __future__ import annotations

import json

from conftest import run_cli

TEXT = "Flooding closed roads in Springfield and across Clark County on Friday, officials in Ohio said."
# GeoNames ids and points of the three places, as the dev sets' gaztags give them.
GOLD = [("Springfield", 4525353, 39.92423, -83.80882), ("Clark County", 4508810, 39.91678, -83.78391),
        ("Ohio", 5165418, 40.25034, -83.00018)]


def _toponym(phrase: str, geonameid: int, lat: float, lon: float) -> str:
    start = TEXT.index(phrase)
    return (f"<toponym><start>{start}</start><end>{start + len(phrase)}</end><phrase>{phrase}</phrase>"
            f"<gaztag geonameid=\"{geonameid}\"><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>")


def test_details_list_every_scored_toponym_with_gold_and_choice(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    toponyms = "".join(_toponym(*row) for row in GOLD)
    (corpus / "local.xml").write_text(
        f"<articles><article docid=\"a1\"><text>{TEXT}</text><toponyms>{toponyms}</toponyms></article></articles>",
        encoding="utf-8")
    details = tmp_path / "details.jsonl"
    result = run_cli("eval", "geo", "--data", str(corpus), "--details", str(details))
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    rows = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert [row["phrase"] for row in rows] == [phrase for phrase, *_ in GOLD]
    assert summary["n"] == len(rows) == 3
    for row in rows:
        assert row["file"] == "local.xml" and row["article"] == "a1"
        assert row["within_161km"] == (row["km"] <= 161.0)
        assert row["resolved"]["country"] == "US"
    assert summary["acc_161km"] == sum(row["within_161km"] for row in rows) / 3
    assert rows[0]["resolved"]["admin1"] == "Ohio"
