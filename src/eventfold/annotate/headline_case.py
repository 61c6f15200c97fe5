"""Title-Case headlines read in sentence case.

About one feed headline in five capitalises every word ("Army Launches Airstrikes On Rebel Camp").
The small parser reads such a run of capitals as one name: the verb becomes part of an actor's
name and no trigger is found. When extraction reads the headline (the body tells no event), it
parses a copy in which the words that cannot be names are in lower case: function words ("On"),
inflected verbs the English lemma tables know ("Launches", "Attacked"), a bare verb after a plural
("Rebels Seize"), plural common nouns and adjectives ("Deadly", "Missiles"), and words the body
writes in lower case. Kept: a country's name of several words, a run ending in a force's head word
("Rapid Support Forces"), demonyms, acronyms, an adjective before another capital ("Red Sea"), and
words the body capitalises inside a sentence. Annotation keeps the stored title's parse (re-parsing
it there reshuffled ECB+ clusters: B3 0.583 -> 0.579).

Only the case of an ASCII letter changes, so every character offset of the copy is the
headline's own: spans, mentions and provenance point into the stored headline unchanged.
"""

from __future__ import annotations

import functools
import re

from eventfold.model import PART_TITLE

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Share of the longer words (over three letters) that must be capitalised for a Title-Case headline.
TITLE_CASE_SHARE = 0.8
LONG_WORD = 4
MIN_LONG_WORDS = 3
# Inflections of a verb, and the base each may come from ("Launches" launch, "Carried" carry).
INFLECTIONS = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
               ("ing", ""), ("ing", "e"))


def read_in_sentence_case(article, docs: dict, annotations):
    """The docs and annotations extraction reads: a Title-Case title parsed again in sentence case,
    without the names and places the first parse glued across its lowered words ("Army Launches
    Airstrikes", "Camp For Displaced")."""
    title = article.title or ""
    copy = sentence_case(title, article.text or "")
    if copy == title or PART_TITLE not in docs:
        return docs, annotations
    from dataclasses import replace

    from eventfold.annotate.nlp import load_nlp

    lowered = {i for i, (a, b) in enumerate(zip(title, copy)) if a != b}

    def glued(span) -> bool:
        return span.part == PART_TITLE and any(span.start <= i < span.end for i in lowered)

    return {**docs, PART_TITLE: load_nlp()(copy)}, replace(
        annotations, mentions=[m for m in annotations.mentions if not glued(m.span)],
        places=[p for p in annotations.places if not glued(p.span)])


def is_title_case(title: str) -> bool:
    words = [w for w in WORD.findall(title) if len(w) >= LONG_WORD]
    return len(words) >= MIN_LONG_WORDS and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def sentence_case(title: str, body: str = "") -> str:
    """The headline with its words that cannot be names in lower case (same length, same offsets)."""
    if not is_title_case(title):
        return title
    letters = list(title)
    words = list(WORD.finditer(title))
    named = _words_of_force_names(words) | _words_of_country_names(words)
    lowered_next = True  # read from the end: whether the word after this one is (now) in lower case
    for index in range(len(words) - 1, -1, -1):
        match, word = words[index], words[index].group()
        joined = index + 1 < len(words) and title[match.end():words[index + 1].start()] == " "
        after_plural = index > 0 and title[words[index - 1].end():match.start()] == " " and \
            _plural_form(words[index - 1].group())
        keep = (index in named or _opens_a_sentence(title, match.start()) or _abbreviation(title, match)
                or not _lowerable(word, body, modifies_a_name=joined and not lowered_next,
                                  after_plural=after_plural))
        if not keep:
            letters[match.start()] = word[0].lower()
        lowered_next = not letters[match.start()].isupper()
    return "".join(letters)


def _abbreviation(title: str, match) -> bool:
    return len(match.group()) < 2 or title[match.end():match.end() + 1] == "."


def _words_of_country_names(words) -> set[int]:
    """Words of a country's name of two or three words ("United Arab Emirates", "Saudi Arabia")."""
    from eventfold.annotate.actor_lexicon import country_words

    named: set[int] = set()
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            if " ".join(m.group() for m in words[start:start + size]).lower() in country_words():
                named.update(range(start, start + size))
    return named


def _words_of_force_names(words) -> set[int]:
    """Indices of the words of a run of capitals that ends in the head of a force's name ("Rapid
    Support Forces", "Allied Democratic Forces"): the run may be that name, and keeps its case."""
    from eventfold.annotate.actor_lexicon import ARMED_NAME_HEADS, REBEL_NAME_WORDS

    named: set[int] = set()
    run: list[int] = []
    for index, match in enumerate(words):
        word = match.group()
        if not word[0].isupper() or (run and _is_function_word(word) and not word.isupper()):
            run = []
            continue
        run.append(index)
        if word.lower() in ARMED_NAME_HEADS | REBEL_NAME_WORDS and len(run) > 1:
            named.update(run)
    return named


def _opens_a_sentence(title: str, start: int) -> bool:
    before = title[:start].rstrip(" \"'‘“")
    return not before or before[-1] in ":.?!—–|"


def _plural_form(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def _lowerable(word: str, body: str, modifies_a_name: bool = False, after_plural: bool = False) -> bool:
    """Whether the word cannot be (part of) a name; `modifies_a_name`: a capitalised word follows,
    so an adjective may be the first word of a name ("Red Sea", "West Bank"); `after_plural`: a plural
    comes before, so a bare verb is its predicate ("Rebels Seize Town", "Guards Take Out")."""
    if not word[0].isupper() or any(c.isupper() or c.isdigit() for c in word[1:]):
        return False  # already lower case, an acronym ("ISIS") or a name like "McAllister"
    lower = word[0].lower() + word[1:]
    if _capitalised_within_a_sentence(word, body):
        return False
    return (_is_function_word(word) or _written_in_lower_case(lower, body) or _is_inflected_verb(lower)
            or (after_plural and lower.lower() in _verbs()) or _is_common_description(lower, modifies_a_name))


def _is_function_word(word: str) -> bool:
    return word.lower() in _stop_words()


def _is_common_description(word: str, modifies_a_name: bool) -> bool:
    """A plural common noun ("Missiles", "Civilians") or an adjective ("Deadly", "Multiple") the lemma
    tables know, unless it names a country or its people ("Palestinians", "French"); an adjective
    before a capitalised word may open a name ("Red Sea") and keeps its case."""
    from eventfold.annotate.actor_lexicon import country_words

    from eventfold.annotate.gazetteer import CONTINENT_DEMONYMS

    word = word.lower()
    if word in country_words() or word.rstrip("s") in {d.lower() for d in CONTINENT_DEMONYMS.values()}:
        return False
    tables = _lemma_index()
    plural = any(word.endswith(ending) and word[:-len(ending)] + base in tables.get("noun", ())
                 for ending, base in (("ies", "y"), ("es", ""), ("s", "")) if len(word) - len(ending) >= 3)
    return plural or (not modifies_a_name and word in tables.get("adj", ()))


def _capitalised_within_a_sentence(word: str, body: str) -> bool:
    return re.search(rf"(?<![.!?\"“‘]\s)(?<!^)\b{re.escape(word)}\b", body) is not None


def _written_in_lower_case(word: str, body: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", body) is not None


def _is_inflected_verb(word: str) -> bool:
    """"Launches", "Attacked", "Resulting": a form with an inflection whose base is an English verb.
    Bare forms ("Bank", "House", "Force") are left alone: too many are parts of names."""
    word = word.lower()
    return any(word.endswith(ending) and len(word) - len(ending) >= 2 and word[:-len(ending)] + base in _verbs()
               for ending, base in INFLECTIONS) or _doubled_consonant_base(word) in _verbs()


def _doubled_consonant_base(word: str) -> str:
    """"Shelled" shell is caught above; "Grabbed", "Stopping" need their last consonant undoubled."""
    found = re.fullmatch(r"(.*?(.))\2(?:ed|ing)", word)
    return found.group(1) if found else ""


@functools.lru_cache(maxsize=None)
def _lemma_index() -> dict[str, frozenset[str]]:
    """The English lemma tables of the spaCy pipeline: the known base forms of each part of speech."""
    from eventfold.annotate.nlp import load_nlp

    tables = load_nlp().get_pipe("lemmatizer").lookups
    if "lemma_index" not in tables.tables:
        return {}
    index = tables.get_table("lemma_index")
    return {pos: frozenset(index[pos]) for pos in ("noun", "verb", "adj", "adv") if pos in index}


def _verbs() -> frozenset[str]:
    return _lemma_index().get("verb", frozenset())


# Function words the lemma tables also list as nouns, written in lower case all the same. The rest of
# those stop words ("Front", "Side", "May", "Mine") may be a name's part or a month, and keep their case.
FUNCTION_NOUNS = frozenset({"a", "an", "as", "at", "in", "or", "am", "are", "be", "being", "it", "he", "who", "why",
                            "over", "out", "up", "down", "through", "behind", "above", "while", "here", "there",
                            "now", "so", "then", "even", "no", "more", "much", "still", "can", "have", "do"})


@functools.lru_cache(maxsize=None)
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words that are function words only (see FUNCTION_NOUNS)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    nouns = _lemma_index().get("noun", frozenset())
    return frozenset(w for w in STOP_WORDS if w not in nouns) | FUNCTION_NOUNS
