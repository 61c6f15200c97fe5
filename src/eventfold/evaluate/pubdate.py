"""Scoring publication-date extraction on a folder of HTML pages with gold dates.

The folder holds `html/*.html` and `gold.json` ({url: {"file": ..., "date": "YYYY-MM-DD"}}),
the layout of htmldate's evaluation sets. A gold date of NaN/null means the page has no
publication date: it counts as right only when no date is given. Accuracy is exact-date
agreement over all pages.

Usage: python -m eventfold.evaluate.pubdate DIR [LIMIT]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from eventfold.ingest.pubdate import find_publication_date
from eventfold.evaluate import command_line


def load_gold(data: Path) -> list[tuple[str, str, Optional[str]]]:
    """(url, file name, gold date or None) for every page, in file order."""
    with open(data / "gold.json", encoding="utf-8") as handle:
        gold = json.load(handle)  # Python's json accepts the NaN used for "no date"
    return [(url, entry["file"], _gold_date(entry.get("date"))) for url, entry in gold.items()]


def _gold_date(value: object) -> Optional[str]:
    return value if isinstance(value, str) and value.strip() else None


def predict(data: Path, url: str, file_name: str) -> Optional[str]:
    """The predicted date of one page (None, i.e. "no date", when its file is missing)."""
    path = data / "html" / file_name
    return find_publication_date(path.read_bytes(), url).value if path.is_file() else None


def evaluate(data: Path, limit: int | None = None) -> dict:
    """Exact-date accuracy of `find_publication_date` over the pages of `data`."""
    data = Path(data)
    pages = load_gold(data)[:limit] if limit is not None else load_gold(data)
    correct = sum(predict(data, url, file_name) == gold for url, file_name, gold in pages)
    return {"task": "pubdate", "n": len(pages), "accuracy": round(correct / len(pages), 4) if pages else 0.0}


if __name__ == "__main__":
    command_line(evaluate, __doc__.splitlines()[0])
