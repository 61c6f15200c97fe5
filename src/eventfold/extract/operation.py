"""Count each person once across the sentences that tell one operation.

A report of an operation leads with its outcome and then retells it: "troops detained four
suspected rebels, including a cell leader" ... "after interrogation the leader and three additional
suspects were held". Read sentence by sentence, the second figure is the same people told again;
added, it would double the toll. Kept apart, "arrested a militia commander" ... "the patrol also
detained two suspects" are three people.

`FigureLedger` reads one article part's figures in order and tells, for each, whether it counts
new people (and whether it adds to people counted before — "also", "additional", "other") or
retells people already counted:

* a figure met again (same outcome, number and noun), or re-mentioned with a definite word ("the
  two insurgents", "these men"), retells;
* when the first sentence that counts an outcome counts two or more people, it is the total:
  later figures of that outcome retell it unless they say they are more ("two additional
  suspects", "also detained three others");
* when it counts one person ("a Taliban leader was arrested"), later counts are the others taken
  with him, but a named person or "the leader" again is him;
* a figure listed after people told again ("the commander and three additional suspects") retells
  the lead when together they make up its total, and adds when the people told again alone do
  ("both commanders along with several of their guards");
* campaign totals ("have detained more than 125 since December", "so far this year"), and the
  victims of an earlier attack told about the target ("planned a recent ambush that killed two
  soldiers"), count no one of this operation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from eventfold.annotate.doctext import doc_text, span_text
from eventfold.extract.numbers import UNIT_WORDS

# Figure kinds that count the same outcome: a detention is a capture in every toll.
OUTCOME_OF_KIND = {"killed": "killed", "captured": "captured", "detained": "captured", "abducted": "abducted",
                   "wounded": "wounded"}
# Sentences that sum up a campaign rather than tell this operation.
CUMULATIVE = re.compile(r"\bsince\b|\bso far\b|\bthis year\b|\bto date\b|\bin total\b|\bthe past (?:month|year)",
                        re.IGNORECASE)
# Words that say a figure counts more people than those already counted.
ADDITIONAL = re.compile(r"\b(?:also|additional|another|other|others|further)\b", re.IGNORECASE)
# Words just before a figure that point back at people already counted ("the two insurgents").
DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|all|both)\s*$", re.IGNORECASE)
# How far before a figure its determiner is looked for (characters).
DETERMINER_WINDOW = 8
# How far before a figure a re-mentioned person is looked for ("the targeted individual and ").
REMENTION_WINDOW = 60
# Figure rules of a person counted by name or title alone ("Taliban leader Mullah X", "the senior
# Taliban leader"): once the story counted people of that outcome, such a person is one of them.
NAMED_PERSON_RULE = "named-person"
DEFINITE_PERSON_RULE = "definite-singular"
ONE_PERSON_RULES = frozenset({NAMED_PERSON_RULE, DEFINITE_PERSON_RULE})
# Figure rule of an unnumbered plural ("other militants"): people of a noun already counted are them again.
UNNUMBERED_PLURAL_RULE = "unnumbered-plural"
# A person re-mentioned just before a figure of "additional" people: "the commander and three
# additional suspected insurgents" lists him with the others, one person told again.
REMENTIONED_BEFORE = re.compile(rf"\b(?P<det>the|this|both)\s+(?:(?P<number>{'|'.join(UNIT_WORDS)})\s+)?"
                                r"(?:[\w-]+\s+){0,3}?(?:and|along with|as well as|together with)\s+(?:\w+\s+)?$",
                                re.IGNORECASE)
# How many people a re-mention points back at: "the leader" one, "both leaders" two ("the two
# leaders": its number word).
REMENTION_COUNTS = {"the": 1, "this": 1, "both": 2}


# An earlier attack told to describe the person the operation was after ("was involved in the
# Aug. 8 suicide attack, which killed three", "planned a recent ambush that killed two soldiers"):
# the attack nouns such a clause hangs from, and the words that tie it to that person.
ATTACK_NOUNS = frozenset({"attack", "ambush", "bombing", "assault", "assassination", "killing", "explosion",
                          "blast", "kidnapping", "abduction", "raid", "strike"})
BACKGROUND_TIES = frozenset({"responsible", "involve", "plan", "orchestrate", "mastermind", "conduct", "lead",
                             "direct", "organize", "organise", "coordinate", "link", "connect", "accuse",
                             "suspect", "facilitate", "carry", "execute", "participate", "blame", "behind"})
# Dependency steps climbed from a figure to its clause, and from the attack noun to its tie.
CLIMB_LIMIT = 8
# Nouns news uses interchangeably for the armed men an operation targets: one noun for counting.
COMBATANT_HEADS = frozenset({"insurgent", "militant", "fighter", "gunman", "gunmen", "guerrilla", "rebel",
                             "jihadist", "combatant"})


@dataclass
class Verdict:
    counts: bool  # the figure counts people not counted before
    adds: bool = False  # ... and they add to people of the same outcome counted earlier


@dataclass
class FigureLedger:
    """What one article part has counted so far, outcome by outcome."""

    seen: set = field(default_factory=set)
    led_by_group: dict = field(default_factory=dict)  # outcome -> whether its lead counted >= 2 people
    lead_total: dict = field(default_factory=dict)  # outcome -> how many people its lead counted

    def read_sentence(self, sent, figures: list) -> list[Verdict]:
        """A verdict for each figure of one sentence (a spaCy span), in order."""
        cumulative = bool(CUMULATIVE.search(span_text(sent)))
        verdicts, counted_here = [], {}
        for figure in figures:
            if tells_earlier_attack(sent, figure):
                verdicts.append(Verdict(False))  # the target's past deed, not this operation's toll
                continue
            if self.lead_total and tells_a_happening_before(sent, figure):
                verdicts.append(Verdict(True))  # another incident's people, not the lead's counted again
                continue
            verdict = self._judge(figure, doc_text(sent.doc), sent.start_char, cumulative)
            verdicts.append(verdict)
            outcome = OUTCOME_OF_KIND.get(figure.kind)
            if verdict.counts and outcome is not None:
                self.seen.add(_key(figure))
                counted_here[outcome] = counted_here.get(outcome, 0) + (figure.quantity.conservative or 0)
        for outcome, total in counted_here.items():
            self.led_by_group.setdefault(outcome, total >= 2)
            self.lead_total.setdefault(outcome, total)
        return verdicts

    def _judge(self, figure, text: str, sentence_start: int, cumulative: bool) -> Verdict:
        outcome = OUTCOME_OF_KIND.get(figure.kind)
        if outcome is None:
            return Verdict(True)
        if cumulative:
            return Verdict(False)
        if self._counted_before(figure, text):
            return Verdict(False)
        if outcome not in self.led_by_group:
            return Verdict(True)
        said_more = bool(ADDITIONAL.search(text[sentence_start:figure.end]))
        listed_with = self._listed_with_lead(figure, outcome, text)
        if listed_with is not None and figure.rule not in ONE_PERSON_RULES:
            return Verdict(listed_with, adds=listed_with)
        if said_more and figure.rule not in ONE_PERSON_RULES:
            return Verdict(True, adds=True)
        if self.led_by_group[outcome] or figure.rule in ONE_PERSON_RULES:
            return Verdict(False)  # the lead's total told again, or the one person named again
        return Verdict(True, adds=True)

    def _listed_with_lead(self, figure, outcome: str, text: str) -> Optional[bool]:
        """A figure listed after people told again ("the commander and three additional suspects",
        "both commanders along with several of their guards"): None when there is no such list;
        False when the list makes up the lead's total (the lead's people told again); True when the
        re-mentioned people alone make it up (the figure's people are more)."""
        found = REMENTIONED_BEFORE.search(text[max(0, figure.start - REMENTION_WINDOW):figure.start])
        total = self.lead_total.get(outcome)
        if not found or total is None:
            return None
        again = UNIT_WORDS.get((found.group("number") or "").lower()) or REMENTION_COUNTS[found.group("det").lower()]
        if again + (figure.quantity.conservative or 0) == total:
            return False
        return True if again == total else None

    def _counted_before(self, figure, text: str) -> bool:
        key = _key(figure)
        if key in self.seen or (figure.side is None and any(k[:3] == key[:3] for k in self.seen)):
            return True
        if figure.rule == UNNUMBERED_PLURAL_RULE and any(k[0] == key[0] and k[3] == key[3] for k in self.seen):
            return True  # "four additional suspects" ... "the leader and additional suspects were detained"
        before = text[max(0, figure.start - DETERMINER_WINDOW):figure.start]
        return bool(DEFINITE_BEFORE.search(before)) and any(k[0] == key[0] for k in self.seen)


def tells_earlier_attack(sent, figure) -> bool:
    """Whether a figure counts the victims of an earlier attack told about someone: its verb is a
    clause of an attack noun ("an ambush that killed two soldiers") tied to a person's deeds
    ("planned", "responsible for", "involved in")."""
    token = next((t for t in sent if t.idx >= figure.start), None)
    for _ in range(CLIMB_LIMIT):
        if token is None or token.head is token:
            return False
        if token.dep_ in ("relcl", "acl") and token.head.lemma_.lower() in ATTACK_NOUNS:
            return _tied_to_deeds(token.head)
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in ATTACK_NOUNS:
            return _tied_to_deeds(token.head.head)  # "responsible for the kidnapping of four aid workers"
        token = token.head
    return False


# Verbs by which a told event is placed after an earlier one ("the raid came two days after ...").
FOLLOWING_LEMMAS = frozenset({"come", "follow"})
DAY_LABELS = frozenset({"DATE", "TIME"})


def tells_a_happening_before(sent, figure) -> bool:
    """A figure of an incident told as earlier than the story's lead: in what the lead "came two days
    after", or told in the past perfect with a day of its own ("on Thursday, attackers had killed 11
    gendarmes"). Those people are not the lead's counted again."""
    from eventfold.extract.event_dates import _clause_verb

    token = next((t for t in sent if t.idx >= figure.start), None)
    verb = _clause_verb(token) if token is not None else None
    if verb is None:
        return False
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children) and \
            any(e.label_ in DAY_LABELS for e in sent.ents):
        return True
    for word in sent:
        if word.lemma_.lower() in FOLLOWING_LEMMAS and word.pos_ == "VERB":
            after = [c for c in word.children if c.lower_ == "after" or
                     (c.dep_ == "advcl" and any(m.lower_ == "after" for m in c.children))]
            if any(token.i in {t.i for t in clause.subtree} for clause in after):
                return True
    return False


def _tied_to_deeds(noun) -> bool:
    """Whether an attack noun hangs from a word of someone's deeds ("responsible for", "planned")."""
    token = noun
    for _ in range(CLIMB_LIMIT):
        if token.lemma_.lower() in BACKGROUND_TIES:
            return True
        if token.head is token:
            return False
        token = token.head
    return False


def _key(figure) -> tuple:
    return (OUTCOME_OF_KIND.get(figure.kind), figure.quantity.low, figure.quantity.high, _head_word(figure.side))


def _head_word(side: Optional[str]) -> str:
    """The noun a figure counts, with the words for armed men merged: "two other militants" told
    again as "two other insurgents" are the same people."""
    head = side.split()[-1].lower().rstrip("s") if side else ""
    return "combatant" if head in COMBATANT_HEADS else head



# ---------------------------------------------------------------- the operation a story tells

# Nouns of a planned security operation ("an operation in search of a Taliban leader").
OPERATION_NOUNS = frozenset({"operation", "raid", "search", "sweep", "patrol", "clearance", "offensive", "mission",
                             "crackdown"})
# Verbs telling a security operation as it happens ("searched a compound", "raided a hideout").
OPERATION_VERBS = frozenset({"search", "raid", "sweep", "patrol"})
# Nouns for the force that carries it out ("the security force", "the patrol").
OPERATING_FORCE_NOUNS = frozenset({"force", "patrol", "team", "unit", "troop"})
# Determiners of a noun that points back at something the story already told.
POINTING_BACK = frozenset({"the", "this", "that", "these", "those"})


def names_operation(sent) -> bool:
    """Whether a sentence speaks of an operation ("during an operation targeting a leader", "a joint
    force searched a compound last night")."""
    return any((token.lemma_.lower() in OPERATION_NOUNS and token.pos_ == "NOUN")
               or (token.lemma_.lower() in OPERATION_VERBS and token.pos_ == "VERB") for token in sent)


def refers_to_operation(sent) -> bool:
    """"detained during the operation", "the security force returned fire": the story's operation again."""
    nouns = OPERATION_NOUNS | OPERATING_FORCE_NOUNS
    return any(token.lemma_.lower() in nouns and token.pos_ == "NOUN"
               and any(c.dep_ == "det" and c.lower_ in POINTING_BACK for c in token.children)
               for token in sent)
