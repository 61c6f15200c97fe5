"""Command-line tools around the pipeline: help everywhere, the benchmark, gazetteer imports."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import CORPUS, run_cli
from eventfold.annotate.gazetteer import Gazetteer, default_cache_dir, inputs_fingerprint

COMMANDS = ["ingest", "process", "articles", "search", "entities", "places", "show", "events", "claims", "quotes",
            "eval", "bench", "gazetteer"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0 and b"Usage:" in result.stdout


def test_bench_prints_one_json_object_with_the_ratio(tmp_path):
    result = run_cli("bench", "--corpus", str(CORPUS / "01_hindu-kush-wire_andarab-districts.txt"))
    assert result.returncode == 0, result.stderr.decode()
    figures = json.loads(result.stdout)
    assert {"articles_per_s", "words_per_s", "peak_rss_mb", "ratio_to_spacy"} <= set(figures)
    assert figures["articles"] == 1 and figures["ratio_to_spacy"] > 0 and figures["peak_rss_mb"] > 50


def test_gazetteer_import_adds_a_user_place(tmp_path):
    Gazetteer.open()  # make sure the shared index exists, then work on a private copy of it
    index = default_cache_dir() / f"gazetteer-{inputs_fingerprint()}.sqlite"
    shutil.copy(index, tmp_path / index.name)
    extra = tmp_path / "passes.csv"
    extra.write_text("name,latitude,longitude,country,admin1,admin2,feature_class,alternatenames\n"
                     "Zarmast Kotal,35.71,69.52,AF,Panjshir,,T,Zarmast Pass|Kotal-e Zarmast\n", encoding="utf-8")
    env_before = os.environ.get("EVENTFOLD_CACHE_DIR")
    os.environ["EVENTFOLD_CACHE_DIR"] = str(tmp_path)
    try:
        result = run_cli("gazetteer", "import", str(extra))
        assert result.returncode == 0, result.stderr.decode()
        assert b"1 place(s) imported" in result.stderr
        [place] = Gazetteer.open(tmp_path).candidates("Zarmast Pass")[:1]
        assert place.country == "AF" and abs(place.latitude - 35.71) < 0.01
    finally:
        if env_before is None:
            os.environ.pop("EVENTFOLD_CACHE_DIR")
        else:
            os.environ["EVENTFOLD_CACHE_DIR"] = env_before
