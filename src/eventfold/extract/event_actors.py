"""The actors of a report: actor 1 and 2 from the trigger's dependency arguments resolved to
canonical entities (a leader stands for his force, unnamed armed men for ACLED's "Unidentified
Armed Group (Country)", a speaker of "its" deed for its force), with fallbacks to the main clause's
subject and the sentence's named groups; and the associated actors named alongside them.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from eventfold.annotate.actor_lexicon import STANCE_PREFIXES
from eventfold.annotate.doctext import doc_text
from eventfold.extract.attribution import MEDIUM_NOUNS
from eventfold.extract.clauses import (
    EARLIER_EVENT_PREPOSITIONS, _depth, _in_earlier_event_clause, _is_speaker, _not_agent_lemmas, _off_event_path,
    _off_path_mention, _token_at,
)
from eventfold.extract.context import (
    _Context, _category, _entity_in, _entity_name, _inside_place, _is_armed, _is_nationality,
)
from eventfold.extract.lexicon import ARMED_CATEGORIES, MODIFIER_CLAUSE_DEPS, UNNAMED_GROUP_PREFIXES
from eventfold.extract.quotes import SPEECH_LEMMAS
from eventfold.extract.sides import CIVILIANS, referent
from eventfold.model import PART_TEXT, PART_TITLE, EventReport, Provenance, Span


ATTACKER_ROLES = ("attacker", "agent")
# Words of an attacker phrase that name armed men (for the unidentified armed group).
ARMED_WORDS = re.compile(r"\b(?:armed|fighters?|gunmen|militia\w*|militants?|insurgents?|rebels?|forces)\b",
                         re.IGNORECASE)
TARGET_ROLES = ("target", "victim")


def _fill_actors(context: _Context, part: str, sent, trigger, report: EventReport, anchor=None) -> None:
    from eventfold.extract.roles import event_arguments

    arguments = event_arguments(trigger, sent) if trigger is not None else []
    chosen = {}
    for roles, slot in ((ATTACKER_ROLES, "actor1"), (TARGET_ROLES, "actor2")):
        for argument in (a for a in arguments if a.role in roles):
            entity = _argument_actor(context, part, argument, sent)
            if entity and entity not in (report.actor1, report.actor2):
                setattr(report, slot, entity)
                chosen[slot] = argument
                argument_span = Span(report.article_id, argument.start, argument.end, part)
                report.provenance.append(Provenance(f"{slot}:{argument.rule}", argument_span, argument.text))
                break
    _fill_assoc_actors(context, part, sent, trigger, report, chosen)
    _reciprocal_sides(trigger, report)
    _dead_of_both_sides(context, report)
    if report.actor1 is None or report.actor2 is None:
        _parties_of_the_typed_trigger(context, part, sent, trigger, report)
    if report.actor1 is None:
        _main_subject_actor(context, part, sent, report, anchor)
    if report.actor2 is None:
        _opponent_in_the_fighting(context, part, sent, trigger, report)
    if report.actor1 is None or report.actor2 is None:
        _fallback_actors(context, part, sent, report, trigger)
    if report.actor2 is None:
        _target_in_modifier(context, part, sent, report, trigger)
    if report.actor2 is None and trigger is not None:
        _victims_of_the_consequence(context, part, sent, trigger, report)
    _allies_are_no_target(context, part, trigger, report)
    _who_ordered_is_no_doer(context, part, sent, report)
    if report.actor1 is None and report.sub_event_type == "Air/drone strike":
        _the_air_force_named(context, part, report)
    if report.actor1 is None or _category(context, report.actor1, None) == "Civilians":
        _state_of_an_attack_noun(context, part, sent, report)
    _who_withdrew_gave_it_up(sent, report)
    _launchers_of_the_weapon(context, part, sent, report)
    if report.actor2 is None:
        _state_of_the_arms_hit(context, part, sent, report)
    _sides_of_the_fighting_between(context, part, sent, trigger, report)


# What something is against ("the coalition against IS"): its enemy, never its doer.
AGAINST = frozenset({"against"})
# Words that set an event before or after the one told ("after an American strike"): another event.
OTHER_TIME_WORDS = EARLIER_EVENT_PREPOSITIONS | {"until", "ahead"}


def _told_as_another_time(token) -> bool:
    """The word hangs under "after", "before", "since" ...: it tells the event this one followed or preceded."""
    return _hangs_under(token, OTHER_TIME_WORDS)


# Verbs whose object or passive subject is the side hit ("dozens of soldiers killed in an attack").
HARM_LEMMAS = frozenset({"kill", "wound", "injure", "hurt", "kidnap", "abduct", "massacre", "slaughter"})


def _told_as_harmed(token) -> bool:
    """"Dozens of soldiers killed in an attack", "twelve soldiers were killed": people the sentence counts
    among the harmed are whom the event hit, not its doer (through "dozens of" to the counted noun)."""
    while token is not None:
        if token.dep_ == "conj" or any(c.dep_ == "conj" for c in token.children):
            return False  # "six policemen and eleven members of the gang were killed": the dead of two sides
        if token.dep_ in ("nsubjpass", "dobj") and token.head.lemma_.lower() in HARM_LEMMAS:
            return True
        if _left_harmed(token):
            return True
        if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in HARM_LEMMAS for c in token.children):
            return True
        of = token.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
        token = of.head if of is not None and of.head.i != of.i else None
    return False


# Words of a state someone is left in by an attack ("has left one soldier injured", "left two dead").
LEFT_HARMED_WORDS = frozenset({"dead", "injured", "wounded", "hurt", "killed"})


def _left_harmed(token) -> bool:
    """"The attacks have left one soldier injured": whom an attack leaves hurt or dead."""
    verb = token.head if token.dep_ in ("nsubj", "dobj") else None
    return verb is not None and verb.lemma_.lower() == "leave" and any(
        c.lower_ in LEFT_HARMED_WORDS and c.i > token.i for c in (*verb.children, *token.children))


def _hangs_under(token, words: frozenset) -> bool:
    """Some preposition or subordinator above the token in the parse is one of `words`."""
    while token is not None and token.head.i != token.i:
        if token.lower_ in words and token.dep_ in ("prep", "mark"):
            return True
        token = token.head
    return False


# Words of attacks that lone gunmen or cells carry out, not armies ("a shooting attack", "a stabbing").
GUNMANS_ATTACK_WORDS = frozenset({"shooting", "stabbing", "ramming", "knife", "gun", "car-ramming"})


def _a_gunmans_attack(modifier) -> bool:
    """The country word qualifies an attack of a gunman or a cell ("a Palestinian shooting attack")."""
    noun = modifier.head
    return noun.lemma_.lower() in GUNMANS_ATTACK_WORDS or any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in GUNMANS_ATTACK_WORDS for c in noun.children)


# Attack words that a state's armed forces are the doers of when a country qualifies them ("an Israeli
# raid", "Russian shelling", "Israeli gunfire"); not "a Palestinian shooting attack", which militants carry out.
ARMY_ATTACK_NOUNS = frozenset({"raid", "strike", "airstrike", "shelling", "bombardment", "offensive", "incursion",
                               "barrage", "operation", "assault", "attack", "gunfire", "fire"})
# Arms only a state's forces field: a country that owns them as the doers' subject ("Ukraine's drones hit",
# "attacked by Russian warplanes") names its forces; not bombs, guns or rockets, which cells use too.
STATE_HARDWARE = frozenset("missile warplane jet gunship warship frigate destroyer corvette submarine drone "
                           "tank helicopter aircraft bomber speedboat".split())
COUNTRY_MODIFIER_DEPS = ("amod", "compound", "poss")


def _state_of_an_attack_noun(context: _Context, part: str, sent, report: EventReport) -> None:
    """"Five Palestinians killed in a deadly Israeli raid on Jenin": where the event is told by its
    toll, an army's attack word the sentence qualifies by a country ("an Israeli raid", "Russian
    shelling", "an attack unleashed by Russia") names that state's forces as the doer."""
    found = state_doer_in(context, sent, report.actor2)
    if found:
        if report.actor1 is not None and report.actor2 is None:
            report.actor2 = report.actor1  # civilians a fallback took for the doers are the victims
        report.actor1, word = found
        report.provenance.append(Provenance("actor1:state-of-the-attack-noun", Span(
            report.article_id, word.idx, word.idx + len(word.text), part), word.text))


def state_doer_in(context: _Context, sent, other: Optional[str] = None):
    """(state forces, the country word) of the first army attack word or state arms that a country
    qualifies or is the agent of in the sentence; None when there is none."""
    for noun in sent:
        if _told_as_another_time(noun) or _foretold(noun) \
                or not (_army_attack_noun(noun) or _state_arms_that_act(noun)):
            continue
        for word in _country_words_of(noun):
            if _country_name_as_a_place(word):
                continue
            state = _state_force_of(context, word.text) or _force_of_the_story_country(context, word)
            if state and state != other and not _is_nationality(context, state):
                if _a_gunmans_attack(word):
                    return None  # "a Palestinian shooting attack": no army's
                return state, word
    return None


def _country_name_as_a_place(word) -> bool:
    """"Congo attack kills 20", "Syria raid leaves IS leader dead": a country's name (not an
    abbreviation such as "US", which the press writes as an adjective) before an attack word tells
    where it was, not who did it."""
    from eventfold.annotate.actor_lexicon import country_of_words

    if word.dep_ != "compound" or word.pos_ != "PROPN" or country_of_words([word.text]) is None:
        return False
    return not (word.text.isupper() or "." in word.text)


def _state_of_the_arms_hit(context: _Context, part: str, sent, report: EventReport) -> None:
    """"shot down three Russian fighter jets", "a Russian warship was struck": state arms the event
    hits, qualified by their country, name that state's forces as the side hit."""
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in STATE_HARDWARE or noun.dep_ not in ("dobj", "nsubjpass") \
                or _told_as_another_time(noun):
            continue
        for word in _country_words_of(noun):
            state = _state_force_of(context, word.text)
            if state and state != report.actor1 and not _country_name_as_a_place(word):
                report.actor2 = state
                report.provenance.append(Provenance("actor2:state-of-the-arms-hit", Span(
                    report.article_id, word.idx, word.idx + len(word.text), part), word.text))
                return


# Words that tell an attack still to come: "the threat of an imminent Israeli ground attack".
FORETOLD_ADJECTIVES = frozenset({"imminent", "expected", "planned", "possible", "potential", "looming",
                                 "threatened", "feared", "anticipated", "future"})
FORETELLING_NOUNS = frozenset({"threat", "fear", "prospect", "risk", "plan", "warning"})


def _foretold(noun) -> bool:
    """An attack word told as one to come, not the event that happened."""
    if any(c.dep_ == "amod" and c.lower_ in FORETOLD_ADJECTIVES for c in noun.children):
        return True
    governor = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    return governor is not None and governor.lemma_.lower() in FORETELLING_NOUNS


def _force_of_the_story_country(context: _Context, word) -> Optional[str]:
    """"an army drone attack", "a police raid": the force word alone names the story country's force."""
    from eventfold.annotate.actors import read_phrase

    reading = read_phrase([word.text]) if word.dep_ == "compound" else None
    if reading is None or reading.kind not in ("military", "police") or context.main_country is None:
        return None
    return reading.acled_name(context.main_country)


def _army_attack_noun(token) -> bool:
    """An army's attack word used as a noun; the tagger reads "Russian shelling" as a verb, which
    the adjective before it shows to be a noun."""
    if not {token.lower_, token.lemma_.lower()} & ARMY_ATTACK_NOUNS:
        return False
    return token.pos_ == "NOUN" or token.pos_ == "VERB" and token.lower_.endswith("ing") \
        and (any(c.dep_ == "amod" for c in token.children) or _gerund_under_its_qualifier(token))


def _gerund_under_its_qualifier(token) -> bool:
    """"Sudanese shelling in X leaves six dead": the parser may hang the gerund under the country word."""
    return token.dep_ == "acl" and token.head.pos_ in ("ADJ", "PROPN") and token.head.i == token.i - 1


def _state_arms_that_act(token) -> bool:
    """State arms as the subject or agent of a verb ("Russian missiles struck", "hit by Israeli jets")."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in STATE_HARDWARE:
        return False
    return token.dep_ == "nsubj" or token.dep_ == "pobj" and token.head.dep_ == "agent"


def _country_words_of(noun):
    """The words that qualify a noun by its country: its modifiers ("Israeli raid", "Russia's
    drones", "Russian missile strike" through the compound) and the agent of a verb that qualifies
    it ("an attack unleashed by Russia", "strikes carried out by Israel")."""
    modifiers = [c for c in noun.children if c.dep_ in COUNTRY_MODIFIER_DEPS]
    modifiers += [noun.head] if _gerund_under_its_qualifier(noun) else []
    modifiers += [g for c in noun.children if c.dep_ == "compound"
                  for g in c.children if g.dep_ in COUNTRY_MODIFIER_DEPS]
    agents = [o for verb in noun.children if verb.dep_ == "acl" for by in verb.children if by.dep_ == "agent"
              for o in by.children if o.dep_ == "pobj"]
    # "an attack by Ukrainian speedboats", "a raid by Israeli forces": the doers' own country word
    agents += [o for by in noun.children if by.dep_ == "prep" and by.lower_ == "by" for o in by.children
               if o.dep_ == "pobj"]
    return modifiers + agents + [m for o in agents for m in o.children if m.dep_ in COUNTRY_MODIFIER_DEPS]


# Verbs that send a weapon off ("a missile fired from ..."), and the words after a group's name and a
# hyphen that make it the holder of ground ("Houthi-controlled territory", "RSF-held areas").
LAUNCH_LEMMAS = frozenset({"fire", "launch", "shoot"})
HOLDING_SUFFIXES = frozenset({"controlled", "held", "run", "rebel"})


def _launchers_of_the_weapon(context: _Context, part: str, sent, report: EventReport) -> None:
    """"A tanker struck by a missile launched from Houthi-controlled territory": the group that holds
    the ground a weapon was fired from fired it; the doer, or the side whose weapon was shot down
    when the doer is the one who intercepted it."""
    group, word = _group_holding_the_launch_ground(context, part, sent)
    if group is None or group == report.actor1:
        return
    if report.actor1 is None:
        report.actor1 = group
        report.actor2 = None if report.actor2 == group else report.actor2
        slot = "actor1"
    elif report.actor2 is None:
        report.actor2, slot = group, "actor2"
    else:
        return
    report.provenance.append(Provenance(f"{slot}:holder-of-the-launch-ground", Span(
        report.article_id, word.idx, word.idx + len(word.text), part), word.text))


def _group_holding_the_launch_ground(context: _Context, part: str, sent):
    """(the group, its word) named as the holder of the ground a weapon of the sentence was fired
    from; (None, None) when there is none. A country's name or demonym there ("Russian-held") is no group."""
    from eventfold.annotate.actor_lexicon import country_of_words
    from eventfold.extract.roles import _is_weapon

    doc = sent.doc
    for verb in sent:
        if verb.dep_ != "acl" or verb.lemma_.lower() not in LAUNCH_LEMMAS \
                or not (_is_weapon(verb.head) or verb.head.lemma_.lower() in STATE_HARDWARE | {"vehicle"}):
            continue
        areas = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "from" for o in p.children
                 if o.dep_ == "pobj"]
        for word in (t for area in areas for t in area.subtree if t.pos_ == "PROPN" and t.i + 2 < len(doc)):
            if doc[word.i + 1].text == "-" and doc[word.i + 2].lower_ in HOLDING_SUFFIXES \
                    and country_of_words([word.text]) is None:
                named = _entity_in(context, part, word.idx, word.idx + len(word.text))
                return (named or word.text), word
    return None, None


# Verbs of taking someone into custody: "Police arrest driver" names who arrested, not who killed.
CUSTODY_LEMMAS = frozenset({"arrest", "detain", "capture", "hold", "charge", "nab", "apprehend", "seize", "jail"})
STATE_FORCE_PREFIXES = ("Military Forces of ", "Police Forces of ")


def headline_doer(context: _Context, reports: list[EventReport]) -> None:
    """"Israeli gunfire kills teenager in Jenin" over a body that tells "a 16-year-old was shot dead
    during clashes": the state whose forces the headline names as the doers of its attack is the doer
    of the story's main violent event when the body names none, or only "soldiers" it read as the
    story country's own."""
    from eventfold.extract.lexicon import VIOLENT_TYPES

    title = context.docs.get(PART_TITLE)
    violent = [r for r in reports if r.modality == "actual" and r.span.part != PART_TITLE
               and (r.event_type in VIOLENT_TYPES or r.sub_event_type == "Disrupted weapons use")]
    target = max(violent, key=lambda r: r.confidence or 0.0, default=None)
    if title is None or target is None or not _doer_open_to_the_headline(context, target):
        return
    found = state_doer_in(context, title, target.actor2) or _state_subject_of_violence(context, title, target.actor2)
    if found is None or found[0] == target.actor1:
        return
    state, word = found
    if target.actor1 is not None and target.actor2 is None:
        target.actor2 = target.actor1 if _category(context, target.actor1, None) == "Civilians" else None
    target.actor1 = state
    target.provenance.append(Provenance("actor1:headline-state", Span(
        target.article_id, word.idx, word.idx + len(word.text), PART_TITLE), word.text))


def _doer_open_to_the_headline(context: _Context, report: EventReport) -> bool:
    """No doer, civilians read as the doers, or a state's forces read from words that name no country
    ("soldiers opened fire", taken for the story country's army)."""
    from eventfold.extract.coding import _nationality_told

    if report.actor1 is None or _category(context, report.actor1, None) == "Civilians":
        return True
    return report.actor1.startswith(STATE_FORCE_PREFIXES) and not _nationality_told(report, "actor1")


def _state_subject_of_violence(context: _Context, doc, other: Optional[str]):
    """"Israel forces kill 3", "Russia strikes rail hub": a state's forces (or the country itself)
    as the subject of an event verb."""
    from eventfold.extract.roles import headline_passive, is_trigger

    # "Two Israelis shot and killed in the West Bank": a participle's subject is the victim
    for subject in (t for t in doc if t.dep_ == "nsubj" and is_trigger(t.head) and not _told_as_another_time(t)
                    and t.head.lemma_.lower() not in CUSTODY_LEMMAS and not headline_passive(t.head)):
        named = _entity_in(context, PART_TITLE, subject.left_edge.idx, subject.idx + len(subject.text))
        state = named if named and named.startswith(STATE_FORCE_PREFIXES) else _state_force_of(context, subject.text)
        if state and state != other and not _is_nationality(context, state):
            return state, subject
    return None


# Verbs of leaving ground: their subject is the side that gave a place up.
WITHDRAWAL_LEMMAS = frozenset({"withdraw", "retreat", "pull", "leave", "abandon", "vacate", "flee", "evacuate"})


def _who_withdrew_gave_it_up(sent, report: EventReport) -> None:
    """"Kadugli fell on June 3, after government forces withdrew": in a handover of ground, whoever
    withdrew lost the place (actor 2); actor 1 is whoever took it, here unnamed."""
    if report.sub_event_type != "Non-violent transfer of territory" or report.actor1 is None:
        return
    told = next((p for p in reversed(report.provenance) if p.rule.startswith("actor1:") and p.span is not None), None)
    token = _token_at(sent, told.span.start) if told is not None else None
    while token is not None and token.dep_ not in ("nsubj", "nsubjpass") and token.head.i != token.i:
        token = token.head
    if token is not None and token.dep_ == "nsubj" and token.head.lemma_.lower() in WITHDRAWAL_LEMMAS:
        report.actor1, report.actor2 = None, report.actor2 or report.actor1
        report.provenance.append(Provenance("actor2:who-withdrew", told.span, told.evidence))


# Nouns of holding: "in their hands", "under its control".
HOLDING_NOUNS = frozenset({"hands", "hand", "control", "grip"})


def _holder_named_by_pronoun(context: _Context, part: str, sent, report: EventReport) -> None:
    """"X was in their hands by Aug. 11, and Y fell on Aug. 14": the armed group the possessive of
    holding stands for took the ground the sentence tells of."""
    for token in sent:
        if token.dep_ == "poss" and token.lower_ in ("their", "its") and token.head.lower_ in HOLDING_NOUNS:
            holder = referent(token, context.side_mentions(part))
            if holder and holder != CIVILIANS and holder != report.actor2:
                report.actor1 = context.current_side(holder, report.date.value if report.date else None)
                report.provenance.append(Provenance("actor1:holder-by-pronoun", Span(
                    report.article_id, token.idx, token.idx + len(token.text), part), token.text))
                return


def _reciprocal_sides(trigger, report: EventReport) -> None:
    """"The army and the RSF fought in Khartoum": who fight each other are the two sides, not allies."""
    if trigger is None or trigger.lemma_.lower() not in FIGHTING_LEMMAS or report.actor2 is not None \
            or report.assoc_actor_1 is None or any(c.dep_ in ("dobj", "obj") for c in trigger.children):
        return  # "Afghan and coalition forces engaged the insurgents": allies with an object
    if any(p.rule == "assoc_actor_1:coordinated-actor" for p in report.provenance):
        report.actor2, report.assoc_actor_1 = report.assoc_actor_1, None
        report.provenance.append(Provenance("actor2:the-other-side-of-a-fight", report.span, report.actor2))


def _parties_of_the_typed_trigger(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """"Two of the US citizens kidnapped by gunmen were found dead": the event hangs on "dead", but the
    typer read a kidnapping; the parties of the trigger it read fill the empty slots."""
    from eventfold.extract.roles import event_arguments, is_trigger

    evidence = next((p.evidence.lower() for p in report.provenance if p.rule.startswith("model") and p.evidence), "")
    typed = [t for t in sent if t is not trigger and is_trigger(t) and t.lower_ in evidence.split(", ")]
    for other in typed[:1]:
        for roles, slot in ((ATTACKER_ROLES, "actor1"), (TARGET_ROLES, "actor2")):
            if getattr(report, slot) is not None:
                continue
            for argument in (a for a in event_arguments(other, sent) if a.role in roles):
                actor = _argument_actor(context, part, argument, sent)
                if actor and actor not in (report.actor1, report.actor2):
                    setattr(report, slot, actor)
                    report.provenance.append(Provenance(f"{slot}:typed-trigger:{argument.rule}", Span(
                        report.article_id, argument.start, argument.end, part), argument.text))
                    break


def _dead_of_both_sides(context: _Context, report: EventReport) -> None:
    """"Ten soldiers and 19 cartel members were killed": when the dead of two armed sides are told
    together and no one is named as the doer, they are the two sides (the state's first, as ACLED)."""
    if report.actor1 is not None or report.actor2 is None or report.assoc_actor_2 is None or \
            not any(p.rule == "assoc_actor_2:coordinated-actor" for p in report.provenance):
        return
    when = report.date.value if report.date and report.date.value else None
    sides = [report.actor2, report.assoc_actor_2]
    categories = [_category(context, side, when) for side in sides]
    if not all(category in ARMED_CATEGORIES for category in categories):
        return
    if categories[1] == "State forces" and categories[0] != "State forces":
        sides.reverse()
    report.actor1, report.actor2, report.assoc_actor_2 = sides[0], sides[1], None
    report.provenance.append(Provenance("actor1:dead-of-both-sides", report.span, report.actor1))


# Words of fighting whose "with"/"against" complement is the other side.
FIGHTING_LEMMAS = frozenset("fight fighting clash battle combat skirmish firefight engage".split())


def _opponent_in_the_fighting(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """"took Kitshanga after fighting with the army and allied militias": the side fought, named
    in the fighting the event's clause (else its sentence) tells of, is actor 2 (the first of them)."""
    from eventfold.extract.roles import make_argument

    def fights_in(tokens):
        return [t for t in tokens if t.lemma_.lower() in FIGHTING_LEMMAS or t.lower_ in FIGHTING_LEMMAS]

    # the fighting of the trigger's own clause, else of its sentence ("retook the station after a battle with X")
    fights = (fights_in(trigger.subtree) if trigger is not None else []) or fights_in(sent)
    for fight in fights:
        # "a battle of nearly a day with Hamas gunmen": the parser may hang "with" lower in the phrase
        for prep in (c for c in fight.subtree if c.dep_ == "prep" and c.lower_ in ("with", "against")):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                argument = make_argument("target", pobj, "fighting-with")
                actor = _argument_actor(context, part, argument, sent)
                if actor and actor not in (report.actor1, report.assoc_actor_1):
                    report.actor2 = actor
                    report.provenance.append(Provenance("actor2:side-fought", Span(
                        report.article_id, argument.start, argument.end, part), argument.text))
                    return


# Sub-event types a toll told "in fighting between A and B" may have been read as.
TOLL_OF_A_FIGHT_TYPES = frozenset({"Armed clash", "Attack"})
FIGHT_BETWEEN = "actors:fighting-between"


def _sides_of_the_fighting_between(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """"Nine civilians were killed in fighting between the army and the rebels": the two sides of the
    fighting are the parties and the dead its toll, a battle (ACLED), not an attack on civilians."""
    if trigger is None or report.sub_event_type not in TOLL_OF_A_FIGHT_TYPES:
        return
    sides = _fight_between(context, part, sent, trigger)
    if sides is None:
        return
    report.event_type, report.sub_event_type = "Battles", "Armed clash"
    # a side the words do not resolve keeps what the arguments found, unless that is the victims
    found = [a for a in (report.actor1, report.actor2)
             if a and a not in sides and _category(context, a, None) != "Civilians"]
    report.actor1 = sides[0] or (found.pop(0) if found else None)
    report.actor2 = sides[1] or (found.pop(0) if found else None)
    report.assoc_actor_1 = report.assoc_actor_2 = None
    report.provenance.append(Provenance(FIGHT_BETWEEN, report.span, " / ".join(filter(None, sides))))


def _fight_between(context: _Context, part: str, sent, trigger) -> Optional[tuple[Optional[str], Optional[str]]]:
    """The actors of the two sides of the fighting "between A and B" the trigger's clause tells of
    (the trigger itself, a word under it, or the word it hangs on); None unless one side is armed
    and neither is a civilian community."""
    near = [t for t in (trigger, *trigger.subtree, trigger.head) if _tells_the_toll_of(t, trigger)]
    for fight in (t for t in near if t.lemma_.lower() in FIGHTING_LEMMAS or t.lower_ in FIGHTING_LEMMAS):
        # "fighting between A and B", or "fighting broke out between A and B" (the verb holds them)
        holders = (fight, fight.head) if fight.dep_ == "nsubj" else (fight,)
        for prep in (c for holder in holders for c in holder.children if c.dep_ == "prep" and c.lower_ == "between"):
            first = next((c for c in prep.children if c.dep_ == "pobj"), None)
            second = next((c for c in first.children if c.dep_ == "conj"), None) if first is not None else None
            if second is None:
                continue
            sides = tuple(_side_actor(context, part, side, sent) for side in (first, second))
            categories = [_category(context, side, None) for side in sides if side]
            if any(c in ARMED_CATEGORIES for c in categories) and "Civilians" not in categories:
                return sides
    return None


def _side_actor(context: _Context, part: str, side, sent) -> Optional[str]:
    """The actor a side of a fight names, or its apposition names ("the paramilitary, the Rapid Support
    Forces")."""
    from eventfold.extract.roles import make_argument

    for word in (side, *(c for c in side.children if c.dep_ == "appos")):
        actor = _argument_actor(context, part, make_argument("target", word, FIGHT_BETWEEN), sent)
        if actor:
            return actor
    return None


def _tells_the_toll_of(fight, trigger) -> bool:
    """Whether the fighting is the trigger's own event: the trigger itself, the word it hangs on, its
    subject ("fighting killed"), or a phrase under it through prepositions only ("killed in crossfire
    during fighting"); not a clause beside it ("dying of hunger as fighting intensifies")."""
    if fight.i in (trigger.i, trigger.head.i):
        return True
    if fight.head.i == trigger.i and fight.dep_ in ("nsubj", "nsubjpass"):
        return True
    token = fight
    while token.dep_ in ("pobj", "prep") and token.head.i != token.i:
        token = token.head
        if token.i == trigger.i:
            return True
    return False


# Clauses that tell what an event did: "struck the market, killing five people".
CONSEQUENCE_DEPS = frozenset({"advcl", "conj", "xcomp"})


def _victims_of_the_consequence(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """"Shells hit the market, killing five people": the victims of the clause that tells what the
    event did are its actor 2 when its own clause names no one."""
    from eventfold.extract.roles import event_arguments, is_trigger

    anchors = [trigger] + ([trigger.head] if trigger.dep_ in ("nsubj", "nsubjpass") else [])
    clauses = [c for a in anchors for c in a.children if c.dep_ in CONSEQUENCE_DEPS and is_trigger(c)]
    # "blew up the line and attacked a train, killing eight": the consequence of a conjoined event verb too
    clauses += [c for conj in clauses if conj.dep_ == "conj" for c in conj.children
                if c.dep_ in CONSEQUENCE_DEPS and is_trigger(c)]
    for clause in clauses:
        for argument in (a for a in event_arguments(clause, sent) if a.role == "victim"):
            actor = _argument_actor(context, part, argument, sent)
            if actor and actor not in (report.actor1, report.assoc_actor_1):
                report.actor2 = actor
                report.provenance.append(Provenance("actor2:victims-of-the-consequence",
                                                    Span(report.article_id, argument.start, argument.end, part),
                                                    argument.text))
                return


# Verbs by which a leader has forces act: "the president ordered air strikes".
ORDER_LEMMAS = frozenset({"order", "authorize", "authorise", "approve", "direct", "command", "sanction"})


def _who_ordered_is_no_doer(context: _Context, part: str, sent, report: EventReport) -> None:
    """"President X ordered air strikes on militia sites": the person who ordered it is no party
    (ACLED codes the forces that struck, which the article may name elsewhere)."""
    told = next((p for p in reversed(report.provenance) if p.rule.startswith("actor1:") and p.span is not None), None)
    token = _token_at(sent, told.span.start) if told is not None and told.span.part == part else None
    while token is not None and token.dep_ in ("compound", "amod", "appos") and token.head.i != token.i:
        token = token.head
    if token is None or token.dep_ != "nsubj" or token.head.lemma_.lower() not in ORDER_LEMMAS:
        return
    entity = context.first_entity("name", report.actor1)
    if entity is not None and entity.type == "person":
        report.actor1 = None
        report.provenance.append(Provenance("actor1:who-ordered-is-no-doer", told.span, told.evidence))


def _the_air_force_named(context: _Context, part: str, report: EventReport) -> None:
    """An air strike whose doer the sentence leaves unsaid ("an air strike hit Mekele"), in an article
    that names one state force only: that force, as an analyst codes it (armed groups seldom fly)."""
    when = report.date.value if report.date and report.date.value else None
    forces = context._memo.get("forces named")
    if forces is None:
        forces = context._memo["forces named"] = {_entity_name(context, m.entity_id) for m in context.annotations.mentions
                                                  if m.entity_id and m.label != "PERSON" and not context.in_dateline(m.span)}
    states = [name for name in forces if name.startswith("Military Forces of")
              or (_category(context, name, when) == "State forces" and not _is_nationality(context, name))]
    if len(states) == 1 and states[0] != report.actor2:
        report.actor1 = states[0]
        report.provenance.append(Provenance("actor1:the-one-state-force-named", report.span, states[0]))


# Words that join an ally to an actor: "backed by X", "alongside X", "with the help of X",
# "fighters loyal to X". ACLED codes such an ally as the actor's associated actor.
ALLY_VERBS = frozenset("back support aid assist help join accompany reinforce arm fund".split())
ALLY_PREPOSITIONS = frozenset({"alongside"})
ALLY_ADVERBS = frozenset({"along", "together"})  # "along with X", "together with X"
HELP_NOUNS = frozenset("help support backing assistance aid cooperation".split())
LOYALTY_ADJECTIVES = frozenset("loyal allied affiliated linked aligned".split())
ASSOC_SLOTS = {"actor1": "assoc_actor_1", "actor2": "assoc_actor_2"}


def _fill_assoc_actors(context: _Context, part: str, sent, trigger, report: EventReport, chosen: dict) -> None:
    """Actors named alongside actor 1 or 2 in the same role: coordinated with it ("Taliban and
    al-Qaeda fighters"), its allies ("backed by X", "alongside X", "loyal to X"; for the doer
    also such a phrase on the event verb), and the community of civilian victims ("nine Hazara
    men": civilians, associated with the Hazaras). The first ally named is kept; none is better
    than a wrong one, so only these explicit constructions count."""
    for slot, argument in chosen.items():
        if _civilian_community(context, part, report, slot, argument):
            continue
        head = _token_at(sent, argument.head)
        if head is None:
            continue
        anchors = [head] + ([trigger] if slot == "actor1" and trigger is not None else [])
        for ally, rule in [*_coordinated_allies(head, argument), *_companions(anchors)]:
            name = _entity_in(context, part, ally.left_edge.idx, ally.right_edge.idx + len(ally.right_edge))
            if name and name not in (report.actor1, report.actor2) and not _is_nationality(context, name):
                setattr(report, ASSOC_SLOTS[slot], name)
                start, end = ally.left_edge.idx, ally.right_edge.idx + len(ally.right_edge)
                span = Span(report.article_id, start, end, part)
                report.provenance.append(Provenance(f"{ASSOC_SLOTS[slot]}:{rule}", span, doc_text(sent.doc)[start:end]))
                break


def _coordinated_allies(head, argument):
    """Actors coordinated with the actor ("Taliban fighters and al-Qaeda militants") and names
    coordinated inside its phrase ("[Taliban and al-Qaeda] fighters")."""
    for token in head.conjuncts:
        yield token, "coordinated-actor"
    for token in head.subtree:
        if token.dep_ == "conj" and token.pos_ == "PROPN" and argument.start <= token.idx < argument.end:
            yield token, "coordinated-name"


def _companions(anchors):
    """The allies' heads hung on the actor or the event verb (see ALLY_* above)."""
    for anchor in anchors:
        for child in anchor.children:
            word = child.lower_
            if child.dep_ == "prep" and word in ALLY_PREPOSITIONS:
                yield from ((g, "alongside") for g in child.children if g.dep_ == "pobj")
            elif word in ALLY_ADVERBS:
                yield from ((g, f"{word}-with") for p in child.children if p.lower_ == "with"
                            for g in p.children if g.dep_ == "pobj")
            elif child.dep_ == "prep" and word == "with":
                helps = [g for g in child.children if g.dep_ == "pobj" and g.lemma_.lower() in HELP_NOUNS]
                yield from ((g, "with-the-help-of") for h in helps for p in h.children if p.lower_ == "of"
                            for g in p.children if g.dep_ == "pobj")
            elif child.dep_ in ("acl", "advcl") and child.lemma_.lower() in ALLY_VERBS and child.tag_ == "VBN":
                yield from ((g, f"{child.lemma_.lower()}-by") for a in child.children if a.dep_ == "agent"
                            for g in a.children if g.dep_ == "pobj")
            elif child.dep_ == "amod" and child.lemma_.lower() in LOYALTY_ADJECTIVES:
                yield from ((g, f"{word}-to") for p in child.children if p.lower_ in ("to", "with")
                            for g in p.children if g.dep_ == "pobj")


def _civilian_community(context: _Context, part: str, report: EventReport, slot: str, argument) -> bool:
    """Victims named by their community ("nine Hazara men", "Tajik villagers"): ACLED's civilians of
    the country, the community their associated actor."""
    group = getattr(report, slot)
    if argument.role != "victim" or not (_is_identity_group(context, group) or _names_people(context, group, argument)):
        return False
    setattr(report, slot, f"Civilians ({context.country_name(context.main_country) or 'unknown'})")
    setattr(report, ASSOC_SLOTS[slot], group)
    report.provenance.append(Provenance(f"{ASSOC_SLOTS[slot]}:victims-community",
                                        Span(report.article_id, argument.start, argument.end, part),
                                        argument.text))
    return True


def _names_people(context: _Context, name: Optional[str], argument) -> bool:
    """"nine Kachin men": a name of no armed category before a word for people (the parser may tag it
    an organisation) is the community they belong to."""
    entity = next((e for e in context.annotations.entities if e.name == name), None)
    words = argument.text.lower().split()
    return entity is not None and entity.category is None and bool(words) and words[-1] in _people_nouns() \
        and name.lower() in argument.text.lower()


def _is_identity_group(context: _Context, name: Optional[str]) -> bool:
    """An ethnic or religious community (a group with no ACLED category of its own): one of an actors
    file, or a community the text names that is no country's people ("Fulani", "Hazara")."""
    from eventfold.annotate.actor_lexicon import country_of_words

    entity = next((e for e in context.annotations.entities if e.name == name), None)
    if entity is None or entity.category is not None:
        return False
    return entity.type == "group" or (entity.type == "nationality" and country_of_words(entity.name.split()) is None)


# Verbs whose subject undergoes the event: "the army suffered heavy losses", "the general escaped death".
UNDERGOING_LEMMAS = frozenset({"suffer", "sustain", "incur", "lose", "endure", "escape", "survive"})
# Verbs whose subject comes after the harm, to end or find it: "security forces rescue 14 students
# abducted in Zamfara", "police found the body of a man shot". Not "free" or "release", which
# kidnappers do too.
RESCUING_LEMMAS = frozenset({"rescue", "liberate", "find", "recover", "locate", "evacuate", "treat"})


def _main_subject_actor(context: _Context, part: str, sent, report: EventReport, anchor=None) -> None:
    """"Local fighters ... forced the Taliban out of three districts": not every event verb is a
    role trigger; actor 1 is then the subject of the verb the event is told by (the classifier's
    evidence), else of the highest verb that is not one of saying."""
    from eventfold.extract.roles import headline_passive, make_argument

    subject = _subject_of_clause(context, part, anchor) if anchor is not None else None
    if subject is not None and (headline_passive(subject.head) or subject.head.lemma_.lower() in RESCUING_LEMMAS):
        return  # "Palestinian shot in back of head": the subject is the victim; a rescuer is no doer
    if subject is None:
        subjects = [_past_dateline(context, part, t) for t in sent if t.dep_ == "nsubj" and t.head.pos_ == "VERB"
                    and t.head.lemma_ not in _not_agent_lemmas() | UNDERGOING_LEMMAS | RESCUING_LEMMAS
                    and not _in_earlier_event_clause(t) and not headline_passive(t.head)]
        subjects = [t for t in subjects if t is not None]
        subject = min(subjects, key=_depth) if subjects else None
    if subject is None:
        return
    subject = _group_led_by(subject)
    argument = make_argument("attacker", subject, "main-clause-subject")
    if report.claimant and argument.text in report.claimant:
        return  # "An account sympathetic to the Taliban gave lower numbers": the source, not a party
    actor = _argument_actor(context, part, argument, sent)
    report.actor1 = actor if actor != report.actor2 else None
    if report.actor1:
        report.provenance.append(Provenance("actor1:main-clause-subject",
                                            Span(report.article_id, argument.start, argument.end, part), argument.text))


# Verbs whose subject leads the group that is their object: "commander X is leading the resistance".
LEADING_LEMMAS = frozenset({"lead", "command", "head"})


def _group_led_by(subject):
    """The party a leader's clause names: ACLED's actors are groups, so in "where commander X is leading
    the resistance" the resistance is the party, not the commander."""
    verb = subject.head
    if verb.lemma_ not in LEADING_LEMMAS:
        return subject
    led = next((t for t in verb.children if t.dep_ == "dobj"), None)
    return led if led is not None else subject


def _subject_of_clause(context: _Context, part: str, token):
    """The subject of the verb a word belongs to ("when the Taliban took the city" -> the Taliban)."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.i != token.i and verb.lemma_ in _not_agent_lemmas():
        return None  # "Biden addressed the bombing": who speaks of an event did not do it
    if verb.lemma_ in UNDERGOING_LEMMAS:
        return None  # "the army suffered losses": who suffers an event did not do it
    subjects = [_past_dateline(context, part, c) for c in verb.children if c.dep_ == "nsubj"]
    return next((s for s in subjects if s is not None), None)


def _past_dateline(context: _Context, part: str, subject):
    """"KABUL, Aug 20 — Local fighters ... forced": the parser may take the dateline for a subject;
    the real one then hangs off it, past the dateline (or is a subject of its own)."""
    if not (part == PART_TEXT and context.dateline[0] <= subject.idx < context.dateline[1]):
        return subject
    return next((c for c in subject.children if c.pos_ in ("NOUN", "PROPN") and c.idx >= context.dateline[1]), None)


# Verbs of the name a group goes by: "calling themselves", "who call themselves", "known as".
NAMING_LEMMAS = frozenset({"call", "name", "know", "style", "dub"})


def _self_given_name(context: _Context, part: str, head) -> Optional[str]:
    """"fighters calling themselves the People's Uprising": the group the armed men are."""
    if head is None:
        return None
    clauses = [c for c in head.children if c.dep_ in ("acl", "relcl")]
    if head.dep_ == "nsubj" and any(c.lower_ == "themselves" for c in head.head.children):
        clauses.append(head.head)  # the parser's reading: "fighters" the subject of "calling"
    for clause in clauses:
        if clause.lemma_.lower() not in NAMING_LEMMAS:
            continue
        names = [c for c in clause.children if c.dep_ in ("oprd", "attr", "dobj", "prep") and c.lower_ != "themselves"]
        for name in names:
            end = name.right_edge.idx + len(name.right_edge.text)
            named = _entity_in(context, part, name.left_edge.idx, end, lambda m: m.label in ("ORG", "GROUP"))
            if named and not _is_nationality(context, named):
                return named
    return None


def _argument_actor(context: _Context, part: str, argument, sent) -> Optional[str]:
    """The canonical actor an argument names; armed men no dictionary actor names ("groups of
    armed Afghans", "local fighters") are ACLED's unidentified armed group of the country.
    Actors of a clause inside the phrase ("fighters, who say they expelled the Taliban") are not it."""
    head = _token_at(sent, argument.head)
    from eventfold.annotate.actors import member_group
    from eventfold.extract.roles import is_nationals

    named_themselves = _self_given_name(context, part, head)
    if named_themselves:
        return named_themselves

    # "fighters of the RSF", "peacekeepers and an officer serving with MONUSCO": the group they belong to,
    # unless the head names its own ("PDF fighters and troops of the KIA": the PDF's fighters first)
    own = _entity_in(context, part, head.left_edge.idx, head.idx, lambda m: m.label == "ORG") \
        if head is not None and head.left_edge.i < head.i else None  # a name, not "Kenyan" or a description
    group = next((g for g in map(member_group, (head, *head.conjuncts)) if g is not None), None) \
        if head is not None and not own else None
    if group is not None:
        named = _entity_in(context, part, group.left_edge.idx, group.idx + len(group))
        if named and not _is_nationality(context, named):
            return named
    entity = _entity_in(context, part, argument.start, argument.end,
                        lambda m: head is None or not (_off_event_path(_token_at(sent, m.span.start) or head, head,
                                                                     subject_is_off=False)
                                                      or _in_loyalty_phrase(_token_at(sent, m.span.start), head)))
    if entity and _names_a_country(context, entity):
        # "Burkina Faso killed 60 villagers": a country that strikes is its state's forces; one that is
        # acted on, speaks or appeals is no party (never a place as an actor)
        strikes = argument.role in ATTACKER_ROLES and head is not None and _governed_by_violence(head)
        return _state_force_of(context, entity) if strikes else None
    if entity and not _is_nationality(context, entity):
        return entity
    # "the RSF said it had seized the airport": the group speaks of itself.
    speaker = _speaker_of_own_deed(context, part, head) if argument.role in ATTACKER_ROLES and head is not None else None
    if speaker:
        return speaker
    # "the radical Islamists", "the group": the armed group named before that the words stand for.
    referred = referent(head, context.side_mentions(part), pronouns=False) if head is not None else None
    if referred and referred != CIVILIANS:
        return referred
    # "a Russian air strike": the doer named by its country is that state's forces.
    if argument.role in ATTACKER_ROLES and head is not None and head.pos_ in ("ADJ", "PROPN", "NOUN") \
            and _governed_by_violence(head):
        from eventfold.annotate.actors import state_force_name

        state = state_force_name(argument.text, context.main_country)
        if state and _a_gunmans_attack(head):
            # "a suspected Palestinian shooting attack": a gunman of that country, not its army
            return f"Unidentified Armed Group ({state[0].removeprefix('Military Forces of ')})"
        if state:
            return state[0]
    # "killing four people": people a text counts without naming are the country's civilians.
    if argument.role == "victim" and head is not None and {head.lower_, head.lemma_.lower()} & _people_nouns():
        # "four US citizens", "Chinese workers": the civilians of the country their modifier names
        from eventfold.annotate.actors import country_of_modifier

        country = country_of_modifier(head, ("compound", "amod", "nmod")) or context.main_country
        return f"Civilians ({context.country_name(country) or 'unknown'})"
    # "four Americans were abducted": people counted by their nationality are that country's civilians.
    if argument.role == "victim" and head is not None and is_nationals(head):
        from eventfold.annotate.actor_lexicon import country_of_words

        return f"Civilians ({context.country_name(country_of_words([head.text]))})"
    # "a passenger train", "a civilian convoy": a thing named by the people in it carries civilians.
    if argument.role == "target" and head is not None and any(
            child.dep_ in ("compound", "amod") and child.lemma_.lower() in CIVILIAN_CARRIERS for child in head.children):
        return f"Civilians ({context.country_name(context.main_country) or 'unknown'})"
    # "his forces", "Hemedti's fighters": the force the article says the leader commands.
    led = _force_of_leader(context, part, head) if head is not None else None
    if led:
        return led
    # "an army base", "a military convoy", "army drones": the force that holds the thing.
    owner = _owner_of_thing(context, head) if head is not None else None
    if owner:
        return owner
    unnamed = _unnamed_armed_men(context, argument) \
        if argument.role in ATTACKER_ROLES or argument.rule in CLASH_SIDE_RULES else None
    if unnamed:
        return unnamed
    # A nationality or creed ("Afghans", "Islamists") is no ACLED actor on its own.
    return entity if entity and argument.role not in ATTACKER_ROLES else None


# Arguments that are a side of a fight ("fighting between troops and local militias", "clashed with
# gunmen"): armed men there are a party even when acted upon.
CLASH_SIDE_RULES = frozenset({"noun:between-other", "noun:clash-with", "verb:clash-with", FIGHT_BETWEEN})
# Modifiers of a vehicle or gathering that say civilians were in it: "a passenger train", "a school bus".
CIVILIAN_CARRIERS = frozenset("passenger civilian refugee commuter pilgrim school wedding funeral".split())
SELF_PRONOUNS = frozenset({"it", "they", "we"})
SELF_POSSESSIVES = frozenset({"its", "their", "our"})


def _governed_by_violence(head) -> bool:
    """The word is the subject, agent or owner of an event word or a weapon ("X killed", "X's jets")."""
    from eventfold.extract.roles import LIGHT_VERBS, _is_weapon, is_trigger

    governor = head.head.head if head.head.dep_ == "agent" else head.head
    while governor.dep_ == "compound" and governor.head.i != governor.i:
        governor = governor.head  # "a U.S. fighter jet": the name qualifies "fighter", which names the jet
    if governor.lemma_.lower() in LIGHT_VERBS and any(c.dep_ == "dobj" and _names_violence(c) for c in governor.children):
        return True  # "Israel launched a wave of strikes", "the army carried out raids"
    return governor.i != head.i and (is_trigger(governor) or _is_weapon(governor))


def _names_violence(noun) -> bool:
    """"raids", "a wave of strikes", "a series of attacks": an event word, or one a quantity noun counts."""
    from eventfold.extract.roles import is_trigger

    return is_trigger(noun) or any(p.dep_ == "prep" and p.lower_ == "of" and any(
        o.dep_ == "pobj" and is_trigger(o) for o in p.children) for p in noun.children)


def _names_a_country(context: _Context, name: str) -> bool:
    return not _is_nationality(context, name) and _state_force_of(context, name) is not None


def _state_force_of(context: _Context, name: str) -> Optional[str]:
    from eventfold.annotate.actors import state_force_name

    state = state_force_name(name, context.main_country)
    return state[0] if state else None


def _speaker_of_own_deed(context: _Context, part: str, head) -> Optional[str]:
    """The actor who says it did something: "it"/"they"/"we" as the subject of what a named group
    says ("the RSF said it had also seized the airport", "JNIM said they killed ...")."""
    own = head.pos_ == "PRON" and head.lower_ in SELF_PRONOUNS
    owned = any(c.dep_ == "poss" and c.lower_ in SELF_POSSESSIVES for c in head.children)  # "its fighters"
    if not (own or owned) or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = head.head
    speech = _speech_verb_of(clause)
    if speech is None:
        return None
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return None
    entity = _entity_in(context, part, speaker.left_edge.idx, speaker.idx + len(speaker.text))
    if entity and not _is_nationality(context, entity):
        return entity
    return _state_speakers_force(context, speaker, head) if owned else None


def _speech_verb_of(clause):
    """The verb of saying a clause reports: "X said (that) it had ..." or, through the noun of a
    statement, "X said in a claim that it had ..."."""
    if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_LEMMAS:
        return clause.head
    noun = clause.head
    if clause.dep_ not in ("relcl", "acl") or noun.lemma_.lower() not in STATEMENT_NOUNS:
        return None
    while noun.dep_ in ("pobj", "prep") and noun.head.i != noun.i:
        noun = noun.head
    return noun if noun.pos_ == "VERB" and noun.lemma_.lower() in SPEECH_LEMMAS else None


STATEMENT_NOUNS = MEDIUM_NOUNS | {"claim", "communique", "announcement"}


def _state_speakers_force(context: _Context, speaker, head) -> Optional[str]:
    """ "Russia's defence ministry said its troops ...": the troops of the state whose institution speaks."""
    from eventfold.annotate.actors import country_of_modifier, read_phrase

    reading = read_phrase([head.text])
    if reading is None or reading.kind not in ("military", "police"):
        return None
    country = country_of_modifier(speaker, ("poss", "compound", "amod", "nmod"))
    return reading.acled_name(country) if country else None


@functools.lru_cache(maxsize=1)
def _people_nouns() -> frozenset:
    from eventfold.annotate.actor_lexicon import PEOPLE_NOUNS

    return PEOPLE_NOUNS


# How far (characters) a group's name may stand from its leader's ("RSF commander Hemedti",
# "Hemedti, the RSF leader"), for the force a leader's name stands for.
LEADER_GROUP_REACH = 30


def _unnamed_armed_men(context: _Context, argument) -> Optional[str]:
    """"gunmen", "local fighters", "gangs": ACLED's unidentified armed group (or gang) of the country."""
    from eventfold.annotate.actors import read_phrase

    words = [w for w in re.findall(r"[\w'’-]+", argument.text) if not w[:1].isdigit()]
    reading = read_phrase(words) if words else None
    armed = reading is not None and reading.kind in ("armed-men", "rebels", "militia", "gang")
    if not armed and not ARMED_WORDS.search(argument.text):
        return None
    country = context.country_name(context.main_country) or "unknown"
    return f"Unidentified Gang ({country})" if armed and reading.kind == "gang" \
        else f"Unidentified Armed Group ({country})"



def _unnamed_groups_of_the_place(context: _Context, report: EventReport) -> None:
    """Armed men no one names belong to the country where they struck ("gunmen in Matamoros" in a
    story about Americans are Mexico's unidentified armed group), once the event has a place."""
    place_country = report.place.country if report.place is not None else None
    if not place_country or place_country == context.main_country:
        return
    for slot in ("actor1", "actor2"):
        name = getattr(report, slot) or ""
        prefix = next((p for p in UNNAMED_GROUP_PREFIXES if name.startswith(p)), None)
        if prefix:
            setattr(report, slot, f"{prefix}{context.country_name(place_country)})")


def _force_of_leader(context: _Context, part: str, head) -> Optional[str]:
    """"his forces attacked", "Hemedti's troops": the armed group of the person who owns the force,
    when the text names it beside him (a leader is not the force himself)."""
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if owner.lower_ in ("its", "their"):  # "the PDF said its fighters ambushed": the group named before
        groups = [m for m in context.annotations.mentions if m.span.part == part and m.label != "PERSON"
                  and m.entity_id and m.span.end <= owner.idx
                  and _category(context, _entity_name(context, m.entity_id), None) in ARMED_CATEGORIES]
        return _entity_name(context, max(groups, key=lambda m: m.span.start).entity_id) if groups else None
    if owner.pos_ == "PRON":
        people = [m for m in context.annotations.mentions if m.span.part == part and m.label == "PERSON"
                  and m.entity_id and m.span.end <= owner.idx]
        person = max(people, key=lambda m: m.span.start).entity_id if people else None
    else:
        person = next((m.entity_id for m in context.mentions_in(part, owner.idx, owner.idx + len(owner))
                       if m.label == "PERSON"), None) or _person_by_surname(context, owner.text)
    return _group_of_person(context, person) if person else None


def _person_by_surname(context: _Context, word: str) -> Optional[str]:
    """The one person of the article whose name ends with this word (the model may miss "Dagalo's")."""
    found = {e.entity_id for e in context.annotations.entities
             if e.type == "person" and e.name.split()[-1] == word}
    return found.pop() if len(found) == 1 else None


def _owner_of_thing(context: _Context, head) -> Optional[str]:
    """The force an actor word before a thing names ("army base" -> Military Forces of <country>), or
    that word itself as the modifier of an event ("an army drone strike"), when it is no actor mention
    of its own."""
    from eventfold.annotate.actors import read_phrase

    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    if head.dep_ == "compound" and not any(c.dep_ in ("compound", "amod") for c in head.children):
        words = [head.text]  # "an army drone strike", "a police raid": the force word itself
    elif any(c.dep_ in ("compound", "amod") for c in head.children):
        words = [t.text for t in head.subtree if t.i < head.i and t.dep_ in ("compound", "amod", "poss")]
    else:
        return None
    if any(w.lower() in STANCE_PREFIXES for w in words):
        return None  # "anti-junta militias": whom they fight, not who holds them
    reading = read_phrase(words) if words else None
    if reading is None or reading.category not in ARMED_CATEGORIES or reading.kind not in ("military", "police"):
        return None
    return reading.acled_name(context.main_country)


def _group_of_person(context: _Context, person: str) -> Optional[str]:
    """The armed group named right around a person's mentions."""
    for mention in (m for m in context.annotations.mentions if m.entity_id == person):
        for other in context.annotations.mentions:
            if other.span.part != mention.span.part or not other.entity_id or other.entity_id == person \
                    or other.label == "PERSON":
                continue
            near = -LEADER_GROUP_REACH <= other.span.start - mention.span.end <= LEADER_GROUP_REACH \
                or 0 <= mention.span.start - other.span.end <= LEADER_GROUP_REACH
            name = _entity_name(context, other.entity_id)
            if near and _category(context, name, None) in ARMED_CATEGORIES:
                return name
    return None


def _in_loyalty_phrase(token, head) -> bool:
    """"militiamen [loyal to X]": X is whom the men serve (their associated actor), not the men."""
    while token is not None and token.i != head.i and token.head.i != token.i:
        if token.dep_ == "amod" and token.lemma_.lower() in LOYALTY_ADJECTIVES:
            return True
        token = token.head
    return False


def _target_in_modifier(context: _Context, part: str, sent, report: EventReport, trigger) -> None:
    """"detained two suspects during an operation targeting a Taliban leader", "killed three
    insurgents while searching for a Haqqani commander": the armed group a modifier clause of the
    event names is whom the event was against, when its own clause names no one."""
    for mention in context.mentions_in(part, sent.start_char, sent.end_char):
        if not mention.entity_id or _inside_place(context, mention) \
                or context.in_dateline(mention.span) or mention.text in (report.claimant or ""):
            continue
        if _off_path_mention(sent, mention, trigger, MODIFIER_CLAUSE_DEPS):
            continue
        name = _entity_name(context, mention.entity_id)
        if name not in (report.actor1, report.assoc_actor_1, report.assoc_actor_2) \
                and not _is_nationality(context, name) and _is_armed(context, name, report):
            report.actor2 = name
            report.provenance.append(Provenance("actor2:group-in-modifier-clause", mention.span, mention.text))
            return


def _allies_are_no_target(context: _Context, part: str, trigger, report: EventReport) -> None:
    """ "PDF fighters and troops of the KIA seized Kawlin": a group named inside the doers' own
    subject fought beside actor 1, whatever later rule took it for actor 2."""
    if trigger is None or report.actor1 is None or report.actor2 is None \
            or trigger.lemma_.lower() in FIGHTING_LEMMAS:  # "the army and the RSF fought": two sides
        return
    for subject in (c for c in trigger.children if c.dep_ == "nsubj"):
        start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
        named = {_entity_name(context, m.entity_id) for m in context.mentions_in(part, start, end) if m.entity_id}
        if report.actor1 in named and report.actor2 in named:
            ally, report.actor2 = report.actor2, None
            if report.assoc_actor_1 is None:
                report.assoc_actor_1 = ally
            report.provenance.append(Provenance("actor2:ally-of-actor1-cleared", report.span, ally))
            return


def _is_rescuer(sent, mention) -> bool:
    """"Security forces rescue 14 students abducted in Zamfara": the subject of a rescue is no party
    to the harm it ends."""
    token = _token_at(sent, mention.span.end - 1)
    while token is not None and token.dep_ in ("compound", "amod", "poss", "appos") and token.head is not token:
        token = token.head
    return token is not None and token.dep_ == "nsubj" and token.head.lemma_.lower() in RESCUING_LEMMAS


def _fallback_actors(context: _Context, part: str, sent, report: EventReport, trigger=None) -> None:
    """Slots no parse argument filled: the armed or political actors the sentence mentions, in order,
    each used once (an actor does not fight itself); not who tells of it ("residents said")."""
    names: list[str] = []
    opposed: set[str] = set()  # "the coalition against IS": whom something is against is no doer
    for mention in context.mentions_in(part, sent.start_char, sent.end_char):
        if mention.entity_id and mention.label in ("ORG", "GROUP", "NORP") and not _inside_place(context, mention) \
                and not context.in_dateline(mention.span) and mention.text not in (report.claimant or "") \
                and not _off_path_mention(sent, mention, trigger) and not _is_speaker(sent, mention) \
                and not _is_rescuer(sent, mention):
            name = _entity_name(context, mention.entity_id)
            taken = (report.actor1, report.actor2, report.assoc_actor_1, report.assoc_actor_2)
            if name not in names and name not in taken and not _is_nationality(context, name) \
                    and not _names_a_country(context, name):
                names.append(name)
                if _hangs_under(_token_at(sent, mention.span.start), AGAINST) \
                        or _told_as_harmed(_token_at(sent, mention.span.end - 1)):
                    opposed.add(name)
    for slot in ("actor1", "actor2"):
        fitting = [n for n in names if slot == "actor2" or n not in opposed]
        if getattr(report, slot) is None and fitting:
            name = fitting[0]
            names.remove(name)
            setattr(report, slot, name)
            report.provenance.append(Provenance(f"{slot}:group-in-sentence", report.span, name))

