"""The ACLED event inventory as data: 6 event types, 25 sub-event types, interaction codes.

Each sub-event type carries a one-line summary of its ACLED codebook definition (our own
words), the code the CASE-2021 shared task (task 2) uses for it, and the closest PLOVER
event type and mode. PLOVER follows the 2.x/POLECAT inventory, where arrests and seizures
are modes of COERCE and armed fighting is ASSAULT with a weapon mode; `None` marks a
sub-event type with no sensible PLOVER counterpart.

The CASE-2021 "unseen" types (organised crime, disasters, diplomacy, claims of
responsibility) lie outside ACLED: `CASE_UNSEEN_CODES` lists them and the classifier
treats them as "no ACLED event" (None), because ACLED codes none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

EVENT_TYPES = (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS, PROTESTS, RIOTS, STRATEGIC)


@dataclass(frozen=True, slots=True)
class SubEventType:
    """One ACLED sub-event type and how it maps onto the CASE-2021 and PLOVER schemes."""

    name: str
    event_type: str
    case_code: str
    definition: str
    plover_type: Optional[str] = None
    plover_mode: Optional[str] = None


SUB_EVENT_TYPES: tuple[SubEventType, ...] = (
    # --- Battles: violent interaction between two organised armed groups
    SubEventType("Armed clash", BATTLES, "ARMED_CLASH",
                 "Armed, organised groups fight each other and territory does not change hands.",
                 "ASSAULT", "firearms"),
    SubEventType("Government regains territory", BATTLES, "GOV_REGAINS_TERIT",
                 "State forces or their allies win back territory held by a non-state group by fighting.",
                 "ASSAULT", "firearms"),
    SubEventType("Non-state actor overtakes territory", BATTLES, "NON_STATE_ACTOR_OVERTAKES_TER",
                 "A rebel, militia or other non-state group captures territory from the state or another group by fighting.",
                 "ASSAULT", "firearms"),
    # --- Explosions/Remote violence: one-sided use of weapons from a distance or by explosion
    SubEventType("Chemical weapon", EXPLOSIONS, "CHEM_WEAP",
                 "Use of chemical agents (chlorine, sarin, mustard gas...) as weapons.",
                 "ASSAULT", "CBRN"),
    SubEventType("Air/drone strike", EXPLOSIONS, "AIR_STRIKE",
                 "Bombs or missiles delivered by aircraft, helicopters or drones.",
                 "ASSAULT", "aerial"),
    SubEventType("Suicide bomb", EXPLOSIONS, "SUIC_BOMB",
                 "An attacker detonates explosives on their body or vehicle, dying in the attack.",
                 "ASSAULT", "explosives"),
    SubEventType("Shelling/artillery/missile attack", EXPLOSIONS, "ART_MISS_ATTACK",
                 "Long-range ground-launched fire: shells, mortars, rockets, artillery or missiles.",
                 "ASSAULT", "explosives"),
    SubEventType("Remote explosive/landmine/IED", EXPLOSIONS, "REM_EXPLOS",
                 "Planted or remotely detonated explosives: IEDs, roadside and car bombs, landmines.",
                 "ASSAULT", "explosives"),
    SubEventType("Grenade", EXPLOSIONS, "GRENADE",
                 "A hand grenade or similar thrown explosive is used.",
                 "ASSAULT", "explosives"),
    # --- Violence against civilians: organised armed actors deliberately harm unarmed people
    SubEventType("Sexual violence", VIOLENCE_AGAINST_CIVILIANS, "SEX_VIOL",
                 "Rape or other sexual violence as a political or conflict act.",
                 "ASSAULT", "sexual"),
    SubEventType("Attack", VIOLENCE_AGAINST_CIVILIANS, "ATTACK",
                 "An armed actor kills, wounds, tortures or otherwise assaults unarmed civilians.",
                 "ASSAULT", "firearms"),
    SubEventType("Abduction/forced disappearance", VIOLENCE_AGAINST_CIVILIANS, "ABDUCT_DISSAP",
                 "Civilians are kidnapped, taken hostage or made to disappear by an armed actor.",
                 "ASSAULT", "abduct"),
    # --- Protests: public, non-violent demonstrations
    SubEventType("Peaceful protest", PROTESTS, "PEACE_PROTEST",
                 "Demonstrators gather, march or strike without violence and without being dispersed.",
                 "PROTEST", "demonstrate"),
    SubEventType("Protest with intervention", PROTESTS, "PROTEST_WITH_INTER",
                 "A peaceful protest is dispersed or suppressed (tear gas, arrests, water cannon) without lethal force.",
                 "PROTEST", "demonstrate"),
    SubEventType("Excessive force against protesters", PROTESTS, "FORCE_AGAINST_PROTEST",
                 "Lethal or grievously injuring force is used against peaceful protesters.",
                 "ASSAULT", "firearms"),
    # --- Riots: violent demonstrations and mobs
    SubEventType("Violent demonstration", RIOTS, "VIOL_DEMONSTR",
                 "Demonstrators turn violent: stone throwing, burning, clashing with police, vandalism.",
                 "PROTEST", "riot"),
    SubEventType("Mob violence", RIOTS, "MOB_VIOL",
                 "A spontaneous or vigilante mob attacks people or property (lynchings, communal clashes).",
                 "ASSAULT", "beat"),
    # --- Strategic developments: non-violent but significant moves
    SubEventType("Agreement", STRATEGIC, "AGREEMENT",
                 "Groups sign or reach a ceasefire, peace deal, prisoner exchange or other accord.",
                 "AGREE", None),
    SubEventType("Arrests", STRATEGIC, "ARREST",
                 "Authorities detain people, usually of political significance, without violence.",
                 "COERCE", "arrest"),
    SubEventType("Change to group/activity", STRATEGIC, "CHANGE_TO_GROUP_ACT",
                 "Groups form, split, merge, defect, deploy, recruit or change their activity.",
                 "MOBILIZE", "troops"),
    SubEventType("Disrupted weapons use", STRATEGIC, "DISR_WEAP",
                 "An attack is prevented: bombs defused, weapons caches seized, plots foiled.",
                 "COERCE", "seize"),
    SubEventType("Headquarters or base established", STRATEGIC, "HQ_ESTABLISHED",
                 "A group sets up a new base, outpost, checkpoint or headquarters without fighting.",
                 "MOBILIZE", "troops"),
    SubEventType("Looting/property destruction", STRATEGIC, "PROPERTY_DISTRUCT",
                 "Property is looted, burned or destroyed outside of a riot or battle.",
                 "COERCE", "seize"),
    SubEventType("Non-violent transfer of territory", STRATEGIC, "NON_VIOL_TERRIT_TRANSFER",
                 "Territory changes hands without fighting: withdrawals, handovers, evacuation deals.",
                 "RETREAT", "withdraw"),
    SubEventType("Other", STRATEGIC, "OTHER",
                 "A significant development of another kind (e.g. a weapons test, a curfew, a return of displaced people).",
                 None, None),
)

BY_NAME = {s.name: s for s in SUB_EVENT_TYPES}
BY_CASE_CODE = {s.case_code: s for s in SUB_EVENT_TYPES}
ACLED_CASE_CODES = frozenset(BY_CASE_CODE)

# CASE-2021 task 2 types that ACLED does not code; the classifier answers None for them.
CASE_UNSEEN_CODES = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"})


def sub_event(key: str) -> SubEventType:
    """Look a sub-event type up by its ACLED name or its CASE-2021 code."""
    found = BY_NAME.get(key) or BY_CASE_CODE.get(key)
    if found is None:
        raise KeyError(f"unknown ACLED sub-event type: {key!r}")
    return found


def sub_events_of(event_type: str) -> tuple[SubEventType, ...]:
    return tuple(s for s in SUB_EVENT_TYPES if s.event_type == event_type)


# ---------------------------------------------------------------- interaction codes

# ACLED actor categories (the inter1/inter2 columns).
INTER_CODES = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
INTER_BY_CATEGORY = {label: code for code, label in INTER_CODES.items()}


def interaction_code(inter1: int, inter2: int = 0) -> int:
    """ACLED's two-digit interaction code: the two actor categories, smaller first.

    An event with one actor only (inter2 == 0) is coded as inter1 followed by 0,
    e.g. a peaceful protest with no counterpart is 60.
    """
    for code in (inter1, inter2):
        if code != 0 and code not in INTER_CODES:
            raise ValueError(f"unknown ACLED inter code: {code}")
    if inter1 == 0:
        inter1, inter2 = inter2, 0
    if inter2 == 0:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
