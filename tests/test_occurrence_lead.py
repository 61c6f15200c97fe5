"""The lead's happening as the article's anchor report (issue 9, ECB+-like stories; extract/occurrences.py
`lead_reports`), on stories written for these tests, through the real annotator and extractor, and
through the real command line and SQLite store:

- a lead whose occurrence is told below its main verb ("stopped his challenger ... to win the
  belt"), or whose happening no lexicon word tells ("knocked out"), gives the article an "Other"
  report of the lead (kind "Unclassified" for the latter), without figures, so that every outlet
  telling that happening lands in one event; a look-alike (an earlier fight) stays apart;
- a lead that already holds an event (a shooting), or a story of violence (a charge, a sentencing:
  its aftermath), gets no anchor.
"""

from __future__ import annotations

import pytest

from conftest import export_all_events, extract_story


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def test_a_leads_occurrence_told_below_its_main_verb_is_the_articles_anchor(annotator):
    from eventfold.extract.occurrences import LEAD_RULE

    _, _, reports = extract_story(annotator, MOSS, "2023-06-11")
    leads = [r for r in reports if any(p.rule == LEAD_RULE for p in r.provenance)]
    assert [(r.event_type, r.sub_event_type, r.actor1) for r in leads] == [("Other", "Contest result", "Ivo Hartley")]
    assert leads[0].confidence >= 0.8 and leads[0].date.value == "2023-06-10"
    assert len({r.report_id for r in reports}) == len(reports)


@pytest.mark.parametrize("text", [
    # the lead holds an event
    "A man was shot and killed outside a bar in Dunmore late on Friday, police said.\n\n"
    "A suspect was arrested on Saturday.\n",
    # a story of violence: the charge, the sentencing, the vigil are the violence's aftermath
    "A man was charged on Friday with murder in the shooting of a teenager in Dunmore last week.\n\n"
    "The boy was shot outside a store.\n",
    # (a sentence for a killing of years ago, told with no report of violence, is anchored since the
    # fourteenth round: tests/test_occurrence_lead_r14.py)
])
def test_a_lead_that_holds_an_event_or_tells_violence_gets_no_anchor(annotator, text):
    from eventfold.extract.occurrences import LEAD_RULE

    _, _, reports = extract_story(annotator, text, "2023-10-14")
    assert not any(p.rule == LEAD_RULE for r in reports for p in r.provenance)


def test_a_lead_of_no_known_kind_is_an_unclassified_happening_of_its_named_parties(annotator):
    from eventfold.extract.occurrences import LEAD_RULE, UNCLASSIFIED

    _, _, reports = extract_story(annotator, HARTLEY, "2023-10-15")
    leads = [r for r in reports if any(p.rule == LEAD_RULE for p in r.provenance)]
    assert [(r.sub_event_type, r.actor1, r.actor2) for r in leads] == [(UNCLASSIFIED, "Ivo Hartley", "Dan Vance")]
    assert leads[0].date.value == "2023-10-14"


@pytest.mark.parametrize("text", [
    "Mayor Ann Ruiz said on Monday that the city would repave Elm Street next year.\n\nThe work will cost $2m.\n",
    "The Harbor Saints will name a new head coach next week, the club's owner Dana Pike said.\n\nFans are waiting.\n",
    "Hundreds of people gathered on Sunday to remember Tom Reyes, who was shot dead last week.\n\n"
    "His mother spoke at the vigil.\n",
])
def test_a_statement_a_plan_or_a_participants_past_is_no_leads_happening(annotator, text):
    from eventfold.extract.occurrences import LEAD_RULE

    _, _, reports = extract_story(annotator, text, "2023-10-15")
    assert not [r for r in reports if any(p.rule == LEAD_RULE for p in r.provenance)]


MOSS = ("Ivo Hartley stopped Carl Moss in the ninth round on Saturday to win the heavyweight belt.\n\n"
        "Moss was cut above the eye.\n")
HARTLEY = ("Ivo Hartley stopped Dan Vance in the sixth round on Saturday to keep his heavyweight belt.\n\n"
           "Vance had not lost in four years.\n")
ARTICLES = [
    {"source": "Ring Notes", "date": "2023-10-15", "title": "Hartley keeps his belt", "text": HARTLEY},
    {"source": "Fight Daily", "date": "2023-10-15", "title": "Vance falls in six",
     "text": "Heavyweight champion Ivo Hartley knocked out Dan Vance in the sixth round on Saturday night.\n\n"
             "The crowd in Leeds cheered as Vance went down.\n"},
    {"source": "Ring Notes", "date": "2023-06-11", "title": "Hartley beats Moss", "text": MOSS},
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export_all_events(tmp_path_factory.mktemp("occurrence-lead"), ARTICLES)


def test_two_outlets_leading_with_one_fight_in_other_words_are_one_event_and_an_earlier_fight_another(exported):
    fights = sorted((row["event_date"], row["source_count"]) for row in exported
                    if "Hartley" in (row["actor1"] or "") + (row["actor2"] or ""))
    assert fights == [("2023-06-10", 1), ("2023-10-14", 2)], fights


def test_a_happening_of_no_known_kind_may_join_any_kind_and_known_kinds_stay_apart():
    from eventfold.extract.occurrences import UNCLASSIFIED
    from eventfold.fuse.occurrences import RELATED_KIND, kind_bonus, occurrences_compatible
    from eventfold.model import ReportItem

    def item(report_id: str, kind: str) -> ReportItem:
        return ReportItem(report_id=report_id, article_id=report_id, family="Other", event_type="Other",
                          sub_event_type=kind)

    fight, lead, death = item("a", "Contest result"), item("b", UNCLASSIFIED), item("c", "Death")
    assert kind_bonus(fight, lead) == RELATED_KIND and occurrences_compatible(fight, lead)
    assert not occurrences_compatible(fight, death)


def test_weapons_fired_are_no_dismissal(annotator):
    from conftest import extract_record

    reports = extract_record(annotator, "Rocket from Syria lands in Israeli-held Golan Heights",
                             "Rockets were fired from Syria toward the Israeli-held area of the Golan Heights, one "
                             "landing in an open field and two others falling short of the frontier.", "2023-04-08")
    assert not any(r.sub_event_type == "Appointment or dismissal" for r in reports)
