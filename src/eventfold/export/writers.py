"""Write export rows (plain dicts from export/rows.py) as CSV, JSON Lines, Parquet or GeoJSON.

Every writer goes through a temporary file in the target's folder that is renamed over the target
only once it is complete, so a crash (or an exception raised by the row iterator) never leaves a
half-written export behind, and an earlier export at the same path survives it.

Nested values, by format (see docs/schema.md):
  * CSV — lists of plain values are joined with "; " (ACLED's own separator in `source`, and what
    Excel and R users can read and split); dicts and lists holding dicts are compact JSON strings;
    None is an empty cell; booleans are "true"/"false". UTF-8, one header of all columns in the
    order they are first seen.
  * JSON Lines / GeoJSON — values stay native JSON, UTF-8 (ensure_ascii=False).
  * Parquet — one type per column: bool, int64, float64 or string for plain values; lists of
    strings become list<string>; dicts, lists holding dicts and columns mixing types are JSON
    strings; int mixed with float is float64. Nulls and empty lists do not decide a column's
    type: a column holding nothing else is list<string> if it has an empty list, else string.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

FORMATS = ("csv", "jsonl", "parquet", "geojson")

LIST_SEPARATOR = "; "  # ACLED joins several sources in one cell with "; "
LATITUDE, LONGITUDE = "latitude", "longitude"
EXPORT_FILE_MODE = 0o644


class WriteResult(int):
    """The number of rows written (an int, so `n = write_rows(...)` reads naturally), plus `skipped`:
    the rows left out of a GeoJSON file because they have no coordinates (always 0 for other formats).
    """

    skipped: int

    def __new__(cls, written: int, skipped: int = 0) -> "WriteResult":
        result = super().__new__(cls, written)
        result.skipped = skipped
        return result

    @property
    def written(self) -> int:
        return int(self)

    def __repr__(self) -> str:
        return f"WriteResult(written={int(self)}, skipped={self.skipped})"

    def __str__(self) -> str:  # what the command line prints: "12 row(s) written, 3 skipped (no coordinates)"
        skipped = f", {self.skipped} skipped (no coordinates)" if self.skipped else ""
        return f"{int(self)} row(s) written{skipped}"


def write_rows(rows: Iterable[dict], fmt: str, out: str | Path) -> WriteResult:
    """Write `rows` to `out` in format `fmt` (one of FORMATS), atomically; create parent folders.

    Raises ValueError for an unknown format, or for GeoJSON when a row has no latitude/longitude
    columns at all (a non-geographic export such as articles); rows whose coordinates are empty
    are skipped and counted in the result's `skipped`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet, "geojson": _write_geojson}[fmt]
    with _atomic_path(Path(out)) as temporary:
        return writer(rows, temporary)


def write_text(text: str, out: str | Path) -> None:
    """Write a whole document (a brief) atomically: readers never see half of it."""
    with _atomic_path(Path(out)) as temporary:
        temporary.write_text(text, encoding="utf-8")


@contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it on success and is removed on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.chmod(EXPORT_FILE_MODE)  # mkstemp makes the file private; an export is an ordinary file
    try:
        yield temporary
        _flush_to_disk(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _flush_to_disk(path: Path) -> None:
    """Make the content durable before the rename publishes it (else a power cut may leave it empty)."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


# ---------------------------------------------------------------- CSV


def _write_csv(rows: Iterable[dict], path: Path) -> WriteResult:
    # The header must list every column before the first row, so rows are gathered first.
    cells = [{key: csv_cell(value) for key, value in row.items()} for row in rows]
    columns = list(dict.fromkeys(key for row in cells for key in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(cells)
    return WriteResult(len(cells))


def csv_cell(value: Any) -> str:
    """One value as CSV text, by the convention in the module docstring."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)) and not any(isinstance(v, (dict, list, tuple)) for v in value):
        return LIST_SEPARATOR.join(csv_cell(v) for v in value)
    if isinstance(value, (dict, list, tuple)):
        return _compact_json(value)
    return str(value)


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- JSON Lines


def _write_jsonl(rows: Iterable[dict], path: Path) -> WriteResult:
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return WriteResult(written)


# ---------------------------------------------------------------- GeoJSON


def _write_geojson(rows: Iterable[dict], path: Path) -> WriteResult:
    features, skipped = [], 0
    for row in rows:
        feature = geojson_feature(row)
        if feature is None:
            skipped += 1
        else:
            features.append(feature)
    with path.open("w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False)
    return WriteResult(len(features), skipped)


def geojson_feature(row: dict) -> dict | None:
    """A Point feature with the row's other columns as properties; None when its coordinates are empty."""
    if LATITUDE not in row or LONGITUDE not in row:
        raise ValueError(f"geojson needs rows with {LATITUDE} and {LONGITUDE} columns (events have them); "
                         f"a row with columns {', '.join(list(row)[:3]) or 'none'}… has not")
    latitude, longitude = row[LATITUDE], row[LONGITUDE]
    if latitude is None or longitude is None:
        return None
    properties = {k: v for k, v in row.items() if k not in (LATITUDE, LONGITUDE)}
    # GeoJSON (RFC 7946) orders a position longitude first.
    geometry = {"type": "Point", "coordinates": [float(longitude), float(latitude)]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


# ---------------------------------------------------------------- Parquet


def _write_parquet(rows: Iterable[dict], path: Path) -> WriteResult:
    import pyarrow as pa  # imported here: only Parquet exports need it
    import pyarrow.parquet as pq

    rows = list(rows)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    arrays = [_parquet_column([row.get(column) for row in rows], pa) for column in columns]
    pq.write_table(pa.Table.from_arrays(arrays, names=columns), path)
    return WriteResult(len(rows))


def _parquet_column(values: list, pa) -> Any:
    """An Arrow array of one column, typed by the convention in the module docstring."""
    kind = parquet_kind(values)
    if kind == "json":
        return pa.array([None if v is None else _compact_json(v) for v in values], type=pa.string())
    arrow_type = {"bool": pa.bool_(), "int": pa.int64(), "float": pa.float64(), "string": pa.string(),
                  "list": pa.list_(pa.string())}[kind]
    return pa.array(values, type=arrow_type)


def parquet_kind(values: list) -> str:
    """bool, int, float, string, list (of strings) or json: the one type every non-null value fits."""
    kinds = {_value_kind(v) for v in values if v is not None and v != []}
    if not kinds:  # nothing but nulls and empty lists
        return "list" if any(v == [] for v in values) else "string"
    if kinds == {"int", "float"}:
        return "float"
    return kinds.pop() if len(kinds) == 1 else "json"


def _value_kind(value: Any) -> str:
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return "list"
    return "json"
