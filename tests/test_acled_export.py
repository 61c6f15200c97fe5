"""`export events --format acled-csv`: ACLED's columns, order and formats, and an analyst's pandas
script written for an ACLED export running unchanged on it."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import time

import pytest

from conftest import run_cli
from eventfold.export.acled import acled_region, disorder_type, interaction_name
from test_fusion_pipeline import PROTEST, UPRISING_A, UPRISING_B

# ACLED's export columns, in ACLED's order (API and data export tool, 2025).
ACLED_ORDER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
               "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
               "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
               "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
               "fatalities", "tags", "timestamp"]
INTER_NAMES = {"State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
               "Civilians", "External/Other forces"}
DISORDER_TYPES = {"Political violence", "Demonstrations", "Political violence; Demonstrations",
                  "Strategic developments"}

FARMERS = """Gunmen kill four farmers near Jalalabad

By Staff Reporter
JALALABAD, March 8, 2022 — Unidentified gunmen shot dead four farmers in Surkh Rod district of Nangarhar \
province on Tuesday, a provincial spokesman said. The men were working in their fields when the attackers \
opened fire, he said. Nobody has claimed responsibility for the killing.
"""

# A few rows in ACLED's own export format (invented events, our words): the shape the analyst's
# script was written against.
REFERENCE_ACLED = [
    ["XYZ101", "2023-04-02", "2023", "1", "Political violence", "Battles", "Armed clash",
     "Military Forces of Xland (2019-)", "", "State forces", "Liberation Front", "", "Rebel group",
     "State forces-Rebel group", "", "4", "South Asia", "Afghanistan", "Kunduz", "Kunduz", "", "Kunduz",
     "36.7286", "68.8681", "1", "Example Daily", "National", "Troops and rebels fought near the city.", "3", "",
     "1680998400"],
    ["XYZ102", "2023-04-19", "2023", "1", "Demonstrations", "Protests", "Peaceful protest",
     "Protesters (Afghanistan)", "Teachers (Afghanistan)", "Protesters", "", "", "", "Protesters only", "",
     "4", "South Asia", "Afghanistan", "Herat", "Herat", "", "Herat", "34.3482", "62.1997", "1",
     "Example Daily", "National", "Teachers marched over unpaid wages.", "0", "crowd size=no report",
     "1682208000"],
    ["XYZ103", "2023-05-07", "2023", "2", "Political violence", "Violence against civilians", "Attack",
     "Unidentified Armed Group (Afghanistan)", "", "Political militia", "Civilians (Afghanistan)", "",
     "Civilians", "Political militia-Civilians", "Civilian targeting", "4", "South Asia", "Afghanistan",
     "Nangarhar", "Surkh Rod", "", "Sultanpur", "34.3981", "70.3095", "2", "Example Wire",
     "International", "Gunmen attacked a village.", "2", "", "1683676800"],
]

# The analyst's script: written for an ACLED export, run unchanged on eventfold's.
ANALYST_SCRIPT = r'''
import json, sys
import pandas as pd

df = pd.read_csv(sys.argv[1], parse_dates=["event_date"])
df["updated"] = pd.to_datetime(df["timestamp"], unit="s")
by_type = df.groupby(["event_type", "admin1"])["fatalities"].sum()
in_range = df[(df["event_date"] >= "2020-01-01") & (df["event_date"] <= "2030-12-31")]
monthly = df.pivot_table(index=df["event_date"].dt.to_period("M"), columns="event_type", values="fatalities",
                         aggfunc="sum", fill_value=0)
violence = df[df["disorder_type"].str.contains("Political violence", na=False)]
targeted = df[df["civilian_targeting"] == "Civilian targeting"]
by_region = df.groupby(["region", "country"]).size()
pairs = df["interaction"].str.split("-", expand=False)
assert df["year"].dtype.kind == "i" and df["fatalities"].dtype.kind == "i" and df["iso"].dtype.kind == "i"
assert df["latitude"].dtype.kind == "f" and df["geo_precision"].dtype.kind == "i"
assert (df["event_date"].dt.year == df["year"]).all()
print(json.dumps({"rows": len(df), "fatalities": int(by_type.sum()), "in_range": len(in_range),
                  "months": len(monthly), "violence": len(violence), "targeted": len(targeted),
                  "regions": sorted({r for r, _ in by_region.index}), "pairs": int(pairs.notna().sum()),
                  "latest_update_year": int(df["updated"].dt.year.max()),
                  "dtypes": {c: str(t) for c, t in df.dtypes.items()}}))
'''


@pytest.fixture(scope="module")
def acled_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("acled")
    records = [{"text": UPRISING_A, "url": "https://tolonews.com/afghanistan/militia-villages", "date": "2022-03-03"},
               {"text": UPRISING_B, "url": "https://www.reuters.com/world/asia/militia-villages", "date": "2022-03-03"},
               {"text": PROTEST, "url": "https://www.reuters.com/world/asia/herat-protest", "date": "2022-03-03"},
               {"text": FARMERS, "url": "https://tolonews.com/afghanistan/farmers", "date": "2022-03-08"}]
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db, out = folder / "acled.db", folder / "events.csv"
    result = run_cli("--db", str(db), "ingest", str(feed), "-q")
    assert result.returncode == 0, result.stderr.decode()
    result = run_cli("--db", str(db), "export", "events", "--format", "acled-csv", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    return db, out


def _rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_columns_are_acleds_in_acleds_order(acled_export):
    _, out = acled_export
    with open(out, newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ACLED_ORDER


def test_values_are_in_acleds_formats(acled_export):
    _, out = acled_export
    rows = _rows(out)
    assert len(rows) >= 3
    for row in rows:
        assert re.fullmatch(r"[A-Z]{3}\d+", row["event_id_cnty"]), row["event_id_cnty"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["event_date"]) and row["year"] == row["event_date"][:4]
        assert row["disorder_type"] in DISORDER_TYPES
        assert row["inter1"] in INTER_NAMES and row["inter2"] in INTER_NAMES | {""}
        expected = interaction_name(*[_code(row[k]) for k in ("inter1", "inter2")])
        assert row["interaction"] == expected
        assert row["fatalities"].isdigit()  # 0, never blank
        assert row["iso"] == "4" and row["country"] == "Afghanistan" and row["region"] == "South Asia"
        assert all(row[k].isascii() for k in ("admin1", "admin2", "location", "notes"))
        assert 1_500_000_000 < int(row["timestamp"]) <= time.time() + 1
    by_type = {row["sub_event_type"]: row for row in rows}
    attack = by_type["Attack"]
    assert attack["actor2"].startswith("Civilians") and attack["civilian_targeting"] == "Civilian targeting"
    assert by_type["Peaceful protest"]["civilian_targeting"] == "" and \
        by_type["Peaceful protest"]["disorder_type"] == "Demonstrations"
    fused = next(row for row in rows if row["source_scale"] == "National-International")
    assert "TOLOnews" in fused["source"] and "Reuters" in fused["source"]
    assert by_type["Peaceful protest"]["source_scale"] == "International"


def _code(name: str):
    return {"State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4, "Rioters": 5,
            "Protesters": 6, "Civilians": 7, "External/Other forces": 8}.get(name)


def test_event_ids_are_stable_across_exports_and_new_events_take_the_next_number(acled_export, tmp_path):
    db, out = acled_export
    before = {(r["event_date"], r["sub_event_type"]): r["event_id_cnty"] for r in _rows(out)}
    story = tmp_path / "later.txt"
    story.write_text(PROTEST.replace("Herat", "Mazar-i-Sharif").replace("March 3", "March 9")
                     .replace("Thursday", "Wednesday"), encoding="utf-8")
    assert run_cli("--db", str(db), "ingest", str(story), "-q").returncode == 0
    again = tmp_path / "again.csv"
    assert run_cli("--db", str(db), "export", "events", "--format", "acled-csv", "--out", str(again)).returncode == 0
    after = {(r["event_date"], r["sub_event_type"]): r["event_id_cnty"] for r in _rows(again)}
    assert {k: after[k] for k in before} == before
    numbers = sorted(int(v[3:]) for v in after.values())
    assert numbers == list(range(1, len(numbers) + 1))  # no gaps, no repeats


def _run_analyst_script(path, tmp_path) -> dict:
    script = tmp_path / "analysis.py"
    script.write_text(ANALYST_SCRIPT, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_an_analysts_acled_script_runs_unchanged_on_the_export(acled_export, tmp_path):
    _, out = acled_export
    reference = tmp_path / "acled_reference.csv"
    with reference.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_ORDER)
        writer.writerows(REFERENCE_ACLED)
    on_acled = _run_analyst_script(reference, tmp_path)
    on_ours = _run_analyst_script(out, tmp_path)
    assert on_ours["rows"] >= 3 and on_ours["violence"] >= 2 and on_ours["targeted"] >= 1
    assert on_ours["regions"] == ["South Asia"] and on_ours["pairs"] == on_ours["rows"]
    assert on_ours["fatalities"] >= 25 and on_ours["months"] == 1
    # Every column a real ACLED export fills reads with the same pandas type from ours.
    both_filled = [c for c in ACLED_ORDER if c not in ("admin3", "tags", "assoc_actor_1", "assoc_actor_2",
                                                       "civilian_targeting", "source", "source_scale")]
    assert {c: on_ours["dtypes"][c] for c in both_filled} == {c: on_acled["dtypes"][c] for c in both_filled}


@pytest.mark.parametrize("event_type, sub_event_type, expected", [
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Protests", "Protest with intervention", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Riots", "Mob violence", "Political violence"),
    ("Strategic developments", "Arrests", "Strategic developments"),
])
def test_disorder_type_follows_the_event_and_sub_event_type(event_type, sub_event_type, expected):
    assert disorder_type(event_type, sub_event_type) == expected


def test_interactions_and_regions_read_as_acled_writes_them():
    assert interaction_name(1, 2) == interaction_name(2, 1) == "State forces-Rebel group"
    assert interaction_name(8, 7) == "External/Other forces-Civilians"
    assert interaction_name(6, None) == "Protesters only" and interaction_name(None, None) is None
    regions = {code: acled_region(code) for code in ("AF", "IR", "SY", "AM", "KZ", "MX", "SD", "SS", "MZ", "UA",
                                                     "MM", "CN", "HT", "NG", "CD", "PG")}
    assert regions == {"AF": "South Asia", "IR": "Middle East", "SY": "Middle East", "AM": "Caucasus and Central Asia",
                       "KZ": "Caucasus and Central Asia", "MX": "North America", "SD": "Northern Africa",
                       "SS": "Eastern Africa", "MZ": "Southern Africa", "UA": "Europe", "MM": "Southeast Asia",
                       "CN": "East Asia", "HT": "Caribbean", "NG": "Western Africa", "CD": "Middle Africa",
                       "PG": "Oceania"}
