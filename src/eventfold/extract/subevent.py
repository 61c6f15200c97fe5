"""Classification of event text into ACLED sub-event types by a learned, calibrated model.

One model decides, and names its provenance in `SubEventPrediction.rule`:

- A trigger lexicon: hand-written patterns over word stems ("suicide" + bomb/attack, "defused"
  near a bomb word, a territory verb credited to the state or a non-state actor — the side read
  by `annotate.actors.actor_kind`, never by a list of groups here). Stem alternations play the
  part of lemma matching, so the rules need no parse. They are the model's *features* (which
  rules fire, which one the ladder picks first), not overrides: in 5-fold cross-validation on
  the project's examples, rules as features beat rules-then-model (macro-F1 0.907 vs 0.902).
- Word 1-2-grams and character 3-5-grams (which cover inflection the way lemmas would), hashed
  and TF-IDF weighted, beside those features, feeding a linear SVM; a softmax at a temperature
  fitted on cross-validated margins turns its margins into probabilities
  (`python -m eventfold.extract.train_subevent` reproduces the figures and constants).

The model is trained on `data/subevent_examples.tsv` (columns sub_event_type, text; the type is
an ACLED sub-event name or NONE): sentences written for this project about many conflicts,
never taken from an evaluation set. It is fitted once per machine and cached (`trained_model`).
The NONE class holds disasters, accidents, ordinary crime, diplomacy, statements, threats,
plans, totals over a period and history: when the model prefers it, or is unsure, the text gets
no type — unless a protest is plainly reported, which ACLED codes as a peaceful protest by
default. `classify_batch` types all the sentences of an article at once and gives every
label's probability, so a caller can read how likely a sentence is an event at all. The
CASE-2021 "unseen" types (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) lie
outside ACLED and are meant to get None too.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from eventfold.extract.acled_types import ACLED_CASE_CODES, PROTESTS, sub_event
from eventfold.extract.lexicon import CLASH_COURSE_LEMMAS, CLASH_NOUNS, STRUCK_SITES
from eventfold.prefilter import Prefiltered, Scanner

EXAMPLES_PATH = Path(__file__).resolve().parents[1] / "data" / "subevent_examples.tsv"
NONE_LABEL = "NONE"
MODEL_RULE = "model:ngrams+lexicon-linearsvc"
# Provenance prefix of a model decision that the first-firing lexicon rule agrees with.
LEXICON_BACKED = "model+lexicon:"

# Hashed feature space of each n-gram block; 2**18 showed no collisions that cost accuracy.
HASH_FEATURES = 2 ** 18
# Scale of the 0/1 lexicon features beside unit-length n-gram vectors, and the SVM's
# regularisation, chosen by 5-fold CV on the examples (macro-F1 averaged over 4 shuffles):
# weight 0.3 with C=1 and classes weighted by their rarity 0.910, weight 0.2 with C=0.3
# unweighted 0.910 (tied; the weighted one keeps small classes of new conflicts in view),
# weight 0.3 with C=0.3 weighted 0.904; weights 0.6 and 1.0 scored 0.892 and 0.879.
RULE_FEATURE_WEIGHT = 0.3
# On the n-grams alone, logistic loss (SGD) scored CV macro-F1 0.876 against the SVM's 0.870 but
# fitted 4x slower, lbfgs logistic regression took minutes; static word embeddings (wordllama
# l2_supercat 256-d) scored 0.775 alone and 0.875 beside the n-grams: not worth a dependency.
MODEL_C = 1.0
CLASS_WEIGHT = "balanced"
# Softmax temperature over SVM margins, fitted by `train_subevent` to minimise the log-loss of
# cross-validated margins (so the probabilities are calibrated, not only ranked): 0.12 (log-loss
# 0.383; 0.1: 0.402, 0.2: 0.460).
SOFTMAX_TEMPERATURE = 0.12
# A model answer below this probability is reported as "no event" (None); chosen by
# `train_subevent` for the best cross-validated macro-F1 over all labels, NONE included
# (0.2: 0.9125; 0.3: 0.911, 0.4: 0.908; flat below).
MIN_MODEL_SCORE = 0.2


@dataclass(frozen=True)
class SubEventPrediction:
    sub_event_type: str
    event_type: str
    case_code: str
    score: float
    rule: str  # provenance: MODEL_RULE, "model+lexicon:<rule name>" or "lexicon:<rule name>"
    evidence: str  # the words that decided


# ---------------------------------------------------------------- trigger lexicon


def _near(first: str, second: str, gap: int = 6) -> str:
    """A regex matching `first` and `second` within `gap` words of each other, either order."""
    between = rf"(?:\W+\w+){{0,{gap}}}?\W+"
    return rf"(?:\b(?:{first})\w*{between}(?:{second})\w*|\b(?:{second})\w*{between}(?:{first})\w*)"


PROTESTERS = r"protesters|demonstrators|protestors|marchers|mourners|strikers|crowds?"
WEAPON_OBJECT = (
    r"bombs?|ieds?|improvised explosive|explosives?|devices?|landmines?|mines|grenades?|detonators?|drones?|"
    r"missiles?|rockets?"
)
WEAPON_STOCK = (
    r"weapons|arms|ammunitions?|explosives|cache|rifles|grenades|rockets|missiles|guns|pistols|firearms|"
    r"detonators|ieds|landmines|mortar shells|mortar rounds|bullets|cartridges|explosive devices?|improvised explosive|"
    r"rocket launchers|launchers|booby traps"
)
# The sites of lexicon.STRUCK_SITES, singular or plural ("facility", "facilities", "targets").
STRIKE_TARGET = "|".join(f"{word[:-1]}(?:y|ies)" if word.endswith("y") else f"{word}s?"
                         for word in sorted(STRUCK_SITES))
# "Fighting rages in West Darfur", "clashes erupted", "fighting continues": the parser often reads a
# headline's "Fighting rages" as a verb and its object. Not "fight" or "battle", which courts and
# campaigns have too ("the legal battle continues").
CLASH_WORDS = "|".join(f"{n[:-1]}(?:y|ies)" if n.endswith("y") else f"{n}(?:e?s)?"
                       for n in sorted(CLASH_NOUNS - {"fight", "battle", "combat"}))
CLASH_COURSE = "|".join(sorted(lemma[:-1] if lemma.endswith(("e", "y")) else lemma for lemma in CLASH_COURSE_LEMMAS))


# People named by the weapons they deal in: "captured an improvised explosive device leader" takes a
# person, not weapons.
WEAPON_PEOPLE = r"leaders?|facilitators?|commanders?|experts?|makers?|emplacers?|specialists?|cells?|networks?|financiers?"
SEIZE_VERB = r"seiz|recover|confiscat|discover|uncover|found|cleared|captur|impound|destroy|removed|intercept"
PLACE = (
    r"towns?|city|cities|village|villages|districts?|bases?|area|territory|positions?|hill|hills|hilltop|airport|crossing|"
    r"camps?|posts?|checkpoints?|province|region|neighbo(?:u)?rhoods?|outposts?|headquarters|oil ?fields?|border|control|"
    r"capital|island|port|valley|road|highway|bridge|garrison|stronghold|localit(?:y|ies)|mountain|county|"
    r"barracks|strategic|key|parts?|areas|most of"
)
TERRITORY_VERB = (
    r"recaptur\w*|retook|retak\w*|regain\w*|re-?gain\w*|liberat\w*|took back|taken back|reclaim\w*|"
    r"captur\w*|seiz\w*|overr[au]n\w*|took|taken|taking|wrest\w*|gained ground|dislodg\w*|reconquer\w*|"
    r"established control|entered|advanced (?:in)?to|expell\w*|"
    # "forced / drove / pushed the insurgents out of three districts"
    r"(?:forc|drov|driv|push)\w* (?:[\w'’-]+ ){0,3}?out of"
)


@dataclass(frozen=True)
class Rule:
    name: str
    case_code: str
    pattern: re.Pattern


def _rule(name: str, case_code: str, pattern: str) -> Rule:
    return Rule(name, case_code, re.compile(pattern, re.IGNORECASE))


# Ordered: the first rule that fires wins, so specific weapons come before generic acts.
ACT_RULES: tuple[Rule, ...] = (
    _rule("sexual violence", "SEX_VIOL",
          r"\b(?:gang[- ])?rap(?:e|ed|es|ing|ist|ists)\b|\bsexual(?:ly)? (?:violence|assault|abus|slavery|exploit|harass)\w*"),
    _rule("lynching or vigilantes", "MOB_VIOL", r"\blynch\w*|\bvigilant\w*"),
    _rule("attack foiled", "DISR_WEAP",
          r"\b(?:foiled|thwarted|prevented|averted|foil|thwart)\b(?:\W+\w+){0,4}?\W+(?:suicide|bomb\w*|attack|plot|explosion)"),
    _rule("chemical agent", "CHEM_WEAP",
          r"\b(?:chlorine|sarin|mustard (?:gas|agent)|nerve (?:agent|gas)|chemical (?:weapon|attack|agent|munition|bomb)s?"
          r"|toxic gas|poison(?:ous)? gas|gas attack)(?!\W+(?:\w+\W+){0,6}(?:leak|spill|plant|factory))"),
    _rule("suicide attack", "SUIC_BOMB",
          r"\bsuicide[- ](?:\w+[- ]){0,4}(?:bomb|attack|vest|belt|blast|explosi|ied|device|car|truck)\w*"
          r"|\bblew (?:him|her|them)sel(?:f|ves) up|\bexplosive (?:vest|belt)|\bkamikazes?\b(?! drone)"
          r"|\bkilling (?:him|her|them)sel(?:f|ves)"),
    _rule("weapon defused or intercepted", "DISR_WEAP",
          _near(r"defus|dismantl|neutrali[sz]|deactivat|intercept|shot down|shoots down|foil|thwart|disabled",
                WEAPON_OBJECT + r"|plot", 6) + r"|\bbomb (?:disposal|squad)|\bsappers\b|\bdemin\w*"
          # "two drones were destroyed by air defence systems", "air defences downed a missile"
          r"|\b(?:destroyed|downed|repelled) by (?:\w+ ){0,2}air[- ]defen[cs]e|\bair[- ]defen[cs]es? (?:\w+ ){0,3}"
          r"(?:destroyed|downed|repelled)"),
    _rule("air strike", "AIR_STRIKE",
          r"\bair[- ]?strikes?|\bair raids?|\bair attacks?|\bdrone (?:strike|attack)s?|\bwarplanes?|\bfighter jets?|\bjets\b"
          r"|\bhelicopter gunships?|\bbarrel bombs?|\baerial (?:bombardment|attack|bombing)|\bbombed from the air"
          r"|\bdrones? (?:struck|hit|fired|targeted|dropped|attacked)|\bbomber (?:aircraft|planes?)|\bb-52s?|\bunmanned aerial|\buavs?\b"
          r"|\b(?:guided|glide|gliding|aerial) bombs?|\bwith (?:[\w'’-]+ ){0,3}(?:drones|armed drones|uavs)\b"
          # "the region was hit by Iranian-made kamikaze drones"
          r"|\b(?:hit|struck|targeted|attacked|pounded|bombed|raided) by (?:[\w'’-]+ ){0,3}"
          r"(?:drones|uavs|warplanes|jets|aircraft|helicopters)\b"
          # a headline's verb: "U.S. strikes Iranian facility in Syria", "Assad bombs rebel-held area"
          rf"|\b(?<!missile )(?<!rocket )(?<!drone )(?:strikes|pounds) (?:[\w'’-]+ ){{0,3}}(?:{STRIKE_TARGET})\b"
          r"|\bbombs (?:the |an? )?(?:[\w'’-]+-(?:held|controlled|hit) |rebel |opposition |insurgent )"),
    _rule("weapons seized", "DISR_WEAP",
          rf"\b(?:{SEIZE_VERB})\w*(?:\W+\w+){{0,4}}?\W+(?:{WEAPON_STOCK})\b(?!(?: devices?)? (?:{WEAPON_PEOPLE})\b)"
          rf"|\b(?:{SEIZE_VERB})\w* (?:a total|a number|a haul|a stash|large quantities) of (?:\w+ ){{0,3}}(?:{WEAPON_STOCK})\b"
          rf"|\b(?:{WEAPON_STOCK}) (?:\w+ ){{0,3}}(?:was|were|have been|has been|had been|being) (?:{SEIZE_VERB})"
          + r"|\b(?:arms|weapons?) (?:cache|haul)|\bcache of"),
    _rule("grenade", "GRENADE", r"\b(?<!propelled )(?<!stun )grenades?\b"),
    _rule("planted explosive", "REM_EXPLOS",
          r"\bi\.?e\.?d\.?s?\b|\bimprovised explosive|\broadside (?:bomb|blast|explosion)|\blandmines?|\bland mines?"
          r"|\bcar[- ]bomb|\bexplosive devices?|\bbooby[- ]trap|\b(?:hit|struck|stepped on) an? (?:land)?mine"
          r"|\b(?:magnetic|sticky|limpet|parcel|letter|pipe|roadside|motorcycle) bombs?|\blimpet"
          r"|\bbomb (?:blast|exploded|went off)"
          r"|\b(?:planted|hidden) (?:a )?bomb|\bbombs? (?:planted|hidden)"),
    _rule("shelling or missile", "ART_MISS_ATTACK",
          r"\bshell(?:ed|ing|s)\b|\bmortars?\b|\bartillery\b|\bhowitzers?|\bkatyushas?|\bgrad rockets?"
          r"|\bbombard(?:ed|ing|s|ments?)?\b"
          r"|\brockets? (?:attacks?|fire|fell|landed|hit|struck|strikes?)|\b(?:fired|launched) (?:\w+ ){0,2}(?:rockets?|missiles?)"
          r"|\bmissiles? (?:attack|strike|hit|struck|landed)|\bcruise missiles?|\bsurface-to-surface missiles?"
          # "rebels struck a cargo ship in the Red Sea with a missile"
          r"|\b(?:hit|struck|targeted|attacked) (?:[\w'’-]+ ){1,9}with (?:an? |two |three |[\w'’-]+ ){0,2}(?:missiles?|rockets?)\b(?!-)"),
    _rule("fighting under way", "ARMED_CLASH", rf"\b(?:{CLASH_WORDS})\s+(?:{CLASH_COURSE})\w*\b"),
)

OTHER_RULES: tuple[Rule, ...] = (
    _rule("kidnapping", "ABDUCT_DISSAP",
          r"\bkidnap(?:ped|ping|s)?\b|\babduct(?:ed|ing|ion|ions|s)?\b|\btaken hostage|\btook \w+ hostage|\bforcibly disappeared|\benforced disappearance"),
    _rule("mob", "MOB_VIOL", r"\bmobs?\b"),
    _rule("territory handed over", "NON_VIOL_TERRIT_TRANSFER",
          r"\bwithout (?:a |any )?(?:fight|fighting|resistance|a shot|firing a shot|clashes)|\bunopposed"
          r"|\bhand(?:ed|s|ing)? over (?:control|the (?:town|city|area|base|region|district|province|territory))"
          r"|\bhandover of|\bevacuation (?:deal|agreement)|\b(?:vacated|abandoned|deserted) (?:by )?(?:\w+ ){0,3}"
          r"(?:positions?|town|city|village|base|barracks|posts?|checkpoints?|area)"
          r"|\bafter (?:the )?(?:\w+ ){0,3}(?:withdrew|pulled out|retreated|left (?:it|the|overnight))(?! under fire)"
          r"|\b(?:positions|posts|bases?) vacated|\bnegotiated (?:surrender|withdrawal|exit|departure)"
          # "Russian forces pulled out of the island": a force leaving ground it held
          r"|\b(?:forces|troops|soldiers|army|fighters|militants|rebels|garrison) (?:\w+ ){0,2}"
          r"(?:withdrew|pulled out|retreated) (?:from|of)\b(?! (?:the )?(?:\w+ )?(?:talks|negotiations|deal|agreement|"
          r"accord|process|coalition|government|election|race|treaty|pact|mission))"),
    _rule("ceasefire or peace deal", "AGREEMENT",
          r"\bceasefire|\bcease-fire|\btruce\b|\bpeace (?:deal|agreement|accord|pact)|\bprisoner (?:exchange|swap)"
          r"|\bexchang\w* (?:of )?(?:\w+ ){0,2}prisoners"
          r"|\bsigned (?:an? |the )?(?!(?:\w+ ){0,2}(?:trade|economic|investment|loan|business))"
          r"(?:\w+ ){0,2}(?:agreement|deal|accord|memorandum)"),
    _rule("base set up", "HQ_ESTABLISHED",
          _near(r"set up|sets up|setting up|establish|opened|built", r"base|outpost|observation (?:post|point)|"
                r"headquarters|military (?:post|point)|garrison|command post", 5)),
    _rule("defection", "CHANGE_TO_GROUP_ACT", r"\bdefect(?:ed|ion|ions|ors|ing|s)\b"),
    _rule("forces moved or reorganised", "CHANGE_TO_GROUP_ACT",
          r"\b(?:(?:sent|dispatched|deployed|rushed|brought in) (?:\w+ ){0,2}reinforcements|"
          r"reinforc\w* (?:its |their |the )?(?:positions|troops|forces|presence|units)|dispatch(?:ed)?|"
          r"redeploy\w*|deploy(?:ed|ing|ment)|general mobili[sz]ation|"
          r"mobili[sz](?:ed|ing|ation) (?:of )?(?:\w+ ){0,2}(?:troops|forces|fighters|reservists|supporters|men|volunteers)|"
          r"recruit(?:ed|ing|s)|merg(?:ed|er|ing)|split from|broke away|splinter|pledged allegiance|disband\w*|demobili[sz]\w*)\b"
          r"(?!(?:\W+\w+){0,8}?\W+(?:killed|clash|attack))"),
    _rule("property destroyed without casualties", "PROPERTY_DISTRUCT",
          r"\b(?:loot(?:s|ed|ing|ers)?|pillag\w*|plunder(?:s|ed|ing)?|set (?:fire to|ablaze)|torch(?:ed|ing)|"
          r"burn(?:ed|t) down|vandali[sz]\w*|ransack\w*|arson\w*)\b"
          r"(?![\s\S]*\b(?:killed|killing|dead|shot|wounded|injured)\b)"),
)


# Demonstrators as the agents of violence: ACLED's riot, whatever else the sentence says.
CROWD_ATTACKS = re.compile(
    rf"\b(?:{PROTESTERS}|protesters?|demonstrators?|mobs?) (?:[\w'-]+ ){{0,2}}(?:attacked|stormed|burned|torched|"
    r"ransacked|looted|forced (?:their|its) way)\b", re.IGNORECASE)

# A protest is being spoken of; the cues below then decide between the protest sub-types.
PROTEST_CONTEXT = re.compile(
    rf"\b(?:{PROTESTERS}|protest\w*|demonstrations?|rall(?:y|ies|ied)|sit-ins?|(?-i:march(?:ed|es)?)|rioters?|"
    r"gathered|gathering)\b",
    re.IGNORECASE)
PROTEST_RULES: tuple[Rule, ...] = (
    # ACLED codes a demonstration as a riot as soon as the demonstrators use violence,
    # whatever the police do, so violent cues come first.
    _rule("protesters turn violent", "VIOL_DEMONSTR",
          rf"{CROWD_ATTACKS.pattern}|"
          r"\b(?:clash\w*|scuffl\w*|threw|throwing|thrown|throws|pelted|pelting|hurl\w*|torch\w*|"
          r"(?:set|sets|setting) (?:fire|ablaze|alight)|"
          r"light(?:ed)? fires|lit fires|burn(?:ed|ing|t)? (?:tyres|tires|cars|vehicles|barricades)|petrol bombs?|molotov\w*|"
          r"ransack\w*|vandali[sz]\w*|stormed|storming|smash\w*|loot\w*|fireworks|firecrackers|stones|rocks|rioters?|"
          r"rioting|overturned|broke into|broke through|barricad\w*|"
          r"attacked (?:a |the )?(?:police|officers|security|vehicles|passing)|"
          r"(?:pull\w*|tore|tear\w*) down|(?:removed|dismantled|tore) (?:the )?(?:fences?|barriers?)|"
          r"riots?\b(?! police| gear| squad| units?| control))\b"),
    # Harm done *to* protesters (not a protest *about* a killing): a harm word bound to them.
    _rule("lethal or injuring force against protesters", "FORCE_AGAINST_PROTEST",
          rf"\b(?:{PROTESTERS}|protesters?|demonstrators?|people) (?:[\w'-]+ ){{0,3}}(?:was|were|have been|had been|being) "
          rf"(?:[\w'-]+ )?(?:killed|shot|injured|wounded|beaten|hurt|run over)"
          rf"|\b(?:{PROTESTERS}|protesters?|demonstrators?) (?:[\w'-]+ ){{0,2}}(?:died|dead)\b"
          rf"|\b(?:kill|kills|killed|killing|shot dead|shooting dead|injuring|wounding|beat|beating|beaten|massacred) "
          rf"(?:[\w'-]+ ){{0,3}}(?:{PROTESTERS}|protesters?|demonstrators?|people at)"
          rf"|\b(?:fired|firing|shot|shooting) (?:on|at|into) (?:[\w'-]+ ){{0,3}}(?:{PROTESTERS}|protesters?|demonstrators?)"
          rf"|\blethal force"
          rf"|\b(?:opened|open) fire (?:on|at|into)|\b(?:police|forces|soldiers|troops|army) (?:[\w'-]+ ){{0,3}}"
          rf"(?:used|fired|firing) live|\blive (?:ammunition|rounds|bullets|fire) (?:at|on|against|into)"
          rf"|\bexcessive force|\bviolent crackdown|\bviolently (?:suppress|disperse|attack)\w*|\bfatally shot"),
    _rule("protest dispersed", "PROTEST_WITH_INTER",
          r"\btear[- ]?gas|\bwater[- ]?cannons?|\brubber bullets|\bpepper[- ]spray\w*|\bbaton\w*|\bbroke up"
          r"|\bdispers(?:ed|e|ing|al)\b(?! peacefully)|\bbreak up|\bbroken up|\bsuppress\w*|\bcharged at|\bforcibly"
          r"|\bcleared (?:the )?(?:square|camp|streets?|protest)"
          rf"|\b(?:detain|arrest)(?:ed|ing)? (?:[\w'-]+ ){{0,3}}(?:{PROTESTERS}|protesters?|demonstrators?|people|participants|"
          rf"activists|organisers|organizers)|\b(?:{PROTESTERS}|people|participants|activists) (?:[\w'-]+ ){{0,3}}"
          rf"(?:were|was|have been|had been|being) (?:detained|arrested)|\barrests\b"),
)


# ACLED's default for a demonstration with no violence and no intervention. Used only when
# the model finds no event: as a rule ahead of the model it was right on 29 of the 50
# training sentences it fired on (the model tells riots and repression apart better).
PEACEFUL_PROTEST_RULE = _rule(
    "protest without violence or intervention", "PEACE_PROTEST",
    r"\b(?:protesters|demonstrators|protestors|protested|protesting|rallied|staged (?:a |an )?(?:\w+ )?"
    r"(?:protest|demonstration|rally|sit-in|strike|march)|took to the streets|marched|sit-in|die-in|on strike|"
    r"went on strike|hunger strike|vigil)\b")


def _match_protest(text: str) -> Optional[tuple[Rule, str]]:
    """Violent, repressed or dispersed protests, when a protest is spoken of at all."""
    if not PROTEST_CONTEXT.search(text):
        return None
    return _first_rule(PROTEST_RULES, text)


RIOT_WORD = re.compile(r"\briot(?:s|ed|ing)?\b(?! police| gear| squad| units?| control)", re.IGNORECASE)


def protest_told_under_its_headline(headline: str, text: str) -> Optional[SubEventPrediction]:
    """"Police officers riot in capital" over "dozens of officers blocked roads and broke into the
    airport": when the headline names a protest or riot, a body sentence need not say "protesters"
    again for its crowd's acts (storming, breaking in, clashing, dispersal) to type the protest."""
    if not headline or not (PROTEST_CONTEXT.search(headline) or RIOT_WORD.search(headline)
                            or PEACEFUL_PROTEST_RULE.pattern.search(headline)):
        return None
    found = _first_rule(PROTEST_RULES, text)
    if found is None:
        return None
    rule, evidence = found
    return _prediction(rule.case_code, 0.0, f"lexicon+headline:{rule.name}", evidence)


def _first_actor(text: str, names=None) -> Optional[str]:
    """GOV or NON: the kind of actor named first in `text` (in news leads, usually the subject).

    Read by the actor module (`actor_kind`) from the words themselves, or from `names`, the
    article's own actors with their ACLED categories: no list of groups lives here."""
    from eventfold.annotate.actors import actor_kind

    kind = actor_kind(text, names)
    return {"state": "GOV", "non_state": "NON"}.get(kind) if kind else None


def _territory_winner(text: str, verb: re.Match, names=None) -> Optional[str]:
    """Who took the territory a territory verb speaks of: "GOV", "NON" or None if unclear.

    A passive agent ("taken by the army") names the winner; else the first actor of the
    sentence before the verb does; else a source ("taken from the rebels") names the loser.
    """
    after = text[verb.end(): verb.end() + 120]
    agent = re.match(r"(?:\W+\w+){0,6}?\W+by (?P<actor>.{1,60})", after)
    winner = _first_actor(agent.group("actor"), names) if agent else None
    if winner:
        return winner
    previous_stop = text.rfind(". ", 0, verb.start())
    sentence_start = max(previous_stop + 2 if previous_stop >= 0 else 0, verb.start() - 150)
    subject = _first_actor(text[sentence_start: verb.start()], names)
    if subject:
        return subject
    source = re.match(r"(?:\W+\w+){0,8}?\W+from (?P<actor>.{1,60})", after)
    loser = _first_actor(source.group("actor"), names) if source else None
    return {"GOV": "NON", "NON": "GOV"}.get(loser) if loser else None  # "taken from the army": the other side won


# "taken part", "taken refuge in the area", "took place": idioms, not a change of territory.
NOT_TERRITORY_OBJECTS = r"part|refuge|shelter|cover|place|hostage|prisoner"
TERRITORY_PATTERN = re.compile(
    rf"\b(?:{TERRITORY_VERB})\b(?! (?:{NOT_TERRITORY_OBJECTS})\b)(?=(?:\W+\w+){{0,4}}?\W+(?:{PLACE})\b)",
    re.IGNORECASE)
# Passive voice: "the town was recaptured (by the army)"; the match ends on the verb.
PASSIVE_TERRITORY_PATTERN = re.compile(
    rf"\b(?:{PLACE})\b (?:[\w-]+ ){{0,2}}?(?:was|were|has been|have been|had been) (?:{TERRITORY_VERB})\b",
    re.IGNORECASE)
TERRITORY_CODES = {"GOV": "GOV_REGAINS_TERIT", "NON": "NON_STATE_ACTOR_OVERTAKES_TER"}


def _match_territory(text: str, names=None, seen: Optional[frozenset] = None) -> Optional[tuple[Rule, str]]:
    """A place taken (active or passive voice), credited to the actor who took it (`seen`: the
    words of the rules' pre-checks found in the text, which let the searches skip it)."""
    verbs = sorted([*_TERRITORY.finditer(text, seen), *_PASSIVE_TERRITORY.finditer(text, seen)],
                   key=lambda found: found.start())
    for verb in verbs:
        winner = _territory_winner(text, verb, names)
        if winner:
            code = TERRITORY_CODES[winner]
            name = "territory taken by " + ("government" if winner == "GOV" else "non-state actor")
            return Rule(name, code, TERRITORY_PATTERN), text[verb.start(): verb.end() + 40].split(".")[0]
    return None


def _first_rule(rules: tuple[Rule, ...], text: str) -> Optional[tuple[Rule, str]]:
    for rule in rules:
        found = rule.pattern.search(text)
        if found:
            return rule, found.group(0)
    return None


def _match_rules(text: str, names=None) -> Optional[tuple[Rule, str]]:
    """The first lexicon rule that fires: weapons, protest repression, other acts, territory changes."""
    return (_first_rule(ACT_RULES, text) or _match_protest(text) or _first_rule(OTHER_RULES, text)
            or _match_territory(text, names))


# ---------------------------------------------------------------- learned model


# The lexicon as features: whether each rule fires anywhere in the text, which rule fires first
# (the ladder's decision), and whether a protest is spoken of.
TERRITORY_FEATURES = tuple(TERRITORY_CODES.values())


def rule_features(text: str, names=None) -> list[float]:
    """The lexicon's reading of `text` as 0/1 features for the model."""
    return _features_of(_read(text, names))


@dataclass(frozen=True)
class _Reading:
    """Every search the lexicon makes in one text, made once: the first match of each of
    ALL_RULES (None where it does not fire), whether a protest is spoken of, and the territory
    rule's answer. The features and the typing's evidence are both read off it."""

    found: tuple[Optional[re.Match], ...]
    protest: bool
    territory: Optional[tuple[Rule, str]]
    seen: Optional[frozenset]  # the words of the pre-checks found in the text (`_RULE_SCAN`)


def _read(text: str, names=None) -> _Reading:
    seen = _RULE_SCAN.seen(text)
    return _Reading(tuple(searcher.search(text, seen) for searcher in _RULE_SEARCHERS),
                    _PROTEST_CONTEXT.search(text, seen) is not None, _match_territory(text, names, seen), seen)


def _features_of(reading: _Reading) -> list[float]:
    fired = [0.0 if found is None else 1.0 for found in reading.found]
    territory = reading.territory
    fired += [1.0 if territory and territory[0].case_code == code else 0.0 for code in TERRITORY_FEATURES]
    first = _lexicon_match(reading)
    fired += [1.0 if first and first[0].case_code == code else 0.0 for code in CASE_CODES]
    fired.append(1.0 if reading.protest else 0.0)
    return fired


def _lexicon_match(reading: _Reading) -> Optional[tuple[Rule, str]]:
    """What `_match_rules` answers, read off the searches already made."""
    hit = _first_fired(reading.found, reading.protest)
    return (ALL_RULES[hit], reading.found[hit].group(0)) if hit is not None else reading.territory


def _first_fired(found: tuple[Optional[re.Match], ...], protest: bool) -> Optional[int]:
    """The index in ALL_RULES of the rule `_match_rules` picks before territory, from each rule's
    match (ACT_RULES, PROTEST_RULES and OTHER_RULES, in that order, lead ALL_RULES)."""
    acts, protests = len(ACT_RULES), len(PROTEST_RULES)
    groups = [(0, acts), (acts + protests, acts + protests + len(OTHER_RULES))]
    if protest:
        groups.insert(1, (acts, acts + protests))
    for start, end in groups:
        hit = next((i for i in range(start, end) if found[i] is not None), None)
        if hit is not None:
            return hit
    return None


ALL_RULES: tuple[Rule, ...] = (*ACT_RULES, *PROTEST_RULES, *OTHER_RULES, PEACEFUL_PROTEST_RULE)
CASE_CODES = tuple(sorted(ACLED_CASE_CODES))
# The same searches with exact pre-checks of the words their matches need (eventfold.prefilter):
# most sentences hold none of a rule's words and are not scanned for it.
_RULE_SEARCHERS = tuple(Prefiltered(rule.pattern) for rule in ALL_RULES)
_PROTEST_CONTEXT = Prefiltered(PROTEST_CONTEXT)
_CROWD_ATTACKS = Prefiltered(CROWD_ATTACKS)
_TERRITORY = Prefiltered(TERRITORY_PATTERN)
_PASSIVE_TERRITORY = Prefiltered(PASSIVE_TERRITORY_PATTERN)
_RULE_SCAN = Scanner([*_RULE_SEARCHERS, _PROTEST_CONTEXT, _CROWD_ATTACKS, _TERRITORY, _PASSIVE_TERRITORY])


def load_examples(path: Path = EXAMPLES_PATH) -> list[tuple[str, str]]:
    """(sub_event_type, text) pairs; sub_event_type is an ACLED name or NONE."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["sub_event_type"], row["text"]) for row in reader]


def _ngram_block(analyzer: str, ngrams: tuple[int, int]):
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.pipeline import make_pipeline

    # Hashing needs no vocabulary: a word never seen in training costs nothing and breaks nothing.
    hasher = HashingVectorizer(analyzer=analyzer, ngram_range=ngrams, n_features=HASH_FEATURES,
                               alternate_sign=False, norm=None, lowercase=True)
    return make_pipeline(hasher, TfidfTransformer(sublinear_tf=True))


class TypingModel:
    """Word 1-2-grams and character 3-5-grams (hashed, TF-IDF weighted) beside the lexicon's
    features, feeding a linear SVM whose margins a softmax turns into probabilities."""

    def __init__(self, rule_weight: float = RULE_FEATURE_WEIGHT, c: float = MODEL_C):
        from sklearn.svm import LinearSVC

        self.words = _ngram_block("word", (1, 2))
        self.chars = _ngram_block("char_wb", (3, 5))
        self.rule_weight = rule_weight
        self.classifier = LinearSVC(C=c, class_weight=CLASS_WEIGHT, random_state=0)

    def features(self, texts: list[str], rule_rows: list[list[float]], fit: bool = False, word_rows=None):
        """The model's input rows; `word_rows` are `self.words.transform(texts)` when the caller has them."""
        from scipy import sparse

        if word_rows is None:
            word_rows = self.words.fit_transform(texts) if fit else self.words.transform(texts)
        blocks = [word_rows,
                  self.chars.fit_transform(texts) if fit else self.chars.steps[1][1].transform(char_counts(self, texts)),
                  sparse.csr_matrix(rule_rows) * self.rule_weight]
        return sparse.hstack(blocks).tocsr()

    def fit(self, texts: list[str], labels: list[str]) -> "TypingModel":
        self.classifier.fit(self.features(texts, [rule_features(t) for t in texts], fit=True), labels)
        # Only n-grams seen in training have weights: stored sparse, the cached model is ~10 MB, not ~110.
        self.classifier.sparsify()
        return self

    @functools.cached_property
    def labels(self) -> list[str]:  # read for every text typed: listed once
        return [str(label) for label in self.classifier.classes_]

    def margins(self, texts: list[str], rule_rows: list[list[float]], word_rows=None):
        """The classifier's decision function, with its weights kept transposed: sklearn transposes
        the sparse weights at every call, which cost more than the product itself."""
        from sklearn.utils.sparsefuncs import sparse_matmul_to_dense

        rows = self.features(texts, rule_rows, word_rows=word_rows)
        return sparse_matmul_to_dense(rows, _weights_by_feature(self)) + self.classifier.intercept_

    def evidence(self, text: str, label: str, top: int = 4, row=None) -> str:
        """The word n-grams of `text` that pushed hardest towards `label` (`row`: its word row, if
        the caller has it: one transform per sentence costs sklearn's overhead each time)."""
        from sklearn.utils import murmurhash3_32

        row = (self.words.transform([text]) if row is None else row).tocsr()
        row.sum_duplicates()
        values = dict(zip(row.indices.tolist(), row.data))  # reading a sparse row cell by cell is slow
        weights = _dense_weights(self, label)
        analyzer = self.words.steps[0][1].build_analyzer()
        scored = {}
        for term in set(analyzer(text)):
            column = abs(murmurhash3_32(term, positive=False)) % HASH_FEATURES
            scored[term] = values.get(column, row.dtype.type(0)) * weights[column]
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(term for term, weight in ranked[:top] if weight > 0)


# The character n-grams of a word, hashed: the columns it adds to a text's count row. A text's
# `char_wb` n-grams are those of each of its words apart (padded with a space each side), so its
# counts are the sum of its words' and a word seen once is never cut into n-grams again: sklearn's
# analyser did that in Python for every word of every text typed. Bounded: cleared when full.
_WORD_COLUMNS: dict[str, bytes] = {}
WORD_COLUMNS_KEPT = 50_000


def char_counts(model: "TypingModel", texts: list[str]):
    """What the char block's hasher gives for `texts` (`model.chars.steps[0][1].transform`), the
    same counts in the same order, built from each word's cached columns."""
    import numpy as np
    from scipy import sparse

    hasher = model.chars.steps[0][1]
    words_of = [text.lower().split() for text in texts]  # the hasher lowers the text, then splits it
    new = list({word for words in words_of for word in words if word not in _WORD_COLUMNS})
    if len(_WORD_COLUMNS) + len(new) > WORD_COLUMNS_KEPT:
        _WORD_COLUMNS.clear()
        new = list({word for words in words_of for word in words})
    if new:
        rows = hasher._get_hasher().transform(hasher._char_wb_ngrams(word) for word in new)
        for number, word in enumerate(new):  # a column repeats in a row once per n-gram hashed to it
            columns = np.repeat(rows.indices[rows.indptr[number]:rows.indptr[number + 1]],
                                rows.data[rows.indptr[number]:rows.indptr[number + 1]].astype(np.int64))
            _WORD_COLUMNS[word] = columns.astype(np.int32).tobytes()
    joined = [b"".join(_WORD_COLUMNS[word] for word in words) for words in words_of]
    indptr = np.cumsum([0] + [len(row) // 4 for row in joined], dtype=np.int64)
    indices = np.frombuffer(b"".join(joined), dtype=np.int32)
    counts = sparse.csr_array((np.ones(len(indices), dtype=hasher.dtype), indices, indptr),
                              shape=(len(texts), hasher.n_features))
    counts.sum_duplicates()  # sorts the columns and adds the repeats, as the hasher does
    return counts


# Dense weight rows of the fitted model, by label: densifying a sparse row costs more than the
# rest of `evidence`, which runs for every sentence the model types. Keyed by the model object.
_WEIGHTS: dict = {}


def _weights_by_feature(model: TypingModel):
    cached = _WEIGHTS.get(None)
    if cached is None or cached[0] is not model:
        cached = _WEIGHTS[None] = (model, model.classifier.coef_.T.tocsr())
    return cached[1]


def _dense_weights(model: TypingModel, label: str):
    cached = _WEIGHTS.get(label)
    if cached is None or cached[0] is not model:
        cached = _WEIGHTS[label] = (model, model.classifier.coef_[model.labels.index(label)].toarray().ravel())
    return cached[1]


def probabilities_from_margins(margins, temperature: float = SOFTMAX_TEMPERATURE):
    """Row-wise softmax of SVM margins at the temperature fitted on cross-validated margins."""
    import numpy as np

    margins = np.atleast_2d(margins)
    shifted = np.exp((margins - margins.max(axis=1, keepdims=True)) / temperature)
    return shifted / shifted.sum(axis=1, keepdims=True)


def model_fingerprint() -> str:
    """What the fitted model depends on: its examples, this module's rules and code, the actor
    reading its territory features use, sklearn."""
    from importlib import metadata

    from eventfold.annotate import actor_lexicon, actors
    from eventfold.extract import acled_types

    digest = hashlib.sha256()
    # actors.py reads the word tables of actor_lexicon.py; acled_types.py names the labels.
    for source in (EXAMPLES_PATH, Path(__file__), Path(actors.__file__), Path(actor_lexicon.__file__),
                   Path(acled_types.__file__)):
        digest.update(source.read_bytes())
    digest.update(metadata.version("scikit-learn").encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def trained_model() -> TypingModel:
    """The model fitted on the project's own examples: fitted once per machine, then read from
    the cache (keyed by `model_fingerprint`); refitted when the examples or rules change."""
    from eventfold.annotate.gazetteer import default_cache_dir

    path = default_cache_dir() / f"subevent-model-{model_fingerprint()}.pkl"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # absent, unreadable or from another version: fit it
    examples = load_examples()
    model = TypingModel().fit([text for _, text in examples], [label for label, _ in examples])
    _save_atomically(model, path)
    return model


def _save_atomically(model: TypingModel, path: Path) -> None:
    """Written under a temporary name then renamed: processes fitting at once never read half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for stale in path.parent.glob("subevent-model-*.pkl"):
            if stale != path:
                stale.unlink(missing_ok=True)  # fitted from older examples or code
    except OSError:
        pass  # a read-only cache only costs a refit next time


# ---------------------------------------------------------------- public entry points


@dataclass(frozen=True)
class Typing:
    """The typer's answer for one text: its sub-event (None when no ACLED event) and the
    calibrated probability of every label, NONE included."""

    prediction: Optional[SubEventPrediction]
    probabilities: dict[str, float]

    @property
    def event_probability(self) -> float:
        """How likely the text reports an ACLED event of any type (1 - P(NONE))."""
        return round(1.0 - self.probabilities.get(NONE_LABEL, 0.0), 4)


def _prediction(key: str, score: float, rule: str, evidence: str) -> SubEventPrediction:
    kind = sub_event(key)
    return SubEventPrediction(kind.name, kind.event_type, kind.case_code, round(score, 4), rule, evidence)


def classify_batch(texts: list[str], names=None) -> list[Typing]:
    """The typing of every text at once (one model call for all the sentences of an article).

    `names` maps the article's actor names to their ACLED categories, so that the lexicon's
    territory features know which side "the RSF" or "M23" is on."""
    return classify_groups([(texts, names)])[0]


def classify_groups(groups: list[tuple[list[str], object]]) -> list[list[Typing]]:
    """`classify_batch` of each (texts, names) group, in one model call for all of them: sklearn's
    cost per call was a third of the typing of an article part. Each text's row of features and
    margins is computed alone, so a text is typed the same in any company."""
    texts = [text for group, _ in groups for text in group]
    names_of = [names for group, names in groups for _ in group]
    typed = _classify(texts, names_of)
    found, start = [], 0
    for group, _ in groups:
        found.append(typed[start:start + len(group)])
        start += len(group)
    return found


def _classify(texts: list[str], names_of: list) -> list[Typing]:
    """The typing of each text, `names_of[i]` the actor names of the article of `texts[i]`."""
    model = trained_model()
    results: list[Optional[Typing]] = [None] * len(texts)
    live = [i for i, text in enumerate(texts) if text and text.strip()]
    for i in set(range(len(texts))) - set(live):
        results[i] = Typing(None, {NONE_LABEL: 1.0})
    if live:
        readings = [_read(texts[i], names_of[i]) for i in live]
        rows = [_features_of(reading) for reading in readings]
        word_rows = model.words.transform([texts[i] for i in live]).tocsr()  # once, for margins and evidence
        probabilities = probabilities_from_margins(model.margins([texts[i] for i in live], rows, word_rows))
        for number, (i, row) in enumerate(zip(live, probabilities)):
            # the word row is sliced only for the few typings whose evidence the model gives
            results[i] = _typing(model, texts[i], row, names_of[i], lambda n=number: _row_of(word_rows, n),
                                 readings[number])
    return results


def _row_of(rows, number: int):
    """`rows[number]` of a CSR matrix, the same one-row matrix cut from its arrays directly: scipy's
    indexing validates the key at every call, which cost more than the evidence it serves."""
    from scipy import sparse

    first, last = rows.indptr[number], rows.indptr[number + 1]
    return sparse.csr_matrix((rows.data[first:last].copy(), rows.indices[first:last].copy(), [0, last - first]),
                             shape=(1, rows.shape[1]))


def best_label(probabilities: dict[str, float]) -> tuple[str, float]:
    """The most probable label, the two ways of taking ground by fighting counted as one: they
    differ only by the side that won, a fact of the actors (`_side_that_took_it`), so the model's
    hesitation between them must not let a third label win."""
    label = max(probabilities, key=probabilities.get)
    territory = sum(probabilities.get(name, 0.0) for name in TERRITORY_NAMES)
    others = max((p for name, p in probabilities.items() if name not in TERRITORY_NAMES), default=0.0)
    if label not in TERRITORY_NAMES and territory > others:
        label = max(TERRITORY_NAMES, key=lambda name: probabilities.get(name, 0.0))
    return label, (territory if label in TERRITORY_NAMES else probabilities[label])


def _typing(model: TypingModel, text: str, row, names, word_row, reading: _Reading) -> Typing:
    """One text's typing from its probabilities `row`; `word_row()` gives its word n-gram row and
    `reading` the lexicon's searches in it."""
    probabilities = {label: round(p, 4) for label, p in zip(model.labels, row.tolist())}  # floats, not numpy's
    label, score = best_label(probabilities)
    if label == NONE_LABEL or score < MIN_MODEL_SCORE:
        return Typing(_peaceful_protest(text, score, reading.found[-1]), probabilities)
    if label in TERRITORY_NAMES:
        side = _side_that_took_it(text, names, probabilities, reading)
        if side is not None:
            return Typing(side, probabilities)
    crowd = _CROWD_ATTACKS.search(text, reading.seen) if sub_event(label).event_type == PROTESTS else None
    if crowd:
        # the crowd attacked: a riot, not a protest (nor force against one)
        return Typing(_prediction("VIOL_DEMONSTR", score, f"{LEXICON_BACKED}crowd attacks", crowd.group(0)),
                      probabilities)
    matched = _lexicon_match(reading)
    if matched and sub_event(matched[0].case_code).name == label:
        # The lexicon agrees: its rule and words are the clearest evidence.
        rule, evidence = matched
        return Typing(_prediction(label, score, f"{LEXICON_BACKED}{rule.name}", evidence), probabilities)
    return Typing(_prediction(label, score, MODEL_RULE, model.evidence(text, label, row=word_row())), probabilities)


TERRITORY_NAMES = frozenset(sub_event(code).name for code in TERRITORY_CODES.values())


def _side_that_took_it(text: str, names, probabilities: dict[str, float],
                       reading: Optional[_Reading] = None) -> Optional[SubEventPrediction]:
    """The model says ground was taken by fighting; who took it is a fact of the actors, which
    the words around the verb tell better than n-grams do: the territory rule's winner decides
    (`reading`: the searches already made in `text`)."""
    matched = reading.territory if reading is not None else _match_territory(text, names)
    if matched is None:
        return None
    rule, evidence = matched
    score = sum(probabilities.get(name, 0.0) for name in TERRITORY_NAMES)
    return _prediction(rule.case_code, min(score, 1.0), f"{LEXICON_BACKED}{rule.name}", evidence)


def classify_sub_event(text: str, doc=None) -> Optional[SubEventPrediction]:
    """The ACLED sub-event type a snippet reports, or None when it reports no ACLED event.

    None also when the model prefers its NONE class or is less confident than
    MIN_MODEL_SCORE. `doc` (a spaCy Doc of `text`) is optional and only supplies the text.
    For many texts, `classify_batch` is one model call instead of one per text."""
    text = (doc.text if doc is not None else text) or ""
    return classify_batch([text])[0].prediction


def _peaceful_protest(text: str, score: float, found: Optional[re.Match]) -> Optional[SubEventPrediction]:
    """The fallback when the model sees no event: a plain protest still is one (`found`: the
    protest rule's match in `text`, the last of ALL_RULES)."""
    if not found:
        return None
    return _prediction(PEACEFUL_PROTEST_RULE.case_code, score, f"lexicon:{PEACEFUL_PROTEST_RULE.name}",
                       found.group(0))
