"""The number grammar of event reports: how many were killed, wounded, captured, and of whom.

`parse_quantity` reads one number phrase into a `Quantity` ("more than 30" -> at least 31,
"as many as 30" -> at most 30, "10 to 15" -> range, "dozens" -> at least 12).
`find_figures` finds the figures of one spaCy sentence: each number phrase, the noun it counts
(the *side*: "30 of the group's fighters" -> "the group's fighters") and the kind of figure
(killed, wounded, captured, ...) read off the dependency parse — the governing verb ("killing
four insurgents", "were killed"), a participle on the number ("with 300 wounded", "35 taken
prisoners"), a complement ("left 30 fighters dead") — with a surface reading of the words after
an elliptical number ("85 were killed and 108 wounded") as fallback.

Conventions (see docs/isaf-mapping.md): a Quantity states what the words imply, not a coder's
guess. Strict bounds become inclusive integers ("more than 30" -> low 31, "fewer than 10" ->
high 9); vague amounts get the smallest count the word implies ("several" -> at least 3,
"dozens" -> at least 12, "hundreds" -> at least 100). `Quantity.conservative` is then the
figure a conservative coder (ACLED, the ISAF annotations) records.

People counted without a number are figures too: one person a phrase names ("a Taliban
leader was arrested", "the senior Taliban leader", "Taliban leader, Wali", a name, "killing him")
is 1; unnumbered others ("also captured other militants") are at least 2.
One person singled out is a lower bound of the toll (a count of the same people supersedes it);
people listed with "and" add up ("two men and two women were wounded" -> 4, combatants of two
sides excepted); the dead among the people shot are not also wounded ("four were shot, one
fatally" -> 1 killed, 3 wounded). One victim may be named by kin or friendship ("her husband"),
by age ("a 7-month-old") or by pronoun ("he died", "shot himself"), never the doer ("a girl shot
and killed her boyfriend": the boyfriend); a wound told as a state ("suffered a gunshot wound",
"arrived with gunshot wounds", "remains in hospital after being shot") is a lower bound; people
told only as "shot" are marked `fate_untold` (fusion counts the event's dead among them).

Only reported happenings are figures: an arrest or killing called for, ordered, threatened,
planned, under a modal ("would be arrested") or negated ("was not arrested") is not. A force's
size compared by its verb is bounded ("does not exceed 2,500" -> at most 2,500).

Numbers that count things other than people — ages, dates, years, money, percentages,
distances, durations, ordinals, weights, units such as "three districts" — are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from eventfold.annotate.doctext import doc_text, span_text
from eventfold.extract.quotes import SPEECH_LEMMAS
from eventfold.model import Quantity
from eventfold.prefilter import Prefiltered, Scanner

# ---------------------------------------------------------------- number words

UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Vague amounts: the count a conservative coder records, as a lower bound (qualifier at_least).
# Calibrated on the ISAF dev annotations: "several", "multiple", "many", "a few", "a number of" are
# coded 3, "numerous" 4 (dev: every "detained several suspected insurgents" is 3, three "a few"
# releases agree; of the five releases whose toll turns on "a number of", three code it 3 and two
# 4). "dozens" is 12 and "hundreds" 100 as in the ACLED
# codebook; "scores" 20 (a score is twenty); "a couple"/"a pair" 2.
VAGUE_AMOUNTS = {
    "several": 3, "multiple": 3, "numerous": 4, "many": 3, "a number of": 3, "a few": 3, "a handful of": 3,
    "a couple of": 2, "a couple": 2, "a pair of": 2, "dozens": 12, "scores": 20, "hundreds": 100,
    "thousands": 1000, "tens of thousands": 10_000, "hundreds of thousands": 100_000,
}

_UNIT = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
_TENS = "|".join(TENS_WORDS)
_SCALE = "|".join(SCALE_WORDS)
_WORD_NUMBER = rf"(?:(?:{_TENS})(?:[- ](?:{_UNIT}))?|{_UNIT})"
_WORD_CARDINAL = rf"(?:(?:{_WORD_NUMBER}|an?)\s+(?:{_SCALE})(?:\s+(?:and\s+)?{_WORD_NUMBER})?|{_WORD_NUMBER})"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:million|thousand))?"
_DOZEN = rf"(?:half\s+a|an?|{_WORD_NUMBER})\s+dozen"
_NUMBER = rf"(?:{_DOZEN}|{_DIGITS}|{_WORD_CARDINAL})"
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE_AMOUNTS, key=len, reverse=True))

# Qualifiers before a number, by the bound they put on it.
AT_LEAST = ("at least", "no fewer than", "no less than", "not less than", "a minimum of", "at a minimum")
MORE_THAN = ("more than", "over", "upwards of", "in excess of", "greater than", "just over", "above")
AT_MOST = ("as many as", "up to", "at most", "no more than", "not more than", "a maximum of")
FEWER_THAN = ("fewer than", "less than", "under", "below", "just under")
APPROX = ("about", "around", "some", "nearly", "almost", "approximately", "roughly", "an estimated",
          "estimated", "close to", "circa", "more or less", "approx.", "perhaps", "possibly", "reportedly")
_QUALIFIER = "|".join(re.escape(q) for q in sorted(AT_LEAST + MORE_THAN + AT_MOST + FEWER_THAN + APPROX,
                                                     key=len, reverse=True))

_RANGE = rf"(?:between\s+)?{_NUMBER}\s*(?:-|–|—|\bto\b|\band\b|\bor\b)\s*{_NUMBER}"
# A whole quantity phrase. The look-arounds keep digits glued to letters or hyphens ("AK-47",
# "33-year-old", "2013-01-S-022", "3rd") and decimals or times ("10.5", "10:30") out.
QUANTITY_RE = re.compile(
    rf"(?<![\w\-/.$£€#])(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?P<num>{_RANGE}|{_NUMBER}|{_VAGUE})"
    rf"(?![\w/%]|-(?:year|month|week|day|hour|mile|kilo|meter|metre|foot|feet|pound)|[.:,]\d)",
    re.IGNORECASE,
)
# The same search, skipping a sentence with no digit and no number word (eventfold.prefilter).
_QUANTITY_SEARCH = Prefiltered(QUANTITY_RE)
_QUANTITY_SCAN = Scanner([_QUANTITY_SEARCH])
_RANGE_RE = re.compile(rf"^(?:between\s+)?(?P<a>{_NUMBER})\s*(?:-|–|—|to|and|or)\s*(?P<b>{_NUMBER})$", re.I)


_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=[a-z])-(?=[a-z])")  # compiled once: read for every figure


def number_value(text: str) -> Optional[int]:
    """The integer a cardinal phrase names: "2,500" -> 2500, "twenty-five" -> 25, "half a dozen" -> 6."""
    words = _HYPHEN_BETWEEN_LETTERS.sub(" ", text.lower().replace(",", "")).split()
    if not words:
        return None
    if words[-1] == "dozen":
        head = " ".join(words[:-1])
        return 6 if head == "half a" else 12 * (1 if head in ("a", "an") else (number_value(head) or 0)) or None
    total, current = 0, 0
    for word in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)
        elif word in UNIT_WORDS or word in TENS_WORDS:
            current += UNIT_WORDS.get(word, TENS_WORDS.get(word, 0))
        elif word in ("a", "an"):
            current += 1
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million"):
            total += (current or 1) * SCALE_WORDS[word]
            current = 0
        elif word != "and":
            return None
    return int(total + current)


def parse_quantity(text: str) -> Optional[Quantity]:
    """A Quantity for one number phrase, or None when the text is not one."""
    cleaned = " ".join(text.strip().split())
    match = QUANTITY_RE.fullmatch(cleaned)
    if not match:
        return None
    qualifier = (match.group("qual") or "").lower()
    number = match.group("num")
    vague = VAGUE_AMOUNTS.get(number.lower())
    if vague is not None:
        return Quantity(vague, None, cleaned, "at_least", indefinite=True)
    ranged = _RANGE_RE.match(number)
    if ranged:
        low, high = number_value(ranged.group("a")), number_value(ranged.group("b"))
        if low is not None and high is not None and low < high:
            return _bounded(Quantity(low, high, cleaned, "range"), qualifier)
        # not a range after all: "twenty-five", "two hundred and fifty"
    value = number_value(number)
    return None if value is None else _bounded(Quantity(value, value, cleaned, "exact"), qualifier)


def _bounded(quantity: Quantity, qualifier: str) -> Quantity:
    """Apply a qualifier to an exact number or range: strict bounds become inclusive integers."""
    low, high, text = quantity.low, quantity.high, quantity.text
    if qualifier in AT_LEAST:
        return Quantity(low, None, text, "at_least")
    if qualifier in MORE_THAN:
        return Quantity(high + 1, None, text, "at_least")
    if qualifier in AT_MOST:
        return Quantity(None, high, text, "at_most")
    if qualifier in FEWER_THAN:
        return Quantity(None, max(low - 1, 0), text, "at_most")
    if qualifier in APPROX:
        return Quantity(low, high, text, "approx")
    return quantity


# ---------------------------------------------------------------- what a number counts

# Verb lemmas (and verb + object idioms) that make a count a figure of one kind.
KIND_VERBS = {
    "kill": "killed", "die": "killed", "slay": "killed", "execute": "killed", "behead": "killed",
    "massacre": "killed", "eliminate": "killed", "murder": "killed", "assassinate": "killed",
    "wound": "wounded", "injure": "wounded", "hurt": "wounded", "maim": "wounded",
    "capture": "captured", "surrender": "captured",
    "detain": "detained", "arrest": "detained", "apprehend": "detained", "jail": "detained",
    "imprison": "detained",
    "abduct": "abducted", "kidnap": "abducted", "seize": "abducted",
    "displace": "displaced", "flee": "displaced", "uproot": "displaced",
}
# Idioms: verb lemma + object lemma.
KIND_IDIOMS = {
    ("lose", "life"): "killed", ("take", "prisoner"): "captured", ("take", "captive"): "captured",
    ("take", "hostage"): "abducted", ("take", "custody"): "detained", ("shoot", "dead"): "killed",
    ("claim", "life"): "killed", ("suffer", "wound"): "wounded", ("suffer", "injury"): "wounded",
    ("sustain", "wound"): "wounded", ("sustain", "injury"): "wounded",
}
# Nouns of a wound a person suffers or arrives with ("with gunshot wounds"); a fatal one kills.
WOUND_NOUNS = frozenset({"wound", "injury"})
FATAL_WOUND_WORDS = frozenset({"fatal", "mortal", "deadly"})
# Nouns naming the event that happened to the people "of" them: "the arrest of a Taliban leader".
KIND_EVENT_NOUNS = {
    "arrest": "detained", "detention": "detained", "capture": "captured", "killing": "killed",
    "death": "killed", "murder": "killed", "abduction": "abducted", "kidnapping": "abducted", "toll": "killed",
}
# Predicate words ("left 30 dead", "were missing", "300 wounded") and counted nouns ("12 bodies").
KIND_WORDS = {
    "dead": "killed", "killed": "killed", "slain": "killed", "wounded": "wounded", "injured": "wounded",
    "hurt": "wounded", "missing": "missing", "unaccounted": "missing", "captured": "captured",
    "detained": "detained", "arrested": "detained", "abducted": "abducted", "kidnapped": "abducted",
    "displaced": "displaced", "homeless": "displaced",
}
KIND_NOUNS = {
    "fatality": "killed", "death": "killed", "body": "killed", "corpse": "killed", "dead": "killed",
    "injury": "wounded", "detainee": "detained", "abductee": "abducted", "hostage": "abducted",
    "refugee": "displaced",
}
# Words just after an elliptical number that give its kind: "and 108 wounded", "20 in custody".
_TRAILING_KIND = re.compile(
    r"^\s*(?:(?:were|was|are|have been|had been|been)\s+)?(?:also\s+)?"
    r"(?P<w>dead|killed|slain|wounded|injured|hurt|missing|captured|detained|arrested|abducted|kidnapped|"
    r"in custody|taken (?:as )?prisoners?|taken captive|taken hostage|taken into custody)\b",
    re.IGNORECASE,
)
_TRAILING_KINDS = {"in custody": "detained", "taken into custody": "detained", "taken hostage": "abducted"}

# "Fell" is a death in fighting when people fall, but not when they fall into, back, behind, ...
# (then it is a capture, a retreat or a place, not a death).
FALL_NOT_DEATH_PREPS = {"into", "to", "from", "behind", "back", "under", "off", "short", "out", "apart", "for"}
# Nouns naming captives an idiom takes: "took 20 prisoner", "with 25 taken prisoners".
CAPTIVE_NOUNS = {"prisoner", "captive"}
# Words that ask for, order or threaten an arrest or a killing: the demand is not a reported
# happening. DEMAND_VERBS take the act as object ("ordered the arrest of"), DEMAND_FOR_WORDS
# through "for" ("called for the arrest of", "a warrant for the arrest of").
DEMAND_VERBS = {"demand", "order", "seek", "urge", "want", "request", "threaten", "ask", "advocate", "authorize",
                "authorise", "approve", "propose", "vow", "promise", "recommend", "plan", "sanction", "pledge"}
DEMAND_FOR_WORDS = {"call", "appeal", "push", "press", "warrant", "plea", "petition", "campaign", "ask", "demand",
                    "order", "pressure", "lobby", "request", "clamor", "clamour", "bid"}
# Modal auxiliaries: "would be arrested", "must be killed" tell a plan or a wish, not a happening.
MODAL_AUX = {"would", "should", "must", "could", "might", "shall", "will", "wo", "'ll", "ca", "can"}
# Verbs comparing a count to a bound: "does not exceed 2,500" caps it, "exceeds 2,500" floors it.
BOUND_VERBS = {"exceed", "surpass"}  # not "top"/"pass": "passed 30 checkpoints" compares nothing
# Subjects whose predicate number is a force's size: "the number of fighters is under 2,500".
FORCE_SUBJECTS = {"number", "strength", "size"}  # not "total": "the total is 45" is often a toll

# Verbs whose object is a force's size ("does not yet exceed 2,500"), and nouns of forces.
FORCE_VERBS = {"exceed", "number", "total", "reach", "comprise", "deploy", "send", "mobilize", "muster",
               "mass", "amass", "field", "command", "lead", "direct", "dispatch", "gather"}
FORCE_NOUNS = {"force", "army", "contingent", "group", "unit", "militia", "column", "convoy", "strength",
               "band", "battalion", "brigade"}
# Nouns that count combatants (a force's size when no casualty verb governs them).
COMBATANT_NOUNS = {
    "fighter", "militant", "insurgent", "soldier", "troop", "rebel", "gunman", "guerrilla", "jihadist",
    "policeman", "commando", "mercenary", "recruit", "combatant", "militiaman", "warrior", "paratrooper",
    "marine", "taliban", "mujahideen", "personnel",
}
# Nouns that count people (besides combatants); a capture or abduction needs one of these.
PERSON_NOUNS = COMBATANT_NOUNS | {
    "people", "person", "civilian", "man", "woman", "child", "boy", "girl", "protester", "demonstrator",
    "member", "officer", "police", "policemen", "official", "worker", "villager", "resident", "student",
    "suspect", "leader", "commander", "associate", "facilitator", "individual", "other", "passenger",
    "bystander", "guard", "employee", "journalist", "teacher", "farmer", "driver", "prisoner", "detainee",
    "hostage", "refugee", "family", "relative", "pilgrim", "worshipper", "shopper", "student", "infant",
    "baby", "adult", "teenager", "youth", "elder", "doctor", "nurse", "citizen", "national", "tourist",
    "migrant", "miner", "staff", "volunteer", "activist", "supporter", "bomber", "operative", "agent",
    "sympathizer", "accomplice", "militiamen", "servicemen", "serviceman", "victim", "casualty", "body",
    # ranks and roles of the people a raid is after (ISAF dev: "arrested a Taliban attack coordinator")
    "coordinator", "instructor", "operator", "director", "expert", "chief", "emir", "mullah", "deputy",
    "lieutenant", "mastermind", "kingpin", "spy", "financier", "sub-commander", "subcommander",
}
# Kin and friends: with a possessive ("her husband", "his friend") one person, and no member of
# the possessor's force (`sides`).
RELATION_NOUNS = frozenset({
    "son", "daughter", "brother", "sister", "sibling", "parent", "mother", "father", "mom", "dad", "wife",
    "husband", "grandmother", "grandfather", "grandson", "granddaughter", "grandparent", "grandchild", "uncle",
    "aunt", "nephew", "niece", "cousin", "stepfather", "stepson", "stepdaughter", "stepmother", "girlfriend",
    "boyfriend", "fiance", "fiancee", "friend", "neighbor", "neighbour", "roommate", "classmate", "relative",
})
# The victims of local shootings: kin, friends and the words police use ("his friend was shot",
# "a teen was injured", "a male was wounded").
LOCAL_VICTIM_NOUNS = RELATION_NOUNS | {
    "man", "woman", "child", "boy", "girl", "baby", "infant", "teenager", "teen", "toddler", "kid", "youngster",
    "newborn", "juvenile", "minor", "male", "female", "gentleman", "lady", "pedestrian", "customer", "clerk",
    "cashier", "patron", "homeowner", "tenant", "hunter",
}
PERSON_NOUNS |= LOCAL_VICTIM_NOUNS
# Counted nouns that are never people: durations, distances, weights, money, places, things.
NON_PERSON_NOUNS = {
    "year", "month", "week", "day", "hour", "minute", "second", "night", "time", "decade", "century",
    "mile", "kilometer", "kilometre", "km", "meter", "metre", "foot", "feet", "yard", "inch", "pound",
    "kilogram", "kg", "ton", "tonne", "gallon", "liter", "litre", "dollar", "euro", "afghani", "rupee",
    "percent", "cent", "district", "province", "village", "town", "city", "compound", "building", "house",
    "vehicle", "car", "truck", "weapon", "rifle", "round", "grenade", "rocket", "mine", "shell", "bomb",
    "device", "motorcycle", "helicopter", "aircraft", "plane", "tank", "attack", "operation", "raid",
    "strike", "airstrike", "incident", "event", "case", "point", "checkpoint", "post", "base", "area",
    "cache", "magazine", "component", "battery", "phone", "item", "piece", "bag", "box", "room", "shot",
    "time", "way", "occasion", "country", "state", "nation", "school", "mosque", "bridge", "road",
    "sentence", "term", "vote", "seat", "tonne", "barrel", "acre", "hectare", "square", "degree",
    "age", "page", "article", "report", "statement", "percentage", "share", "rate",
    "drone", "missile", "uav", "projectile", "jet", "warplane", "ship", "vessel", "boat", "tanker",
}
# spaCy entity labels whose numbers are not counts of people.
NON_COUNT_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
_MAX_CLIMB = 6  # dependency steps from a count to its predicate: "three of his associates along with" takes 5


@dataclass(frozen=True)
class Figure:
    """A number of people of one side that something happened to, read off one sentence."""

    kind: str  # killed, wounded, captured, abducted, detained, missing, force_size, displaced
    quantity: Quantity
    side: Optional[str]  # the text naming whose people: "Taliban fighters", "civilians"
    side_start: Optional[int]
    side_end: Optional[int]
    start: int  # char offsets (doc.text) of the whole figure phrase
    end: int
    rule: str  # provenance


def find_figures(sent) -> list[Figure]:
    """The figures of one sentence (a spaCy Span), in text order."""
    figures: list[Figure] = []
    text = span_text(sent)
    for match in _QUANTITY_SEARCH.finditer(text, _QUANTITY_SCAN.seen(text)):
        figure = _figure(sent, sent.start_char + match.start(), sent.start_char + match.end(), figures)
        if figure is not None:
            figures.append(figure)
    figures.extend(_singular_figures(sent, figures))
    return _fate_marked(sent, _dead_among_shot(sent, _parts_added(sent, sorted(figures, key=lambda f: f.start))))


# Figures of one person singled out (a name, "a man", "another", "her husband", "he").
SINGLED_OUT_RULES = frozenset({"indefinite-singular", "definite-singular", "named-person", "another-person"})


def _fate_marked(sent, figures: list[Figure]) -> list[Figure]:
    """People the sentence tells only as shot ("a 9-year-old was shot", "five people were shot")
    may have died of it, as the story or another outlet may say: the wound is marked
    `fate_untold`, and fusion counts the event's dead among them (`fuse/values`) — a victim
    singled out is that death, a count of the shot holds the dead. People shot after a death the
    sentence tells ("a man was killed and two women were shot") or said to be more ("three
    others were shot") are others."""
    marked, dead_before = [], False
    for figure in figures:
        if _shot_only(sent, figure) and not (dead_before and not figure.quantity.indefinite):
            figure = replace(figure, quantity=replace(figure.quantity, fate_untold=True))
        dead_before = dead_before or figure.kind == "killed"
        marked.append(figure)
    return marked


def _shot_only(sent, figure: Figure) -> bool:
    verb = _predicate(sent, figure)
    if figure.kind != "wounded" or figure.rule == "shot-less-dead" or verb is None or _survived(sent):
        return False
    if figure.rule in SINGLED_OUT_RULES and figure.quantity.indefinite:
        # one victim singled out is as untold whatever the wound's words ("found the boy wounded",
        # "was found with a gunshot wound", "when he was wounded"), unless said to be another or
        # told as injured or hurt (words for the living)
        return _lemma(verb) == "shoot" or (figure.rule != "another-person" and _lemma(verb) not in LIVING_HARM_LEMMAS
                                          and not _said_more(sent, verb))
    if _lemma(verb) != "shoot":
        return False
    return not figure.quantity.indefinite and not _said_more(sent, verb)


# Words of a harm that tell the victim lived; and of a sentence that says so ("in stable condition",
# "non-life-threatening", "expected to survive"): its wounded are wounded, whatever the story's dead.
LIVING_HARM_LEMMAS = frozenset({"injure", "hurt"})
SURVIVED = re.compile(r"\b(?:stable|non-?life[- ]threatening|not life[- ]threatening|expected to (?:survive|recover)|"
                      r"survived|treated and released|minor injur\w*|released from)\b", re.IGNORECASE)


def _survived(sent) -> bool:
    return SURVIVED.search(span_text(sent)) is not None


def _said_more(sent, verb) -> bool:
    return ADDED_PEOPLE.search(doc_text(sent.doc)[sent.start_char:verb.idx]) is not None


# Words that say people are more than those told before: "three others were shot", "also shot".
ADDED_PEOPLE = re.compile(r"\b(?:others?|another|also|more|additional)\b", re.IGNORECASE)


# What a list of people joined by "and" can count as one toll: "two men and two women were wounded"
# is 4 people. Combatants of two sides stay apart ("killed three soldiers and five militants": each
# side's figure is its own claim, and fusion adds sides up).
_PART_JOINER = re.compile(r"\s*,?\s*(?:and|as well as|plus)\s+", re.IGNORECASE)
ADDED_PART_KINDS = frozenset({"killed", "wounded"})


def _parts_added(sent, figures: list[Figure]) -> list[Figure]:
    """Figures of one kind listed with "and" under one predicate, as one figure of their sum."""
    text = doc_text(sent.doc)
    joined: list[Figure] = []
    for figure in figures:
        before = joined[-1] if joined else None
        if before is not None and _listed_parts(text, before, figure):
            joined[-1] = _sum_of_parts(text, before, figure)
        else:
            joined.append(figure)
    return joined


def _dead_among_shot(sent, figures: list[Figure]) -> list[Figure]:
    """"Four people were shot, one fatally" / "six were shot; one of them died": the dead are among
    the people shot, so the wounded are the others (3 and 5), not all who were hit."""
    result = list(figures)
    for n, shot in enumerate(result):
        if shot.kind != "wounded" or shot.quantity.indefinite or shot.quantity.conservative is None \
                or _predicate_lemma(sent, shot) != "shoot":
            continue
        dead = next((f for f in result[n + 1:] if f.kind == "killed" and not f.quantity.indefinite), None)
        if dead is None or dead.side not in (None, shot.side, "them") or dead.quantity.conservative is None:
            continue
        left = shot.quantity.conservative - dead.quantity.conservative
        if left < 0:
            continue
        high = None if shot.quantity.high is None else left
        result[n] = Figure("wounded", Quantity(left, high, f"{shot.quantity.text} - {dead.quantity.text}",
                                               shot.quantity.qualifier), shot.side, shot.side_start, shot.side_end,
                           shot.start, shot.end, "shot-less-dead")
    return [f for f in result if not (f.rule == "shot-less-dead" and f.quantity.conservative == 0)]


def _predicate_lemma(sent, figure: Figure) -> Optional[str]:
    """The verb a figure's number hangs on ("four people were shot" -> shoot)."""
    verb = _predicate(sent, figure)
    return None if verb is None else _lemma(verb)


def _predicate(sent, figure: Figure):
    span = sent.doc.char_span(figure.start, figure.end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(_MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") or token.head == token:
            return token
        token = token.head
    return None


def _listed_parts(text: str, first: Figure, second: Figure) -> bool:
    if first.kind != second.kind or first.kind not in ADDED_PART_KINDS:
        return False
    if not (_countable_part(first) and _countable_part(second)) or first.side is None:
        return False  # "dozens", "other militants": not a count to add to
    if any(_side_is_combatants(f.side) for f in (first, second)):
        return False
    return bool(_PART_JOINER.fullmatch(text[first.end:second.start]))


# Figures of one person: "a woman and two men" is three.
ONE_PERSON_RULES = frozenset({"indefinite-singular", "definite-singular", "named-person"})


def _countable_part(figure: Figure) -> bool:
    return not figure.quantity.indefinite or figure.rule in ONE_PERSON_RULES


def _side_is_combatants(side: Optional[str]) -> bool:
    words = (side or "").lower().split()
    return bool(words) and (words[-1] in COMBATANT_NOUNS or words[-1].rstrip("s") in COMBATANT_NOUNS)


def _sum_of_parts(text: str, first: Figure, second: Figure) -> Figure:
    a, b = first.quantity, second.quantity
    high = None if a.high is None or b.high is None else a.high + b.high
    low = (a.conservative or 0) + (b.conservative or 0)
    quantity = Quantity(low, high, text[first.start:second.end], "exact" if high == low else "at_least")
    end = max(second.end, second.side_end or second.end)
    return Figure(first.kind, quantity, text[first.side_start:end] if first.side_start is not None else first.side,
                  first.side_start, end if first.side_start is not None else first.side_end, first.start, end,
                  "listed-parts")


# Determiners of one person counted by the phrase itself: "a Taliban leader was arrested" is new;
# "the senior Taliban leader was arrested" is one person too, new only if no one was counted yet
# (the ledger in `operation` treats it like a name: told again once the story counted people).
INDEFINITE_DETERMINERS = frozenset({"a", "an", "another"})
DEFINITE_DETERMINERS = frozenset({"the", "this"})
DEFINITE_PERSON_RULE = "definite-singular"


def _singular_figures(sent, numbered: list[Figure]) -> list[Figure]:
    """One person named with "a"/"an"/"the" under a casualty predicate: "a Taliban leader was arrested"."""
    found = []
    for det in sent:
        named = _named_person(det)
        if named is not None:
            found.extend(named)
            continue
        another = _another_person(det, numbered)
        if another is not None:
            found.append(another)
            continue
        figure = (_determined_person(sent, det, numbered) or _possessed_person(det, numbered)
                  or _titled_person(det, numbered) or _unnumbered_others(det, numbered))
        if figure is not None:
            found.append(figure)
    return found


def _another_person(token, numbered: list[Figure]) -> Optional[Figure]:
    """"Three were shot dead and another was wounded": "another" standing alone for one more person."""
    if token.lower_ != "another" or token.dep_ not in ("nsubj", "nsubjpass") or any(
            f.start <= token.idx < f.end for f in numbered):
        return None
    kind = _governing_kind(token)
    if kind not in ("killed", "wounded"):
        return None
    end = token.idx + len(token)
    return Figure(kind, Quantity(1, 1, token.text, "exact", indefinite=True), None, None, None, token.idx, end,
                  "another-person")


# Words that make an unnumbered plural people beyond those already told: "also captured other militants".
OTHERS_WORDS = frozenset({"other", "additional", "more"})
# The fewest people a plural counts.
PLURAL_MINIMUM = 2


def _unnumbered_others(noun, numbered: list[Figure]) -> Optional[Figure]:
    """"The joint team also captured other militants": at least two more people, though unnumbered."""
    if noun.tag_ != "NNS" or _lemma(noun) not in PERSON_NOUNS or any(f.start <= noun.idx < f.end for f in numbered):
        return None
    others = next((c for c in noun.children if c.dep_ == "amod" and c.lower_ in OTHERS_WORDS), None)
    if others is None or any(c.dep_ in ("det", "nummod", "poss") for c in noun.children):
        return None
    kind = _governing_kind(noun)
    if kind not in NAMED_PERSON_KINDS:
        return None
    side = noun.doc[others.i + 1:noun.i + 1]
    return Figure(kind, Quantity(PLURAL_MINIMUM, None, others.text, "at_least", indefinite=True), side.text, side.start_char,
                  side.end_char, others.idx, side.end_char, "unnumbered-plural")


def _titled_person(noun, numbered: list[Figure]) -> Optional[Figure]:
    """A title and a name with no article: "killed al-Qaeda associated Taliban leader, Wali" (the
    parser does not always see a PERSON in the name: spaCy took "Wali" for an organisation)."""
    if noun.tag_ != "NN" or _lemma(noun) not in PERSON_NOUNS:
        return None
    if any(c.dep_ in ("det", "nummod", "poss") for c in noun.children) or any(f.start <= noun.idx < f.end
                                                                             for f in numbered):
        return None
    name = next((c for c in noun.children if c.dep_ == "appos" and c.tag_ == "NNP" and c.ent_type_ != "PERSON"), None)
    if name is None:
        return None  # a name spaCy tagged PERSON is counted by `_named_person`
    kind = _governing_kind(noun)
    if kind not in NAMED_PERSON_KINDS:
        return None
    start = min(t.idx for t in noun.subtree if t.i <= noun.i)
    return Figure(kind, Quantity(1, 1, name.text, "exact", indefinite=True), name.text, name.idx, name.idx + len(name.text),
                  start, name.idx + len(name.text), "named-person")


def _determined_person(sent, det, numbered: list[Figure]) -> Optional[Figure]:
    """The figure of one person a determiner introduces, if a casualty predicate governs it."""
    definite = det.lower_ in DEFINITE_DETERMINERS
    if not (definite or det.lower_ in INDEFINITE_DETERMINERS) or det.dep_ != "det":
        return None
    if det.head.tag_ not in ("NN", "NNP") and not _age_noun(det.head):
        return None
    root, noun = det.head, _person_in_phrase(det)
    if noun is None or root.dep_ == "appos":
        return None  # "detaining one, a facilitator" counts the facilitator once
    if any(f.start <= det.idx < f.end for f in numbered) or (definite and _coordinated(root)):
        return None  # "the leader and two suspects" is counted by its number, not twice
    if definite and _names_someone(root):
        return None  # "arrested the senior Taliban leader Mawawi Akbar": his name is the figure
    if _does_the_deed(root):
        return None  # "the gunman killed 12 people": the doer is no casualty of his own act
    kind = _participle_kind(root) or _governing_kind(root) or (_prenominal_kind(root) if definite else None)
    if kind is None or kind == "force_size":
        return None
    if kind == "wounded" and _died_of_it(root):
        kind = "killed"
    side = sent.doc[det.i + 1:noun.i + 1]
    rule = DEFINITE_PERSON_RULE if definite else "indefinite-singular"
    # one person the story singles out is part of any count of the same people ("four men were
    # shot ... a 17-year-old was shot in the face" is four, not one): indefinite, as a name is
    return Figure(kind, Quantity(1, 1, det.text, "exact", indefinite=True), side.text, side.start_char, side.end_char,
                  det.idx, side.end_char, rule)


# Units of an age that names a person ("a 7-month-old", "the 15-year-old").
AGE_UNITS = frozenset({"year", "month", "week", "day"})


def _age_noun(token) -> bool:
    """"A 7-month-old was wounded", "an 18-month old is dead": the parser heads a person named by age
    with "old"."""
    doc = token.doc
    unit = doc[token.i - 2] if token.i >= 2 and doc[token.i - 1].tag_ == "HYPH" else doc[token.i - 1]
    return (token.lower_ == "old" and token.i >= 1 and _lemma(unit) in AGE_UNITS
            and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"))


def _possessed_person(token, numbered: list[Figure]) -> Optional[Figure]:
    """One victim named by whose they are, under a casualty predicate: "killing his cousin"."""
    if token.lower_ not in POSSESSIVE_PRONOUNS or token.dep_ != "poss":
        return None
    noun = token.head
    if noun.tag_ != "NN" or _lemma(noun) not in LOCAL_VICTIM_NOUNS or noun.dep_ == "appos" \
            or any(f.start <= noun.idx < f.end for f in numbered) or _does_the_deed(noun):
        return None
    kind = _participle_kind(noun) or _governing_kind(noun)
    if kind not in NAMED_PERSON_KINDS:
        return None
    side = noun.doc[token.i + 1:noun.i + 1]
    # someone the story knows ("the man who shot his friend" after "a 17-year-old was shot"): told
    # again once people are counted, as "the" victim would be
    return Figure(kind, Quantity(1, 1, token.text, "exact", indefinite=True), side.text, side.start_char,
                  side.end_char, token.idx, side.end_char, DEFINITE_PERSON_RULE)


def _does_the_deed(noun) -> bool:
    """The subject of an active verb that acts on someone else ("a gunman shot 12 people")."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.pos_ != "VERB":
        return False
    # "shot and killed her boyfriend": the object of a verb joined to the subject's own
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and not _has_subject(c)]
    return any(c.dep_ in ("dobj", "obj") and (_lemma(v), _lemma(c)) not in SUFFERED_IDIOMS
               for v in verbs for c in v.children)


# Idioms whose subject is who was harmed: "a teenager suffered a gunshot wound".
SUFFERED_IDIOMS = frozenset(idiom for idiom in KIND_IDIOMS if idiom[0] in ("suffer", "sustain"))


def _names_someone(noun) -> bool:
    """A person's name inside the phrase or right after its noun ("the leader Mawawi Akbar")."""
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return any(c.ent_type_ == "PERSON" and c.dep_ in ("appos", "compound") for c in noun.children) or (
        after is not None and after.ent_type_ == "PERSON")


def _prenominal_kind(noun) -> Optional[str]:
    """"the detained Taliban leader", "the captured commander": a participle before the noun."""
    for child in noun.children:
        if child.dep_ == "amod" and child.i < noun.i and child.tag_ == "VBN":
            kind = KIND_WORDS.get(child.lower_)
            if kind in NAMED_PERSON_KINDS:
                return kind
    return None


def _coordinated(noun) -> bool:
    """A noun joined to others ("the commander and three suspects"): a retelling's list."""
    return any(child.dep_ in ("conj", "cc") for child in noun.children) or noun.dep_ == "conj"


def _figure(sent, start: int, end: int, earlier: list[Figure]) -> Optional[Figure]:
    doc = sent.doc
    quantity = parse_quantity(doc_text(doc)[start:end])
    span = doc.char_span(start, end, alignment_mode="expand")
    if quantity is None or span is None or _not_a_count(doc, span):
        return None
    number = _number_token(span)
    noun = _counted_noun(number, span)
    if noun is not None and _lemma(noun) in NON_PERSON_NOUNS:
        return None
    kind, rule = _kind(number, noun, span)
    if kind in ("captured", "detained", "abducted", "displaced", "missing") and not _counts_people(noun):
        return None
    if kind is None and noun is not None and _lemma(noun) in COMBATANT_NOUNS | {"man", "member"}:
        kind, rule = "force_size", "combatant-count"
    if kind is None:
        return None
    quantity = _with_people_before_others(_verb_bound(number, quantity), noun)
    if kind == "wounded" and _condition_told(noun if noun is not None else number):
        # "one bystander suffered a graze wound": a victim's state, part of the toll, not the toll
        quantity = replace(quantity, indefinite=True)
    side = _force_side(number) if kind == "force_size" and noun is None else None
    side = side or _side(number, noun, span, earlier)
    return Figure(kind, quantity, side[0], side[1], side[2], start, max(end, side[2] or end), rule)


# Pronouns of one person that "and N others" adds to: "he and three others were shot" is four.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _with_people_before_others(quantity: Quantity, noun) -> Quantity:
    """"He and three others": the others are more than the count; the person before them counts too."""
    if noun is None or _lemma(noun) != "other" or noun.dep_ != "conj" or noun.head.lower_ not in PERSON_PRONOUNS:
        return quantity
    if quantity.conservative is None or quantity.indefinite:
        return quantity
    high = None if quantity.high is None else quantity.high + 1
    return Quantity(quantity.conservative + 1, high, f"{noun.head.text} and {quantity.text}",
                    "exact" if high == quantity.conservative + 1 else "at_least")


def _not_a_count(doc, span) -> bool:
    """Ages, years, dates, money and measures are numbers but not counts of people."""
    if any(t.ent_type_ in NON_COUNT_ENTS for t in span) and not _person_follows(span):
        return True
    before = doc_text(doc)[max(0, span.start_char - 12):span.start_char].lower()
    after = doc_text(doc)[span.end_char:span.end_char + 12].lower()
    if re.search(r"(?:\baged?|no\.|\bno|number|\$|£|€|#)\s*$", before):  # "no one" is nobody
        return True
    if re.search(r"\bhow\s*$", before):  # "how many died depends on who counts": a question, no count
        return True
    if re.match(r"\s*(?:years?[- ]old|-year|%|percent|per cent|a\.m|p\.m|o'clock)", after):
        return True
    if re.match(r"^\s*[a-z]", span.text) is None and re.fullmatch(r"(1[89]|20)\d\d", span.text):
        return not _person_follows(span)  # a bare four-digit year
    return bool(re.search(r"[A-Z][a-z]+,\s*$", before) and re.match(r"\s*[,)]", after))  # "Shuja, 28,"


def _person_follows(span) -> bool:
    following = span.doc[span.end:span.end + 3]
    return any(_lemma(t) in PERSON_NOUNS for t in following)


def _number_token(span):
    """The token standing for the number: the last numeric word of the phrase."""
    numeric = [t for t in span if t.like_num or t.lower_ in ("dozen", "dozens", "several", "multiple", "numerous",
                                                             "many", "few", "hundreds", "thousands", "scores",
                                                             "number", "handful", "couple", "pair")]
    return numeric[-1] if numeric else span.root


def _counted_noun(number, span):
    """The noun the number counts: "30 Taliban fighters", "30 of the group's fighters", or None ("killing one")."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    head = _phrase_head(number.head)
    if number.dep_ in ("nummod", "amod", "det", "quantmod", "compound", "npadvmod") and head.pos_ in ("NOUN", "PROPN"):
        if head.i > number.i and head.lower_ != "of":
            return head
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.pos_ in ("NOUN", "PROPN") and following.head == number:
        return following
    return None


def _phrase_head(token):
    """The head noun of the phrase a name sits in: "several suspected Islamic Movement of Uzbekistan
    insurgents" counts the insurgents, not the Movement."""
    while token.pos_ == "PROPN" and token.dep_ in ("compound", "nmod") and token.head.pos_ == "NOUN":
        token = token.head
    return token



def _names_a_person(noun) -> bool:
    """A person noun, or an agent noun ("weapons dealer", "bomb maker") that is not a known thing."""
    lemma = _lemma(noun)
    if lemma in NON_PERSON_NOUNS:
        return False
    return lemma in PERSON_NOUNS or bool(re.search(r"(?:[^t]er|[^ct]or|ist|ian|man|-year-old)$", lemma))


def _counts_people(noun) -> bool:
    if noun is None:
        return True  # elliptical: "killing one and detaining two"
    if any(c.isdigit() for c in noun.text):
        return False  # "seized multiple AK-47s": a model number names a thing
    return _lemma(noun) in PERSON_NOUNS or noun.pos_ == "PROPN" or noun.ent_type_ in ("NORP", "ORG")


def _lemma(token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def _kind(number, noun, span) -> tuple[Optional[str], str]:
    """The kind of figure: from the counted noun, participles on it, the governing predicate, the words after."""
    argument = noun if noun is not None else number
    own = _own_kind_word(number, noun)
    if own:
        return own, "word-after-number"
    if _is_taken_captive(noun):
        return "captured", "captive-idiom"
    fate = _passive_fate(argument)
    if fate == "killed":
        return fate, "governing-verb"  # "seven hostages had been killed in the strike": deaths
    if _lemma(argument) in KIND_NOUNS:
        return KIND_NOUNS[_lemma(argument)], "counted-noun"
    if fate:
        return fate, "governing-verb"  # "the two wounded were detained": detained, once wounded
    if any(c.dep_ == "advmod" and c.lower_ in FATAL_SHOT_WORDS for t in {argument, number} for c in t.children) \
            and _governing_kind(number) in ("wounded", "killed"):
        return "killed", "fatally"  # "four people were shot, one fatally"
    if _fatally_after(number):
        return "killed", "fatally"  # "where six people were shot, two of them fatally,": however it is parsed
    for token in (argument, number):
        kind = _participle_kind(token)
        if kind:
            return kind, "participle"
    kind = _being_done_kind(argument)
    if kind:
        return kind, "participle"
    if noun is None or noun.i < span.end + 3:
        kind = _trailing_kind(span, noun)  # before climbing: "... dead and 20 in custody" has its own word
        if kind:
            return kind, "trailing-word"
    kind = _governing_kind(argument)
    if kind:
        return kind, "governing-verb"
    if _toll_predicate(number):
        return "killed", "death-toll"
    kind = _number_of_people_kind(number)
    if kind:
        return kind, "number-of-people"
    if noun is None and _lemma(argument.head) in FORCE_VERBS and argument.dep_ in ("dobj", "attr", "pobj"):
        return "force_size", "force-verb"
    if noun is None and argument.dep_ == "attr" and _force_subject(argument.head) is not None:
        return "force_size", "force-subject"
    return None, ""


def _own_kind_word(number, noun) -> Optional[str]:
    """"350 killed, nearly 300 wounded and 35 taken prisoner": the parser hangs "300" on the last
    noun of the list, but the word right after the number, closed by "and" or a comma, is its kind."""
    doc = number.doc
    if noun is None or noun.i <= number.i + 2 or number.i + 2 >= len(doc):
        return None
    word, closing = doc[number.i + 1], doc[number.i + 2]
    if closing.dep_ not in ("cc", "punct") or closing.lower_ not in ("and", ","):
        return None
    return KIND_WORDS.get(word.lower_)


# What a passive verb can tell happened to people a participle already describes ("the wounded").
PASSIVE_FATES = frozenset({"killed", "captured", "detained", "abducted"})


def _passive_fate(argument) -> Optional[str]:
    """The kind a passive casualty verb gives its subject ("two wounded were detained")."""
    if argument.dep_ != "nsubjpass" or argument.head.pos_ != "VERB":
        return None
    kind = KIND_VERBS.get(_lemma(argument.head))
    return kind if kind in PASSIVE_FATES and not _is_modal(argument.head) and not _is_negated(argument.head) else None


def _is_taken_captive(noun) -> bool:
    """ "20 taken prisoner", "took 20 prisoners": the prisoner noun names the capture, not who was taken."""
    if noun is None or _lemma(noun) not in CAPTIVE_NOUNS:
        return False
    takers = list(noun.children) + [noun.head]
    return any(_lemma(t) == "take" and t.pos_ == "VERB" for t in takers)


def _force_subject(verb):
    """The subject naming a force whose size the predicate states: "the number of fighters",
    "their number", "its fighters"; None when the subject is something else."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    lemma = _lemma(subject)
    if lemma in COMBATANT_NOUNS or lemma in FORCE_NOUNS:
        return subject
    if lemma not in FORCE_SUBJECTS:
        return None
    counted = [g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"]
    if not counted:
        return subject  # "their number"
    return counted[0] if _lemma(counted[0]) in COMBATANT_NOUNS | FORCE_NOUNS | {"man", "member"} else None


def _force_side(number) -> Optional[tuple[str, int, int]]:
    """The side of a force size stated about a subject: "the number of fighters does not exceed 2,500"."""
    if number.dep_ not in ("dobj", "attr"):
        return None
    subject = _force_subject(number.head)
    if subject is None or _lemma(subject) in FORCE_SUBJECTS:
        return None
    left = min(t.i for t in subject.subtree if t.i <= subject.i)
    tokens = subject.doc[left:subject.i + 1]
    return tokens.text, tokens.start_char, tokens.end_char


def _verb_bound(number, quantity: Quantity) -> Quantity:
    """A count compared by its verb: "does not exceed 2,500" -> at most 2,500; "exceeds 2,500" -> at least 2,501."""
    verb = number.head
    if number.dep_ != "dobj" or _lemma(verb) not in BOUND_VERBS or quantity.qualifier != "exact":
        return quantity
    if any(c.dep_ == "neg" for c in verb.children):
        return Quantity(None, quantity.high, quantity.text, "at_most")
    return Quantity(quantity.high + 1, None, quantity.text, "at_least")


def _toll_predicate(number) -> bool:
    """A number a death toll rises or stands at: "the death toll rose to 45"."""
    for ancestor in list(number.ancestors)[:3]:
        if any(c.dep_ in ("nsubj", "nsubjpass") and _lemma(c) == "toll" for c in ancestor.children):
            return True
    return False


# Subjects that name a count a number rises or stands at: "the number of people killed rose to 52".
COUNT_SUBJECTS = frozenset({"number", "tally", "count"})


def _number_of_people_kind(number) -> Optional[str]:
    """"The number of people killed in the strike rose to 52", "the number of dead has risen to 40":
    the number the count of harmed people rises or stands at is of their kind."""
    for ancestor in list(number.ancestors)[:3]:
        subject = next((c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")
                        and _lemma(c) in COUNT_SUBJECTS), None)
        counted = [g for c in (subject.children if subject is not None else ()) if c.dep_ == "prep"
                   and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if counted:
            people = counted[0]
            participles = [c for token in (people, subject) for c in token.children if c.dep_ in ("acl", "amod")]
            return KIND_WORDS.get(people.lower_) or KIND_NOUNS.get(_lemma(people)) or next(
                (kind for c in participles if (kind := _predicate_kind(c))), None)
    return None


def _trailing_kind(span, noun) -> Optional[str]:
    """The kind named right after the number (or its noun): "and 108 wounded", "20 in custody"."""
    end_char = span.end_char if noun is None or noun.i < span.end else _end_of_noun_phrase(noun)
    trailing = _TRAILING_KIND.match(doc_text(span.doc)[end_char:end_char + 40])
    if not trailing:
        return None
    word = " ".join(trailing.group("w").lower().split())
    return _TRAILING_KINDS.get(word) or KIND_WORDS.get(word) or "captured"


def _end_of_noun_phrase(noun) -> int:
    """Where the noun's phrase ends, an "of" complement included: "one person of interest was detained"."""
    right = [c for c in noun.children if c.i > noun.i]
    if right and all(c.dep_ == "prep" and c.lower_ == "of" for c in right):
        edge = noun.right_edge
        return edge.idx + len(edge)
    return noun.idx + len(noun)


def _participle_kind(token) -> Optional[str]:
    """A participle or adjective hanging on the count: "300 wounded", "35 taken prisoners", "insurgents killed";
    or the second word of a verb idiom the parser hung before it ("shot dead four farmers")."""
    for child in token.children:
        if child.dep_ == "amod" and child.i < token.i and token.dep_ in ("dobj", "obj") \
                and (_lemma(token.head), _lemma(child)) in KIND_IDIOMS:
            return KIND_IDIOMS[(_lemma(token.head), _lemma(child))]
    for child in token.children:
        if child.dep_ in ("amod", "acl", "relcl", "acomp", "advcl") and child.i > token.i:
            if any(c.dep_ in ("dobj", "obj") and (_lemma(child), _lemma(c)) not in KIND_IDIOMS
                   for c in child.children):
                continue  # "targeted a leader, detaining six insurgents": the six were detained
            kind = _predicate_kind(child)
            if kind:
                return kind
    return None


def _being_done_kind(token) -> Optional[str]:
    """"Resulted in six Afghans being killed": the parser hangs the participle on the verb, not on
    the counted people it tells the fate of."""
    doc = token.doc
    if token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "being" or doc[token.i + 2].tag_ != "VBN":
        return None
    participle = doc[token.i + 2]
    kind = KIND_VERBS.get(_lemma(participle))
    return kind if kind and not _is_negated(participle) else None


def _governing_kind(argument) -> Optional[str]:
    """Climb from the counted argument to its predicate and read the kind there."""
    node = argument
    for _ in range(_MAX_CLIMB):
        dep, head = node.dep_, node.head
        if head == node:
            return _predicate_kind(node, argument) if node.pos_ in ("VERB", "AUX", "ADJ") else None
        if dep in ("conj", "appos"):
            node = head
        elif dep == "pobj" and head.lower_ in SUBSET_PREPS:
            return None  # "ten people, including two children": already in the ten, not more
        elif dep == "pobj" and head.lower_ in ACCOMPANYING_PREPS | {"of"}:
            node = head
        elif dep == "prep" and node.lower_ in ACCOMPANYING_PREPS | {"of"}:
            if head.pos_ in ("VERB", "AUX") and head.dep_ == "relcl" and not _predicate_kind(head, argument):
                node = head.head  # "detained a leader who operated in X, along with one insurgent"
            elif head.pos_ in ("VERB", "AUX") or _lemma(head) in KIND_EVENT_NOUNS:
                return _predicate_kind(head, argument)
            else:
                node = head  # "with" under "along", "of" under "three"
            continue
        elif dep == "nsubj" and _lemma(head) in SPEECH_LEMMAS:
            return None  # "the commander wrote that 350 were killed": who tells a toll is none of it
        elif dep in ("dobj", "obj", "nsubjpass", "nsubj", "attr", "oprd", "dative", "npadvmod"):
            return _predicate_kind(head, argument)
        else:
            return None
    return None


# Prepositions that add people to the same predicate: "detained X along with three associates".
ACCOMPANYING_PREPS = {"with", "along", "besides", "plus", "alongside"}
# Prepositions that pick people out of a group already counted: their figures would count twice.
SUBSET_PREPS = {"including", "among"}


def _predicate_kind(verb, argument=None) -> Optional[str]:
    """The kind a predicate expresses, looking through "reported to have been killed" and "left ... dead"."""
    lemma = _lemma(verb)
    if _is_purpose(verb) or _is_demanded(verb) or _is_modal(verb) or _is_negated(verb):
        return None  # "an operation to detain a Taliban leader" tells an aim, not a capture
    if verb.pos_ in ("NOUN", "PROPN"):
        return KIND_EVENT_NOUNS.get(lemma)  # "the arrest of a Taliban leader"
    if lemma == "fall" and verb.pos_ == "VERB":
        return _fall_kind(verb, argument)
    if lemma == "shoot" and verb.pos_ == "VERB":
        return _shot_kind(verb)
    if lemma in ("hit", "strike") and verb.pos_ == "VERB" and _by_a_projectile(verb):
        return "wounded"  # "was struck in the hand by a stray bullet", "hit by gunfire"
    for child in verb.children:
        idiom = KIND_IDIOMS.get((lemma, _lemma(child)))
        if idiom and child.dep_ in ("dobj", "oprd", "attr", "acomp", "xcomp", "ccomp"):
            return _fatal_wound_noun(child, idiom)
        if child.dep_ == "prep" and (lemma, "custody") in KIND_IDIOMS:
            if any(_lemma(g) == "custody" for g in child.children):
                return "detained"
    if lemma in KIND_VERBS and not (lemma == "seize" and argument is not None and not _counts_people(argument)):
        return _fatal_wound(verb, KIND_VERBS[lemma])
    if verb.lower_ in KIND_WORDS:
        return _fatal_wound(verb, KIND_WORDS[verb.lower_])
    for child in verb.children:  # "are reported to have been killed", "left 30 fighters dead", "were found dead"
        if child.dep_ in ("xcomp", "ccomp", "oprd", "acomp") and child.i > verb.i:
            if child.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children):
                continue  # "the mother said her son was shot": a told clause's harm is its own subject's
            if _lemma(child) == "shoot" and child.pos_ == "VERB":
                return _shot_kind(child)  # "was found shot to death"
            inner = KIND_WORDS.get(child.lower_) or (KIND_VERBS.get(_lemma(child)) if child.pos_ == "VERB" else None)
            if inner:
                return inner
    return _wound_carried(verb) or _harmed_before(verb) if verb.pos_ in ("VERB", "AUX") else None


def _by_a_projectile(verb) -> bool:
    from eventfold.extract.lexicon import PROJECTILE_NOUNS

    return any(child.dep_ == "agent" and any(_lemma(g) in PROJECTILE_NOUNS for g in child.children if g.dep_ == "pobj")
               for child in verb.children)


def _fatal_wound_noun(noun, kind: str) -> str:
    """"Suffered fatal injuries": a wound noun called fatal is a death."""
    if kind == "wounded" and any(c.dep_ == "amod" and c.lower_ in FATAL_WOUND_WORDS for c in noun.children):
        return "killed"
    return kind


def _wound_carried(verb) -> Optional[str]:
    """People who arrive, are found or are taken somewhere "with gunshot wounds" were wounded
    ("two men arrived at a hospital with gunshot wounds"; the parser may hang "with" on the place)."""
    preps = [c for c in verb.children if c.dep_ == "prep"]
    preps += [p for c in preps for g in c.children if g.dep_ == "pobj" for p in g.children if p.dep_ == "prep"]
    for prep in preps:
        if prep.lower_ == "with":
            wound = next((g for g in prep.children if g.dep_ == "pobj" and _lemma(g) in WOUND_NOUNS), None)
            if wound is not None:
                return _fatal_wound_noun(wound, "wounded")
    return None


def _condition_told(token) -> bool:
    """The wound is told as someone's state ("suffered a wound", "arrived with gunshot wounds",
    "remains in the hospital after being shot"), not by a verb of harm done to them."""
    verb = token.head
    for _ in range(_MAX_CLIMB):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or _lemma(verb) in KIND_VERBS or _lemma(verb) == "shoot":
        return False
    return bool(_wound_carried(verb) or _harmed_before(verb)
                or any((_lemma(verb), _lemma(c)) in SUFFERED_IDIOMS for c in verb.children))


def _harmed_before(verb) -> Optional[str]:
    """"A toddler remains in the hospital after being shot": what a subjectless passive after the
    verb tells happened to its subject."""
    for child in verb.children:
        inner = None
        if child.dep_ == "prep" and child.lower_ == "after":
            inner = next((g for g in child.children if g.dep_ == "pcomp" and g.pos_ == "VERB"), None)
        elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "after" for m in child.children):
            inner = child
        if inner is not None and any(c.dep_ == "auxpass" for c in inner.children) and not _has_subject(inner):
            return _predicate_kind(inner)
    return None


def _fatally_after(number) -> bool:
    """"two of them fatally", "one fatally": the words right after a number say those died."""
    doc, i = number.doc, number.i + 1
    if i + 1 < len(doc) and doc[i].lower_ == "of" and doc[i + 1].lower_ == "them":
        i += 2
    return i < len(doc) and doc[i].lower_ in ("fatally", "mortally")


# Words on "shot" that make it a killing: "fatally shot", "shot dead", "shot and killed".
FATAL_SHOT_WORDS = frozenset({"fatally", "dead", "mortally"})


def _fatal_wound(verb, kind: str) -> str:
    """"Fatally wounding the driver", "was mortally injured": a wound that killed is a death."""
    if kind == "wounded" and any(c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally") for c in verb.children):
        return "killed"
    return kind


def _shot_kind(verb) -> Optional[str]:
    """People shot are wounded unless the text says the shot killed them; shooting *at* someone
    ("shot at the crowd") hits no one in particular."""
    children = list(verb.children)
    if any(c.dep_ == "prt" and c.lower_ == "down" for c in children):
        return None  # "shot down 38 drones": aircraft brought down, no one wounded
    if any(c.dep_ == "prep" and c.lower_ in ("at", "into", "toward", "towards") for c in children) and \
            not any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in children):
        return None
    if any(c.lower_ in FATAL_SHOT_WORDS for c in children if c.dep_ in ("advmod", "oprd", "acomp", "xcomp")):
        return "killed"
    if any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in children):
        return "killed"  # "shot to death"
    if any(c.dep_ == "conj" and KIND_VERBS.get(_lemma(c)) == "killed" and not _has_subject(c) for c in children):
        return "killed"  # "shot and killed"; not "four were shot and one was killed" (its own subject)
    return "wounded"


def _has_subject(verb) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _person_in_phrase(det):
    """The person noun an indefinite phrase names: "a Taliban leader", "an Islamic Movement of
    Uzbekistan facilitator" (the parser heads the latter with "Movement")."""
    root = det.head
    if _age_noun(root):
        return root
    if root.tag_ == "NN":
        return root if _names_a_person(root) else None
    for token in det.doc[root.i + 1:min(root.i + 8, len(det.doc))]:
        if token.tag_ in ("-LRB-", "-RRB-"):
            continue  # "an Islamic Movement of Uzbekistan (IMU) leader"
        if token.tag_ == "NN":
            return token if _names_a_person(token) and token.head.i in (root.i, root.i + 1, token.head.i) else None
        if token.pos_ not in ("PROPN", "ADP") or token.is_punct:
            return None
    return None


# What can happen to one named person as a figure. A leader who "fled the country" is not a
# displacement figure (displacement counts crowds), nor is a named person a force.
NAMED_PERSON_KINDS = {"killed", "wounded", "captured", "detained", "abducted", "missing"}
# Possessives that make one person of a victim noun: "shot her husband", "his friend was shot".
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "my", "our", "your"})
# One person as a pronoun: the object of a casualty verb ("killing him", "shot himself"), or the
# subject of a death or a wound ("He died at the scene", "she was shot"), never the doer.
OBJECT_PRONOUNS = frozenset({"him", "her", "himself", "herself"})
SUBJECT_PRONOUNS = frozenset({"he", "she"})


def _named_person(token) -> Optional[list[Figure]]:
    """One named person or "him"/"her" under a casualty predicate: "killed Taliban leader Wali", "killing him".

    None when the token is not such a head (the caller then tries an indefinite article).
    """
    is_name = token.ent_type_ == "PERSON" and token.ent_iob_ in ("B", "I") and token.pos_ == "PROPN" and (
        token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_type_ != "PERSON")
    harmed_subject = token.lower_ in SUBJECT_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass") \
        and not _does_the_deed(token) and not _coordinated(token) \
        and not any(c.dep_ == "ccomp" for c in token.head.children)  # "he wrote that 200 were killed": a teller
    # ("she and two others": the count has her)
    harmed_object = token.lower_ in OBJECT_PRONOUNS and token.dep_ != "poss"  # not "her husband"
    if not (is_name or harmed_object or harmed_subject):
        return None
    kind = _governing_kind(token)
    if kind not in NAMED_PERSON_KINDS or (harmed_subject and kind not in ("killed", "wounded")):
        return []
    if kind == "wounded" and _died_of_it(token):
        kind = "killed"
    start = token.i
    while start > 0 and token.doc[start - 1].ent_type_ == "PERSON" and is_name:
        start -= 1
    span = token.doc[start:token.i + 1]
    return [Figure(kind, Quantity(1, 1, span.text, "exact", indefinite=True), span.text, span.start_char, span.end_char,
                   span.start_char, span.end_char, "named-person")]


# Verbs that tell a death of their subject, whatever wounded them.
DEATH_LEMMAS = frozenset({"die", "succumb"})


def _died_of_it(person) -> bool:
    """One person told as wounded who is also the subject of a death in the sentence: "a child who
    suffered critical injuries in the shooting has died", "the man suffered a gunshot wound and later
    died". One victim, dead: not one dead and one wounded."""
    if person.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = person.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                      and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    return any(_lemma(v) in DEATH_LEMMAS and not (_is_negated(v) or _is_modal(v)) for v in verbs)


def _is_demanded(act) -> bool:
    """An act asked for, ordered or threatened: "called for the arrest of", "demanded that he be arrested"."""
    head = act.head
    if act.dep_ == "pobj" and head.lower_ == "for":
        return _lemma(head.head) in DEMAND_FOR_WORDS
    if act.dep_ in ("dobj", "obj") or (act.dep_ in ("ccomp", "xcomp") and act.pos_ in ("VERB", "AUX")):
        return _lemma(head) in DEMAND_VERBS
    return False


def _is_modal(verb) -> bool:
    """A verb under a modal ("would be arrested", "must be killed"): not a reported happening."""
    return verb.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in MODAL_AUX for c in verb.children)


def _is_negated(verb) -> bool:
    """ "was not arrested", "never killed": a happening reported as not having happened."""
    return verb.pos_ in ("VERB", "AUX", "ADJ") and any(c.dep_ == "neg" for c in verb.children)


def _fall_kind(verb, argument) -> Optional[str]:
    """People who "fell" died in fighting; those who "fell into the hands of" were captured."""
    into = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "into" for g in c.children]
    if any(_lemma(g) == "hand" for g in into) and argument is not None and _counts_people(argument):
        return "captured"
    return "killed" if _fell_in_fighting(verb, argument) else None


def _fell_in_fighting(verb, argument) -> bool:
    """ "14 Taliban fell (in the battle)": people falling, with no particle or preposition turning it
    into a capture, retreat or a drop ("fell into the hands of", "fell back", "fell to 12")."""
    if argument is None or argument.dep_ not in ("nsubj", "conj") or not _counts_people(argument):
        return False
    if argument.pos_ not in ("NOUN", "PROPN", "NUM"):
        return False
    return not any(c.dep_ in ("prt", "acomp", "oprd", "attr", "dobj")
                   or (c.dep_ in ("prep", "advmod") and c.lower_ in FALL_NOT_DEATH_PREPS) for c in verb.children)


def _is_purpose(verb) -> bool:
    """An infinitive of aim or plan: "to detain", "plans to kill"."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _side(number, noun, span, earlier: list[Figure]) -> tuple[Optional[str], Optional[int], Optional[int]]:
    """Whose people: the counted noun phrase, or — for "two others" or a bare number — the side just named."""
    if noun is None or _lemma(noun) in ("other", "more") or _is_taken_captive(noun):
        previous = next((f for f in reversed(earlier) if f.side), None)
        if previous is not None:
            return previous.side, previous.side_start, previous.side_end
        return None, None, None
    doc = number.doc
    if noun.i >= span.end:
        first = span.end
        if doc[first].lower_ == "of":
            first += 1
        tokens = doc[first:noun.i + 1]
    else:
        left = [t for t in noun.subtree if t.i <= noun.i and t.i >= span.end]
        tokens = doc[left[0].i:noun.i + 1] if left else doc[noun.i:noun.i + 1]
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].lower_ in ("of", "other", "additional", "more")):
        tokens = tokens[1:]
    return tokens.text, tokens.start_char, tokens.end_char
