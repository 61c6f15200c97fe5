"""Cross-validate and calibrate the sub-event typer on the project's own examples.

    python -m eventfold.extract.train_subevent [--folds 5]

Prints 5-fold cross-validated accuracy and macro-F1 (over all labels, NONE included) of the
lexicon alone (its first-firing rule, else the peaceful-protest default, else NONE) and of
the learned model (`subevent.TypingModel`), the softmax temperature that minimises the log-loss
of the out-of-fold margins (`SOFTMAX_TEMPERATURE`), and the macro-F1 of each "no event below
this probability" threshold (`MIN_MODEL_SCORE`), and where the lexicon's first rule and the
model's answer part (`rule_and_model`). Only `data/subevent_examples.tsv` is read:
no evaluation set, no corpus, so every figure is reproducible on a user's machine.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from eventfold.extract import subevent
from eventfold.extract.acled_types import sub_event

STRATEGIC_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TEMPERATURES = (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def lexicon_label(text: str) -> str:
    """The rule baseline: the first rule that fires, else a plain protest, else NONE."""
    matched = subevent._match_rules(text)
    if matched:
        return sub_event(matched[0].case_code).name
    return "Peaceful protest" if subevent.PEACEFUL_PROTEST_RULE.pattern.search(text) else subevent.NONE_LABEL


def out_of_fold_margins(texts: list[str], labels: np.ndarray, folds: int):
    """Margins of every example from a model that never saw it, and the label order."""
    from sklearn.model_selection import StratifiedKFold

    margins, order = None, None
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    for train, test in splitter.split(texts, labels):
        model = subevent.TypingModel().fit([texts[i] for i in train], list(labels[train]))
        fold_texts = [texts[i] for i in test]
        fold = model.margins(fold_texts, [subevent.rule_features(t) for t in fold_texts])
        if margins is None:
            order = model.labels
            margins = np.zeros((len(texts), len(order)))
        margins[test] = fold
    return margins, order


def log_loss(probabilities: np.ndarray, gold: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(probabilities[np.arange(len(gold)), gold], 1e-12, 1))))


def scores(gold: list[str], predicted: list[str]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    return {"accuracy": round(accuracy_score(gold, predicted), 4),
            "macro_f1": round(f1_score(gold, predicted, average="macro"), 4)}


def thresholded(probabilities: np.ndarray, order: list[str], texts: list[str], threshold: float) -> list[str]:
    """Labels as `classify_batch` gives them: NONE below the threshold (protests kept), the side
    that took ground told by the territory rule."""
    labels = []
    for text, row in zip(texts, probabilities):
        label, score = subevent.best_label(dict(zip(order, row)))
        if label == subevent.NONE_LABEL or score < threshold:
            label = "Peaceful protest" if subevent.PEACEFUL_PROTEST_RULE.pattern.search(text) else subevent.NONE_LABEL
        elif label in subevent.TERRITORY_NAMES:
            side = subevent._side_that_took_it(text, None, dict(zip(order, row)))
            label = side.sub_event_type if side is not None else label
        labels.append(label)
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    folds = parser.parse_args().folds
    examples = subevent.load_examples()
    texts = [text for _, text in examples]
    labels = np.array([label for label, _ in examples])
    report = {"examples": len(texts), "folds": folds,
              "lexicon": scores(list(labels), [lexicon_label(t) for t in texts])}
    margins, order = out_of_fold_margins(texts, labels, folds)
    gold = np.array([order.index(label) for label in labels])
    losses = {t: round(log_loss(subevent.probabilities_from_margins(margins, t), gold), 4) for t in TEMPERATURES}
    temperature = min(losses, key=losses.get)
    probabilities = subevent.probabilities_from_margins(margins, temperature)
    report["model_argmax"] = scores(list(labels), [order[i] for i in margins.argmax(axis=1)])
    report["temperature_log_loss"] = losses
    report["temperature"] = temperature
    report["threshold_scores"] = {t: scores(list(labels), thresholded(probabilities, order, texts, t))
                                  for t in THRESHOLDS}
    report["model_only_strategic"] = model_only_precision(probabilities, order, texts, labels, strategic=True)
    report["model_only_any"] = model_only_precision(probabilities, order, texts, labels, strategic=False)
    report["rule_and_model"] = rule_and_model(texts, list(labels),
                                              thresholded(probabilities, order, texts, subevent.MIN_MODEL_SCORE))
    print(json.dumps(report, indent=1))


def rule_and_model(texts: list[str], gold: list[str], predicted: list[str]) -> dict:
    """Out-of-fold answers split by the lexicon: accuracy where a rule fires and where none does,
    and, where the first rule and the model disagree, which of the two was right."""
    fires = {"examples": 0, "right": 0}
    silent = {"examples": 0, "right": 0}
    disagree = {"examples": 0, "rule_right": 0, "model_right": 0}
    for text, truth, answer in zip(texts, gold, predicted):
        matched = subevent._match_rules(text)
        group = fires if matched else silent
        group["examples"] += 1
        group["right"] += truth == answer
        rule_answer = sub_event(matched[0].case_code).name if matched else None
        if matched and rule_answer != answer:
            disagree["examples"] += 1
            disagree["rule_right"] += truth == rule_answer
            disagree["model_right"] += truth == answer
    return {"rule_fires": fires, "no_rule_fires": silent, "rule_and_model_disagree": disagree}


def model_only_precision(probabilities: np.ndarray, order: list[str], texts: list[str], labels,
                         strategic: bool) -> dict:
    """Precision and count of the event guesses no lexicon rule backs (only "Strategic
    developments" ones with `strategic`), above each probability: what
    `type_reading.MODEL_STRATEGIC_MIN_SCORE` and `type_reading.MODEL_ONLY_MIN_SCORE` are chosen from."""
    table = {}
    guesses = []
    for text, row, gold in zip(texts, probabilities, labels):
        best = int(row.argmax())
        label = order[best]
        if label == subevent.NONE_LABEL or (strategic and sub_event(label).event_type != "Strategic developments"):
            continue
        matched = subevent._match_rules(text)
        if matched and sub_event(matched[0].case_code).name == label:
            continue
        guesses.append((float(row[best]), label == gold))
    for threshold in STRATEGIC_THRESHOLDS:
        kept = [right for score, right in guesses if score >= threshold]
        table[threshold] = {"kept": len(kept), "precision": round(sum(kept) / len(kept), 4) if kept else None}
    return table


if __name__ == "__main__":
    main()
