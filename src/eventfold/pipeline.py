"""Composes the stages; the only module that knows their order.

ingest (store articles) → process: annotate → extract (per chunk of stored articles, sharing one
spaCy parse) → store → fuse (the changed articles' reports join or open events; the events they
touch are re-valued and their conflicts recomputed) → store.

Stages are plain functions over records; this module reads inputs, calls them, and writes
their results through the store, one transaction per chunk of documents so an interruption
loses at most the chunk in flight and never corrupts what was stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterable, Optional

from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.dedup import NearDuplicateIndex, minhash_of, minhash_to_bytes
from eventfold.ingest.readers import RawDocument, list_input_files, read_input
from eventfold.model import Article, IngestProblem
from eventfold.store import Store
from eventfold.store.annotations import annotated_versions, save_annotations
from eventfold.store.extractions import extracted_versions, save_extraction

# Documents written per transaction: small enough that Ctrl-C loses little, large enough
# that commits (an fsync each in WAL mode) do not dominate.
CHUNK_SIZE = 100
# Articles processed (and committed) together: one nlp.pipe call per chunk.
PROCESS_CHUNK = 64


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
        self.index = NearDuplicateIndex.from_stored(store.original_minhashes())
        self.pending: list[Article] = []

    def add(self, article: Article) -> None:
        self.pending.append(article)
        if len(self.pending) >= CHUNK_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with self.store.transaction():
            for article in self.pending:
                self._write(article)
        self.pending.clear()

    def _write(self, article: Article) -> None:
        existing = self.store.has_content(article.content_hash)
        if existing:
            self.store.add_source(existing, article.path or article.url or "")
            self.report.duplicates += 1
            return
        signature = minhash_of(f"{article.title or ''}\n{article.text}")
        article.duplicate_of = self.index.original_of(signature)
        if article.duplicate_of:
            self.report.near_duplicates += 1
        else:
            self.index.add(article.article_id, signature)
        self.store.insert_article(article, self.batch_id, minhash_to_bytes(signature))
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
    on_message: ProblemSink = lambda message: None,
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda files: files,
    process_progress: Callable[[Iterable], Iterable] = lambda chunks: chunks,
) -> IngestReport:
    """Read every input, store its articles, and run the later stages on what was stored."""
    report = IngestReport()
    batch_id = store.start_batch("ingest")
    writer = _BatchWriter(store, batch_id, report)
    try:
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
            writer.flush()
    finally:
        writer.flush()
        store.finish_batch(batch_id, len(report.stored), report.duplicates, report.failed)
    if report.stored and run_stages:
        process(store, report.stored, progress=process_progress, actor_files=actor_files, on_message=on_message)
    return report


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
    on_message: ProblemSink = lambda message: None,
    progress: Callable[[Iterable], Iterable] = lambda chunks: chunks,
) -> int:
    """Annotate and extract stored articles (all when `article_ids` is None); returns how many.

    Only articles whose content, annotation pipeline or extractor changed since they were last
    processed are redone (all of them with `force`). Each article is parsed once; annotation
    and extraction share the parse.
    """
    from eventfold.extract.events import EXTRACTOR_VERSION

    wanted = set(article_ids) if article_ids is not None else None
    articles = [a for a in store.articles() if wanted is None or a.article_id in wanted]
    if not articles:
        return 0
    if annotator is None:
        from eventfold.annotate import Annotator

        annotator = Annotator(actor_files=actor_files)
    annotated, extracted = annotated_versions(store), extracted_versions(store)

    def is_current(article: Article) -> bool:
        return (annotated.get(article.article_id) == (article.content_hash, annotator.version)
                and extracted.get(article.article_id) == (article.content_hash, EXTRACTOR_VERSION))

    todo = [a for a in articles if force or not is_current(a)]
    chunks = [todo[i : i + PROCESS_CHUNK] for i in range(0, len(todo), PROCESS_CHUNK)]
    for chunk in progress(chunks):
        _process_chunk(store, annotator, chunk, on_message)
    fuse(store, [a.article_id for a in todo])
    return len(todo)


def _process_chunk(store: Store, annotator, chunk: list[Article], on_message: ProblemSink) -> None:
    from eventfold.extract.events import extract_events

    docs = annotator.parse(chunk)
    annotations = annotator.annotate(chunk, docs)
    extractions = []
    for article, annotation in zip(chunk, annotations):
        for warning in annotation.warnings:
            on_message(warning)
        try:
            extractions.append(extract_events(article, annotation, docs[article.article_id], actors=annotator.actors))
        except Exception as error:  # one article's failure must not lose the chunk
            on_message(f"{article.path or article.article_id}: extraction failed ({type(error).__name__}: {error})")
            extractions.append(None)  # left unmarked, so the next `process` tries it again
    with store.transaction():
        for article, annotation, extraction in zip(chunk, annotations, extractions):
            try:
                with store.savepoint():  # one article's bad record must not lose the chunk
                    _save_processed(store, article, annotation, extraction)
            except sqlite3.DatabaseError as error:
                on_message(f"{article.path or article.article_id}: could not store its annotations "
                           f"({type(error).__name__}: {error}); left for the next `process`")


def _save_processed(store: Store, article: Article, annotation, extraction) -> None:
    from eventfold.extract.events import EXTRACTOR_VERSION

    save_annotations(store, annotation, article.content_hash)
    if extraction is not None:
        save_extraction(store, article.article_id, extraction.reports, extraction.claims, extraction.quotes,
                        article.content_hash, EXTRACTOR_VERSION)


# ---------------------------------------------------------------- fusion

# Bump when the fusion rules change (fuse/reports.py, values.py, conflicts.py): stored events
# are then rebuilt from the stored reports at the next `process` or `fuse`.
FUSION_VERSION = "6"
# Articles fused per transaction.
FUSE_CHUNK = 200


@dataclass
class FusionSummary:
    articles: int = 0
    reports: int = 0
    events_touched: int = 0


def fuse(store: Store, article_ids: Optional[Iterable[str]] = None, *, rebuild: bool = False,
         progress: Callable[[Iterable], Iterable] = lambda chunks: chunks) -> FusionSummary:
    """File the reports of these articles (all with `rebuild`) into events, incrementally.

    A changed article's old reports leave their events first; each new report joins the
    compatible event it resembles most among those its day window and family can match, or
    opens one. Only the events touched are re-valued and have their conflicts recomputed.
    Near-copies of an article (syndication) are not fused: they are not independent sources.
    """
    from eventfold.store.fusion import clear_fusion, fusion_state, set_fusion_state

    if rebuild or fusion_state(store, "version") != FUSION_VERSION:
        with store.transaction():
            clear_fusion(store)
            set_fusion_state(store, "version", FUSION_VERSION)
        article_ids = None
    if article_ids is None:
        candidates = list(store.articles())
    else:  # only the articles asked for: an incremental run never reads the whole corpus
        candidates = [a for a in (store.article(i) for i in dict.fromkeys(article_ids)) if a is not None]
    todo = [a for a in candidates if a.duplicate_of is None]
    summary = FusionSummary(articles=len(todo))
    chunks = [todo[i : i + FUSE_CHUNK] for i in range(0, len(todo), FUSE_CHUNK)]
    for chunk in progress(chunks):
        with store.transaction():
            reports, touched = _file_reports(store, chunk)
            _refresh_events(store, touched)
        summary.reports += reports
        summary.events_touched += len(touched)
    if todo:
        with store.transaction():
            _refresh_subject_conflicts(store)
    return summary


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
    from eventfold.fuse.reports import DAY_SLACK, best_event, filing_order, idf_weights
    from eventfold.fuse.values import event_id_for
    from eventfold.store.fusion import add_item, candidate_events, term_frequencies

    touched: set[str] = set()
    for item in sorted(items, key=filing_order):
        candidates = candidate_events(store, item, DAY_SLACK)
        terms = set(item.terms) | set(item.story_terms)
        for member in (m for group in candidates.values() for m in group):
            terms |= set(member.terms) | set(member.story_terms)
        frequency, total = term_frequencies(store, terms)
        event_id = best_event(item, candidates, idf_weights(terms, frequency, total)) or event_id_for(item.report_id)
        add_item(store, item, event_id)
        touched.add(event_id)
    return touched


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


def _refresh_subject_conflicts(store: Store) -> None:
    """Control and force-size conflicts across the corpus (these claims are few: one pass)."""
    from eventfold.fuse.conflicts import SUBJECT_KINDS, subject_conflicts
    from eventfold.fuse.words import parse_day
    from eventfold.store.extractions import claims_of_kinds
    from eventfold.store.fusion import drop_scopes, event_of_reports, replace_conflicts

    claims = claims_of_kinds(store, SUBJECT_KINDS)
    event_of = event_of_reports(store, [c.event_report_id for c in claims if c.event_report_id])
    published = store.published_dates(sorted({c.article_id for c in claims}))
    days = {article_id: parse_day(value) for article_id, value in published.items()}
    found = subject_conflicts(claims, lambda c: days.get(c.article_id), lambda c: event_of.get(c.event_report_id))
    scopes: dict[str, list] = {}
    for conflict in found:
        scopes.setdefault(f"subject:{conflict.kind}:{conflict.subject}", []).append(conflict)
    for scope, group in scopes.items():
        replace_conflicts(store, scope, group)
    drop_scopes(store, "subject:", set(scopes))
