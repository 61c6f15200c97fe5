"""Actor mentions and the canonical entities they name.

Two steps, both pure:

1. `find_mentions(doc, ...)` finds the spans of one article part that name people, organisations,
   armed groups and nationalities: spaCy NER (PERSON, ORG, NORP), cleaned of the small model's usual
   slips (photo credits, "anti-X", trailing role nouns, places and buildings tagged as names); group
   names the model misses ("Rapid Support Forces (RSF)", "M23 rebels", "fighters of the Fano");
   descriptions that are actors without a name ("the army", "Russian forces", "Arab militias",
   "protesters", "villagers", read by `actors.read_phrase`); and a PhraseMatcher over the actor
   dictionary (an actors file or pack, optional). Spans the caller knows to be places
   (`exclude_spans`) are dropped, unless the mention is an actor by its shape.

2. `resolve_entities(...)` gives every mention a canonical entity. Descriptions take ACLED's name for
   the article's country ("the army" -> Military Forces of Sudan), as do a state's named forces
   ("Sudanese Armed Forces (SAF)"); an acronym the article spells out joins its long form; "the
   paramilitaries" join the one named group of that kind. Within an article, titles and honorifics
   are stripped ("Vice President X", "Mr X" -> X), a bare surname goes to the person of that surname
   the article names in full, typos and transliterations reach the dictionary by fuzzy matching.
   Namesakes are kept apart by context ("the late X", "son of X"). Across articles, ids are stable
   (the dictionary id, else the slug of the canonical name) and the aliases the texts use are kept.

Every entity gets an ACLED category and a country with the evidence (`Entity.category_source`): a
dictionary entry's, else what the words say (`actors.read_name` / `read_phrase`, word tables in
`actor_lexicon`).
"""

from __future__ import annotations

import hashlib

import csv
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import yaml
from rapidfuzz import fuzz, process
from unidecode import unidecode

from eventfold.annotate.actors import (
    Reading,
    acronym_links,
    article_country,
    find_acronyms,
    find_descriptions,
    find_force_names,
    find_headed_names,
    find_member_groups,
    is_outlet_name,
    read_name,
    read_phrase,
    state_category,
)
from eventfold.annotate import actor_lexicon as lex
from eventfold.annotate.doctext import doc_text
from eventfold.extract.acled_types import INTER_BY_CATEGORY
from eventfold.model import PART_TEXT, PART_TITLE, Entity, Mention, Span

# ACLED actor categories and their interaction codes (one table, in `extract.acled_types`).
ACLED_INTER = INTER_BY_CATEGORY
ACTOR_TYPES = ("person", "organisation", "group", "nationality")
TYPE_LABEL = {"person": "PERSON", "organisation": "ORG", "group": "GROUP", "nationality": "NORP"}
LABEL_TYPE = {"PERSON": "person", "ORG": "organisation", "GROUP": "group", "NORP": "nationality"}
NER_LABELS = frozenset(LABEL_TYPE) - {"GROUP"}

# Similarity (0-100: rapidfuzz ratio of the names or of their transliteration keys) at which two names
# of as many words count as one. Calibrated by hand on typos and transliterations of the sample corpus
# and the dictionary (Ahman/Ahmad Massoud 92, Zamarai Ahmardi/Ahmadi 97, Muttaki/Muttaqi and
# Hikmatyar/Hekmatyar 100 by transliteration key) against different people with one common name part
# (Abdul Rahman/Abdul Rahim 87, Abdul Rahman/Abdul Rashid 83).
FUZZY_NAME_MIN = 88
# Every word of a fuzzy-matched name must itself be this close: "Mohammad Ismail" is not "Mohammad
# Omar" although the whole strings score 88 (Ismail/Omar: 60).
FUZZY_WORD_PAIR_MIN = 70
# A single word reaches the dictionary by fuzzy matching only when long and nearly identical.
FUZZY_WORD_MIN = 92
FUZZY_WORD_MIN_LENGTH = 8
# An actor is a person when at least 1/PERSON_LABEL_SHARE of its mentions are tagged PERSON (spaCy's
# small model tags a third to a half of bare surnames ORG on the RSS headlines of the sample corpus).
PERSON_LABEL_SHARE = 3
# A guessed category needs cue words around at least this share of the actor's mentions: an outlet
# named next to "troops" now and then is not a state force (CNN on the RSS sample: 5 cues / 90).
CATEGORY_CUE_SHARE = 0.25
# Context windows (characters) read around a mention for namesake cues and distinguishing hints.
CUE_WINDOW = 80
HINT_WINDOW = 45

# Words in front of a name that are not part of it. Courtesy titles stay in the mention ("Mr Saleh" is
# how a text names him); office titles and role words are left out of the span.
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof"})
OFFICE_TITLES = frozenset(
    """president vice prime minister deputy acting former ex then interim caretaker chief general gen
    lt lieutenant col colonel maj major capt captain commander cmdr marshal field admiral sergeant sgt
    defence defense foreign interior finance minister secretary spokesman spokesperson spokeswoman
    ambassador envoy governor senator chairman chairwoman chair leader head king queen prince emir
    sheikh shaikh mullah maulvi mawlawi molvi haji hajji qari ustad ayatollah pope mayor judge
    warlord commander-in-chief late elder younger the a an""".split()
)
ROLE_WORDS = OFFICE_TITLES - {"the", "a", "an", "late", "former", "ex", "then", "elder", "younger", "acting",
                              "deputy", "interim", "caretaker", "defence", "defense", "foreign", "interior",
                              "finance", "vice", "field", "head", "chair", "leader"}
NAMESAKE_MARKERS = {"elder": "elder", "younger": "junior"}
NAME_SUFFIXES = frozenset({"jr", "sr", "junior", "senior", "ii", "iii"})
# Given names and name parts too common to identify anyone when used alone.
COMMON_NAME_PARTS = frozenset(
    """mohammad muhammad mohammed mohamed muhammed ahmad ahmed khan shah abdul abdullah ali hassan hussain
    hussein hamid omar mullah haji sayed syed said karim rahman""".split()
)
CREDIT_SEPARATORS = frozenset({"/", "|", "©", "via"})



# ---------------------------------------------------------------- names


# Name keys and similarities are asked for again and again while an article's mentions meet each
# other's clusters (quadratic pairs in a long document): pure functions of their text, memoized.
@functools.lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """Comparable form of a name: ASCII, lower case, no possessive, dots or hyphens, no leading 'the'."""
    key = unidecode(text).lower().replace("’", "'")
    key = re.sub(r"'s\b", "", key)
    key = key.replace(".", "")
    key = re.sub(r"[-‐–—_/]", " ", key)
    key = re.sub(r"[^a-z0-9 ]", "", key)
    key = " ".join(key.split())
    return key[4:] if key.startswith("the ") else key


@functools.lru_cache(maxsize=100_000)
def transliteration_key(key: str) -> str:
    """Coarse phonetic skeleton: collapses the vowel and spelling variants of romanized names."""
    key = key.replace("q", "k").replace("ph", "f")
    key = re.sub(r"[aeiouy]+", "a", key)
    return re.sub(r"(.)\1+", r"\1", key)


def slugify(name: str) -> str:
    return name_key(name).replace(" ", "-")


@functools.lru_cache(maxsize=100_000)
def word_similarity(a: str, b: str) -> float:
    """Similarity of two name keys, spelling or transliteration (0-100)."""
    return max(fuzz.ratio(a, b), fuzz.ratio(transliteration_key(a), transliteration_key(b)))


def name_similarity(a: str, b: str, **_rapidfuzz_options) -> float:
    """Similarity of two names of as many words, 0 when one word pair differs too much.

    Usable as a rapidfuzz scorer."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return 0.0
    if any(word_similarity(x, y) < FUZZY_WORD_PAIR_MIN for x, y in zip(words_a, words_b)):
        return 0.0
    return word_similarity(a, b)


def strip_titles(text: str) -> str:
    """The name without leading titles, honorifics, namesake markers or a trailing possessive/suffix."""
    words = re.sub(r"['’]s$", "", text.strip()).split()
    while len(words) > 1 and _is_title(words[0]):
        words.pop(0)
    while len(words) > 1 and name_key(words[-1]) in NAME_SUFFIXES:
        words.pop()
    return " ".join(words)


def _is_title(word: str) -> bool:
    key = name_key(word)
    return key in OFFICE_TITLES or key in COURTESY_TITLES


def alias_form(text: str) -> str:
    """How an alias is recorded: the surface without office titles or possessive (courtesy kept)."""
    words = re.sub(r"['’]s$", "", " ".join(text.split())).split()
    while len(words) > 1 and name_key(words[0]) in OFFICE_TITLES - {"the", "elder", "younger"}:
        words.pop(0)
    return " ".join(words)


# ---------------------------------------------------------------- dictionary


@dataclass(frozen=True, slots=True)
class CategoryPeriod:
    """An ACLED category valid between two ISO dates (inclusive, open when None)."""

    category: str
    start: Optional[str] = None
    end: Optional[str] = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the dictionary."""

    entity_id: str
    name: str
    type: str
    category: Optional[str] = None
    aliases: tuple[str, ...] = ()
    country: Optional[str] = None
    description: str = ""
    died: Optional[int] = None
    affiliation: Optional[str] = None
    distinguish: tuple[str, ...] = ()
    periods: tuple[CategoryPeriod, ...] = ()
    # (name, ISO date): from that date the press uses this name for a successor group (the 2021
    # "Northern Alliance" is the National Resistance Front); current figures then count the successor.
    succeeded_by: Optional[tuple[str, str]] = None

    def current_name(self, date: Optional[str]) -> str:
        """The group this name stands for in reporting of `date` (itself, or its successor)."""
        if self.succeeded_by and date and date >= self.succeeded_by[1]:
            return self.succeeded_by[0]
        return self.name

    @property
    def inter(self) -> Optional[int]:
        return ACLED_INTER.get(self.category) if self.category else None

    @property
    def label(self) -> str:
        return TYPE_LABEL[self.type]

    def category_on(self, date: Optional[str]) -> Optional[str]:
        """The ACLED category on an ISO date (prefix comparison), e.g. Taliban after 2021-08-15."""
        if date:
            for period in self.periods:
                if (period.start is None or date >= period.start) and (
                    period.end is None or date[: len(period.end)] <= period.end
                ):
                    return period.category
        return self.category

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


DEFAULT_DICTIONARY = ("eventfold", "data/actors.yaml")


class ActorDictionary:
    """Canonical actors, looked up by name, alias, surname or fuzzy spelling."""

    def __init__(self, entries: Iterable[ActorEntry], ignore: Iterable[str] = ()):
        self.entries: dict[str, ActorEntry] = _with_affiliation_categories({e.entity_id: e for e in entries})
        self.ignored = frozenset(name_key(text) for text in ignore)
        self._by_key = _index_names(self.entries.values())
        self._by_surname = _index_surnames(self.entries.values())
        self._keys_by_length = _keys_by_word_count(self._by_key)
        self._matchers: dict[int, tuple] = {}

    @classmethod
    def load(cls, extra_paths: Iterable[Path] = ()) -> "ActorDictionary":
        """The shipped dictionary, extended/overridden by user YAML or CSV files, in order."""
        shipped = resources.files(DEFAULT_DICTIONARY[0]).joinpath(DEFAULT_DICTIONARY[1])
        raw_actors, ignore = _read_yaml(shipped.read_text(encoding="utf-8"), str(shipped))
        merged = {_raw_id(raw): raw for raw in raw_actors}
        for path in extra_paths:
            extra, extra_ignore = _read_actor_file(actor_file_path(path))
            ignore.extend(extra_ignore)
            for raw in extra:
                _merge_raw(merged, raw)
        return cls((_entry_from_raw(raw) for raw in merged.values()), ignore)

    def get(self, entity_id: str) -> Optional[ActorEntry]:
        return self.entries.get(entity_id)

    def fingerprint(self) -> str:
        """Changes whenever an entry or the ignore list changes (stored annotations then go stale)."""
        digest = hashlib.sha256(repr(sorted(self.ignored)).encode())
        for entity_id in sorted(self.entries):
            digest.update(repr(self.entries[entity_id]).encode())
        return digest.hexdigest()[:12]

    def lookup(self, name: str) -> Optional[ActorEntry]:
        """Exact name or alias (also without titles), else the closest spelling; None when unknown."""
        found = self.candidates(name)
        if found:
            return _prefer_living(found)[0]
        return self.fuzzy_lookup(name)

    def candidates(self, name: str) -> list[ActorEntry]:
        """All actors this exact name or alias may denote (several for namesakes)."""
        for form in (name, strip_titles(name)):
            ids = self._by_key.get(name_key(form))
            if ids:
                return [self.entries[i] for i in ids]
        return []

    def fuzzy_lookup(self, name: str) -> Optional[ActorEntry]:
        """The actor whose name or alias is spelled closest, with the same number of words."""
        key = name_key(strip_titles(name))
        words = key.split()
        if not words or (len(words) == 1 and len(key) < FUZZY_WORD_MIN_LENGTH):
            return None
        threshold = FUZZY_NAME_MIN if len(words) > 1 else FUZZY_WORD_MIN
        pool = self._keys_by_length.get(len(words), [])
        best = process.extractOne(key, pool, scorer=name_similarity, score_cutoff=threshold)
        if best is None:
            return None
        return _prefer_living([self.entries[i] for i in self._by_key[best[0]]])[0]

    def surname_candidates(self, word: str) -> list[ActorEntry]:
        """People of the dictionary whose surname this single word is."""
        return [self.entries[i] for i in self._by_surname.get(name_key(word), ())]

    def surnames(self) -> list[str]:
        return sorted(self._by_surname)

    def is_ignored(self, text: str) -> bool:
        return name_key(text) in self.ignored

    def matchers(self, vocab) -> tuple:
        """(exact-case matcher, lower-case matcher, surname matcher) for this vocab, built once."""
        if id(vocab) not in self._matchers:  # the vocab is kept alive with its matchers: ids stay unique
            self._matchers[id(vocab)] = (vocab, _build_matchers(self, vocab))
        return self._matchers[id(vocab)][1]


PACKS = ("eventfold", "data/packs")


def actor_packs() -> list[str]:
    """Short names of the packaged actor packs ("afghanistan")."""
    folder = resources.files(PACKS[0]).joinpath(PACKS[1])
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def actor_file_path(name) -> Path:
    """A user's actors file, or a packaged pack named by its short name (`--actors afghanistan`)."""
    path = Path(name)
    if path.exists():
        return path
    if str(name) in actor_packs():
        return Path(str(resources.files(PACKS[0]).joinpath(PACKS[1]).joinpath(f"{name}.yaml")))
    raise FileNotFoundError(f"actors file {name!s} not found (packaged packs: {', '.join(actor_packs())})")


def _read_actor_file(path: Path) -> tuple[list[dict], list[str]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return [_raw_from_csv_row(row) for row in csv.DictReader(handle)], []
    return _read_yaml(path.read_text(encoding="utf-8"), str(path))


def _read_yaml(text: str, origin: str) -> tuple[list[dict], list[str]]:
    data = yaml.safe_load(text) or {}
    if isinstance(data, list):
        return data, []
    if not isinstance(data, dict):
        raise ValueError(f"{origin}: expected a list of actors or a mapping with 'actors'")
    return list(data.get("actors") or []), list(data.get("ignore") or [])


def _raw_from_csv_row(row: dict) -> dict:
    raw = {k.strip(): (v or "").strip() for k, v in row.items() if k and v and v.strip()}
    for list_field in ("aliases", "distinguish"):
        if list_field in raw:
            raw[list_field] = [part.strip() for part in raw[list_field].split("|") if part.strip()]
    return raw


def _raw_id(raw: dict) -> str:
    if not raw.get("name"):
        raise ValueError(f"actor without a name: {raw!r}")
    return str(raw.get("id") or slugify(str(raw["name"])))


def _merge_raw(merged: dict[str, dict], raw: dict) -> None:
    """A user entry overrides the fields it gives and adds to the aliases and hints."""
    entity_id = _raw_id(raw)
    if entity_id not in merged:
        merged[entity_id] = dict(raw, id=entity_id)
        return
    base = dict(merged[entity_id])
    for key, value in raw.items():
        if key in ("aliases", "distinguish"):
            base[key] = list(dict.fromkeys([*(base.get(key) or []), *value]))
        else:
            base[key] = value
    merged[entity_id] = base


def _entry_from_raw(raw: dict) -> ActorEntry:
    name = str(raw["name"])
    actor_type = str(raw.get("type") or "person")
    category = raw.get("category") or None
    if actor_type not in ACTOR_TYPES:
        raise ValueError(f"actor {name!r}: type {actor_type!r} is not one of {ACTOR_TYPES}")
    if category is not None and category not in ACLED_INTER:
        raise ValueError(
            f"actor {name!r}: category {category!r} is not an ACLED category {list(ACLED_INTER)}"
        )
    if raw.get("inter") is not None and ACLED_INTER.get(category) != int(raw["inter"]):
        raise ValueError(f"actor {name!r}: inter {raw['inter']} does not match category {category!r}")
    return ActorEntry(
        entity_id=_raw_id(raw),
        name=name,
        type=actor_type,
        category=category,
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        country=raw.get("country") or None,
        description=str(raw.get("description") or ""),
        died=int(raw["died"]) if raw.get("died") else None,
        affiliation=raw.get("affiliation") or None,
        distinguish=tuple(str(h) for h in raw.get("distinguish") or ()),
        periods=tuple(_period_from_raw(p) for p in raw.get("periods") or ()),
        succeeded_by=_successor_from_raw(raw.get("succeeded_by")),
    )


def _successor_from_raw(raw: Optional[dict]) -> Optional[tuple[str, str]]:
    if not raw:
        return None
    return str(raw["name"]), str(raw["from"])


def _period_from_raw(raw: dict) -> CategoryPeriod:
    start, end = raw.get("from"), raw.get("until")
    return CategoryPeriod(str(raw["category"]), str(start) if start else None, str(end) if end else None,
                          str(raw.get("note") or ""))


def _with_affiliation_categories(entries: dict[str, ActorEntry]) -> dict[str, ActorEntry]:
    """A person without a category takes the category of the organisation they belong to."""
    resolved = {}
    for entity_id, entry in entries.items():
        parent = entries.get(entry.affiliation or "")
        if entry.category is None and parent is not None and parent.category:
            entry = replace(entry, category=parent.category, periods=entry.periods or parent.periods)
        resolved[entity_id] = entry
    return resolved


def _index_names(entries: Iterable[ActorEntry]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for name in entry.names():
            key = name_key(name)
            if key and entry.entity_id not in index[key]:
                index[key].append(entry.entity_id)
    return dict(index)


def _index_surnames(entries: Iterable[ActorEntry]) -> dict[str, list[str]]:
    """Surnames of people: the last word of the name and of its spelling variants."""
    index: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        if entry.type != "person":
            continue
        for surname in _surnames(entry):
            if entry.entity_id not in index[surname]:
                index[surname].append(entry.entity_id)
    return dict(index)


def _is_personal_name(name: str) -> bool:
    """Two or more capitalized words; epithets ("Lion of Panjshir") have no surname."""
    words = name.split()
    return len(words) > 1 and all(w[:1].isupper() for w in words)


def _surnames(entry: ActorEntry) -> set[str]:
    canonical = name_key(entry.name).split()[-1]
    found = set()
    for name in entry.names():
        if not _is_personal_name(name):
            continue
        last = name_key(name.split()[-1])
        if last not in COMMON_NAME_PARTS | NAME_SUFFIXES and word_similarity(last, canonical) >= 75:
            found.add(last)
    return found


def _keys_by_word_count(index: dict[str, list[str]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for key in index:
        grouped[len(key.split())].append(key)
    return dict(grouped)


def _prefer_living(entries: list[ActorEntry]) -> list[ActorEntry]:
    return sorted(entries, key=lambda e: e.died is not None)


def _is_acronym(text: str) -> bool:
    return any(len(w) > 1 and w.replace("-", "").replace(".", "").isupper() for w in text.split())


def _add_patterns(matcher, key: str, patterns: list) -> None:
    if patterns:
        matcher.add(key, patterns)


def _build_matchers(actors: ActorDictionary, vocab) -> tuple:
    import spacy
    from spacy.matcher import PhraseMatcher

    tokenizer = spacy.blank("en", vocab=vocab)
    exact = PhraseMatcher(vocab, attr="ORTH")
    lower = PhraseMatcher(vocab, attr="LOWER")
    surname = PhraseMatcher(vocab, attr="ORTH")
    for entry in actors.entries.values():
        names = [n for n in entry.names() if name_key(n) not in actors.ignored]
        acronyms = [n for n in names if _is_acronym(n)]
        _add_patterns(exact, entry.entity_id, [tokenizer.make_doc(n) for n in acronyms])
        _add_patterns(lower, entry.entity_id, [tokenizer.make_doc(n) for n in names if n not in acronyms])
    for surname_key in actors.surnames():
        surname.add(surname_key, [tokenizer.make_doc(surname_key.title())])
    return exact, lower, surname


# ---------------------------------------------------------------- finding mentions


@dataclass(frozen=True, slots=True)
class _Found:
    """A candidate mention as a token range of the doc."""

    start: int
    end: int
    label: str
    rule: str
    spelt_out: bool = False  # a long form spelt out before its acronym

    def overlaps(self, other: "_Found") -> bool:
        return self.start < other.end and other.start < self.end

    def covers(self, other: "_Found") -> bool:
        return self.start <= other.start and other.end <= self.end


def find_mentions(
    doc,
    article_id: str,
    part: str,
    actors: ActorDictionary,
    exclude_spans: set[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """Actor mentions in one article part (a spaCy Doc), dictionary matches first, then NER."""
    dictionary = _dictionary_matches(doc, actors)
    named = [f for f in (_clean_entity(doc, ent, actors) for ent in doc.ents) if f is not None]
    chosen = _choose(doc, dictionary, named, _surname_matches(doc, actors))
    chosen = _with_replacing(chosen, _pattern_names(doc, actors), _name_may_replace)
    chosen = _with_replacing(chosen, _descriptions(doc, actors), _description_may_replace)
    # A description ("police", "Arab militias") or a group name by its shape ("M23 rebels") is an
    # actor even where a place of that name exists.
    kept = [f for f in chosen if is_actor_by_shape(f.rule) or not _excluded(doc, f, exclude_spans)]
    kept = [f for f in kept if not _describes_another(doc, f) and _has_a_word(doc, f)]
    kept.sort(key=lambda f: f.start)
    return [_to_mention(doc, _with_courtesy_title(doc, f), article_id, part) for f in kept]


DESCRIPTION_RULE = "description:"
GROUP_NAME_RULE = "pattern:group-name"
# "al-Qaeda-linked", "RSF-held", "Taliban-led": a name before these is a modifier, not a party.
MODIFYING_SUFFIXES = frozenset("linked affiliated backed allied aligned led held controlled inspired run "
                               "supported occupied".split())


def _names_a_place(doc, found: _Found) -> bool:
    """"Artibonite department", "St Francis Church", "in Mariupol": a name the model tagged as an
    organisation or person that the text uses as a place."""
    last, first = doc[found.end - 1], doc[found.start]
    if found.label != "PERSON" and last.lower_ in lex.PLACE_NAME_HEADS and found.end - found.start > 1:
        return True
    if any(t.lower_ in lex.LOCATIVE_PREPOSITIONS for t in doc[found.start + 1: found.end - 1]):
        return True  # "Shire in Tigray": a place and its region
    before = doc[found.start - 1] if found.start > 0 else None
    if before is not None and before.lower_ == "of" and found.start > 1 and doc[found.start - 2].lower_ in \
            lex.PLACE_NAME_HEADS:
        return True  # "the town of X"
    head = doc[found.start:found.end].root
    return before is not None and before.lower_ in lex.LOCATIVE_PREPOSITIONS and head.dep_ == "pobj" \
        and head.head.i == before.i and first.ent_type_ != "NORP"


def is_actor_by_shape(rule: str) -> bool:
    """A mention found by what it says (a description, a group name beside an actor noun), which a
    same-name place does not cancel."""
    return rule.startswith(DESCRIPTION_RULE) or rule == GROUP_NAME_RULE


def _describes_another(doc, found: _Found) -> bool:
    """"al-Qaeda" in "al-Qaeda-linked group"; "Army" of "Army chief X" (a lexicon word tagged ORG,
    modifying a noun): words that qualify another noun, not a party."""
    end = found.end
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in MODIFYING_SUFFIXES:
        return True
    if found.rule.startswith("ner:") and _names_a_place(doc, found):
        return True
    if found.rule.startswith("ner:") and found.end - found.start == 1:
        token = doc[found.start]
        return read_phrase([token.text]) is not None and token.dep_ in ("compound", "amod") and \
            token.head.pos_ in ("NOUN", "PROPN")
    return False


def _pattern_names(doc, actors: ActorDictionary) -> list[_Found]:
    """Group names the NER model misses or cuts: spelt-out acronyms, code names beside actor nouns,
    capitalised names ending in Forces/Army/Front/..."""
    links = acronym_links(doc_text(doc))
    long_forms = _spelt_out_spans(doc, links.values())
    spans = [*find_force_names(doc), *find_acronyms(doc, links), *find_member_groups(doc), *find_headed_names(doc),
             *long_forms]
    spelt = set(long_forms)
    return [_Found(start, end, "ORG", GROUP_NAME_RULE, spelt_out=(start, end) in spelt) for start, end in spans
            if not actors.is_ignored(doc[start:end].text)]


def _spelt_out_spans(doc, long_forms) -> list[tuple[int, int]]:
    """Token spans of the long forms spelt out before an acronym, which the NER model may cut
    ("Nusrat al-Islam" of "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)")."""
    spans, text = [], doc_text(doc)
    for long_form in set(long_forms):
        for found in re.finditer(re.escape(long_form), text):
            span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
            if span is not None and len(span) > 1:
                spans.append((span.start, span.end))
    return spans


def _descriptions(doc, actors: ActorDictionary) -> list[_Found]:
    return [_Found(start, end, "GROUP", f"{DESCRIPTION_RULE}{reading.kind}")
            for start, end, reading in find_descriptions(doc) if not actors.is_ignored(doc[start:end].text)]


def _with_replacing(chosen: list[_Found], candidates: list[_Found], may_replace) -> list[_Found]:
    """Add candidates that clash with nothing, or only with mentions they may replace."""
    for found in candidates:
        clashes = [c for c in chosen if found.overlaps(c)]
        if all(may_replace(found, c) for c in clashes):
            chosen = [c for c in chosen if c not in clashes] + [found]
    return chosen


def _name_may_replace(found: _Found, other: _Found) -> bool:
    """A group name replaces a shorter NER span it holds ("Rapid Support" tagged PERSON); a long form
    spelt out before its acronym replaces a known name it extends ("Islamic State West Africa
    Province (ISWAP)" is a branch, not the "Islamic State" the dictionary knows)."""
    shorter = found.covers(other) and (found.start, found.end) != (other.start, other.end)
    return shorter and (other.rule.startswith("ner:") or (found.spelt_out and other.rule == "dictionary"))


def _description_may_replace(found: _Found, other: _Found) -> bool:
    """"Russian forces" replaces its "Russian"; "Police" tagged ORG is the description it is; "Mali's
    army" its "Mali" tagged PERSON (a description holds no other name: `actors._description_bounds`)."""
    if other.rule == "dictionary" or not found.covers(other):
        return False
    return other.label == "NORP" or (found.start, found.end) == (other.start, other.end) \
        or other.rule.startswith("ner:")


def _dictionary_matches(doc, actors: ActorDictionary) -> list[_Found]:
    exact, lower, _ = actors.matchers(doc.vocab)
    found = []
    for matcher, case_checked in ((exact, False), (lower, True)):
        for match_id, start, end in matcher(doc):
            entry = actors.get(doc.vocab.strings[match_id])
            span = doc[start:end]
            if case_checked and not _case_agrees(span.text, entry):
                continue
            if not _after_prefix_word(doc, start):
                found.append(_Found(start, end, entry.label, "dictionary"))
    return found


def _case_agrees(text: str, entry: ActorEntry) -> bool:
    """A capitalized alias only matches capitalized text ('Noor' the name, not a common noun)."""
    key = name_key(text)
    return text[:1].isupper() or any(name_key(n) == key and not n[:1].isupper() for n in entry.names())


def _after_prefix_word(doc, start: int) -> bool:
    """True for the 'Taliban' of 'anti-Taliban': an adjective, not a mention of the group."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in lex.STANCE_PREFIXES


def _is_prefixed(span) -> bool:
    """'Anti-Taliban' tagged as an organisation."""
    return len(span) > 2 and span[0].lower_ in lex.STANCE_PREFIXES and span[1].text == "-"


def _surname_matches(doc, actors: ActorDictionary) -> list[_Found]:
    _, _, surname = actors.matchers(doc.vocab)
    return [_Found(start, end, "PERSON", "dictionary-surname") for _, start, end in surname(doc)]


def _clean_entity(doc, ent, actors: ActorDictionary) -> Optional[_Found]:
    """An NER span trimmed of credits, determiners, office titles and trailing role words; None if junk."""
    if ent.label_ not in NER_LABELS:
        return None
    start, end = ent.start, ent.end
    for i in range(start, end):
        if doc[i].text in CREDIT_SEPARATORS or "\n" in doc[i].text:
            end = i
            break
        if doc[i].text == "(" and not any(doc[j].text == ")" for j in range(i, end)):
            end = i  # "Ansaru Brigade (AB" with its acronym cut off: the name ends before the bracket
            break
    while start < end and _leading_noise(doc[start], ent.label_):
        start += 1
    while end > start and _trailing_noise(doc[end - 1], ent.label_):
        end -= 1
    span = doc[start:end]
    if not _plausible_name(span, ent.label_, actors) or _after_prefix_word(doc, start) or _is_prefixed(span):
        return None
    return _Found(start, end, _corrected_label(doc, start, end, ent.label_), f"ner:{ent.label_}")


def _corrected_label(doc, start: int, end: int, label: str) -> str:
    """A name next to a lower-case role word ("commander Munib Amiri", "Munib Amiri, a commander")
    is a person whatever NER says."""
    if label == "PERSON" and end < len(doc) and doc[end].lower_ in lex.GROUP_HEAD_NOUNS:
        return "ORG"  # "the 400 Mawozo gang", "the Wagner group": a group's name, not a person's
    if label == "PERSON" and (_names_a_group(doc, start) or _lone_name_after_the(doc, start, end)):
        return "ORG"
    if label == "PERSON":
        return label
    neighbours = [doc[start - 1]] if start > 0 else []
    neighbours += _apposition_head(doc, end)
    if any(t.is_lower and name_key(t.text) in ROLE_WORDS for t in neighbours):
        return "PERSON"
    return label


ARMED_GROUP_NOUNS = lex.MILITIA_NOUNS | lex.REBEL_NOUNS | lex.GROUP_HEAD_NOUNS | lex.ARMED_MEN_NOUNS | \
    lex.FORCE_NOUNS | {"group", "groups", "members", "fighters"}


def _names_a_group(doc, start: int) -> bool:
    """ "militiamen known as Fano", "a rebel group called X": the name an armed group goes by."""
    if start < 2 or doc[start - 1].lower_ not in ("as", "called", "named"):
        return False
    verb = doc[start - 2] if doc[start - 1].lower_ == "as" else doc[start - 1]
    return verb.lower_ in ("known", "called", "named") and verb.head.lower_ in ARMED_GROUP_NOUNS


def _lone_name_after_the(doc, start: int, end: int) -> bool:
    """ "fighters of the Fano": a one-word name after "the" that modifies nothing is no person's
    ("the Obama administration" is a modifier and stays a person's)."""
    return end - start == 1 and start > 0 and doc[start - 1].lower_ == "the" and \
        doc[start].dep_ not in ("compound", "amod", "nmod", "poss") and doc[start].tag_ != "NNPS"


def _apposition_head(doc, end: int) -> list:
    """The first noun of an apposition right after a span: 'commander' in ', a commander at'."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return []
    i = end + 2 if doc[end + 1].lower_ in ("a", "an", "the") else end + 1
    return [doc[i]] if i < len(doc) else []


def _leading_noise(token, label: str) -> bool:
    if token.is_punct or token.is_space or token.lower_ in ("the", "a", "an"):
        return True
    return label == "PERSON" and name_key(token.text) in OFFICE_TITLES


def _trailing_noise(token, label: str) -> bool:
    if token.is_punct or token.is_space or token.text in ("'s", "’s", "'", "’"):
        return True
    return label == "PERSON" and token.text.islower()


def _plausible_name(span, label: str, actors: ActorDictionary) -> bool:
    text = span.text
    if len(text) < 2 or not any(c.isalpha() for c in text) or not text[:1].isupper():
        return False
    if actors.is_ignored(text) or name_key(text) in lex.STANCE_PREFIXES:
        return False
    # A verb inside a PERSON span is a headline misread ("Clashes Erupt"), not a name.
    return label != "PERSON" or not any(t.pos_ == "VERB" for t in span)


def _choose(doc, dictionary: list[_Found], named: list[_Found], surnames: list[_Found]) -> list[_Found]:
    """Non-overlapping mentions: longest dictionary matches, then NER spans, then bare surnames."""
    chosen: list[_Found] = []
    for found in sorted(dictionary, key=lambda f: (f.start - f.end, f.start)):
        if not any(found.overlaps(c) for c in chosen):
            chosen.append(found)
    for found in named:
        clashes = [c for c in chosen if found.overlaps(c)]
        if not clashes:
            chosen.append(found)
        elif _is_longer_name(doc, found, clashes):
            chosen = [c for c in chosen if c not in clashes] + [found]
    chosen.extend(f for f in surnames if not any(f.overlaps(c) for c in chosen))
    return chosen


def _is_longer_name(doc, found: _Found, clashes: list[_Found]) -> bool:
    """An NER name that extends dictionary matches of its kind with more name words is another actor:
    another person, or a branch of an organisation ("Islamic State West Africa Province")."""
    if found.label not in ("PERSON", "ORG") or not all(found.covers(c) and c.label == found.label for c in clashes):
        return False
    inside = {i for c in clashes for i in range(c.start, c.end)}
    extra = [doc[i] for i in range(found.start, found.end) if i not in inside]
    return bool(extra) and all(t.text[:1].isupper() and not _is_title(t.text) for t in extra)


def _excluded(doc, found: _Found, exclude_spans: set[tuple[int, int]]) -> bool:
    """Drop NER spans mostly covered by a known place, dictionary spans only when inside one."""
    start, end = doc[found.start].idx, doc[found.end - 1].idx + len(doc[found.end - 1])
    for ex_start, ex_end in exclude_spans:
        overlap = min(end, ex_end) - max(start, ex_start)
        if overlap <= 0:
            continue
        if ex_start <= start and end <= ex_end:
            return True
        if found.rule != "dictionary" and overlap * 2 >= end - start:
            return True
    return False


def _with_courtesy_title(doc, found: _Found) -> _Found:
    """Extend a person mention over 'Mr', 'Dr' or 'the elder' just before it."""
    if found.label != "PERSON":
        return found
    start = found.start
    if start >= 1 and name_key(doc[start - 1].text) in NAMESAKE_MARKERS:
        start -= 1
        if start >= 1 and doc[start - 1].lower_ == "the":
            start -= 1
    elif start >= 1 and _is_courtesy_title(doc[start - 1]):
        start -= 1
    return replace(found, start=start)


def _is_courtesy_title(token) -> bool:
    return name_key(token.text) in COURTESY_TITLES and token.text[:1].isupper()


def _has_a_word(doc, found: _Found) -> bool:
    """A mention names someone in letters or digits: a span of signs ("=" a pattern caught in a
    pasted comment thread) names no one and has no entity to point to."""
    return any(ch.isalnum() for ch in doc[found.start:found.end].text)


def _to_mention(doc, found: _Found, article_id: str, part: str) -> Mention:
    span = doc[found.start : found.end]
    return Mention(
        span=Span(article_id, span.start_char, span.end_char, part),
        text=span.text,
        label=found.label,
        rule=found.rule,
    )


# ---------------------------------------------------------------- namesake cues

# "the late Afghan anti-Taliban commander X": a word of these, up to PREMODIFIER_SPAN words before X.
ELDER_PREMODIFIERS = frozenset("late elder slain assassinated murdered martyred deceased legendary".split())
PREMODIFIER_SPAN = 5
# Words that end a noun phrase: an elder word before them qualifies something else.
PHRASE_BREAKS = frozenset("and or but that who which said says told as while when after before".split())
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_ELDER_LEFT = [
    re.compile(r"\b(?:son|sons|daughter|heir)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}$", re.I),
    re.compile(r"\b(?:his|her|whose|their)\s+(?:late\s+)?father\s*$", re.I),
]
_JUNIOR_LEFT = [
    re.compile(r"\b(?:younger|junior)\s+$", re.I),
    re.compile(r"\b(?:his|her)\s+(?:eldest\s+|youngest\s+)?son\s*$", re.I),
]
_ELDER_RIGHT = [
    re.compile(r"^['’]s\s+(?:eldest\s+|elder\s+|younger\s+|youngest\s+)?(?:son|sons|daughter|heir)\b",
               re.I),
    re.compile(r"^\s*\(\s*(?:\d{4})?\s*[-–]\s*\d{4}\s*\)"),
    re.compile(r"^\s*[,–—-]?\s*who\s+(?:was|had\s+been)\s+(?:\w+\s+){0,2}?"
               r"(?:killed|assassinated|slain|murdered|martyred)\b", re.I),
    re.compile(r"^\s*[,–—-]?\s*who\s+died\b", re.I),
    re.compile(r"^\s*,[^,.;]{0,50},\s*(?:who\s+)?(?:was|had\s+been)\s+(?:\w+\s+){0,2}?"
               r"(?:killed|assassinated|slain|murdered|martyred)\b", re.I),
    re.compile(r"^\s*,?\s*(?:Sr\b\.?|Senior\b)"),
]
_JUNIOR_RIGHT = [
    re.compile(r"^\s*[,–—-]\s*(?:\d+\s*,\s*)?(?:the\s+|a\s+)?(?:\d+-year-old\s+)?"
               r"(?:eldest\s+|youngest\s+)?son\s+of\b", re.I),
    re.compile(r"^['’]s\s+(?:late\s+)?father\b", re.I),
    re.compile(r"^\s*,?\s*(?:Jr\b\.?|Junior\b)"),
]
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]\"“”\n,]")


def namesake_cue(mention_text: str, left: str, right: str) -> Optional[str]:
    """'elder' when the context marks the older/deceased namesake, 'junior' the younger, else None."""
    words = [name_key(w) for w in mention_text.split()]
    for word in words:
        if word in NAMESAKE_MARKERS:
            return NAMESAKE_MARKERS[word]
    if any(p.search(right) for p in _JUNIOR_RIGHT):
        return "junior"
    if any(p.search(right) for p in _ELDER_RIGHT):
        return "elder"
    clause = _CLAUSE_BREAK.split(left)[-1]
    if any(p.search(clause) for p in _JUNIOR_LEFT):
        return "junior"
    if _elder_premodifier(clause) or any(p.search(clause) for p in _ELDER_LEFT):
        return "elder"
    return None


def _elder_premodifier(clause: str) -> bool:
    """'late', 'slain'... within the noun phrase that ends with the name ('late' of a date excluded)."""
    words = re.findall(r"[\w'’-]+", clause.lower())[-PREMODIFIER_SPAN:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in PHRASE_BREAKS:
            return False
        following = words[i + 1] if i + 1 < len(words) else ""
        if words[i] in ELDER_PREMODIFIERS and not (following in MONTHS or following[:1].isdigit()):
            return True
    return False


# ---------------------------------------------------------------- resolution


def context_key(article_id: str, part: str) -> str:
    """Key of `contexts` for one article part: the article id for the body text."""
    return article_id if part == PART_TEXT else f"{article_id}|{part}"


def article_contexts(article) -> dict[str, str]:
    """The `contexts` entries of an `Article`: its title, text and captions."""
    return {context_key(article.article_id, part): text for part, text in article.parts()}


@dataclass
class _View:
    """A mention with what resolution needs to know about it."""

    article_id: str
    index: int
    mention: Mention
    name: str
    position: tuple[int, int]
    cue: Optional[str]
    left: str
    right: str
    country: Optional[str] = None  # the country the article is about
    reading: Optional[Reading] = None  # what a description says ("junta troops": the state's forces)

    @property
    def words(self) -> list[str]:
        return name_key(self.name).split()

    @property
    def is_description(self) -> bool:
        return self.mention.rule.startswith(DESCRIPTION_RULE)


@dataclass
class _Cluster:
    """The mentions one article (then the corpus) attributes to one actor."""

    key: str
    entry: Optional[ActorEntry]
    views: list[_View] = field(default_factory=list)
    # Answers about the views, asked of every cluster for each new mention of the article: kept
    # until a view is added (views are only ever appended).
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def _remembered(self, what: str, compute):
        seen, value = self._memo.get(what, (-1, None))
        if seen != len(self.views):
            value = compute()
            self._memo[what] = (len(self.views), value)
        return value

    @property
    def is_person(self) -> bool:
        if self.entry is not None:
            return self.entry.type == "person"
        return self._remembered("is_person", lambda: majority_label(Counter(v.mention.label for v in self.views)) == "PERSON")

    def surnames(self) -> frozenset[str]:
        return self._remembered("surnames", self._surnames)

    def _surnames(self) -> frozenset[str]:
        forms = [self.entry.name] if self.entry else []
        forms += [v.name for v in self.views if _is_personal_name(v.name)]
        return frozenset(name_key(f).split()[-1] for f in forms if len(name_key(f).split()) > 1)

    def elder_score(self) -> int:
        score = 2 if self.entry is not None and self.entry.died is not None else 0
        return score + sum({"elder": 1, "junior": -1}.get(v.cue, 0) for v in self.views)

    def nearest_position(self, position: tuple[int, int]) -> tuple[int, tuple[int, int]]:
        """Sort key: closest mention before `position` first, then closest after."""
        before = [v.position for v in self.views if v.position < position]
        if before:
            return (0, tuple(-x for x in max(before)))
        return (1, min(v.position for v in self.views))

    def best_name(self) -> str:
        return self._remembered("best_name", lambda: _canonical_name([self]))


def resolve_entities(
    mentions_by_article: dict[str, list[Mention]],
    actors: ActorDictionary,
    contexts: dict[str, str],
    countries: Optional[dict[str, Optional[str]]] = None,
) -> tuple[dict[str, list[Mention]], list[Entity]]:
    """Canonical entities for all mentions, and the mentions with their `entity_id` set.

    `contexts` maps `context_key(article_id, part)` to the text the mention offsets refer to
    (see `article_contexts`); parts without context are resolved from the mention text alone.
    `countries` gives the country each article is about (from its places), which names the forces
    it describes ("the army" -> "Military Forces of Sudan"); without it, the countries its words name.
    """
    clusters: list[_Cluster] = []
    for article_id, mentions in mentions_by_article.items():
        country = (countries or {}).get(article_id) or _text_country(article_id, contexts)
        clusters.extend(_resolve_article(article_id, mentions, actors, contexts, country))
    resolved = {article_id: list(mentions) for article_id, mentions in mentions_by_article.items()}
    entities = []
    for entity_id, group in _entity_groups(_merge_across_articles(clusters)).items():
        entity = _entity(entity_id, group)
        entities.append(entity)
        label = TYPE_LABEL[entity.type]
        for cluster in group:
            for view in cluster.views:
                mention = replace(view.mention, entity_id=entity_id, label=label)
                resolved[view.article_id][view.index] = mention
    # "the rebels" that stand for no group the article names are left to extraction's rules
    resolved = {article_id: [m for m in mentions if m.entity_id or not m.rule.startswith(DESCRIPTION_RULE)]
                for article_id, mentions in resolved.items()}
    return resolved, sorted(entities, key=lambda e: e.entity_id)


def _entity_groups(groups: dict[str, list[_Cluster]]) -> dict[str, list[_Cluster]]:
    """Final ids: the dictionary id, else the slug of the canonical name (groups meeting on one id merge)."""
    by_id: dict[str, list[_Cluster]] = defaultdict(list)
    for group in groups.values():
        entry = group[0].entry
        by_id[entry.entity_id if entry else slugify(_canonical_name(group))].extend(group)
    return dict(by_id)


def _canonical_name(group: list[_Cluster]) -> str:
    """The dictionary name, else the fullest name the texts use: the most frequent, then the first seen."""
    if group[0].entry is not None:
        return group[0].entry.name
    return _canonical_name_of([v for c in group for v in c.views])


def _text_country(article_id: str, contexts: dict[str, str]) -> Optional[str]:
    texts = [text for key, text in contexts.items() if key == article_id or key.startswith(f"{article_id}|")]
    return article_country(text=" ".join(texts)) if texts else None


def _resolve_article(article_id: str, mentions: list[Mention], actors: ActorDictionary,
                     contexts: dict[str, str], country: Optional[str] = None) -> list[_Cluster]:
    links = _article_acronyms(article_id, contexts)
    views = [_view(article_id, i, m, contexts, country, links) for i, m in enumerate(mentions)]
    views.sort(key=lambda v: v.position)
    clusters: dict[str, _Cluster] = {}
    deferred, referring = [], []
    for view in views:
        if view.is_description and _may_refer_to_a_group(view):
            referring.append(view)
        elif _needs_antecedent(view, actors):
            deferred.append(view)
        else:
            _attach(clusters, _resolve_named(view, actors, clusters), view)
    for view in deferred:
        _attach(clusters, _resolve_short(view, actors, clusters), view)
    for view in referring:
        group = _group_referred_to(view, clusters)
        if group is not None:
            _attach(clusters, (group.key, group.entry), view)
    return list(clusters.values())


def _article_acronyms(article_id: str, contexts: dict[str, str]) -> dict[str, str]:
    """Acronyms the article spells out anywhere ("Rapid Support Forces (RSF)"), for all its parts."""
    links: dict[str, str] = {}
    for key, text in contexts.items():
        if key == article_id or key.startswith(f"{article_id}|"):
            for acronym, long_form in acronym_links(text).items():
                links.setdefault(acronym, long_form)
    return links


def _view(article_id: str, index: int, mention: Mention, contexts: dict[str, str],
          country: Optional[str] = None, links: Optional[dict[str, str]] = None) -> _View:
    text = contexts.get(context_key(mention.span.article_id, mention.span.part), "")
    start, end = mention.span.start, mention.span.end
    left = text[max(0, start - CUE_WINDOW) : start] if text else ""
    right = text[end : end + CUE_WINDOW] if text else ""
    name, reading = _actor_name(mention, country, links or {})
    return _View(
        article_id=article_id,
        index=index,
        mention=mention,
        name=name,
        position=(_part_rank(mention.span.part), start),
        cue=namesake_cue(mention.text, left, right),
        left=left,
        right=right,
        country=country,
        reading=reading,
    )


def _actor_name(mention: Mention, country: Optional[str], links: dict[str, str]) -> tuple[str, Optional[Reading]]:
    """The name a mention is resolved by: ACLED's for a description ("junta troops" -> "Military
    Forces of Myanmar") and for a state's own named forces ("Sudanese Armed Forces" -> "Military
    Forces of Sudan"); the long form for an acronym the article spells out; else the name itself."""
    name = strip_titles(mention.text)
    if mention.rule.startswith(DESCRIPTION_RULE):
        reading = read_phrase(mention.text.split())
        if reading is not None and mention.rule == f"{DESCRIPTION_RULE}named-militia":
            reading = replace(reading, kind="named-militia")
        return (reading.acled_name(country), reading) if reading else (name, None)
    if mention.label not in ("ORG", "GROUP"):
        return name, None
    bare = name[4:] if name.lower().startswith("the ") else name
    name = links.get(bare, name)
    reading = read_name(name)
    if reading is not None and reading.category == lex.STATE and reading.country:
        return reading.acled_name(None), reading
    return name, None


# Descriptions that may stand for a group the article names: "the paramilitaries" for the RSF.
REFERRING_KINDS = {"rebels": {lex.REBELS}, "militia": {lex.POLITICAL_MILITIA, lex.IDENTITY_MILITIA}}
UNNAMED_ARMED_KINDS = frozenset({"rebels", "militia", "armed-men", "gang"})


def _may_refer_to_a_group(view: _View) -> bool:
    """Unnamed armed men are no actor of their own here: "the paramilitaries" may stand for the group
    the article names; "gunmen", "rebels" and the like are named by extraction, where they act
    (ACLED's unidentified armed group), and are nobody's side when merely counted."""
    return view.reading is not None and view.reading.kind in UNNAMED_ARMED_KINDS


def _group_referred_to(view: _View, clusters: dict[str, _Cluster]) -> Optional[_Cluster]:
    """The one named group of the article whose category the description's kind fits."""
    if view.reading.kind not in REFERRING_KINDS or \
            not re.search(r"\b(?:the|its|their)\s+$", view.left, re.IGNORECASE):
        return None
    wanted = REFERRING_KINDS[view.reading.kind]
    fitting = [c for c in clusters.values() if not c.is_person and not any(v.is_description for v in c.views)
               and _cluster_category(c) in wanted]
    return fitting[0] if len(fitting) == 1 else None


def _cluster_category(cluster: _Cluster) -> Optional[str]:
    if cluster.entry is not None:
        return cluster.entry.category
    reading = _named_reading(cluster.views)
    return reading.category if reading else None


def _part_rank(part: str) -> int:
    if part == PART_TITLE:
        return 0
    return 1 if part == PART_TEXT else 2


def _needs_antecedent(view: _View, actors: ActorDictionary) -> bool:
    """A single-word person name or acronym is read against the article's full names first."""
    if len(view.words) != 1:
        return False
    return view.mention.label == "PERSON" or not actors.candidates(view.name)


def _attach(clusters: dict[str, _Cluster], target: tuple[str, Optional[ActorEntry]], view: _View) -> None:
    key, entry = target
    clusters.setdefault(key, _Cluster(key, entry)).views.append(view)


def _resolve_named(view: _View, actors: ActorDictionary, clusters: dict[str, _Cluster]) -> tuple:
    """A full name: dictionary (exact, namesakes told apart by context, fuzzy), else a local actor."""
    entries = actors.candidates(view.mention.text) or actors.candidates(view.name)
    if len(entries) > 1:
        entries = [_pick_namesake_entry(view, entries) or _prefer_living(entries)[0]]
    if not entries and len(view.words) > 1:
        fuzzy = actors.fuzzy_lookup(view.name)
        entries = [fuzzy] if fuzzy is not None else []
    if entries:
        return entries[0].entity_id, entries[0]
    if view.mention.label == "PERSON":
        similar = _similar_local_person(view, clusters)
        if similar is not None:
            return similar.key, None
    return slugify(view.name) or slugify(view.mention.text), None


def _similar_local_person(view: _View, clusters: dict[str, _Cluster]) -> Optional[_Cluster]:
    """A person of the article whose name is a misspelling of this one."""
    key = name_key(view.name)
    for cluster in clusters.values():
        if cluster.entry is None and cluster.is_person:
            other = name_key(cluster.best_name())
            if len(other.split()) == len(view.words) and name_similarity(key, other) >= FUZZY_NAME_MIN:
                return cluster
    return None


def _resolve_short(view: _View, actors: ActorDictionary, clusters: dict[str, _Cluster]) -> tuple:
    """A surname or short name: the article's actor it abbreviates, else the dictionary, else itself.

    spaCy's small model often tags a bare surname ORG; it still joins the person of that surname.
    """
    acronym = _acronym_antecedent(view, clusters) if view.mention.label != "PERSON" else None
    if acronym is not None:
        return acronym.key, acronym.entry
    antecedents = [c for c in clusters.values() if c.is_person and _shares_surname(view, c)]
    if antecedents:
        chosen = _pick_namesake_cluster(view, antecedents)
        return chosen.key, chosen.entry
    entry = _dictionary_surname(view, actors)
    if entry is not None:
        return entry.entity_id, entry
    headword = _headword_antecedent(view, clusters) if view.mention.label != "PERSON" else None
    if headword is not None:
        return headword.key, headword.entry
    return _resolve_named(view, actors, clusters)


def _shares_surname(view: _View, cluster: _Cluster) -> bool:
    word = view.words[0]
    return any(s == word or (len(word) > 4 and word_similarity(s, word) >= FUZZY_NAME_MIN)
               for s in cluster.surnames())


def _acronym_antecedent(view: _View, clusters: dict[str, _Cluster]) -> Optional[_Cluster]:
    """'NDS' for 'National Directorate of Security' named in the same article."""
    acronym = view.name.replace(".", "").upper()
    for cluster in clusters.values():
        words = [w for w in cluster.best_name().split() if w.lower() not in ("of", "the", "for", "and", "in")]
        if len(words) > 1 and "".join(w[0] for w in words).upper() == acronym:
            return cluster
    return None


def _headword_antecedent(view: _View, clusters: dict[str, _Cluster]) -> Optional[_Cluster]:
    """'the Alliance' for the one 'Northern Alliance' of the article."""
    word = view.words[0]
    found = [c for c in clusters.values() if not c.is_person and len(name_key(c.best_name()).split()) > 1
             and name_key(c.best_name()).split()[-1] == word]
    return found[0] if len(found) == 1 else None


def _pick_namesake_cluster(view: _View, candidates: list[_Cluster]) -> _Cluster:
    """Between people sharing a surname: context cue, then dictionary hints, then the nearest living one."""
    scores = {c.key: c.elder_score() for c in candidates}
    if view.cue == "elder":
        pool = [c for c in candidates if scores[c.key] == max(scores.values())]
    elif view.cue == "junior":
        pool = [c for c in candidates if scores[c.key] == min(scores.values())]
    else:
        hinted = _hinted([c.entry for c in candidates if c.entry], view)
        if hinted is not None:
            return next(c for c in candidates if c.entry is hinted)
        pool = [c for c in candidates if scores[c.key] <= 0] or candidates
    return min(pool, key=lambda c: c.nearest_position(view.position))


def _pick_namesake_entry(view: _View, entries: list[ActorEntry]) -> Optional[ActorEntry]:
    """Between dictionary namesakes: the elder/deceased one on an elder cue, else hints, else living."""
    if view.cue == "elder":
        pool = [e for e in entries if e.died is not None]
    else:
        pool = _hinted(entries, view)
        pool = [pool] if pool is not None else [e for e in entries if e.died is None]
    return pool[0] if len(pool) == 1 else None


def _dictionary_surname(view: _View, actors: ActorDictionary) -> Optional[ActorEntry]:
    """A surname the article never gives in full: the dictionary person, if one fits the context.

    The dead are reached only on an elder cue: 2021 news names them in full before shortening.
    """
    if view.words[0] in COMMON_NAME_PARTS:
        return None
    return _pick_namesake_entry(view, actors.surname_candidates(view.name))


def _hinted(entries: list[ActorEntry], view: _View) -> Optional[ActorEntry]:
    """The one entry whose `distinguish` hints occur right around the mention."""
    around = f"{view.left[-HINT_WINDOW:]} {view.right[:HINT_WINDOW]}".lower()
    scores = {e.entity_id: sum(1 for h in e.distinguish if re.search(rf"\b{re.escape(h.lower())}\b", around))
              for e in entries}
    best = max(scores.values(), default=0)
    winners = [e for e in entries if scores[e.entity_id] == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


# ---------------------------------------------------------------- across articles


def _merge_across_articles(clusters: list[_Cluster]) -> dict[str, list[_Cluster]]:
    """Group article clusters into corpus entities: same id, misspelt full names, unique surnames."""
    groups: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        groups[cluster.key].append(cluster)
    _merge_similar_people(groups)
    _merge_lone_surnames(groups)
    return dict(groups)


def _local_people(groups: dict[str, list[_Cluster]]) -> list[str]:
    return [key for key, group in groups.items() if group[0].entry is None and group[0].is_person]


def _merge_similar_people(groups: dict[str, list[_Cluster]]) -> None:
    keys = sorted(_local_people(groups), key=lambda k: -sum(len(c.views) for c in groups[k]))
    for i, key in enumerate(keys):
        if key not in groups:
            continue
        words = key.split("-")
        for other in keys[i + 1 :]:
            if other in groups and len(other.split("-")) == len(words) > 1 and \
                    name_similarity(key.replace("-", " "), other.replace("-", " ")) >= FUZZY_NAME_MIN:
                groups[key].extend(groups.pop(other))


def _merge_lone_surnames(groups: dict[str, list[_Cluster]]) -> None:
    """A surname alone in one article joins the only full name of the corpus ending with it.

    The lone word may be tagged ORG: spaCy's small model often takes a bare surname for one.
    """
    full_by_surname: dict[str, list[str]] = defaultdict(list)
    for key in _local_people(groups):
        if "-" in key:
            full_by_surname[key.split("-")[-1]].append(key)
    lone = [key for key, group in groups.items() if "-" not in key and group[0].entry is None
            and {v.mention.label for c in group for v in c.views} <= {"PERSON", "ORG"}]
    for key in lone:
        targets = full_by_surname.get(key, [])
        if len(targets) == 1 and key not in COMMON_NAME_PARTS:
            groups[targets[0]].extend(groups.pop(key))


def majority_label(labels: Counter) -> str:
    """The label of an actor from its mentions' labels; the small model often tags people ORG, so a
    third of PERSON tags suffices."""
    if labels["PERSON"] * PERSON_LABEL_SHARE >= sum(labels.values()):
        return "PERSON"
    return labels.most_common(1)[0][0]


def _entity(entity_id: str, group: list[_Cluster]) -> Entity:
    entry = group[0].entry
    views = [v for c in group for v in c.views]
    name = _canonical_name(group)
    aliases = Counter(alias_form(v.mention.text) for v in views)
    labels = Counter(v.mention.label for v in views)
    category, country, source = _category_and_country(entry, views, labels)
    return Entity(
        entity_id=entity_id,
        name=name,
        type=entry.type if entry else LABEL_TYPE[majority_label(labels)],
        category=category,
        aliases=sorted((a for a in aliases if a != name), key=lambda a: (-aliases[a], a)),
        description=entry.description if entry else "",
        country=country,
        category_source=source,
    )


def _category_and_country(entry: Optional[ActorEntry], views: list[_View], labels: Counter) -> tuple:
    """(category, ISO2 country, how the category was decided). The dictionary is authoritative (an
    entry without category, an ethnic group, is not guessed); a description says what it is; a
    named group is read from its name and the words beside it; a person from the role words before."""
    article_country = _most_common(v.country for v in views)
    if entry is not None:
        return entry.category, entry.country or None, "dictionary" if entry.category else ""
    label = majority_label(Counter(v.mention.label for v in _naming_views(views)))
    readings = [v.reading for v in _naming_views(views) if v.reading is not None]
    if readings:
        reading = Counter(readings).most_common(1)[0][0]
        return _at_home_or_abroad(reading, article_country)
    if label == "NORP":  # a nationality or religion is not an actor category
        return None, lex.country_of_words(views[0].name.split()), ""
    if label == "PERSON":
        category = _guess_category(views, labels)
        return category, None, "inferred: role words before the name" if category else ""
    reading = _named_reading(_naming_views(views))
    if reading is None:
        return None, article_country, ""
    return _at_home_or_abroad(reading, article_country)


def _at_home_or_abroad(reading: Reading, article_country: Optional[str]) -> tuple:
    """(category, country, evidence); a state's forces fighting in another country's war are coded
    as ACLED codes them there (`actors.state_category`)."""
    country = reading.country or article_country
    if reading.category != lex.STATE:
        return reading.category, country, reading.evidence
    category = state_category(country, article_country)
    if category != lex.STATE:
        return category, country, f"{reading.evidence}; a state's forces outside {article_country}"
    return category, country, reading.evidence


def remember_categories(entities: list[Entity], memory: dict) -> None:
    """Categories inferred from earlier batches of one run fill in for weaker evidence now: an article
    that says only "RSF" takes the category another article's "the paramilitary RSF" gave."""
    for entity in entities:
        if entity.category_source == "dictionary" or entity.type == "person":
            continue
        strength, known = _evidence_strength(entity), memory.get(entity.entity_id)
        if known is not None and known[0] > strength:
            entity.category, entity.category_source = known[1], f"{known[2]} (earlier articles)"
        elif entity.category and (known is None or strength >= known[0]):
            memory[entity.entity_id] = (strength, entity.category, entity.category_source)


def _evidence_strength(entity: Entity) -> int:
    """2 for a descriptor ("paramilitary", "rebels") or a description, 1 for a name's shape or a bare
    armed word ("fighters"), 0 without a category."""
    if not entity.category:
        return 0
    source = entity.category_source
    weak = "with no country" in source or any(f"'{w}' beside" in source for w in lex.ARMED_CUES)
    return 1 if weak else 2


def _most_common(values: Iterable[Optional[str]]) -> Optional[str]:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _named_reading(views: list[_View]) -> Optional[Reading]:
    """A named group's category: its name's own words, else the descriptors beside its mentions
    ("the paramilitary RSF", "M23 rebels", "Wagner mercenaries") when around enough of them."""
    name = _canonical_name_of(views)
    if is_outlet_name(name):
        return None  # "a resident told Darfur Evening Post": the press is no party
    own = read_name(name)
    if own is not None and own.category == lex.STATE:
        return own
    words = [w for v in views for w in _context_words(v, is_person=False)]
    reading = read_name(name, words)
    if reading is None or reading == own:
        return own
    if own is not None and reading.category == lex.STATE:
        return own  # "troops of the Kachin Independence Army": a force's own name outweighs a state word near it
    cued = sum(1 for v in views if read_name(name, _context_words(v, is_person=False)) is not None)
    # A descriptor beside a name once ("the paramilitary RSF") says what it is; a state's words
    # must come back often (an outlet named next to "troops" now and then is no state force).
    enough = cued >= CATEGORY_CUE_SHARE * len(views) or (cued and reading.category != lex.STATE)
    return reading if enough else own


def _canonical_name_of(views: list[_View]) -> str:
    """The fullest name the texts use, the most frequent, then the first seen; a description that
    refers to a named group ("the paramilitaries") does not name it."""
    names = Counter(v.name for v in _naming_views(views))  # insertion order: first seen first
    return max(names, key=lambda n: (len(n.split()), names[n]))


def _naming_views(views: list[_View]) -> list[_View]:
    named = [v for v in views if not v.is_description] or views
    body_names = {v.name for v in named if v.mention.span.part != PART_TITLE}
    return [v for v in named if not _headline_padding(v, body_names)] or named


def _headline_padding(view: _View, body_names: set[str]) -> bool:
    """"Heavy Taliban losses claimed": a headline's capitals glue a word to a name; a headline name
    the body never uses that ends with a name it does use is that name."""
    return view.mention.span.part == PART_TITLE and view.name not in body_names and any(
        view.name.endswith(" " + name) for name in body_names)


def _guess_category(views: list[_View], labels: Counter) -> Optional[str]:
    """Vote of the category cue words in and right around the mentions; None without any."""
    label = majority_label(labels)
    if label == "NORP":
        return None  # a nationality or religion is not an actor category
    is_person = label == "PERSON"
    votes: Counter = Counter()
    for view in views:
        words = _context_words(view, is_person)
        for category, cues in lex.NAME_CUES.items():  # the shared word tables ("police chief X")
            votes[category] += sum(1 for w in words if w in cues)
    if not votes or votes.most_common(1)[0][1] == 0:
        return None
    ranked = votes.most_common()
    if ranked[0][1] < CATEGORY_CUE_SHARE * len(views):
        return None
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None


def _context_words(view: _View, is_person: bool) -> list[str]:
    """Role words before a person's name; for groups the name and the nouns just around it."""
    left = re.findall(r"[a-z]+", _CLAUSE_BREAK.split(view.left)[-1].lower())[-3:]
    if is_person:
        # "police chief X", "RSF commander X": role words run up to the name; in "troops enter X"
        # a verb stands between them and X, which is then no member of the troops
        cues = set().union(*lex.NAME_CUES.values())
        return left if left and (left[-1] in cues or left[-1] in OFFICE_TITLES) else []
    right = re.findall(r"[a-z]+", _CLAUSE_BREAK.split(view.right)[0].lower())[:2]
    # "militants of the al-Qaeda-linked group JNIM": the members' noun before "of" describes the group
    members = re.search(r"\b([a-z]+) of (?:the )?(?:[\w'’-]+ ){0,4}$", _CLAUSE_BREAK.split(view.left)[-1].lower())
    # "the Fano, a militia from Amhara": an apposition right after the name describes it
    apposition = re.match(r"\s*(?:\([^()]{1,12}\))?\)?\s*,\s*(?:a|an|the)\s+((?:[\w-]+\s+){0,2}[\w-]+)", view.right)
    return left[-2:] + re.findall(r"[a-z]+", view.mention.text.lower()) + right + \
        ([members.group(1)] if members else []) + (apposition.group(1).lower().split() if apposition else []) + \
        _community_cue(_CLAUSE_BREAK.split(view.left)[-1], view.right)


# "Amhara militiamen known as X", "X, a militia from the Amhara region": a militia a community names.
_COMMUNITY_MILITIA_BEFORE = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:militia|militias|militiamen|militiaman)\b[^.]{0,25}$")
_COMMUNITY_MILITIA_AFTER = re.compile(
    r"\s*(?:\([^()]{1,12}\))?\s*,\s*an?\s+(?:\w+\s+)?militia\s+(?:from|of)\s+(?:the\s+)?([A-Z][\w'’-]+)\s+"
    r"(?:region|community|people|tribe|clan|ethnic group|minority)\b")


def _community_cue(left: str, right: str) -> list[str]:
    """The identity-militia cue word when a community (no country) names the militia a name belongs to."""
    found = _COMMUNITY_MILITIA_BEFORE.search(left) or _COMMUNITY_MILITIA_AFTER.match(right)
    word = found.group(1) if found else ""
    if not word or lex.country_of_words([word]) is not None or word.lower() in _NO_COMMUNITY_WORDS:
        return []  # "Sudanese militias", "Government militiamen": a state's, not a community's
    return ["communal"]


_NO_COMMUNITY_WORDS = lex.PRO_STATE_MODIFIERS | lex.STATE_OWNER_WORDS | {"the", "a", "an", "local", "armed"}
