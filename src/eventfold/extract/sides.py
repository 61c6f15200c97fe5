"""Whose people a figure counts: the canonical actor behind "Taliban soldiers", "the group's fighters".

Fusion compares figure claims by (side, kind): "local commanders: up to 30 Taliban killed" and
"a pro-Taliban account: 15 Taliban killed" are rival counts of one side's losses only once both
are read as "Taliban". `figure_side` reads the side off the dependency parse of the counted noun
phrase (`numbers.Figure.side_*`), in this order:

1. an actor named inside the phrase ("85 Taliban soldiers", "a Northern Alliance commander");
   a person stands for the organisation they belong to, a community's people who are no
   fighters ("nine Hazara men") are `CIVILIANS`;
2. its owner: a possessive or "of" complement ("the group's fighters", "fighters of the NRF",
   "its fighters"), resolved like a name, and a generic group word or pronoun ("the group",
   "the militants", "the new regime", "their") to the nearest armed actor named before it;
3. non-combatants ("people", "civilians", "protesters", "women") are `CIVILIANS`, and so are kin
   and friends whatever their possessor ("his friend", "her husband");
4. a definite generic combatant noun ("the militants") is the nearest armed actor before it;
5. the subject of the verb that lost the people ("the militants lost 40 men") or, for a force's
   size, that musters the force ("the rebel leader has gathered a force of 6,000 fighters", "the
   junta kept sending hundreds of troops").

Otherwise the side is unknown (None): an indefinite "30 fighters" names nobody. Words written
"anti-X"/"pro-X" name X's enemies or friends, never X's people, and are skipped everywhere.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from eventfold.annotate.doctext import doc_text
from eventfold.extract.numbers import RELATION_NOUNS

# The side of non-combatants, whichever force harmed them.
CIVILIANS = "civilians"
# Head nouns (lemmas) of non-combatants.
CIVILIAN_NOUNS = frozenset(
    "people person civilian villager woman child children kid boy girl baby family resident bystander passenger "
    "worshipper worshiper pilgrim student pupil teacher shopper protester protestor demonstrator farmer "
    "journalist reporter doctor nurse patient tourist refugee migrant mourner voter citizen infant "
    "schoolgirl schoolboy pedestrian".split()
)
# Head nouns (lemmas) of combatants; with a definite article they point back at a named group.
COMBATANT_NOUNS = frozenset(
    "fighter militant insurgent rebel soldier troop gunman militiaman jihadist guerrilla combatant "
    "islamist extremist force militia".split()
)
# Words that stand for a named armed group already mentioned ("the group", "the movement").
GROUP_WORDS = frozenset(
    "group movement organisation organization network regime militant insurgent islamist extremist "
    "jihadist rebel militia faction outfit administration".split()
)
# Of these and of the combatant nouns, the words that only a non-state group is called: "the
# insurgents" after "Afghan forces killed two insurgents" are not the Afghan forces.
NON_STATE_WORDS = frozenset(
    "group movement organisation organization network militant insurgent islamist extremist jihadist rebel "
    "militia faction outfit guerrilla militiaman".split()
)
# Pronouns that point back at a group (personal "he"/"his" point at a person).
GROUP_PRONOUNS = frozenset({"its", "their", "they", "them", "it"})
PERSON_PRONOUNS = frozenset({"his", "her", "he", "she", "him"})
# Verbs whose subject owns the force they take as object: "amassed/sent/deployed 9,000 fighters".
FORCE_OWNER_VERBS = frozenset(
    "amass send deploy gather have command lead mobilize mobilise muster field dispatch raise assemble "
    "recruit train mass station keep maintain build".split()
)
# Verbs whose subject is the side that lost the people counted: "the militants lost 40 men".
LOSS_VERBS = frozenset({"lose", "suffer"})
# How far back (characters) a generic "the group" looks for the group it stands for. A definite
# description points at a group the reader still has in mind: news paragraphs run one to three
# sentences (the headline corpus's lead paragraphs average 217 characters), so 1500 characters
# reach a few paragraphs back; beyond that, other groups have been named since and the link is a guess.
ANTECEDENT_REACH_CHARS = 1500
# Dependency steps from a count up to the verb that musters or lost the people ("a force of [some
# 9,000] fighters": number -> fighters -> of -> force -> amassed).
OWNER_VERB_CLIMB = 4
# A mention written "anti-Taliban", "pro-Taliban", "ex-Taliban": not Taliban people.
AFFIX_BEFORE = re.compile(r"(?:anti|pro|non|ex|post|pre)\s?[-\u2010\u2011\u2013]\s?$", re.IGNORECASE)


@dataclass(frozen=True)
class SideMention:
    """An actor mention as a side: char offsets in the part's text and the side it names.

    `side` is the canonical actor (for a person, their organisation; None when they have none);
    `armed` says whether it may stand behind "the group"/"its fighters"; `community` marks an
    ethnic or religious community, whose people are civilians unless counted as fighters."""

    start: int
    end: int
    side: Optional[str]
    armed: bool
    community: bool = False
    non_state: bool = False  # an armed group that is no state's force (rebels, militias)


def figure_side(doc, figure, mentions: Sequence[SideMention],
                lookup: Callable[[str], Optional[str]] = lambda name: None) -> Optional[str]:
    """The canonical side of a `numbers.Figure` read in the spaCy `doc`, or None when unknown.

    `lookup` gives the side of a name the mentions missed ("a Northern Alliance commander")."""
    text = doc_text(doc)  # spaCy rebuilds doc.text at each access: cached once per Doc
    mentions = _unaffixed(doc, text, mentions)
    phrase = _side_phrase(doc, figure)
    if phrase is not None:
        if _lemma(phrase[-1]) in RELATION_NOUNS and figure.kind != "force_size":
            # "his friend", "her husband": a person's kin, not their force's people
            return _named_in(phrase, mentions) or CIVILIANS
        side = _named_in(phrase, mentions) or _looked_up_in(phrase, lookup) or _owner_side(phrase[-1], mentions)
        if side is None and _lemma(phrase[-1]) in CIVILIAN_NOUNS and figure.kind != "force_size":
            side = CIVILIANS
        if side is None and _is_definite_combatant(phrase[-1]):
            side = _antecedent(phrase[-1].idx, mentions, non_state=_lemma(phrase[-1]) in NON_STATE_WORDS)
        if side is not None:
            return side
    return _owner_by_verb(doc, figure, mentions)


def _side_phrase(doc, figure):
    if figure.side_start is None or figure.side_end is None:
        return None
    phrase = doc.char_span(figure.side_start, figure.side_end, alignment_mode="expand")
    return phrase if phrase is not None and len(phrase) else None


# The mentions of a Doc left by `_unaffixed`, kept with the list they came from: every figure of
# a long page asked again for the same list.
_UNAFFIXED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _unaffixed(doc, text: str, mentions: Sequence[SideMention]) -> list[SideMention]:
    cached = _UNAFFIXED.get(doc)
    if cached is None or cached[0] is not mentions or cached[1] != len(mentions):
        cached = _UNAFFIXED[doc] = (mentions, len(mentions), [m for m in mentions if not _affixed(text, m.start)])
    return cached[2]


def _affixed(text: str, start: int) -> bool:
    return AFFIX_BEFORE.search(text[max(0, start - 6):start]) is not None


def _named_in(phrase, mentions: Sequence[SideMention]) -> Optional[str]:
    """The side of the first actor named inside the phrase (an armed one first)."""
    inside = [m for m in mentions if phrase.start_char <= m.start < phrase.end_char and m.side]
    inside.sort(key=lambda m: (not m.armed, m.start))
    if not inside:
        return None
    if inside[0].community and _lemma(phrase[-1]) not in COMBATANT_NOUNS:
        return CIVILIANS  # "nine Hazara men" killed are civilians; "Hazara fighters" are the Hazaras'
    return inside[0].side


def _looked_up_in(phrase, lookup: Callable[[str], Optional[str]]) -> Optional[str]:
    """The side of the proper-noun modifier of the counted noun ("a [Northern Alliance] commander")."""
    names = [t for t in phrase[:-1] if t.pos_ == "PROPN" and not _affixed(doc_text(phrase.doc), t.idx)]
    if not names:
        return None
    return lookup(doc_text(phrase.doc)[names[0].idx:names[-1].idx + len(names[-1].text)])


def _owner_side(head, mentions: Sequence[SideMention]) -> Optional[str]:
    """The side of the phrase's owner: "[the group's] fighters", "fighters [of the NRF]"."""
    owners = [c for c in head.children if c.dep_ == "poss"]
    owners += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"]
    for owner in owners:
        side = referent(owner, mentions)
        if side is not None:
            return side
    return None


def referent(token, mentions: Sequence[SideMention], pronouns: bool = True) -> Optional[str]:
    """The actor a noun or pronoun names: a mention over its phrase, else — for "the group", "the
    radical Islamists", "its" (unless `pronouns` is False) — the nearest armed actor named before
    it (a non-state one for words only such groups are called)."""
    lo, hi = token.left_edge.idx, token.idx + len(token.text)
    named = [m for m in mentions if lo <= m.start < hi and m.side and not _after_stance_prefix(token.doc, m.start)]
    if named:
        return sorted(named, key=lambda m: (not m.armed, m.start))[0].side
    word = token.lower_
    if not pronouns and token.pos_ == "PRON":
        return None
    if word in PERSON_PRONOUNS:
        return _antecedent(token.idx, mentions, armed=False)
    if word in GROUP_PRONOUNS or (_lemma(token) in GROUP_WORDS and _is_definite(token)):
        return _antecedent(token.idx, mentions, non_state=_lemma(token) in NON_STATE_WORDS)
    return None


def _after_stance_prefix(doc, start: int) -> bool:
    """The "junta" of "anti-junta militias": whom the phrase's group opposes, not the group."""
    from eventfold.annotate.actor_lexicon import STANCE_PREFIXES

    before = doc_text(doc)[max(0, start - 6):start].lower()
    return before.endswith("-") and before[:-1].rsplit(" ", 1)[-1].lstrip("(\"'") in STANCE_PREFIXES


def _is_definite(token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another", "some", "any")
               for c in token.children)


def _is_definite_combatant(head) -> bool:
    return _lemma(head) in COMBATANT_NOUNS and _is_definite(head)


def _antecedent(position: int, mentions: Sequence[SideMention], armed: bool = True,
                non_state: bool = False) -> Optional[str]:
    """The side of the nearest mention before `position` (within reach), armed ones only by default."""
    before = [m for m in mentions if position - ANTECEDENT_REACH_CHARS <= m.start and m.end <= position
              and m.side and (m.armed or not armed) and (m.non_state or not non_state)]
    return max(before, key=lambda m: m.start).side if before else None


def _owner_by_verb(doc, figure, mentions: Sequence[SideMention]) -> Optional[str]:
    """Whose people a bare count counts: the subject of the verb that musters a force ("amassed
    9,000 fighters") or that lost them ("the militants lost 40 men")."""
    token = doc.char_span(figure.start, figure.end, alignment_mode="expand")
    if token is None or not len(token):
        return None
    current = token.root
    for _ in range(OWNER_VERB_CLIMB):
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            break
        current = current.head
    owner_verbs = LOSS_VERBS | (FORCE_OWNER_VERBS if figure.kind == "force_size" else frozenset())
    if _lemma(current) not in owner_verbs:
        return None
    subjects = [c for c in current.children if c.dep_ == "nsubj"]
    return referent(subjects[0], mentions) if subjects else None


def _lemma(token) -> str:
    """The lemma, lower-cased; a capitalised plural the tagger took for a name ("Islamists") singular."""
    lemma = token.lemma_.lower()
    return lemma[:-1] if token.pos_ == "PROPN" and lemma.endswith("s") and lemma[:-1] in GROUP_WORDS else lemma
