"""Actors without a dictionary: short reports written for these tests about wars the project has no
actor file for (Sudan, Myanmar, the Sahel, Ukraine, Ethiopia, DR Congo). Each test asserts what an
analyst would code: the parties' ACLED-style names, categories, countries and interaction codes."""

from __future__ import annotations

import pytest

from eventfold.annotate.actors import acronym_links, actor_kind, is_outlet_name, named_as_outlet, read_phrase
from eventfold.annotate.entities import ActorDictionary, actor_file_path


# ---------------------------------------------------------------- words alone (no parse)


@pytest.mark.parametrize("text, kind", [
    ("The army recaptured the town on Sunday", "state"),
    ("Russian forces seized two villages", "state"),
    ("The garrison was overrun by jihadists", "non_state"),
    ("Pro-government militias retook the market", "state"),
    ("The army base fell to the rebels", "non_state"),  # "army base" is a thing, not the army
    ("Arab militias torched the camp", "non_state"),
    ("Thousands of protesters marched", None),
    ("The weather improved", None),
])
def test_actor_kind_reads_the_first_actor_phrase(text, kind):
    assert actor_kind(text) == kind


def test_actor_kind_knows_the_names_an_article_gives():
    assert actor_kind("The RSF took the airport", {"RSF": "Political militias"}) == "non_state"
    assert actor_kind("The RSF took the airport") is None


@pytest.mark.parametrize("phrase, category, name", [
    ("the Sudanese army", "State forces", "Military Forces of Sudan"),
    ("junta troops", "State forces", "Military Forces of Myanmar"),
    ("Russian forces", "State forces", "Military Forces of Russia"),
    ("riot police", "State forces", "Police Forces of Myanmar"),
    ("Arab militias", "Identity militias", "Arab Ethnic Militia (Myanmar)"),
    ("a clan militia", "Identity militias", "Communal Militia (Myanmar)"),
    ("unknown gunmen", "Political militias", "Unidentified Armed Group (Myanmar)"),
    ("angry rioters", "Rioters", "Rioters (Myanmar)"),
    ("student demonstrators", "Protesters", "Protesters (Myanmar)"),
    ("terrified villagers", "Civilians", "Civilians (Myanmar)"),
    ("the army of Ukraine", "State forces", "Military Forces of Ukraine"),
])
def test_a_description_gets_a_category_and_an_acled_name(phrase, category, name):
    reading = read_phrase(phrase.split())
    assert reading.category == category
    assert reading.acled_name("MM") == name
    assert reading.evidence.startswith("inferred:")


def test_acronyms_link_to_the_long_form_the_text_spells_out():
    links = acronym_links("Fighters of the Rapid Support Forces (RSF) and the People's Defence Force (PDF) "
                          "met the Sudanese Armed Forces (SAF).")
    assert links == {"RSF": "Rapid Support Forces", "PDF": "People's Defence Force", "SAF": "Sudanese Armed Forces"}


def test_outlets_are_recognised_by_shape_and_by_what_the_text_does_with_them():
    assert is_outlet_name("Darfur Evening Post") and is_outlet_name("Radio Sahel")
    assert not is_outlet_name("Rapid Support Forces")
    assert named_as_outlet("Lakeside Courier", "A commander told Lakeside Courier that the town fell.")
    assert not named_as_outlet("M23", "M23 fighters took the hill.")
    # the people spoken to are the group's, the group is no outlet
    assert not named_as_outlet("M23", "Elders said they had told the M23 fighters to leave the market.")
    assert named_as_outlet("Lakeside Courier", "The mayor told the Lakeside Courier on Sunday that roads were shut.")


def test_the_afghan_dictionary_is_an_optional_pack():
    core = ActorDictionary.load()
    assert core.lookup("Taliban") is None  # the core holds no conflict's actors
    pack = ActorDictionary.load(["afghanistan"])
    assert pack.lookup("Taliban").category_on("2021-09-01") == "State forces"
    assert actor_file_path("afghanistan").name == "afghanistan.yaml"
    with pytest.raises(FileNotFoundError, match="afghanistan"):
        actor_file_path("no-such-pack")


# ---------------------------------------------------------------- whole reports


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _read(annotator, text: str, title: str = "Report", published: str = "2024-05-10"):
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    raw = RawDocument("report.txt", "json-text", text, published=published, outlet="Test Wire", title=title)
    article = parse_document(raw, IngestOptions())
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    result = extract_events(article, annotations, docs[article.article_id], actors=annotator.actors)
    entities = {e.name: e for e in annotations.entities}
    return entities, [r for r in result.reports if r.modality == "actual"]


def _coded(entities, name):
    entity = entities[name]
    return entity.category, entity.country


def test_sudan_parties_are_named_and_coded_from_the_text(annotator):
    from eventfold.extract.events import interaction_of

    entities, reports = _read(annotator, (
        "The paramilitary Rapid Support Forces (RSF) stormed an army base in Nyala on Thursday, residents "
        "said. The Sudanese Armed Forces (SAF) said its warplanes bombed RSF positions in Omdurman. "
        "Arab militias allied with the paramilitaries killed 20 villagers near Nyala."))
    assert _coded(entities, "Rapid Support Forces") == ("Political militias", "SD")
    assert "paramilitary" in entities["Rapid Support Forces"].category_source
    assert {"RSF", "paramilitaries"} <= set(entities["Rapid Support Forces"].aliases)
    assert _coded(entities, "Military Forces of Sudan") == ("State forces", "SD")
    assert "SAF" in entities["Military Forces of Sudan"].aliases
    assert _coded(entities, "Arab Ethnic Militia (Sudan)") == ("Identity militias", "SD")
    assert "Arab" not in entities or entities["Arab"].category is None  # a people, not a town or an actor
    base = next(r for r in reports if r.actor1 == "Rapid Support Forces")
    assert base.actor2 == "Military Forces of Sudan" and interaction_of(base) == 13
    massacre = next(r for r in reports if r.actor1 == "Arab Ethnic Militia (Sudan)")
    assert massacre.actor2 == "Civilians (Sudan)" and interaction_of(massacre) == 47


def test_ukraine_foreign_forces_are_named_by_their_country_and_coded_external(annotator):
    entities, reports = _read(annotator, (
        "Russian forces shelled Kharkiv on Tuesday, the regional governor said. "
        "Ukrainian troops repelled an assault near Bakhmut the same day."))
    assert _coded(entities, "Military Forces of Russia") == ("External/Other forces", "RU")  # ACLED, abroad
    assert _coded(entities, "Military Forces of Ukraine") == ("State forces", "UA")
    assert not any(name.startswith("Unidentified Armed Group") for name in entities)
    assert {r.actor1 for r in reports} >= {"Military Forces of Russia", "Military Forces of Ukraine"}


def test_myanmar_junta_and_resistance(annotator):
    entities, reports = _read(annotator, (
        "Junta troops burned dozens of houses in a village in Sagaing region on Monday. "
        "The People's Defence Force (PDF) said its fighters ambushed a military convoy near Monywa, "
        "killing five soldiers."))
    assert _coded(entities, "Military Forces of Myanmar") == ("State forces", "MM")
    assert _coded(entities, "People's Defence Force") == ("Rebel groups", "MM")
    ambush = next(r for r in reports if r.actor1 == "People's Defence Force")
    assert ambush.actor2 == "Military Forces of Myanmar"


def test_sahel_jihadists_and_foreign_mercenaries(annotator):
    entities, reports = _read(annotator, (
        "Militants of the jihadist group JNIM ambushed a convoy of Malian soldiers near Boni on Sunday. "
        "Wagner mercenaries and Malian troops killed dozens of villagers in Moura, witnesses said."))
    assert _coded(entities, "JNIM") == ("Rebel groups", "ML")
    assert _coded(entities, "Wagner")[0] == "External/Other forces"
    ambush = next(r for r in reports if r.actor1 == "JNIM")
    assert ambush.actor2 == "Military Forces of Mali"
    killing = next(r for r in reports if r.actor2 == "Civilians (Mali)")
    assert {killing.actor1, killing.assoc_actor_1} == {"Wagner", "Military Forces of Mali"}


def test_ethiopia_militia_against_federal_forces(annotator):
    entities, reports = _read(annotator, (
        "Fano militiamen clashed with Ethiopian federal forces in Gondar on Friday, residents said."))
    assert entities["Fano Militia"].category == "Identity militias"
    assert _coded(entities, "Military Forces of Ethiopia") == ("State forces", "ET")
    (clash,) = reports
    assert (clash.actor1, clash.actor2) == ("Fano Militia", "Military Forces of Ethiopia")


def test_dr_congo_rebels_police_and_protesters(annotator):
    entities, reports = _read(annotator, (
        "M23 rebels seized the town of Rubaya in North Kivu province on Tuesday. "
        "Police in Goma fired tear gas at protesters on Wednesday."))
    assert _coded(entities, "M23") == ("Rebel groups", "CD")
    assert entities["Police Forces of Democratic Republic of the Congo"].category == "State forces"
    capture = next(r for r in reports if r.actor1 == "M23")
    assert capture.sub_event_type == "Non-state actor overtakes territory"


def test_a_dictionary_entry_overrides_the_inference(annotator, tmp_path):
    from eventfold.annotate import Annotator

    pack = tmp_path / "sudan.yaml"
    pack.write_text("actors:\n  - name: Rapid Support Forces\n    type: organisation\n"
                    "    category: Rebel groups\n    country: SD\n    aliases: [RSF]\n", encoding="utf-8")
    own = Annotator(nlp=annotator.nlp, gazetteer=annotator.gazetteer, actor_files=(str(pack),))
    entities, _ = _read(own, "The paramilitary Rapid Support Forces (RSF) shelled the city of El Obeid in North "
                             "Kordofan on Monday, residents said.")
    rsf = entities["Rapid Support Forces"]
    assert (rsf.category, rsf.category_source) == ("Rebel groups", "dictionary")


def test_a_leader_is_not_his_force_and_an_outlet_is_no_party(annotator):
    entities, reports = _read(annotator, (
        "The paramilitary Rapid Support Forces (RSF) are led by Mohamed Hamdan Dagalo. "
        "On Monday Dagalo's forces attacked the town of Tawila in North Darfur and killed 12 villagers, "
        "residents told Darfur Evening Post."))
    attack = next(r for r in reports if r.actor1)
    assert attack.actor1 == "Rapid Support Forces"
    assert "Darfur Evening Post" not in (attack.actor1, attack.actor2)


def test_an_unsaid_air_force_and_the_victims_of_what_the_strike_did(annotator):
    entities, reports = _read(annotator, (
        "An air strike hit a market in the town of Shire in Tigray on Friday, killing six people, a "
        "doctor said, as the Ethiopian army pressed its offensive in the region."))
    strike = next(r for r in reports if r.sub_event_type == "Air/drone strike")
    assert strike.actor1 == "Military Forces of Ethiopia"  # the one state force the article names
    assert strike.actor2 == "Civilians (Ethiopia)"
    assert any(p.rule == "actor1:the-one-state-force-named" for p in strike.provenance)


def test_a_named_gang_is_a_political_militia(annotator):
    entities, reports = _read(annotator, (
        "Members of the Kraze Baryè gang kidnapped nine aid workers east of Port-au-Prince in Haiti on "
        "Saturday, police said. Gangs also burned a police station in Mirebalais on Sunday."))
    assert _coded(entities, "Kraze Baryè")[0] == "Political militias"
    assert any(r.actor1 == "Kraze Baryè" and r.actor2 == "Civilians (Haiti)" for r in reports)


def test_a_named_army_without_a_country_is_a_rebel_side():
    # "Army" heads the names of many armed groups; only a country's army is the state's side.
    assert actor_kind("The Kachin Independence Army overran a junta outpost.") == "non_state"
    assert actor_kind("Fighters of the Arakan Army attacked police posts.") == "non_state"
    assert actor_kind("The Myanmar Army shelled the village.") == "state"


def test_rebels_taking_a_town_are_coded_as_a_non_state_takeover(annotator):
    _, reports = _read(annotator, "The Arakan Army captured the town of Pauktaw in Rakhine State on "
                                  "Thursday after two days of fighting with junta troops, residents said.")
    takeovers = [r.sub_event_type for r in reports if r.event_type == "Battles"]
    assert takeovers and all(t != "Government regains territory" for t in takeovers)


def test_long_forms_in_translation_and_with_arabic_prefixes_link_to_their_acronym():
    translated = acronym_links("The Front for the Liberation of the Enclave (FLEC) said it held the town.")
    assert translated == {"FLEC": "Front for the Liberation of the Enclave"}
    prefixed = acronym_links("Fighters of Harakat al-Shabaab al-Mujahideen (HSM) attacked the base.")
    assert prefixed == {"HSM": "Harakat al-Shabaab al-Mujahideen"}
    assert acronym_links("Doctors in the city (MSF said) were overwhelmed.") == {}


def test_a_national_army_named_in_its_own_language_is_that_states_forces():
    from eventfold.annotate.actors import read_name

    army = read_name("Forças Armadas de Angola")
    assert (army.category, army.country) == ("State forces", "AO")
    assert read_name("Fuerzas Armadas Revolucionarias de Colombia") is None  # a rebel army is no state's
