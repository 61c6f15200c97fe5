"""Actors without a dictionary: what kind of party a phrase names, its country and ACLED name.

A report on a war the project never saw still says who fought: "the army", "Russian forces",
"the paramilitary Rapid Support Forces (RSF)", "Arab militias", "gunmen", "protesters". This
module reads such phrases with the word tables of `actor_lexicon` (one copy for every stage):

* `read_phrase(words)` — the category, country and ACLED-style name of a descriptive noun phrase
  ("junta troops" -> State forces, "Military Forces of {country}"), with the words that decided;
* `read_name(name, context_words)` — the category of a named group from the words inside its name
  ("... Liberation Front") and the descriptors beside its mentions ("M23 rebels");
* `actor_kind(text)` — "state" / "non_state" / None for the first actor phrase of a text, for
  rules that only need the side (territory changes);
* `acronym_links(text)` — "Rapid Support Forces (RSF)": acronym -> long form within one article.

A dictionary entry (an actors file or pack) always overrides what is read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

from eventfold.annotate import actor_lexicon as lex
from eventfold.annotate.doctext import lower_words, token_texts


@dataclass(frozen=True, slots=True)
class Reading:
    """What a phrase says about the actor it names."""

    category: str
    country: Optional[str]  # ISO2 named in the phrase (a demonym or country name), else None
    kind: str  # military, police, armed-men, militia, identity-militia, rebels, rioters, protesters,
    #            civilians, external
    evidence: str  # the words that decided, for `Entity.category_source`
    community: Optional[str] = None  # "Arab" of "Arab militias", "Hawiye" of "Hawiye clan militia"

    def acled_name(self, article_country: Optional[str]) -> str:
        """ACLED's name for the unnamed actor: "Military Forces of Sudan", "Civilians (Ukraine)"."""
        country = lex.country_name(self.country or article_country)
        if self.kind in ("military", "police"):
            return lex.STATE_NAMES[self.kind].format(country=country)
        if self.kind == "named-militia":
            return f"{self.community} Militia"
        if self.kind == "identity-militia":
            if self.community:
                kind = "Clan" if "clan" in self.evidence else "Ethnic"
                return lex.IDENTITY_MILITIA_NAME.format(community=self.community, kind=kind, country=country)
            return lex.COMMUNAL_MILITIA_NAME.format(country=country)
        if self.kind == "gang":
            return f"Unidentified Gang ({country})"
        if self.kind == "multinational":
            return f"Multinational Forces ({country})"
        if self.kind == "peacekeepers":
            return f"Peacekeepers ({country})"
        if self.kind == "pro-state-militia":
            return f"Pro-Government Militia ({country})"
        category = lex.POLITICAL_MILITIA if self.kind in ("armed-men", "militia", "rebels") else self.category
        return lex.GROUP_NAMES[category].format(country=country)


# ---------------------------------------------------------------- descriptive phrases


_POSSESSIVE_END = re.compile(r"['’]s$")  # compiled once: `read_phrase` runs for every noun phrase


def read_phrase(words: list[str]) -> Optional[Reading]:
    """The actor a noun phrase describes, read off its head noun and modifiers; None if none.

    `words` are the phrase's words in order, its head last ("the", "Sudanese", "army")."""
    words = [_POSSESSIVE_END.sub("", w) for w in words if w and w[0].isalnum()]
    lowered = [w.lower() for w in words]
    owner = None
    if "of" in lowered[1:]:  # "the army of Sudan": the country after "of", the head before it
        cut = lowered.index("of", 1)
        owner = lex.country_of_words(words[cut + 1:])
        if owner is None:
            return None
        words = words[:cut]
    if not words:
        return None
    lower = [w.lower() for w in words]
    head, pair = lower[-1], " ".join(lower[-2:])
    modifiers = lower[:-1]
    country = owner or lex.country_of_words(words[:-1])
    for reader in (_external, _police, _military, _militia, _rebels, _gang, _armed_men, _crowd):
        found = reader(head, pair, modifiers, words, country)
        if found is not None:
            return found
    return None


def _evidence(words: list[str]) -> str:
    return f"inferred: '{' '.join(words)}'"


def _external(head, pair, modifiers, words, country) -> Optional[Reading]:
    if head.startswith("peacekeep") or "peacekeeping" in modifiers:
        return Reading(lex.EXTERNAL, country, "peacekeepers", _evidence(words))
    if set(modifiers) & lex.EXTERNAL_MODIFIERS and head in lex.MILITARY_NOUNS | lex.FORCE_NOUNS:
        return Reading(lex.EXTERNAL, country, "multinational", _evidence(words))
    if head in lex.EXTERNAL_NOUNS or pair in lex.EXTERNAL_PHRASES:
        return Reading(lex.EXTERNAL, country, "external", _evidence(words))
    return None


def _police(head, pair, modifiers, words, country) -> Optional[Reading]:
    if head in lex.POLICE_NOUNS or (modifiers and modifiers[-1] == "police" and head in
                                    lex.FORCE_NOUNS | {"officers", "officer", "units"}):
        return Reading(lex.STATE, country, "police", _evidence(words))
    return None


def _military(head, pair, modifiers, words, country) -> Optional[Reading]:
    if head in lex.MILITARY_NOUNS or pair in lex.MILITARY_PHRASES:
        return Reading(lex.STATE, country, "military", _evidence(words))
    owned = set(modifiers) & lex.STATE_OWNER_WORDS
    if head in lex.FORCE_NOUNS - {"fighters"} and (owned or country):
        return Reading(lex.STATE, country, "military", _evidence(words))
    return None


def _militia(head, pair, modifiers, words, country) -> Optional[Reading]:
    if head not in lex.MILITIA_NOUNS:
        return None
    if set(modifiers) & lex.PRO_STATE_MODIFIERS:
        return Reading(lex.POLITICAL_MILITIA, country, "pro-state-militia", _evidence(words))
    community = _community(words[:-1])
    if community or set(modifiers) & lex.IDENTITY_MODIFIERS:
        return Reading(lex.IDENTITY_MILITIA, country, "identity-militia", _evidence(words), community)
    return Reading(lex.POLITICAL_MILITIA, country, "militia", _evidence(words))


def _community(modifiers: list[str]) -> Optional[str]:
    """A capitalised modifier that is no country's name or demonym: an ethnic group or clan
    ("Arab", "Fulani", "Hawiye")."""
    names = [w for i, w in enumerate(modifiers) if w[:1].isupper() and w.lower() not in lex.IDENTITY_MODIFIERS
             and lex.country_of_words([w]) is None and w.lower() not in ("the", "a", "an", "local")
             and not (i and modifiers[i - 1].lower() in lex.STANCE_PREFIXES)]  # "anti-Taliban militias"
    return " ".join(names) if names else None


def _rebels(head, pair, modifiers, words, country) -> Optional[Reading]:
    if head in lex.REBEL_NOUNS:
        return Reading(lex.REBELS, country, "rebels", _evidence(words))
    if head == "fighters" and "resistance" in modifiers:
        return Reading(lex.REBELS, country, "rebels", _evidence(words))
    return None


def _gang(head, pair, modifiers, words, country) -> Optional[Reading]:
    if head in lex.GANG_NOUNS or (head in ("members", "member") and modifiers and modifiers[-1] in lex.GANG_NOUNS):
        return Reading(lex.POLITICAL_MILITIA, country, "gang", _evidence(words))
    return None


def _armed_men(head, pair, modifiers, words, country) -> Optional[Reading]:
    if head in lex.ARMED_MEN_NOUNS or pair in lex.ARMED_MEN_PHRASES or \
            (head in ("men", "group", "groups", "fighters") and "armed" in modifiers) or head == "fighters":
        return Reading(lex.POLITICAL_MILITIA, country, "armed-men", _evidence(words))
    return None


def _crowd(head, pair, modifiers, words, country) -> Optional[Reading]:
    for nouns, category, kind in ((lex.RIOTER_NOUNS, lex.RIOTERS, "rioters"),
                                  (lex.PROTESTER_NOUNS, lex.PROTESTERS, "protesters"),
                                  (lex.CIVILIAN_NOUNS, lex.CIVILIANS, "civilians")):
        if head in nouns:
            return Reading(category, country, kind, _evidence(words))
    return None


# ---------------------------------------------------------------- named groups


def read_name(name: str, context_words: Iterable[str] = ()) -> Optional[Reading]:
    """The category of a named organisation: a state's forces when its name holds a country and a
    state head ("Sudanese Armed Forces"); else the descriptors beside its mentions ("the
    paramilitary RSF", "M23 rebels"); else the words of its name ("... Liberation Front")."""
    words = re.findall(r"[\w'’-]+", name)
    lower = [w.lower() for w in words]
    country = lex.country_of_words(words)
    state_head = _state_head(lower)
    rebel_words = set(lower) & lex.REBEL_NAME_WORDS
    if country and state_head and not rebel_words:
        kind = "police" if "police" in state_head or "gendarmerie" in state_head else "military"
        return Reading(lex.STATE, country, kind, f"inferred: '{state_head}' of a country in '{name}'")
    # The head of the name is no descriptor beside it: "Arakan Army" is not "the army".
    own_head = {lower[-1]} & lex.NON_STATE_FORCE_HEADS if lower else set()
    cue = _name_cue([w.lower() for w in context_words if w.lower() not in own_head])
    if cue is not None:
        category, word = cue
        return Reading(category, country, "named", f"inferred: '{word}' beside '{name}'")
    if set(lower) & lex.MILITIA_NAME_WORDS:
        return Reading(lex.POLITICAL_MILITIA, country, "named", f"inferred: militia in the name '{name}'")
    if set(lower) & lex.EXTERNAL_NAME_WORDS and not rebel_words:
        return Reading(lex.EXTERNAL, country, "named", f"inferred: mission in the name '{name}'")
    if rebel_words and lower and lower[-1] in lex.ARMED_NAME_HEADS | lex.MOVEMENT_TERRITORY_HEADS:
        return Reading(lex.REBELS, country, "named", f"inferred: '{sorted(rebel_words)[0]}' in the name '{name}'")
    if len(lower) > 1 and lower[-1] in lex.NON_STATE_FORCE_HEADS and not country:
        # "People's Defence Force", "Arakan Army": a force no state's name owns fights the state
        return Reading(lex.REBELS, None, "named", f"inferred: a force's name with no country: '{name}'")
    return None


def country_of_modifier(noun, deps=("amod", "poss", "compound", "nmod")) -> Optional[str]:
    """The country a capitalised modifier of a noun names: "the Sudanese capital", "US citizens"."""
    for child in noun.children:
        if child.dep_ in deps and child.text[:1].isupper():
            country = lex.country_of_words([child.text])
            if country:
                return country
    return None


def _state_head(lower: list[str]) -> Optional[str]:
    for size in (2, 1):
        tail = " ".join(lower[-size:])
        if len(lower) > size and tail in lex.STATE_NAME_HEADS:
            return tail
    opening = " ".join(lower[:2])
    return opening if len(lower) > 2 and opening in lex.STATE_NAME_OPENINGS else None


def _name_cue(words: list[str]) -> Optional[tuple[str, str]]:
    """The category the descriptors around a name vote for (ties: none); with the deciding word."""
    votes: dict[str, list[str]] = {}
    for word in words:
        for category, cues in lex.NAME_CUES.items():
            if word in cues:
                votes.setdefault(category, []).append(word)
    if lex.IDENTITY_MILITIA in votes and lex.POLITICAL_MILITIA in votes:
        votes[lex.IDENTITY_MILITIA] += votes.pop(lex.POLITICAL_MILITIA)
    if not votes:
        armed = [w for w in words if w in lex.ARMED_CUES]
        return (lex.REBELS, armed[0]) if armed else None
    ranked = sorted(votes.items(), key=lambda item: -len(item[1]))
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        return None
    return ranked[0][0], ranked[0][1][0]


# ---------------------------------------------------------------- acronyms


# Arabic article and conjunction prefixes written lower-case before a capital: "al-Islam", "wal-Muslimin".
_PREFIXED_WORD = r"(?:al|el|wal|wa|ad|ar|as|ash|at|az|ibn|bin|abu)-[A-Z][\w'’-]*"
_LONG_FORM = re.compile(rf"((?:[A-Z][\w'’-]*|{_PREFIXED_WORD}|of|the|for|and|de|du|des|al|el)(?:\s+(?:[A-Z][\w'’-]*|"
                        rf"{_PREFIXED_WORD}|\d+|of|the|for|and|de|du|des|al|el|-))*)\s*\(\s*([A-Z][A-Za-z0-9-]{{1,9}})\s*\)")
# A translated long form keeps at least this share of the acronym's letters among its initials
# ("Group for Support of Islam and Muslims (JNIM)": I and M of four).
TRANSLATED_SHARED_LETTERS = 0.5


def acronym_links(text: str) -> dict[str, str]:
    """"Rapid Support Forces (RSF)" -> {"RSF": "Rapid Support Forces"}: long forms the text spells
    out before an acronym in brackets (the long form's capitals must spell the acronym, or the
    acronym be a French/Arabic-order shuffle of them, as JNIM's)."""
    links = {}
    if "(" not in text:  # no bracket, no acronym spelt out (spares a scan of every capitalised run)
        return links
    for found in _LONG_FORM.finditer(text):
        long_form, acronym = found.group(1).strip(), found.group(2)
        long_form = _trim_to_acronym(long_form, acronym)
        if long_form:
            links.setdefault(acronym, long_form)
    return links


def _trim_to_acronym(long_form: str, acronym: str) -> Optional[str]:
    """The shortest tail of the capitalised run whose initials hold the acronym's letters."""
    words = long_form.split()
    letters = re.findall(r"\d+|[A-Z]", acronym.upper())  # "M23" -> M, 23 ("March 23 Movement")
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        initials = _initials(tail)
        if not initials or not tail[0][:1].isupper():
            continue
        if initials == letters or (len(initials) >= len(letters) - 1 and sorted(initials) == sorted(letters)):
            return " ".join(tail)
        if any(t.isdigit() for t in letters) and _covers(initials, letters) and len(initials) <= len(letters) + 1:
            return " ".join(tail)  # a number in the acronym: its letters in any order, one word spare
        if len(initials) > len(letters) + 1:
            break
    return _translated_long_form(words, letters)


def _initials(words: list[str]) -> list[str]:
    """The capitals (or numbers) that start the words of a name; "al-Islam" counts as I."""
    initials = []
    for word in words:
        if word.isdigit():
            initials.append(word)
        elif word[:1].isupper():
            initials.append(word[0])
        elif re.fullmatch(_PREFIXED_WORD, word):
            initials.append(word.split("-", 1)[1][0])
    return initials


def _translated_long_form(words: list[str], letters: list[str]) -> Optional[str]:
    """A long form given in translation before the original acronym ("Group for Support of Islam and
    Muslims (JNIM)"): as many capitalised words as letters, give or take one, sharing enough of them."""
    if words and words[0].lower() == "the":
        words = words[1:]
    initials = _initials(words)
    if not words or not words[0][:1].isupper() or abs(len(initials) - len(letters)) > 1 or len(letters) < 3:
        return None
    shared = len(letters) - len([letter for letter in letters if letter not in initials])
    return " ".join(words) if shared >= TRANSLATED_SHARED_LETTERS * len(letters) else None


def _covers(initials: list[str], letters: list[str]) -> bool:
    pool = list(initials)
    for letter in letters:
        if letter not in pool:
            return False
        pool.remove(letter)
    return True


# ---------------------------------------------------------------- the kind of the first actor


_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]|[,;:()]")
# Words after an actor word that make it an adjective of a thing ("army base", "police station").
THING_NOUNS = frozenset("""base bases station stations headquarters camp camps barracks post posts checkpoint
    checkpoints vehicle vehicles truck trucks tank tanks aircraft jet jets helicopter helicopters drone drones
    plane planes operation operations offensive court courts chief chiefs commander commanders spokesman
    spokesperson spokeswoman leader leaders leadership official officials source sources statement
    statements hospital academy school academies uniform uniforms positions position-held held controlled
    territory territories stronghold strongholds hideout hideouts attack attacks""".split())
# Only for the side of a territory change: "the government"/"the regime" stands for its forces.
GOVERNMENT_WORDS = frozenset({"government", "regime"})
KINDS = {lex.STATE: "state", lex.REBELS: "non_state", lex.POLITICAL_MILITIA: "non_state",
         lex.IDENTITY_MILITIA: "non_state"}


def actor_kind(text: str, names: Optional[Mapping[str, Optional[str]]] = None) -> Optional[str]:
    """"state", "non_state" or None: the kind of the first actor phrase named in `text`.

    Descriptions are read with the shared word tables ("pro-government militias" count as the
    state's side, "Russian forces" as a state's); `names` may map actor names known from the
    article (its entities) to their ACLED categories, so that "RSF" or "M23" count too.
    Civilians, protesters, rioters and external forces are no side: None."""
    tokens = [t for t in _TOKEN.findall(text)]
    named = _named_positions(tokens, names or {})
    for i, token in enumerate(tokens):
        if i in named:
            kind = KINDS.get(named[i] or "")
            if kind:
                return kind
            continue
        reading = _reading_at(tokens, i)
        if reading is not None:
            kind = "state" if reading.kind == "pro-state-militia" else KINDS.get(reading.category)
            if kind:
                return kind
    return None


def _proper_name_ending_at(phrase: list[str]) -> list[str]:
    """The capitalised run of two or more words that ends the phrase ("Kachin Independence Army")."""
    run = []
    for token in reversed(phrase):
        if not token[:1].isupper():
            break
        run.insert(0, token)
    return run if len(run) >= 2 else []


def _reading_at(tokens: list[str], i: int) -> Optional[Reading]:
    """The actor phrase whose head is token i, with up to three modifiers before it in its clause."""
    word = tokens[i].lower()
    following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    if following in THING_NOUNS or following.endswith("-held") or word.endswith("-held"):
        return None
    if (word in lex.FORCE_NOUNS or word in ("men", "group", "groups", "officers")) or _is_head_word(word):
        start = i
        while start > 0 and i - start < 3 and tokens[start - 1] not in ",;:()":
            start -= 1
        phrase = tokens[start: i + 1]
        name = _proper_name_ending_at(phrase)
        if name:  # "Arakan Army", "Kachin Independence Army": a name, read as one
            reading = read_name(" ".join(name))
            if reading is not None:
                return reading
        for cut in range(len(phrase)):  # the widest phrase that still reads as an actor
            reading = read_phrase(phrase[cut:])
            if reading is not None:
                return reading
    if word in GOVERNMENT_WORDS:  # "retaken by the government": its forces
        return Reading(lex.STATE, None, "military", _evidence([tokens[i]]))
    return None


# The head nouns of actor descriptions, in one set: the recognisers below test every token.
_HEAD_WORDS = frozenset().union(
    lex.MILITARY_NOUNS, lex.POLICE_NOUNS, lex.REBEL_NOUNS, lex.MILITIA_NOUNS, lex.ARMED_MEN_NOUNS, lex.GANG_NOUNS,
    lex.RIOTER_NOUNS, lex.PROTESTER_NOUNS, lex.CIVILIAN_NOUNS, lex.EXTERNAL_NOUNS)


def _is_head_word(word: str) -> bool:
    return word in _HEAD_WORDS


def _named_positions(tokens: list[str], names: Mapping[str, Optional[str]]) -> dict[int, Optional[str]]:
    """Token index -> category of each known name that starts there (longest name first)."""
    found: dict[int, Optional[str]] = {}
    lowered = [t.lower() for t in tokens]
    for name, category in sorted(names.items(), key=lambda item: -len(item[0])):
        words = [w.lower() for w in _TOKEN.findall(name)]
        for i in range(len(tokens) - len(words) + 1):
            if words and lowered[i: i + len(words)] == words and i not in found:
                found[i] = category
    return found


# ---------------------------------------------------------------- in a parsed text

# Dependency relations of a noun that modifies another noun ("army base", "police station"):
# it is then no actor of its own.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# Words of a phrase's left edge that are not part of an actor's description.
SKIPPED_DEPS = frozenset({"det", "predet", "nummod", "quantmod", "punct", "case", "cc", "conj", "advmod",
                          "prep", "appos", "acl", "relcl"})
# Entity labels of a word that names a group itself: its phrase is a named actor, not a description.
NAMING_LABELS = frozenset({"ORG", "PERSON", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


# Words that may head a description.
_DESCRIPTION_HEADS = _HEAD_WORDS | lex.FORCE_NOUNS | {"men", "officers", "group", "groups", "guards", "guard"}


def find_descriptions(doc) -> list[tuple[int, int, Reading]]:
    """(start token, end token, reading) of the phrases that describe an actor without naming it:
    "the Sudanese army", "Arab militias", "junta troops", "the army of Sudan", "villagers"."""
    found = []
    for i, word in enumerate(lower_words(doc)):
        if word not in _DESCRIPTION_HEADS:
            continue
        token = doc[i]
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
            continue
        if token.dep_ == "appos" and token.head.pos_ == "PROPN":
            continue  # "the Fano, a militia from Amhara": describes the name before it
        bounds = _description_bounds(doc, token)
        if bounds is None:
            continue
        start, end = bounds
        reading = read_phrase(doc[start:end].text.split())
        if reading is not None and reading.community and not any(t.ent_type_ == "NORP" for t in doc[start:end]):
            # "Fano militiamen": a capitalised word the model knows as no people names the militia
            reading = Reading(reading.category, reading.country, "named-militia", reading.evidence, reading.community)
        if reading is not None:
            found.append((start, end, reading))
    return found


def _description_bounds(doc, head) -> Optional[tuple[int, int]]:
    """The phrase of an actor noun without determiners and numbers, with an "of COUNTRY" after it;
    None when a name inside makes it a named group's phrase ("RSF fighters", "M23 rebels")."""
    left = [t for t in doc[head.left_edge.i: head.i] if t.dep_ not in SKIPPED_DEPS and not t.like_num
            and t.head.i >= head.left_edge.i]
    while left and (left[0].dep_ in SKIPPED_DEPS or left[0].is_punct or left[0].like_num):
        left.pop(0)
    # a name inside makes it a named group's phrase, but not a country's name the model mistook for a
    # person's or a group's ("Mali's army" with "Mali" tagged PERSON)
    if any((t.ent_type_ in NAMING_LABELS and lex.country_of_words([t.text]) is None) or _looks_like_code(t.text)
           for t in left):
        return None
    if _owned_by_someone(head) or _members_of_a_named_group(head):
        return None
    if any(t.lower_ in lex.FORMER_WORDS or t.lower_.startswith("ex-") for t in doc[head.left_edge.i: head.i]):
        return None  # "former soldiers", "ex-army and US-trained special forces" serve no state now
    start = left[0].i if left else head.i
    # keep the phrase contiguous: a number or determiner inside it ends it on the left
    for i in range(head.i - 1, start - 1, -1):
        if doc[i].like_num or doc[i].dep_ in ("det", "predet", "punct") and doc[i].text not in ("-",):
            start = i + 1
            break
    end = head.i + 1
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        objects = [c for c in of.children if c.dep_ == "pobj"]
        if objects and lex.country_of_words([objects[0].text]):
            end = objects[0].i + 1
    return start, end


def _owned_by_someone(head) -> bool:
    """"his forces", "its fighters", "Hemedti's troops": the force of whom the owner names (a
    country's own, "Sudan's army", stays a description)."""
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    return owner is not None and lex.country_of_words([owner.text]) is None


def _members_of_a_named_group(head) -> bool:
    """"militants of the jihadist group JNIM": the members stand for the group they belong to."""
    return member_group(head) is not None


def member_group(head):
    """The named group after "fighters/militants/members of (the)": the token heading its name."""
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else _served_group(head)
    if group is None:
        return None
    names = [t for t in group.subtree if t.ent_type_ in NAMING_LABELS or _looks_like_code(t.text)
             or (t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "DATE") and not lex.country_of_words([t.text]))]
    return group if names else None


def _served_group(head):
    """"peacekeepers serving with the UN mission (MONUSCO)", "soldiers serving in the Wagner group"."""
    for clause in (c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() == "serve"):
        for prep in (c for c in clause.children if c.dep_ == "prep" and c.lower_ in ("with", "in", "under")):
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def find_member_groups(doc) -> list[tuple[int, int]]:
    """"Fighters of the Fano", "members of the Wagner group": the named group the members belong to,
    which the NER model may leave untagged."""
    found = []
    for i, word in enumerate(lower_words(doc)):
        if _is_head_word(word) or word in ("members", "fighters", "units"):
            token = doc[i]
            group = member_group(token)
            if group is not None and group.pos_ == "PROPN":
                start = group.i
                while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].text[:1].isupper() \
                        and doc[start - 1].ent_type_ != "NORP":
                    start -= 1
                found.append((start, group.i + 1))
    return found


def _looks_like_code(text: str) -> bool:
    """"M23", "RSF", "JNIM": a group's acronym or code name, which names rather than describes."""
    if text.isascii():  # the same test, without listing the letters: an ASCII word's letters are its cased characters
        capitals = text.isupper()
    else:
        letters = [c for c in text if c.isalpha()]
        capitals = bool(letters) and all(c.isupper() for c in letters)
    return len(text) >= 2 and capitals and \
        lex.country_of_words([text]) is None and text.upper() not in ("UN", "AU", "EU")


def find_acronyms(doc, links: Mapping[str, str]) -> list[tuple[int, int]]:
    """Token spans of group acronyms the NER may miss: one the article spells out ("(RSF)"), or a
    code name that heads or modifies an actor noun ("M23 rebels", "the jihadist group JNIM")."""
    found = []
    for i, text in enumerate(token_texts(doc)):
        if not _looks_like_code(text) or not text[:1].isalpha():
            continue
        token = doc[i]
        beside = [t.lower_ for t in doc[max(0, token.i - 2): token.i + 2] if t.i != token.i]
        if token.text in links or any(_is_head_word(w) or w in ("group", "forces", "fighters") for w in beside):
            found.append((token.i, token.i + 1))
    return found


def find_headed_names(doc) -> list[tuple[int, int]]:
    """"the Kraze Baryè gang", "the Wagner group": capitalised words right before a group's head noun
    name the group, whatever the NER model makes of them (a country or people excepted)."""
    found = []
    for i, word in enumerate(lower_words(doc)):
        if word not in lex.GROUP_HEAD_NOUNS or i == 0:
            continue
        token = doc[i]
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].ent_type_ not in ("NORP", "GPE", "LOC") \
                and lex.country_of_words([doc[start - 1].text]) is None:
            start -= 1
        if start < token.i:
            found.append((start, token.i))
    return found


def find_force_names(doc) -> list[tuple[int, int]]:
    """Capitalised names that end with an armed organisation's head ("Rapid Support Forces",
    "People's Defence Force", "Arakan Army"), which the small NER model sometimes cuts or misses."""
    found = []
    for i, word in enumerate(lower_words(doc)):
        if word not in lex.ARMED_NAME_HEADS or i == 0:
            continue
        token = doc[i]
        if not token.text[:1].isupper():
            continue
        start = token.i
        while start > 0 and (doc[start - 1].text[:1].isupper() or doc[start - 1].text in ("'s", "’s")
                             or doc[start - 1].lower_ in ("of", "for")) and not doc[start - 1].is_sent_start:
            start -= 1
        while start < token.i and not doc[start].text[:1].isupper():
            start += 1
        if token.i - start >= 1 and not _sentence_initial_description(doc, start, token.i + 1):
            found.append((start, token.i + 1))
    return found


def _sentence_initial_description(doc, start: int, end: int) -> bool:
    """"Government Forces", "Russian Troops" in a title-case headline describe, they do not name."""
    words = doc[start:end].text.split()
    described = all(w.lower() in lex.STATE_OWNER_WORDS or lex.country_of_words([w]) for w in words[:-1])
    return described and read_phrase(words) is not None and read_name(" ".join(words)) is None


# Weight of a country's name against one town or province in the article-country vote (a demonym
# half of it). One and a half: a town outweighs a foreign side's demonym ("Russian forces shelled
# Kharkiv"), one town resolved to a namesake abroad does not outweigh the country named twice.
COUNTRY_NAME_WEIGHT = 1.5


# A country named as a speaker or an owner ("Russia said", "Russia's defence ministry") is a party,
# not where the article's events happen.
_COUNTRY_AS_PARTY = re.compile(r"(?:['’]s\b|\s+(?:said|says|has|had|have|claimed|claims|denied|denies|announced|"
                               r"accused|accuses|warned|warns|urged|urges|insisted|reported|confirmed|blamed)\b)")


def article_country(places: Iterable = (), text: str = "", texts: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The country an article is about: the country its resolved places and country names vote for;
    else the countries its words name. With the article's `texts` (keyed as `entities.context_key`),
    a country named as a speaker or owner votes as a town does."""
    votes: dict[str, float] = {}
    located: dict[str, float] = {}  # the votes of names and towns alone: a tie goes to where, not who
    for mention in places:
        place = getattr(mention, "place", None)
        if place is not None and place.country:
            # a country the text names weighs more than a town that may be a namesake abroad
            weight = 1.0
            demonym = False
            if (place.feature_code or "").startswith("PCL") and (_named_as_owner(mention, texts)
                                                                 or _named_as_reference_point(mention, texts)):
                weight, demonym = OWNER_WEIGHT, True  # says whose, or what it was near: not where
            elif (place.feature_code or "").startswith("PCL") and not _named_as_party(mention, texts):
                demonym = getattr(mention, "text", "").lower() != place.name.lower()
                weight = COUNTRY_NAME_WEIGHT / 2 if demonym else COUNTRY_NAME_WEIGHT
            votes[place.country] = votes.get(place.country, 0) + weight
            located[place.country] = located.get(place.country, 0) + (0 if demonym else weight)
    if not votes and text:
        words = re.findall(r"[A-Za-z][\w'’-]*", text)
        for i in range(len(words)):
            iso2 = lex.country_of_words(words[i: i + 1]) if words[i][:1].isupper() else None
            if iso2:
                votes[iso2] = votes.get(iso2, 0) + 1
    # "a Russian missile attack" twice and "in central Ukraine" once: the demonyms say who struck
    return max(votes, key=lambda country: (votes[country], located.get(country, 0))) if votes else None


# A country after a preposition of place is where, whatever verb follows ("a strike on a city in
# central Ukraine has killed ...": the strike killed, not Ukraine).
_COUNTRY_AS_WHERE = re.compile(r"\b(?:in|inside|across|throughout)\s+(?:(?:the\s+)?(?:(?:north|south)(?:-?(?:east|west))?"
                               r"|east|west)(?:ern)?\s+|central\s+)?$", re.IGNORECASE)


def _named_as_party(mention, texts: Optional[Mapping[str, str]]) -> bool:
    text = _text_of(mention, texts)
    span = mention.span
    return bool(_COUNTRY_AS_PARTY.match(text, span.end)) and not _COUNTRY_AS_WHERE.search(text[max(0, span.start - 40):span.start])


# A country's name or demonym before what a country keeps abroad says whose, not where: "a French
# military base" and "France ambassador" in a story on Niger, "the U.S. consulate", "a Russian-installed
# official". It weighs a quarter of a country named. (Not its troops: "Ukrainian troops entered Kherson"
# are as often at home as abroad; nor "the Chad junta".)
OWNER_WEIGHT = 0.25
_OWNED_NOUNS = frozenset("""ambassador ambassadors embassy embassies consulate consulates envoy envoys diplomat
    diplomats base bases""".split())
_COUNTRY_AS_OWNER = re.compile(
    r"(?P<made>-(?:backed|installed|appointed|led|controlled|held|made|funded|trained|supplied|owned|built)\b)?"
    r"(?:\s+(?:military|army|naval|air|security|defence|defense|special|diplomatic|occupation|state|armed))?"
    r"\s+(?P<noun>[a-z]+|[A-Z][a-z]+)\b")  # "U.S. Embassy" of a Title-Case headline too


def _named_as_owner(mention, texts: Optional[Mapping[str, str]]) -> bool:
    return named_as_owner(_text_of(mention, texts), mention.span.end)


def named_as_owner(text: str, end: int) -> bool:
    """Whether the country name or demonym ending at `end` of `text` says whose ("French military base")."""
    match = _COUNTRY_AS_OWNER.match(text, end)
    return match is not None and (bool(match.group("made")) or match.group("noun").lower() in _OWNED_NOUNS)


# "an attack near Mali", "near the Mali border", "a school near Uganda's border with Congo": a country
# named as what the place is near, or across the border from, is not where it happened (a possessive
# after it is: "near Mali's capital", "near Uganda's border").
_NEAR_BEFORE = re.compile(r"\b(?:near|close to|(?:border|frontier)s?\s+with)\s+(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


def named_as_reference_point(text: str, start: int, end: int) -> bool:
    """Whether the country name at `text[start:end]` only says what the place was near ("near Mali")."""
    return bool(_NEAR_BEFORE.search(text[max(0, start - 30):start])) and not _POSSESSIVE_AFTER.match(text, end)


def _named_as_reference_point(mention, texts: Optional[Mapping[str, str]]) -> bool:
    return named_as_reference_point(_text_of(mention, texts), mention.span.start, mention.span.end)


def _text_of(mention, texts: Optional[Mapping[str, str]]) -> str:
    if not texts:
        return ""
    span = mention.span
    return texts.get(span.article_id if span.part == "text" else f"{span.article_id}|{span.part}", "")


def state_category(force_country: Optional[str], article_country: Optional[str]) -> str:
    """A state's forces are State forces at home and, as ACLED codes them, External/Other forces
    acting in another country's war (Russia's in Ukraine)."""
    if force_country and article_country and force_country != article_country:
        return lex.FOREIGN_STATE_CATEGORY
    return lex.STATE


def state_force_name(text: str, article_country: Optional[str]) -> Optional[tuple[str, str]]:
    """(ACLED name, category) of the state a bare demonym or country name stands for as a doer
    ("a Russian air strike" -> Military Forces of Russia); None for other words."""
    words = text.split()
    iso2 = lex.country_of_words(words)
    named = [w for w in words if w.lower() != "the"]
    whole_name = lex.country_words().get(" ".join(named).lower()) is not None  # "Burkina Faso", "South Sudan"
    if iso2 is None or len(named) > 3 or not whole_name and any(lex.country_of_words([w]) is None for w in named):
        return None
    return lex.STATE_NAMES["military"].format(country=lex.country_name(iso2)), state_category(iso2, article_country)


# ---------------------------------------------------------------- the press


def is_outlet_name(name: str) -> bool:
    """A name shaped like a news outlet's: "Sudan Tribune", "Kyiv Independent", "Radio Dabanga",
    "Hindu Kush Wire" (a newspaper noun last, or a broadcaster's first)."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() or w.lower() in ("of", "the", "al") for w in words):
        return False
    return words[-1].lower() in lex.OUTLET_NAME_WORDS or words[0].lower() in ("radio", "tv", "television")


def named_as_outlet(name: str, text: str) -> bool:
    """Whether the text treats a name as the press: "told X", "in an interview with X", "X reported"."""
    if name not in text:
        return False  # every pattern holds the name as it is written
    quoted = re.escape(name)
    # "told the Taliban fighters": the name qualifies the people spoken to, no outlet
    spoken_to = rf"{quoted}\b(?! (?:{'|'.join(sorted(lex.PARTY_PEOPLE_WORDS))})\b)"
    patterns = (rf"\btold (?:the )?{spoken_to}", rf"\binterviews? with (?:the )?{spoken_to}",
                rf"\b{quoted}(?:'s)? (?:reported|reporter|correspondent|journalists?)\b",
                rf"\bspeaking to (?:the )?{spoken_to}",
                # "Interfax, the Russian agency,", "the news agency Interfax", "Interfax, citing a source"
                rf"\b{quoted},? (?:the |a )?(?:[\w'’-]+ ){{0,3}}(?:news |press )?agency\b",
                rf"\b(?:news|press) agency,? {quoted}\b", rf"\b{quoted}, (?:quoting|citing) (?:an? |the )?"
                rf"(?:local |unnamed |military |security )?(?:source|official)s?\b")
    return any(re.search(p, text) for p in patterns)
