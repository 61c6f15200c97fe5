"""Write export rows (plain dicts from export/rows.py) as CSV, JSON Lines, Parquet or GeoJSON.

Every writer goes through a temporary file in the target's folder that is renamed over the target
only once it is complete, so a crash (or an exception raised by the row iterator) never leaves a
half-written export behind, and an earlier export at the same path survives it.

Only regular files are written: a target that is a device, fifo, socket or folder is refused, and
so is a symbolic link (the rule: eventfold never writes through a link, and never replaces one;
name the link's target instead). So `--out /dev/full` fails and leaves the device alone.

Nested values, by format (see docs/schema.md):
  * CSV — lists of plain values are joined with "; " (ACLED's own separator in `source`, and what
    Excel and R users can read and split); dicts and lists holding dicts are compact JSON strings;
    None is an empty cell; booleans are "true"/"false". UTF-8, one header: the kind's declared
    columns (export/schemas.py), then any other in the order first seen; an export with no rows
    still has it. Text cells a spreadsheet would run as a formula (starting with = + - @, tab or
    carriage return) get a leading single quote (OWASP's rule for CSV injection) unless
    `raw_cells`; numbers are not text cells, so -3.5 stays -3.5.
  * JSON Lines / GeoJSON — values stay native JSON, UTF-8 (ensure_ascii=False).
  * Parquet — the kind's declared type per column (export/schemas.py), so a column keeps its
    type when all its values are null. Other columns: bool, int64, float64 or string for plain
    values; lists of strings become list<string>; dicts, lists holding dicts and columns mixing
    types are JSON strings; int mixed with float is float64; a column of nulls and empty lists
    is list<string> if it has an empty list, else string.
  * GeoJSON — rows without coordinates are left out and counted in the top-level member
    "eventfold:skipped_without_coordinates".
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

FORMATS = ("csv", "jsonl", "parquet", "geojson")

LIST_SEPARATOR = "; "  # ACLED joins several sources in one cell with "; "
LATITUDE, LONGITUDE = "latitude", "longitude"
EXPORT_FILE_MODE = 0o644
SKIPPED_MEMBER = "eventfold:skipped_without_coordinates"
# A text cell starting with one of these is read as a formula by spreadsheets (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class OutputPathError(ValueError):
    """--out names something that is not (and cannot become) a regular file."""


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


def write_rows(rows: Iterable[dict], fmt: str, out: str | Path, columns: Optional[dict[str, str]] = None,
               raw_cells: bool = False) -> WriteResult:
    """Write `rows` to `out` in format `fmt` (one of FORMATS), atomically; create parent folders.

    `columns` is the kind's declared schema (export/schemas.py: name -> type): it orders the CSV
    header (written even with no rows) and types the Parquet columns. `raw_cells` keeps CSV
    cells exactly as they are (no formula neutralising).
    Raises ValueError for an unknown format, for GeoJSON when a row has no latitude/longitude
    columns at all (a non-geographic export such as articles), and OutputPathError when `out`
    is not a regular file; rows whose coordinates are empty are skipped and counted in the
    result's `skipped`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    declared = dict(columns or {})
    with _atomic_path(Path(out)) as temporary:
        if fmt == "csv":
            return _write_csv(rows, temporary, declared, raw_cells)
        if fmt == "parquet":
            return _write_parquet(rows, temporary, declared)
        return {"jsonl": _write_jsonl, "geojson": _write_geojson}[fmt](rows, temporary)


def write_text(text: str, out: str | Path) -> None:
    """Write a whole document (a brief) atomically: readers never see half of it."""
    with _atomic_path(Path(out)) as temporary:
        temporary.write_text(text, encoding="utf-8")


def check_output_path(out: str | Path) -> None:
    """Raise OutputPathError unless `out` is a regular file or nothing yet (see the module docstring)."""
    try:
        mode = Path(out).lstat().st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # e.g. a parent that is a file: writing reports it
    if stat.S_ISLNK(mode):
        raise OutputPathError(f"{out}: is a symbolic link; eventfold does not write through links "
                              f"(give the path of the file itself)")
    if stat.S_ISDIR(mode):
        raise OutputPathError(f"{out}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise OutputPathError(f"{out}: is not a regular file (a device, fifo or socket); "
                              f"eventfold writes exports only to regular files")


@contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it on success and is removed on failure."""
    check_output_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.chmod(EXPORT_FILE_MODE)  # mkstemp makes the file private; an export is an ordinary file
    try:
        yield temporary
        _flush_to_disk(temporary)
        check_output_path(target)  # again: something may have been put there while we wrote
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _flush_to_disk(path: Path) -> None:
    """Make the content durable before the rename publishes it (else a power cut may leave it empty)."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


# ---------------------------------------------------------------- CSV


def _write_csv(rows: Iterable[dict], path: Path, declared: dict[str, str], raw_cells: bool) -> WriteResult:
    # The header must list every column before the first row: the declared ones and the first row's.
    # Rows are written as they come (memory stays flat); a row bringing a column not in the header
    # yet has the file read back and written again with it (the same bytes as gathering them first).
    cell = csv_cell if raw_cells else safe_csv_cell
    cells = ({key: cell(value) for key, value in row.items()} for row in rows)
    first = next(cells, None)
    columns = list(dict.fromkeys([*declared, *(first or {})]))
    known, written = set(columns), 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        for row in ([first] if first is not None else []):
            writer.writerow(row)
            written += 1
        for row in cells:
            if not known.issuperset(row):
                break
            writer.writerow(row)
            written += 1
        else:
            return WriteResult(written)
    return _rewrite_csv_with_new_columns(path, columns, [row, *cells])


def _rewrite_csv_with_new_columns(path: Path, columns: list[str], rest: list[dict]) -> WriteResult:
    """The CSV written so far (under `columns`) and the `rest` of the rows, under every column."""
    with path.open(encoding="utf-8", newline="") as handle:
        done = [dict(zip(columns, values)) for values in list(csv.reader(handle))[1:]]
    everything = done + rest
    columns = list(dict.fromkeys([*columns, *(key for row in rest for key in row)]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(everything)
    return WriteResult(len(everything))


def csv_cell(value: Any) -> str:
    """One value as CSV text, by the convention in the module docstring."""
    if type(value) in _PLAIN_TYPES:  # the common cells first: the general tests cost µs a cell, 46 cells a row
        return value if type(value) is str else str(value)
    if type(value) is list and all(type(v) is str for v in value):  # ids, outlets
        return LIST_SEPARATOR.join(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)) and not any(isinstance(v, (dict, list, tuple)) for v in value):
        return LIST_SEPARATOR.join(csv_cell(v) for v in value)
    if isinstance(value, (dict, list, tuple)):
        return _compact_json(value)
    return str(value)


def safe_csv_cell(value: Any) -> str:
    """csv_cell, with a text cell that a spreadsheet would execute made inert by a leading quote."""
    if type(value) is str:
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    text = csv_cell(value)
    if isinstance(value, (str, list, tuple, dict)) and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


# Exactly these types (not their subclasses) are written as str() writes them.
_PLAIN_TYPES = frozenset({str, int, float})


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
    # The count of skipped rows comes before the features: they are spooled to a temporary file as
    # they come (memory stays flat), then copied after it. The same bytes as one json.dump of them all.
    written, skipped = 0, 0
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as features:
        for row in rows:
            feature = geojson_feature(row)
            if feature is None:
                skipped += 1
                continue
            features.write((", " if written else "") + json.dumps(feature, ensure_ascii=False))
            written += 1
        features.seek(0)
        head = json.dumps({"type": "FeatureCollection", SKIPPED_MEMBER: skipped, "features": []}, ensure_ascii=False)
        with path.open("w", encoding="utf-8") as handle:
            handle.write(head[:-len("]}")])
            shutil.copyfileobj(features, handle)
            handle.write("]}")
    return WriteResult(written, skipped)


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


def _write_parquet(rows: Iterable[dict], path: Path, declared: dict[str, str]) -> WriteResult:
    import pyarrow as pa  # imported here: only Parquet exports need it
    import pyarrow.parquet as pq

    rows = list(rows)
    columns = list(dict.fromkeys([*declared, *(key for row in rows for key in row)]))
    arrays = [_parquet_column([row.get(column) for row in rows], pa, declared.get(column)) for column in columns]
    pq.write_table(pa.Table.from_arrays(arrays, names=columns), path)
    return WriteResult(len(rows))


def _parquet_column(values: list, pa, declared: Optional[str] = None) -> Any:
    """An Arrow array of one column: of its declared type, else typed by the module docstring's rule.

    Values that do not fit the declared type (a row function changed) fall back to the rule
    rather than failing the export.
    """
    if declared is not None:
        try:
            return _typed_array(values, pa, declared)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            pass
    return _typed_array(values, pa, parquet_kind(values))


def _typed_array(values: list, pa, kind: str) -> Any:
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
