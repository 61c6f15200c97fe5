"""spaCy's attribute ruler run as a table lookup, with the same output.

The English pipelines map each token's fine tag (and a few words) to its coarse part of speech,
morphology and some lemmas with an `attribute_ruler` of some 180 Matcher patterns. spaCy runs
them through its Matcher, whose IN and REGEX predicates are Python calls for every token and
pattern: 1.7 s of the 12.5 s CPU a parse of the bench's 100 articles takes. A token's matches
depend only on the few attributes the patterns read, and on a word only through the words the
patterns name and their regular expressions, so here each class of tokens the patterns cannot
tell apart is matched once and remembered (0.15 s for the same articles).

Same semantics as `AttributeRuler.__call__`: every pattern is matched against the tokens as the
earlier components left them, then each match's attributes are set on its target token in pattern
order (later patterns win). A ruler using anything this module does not evaluate (quantifiers,
other attributes or operators, patterns setting lexical attributes) is left as spaCy built it.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from spacy.attrs import DEP, IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE, LEMMA, LOWER, NORM, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "eventfold_attribute_lookup"
# Attributes a pattern may read: stored as string hashes, or as lexical flags (0 or 1).
STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP, "LEMMA": LEMMA}
FLAG_ATTRS = {"IS_SPACE": IS_SPACE, "IS_PUNCT": IS_PUNCT, "IS_ALPHA": IS_ALPHA, "IS_DIGIT": IS_DIGIT}
# Attributes a pattern may set: token-only ones, so the order among tokens cannot matter.
SETTABLE = {"TAG", "POS", "MORPH", "LEMMA", "DEP"}
# Values of one attribute remembered before its table starts again (bounded memory on any stream).
CACHE_LIMIT = 200_000


class Unsupported(ValueError):
    """A pattern uses something the lookup does not evaluate: keep spaCy's ruler."""


def _value_test(want, is_flag: bool) -> Callable:
    if isinstance(want, dict):
        tests = [_operator_test(operator, argument, is_flag) for operator, argument in want.items()]
        return lambda value: all(test(value) for test in tests)
    if isinstance(want, bool) if is_flag else isinstance(want, str):
        return lambda value: value == want
    raise Unsupported(f"value {want!r}")


def _operator_test(operator: str, argument, is_flag: bool) -> Callable:
    if operator in ("IN", "NOT_IN") and not is_flag and all(isinstance(a, str) for a in argument):
        members = frozenset(argument)
        return (lambda value: value in members) if operator == "IN" else (lambda value: value not in members)
    if operator == "REGEX" and not is_flag and isinstance(argument, str):
        pattern = re.compile(argument)
        return lambda value: pattern.search(value) is not None
    raise Unsupported(f"operator {operator}")


class _Pattern:
    """One alternative of one rule: a test per token position, and the position given the attributes."""

    def __init__(self, rule: int, specs: list[dict], index: int, read: list[str]):
        if not specs or not -len(specs) <= index < len(specs):
            raise Unsupported("empty pattern or index outside it")
        self.rule, self.length = rule, len(specs)
        self.target = index % len(specs)
        self.tests = [self._token_test(spec, read) for spec in specs]

    @staticmethod
    def _token_test(spec: dict, read: list[str]) -> Callable:
        checks = []
        for name, want in spec.items():
            if name not in STRING_ATTRS and name not in FLAG_ATTRS:
                raise Unsupported(f"attribute {name}")
            checks.append((read.index(name), _value_test(want, name in FLAG_ATTRS)))
        return lambda values: all(test(values[position]) for position, test in checks)


class _ValueClasses:
    """Stands each value of one attribute for the first value seen that no test of the patterns
    tells apart from it (a word no pattern names stands for every such word with the same answers
    to the patterns' regular expressions), so that few distinct tokens are ever matched."""

    def __init__(self, name: str, specs: list, strings):
        self.is_flag, self.strings = name in FLAG_ATTRS, strings
        wants = [spec[name] for spec in specs if name in spec]
        self.literals = frozenset(_literals(wants))
        self.regexes = [re.compile(want["REGEX"]) for want in wants if isinstance(want, dict) and "REGEX" in want]
        self._known: dict = {}
        self._representatives: dict = {}

    def column(self, stored: list) -> list:
        """The representative of each stored value (string hashes, or flags)."""
        if self.is_flag:
            return [bool(value) for value in stored]
        values = list(map(self._known.get, stored))
        if None in values:
            values = [self._learn(code) if value is None else value for value, code in zip(values, stored)]
        return values

    def _learn(self, code: int) -> str:
        if len(self._known) >= CACHE_LIMIT:
            self._known.clear()
        text = self.strings[code] if code else ""
        if text not in self.literals:
            text = self._representatives.setdefault(tuple(r.search(text) is not None for r in self.regexes), text)
        self._known[code] = text
        return text


def _literals(wants: list) -> list[str]:
    literal = []
    for want in wants:
        if isinstance(want, dict):
            literal.extend(a for operator in ("IN", "NOT_IN") for a in want.get(operator, ()))
        else:
            literal.append(want)
    return literal


class AttributeLookup:
    """A pipeline component with an `AttributeRuler`'s rules and output."""

    def __init__(self, vocab, name: str = "attribute_ruler"):
        self.vocab, self.name = vocab, name
        self.ruler: Optional[AttributeRuler] = None
        self.rule_attrs: list[dict] = []
        self.read: list[str] = []
        self.single: list[_Pattern] = []
        self.longer: list[_Pattern] = []
        self._classes: list[_ValueClasses] = []
        self._matches: dict = {}
        self._merged: dict = {}

    def take_rules(self, ruler) -> "AttributeLookup":
        """Adopt the rules of a loaded `AttributeRuler` (raises `Unsupported`)."""
        rules = ruler.patterns
        if any(set(rule["attrs"]) - SETTABLE for rule in rules):
            raise Unsupported("a rule sets a lexical attribute")
        specs = [spec for rule in rules for alternative in rule["patterns"] for spec in alternative]
        self.read = sorted({name for spec in specs for name in spec})
        if any(name not in STRING_ATTRS and name not in FLAG_ATTRS for name in self.read):
            raise Unsupported(f"attributes {self.read}")
        patterns = [_Pattern(number, alternative, rule["index"], self.read)
                    for number, rule in enumerate(rules) for alternative in rule["patterns"]]
        self.single = [p for p in patterns if p.length == 1]
        self.longer = [p for p in patterns if p.length > 1]
        self.ruler, self.rule_attrs = ruler, list(ruler.attrs)
        self._array_attrs = [STRING_ATTRS.get(name) or FLAG_ATTRS[name] for name in self.read]
        self._classes = [_ValueClasses(name, specs, self.vocab.strings) for name in self.read]
        self._matches, self._merged = {}, {}
        return self

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array(self._array_attrs).T.tolist()
        tokens = zip(*(classes.column(column) for classes, column in zip(self._classes, columns)))
        rows = [self._matches.get(values) or self._match(values) for values in tokens]
        rules = [list(single) for single, _, _ in rows]
        for start, (_, starting, _) in enumerate(rows):
            for pattern in starting:
                if self._rest_matches(pattern, rows, start):
                    rules[start + pattern.target].append(pattern.rule)
        for position, matched in enumerate(rules):
            if matched:
                set_token_attrs(doc[position], self._attrs_of(matched))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        """Each doc in turn (spaCy's component interface; nothing is batched)."""
        for doc in docs:
            yield self(doc)

    # Saved and loaded as spaCy's ruler (a pipeline written to disk keeps its rules).
    def to_bytes(self, **options) -> bytes:
        return self.ruler.to_bytes(**options)

    def from_bytes(self, data: bytes, **options) -> "AttributeLookup":
        return self.take_rules(AttributeRuler(self.vocab, self.name).from_bytes(data, **options))

    def to_disk(self, path, **options) -> None:
        self.ruler.to_disk(path, **options)

    def from_disk(self, path, **options) -> "AttributeLookup":
        return self.take_rules(AttributeRuler(self.vocab, self.name).from_disk(path, **options))

    def _match(self, values: tuple) -> tuple:
        """(rules matching a token of these values alone, longer patterns starting on it, the values)."""
        found = self._matches[values] = (tuple(p.rule for p in self.single if p.tests[0](values)),
                                         tuple(p for p in self.longer if p.tests[0](values)), values)
        return found

    @staticmethod
    def _rest_matches(pattern: _Pattern, rows: list, start: int) -> bool:
        if start + pattern.length > len(rows):
            return False
        return all(test(rows[start + offset][2]) for offset, test in enumerate(pattern.tests) if offset)

    def _attrs_of(self, rules: list[int]) -> dict:
        """The attributes the rules set, later rules winning (each attribute is set independently)."""
        key = tuple(sorted(rules))
        merged = self._merged.get(key)
        if merged is None:
            merged = {}
            for rule in key:
                merged.update(self.rule_attrs[rule])
            self._merged[key] = merged
        return merged


@Language.factory(FACTORY)
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    return AttributeLookup(nlp.vocab, name)


def with_attribute_lookup(nlp: Language, component: str = "attribute_ruler") -> Optional[AttributeLookup]:
    """Replace the pipeline's enabled attribute ruler by the lookup when its rules allow; the lookup
    installed, or None (the pipeline unchanged)."""
    if component not in nlp.pipe_names:
        return None
    ruler = nlp.get_pipe(component)
    if isinstance(ruler, AttributeLookup):
        return ruler
    try:
        AttributeLookup(nlp.vocab, component).take_rules(ruler)  # raises before the pipeline changes
    except Unsupported:
        return None
    return nlp.replace_pipe(component, FACTORY).take_rules(ruler)
