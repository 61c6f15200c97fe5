"""Evaluate cross-source fusion on Gun Violence Archive articles (a folder like shared/eval/fusion-gva).

`articles.jsonl` holds news articles (title, dct, uri, content with page furniture) each with the
`incident_id` it reports; `incidents.jsonl` holds the incidents' date, city_or_county, state,
num_killed and num_injured. Every article goes through the pipeline (ingest with the record's
dct as publication date → annotate → extract_events), becomes a `FusionItem`, and the items
are clustered by `cluster_documents`. Articles ingest rejects (too little text) still take part,
as items holding their raw text and dct, so every gold article is clustered.

Scores:
* clustering: B³ precision/recall/F1 (per article, averaged) and pairwise precision/recall/F1
  (over pairs of articles put in one cluster);
* fields: each gold incident is matched to the predicted cluster holding most of its articles
  (the earliest such cluster on a tie); that cluster's `consensus` values are compared with
  the incident's date (same day), city (same name, case and a trailing "county"/"township"
  ignored), num_killed and num_injured (equal; a missing figure counts as 0, as GVA records
  no victims as 0). Incidents no article refers to are not scored;
* incremental: B³ and pairwise scores of the same items filed one by one into a `FusionIndex`
  (oldest first), which never revisits a cluster once formed;
* reports: the dataset's own path — the articles' event reports fused into events by
  `fuse_reports` (report level, as `eventfold process` does); each article is put with the
  event holding most of its reports, an article without reports stays alone.

`--limit N` keeps the articles of the first N incidents met in articles.jsonl.

Usage: python -m eventfold.evaluate.gva DIR [--limit N]
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Optional

from eventfold.fuse import FusionIndex, FusionItem, cluster_documents, consensus, item_from_article
from eventfold.fuse.features import parse_day

# Articles annotated per spaCy batch.
CHUNK = 64


def evaluate(data: Path, limit: Optional[int] = None) -> dict:
    rows = read_articles(Path(data), limit)
    incidents = read_incidents(Path(data))
    processed: dict[int, tuple] = {}
    items = items_from_rows(rows, processed)
    figures = score(rows, items, incidents)
    gold = {row_key(n): str(row["incident_id"]) for n, row in enumerate(rows)}
    figures["reports"] = clustering_scores(report_level_clusters(rows, processed), gold)
    return figures


def report_level_clusters(rows: list[dict], processed: dict[int, tuple]) -> list[list[str]]:
    """Articles grouped by the report-level events their reports were fused into."""
    from eventfold.fuse import fuse_reports

    articles = {n: article for n, (article, _) in processed.items()}
    row_of = {article.article_id: n for n, article in articles.items()}
    reports = [r for _, found in processed.values() for r in found]
    article_of = {r.report_id: r.article_id for r in reports}
    votes: dict[int, Counter] = defaultdict(Counter)
    for event in fuse_reports(reports, articles.values()):
        for report_id in event.report_ids:
            votes[row_of[article_of[report_id]]][event.event_id] += 1
    groups: dict[str, list[str]] = defaultdict(list)
    for n in range(len(rows)):
        group = votes[n].most_common(1)[0][0] if votes.get(n) else row_key(n)
        groups[group].append(row_key(n))
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


def items_from_rows(rows: list[dict], processed: Optional[dict] = None) -> list[FusionItem]:
    """Each article through ingest, annotation and extraction, as a fusion item keyed by its line
    (`row_key`); `processed` receives {line: (article, reports)} when given."""
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events

    articles = [ingest_row(row) for row in rows]
    annotator = Annotator()
    items: dict[int, FusionItem] = {}
    parsed = [(n, a) for n, a in enumerate(articles) if hasattr(a, "text")]
    for start in range(0, len(parsed), CHUNK):
        chunk = parsed[start : start + CHUNK]
        batch = [a for _, a in chunk]
        docs = annotator.parse(batch)
        for (n, article), annotation in zip(chunk, annotator.annotate(batch, docs)):
            try:
                reports = extract_events(article, annotation, docs[article.article_id], actors=annotator.actors).reports
            except Exception:  # an extraction failure leaves the article's text and names to compare
                reports = []
            items[n] = item_from_article(article, annotation, reports)
            if processed is not None:
                processed[n] = (article, reports)
    return [_keyed(items.get(n) or raw_item(row), row_key(n)) for n, row in enumerate(rows)]


def row_key(number: int) -> str:
    """Items are keyed by line: a few doc_ids recur under two incidents."""
    return f"row-{number}"


def ingest_row(row: dict):
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    raw = RawDocument(path="articles.jsonl", format="json-text", content=row.get("content") or "",
                      title=row.get("title"), published=row.get("dct"), url=row.get("uri"))
    return parse_document(raw, IngestOptions())


def raw_item(row: dict) -> FusionItem:
    """An article ingest rejected: its raw title and text, dated by its dct."""
    return FusionItem(item_id="", text=f"{row.get('title') or ''}\n{row.get('content') or ''}",
                      published=row.get("dct"), title=row.get("title") or "")


def _keyed(item: FusionItem, key: str) -> FusionItem:
    item.item_id = key
    return item


# ---------------------------------------------------------------- scoring


def score(rows: list[dict], items: list[FusionItem], incidents: dict[str, dict]) -> dict:
    gold = {row_key(n): str(row["incident_id"]) for n, row in enumerate(rows)}
    predicted = cluster_documents(items)
    figures = {"task": "gva", "n": len(rows), "articles": len(rows), "incidents": len(set(gold.values())),
               "clusters": len(predicted)}
    figures.update(clustering_scores(predicted, gold))
    figures["fields"] = field_accuracy(predicted, gold, {i.item_id: i for i in items}, incidents)
    figures["incremental"] = clustering_scores(incremental_clusters(items), gold)
    return figures


def incremental_clusters(items: list[FusionItem]) -> list[list[str]]:
    """The same items filed one by one into a `FusionIndex`, as a live feed would be (oldest first)."""
    index = FusionIndex()
    index.add(items)
    return index.clusters()


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


def field_accuracy(predicted: list[list[str]], gold: dict[str, str], items: dict[str, FusionItem],
                   incidents: dict[str, dict]) -> dict:
    """Per-incident accuracy of the fused date, city, killed and injured (see module docstring)."""
    best_cluster = _cluster_per_incident(predicted, gold)
    right: Counter = Counter()
    scored = 0
    for incident_id, cluster in best_cluster.items():
        incident = incidents.get(incident_id)
        if incident is None:
            continue
        scored += 1
        agreed = consensus([items[i] for i in cluster])
        right["date"] += parse_day(agreed.date) == _gold_day(incident.get("date"))
        right["city"] += agreed.place is not None and _city_key(agreed.place.name) == _city_key(
            incident.get("city_or_county"))
        right["killed"] += (agreed.killed or 0) == int(incident.get("num_killed") or 0)
        right["injured"] += (agreed.injured or 0) == int(incident.get("num_injured") or 0)
    fields = {name: round(right[name] / scored, 4) if scored else 0.0 for name in ("date", "city", "killed", "injured")}
    fields["incidents_scored"] = scored
    return fields


def _cluster_per_incident(predicted: list[list[str]], gold: dict[str, str]) -> dict[str, list[str]]:
    best: dict[str, tuple[int, list[str]]] = {}
    for cluster in predicted:
        for label, count in Counter(gold[i] for i in cluster).items():
            if label not in best or count > best[label][0]:
                best[label] = (count, cluster)
    return {label: cluster for label, (_, cluster) in best.items()}


def _gold_day(value: Optional[str]) -> Optional[int]:
    for pattern in ("%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime((value or "").strip(), pattern).toordinal()
        except ValueError:
            continue
    return None


def _city_key(name: Optional[str]) -> str:
    key = re.sub(r"\(.*?\)", "", (name or "").lower())
    key = re.sub(r"\b(county|township|city of|parish)\b", "", key)
    return re.sub(r"[^a-z]+", " ", key).strip()


if __name__ == "__main__":
    from eventfold.evaluate import command_line

    command_line(evaluate, __doc__.splitlines()[0])
