"""Typing a sentence by its event clause: the typer reads the whole sentence, unless a clause that
describes rather than reports turns a violent event into something else.

"The Arakan Army attacked police posts on Monday, ending a year-long truce": "truce" makes the
n-gram typer answer Agreement. Without the modifier clauses that name no event ("ending a truce",
"where people had gathered") the sentence reads as the attack it reports. The trimmed reading is
taken only when it makes a violent event of what the whole sentence typed as a strategic
development or a protest: on the CASE 2021 snippets that choice changes no answer, while taking
the trimmed reading always cost macro-F1 0.778 -> 0.767.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from eventfold.annotate.doctext import span_text
from eventfold.extract.clauses import EARLIER_EVENT_PREPOSITIONS
from eventfold.extract.lexicon import TERRITORY_BY_WINNER
from eventfold.extract.roles import is_trigger
from eventfold.extract.subevent import Typing, classify_batch, classify_groups

# Modifier clauses that may be dropped for typing: they describe, they do not report the event.
DESCRIPTIVE_CLAUSE_DEPS = frozenset(("advcl", "relcl"))
VIOLENT_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
TERRITORY_TYPES = frozenset(TERRITORY_BY_WINNER.values())
# What a descriptive clause may wrongly make of a violent event.
MISREAD_EVENT_TYPES = frozenset({"Strategic developments", "Protests"})


def typing_text(sent) -> str:
    """The sentence (any spaCy span) without the modifier clauses that name no event, as long as
    what remains still names one; else the sentence itself."""
    dropped: set[int] = set()
    for token in sent:
        if token.dep_ in DESCRIPTIVE_CLAUSE_DEPS and token.i not in dropped and token.head.i != token.i:
            clause = list(token.subtree)
            if not any(is_trigger(word) for word in clause):
                dropped.update(word.i for word in clause)
    if not dropped or not any(is_trigger(token) for token in sent if token.i not in dropped):
        return span_text(sent)
    kept = "".join(token.text_with_ws for token in sent if token.i not in dropped).strip()
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r",\s*(?=[,.;:]|$)", "", kept))


def background_clauses(sent) -> list[list]:
    """The clauses that tell an earlier happening as the background of the sentence's own, when the
    rest still names an event or the happening lies months back ("France withdrew its last troops,
    several months after a junta seized power": the news is the rest, whatever it is)."""
    verbs = [token for token in sent if token.head.i != token.i and _tells_an_earlier_happening(token)]
    clauses = [list(verb.subtree) for verb in verbs]
    dropped = {word.i for clause in clauses for word in clause}
    if any(is_trigger(token) for token in sent if token.i not in dropped):
        return clauses
    return [list(verb.subtree) for verb in verbs if _months_before(verb)]


# Units of a distance in time that makes what came before history rather than the same news.
FAR_UNITS = frozenset({"month", "months", "year", "years", "decade", "decades"})


def _months_before(verb) -> bool:
    """"several months after ...", "two years after ...": the mark's measure of time."""
    measures = [m for c in verb.children if (c.dep_ == "mark" and c.lower_ in EARLIER_EVENT_PREPOSITIONS)
                or c.dep_ == "npadvmod" for m in c.subtree]  # the parser hangs "months" on either
    return any(m.lower_ in FAR_UNITS for m in measures)


def _tells_an_earlier_happening(verb) -> bool:
    """"after they captured the district", "soldiers, who had taken the area days before"."""
    if verb.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in EARLIER_EVENT_PREPOSITIONS for c in verb.children)
    return verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def type_sentences(sentences, names: Optional[Mapping[str, Optional[str]]] = None) -> list[Typing]:
    """The typer's answer for each sentence (one model call for all); see the module's docstring."""
    return type_sentence_groups([(sentences, names)])[0]


def type_sentence_groups(groups) -> list[list[Typing]]:
    """`type_sentences` of each (sentences, names) group, with one model call for the sentences of
    all the groups and one for their trimmed readings (a chunk's articles typed together)."""
    groups = [(list(sentences), names) for sentences, names in groups]
    texts = [[span_text(sent) for sent in sentences] for sentences, _ in groups]
    wholes = classify_groups([(group_texts, names) for group_texts, (_, names) in zip(texts, groups)])
    trimmed_texts = [{i: typing_text(sent) for i, sent in enumerate(sentences)} for sentences, _ in groups]
    changed = [[i for i, text in trimmed.items() if text != group_texts[i]]
               for trimmed, group_texts in zip(trimmed_texts, texts)]
    rereadings = classify_groups([([trimmed[i] for i in indexes], names)
                                  for trimmed, indexes, (_, names) in zip(trimmed_texts, changed, groups)])
    found = []
    for (sentences, names), whole, indexes, reread in zip(groups, wholes, changed, rereadings):
        trimmed = dict(zip(indexes, reread))
        typings = [_clause_reading(typing, trimmed.get(i)) for i, typing in enumerate(whole)]
        found.append(_read_without_the_background(sentences, typings, names))
    return found


def _read_without_the_background(sentences, typings: list[Typing], names) -> list[Typing]:
    """"A report detailed the massacre of nine men by the militia, after it seized the district":
    when the typer read a change of territory in the background clause, the sentence is typed by the
    rest (the massacre); if the rest reads as no ACLED event, the background does not make it one.
    Only territory: "twelve were hurt after police fired teargas" tells one event in two clauses
    (five CASE 2021 snippets of that kind lost their type when every kind was reread)."""
    misled = {}
    for i, (sent, typing) in enumerate(zip(sentences, typings)):
        prediction = typing.prediction
        evidence = prediction.evidence if prediction is not None and prediction.sub_event_type in TERRITORY_TYPES else ""
        clauses = background_clauses(sent) if evidence else []
        if any(_evidence_begins_in(sent, evidence, clause) for clause in clauses):
            dropped = {word.i for clause in clauses for word in clause}
            misled[i] = "".join(t.text_with_ws for t in sent if t.i not in dropped).strip(" ,")
    if not misled:
        return typings
    rereadings = dict(zip(misled, classify_batch(list(misled.values()), names)))
    return [rereadings.get(i, typing) for i, typing in enumerate(typings)]


def _evidence_begins_in(sent, evidence: str, clause: list) -> bool:
    """The typer's evidence (a stretch of the sentence's text, "taken control of the area days
    before") starts inside the clause."""
    found = sent.text.lower().find(evidence.lower())
    start = sent.start_char + found
    return found >= 0 and clause[0].idx <= start < clause[-1].idx + len(clause[-1])


def _clause_reading(whole: Typing, trimmed: Optional[Typing]) -> Typing:
    if trimmed is None:
        return whole
    if trimmed.prediction is None:
        # neither reading sees an event: the event clause's odds are the ones to weigh
        return trimmed if whole.prediction is None else whole
    # "launched an assault on the valley, ..., after negotiations broke down": the talks made the whole
    # sentence read as no event at all
    misread = whole.prediction is None or whole.prediction.event_type in MISREAD_EVENT_TYPES
    return trimmed if misread and trimmed.prediction.event_type in VIOLENT_EVENT_TYPES else whole
