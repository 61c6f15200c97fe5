"""Evaluate the sub-event classifier on a CASE-2021 task-2 style folder.

The folder holds `snippets.tsv` with columns id, EventSnippet, SubType (CASE codes).
Headline figures (`accuracy`, `macro_f1`) cover the rows whose gold label is one of the
25 ACLED codes, since those are the types eventfold produces; macro-F1 averages the
per-type F1 over the ACLED types present in the gold data. A prediction of None on such
a row counts as an error. The `all_*` figures cover every row, the CASE "unseen" types
(ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) being scored as the
label NONE, which the classifier gives by returning None. `macro_f1_ci95` is a bootstrap interval
of the headline macro-F1 (rows resampled), to read a change against the set's own noise;
`confusions` counts the errors by gold and predicted code (types only, never the snippets).

`limit` keeps the first N rows of the file (before the ACLED filter).

Usage: python -m eventfold.evaluate.case2021 DIR [--limit N]
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path
from typing import Optional

from eventfold.extract.acled_types import ACLED_CASE_CODES
from eventfold.extract.subevent import classify_sub_event
from eventfold.evaluate import command_line

NONE_CODE = "NONE"
# Resamples of the bootstrap interval; 2,000 give its bounds to about +-0.003 (seeded: reproducible).
BOOTSTRAP_RESAMPLES = 2000


def read_snippets(data: Path, limit: Optional[int] = None) -> list[tuple[str, str, str]]:
    """(id, snippet, gold code) rows of `data/snippets.tsv`."""
    with (Path(data) / "snippets.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = [(row["id"], row["EventSnippet"], row["SubType"].strip()) for row in reader]
    return rows[:limit] if limit is not None else rows


def predicted_code(text: str) -> str:
    prediction = classify_sub_event(text)
    return prediction.case_code if prediction else NONE_CODE


def gold_code(code: str) -> str:
    """Gold label as scored: ACLED codes as they are, everything else as NONE."""
    return code if code in ACLED_CASE_CODES else NONE_CODE


def per_label_f1(pairs: list[tuple[str, str]], labels: list[str]) -> dict[str, float]:
    """F1 of each label over (gold, predicted) pairs."""
    true_pos, gold_count, pred_count = Counter(), Counter(), Counter()
    for gold, predicted in pairs:
        gold_count[gold] += 1
        pred_count[predicted] += 1
        if gold == predicted:
            true_pos[gold] += 1
    scores = {}
    for label in labels:
        denominator = gold_count[label] + pred_count[label]
        scores[label] = round(2 * true_pos[label] / denominator, 4) if denominator else 0.0
    return scores


def summarise(pairs: list[tuple[str, str]]) -> dict:
    """Accuracy, macro-F1 and per-label F1 over the labels present in gold."""
    labels = sorted({gold for gold, _ in pairs})
    f1 = per_label_f1(pairs, labels)
    correct = sum(gold == predicted for gold, predicted in pairs)
    return {
        "n": len(pairs),
        "accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(sum(f1.values()) / len(f1), 4) if f1 else 0.0,
        "per_type_f1": f1,
    }


def bootstrap_interval(pairs: list[tuple[str, str]], resamples: int = BOOTSTRAP_RESAMPLES) -> list[float]:
    """The 2.5th and 97.5th percentiles of macro-F1 over `resamples` resamplings of the rows."""
    if not pairs:
        return [0.0, 0.0]
    rng = random.Random(0)
    values = sorted(summarise([pairs[rng.randrange(len(pairs))] for _ in pairs])["macro_f1"]
                    for _ in range(resamples))
    return [values[int(0.025 * resamples)], values[int(0.975 * resamples) - 1]]


def confusions(pairs: list[tuple[str, str]]) -> list[dict]:
    """Errors counted by (gold, predicted) code, most frequent first."""
    counted = Counter((gold, predicted) for gold, predicted in pairs if gold != predicted)
    return [{"gold": gold, "predicted": predicted, "count": count}
            for (gold, predicted), count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))]


def _typed_as_the_product_types(texts) -> list:
    """Each snippet typed as extraction types a sentence (`clause_typing`), the snippet as one span."""
    from eventfold.annotate.nlp import load_nlp
    from eventfold.extract.clause_typing import type_sentences

    nlp = load_nlp()
    return type_sentences([doc[:] for doc in nlp.pipe(list(texts))])


def evaluate(data: Path, limit: Optional[int] = None) -> dict:
    rows = read_snippets(data, limit)
    typings = _typed_as_the_product_types(text for _, text, _ in rows)
    all_pairs = [(gold_code(gold), typing.prediction.case_code if typing.prediction else NONE_CODE)
                 for (_, _, gold), typing in zip(rows, typings)]
    acled_pairs = [pair for pair in all_pairs if pair[0] != NONE_CODE]
    acled = summarise(acled_pairs)
    everything = summarise(all_pairs)
    return {
        "task": "case2021",
        "n": acled["n"],
        "accuracy": acled["accuracy"],
        "macro_f1": acled["macro_f1"],
        "macro_f1_ci95": bootstrap_interval(acled_pairs),
        "per_type_f1": acled["per_type_f1"],
        "confusions": confusions(acled_pairs),
        "all_n": everything["n"],
        "all_accuracy": everything["accuracy"],
        "all_macro_f1": everything["macro_f1"],
        "all_per_type_f1": everything["per_type_f1"],
    }


if __name__ == "__main__":
    command_line(evaluate, __doc__.splitlines()[0])
