"""Evaluate argument extraction (`eventfold.extract.roles`) on a WikiEvents-style folder.

The folder holds `docs.jsonl`: one document per line with `tokens`, `sentences` (each a list of
[token, start, end] triples plus the sentence text), `entity_mentions` (document-level token
range, text) and `event_mentions` (KAIROS event type, document-level trigger token range,
arguments pointing at entity mentions by id).

What is scored
* Events: conflict events only, i.e. the KAIROS families in `ROLE_MAP` - Conflict.Attack.*,
  Conflict.Demonstrate.*, Life.Die.*, Life.Injure.* (arrests, threats, crimes are not scored).
* Roles: each family's gold roles map onto eventfold roles (Attacker/Killer/Injurer ->
  attacker, Demonstrator -> agent, Target -> target, Victim -> victim, Place -> place,
  Instrument/ExplosiveDevice -> instrument); other gold roles are ignored. KAIROS has a single
  acted-upon role per family (Target for attacks and protests, Victim for deaths and injuries)
  where eventfold distinguishes targets from victims, so predicted target and victim both
  count as that family's acted-upon role; likewise predicted agent and attacker are the family's
  actor role.
* Given gold triggers: the text is rebuilt from the gold sentence texts, one newline between
  sentences (the stored `text` glues sentences together and its offsets drift from the
  tokens'), then tokenised and parsed by spaCy with the gold sentence starts imposed. The
  trigger is the spaCy token heading the gold trigger's characters; `event_arguments` runs on it.
* Matching (head-word match): a prediction is correct when its head character falls inside
  the character span of a still-unmatched gold argument mention with the same role. Each gold
  argument is matched at most once. When coreference clusters are available (a document field
  `clusters`/`coref_clusters`, or gen-arg style `*coref*.jsonlines` / `coref/*.jsonlines` files
  with `doc_key` and `clusters` of entity-mention ids), a head inside any mention of the gold
  argument's cluster also matches (coreference match). The dev folder carries no clusters, so
  its figures are strict mention matches: a correct antecedent where the gold marks a
  relative pronoun ("Chavez, who died" -> gold "who") counts as an error.

Micro precision/recall/F1 overall and per role (role = the eventfold role of the gold
argument for recall and of the normalised prediction for precision). `trigger_recall` is
the share of scored gold triggers that `find_triggers` flags on its own (arguments are
scored on the gold triggers whatever it says).

Usage: python -m eventfold.evaluate.wikievents DIR [--limit N]
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from eventfold.annotate.nlp import load_nlp
from eventfold.extract.roles import AGENT, ATTACKER, INSTRUMENT, PLACE, TARGET, VICTIM, event_arguments, is_trigger
from eventfold.evaluate import command_line

SENTENCE_SEPARATOR = "\n"

# Per KAIROS family: gold role -> eventfold role.
ROLE_MAP = {
    "Conflict.Attack": {"Attacker": ATTACKER, "Target": TARGET, "Place": PLACE,
                        "Instrument": INSTRUMENT, "ExplosiveDevice": INSTRUMENT},
    "Conflict.Demonstrate": {"Demonstrator": AGENT, "Target": TARGET, "Place": PLACE},
    "Life.Die": {"Killer": ATTACKER, "Victim": VICTIM, "Place": PLACE, "Instrument": INSTRUMENT},
    "Life.Injure": {"Injurer": ATTACKER, "Victim": VICTIM, "Place": PLACE, "Instrument": INSTRUMENT},
}
# The family's single actor and acted-upon role, onto which predictions are normalised.
ACTOR_ROLE = {"Conflict.Attack": ATTACKER, "Conflict.Demonstrate": AGENT, "Life.Die": ATTACKER, "Life.Injure": ATTACKER}
PATIENT_ROLE = {"Conflict.Attack": TARGET, "Conflict.Demonstrate": TARGET, "Life.Die": VICTIM, "Life.Injure": VICTIM}
CLUSTER_FIELDS = ("coref_clusters", "clusters")


@dataclass(frozen=True)
class GoldArgument:
    role: str
    spans: tuple[tuple[int, int], ...]  # the mention's char span first, then its coreferent mentions


def family(event_type: str) -> str:
    return ".".join(event_type.split(".")[:2])


def read_docs(data: Path, limit: Optional[int] = None) -> list[dict]:
    """The first `limit` documents, with coreference clusters attached when the folder has them."""
    docs = []
    with (Path(data) / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                docs.append(json.loads(line))
            if limit is not None and len(docs) >= limit:
                break
    clusters = read_clusters(Path(data))
    for doc in docs:
        if doc["doc_id"] in clusters and not any(key in doc for key in CLUSTER_FIELDS):
            doc["clusters"] = clusters[doc["doc_id"]]
    return docs


def read_clusters(data: Path) -> dict[str, list[list[str]]]:
    """doc id -> clusters of entity-mention ids, from gen-arg style `*coref*.jsonl[ines]` files if present."""
    clusters = {}
    for path in sorted(data.glob("*coref*.jsonl*")) + sorted(data.glob("coref/*.jsonl*")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    key = record.get("doc_key") or record.get("doc_id")
                    clusters[key] = record.get("clusters", [])
    return clusters


def rebuild_text(doc: dict) -> tuple[str, list[tuple[int, int]], list[int]]:
    """(text, char span of each document token in that text, sentence start offsets).

    Gold token indices (triggers, mentions) count over the whole document.
    """
    parts, token_spans, sentence_starts, offset = [], [], [], 0
    for tokens, sentence in doc["sentences"]:
        if not tokens:
            continue
        base = tokens[0][1]  # token offsets are consistent within a sentence, not with `text`
        sentence_starts.append(offset)
        token_spans.extend((offset + start - base, offset + end - base) for _, start, end in tokens)
        parts.append(sentence)
        offset += len(sentence) + len(SENTENCE_SEPARATOR)
    return SENTENCE_SEPARATOR.join(parts), token_spans, sentence_starts


def parse(text: str, sentence_starts: list[int]):
    """spaCy parse of the text with the gold sentence starts imposed."""
    nlp = load_nlp()
    spacy_doc = nlp.make_doc(text)
    starts = set(sentence_starts)
    for token in spacy_doc:
        if token.idx in starts:
            token.is_sent_start = True
    for _, component in nlp.pipeline:
        spacy_doc = component(spacy_doc)
    return spacy_doc


def trigger_token(spacy_doc, start: int, end: int):
    """The spaCy token heading the characters [start, end) (None when nothing overlaps)."""
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def mention_spans(doc: dict, token_spans) -> dict[str, tuple[int, int]]:
    spans = {}
    for mention in doc["entity_mentions"]:
        spans[mention["id"]] = (token_spans[mention["start"]][0], token_spans[mention["end"] - 1][1])
    return spans


def coreferent(doc: dict) -> dict[str, list[str]]:
    """Entity-mention id -> ids of the mentions in its coreference cluster (empty without clusters)."""
    clusters = next((doc[key] for key in CLUSTER_FIELDS if key in doc), [])
    members = {}
    for cluster in clusters:
        for mention_id in cluster:
            members[mention_id] = [other for other in cluster if other != mention_id]
    return members


def gold_arguments(event: dict, spans, clusters) -> list[GoldArgument]:
    roles = ROLE_MAP[family(event["event_type"])]
    gold = []
    for argument in event["arguments"]:
        role = roles.get(argument["role"])
        if role is None or argument["entity_id"] not in spans:
            continue
        linked = [spans[m] for m in clusters.get(argument["entity_id"], []) if m in spans]
        gold.append(GoldArgument(role, (spans[argument["entity_id"]], *linked)))
    return gold


def normalised_role(role: str, event_family: str) -> Optional[str]:
    """The prediction's role in the family's terms (None for roles the family does not score)."""
    if role in (TARGET, VICTIM):
        return PATIENT_ROLE[event_family]
    if role in (ATTACKER, AGENT):
        return ACTOR_ROLE[event_family]
    return role if role in ROLE_MAP[event_family].values() else None


def score_event(predicted: list[tuple[str, int]], gold: list[GoldArgument]) -> tuple[Counter, Counter, Counter]:
    """(true positives, predictions, gold) counted per role."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter(g.role for g in gold)
    unmatched = list(gold)
    for role, head in predicted:
        n_pred[role] += 1
        match = next((g for g in unmatched if g.role == role and any(s <= head < e for s, e in g.spans)), None)
        if match is not None:
            unmatched.remove(match)
            tp[role] += 1
    return tp, n_pred, n_gold


@dataclass(frozen=True)
class EventOutcome:
    predicted: list[tuple[str, int]]  # (role in the family's terms, head char offset)
    gold: list[GoldArgument]
    trigger_found: bool  # whether `find_triggers` would flag the gold trigger by itself


def document_events(doc: dict) -> Iterator[EventOutcome]:
    """Predictions and gold arguments of each scored event of a document."""
    text, token_spans, sentence_starts = rebuild_text(doc)
    spacy_doc = parse(text, sentence_starts)
    spans, clusters = mention_spans(doc, token_spans), coreferent(doc)
    for event in doc["event_mentions"]:
        event_family = family(event["event_type"])
        if event_family not in ROLE_MAP:
            continue
        trigger = event["trigger"]
        token = trigger_token(spacy_doc, token_spans[trigger["start"]][0], token_spans[trigger["end"] - 1][1])
        predicted = []
        if token is not None:
            for argument in event_arguments(token):
                role = normalised_role(argument.role, event_family)
                if role is not None:
                    predicted.append((role, argument.head))
        found = token is not None and is_trigger(token)
        yield EventOutcome(predicted, gold_arguments(event, spans, clusters), found)


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def evaluate(data: Path, limit: Optional[int] = None) -> dict:
    docs = read_docs(data, limit)
    tp, n_pred, n_gold, events, triggers_found = Counter(), Counter(), Counter(), 0, 0
    for doc in docs:
        for outcome in document_events(doc):
            events += 1
            triggers_found += outcome.trigger_found
            event_tp, event_pred, event_gold = score_event(outcome.predicted, outcome.gold)
            tp.update(event_tp)
            n_pred.update(event_pred)
            n_gold.update(event_gold)
    overall = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    roles = sorted(set(n_pred) | set(n_gold))
    return {
        "task": "wikievents", "n": len(docs), "events": events,
        "precision": overall["precision"], "recall": overall["recall"], "f1": overall["f1"],
        "per_role": {role: prf(tp[role], n_pred[role], n_gold[role]) for role in roles},
        "trigger_recall": round(triggers_found / events, 4) if events else 0.0,
    }


if __name__ == "__main__":
    command_line(evaluate, __doc__.splitlines()[0])
