"""How alike two items are, and whether they can be the same event at all.

Text is compared by TF-IDF cosine over hashed word counts: the hashing needs no fitted
vocabulary and the document frequencies are plain counters, so a corpus can grow one article
at a time without refitting anything. Page furniture that survived ingest (share prompts,
newsletter blurbs, an outlet's standard footer) is found the same way: a paragraph seen in
several documents far apart in time describes the page, not an event, and is left out.

The words of the names of people and organisations are compared apart from the text, weighted
by the square of their rarity: two articles naming the same victim or suspect (even spelt
"DeMaree Atkins" and "De'Maree Adkins") are very likely about the same incident, while a shared
"police" says nothing; each name word also brings its Soundex code, so "Malijha" and "Malijah"
meet. The headline is compared apart too (its outlet part, repeated across a site's pages, is
furniture). Place, date, figures, the ages of the people involved and the hours named add or
subtract a fixed amount; stated event days far apart, a story published before the other's event, or killed
counts far apart forbid a merge outright (`cannot_link`). Places do not: resolved places are
too often wrong. Nor does the stated day of a follow-up (an arrest, a trial, a death in
hospital): it is the development's day, not the event's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from eventfold.fuse.features import FusionItem, parse_day

# ---------------------------------------------------------------- calibrated constants
# All calibrated on the GVA dev folder (2,626 articles, 1,417 incidents), checked on ECB+ dev
# (`eventfold eval gva` / `eventfold eval ecbplus`; the figures are in docs/quality.md).

# Weights in units of text cosine. Name, place, figure and day weights come from a logistic
# regression over GVA dev candidate pairs (coefficients divided by the text coefficient,
# rounded). A refit with the headline and a text-length term (GVA + ECB+ pairs, 5-fold: pair
# AP 0.67 -> 0.88 on GVA) ranked pairs better but clustered worse, so only the headline
# weight was kept, swept by clustering: 0 / 0.1 / 0.2 / 0.3 gave GVA pairwise F1
# 0.791 / 0.794 / 0.805 / 0.796 (B3 flat), ECB+ unchanged.
# Weight of the name-word similarity added to the text cosine (0.45 and 0.6 no better).
NAME_WEIGHT = 0.3
# Weight of the headline-word similarity: headline-only pages and follow-ups share little else.
TITLE_WEIGHT = 0.2
# Bonus when both items share one of their main populated places (same GeoNames id).
SAME_PLACE_BONUS = 0.1
# Bonus when both items state the same killed count: figures are updated as victims die, so
# a mismatch is no evidence against (the regression gave it no negative weight).
SAME_FIGURE_BONUS = 0.15
# Penalty per doubling of the days between the two event days: follow-up stories months
# later that name the same victim are still the same incident, so the penalty only grows
# slowly (dev: 0.04 cost GVA 0.013 B3 through precision, 0.08 cost 0.004 through recall).
DAY_GAP_PENALTY = 0.06
# A name word's weight grows by this times the log of its mentions, as word weights do: the main
# participants are named again and again, a bystander once (dev: 0 / 0.5 / 1 / 2 gave ECB+ B3
# 0.896 / 0.900 / 0.907 / -, GVA 0.923 / 0.923 / 0.922).
NAME_COUNT_WEIGHT = 1.0
# Bonus when two stories share a detail of one kind (an age: "a 34-year-old man", "Whitfield,
# 34,"; an hour: "about 6 p.m."), penalty when both give details of that kind and none is
# shared: they tell apart look-alike shootings in one city ("boy, 15, shot" / "boy, 16, shot").
# Dev, ages alone: penalty 0.1 with bonus 0 / 0.05 / 0.1 gave GVA B3 0.927 / 0.929 / 0.929
# (from 0.922; pairwise 0.796 -> 0.813), penalty 0.05 / 0.15 / 0.2 gave 0.927 / 0.929 / 0.928;
# hours on top: 0.931 (pairwise 0.819; penalty 0.05: 0.9306). ECB+ 0.907 -> 0.908.
DETAIL_MATCH_BONUS = 0.05
DETAIL_CLASH_PENALTY = 0.1
# Towns farther apart than this are different places: a city and its suburbs stay within it.
MAX_PLACE_KM = 60.0
# Penalty when no town of one item is near a town of the other. Only a penalty, not a
# cannot-link: place resolution errs too often (dev: as a cannot-link it split 20% of ECB+
# same-event pairs and cost GVA 0.01 B3; 0.05 best of 0.05/0.1/0.2).
FAR_PLACE_PENALTY = 0.05
# Towns of each item compared: the main place alone is wrong too often (a reporter's base, a
# victim's home town); dev: 6 slightly better than 3.
TOWNS_COMPARED = 6
# Two items whose *stated* event days are farther apart than this cannot be the same event
# (reports of one incident disagree by a day or two at most; a week allows misread weekdays).
# A follow-up's stated day is its development's, so it takes no part (see `_event_day`): dev,
# that lifted GVA B3 recall 0.87 -> 0.90 (pairwise 0.73 -> 0.78) and ECB+ B3 0.86 -> 0.875.
MAX_DAY_GAP = 7
# Killed counts this far apart (absolute) cannot describe the same event. Generous because
# extracted figures are noisy (cumulative tolls, other incidents): dev, 3 split 46 GVA
# same-incident pairs and cost 0.006 B3 on both sets; 10 costs nothing measurable.
MAX_KILLED_GAP = 10
# A paragraph repeated in at least this many documents whose days span more than MAX_DAY_GAP
# is page furniture.
FURNITURE_MIN_DOCS = 3

# Ages as news gives them: "a 34-year-old man", "aged 34", "Marcus Whitfield, 34, of Dayton".
AGE_RE = re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b|\b(?:aged?|ages)\s+(\d{1,3})\b|,\s*(\d{1,2}),", re.IGNORECASE)
# Clock times: "6 p.m.", "10:30 PM", "about 2 a.m.".
CLOCK_RE = re.compile(r"\b(\d{1,2})(?::\d\d)?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
TOKEN_RE = re.compile(r"[a-z][a-z'\-]+|\d+")
STOPWORDS = frozenset("""a about after again all also an and any are as at be been before being but by can could did
do does during for from had has have he her here hers him his how i if in into is it its just more most my no not now
of on once only or other our out over own said same says she should so some such than that the their them then there
these they this those through to too under until up very was we were what when where which while who whom why will
with would you your""".split())


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n+", text) if p.strip()]


# Separators between a headline and the outlet or section names pages append to it.
TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:]{1,2}|::)\s+")


def title_segments(title: str) -> list[str]:
    """A headline cut at its separators ("Man shot downtown - WXYZ News"): outlet parts recur, story parts don't."""
    return [s.strip() for s in TITLE_SEPARATORS.split(title or "") if s.strip()]


def paragraph_key(paragraph: str) -> str:
    return " ".join(TOKEN_RE.findall(paragraph.lower()))


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN_RE.findall(text.lower()) if t not in STOPWORDS and len(t) > 1]


@dataclass
class Corpus:
    """Document frequencies of words, names and paragraphs, growing as items are added."""

    size: int = 0
    word_df: Counter = field(default_factory=Counter)
    name_df: Counter = field(default_factory=Counter)
    paragraph_days: dict = field(default_factory=dict)  # paragraph key -> (count, first day, last day)

    def add(self, item: FusionItem) -> None:
        self.size += 1
        self.word_df.update(set(tokens(item.text)))
        self.name_df.update(set(name_tokens(item)))
        day = item.day()
        for key in {paragraph_key(p) for p in paragraphs(item.text) + title_segments(item.title)}:
            count, first, last = self.paragraph_days.get(key, (0, day, day))
            if day is not None:
                first, last = min(first or day, day), max(last or day, day)
            self.paragraph_days[key] = (count + 1, first, last)

    def is_furniture(self, paragraph: str) -> bool:
        count, first, last = self.paragraph_days.get(paragraph_key(paragraph), (0, None, None))
        spread = (last - first) if first is not None and last is not None else 0
        return count >= FURNITURE_MIN_DOCS and spread > MAX_DAY_GAP

    def idf(self, df: int) -> float:
        return math.log((1 + self.size) / (1 + df)) + 1.0


@dataclass
class Profile:
    """An item's weighted, unit-length word and name vectors under the current corpus."""

    words: dict[str, float]
    names: dict[str, float]
    title: dict[str, float] = field(default_factory=dict)  # headline words, outlet names left out
    ages: frozenset[int] = frozenset()  # ages of the people the story tells of
    hours: frozenset[str] = frozenset()  # clock hours it names ("6p")


def profile(item: FusionItem, corpus: Corpus) -> Profile:
    story = "\n".join(p for p in paragraphs(item.text) if not corpus.is_furniture(p))
    counts = Counter(tokens(story))
    words = {w: (1 + math.log(c)) * corpus.idf(corpus.word_df[w]) for w, c in counts.items()}
    mentions = name_counts(item)
    names = {n: (1 + NAME_COUNT_WEIGHT * math.log(mentions.get(n, 1))) * corpus.idf(corpus.name_df[n]) ** 2
             for n in name_tokens(item)}
    headline = " ".join(s for s in title_segments(item.title) if not corpus.is_furniture(s))
    title = {w: corpus.idf(corpus.word_df[w]) for w in set(tokens(headline))}
    return Profile(_unit(words), _unit(names), _unit(title), ages_in(story), hours_in(story))


def ages_in(text: str) -> frozenset[int]:
    return frozenset(int(age) for match in AGE_RE.finditer(text) for age in match.groups() if age)


def hours_in(text: str) -> frozenset[str]:
    """Hours on the clock ("10:30 p.m." -> "10p"; 12 read as 0 so "12:15 a.m." and "12 a.m." agree)."""
    return frozenset(f"{int(hour) % 12}{half.lower()}" for hour, half in CLOCK_RE.findall(text))


def name_counts(item: FusionItem) -> Counter:
    """Mentions of each name word and sound code: the main participants are named most."""
    counts: Counter = Counter()
    for name, count in item.mention_counts.items():
        for key in _name_keys(name):
            counts[key] += count
    return counts


def name_tokens(item: FusionItem) -> set[str]:
    """The words of the names an item mentions, and their sound codes: "Malijha" and "Malijah" share one."""
    return {key for name in item.entities for key in _name_keys(name)}


def _name_keys(name: str) -> set[str]:
    words = {re.sub(r"[^a-z]", "", w) for w in name.split()} - {""} - STOPWORDS
    return words | {"~" + soundex(w) for w in words if len(w) >= SOUNDEX_MIN_LENGTH}


# Shorter name words get no sound code: "al", "de", "ed" would collide with everything.
SOUNDEX_MIN_LENGTH = 4
_SOUNDEX_CODES = {c: str(d) for d, letters in enumerate(("aeiouyhw", "bfpv", "cgjkqsxz", "dt", "l", "mn", "r"))
                  for c in letters}


def soundex(word: str) -> str:
    """American Soundex: the first letter and the codes of the next consonant sounds ("atkins" -> "a325")."""
    digits = [_SOUNDEX_CODES.get(c, "0") for c in word]
    code, last = [], digits[0]
    for char, digit in zip(word[1:], digits[1:]):
        if digit != "0" and digit != last:
            code.append(digit)
        if char not in "hw":  # h and w do not separate two equal codes
            last = digit
    return (word[0] + "".join(code) + "000")[:4]


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in weights.values()))
    return {k: v / norm for k, v in weights.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def similarity(a: FusionItem, b: FusionItem, pa: Profile, pb: Profile) -> float:
    """Evidence that a and b tell the same event: text cosine plus names, headline, place, date and figures."""
    score = (cosine(pa.words, pb.words) + NAME_WEIGHT * cosine(pa.names, pb.names)
             + TITLE_WEIGHT * cosine(pa.title, pb.title))
    if {p.geonameid for p in towns(a)} & {p.geonameid for p in towns(b)}:
        score += SAME_PLACE_BONUS
    elif _far_apart(towns(a), towns(b)):
        score -= FAR_PLACE_PENALTY
    if a.killed is not None and a.killed == b.killed:
        score += SAME_FIGURE_BONUS
    score += _detail_score(pa.ages, pb.ages) + _detail_score(pa.hours, pb.hours)
    gap = day_gap(a, b)
    if gap:
        score -= DAY_GAP_PENALTY * math.log2(1 + gap)
    return score


def _detail_score(ours: frozenset, theirs: frozenset) -> float:
    if not ours or not theirs:
        return 0.0
    return DETAIL_MATCH_BONUS if ours & theirs else -DETAIL_CLASH_PENALTY


def day_gap(a: FusionItem, b: FusionItem) -> Optional[int]:
    da, db = a.day(), b.day()
    return abs(da - db) if da is not None and db is not None else None


def cannot_link(a: FusionItem, b: FusionItem) -> bool:
    """True when dates or figures rule out one event."""
    if _incompatible_days(a, b):
        return True
    if a.killed is not None and b.killed is not None and abs(a.killed - b.killed) > MAX_KILLED_GAP:
        return True
    return False


def _incompatible_days(a: FusionItem, b: FusionItem) -> bool:
    """Two stated event days far apart, or a story published before the other's event happened.

    A publication date alone bounds the event from above only: follow-ups (charges, trials,
    funerals) are published weeks or months later.
    """
    stated_a, stated_b = _event_day(a), _event_day(b)
    if stated_a is not None and stated_b is not None:
        return abs(stated_a - stated_b) > MAX_DAY_GAP
    for stated, other in ((stated_a, b), (stated_b, a)):
        published = parse_day(other.published)
        if stated is not None and published is not None and published < stated - 1:
            return True
    return False


def _event_day(item: FusionItem) -> Optional[int]:
    """The stated day as the event's day; a follow-up's stated day is its development's (an arrest, a trial)."""
    return None if item.follow_up else item.stated_day()


def towns(item: FusionItem) -> list:
    """The item's most-mentioned populated places (a country or province does not pin an event down)."""
    return [p for p in item.places if p.feature_class == "P"][:TOWNS_COMPARED]


def _far_apart(ours: list, theirs: list) -> bool:
    """No town of one item lies near a town of the other (place resolution errs; one near pair suffices)."""
    from eventfold.annotate.gazetteer import haversine_km

    if not ours or not theirs:
        return False
    return all(haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > MAX_PLACE_KM
               for a in ours for b in theirs)
