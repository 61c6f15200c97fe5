"""A fused event's tolls and day (issue 9, fifteenth round): each story gives one toll, its smaller
figures beside the count its report gives being parts of it ("one of the victims"); a later day's
higher toll of the same victims (a wounded victim died) is an update, not a disagreement, while the
same day's differing tolls, or a later toll a different named source gives, stay ACLED's most
conservative with the range kept. A stated week takes the day within it a story names. Stories
written for these tests, run through the real ingest, annotator (spaCy), extractor and fusion."""

from __future__ import annotations

import pytest


def fused_main_event(annotator, stories: list[tuple[str, str]]):
    """The event holding most reports, from stories (text, publication day)."""
    from eventfold.extract.events import extract_events
    from eventfold.fuse import fuse_reports
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    articles, reports, claims = [], [], []
    for n, (text, day) in enumerate(stories):
        article = parse_document(RawDocument(path=f"story{n}", format="text", content=text, published=day),
                                 IngestOptions())
        extraction = extract_events(article, annotator.annotate([article])[0], actors=annotator.actors)
        articles.append(article)
        reports += [r for r in extraction.reports if r.modality == "actual"]
        claims += extraction.claims
    events = fuse_reports(reports, articles, claims)
    assert events, "the shooting makes an event"
    return max(events, key=lambda e: len(e.report_ids))


FIRST_NIGHT = """One man killed, another hurt in Dayton shooting

One man was killed and another man was wounded in a shooting outside a bar on Elm Street in
Dayton late Sunday, police said. The wounded man was taken to Miami Valley Hospital in critical
condition."""

NEXT_DAY = """Second man dies after Dayton bar shooting

Two men have died after a shooting outside a bar on Elm Street in Dayton late Sunday, police said
Tuesday. The second man died at Miami Valley Hospital on Monday. Detectives are still looking for
the gunman."""

SAME_DAY_FEWER = """Man killed in Dayton shooting

One man was killed in a shooting outside a bar on Elm Street in Dayton late Sunday, police said."""

SAME_DAY_MORE = """Two killed in Dayton shooting

Two men were killed in a shooting outside a bar on Elm Street in Dayton late Sunday, police
said."""


def test_a_wounded_victim_who_died_the_next_day_raises_the_toll(annotator):
    event = fused_main_event(annotator, [(FIRST_NIGHT, "2016-05-09"), (NEXT_DAY, "2016-05-10")])
    assert (event.fatalities.value, event.fatalities.low, event.fatalities.high) == (2, 1, 2)
    assert any(p.rule == "fuse:fatalities=later-toll-of-the-wounded" for p in event.provenance)
    assert event.wounded.value == 0  # the wounded man is the one who died


def test_tolls_of_the_same_day_stay_the_most_conservative(annotator):
    event = fused_main_event(annotator, [(SAME_DAY_FEWER, "2016-05-09"), (SAME_DAY_MORE, "2016-05-09")])
    assert (event.fatalities.value, event.fatalities.low, event.fatalities.high) == (1, 1, 2)
    assert not any("later-toll" in p.rule for p in event.provenance)


FIRE_CHIEF = """Three dead in Lansing warehouse shooting

A gunman opened fire inside a warehouse on Kalamazoo Street in Lansing on Friday, killing at least
three workers and wounding 12 others, the fire chief said."""

MAYOR = """Lansing warehouse shooting toll rises

The number of workers killed in Friday's shooting at a warehouse on Kalamazoo Street in Lansing
rose to five, Mayor Andy Schor said on Saturday."""


def test_a_later_toll_another_named_source_gives_stays_a_disagreement(annotator):
    event = fused_main_event(annotator, [(FIRE_CHIEF, "2016-05-07"), (MAYOR, "2016-05-08")])
    assert (event.fatalities.value, event.fatalities.low, event.fatalities.high) == (3, 3, 5)


PARTS = """Four wounded in Macon park shooting

Four people were wounded in a shooting at a park on Pine Street in Macon on Saturday evening,
police said. One of the victims, a 19-year-old man, was shot in the leg. Officers are looking for
two men seen running from the park."""


def test_a_victim_singled_out_in_a_story_is_one_of_its_count(annotator):
    event = fused_main_event(annotator, [(PARTS, "2016-05-08")])
    assert event.wounded.value == 4


WHOLE_COUNT = """Three women shot outside Akron store

Three women were shot outside a store on Main Street in Akron on Tuesday night, police said.
Four people were wounded in the shooting, police said later: the three women and a man who was
hit in the leg. All are expected to survive."""

OTHER_OUTLET = """Four hurt in Akron shooting

Four people were wounded in a shooting outside a store on Main Street in Akron on Tuesday night,
police said."""


def test_a_story_s_exact_count_another_figure_repeats_holds_the_victims_its_report_singles_out(annotator):
    event = fused_main_event(annotator, [(WHOLE_COUNT, "2016-05-11"), (OTHER_OUTLET, "2016-05-11")])
    assert (event.wounded.value, event.wounded.low, event.wounded.high) == (4, 3, 4)


ESTIMATES = """Gunmen attack market in Jos

Gunmen opened fire on a crowded market in Jos, in Plateau State, on Sunday, killing at least 14
people, a police spokesman said. A local councillor said more than 30 people had died."""


def test_a_story_s_hedged_estimates_stay_the_most_conservative(annotator):
    event = fused_main_event(annotator, [(ESTIMATES, "2022-06-06")])
    assert (event.fatalities.value, event.fatalities.low) == (14, 14)


LAST_WEEK = """Police name man killed in Toledo shooting

Toledo police on Monday identified the man who was shot and killed last week on Oak Street as
Marcus Reed, 31. No arrests have been made."""

LATE_TUESDAY = """Man killed in Toledo shooting

A man was shot and killed on Oak Street in Toledo, police said. Officers were called to the
street late Tuesday after neighbours heard several shots."""


def test_a_stated_week_takes_the_day_within_it_a_story_names(annotator):
    event = fused_main_event(annotator, [(LAST_WEEK, "2016-11-28"), (LATE_TUESDAY, "2016-11-23")])
    assert (event.date.value, event.time_precision) == ("2016-11-22", 2)
    assert any(p.rule == "fuse:date=most-precise-stated+story-day-within" for p in event.provenance)


UPPER_BOUND = """Militants seize Tarin Kot district

Militants seized the district centre of Tarin Kot on Friday after a day of fighting, killing as
many as 40 soldiers, local elders said. A provincial official said 12 soldiers were killed."""


def test_an_upper_bound_holds_no_smaller_figure_of_its_story(annotator):
    event = fused_main_event(annotator, [(UPPER_BOUND, "2021-08-14")])
    assert (event.fatalities.value, event.fatalities.high) == (12, 40)
