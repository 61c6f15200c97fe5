"""The day of a local shooting story (issue 9, GVA): a sentence that names no day happened on the
earliest day the story's words name ("late Sunday" in a Tuesday paper), not on the publication day,
and the telling's weekday ("police said Tuesday") does not date a shooting the story tells on an
earlier day. Texts written for these tests, run through the real annotator (spaCy, timex),
extractor and fusion."""

from __future__ import annotations

import pytest

from conftest import extract_story

PUBLISHED = "2019-03-12"  # a Tuesday

# The day is told in a sentence that makes no report of its own; the shooting's sentence names none.
DAY_IN_ANOTHER_SENTENCE = """Bar shooting leaves one dead

Officers were sent to the Copper Kettle on Grand Avenue in Des Moines at about 11 p.m. Sunday after callers
reported gunfire. A 34-year-old man was shot and killed and two other men were wounded, police said Tuesday.
Detectives have not named a suspect."""

# The shooting's own sentence states its day: that day stands, whatever else the story names.
DAY_STATED = """Bar shooting leaves one dead

Officers were sent to the Copper Kettle on Grand Avenue in Des Moines on Saturday to look at a broken window.
A 34-year-old man was shot and killed on Monday night outside the same bar, police said Tuesday."""

# An earlier day of something that harmed no one does not date the shooting: the day of the
# sentence that tells a harm does.
HARM_DAY_BEFORE_OTHER_DAYS = """Bar shooting leaves one dead

Inspectors visited the Copper Kettle on Grand Avenue in Des Moines on Saturday. Gunfire broke out there late
Sunday, and a man was shot in the parking lot. The 34-year-old died of his wounds and two other men were hurt,
police said Tuesday."""

# A shooting placed elsewhere is another incident: the day of the first is no evidence for it.
ANOTHER_TOWN = """Two shootings overnight

A man was shot and killed late Sunday outside a bar on Grand Avenue in Des Moines, police said.

In a separate shooting, a woman was wounded in Cedar Rapids, police said."""

# No day anywhere: the publication day remains the only evidence.
NO_DAY = """Bar shooting leaves one dead

A 34-year-old man was shot and killed outside a bar on Grand Avenue in Des Moines, police said.
Detectives have not named a suspect."""


@pytest.fixture(scope="module")
def story():
    from eventfold.annotate import Annotator

    annotator = Annotator()

    def extract(text: str):
        article, annotations, reports = extract_story(annotator, text, PUBLISHED)
        return article, [r for r in reports if r.sub_event_type != "Peaceful protest"]

    return extract


def _shooting(reports):
    shootings = [r for r in reports if r.fatalities is not None or r.wounded is not None]
    assert shootings, "the shooting makes a report with its figures"
    return shootings[0]


def test_an_undated_shooting_takes_the_day_the_story_names(story):
    _, reports = story(DAY_IN_ANOTHER_SENTENCE)
    shooting = _shooting(reports)
    assert shooting.date.value == "2019-03-10"  # Sunday, not Tuesday's telling
    assert shooting.date.estimated and shooting.date.source == "story-day"


def test_fusion_dates_an_event_no_report_dates_by_the_story_day(story):
    from eventfold.fuse.values import fuse_event

    article, reports = story(DAY_IN_ANOTHER_SENTENCE)
    event = fuse_event("ev-test", [_shooting(reports)], [], {article.article_id: PUBLISHED})
    assert event.date.value == "2019-03-10" and event.date.estimated
    assert any(p.rule == "fuse:date=earliest-story-day" for p in event.provenance)


def test_a_stated_day_of_the_shooting_stands(story):
    _, reports = story(DAY_STATED)
    shooting = _shooting(reports)
    assert shooting.date.value == "2019-03-11" and not shooting.date.estimated


def test_with_no_day_in_the_story_the_publication_dates_it(story):
    from eventfold.fuse.values import fuse_event

    article, reports = story(NO_DAY)
    shooting = _shooting(reports)
    assert shooting.date.source == "article-date" and shooting.date.value == PUBLISHED
    event = fuse_event("ev-test", [shooting], [], {article.article_id: PUBLISHED})
    assert event.date.value == PUBLISHED and any(p.rule == "fuse:date=earliest-publication" for p in event.provenance)


def test_the_day_of_a_harm_comes_before_an_earlier_day_of_something_else(story):
    from eventfold.fuse.values import fuse_event

    article, reports = story(HARM_DAY_BEFORE_OTHER_DAYS)
    event = fuse_event("ev-test", [_shooting(reports)], [], {article.article_id: PUBLISHED})
    assert event.date.value == "2019-03-10"  # Sunday's gunfire, not Saturday's visit nor Tuesday's telling


def test_a_shooting_in_another_town_does_not_take_the_story_day(story):
    _, reports = story(ANOTHER_TOWN)
    elsewhere = [r for r in reports if r.place is not None and r.place.name == "Cedar Rapids"]
    assert elsewhere, "the second shooting makes a report placed in its town"
    assert elsewhere[0].date.source == "article-date" and elsewhere[0].date.value == PUBLISHED
