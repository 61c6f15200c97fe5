"""Status claims: who controls a place, as a sentence asserts or denies it.

"The Taliban claimed to have taken the valley", "the fall of the last region held by the
resistance", "the province is still in the resistance's hands", "the only province not under
Taliban control" — each becomes a `StatusClaim(subject=place, value=controller, polarity)`.
A denial that names no claim of its own ("the NRF issued a statement denying the claim")
points back to the latest claim in the text (`denial_target`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from eventfold.model import Claim, PlaceMention

# Verbs whose subject takes control of their object.
TAKE_LEMMAS = frozenset({"take", "capture", "seize", "overrun", "conquer", "retake", "recapture", "control", "win"})
# Nouns and verbs saying a place changed hands without naming who took it.
FALL_LEMMAS = frozenset({"fall", "collapse", "surrender"})
# "in the resistance's hands", "under Taliban control", "held by the NRF".
HELD_PATTERN = re.compile(
    r"\b(?P<neg>not |no longer )?(?:(?:still |firmly )?in (?:the )?(?P<hands>[\w' -]+?)(?:'s|’s|') hands"
    r"|under (?P<under>[\w-]+(?: [\w-]+)?) control|held by (?:the )?(?P<held>[\w' -]+?)(?=[,.;]| and | but |$))",
    re.IGNORECASE,
)
# Words for "the place the story is about" when no toponym is named.
PLACE_WORDS = frozenset({"region", "stronghold", "province", "valley", "district", "city", "capital", "town", "area"})


@dataclass(frozen=True)
class StatusClaim:
    subject: str  # the place
    value: str  # who controls it
    polarity: str  # asserted or denied
    start: int
    end: int
    rule: str


def control_claims(sent, places: list[PlaceMention], main_place: Optional[str] = None) -> list[StatusClaim]:
    """Claims about who controls a place in one sentence (a spaCy Span)."""
    subject = _subject_place(sent, places, main_place)
    if subject is None:
        return []
    found = _held_claims(sent, subject) + _taken_claims(sent, subject)
    return found[:1] if found else []


def _subject_place(sent, places: list[PlaceMention], main_place: Optional[str]) -> Optional[str]:
    if places:
        return places[0].place.name if places[0].place else places[0].text
    if main_place and any(t.lemma_.lower() in PLACE_WORDS for t in sent):
        return main_place
    return None


def _held_claims(sent, subject: str) -> list[StatusClaim]:
    claims = []
    for match in HELD_PATTERN.finditer(sent.text):
        holder = match.group("hands") or match.group("under") or match.group("held")
        polarity = "denied" if match.group("neg") else "asserted"
        start = sent.start_char + match.start()
        claims.append(StatusClaim(subject, _clean_actor(holder), polarity, start, sent.start_char + match.end(),
                                  "status:held-by"))
    return claims


def _taken_claims(sent, subject: str) -> list[StatusClaim]:
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in TAKE_LEMMAS and token.pos_ == "VERB":
            agent = _agent_of(token)
            if agent:
                polarity = "denied" if any(child.dep_ == "neg" for child in token.children) else "asserted"
                return [StatusClaim(subject, agent, polarity, sent.start_char, sent.end_char, f"status:{lemma}")]
        if lemma in FALL_LEMMAS:
            return [StatusClaim(subject, "lost by its holders", "asserted", sent.start_char, sent.end_char,
                                f"status:{lemma}")]
    return []


def _agent_of(verb) -> Optional[str]:
    """The subject of a taking verb, climbing through "claim to have taken" chains."""
    current = verb
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "agent")]
        if subjects:
            head = subjects[0]
            if head.dep_ == "agent":
                head = next((c for c in head.children if c.dep_ == "pobj"), head)
            return _clean_actor(" ".join(t.text for t in head.subtree))
        if current.dep_ in ("xcomp", "ccomp", "advcl", "conj") and current.head is not current:
            current = current.head
        else:
            break
    return None


def _clean_actor(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return text.rstrip("'’s ").strip() or text


def denial_target(sent, earlier: list[Claim]) -> Optional[Claim]:
    """The claim a bare denial ("denied the claim", "rejected the reports") answers: the latest one."""
    control = [c for c in earlier if c.kind == "control" and c.polarity == "asserted"]
    return (control or [c for c in earlier if c.polarity == "asserted"] or [None])[-1]
