"""A page whose body tells nothing but page furniture (a sign-in prompt, a share bar) around its
headline (issue 9, GVA: such pages made no event): the headline is read. A page whose body tells
the event keeps the headline unread, so the event is not doubled. Texts written for these tests,
through the real ingest, annotator and extractor."""

from __future__ import annotations

import pytest

FURNITURE_ONLY = {
    "title": "Two men wounded in drive-by shooting in Bakersfield",
    "text": "Just one more step. We have sent you a verification email. Please check your email and click on the "
            "link to activate your profile. If you do not receive the message within a few minutes, check your "
            "spam folder.",
}
FULL_STORY = {
    "title": "Two men wounded in drive-by shooting in Bakersfield",
    "text": "BAKERSFIELD, Calif. — Two men were shot and wounded Saturday night when someone fired from a passing "
            "car on Niles Street in Bakersfield, police said. Both men were taken to Kern Medical and are expected "
            "to survive. Detectives are looking for a dark pickup truck.",
}


@pytest.fixture(scope="module")
def reports_of():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()

    def extract(page: dict):
        article = parse_document(RawDocument(path="page", format="text", content=f"{page['title']}\n\n{page['text']}",
                                             published="2019-06-17"), IngestOptions())
        annotations = annotator.annotate([article])[0]
        return article, [r for r in extract_events(article, annotations, actors=annotator.actors).reports
                         if r.modality == "actual"]

    return extract


def test_a_page_of_furniture_around_its_headline_is_read_by_the_headline(reports_of):
    article, reports = reports_of(FURNITURE_ONLY)
    assert article.title and "Bakersfield" in article.title
    assert len(reports) == 1
    assert reports[0].span.part == "title"
    assert reports[0].wounded is not None and reports[0].wounded.conservative == 2


def test_a_full_story_is_read_from_its_body_only(reports_of):
    _, reports = reports_of(FULL_STORY)
    assert reports and all(r.span.part != "title" for r in reports)
