"""Place resolution from a story's own evidence (issue 10): a county and a town in it named together,
one capital per country, seas and regions that news names with "the", and country names the small
model tags as persons. Real spaCy model, real packaged gazetteer; every text written for these tests."""

from __future__ import annotations

import pytest

from eventfold.annotate.gazetteer import Gazetteer
from eventfold.annotate.nlp import load_nlp
from eventfold.annotate.places import find_places, resolve_spans


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def resolved(text: str, gazetteer: Gazetteer, nlp) -> dict:
    return {m.text: m.place for m in find_places(nlp(text), gazetteer, "t1")}


@pytest.mark.parametrize("text, town, county, state", [
    # Missouri's Springfield is larger and Indiana has a Clark County too: only Ohio holds both.
    ("Deputies in Clark County arrested a driver after a chase that ended in Springfield on Tuesday night.",
     "Springfield", "Clark County", "Ohio"),
    ("Firefighters from Marion County were called to a barn fire outside Ocala early Sunday.",
     "Ocala", "Marion County", "Florida"),
])
def test_a_town_and_the_county_holding_it_settle_each_other(gazetteer, nlp, text, town, county, state):
    found = resolved(text, gazetteer, nlp)
    assert found[town] is not None and found[county] is not None, found
    assert (found[town].admin1, found[town].admin2) == (state, county), found[town]
    assert (found[county].admin1, found[county].feature_code) == (state, "ADM2"), found[county]


def test_each_country_has_one_capital_however_many_towns_share_its_name(gazetteer):
    capitals = [p for p in gazetteer.candidates("Washington", 50) if p.country == "US" and p.feature_code == "PPLC"]
    assert len(capitals) == 1, capitals
    assert capitals[0].admin1 == "District of Columbia"
    assert gazetteer.capital_of("US").geonameid == capitals[0].geonameid


def test_a_bare_washington_in_a_story_on_diplomacy_is_the_capital(gazetteer, nlp):
    text = ("Envoys from Egypt and Qatar flew to Washington on Monday to press for a ceasefire, "
            "a spokesman for the mediators said.")
    place = resolved(text, gazetteer, nlp)["Washington"]
    assert place.feature_code == "PPLC" and place.admin1 == "District of Columbia", place


@pytest.mark.parametrize("text, name, code", [
    ("A tanker was hit by a drone in the Red Sea, off the coast of Yemen, the shipping agency said.", "Red Sea", "SEA"),
    ("Ukraine said its drones struck a Russian patrol ship in the Black Sea overnight.", "Black Sea", "SEA"),
    ("Two freighters collided in the Strait of Hormuz before dawn, the coast guard said.", "Strait of Hormuz", "STRT"),
])
def test_seas_and_straits_are_places_of_their_own(gazetteer, nlp, text, name, code):
    place = resolved(text, gazetteer, nlp)[name]
    assert place is not None and place.feature_code == code, place


def test_sudan_red_sea_state_stays_the_state(gazetteer, nlp):
    text = "Displaced families reached Port Sudan, the main city of Red Sea state, after a week on the road."
    found = resolved(text, gazetteer, nlp)
    state = next(place for name, place in found.items() if name.startswith("Red Sea"))
    assert (state.country, state.feature_code) == ("SD", "ADM1"), state


def test_a_country_the_model_calls_a_person_is_a_place_after_a_preposition(gazetteer, nlp):
    text = "Armed groups linked to al Qaeda have spread across the Sahel, from Mali to Burkina Faso."
    found = resolved(text, gazetteer, nlp)
    assert found["Burkina Faso"].country == "BF" and found["Burkina Faso"].feature_code == "PCLI", found
    assert found["Sahel"] is not None, found


def test_a_person_after_in_the_is_not_a_place(gazetteer, nlp):
    text = ("Police said a toddler riding in the Okafor car was unhurt when it left the road near Tulsa, "
            "and that Okafor was cited.")
    assert "Okafor" not in resolved(text, gazetteer, nlp)


def test_a_list_with_or_before_a_place_noun_gives_each_item_the_noun(gazetteer, nlp):
    text = "Schools in Adams, Brown or Scioto counties will close early on Friday because of the storm."
    found = resolved(text, gazetteer, nlp)
    for name in ("Adams", "Brown", "Scioto"):
        assert (found[name].feature_code, found[name].admin1) == ("ADM2", "Ohio"), found[name]
    spans = [(text.index(name), text.index(name) + len(name)) for name in ("Adams", "Brown", "Scioto")]
    given = resolve_spans(text, spans, gazetteer, doc=nlp(text))  # spans given alone read the list too
    assert [place.name for place in given] == ["Adams County", "Brown County", "Scioto County"]


def test_an_area_named_with_a_capitalised_place_noun_is_found(gazetteer, nlp):
    text = "Aircraft bombed villages in Kachin State and northern Shan State on Sunday, relief workers said."
    found = resolved(text, gazetteer, nlp)
    for name in ("Kachin State", "Shan State"):
        assert (found[name].country, found[name].feature_code) == ("MM", "ADM1"), found


def test_the_main_town_of_a_same_named_region_is_the_town_between_towns(gazetteer, nlp):
    text = ("Gunmen ambushed a convoy on the road between Gao and Menaka in Mali, and the army sent "
            "reinforcements from Gao.")
    found = resolved(text, gazetteer, nlp)
    assert (found["Gao"].country, found["Gao"].feature_class) == ("ML", "P"), found["Gao"]
