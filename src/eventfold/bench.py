"""Benchmarks: throughput and memory of the annotation stage against bare spaCy, and how the
cost of fusion grows with the corpus.

The annotation ratio compares like with like: the same texts (every part of every article), the
same loaded pipeline, timed after a warm-up, so it shows what eventfold's own components
(places, entities, times) add on top of `nlp.pipe`.

The fusion bench files synthetic report items (a steady news flow: a fixed number of reports
per day over a growing number of days, places and words drawn from fixed pools) into a real
SQLite store with the pipeline's own incremental code, and reports the time per report at each
corpus size: near-linear total cost means a flat time per report.

The end-to-end bench (`run_end_to_end_bench`) times what a user waits for — read, annotate,
extract, store, fuse — on a corpus made by `eventfold.synthetic` (or the user's), against bare
`nlp.pipe` of the same model over the same texts in the same number of processes:
`ratio_to_spacy` (the model as it ships: its attribute rules run by spaCy's Matcher, where the
ingest runs them as a lookup with the same output; with one process, `ratio_to_own_parse_cpu` is
the ingest against `nlp.pipe` of the pipeline the ingest itself runs); `per_char_slope`, the cost
per character of a long document over a short one's (1.0 = linear); the peak memory of an ingest at growing corpus sizes, each measured in a child
process with getrusage (`peak_rss_mb_by_articles`: the largest process, the main one and the
workers apart); and `incremental_ratio`, the time to add articles to the largest of those stores
over the time to add the same articles to an empty store.

At scale (`--replicate-to N`): processing 100,000 articles takes hours, so the largest store of the
memory bench (processed for real) is grown to N articles by `store.replicate` — its records written
again under new ids, dates shifted by whole periods so that fusion sees distinct events, near-copy
bands new, term counts scaled — and the incremental ratio is measured on it, with the time
`events --fused`, `export` and `brief` take to answer on it (`query_seconds`, each a command run
as a user runs it).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument, list_input_files, read_input
from eventfold.model import Article


def load_articles(inputs: Iterable[str]) -> list[Article]:
    """Parse articles from files without storing them (problems are skipped)."""
    articles = []
    for name in list_input_files(inputs):
        for item in read_input(name):
            if isinstance(item, RawDocument):
                article = parse_document(item, IngestOptions())
                if isinstance(article, Article):
                    articles.append(article)
    return articles


ROUNDS = 3


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _timed_both(work) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds of `work`. On a machine other processes share,
    the CPU time of work done in this process is what it cost; the wall time also counts the
    waits for a core."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def run_annotation_bench(inputs: Iterable[str], repeat: int = 1) -> dict:
    from eventfold.annotate import Annotator

    articles = load_articles(inputs) * max(1, repeat)
    if not articles:
        raise ValueError("no articles found in the benchmark corpus")
    annotator = Annotator()
    texts = [text for article in articles for _, text in article.parts()]
    words = sum(len(text.split()) for text in texts)
    annotator.annotate(articles[:2])  # warm-up: lazy tables, gazetteer pages, first-call costs
    list(annotator.nlp.pipe(texts[:4]))

    # Alternate the two measurements and keep each one's best round, so that a busy machine or
    # a warm cache favours neither side.
    spacy_seconds = annotate_seconds = float("inf")
    for _ in range(ROUNDS):
        spacy_seconds = min(spacy_seconds, _timed(lambda: list(annotator.nlp.pipe(texts, batch_size=32))))
        annotate_seconds = min(annotate_seconds, _timed(lambda: annotator.annotate(articles)))

    return {
        "articles": len(articles),
        "words": words,
        "articles_per_s": round(len(articles) / annotate_seconds, 2),
        "words_per_s": round(words / annotate_seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "spacy_seconds": round(spacy_seconds, 3),
        "annotate_seconds": round(annotate_seconds, 3),
        "ratio_to_spacy": round(annotate_seconds / spacy_seconds, 3),
    }


# Fusion bench: reports per day in the synthetic news flow, and the corpus sizes measured.
REPORTS_PER_DAY = 20
FUSION_SIZES = (1000, 2000, 4000, 8000)


def synthetic_items(count: int, seed: int = 7) -> list:
    """A steady flow of report items: REPORTS_PER_DAY a day, about three reports per real event."""
    from eventfold.model import ReportItem

    rng = random.Random(seed)
    regions = [f"Region {n}" for n in range(30)]
    vocabulary = [f"word{n}" for n in range(3000)]
    items = []
    for number in range(count):
        day = 738000 + number // REPORTS_PER_DAY
        happening = rng.randrange(REPORTS_PER_DAY // 3 + 1)  # reports of one day share a few events
        story = random.Random(day * 100 + happening)
        items.append(ReportItem(
            report_id=f"r{number}", article_id=f"a{number}", family="violence", event_type="Battles",
            sub_event_type="Armed clash", day_low=day, day_high=day, day_stated=True,
            geonameid=story.randrange(10_000), admin1=story.choice(regions), geo_precision=1,
            latitude=story.uniform(30, 36), longitude=story.uniform(62, 70),
            actors=[f"Actor {story.randrange(40)}"], terms=sorted(set(story.sample(vocabulary, 12))
                                                                      | set(rng.sample(vocabulary, 4)))))
    return items


def run_fusion_bench(sizes: Iterable[int] = FUSION_SIZES) -> dict:
    from eventfold.pipeline import file_items
    from eventfold.store import Store

    per_report = {}
    for size in sizes:
        items = synthetic_items(size)
        with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "bench.db") as store:
            with store.transaction():
                seconds = _timed(lambda: file_items(store, items))
            events = store.connection.execute("SELECT COUNT(DISTINCT event_id) FROM fusion_items").fetchone()[0]
        per_report[size] = {"seconds": round(seconds, 3), "ms_per_report": round(1000 * seconds / size, 3),
                            "events": events}
    smallest, largest = min(per_report), max(per_report)
    return {
        "reports_per_day": REPORTS_PER_DAY,
        "sizes": per_report,
        # 1.0 = linear; 2x the corpus at 2x the cost per report would show here as largest/smallest.
        "per_report_growth": round(per_report[largest]["ms_per_report"] / per_report[smallest]["ms_per_report"], 2),
        "size_growth": round(largest / smallest, 1),
    }


# ---------------------------------------------------------------- end to end

# Articles of the synthetic corpus the ratio is measured on by default.
RATIO_ARTICLES = 300
# Characters of the short and the long documents of the slope: a news story and a situation
# report just under the parse limit (pipeline.MAX_PARSED_CHARS), so that all of it is read.
SLOPE_CHARS = (5_000, 98_000)
# Short documents timed together: one alone takes a fraction of a second, too little to time.
SHORT_DOCUMENTS = 4
# Rounds of the slope (each ingest into a fresh store); the best of each is kept, so that a moment's
# load on a shared machine favours neither the long nor the short documents.
SLOPE_ROUNDS = 2
# Corpus sizes of the memory bench (default and --scale) and the articles added for the incremental ratio.
MEMORY_SIZES = (1000,)
SCALE_SIZES = (1000, 10_000, 100_000)
INCREMENT = 200
SCALE_INCREMENT = 1000
# Days between the copies of a replicated store: more than the synthetic corpus's own span, so that
# each copy's events fall in their own period.
REPLICA_SHIFT_DAYS = 400


def run_end_to_end_bench(corpus: str | None = None, *, articles: int = RATIO_ARTICLES, jobs: int | None = None,
                         keys: Iterable[str] = ("ratio", "slope", "memory", "incremental"),
                         memory_sizes: Iterable[int] = MEMORY_SIZES, increment: int = INCREMENT,
                         slope_chars: tuple[int, int] = SLOPE_CHARS, replicate_to: int | None = None,
                         feed_items: bool = False) -> dict:
    """The end-to-end figures asked for in `keys`, measured in this run (one JSON-ready dict); with
    `feed_items` the memory bench's corpora are feed items (a headline and a short summary)."""
    from eventfold.pipeline import default_jobs

    jobs = jobs or default_jobs()
    keys = set(keys)
    result: dict = {"jobs": jobs}
    with tempfile.TemporaryDirectory(prefix="eventfold-bench-") as folder:
        work = Path(folder)
        # The models this process runs with (jobs == 1, and the slope), loaded and warmed once.
        annotator = warm_annotator(work) if jobs == 1 or "slope" in keys else None
        if "ratio" in keys:
            inputs = [corpus] if corpus else [synthetic_corpus(work / "ratio.jsonl", articles, seed=21)]
            result.update(ratio_bench(inputs, jobs, work, annotator))
        if "slope" in keys:
            result.update(slope_bench(work, slope_chars, annotator))
        if keys & {"memory", "incremental"}:
            result.update(scale_bench(work, sorted(memory_sizes), jobs, increment, "incremental" in keys, annotator,
                                      replicate_to, feed_items))
    return result


def warm_annotator(work: Path):
    """An annotator whose lazy tables, gazetteer pages and sub-event model have been used once."""
    from eventfold.annotate import Annotator

    annotator = Annotator()
    _ingest_seconds(work / "warm-up.db", [synthetic_corpus(work / "warm-up.jsonl", 3, seed=5)], 1, annotator)
    return annotator


def synthetic_corpus(path: Path, count: int, seed: int, feed: bool = False) -> str:
    from eventfold.synthetic import generate, write

    write(generate(count, seed=seed, feed=feed), path)
    return str(path)


def _ingest_seconds(db: Path, inputs: list[str], jobs: int, annotator=None) -> tuple[float, int]:
    """Wall time of one whole ingest (read, annotate, extract, store, fuse) into the store `db`."""
    wall, _, stored = _ingest_times(db, inputs, jobs, annotator)
    return wall, stored


def _ingest_times(db: Path, inputs: list[str], jobs: int, annotator=None) -> tuple[float, float, int]:
    """Wall and CPU seconds of one whole ingest into the store `db` (the CPU time is this process's:
    all of the work with jobs=1), and the articles stored."""
    from eventfold.ingest import IngestOptions
    from eventfold.pipeline import ingest
    from eventfold.store import Store

    stored = []

    def run() -> None:
        with Store.open(db) as store:
            stored.extend(ingest(store, inputs, IngestOptions(), jobs=jobs,
                                 annotator=annotator if jobs == 1 else None).stored)

    wall, cpu = _timed_both(run)
    return wall, cpu, len(stored)


def ratio_bench(inputs: list[str], jobs: int, work: Path, annotator=None) -> dict:
    """Whole ingest against bare nlp.pipe over every part of the same articles, both in `jobs`
    processes (with one, both in this process with the models already loaded: `annotator`)."""
    articles = load_articles(inputs)
    if not articles:
        raise ValueError("no articles found in the benchmark corpus")
    texts = [text for article in articles for _, text in article.parts()]
    annotator = (annotator or warm_annotator(work)) if jobs == 1 else None
    spacy_seconds, spacy_cpu = _spacy_seconds(texts, jobs, with_cpu=True)
    ingest_seconds, ingest_cpu, stored = _ingest_times(work / "ratio.db", inputs, jobs, annotator)
    again, again_cpu = _spacy_seconds(texts, jobs, with_cpu=True)
    spacy_seconds, spacy_cpu = min(spacy_seconds, again), min(spacy_cpu, again_cpu)  # the better of two: favours spaCy
    result = {
        "ratio_to_spacy": round(ingest_seconds / spacy_seconds, 3),
        "ratio_articles": len(articles), "ratio_stored": stored, "ratio_characters": sum(map(len, texts)),
        "ingest_seconds": round(ingest_seconds, 2), "nlp_pipe_seconds": round(spacy_seconds, 2),
        "ingest_articles_per_s": round(len(articles) / ingest_seconds, 2),
    }
    if jobs == 1:  # all of both in this process: their CPU times, which other processes do not inflate
        own_cpu = _timed_both(lambda: list(annotator.nlp.pipe(texts, batch_size=32)))[1]
        result.update({"ratio_to_spacy_cpu": round(ingest_cpu / spacy_cpu, 3),
                       "ingest_cpu_seconds": round(ingest_cpu, 2), "nlp_pipe_cpu_seconds": round(spacy_cpu, 2),
                       "ratio_to_own_parse_cpu": round(ingest_cpu / own_cpu, 3),
                       "own_parse_cpu_seconds": round(own_cpu, 2)})
    return result


def _spacy_seconds(texts: list[str], jobs: int, with_cpu: bool = False):
    """Bare nlp.pipe of the model as it ships over the texts: here, or split into chunks over `jobs`
    spawned processes that each load the model once (as ingest's workers do). With `with_cpu`,
    (wall, CPU seconds of this process): the CPU time counts only with jobs=1."""
    from eventfold.annotate.nlp import load_stock_nlp

    if jobs == 1:
        nlp = load_stock_nlp()
        list(nlp.pipe(texts[:4]))
        wall, cpu = _timed_both(lambda: list(nlp.pipe(texts, batch_size=32)))
        return (wall, cpu) if with_cpu else wall
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = 64
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    started = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=load_stock_nlp) as pool:
        sum(pool.map(_parse_count, chunks))
    wall = time.perf_counter() - started
    return (wall, float("nan")) if with_cpu else wall


def _parse_count(texts: list[str]) -> int:
    from eventfold.annotate.nlp import load_stock_nlp

    return sum(1 for _ in load_stock_nlp().pipe(texts, batch_size=32))


def slope_bench(work: Path, chars: tuple[int, int] = SLOPE_CHARS, annotator=None, rounds: int = SLOPE_ROUNDS) -> dict:
    """Microseconds per character of a whole ingest of a long document alone and of short ones
    together, in this process with the models loaded, and their ratio (bare nlp.pipe's beside it):
    by wall time and by this process's CPU time, the best of `rounds` each."""
    from eventfold.annotate.nlp import load_stock_nlp
    from eventfold.synthetic import long_document, write

    annotator, nlp = annotator or warm_annotator(work), load_stock_nlp()
    short, long = chars
    figures = {}
    for name, size, count in (("short", short, SHORT_DOCUMENTS), ("long", long, 1)):
        documents = [long_document(size, seed=seed) for seed in range(1, count + 1)]
        texts = [d.text for d in documents]
        write(iter(documents), work / f"{name}.jsonl")  # one ingest: its fixed costs are shared
        ingest, parse = [float("inf")] * 2, [float("inf")] * 2
        for round_ in range(rounds):  # a fresh store each round: the same articles again would be skipped
            wall, cpu, _ = _ingest_times(work / f"{name}-{round_}.db", [str(work / f"{name}.jsonl")], 1, annotator)
            ingest = [min(ingest[0], wall), min(ingest[1], cpu)]
            parse = [min(p, t) for p, t in zip(parse, _timed_both(lambda: list(nlp.pipe(texts))))]
        characters = sum(map(len, texts))
        figures[name] = {"characters": characters, "documents": count,
                         "us_per_char": round(1e6 * ingest[0] / characters, 1),
                         "nlp_pipe_us_per_char": round(1e6 * parse[0] / characters, 1),
                         "cpu_us_per_char": round(1e6 * ingest[1] / characters, 1),
                         "nlp_pipe_cpu_us_per_char": round(1e6 * parse[1] / characters, 1)}
    return {
        "per_char_slope": _slope(figures, "us_per_char"),
        "nlp_pipe_per_char_slope": _slope(figures, "nlp_pipe_us_per_char"),
        "per_char_slope_cpu": _slope(figures, "cpu_us_per_char"),
        "nlp_pipe_per_char_slope_cpu": _slope(figures, "nlp_pipe_cpu_us_per_char"),
        "slope_documents": figures,
    }


def _slope(figures: dict, key: str) -> float:
    return round(figures["long"][key] / figures["short"][key], 3)


def scale_bench(work: Path, sizes: list[int], jobs: int, increment: int, incremental: bool, annotator=None,
                replicate_to: int | None = None, feed_items: bool = False) -> dict:
    """Peak memory of a whole ingest of a synthetic corpus of each size, each in a fresh child
    process; then the incremental ratio on the largest store (grown to `replicate_to` articles by
    replication first, and then also the query times on it)."""
    peaks = {}
    for size in sizes:
        corpus = synthetic_corpus(work / f"corpus-{size}.jsonl", size, seed=size, feed=feed_items)
        peaks[str(size)] = child_ingest(work / f"store-{size}.db", corpus, jobs)
        Path(corpus).unlink()
    result: dict = {"peak_rss_mb": max(p["peak_rss_mb"] for p in peaks.values()), "peak_rss_mb_by_articles": peaks}
    base, base_size = work / f"store-{sizes[-1]}.db", sizes[-1]
    if replicate_to and replicate_to > base_size:
        result["replicated"] = replicated_store(base, replicate_to)
        base_size = result["replicated"]["articles"]
    if incremental:
        result.update(incremental_bench(work, base, base_size, increment, jobs, annotator))
    if replicate_to:
        print(json.dumps(result), file=sys.stderr, flush=True)  # what is measured so far: the queries can be long
        result["query_seconds"] = query_bench(work, base)
    for size in sizes:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work / f'store-{size}.db'}{suffix}").unlink(missing_ok=True)
    return result


def replicated_store(db: Path, articles: int) -> dict:
    """Grow the processed store `db` to about `articles` articles by copying its records
    (store/replicate.py); the time it took and the store's size."""
    from eventfold.store import Store
    from eventfold.store.replicate import replicate

    from eventfold.pipeline import _refresh_stale_subject_conflicts

    with Store.open(db) as store:
        seed = store.connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        started = time.perf_counter()
        stored = replicate(store, max(0, -(-articles // max(seed, 1)) - 1), REPLICA_SHIFT_DAYS)
        # the corpus-wide pass over claims about one subject, owed after the copies, is done here
        # (not in the timed ingest), and with it the copied events' rows are made (store/event_rows.py):
        # what a store fed day by day would hold
        _refresh_stale_subject_conflicts(store)
        seconds = time.perf_counter() - started
    size = sum(Path(f"{db}{suffix}").stat().st_size for suffix in ("", "-wal") if Path(f"{db}{suffix}").exists())
    return {"seed_articles": seed, "articles": stored, "seconds": round(seconds, 1), "store_mb": round(size / 2**20, 1)}


# What a user asks of a large store: the fused events, the export of the events, the brief.
QUERIES = {
    "events_fused": ["events", "--fused", "--json"],
    "export_events_csv": ["export", "events", "--format", "csv", "--out", "{work}/events.csv"],
    "brief_html": ["brief", "--out", "{work}/brief.html"],
}


def query_bench(work: Path, db: Path) -> dict:
    """Wall seconds of each command of QUERIES on the store, run as a user runs it (a new process)."""
    seconds = {}
    for name, arguments in QUERIES.items():
        command = [sys.executable, "-m", "eventfold.cli", "--db", str(db), *(a.format(work=work) for a in arguments)]
        started = time.perf_counter()
        finished = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        seconds[name] = round(time.perf_counter() - started, 2)
        if finished.returncode != 0:
            raise RuntimeError(f"{' '.join(arguments)} failed on the bench store: {finished.stderr.strip()[-2000:]}")
    return seconds


def child_ingest(db: Path, corpus: str, jobs: int) -> dict:
    """Runs a whole ingest in a child process (`python -m eventfold.bench ingest ...`); its peak
    resident memory, of the main process and of its largest worker, with its time."""
    command = [sys.executable, "-m", "eventfold.bench", "ingest", str(db), corpus, str(jobs)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"bench ingest of {corpus} failed: {finished.stderr.strip()[-2000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _measure_own_ingest(db: str, corpus: str, jobs: int) -> dict:
    seconds, stored = _ingest_seconds(Path(db), [corpus], jobs)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(max(own, workers), 1), "main_rss_mb": round(own, 1),
            "worker_rss_mb": round(workers, 1), "articles_stored": stored, "seconds": round(seconds, 1)}


def incremental_bench(work: Path, base: Path, base_size: int, increment: int, jobs: int, annotator=None) -> dict:
    """Time to add `increment` new articles to the store of `base_size` against adding the same
    ones to an empty store (same jobs; the empty store's run first, so warm caches favour it)."""
    added = synthetic_corpus(work / "added.jsonl", increment, seed=base_size + 7)
    annotator = (annotator or warm_annotator(work)) if jobs == 1 else None  # the same for both runs
    empty_seconds = _ingest_seconds(work / "empty.db", [added], jobs, annotator)[0]
    full_seconds = _ingest_seconds(base, [added], jobs, annotator)[0]
    return {"incremental_ratio": round(full_seconds / empty_seconds, 3),
            "incremental": {"store_articles": base_size, "added_articles": increment,
                            "into_empty_seconds": round(empty_seconds, 1), "into_store_seconds": round(full_seconds, 1)}}


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "ingest":
    # The child of `child_ingest`: python -m eventfold.bench ingest DB CORPUS JOBS
    print(json.dumps(_measure_own_ingest(sys.argv[2], sys.argv[3], int(sys.argv[4]))))


END_TO_END_KEYS = ("ratio", "slope", "memory", "incremental")


def bench_keys(given: str | None, corpus: str | None, other_bench: bool) -> tuple[str, ...]:
    """The end-to-end figures to measure: those given; else the ratio on a --corpus; else all of
    them unless another bench (--fusion, --ray) was asked for alone."""
    if given:
        keys = tuple(k.strip() for k in given.split(",") if k.strip())
        unknown = set(keys) - set(END_TO_END_KEYS)
        if unknown:
            raise ValueError(f"unknown bench key(s) {', '.join(sorted(unknown))}; choose from {', '.join(END_TO_END_KEYS)}")
        return keys
    if corpus:
        return ("ratio",)
    return () if other_bench else END_TO_END_KEYS


def run_bench(corpus: str | None, keys: tuple[str, ...], *, repeat: int = 1, articles: int = RATIO_ARTICLES,
              jobs: int | None = None, memory_sizes: Iterable[int] = MEMORY_SIZES, increment: int = INCREMENT,
              replicate_to: int | None = None, feed_items: bool = False) -> dict:
    """The annotation bench on a --corpus (its keys as before, its ratio as `annotation_ratio_to_spacy`)
    and the end-to-end figures in `keys`; `ratio_to_spacy` is the end-to-end one when measured."""
    result: dict = {}
    if corpus:
        result = run_annotation_bench([corpus], repeat=repeat)
        result["annotation_ratio_to_spacy"] = result["ratio_to_spacy"]
    if keys:
        if corpus and jobs is None:  # no more processes than the corpus has chunks, as ingest does
            from eventfold.pipeline import PROCESS_CHUNK, default_jobs

            jobs = max(1, min(default_jobs(), -(-result["articles"] // PROCESS_CHUNK)))
        result.update(run_end_to_end_bench(corpus, articles=articles, jobs=jobs, keys=keys,
                                           memory_sizes=memory_sizes, increment=increment,
                                           replicate_to=replicate_to, feed_items=feed_items))
    return result


def run_serve_bench() -> dict:
    """The web app under load: 10,000 events, 50 concurrent clients for 30 s (eventfold/serve/bench.py)."""
    from eventfold.serve.bench import run_serve_bench as run

    return run()
