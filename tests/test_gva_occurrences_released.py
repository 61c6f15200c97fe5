"""A victim let go from a hospital is no "Release or launch" (issue 9, GVA, eleventh round): "five of
the victims were released", "was released from the hospital", "treated and released" tell a
patient's way home, not the release of a product or a work, which "released a new phone" still
is. Stories written for these tests, run through the real ingest, annotator (spaCy) and extractor."""

from __future__ import annotations

import pytest

from conftest import story_extractor

VICTIMS_RELEASED = """Victims leave hospital

Five of the six victims taken to the hospital Wednesday were released during the day Thursday, the
hospital said. Police have not said who fired the shots at the market."""

RELEASED_FROM_HOSPITAL = """Teen leaves hospital

A teen shot in Reno on Saturday was released from the hospital on Monday. Police are still looking
for the driver of a grey car seen near the park."""

PRODUCT_RELEASED = """New phone unveiled

The company released a new phone on Tuesday in Seoul. It will go on sale in ten countries next
month, a spokesman said at the launch event."""


@pytest.fixture(scope="module")
def story():
    return story_extractor("2015-03-11")


@pytest.mark.parametrize("text", [VICTIMS_RELEASED, RELEASED_FROM_HOSPITAL])
def test_a_patient_let_go_is_no_release(story, text):
    annotations, reports = story(text)
    assert "Release or launch" not in {r.sub_event_type for r in reports}


def test_a_product_released_is_a_release(story):
    annotations, reports = story(PRODUCT_RELEASED)
    assert "Release or launch" in {r.sub_event_type for r in reports}
