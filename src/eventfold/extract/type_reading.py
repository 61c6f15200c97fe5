"""Whether the typer's reading of a sentence stands, and what the sentence's own words correct in it:
a guess no lexicon rule backs needs a calibrated score or a named doer; an agreement told only as
what was defied or asked for is none; a fight told by its outbreak is a clash with nobody named;
the weapon that did the harm decides the kind of remote violence (ACLED codes it by its means).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from eventfold.extract.clauses import _token_at
from eventfold.extract.lexicon import CLASH_COURSE_LEMMAS, CLASH_NOUNS, TERRITORY_BY_WINNER
from eventfold.extract.triggers import passive_toll
from eventfold.model import EventReport, Provenance

if TYPE_CHECKING:
    from eventfold.extract.subevent import SubEventPrediction

# A "Strategic developments" guess no lexicon rule backs is kept only from this calibrated
# probability: the lowest at which such guesses were right 9 times in 10 in 5-fold CV on the
# typer's examples (0.6: 0.876, 0.7: 0.900, 0.9: 0.934; `python -m eventfold.extract.train_subevent`).
MODEL_STRATEGIC_MIN_SCORE = 0.7
# Any other guess no lexicon rule backs, in a sentence that names no doer, needs this probability:
# the lowest at which such guesses were right 9 times in 10 in the same CV (0.5: 0.887, 0.6: 0.910,
# 0.8: 0.943). Below it a bare "Four fighters were killed" is a figure of the event before.
MODEL_ONLY_MIN_SCORE = 0.6


# Words without which a model's "Air/drone strike" is no air strike.
AIR_WORDS = re.compile(r"\b(?:air|airstrikes?|aerial|aircraft|drones?|helicopters?|jets?|planes?|warplanes?|"
                       r"gunships?|bomb(?:ed|ing|ings|s)?|sorties?|strikes?)\b", re.IGNORECASE)


# Words for a protest or its crowd ("protesters", "a rally", "the march", "demonstrating").
PROTEST_WORDS = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies)|march\w*|crowds?|mobs?|rioters?|strikers|"
                           r"mourners|sit-ins?|gatherings?|unrest|riots?)\b", re.IGNORECASE)
# "Suffered heavy losses", "inflicted casualties on": a side's dead and wounded told as a sum of a fight.
LOSS_NOUNS = frozenset({"loss", "casualty"})
LOSS_VERBS = frozenset({"suffer", "sustain", "incur", "take", "inflict"})
# Words of an arrest: a model's "Arrests" told by one of them is trusted at any confidence.
ARREST_LEMMAS = frozenset({"arrest", "detain", "capture", "apprehend", "detention", "apprehension", "nab"})


# Words that mention an agreement only as what the event defied ("despite a truce", "breaking the
# ceasefire") or as what someone asks for ("called for an immediate ceasefire": a statement, no agreement).
# Verbs that end an agreement ("the truce collapsed", "failed to hold", "broke down"): one that ended is none made.
ENDING_LEMMAS = frozenset({"collapse", "fail", "expire", "lapse", "crumble", "unravel", "break"})
DEFIED_AGREEMENT_WORDS = frozenset({"despite", "defiance", "violation", "breach", "violate", "break",
                                    "flout", "shatter", "undermine",
                                    "call", "demand", "urge", "seek", "push", "press", "appeal", "propose", "plead",
                                    "want", "ask"}) | ENDING_LEMMAS
AGREEMENT_NOUNS = frozenset({"truce", "ceasefire", "cease-fire", "deal", "agreement", "accord", "pact"})


def agreement_told_in_passing(sent) -> bool:
    """Every agreement word of the sentence hangs on a word of defiance, of a demand or of an end: the
    sentence tells what happened in spite of the agreement, that one was asked for or that it broke
    down, not an agreement made."""
    nouns = [t for t in sent if t.lemma_.lower() in AGREEMENT_NOUNS or t.lower_ in AGREEMENT_NOUNS]
    return bool(nouns) and all(n.dep_ in ("compound", "amod")  # "a ceasefire monitoring body", "truce talks"
                               or any(a.lemma_.lower() in DEFIED_AGREEMENT_WORDS for a in (n.head, n.head.head))
                               or _defied_nearby(n) for n in nouns)


# How far from an agreement word a word of its defiance or end is looked for, when the parse does not
# link them ("accuse the other of breaking deal", "a ceasefire between the army and X failed to hold").
DEFIANCE_WINDOW = 2
END_WINDOW = 10


def _defied_nearby(noun) -> bool:
    doc = noun.doc
    before = doc[max(noun.i - DEFIANCE_WINDOW, noun.sent.start):noun.i]
    after = doc[noun.i + 1:min(noun.i + 1 + END_WINDOW, noun.sent.end)]
    return any(t.lemma_.lower() in DEFIED_AGREEMENT_WORDS for t in before) or any(
        t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in ENDING_LEMMAS for t in after)



# ACLED codes remote violence by its means, whoever the victims: the weapon that did the harm decides.
REMOTE_WEAPON_TYPES = {
    "Air/drone strike": frozenset({"drone", "uav", "warplane", "jet", "aircraft", "plane", "helicopter", "gunship",
                                   "bomber"}),
    "Shelling/artillery/missile attack": frozenset({"missile", "rocket", "shell", "artillery", "mortar",
                                                    "howitzer"}),
    "Remote explosive/landmine/IED": frozenset({"ied", "landmine", "mine"}),
}
GENERIC_HARM_TYPES = frozenset({"Armed clash", "Attack"})


def type_by_the_weapon(sent, trigger, report: EventReport) -> None:
    """"Two engineers were killed after a drone, believed to be a militia's, hit a depot": a clash or attack the typer
    reads from the words is an air strike, shelling or a planted explosive when the weapon that did it
    is the trigger's instrument."""
    from eventfold.extract.roles import INSTRUMENT, event_arguments

    if trigger is None or report.sub_event_type not in GENERIC_HARM_TYPES:
        return
    weapons = [_token_at(sent, a.head) for a in event_arguments(trigger, sent) if a.role == INSTRUMENT]
    weapons += [t for t in sent if t.i > trigger.i and _named_after_the_toll(t)] if passive_toll(trigger) else []
    for weapon in weapons:
        kind = next((k for k, words in REMOTE_WEAPON_TYPES.items()
                     if weapon is not None and weapon.lemma_.lower() in words), None)
        if kind is not None:
            report.event_type, report.sub_event_type = "Explosions/Remote violence", kind
            report.provenance.append(Provenance("type:by-weapon", report.span, weapon.text))
            return


def _named_after_the_toll(token) -> bool:
    """"... were wounded after a drone hit the depot": a weapon told as what came just before the harm."""
    return token.dep_ == "pobj" and token.head.lower_ == "after" or token.dep_ == "nsubj" and any(
        c.dep_ == "mark" and c.lower_ == "after" for c in token.head.children)


def credible_prediction(prediction, trigger) -> bool:
    """Decisions a lexicon rule backs stand; the model alone, trained on short event snippets, is
    trusted in long news prose only where the sentence has an event trigger — and for a strategic
    development only when it is sure (MODEL_STRATEGIC_MIN_SCORE): joining a fight, a charm
    offensive or failed negotiations read like one."""
    if not prediction.rule.startswith("model:"):
        return True
    if prediction.sub_event_type == "Arrests" and trigger is not None:
        # An arrest is the one strategic development a verb tells unambiguously ("was arrested").
        return trigger.lemma_.lower() in ARREST_LEMMAS
    if prediction.event_type == "Strategic developments":
        return prediction.score >= MODEL_STRATEGIC_MIN_SCORE
    if prediction.score < MODEL_ONLY_MIN_SCORE and not _names_a_doer(trigger) \
            and not (prediction.sub_event_type == "Armed clash" and _clash_under_way(trigger)):
        return False
    if prediction.sub_event_type == "Air/drone strike":
        # "conducted an operation in search of a leader": an air strike needs a word for one.
        return AIR_WORDS.search(trigger.sent.text if trigger is not None else "") is not None
    if prediction.sub_event_type == "Excessive force against protesters":
        # "peacekeepers opened fire at a border post": force against protesters needs a word for them.
        return PROTEST_WORDS.search(trigger.sent.text if trigger is not None else "") is not None
    if prediction.sub_event_type in TERRITORY_BY_WINNER.values():
        # "seized billions' worth of equipment": territory needs a word for territory.
        from eventfold.extract.subevent import PLACE

        return re.search(rf"\b(?:{PLACE})\b", trigger.sent.text if trigger is not None else "", re.I) is not None
    return trigger is not None


def clash_told_by_its_outbreak(sent):
    """"Heavy fighting broke out around X": an armed clash, however little else the sentence says."""
    from eventfold.extract.roles import find_triggers
    from eventfold.extract.subevent import SubEventPrediction

    told = next((t for t in find_triggers(sent) if _clash_under_way(t)), None)
    if told is None:
        return None
    return SubEventPrediction("Armed clash", "Battles", "", 0.0, "lexicon:clash-under-way",
                              f"{told.text} {told.head.text}")


# "began an offensive", "launched an assault against the rebels": a fight told by its start.
LAUNCH_LEMMAS = frozenset({"launch", "begin", "start", "mount", "open", "unleash"})
OFFENSIVE_NOUNS = frozenset({"offensive", "counteroffensive", "counter-offensive", "assault", "attack"})


def clash_told_by_its_launch(sent):
    """"Troops began an offensive against the rebels on Monday": an armed clash, its doer the subject
    of the verb that starts it (when the typer, misled by a word of a truce, read none)."""
    from eventfold.extract.subevent import SubEventPrediction

    launched = next((t for t in sent if t.lemma_.lower() in OFFENSIVE_NOUNS and t.dep_ == "dobj"
                     and t.head.lemma_.lower() in LAUNCH_LEMMAS
                     and any(c.dep_ == "nsubj" for c in t.head.children)), None)
    if launched is None:
        return None
    return SubEventPrediction("Armed clash", "Battles", "", 0.0, "lexicon:offensive-launched",
                              f"{launched.head.text} {launched.text}")


def clash_told_by_its_losses(sent):
    """"The Taliban suffered heavy losses on the Khavak pass": the losses of a fight are an armed clash
    where the clause places them (a total over the war is judged later, as any other report)."""
    from eventfold.extract.subevent import SubEventPrediction

    losses = next((t for t in sent if t.lemma_.lower() in LOSS_NOUNS and t.tag_ == "NNS" and t.dep_ == "dobj"
                   and t.head.lemma_.lower() in LOSS_VERBS), None)
    if losses is None:
        return None
    return SubEventPrediction("Armed clash", "Battles", "", 0.0, "lexicon:losses-of-a-fight",
                              f"{losses.head.text} {losses.text}")


# The typer's likeliest kind of violence is taken, when it saw no event at all, if it gives that kind at
# least this probability and the event-or-not model gives the sentence's violent trigger SURE_EVENT.
RUNNER_UP_MIN_SCORE = 0.25
SURE_EVENT = 0.9


def violence_the_typer_nearly_read(sent, typing, attribution, article_year) -> Optional[SubEventPrediction]:
    """"The Taliban attacked the Panjshir valley on Tuesday": the typer's no-event (0.30) just above an
    armed clash (0.28), while the event-or-not model is sure (0.999) that the verb of violence, with a
    doer of its own, tells an occurrence: the typer's likeliest kind of violence."""
    from eventfold.extract import decide
    from eventfold.extract.acled_types import BY_NAME
    from eventfold.extract.attribution import modality_of
    from eventfold.extract.lexicon import VIOLENT_TYPES
    from eventfold.extract.roles import VIOLENT_NOUNS, VIOLENT_VERBS
    from eventfold.extract.subevent import SubEventPrediction

    trigger = decide.main_trigger(sent)
    if typing is None or trigger is None or trigger.pos_ != "VERB" or trigger.lemma_.lower() not in VIOLENT_VERBS:
        return None
    doers = [c for c in trigger.children if c.dep_ == "nsubj"]
    if not doers or any(d.lemma_.lower() in VIOLENT_NOUNS for d in doers):
        return None  # "the strike killed a commander": an event told before, not one of its own
    score, name = max(((p, name) for name, p in typing.probabilities.items()
                       if name in BY_NAME and BY_NAME[name].event_type in VIOLENT_TYPES), default=(0.0, None))
    if name is None or score < RUNNER_UP_MIN_SCORE:
        return None
    modality = modality_of(sent, trigger, article_year=article_year)
    if decide.decide(sent, trigger, modality=modality, certainty=attribution.certainty,
                     article_year=article_year).confidence < SURE_EVENT:
        return None
    kind = BY_NAME[name]
    return SubEventPrediction(kind.name, kind.event_type, kind.case_code, round(score, 4), "model:typer-runner-up",
                              trigger.text)


def _clash_under_way(trigger) -> bool:
    """"Fighting broke out", "clashes erupted", "the battle raged": the fight is told as happening."""
    return trigger is not None and trigger.lemma_.lower() in CLASH_NOUNS and trigger.dep_ == "nsubj" \
        and trigger.head.lemma_.lower() in CLASH_COURSE_LEMMAS


def _names_a_doer(trigger) -> bool:
    """"Militias killed 20 villagers", "killed by gunmen": the sentence says who acted, so it tells
    an event of its own; "Four fighters were killed" may only count the dead of one told before."""
    if trigger is None:
        return False
    verbs = [trigger]
    if trigger.dep_ == "conj" and trigger.pos_ == "VERB" and trigger.head.pos_ == "VERB":
        verbs.append(trigger.head)  # "X swept into the city and took control": the first verb's subject is both's
    return any(c.dep_ in ("nsubj", "agent") for verb in verbs for c in verb.children)
