"""What a story says only in passing or by default does not make the event: the town a lead takes
because it names none yields to the place the next sentence gives; "last month" in a page dated by
a relative stamp dates the event to that month, not to the page's day; a capture told as the
background of a killing ("... after they seized the district") does not type the killing. Texts
are the project's own, run through the real pipeline (spaCy, a real SQLite store)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.test_actor_categories_in_context import _run

# The lead names no place: the story's most named town (not the dateline) was its place by default.
LEAD_WITHOUT_PLACE = """Clan fighters push al-Shabaab out of villages

BELEDWEYNE, Somalia — Clan militias backed by local elders drove al-Shabaab fighters out of four villages
on Tuesday, the boldest challenge to the group since it returned to the area last year.

Militia leaders said they had killed 12 of the group's fighters in the battle for the villages in Hiran
region, north of Mogadishu.

Officials in Mogadishu welcomed the advance. The government in Mogadishu has promised the militias weapons
and pay.
"""

# A page saved with a stamp counted from the retrieval date ("3 days ago"): "last month" is a month.
LAST_MONTH_UNDER_A_RELATIVE_STAMP = """Rights group details killings in Kaduna

By Staff Writer
3 days ago

Investigators from a rights group said soldiers executed nine farmers in Kaduna state last month, in a
report published on its website.
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    from eventfold.ingest import IngestOptions
    from eventfold.pipeline import ingest
    from eventfold.store import Store
    from eventfold.store.dataset import load_dataset
    from eventfold.store.extractions import event_reports

    folder = tmp_path_factory.mktemp("stories")
    (folder / "lead.txt").write_text(LEAD_WITHOUT_PLACE, encoding="utf-8")
    (folder / "kaduna.txt").write_text(LAST_MONTH_UNDER_A_RELATIVE_STAMP, encoding="utf-8")
    store = Store.open(folder / "stories.db")
    ingest(store, [str(folder / "lead.txt"), str(folder / "kaduna.txt")],
           IngestOptions(retrieved_at=datetime(2023, 9, 8)))
    data = load_dataset(store)
    data.stored_reports = list(event_reports(store))
    yield data
    store.close()


def _events_of(dataset, name):
    article = next(a for a in dataset.articles if a.path.endswith(name))
    return [e for e in dataset.events if article.article_id in e.article_ids]


def test_a_lead_without_a_place_takes_the_next_sentences_not_the_storys_town(dataset):
    events = _events_of(dataset, "lead.txt")
    assert len(events) == 1  # the lead and its toll are one event
    event = events[0]
    assert event.sub_event_type == "Non-state actor overtakes territory"
    assert event.place is not None and event.place.name != "Mogadishu" and event.place.admin1 == "Hiiraan"
    assert event.fatalities is not None and event.fatalities.value == 12


def test_last_month_is_not_the_day_of_a_page_dated_by_a_relative_stamp(dataset):
    (event,) = _events_of(dataset, "kaduna.txt")
    assert event.date.value == "2023-08" and event.date.precision == "month"
    assert any(p.rule == "fuse:date=counted-from-publication" for p in event.provenance)


def test_folded_sentences_are_what_fusion_compares(dataset):
    from eventfold.fuse.reports import _report_text
    from eventfold.model import FOLDED_SENTENCE_RULE

    article = next(a for a in dataset.articles if a.path.endswith("lead.txt"))
    (event,) = _events_of(dataset, "lead.txt")
    report = next(r for r in dataset.stored_reports if r.report_id in event.report_ids)
    assert any(p.rule == FOLDED_SENTENCE_RULE for p in report.provenance)
    text = _report_text(report, article)
    assert "four villages" in text and "Hiran region" in text


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


@pytest.mark.parametrize("text", [
    "Witnesses described the massacre of 40 men by the militia last week in the town of Tawila, after the "
    "fighters overran the army base.",
    "A report by the monitors detailed the killing of twelve villagers in May by soldiers, who had taken "
    "control of the area days before.",
])
def test_a_capture_told_as_background_does_not_type_the_killing(annotator, text):
    _, _, result = _run(annotator, text, published="2023-06-20")
    kinds = {r.sub_event_type for r in result.reports}
    assert "Attack" in kinds
    assert not kinds & {"Non-state actor overtakes territory", "Government regains territory"}


def test_a_capture_alone_in_the_background_is_no_event(annotator):
    # the rest of the sentence reads as no ACLED event: the background does not make it one
    _, _, result = _run(annotator, "A rights group's report described the execution of six farmers last month "
                                   "by the militia, after it seized villages in North Kordofan state.",
                        published="2023-06-20")
    assert not [r for r in result.reports if r.sub_event_type in ("Non-state actor overtakes territory",
                                                                     "Government regains territory")]


def test_one_clause_told_in_two_keeps_its_type(annotator):
    # "hurt after police fired teargas": the after-clause is the event itself, not its background
    _, _, result = _run(annotator, "Eight protesters were hurt in the capital on Monday after police fired "
                                   "teargas to break up the march.", published="2023-06-20")
    assert {r.event_type for r in result.reports} == {"Protests"}


def test_a_battle_told_with_one_side_takes_the_side_the_story_pits_it_against(annotator):
    _, _, result = _run(annotator, "The army launched an attack on Tuesday against the old market district of "
                                   "Omdurman, which the paramilitary Rapid Support Forces (RSF) have held since April, "
                                   "residents said. The RSF said its fighters had held their positions. RSF "
                                   "commanders accused the army of shelling homes.\n\nTwenty soldiers were killed "
                                   "in the fighting near the market, a medical source said.", published="2023-06-21")
    (clash,) = [r for r in result.reports if r.sub_event_type == "Armed clash"]
    # the army's attack is the battle the soldiers died in: its sides in either order (a battle's
    # actors are unordered), the one the sentences do not name taken from the article
    assert {clash.actor1, clash.actor2} == {"Military Forces of Sudan", "Rapid Support Forces"}
    assert any(p.rule.endswith(":opponent-in-article") for p in clash.provenance)
    assert clash.fatalities.conservative == 20


def test_a_force_named_once_in_passing_is_no_opponent(annotator):
    _, _, result = _run(annotator, "Fighters clashed with a rival faction near the border town on Friday, a local "
                                   "official said. The army, which withdrew from the area in 2019, was not "
                                   "involved.", published="2023-06-21")
    clashes = [r for r in result.reports if r.sub_event_type == "Armed clash"]
    assert clashes and not any(p.rule.endswith(":opponent-in-article") for r in clashes for p in r.provenance)


def test_figures_of_a_sentence_set_years_before_belong_to_no_event(annotator):
    _, _, result = _run(annotator, "Gunmen killed three farmers in Bokkos on Monday, police said. The village chief, "
                                   "who has led the community for decades, survived an ambush in 1998 in which his "
                                   "two brothers were killed.", published="2023-06-21")
    (attack,) = [r for r in result.reports if r.sub_event_type == "Attack"]
    assert attack.fatalities.conservative == 3
    history = [c for c in result.claims if c.kind == "killed" and c.value == "2"]
    assert history and all(c.event_report_id is None for c in history)


def test_every_capital_taken_in_a_campaign_is_no_one_event(annotator):
    text = ("Within two weeks, the rebels took control of every district capital across the northern province of "
            "Ituri, despite the army's air power and its drones.")
    _, _, result = _run(annotator, text, published="2023-06-20")
    assert not [r for r in result.reports if r.event_type == "Battles"]
    _, _, one = _run(annotator, "Rebels seized three district capitals in the northern province of Ituri on Sunday, "
                                "a local official said.", published="2023-06-20")
    assert [r.sub_event_type for r in one.reports] == ["Non-state actor overtakes territory"]


def test_a_happening_recalled_around_a_charged_deed_is_no_news(annotator):
    _, _, recalled = _run(annotator, "The former minister blames the president for fleeing the capital when the "
                                     "rebels took the city, and asks donors to press the junta.", published="2023-06-20")
    assert not [r for r in recalled.reports if r.event_type == "Battles"]
    _, _, told = _run(annotator, "Three soldiers were killed when rebels attacked their convoy near Kidal on Sunday, "
                                 "the army said.", published="2023-06-20")
    assert [r.event_type for r in told.reports] == ["Battles"]


@pytest.mark.parametrize("earlier", [
    "The raid came two days after nine soldiers were killed when their camp near the same town was attacked "
    "on Thursday.",
    "On Thursday, gunmen had killed nine soldiers at a camp near the same town, the army said then.",
])
def test_an_incident_told_as_before_the_lead_keeps_its_own_toll(annotator, earlier):
    text = ("Gunmen killed at least 40 villagers in Tillaberi on Saturday night, the government said on Monday. "
            + earlier)
    _, _, result = _run(annotator, text, published="2022-06-14")
    tolls = sorted((r.date.value, r.fatalities.conservative) for r in result.reports if r.fatalities)
    assert tolls == [("2022-06-09", 9), ("2022-06-11", 40)]


def test_a_later_count_of_the_same_dead_is_not_a_second_incident(annotator):
    _, _, result = _run(annotator, "Gunmen killed at least 40 villagers in Tillaberi on Saturday night, the "
                                   "government said on Monday. Rescuers had counted 40 bodies by Sunday evening.",
                        published="2022-06-14")
    assert [r.fatalities.conservative for r in result.reports if r.fatalities] == [40]


def test_a_countrys_army_is_its_forces_even_when_the_model_takes_the_country_for_a_person(annotator):
    # spaCy's small model tags "Mali" of "Mali's army" PERSON; the army is still Mali's
    _, annotations, result = _run(annotator, "Mali's army said on Tuesday it had taken the northern rebel "
                                             "stronghold of Kidal after a raid on armed insurgents.",
                                  published="2023-11-14")
    assert "Military Forces of Mali" in {e.name for e in annotations.entities}
    (taken,) = [r for r in result.reports if r.sub_event_type == "Government regains territory"]
    assert taken.actor1 == "Military Forces of Mali"


@pytest.mark.parametrize("text", [
    "An army drone strike killed 12 civilians at a market near Kaduna on Monday, residents said.",
    "A police raid killed four suspected bandits in Kaduna on Monday, residents said.",
])
def test_the_force_that_modifies_a_strike_or_raid_did_it(annotator, text):
    _, _, result = _run(annotator, text, published="2023-12-05")
    assert [r.actor1 for r in result.reports if r.actor1] and all(
        r.actor1.startswith(("Military Forces of Nigeria", "Police Forces of Nigeria")) for r in result.reports if r.actor1)


def test_a_seizure_months_before_is_history_whatever_the_rest_tells(annotator):
    _, _, result = _run(annotator, "The last foreign trainers left the country on Friday, several months after the "
                                   "junta seized control of the capital.", published="2023-12-23")
    assert not [r for r in result.reports if r.sub_event_type in ("Non-state actor overtakes territory",
                                                                     "Government regains territory")]


def test_who_tells_a_toll_is_not_counted_among_its_dead(annotator):
    _, _, result = _run(annotator, "The rebels suffered heavy losses at the Salang Pass on Friday, where commander "
                                   "Ahmad Wali leads the defence. He wrote on Twitter that more than 200 rebel "
                                   "fighters were killed.", published="2021-09-04")
    killed = [c for c in result.claims if c.kind == "killed"]
    assert killed and all(c.value != "1" for c in killed)


def test_a_toll_told_there_belongs_to_the_place_named_before_not_to_the_lead(annotator):
    text = ("Resistance fighters said they had killed 40 Taliban fighters in Andarab on Friday.\n\n"
            "A far higher toll came from the Khawak pass, where commander Munib Amiri leads the defence. "
            "He claimed that more than 300 Taliban had died there.")
    _, _, result = _run(annotator, text, published="2021-09-04")
    there = [c for c in result.claims if c.kind == "killed" and c.quantity and (c.quantity.conservative or 0) > 300]
    assert there and all(c.place and "Khawak" in c.place for c in there)
