"""Evaluate cross-source fusion on Gun Violence Archive articles (a folder like shared/eval/fusion-gva).

`articles.jsonl` holds news articles (title, dct, uri, content with page furniture) each with the
`incident_id` it reports; `incidents.jsonl` holds the incidents' date, city_or_county, state,
num_killed and num_injured.

The articles go through the product's own path, as `eventfold ingest` runs it: written as JSON
Lines (the record's dct is its publication date) into a temporary store, ingested, processed
(annotate → extract) and fused into events. Nothing else clusters them:
* the events are those `eventfold export events` writes (its default `--min-confidence`);
* an article belongs to the exported event holding most of its reports; among equally many, the one
  more articles report (the story other outlets carry is the article's main one), then the
  smallest event id; a near-copy ingest linked to an earlier article (`duplicate_of`) goes with that
  article's event, as the store counts it; an article with no report, or one ingest rejected,
  stays alone;
* each gold incident is matched to the event holding most of its articles (the first met on a
  tie) and that event's export row gives the date (same day), city (`location`, case and a
  trailing "county"/"township" ignored, "St." read "Saint"; GVA's "City (Suburb)" matched by either
  name), killed (`fatalities`) and injured (`wounded`), a
  missing figure counting as 0 (GVA records no victims as 0). An incident none of whose
  articles reached an event scores wrong on every field. Incidents no article refers to are
  not scored.

The headline scores what `eventfold export events --scope all` writes: GVA's incidents include
accidental shootings, real occurrences that ACLED codes no type for (they are exported as "Other",
"Accident or failure"), so the default ACLED export leaves them out by design. `by_scope` holds the
figures of both exports (`all`, `acled`) from the same ingest; `scope="acled"` (`--scope acled`)
makes the ACLED export the headline.

Scores: B³ precision/recall/F1 (per article, averaged), pairwise precision/recall/F1 (over pairs
of articles put in one event), `fields` (per-incident accuracy), `by_kind` (the same scores and
fields over the articles of accidental shootings and over the others: ACLED codes no accidents) and
`coverage` (articles that reached an exported event; articles ingest rejected; articles whose
analysis failed, which `eventfold ingest` reports one by one).

`--limit N` keeps the articles of the first N incidents met in articles.jsonl. `details=PATH`
(`eventfold eval gva --details PATH`) writes one JSON line per article: its incident and the gold
fields, the event it went to with that event's export row, and every report of the article (sentence,
type, confidence with the features that weighed most, event, whether that event is exported) —
to read where an incident was lost, split or given a wrong field.

Usage: python -m eventfold.evaluate.gva DIR [--limit N]
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Optional


# Why the headline is `export --scope all`: GVA's incidents include accidental shootings (a child
# who found a gun, a hunting accident), which are real occurrences but no ACLED event; the
# ACLED-scoped export leaves them out by design. Its figures stay beside, from the same ingest.
SCOPE_NOTE = ("GVA's incidents include accidental shootings, which ACLED codes no type for: the headline scores "
              "`export --scope all` (accidents typed Other / Accident or failure); `by_scope.acled` scores the "
              "default ACLED export of the same ingest, which leaves them out by design")


def evaluate(data: Path, limit: Optional[int] = None, details: Optional[Path] = None, scope: str = "all") -> dict:
    """The figures of the export of `scope` (all: every occurrence; acled: ACLED's scope) at the top
    level, and those of both scopes under `by_scope`, from one ingest."""
    from eventfold.export.scope import ALL_SCOPE, SCOPES

    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r} (one of {', '.join(SCOPES)})")
    rows = read_articles(Path(data), limit)
    incidents = read_incidents(Path(data))
    gold = {row_key(n): str(row["incident_id"]) for n, row in enumerate(rows)}
    with tempfile.TemporaryDirectory(prefix="eventfold-gva-") as folder:
        source = Path(folder) / "articles.jsonl"
        source.write_text("".join(json.dumps(_record(row)) + "\n" for row in rows), encoding="utf-8")
        runs = run_product_path([str(source)], Path(folder) / "eval.db", with_reports=details is not None,
                                scopes=SCOPES)
    locations = [f"{source}:{n + 1}" for n in range(len(rows))]
    by_scope = {}
    for name, run in runs.items():
        event_of = {row_key(n): run.event_of_location(location) for n, location in enumerate(locations)}
        by_scope[name] = scope_figures(event_of, gold, incidents, run, locations)
        if details is not None and name == scope:
            write_details(Path(details), rows, incidents, run, locations, event_of)
    path = "product (ingest → process → fuse → export" + (" --scope all)" if scope == ALL_SCOPE else ")")
    figures = {"task": "gva", "path": path, "scope": scope, "scope_note": SCOPE_NOTE, "n": len(rows),
               "articles": len(rows), "incidents": len(set(gold.values()))}
    figures.update(by_scope[scope])
    figures["by_scope"] = by_scope
    return figures


def scope_figures(event_of: dict[str, Optional[str]], gold: dict[str, str], incidents: dict[str, dict],
                  run: "ProductRun", locations: list[str]) -> dict:
    """Clustering, per-incident fields, the same by kind, and coverage of one export."""
    predicted = clusters_from(event_of)
    figures = {"clusters": len(predicted), **clustering_scores(predicted, gold)}
    figures["fields"] = field_accuracy(event_of, gold, run.rows, incidents)
    figures["by_kind"] = scores_by_kind(event_of, gold, incidents, run.rows)
    figures["coverage"] = {"articles_in_events": sum(e is not None for e in event_of.values()),
                           "articles_rejected": sum(run.article_at(location) is None for location in locations),
                           "articles_failed": run.failed}
    return figures


def _record(row: dict) -> dict:
    """The article as a feed record ingest reads (text, title, url, date)."""
    return {"text": row.get("content") or "", "title": row.get("title"), "url": row.get("uri"), "date": row.get("dct")}


class ProductRun:
    """What `eventfold ingest` stored and fused from the inputs: where each input went, and the
    export rows of the events."""

    def __init__(self, locations: dict[str, str], duplicate_of: dict[str, Optional[str]],
                 votes: dict[str, dict[str, int]], rows: dict[str, dict],
                 reports: Optional[dict[str, list[dict]]] = None, failed: int = 0):
        self.locations, self.duplicate_of, self.votes, self.rows = locations, duplicate_of, votes, rows
        self.sources = {event_id: row.get("source_count") or 0 for event_id, row in rows.items()}
        self.reports = reports or {}  # article id → its reports as `write_details` shows them
        self.failed = failed  # articles stored whose analysis failed (a defect to look into, not a score)

    def article_at(self, location: str) -> Optional[str]:
        return self.locations.get(location)

    def event_of_location(self, location: str) -> Optional[str]:
        """The event holding most of the article's reports (its original's for a near-copy)."""
        article_id = self.article_at(location)
        if article_id is None:
            return None
        article_id = self.duplicate_of.get(article_id) or article_id
        counts = {e: n for e, n in self.votes.get(article_id, {}).items() if e in self.rows}  # exported only
        if not counts:
            return None
        return min(counts, key=lambda event_id: (-counts[event_id], -self.sources.get(event_id, 0), event_id))


def run_product_path(inputs: list[str], db_path: Path, with_reports: bool = False,
                     scopes: Optional[tuple[str, ...]] = None) -> ProductRun | dict[str, ProductRun]:
    """Ingest, process and fuse the inputs into a fresh store, as `eventfold ingest` does; the
    default export's run, or with `scopes` the run of each scope's export (one ingest)."""
    from eventfold.ingest import IngestOptions
    from eventfold.pipeline import ingest
    from eventfold.store import Store

    with Store.open(db_path) as store:
        ingest(store, inputs, IngestOptions())
        if scopes is None:
            return read_product_run(store, with_reports)
        return {scope: read_product_run(store, with_reports, scope) for scope in scopes}


def read_product_run(store, with_reports: bool = False, scope: str = "acled") -> ProductRun:
    """The stored dataset as `eventfold export events --scope SCOPE` gives it (its default --min-confidence)."""
    from eventfold.cli import event_rows
    from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE
    from eventfold.store.dataset import load_dataset
    from eventfold.store.fusion import article_of_location, reports_per_event
    from eventfold.store.processing import failed_articles

    data = load_dataset(store, DEFAULT_MIN_CONFIDENCE, scope=scope)
    rows = {event.event_id: row for event, row in zip(data.events, event_rows(data))}
    return ProductRun(article_of_location(store), {a.article_id: a.duplicate_of for a in data.articles},
                      reports_per_event(store), rows, reports_by_article(store, data) if with_reports else None,
                      failed=len(failed_articles(store)))


def reports_by_article(store, data) -> dict[str, list[dict]]:
    """Every report of every article (background history too), as the details show it."""
    from eventfold.extract.decide import MODEL_RULE
    from eventfold.store.extractions import event_reports

    texts = {a.article_id: a for a in data.articles}
    found: dict[str, list[dict]] = defaultdict(list)
    for report in event_reports(store, include_all=True):
        article = texts.get(report.article_id)
        evidence = next((p.evidence for p in report.provenance if p.rule == MODEL_RULE), "")
        found[report.article_id].append({
            "report_id": report.report_id, "sentence": _span_text(article, report.span),
            "event_type": report.event_type, "type": report.sub_event_type, "modality": report.modality,
            "confidence": report.confidence,
            "decision": evidence, "event": data.event_of_report.get(report.report_id),
            "date": report.date.value if report.date else None,
            "date_source": report.date.source if report.date else None,
            "date_estimated": report.date.estimated if report.date else None, "place": report.location_text,
            "killed": report.fatalities.conservative if report.fatalities else None,
            "injured": report.wounded.conservative if report.wounded else None})
    return found


def _span_text(article, span) -> str:
    if article is None or span is None:
        return ""
    try:
        return article.part_text(span.part)[span.start:span.end]
    except (KeyError, IndexError, ValueError):
        return f"[{span.part} {span.start}-{span.end}]"


def write_details(path: Path, rows: list[dict], incidents: dict[str, dict], run: ProductRun,
                  locations: list[str], event_of: dict[str, Optional[str]]) -> None:
    """One JSON line per article: gold incident, its event's export row and the article's reports."""
    with path.open("w", encoding="utf-8") as out:
        for n, (row, location) in enumerate(zip(rows, locations)):
            incident = incidents.get(str(row["incident_id"])) or {}
            article_id = run.article_at(location)
            event_id = event_of[row_key(n)]
            export = run.rows.get(event_id) if event_id else None
            out.write(json.dumps({
                "row": row_key(n), "incident": str(row["incident_id"]), "title": row.get("title"),
                "gold": {k: incident.get(k) for k in ("date", "city_or_county", "state", "num_killed",
                                                       "num_injured", "frame")},
                "article": article_id, "duplicate_of": run.duplicate_of.get(article_id) if article_id else None,
                "event": event_id,
                "export": {k: export.get(k) for k in ("event_date", "location", "admin1", "admin2", "sub_event_type",
                                                      "fatalities", "wounded", "source_count", "provenance")}
                if export else None,
                "reports": run.reports.get(article_id, []) if article_id else []}, ensure_ascii=False) + "\n")


def clusters_from(event_of: dict[str, Optional[str]]) -> list[list[str]]:
    """Items grouped by their event; an item without one is alone."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, event_id in event_of.items():
        groups[event_id or f"alone:{key}"].append(key)
    return list(groups.values())


def read_articles(data: Path, limit: Optional[int] = None) -> list[dict]:
    rows = [json.loads(line) for line in (data / "articles.jsonl").open(encoding="utf-8") if line.strip()]
    if limit is None:
        return rows
    kept = set(list(dict.fromkeys(r["incident_id"] for r in rows))[:limit])
    return [r for r in rows if r["incident_id"] in kept]


def read_incidents(data: Path) -> dict[str, dict]:
    incidents = {}
    for line in (data / "incidents.jsonl").open(encoding="utf-8"):
        if line.strip():
            record = json.loads(line)
            incidents.setdefault(str(record["incident_uri"]), record)
    return incidents


def row_key(number: int) -> str:
    """Articles are keyed by line: a few doc_ids recur under two incidents."""
    return f"row-{number}"


# ---------------------------------------------------------------- scoring


def clustering_scores(predicted: list[list[str]], gold: dict[str, str]) -> dict:
    """B³ and pairwise precision/recall/F1 of predicted clusters against gold labels."""
    b3_p, b3_r = b_cubed(predicted, gold)
    pw_p, pw_r = pairwise(predicted, gold)
    return {"b3_precision": round(b3_p, 4), "b3_recall": round(b3_r, 4), "b3_f1": round(_f1(b3_p, b3_r), 4),
            "pairwise_precision": round(pw_p, 4), "pairwise_recall": round(pw_r, 4),
            "pairwise_f1": round(_f1(pw_p, pw_r), 4)}


def b_cubed(predicted: list[list[str]], gold: dict[str, str]) -> tuple[float, float]:
    gold_sizes = Counter(gold.values())
    precision = recall = 0.0
    for cluster in predicted:
        labels = Counter(gold[i] for i in cluster)
        for item in cluster:
            shared = labels[gold[item]]
            precision += shared / len(cluster)
            recall += shared / gold_sizes[gold[item]]
    return precision / len(gold), recall / len(gold)


def pairwise(predicted: list[list[str]], gold: dict[str, str]) -> tuple[float, float]:
    predicted_pairs = {frozenset(p) for c in predicted for p in combinations(c, 2)}
    by_label = defaultdict(list)
    for item, label in gold.items():
        by_label[label].append(item)
    gold_pairs = {frozenset(p) for members in by_label.values() for p in combinations(members, 2)}
    correct = len(predicted_pairs & gold_pairs)
    return (correct / len(predicted_pairs) if predicted_pairs else 1.0,
            correct / len(gold_pairs) if gold_pairs else 1.0)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores_by_kind(event_of: dict[str, Optional[str]], gold: dict[str, str], incidents: dict[str, dict],
                   rows: Optional[dict[str, dict]] = None) -> dict:
    """B³ and pairwise scores over the articles of accidental shootings (GVA's `frame`) and over
    the others, each as if alone: ACLED codes no accidents, so only `--scope all` exports them (as
    "Other", "Accident or failure").
    With the export `rows`, each kind's per-incident field accuracy too."""
    kinds: dict[str, dict[str, Optional[str]]] = {"accidental": {}, "other": {}}
    for key, incident_id in gold.items():
        frame = (incidents.get(incident_id) or {}).get("frame") or ""
        kinds["accidental" if "accident" in frame else "other"][key] = event_of.get(key)
    scores = {}
    for kind, part in kinds.items():
        if not part:
            continue
        part_gold = {k: gold[k] for k in part}
        scores[kind] = {"articles": len(part), **clustering_scores(clusters_from(part), part_gold)}
        if rows is not None:
            scores[kind]["fields"] = field_accuracy(part, part_gold, rows, incidents)
    return scores


def field_accuracy(event_of: dict[str, Optional[str]], gold: dict[str, str], rows: dict[str, dict],
                   incidents: dict[str, dict]) -> dict:
    """Per-incident accuracy of the exported event's date, city, killed and injured."""
    right: Counter = Counter()
    scored = 0
    for incident_id, event_id in incident_events(event_of, gold).items():
        incident = incidents.get(incident_id)
        if incident is None:
            continue
        scored += 1
        row = rows.get(event_id) if event_id else None
        if row is None:
            continue
        right["date"] += _day(row.get("event_date")) == _gold_day(incident.get("date"))
        right["city"] += city_matches(row.get("location"), incident.get("city_or_county"))
        right["killed"] += (row.get("fatalities") or 0) == int(incident.get("num_killed") or 0)
        right["injured"] += (row.get("wounded") or 0) == int(incident.get("num_injured") or 0)
    fields = {name: round(right[name] / scored, 4) if scored else 0.0 for name in ("date", "city", "killed", "injured")}
    fields["incidents_scored"] = scored
    return fields


def incident_events(event_of: dict[str, Optional[str]], gold: dict[str, str]) -> dict[str, Optional[str]]:
    """Each incident's event: the one holding most of its articles (the first met on a tie);
    None when none of its articles reached an event."""
    votes: dict[str, Counter] = {incident_id: Counter() for incident_id in gold.values()}
    for key, incident_id in gold.items():
        if event_of.get(key):
            votes[incident_id][event_of[key]] += 1
    return {incident_id: counts.most_common(1)[0][0] if counts else None for incident_id, counts in votes.items()}


def _day(value: Optional[str]) -> Optional[int]:
    try:
        return datetime.strptime((value or "")[:10], "%Y-%m-%d").toordinal()
    except ValueError:
        return None


def _gold_day(value: Optional[str]) -> Optional[int]:
    for pattern in ("%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime((value or "").strip(), pattern).toordinal()
        except ValueError:
            continue
    return None


def city_matches(location: Optional[str], gold: Optional[str]) -> bool:
    """The exported location names GVA's city: "Salt Lake City (Murray)" — a city with the suburb or
    neighbourhood the shooting was in — is matched by either name."""
    if not location or not gold:
        return False
    names = [re.sub(r"\(.*?\)", "", gold)] + re.findall(r"\((.*?)\)", gold)
    return _city_key(location) in {_city_key(name) for name in names if name.strip()}


# Abbreviations in place names, spelled out: "Bay St. Louis" is "Bay Saint Louis".
PLACE_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def _city_key(name: Optional[str]) -> str:
    key = re.sub(r"\(.*?\)", "", (name or "").lower())
    key = re.sub(r"\b(county|township|city of|parish)\b", "", key)
    words = re.sub(r"[^a-z]+", " ", key).split()
    return " ".join(PLACE_ABBREVIATIONS.get(word, word) for word in words)


if __name__ == "__main__":
    from eventfold.evaluate import command_line

    command_line(evaluate, __doc__.splitlines()[0])
