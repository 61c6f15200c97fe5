"""Which word a sentence's event hangs on: among the role module's triggers, the one nearest the
root of the sentence, unless it only recalls an event told before ("the strike came two days after
...") or counts a toll whose harm the sentence tells after it ("nineteen died after a missile hit a
warehouse": the harm's clause says who and where).
"""

from __future__ import annotations

from eventfold.extract.attribution import REPORT_NOUNS
from eventfold.extract.clauses import _depth, _in_earlier_event_clause, interval_count, measured_interval

# Verbs that only place a named event in time ("the strike came two days after ...").
LINKING_LEMMAS = frozenset({"come", "follow", "happen", "occur", "be"})
# Verbs that count the harmed: passive and with no agent ("twelve farmers were killed after fighters
# opened fire"), they only tell the toll of the harm the "after" clause tells.
TOLL_VERBS = frozenset({"kill", "wound", "injure", "hurt"})


def event_trigger(sent, prediction):
    """The token the event hangs on: the role-module trigger nearest the root of the sentence —
    the main clause's event, not one told in a subordinate clause ("since they swept into Kabul
    and seized ...") —, ties going to the one the classifier's evidence names, then to the first."""
    from eventfold.extract.roles import find_triggers

    evidence = (prediction.evidence or "").lower()

    def rank(token):
        named = token.lower_ in evidence or token.lemma_.lower() in evidence
        return (_recalls_a_told_event(token), _depth(token), not named, token.i)

    # A trigger in a background clause stands only when the classifier's evidence is that clause.
    found = find_triggers(sent)
    triggers = [t for t in found if not _in_earlier_event_clause(t) or t.lower_ in evidence]
    # "Crews searched the ruins on Wednesday, a day after an Israeli bombardment killed dozens": when
    # the sentence's own clause tells no happening, the one measured back from it is its news
    triggers = triggers or [t for t in found if _news_after_a_dated_clause(t)]
    chosen = min(triggers, key=rank) if triggers else None
    return _harm_behind_the_death(chosen) or chosen


def _news_after_a_dated_clause(token) -> bool:
    """In "X on Wednesday, a day after Y", a counted number of days or hours "after" (not a vague
    "days before", which recalls context)."""
    measured = measured_interval(token)
    return measured is not None and measured[0].lower_ == "after" and interval_count(measured[2]) > 0


def _harm_behind_the_death(trigger):
    """"Nineteen people died after a missile hit a warehouse in eastern Ukraine", "twelve farmers were
    killed after Boko Haram fighters opened fire": the deaths are the toll of the harm told after them;
    its clause says who did it and where."""
    from eventfold.extract.roles import UNDERGOER_VERBS, is_trigger

    if trigger is None or not (trigger.lemma_.lower() in UNDERGOER_VERBS or passive_toll(trigger)):
        return None
    for clause in trigger.children:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "after" for c in clause.children) \
                and is_trigger(clause) and clause.lemma_.lower() not in UNDERGOER_VERBS:
            return clause
    # "two were killed and four were wounded after a drone hit a depot": the parser may hang the
    # "after" clause elsewhere; a weapon striking just after the toll is still its harm
    return next((verb for verb in trigger.sent if verb.i > trigger.i and verb.pos_ == "VERB" and is_trigger(verb)
                 and any(c.dep_ == "mark" and c.lower_ == "after" for c in verb.children)
                 and _struck_by_a_weapon(verb)), None)


def _struck_by_a_weapon(verb) -> bool:
    from eventfold.extract.roles import _is_weapon

    return not any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children) \
        and any(c.dep_ == "nsubj" and _is_weapon(c) for c in verb.children)


def _recalls_a_told_event(token) -> bool:
    """"The strike came two days after heavy fighting broke out": a definite event noun that a linking
    verb only places in time names an event told before; the sentence's news is the other trigger."""
    return token.pos_ == "NOUN" and token.dep_ == "nsubj" and token.head.lemma_.lower() in LINKING_LEMMAS \
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)


def passive_toll(trigger) -> bool:
    """"Two were killed", "four were wounded": people harmed, told with no one doing it."""
    return trigger.lemma_.lower() in TOLL_VERBS and any(c.dep_ == "auxpass" for c in trigger.children) \
        and not any(c.dep_ == "agent" for c in trigger.children)


# Verbs that charge someone with a deed: the happenings told around the deed ("blames the president
# for fleeing when the rebels took the city") are recalled as its circumstances, not reported.
ACCUSATION_LEMMAS = frozenset({"blame", "accuse", "fault", "criticize", "criticise", "condemn"})
WHEN_WORDS = frozenset({"when", "as", "while"})


# Nouns whose "that" clause tells what is said to have happened, not that it did.
HEARSAY_NOUNS = REPORT_NOUNS | {"claim", "word", "news"}


def told_as_hearsay(trigger) -> bool:
    """"Fighters celebrated reports that the valley had fallen": the trigger's clause is what the
    reports say (the clause of a noun of hearsay), a claim to weigh, not a change of hands told."""
    token = trigger
    while token is not None and token.head.i != token.i:
        if token.dep_ in ("acl", "ccomp") and token.head.pos_ == "NOUN" and token.head.lemma_.lower() in HEARSAY_NOUNS:
            return True
        token = token.head
    return False


def recalled_in_an_accusation(trigger) -> bool:
    """The trigger's clause is the "when" of a deed someone is charged with ("accused the army of
    abandoning the town when the insurgents attacked it"): that happening is known, not news here."""
    if trigger is None or trigger.dep_ != "advcl" or not any(c.lower_ in WHEN_WORDS and c.dep_ in ("advmod", "mark")
                                                            for c in trigger.children):
        return False
    deed = trigger.head
    charge = deed.head if deed.dep_ == "pcomp" else None
    if charge is None or charge.lower_ not in ("for", "of"):
        return False
    # "blames ousted President X for ...": the parser may hang "for" on a word of the charge, even
    # make "blames" that word's subject
    charging = [charge.head, *list(charge.head.ancestors)[:2], *(c for c in charge.head.children if c.dep_ == "nsubj")]
    return any(word.lemma_.lower() in ACCUSATION_LEMMAS for word in charging)
