"""Exact pre-checks for regular expressions: the strings a match cannot do without.

Searching dozens of patterns over every sentence costs one scan per pattern, even when the text
holds none of the words a match needs. `Prefiltered` reads a compiled pattern's structure once
and keeps groups of lower-case strings such that every match contains at least one string of each
group ("air strike" needs "air" and "strike"; "kidnap|abduct" needs one of the two); a text whose
lower-cased form fails that test is not searched. Only necessary conditions are derived, so
skipping a pattern never changes a result: `search` and `finditer` answer exactly as the pattern's
own methods do.

The structure is read with `re._parser`, the parser the `re` module compiles with (Python 3.11 is
the project's version); a pattern it cannot read is simply searched every time.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional, Union

# Characters whose lower case `str.lower()` gives differently from the `re` module's case-blind
# matching (a character lowered to two, a final sigma, the extra equivalences `re` knows, such as
# the long s for "s"): a text holding one is searched without the pre-check.
try:
    from re._casefix import _EXTRA_CASES

    _FOLD_SPECIAL = {chr(code) for key, values in _EXTRA_CASES.items() for code in (key, *values) if code > 127}
except ImportError:  # not in this Python: be safe with any non-ASCII text
    _FOLD_SPECIAL = None
_UNSAFE = re.compile("[%s]" % re.escape("".join(sorted((_FOLD_SPECIAL or set()) | {"\u0130", "\u03a3"}))))

# Groups kept per pattern, most selective first, and the shortest string worth testing for.
MAX_GROUPS = 3
MIN_LENGTH = 3
# Stands in a group for "any decimal digit" (`\d`, [0-9]): rarer in prose than most words.
DIGIT = "\x00digit\x00"


def lowered(text: str) -> Optional[str]:
    """The text in lower case for the pre-checks, or None when lower-casing could hide a match
    (then every pattern is searched)."""
    if _FOLD_SPECIAL is None and not text.isascii():
        return None
    return None if _UNSAFE.search(text) else text.lower()


class Prefiltered:
    """A compiled pattern with the pre-check of the strings its matches need.

    Its methods take `seen`: the text's `lowered` form (each group is searched for), or the strings
    a `Scanner` found in it, or None (no pre-check: the pattern is searched)."""

    __slots__ = ("pattern", "groups", "needs")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.groups = tuple(required_strings(pattern))
        self.needs = tuple(_searcher(group) for group in self.groups)

    def may_match(self, seen: Union[str, frozenset, None]) -> bool:
        """False only when `seen` proves the pattern cannot match."""
        if seen is None:
            return True
        if isinstance(seen, str):
            return all(needed.search(seen) for needed in self.needs)
        return all(not group.isdisjoint(seen) for group in self.groups)

    def search(self, text: str, seen: Union[str, frozenset, None] = None) -> Optional[re.Match]:
        return self.pattern.search(text) if self.may_match(seen) else None

    def finditer(self, text: str, seen: Union[str, frozenset, None] = None) -> Iterator[re.Match]:
        return self.pattern.finditer(text) if self.may_match(seen) else iter(())


class Scanner:
    """The strings the pre-checks of several patterns test, found in one pass over a text (a
    trie-shaped regular expression) instead of one search per group and pattern."""

    def __init__(self, patterns: Iterable[Prefiltered]):
        strings = {s for pattern in patterns for group in pattern.groups for s in group}
        self.digits = DIGIT in strings
        strings.discard(DIGIT)
        # At each position, the longest string that starts there; the shorter ones starting there
        # are its prefixes (each string found brings those of the set that begin it).
        self.trie = re.compile(f"(?=({_trie_pattern(strings)}))") if strings else None
        self.prefixes = {s: frozenset(t for t in strings if s.startswith(t)) for s in strings}

    def seen(self, text: str) -> Optional[frozenset]:
        """The strings of the pre-checks present in the text (lower-cased), or None when
        lower-casing could hide a match (every pattern is then searched)."""
        low = lowered(text)
        if low is None:
            return None
        found: set[str] = set()
        if self.trie is not None:
            for match in self.trie.finditer(low):
                found |= self.prefixes[match.group(1)]
        if self.digits and _ANY_DIGIT.search(low):
            found.add(DIGIT)
        return frozenset(found)


_ANY_DIGIT = re.compile(r"\d")


def _trie_pattern(strings: Iterable[str]) -> str:
    """A regular expression matching the longest of `strings` that starts where it is tried."""
    root: dict = {}
    for string in strings:
        node = root
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}  # a string ends here
    return _node_pattern(root)


def _node_pattern(node: dict) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # greedy: the longer string first


def _searcher(group: frozenset[str]) -> re.Pattern:
    # Longest first, so that the alternation's order cannot matter; plain literals over the lowered text.
    words = [re.escape(s) for s in sorted(group - {DIGIT}, key=lambda s: (-len(s), s))]
    return re.compile("|".join(words + ([r"\d"] if DIGIT in group else [])))


def required_strings(pattern: re.Pattern) -> list[frozenset[str]]:
    """Groups of lower-case strings, each group holding at least one substring of any match's
    lower-cased text; the most selective MAX_GROUPS (empty: nothing is certain)."""
    try:
        from re import _parser

        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # another Python's parser, or a bytes pattern: no pre-check
        return []
    groups = [g for g in _sequence_needs(list(tree)) if min(map(_length, g)) >= MIN_LENGTH]
    return sorted(groups, key=_selectivity)[:MAX_GROUPS]


def _selectivity(group: frozenset[str]) -> tuple[int, int]:
    return -min(map(_length, group)), len(group)


def _length(string: str) -> int:
    return MIN_LENGTH if string == DIGIT else len(string)


def _sequence_needs(items: list) -> list[frozenset[str]]:
    """The groups a sequence of parsed items needs: each run of literal characters (with the
    start of each alternative of a branch right after it), and what each item that must occur
    at least once needs."""
    from re._constants import ATOMIC_GROUP, BRANCH, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT, SUBPATTERN

    groups: list[frozenset[str]] = []
    run = ""
    for op, value in items:
        char = _literal_char(op, value)
        if char is not None:
            run += char
            continue
        if run:
            groups.append(frozenset({run}))
        if op is SUBPATTERN:
            groups += _sequence_needs(list(value[-1]))
        elif op is ATOMIC_GROUP:
            groups += _sequence_needs(list(value))
        elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and value[0] >= 1:
            groups += _sequence_needs(list(value[2]))
        elif _is_digit(op, value):
            groups.append(frozenset({DIGIT}))
        elif op is BRANCH:
            branch = _branch_needs(value[1])
            if branch:
                groups.append(branch)
            if run:  # "Ma(?:rch|y)": "march" or "may"
                groups.append(frozenset(run + _leading_literal(list(alternative)) for alternative in value[1]))
        # anything else (a class, an assertion, a back-reference) makes no string certain
        run = ""
    if run:
        groups.append(frozenset({run}))
    return groups


def _is_digit(op, value) -> bool:
    """A class of decimal digits only: a digit category, [0-9] or a part of it."""
    from re._constants import CATEGORY, CATEGORY_DIGIT, IN, LITERAL, RANGE

    def digits_only(kind, item) -> bool:
        if kind is CATEGORY:
            return item is CATEGORY_DIGIT
        if kind is RANGE:
            return 48 <= item[0] <= item[1] <= 57
        return kind is LITERAL and 48 <= item <= 57

    return op is IN and bool(value) and all(digits_only(kind, item) for kind, item in value)


def _leading_literal(items: list) -> str:
    """The literal characters a sequence starts with."""
    lead = ""
    for op, value in items:
        char = _literal_char(op, value)
        if char is None:
            break
        lead += char
    return lead


def _branch_needs(alternatives: list) -> Optional[frozenset[str]]:
    """One of the alternatives matches: the union of each one's most selective group, if each has one."""
    union: set[str] = set()
    for alternative in alternatives:
        groups = _sequence_needs(list(alternative))
        if not groups:
            return None
        union |= min(groups, key=_selectivity)
    return frozenset(union)


def _literal_char(op, value) -> Optional[str]:
    """The lower-case character an item matches, if it matches one character and its case only
    (a literal, or a class such as [Tt])."""
    from re._constants import IN, LITERAL

    if op is LITERAL:
        return _one_lower(chr(value))
    if op is IN and value and all(kind is LITERAL for kind, _ in value):
        lowers = {_one_lower(chr(code)) for _, code in value}
        return lowers.pop() if len(lowers) == 1 and None not in lowers else None
    return None


def _one_lower(char: str) -> Optional[str]:
    low = char.lower()
    return low if len(low) == 1 else None
