"""`eventfold bench` end to end at a tiny size: it runs on the project's synthetic corpus (no
third-party corpus), measures every key in one run and prints them as one JSON object.
The figures themselves are the bench's business (docs/quality.md), not the tests'."""

from __future__ import annotations

import json

from conftest import run_cli
from eventfold.bench import bench_keys, slope_bench


def test_bench_prints_the_end_to_end_keys_at_a_tiny_size():
    result = run_cli("bench", "--keys", "ratio,memory,incremental", "--articles", "3", "--memory-sizes", "3",
                     "--increment", "2", "--jobs", "1", timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    figures = json.loads(result.stdout)
    assert figures["ratio_articles"] == 3 and figures["ratio_stored"] == 3
    assert figures["ratio_to_spacy"] > 0 and figures["nlp_pipe_seconds"] > 0
    # with one process, the ingest against the parse it runs itself too (its attribute lookup)
    assert figures["ratio_to_own_parse_cpu"] > 0 and figures["own_parse_cpu_seconds"] > 0
    measured = figures["peak_rss_mb_by_articles"]["3"]
    assert measured["articles_stored"] == 3 and measured["peak_rss_mb"] > 50  # spaCy alone takes more
    assert figures["incremental"] == {**figures["incremental"], "store_articles": 3, "added_articles": 2}
    assert figures["incremental_ratio"] > 0


def test_the_incremental_ratio_is_measured_on_a_replicated_store_with_its_query_times():
    result = run_cli("bench", "--keys", "incremental", "--memory-sizes", "3", "--replicate-to", "9",
                     "--increment", "2", "--jobs", "1", timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    figures = json.loads(result.stdout)
    assert figures["replicated"]["seed_articles"] == 3 and figures["replicated"]["articles"] == 9
    assert figures["incremental"]["store_articles"] == 9 and figures["incremental_ratio"] > 0
    assert set(figures["query_seconds"]) == {"events_fused", "export_events_csv", "brief_html"}
    assert all(seconds > 0 for seconds in figures["query_seconds"].values())


def test_memory_is_measured_on_feed_items_when_asked():
    result = run_cli("bench", "--keys", "memory", "--memory-sizes", "4", "--feed-items", "--jobs", "1", timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    measured = json.loads(result.stdout)["peak_rss_mb_by_articles"]["4"]
    assert measured["articles_stored"] == 4 and measured["peak_rss_mb"] > 50


def test_slope_compares_a_long_document_with_short_ones(tmp_path):
    figures = slope_bench(tmp_path, (1_000, 4_000))
    short, long = figures["slope_documents"]["short"], figures["slope_documents"]["long"]
    assert short["documents"] > 1 and long["documents"] == 1
    assert long["characters"] >= 4_000 and short["characters"] >= 1_000 * short["documents"]
    assert figures["per_char_slope"] == round(long["us_per_char"] / short["us_per_char"], 3)


def test_keys_follow_the_options():
    assert bench_keys(None, None, False) == ("ratio", "slope", "memory", "incremental")
    assert bench_keys(None, "corpus/", False) == ("ratio",)
    assert bench_keys(None, None, True) == ()
    assert bench_keys("slope, memory", None, True) == ("slope", "memory")


def test_an_unknown_key_is_refused_in_one_line():
    result = run_cli("bench", "--keys", "ratio,speed")
    assert result.returncode == 2 and b"unknown bench key(s) speed" in result.stderr
