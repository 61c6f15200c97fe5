"""The CSV and GeoJSON writers stream their rows (export/writers.py `_write_csv`, `_write_geojson`):
the file must be byte for byte what gathering every row first gave, also when a late CSV row brings a
column the header lacks."""

from __future__ import annotations

import csv
import json
import random

from eventfold.export.writers import SKIPPED_MEMBER, csv_cell, geojson_feature, safe_csv_cell, write_rows


def _gathered(rows: list[dict], path, declared: dict, raw_cells: bool = False) -> bytes:
    """What the writer wrote before it streamed: every row's cells first, then the header of all keys."""
    cell = csv_cell if raw_cells else safe_csv_cell
    cells = [{key: cell(value) for key, value in row.items()} for row in rows]
    columns = list(dict.fromkeys([*declared, *(key for row in cells for key in row)]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(cells)
    return path.read_bytes()


def _random_rows(seed: int) -> list[dict]:
    """Rows with awkward cells (quotes, separators, line breaks, formulas, lists, dicts, None) whose
    keys vary: some rows lack columns, a few bring new ones late."""
    chance = random.Random(seed)
    texts = ["plain", 'say "no"', "a,b", "two\nlines", "cr\r\nlf", "=SUM(A1)", "-3", "+x", "@y", "é ü 中", ""]
    values = texts + [None, True, False, 0, -3.5, 12, ["a", "b; c"], [], {"k": [1, 2]}, [{"x": 1}]]
    rows = []
    for number in range(chance.randint(0, 40)):
        keys = ["id", "name", "notes"] + [f"extra{chance.randint(0, 6)}" for _ in range(chance.randint(0, 3))]
        row = {"id": number} | {key: chance.choice(values) for key in keys[1:] if chance.random() > 0.2}
        rows.append(row)
    return rows


def test_streamed_csv_is_what_gathering_gave(tmp_path):
    declared = {"id": "int64", "name": "string", "source": "string"}
    for seed in range(60):
        rows = _random_rows(seed)
        for raw_cells in (False, True):
            out = tmp_path / f"streamed-{seed}-{raw_cells}.csv"
            assert write_rows(iter(rows), "csv", out, columns=declared, raw_cells=raw_cells) == len(rows)
            assert out.read_bytes() == _gathered(rows, tmp_path / "gathered.csv", declared, raw_cells), seed


def test_a_late_new_column_is_added_to_the_header(tmp_path):
    rows = [{"id": 1, "name": "a"}, {"id": 2, "name": "b\nc"}, {"id": 3, "late": "=1+1"}]
    out = tmp_path / "late.csv"
    assert write_rows(iter(rows), "csv", out, columns={"id": "int64"}) == 3
    assert out.read_text(encoding="utf-8").splitlines()[0] == "id,name,late"
    with out.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert [r["late"] for r in read] == ["", "", "'=1+1"] and read[1]["name"] == "b\nc"


def test_streamed_geojson_is_what_one_dump_gave(tmp_path):
    chance = random.Random(5)
    for count in (0, 1, 2, 37):
        rows = [{"event_id": f"ev-{n}", "latitude": None if chance.random() < 0.3 else chance.uniform(-80, 80),
                 "longitude": chance.uniform(-170, 170), "notes": chance.choice(["a \"b\"", "é\n中", ""]),
                 "sources": ["x", "y"], "fatalities": chance.choice([None, 3])} for n in range(count)]
        features = [f for f in map(geojson_feature, rows) if f is not None]
        whole = json.dumps({"type": "FeatureCollection", SKIPPED_MEMBER: len(rows) - len(features),
                            "features": features}, ensure_ascii=False)
        out = tmp_path / f"events-{count}.geojson"
        written = write_rows(iter(rows), "geojson", out)
        assert out.read_text(encoding="utf-8") == whole
        assert (written, written.skipped) == (len(features), len(rows) - len(features))
