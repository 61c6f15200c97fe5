"""Event arguments (attacker, target, victim, place, instrument, agent) read off the dependency parse.

The core extractor finds event triggers with `find_triggers` and asks `event_arguments` who
did what to whom, where and with what. Rules are small dependency patterns around the trigger
(each argument records the pattern that found it in `rule`):

* verbal triggers: active subject -> attacker (agent for arrests and protests, victim for
  "die"), direct object and passive subject -> target/victim, "by"-agent -> attacker,
  "with WEAPON" -> instrument, "on/against/into X" -> target/victim, "in/at/near PLACE" ->
  place. A trigger without a subject borrows it along conjunctions, xcomps and participles
  ("stormed the base, killing five"); relative pronouns give way to the noun they stand for
  ("the militants who attacked", "the convoy that militants attacked"); a past participle's
  noun is its patient ("the villagers killed in the raid"); "where"-clauses name the place.
* nominal triggers: "an attack by X on Y", "X's attack", "the bombing of Y", "IS attacks",
  "Russian airstrikes", "the attack in Kabul", "a battle between X and Y", light verbs
  ("carried out an attack on"), "claimed responsibility for", "blamed the attack on X",
  "the blast destroyed Y", "Y was shattered by an explosion".
* an event noun in a participant slot hands over its own attackers ("an IS attack killed 30",
  "killed in IS attacks").

Head meaning refines the slot: weapons are instruments wherever they stand ("a roadside IED
killed ..."); event nouns, time words and bare pronouns ("it", "which") are never participants;
places never attack. Victim vs target: people (names, personal pronouns, counts, person nouns
such as civilians or worshippers) are victims; places, buildings, things and armed forces
(soldiers, militants, police) are targets. Each head is expanded to its noun phrase without
relative clauses, appositions or coordinated phrases, which become arguments of their own.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventfold.annotate.doctext import doc_text
from eventfold.extract.quotes import SPEECH_LEMMAS

ATTACKER, TARGET, VICTIM, PLACE, INSTRUMENT, AGENT = "attacker", "target", "victim", "place", "instrument", "agent"

# ---------------------------------------------------------------- lexicons (lemmas)

# Verbs whose subject harms the object.
VIOLENT_VERBS = frozenset(
    "attack assault kill murder assassinate slay execute behead massacre slaughter shoot gun stab "
    "bomb shell strike hit target ambush raid storm besiege injure wound hurt maim mutilate torture beat "
    "burn torch destroy damage blow explode detonate fire launch kidnap abduct hijack loot ransack vandalize "
    "vandalise "
    "seize capture recapture retake overrun invade clash fight battle engage lynch rape sabotage ram "
    "pound bombard pummel".split()
)
# Taking people whose participle goes on naming them ("the kidnapped girls") long after the event.
CAPTIVITY_VERBS = frozenset({"kidnap", "abduct", "hijack"})
# Verbs whose subject undergoes the event.
UNDERGOER_VERBS = frozenset("die perish drown succumb".split())
# Verbs for non-violent actors: their subject is an agent (arrester, protester).
AGENT_VERBS = frozenset(
    "arrest detain apprehend jail imprison round protest demonstrate march rally riot strike picket "
    "boycott".split()
)
# Nouns that name a violent event.
VIOLENT_NOUNS = frozenset(
    "attack assault bombing bombardment shelling explosion blast detonation shooting gunfire "
    "killing slaying maiming murder assassination massacre slaughter execution beheading raid strike airstrike "
    "air-strike ambush clash fighting battle violence siege offensive incursion invasion "
    "kidnapping abduction hijacking stabbing arson looting ambush skirmish firefight hostilities "
    "operation onslaught rampage insurgency war combat shootout car-bombing".split()
)
# Nouns whose possessor/"of" complement is the one who suffers the event.
UNDERGOER_NOUNS = frozenset("death injury wound casualty fatality toll loss suicide demise".split())
PROTEST_NOUNS = frozenset("protest demonstration rally march riot sit-in picket uprising".split())
ARREST_NOUNS = frozenset("arrest detention capture apprehension roundup crackdown".split())
TRIGGER_NOUNS = VIOLENT_NOUNS | UNDERGOER_NOUNS | PROTEST_NOUNS | ARREST_NOUNS
TRIGGER_VERBS = VIOLENT_VERBS | UNDERGOER_VERBS | AGENT_VERBS
# Verbs too generic to be triggers on their own (kept above for argument roles only).
NOT_TRIGGER_ALONE = frozenset("fire launch hit strike target engage round blow".split())

# Generic verbs that are events with a particle or object: "blew up", "went off", "opened fire",
# "set fire to", "set ablaze".
PHRASAL_TRIGGERS = {"blow": {"up"}, "go": {"off"}, "set": {"off", "fire", "ablaze", "alight"}, "open": {"fire"},
                    "exchange": {"fire", "gunfire", "shots", "blows"}, "take": {"control", "over"},
                    "gain": {"control"},
                    "round": {"up"}}
# Verbs that carry a nominal trigger: "carried out an attack", "launched a raid".
LIGHT_VERBS = frozenset(
    "carry conduct launch stage mount commit perpetrate claim execute unleash orchestrate plan "
    "mastermind open lead wage begin continue make do".split()
)
WEAPONS = frozenset(
    "bomb ied device explosive explosives grenade mine landmine rocket missile mortar shell artillery "
    "gun rifle pistol firearm weapon knife machete axe sword vest belt car-bomb vehicle truck van "
    "drone bullet bullets gunfire fire munition munitions rpg kalashnikov ak-47 dynamite "
    "tnt shrapnel projectile warplane jet gunship warship frigate destroyer corvette submarine".split()
)
# Weapon words that are also ordinary nouns: count as weapon only with explosive context.
VEHICLE_WEAPONS = frozenset("vehicle truck van car".split())
# Nouns naming people: victims rather than targets.
PERSON_NOUNS = frozenset(
    "people person civilian man woman child children kid boy girl baby family student teacher "
    "worshipper pilgrim passenger shopper resident villager farmer worker journalist reporter "
    "doctor nurse patient tourist protester demonstrator activist leader official politician "
    "candidate lawmaker mayor governor judge cleric imam priest elder member citizen individual "
    "victim bystander pedestrian driver guard commander general officer chief minister president "
    "spokesman policeman policewoman cop bomber attacker suspect prisoner hostage refugee migrant "
    "crowd mourner voter youth teenager adult daughter son wife husband mother father brother sister "
    "relative friend colleague staff "
    "employee personnel casualty dead wounded injured life lives schoolgirl schoolboy pupil supporter "
    "opponent monk nun pastor herder herdsman fisherman miner trader merchant vendor customer guest "
    "traveller traveler detainee inmate abductee infant toddler elderly national expatriate".split()
)
# Armed people, and with their formations and posts the armed forces.
ARMED_PEOPLE = frozenset(
    "troop troops militia fighter insurgent militant rebel soldier gunman militiaman jihadist guerrilla "
    "combatant".split()
)
ARMED_FORCES = ARMED_PEOPLE | frozenset(
    "force forces army military police convoy patrol checkpoint post base camp battalion unit brigade "
    "regiment".split()
)
# Verbs whose object (or passive subject) is the device used: "detonated a bomb", "explosives were used".
INSTRUMENT_OBJECT_VERBS = frozenset("detonate explode plant use set hurl throw lob deploy trigger".split())
# Nouns that count or measure: the real head is their "of" complement ("scores of civilians").
QUANTITY_NOUNS = frozenset(
    "some all many most several dozen dozens score scores hundred hundreds thousand thousands "
    "million millions lb lbs pound pounds kg kilogram kilograms ton tons tonne tonnes number "
    "majority handful group none each".split()
)
# Generic nouns for armed groups, which give way to the group's name when it modifies them.
GENERIC_GROUP_NOUNS = frozenset(
    "group organisation organization militia movement faction network outfit cell wing".split()
)
# Containers of several events: "a wave of shootings", "a series of attacks".
EVENT_GROUP_NOUNS = frozenset("wave series spate string round campaign number spree".split())
# Verbs whose subject is an event that happened somewhere: "the explosion was at the station".
OCCURRENCE_VERBS = frozenset("be occur happen take break erupt continue begin start rock hit strike".split())
# Verbs that point an event at its target: "aimed at", "targeting", "directed against".
AIMING_VERBS = frozenset("target aim direct hit strike".split())
# Verbs whose object an event noun hits (victims of "the blast killed ..." belong to the death event).
DAMAGING_VERBS = frozenset("target hit strike damage destroy shatter rock level flatten".split())
EXPLODING_VERBS = frozenset("explode detonate go blow set".split())
REFLEXIVE_PRONOUNS = frozenset("himself herself themselves itself myself ourselves yourself".split())
# Pronouns that never name a participant by themselves (events, clauses, unresolved relatives).
NON_PARTICIPANT_PRONOUNS = frozenset("it this that what which who whom".split()) | REFLEXIVE_PRONOUNS
PERSON_PRONOUNS = frozenset("he she they him her them we us i me you someone anyone everyone".split())
RELATIVE_PRONOUNS = frozenset("who whom which that".split())
# Common nouns that denote places (used after place prepositions and in compounds).
PLACE_NOUNS = frozenset(
    "city town village province district region area capital country state county neighborhood "
    "neighbourhood suburb street road highway market marketplace bazaar square mosque church "
    "temple synagogue shrine school university college hospital hotel restaurant cafe bakery "
    "airport station stadium border frontier outskirts territory compound building office "
    "headquarters embassy consulate base camp checkpoint prison jail bridge port harbor harbour "
    "valley desert mountain mountains island coast countryside municipality governorate "
    "locality settlement quarter zone facility site mall shop store bank church concert venue "
    "club bar place scene spot location entrance terminal terminus station".split()
)
PLACE_PREPOSITIONS = frozenset("in at near outside inside across around within throughout on".split())
TARGET_PREPOSITIONS = frozenset("on against at upon targeting toward towards into".split())
PLACE_ENTITY_LABELS = frozenset("GPE LOC FAC".split())
ACTOR_ENTITY_LABELS = frozenset("ORG NORP PERSON".split())
TIME_ENTITY_LABELS = frozenset("DATE TIME CARDINAL ORDINAL PERCENT MONEY QUANTITY".split())
# Modifiers of an event noun that are never arguments ("suicide bombing", "terror attack").
NON_ARGUMENT_MODIFIERS = frozenset(
    "suicide terror terrorist deadly fatal bloody twin double triple coordinated series new "
    "recent latest last first second third major minor apparent alleged suspected attempted "
    "failed foiled planned roadside car truck vehicle rocket mortar missile grenade air drone "
    "gun knife arson mass large small similar previous further other such".split()
)
SUBJECT_DEPS = frozenset(("nsubj",))
PASSIVE_SUBJECT_DEPS = frozenset(("nsubjpass",))
OBJECT_DEPS = frozenset(("dobj", "obj"))
# Dependents excluded when a head is expanded to its noun phrase.
PHRASE_EXCLUDED_DEPS = frozenset(("relcl", "appos", "conj", "cc", "acl", "advcl", "punct", "prep", "case"))


@dataclass(frozen=True)
class Argument:
    """One argument of an event: its role, its span in the document text and the rule that found it."""

    role: str
    start: int
    end: int
    head: int
    text: str
    rule: str


# ---------------------------------------------------------------- triggers


def _is_weapon(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in VEHICLE_WEAPONS:
        return any(child.lemma_.lower() in ("bomb", "explosive", "suicide") for child in token.children)
    return lemma in WEAPONS or token.text.lower() in WEAPONS


_TRIGGER_POS = frozenset({"VERB", "ADJ", "NOUN", "PROPN"})


def is_trigger(token: Token) -> bool:
    """Whether a token names a conflict, arrest or protest event."""
    pos = token.pos_
    if pos not in _TRIGGER_POS:  # every rule below asks for one of them: most tokens stop here
        return False
    lemma = token.lemma_.lower()
    if pos == "VERB" and token.dep_ == "amod" and lemma in CAPTIVITY_VERBS and _is_participant_noun(token.head):
        # "posters of kidnapped children": a captivity names people long after; "the wounded man" or
        # "the detained member" still tells the harm or arrest the story is about
        return False
    if pos == "VERB" and lemma in TRIGGER_VERBS and lemma not in NOT_TRIGGER_ALONE:
        return True
    if pos == "VERB" and lemma in TRIGGER_VERBS and (_has_weapon_subject(token) or _strikes_a_site(token)):
        return True  # "drones struck", "a missile hit", "U.S. strikes Iranian facility": generic verbs as attacks
    if pos == "VERB" and lemma in PHRASAL_TRIGGERS:
        return _has_particle_or_object(token)
    if pos == "ADJ" and lemma == "dead":
        return token.dep_ in ("oprd", "acomp")  # "shot dead", "nine people were dead"
    if _verb_tagged_otherwise(token):
        return True
    words = (lemma, token.lower_, token.lower_.removesuffix("s"))  # "Shootings" may keep its plural lemma
    if pos not in ("NOUN", "PROPN") or not any(w in TRIGGER_NOUNS for w in words) or _is_weapon(token):
        return False
    # "suicide bomber", "riot police", "protest leader": a modifier of a participant, not an event.
    return not (token.dep_ == "compound" and _is_participant_noun(token.head))


# Past forms the small model tags as nouns or adjectives in long subjects ("Soldiers from neighbouring
# Eritrea shot dead dozens"), with the verb each belongs to.
_IRREGULAR_PAST = {"shot": "shoot", "struck": "strike", "fought": "fight", "hit": "hit", "blew": "blow"}


def _verb_tagged_otherwise(token: Token) -> bool:
    """A trigger verb's past form the tagger read as a noun or adjective: it still takes a direct
    object, which no noun does."""
    if token.pos_ not in ("NOUN", "ADJ") or not any(c.dep_ == "dobj" for c in token.children):
        return False
    word = token.lower_
    verbs = {_IRREGULAR_PAST.get(word), word.removesuffix("ed"), word.removesuffix("d")}
    return any(v in TRIGGER_VERBS and v not in NOT_TRIGGER_ALONE for v in verbs if v)


def _has_weapon_subject(verb: Token) -> bool:
    """"A missile hit", a passive's fired agent ("was struck by a stray bullet") and the instrument
    it was done with ("struck a cargo ship with a missile")."""
    from eventfold.extract.lexicon import PROJECTILE_NOUNS

    return any((child.dep_ in SUBJECT_DEPS and _is_weapon(child))
               or (child.dep_ == "agent" and any(g.dep_ == "pobj" and g.lemma_.lower() in PROJECTILE_NOUNS
                                                 for g in child.children))
               or (child.dep_ == "prep" and child.lower_ == "with" and verb.lemma_.lower() in STRIKING_LEMMAS
                   and any(g.dep_ == "pobj" and _is_weapon(g) for g in child.children))
               for child in verb.children)


# Verbs of striking that a weapon they are done with makes an attack ("struck a ship with a
# missile"); not "engaged the force with grenades", a part of the fight it is told in.
STRIKING_LEMMAS = frozenset({"strike", "hit", "target", "pound"})


def _strikes_a_site(verb: Token) -> bool:
    """"U.S. strikes Iranian facility in Syria", "jets hit militant hideouts": a site struck."""
    from eventfold.extract.lexicon import STRUCK_SITES

    return verb.lemma_.lower() in ("strike", "hit", "target", "pound") and any(
        child.dep_ == "dobj" and child.lemma_.lower() in STRUCK_SITES for child in verb.children)


def _is_participant_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in PERSON_NOUNS or lemma in ARMED_FORCES or token.ent_type_ in ("PERSON", "ORG", "NORP")


# Ground one takes: "took the town", "took Bunagana" (not "took place", "took part", "took hostages").
TAKEN_GROUND_NOUNS = frozenset(
    "city town village district province capital base airport airbase territory outpost garrison port "
    "headquarters camp checkpoint crossing hill stronghold".split())


def _has_particle_or_object(token: Token) -> bool:
    """'blew up', 'went off', 'opened fire', 'rounded up': a generic verb that is an event with its complement."""
    wanted = PHRASAL_TRIGGERS[token.lemma_.lower()]
    if token.lemma_.lower() == "take" and any(child.dep_ in OBJECT_DEPS and _is_ground(child) for child in token.children):
        return True  # "the group had taken the town"
    return any(child.dep_ in ("prt", "advmod", "acomp", "oprd", *OBJECT_DEPS) and child.lemma_.lower() in wanted
               or child.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in wanted for o in child.children)
               for child in token.children)  # "set the houses on fire"


def _is_ground(token: Token) -> bool:
    return token.ent_type_ in ("GPE", "LOC", "FAC") or token.lemma_.lower() in TAKEN_GROUND_NOUNS


# The trigger tokens' indices of each span asked about, per live Doc: a sentence is asked for its
# triggers by typing, deciding, figures and the trigger's choice, and `is_trigger` of every token
# is a pure function of the parse, which nothing changes after parsing.
_TRIGGERS_OF_SPANS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def find_triggers(sent) -> list[Token]:
    """Event trigger tokens of a sentence (any span or doc), in text order."""
    doc = sent if isinstance(sent, Doc) else sent.doc
    known = _TRIGGERS_OF_SPANS.get(doc)
    if known is None:
        known = _TRIGGERS_OF_SPANS[doc] = {}
    bounds = (0, len(doc)) if sent is doc else (sent.start, sent.end)
    found = known.get(bounds)
    if found is None:
        found = known[bounds] = [token.i for token in sent if is_trigger(token)]
    return [doc[i] for i in found]


# ---------------------------------------------------------------- phrases


def _phrase_bounds(head: Token) -> tuple[int, int]:
    """Token range [first, last] of the noun phrase headed by `head`, without clauses and coordination."""
    first = last = head.i
    for child in head.children:
        if child.dep_ in PHRASE_EXCLUDED_DEPS and not (child.dep_ == "prep" and child.lemma_ == "of"):
            continue
        first = min(first, child.left_edge.i)
        last = max(last, child.right_edge.i)
    doc = head.doc
    while first < head.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > head.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return first, last


def make_argument(role: str, head: Token, rule: str) -> Argument:
    first, last = _phrase_bounds(head)
    doc = head.doc
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return Argument(role, start, end, head.idx, doc_text(doc)[start:end], rule)


def _coordinated(head: Token) -> Iterator[Token]:
    """The head and the heads coordinated with it ("gunmen and suicide bombers"), each at its content word."""
    yield _content_head(head)
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or _is_list_apposition(child):
            yield from _coordinated(child)


def _is_list_apposition(token: Token) -> bool:
    """'eight women, a girl and four men': the parser hangs the rest of a list on an apposition."""
    return token.dep_ == "appos" and any(c.dep_ == "cc" for c in token.children)


def _content_head(head: Token) -> Token:
    """'scores of civilians' -> civilians, '1,000lb of explosives' -> explosives: skip counting words;
    'the Islamic State militant group' -> Islamic State: a generic group noun yields to its name."""
    if head.lemma_.lower() in GENERIC_GROUP_NOUNS:
        names = [c for c in head.children if c.dep_ in ("compound", "nmod") and c.ent_type_ in ("ORG", "NORP")]
        return names[0] if names else head
    if head.lemma_.lower() not in QUANTITY_NOUNS and head.lower_ not in QUANTITY_NOUNS:
        return head
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return head


def _coordination_root(token: Token) -> Token:
    """The first conjunct of a coordination ("eight women, a girl and four men" -> women)."""
    while (token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM")) or _is_list_apposition(token):
        token = token.head
    return token


def _antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("the militants who attacked" -> militants)."""
    if token.lower_ in RELATIVE_PRONOUNS:
        clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
        if clause is not None:
            return clause.head
    return token


# ---------------------------------------------------------------- role decisions


def is_person(token: Token) -> bool:
    """People are victims: names, personal pronouns, bare counts and person nouns."""
    lemma = token.lemma_.lower()
    if token.ent_type_ == "PERSON" or token.lower_ in PERSON_PRONOUNS:
        return True
    if token.pos_ == "NUM" or token.like_num:
        return True
    if is_nationals(token):
        return True
    return lemma in PERSON_NOUNS or token.lower_ in PERSON_NOUNS


def is_nationals(token: Token) -> bool:
    """"four Americans", "two Pakistanis": people named by their nationality (plural demonyms)."""
    from eventfold.annotate.actor_lexicon import country_of_words

    return token.tag_ in ("NNPS", "NNS") and token.text[:1].isupper() and country_of_words([token.text]) is not None


def patient_role(token: Token) -> str:
    """Victim for people, target for places, buildings, forces and things."""
    if token.lemma_.lower() in ARMED_FORCES:
        return TARGET
    return VICTIM if is_person(token) else TARGET


def is_place(token: Token) -> bool:
    if token.ent_type_ in PLACE_ENTITY_LABELS:
        return True
    if token.lemma_.lower() in PLACE_NOUNS:
        return True
    # Capitalised proper nouns that the NER left untyped ("in Badia").
    return token.pos_ == "PROPN" and token.ent_type_ == "" and token.text[:1].isupper()


def _is_event_noun(token: Token) -> bool:
    """Nouns naming events, gerunds included ("Fighting between X and Y killed 30")."""
    if token.pos_ not in ("NOUN", "PROPN") and not _is_gerund_noun(token):
        return False
    words = (token.lemma_.lower(), token.lower_)
    return any(w in TRIGGER_NOUNS or w in ("incident", "explosion", "blast", "fire", "violence") for w in words)


def _is_gerund_noun(token: Token) -> bool:
    """A verb form standing in a noun slot ("Fighting ... killed 30", "the shooting of ...")."""
    if token.tag_ != "VBG" or token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return False
    return not any(c.dep_ in OBJECT_DEPS or c.dep_ in SUBJECT_DEPS for c in token.children)


def _is_time(token: Token) -> bool:
    return token.ent_type_ in TIME_ENTITY_LABELS or token.lemma_.lower() in (
        "day", "night", "week", "month", "year", "morning", "evening", "afternoon", "weekend")


def _actor_role(head: Token, role: str) -> Optional[str]:
    """Refine an actor-slot role by the head's meaning: weapons are instruments, events are nobody."""
    if _is_weapon(head):
        return INSTRUMENT
    if _is_event_noun(head) or _is_time(head) and head.pos_ != "NUM":
        return None
    if head.lower_ in NON_PARTICIPANT_PRONOUNS and head.pos_ not in ("NOUN", "PROPN"):
        return None
    if head.ent_type_ in ("FAC", "LOC") or head.pos_ == "NOUN" and head.lemma_.lower() in PLACE_NOUNS:
        return None  # a place does not attack ("the cafe in Madrid which killed 13")
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return None  # "no group claimed responsibility"
    return role


def _patient(head: Token) -> Optional[str]:
    if _is_weapon(head):
        return INSTRUMENT
    if _is_time(head) and head.pos_ != "NUM" or _is_event_noun(head):
        return None
    if head.lower_ in NON_PARTICIPANT_PRONOUNS and head.pos_ not in ("NOUN", "PROPN"):
        return None
    return patient_role(head)


# ---------------------------------------------------------------- verbal triggers


def _subject_role(trigger: Token) -> str:
    lemma = trigger.lemma_.lower()
    if lemma in UNDERGOER_VERBS:
        return VICTIM
    if lemma in AGENT_VERBS:
        return AGENT
    return ATTACKER


def _own_subjects(verb: Token) -> tuple[list[Token], list[Token]]:
    active = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if active and headline_passive(verb):
        return [], active  # "Palestinian shot in back of head": a headline drops the "was"
    return active, passive


# What follows a harm verb whose headline dropped "was": where, when or how it ended ("shot in the
# head", "killed near the border", "stabbed during a raid", "shot dead").
HEADLINE_PASSIVE_NEXT = frozenset({"in", "near", "during", "after", "outside", "while", "dead"})
HEADLINE_HARM_VERBS = frozenset({"shoot", "kill", "wound", "injure", "stab", "hurt", "abduct", "kidnap", "behead"})


def headline_passive(verb: Token) -> bool:
    """A harm verb in a headline (no final stop) with no object and no auxiliary, followed by where
    or how: a participle whose subject is its victim, not its doer."""
    if verb.lemma_.lower() not in HEADLINE_HARM_VERBS or verb.tag_ not in ("VBD", "VBN"):
        return False
    if any(c.dep_ in OBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if verb.sent.text.rstrip().endswith((".", "!", "?", '"', "”", "’")):
        return False
    following = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.lower_ == "and":  # "Two shot and killed in ...": as its second verb
        second = next((c for c in verb.children if c.dep_ == "conj" and c.i > verb.i), None)
        return second is not None and headline_passive(second)
    if following is None or following.is_punct and following.i == len(verb.doc) - 1:
        return verb.i > verb.sent.start  # "..., 2 Syrian soldiers wounded": the headline ends on the victims' fate
    return following.lower_ in HEADLINE_PASSIVE_NEXT or any(c.dep_ == "agent" for c in verb.children)


def _shares_subject(clause: Token) -> bool:
    """Conjoined verbs, xcomps, participles ("..., killing") and purpose infinitives share their head's subject.

    A participle borrows only from an event verb ("stormed the base, killing five"): after other
    verbs ("police are hunting a man ..., wounding 13") the participle's subject is elsewhere.
    """
    if clause.dep_ in ("conj", "xcomp"):
        return True
    if clause.dep_ != "advcl" or not (clause.tag_ == "VBG" or any(c.tag_ == "TO" for c in clause.children)):
        return False
    head = clause.head.lemma_.lower()
    return head in TRIGGER_VERBS or head in LIGHT_VERBS


def _subjects(verb: Token) -> tuple[list[Token], list[Token], str]:
    """(active subjects, passive subjects, how found) of a verb, borrowed up the clause chain if absent.

    A borrowed passive subject is kept only across a plain conjunction ("was placed ... and
    exploded"): in "X was shattered by a blast, killing 168" X is not a participant of the killing.
    """
    current, how = verb, "own"
    for _ in range(4):
        active, passive = _own_subjects(current)
        if active or passive:
            return active, (passive if how in ("own", "shared-conj") else []), how
        if current.dep_ == "relcl" and current is verb:
            return [current.head], [], "relcl-head"
        if not _shares_subject(current) or current.head is current:
            break
        how = "shared-conj" if current.dep_ == "conj" and how in ("own", "shared-conj") else f"shared-{current.dep_}"
        current = current.head
    return [], [], how


def _verbal_arguments(trigger: Token) -> Iterator[Argument]:
    yield from _subject_arguments(trigger, _subject_role(trigger))
    yield from _participle_head_arguments(trigger)
    yield from _where_clause_place(trigger)
    # "opened fire on protesters": "fire" is part of the verb, not its patient.
    has_object = any(c.dep_ in OBJECT_DEPS and c.lemma_.lower() != "fire" for c in trigger.children)
    for child in trigger.children:
        if child.dep_ in OBJECT_DEPS:
            yield from _object_arguments(trigger, child)
        elif child.dep_ == "agent":
            yield from _by_agent_arguments(child)
        elif child.dep_ == "prep":
            yield from _verb_prep_arguments(trigger, child, has_object)
        elif child.dep_ == "npadvmod" and child.ent_type_ in PLACE_ENTITY_LABELS:
            yield make_argument(PLACE, child, "verb:npadvmod-place")
    if not has_object:
        yield from _shared_object_arguments(trigger)
    else:
        yield from _occupants_of_the_target(trigger)
    yield from _attackers_of_the_when_clause(trigger)


def _attackers_of_the_when_clause(trigger: Token) -> Iterator[Argument]:
    """ "Two soldiers were killed when ELN rebels attacked a base": a passive toll with no agent is
    the work of whoever did the attack its when-clause tells."""
    if not any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children) or \
            any(c.dep_ == "agent" for c in trigger.children):
        return
    # the clause may hang on the toll's last conjunct ("were killed and 27 wounded when ...")
    holders = [trigger, *(c for c in trigger.children if c.dep_ == "conj")]
    for clause in (c for holder in holders for c in holder.children if c.dep_ == "advcl" and is_trigger(c)):
        if not any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as") for m in clause.children):
            continue
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            for head in _coordinated(_antecedent(subject)):
                role = _actor_role(head, ATTACKER)
                if role:
                    yield make_argument(role, head, "verb:when-clause-attacker")


# Verbs of people staying somewhere: "the theatre, where hundreds of civilians had been sheltering".
SHELTERING_VERBS = frozenset("shelter stay live sleep hide study pray work gather camp".split())


def _occupants_of_the_target(verb: Token) -> Iterator[Argument]:
    """People a where-clause puts inside what the verb struck ("destroyed the theatre in Mariupol,
    where civilians were sheltering") are its victims; the parser hangs the clause on the nearest noun."""
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if not objects:
        return
    # the clause may hang on the object or on a place or time after it ("... on Wednesday, where")
    after = [c for c in verb.children if c.dep_ in OBJECT_DEPS or (c.dep_ == "prep" and c.i > objects[0].i)]
    for clause in (t for child in after for t in child.subtree if t.dep_ == "relcl"):
        where = any(c.dep_ == "advmod" and c.lower_ == "where" for c in clause.children)
        if not where or clause.lemma_.lower() not in SHELTERING_VERBS:
            continue
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            head = _content_head(subject)
            if is_person(head) and head.pos_ != "PRON":
                yield make_argument(VICTIM, head, "verb:occupants-of-target")
def _shared_object_arguments(trigger: Token) -> Iterator[Argument]:
    """'shot and killed a chief': a verb without object shares the object of its conjoined event verb."""
    for verb in (c for c in trigger.children if c.dep_ == "conj" and is_trigger(c)):
        for obj in (c for c in verb.children if c.dep_ in OBJECT_DEPS):
            for arg in _object_arguments(trigger, obj):
                yield Argument(arg.role, arg.start, arg.end, arg.head, arg.text, "verb:shared-dobj")


def _subject_arguments(trigger: Token, subject_role: str) -> Iterator[Argument]:
    active, passive, how = _subjects(trigger)
    for subject in active:
        for head in _coordinated(_antecedent(subject)):
            if _is_event_noun(head) and subject_role == ATTACKER:
                # "Fighting between X and Y killed 30", "an IS attack killed 30": that event's attackers.
                yield from (a for a in _nominal_arguments(head) if a.role == ATTACKER)
                continue
            # a subject shared by "intercepted and shot down" is the doer of both verbs, weapon or not
            role = _active_subject_role(trigger, head, subject_role, borrowed=how not in ("own", "shared-conj"))
            if role:
                yield make_argument(role, head, f"verb:nsubj:{how}")
            if role == INSTRUMENT:
                yield from _weapon_owners(head)
    for subject in passive:
        for head in _coordinated(_antecedent(subject)):
            role = _instrument_or_patient(trigger, head)
            if role:
                yield make_argument(role, head, f"verb:nsubjpass:{how}")


# Forces whose name may stand as a modifier of their weapon: "army drones", "police bullets".
WEAPON_OWNER_NOUNS = frozenset("army military police navy militia rebel insurgent junta".split())


def _weapon_owners(weapon: Token) -> Iterator[Argument]:
    """"army drones struck", "RSF shells hit", "Russian missiles struck", "a U.S. fighter jet": who
    fired the weapon (also named inside a compound of it)."""
    modifiers = [m for c in weapon.children
                 for m in (c, *(g for g in c.children if c.dep_ == "compound" and g.dep_ == "compound"))]
    for modifier in modifiers:
        if modifier.dep_ not in ("compound", "amod", "poss", "nmod"):
            continue
        named = modifier.ent_type_ in ACTOR_ENTITY_LABELS or modifier.text.isupper() and len(modifier.text) >= 2
        # "Israel's warplanes", as "Russia's attack"; "a U.S. fighter jet"
        country = modifier.dep_ in ("poss", "compound") and modifier.ent_type_ == "GPE"
        if named or country or modifier.lemma_.lower() in WEAPON_OWNER_NOUNS:
            yield make_argument(ATTACKER, modifier, "verb:nsubj-weapon-owner")


def _active_subject_role(trigger: Token, head: Token, subject_role: str, borrowed: bool) -> Optional[str]:
    if subject_role == VICTIM:
        return _patient_or_none(head)
    role = _actor_role(head, subject_role)
    if role == INSTRUMENT and borrowed:
        return None  # "the bomb exploded, killing three": the bomb belongs to the explosion
    if role == ATTACKER and trigger.lemma_.lower() in EXPLODING_VERBS and head.lower_ in ("it", "they"):
        return INSTRUMENT  # "they exploded": pronouns for devices
    return role


def _where_clause_place(trigger: Token) -> Iterator[Argument]:
    """'the bus station, where six people were killed': the noun a where-clause modifies is the place."""
    if trigger.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in trigger.children):
        if _is_place_after_preposition(trigger.head):
            yield from _place_arguments(trigger.head, "verb:where-clause")


def _participle_head_arguments(trigger: Token) -> Iterator[Argument]:
    """'7 militants killed in blasts', 'the six members killed': the noun a past participle modifies."""
    participle = trigger.dep_ == "acl" and trigger.tag_ in ("VBN", "VBD")  # spaCy often tags these VBD
    if not participle or trigger.head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
        return
    for head in _coordinated(_coordination_root(trigger.head)):
        role = _instrument_or_patient(trigger, head)
        if role:
            yield make_argument(role, head, "verb:participle-head")


def _instrument_or_patient(trigger: Token, head: Token) -> Optional[str]:
    """Patient of the trigger, or instrument for device verbs ("detonated them", "explosives were used")."""
    if trigger.lemma_.lower() in INSTRUMENT_OBJECT_VERBS and (_is_weapon(head) or head.pos_ == "PRON"):
        return INSTRUMENT if head.lower_ not in REFLEXIVE_PRONOUNS else None
    return _patient(head)


def _patient_or_none(head: Token) -> Optional[str]:
    return VICTIM if _patient(head) else None


def _object_arguments(trigger: Token, obj: Token) -> Iterator[Argument]:
    lemma = trigger.lemma_.lower()
    if obj.lemma_.lower() in PHRASAL_TRIGGERS.get(lemma, ()):
        # "opened fire", "exchanged fire": part of the verb; "took control of X": X is the target
        for pobj in (c for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for c in prep.children if c.dep_ == "pobj"):
            yield make_argument(TARGET, pobj, "verb:dobj-control-of")
        return
    for head in _coordinated(_antecedent(obj)):  # "the convoy that militants attacked"
        role = _instrument_or_patient(trigger, head)
        if role:
            yield make_argument(role, head, "verb:dobj")


def _by_agent_arguments(agent: Token) -> Iterator[Argument]:
    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
        for head in _coordinated(pobj):
            if _is_event_noun(head):
                # "killed by an explosion/attack by X": the attackers of that event.
                yield from (a for a in _nominal_arguments(head) if a.role in (ATTACKER, INSTRUMENT))
                continue
            role = _actor_role(head, ATTACKER)
            if role:
                yield make_argument(role, head, "verb:by-agent")


def _verb_prep_arguments(trigger: Token, prep: Token, has_object: bool) -> Iterator[Argument]:
    word = prep.lower_
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        for head in _coordinated(pobj):
            if has_object and word in TARGET_PREPOSITIONS and not is_place(head):
                continue  # "killing the three on the spot": the object is the patient
            yield from _prep_object_argument(trigger, word, head, "verb")


def _prep_object_argument(trigger: Token, word: str, head: Token, kind: str) -> Iterator[Argument]:
    """The argument a prepositional object gives: place, instrument, target or the attackers of an event."""
    if word == "with":
        yield from _with_argument(trigger, head, kind)
    elif word == "by" and kind == "noun":
        role = _actor_role(head, ATTACKER)
        if role:
            yield make_argument(role, head, "noun:by")
    elif word == "between" and kind == "noun":
        yield from _between_arguments(head)
    elif word in PLACE_PREPOSITIONS and _is_event_noun(head) and kind == "verb":
        # "killed in an IS attack": the attack's perpetrators (its place belongs to the attack).
        yield from (a for a in _nominal_arguments(head) if a.role == ATTACKER)
    elif _is_place_preposition(word, head, kind):
        yield from _place_arguments(head, f"{kind}:prep-{word}")
    elif _is_target_preposition(trigger, word, head, kind):
        role = _patient(head)
        if role:
            yield make_argument(role, head, f"{kind}:prep-{word}")
            yield from _nested_places(head, role)


def _is_place_preposition(word: str, head: Token, kind: str) -> bool:
    # After an event noun "on" names the target ("an attack on the market"), not the place.
    return word in PLACE_PREPOSITIONS and _is_place_after_preposition(head) and not (kind != "verb" and word == "on")


def _is_target_preposition(trigger: Token, word: str, head: Token, kind: str) -> bool:
    if word not in TARGET_PREPOSITIONS or word == "at" and _is_time(head):
        return False
    # Arrests and protests have a target only with "against" ("arrested on charges" has none).
    return not (kind == "verb" and trigger.lemma_.lower() in AGENT_VERBS and word != "against")


def _with_argument(trigger: Token, head: Token, kind: str) -> Iterator[Argument]:
    if _is_weapon(head):
        yield make_argument(INSTRUMENT, head, f"{kind}:with-weapon")
    elif trigger.lemma_.lower() in ("clash", "fight", "battle", "skirmish", "firefight", "gunfight"):
        role = _patient(head)
        if role:
            yield make_argument(role, head, f"{kind}:clash-with")


def _between_arguments(head: Token) -> Iterator[Argument]:
    """'a battle between troops and terrorists': the first side acts, the others are acted upon."""
    sides = list(_coordinated(head))
    role = _actor_role(sides[0], ATTACKER)  # "clashes between rival militias": one plural side acts
    if role:
        yield make_argument(role, sides[0], "noun:between-first")
    for side in sides[1:]:
        role = _patient(side)
        if role:
            yield make_argument(role, side, "noun:between-other")


def _is_named_place(head: Token) -> bool:
    """A place with a name: a place entity, or a place noun with a proper-noun modifier ("Ituri province")."""
    if head.ent_type_ in PLACE_ENTITY_LABELS:
        return True
    named_modifier = any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children)
    return head.lemma_.lower() in PLACE_NOUNS and named_modifier


def _is_place_after_preposition(head: Token) -> bool:
    """After in/at/near, any proper name that is not a person or group is read as a place."""
    if is_place(head):
        return True
    return head.pos_ == "PROPN" and head.ent_type_ not in ("PERSON", "NORP") + tuple(TIME_ENTITY_LABELS)


def _nested_places(head: Token, role: str) -> Iterator[Argument]:
    """'an attack on the fish market in Mombasa': the target's location is the event's place."""
    if role != TARGET:
        return
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "at", "near")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if _is_place_after_preposition(pobj):
                yield from _place_arguments(pobj, f"nested-{prep.lower_}")


def _place_arguments(head: Token, rule: str) -> Iterator[Argument]:
    """A place and the places in apposition with it ("Helmand Province, Afghanistan")."""
    named_appositions = [c for c in head.children
                         if c.dep_ == "appos" and (c.ent_type_ in PLACE_ENTITY_LABELS or c.pos_ == "PROPN")]
    named = _named_place_inside(head)
    if named is not None or not named_appositions or head.ent_type_ or head.pos_ == "PROPN":
        # A generic place noun with a name in apposition ("the street Rue Victor Hugo") gives way to it.
        yield make_argument(PLACE, named or head, rule)
    for child in named_appositions:
        yield from _place_arguments(child, rule + "+appos")


def _named_place_inside(head: Token) -> Optional[Token]:
    """'the city of Lyon' -> Lyon: the name inside a generic place noun."""
    if head.ent_type_ or head.pos_ == "PROPN":
        return None
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in prep.children:
            if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_ENTITY_LABELS:
                return pobj
    return None


# ---------------------------------------------------------------- adjectival triggers


def _adjectival_arguments(trigger: Token) -> Iterator[Argument]:
    """'a man was shot dead' (the verb's arguments), 'nine people were dead' (the subject is a victim)."""
    verb = trigger.head
    if trigger.dep_ == "oprd" and verb.pos_ == "VERB" and verb.lemma_.lower() in SPEECH_LEMMAS:
        # "the commander claimed 350 Taliban dead": the teller is no doer; whom he counts are the victims
        yield from (make_argument(VICTIM, c, "verb:told-dead") for c in verb.children if c.dep_ in OBJECT_DEPS)
    elif trigger.dep_ == "oprd" and verb.pos_ == "VERB":
        yield from _verbal_arguments(verb)
    elif trigger.dep_ == "acomp":
        yield from _subject_arguments(verb, VICTIM)


# ---------------------------------------------------------------- nominal triggers


def _nominal_arguments(trigger: Token) -> Iterator[Argument]:
    undergoer = trigger.lemma_.lower() in UNDERGOER_NOUNS
    protest = trigger.lemma_.lower() in PROTEST_NOUNS
    actor_role = AGENT if protest or trigger.lemma_.lower() in ARREST_NOUNS else ATTACKER
    anchor = _event_anchor(trigger)
    yield from _blame_arguments(anchor, actor_role)  # first: "on X" after "blamed" is no target
    for child in trigger.children:
        if child.dep_ == "poss":
            yield from _possessor_arguments(child, undergoer, actor_role, protest)
        elif child.dep_ in ("compound", "amod", "nmod"):
            yield from _modifier_arguments(child, undergoer, actor_role)
        elif child.dep_ == "prep":
            yield from _noun_prep_arguments(trigger, child, undergoer)
        elif child.dep_ == "acl":
            yield from _acl_arguments(child)
    yield from _light_verb_arguments(anchor, actor_role)
    if anchor.dep_ == "nsubj" and anchor.head.pos_ == "VERB":
        yield from _occupants_of_the_target(anchor.head)  # "an air strike destroyed the theatre, where ..."
    yield from _responsibility_arguments(anchor, actor_role)
    yield from _occurrence_places(anchor)


def _event_anchor(trigger: Token) -> Token:
    """'a wave of shootings' -> wave: the noun that stands for the trigger in the clause."""
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in EVENT_GROUP_NOUNS:
        return trigger.head.head
    return trigger


def _blame_arguments(trigger: Token, actor_role: str) -> Iterator[Argument]:
    """'officials blamed the attack on Hamas': the one blamed is the attacker."""
    if trigger.dep_ not in OBJECT_DEPS or trigger.head.lemma_.lower() != "blame":
        return
    candidates = [*trigger.head.children, *trigger.children]  # "on" hangs off the verb or the noun
    for prep in (c for c in candidates if c.dep_ == "prep" and c.lower_ == "on"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for head in _coordinated(pobj):
                role = _actor_role(head, actor_role)
                if role:
                    yield make_argument(role, head, "noun:blamed-on")


def _possessor_arguments(poss: Token, undergoer: bool, actor_role: str, protest: bool) -> Iterator[Argument]:
    if _is_time(poss) or poss.ent_type_ in ("FAC", "LOC"):
        return
    if poss.ent_type_ == "GPE" and not undergoer:
        # "Russia's attack" names an actor; "Venezuela's protests" a place.
        yield make_argument(PLACE if protest else actor_role, poss, "noun:poss-gpe")
        return
    role = _patient_or_none(poss) if undergoer else _actor_role(poss, actor_role)
    if role:
        yield make_argument(role, poss, "noun:poss")


def _modifier_arguments(modifier: Token, undergoer: bool, actor_role: str) -> Iterator[Argument]:
    """'IS attacks', 'Russian airstrikes', 'Kabul bombing', 'car bomb attack', 'mosque attack'."""
    lemma = modifier.lemma_.lower()
    if lemma in NON_ARGUMENT_MODIFIERS and not modifier.ent_type_ or _is_time(modifier):
        if _is_weapon(modifier) and modifier.dep_ == "compound":
            yield make_argument(INSTRUMENT, modifier, "noun:compound-weapon")
            if not undergoer:
                yield from _weapon_owners(modifier)  # "an army drone strike": the army's drone
        return
    if modifier.dep_ == "compound" and lemma in WEAPON_OWNER_NOUNS and not undergoer:
        yield make_argument(actor_role, modifier, "noun:compound-force")  # "a police raid", "a rebel attack"
        return
    # Acronyms act ("IS attack", "US strikes"); spelled-out place names locate ("Kabul bombing").
    acronym = modifier.text.isupper() and len(modifier.text) >= 2 and modifier.dep_ == "compound"
    # an adjective the tagger read as a name ("Continuous shelling" opening a sentence) acts only as a demonym
    misread = modifier.dep_ == "amod" and modifier.tag_.startswith("JJ") and modifier.ent_type_ != "NORP"
    acting = modifier.ent_type_ in ACTOR_ENTITY_LABELS and not misread or acronym and modifier.ent_type_ in ("", "GPE")
    if acting and not undergoer:
        yield make_argument(actor_role, modifier, f"noun:{modifier.dep_}-actor")
    elif modifier.ent_type_ in PLACE_ENTITY_LABELS:
        yield make_argument(PLACE, modifier, f"noun:{modifier.dep_}-place")
    elif modifier.dep_ == "compound" and _is_weapon(modifier):
        yield make_argument(INSTRUMENT, modifier, "noun:compound-weapon")
    elif modifier.dep_ == "compound" and modifier.pos_ == "NOUN" and lemma in PLACE_NOUNS:
        yield make_argument(TARGET, modifier, "noun:compound-target")


def _noun_prep_arguments(trigger: Token, prep: Token, undergoer: bool) -> Iterator[Argument]:
    word = prep.lower_
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        if word == "between":
            yield from _between_arguments(pobj)
            continue
        for head in _coordinated(pobj):
            if word == "of":
                role = _patient_or_none(head) if undergoer else _patient(head)
                if role:
                    yield make_argument(role, head, "noun:of")
                    yield from _nested_places(head, role)
            else:
                yield from _prep_object_argument(trigger, word, head, "noun")


def _acl_arguments(clause: Token) -> Iterator[Argument]:
    """'the attack carried out by X', 'an attack targeting the base', 'bombings aimed at civilians'."""
    for child in clause.children:
        if child.dep_ == "agent":
            yield from _by_agent_arguments(child)
        elif child.dep_ in OBJECT_DEPS and clause.lemma_.lower() in AIMING_VERBS:
            yield from _object_arguments(clause, child)
        elif child.dep_ == "prep" and child.lower_ in ("at", "against") and clause.lemma_.lower() in AIMING_VERBS:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                yield from _prep_object_argument(clause, "against", pobj, "noun-acl")


def _light_verb_arguments(trigger: Token, actor_role: str) -> Iterator[Argument]:
    """'X carried out an attack on Y': the subject and target sit on the light verb."""
    verb = trigger.head
    if trigger.dep_ not in OBJECT_DEPS or verb.lemma_.lower() not in LIGHT_VERBS:
        return
    yield from _verb_subject_actors(verb, actor_role, "light-verb")
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ != "from"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for head in _coordinated(pobj):
                yield from _prep_object_argument(trigger, prep.lower_, head, "light-verb")


def _verb_subject_actors(verb: Token, actor_role: str, kind: str) -> Iterator[Argument]:
    active, _, how = _subjects(verb)
    for subject in active:
        for head in _coordinated(_antecedent(subject)):
            role = _actor_role(head, actor_role)
            if role:
                yield make_argument(role, head, f"{kind}:nsubj:{how}")


def _responsibility_arguments(trigger: Token, actor_role: str) -> Iterator[Argument]:
    """'X claimed/accepted responsibility for the bombings': X is the attacker."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ != "for":
        return
    noun = prep.head
    # "for" hangs off the noun ("responsibility for") or off the verb ("claimed responsibility ... for").
    verb = noun.head if noun.lemma_.lower() == "responsibility" and noun.dep_ in OBJECT_DEPS else noun
    takes_responsibility = any(c.dep_ in OBJECT_DEPS and c.lemma_.lower() == "responsibility" for c in verb.children)
    if takes_responsibility and verb.lemma_.lower() in ("claim", "accept", "admit", "bear", "take"):
        yield from _verb_subject_actors(verb, actor_role, "responsibility")


def _occurrence_places(trigger: Token) -> Iterator[Argument]:
    """'The explosion was at the bus station', 'shooting broke out in ...': where the event happened."""
    verb = trigger.head
    if trigger.dep_ not in SUBJECT_DEPS or verb.lemma_.lower() not in OCCURRENCE_VERBS:
        return
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPOSITIONS):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if _is_place_after_preposition(pobj):
                yield from _place_arguments(pobj, f"noun:occurs-{prep.lower_}")


def _passive_damage_arguments(trigger: Token) -> Iterator[Argument]:
    """'The depot in Kharkiv was wrecked by a blast': the passive subject is the target."""
    agent = trigger.head
    if trigger.dep_ != "pobj" or agent.dep_ != "agent" or agent.head.lemma_.lower() not in DAMAGING_VERBS:
        return
    for subject in (c for c in agent.head.children if c.dep_ in PASSIVE_SUBJECT_DEPS):
        for head in _coordinated(subject):
            role = _patient(head)
            if role:
                yield make_argument(role, head, "noun:by-agent-of-passive")
                yield from _nested_places(head, role)


def _nominal_subject_arguments(trigger: Token) -> Iterator[Argument]:
    """'The explosion targeted a bakery', 'the blast destroyed the mosque': the verb's object."""
    if trigger.dep_ in SUBJECT_DEPS and trigger.head.lemma_.lower() in DAMAGING_VERBS:
        verb = trigger.head
    else:
        verb = next((c for c in trigger.children if c.dep_ == "relcl" and c.lemma_.lower() in DAMAGING_VERBS), None)
    if verb is None:
        return
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            for arg in _object_arguments(verb, child):
                yield Argument(arg.role, arg.start, arg.end, arg.head, arg.text, "noun:subject-of-" + arg.rule)
            yield from _nested_places(child, patient_role(child))


# ---------------------------------------------------------------- public entry point


def event_arguments(trigger: Token, sent=None) -> list[Argument]:
    """Arguments of the event named by `trigger`, one per (role, head), in text order.

    `sent` (a Span) limits arguments to that sentence; by default the trigger's own sentence.
    """
    sent = sent if sent is not None else _sentence_of(trigger)
    if trigger.pos_ in ("NOUN", "PROPN") or _is_gerund_noun(trigger):
        found = [*_nominal_arguments(trigger), *_nominal_subject_arguments(trigger),
                 *_passive_damage_arguments(trigger)]
    elif trigger.pos_ == "ADJ":
        found = list(_adjectival_arguments(trigger))
    else:
        found = list(_verbal_arguments(trigger))
    if not any(a.role == PLACE for a in found):
        found += list(_participant_places(trigger, found))
    return _unique_in_sentence(found, sent, trigger)


def _participant_places(trigger: Token, found: list[Argument]) -> Iterator[Argument]:
    """'killed by herders near Jos': a named place attached to a participant locates the event."""
    heads = {token.idx: token for token in trigger.sent}
    anchors = [heads.get(a.head) for a in found if a.role != PLACE]
    # "killed 13 protesters during Bloody Sunday in Derry", "On 21 December in Bagram, a bomber ...".
    anchors += [pobj for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ in ("during", "on")
                for pobj in prep.children if pobj.dep_ == "pobj"]
    for head in anchors:
        if head is None:
            continue
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "near", "at", "outside")):
            for pobj in (c for c in prep.children if c.dep_ == "pobj" and _is_named_place(c)):
                yield from _place_arguments(pobj, f"participant-{prep.lower_}")


def _sentence_of(trigger: Token) -> Optional[SpacySpan]:
    doc = trigger.doc
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return trigger.sent
    return None


def _unique_in_sentence(found: Iterable[Argument], sent, trigger: Token) -> list[Argument]:
    seen: set[int] = set()
    kept = []
    lo = sent.start_char if sent is not None else 0
    hi = sent.end_char if sent is not None else len(doc_text(trigger.doc))
    for arg in found:
        if arg.head in seen or not lo <= arg.head < hi or arg.head == trigger.idx:
            continue
        seen.add(arg.head)
        kept.append(arg)
    return sorted(kept, key=lambda a: a.start)
