"""Evaluate main-text extraction on a folder laid out like the Zyte article-extraction benchmark.

Folder layout: `html/<sha256>.html.gz` plus `ground-truth.json` = {sha256: {articleBody, url}}.
Metric (the benchmark's own): tokens are runs of `\\w+` (case kept); a page's shingles are its
token 4-grams with counts (a text shorter than four tokens is one shingle). Per page,
tp/fp/fn are the matched, extra and missing shingle counts, normalised by their sum.
Page precision/recall are averaged over pages, and F1 is taken from the two averages.

Run: `python -m eventfold.evaluate.extract_html DIR [--limit N]`
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Callable, Optional

from eventfold.ingest.html import extract_html
from eventfold.evaluate import command_line

SHINGLE_SIZE = 4
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter:
    """Token n-grams with counts; a text shorter than `size` tokens is one shingle."""
    tokens = _TOKEN_RE.findall(text or "")
    grams = (" ".join(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(g for g in grams if g)


def match_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of the predicted shingles against the gold ones."""
    gold_sh, pred_sh = shingles(gold), shingles(pred)
    tp = sum((gold_sh & pred_sh).values())
    fp = sum((pred_sh - gold_sh).values())
    fn = sum((gold_sh - pred_sh).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fn == 0:
        return 0.0
    return tp / (tp + fn)


def score_pages(pairs: list[tuple[str, str]]) -> dict:
    """Averaged precision/recall and their F1 over (gold, predicted) text pairs."""
    counts = [match_counts(gold, pred) for gold, pred in pairs]
    precisions = [page_precision(*c) for c in counts]
    recalls = [page_recall(*c) for c in counts]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(pairs), "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def load_pages(data: Path, limit: Optional[int] = None) -> list[tuple[str, bytes, dict]]:
    """(sha256, raw html bytes, gold record) for every page that has both html and gold."""
    gold = json.loads((Path(data) / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold):
        path = Path(data) / "html" / f"{key}.html.gz"
        if path.exists():
            pages.append((key, gzip.decompress(path.read_bytes()), gold[key]))
    return pages[:limit] if limit is not None else pages


def evaluate(
    data: Path,
    limit: Optional[int] = None,
    extractor: Callable[[bytes, Optional[str]], str] | None = None,
) -> dict:
    """Score `extract_html` (or another text extractor) on the folder `data`."""
    extract = extractor or (lambda raw, url: extract_html(raw, url=url).text)
    pairs = [
        (record.get("articleBody") or "", extract(raw, record.get("url")))
        for _key, raw, record in load_pages(Path(data), limit)
    ]
    return {"task": "extract-html", **score_pages(pairs)}


if __name__ == "__main__":
    command_line(evaluate, __doc__.splitlines()[0])
