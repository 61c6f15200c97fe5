"""Event or not: the calibrated probability that a candidate event mention reports an occurrence.

A candidate is a trigger and its sentence (`extract/events.py` makes one wherever the typing
layer finds an event word). Many such sentences tell of no occurrence: statements, threats,
plans, forecasts, exercises and weapons tests, deployments, meetings, laws, sanctions, market
moves, background history, totals over a period. `decide` reads the candidate as features —

- the rule layer's verdicts: the modality of the trigger's clause (`attribution.modality_of`),
  the attribution's certainty and polarity;
- the trigger: its lemma, part of speech and tag, the auxiliaries of its clause and the lemmas
  of the words governing it ("plan to attack", "said ... attacked", "fear ... will attack");
- cues of time and scope: a weekday or "overnight" (one occurrence), "since", "so far", "in
  total", "this year" (a total over a period), a year well before the article's, a casualty
  figure, a place or a date the parser marks, a question, a headline without a full stop;
- the words and lemmas of the sentence (unigrams and word bigrams);

— and weighs them with a logistic regression whose score a Platt sigmoid, fitted on
out-of-fold scores, turns into a probability. Weights and calibration come from
`data/decide_weights.json`, which `python -m eventfold.extract.train_decide` builds from the
project's own labelled sentences in `data/event_examples.tsv` (columns label (1 event, 0 not),
kind (the ACLED sub-event type or the kind of non-event), conflict, year (the year the sentence
is written in, standing for the article's), text). The file records the examples' hash so a
stale file is detected (tests/test_decide.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from eventfold.annotate.doctext import ents_within, span_text
from eventfold.annotate.places import PLACE_SUFFIX_WORDS

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
EXAMPLES_PATH = DATA_DIR / "event_examples.tsv"
WEIGHTS_PATH = DATA_DIR / "decide_weights.json"
MODEL_RULE = "model:decide-logreg"
# Bump when `candidate_features` changes: the shipped weights must then be rebuilt.
FEATURE_VERSION = "7"

# Below this probability a candidate is not emitted as an event report (its figures stay claims).
# Fitted on the 5-fold out-of-fold probabilities of data/event_examples.tsv (`train_decide
# --evaluate`, "emit_floor"): the highest floor (0.01 steps) below which at most 2% of the real
# events fall.
EMIT_FLOOR = 0.12
# The default --min-confidence of `events`, `export` and `brief` (and of `eval dataset`): the
# threshold (0.1 steps) that maximised event F1 of the exported dataset on the held-apart dev set
# gold/multiconflict (`train_decide --held-apart gold/multiconflict`, "by_min_confidence", 62
# reports, 50 events): 0.8 gave F1 0.623 (P 0.589, R 0.66) against 0.602 at 0.5, 0.615 at 0.9
# and 0.571 with none (0.8 was also the best in two earlier runs as the set grew). On the
# examples' out-of-fold probabilities F1 is 0.915 at 0.3, 0.924 at 0.5 and 0.893 at 0.8
# (precision 0.966): the dev set's candidates are harder than the written examples, and there
# precision is what the threshold buys.
DEFAULT_MIN_CONFIDENCE = 0.8

# A year this many years before the article's makes the sentence background history.
FAR_YEARS = 2
# A day or an hour of one occurrence: a weekday, "overnight", a clock time ("around 11 p.m.").
WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|overnight|yesterday|"
                     r"last night|this morning|early on|at dawn|before dawn|on the eve|midnight|"
                     r"\d{1,2}(?::\d\d)? ?(?:a\.m\.|p\.m\.|am\b|pm\b))", re.IGNORECASE)
# A total over a period ("since January", "in the first nine months", "between April and June").
PERIOD_TOTAL = re.compile(r"\b(?:since|so far|in total|to date|this (?:year|month)|last year|"
                          r"in recent (?:days|months|weeks|years)|(?:over|in|during) the (?:past|last|first|previous) "
                          r"(?:\w+ )?(?:days?|weeks?|months?|years?|half|quarter)|cumulative|altogether|"
                          r"record levels?|a total of|overall|between (?:january|february|march|april|may|june|july|"
                          r"august|september|october|november|december) and \w+)\b", re.IGNORECASE)
YEAR = re.compile(r"(?<![\d/])(1[89]\d\d|20\d\d)s?\b")
CASUALTY_FIGURE = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                             r"dozens?|scores?|hundreds?|thousands?)\b[^.;]{0,40}?\b(?:killed|dead|died|wounded|"
                             r"injured|abducted|kidnapped|detained|arrested)\b", re.IGNORECASE)
WORD = re.compile(r"[a-z][a-z'-]*|\d+")
# An age ("a 27-year-old man", "the six-month-old"): read as one word "age", so that its "year"
# does not count as the "this year" or "a year ago" of background and totals.
AGE = re.compile(r"\b(?:\d+|[a-z]+)[- ](?:years?|months?|weeks?)[- ]olds?\b", re.IGNORECASE)
# Entity labels of the parser that stand for a place or a time of the occurrence.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
# How many governing words above the trigger are read.
MAX_GOVERNORS = 4


@dataclass(frozen=True)
class Decision:
    """The probability that the candidate is a real event, and the features that weighed most."""

    confidence: float
    evidence: str
    rule: str = MODEL_RULE


def main_trigger(sent):
    """The event trigger nearest the root of the sentence (the role module's triggers), or None."""
    from eventfold.extract.roles import find_triggers

    triggers = find_triggers(sent)
    return min(triggers, key=lambda t: (_depth(t), t.i)) if triggers else None


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def candidate_features(sent, trigger, *, modality: str, certainty: str,
                       article_year: Optional[int] = None) -> list[str]:
    """The named binary features of a candidate (see the module docstring)."""
    text = span_text(sent).strip()
    found = [f"mod={modality}", f"cert={certainty}"]
    found += _trigger_features(trigger)
    found += _argument_features(sent, trigger)
    found += _cue_features(sent, _without_comparisons(sent), article_year)
    words = WORD.findall(AGE.sub(" age ", text.lower()))
    found += [f"w={w}" for w in words]
    found += [f"b={a}_{b}" for a, b in zip(words, words[1:])]
    found += _lemma_features(sent)
    return sorted(set(found))


def _without_comparisons(sent) -> str:
    from eventfold.extract.clauses import comparison_blanked

    return comparison_blanked(sent).strip()


def _lemma_features(sent) -> list[str]:
    """The lemmas of the sentence's words, an age's words read as "age"."""
    ages = [(m.start() + sent.start_char, m.end() + sent.start_char) for m in AGE.finditer(span_text(sent))]
    found = []
    for token in sent:
        if any(start <= token.idx < end for start, end in ages):
            found.append("l=age")
        elif token.is_alpha:
            found.append(f"l={token.lemma_.lower()}")
    return found


def _trigger_features(trigger) -> list[str]:
    if trigger is None:
        return ["trig=none"]
    found = [f"trig={trigger.lemma_.lower()}", f"trigpos={trigger.pos_}", f"trigtag={trigger.tag_}",
             f"trigdep={trigger.dep_}"]
    # The auxiliary's form, not only its lemma: "had taken" is background where "has taken" is news.
    found += [f"aux={c.lower_}" for c in trigger.children if c.dep_ in ("aux", "auxpass", "neg")]
    head, seen = trigger, 0
    while head.head.i != head.i and seen < MAX_GOVERNORS:
        head, seen = head.head, seen + 1
        if head.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
            found.append(f"gov={head.lemma_.lower()}")
    return found


def _argument_features(sent, trigger) -> list[str]:
    """Who or what acts and is acted on, at the main verb and at the trigger: an index or a price
    that "falls" is no town that falls; "the minister met" no clash."""
    found = [f"root={sent.root.lemma_.lower()}"]
    for head, tag in ((sent.root, "root"), (trigger, "trig")):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "agent"):
                role = "obj" if child.dep_ == "dobj" else "subj"
                found.append(f"{tag}-{role}={child.lemma_.lower()}")
                found.append(f"{tag}-{role}-ent={child.ent_type_ or child.pos_}")
    return found


# Verbs that relay a statement of fact ("said", "wrote", "posted", "tweeted" that N were killed): one
# feature for all, so the model does not learn "said" alone as a mark of news. Not the verbs of
# warning, pledging or predicting, which tell what has not happened.
RELAYING_LEMMAS = frozenset({
    "say", "tell", "claim", "tweet", "twit", "post", "report", "announce", "confirm", "state", "add", "write",
    "allege", "acknowledge", "admit", "declare", "disclose", "reveal",
})


def _relaying_feature(sent) -> list[str]:
    """`cue=relayed` when a verb of relaying a statement governs a clause of the sentence."""
    relayed = any(t.lemma_.lower() in RELAYING_LEMMAS and t.pos_ == "VERB" and
                  any(c.dep_ in ("ccomp", "parataxis") for c in t.children) for t in sent)
    return ["cue=relayed"] if relayed else []


def _cue_features(sent, text: str, article_year: Optional[int]) -> list[str]:
    found = _relaying_feature(sent)
    if WEEKDAY.search(text):
        found.append("cue=day")
    if PERIOD_TOTAL.search(text):
        found.append("cue=period")
    if CASUALTY_FIGURE.search(text):
        found.append("cue=casualty-figure")
    if text.rstrip("”’\"' ").endswith("?"):
        found.append("cue=question")
    if not text.rstrip("”’\"' ").endswith((".", "!", "?")):
        found.append("cue=headline")
    entities = ents_within(sent)
    labels = {e.label_ for e in entities}
    named_place = labels & PLACE_LABELS or any(e[-1].lower_ in PLACE_SUFFIX_WORDS for e in entities)
    found += ["cue=place"] if named_place else ["cue=no-place"]
    found += ["cue=time"] if labels & TIME_LABELS else []
    found.append(_year_feature(text, article_year))
    return found


def set_years_before(text: str, article_year: Optional[int]) -> bool:
    """The text names a year at least FAR_YEARS before the article's: it tells history."""
    return _year_feature(text, article_year) == "year=far-past"


def _year_feature(text: str, article_year: Optional[int]) -> str:
    years = [int(y) for y in YEAR.findall(text)]
    if not years:
        return "year=none"
    if article_year is None:
        return "year=some"
    gap = article_year - min(years)
    return "year=far-past" if gap >= FAR_YEARS else "year=last" if gap == 1 else "year=current"


# ---------------------------------------------------------------- the fitted model


@dataclass(frozen=True)
class Model:
    """A logistic regression over named features with a Platt calibration of its score."""

    weights: dict[str, float]
    bias: float
    scale: float  # Platt: p = 1 / (1 + exp(-(scale * score + shift)))
    shift: float

    def score(self, features: list[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in features)

    def probability(self, features: list[str]) -> float:
        return _sigmoid(self.scale * self.score(features) + self.shift)

    def evidence(self, features: list[str], top: int = 4) -> str:
        """The features that pushed hardest either way ("+cue=day -gov=plan")."""
        weighed = sorted(((self.weights.get(f, 0.0), f) for f in features), key=lambda x: -abs(x[0]))
        return " ".join(f"{'+' if w > 0 else '-'}{f}" for w, f in weighed[:top] if w)


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def examples_digest(path: Path = EXAMPLES_PATH) -> str:
    """sha256 of the labelled examples the weights were fitted on."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def model_from_json(data: dict) -> Model:
    return Model(data["weights"], data["bias"], data["calibration"]["scale"], data["calibration"]["shift"])


@functools.lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The weights built by `train_decide` (read once per process)."""
    with WEIGHTS_PATH.open(encoding="utf-8") as handle:
        return model_from_json(json.load(handle))


def decide(sent, trigger, *, modality: str, certainty: str, article_year: Optional[int] = None,
           model: Optional[Model] = None) -> Decision:
    """The calibrated probability that `sent` (a spaCy span) reports the occurrence its trigger names."""
    model = model or shipped_model()
    features = candidate_features(sent, trigger, modality=modality, certainty=certainty, article_year=article_year)
    return Decision(round(model.probability(features), 4), model.evidence(features))
