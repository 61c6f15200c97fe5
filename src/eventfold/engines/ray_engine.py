"""The Ray engine: `eventfold ingest --engine ray` runs the local engine's stage functions through
Ray Data, so the work spreads over the cores of a cluster while the store is written by one process.

Two Ray Data passes, the heavy work in workers and every write in the driver:

1. read + parse: each input file (JSON Lines, WARC, HTML, text, or a Parquet shard of records) is
   read and parsed into Articles by a task of its own; the driver stores them in input order,
   deduplicating exactly as the local engine does (content hash, then MinHash near-copies).
2. annotate + extract: the articles behind the current versions (those just stored, after any an
   interrupted run left), in chunks of `pipeline.PROCESS_CHUNK` in the order the local engine
   takes them, go to actors that load spaCy (the Annotator) once each and run
   `pipeline.analyse_articles`; the driver saves the analyses (`pipeline.save_analyses`), writes
   articles, reports and claims as Parquet, and fuses.

A chunk's result depends on the chunk only (entities are resolved across it), so the same
chunks give the same records whichever actor runs them: the store equals the local engine's.

Ray is an optional extra (`pip install eventfold[ray]`); nothing here imports it at module load.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import warnings
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterable, Iterator, Optional

from eventfold.ingest import IngestOptions
from eventfold.model import Article, IngestProblem
from eventfold.store import Store

RAY_MISSING = "the Ray engine needs Ray: pip install 'eventfold[ray]' (or `make ray` in a checkout)"
# Chunks handed to the actors per Ray Data run. The driver holds one window's articles
# (128 x 64 ≈ 8,000, tens of MB) and each run loads spaCy once per actor (seconds), which is
# small against the minutes a window of work takes.
WINDOW_CHUNKS = 128
# Read tasks are one file each up to this many files; beyond it files share a task (in order).
MAX_READ_BLOCKS = 2000
# A lost actor fails the run (its chunk is redone by the next run) instead of being restarted: Ray
# warns on every run that a restarted actor could not find its constructor arguments again.
NO_RESTARTS = 0
# Variables the workers need to see as the driver does (gazetteer cache, actor packs).
FORWARDED_ENV_PREFIX = "EVENTFOLD_"

ProblemSink = Callable[[str], None]


class RayUnavailable(RuntimeError):
    """Ray is not installed (the `ray` extra)."""


def require_ray():
    """The `ray` module, or RayUnavailable saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (the `data` extra: pyarrow, pandas, fsspec)
    except ImportError as error:
        raise RayUnavailable(f"{RAY_MISSING} ({error})") from None
    return ray


def connect(address: Optional[str] = None, num_cpus: Optional[int] = None):
    """Join the cluster at `address` (or $RAY_ADDRESS, e.g. ray://head:10001); without either,
    start a local Ray on this machine with `num_cpus` (default: all cores). Returns `ray`."""
    ray = require_ray()
    if ray.is_initialized():
        return ray
    env = {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_ENV_PREFIX)}
    # Ray's own start-up notices are noise on a command line; failures still raise.
    options = dict(runtime_env={"env_vars": env}, logging_level="ERROR", log_to_driver=True)
    if address or os.environ.get("RAY_ADDRESS"):
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=num_cpus, include_dashboard=False, **options)
    return ray


def _configure_data() -> None:
    from ray.data import DataContext

    context = DataContext.get_current()
    # The driver stores articles and records in input order, as the local engine does: dedup
    # (which copy is the original) and chunk boundaries depend on it.
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # lines per pipeline run are noise here


def worker_count(ray) -> int:
    """Actors to start: one per CPU of the cluster."""
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


# ---------------------------------------------------------------- the driver


def ingest_with_ray(
    store: Store,
    inputs: Iterable[str],
    options: IngestOptions,
    *,
    stdin: Optional[BinaryIO] = None,
    strict: bool = False,
    run_stages: bool = True,
    actor_files: tuple[str, ...] = (),
    on_message: ProblemSink = lambda message: None,
    address: Optional[str] = None,
    parquet_out: Optional[str] = None,
    workers: Optional[int] = None,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
    process_progress: Callable[[Iterable], Iterable] = lambda chunks: chunks,
):
    """`pipeline.ingest` on Ray: same inputs, same store contents, same report.

    `workers` caps the read tasks and processing actors running at once (default: the cluster's
    CPUs); `parquet_out` names a folder for articles.parquet, reports.parquet and claims.parquet.
    `progress` wraps the stream of parsed documents, `process_progress` that of processed chunks.
    """
    from eventfold.ingest.readers import list_input_files

    ray = connect(address)
    _configure_data()
    workers = workers or worker_count(ray)
    store_files = [store.path + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    files = list_input_files(inputs, skip=store_files)
    stdin_bytes = (stdin or io.BytesIO()).read() if "-" in files else b""
    parsed = progress(_parsed_items(ray, files, options, stdin_bytes, workers))
    report = _store_inputs(store, parsed, strict, on_message)
    parquet = ParquetRecords(parquet_out) if parquet_out else None
    try:
        if run_stages:
            _analyse_and_fuse(ray, store, report, actor_files, on_message, workers, parquet, process_progress)
        elif parquet is not None:
            for chunk in _chunks(report.stored, WINDOW_CHUNKS):
                parquet.add_articles(store.articles_by_ids(chunk))
    finally:
        if parquet is not None:
            parquet.close()
    return report


def _store_inputs(store: Store, parsed: Iterable[tuple[object, str]], strict: bool, on_message: ProblemSink):
    """Pass 1: parse in the workers, store in the driver (one batch, deduplicated, in input order)."""
    from eventfold.pipeline import IngestReport, _BatchWriter, _report_problem

    report = IngestReport()
    batch_id = store.start_batch("ingest")
    writer = _BatchWriter(store, batch_id, report)
    try:
        for item, warning in parsed:
            if isinstance(item, IngestProblem):
                _report_problem(store, batch_id, report, item, strict, on_message)
                continue
            if warning:
                report.warnings.append(warning)
                on_message(warning)
            writer.add(item)
    finally:
        writer.flush()
        store.finish_batch(batch_id, len(report.stored), report.duplicates, report.failed)
    return report


def _parsed_items(ray, files: list[str], options: IngestOptions, stdin_bytes: bytes,
                  workers: int) -> Iterator[tuple[object, str]]:
    """(Article or IngestProblem, warning line) of every document of every file, in input order."""
    if not files:
        return
    cwd = os.getcwd()
    rows = [{"file": i, "name": name, "cwd": cwd, "stdin": stdin_bytes if name == "-" else b""}
            for i, name in enumerate(files)]
    blocks = min(len(rows), MAX_READ_BLOCKS)
    dataset = ray.data.from_items(rows, override_num_blocks=blocks)
    dataset = dataset.flat_map(parse_file, fn_kwargs={"options": options},
                               compute=ray.data.TaskPoolStrategy(size=min(workers, blocks)))
    for row in dataset.iter_rows():
        yield pickle.loads(row["payload"])


def _analyse_and_fuse(ray, store: Store, report, actor_files: tuple[str, ...], on_message: ProblemSink, workers: int,
                      parquet: Optional["ParquetRecords"], progress: Callable[[Iterable], Iterable]) -> None:
    """Pass 2: what is behind the current versions, analysed by the actors, saved here, then fused."""
    from eventfold.annotate import Annotator
    from eventfold.pipeline import FUSION_VERSION, _fusion_todo, _Tally, analysis_key, fuse, save_analyses
    from eventfold.store.processing import pending_articles

    # The driver's models name what is current, as in the local engine; actors must match them.
    key = analysis_key(Annotator(actor_files=actor_files).version)
    todo = [p.article_id for p in pending_articles(store, key, FUSION_VERSION) if p.needs_analysis]
    tally = _Tally()
    for articles, analyses in progress(_analysed_chunks(ray, store, todo, actor_files, key, workers)):
        save_analyses(store, key, articles, analyses, on_message, tally)
        if parquet is not None:
            parquet.add_chunk(articles, analyses)
    report.processed, report.failed_articles = tally.analysed, tally.failed
    # near-copies analysed here are not fused, but their claims join the subjects' conflicts
    fuse(store, [p.article_id for p in _fusion_todo(store, key)], claims_changed=todo)


def _analysed_chunks(ray, store: Store, article_ids: list[str], actor_files: tuple[str, ...], key: str,
                     workers: int) -> Iterator[tuple[list[Article], list]]:
    """(articles, their Analyses) chunk by chunk in the local engine's order, a window of chunks per
    Ray Data run; the driver holds one window's articles."""
    from eventfold.pipeline import PROCESS_CHUNK

    chunks = list(_chunks(article_ids, PROCESS_CHUNK))
    for window in _chunks(chunks, WINDOW_CHUNKS):
        articles = [store.articles_by_ids(chunk) for chunk in window]
        rows = [{"chunk": k, "articles": pickle.dumps(chunk)} for k, chunk in enumerate(articles)]
        with warnings.catch_warnings():  # max_restarts has no named parameter yet (Ray 2.60)
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
            dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                ChunkProcessor, fn_constructor_kwargs={"actor_files": tuple(actor_files), "key": key},
                batch_size=1, num_cpus=1, max_restarts=NO_RESTARTS,
                # One chunk in flight per actor: chunks take tens of seconds, so queueing several on
                # the first actor up would leave the others idle.
                compute=ray.data.ActorPoolStrategy(size=min(workers, len(rows)), max_tasks_in_flight_per_actor=1))
        for row in dataset.iter_rows():
            yield articles[row["chunk"]], pickle.loads(row["payload"])


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------- the workers


def parse_file(row: dict, options: IngestOptions) -> Iterator[dict]:
    """Worker task: every document of one input file as a pickled (Article or problem, warning)."""
    from eventfold.ingest.readers import RawDocument, read_input
    from eventfold.pipeline import _to_article

    name = row["name"]
    with _working_folder(row["cwd"]):
        items = _parquet_records(name) if _is_parquet(name) else read_input(name, io.BytesIO(row["stdin"]))
        for number, item in enumerate(items):
            warned = isinstance(item, RawDocument) and item.warning
            warning = f"{item.location}: warning: {item.warning}" if warned else ""
            yield {"file": row["file"], "item": number, "payload": pickle.dumps((_to_article(item, options), warning))}


@contextmanager
def _working_folder(folder: str):
    """Relative input paths name files under the driver's folder (a cluster shares it, e.g. over NFS);
    the articles keep the paths as given, as in the local engine."""
    before = os.getcwd()
    moved = os.path.isdir(folder)
    if moved:
        os.chdir(folder)
    try:
        yield
    finally:
        if moved:
            os.chdir(before)


def _is_parquet(name: str) -> bool:
    return name.lower().endswith((".parquet", ".parq"))


def _parquet_records(name: str) -> Iterator[object]:
    """Records of a Parquet shard, read as JSON records are (same field names), numbered from 1."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventfold.ingest.readers import _document_from_record

    try:
        shard = pq.ParquetFile(name)
    except (OSError, pa.ArrowException) as error:
        yield IngestProblem(name, f"not a readable Parquet file ({error})")
        return
    number = 0
    try:
        for batch in shard.iter_batches(batch_size=256):
            for record in batch.to_pylist():
                number += 1
                yield _document_from_record(name, _as_text_fields(record), number)
    except (OSError, pa.ArrowException) as error:  # a damaged row group: what was read before stays
        yield IngestProblem(name, f"unreadable after record {number} ({error})")


def _as_text_fields(record: dict) -> dict:
    """Parquet timestamps and dates become ISO strings, as a JSON record would carry them."""
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in record.items()}


class ChunkProcessor:
    """A Ray Data actor: loads the Annotator (spaCy, gazetteer, actor dictionary) once, then runs
    `pipeline.analyse_articles` on one chunk of pickled articles per batch row."""

    def __init__(self, actor_files: tuple[str, ...] = (), key: str = ""):
        from eventfold.annotate import Annotator
        from eventfold.pipeline import analysis_key

        self.annotator = Annotator(actor_files=tuple(actor_files))
        if analysis_key(self.annotator.version) != key:
            raise RuntimeError(f"this Ray worker's models ({analysis_key(self.annotator.version)}) differ from the "
                               f"driver's ({key}): install the same eventfold and spaCy model on every node")

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        from eventfold.pipeline import analyse_articles

        payloads = [pickle.dumps(analyse_articles(pickle.loads(blob), self.annotator)) for blob in batch["articles"]]
        return {"chunk": batch["chunk"], "payload": np.array(payloads, dtype=object)}


# ---------------------------------------------------------------- Parquet output


class ParquetRecords:
    """articles.parquet, reports.parquet and claims.parquet in one folder, a row group per chunk.

    Columns hold the fields an analyst filters on; `record` keeps the whole report or claim as
    JSON (the store's own format), so nested values (place, date, quantities, provenance) survive.
    """

    def __init__(self, folder: str):
        os.makedirs(folder, exist_ok=True)
        self.folder = folder
        self.writers: dict = {}

    def add_chunk(self, articles: list[Article], analyses: list) -> None:
        self.add_articles(articles)
        extractions = [a.extraction for a in analyses if a.failure is None and a.extraction is not None]
        self._write("reports", [report_row(r) for e in extractions for r in e.reports])
        self._write("claims", [claim_row(c) for e in extractions for c in e.claims])

    def add_articles(self, articles: list[Article]) -> None:
        self._write("articles", [article_row(a) for a in articles])

    def _write(self, name: str, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = parquet_schemas()[name]
        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(os.path.join(self.folder, f"{name}.parquet"), schema)
        if rows:
            self.writers[name].write_table(pa.Table.from_pylist(rows, schema=schema))

    def close(self) -> None:
        for name in ("articles", "reports", "claims"):
            self._write(name, [])  # every file exists, empty when the run found nothing of its kind
        for writer in self.writers.values():
            writer.close()


def parquet_schemas() -> dict:
    import pyarrow as pa
    from dataclasses import fields

    text, whole, real = pa.string(), pa.int64(), pa.float64()
    article = [(f.name, pa.list_(text) if f.name == "captions" else text) for f in fields(Article)]
    report = [("report_id", text), ("article_id", text), ("event_type", text), ("sub_event_type", text),
              ("modality", text), ("event_date", text), ("time_precision", whole), ("location_text", text),
              ("geonameid", whole), ("latitude", real), ("longitude", real), ("country", text), ("actor1", text),
              ("actor2", text), ("fatalities_low", whole), ("fatalities_high", whole), ("claimant", text),
              ("certainty", text), ("confidence", real), ("record", text)]
    claim = [("claim_id", text), ("article_id", text), ("event_report_id", text), ("subject", text), ("kind", text),
             ("value", text), ("claimant", text), ("polarity", text), ("certainty", text), ("side", text),
             ("place", text), ("low", whole), ("high", whole), ("part", text), ("start", whole), ("end", whole),
             ("record", text)]
    return {"articles": pa.schema(article), "reports": pa.schema(report), "claims": pa.schema(claim)}


def article_row(article: Article) -> dict:
    from dataclasses import asdict

    return asdict(article)


def report_row(report) -> dict:
    import json
    from dataclasses import asdict

    place, fatalities = report.place, report.fatalities
    return {"report_id": report.report_id, "article_id": report.article_id, "event_type": report.event_type,
            "sub_event_type": report.sub_event_type, "modality": report.modality,
            "event_date": report.date.value if report.date else None, "time_precision": report.time_precision,
            "location_text": report.location_text, "geonameid": place.geonameid if place else None,
            "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
            "country": place.country if place else None, "actor1": report.actor1, "actor2": report.actor2,
            "fatalities_low": fatalities.low if fatalities else None,
            "fatalities_high": fatalities.high if fatalities else None, "claimant": report.claimant,
            "certainty": report.certainty, "confidence": report.confidence,
            "record": json.dumps(asdict(report), ensure_ascii=False)}


def claim_row(claim) -> dict:
    import json
    from dataclasses import asdict

    quantity = claim.quantity
    return {"claim_id": claim.claim_id, "article_id": claim.article_id, "event_report_id": claim.event_report_id,
            "subject": claim.subject, "kind": claim.kind, "value": claim.value, "claimant": claim.claimant,
            "polarity": claim.polarity, "certainty": claim.certainty, "side": claim.side, "place": claim.place,
            "low": quantity.low if quantity else None, "high": quantity.high if quantity else None,
            "part": claim.span.part, "start": claim.span.start, "end": claim.span.end,
            "record": json.dumps(asdict(claim), ensure_ascii=False)}
