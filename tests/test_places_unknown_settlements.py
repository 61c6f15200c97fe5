"""Villages and small towns the gazetteer lacks (issues 9/10): no installable package ships GeoNames
places below cities500, so a settlement the text itself places keeps its name and takes the point of
the most specific area its context names, with ACLED's precision (3 in a first-level area). Areas
named with their country's possessive ("Burkina Faso's Sahel region") and "the X region" beside a
same-named town are the areas. Real spaCy model, real packaged gazetteer; every text written for
these tests, every village name made up (checked absent from the gazetteer)."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from test_places_geo_context import gazetteer, nlp, resolved  # noqa: F401 (fixtures)

from eventfold.annotate.gazetteer import Gazetteer


def unknown(gazetteer: Gazetteer, name: str) -> str:
    if gazetteer.candidates(name):
        pytest.skip(f"the gazetteer now knows {name}: pick another made-up village")
    return name


@pytest.mark.parametrize("text, village, country, admin1", [
    ("Armed men raided the market in Nakrambo, in Burkina Faso's Centre-Nord region, and killed 41 traders, "
     "a regional official said on Sunday.", "Nakrambo", "BF", "Centre-Nord"),
    ("A resistance group said its fighters had stormed an army camp in Tazondaung township, southern "
     "Chin State, at dawn.", "Tazondaung", "MM", "Chin"),
    ("Militia fighters seized the village of Sanmogo in Ituri province on Friday after a two-day battle.",
     "Sanmogo", "CD", "Ituri"),
    ("Soldiers clashed with militants around Dabolo, a market town in the Segou region, on Tuesday.",
     "Dabolo", "ML", "Ségou"),
])
def test_a_village_the_sentence_places_takes_its_area(gazetteer, nlp, text, village, country, admin1):
    found = resolved(text, gazetteer, nlp)
    place = found[unknown(gazetteer, village)]
    assert place is not None, found
    assert (place.name, place.country, place.admin1) == (village, country, admin1), place
    assert place.geo_precision == 3 and place.feature_class == "P" and place.geonameid < 0, place
    area = next(p for p in found.values() if p is not None and p.feature_code == "ADM1")
    assert (place.latitude, place.longitude) == (area.latitude, area.longitude)


def test_a_town_in_a_second_level_area_takes_it_with_precision_2(gazetteer, nlp):
    text = "Militiamen burned homes in Mbirizi, a farming village in Masisi territory, late on Sunday, local chiefs said."
    place = resolved(text, gazetteer, nlp)[unknown(gazetteer, "Mbirizi")]
    assert place is not None and (place.country, place.admin1, place.geo_precision) == ("CD", "Nord-Kivu", 2), place
    assert place.admin2 is not None, place


def test_a_village_takes_the_area_its_paragraph_names(gazetteer, nlp):
    text = ("BAMAKO — Fighting has spread across the Mopti region in recent months.\n\n"
            "Troops killed about 40 men in the small town of Wakoro on Sunday, residents said.")
    place = resolved(text, gazetteer, nlp)[unknown(gazetteer, "Wakoro")]
    assert place is not None and (place.country, place.admin1, place.geo_precision) == ("ML", "Mopti", 3), place


def test_an_outsiders_home_state_is_no_context_for_a_village(gazetteer, nlp):
    text = ("Gang violence has gripped Haiti for months, and kidnappings around Port-au-Prince have doubled. "
            "Aid workers from Ohio were seized in the village of Boukan Rouj on Saturday, Haitian police said.")
    found = resolved(text, gazetteer, nlp)
    assert found["Ohio"].country == "US"
    village = found[unknown(gazetteer, "Boukan Rouj")]
    assert village is None or village.country == "HT", village


def test_a_village_in_a_story_on_several_areas_is_not_guessed_into_one(gazetteer, nlp):
    text = ("Fighting has spread across the Mopti region in recent months.\n\n"
            "Clashes were also reported in the Segou region.\n\n"
            "Troops killed about 40 men in the small town of Wakoro on Sunday, residents said.")
    found = resolved(text, gazetteer, nlp)
    assert {found["Mopti region"].admin1, found["Segou region"].admin1} == {"Mopti", "Ségou"}, found
    assert found[unknown(gazetteer, "Wakoro")] is None, found


@pytest.mark.parametrize("text, name, country, admin1", [
    ("Herders fled south after raids on their camps in Burkina Faso's Sahel region this month, aid workers said.",
     "Sahel region", "BF", "Sahel"),
    ("Russian shelling hit Ukraine's Donetsk region overnight, the governor said.",
     "Donetsk region", "UA", "Donetska oblast"),
])
def test_an_area_after_its_countrys_possessive_is_found(gazetteer, nlp, text, name, country, admin1):
    place = resolved(text, gazetteer, nlp)[name]
    assert (place.country, place.feature_code, place.admin1) == (country, "ADM1", admin1), place


def test_a_continents_region_is_the_region_not_a_province_of_its_name(gazetteer, nlp):
    text = "Jihadist insurgencies have spread across West Africa's Sahel region over the past decade."
    place = resolved(text, gazetteer, nlp)["Sahel region"]
    assert place.feature_code == "RGN" and place.country is None, place


def test_a_possessive_inside_a_name_is_kept(gazetteer, nlp):
    text = "More than a million Rohingya refugees live in camps in Cox's Bazar district in southern Bangladesh."
    place = resolved(text, gazetteer, nlp)["Cox's Bazar district"]
    assert place.country == "BD", place


def test_the_x_region_is_the_area_not_its_main_town(gazetteer, nlp):
    text = "BAMAKO — Soldiers clashed with militants in the Segou region on Tuesday, the army said."
    place = resolved(text, gazetteer, nlp)["Segou region"]
    assert (place.country, place.feature_code) == ("ML", "ADM1"), place


def test_the_event_in_an_unknown_village_is_coded_to_it_with_province_precision(tmp_path):
    report = {"url": "https://probe.example/1", "source": "Probe Wire", "date": "2023-05-08",
              "title": "Dozens killed in attack on market",
              "text": "OUAGADOUGOU — Armed men raided the market in Nakrambo, in Burkina Faso's Centre-Nord region, "
                      "and killed 41 traders, a regional official said on Sunday."}
    source = tmp_path / "reports.jsonl"
    source.write_text(json.dumps(report) + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    assert run_cli("--db", str(db), "ingest", str(source)).returncode == 0
    listed = run_cli("--db", str(db), "events", "--json")
    events = [json.loads(line) for line in listed.stdout.decode().splitlines() if line.strip()]
    killing = next(e for e in events if e["fatalities"] == 41)
    assert (killing["location"], killing["admin1"], killing["country"]) == ("Nakrambo", "Centre-Nord", "BF"), killing
    assert killing["geo_precision"] == 3, killing
