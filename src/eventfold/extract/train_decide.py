"""Build and measure the event-or-not model of `extract/decide.py`.

    python -m eventfold.extract.train_decide             # writes src/eventfold/data/decide_weights.json
    python -m eventfold.extract.train_decide --evaluate  # 5-fold figures, reliability table, baseline

Training data: the project's own sentences in data/event_examples.tsv (never an evaluation set).
Each sentence is parsed with the pipeline's spaCy model; its candidate features are those
`decide.candidate_features` gives the pipeline (trigger: the role module's trigger nearest the
root; modality and certainty: the attribution rules; the article year: the example's year).
The model is a logistic regression (C = MODEL_C); its score is calibrated by a Platt sigmoid
fitted on the out-of-fold scores of a 5-fold split, so the probabilities are those of a model that
had not seen the sentence. The output is deterministic (fixed folds, lbfgs) and rounded, so
rebuilding gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from eventfold.extract import decide

# Logistic-regression regularisation, from `--evaluate --sweep` on data/event_examples.tsv
# (5-fold out-of-fold F1 / Brier at 0.5): C=0.3 0.904/0.067, 1 0.916/0.060, 3 0.924/0.058,
# 10 0.915/0.062 (843 examples for 0.3 and 10, 909 for 1 and 3); scaling the word features down
# by half did not help (0.916/0.062 at C=1).
MODEL_C = 3.0
FOLDS = 5
SEED = 0
DIGITS = 6
# Reliability bins: 0-0.1, 0.1-0.2, ..., 0.9-1.
BINS = 10


@dataclass(frozen=True)
class Example:
    label: int
    kind: str
    conflict: str
    year: int
    text: str


def load_examples(path: Path = decide.EXAMPLES_PATH) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Example(int(r["label"]), r["kind"], r["conflict"], int(r["year"]), r["text"]) for r in rows]


def example_features(examples: list[Example], nlp=None) -> list[list[str]]:
    """Each example's candidate features, read off the pipeline's own parse and rules."""
    from eventfold.annotate.nlp import load_nlp
    from eventfold.extract.attribution import attribution_of, modality_of

    nlp = nlp or load_nlp()
    found = []
    for example, doc in zip(examples, nlp.pipe(e.text for e in examples)):
        sent = doc[:]
        trigger = decide.main_trigger(sent)
        attribution = attribution_of(sent)
        certainty = "denied" if attribution.polarity == "denied" else attribution.certainty
        modality = modality_of(sent, trigger, article_year=example.year)
        found.append(decide.candidate_features(sent, trigger, modality=modality, certainty=certainty,
                                               article_year=example.year))
    return found


# ---------------------------------------------------------------- fitting


def _folds(labels: list[int], groups: Optional[list[str]] = None):
    import numpy as np
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    if groups is not None:
        return list(GroupKFold(n_splits=FOLDS).split(np.zeros(len(labels)), labels, groups))
    return list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(np.zeros(len(labels)), labels))


def _logreg(features: list[list[str]], labels: list[int], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([dict.fromkeys(f, 1) for f in features])
    classifier = LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(matrix, labels)
    weights = {name: round(float(w), DIGITS) for name, w in zip(vectorizer.feature_names_, classifier.coef_[0])
               if round(float(w), DIGITS) != 0.0}
    return decide.Model(weights, round(float(classifier.intercept_[0]), DIGITS), 1.0, 0.0)


def _platt(scores: list[float], labels: list[int]) -> tuple[float, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=1e6, max_iter=1000).fit(np.array(scores).reshape(-1, 1), labels)
    return round(float(fitted.coef_[0][0]), DIGITS), round(float(fitted.intercept_[0]), DIGITS)


def fit(features: list[list[str]], labels: list[int], c: float = MODEL_C) -> decide.Model:
    """The logistic regression on all examples, calibrated on 5-fold out-of-fold scores."""
    scores = [0.0] * len(labels)
    for train, test in _folds(labels):
        model = _logreg([features[i] for i in train], [labels[i] for i in train], c)
        for i in test:
            scores[i] = model.score(features[i])
    scale, shift = _platt(scores, labels)
    model = _logreg(features, labels, c)
    return decide.Model(model.weights, model.bias, scale, shift)


def weights_json(model: decide.Model) -> dict:
    return {
        "feature_version": decide.FEATURE_VERSION,
        "examples_sha256": decide.examples_digest(),
        "model_c": MODEL_C,
        "bias": model.bias,
        "calibration": {"scale": model.scale, "shift": model.shift},
        "weights": dict(sorted(model.weights.items())),
    }


def build(nlp=None) -> dict:
    examples = load_examples()
    model = fit(example_features(examples, nlp), [e.label for e in examples])
    return weights_json(model)


# ---------------------------------------------------------------- measuring


def out_of_fold(features, labels, groups=None, c: float = MODEL_C) -> list[float]:
    """Each example's calibrated probability from a model fitted (and calibrated) without its fold."""
    probabilities = [0.0] * len(labels)
    for train, test in _folds(labels, groups):
        model = fit([features[i] for i in train], [labels[i] for i in train], c)
        for i in test:
            probabilities[i] = model.probability(features[i])
    return probabilities


def scores_at(probabilities: list[float], labels: list[int], threshold: float) -> dict:
    predicted = [p >= threshold for p in probabilities]
    tp = sum(1 for p, y in zip(predicted, labels) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels) if not p and y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(1 for p, y in zip(predicted, labels) if p == bool(y)) / len(labels)
    return {"threshold": threshold, "accuracy": round(accuracy, 3), "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3)}


def reliability(probabilities: list[float], labels: list[int]) -> list[dict]:
    """Per bin of predicted probability: count, mean prediction, observed share of real events."""
    rows = []
    for b in range(BINS):
        low, high = b / BINS, (b + 1) / BINS
        inside = [(p, y) for p, y in zip(probabilities, labels) if low <= p < high or (b == BINS - 1 and p == 1.0)]
        rows.append({"bin": f"{low:.1f}-{high:.1f}", "count": len(inside),
                     "mean_predicted": round(sum(p for p, _ in inside) / len(inside), 3) if inside else None,
                     "observed": round(sum(y for _, y in inside) / len(inside), 3) if inside else None})
    return rows


def brier(probabilities: list[float], labels: list[int]) -> float:
    return round(sum((p - y) ** 2 for p, y in zip(probabilities, labels)) / len(labels), 4)


def best_threshold(probabilities: list[float], labels: list[int]) -> float:
    """The threshold (0.05 steps) that maximises F1; the lower one on a tie."""
    grid = [round(0.05 * i, 2) for i in range(1, 20)]
    return max(grid, key=lambda t: (scores_at(probabilities, labels, t)["f1"], -t))


def emit_floor(probabilities: list[float], labels: list[int], max_lost: float = 0.02) -> float:
    """The highest floor (0.01 steps up to 0.5) below which at most `max_lost` of real events fall."""
    real = [p for p, y in zip(probabilities, labels) if y]
    grid = [round(0.01 * i, 2) for i in range(1, 51)]
    return max([t for t in grid if sum(1 for p in real if p < t) <= max_lost * len(real)] or [0.0])


def rules_baseline(examples: list[Example]) -> list[float]:
    """Today's rules: 1 when extraction keeps an actual event report for the sentence, else 0
    (each sentence a one-sentence article dated in its year; the decision's floor switched off)."""
    from eventfold.annotate import Annotator
    from eventfold.extract import decide as decision
    from eventfold.extract.events import extract_events
    from eventfold.model import Article

    annotator = Annotator()
    articles = [Article(article_id=f"ex{i}", text=e.text, published=f"{e.year}-06-15", published_precision="day")
                for i, e in enumerate(examples)]
    floor, decision.EMIT_FLOOR = decision.EMIT_FLOOR, 0.0
    try:
        docs = annotator.parse(articles)
        kept = []
        for article, annotation in zip(articles, annotator.annotate(articles, docs)):
            reports = extract_events(article, annotation, docs[article.article_id], actors=annotator.actors).reports
            kept.append(1.0 if any(r.modality == "actual" for r in reports) else 0.0)
    finally:
        decision.EMIT_FLOOR = floor
    return kept


def evaluate(sweep: bool = False, baseline: bool = True) -> dict:
    examples = load_examples()
    labels = [e.label for e in examples]
    features = example_features(examples)
    report: dict = {"examples": len(examples), "events": sum(labels),
                    "conflicts": len({e.conflict for e in examples})}
    if sweep:
        report["sweep"] = {}
        for c in (0.1, 0.3, 1.0, 3.0, 10.0):
            oof = out_of_fold(features, labels, c=c)
            report["sweep"][str(c)] = {**scores_at(oof, labels, 0.5), "brier": brier(oof, labels)}
    oof = out_of_fold(features, labels)
    threshold = best_threshold(oof, labels)
    report["model_5fold"] = {"at_0.5": scores_at(oof, labels, 0.5), "at_best": scores_at(oof, labels, threshold),
                             "brier": brier(oof, labels), "emit_floor": emit_floor(oof, labels),
                             "reliability": reliability(oof, labels)}
    grouped = out_of_fold(features, labels, groups=[e.conflict for e in examples])
    report["model_by_conflict"] = {"at_0.5": scores_at(grouped, labels, 0.5), "brier": brier(grouped, labels),
                                   "reliability": reliability(grouped, labels)}
    if baseline:
        rules = rules_baseline(examples)
        report["rules_baseline"] = {**scores_at(rules, labels, 0.5), "brier": brier(rules, labels),
                                    "reliability": reliability(rules, labels)}
    report["oof"] = [{"p": round(p, 3), "label": e.label, "kind": e.kind, "text": e.text}
                     for p, e in zip(oof, examples)]
    return report


def held_apart(data: Path, rules_only: bool = False) -> dict:
    """The decision on a gold folder (gold/README.md) through the product's own path: event
    precision/recall/F1 at no threshold and at the default, the share of gold non-event texts
    that still yield an event report (any, and at or above the default), and the reliability of
    the exported events' confidence. `rules_only` switches the decision's floor off (today's rules)."""
    import tempfile

    from eventfold.evaluate import dataset
    from eventfold.store.db import Store
    from eventfold.store.extractions import event_reports

    gold = dataset.read_gold(Path(data))
    floor = decide.EMIT_FLOOR
    decide.EMIT_FLOOR = 0.0 if rules_only else floor
    try:
        with tempfile.TemporaryDirectory(prefix="eventfold-decide-") as tmp:
            product = dataset.build_product(gold, [str(Path(data) / "reports.jsonl")], Path(tmp))
            with Store.open(Path(tmp) / "dataset-eval.db") as store:
                reports = list(event_reports(store))
    finally:
        decide.EMIT_FLOOR = floor
    figures = {}
    for name, threshold in (("no_threshold", 0.0), ("default", decide.DEFAULT_MIN_CONFIDENCE)):
        scored = dataset.score(gold, product, min_confidence=threshold)
        figures[name] = {k: scored[k] for k in ("event_f1", "precision", "recall", "duplicates", "non_events")}
        figures[name]["non_event_sentences_with_report"] = _non_event_share(gold, product, reports, threshold)
    figures["by_min_confidence"] = scored["by_min_confidence"]
    figures["reliability"] = scored["reliability"]
    return figures


def _non_event_share(gold, product, reports, threshold: float) -> Optional[float]:
    """Share of the gold non-event texts whose sentence still yields an actual event report."""
    from eventfold.evaluate.dataset import find_sentence, span_inside

    located = hit = 0
    for non_event in gold.non_events:
        for article_id in product.articles_of_report.get(non_event["report"], ()):
            places = find_sentence(product.texts.get(article_id, {}), non_event["text"])
            if not places:
                continue
            located += 1
            hit += any(r.article_id == article_id and (r.confidence or 0.0) >= threshold
                       and any(span_inside(r.span, (article_id, *where)) for where in places) for r in reports)
            break
    return round(hit / located, 4) if located else None


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evaluate", action="store_true", help="print cross-validated figures instead of building")
    parser.add_argument("--sweep", action="store_true", help="with --evaluate: compare regularisation strengths")
    parser.add_argument("--no-baseline", action="store_true", help="with --evaluate: skip the rules baseline")
    parser.add_argument("--held-apart", type=Path, metavar="GOLD_DIR",
                        help="score the decision on a gold folder (e.g. gold/multiconflict), rules beside model")
    parser.add_argument("--out", type=Path, default=decide.WEIGHTS_PATH)
    args = parser.parse_args(argv)
    if args.held_apart:
        result = {"rules": held_apart(args.held_apart, rules_only=True), "model": held_apart(args.held_apart)}
        json.dump(result, sys.stdout, indent=1)
        print()
        return 0
    if args.evaluate:
        json.dump(evaluate(args.sweep, not args.no_baseline), sys.stdout, indent=1)
        print()
        return 0
    args.out.write_text(json.dumps(build(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
