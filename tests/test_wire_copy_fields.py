"""Fields of events told the way wire copy and headline summaries tell them: victims named by their
nationality, an arrest whose sentence recalls the bombing it is about, a city the small model takes
for a person, a verb it takes for a noun, a town given as a reference point, an agreement the event
defied, and one event told country-wide and then where. Texts are the project's own."""

from __future__ import annotations

import pytest

from tests.test_actor_categories_in_context import _run


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _actual(result):
    return [r for r in result.reports if r.modality == "actual"]


def test_victims_named_by_their_nationality_are_counted(annotator):
    _, _, result = _run(annotator, "Three Ukrainians were shot dead at a checkpoint outside Kherson on Monday, the "
                                   "regional governor said. He blamed Russian troops.\n", published="2023-03-14")
    (report,) = _actual(result)
    assert report.fatalities is not None and report.fatalities.low == 3


def test_an_arrest_does_not_take_the_toll_of_the_bombing_it_recalls(annotator):
    _, _, result = _run(annotator, "Police in Lahore arrested a man accused of building the bomb that killed nine "
                                   "people and wounded 40 at a bus station last month. Officers said he had "
                                   "confessed.\n", published="2023-04-03")
    arrest = next(r for r in _actual(result) if r.sub_event_type == "Arrests")
    assert arrest.fatalities is None and arrest.wounded is None


def test_the_city_an_attack_is_on_is_its_place_not_where_someone_speaks(annotator):
    _, _, result = _run(annotator, "A Russian missile barrage on Kyiv wounded at least 20 people overnight, city "
                                   "officials said on Friday, as the foreign minister appealed for air defence in "
                                   "Brussels.\n", published="2023-06-02")
    (report,) = _actual(result)
    assert report.place is not None and report.place.country == "UA"
    assert report.place.name == "Kyiv" or "Kyiv" in (report.location_text or "")
    assert report.actor2 is None or "Belgium" not in report.actor2


def test_a_killing_verb_the_tagger_reads_as_a_noun_still_tells_the_event(annotator):
    _, _, result = _run(annotator, "Soldiers from neighbouring Eritrea shot dead dozens of villagers in the Tigray "
                                   "region of Ethiopia last week, witnesses said. The government denied it.\n",
                        published="2023-02-28")
    (report,) = _actual(result)
    assert report.event_type == "Violence against civilians"
    assert report.place is not None and report.place.admin1 in ("Tigray", "Tigrai")


def test_a_town_given_as_reference_point_places_the_event_rather_than_the_country(annotator):
    _, _, result = _run(annotator, "Gunmen killed at least 20 farmers near Adwa in Ethiopia on Monday, residents "
                                   "said. No group claimed the attack.\n", published="2023-02-28")
    report = _actual(result)[0]
    assert report.place is not None and report.place.name == "Adwa"
    assert report.place.geo_precision >= 2  # near the town, as ACLED codes it


def test_a_killing_despite_a_truce_is_no_agreement(annotator):
    _, _, result = _run(annotator, "A well-known Sudanese poet was killed in crossfire during fighting on Friday in "
                                   "Omdurman despite a truce meant to protect civilians. Her family confirmed "
                                   "the death.\n", published="2023-05-13")
    assert all(r.sub_event_type != "Agreement" for r in result.reports)


def test_an_event_told_country_wide_then_where_is_one_report(annotator):
    _, _, result = _run(annotator, "At least eight people were killed in Haiti, a rights group said, after a gang "
                                   "opened fire with rifles on a protest led by a pastor. Gang members fired on the "
                                   "protesters as they marched through a suburb of Port-au-Prince on Saturday, the "
                                   "group said.\n", published="2023-08-28")
    (report,) = _actual(result)
    assert report.place is not None and report.place.name == "Port-au-Prince"
    assert report.fatalities is not None and report.fatalities.low == 8


def test_a_place_that_says_whose_is_not_where(annotator):
    _, _, result = _run(annotator, "An Ohio pastor and his wife were kidnapped in Haiti last week, their church said "
                                   "on Monday. Relatives urged the U.S. government to help.\n", published="2023-04-03")
    (report,) = _actual(result)
    assert report.place is not None and report.place.country == "HT"


def test_a_foreign_country_the_event_was_in_is_its_place(annotator):
    _, _, result = _run(annotator, "A truck was hit by Turkish shelling in northern Syria on Monday, killing two "
                                   "Russian soldiers. Turkey made no comment.\n", published="2023-06-13")
    (report,) = _actual(result)
    assert report.place is not None and report.place.country == "SY"
    assert report.actor1 == "Military Forces of Turkey"


def test_a_country_whose_warplanes_strike_is_the_doer(annotator):
    _, _, result = _run(annotator, "Israel's warplanes pounded Rafah on Friday after talks on a longer truce with "
                                   "Hamas collapsed, medics said. Dozens of people were hurt.\n", published="2023-12-02")
    strike = next(r for r in _actual(result) if r.event_type == "Explosions/Remote violence")
    assert strike.actor1 == "Military Forces of Israel"


def test_a_country_that_kills_is_its_forces_and_one_that_appeals_is_no_party(annotator):
    _, _, result = _run(annotator, "Burkina Faso killed at least 40 herders near a village in the north on Thursday, "
                                   "witnesses said. The government promised an inquiry.\n", published="2023-04-22")
    (report,) = _actual(result)
    assert report.actor1 == "Military Forces of Burkina Faso"
    assert report.place is not None and report.place.country == "BF"
    _, _, result = _run(annotator, "Canada and Norway called on Sunday for an end to the fighting in Sudan, where "
                                   "officials said dozens of people had been killed.\n", published="2023-04-17")
    assert all(r.actor1 is None or "Canada" not in r.actor1 and "Norway" not in r.actor1 for r in result.reports)


def test_where_victims_had_travelled_from_is_not_where_they_died(annotator):
    _, _, result = _run(annotator, "Gunmen seized three Guatemalan traders in the Mexican city of Reynosa on Monday. "
                                   "The traders had driven up from Guatemala a week before. A bystander was killed "
                                   "by a stray bullet during the attack, officials said.\n", published="2023-05-03")
    assert all(r.place is None or r.place.country == "MX" for r in _actual(result))


def test_people_harmed_abroad_are_civilians_of_where_it_happened(annotator):
    _, _, result = _run(annotator, "A teacher living in Leeds said her cousin died in the Nigerian town of Owo, where "
                                   "gunmen attacked a church during Sunday mass and killed dozens of worshippers. "
                                   "She flew home from Manchester on Monday.\n", published="2022-06-06")
    attack = next(r for r in _actual(result) if r.event_type == "Violence against civilians")
    assert attack.actor2 == "Civilians (Nigeria)"


def test_a_country_someone_fled_to_places_nothing_in_a_story_of_another(annotator):
    _, _, result = _run(annotator, "Rebels seized the town of Rutshuru in North Kivu province on Monday after the "
                                   "local administrator fled to Uganda. How many soldiers died in the fighting "
                                   "yesterday is not known.\n", published="2024-01-30")
    assert _actual(result) and all(r.place is not None and r.place.country == "CD" for r in _actual(result))


def test_the_official_of_an_organisation_who_tells_is_no_party(annotator):
    _, _, result = _run(annotator, "Soldiers killed 20 herders in a village of Burkina Faso's Sahel region on "
                                   "Friday, the UN high commissioner for human rights said. The army denied it.\n",
                        published="2023-04-25")
    assert _actual(result)
    assert all("United Nations" not in (r.actor1 or "") + (r.actor2 or "") for r in _actual(result))
