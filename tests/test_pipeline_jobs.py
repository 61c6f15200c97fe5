"""Worker processes and streaming in the processing loop: `--jobs 2` analyses chunks in spawned
workers (each loading spaCy once) while one process writes the store, with the same records as
`--jobs 1`; `process` takes articles chunk by chunk and reports progress per article."""

from __future__ import annotations

import pytest

from eventfold.ingest import IngestOptions
from eventfold.store import Store
from test_pipeline_recovery import CORPUS, _write_corpus, dump


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of three articles, so the eight stories make three chunks and two workers share them."""
    import eventfold.pipeline

    monkeypatch.setattr(eventfold.pipeline, "PROCESS_CHUNK", 3)


def test_two_worker_processes_store_the_same_records_as_one(tmp_path, small_chunks):
    from eventfold.pipeline import ingest

    corpus = _write_corpus(tmp_path / "corpus", CORPUS)
    results = {}
    for jobs in (1, 2):
        with Store.open(tmp_path / f"jobs{jobs}.db") as store:
            report = ingest(store, [str(corpus)], IngestOptions(), jobs=jobs)
            assert report.processed == len(CORPUS) and report.failed_articles == 0
        results[jobs] = dump(tmp_path / f"jobs{jobs}.db")
    assert results[1]["events"] and results[1]["claims"]
    assert results[2] == results[1]


def test_process_streams_chunks_and_counts_articles(tmp_path, small_chunks):
    """`process` loads texts per chunk of ids and yields each article once its chunk is committed:
    the progress bar's total is the number of articles to do."""
    from eventfold.annotate import Annotator
    from eventfold.pipeline import ingest, process

    corpus = _write_corpus(tmp_path / "corpus", CORPUS)
    seen: list[tuple[int, list[str]]] = []

    def progress(articles):
        seen.append((len(articles), []))
        for article_id in articles:
            seen[-1][1].append(article_id)
            yield article_id

    with Store.open(tmp_path / "stream.db") as store:
        ingest(store, [str(corpus)], IngestOptions(), run_stages=False)
        assert process(store, annotator=Annotator(), progress=progress) == len(CORPUS)
        stored = [a.article_id for a in store.articles()]
    [(total, done)] = seen
    assert total == len(CORPUS) and done == stored  # in the order stored, each once


def test_ingest_analyses_each_chunk_while_it_goes_on_reading(tmp_path, small_chunks):
    """Before reading the fourth file, the first three articles are analysed and committed."""
    from eventfold.annotate import Annotator
    from eventfold.pipeline import ingest

    corpus = _write_corpus(tmp_path / "corpus", CORPUS)
    analysed_before_file: list[int] = []
    with Store.open(tmp_path / "interleaved.db") as store:

        def files(names):
            for name in names:
                analysed_before_file.append(store.connection.execute(
                    "SELECT count(*) FROM article_state WHERE analysed IS NOT NULL").fetchone()[0])
                yield name

        report = ingest(store, [str(corpus)], IngestOptions(), annotator=Annotator(), progress=files)
    assert report.processed == len(CORPUS)
    assert analysed_before_file == [0, 0, 0, 3, 3, 3, 6, 6]


def test_a_worker_killed_mid_run_is_replaced_and_no_article_is_lost(tmp_path, small_chunks):
    """SIGKILL one worker process while the chunks are in flight: the pool is restarted, the
    chunks are analysed again, and every article comes back analysed."""
    import os
    import signal

    from eventfold.pipeline import _Analyser

    corpus = _write_corpus(tmp_path / "corpus", CORPUS)
    with Store.open(tmp_path / "killed-worker.db") as store:
        from eventfold.pipeline import ingest

        ingest(store, [str(corpus)], IngestOptions(), run_stages=False)
        articles = list(store.articles())
    chunks = [articles[i:i + 3] for i in range(0, len(articles), 3)]
    pools = []
    with _Analyser(2, ()) as analyser:

        def feed():
            yield from chunks[:2]
            pools.append(analyser.pool)
            victim = next(iter(analyser.pool._processes.values()))  # the pool's running workers
            os.kill(victim.pid, signal.SIGKILL)
            yield from chunks[2:]

        results = list(analyser.map(feed()))
        assert analyser.pool is not pools[0]  # the broken pool was replaced
    assert [[a.article_id for a in chunk] for chunk, _ in results] == [[a.article_id for a in c] for c in chunks]
    analyses = [analysis for _, found in results for analysis in found]
    assert [a.article_id for a in analyses] == [a.article_id for a in articles]
    assert all(a.failure is None and a.extraction is not None for a in analyses)
