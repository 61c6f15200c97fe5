"""The regex pre-checks (eventfold.prefilter) skip a search only when it could not match: every
pattern the pipeline pre-checks finds the same matches with and without them, on sentences written
here and on random text built from the patterns' own words."""

import random
import re

import pytest

from eventfold.annotate import timex
from eventfold.extract import attribution, numbers, subevent
from eventfold.prefilter import DIGIT, Prefiltered, Scanner, lowered, required_strings

SENTENCES = [
    "Government forces recaptured the town of Karshi on Tuesday after heavy fighting, officials said.",
    "Protesters threw stones at police, who fired tear gas and rubber bullets to disperse the crowd.",
    "At least 12 people were killed and dozens wounded when a car bomb exploded near the market.",
    "A drone strike hit a convoy; the claims could not be independently verified.",
    "The rebels reportedly seized three villages in early March 2023 and held them until May.",
    "TWO HUNDRED MEN WERE ABDUCTED ON 4 JUNE, THE GOVERNOR SAID.",
    "Troops found a cache of weapons, 300 rifles and grenades, last weekend.",
    "Villagers marched peacefully through the square on Christmas Day, the third quarter of 2021.",
    "The ceasefire signed in the capital appeared to hold, though some militiamen defected.",
    "Militants blew themselves up at a checkpoint in mid-2019, four days ago.",
    "Fighting resumed the following morning, about a week later, near the airport.",
    "It is unconfirmed whether the base was overrun; the area was taken by the army.",
    # case folding that lower() does not mirror: the long s, the Kelvin sign, dotted and dotless i
    "ſeized weapons and \u212atilled men; \u0130slamic fighters were kıdnapped in İdlib.",
    "Σ ΣΑΣ and ﬅ ligatures, Arabic digits ٣٠ killed, Devanagari ३ wounded.",
    "Nothing happened here at all, a quiet day of talks and trade.",
    "",
]


def _patterns() -> list[re.Pattern]:
    rules = [rule.pattern for rule in subevent.ALL_RULES]
    extra = [subevent.PROTEST_CONTEXT, subevent.CROWD_ATTACKS, subevent.TERRITORY_PATTERN,
             subevent.PASSIVE_TERRITORY_PATTERN, numbers.QUANTITY_RE, attribution.UNVERIFIED_RE, attribution.HEDGE_RE]
    return rules + extra + [pattern.pattern for _, pattern in timex._COMPILED]


def _random_texts(patterns: list[re.Pattern], count: int, seed: int = 12) -> list[str]:
    """Texts made of the words the pre-checks look for, in random order and case, with noise."""
    rng = random.Random(seed)
    words = sorted({s for p in patterns for group in required_strings(p) for s in group if s != DIGIT}) or \
        sorted({word for sentence in SENTENCES for word in sentence.lower().split()})
    noise = ["the", "by", "in", "of", "on", "at", "was", "were", "had been", "12", "2021", "(", ")", ",", ".",
             "ſ", "İ", "\u212a", "-", "’s", "\n", "March", "May", "Friday", "people", "killed"]
    texts = []
    for _ in range(count):
        parts = [rng.choice(words if rng.random() < 0.5 else noise) for _ in range(rng.randint(1, 14))]
        parts = [part.upper() if rng.random() < 0.2 else part.capitalize() if rng.random() < 0.3 else part
                 for part in parts]
        texts.append((" " if rng.random() < 0.8 else "").join(parts))
    return texts


def _spans(pattern, text, seen="plain"):
    found = pattern.finditer(text) if seen == "plain" else pattern.finditer(text, seen)
    return [(m.start(), m.end(), m.group()) for m in found]


def test_required_strings_are_what_every_match_contains():
    assert required_strings(re.compile(r"\bair[- ]?strikes?", re.I)) == [frozenset({"strike"}), frozenset({"air"})]
    assert required_strings(re.compile(r"\bkidnap\w*|\babduct\w*")) == [frozenset({"kidnap", "abduct"})]
    assert required_strings(re.compile(r"Ma(?:rch|y)\b")) == [frozenset({"march", "may"})]
    assert required_strings(re.compile(r"[Tt]he (?:year|month)")) == [frozenset({"the year", "the month"}),
                                                                        frozenset({"the "}),
                                                                        frozenset({"year", "month"})]
    assert required_strings(re.compile(r"\d+ killed")) == [frozenset({" killed"}), frozenset({DIGIT})]
    assert required_strings(re.compile(r"(?:bomb)?s|x+")) == []  # an alternative needs nothing certain


def test_lowered_refuses_texts_whose_case_folding_differs():
    assert lowered("Troops SEIZED the Town") == "troops seized the town"
    assert lowered("ſeized") is None  # re's case-blind "s" matches the long s; lower() keeps it
    assert lowered("İdlib") is None  # lower() makes two characters of it
    assert lowered("\u212aill") == "kill"  # the Kelvin sign lowers to k, as re reads it


@pytest.mark.parametrize("pattern", _patterns(), ids=lambda p: p.pattern[:40])
def test_pre_checked_searches_find_what_the_pattern_finds(pattern):
    checked = Prefiltered(pattern)
    scanner = Scanner([checked])
    for text in SENTENCES + _random_texts([pattern], 300):
        expected = _spans(pattern, text)
        assert _spans(checked, text, lowered(text)) == expected, text
        assert _spans(checked, text, scanner.seen(text)) == expected, text
        assert _spans(checked, text, None) == expected


def test_one_scanner_for_many_patterns_answers_for_each():
    patterns = _patterns()
    checked = [Prefiltered(p) for p in patterns]
    scanner = Scanner(checked)
    for text in SENTENCES + _random_texts(patterns, 400, seed=5):
        seen = scanner.seen(text)
        for pattern, check in zip(patterns, checked):
            assert _spans(check, text, seen) == _spans(pattern, text), (pattern.pattern[:40], text)


def test_the_scanner_finds_strings_that_start_at_the_same_place():
    scanner = Scanner([Prefiltered(re.compile(r"attack(?:ed)?s? by|\battacked\b|\d"))])
    assert {"attack", "attacked"} <= scanner.seen("They were Attacked by night")
    assert DIGIT in scanner.seen("in 2021")
    assert scanner.seen("a quiet day") == frozenset()
