"""Every article's language is detected offline and stored; non-English articles are kept with a warning."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.language import detect_language
from eventfold.ingest.readers import RawDocument

# Sentences written for these tests: one short news paragraph per language.
SAMPLES = {
    "en": "The harbour authority said on Monday that two cargo ships had run aground near the northern pier.",
    "fr": "L'autorité portuaire a déclaré lundi que deux cargos s'étaient échoués près de la jetée nord.",
    "de": "Die Hafenbehörde teilte am Montag mit, dass zwei Frachtschiffe nahe der Nordmole auf Grund gelaufen seien.",
    "es": "La autoridad portuaria dijo el lunes que dos buques de carga encallaron cerca del muelle norte.",
    "ru": "Портовое управление сообщило в понедельник, что два грузовых судна сели на мель у северного пирса.",
    "ar": "قالت سلطة الميناء يوم الاثنين إن سفينتي شحن جنحتا قرب الرصيف الشمالي.",
    "pt": "A autoridade portuária disse na segunda-feira que dois navios de carga encalharam perto do cais norte.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_language_of_a_news_sentence(language):
    assert detect_language(SAMPLES[language]) == language


def test_too_little_text_has_no_language():
    assert detect_language("Kabul, 12:00") is None


def test_non_english_text_sets_the_language_and_a_warning():
    raw = RawDocument(path="x.txt", format="text", content=SAMPLES["fr"] * 2)
    article = parse_document(raw, IngestOptions())
    assert article.language == "fr"
    assert "not in English (detected language: fr)" in raw.warning


def test_non_english_article_is_stored_with_a_warning_and_shown_in_json(tmp_path):
    (tmp_path / "a-fr.txt").write_text("Deux cargos échoués\n\n" + SAMPLES["fr"] * 3, encoding="utf-8")
    (tmp_path / "b-en.txt").write_text("Two cargo ships aground\n\n" + SAMPLES["en"] * 3, encoding="utf-8")
    db = tmp_path / "s.db"
    result = run_cli("--db", str(db), "ingest", "--quiet", "--no-process", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    warnings = [line for line in result.stderr.decode().splitlines() if "not in English" in line]
    assert len(warnings) == 1 and "a-fr.txt" in warnings[0]
    listed = run_cli("--db", str(db), "articles", "--json")
    languages = {json.loads(line)["title"]: json.loads(line)["language"] for line in listed.stdout.decode().splitlines()}
    assert languages == {"Deux cargos échoués": "fr", "Two cargo ships aground": "en"}
