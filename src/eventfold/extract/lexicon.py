"""The word tables and codes that several parts of event extraction share.

Tables one component alone reads live in that component; one copy of each.
"""

from __future__ import annotations


CASUALTY_KINDS = ("killed", "wounded", "captured", "detained", "abducted", "missing")

# A sentence with only a figure (no typed event) joins a report at most this many sentences back.
FIGURE_ATTACH_WINDOW = 2

# Clauses that modify the event itself ("during an operation targeting a leader in X", "while
# searching for a leader in X"): their places are the event's when its own clause names none.
MODIFIER_CLAUSE_DEPS = frozenset({"acl", "advcl"})

# Places a report takes when its text names none near it (the story's town, the headline's place, the
# one country a story names): they say nothing of where a figure is.
STORY_AREA_RULE = "place:story-area"
DEFAULT_PLACE_RULES = frozenset({"place:story-town", "place:headline", STORY_AREA_RULE, "place:story-country"})
# The place rule of a report put at the province its story is about (else its country) for a toponym
# the gazetteer lacks (the name kept); and of one whose toll the text puts "there", at such a toponym
# the sentence before names.
UNKNOWN_TOPONYM_RULE = "place:country-of-unknown-toponym"
UNKNOWN_PLACE_THERE_RULE = "place:there-unknown-toponym"

# The sub-event types for a change of territory, by the winner's kind.
TERRITORY_BY_WINNER = {True: "Government regains territory", False: "Non-state actor overtakes territory"}
# Types a fight outranks: what was seized in the operation that killed, or in the taking of a town
# ("arms and ammunition had been captured" after "the resistance took the town"): part of it (ACLED).
SEIZURE_TYPES = frozenset({"Disrupted weapons use"})
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})

# Actor categories whose people fight: what "the group" or "its fighters" may stand for.
ARMED_CATEGORIES = frozenset({"State forces", "Rebel groups", "Political militias", "Identity militias",
                              "External/Other forces"})
NON_STATE_CATEGORIES = frozenset({"Rebel groups", "Political militias", "Identity militias"})

# Rule of a date claim: the day a sentence gives its event (never the publication-date fallback).
DATE_CLAIM_RULE = "date:in-sentence"

# What is fired and wounds whom it hits: "struck by a stray bullet", "hit by gunfire" tell a harm.
PROJECTILE_NOUNS = frozenset({"bullet", "gunfire", "round", "pellet", "shrapnel", "gunshot", "buckshot", "projectile"})


# "Heavy fighting broke out around X", "fighting rages in West Darfur": a clash noun with a verb of its
# onset or course tells an armed clash though no doer is named.
CLASH_NOUNS = frozenset({"fighting", "fight", "clash", "battle", "gunfight", "firefight", "skirmish", "combat",
                         "hostility"})
CLASH_COURSE_LEMMAS = frozenset({"break", "erupt", "rage", "flare", "resume", "intensify", "spread", "escalate",
                                 "continue"})


# ACLED's names for armed men no one named ("Unidentified Armed Group (Mali)").
UNNAMED_GROUP_PREFIXES = ("Unidentified Armed Group (", "Unidentified Gang (")


# The provenance rule of a place told only as what the event was near ("near the Gaza fence").
NEAR_REFERENCE_POINT_RULE = "place:near-reference-point"


# Strategic developments that harm nobody by their nature: any dead or wounded their sentence counts
# are another event's.
HARMLESS_SUB_TYPES = frozenset({"Agreement", "Non-violent transfer of territory", "Headquarters or base established",
                                "Change to group/activity"})


# What a force strikes from the air when a headline says "X strikes ..." without the weapon
# ("U.S. strikes Iranian facility in Syria"): sites, not people or deals.
STRUCK_SITES = frozenset(
    "facility target site depot base compound position post airport airfield infrastructure plant area town "
    "village hideout camp".split()
)


# Units of distance: "some 120 kilometers north of Kabul" measures, it never acts nor is a place.
DISTANCE_UNITS = frozenset({"km", "kms", "kilometre", "kilometer", "kilometres", "kilometers", "mile", "miles",
                            "meter", "metre", "meters", "metres"})
