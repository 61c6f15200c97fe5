"""Evaluate fusion on ECB+ (a folder like shared/eval/fusion-ecbplus): look-alike events kept apart.

Each topic folder under `ECB+/` holds news documents about two different real events of the same
kind (two earthquakes, two celebrity rehab stays): the `<n>ecb.xml` files tell one, the
`<n>ecbplus.xml` files the other. Documents are stored as tokens (`<token t_id sentence number>`),
so each is rebuilt into text (one line per sentence, spacing restored around punctuation, a
tokenised URL line glued back) and written as a text dump. All of them go together through the
product's own path (ingest → process → fuse into a temporary store, as `eventfold ingest` runs
it, so word rarities come from all topics as in a real corpus); each document belongs to the
fused event holding most of its reports (a near-copy to its original's), a document with no
report stays alone (see `evaluate.gva`). The events are those of `eventfold export events --scope
all`: most ECB+ topics are no political violence (earthquakes, trials, product launches), and the
product keeps those occurrences as events of type "Other" (extract/occurrences.py), which the
default, ACLED-scoped export leaves out. The clusters are then cut along topic lines, so the
score measures telling look-alikes apart within a topic.

Score: B³ precision/recall/F1 of the documents' clusters against their sub-topic, over all
documents of all topics (`b3_f1`); `documents_in_events` counts documents with a fused report,
`documents_failed` documents whose analysis failed (a defect, reported one by one by `eventfold ingest`).
`--limit N` keeps the first N topics (in numeric order). `--details FILE` (`eventfold eval ecbplus
--details FILE`) writes one JSON line per document: its sub-topic, its event's export row and its
reports; `python -m eventfold.evaluate.ecbplus --why FILE` reads it back and counts why the pairs
of documents of one happening were left apart (`why_apart`).

Usage: python -m eventfold.evaluate.ecbplus DIR [--limit N] | --why DETAILS
"""

from __future__ import annotations

import json
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path
from typing import Optional

from eventfold.evaluate.gva import ProductRun, clustering_scores, clusters_from, reports_by_article
from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE

FILE_RE = re.compile(r"^(?P<topic>\d+)_(?P<number>\d+)(?P<half>ecb|ecbplus)\.xml$")
# Tokens written without a space before them / after them when the text is rebuilt.
NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|'S|n't|'re|'ve|'ll|'d|'m|'')$")
NO_SPACE_AFTER = re.compile(r"^(?:[(\[{$]|``)$")


def evaluate(data: Path, limit: Optional[int] = None, details: Optional[Path] = None) -> dict:
    topics = read_topics(Path(data), limit)
    gold = {doc_id: f"{topic}/{half}" for topic, documents in topics.items() for doc_id, _, half in documents}
    topic_of = {doc_id: topic for topic, documents in topics.items() for doc_id, _, _ in documents}
    with tempfile.TemporaryDirectory(prefix="eventfold-ecbplus-") as folder:
        files = {}
        for documents in topics.values():
            for doc_id, text, _ in documents:
                files[doc_id] = Path(folder) / "docs" / f"{doc_id}.txt"
                files[doc_id].parent.mkdir(exist_ok=True)
                files[doc_id].write_text(text + "\n", encoding="utf-8")
        run = run_all_scopes([str(Path(folder) / "docs")], Path(folder) / "eval.db",
                             with_reports=details is not None)
    event_of = {doc_id: run.event_of_location(str(path)) for doc_id, path in files.items()}
    if details is not None:
        write_details(Path(details), gold, files, run, event_of)
    predicted = within_topics(clusters_from(event_of), topic_of)
    figures = {"task": "ecbplus", "path": "product (ingest → process → fuse → export --scope all)", "n": len(gold),
               "topics": len(topics), "documents": len(gold), "clusters": len(predicted),
               "documents_in_events": sum(e is not None for e in event_of.values()),
               "documents_failed": run.failed}
    figures.update({k: v for k, v in clustering_scores(predicted, gold).items() if k.startswith("b3")})
    return figures


def run_all_scopes(inputs: list[str], db_path: Path, with_reports: bool = False) -> ProductRun:
    """Ingest, process and fuse the inputs into a fresh store, as `eventfold ingest` does, and read
    the events `eventfold export events --scope all` writes (default --min-confidence); with
    `with_reports`, every article's reports too (for `--details`)."""
    from eventfold.export.rows import event_rows
    from eventfold.export.scope import ALL_SCOPE
    from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE
    from eventfold.ingest import IngestOptions
    from eventfold.pipeline import ingest
    from eventfold.store import Store
    from eventfold.store.dataset import load_dataset
    from eventfold.store.fusion import article_of_location, reports_per_event
    from eventfold.store.processing import failed_articles

    with Store.open(db_path) as store:
        ingest(store, inputs, IngestOptions())
        data = load_dataset(store, DEFAULT_MIN_CONFIDENCE, scope=ALL_SCOPE)
        rows = {event.event_id: row for event, row in zip(data.events, event_rows(data))}
        return ProductRun(article_of_location(store), {a.article_id: a.duplicate_of for a in data.articles},
                          reports_per_event(store), rows, reports_by_article(store, data) if with_reports else None,
                          failed=len(failed_articles(store)))


def write_details(path: Path, gold: dict[str, str], files: dict[str, Path], run: ProductRun,
                  event_of: dict[str, Optional[str]]) -> None:
    """One JSON line per document: its sub-topic, its event's export row and its reports, so the
    pairs of one happening left apart can be told by cause (no report, under the threshold, not joined)."""
    with path.open("w", encoding="utf-8") as out:
        for doc_id, label in gold.items():
            article_id = run.article_at(str(files[doc_id]))
            event_id = event_of[doc_id]
            export = run.rows.get(event_id) if event_id else None
            out.write(json.dumps({
                "document": doc_id, "gold": label, "article": article_id,
                "duplicate_of": run.duplicate_of.get(article_id) if article_id else None, "event": event_id,
                "export": {k: export.get(k) for k in ("event_date", "location", "admin1", "country", "event_type",
                                                      "sub_event_type", "actor1", "actor2", "source_count")}
                if export else None,
                "reports": run.reports.get(article_id, []) if article_id else []}, ensure_ascii=False) + "\n")


def why_apart(details: Path) -> dict[str, int]:
    """Pairs of documents of one happening (one sub-topic) left in different clusters, by cause:
    a document with no report, or with reports all under the export threshold; else both are in
    exported events that differ in event family, kind, day or place, or agree on those and were
    not joined on their score."""
    rows = [json.loads(line) for line in Path(details).open(encoding="utf-8") if line.strip()]
    by_happening: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_happening[row["gold"]].append(row)
    causes: dict[str, int] = defaultdict(int)
    for documents in by_happening.values():
        for n, first in enumerate(documents):
            for second in documents[n + 1:]:
                if first["event"] is None or first["event"] != second["event"]:
                    causes[_cause_apart(first, second)] += 1
    return dict(sorted(causes.items(), key=lambda item: -item[1]))


def _cause_apart(first: dict, second: dict) -> str:
    for row in (first, second):
        if row["event"] is None:
            if not row["reports"]:
                return "no report"
            return "reports under the threshold" if all((r["confidence"] or 0) < DEFAULT_MIN_CONFIDENCE
                                                        for r in row["reports"]) else "not exported"
    a, b = first["export"], second["export"]
    if (a["event_type"] == "Other") != (b["event_type"] == "Other"):
        return "one ACLED-typed, one Other"
    if a["event_type"] != b["event_type"]:
        return "different ACLED event types"
    if a["sub_event_type"] != b["sub_event_type"]:
        return "different kinds"
    if a["event_date"] and b["event_date"] and a["event_date"] != b["event_date"]:
        return "different days"
    if a["location"] and b["location"] and a["location"] != b["location"]:
        return "different places"
    return "not joined on score"


def within_topics(clusters: list[list[str]], topic_of: dict[str, str]) -> list[list[str]]:
    """Clusters cut along topic lines: the score is about telling look-alikes apart within a topic."""
    cut = []
    for cluster in clusters:
        parts: dict[str, list[str]] = defaultdict(list)
        for doc_id in cluster:
            parts[topic_of[doc_id]].append(doc_id)
        cut.extend(parts.values())
    return cut


def read_topics(data: Path, limit: Optional[int] = None) -> dict[str, list[tuple[str, str, str]]]:
    """topic -> [(document id, rebuilt text, sub-topic half)], topics in numeric order."""
    topics: dict[str, list] = defaultdict(list)
    root = data / "ECB+"
    for path in sorted(root.glob("*/*.xml")):
        match = FILE_RE.match(path.name)
        if match:
            topics[match["topic"]].append((path.stem, rebuild_text(path), match["half"]))
    ordered = sorted(topics, key=int)[:limit] if limit is not None else sorted(topics, key=int)
    return {topic: topics[topic] for topic in ordered}


def rebuild_text(path: Path) -> str:
    """The document's sentences, one per line, with ordinary spacing."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ElementTree.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", 0))].append(token.text or "")
    return "\n".join(_join(sentences[n]) for n in sorted(sentences))


def _join(tokens: list[str]) -> str:
    if tokens and tokens[0].lower().startswith("http"):
        return "".join(tokens)  # a URL split into tokens
    text = ""
    for token in tokens:
        glue = not text or NO_SPACE_BEFORE.match(token) or NO_SPACE_AFTER.match(text.split(" ")[-1])
        text += token if glue else " " + token
    return text.replace("``", '"').replace("''", '"')


if __name__ == "__main__":
    import sys

    from eventfold.evaluate import command_line

    if sys.argv[1:2] == ["--why"] and len(sys.argv) == 3:
        print(json.dumps(why_apart(Path(sys.argv[2])), indent=2))
    else:
        command_line(evaluate, __doc__.splitlines()[0])
