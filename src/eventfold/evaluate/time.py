"""Scoring the temporal-expression layer against TimeML (TempEval-3 style) gold files.

Two figures, both restricted to gold TIMEX3 of type DATE (the document creation time excluded):

* value accuracy: the normalizer is given the gold span text, its sentence and the DCT as
  anchor, and must reproduce the gold `value` exactly;
* recognition: `find_time_expressions` runs over the whole <TEXT>; a predicted span matches a
  gold span when they overlap (relaxed, as in TempEval-3) or coincide (strict).

Usage: python -m eventfold.evaluate.time DIR [LIMIT]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eventfold.annotate.timex import find_time_expressions, normalize, sentence_span
from eventfold.evaluate import command_line


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    dct: date | None
    text: str
    timexes: list[GoldTimex]


def _flatten(element: ET.Element, pieces: list[str], timexes: list[GoldTimex]) -> None:
    """Collect the plain text under `element`, recording the offsets of each TIMEX3 inside it."""
    if element.text:
        pieces.append(element.text)
    for child in element:
        start = sum(map(len, pieces))
        _flatten(child, pieces, timexes)
        if child.tag == "TIMEX3":
            end = sum(map(len, pieces))
            text = "".join(pieces)[start:end]
            if child.get("functionInDocument") != "CREATION_TIME":
                timexes.append(GoldTimex(start, end, text, child.get("type", ""), child.get("value", "")))
        if child.tail:
            pieces.append(child.tail)


def _creation_time(root: ET.Element) -> date | None:
    """The DCT: "1998-08-07", "1998-08-07T06:18:00" or "19980807"."""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            digits = re.sub(r"\D", "", timex.get("value", ""))[:8]
            try:
                return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
            except ValueError:
                return None
    return None


def read_timeml(path: Path) -> TimeMLDocument:
    """The <TEXT> of a TimeML file as plain text, with its gold TIMEX3 spans and its DCT."""
    root = ET.parse(path).getroot()
    body = root.find(".//TEXT")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    if body is not None:
        _flatten(body, pieces, timexes)
    return TimeMLDocument(path.stem, _creation_time(root), "".join(pieces), timexes)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]."""
    left, right = sentence_span(text, start, end)
    return text[left:right]


def _prf(matched_predicted: int, n_predicted: int, matched_gold: int, n_gold: int) -> dict:
    precision = matched_predicted / n_predicted if n_predicted else 0.0
    recall = matched_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _recognition_counts(doc: TimeMLDocument, gold: list[GoldTimex], counts: dict) -> None:
    predicted = [(t.start, t.end) for t in find_time_expressions(doc.text, doc.dct)]
    spans = [(g.start, g.end) for g in gold]
    counts["predicted"] += len(predicted)
    counts["relaxed_p"] += sum(any(_overlaps(*p, *g) for g in spans) for p in predicted)
    counts["relaxed_g"] += sum(any(_overlaps(*p, *g) for p in predicted) for g in spans)
    counts["strict"] += len(set(predicted) & set(spans))


def value_predictions(doc: TimeMLDocument) -> list[tuple[GoldTimex, str | None, str]]:
    """Every gold DATE of `doc` with the value the normalizer gave it and the sentence used."""
    results = []
    reference = None  # the last calendar value read, for "that day", "a week later"
    for gold in doc.timexes:
        context = sentence_around(doc.text, gold.start, gold.end)
        predicted = normalize(gold.text, doc.dct, context=context, reference=reference).value
        if predicted and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", predicted[:10]):
            reference = predicted
        if gold.type == "DATE":
            results.append((gold, predicted, context))
    return results


def iter_documents(data: Path, limit: int | None = None):
    paths = sorted(Path(data).rglob("*.tml"))
    return (read_timeml(path) for path in (paths[:limit] if limit else paths))


def evaluate(data: Path, limit: int | None = None) -> dict:
    """Value accuracy and recognition P/R/F1 of DATE expressions over the .tml files under `data`."""
    n = correct = 0
    counts = {"predicted": 0, "relaxed_p": 0, "relaxed_g": 0, "strict": 0}
    for doc in iter_documents(data, limit):
        gold_dates = [g for g in doc.timexes if g.type == "DATE"]
        results = value_predictions(doc)
        n += len(results)
        correct += sum(predicted == gold.value for gold, predicted, _ in results)
        _recognition_counts(doc, gold_dates, counts)
    return {
        "task": "time",
        "n": n,
        "value_accuracy": round(correct / n, 4) if n else 0.0,
        "recognition": _prf(counts["relaxed_p"], counts["predicted"], counts["relaxed_g"], n),
        "recognition_strict": _prf(counts["strict"], counts["predicted"], counts["strict"], n),
    }


if __name__ == "__main__":
    command_line(evaluate, __doc__.splitlines()[0])
