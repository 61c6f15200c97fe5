"""Events wire copy tells beside or around its lead: a comparison with the past ("the biggest
offensive since the coup") that is no total over a period, a fight told by its outbreak with nobody
named, a definite "the strike" that only places a new event in time, and arson told with "set ... on
fire". Texts are the project's own."""

from __future__ import annotations

import pytest

from tests.test_actor_categories_in_context import _run


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _actual(result):
    return [r for r in result.reports if r.modality == "actual"]


def _sentence(annotator, text):
    return next(iter(annotator.nlp(text).sents))


def test_a_superlative_since_is_a_comparison_not_a_period_total(annotator):
    from eventfold.extract import decide
    from eventfold.extract.clauses import comparison_blanked

    sent = _sentence(annotator, "Rebels stormed army posts across the north on Friday, the biggest offensive "
                                "against the government since the 2019 coup.")
    assert "since" not in comparison_blanked(sent) and "2019" not in comparison_blanked(sent)
    features = decide.candidate_features(sent, decide.main_trigger(sent), modality="actual",
                                         certainty="asserted", article_year=2023)
    assert "cue=period" not in features and "year=far-past" not in features


def test_a_total_since_a_date_stays_a_period_total(annotator):
    from eventfold.extract import decide

    sent = _sentence(annotator, "More than 300 civilians have been killed in the province since the war began.")
    features = decide.candidate_features(sent, decide.main_trigger(sent), modality="actual",
                                         certainty="asserted", article_year=2023)
    assert "cue=period" in features


def test_fighting_that_broke_out_is_a_clash_though_no_side_is_named(annotator):
    _, _, result = _run(annotator, "A drone hit a fuel depot in Gondar on Saturday, killing two guards, a hospital "
                                   "official said. The strike came three days after heavy fighting broke out on "
                                   "Wednesday around Debre Tabor.\n", published="2023-09-10")
    clash = next(r for r in _actual(result) if r.sub_event_type == "Armed clash")
    assert clash.date is not None and clash.date.value == "2023-09-06"
    assert "Debre Tabor" in (clash.location_text or "")
    assert any(r.sub_event_type == "Air/drone strike" for r in _actual(result))


def test_a_fight_said_to_continue_is_no_new_event(annotator):
    _, _, result = _run(annotator, "Fighting continued in parts of the region, the army said in a statement that gave no "
                                   "figures for either side. Aid groups asked for a pause to reach the wounded.\n",
                        published="2023-09-10")
    assert not [r for r in _actual(result) if r.sub_event_type == "Armed clash" and r.confidence >= 0.8]


def test_houses_set_on_fire_by_gunmen_tell_an_attack(annotator):
    _, _, result = _run(annotator, "In the village of Kadunu, families hid in the bush for hours as gunmen set "
                                   "houses on fire on Sunday night, a local official said.\n", published="2023-05-02")
    (report,) = _actual(result)
    assert report.event_type in ("Violence against civilians", "Explosions/Remote violence",
                                 "Strategic developments")
    assert report.date is not None and report.date.value == "2023-04-30"


def test_the_dead_of_the_whole_war_are_not_the_toll_of_the_event(annotator):
    _, _, result = _run(annotator, "Heavy guns hit two districts of the port city overnight into Sunday, residents "
                                   "said, in a war between rival commanders that has killed hundreds and emptied "
                                   "whole neighbourhoods. Shops stayed shut.\n",
                        published="2023-05-14")
    (report,) = _actual(result)
    assert report.fatalities is None
    total = next(c for c in result.claims if c.kind == "killed")
    assert total.event_report_id is None  # a claim about the war, not about Sunday's shelling


def test_a_toll_told_with_the_event_is_still_its_own(annotator):
    _, _, result = _run(annotator, "Artillery fire killed nine people at a bus station in the capital on Sunday, "
                                   "medics said. Residents stayed indoors.\n", published="2023-05-14")
    (report,) = _actual(result)
    assert report.fatalities is not None and report.fatalities.low == 9


def test_a_ceasefire_asked_for_is_no_agreement(annotator):
    _, _, result = _run(annotator, "Neighbouring states urge a durable truce while the siege drags into a third "
                                   "month. Soldiers shelled a school in the south of the city on Tuesday, "
                                   "killing 14 people, medics said.\n", published="2023-12-12")
    assert not [r for r in result.reports if r.sub_event_type == "Agreement"]
    assert any(r.fatalities is not None and r.fatalities.low == 14 for r in _actual(result))


def test_deaths_after_a_strike_take_the_strike_s_doer_and_place(annotator):
    _, _, result = _run(annotator, "Nineteen people died on Monday after a Russian missile hit a crowded "
                                   "grain warehouse in eastern Ukraine, according to the regional governor.\n",
                        published="2023-10-10")
    (report,) = _actual(result)
    assert report.place is not None and report.place.country == "UA"
    assert report.actor1 == "Military Forces of Russia"


def test_drones_destroyed_by_air_defence_are_disrupted_weapons(annotator):
    _, _, result = _run(annotator, "Officials said four drones were destroyed by air defence units above farmland "
                                   "north of the city before dawn on Tuesday. Nobody was hurt.\n",
                        published="2023-08-01")
    assert [r.sub_event_type for r in _actual(result)] == ["Disrupted weapons use"]


def test_rocket_strikes_are_shelling(annotator):
    _, _, result = _run(annotator, "Rocket strikes on a market town on Saturday killed a firefighter and injured "
                                   "eight shoppers, the local council said.\n", published="2023-11-18")
    (report,) = _actual(result)
    assert report.sub_event_type == "Shelling/artillery/missile attack"


def test_a_bare_toll_far_below_the_lead_is_the_toll_of_the_article_s_event(annotator):
    text = ("Local fighters in Kandahar province forced the Taliban out of two districts on Friday, according to "
            "elders in the area, in the first armed challenge to the movement.\n\nThe elders named the districts "
            "and said the fighters had been shopkeepers, teachers and farmers until last month, when they began to "
            "gather in the orchards above the river and to collect old rifles from their relatives.\n\nPictures "
            "shared online showed men dancing in a market square while others raised the old national flag over "
            "the district offices and handed out sweets to children.\n\nPeople in the valley said the roads had "
            "been quiet for days and that many families had stayed at home, unsure what the coming week would "
            "bring for their crops and their shops.\n\nElders claimed as many as 40 Taliban were killed.\n")
    _, _, result = _run(annotator, text, published="2021-08-21")
    reports = [r for r in _actual(result) if r.event_type == "Battles"]
    assert len(reports) == 1
    assert reports[0].fatalities is not None and reports[0].fatalities.high == 40


def test_the_clause_that_dates_the_event_places_it(annotator):
    _, _, result = _run(annotator, "The rebels had seized the outlying villages in recent weeks, part of an advance "
                                   "that brought Kindu under their control by July 9, residents said.\n",
                        published="2023-07-20")
    dated = [r for r in result.reports if r.date is not None and r.date.value == "2023-07-09"]
    assert dated and all(r.place is not None and r.place.name == "Kindu" for r in dated)


def test_a_weapon_named_with_its_country_is_that_country_s_forces(annotator):
    _, _, result = _run(annotator, "On Thursday a U.S. fighter jet shot down an armed drone that was circling close "
                                   "to an airfield near Deir ez-Zor, according to military officials.\n", published="2023-10-06")
    (report,) = _actual(result)
    assert report.actor1 == "Military Forces of United States"


def test_who_deplores_a_killing_is_no_party_to_it(annotator):
    _, _, result = _run(annotator, "The archbishop deplored on Sunday the killing of two nuns at a convent near "
                                   "Juba and asked the armed groups to spare clergy.\n", published="2023-12-18")
    (report,) = _actual(result)
    assert report.actor1 is None or "archbishop" not in report.actor1.lower()


def test_people_named_by_what_befell_them_tell_no_new_event(annotator):
    _, _, result = _run(annotator, "A video of a man ripping posters of abducted schoolgirls off a wall in Lagos "
                                   "spread online on Monday, drawing anger.\n", published="2023-10-26")
    assert not [r for r in _actual(result) if r.confidence >= 0.8]


def test_a_country_that_launches_strikes_is_their_doer(annotator):
    _, _, result = _run(annotator, "Turkey launched a series of air strikes on villages near Qamishli on Friday, "
                                   "killing nine people, among them two commanders of the Kurdish YPG.\n",
                        published="2023-05-10")
    (report,) = _actual(result)
    assert report.actor1 == "Military Forces of Turkey"


def test_a_warship_is_its_country_s_forces(annotator):
    _, _, result = _run(annotator, "A French frigate intercepted and shot down three drones over the Red Sea late "
                                   "on Monday, its navy said.\n", published="2023-10-21")
    (report,) = _actual(result)
    assert report.sub_event_type == "Disrupted weapons use"
    assert report.actor1 == "Military Forces of France"


def test_people_killed_after_militants_opened_fire_are_the_militants_victims(annotator):
    _, _, result = _run(annotator, "Twelve farmers were killed near Gwoza on Wednesday after Boko Haram fighters "
                                   "opened fire on a harvest party, a local leader said.\n", published="2023-11-01")
    (report,) = _actual(result)
    assert report.actor1 == "Boko Haram"
    assert report.fatalities is not None and report.fatalities.low == 12


def test_a_ceasefire_body_that_reports_makes_no_agreement(annotator):
    _, _, result = _run(annotator, "According to a truce monitoring team, government forces fired four rockets at "
                                   "the village of Kalanki on Friday.\n", published="2022-12-16")
    assert [r.sub_event_type for r in _actual(result)] == ["Shelling/artillery/missile attack"]


def test_the_weapon_that_struck_decides_the_kind_of_remote_violence(annotator):
    _, _, result = _run(annotator, "Two engineers were killed and four guards were wounded after a drone, "
                                   "believed to belong to a militia, hit an oil depot near Erbil on Sunday, "
                                   "officials said.\n", published="2023-04-02")
    (report,) = _actual(result)
    assert report.sub_event_type == "Air/drone strike"


def test_who_withdrew_gave_the_town_up(annotator):
    _, _, result = _run(annotator, "Aid groups said on Monday that food prices had doubled in the region. A "
                                   "trader who left when the town of Kadugli fell on June 3, after government "
                                   "forces withdrew, said markets were empty.\n", published="2023-06-20")
    fall = next(r for r in result.reports if r.place is not None and r.place.name == "Kadugli")
    assert fall.actor1 is None and fall.actor2 == "Military Forces of Sudan"


def test_an_actor_whose_country_nothing_tells_is_named_without_one(annotator):
    _, _, result = _run(annotator, "A rocket fired from across the border hit a house in a northern farming town on "
                                   "Monday, wounding two people, medics said.\n", published="2023-05-02")
    (report,) = _actual(result)
    assert report.actor2 == "Civilians" and report.inter2 == 7
    assert "unknown" not in " ".join(filter(None, (report.actor1, report.actor2)))


def test_a_district_after_its_province_s_possessive_is_no_neighbourhood(annotator):
    _, annotations, _ = _run(annotator, "The offensive runs from Baghlan's Andarab plain to the town of Jabal "
                                        "Saraj. A local source put Taliban losses in Andarab at 40 dead on "
                                        "Friday.\n", published="2021-09-04")
    andarab = [p.place for p in annotations.places if p.text == "Andarab"]
    assert andarab and all(p is not None and p.feature_class == "A" for p in andarab)


def test_whoever_gives_a_toll_is_its_claimant(annotator):
    _, _, result = _run(annotator, "Villagers drove the rebels out of two hamlets on Friday, elders said. A "
                                   "militia page on social media gave a lower toll of eight fighters killed and "
                                   "nine wounded.\n", published="2022-05-14")
    wounded = [c for c in result.claims if c.kind == "wounded"]
    assert wounded and all(c.claimant == "A militia page on social media" for c in wounded)
