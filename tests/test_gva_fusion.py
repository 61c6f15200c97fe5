"""Fusion of local shooting stories (issue 9, GVA): a story that says where joins the other outlets'
story of the same shooting; a shooting told without a place, or two shootings that share only
ACLED's generic party names ("Civilians (United States)"), stay apart. Texts written for these
tests, run through the real extractor (spaCy) and the batch fusion the store's path shares."""

from __future__ import annotations

import pytest

from eventfold.fuse import fuse_reports
from eventfold.fuse.reports import _generic_actor, _named_actor_overlap

# One shooting told by two outlets (a lead and a follow-up the next day).
HARBOR_FIRST = """Man wounded in Tacoma shooting

TACOMA, Wash. — A 28-year-old man was shot and wounded Friday night outside a laundromat on Pacific Avenue in
Tacoma, police said. Officers found him on the sidewalk with a gunshot wound to his shoulder. He was taken to
Tacoma General Hospital. Detectives said the shooter ran toward an alley behind the laundromat."""

HARBOR_FOLLOW_UP = """Police seek shooter after Pacific Avenue laundromat shooting

TACOMA, Wash. — Tacoma police on Saturday asked for help finding the man who shot a 28-year-old outside a
laundromat on Pacific Avenue on Friday night. The wounded man is recovering at Tacoma General Hospital,
detectives said. The shooter ran into an alley behind the laundromat."""

# Another shooting the same night, told without naming any place.
PLACELESS = """Teen hurt on way back from practice

A 16-year-old boy was shot in the leg late Friday as he walked back from basketball practice, his
mother told reporters. Doctors released him the same evening. Nobody has been arrested."""


@pytest.fixture(scope="module")
def extracted():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()
    stories = {"first": (HARBOR_FIRST, "2019-05-11"), "follow": (HARBOR_FOLLOW_UP, "2019-05-12"),
               "placeless": (PLACELESS, "2019-05-11")}
    articles, reports = [], []
    for key, (text, published) in stories.items():
        article = parse_document(RawDocument(path=key, format="text", content=text, published=published),
                                 IngestOptions())
        annotations = annotator.annotate([article])[0]
        articles.append(article)
        reports.extend(extract_events(article, annotations, actors=annotator.actors).reports)
    return articles, reports


@pytest.fixture(scope="module")
def events(extracted):
    articles, reports = extracted
    return {a.path: a.article_id for a in articles}, fuse_reports(reports, articles)


def _event_of(events, article_id: str):
    return [e for e in events if article_id in e.article_ids]


def test_the_follow_up_joins_the_first_story_of_its_shooting(events):
    by_article, fused = events
    first = _event_of(fused, by_article["first"])
    assert first, "the first story makes an event"
    assert by_article["follow"] in first[0].article_ids


def test_a_shooting_told_without_a_place_stays_apart(events):
    by_article, fused = events
    placeless = _event_of(fused, by_article["placeless"])
    assert placeless, "the placeless story makes an event of its own"
    assert placeless[0].article_ids == [by_article["placeless"]]


def test_generic_party_names_are_no_evidence_of_one_event():
    assert _generic_actor("Civilians (United States)") and _generic_actor("Unidentified Armed Group (Mali)")
    assert not _generic_actor("Police Forces of United States") and not _generic_actor("Taliban")
    assert _named_actor_overlap(["Civilians (United States)"], ["Civilians (United States)"]) == 0.0
    assert _named_actor_overlap(["Taliban", "Civilians (Afghanistan)"], ["Taliban"]) == 1.0
