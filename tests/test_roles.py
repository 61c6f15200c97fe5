"""Event argument roles from the dependency parse, on sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.annotate.nlp import load_nlp
from eventfold.extract.roles import Argument, event_arguments, find_triggers

SHARED = Path(__file__).resolve().parents[2] / "shared"
WIKIEVENTS = SHARED / "eval" / "events-wikievents"


def parse(text: str):
    return load_nlp()(text)


def arguments_of(text: str, trigger_word: str) -> set[tuple[str, str]]:
    """(role, argument text) pairs of the first trigger whose text is `trigger_word`."""
    doc = parse(text)
    trigger = next(t for t in find_triggers(doc) if t.text == trigger_word)
    return {(a.role, a.text) for a in event_arguments(trigger)}


def test_active_violent_verb_gives_attacker_victim_and_place():
    found = arguments_of("Gunmen killed five civilians in Kano on Tuesday.", "killed")
    assert found == {("attacker", "Gunmen"), ("victim", "five civilians"), ("place", "Kano")}


def test_passive_subject_and_by_agent():
    found = arguments_of("Three farmers were killed by suspected herders near Jos.", "killed")
    assert ("victim", "Three farmers") in found
    assert ("attacker", "suspected herders") in found
    assert ("place", "Jos") in found


def test_building_object_is_target_and_with_weapon_is_instrument():
    found = arguments_of("Militants attacked a police station in Mogadishu with grenades.", "attacked")
    assert found >= {("attacker", "Militants"), ("target", "a police station"), ("instrument", "grenades")}


def test_conjoined_attackers_each_become_an_argument():
    found = arguments_of("Al-Shabaab fighters and local militiamen attacked the convoy.", "attacked")
    assert ("attacker", "Al-Shabaab fighters") in found
    assert ("attacker", "local militiamen") in found
    assert ("target", "the convoy") in found


def test_relative_clause_subject_is_the_modified_noun():
    found = arguments_of("The militants who attacked the convoy fled into the forest.", "attacked")
    assert ("attacker", "The militants") in found


def test_participle_borrows_the_main_subject():
    found = arguments_of("A suicide bomber blew himself up at a mosque in Peshawar, killing 12 worshippers.", "killing")
    assert found >= {("attacker", "A suicide bomber"), ("victim", "12 worshippers")}


def test_nominal_attack_by_x_on_y_in_place():
    found = arguments_of("The attack by Taliban insurgents on an army checkpoint in Kandahar left four dead.", "attack")
    assert found >= {("attacker", "Taliban insurgents"), ("target", "an army checkpoint"), ("place", "Kandahar")}


def test_possessive_attacker_and_of_target():
    found = arguments_of("The rebels' bombing of the bridge cut the road.", "bombing")
    assert ("attacker", "The rebels") in found
    assert ("target", "the bridge") in found


def test_light_verb_carries_the_attacker():
    found = arguments_of("Rebels carried out an attack on a military base near Goma.", "attack")
    assert found >= {("attacker", "Rebels"), ("target", "a military base"), ("place", "Goma")}


def test_nationality_modifier_of_airstrikes_is_the_attacker():
    found = arguments_of("Russian airstrikes hit a hospital in Idlib.", "airstrikes")
    assert found >= {("attacker", "Russian"), ("target", "a hospital"), ("place", "Idlib")}


def test_weapon_subject_is_an_instrument_not_an_attacker():
    found = arguments_of("A roadside bomb exploded near the market in Kabul.", "exploded")
    assert ("instrument", "A roadside bomb") in found
    assert not any(role == "attacker" for role, _ in found)


def test_dying_subject_is_a_victim():
    found = arguments_of("Two police officers died in the explosion.", "died")
    assert ("victim", "Two police officers") in found


def test_arrest_subject_is_a_non_violent_agent():
    found = arguments_of("Police arrested two journalists in Harare.", "arrested")
    assert found == {("agent", "Police"), ("victim", "two journalists"), ("place", "Harare")}


def test_protest_subject_is_agent_and_against_is_target():
    found = arguments_of("Students protested against the fuel price rise in Nairobi.", "protested")
    assert ("agent", "Students") in found
    assert ("place", "Nairobi") in found


def test_claimed_responsibility_names_the_attacker():
    found = arguments_of("Islamic State claimed responsibility for the bombing of a church in Alexandria.", "bombing")
    assert found >= {("attacker", "Islamic State"), ("target", "a church"), ("place", "Alexandria")}


def test_blamed_on_names_the_attacker_not_a_target():
    assert arguments_of("Officials blamed the attack on Hamas.", "attack") == {("attacker", "Hamas")}


def test_object_relative_clause_target_is_the_modified_noun():
    found = arguments_of("The convoy that the militants attacked was carrying food.", "attacked")
    assert found == {("target", "The convoy"), ("attacker", "the militants")}


def test_conjoined_verbs_share_subject_and_object():
    text = "Unknown assailants shot and killed a local chief in the town of Beni."
    assert arguments_of(text, "shot") >= {("attacker", "Unknown assailants"), ("victim", "a local chief")}
    assert arguments_of(text, "killed") >= {("attacker", "Unknown assailants"), ("place", "Beni")}


def test_event_noun_subject_passes_on_its_attackers():
    found = arguments_of("Fighting between government forces and rebels killed 30 people in Ituri province.", "killed")
    assert found >= {("attacker", "government forces"), ("victim", "30 people"), ("place", "Ituri province")}


def test_passive_damage_by_an_explosion_gives_the_target():
    found = arguments_of("The hotel in Mogadishu was destroyed by a car bomb explosion.", "explosion")
    assert found >= {("target", "The hotel"), ("place", "Mogadishu"), ("instrument", "car bomb")}


def test_where_clause_noun_is_the_place():
    found = arguments_of("Gunmen stormed the Central Market, where nine traders were killed.", "killed")
    assert ("victim", "nine traders") in found
    assert ("place", "the Central Market") in found


def test_participle_modifier_gives_the_victims():
    found = arguments_of("The villagers killed in the raid were buried on Sunday.", "killed")
    assert ("victim", "The villagers") in found


def test_generic_group_noun_yields_to_the_group_name():
    found = arguments_of("The Al-Shabaab militant group attacked a hotel in Mogadishu.", "attacked")
    assert any(role == "attacker" and "Al-Shabaab" in text for role, text in found)


def test_argument_offsets_point_into_the_text():
    doc = parse("Gunmen killed five civilians in Kano.")
    trigger = find_triggers(doc)[0]
    for argument in event_arguments(trigger):
        assert isinstance(argument, Argument)
        assert doc.text[argument.start:argument.end] == argument.text
        assert argument.start <= argument.head < argument.end
        assert argument.rule


def test_sentence_without_an_event_has_no_triggers():
    assert find_triggers(parse("The minister said the harvest would be good this year.")) == []


def test_participant_modifiers_are_not_triggers():
    doc = parse("A suicide bomber and riot police were seen near the stadium.")
    assert find_triggers(doc) == []


@pytest.mark.skipif(not WIKIEVENTS.exists(), reason="../shared/eval/events-wikievents is not on this machine")
def test_wikievents_dev_scores_on_three_documents():
    from eventfold.evaluate.wikievents import evaluate

    result = evaluate(WIKIEVENTS, limit=3)
    assert result["task"] == "wikievents" and result["n"] == 3
    assert result["events"] > 0
    assert 0.3 < result["f1"] <= 1.0
    assert set(result["per_role"]) >= {"attacker", "victim"}


def test_a_weapon_as_subject_makes_a_generic_verb_an_attack_by_the_weapon_owner():
    found = arguments_of("Navy drones struck separatist positions near the port on Sunday.", "struck")
    assert ("instrument", "Navy drones") in found
    assert ("attacker", "Navy") in found
    assert ("target", "separatist positions") in found


def test_took_control_of_a_town_is_a_trigger_whose_target_is_the_town():
    found = arguments_of("Insurgents took control of the district centre of Tawila on Monday.", "took")
    assert ("attacker", "Insurgents") in found
    assert ("target", "the district centre of Tawila") in found


def test_people_named_by_nationality_are_victims():
    found = arguments_of("Three Pakistanis were kidnapped by armed men outside the hotel.", "kidnapped")
    assert ("victim", "Three Pakistanis") in found


def test_exchanging_fire_is_an_event():
    doc = parse("Guards exchanged fire with the attackers for an hour.")
    assert [t.text for t in find_triggers(doc)] == ["exchanged"]


def test_taking_ground_is_an_event_but_taking_place_or_part_is_not():
    assert arguments_of("The rebels had taken the town of Kalehe by nightfall.", "taken") >= {
        ("attacker", "The rebels"), ("target", "the town of Kalehe")}
    assert find_triggers(parse("Talks took place in the capital and both sides took part.")) == []
