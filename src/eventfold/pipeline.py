"""Composes the stages; the only module that knows their order.

ingest (store articles) → process: annotate → extract (per chunk of stored articles, sharing one
spaCy parse) → store → fuse (the changed articles' reports join or open events; the events they
touch are re-valued and their conflicts recomputed) → store.

Stages are plain functions over records; this module reads inputs, calls them, and writes
their results through the store, one transaction per chunk of documents so an interruption
loses at most the chunk in flight and never corrupts what was stored.

Recovery: every article carries its processing state (store/processing.py): the versions it was
analysed (annotated and extracted) and fused at, or why it failed. `ingest` and `process` finish
every article behind the current versions, so a run killed at any moment is completed by the
next one; a failed article is skipped until the code or models change.

Streaming and workers: articles flow in chunks of PROCESS_CHUNK ids; texts are loaded per chunk;
`ingest` starts analysing as soon as a chunk is stored. With `jobs` > 1, chunks are analysed in
worker processes (each loads spaCy once) and their results written by this process alone, in
order. A chunk's result depends on the chunk only (not on the worker or on earlier chunks), so
any number of jobs, and a resumed run, give the same store.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
from collections import deque
from dataclasses import dataclass, field, replace
from typing import BinaryIO, Callable, Iterable, Iterator, Optional

from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.dedup import minhash_of, minhash_to_bytes
from eventfold.ingest.readers import RawDocument, list_input_files, read_input
from eventfold.model import Annotations, Article, IngestProblem
from eventfold.store import Store
from eventfold.store.annotations import save_annotations
from eventfold.store.neardup import add_bands, original_of
from eventfold.store.extractions import save_extraction
from eventfold.store.processing import Pending, mark_analysed, mark_failed, mark_fused, pending_articles

# Documents written per transaction: small enough that Ctrl-C loses little, large enough
# that commits (an fsync each in WAL mode) do not dominate.
CHUNK_SIZE = 100
# Articles analysed (and committed) together: one nlp.pipe call per chunk. Entities are resolved
# across a chunk, so the chunk is also the unit results depend on: keep it fixed.
PROCESS_CHUNK = 64
# Characters of one part (title, text, caption) that are parsed. spaCy's parser and NER need about
# 1 GB of temporary memory per 100,000 characters (its own E088 advice) and refuse a text over
# nlp.max_length (1,000,000); a longer part is cut at the last paragraph or sentence end before
# the limit and a warning names the article. Its stored text stays whole.
MAX_PARSED_CHARS = 100_000
# Characters parsed together at most (a longer article is parsed alone): spaCy needs about 1 GB
# of temporary memory per 100,000 characters in one batch, so several long reports parsed
# together set a worker's peak memory.
PARSE_BATCH_CHARS = 100_000
# Chunks queued per worker process: enough to keep it busy while this process writes results,
# few enough that memory stays bounded (PROCESS_CHUNK articles with their texts each).
QUEUED_PER_WORKER = 2


def default_jobs() -> int:
    """Worker processes used by the command line unless --jobs says otherwise: all cores."""
    return os.cpu_count() or 1


class StrictStop(Exception):
    """Raised in --strict mode at the first problem."""

    def __init__(self, problem: IngestProblem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    duplicates: int = 0
    near_duplicates: int = 0
    problems: list[IngestProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    processed: int = 0  # articles analysed by this run (new ones and any an earlier run left behind)
    failed_articles: int = 0  # stored articles that could not be processed (`articles --failed`)

    @property
    def failed(self) -> int:
        return len(self.problems)


ProblemSink = Callable[[str], None]


class _BatchWriter:
    """Writes articles of one ingest batch, deduplicating against the store and each other."""

    def __init__(self, store: Store, batch_id: int, report: IngestReport):
        self.store = store
        self.batch_id = batch_id
        self.report = report
        self.pending: list[Article] = []
        self.committed: list[str] = []  # ids stored by the last flush, for the processing queue

    def add(self, article: Article) -> None:
        self.pending.append(article)
        if len(self.pending) >= CHUNK_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        stored_before = len(self.report.stored)
        with self.store.transaction():
            for article in self.pending:
                self._write(article)
        self.pending.clear()
        self.committed.extend(self.report.stored[stored_before:])

    def take_committed(self) -> list[str]:
        taken, self.committed = self.committed, []
        return taken

    def _write(self, article: Article) -> None:
        existing = self.store.has_content(article.content_hash)
        if existing:
            self.store.add_source(existing, article.path or article.url or "")
            self.report.duplicates += 1
            return
        signature = minhash_to_bytes(minhash_of(f"{article.title or ''}\n{article.text}"))
        article.duplicate_of = original_of(self.store, signature)  # indexed lookups: no signature kept in memory
        self.store.insert_article(article, self.batch_id, signature)
        if article.duplicate_of:
            self.report.near_duplicates += 1
        else:
            add_bands(self.store, article.article_id, signature)
        self.report.stored.append(article.article_id)


def ingest(
    store: Store,
    inputs: Iterable[str],
    options: IngestOptions,
    *,
    stdin: Optional[BinaryIO] = None,
    strict: bool = False,
    run_stages: bool = True,
    actor_files: tuple[str, ...] = (),
    jobs: int = 1,
    annotator=None,
    on_message: ProblemSink = lambda message: None,
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda files: files,
    process_progress: Callable[[Iterable], Iterable] = lambda chunks: chunks,
) -> IngestReport:
    """Read every input, store its articles, and run the later stages on what was stored.

    Analysis starts as soon as a chunk of articles is stored, while reading goes on; articles
    an earlier, interrupted run left behind are finished too (first, in the order stored).
    """
    report = IngestReport()
    batch_id = store.start_batch("ingest")
    writer = _BatchWriter(store, batch_id, report)
    reading = _read_into_store(store, inputs, options, writer, report, batch_id, stdin, strict, on_message, progress)
    try:
        if run_stages:
            with _Analyser(jobs, actor_files, annotator) as analyser:
                behind = pending_articles(store, analyser.key, FUSION_VERSION)
                queue = deque(p.article_id for p in behind if p.needs_analysis)
                chunks = _chunks_while_reading(store, queue, reading, writer)
                tally = _Tally()
                analysed = list(_analyse_and_save(store, analyser, chunks, on_message, tally))
                report.processed, report.failed_articles = tally.analysed, tally.failed
                fuse(store, [p.article_id for p in _fusion_todo(store, analyser.key)], progress=process_progress,
                     claims_changed=analysed)
        else:
            for _ in reading:
                pass
    finally:
        writer.flush()
        store.finish_batch(batch_id, len(report.stored), report.duplicates, report.failed)
    return report


def _read_into_store(store, inputs, options, writer, report, batch_id, stdin, strict, on_message,
                     progress) -> Iterator[None]:
    """Reads the inputs into the writer; yields after each input file (its articles are committed)."""
    store_files = [store.path + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    for name in progress(list_input_files(inputs, skip=store_files)):
        for item in read_input(name, stdin):
            article = _to_article(item, options)
            if isinstance(article, IngestProblem):
                _report_problem(store, batch_id, report, article, strict, on_message)
                continue
            if isinstance(item, RawDocument) and item.warning:
                message = f"{item.location}: warning: {item.warning}"
                report.warnings.append(message)
                on_message(message)
            writer.add(article)
            if len(writer.committed) >= PROCESS_CHUNK:
                yield
        writer.flush()
        yield


def _chunks_while_reading(store: Store, queue: deque, reading: Iterator[None], writer: _BatchWriter
                          ) -> Iterator[list[Article]]:
    """Chunks of PROCESS_CHUNK stored articles in the order stored, as reading commits them; the
    last one may be shorter. Texts are loaded per chunk, so memory holds a few chunks at most."""
    done_reading = False
    while True:
        while len(queue) < PROCESS_CHUNK and not done_reading:
            done_reading = next(reading, StopIteration) is StopIteration
            if done_reading:
                writer.flush()
            queue.extend(writer.take_committed())
        if not queue:
            return
        ids = [queue.popleft() for _ in range(min(PROCESS_CHUNK, len(queue)))]
        yield store.articles_by_ids(ids)


def _to_article(item, options: IngestOptions):
    if isinstance(item, IngestProblem):
        return item
    try:
        return parse_document(item, options)
    except Exception as error:  # one malformed document must not stop the batch
        return IngestProblem(item.path, f"could not parse ({type(error).__name__}: {error})", line=item.line)


def _report_problem(store, batch_id, report, problem, strict, on_message) -> None:
    report.problems.append(problem)
    store.record_problem(batch_id, problem.path, problem.reason, problem.line)
    on_message(f"{problem}")
    if strict:
        raise StrictStop(problem)


def process(
    store: Store,
    article_ids: Optional[list[str]] = None,
    *,
    force: bool = False,
    annotator=None,
    actor_files: tuple[str, ...] = (),
    jobs: int = 1,
    on_message: ProblemSink = lambda message: None,
    progress: Callable[[Iterable], Iterable] = lambda articles: articles,
) -> int:
    """Annotate, extract and fuse stored articles (all when `article_ids` is None); returns how many
    were analysed.

    Only articles behind the current annotator, extractor or fusion versions are redone (all of
    them with `force`, failed ones included); an article already analysed is only fused. Each
    article is parsed once; annotation and extraction share the parse. `progress` wraps an
    iterable of article ids with a length (a tqdm bar then shows articles per second and time left).
    """
    with _Analyser(jobs, actor_files, annotator) as analyser:
        behind = pending_articles(store, analyser.key, FUSION_VERSION, force=force, only=article_ids)
        if not behind:
            _refresh_stale_subject_conflicts(store)
            return 0
        todo = [p.article_id for p in behind if p.needs_analysis]
        analyser.expect(len(todo))
        chunks = (store.articles_by_ids(todo[i:i + PROCESS_CHUNK]) for i in range(0, len(todo), PROCESS_CHUNK))
        tally = _Tally()
        analysed = list(progress(_Sized(_analyse_and_save(store, analyser, chunks, on_message, tally), len(todo))))
        fuse(store, [p.article_id for p in _fusion_todo(store, analyser.key, article_ids)], claims_changed=analysed)
    return tally.analysed


def _fusion_todo(store: Store, key: str, scope: Optional[list[str]] = None) -> list[Pending]:
    """Articles whose stored reports wait for fusion (analysed at the current versions, not failed)."""
    return [p for p in pending_articles(store, key, FUSION_VERSION, only=scope)
            if p.needs_fusion and not p.needs_analysis]


# ---------------------------------------------------------------- analysis (annotate + extract)


@dataclass
class Analysis:
    """What the annotate and extract stages made of one article, or why they could not."""

    article_id: str
    annotations: Optional[Annotations] = None
    extraction: object = None  # extract.events.ExtractionResult
    failure: Optional[str] = None
    messages: list[str] = field(default_factory=list)


def analyse_articles(articles: list[Article], annotator) -> list[Analysis]:
    """Annotate and extract a chunk of articles without the store, one Analysis per article in order.

    The articles share one spaCy parse and their entities are resolved together, so the result
    depends on the chunk only: run it in any process (local workers, a Ray actor) for the same
    records. An article that cannot be analysed gets its `failure`; the others are kept.
    """
    limited = [_within_parse_limit(article) for article in articles]
    with _older_objects_set_aside():
        return _analyse_chunk(limited, annotator)


@contextlib.contextmanager
def _older_objects_set_aside():
    """While a chunk is analysed, the objects that were alive before it (the loaded models, the
    gazetteer's tables, the caller's) are kept out of the cyclic collector's passes (`gc.freeze`),
    and handed back to it afterwards: the collector's passes over them cost an eighth of the
    analysis (annotation and extraction, measured on 100 articles). Nothing is collected differently, only later: garbage among them
    waits for the next pass after the chunk. A caller's own frozen objects are left as they are."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _analyse_chunk(limited: list[tuple[Article, Optional[str]]], annotator) -> list[Analysis]:
    articles = [article for article, _ in limited]
    try:
        return _analyse_together(limited, annotator)
    except Exception:  # an article broke the shared parse or resolution: find it alone, keep the rest
        broken = {}
        for pair in limited:
            try:
                _analyse_together([pair], annotator)
            except Exception as error:
                broken[pair[0].article_id] = f"{type(error).__name__}: {error}"
        rest = [pair for pair in limited if pair[0].article_id not in broken]
        try:
            kept = _analyse_together(rest, annotator) if rest else []
        except Exception:  # they fail only together: each on its own
            kept = [_analyse_together([pair], annotator)[0] for pair in rest]
        by_id = {analysis.article_id: analysis for analysis in kept}
        return [by_id.get(a.article_id) or Analysis(a.article_id, failure=broken[a.article_id]) for a in articles]


def _analyse_together(pairs: list[tuple[Article, Optional[str]]], annotator) -> list[Analysis]:
    """(article, warning about its length) pairs through one parse, annotation and extraction."""
    from eventfold.extract.events import extract_events

    articles, notes = [article for article, _ in pairs], [note for _, note in pairs]
    # Categories remembered from earlier chunks would make a chunk's result depend on which
    # worker ran it and on what ran before (a resumed run): every chunk starts afresh.
    annotator.category_memory.clear()
    docs = _parse_in_batches(articles, annotator)
    annotations = annotator.annotate(articles, docs)
    typed = _typed_chunk(articles, annotations, docs, annotator)
    results = []
    for article, annotation, note, typed_parts in zip(articles, annotations, notes, typed):
        analysis = Analysis(article.article_id, annotations=annotation, messages=list(annotation.warnings))
        if note:
            analysis.messages.insert(0, note)
        try:
            analysis.extraction = extract_events(article, annotation, docs[article.article_id], actors=annotator.actors,
                                                 typed=typed_parts)
        except Exception as error:  # one article's failure must not lose the chunk
            analysis.failure = f"extraction failed ({type(error).__name__}: {error})"
        results.append(analysis)
    return results


def _typed_chunk(articles: list[Article], annotations: list, docs: dict[str, dict], annotator) -> list:
    """The typer's reading of the chunk's sentences, all in one model call (`extract.events.type_chunk`);
    if it fails, each article types its own parts, so that only a broken article fails."""
    from eventfold.extract.events import type_chunk

    try:
        return type_chunk([(article, annotation, docs[article.article_id])
                           for article, annotation in zip(articles, annotations)], annotator.actors)
    except Exception:
        return [None] * len(articles)


def _parse_in_batches(articles: list[Article], annotator) -> dict[str, dict]:
    """`annotator.parse` of the chunk, in groups of at most PARSE_BATCH_CHARS characters (an article
    longer than that alone): a Doc does not depend on the others parsed with it, and the memory
    spaCy takes for a batch grows with its characters, so a worker's peak stays bounded."""
    docs: dict[str, dict] = {}
    group: list[Article] = []
    size = 0
    for article in articles:
        length = sum(len(text) for _, text in article.parts())
        if group and size + length > PARSE_BATCH_CHARS:
            docs.update(annotator.parse(group))
            group, size = [], 0
        group.append(article)
        size += length
    if group:
        docs.update(annotator.parse(group))
    return docs


def _within_parse_limit(article: Article) -> tuple[Article, Optional[str]]:
    """The article with every part cut to MAX_PARSED_CHARS (spans stay valid: each part is a prefix)."""
    if all(len(text) <= MAX_PARSED_CHARS for _, text in article.parts()):
        return article, None
    cut = replace(article, title=_cut(article.title) if article.title else article.title, text=_cut(article.text),
                  captions=[_cut(caption) for caption in article.captions])
    note = (f"{article.path or article.url or article.article_id}: warning: longer than {MAX_PARSED_CHARS:,} "
            f"characters; only the first {len(cut.text):,} characters of its text were read")
    return cut, note


def _cut(text: str) -> str:
    if len(text) <= MAX_PARSED_CHARS:
        return text
    window = text[:MAX_PARSED_CHARS]
    end = max(window.rfind("\n"), window.rfind(". "))
    return window[:end + 1] if end > MAX_PARSED_CHARS // 2 else window


@dataclass
class _Tally:
    analysed: int = 0
    failed: int = 0


class _Sized:
    """An iterator with a length, so a progress bar knows the total."""

    def __init__(self, items: Iterator, total: int):
        self.items, self.total = items, total

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator:
        return iter(self.items)


def _analyse_and_save(store: Store, analyser: "_Analyser", chunks: Iterable[list[Article]],
                      on_message: ProblemSink, tally: _Tally) -> Iterator[str]:
    """Analyse the chunks (in order) and store each chunk's results in one transaction; yields
    each article id once its chunk is committed."""
    for articles, analyses in analyser.map(chunks):
        save_analyses(store, analyser.key, articles, analyses, on_message, tally)
        for article in articles:
            yield article.article_id


def save_analyses(store: Store, key: str, articles: list[Article], analyses: list[Analysis],
                  on_message: ProblemSink, tally: Optional[_Tally] = None) -> None:
    """Store one chunk's analyses in one transaction (a savepoint per article, so one refused record
    loses only its article); an article that could not be analysed or stored is marked failed.
    `key` is `analysis_key(annotator.version)` of the annotator that made them."""
    tally = tally if tally is not None else _Tally()
    with store.transaction():
        for article, analysis in zip(articles, analyses):
            for message in analysis.messages:
                on_message(message)
            where = article.path or article.url or article.article_id
            if analysis.failure is None:
                try:
                    with store.savepoint():  # one article's bad record must not lose the chunk
                        _save_processed(store, article, analysis.annotations, analysis.extraction)
                    tally.analysed += 1
                    continue
                except sqlite3.DatabaseError as error:
                    analysis.failure = f"could not store its records ({type(error).__name__}: {error})"
            mark_failed(store, article.article_id, analysis.failure, key)
            tally.failed += 1
            on_message(f"{where}: could not be processed: {analysis.failure}; marked failed "
                       f"(see `eventfold articles --failed`)")


def _save_processed(store: Store, article: Article, annotation: Annotations, extraction) -> None:
    """One article's records (inside the caller's transaction), marked analysed at the versions that
    made them when the extraction is there too."""
    from eventfold.extract.events import EXTRACTOR_VERSION

    save_annotations(store, annotation, article.content_hash)
    if extraction is None:
        return  # left behind: the next run analyses it again
    save_extraction(store, article.article_id, extraction.reports, extraction.claims, extraction.quotes,
                    article.content_hash, EXTRACTOR_VERSION)
    # A near-copy is never fused (it is no independent source): nothing waits for fusion.
    mark_analysed(store, article.article_id, analysis_key(annotation.pipeline_version),
                  FUSION_VERSION if article.duplicate_of else None)


def analysis_key(annotator_version: str) -> str:
    """The versions an article's stored annotations and reports must be made with to be current."""
    from eventfold.extract.events import EXTRACTOR_VERSION

    return f"{annotator_version}|{EXTRACTOR_VERSION}"


class _Analyser:
    """Runs `analyse_articles` over chunks, here or in worker processes, yielding results in order.

    This process always holds one annotator: its version names what is current, and a run with
    a single chunk (or jobs=1, or an annotator given) analyses here. Otherwise `jobs` workers
    started with the spawn method each load their own and take chunks, QUEUED_PER_WORKER ahead.
    """

    def __init__(self, jobs: int, actor_files: tuple[str, ...], annotator=None):
        if annotator is None:
            from eventfold.annotate import Annotator

            annotator = Annotator(actor_files=actor_files)
            self.workers = max(1, jobs)
        else:
            self.workers = 1  # a caller's annotator (its models, its settings) stays in this process
        self.annotator = annotator
        self.actor_files = tuple(actor_files)
        self.key = analysis_key(annotator.version)
        self.pool = None

    def __enter__(self) -> "_Analyser":
        return self

    def __exit__(self, kind, *exc) -> None:
        if self.pool is None:
            return
        if kind is not None:  # interrupted or failed: the chunks in flight would be dropped, stop them now
            for worker in list((getattr(self.pool, "_processes", None) or {}).values()):
                worker.terminate()  # (Python 3.14 names this ProcessPoolExecutor.terminate_workers)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None

    def expect(self, articles: int) -> None:
        """Start no more workers than there are chunks to give them."""
        self.workers = max(1, min(self.workers, -(-articles // PROCESS_CHUNK)))

    def map(self, chunks: Iterable[list[Article]]) -> Iterator[tuple[list[Article], list[Analysis]]]:
        chunks = iter(chunks)
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None) if self.workers > 1 else None
        if second is None:  # one chunk (or one job): no worker would pay for its start-up
            yield first, analyse_articles(first, self.annotator)
            for chunk in chunks:
                yield chunk, analyse_articles(chunk, self.annotator)
            return
        yield from self._map_in_workers([first, second], chunks)

    def _map_in_workers(self, started: list[list[Article]], chunks: Iterator[list[Article]]):
        self._start_pool()
        queued = deque((chunk, self.pool.submit(_analyse_in_worker, chunk)) for chunk in started)
        limit = self.workers * QUEUED_PER_WORKER
        for chunk in chunks:
            while len(queued) >= limit:
                done, future = queued.popleft()
                yield done, self._result(done, future)
            queued.append((chunk, self.pool.submit(_analyse_in_worker, chunk)))
        while queued:
            done, future = queued.popleft()
            yield done, self._result(done, future)

    def _start_pool(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(self.actor_files, self.key))

    def _restart_pool(self) -> None:
        """Fresh workers, unless the pool was already replaced after the break a future reports."""
        if self.pool is not None and not getattr(self.pool, "_broken", True):
            return
        self.__exit__(RuntimeError)
        self._start_pool()

    def _result(self, chunk: list[Article], future) -> list[Analysis]:
        """A chunk's analyses; when a worker died (killed, out of memory), the chunk is tried again
        in fresh workers, then article by article, and an article that kills its worker fails."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            self._restart_pool()
        try:
            return self.pool.submit(_analyse_in_worker, chunk).result()
        except BrokenProcessPool:
            self._restart_pool()
        analyses = []
        for article in chunk:
            try:
                analyses.extend(self.pool.submit(_analyse_in_worker, [article]).result())
            except BrokenProcessPool:
                analyses.append(Analysis(article.article_id, failure="its worker process died while analysing "
                                                                     "it (out of memory, or killed)"))
                self._restart_pool()
        return analyses


_worker_annotator = None


def _start_worker(actor_files: tuple[str, ...], key: str) -> None:
    """Worker process start: load the models once; refuse to work at other versions than the parent."""
    global _worker_annotator
    import signal

    from eventfold.annotate import Annotator

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle (it stops the pool)
    _worker_annotator = Annotator(actor_files=actor_files)
    if analysis_key(_worker_annotator.version) != key:
        raise RuntimeError(f"worker models differ from the main process's ({key})")


def _analyse_in_worker(articles: list[Article]) -> list[Analysis]:
    return analyse_articles(articles, _worker_annotator)


def _refresh_stale_subject_conflicts(store: Store, fused: Optional[set[str]] = None) -> None:
    """Finish the corpus-wide conflict pass an interrupted fusion left undone (for the subjects
    of the `fused` articles' claims only, when the rest is known to be current); then store the
    rows of the events fusion touched (what `events --fused` and `export` read)."""
    from eventfold.store.dataset import refresh_event_rows
    from eventfold.store.fusion import fusion_state, set_fusion_state

    if fusion_state(store, "subjects") == "stale":
        with store.transaction():
            _refresh_subject_conflicts(store, fused)
            set_fusion_state(store, "subjects", "fresh")
    refresh_event_rows(store)


def remove_article(store: Store, article_id: str) -> Optional[str]:
    """Remove a stored article with its annotations, reports, claims and quotes; the events it was
    part of are re-valued (or dropped) and its near-copies stand alone. Returns the id removed."""
    from eventfold.store.fusion import remove_articles, set_fusion_state
    from eventfold.store.processing import delete_article, promote_copies

    article = store.article(article_id)
    if article is None:
        return None
    with store.transaction():
        touched = remove_articles(store, [article.article_id])
        copies = promote_copies(store, article.article_id)
        delete_article(store, article.article_id)
        _refresh_events(store, touched)
        set_fusion_state(store, "subjects", "stale")
    fuse(store, copies)
    _refresh_stale_subject_conflicts(store)
    return article.article_id


# ---------------------------------------------------------------- fusion

# Bump when the fusion rules change (fuse/reports.py, values.py, conflicts.py): stored events
# are then rebuilt from the stored reports at the next `process` or `fuse`.
FUSION_VERSION = "25"  # 25: a report stating no day may follow up an event up to 30 days before its window, with more evidence; places one report's own words name are one name read two ways, not two places (helper W); 24: each article gives one toll (its report's count, or an unhedged exact count the event gives twice, holds the smaller figures beside it); a later day's higher toll of the same victims (within the wounded told earlier, no other named source) supersedes, and those wounded are no longer wounded; a stated week or month takes the day within it a story names, else a publication day within it (helper D); 23: an arrest told as ACLED "Arrests" and one told as the occurrence "Arrest or charge" may join when they name a person alike, in places that can be one, on days that meet (helper E); 22: the other-side cost compares the named doers themselves, not their sides (an uncategorised doer counted as none; lead); 21: the other-side cost asks for one named doer; a lead of no known kind yields only to a kind more reports tell (lead); 20: two whole occurrence events are kept apart by towns of two first-level regions only where most of each event's members lie (a town one report alone names does not place the event; helper E); 19: a fight and violence against civilians of two types need more to be one event; a lead of no known kind gives a fused happening neither place, day nor type (lead). 18: towns within 15 km are one place across a first-level line ("Jabalia" and "Gaza"; the lead); two whole events in towns of two first-level regions further apart are never merged (helper E); 17: occurrence events that their members together would join are merged; an occurrence's relative day in an unstamped article spans a week either way; an article's occurrence reports of related kinds join one event; a place both stories name does not part two countries (helper E); 16: an event at a toponym the gazetteer lacks keeps its name as the location (placed in the province around it); 15: a lead's happening of no known kind ("Unclassified") may join an occurrence of any kind; 14: an article's occurrence reports of one kind join one event; 13: the dead among the people told only as shot; singled-out victims are no side of their own (GVA); 12: reports compared on every sentence folded into them; "last month" over the publication day; 11: an event no report dates takes its stories' earliest day before the publication (GVA); 10: occurrences ("Other") compared by fuse/occurrences.py; 9: a count supersedes a singled-out victim across sides (GVA)
# Articles fused per transaction.
FUSE_CHUNK = 200


@dataclass
class FusionSummary:
    articles: int = 0
    reports: int = 0
    events_touched: int = 0


def fuse(store: Store, article_ids: Optional[Iterable[str]] = None, *, rebuild: bool = False,
         progress: Callable[[Iterable], Iterable] = lambda chunks: chunks,
         claims_changed: Iterable[str] = ()) -> FusionSummary:
    """File the reports of these articles (all with `rebuild`) into events, incrementally.

    A changed article's old reports leave their events first; each new report joins the
    compatible event it resembles most among those its day window and family can match, or
    opens one. Only the events touched are re-valued and have their conflicts recomputed.
    Near-copies of an article (syndication) are not fused: they are not independent sources.
    `claims_changed`: other articles whose claims changed since the last fusion (near-copies analysed),
    whose subjects' conflicts are redone too.
    """
    from eventfold.store.fusion import clear_fusion, fusion_state, set_fusion_state
    from eventfold.store.processing import reset_fusion_state

    # The corpus-wide conflict pass redoes only the subjects these articles touch, unless it was
    # already owed (an interrupted run) or everything is refiled.
    whole_pass = rebuild or fusion_state(store, "subjects") == "stale"
    if rebuild or fusion_state(store, "version") != FUSION_VERSION:
        with store.transaction():
            clear_fusion(store)
            reset_fusion_state(store, FUSION_VERSION)  # a rebuild killed halfway resumes where it stopped
            set_fusion_state(store, "version", FUSION_VERSION)
        article_ids, whole_pass = None, True
    if article_ids is None:  # every article not yet filed at this version (ids only: no text is read)
        article_ids = [p.article_id for p in _unfused_articles(store)]
    todo = list(dict.fromkeys(article_ids))
    summary = FusionSummary()
    chunks = [todo[i : i + FUSE_CHUNK] for i in range(0, len(todo), FUSE_CHUNK)]
    for chunk in progress(chunks):
        originals = [a for a in store.articles_by_ids(chunk) if a.duplicate_of is None]
        with store.transaction():
            reports, touched = _file_reports(store, originals)
            _refresh_events(store, touched)
            mark_fused(store, chunk, FUSION_VERSION)
            set_fusion_state(store, "subjects", "stale")  # the corpus-wide pass below is still owed
        summary.articles += len(originals)
        summary.reports += reports
        summary.events_touched += len(touched)
    _refresh_stale_subject_conflicts(store, None if whole_pass else {*todo, *claims_changed})
    return summary


def _unfused_articles(store: Store) -> list[Pending]:
    """Articles whose fusion is behind, whatever their analysis (`fuse` files what is stored)."""
    from eventfold.store.processing import unfused_articles

    return unfused_articles(store, FUSION_VERSION)


def _file_reports(store: Store, articles: list[Article]) -> tuple[int, set[str]]:
    from eventfold.fuse.reports import report_items
    from eventfold.store.extractions import event_reports
    from eventfold.store.fusion import remove_articles

    touched = remove_articles(store, [a.article_id for a in articles])
    items = [item for article in articles for item in report_items(article, event_reports(store, article.article_id))]
    return len(items), touched | file_items(store, items)


def file_items(store: Store, items: list) -> set[str]:
    """File report items into events (inside the caller's transaction); returns the events touched.

    Each item is compared only with the events its family and day window can match (one
    indexed query), so the cost of an item depends on how busy its days are, not on the corpus.
    """
    from eventfold.fuse.reports import CANDIDATE_SLACK_DAYS, best_event, candidate_families, filing_order, idf_weights
    from eventfold.fuse.values import event_id_for
    from eventfold.store.fusion import add_item, candidate_events, term_frequencies

    touched: set[str] = set()
    for item in sorted(items, key=filing_order):
        candidates = candidate_events(store, item, CANDIDATE_SLACK_DAYS, candidate_families(item))
        terms = set(item.terms) | set(item.story_terms)
        for member in (m for group in candidates.values() for m in group):
            terms |= set(member.terms) | set(member.story_terms)
        frequency, total = term_frequencies(store, terms)
        event_id = best_event(item, candidates, idf_weights(terms, frequency, total)) or event_id_for(item.report_id)
        add_item(store, item, event_id)
        touched.add(event_id)
    return touched | merge_occurrence_events(store, touched)


def merge_occurrence_events(store: Store, event_ids: set[str]) -> set[str]:
    """Join each of these occurrence events to another that its members, taken together, would join
    (`fuse.occurrences.best_event_merge`): reports filed one by one open an event before the
    reports that link it to its happening's are stored. Returns the events merged into."""
    from eventfold.fuse.occurrences import best_event_merge, is_occurrence
    from eventfold.fuse.reports import DAY_SLACK, candidate_families, idf_weights
    from eventfold.store.fusion import candidate_events, members, move_event, term_frequencies

    merged_into: set[str] = set()
    pending = sorted(event_ids)
    while pending:
        event_id = pending.pop(0)
        group = members(store, event_id)
        if not group or not is_occurrence(group[0]):
            continue
        candidates: dict = {}
        windows = {(member.day_low, member.day_high): member for member in group}  # one lookup per window
        for member in windows.values():
            candidates.update(candidate_events(store, member, DAY_SLACK, candidate_families(member)))
        candidates.pop(event_id, None)
        terms = {term for item in [*group, *(m for others in candidates.values() for m in others)]
                 for term in (*item.terms, *item.story_terms)}
        frequency, total = term_frequencies(store, terms)
        target = best_event_merge(group, candidates, idf_weights(terms, frequency, total))
        if target is not None:
            move_event(store, event_id, target)
            merged_into.add(target)
            if target not in pending:
                pending.append(target)  # the grown event may now join another
    return merged_into


def _refresh_events(store: Store, event_ids: set[str]) -> None:
    """Re-value the touched events from their members and recompute their conflicts."""
    from eventfold.fuse.conflicts import event_conflicts
    from eventfold.fuse.values import fuse_event
    from eventfold.store.extractions import claims_of_reports, reports_by_id
    from eventfold.store.fusion import delete_event, members, replace_conflicts, save_event

    for event_id in sorted(event_ids):
        report_ids = [m.report_id for m in members(store, event_id)]
        if not report_ids:
            delete_event(store, event_id)
            replace_conflicts(store, f"event:{event_id}", [])
            continue
        reports = reports_by_id(store, report_ids)
        claims = claims_of_reports(store, report_ids)
        published = store.published_dates(sorted({r.article_id for r in reports}))
        save_event(store, fuse_event(event_id, reports, claims, published))
        replace_conflicts(store, f"event:{event_id}", event_conflicts(event_id, claims))


def _refresh_subject_conflicts(store: Store, fused: Optional[set[str]] = None) -> None:
    """Control and force-size conflicts across the corpus: all of them, or (`fused`) those of the
    subjects the claims of these articles are about, and of the stored conflicts that lost claims."""
    from eventfold.fuse.conflicts import SUBJECT_KINDS, subject_conflicts
    from eventfold.fuse.words import parse_day
    from eventfold.store.extractions import claims_of_kinds
    from eventfold.store.fusion import (conflicts_of_scopes, drop_scopes, fill_subject_keys_once,
                                        forget_lost_subject_claims, replace_conflicts, update_conflicts)

    fill_subject_keys_once(store, SUBJECT_KINDS)
    revisited: set[str] = set()
    stored: dict[str, list] = {}
    previous, changed = None, set()
    if fused is None:
        claims = claims_of_kinds(store, SUBJECT_KINDS)
    else:
        claims, revisited = _claims_of_touched_subjects(store, fused)
        # only the parts of these subjects the new claims fall in are compared again (fuse/conflicts.py),
        # and only the conflicts that changed are written
        stored = conflicts_of_scopes(store, revisited)
        previous, changed = [c for group in stored.values() for c in group], {c.claim_id for c in claims
                                                                              if c.article_id in fused}
    published = store.published_dates(sorted({c.article_id for c in claims}))
    days = {article_id: parse_day(value) for article_id, value in published.items()}
    found = subject_conflicts(claims, lambda c: days.get(c.article_id), _event_of_claim(store, claims, fused is None),
                              previous, changed)
    scopes: dict[str, list] = {}
    for conflict in found:
        scopes.setdefault(f"subject:{conflict.kind}:{conflict.subject}", []).append(conflict)
    for scope, group in scopes.items():
        if scope in stored:
            update_conflicts(store, scope, stored[scope], group)
        else:
            replace_conflicts(store, scope, group)
    if fused is None:
        drop_scopes(store, "subject:", set(scopes))
    for scope in revisited - set(scopes):
        replace_conflicts(store, scope, [])
    forget_lost_subject_claims(store)


def _event_of_claim(store: Store, claims: list, whole_pass: bool) -> Callable:
    """claim → the event holding its report: read for every claim at once in a whole pass; else
    looked up when asked (only the claims of the conflicts found anew need it)."""
    from eventfold.store.fusion import event_of_reports

    if whole_pass:
        event_of = event_of_reports(store, [c.event_report_id for c in claims if c.event_report_id])
        return lambda claim: event_of.get(claim.event_report_id)
    known: dict[str, Optional[str]] = {}

    def lookup(claim):
        report = claim.event_report_id
        if report and report not in known:
            known[report] = event_of_reports(store, [report]).get(report)
        return known.get(report) if report else None

    return lookup


def _claims_of_touched_subjects(store: Store, fused: set[str]) -> tuple[list, set[str]]:
    """The claims whose conflicts the `fused` articles may change, and the stored scopes to redo:
    every claim of a subject (kind and `subject_key`) one of their claims is about, of a stored
    conflict that holds such a claim or a claim no longer stored, closed over the scope names these
    share. Conflicts of other subjects stay as stored: their claims, days and events are unchanged,
    so a whole pass would find them again. (A subject of no stored conflict that only shares a scope
    name adds nothing: its claims did not change, so it had no conflict and gets none.) Every read
    is an indexed lookup of these subjects, claims and scopes: the cost follows them, not the store."""
    from eventfold.fuse.conflicts import SUBJECT_KINDS, _shown_subject
    from eventfold.store.extractions import (claims_of_subjects, stored_subject_key, subject_claims_of_articles,
                                             subject_keys_of_claims)
    from eventfold.store.fusion import claims_of_subject_scopes, subject_scopes_losing_claims, subject_scopes_of_claims

    # a stored conflict that lost a claim (its article analysed again) is redone from what remains
    revisited = subject_scopes_losing_claims(store, SUBJECT_KINDS)
    keys = {(c.kind, stored_subject_key(c)) for c in subject_claims_of_articles(store, fused, SUBJECT_KINDS)}
    keys |= set(subject_keys_of_claims(store, (i for _, i in claims_of_subject_scopes(store, revisited))).values())
    groups: dict[tuple[str, str], list] = {}
    while True:  # close over shared scope names, old and new
        groups.update(claims_of_subjects(store, keys - set(groups)))
        scopes = {f"subject:{key[0]}:{_shown_subject(groups[key])}" for key in keys if groups[key]}
        scopes |= {scope for scope, _ in subject_scopes_of_claims(store, (c.claim_id for k in keys for c in groups[k]))}
        revisited |= scopes
        grown = keys | set(subject_keys_of_claims(store, (i for _, i in claims_of_subject_scopes(store, scopes))).values())
        if grown == keys:
            break
        keys = grown
    return sorted((c for key in keys for c in groups[key]), key=lambda c: c.claim_id), revisited
