"""What a sentence tells around its event (issue 9): "on Thursday, two days after an air strike" dates
the strike two days before; a hostage killed, or people "being killed", are deaths; "the provincial
capital X" names a settlement whatever the small model took X for; a report no sentence places lies in
the one province its story names; adjoining towns across a first-level line may be one place. Sentences
and stories written for these tests, read by the real spaCy model, annotator and extractor."""

from __future__ import annotations

import pytest

from eventfold.extract.numbers import find_figures
from tests.test_actor_categories_in_context import _run


def test_an_event_told_days_before_a_dated_clause_is_dated_back(annotator):
    # published on Friday 12 May: Thursday is the 11th, the strike two days before
    _, _, result = _run(annotator, "Rescue teams dug through the rubble of a school in Goma on Thursday, two days "
                                   "after an air strike killed 14 pupils, a local official said.\n",
                        published="2023-05-12")
    [report] = result.reports
    assert report.date.value == "2023-05-09"
    assert report.sub_event_type == "Air/drone strike" and report.fatalities.conservative == 14


def test_an_event_whose_own_clause_names_its_day_keeps_it(annotator):
    _, _, result = _run(annotator, "The ambush came two days after gunmen killed eleven gendarmes at their post "
                                   "in Djibo on Thursday, the army said.\n", published="2023-05-14")
    assert {r.date.value for r in result.reports if r.fatalities is not None} == {"2023-05-11"}


def test_hostages_killed_are_deaths(annotator):
    from eventfold.annotate.nlp import load_nlp

    doc = load_nlp()("The armed wing said five hostages had been killed in the strike.")
    assert [(f.kind, f.quantity.conservative) for s in doc.sents for f in find_figures(s)] == [("killed", 5)]


@pytest.mark.parametrize("town, country", [("Goma", "CD"), ("Gao", "ML"), ("Bamenda", "CM")])
def test_a_name_after_the_provincial_capital_is_that_town(annotator, town, country):
    article, annotations, _ = _run(annotator, f"In the provincial capital {town}, traders said the main market "
                                              "stayed shut for a third day on Monday.\n")
    [mention] = [p for p in annotations.places if p.text == town]
    assert mention.place is not None and (mention.place.name, mention.place.country) == (town, country)


def test_a_report_nothing_places_lies_in_the_one_province_of_its_story(annotator):
    _, _, result = _run(annotator, "Rebel fighters attacked army positions across southern Kayin State on Friday, "
                                   "residents said.\n\nIn a separate incident on Sunday, gunmen shot dead four "
                                   "farmers working in their fields, police said.\n", published="2023-05-16")
    killing = next(r for r in result.reports if r.fatalities is not None)
    assert killing.place is not None and killing.place.feature_code == "ADM1" and killing.place.name == "Kayin"


def test_a_month_told_for_the_operation_dates_it_over_the_day_of_the_telling(annotator):
    _, _, result = _run(annotator, "The army said on Friday that it had killed 40 militants and arrested 12 during "
                                   "an operation at the end of March near Tessit, a market town in the Gao region.\n\n"
                                   "Residents said soldiers had killed many unarmed men from the town.\n",
                        published="2022-04-02")
    [report] = [r for r in result.reports if r.fatalities is not None and r.fatalities.conservative == 40]
    assert (report.date.value, report.date.precision) == ("2022-03", "month")


def test_a_bombardment_is_shelling_unless_from_the_air(annotator):
    from eventfold.extract.subevent import classify_batch

    typings = classify_batch(["A bombardment of the refugee camp killed 30 people on Monday, medics said.",
                              "An aerial bombardment of the market town killed 12 people on Sunday."])
    assert [t.prediction.sub_event_type for t in typings] == ["Shelling/artillery/missile attack", "Air/drone strike"]


def test_people_told_as_being_killed_are_counted_dead(annotator):
    from eventfold.annotate.nlp import load_nlp

    doc = load_nlp()("The raid resulted in four guards being killed and one villager wounded.")
    assert [(f.kind, f.quantity.conservative) for s in doc.sents for f in find_figures(s)] == [
        ("killed", 4), ("wounded", 1)]


def test_a_killing_in_an_operation_outranks_the_weapons_it_seized(annotator):
    _, _, result = _run(annotator, "Soldiers and police conducted a joint operation in the district on Sunday, "
                                   "leading to the deaths of nine militants and the seizure of rifles.\n",
                        published="2023-05-16")
    [report] = result.reports
    assert report.sub_event_type == "Armed clash" and report.fatalities.conservative == 9


@pytest.mark.parametrize("sentence, sub_event_type", [
    ("Customs officers intercepted 30 smuggled pistols at the border crossing on Tuesday.", "Disrupted weapons use"),
    ("Police said they had seized a total of 140 assault rifles in raids across the province.", "Disrupted weapons use"),
    ("Three rifles and a box of ammunitions were seized during the search of the farm.", "Disrupted weapons use"),
    ("Protesters tore down the metal barriers outside the ministry during Sunday's demonstration.",
     "Violent demonstration"),
    ("The garrison pulled out of the hilltop fort overnight, leaving it empty.", "Non-violent transfer of territory"),
])
def test_seizures_a_crowds_damage_and_a_withdrawal_are_typed(sentence, sub_event_type):
    from eventfold.extract.subevent import classify_batch

    assert classify_batch([sentence])[0].prediction.sub_event_type == sub_event_type


def test_the_number_of_people_killed_is_a_toll_and_the_name_before_said_tells_it(annotator):
    _, _, result = _run(annotator, "The number of people killed in Tuesday's rocket strike on the bus depot in "
                                   "Sumy rose to 21, including three children, the mayor of the city, Oleh Marchuk, "
                                   "said on Wednesday.\n", published="2022-05-11")
    [report] = result.reports
    assert report.fatalities.conservative == 21
    assert report.claimant == "Oleh Marchuk"


def test_taking_a_site_is_a_control_claim_and_calling_it_lies_denies_it(annotator):
    _, _, result = _run(annotator, "Heavy fighting broke out in the capital on Saturday between the army and the "
                                   "Popular Guard militia.\n\nThe Popular Guard said its fighters had taken the "
                                   "state television building and the main airport. The army called the claims lies "
                                   "and said it held both sites.\n", published="2023-06-11")
    control = [c for c in result.claims if c.kind == "control"]
    asserted = [c for c in control if c.polarity == "asserted"]
    denied = [c for c in control if c.polarity == "denied"]
    assert asserted and "airport" in asserted[0].subject and asserted[0].value == "The Popular Guard"
    assert denied and denied[0].claimant == "The army"


def _item_at(name, latitude, longitude, admin1, geonameid):
    from eventfold.fuse.reports import report_item
    from eventfold.model import EventReport, Place, Span

    place = Place(geonameid, name, latitude, longitude, "US", admin1, feature_class="P", geo_precision=1)
    report = EventReport("r" + name, "a" + name, "Battles", "Armed clash", Span("a" + name, 0, 1), place=place)
    return report_item(report, None)


def test_adjoining_towns_across_an_area_line_may_be_one_place():
    from eventfold.fuse.reports import _places_compatible

    vancouver = _item_at("Vancouver", 45.6387, -122.6615, "Washington", 1)
    portland = _item_at("Portland", 45.5234, -122.6762, "Oregon", 2)  # 13 km away, across the river
    salem = _item_at("Salem", 44.9429, -123.0351, "Oregon", 3)
    assert _places_compatible(vancouver, portland)
    assert not _places_compatible(vancouver, salem)  # 80 km: another place
