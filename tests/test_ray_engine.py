"""The Ray engine against the local one: same inputs, same store (a local Ray cluster started here).

Skipped, with the reason, where Ray is not installed (`pip install -e '.[ray]'` or `make ray`);
the message a user gets without Ray is tested everywhere.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime

import pytest
from click.testing import CliRunner

from conftest import CORPUS, run_cli
from eventfold.annotate.entities import actor_file_path
from eventfold.ingest import IngestOptions
from eventfold.pipeline import ingest as local_ingest
from eventfold.store import Store

RETRIEVED = IngestOptions(retrieved_at=datetime(2021, 9, 7))

# Records written for these tests (a feed export): three stories, a repeat of the first, a broken line.
RECORDS = [
    {"title": "Gunmen kill four at a market checkpoint in Kunduz",
     "text": "KUNDUZ, Afghanistan - Four guards were killed on Monday when gunmen opened fire on a checkpoint at "
             "the edge of the central market in Kunduz, a provincial police spokesman said. Two attackers were "
             "captured after the shooting, he added. No group has said it carried out the attack.",
     "date": "2021-09-01", "source": "Lowland Wire", "url": "https://example.org/lowland/kunduz-market"},
    {"title": "Hundreds march in Herat over fuel prices",
     "text": "HERAT, Afghanistan - Several hundred people marched through Herat on Tuesday to protest against the "
             "price of fuel, witnesses said. The march ended peacefully in the afternoon outside the governor's "
             "office, where speakers called for lower prices before winter.",
     "date": "2021-09-02", "source": "Western Ledger", "url": "https://example.org/ledger/herat-march"},
    {"title": "Roadside bomb wounds three soldiers near Ghazni",
     "text": "GHAZNI, Afghanistan - A roadside bomb wounded three soldiers on the highway south of Ghazni on "
             "Wednesday, the defence ministry said in a statement. The ministry blamed the Taliban, who denied "
             "any role in the blast.",
     "date": "2021-09-03", "source": "Highway Post", "url": "https://example.org/post/ghazni-bomb"},
]


def _feed_lines() -> str:
    lines = [json.dumps(r) for r in RECORDS] + [json.dumps(RECORDS[0]), '{"title": "cut off in the middle']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]' (make ray) to test "
                                            "the Ray engine")
    pytest.importorskip("ray.data", reason="Ray Data is not installed: pip install -e '.[ray]'")
    ray.init(num_cpus=2, include_dashboard=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    feed = folder / "feed.jsonl"
    feed.write_text(_feed_lines(), encoding="utf-8")
    return [str(CORPUS), str(feed)]


@pytest.fixture(scope="module")
def actor_files():
    return (str(actor_file_path("afghanistan")),)


def _snapshot(store: Store) -> dict:
    """Everything the later commands read: articles, reports, claims, quotes, events, conflicts, entities."""
    from eventfold.store.annotations import entities
    from eventfold.store.extractions import claims, event_reports, quotes
    from eventfold.store.fusion import conflicts, events

    return {
        "articles": [asdict(a) for a in store.articles()],
        "reports": sorted((asdict(r) for r in event_reports(store, include_all=True)), key=lambda r: r["report_id"]),
        "claims": [asdict(c) for c in claims(store)],
        "quotes": [asdict(q) for q in quotes(store)],
        "events": [asdict(e) for e in events(store)],
        "conflicts": [asdict(c) for c in conflicts(store)],
        "entities": [(asdict(e), n) for e, n in entities(store)],
    }


def _run(engine, path, inputs, actor_files, **options):
    messages: list[str] = []
    with Store.open(path) as store:
        report = engine(store, inputs, RETRIEVED, actor_files=actor_files, on_message=messages.append, **options)
        return report, messages, _snapshot(store)


def test_ray_engine_stores_what_the_local_engine_stores(ray_cluster, inputs, actor_files, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from eventfold.engines.ray_engine import ingest_with_ray

    # Chunks of 5 for both engines: the 16 articles make 4 chunks, shared by the 2 Ray actors.
    monkeypatch.setattr("eventfold.pipeline.PROCESS_CHUNK", 5)

    local, local_messages, expected = _run(local_ingest, str(tmp_path / "local.db"), inputs, actor_files)
    parquet = tmp_path / "parquet"
    ray_report, ray_messages, found = _run(ingest_with_ray, str(tmp_path / "ray.db"), inputs, actor_files,
                                           workers=2, parquet_out=str(parquet))

    assert expected["events"] and expected["claims"] and expected["reports"]  # the comparison compares something
    for kind in expected:
        assert found[kind] == expected[kind], f"{kind} differ between the Ray and the local engine"
    assert (ray_report.stored, ray_report.duplicates, ray_report.near_duplicates) == \
           (local.stored, local.duplicates, local.near_duplicates)
    assert ray_messages == local_messages
    assert any("feed.jsonl:5" in m for m in ray_messages)  # the broken line, named, and the batch went on

    articles = pq.read_table(parquet / "articles.parquet").to_pylist()
    assert [a["article_id"] for a in articles] == ray_report.stored
    assert all(a["text"] for a in articles)
    reports = pq.read_table(parquet / "reports.parquet").to_pylist()
    assert sorted(r["report_id"] for r in reports) == [r["report_id"] for r in found["reports"]]
    assert all(json.loads(r["record"])["report_id"] == r["report_id"] for r in reports)
    claim_ids = pq.read_table(parquet / "claims.parquet", columns=["claim_id"]).column("claim_id").to_pylist()
    assert sorted(claim_ids) == sorted(c["claim_id"] for c in found["claims"])


def test_parquet_shards_are_read_like_json_records(ray_cluster, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventfold.engines.ray_engine import ingest_with_ray

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    shard = tmp_path / "shard-0.parquet"
    rows = [dict(r, date=datetime.fromisoformat(r["date"])) for r in RECORDS]  # a timestamp column, as crawls have
    pq.write_table(pa.Table.from_pylist(rows), shard)
    broken = tmp_path / "shard-1.parquet"
    broken.write_bytes(b"PAR1 this is not a parquet file")

    _, _, from_json = _run(local_ingest, str(tmp_path / "json.db"), [str(feed)], (), run_stages=False)
    report, messages, from_parquet = _run(ingest_with_ray, str(tmp_path / "parquet.db"), [str(shard), str(broken)],
                                          (), run_stages=False)

    def fields(article: dict) -> dict:
        return {k: v for k, v in article.items() if k != "path"}

    assert [fields(a) for a in from_parquet["articles"]] == [fields(a) for a in from_json["articles"]]
    assert [a["path"] for a in from_parquet["articles"]] == [f"{shard}:{n}" for n in range(1, len(RECORDS) + 1)]
    assert report.failed == 1 and messages[0].startswith(f"{broken}: not a readable Parquet file")


def test_cli_joins_a_running_cluster_by_address(ray_cluster, inputs, tmp_path):
    address = ray_cluster.get_runtime_context().gcs_address
    db, parquet = tmp_path / "cli.db", tmp_path / "out"
    result = run_cli("--db", str(db), "ingest", "--engine", "ray", "--address", address, "--jobs", "2",
                     "--parquet-out", str(parquet), inputs[1], "--retrieved-at", "2021-09-07")
    assert result.returncode == 1, result.stderr.decode()  # the broken line fails; the rest is stored
    assert "stored 3 article(s)" in result.stderr.decode()
    assert {p.name for p in parquet.iterdir()} == {"articles.parquet", "reports.parquet", "claims.parquet"}
    events = run_cli("--db", str(db), "events", "--json")
    assert events.returncode == 0 and len(events.stdout.decode().splitlines()) >= 2


def test_without_ray_the_user_is_told_how_to_install_it(monkeypatch, tmp_path):
    from eventfold.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets where Ray is not installed
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "ingest", "--engine", "ray", str(CORPUS)])
    assert result.exit_code == 1
    assert "pip install 'eventfold[ray]'" in result.output
    assert not (tmp_path / "x.db").exists()  # nothing was started


def test_ray_options_need_the_ray_engine(tmp_path):
    from eventfold.cli import main

    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "ingest", "--address", "ray://head:10001",
                                       str(CORPUS)])
    assert result.exit_code == 2 and "--engine ray" in result.output
