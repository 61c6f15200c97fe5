"""`ray_speedup` for `eventfold bench --ray`: the Ray engine's whole ingest (read, annotate, extract,
store, fuse) on a local Ray of 2 CPUs with 2 workers against 1, on the same corpus.

Each run ingests into a fresh store and includes what a user waits for: the actors' start-up
(spaCy loaded once per actor) and the driver's writes and fusion, which stay on one process and
bound the speed-up below 2 (Amdahl). A warm-up run first pays Ray's own worker start-up, which
a long-running cluster would not.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Optional

# The default corpus: synthetic articles (eventfold.synthetic), enough chunks to keep two actors busy.
DEFAULT_ARTICLES = 384
WARM_UP_ARTICLES = 8


def run_ray_bench(corpus: Optional[str] = None, *, articles: int = DEFAULT_ARTICLES, cpus: int = 2) -> dict:
    """{"ray_speedup": time with 1 worker / time with 2, "ray_seconds": {...}, "ray_articles": n}."""
    from eventfold.engines.ray_engine import connect

    ray = connect(num_cpus=cpus)
    with tempfile.TemporaryDirectory(prefix="eventfold-ray-bench-") as folder:
        inputs = [corpus] if corpus else [_synthetic_corpus(Path(folder) / "corpus.jsonl", articles)]
        warm_up = _synthetic_corpus(Path(folder) / "warm.jsonl", WARM_UP_ARTICLES)
        _timed_ingest(Path(folder) / "warm-up.db", [warm_up], 1)
        seconds, stored = {}, 0
        for workers in (1, 2):
            seconds[workers], stored = _timed_ingest(Path(folder) / f"workers-{workers}.db", inputs, workers)
    return {"ray_speedup": round(seconds[1] / seconds[2], 2),
            "ray_seconds": {f"{w}_worker{'s' if w > 1 else ''}": round(s, 1) for w, s in seconds.items()},
            "ray_articles": stored, "ray_cluster_cpus": int(ray.cluster_resources().get("CPU", 0))}


def _synthetic_corpus(path: Path, count: int) -> str:
    from eventfold.synthetic import generate, write

    write(generate(count, seed=3), path)
    return str(path)


def _timed_ingest(db: Path, inputs: list[str], workers: int) -> tuple[float, int]:
    from eventfold.engines.ray_engine import ingest_with_ray
    from eventfold.ingest import IngestOptions
    from eventfold.store import Store

    started = time.perf_counter()
    with Store.open(db) as store:
        report = ingest_with_ray(store, inputs, IngestOptions(), workers=workers)
    return time.perf_counter() - started, len(report.stored)
