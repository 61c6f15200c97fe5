"""Status claims: who controls a place, as a sentence asserts or denies it.

"The rebels claimed to have taken the valley", "the loss of the last town the army held",
"the district remains in the militia's hands", "the only region the junta does not control" — each becomes a `StatusClaim(subject=place, value=controller, polarity)`.
A denial that names no claim of its own ("the NRF issued a statement denying the claim")
points back to the latest claim in the text (`denial_target`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from eventfold.annotate.doctext import doc_text, span_text
from eventfold.extract.lexicon import DISTANCE_UNITS
from eventfold.model import Claim, PlaceMention
from eventfold.prefilter import Prefiltered, lowered

# Verbs whose subject takes control of their object.
TAKE_LEMMAS = frozenset({"take", "capture", "seize", "overrun", "conquer", "retake", "recapture", "control", "win",
                         "hold"})
# Verbs whose subject has, takes or claims the "control of" a place ("claimed control of the airport").
CONTROL_NOUN_VERBS = frozenset({"claim", "take", "gain", "seize", "assume", "have", "retain", "establish", "win",
                                "wrest", "regain"})
# Nouns and verbs saying a place changed hands without naming who took it.
FALL_LEMMAS = frozenset({"fall", "collapse", "surrender"})
# "in the resistance's hands", "under Taliban control", "held by the NRF".
HELD_PATTERN = re.compile(
    r"\b(?P<neg>not |no longer )?(?:(?:still |firmly )?in (?:the )?(?P<hands>[\w' -]+?)(?:'s|’s|') hands"
    r"|under (?P<under>[\w-]+(?: [\w-]+)?) control|held by (?:the )?(?P<held>[\w' -]+?)(?=[,.;]| and | but |$))",
    re.IGNORECASE,
)
# The same search, skipped in a sentence without "hands", "control" or "held by" (most of them).
_HELD_SEARCH = Prefiltered(HELD_PATTERN)
# Possessives that name no holder ("still in their hands").
PRONOUN_HOLDERS = frozenset({"their", "its", "his", "her", "our", "my", "your"})
# Heads of an object that denote territory ("the vast majority of Afghanistan", "the rest of the country").
TERRITORY_HEADS = frozenset({"majority", "rest", "part", "most", "all", "much", "control", "territory", "half", "whole",
                             "parts", "areas", "swathes", "swaths", "city", "town", "capital", "district", "province",
                             "valley", "region", "stronghold", "area", "village", "base", "country"})
# Sites whose taking is a control claim even unnamed by a toponym ("had taken the presidential palace").
FACILITY_NOUNS = frozenset({"palace", "airport", "airbase", "base", "headquarters", "barracks", "garrison", "outpost",
                            "post", "checkpoint", "station", "bridge", "residence", "compound", "ministry"})
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


def control_claims(sent, places: list[PlaceMention], main_place: Optional[str] = None,
                   antecedents: list[PlaceMention] = ()) -> list[StatusClaim]:
    """Claims about who controls a place in one sentence (a spaCy Span).

    A fall and a holder in one sentence ("the fall of the last town held by government
    troops") are one claim: the place was lost by that holder.
    """
    held = _held_claims(sent, places, main_place, antecedents)
    taken = _taken_claims(sent, places, main_place, antecedents)
    if held and taken and taken[0].value == FALLEN:
        fall = taken[0]
        return [StatusClaim(held[0].subject, f"lost by {held[0].value}", held[0].polarity, held[0].start, held[0].end,
                            fall.rule)]
    found = held + taken
    return found[:1] if found else []


# The value of a claim that a place fell, its taker unnamed.
FALLEN = "lost by its holders"
# A place noun this many words before a status phrase ("the region held by", "the province is
# still in") is its subject, standing for the place the story is about.
PLACE_WORD_REACH = 3


# The GeoNames features a settlement noun can stand for; any other place noun ("the province",
# "the district", "the valley") stands for any place smaller than a country, since the press
# often names a district by its province.
PLACE_NOUN_FEATURES = {"city": ("PPL",), "town": ("PPL",), "capital": ("PPLC", "PPLA"), "village": ("PPL",)}
# Place nouns a town cannot stand for.
NOT_A_SETTLEMENT = frozenset({"valley", "province", "region"})


def _subject_place(sent, places: list[PlaceMention], main_place: Optional[str], at: int,
                   antecedents: list[PlaceMention] = ()) -> Optional[str]:
    """The place a status phrase starting at char `at` is about: for a place noun just before the
    phrase ("the province is still in..."), the latest place of that kind named before it; else
    the nearest toponym before the phrase (a country only if no other), else the first toponym."""
    before = [t for t in sent if t.idx < at][-PLACE_WORD_REACH:]
    noun = next((t.lemma_.lower() for t in reversed(before) if t.lemma_.lower() in PLACE_WORDS), None)
    if noun:
        return _antecedent(noun, [*antecedents, *(p for p in places if p.span.start < at)], main_place,
                           doc_text(sent.doc))
    named = sorted(places, key=lambda p: (_is_country(p), -p.span.start if p.span.start < at else 10**9))
    if named:
        return named[0].place.name if named[0].place else named[0].text
    noun = next((t.lemma_.lower() for t in sent if t.lemma_.lower() in PLACE_WORDS), None)
    return _antecedent(noun, antecedents, main_place, doc_text(sent.doc)) if noun else None


def _antecedent(noun: str, earlier: list[PlaceMention], main_place: Optional[str], text: str = "") -> Optional[str]:
    """The place "the province"/"the valley" refers back to: the latest earlier place the text
    called so ("the Panjshir valley"), else the latest whose kind fits the noun; the story's main
    place only when nothing was named before and it fits too."""
    called_so = [p for p in earlier if p.place is not None and not _is_country(p) and _called(noun, p, text)]
    fitting = [p for p in earlier if p.place is not None and _fits(noun, p)] or called_so
    called = [p for p in fitting if _called(noun, p, text)]
    if fitting:
        return max(called or fitting, key=lambda p: p.span.start).place.name
    main = next((p for p in earlier if p.place is not None and p.place.name == main_place), None)
    return main_place if main_place and (main is None or _fits(noun, main)) and not earlier else None


def _called(noun: str, mention: PlaceMention, text: str) -> bool:
    """The text names the place with the noun: "the Panjshir valley", "Baghlan province"."""
    if mention.text.lower().split()[-1:] == [noun]:
        return True
    after = text[mention.span.end:mention.span.end + len(noun) + 2].lower().split()
    if bool(after) and after[0].rstrip(".,;:") in (noun, noun + "s"):
        return True
    # "Wad Madani, the capital of Gezira State": an apposition calls it so
    return re.match(rf",\s+(?:the|a|an)\s+(?:[\w-]+\s+)?{noun}\b", text[mention.span.end:], re.IGNORECASE) is not None


def _fits(noun: str, mention: PlaceMention) -> bool:
    code = mention.place.feature_code or ""
    features = PLACE_NOUN_FEATURES.get(noun)
    if noun in NOT_A_SETTLEMENT and code.startswith("PPL"):
        return False  # a town is no valley or province
    if features is None:
        return not code.startswith("PCL")
    return any(code.startswith(feature) for feature in features)


def _is_country(mention: PlaceMention) -> bool:
    return bool(mention.place and (mention.place.feature_code or "").startswith("PCL"))


def _held_claims(sent, places, main_place, antecedents) -> list[StatusClaim]:
    claims = []
    text = span_text(sent)
    for match in _HELD_SEARCH.finditer(text, lowered(text)):
        start = sent.start_char + match.start()
        subject = _subject_place(sent, places, main_place, start, antecedents)
        if subject is None:
            continue
        holder = match.group("hands") or match.group("under") or match.group("held")
        polarity = "denied" if match.group("neg") else "asserted"
        holder = _up_to_verb(sent, sent.start_char + match.start(_holder_group(match)), holder)
        if holder.strip().lower() in PRONOUN_HOLDERS:
            continue  # "in their hands": whose, the sentence does not say; nothing checkable
        claims.append(StatusClaim(subject, _clean_actor(holder), polarity, start, sent.start_char + match.end(),
                                  "status:held-by"))
    return claims


def _holder_group(match) -> str:
    return next(name for name in ("hands", "under", "held") if match.group(name))


def _up_to_verb(sent, start: int, holder: str) -> str:
    """"anti-Taliban forces saw Taliban celebrate": the holder ends before the next verb."""
    for token in sent:
        if start < token.idx < start + len(holder) and token.pos_ in ("VERB", "AUX"):
            return holder[: token.idx - start].strip()
    return holder


def _taken_claims(sent, places, main_place, antecedents) -> list[StatusClaim]:
    """"X took/captured/controls PLACE" (the place in the verb's object) and "PLACE fell" / "the
    fall of PLACE" (the place as what fell). A pronoun taker says nothing checkable: no claim."""
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma == "control" and token.pos_ == "NOUN" and token.dep_ == "dobj" \
                and token.head.lemma_.lower() in CONTROL_NOUN_VERBS:
            # "The RSF claimed control of Khartoum airport": the place is what the control is of
            agent = _agent_of(token.head)
            subject = _place_within(token, ("prep",), places, main_place, antecedents)
            if agent and subject:
                return [StatusClaim(subject, agent, "asserted", sent.start_char, sent.end_char, "status:control-of")]
        if lemma in TAKE_LEMMAS and token.pos_ == "VERB":
            agent = _agent_of(token)
            subject = _place_within(token, ("dobj", "attr"), places, main_place, antecedents)
            if agent and subject:
                polarity = "denied" if any(child.dep_ == "neg" for child in token.children) else "asserted"
                return [StatusClaim(subject, agent, polarity, sent.start_char, sent.end_char, f"status:{lemma}")]
        if lemma in FALL_LEMMAS and not _people_fell(token):
            roles = ("nsubj",) if token.pos_ in ("VERB", "AUX") else ("prep",)
            subject = _place_within(token, roles, places, main_place, antecedents)
            if subject:
                return [StatusClaim(subject, FALLEN, "asserted", sent.start_char, sent.end_char, f"status:{lemma}")]
    return []


def _place_within(head, dependencies: tuple[str, ...], places, main_place, antecedents=()) -> Optional[str]:
    """The place named inside the head's children of the given dependencies ("took [the valley of
    Panjshir]", "[Kabul] fell", "the fall [of the last region]"): a toponym there, else the story's
    place when a place noun stands there."""
    for child in head.children:
        if child.dep_ not in dependencies:
            continue
        site = _names_a_site(child)
        if child.dep_ != "prep" and child.pos_ != "PROPN" and child.lemma_.lower() not in TERRITORY_HEADS and not site:
            continue  # "seized [US military equipment]": a place inside, but not what was taken
        owners = {t.idx for t in child.subtree if t.dep_ == "poss"}  # "Afghanistan's army": an owner, not the place
        first, last = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
        inside = [p for p in places if first <= p.span.start < last and p.span.start not in owners]
        if inside:
            named = sorted(inside, key=_is_country)[0]
            return named.place.name if named.place else named.text
        where = _place_of_the_taking(head, places) if child.lemma_.lower() in TERRITORY_HEADS else None
        if where is not None:
            return where  # "seized three districts in the Andarab valley"
        noun = next((t.lemma_.lower() for t in child.subtree if t.lemma_.lower() in PLACE_WORDS), None)
        if noun:
            return _antecedent(noun, [*antecedents, *(p for p in places if p.span.start < first)], main_place,
                               doc_text(head.doc))
        if site:
            # "had taken the presidential palace, the airport and the residence of the army chief"
            return re.sub(r"^(?:the|a|an) ", "", doc_text(head.doc)[first:last])
    return None


def _place_of_the_taking(verb, places) -> Optional[str]:
    """The toponym of the taking verb's own "in" phrase, for ground its object does not name."""
    for preposition in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        first, last = preposition.left_edge.idx, preposition.right_edge.idx + len(preposition.right_edge.text)
        inside = sorted((p for p in places if first <= p.span.start < last and p.place is not None), key=_is_country)
        if inside:
            return inside[0].place.name
    return None


def _names_a_site(noun) -> bool:
    """The noun or one listed with it is a site ("the state television building and the main airport")."""
    listed = (noun, *(c for c in noun.children if c.dep_ == "conj"))
    # "two of the posts": a share of sites is sites
    shares = [g for t in listed for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
    return any(t.lemma_.lower() in FACILITY_NOUNS for t in (*listed, *shares))


def _people_fell(verb) -> bool:
    """"12 Taliban fell": soldiers, not a place."""
    return any(c.dep_ == "nsubj" and (c.ent_type_ in ("NORP", "ORG", "PERSON", "CARDINAL")
                                      or any(g.dep_ == "nummod" for g in c.children)) for c in verb.children)


def _agent_of(verb) -> Optional[str]:
    """The subject of a taking verb, climbing through "claim to have taken" chains."""
    current = verb
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "agent")
                    and c.lemma_.lower() not in DISTANCE_UNITS]  # "some 120 kilometers ..., fighters claimed"
        if subjects:
            head = subjects[0]
            if head.dep_ == "agent":
                head = next((c for c in head.children if c.dep_ == "pobj"), head)
            if head.pos_ == "PRON":
                return _speaker_of(current, head)  # "the RSF said that they had captured": the RSF
            return _clean_actor(doc_text(head.doc)[head.left_edge.idx:head.right_edge.idx + len(head.right_edge.text)])
        if current.dep_ in ("xcomp", "ccomp", "advcl", "conj") and current.head is not current:
            current = current.head
        else:
            break
    return None


# Pronouns by which a group speaking tells its own deeds ("the army said it had retaken the town").
SPEAKER_PRONOUNS = frozenset({"they", "it", "we"})


def _speaker_of(verb, pronoun) -> Optional[str]:
    """The group whose words the clause of `verb` reports, when `pronoun` is how it names itself:
    "The RSF said on Friday that they had captured the base" — the RSF; else None."""
    from eventfold.extract.quotes import SPEECH_LEMMAS, trimmed_text

    speech = verb.head
    if pronoun.lower_ not in SPEAKER_PRONOUNS or verb.dep_ != "ccomp" or speech.lemma_.lower() not in SPEECH_LEMMAS:
        return None
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.pos_ not in ("PROPN", "NOUN"):
        return None
    return _clean_actor(trimmed_text(speaker))


def _clean_actor(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"(?:'s|’s|'|’)$", "", text).strip() or text  # the possessive, not a plural's s


def denial_target(sent, earlier: list[Claim]) -> Optional[Claim]:
    """The claim a bare denial ("denied the claim", "rejected the reports") answers: the latest one."""
    control = [c for c in earlier if c.kind == "control" and c.polarity == "asserted"]
    return (control or [c for c in earlier if c.polarity == "asserted"] or [None])[-1]
