"""Geoparsing evaluation on corpora laid out like LGL / TR-News (Gritta et al.'s XML).

Each XML file holds <article>s with <text> and <toponyms><toponym><start><end><phrase>
<gaztag geonameid><lat><lon>. Two measures:
  * resolution, on the gold spans: share of gold toponyms with a gaztag resolved within 161 km
    (`acc_161km`), exact GeoNames id (`exact_id`), median error in km (unresolved = 20038 km);
  * recognition, end to end: `find_places` spans against all gold spans, a pair matching when they overlap.
Usage: python -m eventfold.evaluate.geo DIR [--limit N] [--details FILE]
`--details` writes one JSON line per gold toponym with a GeoNames id: the gold and resolved places and
the error in km, so that errors can be grouped by cause.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from eventfold.annotate.gazetteer import Gazetteer, haversine_km
from eventfold.annotate.places import find_places, resolve_spans

WITHIN_KM = 161.0  # the customary "accuracy@161km" (100 miles)
UNRESOLVED_KM = 20038.0  # half the Earth's circumference: the worst possible error
OFFSET_SEARCH_WINDOW = 40  # characters either side of a gold offset to look for its phrase (TR-News drift)


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class GoldArticle:
    article_id: str
    text: str
    toponyms: list[GoldToponym]


# ---------------------------------------------------------------- reading


def read_corpus(path: Path) -> list[GoldArticle]:
    root = ET.parse(path).getroot()
    articles = []
    for index, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        toponyms = [t for t in (_read_toponym(el, text) for el in article.iter("toponym")) if t]
        articles.append(GoldArticle(article.get("docid") or str(index), text, toponyms))
    return articles


def _read_toponym(element, text: str) -> GoldToponym | None:
    phrase = element.findtext("phrase") or ""
    try:
        start, end = int(element.findtext("start")), int(element.findtext("end"))
    except (TypeError, ValueError):
        return None
    start, end = _realign(text, phrase, start, end)
    gaztag = element.find("gaztag")
    gid = lat = lon = None
    if gaztag is not None:
        try:
            gid = int(gaztag.get("geonameid"))
            lat, lon = float(gaztag.findtext("lat")), float(gaztag.findtext("lon"))
        except (TypeError, ValueError):
            gid = lat = lon = None
    return GoldToponym(start, end, phrase, gid, lat, lon)


def _realign(text: str, phrase: str, start: int, end: int) -> tuple[int, int]:
    """Gold offsets are sometimes a character or two off: take the occurrence of the phrase nearest to them."""
    if not phrase or text[start:end] == phrase:
        return start, end
    low = max(0, start - OFFSET_SEARCH_WINDOW)
    window = text[low:end + OFFSET_SEARCH_WINDOW]
    hits = [low + i for i in range(len(window)) if window.startswith(phrase, i)]
    if not hits:
        return start, end
    best = min(hits, key=lambda h: abs(h - start))
    return best, best + len(phrase)


# ---------------------------------------------------------------- measuring


def parse_texts(texts: list[str]):
    """spaCy Docs of the texts (a hook so that repeated runs can cache the parses)."""
    from eventfold.annotate.nlp import load_nlp

    return list(load_nlp().pipe(texts, batch_size=16))


def score_articles(articles: list[GoldArticle], gazetteer: Gazetteer, details: list | None = None) -> dict:
    """Resolution and recognition figures; with `details`, one row per scored toponym is appended to it."""
    errors: list[float] = []
    exact = 0
    tp = n_pred = n_gold = 0
    docs = parse_texts([a.text for a in articles])
    for article, doc in zip(articles, docs):
        errs, hits = _resolution(article, gazetteer, doc, details)
        errors += errs
        exact += hits
        matched, predicted = _recognition(article, gazetteer, doc)
        tp += matched
        n_pred += predicted
        n_gold += len(article.toponyms)
    return _summary(errors, exact, tp, n_pred, n_gold)


def _resolution(article: GoldArticle, gazetteer: Gazetteer, doc,
                details: list | None = None) -> tuple[list[float], int]:
    spans = [(t.start, t.end) for t in article.toponyms]
    resolved = resolve_spans(article.text, spans, gazetteer, doc=doc)
    errors, exact = [], 0
    for gold, place in zip(article.toponyms, resolved):
        if gold.geonameid is None:
            continue
        if place is None:
            errors.append(UNRESOLVED_KM)
        else:
            errors.append(haversine_km(gold.latitude, gold.longitude, place.latitude, place.longitude))
            exact += int(place.geonameid == gold.geonameid)
        if details is not None:
            details.append(_detail(article, gold, place, errors[-1], gazetteer))
    return errors, exact


def _detail(article: GoldArticle, gold: GoldToponym, place, km: float, gazetteer: Gazetteer) -> dict:
    """One scored toponym: where it is, what gold says (and what the gazetteer knows of that id), what we chose."""
    known = gazetteer.get(gold.geonameid)
    return {"article": article.article_id, "start": gold.start, "end": gold.end, "phrase": gold.phrase,
            "gold": {"geonameid": gold.geonameid, "latitude": gold.latitude, "longitude": gold.longitude,
                     **(_place_fields(known) if known else {"in_gazetteer": False})},
            "resolved": _place_fields(place) if place else None,
            "km": round(km, 1), "within_161km": km <= WITHIN_KM}


def _place_fields(place) -> dict:
    return {"geonameid": place.geonameid, "name": place.name, "country": place.country, "admin1": place.admin1,
            "admin2": place.admin2, "feature_code": place.feature_code, "population": place.population}


def _recognition(article: GoldArticle, gazetteer: Gazetteer, doc) -> tuple[int, int]:
    """True positives (predicted spans overlapping a gold span, each gold used once) and predictions."""
    predicted = [(m.span.start, m.span.end) for m in find_places(doc, gazetteer, article.article_id)]
    unused = [(t.start, t.end) for t in article.toponyms]
    matched = 0
    for start, end in predicted:
        hit = next((g for g in unused if start < g[1] and g[0] < end), None)
        if hit:
            unused.remove(hit)
            matched += 1
    return matched, len(predicted)


def _summary(errors: list[float], exact: int, tp: int, n_pred: int, n_gold: int) -> dict:
    n = len(errors)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": n,
        "acc_161km": round(sum(e <= WITHIN_KM for e in errors) / n, 4) if n else 0.0,
        "exact_id": round(exact / n, 4) if n else 0.0,
        "median_km": round(statistics.median(errors), 1) if n else 0.0,
        "recognition": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                        "gold": n_gold, "predicted": n_pred},
        "_errors": errors, "_exact": exact, "_counts": (tp, n_pred, n_gold),
    }


def evaluate(data: Path, limit: int | None = None, details: str | Path | None = None) -> dict:
    """Scores every XML corpus in `data` (`limit` articles per file at most); per file and overall.
    `details`: a file to write one JSON line per scored toponym into (`_detail`)."""
    gazetteer = Gazetteer.open()
    files, rows = {}, []
    for path in sorted(Path(data).glob("*.xml")):
        articles = read_corpus(path)[:limit] if limit else read_corpus(path)
        found: list[dict] = []
        files[path.name] = score_articles(articles, gazetteer, found if details else None)
        rows += [{"file": path.name, **row} for row in found]
    if details:
        _write_details(Path(details), rows)
    errors = [e for f in files.values() for e in f["_errors"]]
    exact = sum(f["_exact"] for f in files.values())
    tp, n_pred, n_gold = (sum(f["_counts"][i] for f in files.values()) for i in range(3))
    overall = _summary(errors, exact, tp, n_pred, n_gold)
    result = {"task": "geo", **_public(overall), "files": {name: _public(f) for name, f in files.items()}}
    return result


def _write_details(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _public(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if not k.startswith("_")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--details", type=Path, default=None, help="write one JSON line per scored toponym here")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.data, args.limit, args.details), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
