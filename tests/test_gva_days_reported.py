"""The day a harm "was reported" is its own day (issue 9, GVA, ninth round): "shots were reported
around 2 a.m. Sunday" tells when the shooting was called in, not when a source spoke of it, so the
story's shooting is dated Sunday, not by the publication; one "reported by police on Monday" still
dates only the telling. Stories written for these tests, through the real ingest, annotator and extractor."""

from __future__ import annotations

import pytest

from conftest import extract_story

PUBLISHED = "2019-03-13"  # a Wednesday

SHOTS_REPORTED = """Two wounded

Two men were wounded in a shooting in Dayton. Shots were reported around 2 a.m. Sunday near a bar, police said Monday."""

REPORTED_BY_A_SOURCE = """Man wounded

A man was wounded in a shooting late Saturday in Dayton. The shooting was reported by police on Monday."""


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _shooting_days(annotator, text):
    article, annotations, reports = extract_story(annotator, text, PUBLISHED)
    return [r.date.value for r in reports if r.event_type == "Violence against civilians" or r.sub_event_type == "Attack"]


def test_a_harm_reported_on_a_day_happened_that_day(annotator):
    assert _shooting_days(annotator, SHOTS_REPORTED) == ["2019-03-10"]


def test_a_harm_reported_by_its_teller_keeps_its_own_day(annotator):
    assert set(_shooting_days(annotator, REPORTED_BY_A_SOURCE)) == {"2019-03-09"}
