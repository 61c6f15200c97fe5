"""Count each person once across the sentences that tell one operation.

A report of an operation leads with its outcome and then retells it: "forces detained several
suspected insurgents, including a Taliban leader" ... "the leader and three additional suspected
insurgents were detained based on initial questioning". Read sentence by sentence, the second
figure is the same people told again; added, it would double the toll. Kept apart, "captured a
Taliban leader" ... "the force also detained two suspected insurgents" are three people.

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
* campaign totals ("have detained more than 125 since December", "so far this year") count no
  one of this operation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

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
# Figure rule of a person counted by name or title alone ("Taliban leader Mullah X").
NAMED_PERSON_RULE = "named-person"


@dataclass
class Verdict:
    counts: bool  # the figure counts people not counted before
    adds: bool = False  # ... and they add to people of the same outcome counted earlier


@dataclass
class FigureLedger:
    """What one article part has counted so far, outcome by outcome."""

    seen: set = field(default_factory=set)
    led_by_group: dict = field(default_factory=dict)  # outcome -> whether its lead counted >= 2 people

    def read_sentence(self, sent, figures: list) -> list[Verdict]:
        """A verdict for each figure of one sentence (a spaCy span), in order."""
        cumulative = bool(CUMULATIVE.search(sent.text))
        verdicts, counted_here = [], {}
        for figure in figures:
            verdict = self._judge(figure, sent.doc.text, sent.start_char, cumulative)
            verdicts.append(verdict)
            outcome = OUTCOME_OF_KIND.get(figure.kind)
            if verdict.counts and outcome is not None:
                self.seen.add(_key(figure))
                counted_here[outcome] = counted_here.get(outcome, 0) + (figure.quantity.conservative or 0)
        for outcome, total in counted_here.items():
            self.led_by_group.setdefault(outcome, total >= 2)
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
        if said_more and figure.rule != NAMED_PERSON_RULE:
            return Verdict(True, adds=True)
        if self.led_by_group[outcome] or figure.rule == NAMED_PERSON_RULE:
            return Verdict(False)  # the lead's total told again, or the one person named again
        return Verdict(True, adds=True)

    def _counted_before(self, figure, text: str) -> bool:
        key = _key(figure)
        if key in self.seen or (figure.side is None and any(k[:3] == key[:3] for k in self.seen)):
            return True
        before = text[max(0, figure.start - DETERMINER_WINDOW):figure.start]
        return bool(DEFINITE_BEFORE.search(before)) and any(k[0] == key[0] for k in self.seen)


def _key(figure) -> tuple:
    return (OUTCOME_OF_KIND.get(figure.kind), figure.quantity.low, figure.quantity.high, _head_word(figure.side))


def _head_word(side: Optional[str]) -> str:
    return side.split()[-1].lower().rstrip("s") if side else ""


# ---------------------------------------------------------------- the operation a story tells

# Nouns of a planned security operation ("an operation in search of a Taliban leader").
OPERATION_NOUNS = frozenset({"operation", "raid", "search", "sweep", "patrol", "clearance", "offensive", "mission",
                             "crackdown"})
# Nouns for the force that carries it out ("the security force", "the patrol").
OPERATING_FORCE_NOUNS = frozenset({"force", "patrol", "team", "unit", "troop"})
# Determiners of a noun that points back at something the story already told.
POINTING_BACK = frozenset({"the", "this", "that", "these", "those"})


def names_operation(sent) -> bool:
    """Whether a sentence speaks of an operation ("during an operation targeting a leader")."""
    return any(token.lemma_.lower() in OPERATION_NOUNS and token.pos_ == "NOUN" for token in sent)


def refers_to_operation(sent) -> bool:
    """"detained during the operation", "the security force returned fire": the story's operation again."""
    nouns = OPERATION_NOUNS | OPERATING_FORCE_NOUNS
    return any(token.lemma_.lower() in nouns and token.pos_ == "NOUN"
               and any(c.dep_ == "det" and c.lower_ in POINTING_BACK for c in token.children)
               for token in sent)
