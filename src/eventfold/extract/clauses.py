"""Where a word stands relative to the event's clause: the dependency-path tests that decide
whether a mention (actor or place) belongs to the event the trigger tells or to something else —
an earlier event, a reference point ("north of Kabul"), a movement, a document, a speaker.
"""

from __future__ import annotations

import functools
import re

from eventfold.annotate.doctext import span_text
from eventfold.extract.quotes import SPEECH_LEMMAS
from eventfold.extract.lexicon import DISTANCE_UNITS
from eventfold.model import Mention, PlaceMention


def _in_earlier_event_clause(token) -> bool:
    """"... since it captured Kabul on Sunday", "after they seized the town": a happening told
    as the background of the sentence's own event."""
    while token.head.i != token.i:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in EARLIER_EVENT_PREPOSITIONS
                                         for c in token.children):
            return True
        if token.dep_ == "prep" and token.lower_ in EARLIER_EVENT_PREPOSITIONS:
            return True
        token = token.head
    return False


# Units that measure how long after or before another happening a sentence's event is.
INTERVAL_UNITS = frozenset({"minute", "minutes", "hour", "hours", "day", "days", "week", "weeks"})


def measured_interval(token):
    """The "N days/hours after (before)" phrase or clause token is in — "searched the ruins on
    Wednesday, a day after an Israeli bombardment", "three days after gunmen abducted them" —: its
    "after"/"before", its tokens and the unit that measures it; None outside one."""
    for inner in (token, *token.ancestors):
        if inner.dep_ == "pobj" and inner.head.lower_ in ("after", "before"):
            marker, subtree = inner.head, list(inner.head.subtree)
        elif inner.dep_ == "advcl":
            marker = next((c for c in inner.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
            subtree = list(inner.subtree)
        else:
            continue
        if marker is None:
            continue
        candidates = (*marker.children, marker.head, *marker.head.children)
        unit = next((t for t in candidates if t.dep_ == "npadvmod" and t.lower_ in INTERVAL_UNITS), None)
        return (marker, subtree, unit) if unit is not None else None
    return None


def interval_count(unit) -> int:
    """How many units an interval counts: "two days" 2, "a day" and "the day" 1; 0 when it does not
    say ("days after", "dozens of days")."""
    from eventfold.extract.numbers import number_value

    count = next((c for c in unit.children if c.dep_ in ("nummod", "det")), None)
    if count is None:
        return 0 if unit.lower_.endswith("s") else 1
    amount = 1 if count.lower_ in ("the", "a", "an") else (number_value(count.text) or 0)
    return amount if amount <= 31 else 0


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


# Clauses that tell of another happening than the trigger's ("since they swept into Kabul",
# "the valley, where ...", "fighters calling themselves ...").
OTHER_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "parataxis"})


EARLIER_EVENT_PREPOSITIONS = frozenset({"following", "after", "before", "since"})
DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                             "outskirts"})
# Documents whose author is a source, not a participant.
DOCUMENT_NOUNS = frozenset({"report", "statement", "tweet", "video", "post", "study", "survey", "investigation"})


# Verbs whose subject comments on, investigates or publishes about an event rather than takes part
# in it: "President Biden addresses the attack", "the Pentagon released the names of the dead".
COMMENT_LEMMAS = frozenset(
    "address release publish discuss investigate inform condemn mourn welcome name identify show praise "
    "blame criticise criticize defend honour honor remember commemorate review examine study analyse analyze "
    "document cover film photograph record hear learn watch deplore denounce decry lament regret slam hail "
    "applaud commend repeat reiterate champion tout justify".split())


@functools.lru_cache(maxsize=1)
def _not_agent_lemmas() -> frozenset:
    """Verbs whose subject speaks or comments about an event rather than takes part in it."""
    from eventfold.extract.attribution import SPEECH_LEMMAS

    return SPEECH_LEMMAS | COMMENT_LEMMAS


def _off_path_mention(sent, mention: Mention, trigger, allowed_clauses: frozenset = frozenset()) -> bool:
    """A mention off the event's clause, or the author of a document ("an Amnesty International report")."""
    token = _token_at(sent, mention.span.start)
    if token is None:
        return False
    if any(t.lemma_.lower() in DOCUMENT_NOUNS for t in (token.head, token.head.head) if t.i > token.i):
        return True
    if trigger is not None and _outside_time_clause_of(token, trigger):
        return True
    return trigger is not None and _off_event_path(token, trigger, subject_is_off=False,
                                                   allowed_clauses=allowed_clauses)


# Conjunctions of a clause that dates another happening by the event's ("The US military has
# overseen the evacuations since the Taliban took Kabul"): the main clause's actors are that one's.
TIME_REFERENCE_MARKS = (EARLIER_EVENT_PREPOSITIONS - {"following"}) | {"until"}


def _outside_time_clause_of(token, trigger) -> bool:
    """The word lies outside the "since ..." clause the event is told in."""
    clause = trigger
    while clause.head.i != clause.i and clause.dep_ not in OTHER_CLAUSE_DEPS:
        clause = clause.head
    if clause.dep_ not in OTHER_CLAUSE_DEPS:
        return False
    marked = any(c.dep_ == "mark" and c.lower_ in TIME_REFERENCE_MARKS for c in clause.children)
    return marked and not clause.left_edge.i <= token.i <= clause.right_edge.i


def _is_speaker(sent, mention: Mention) -> bool:
    """The subject of a verb of saying: a source, not a party ("residents said", "the army told")."""
    token = _token_at(sent, mention.span.start)
    # up to the name's head word: "The Islamic State West Africa Province said" ("Islamic" is amod),
    # "the UN high commissioner said" ("UN" is nmod)
    while token is not None and token.head.i != token.i and (token.dep_ in ("compound", "nmod") or (
            token.dep_ == "amod" and token.head.idx < mention.span.end)):
        token = token.head
    return token is not None and token.dep_ == "nsubj" and token.head.lemma_ in _not_agent_lemmas()


def _is_reference_point(token, nearby: bool = True) -> bool:
    """A place token that only locates something else: "south of Bakhmut", "north of Kabul",
    "about 330 km from Khartoum" — and, with `nearby`, "near Abuja", "outside Gao"."""
    while token is not None and token.dep_ == "compound":
        token = token.head
    if token is None or token.dep_ != "pobj":
        return False
    preposition, governor = token.head.lower_, token.head.head
    distance = governor.lemma_.lower() in DISTANCE_UNITS or any(
        child.dep_ == "npadvmod" and child.lemma_.lower() in DISTANCE_UNITS for child in token.head.children)
    # "the closest attack to Bamako in years": a measure against the place, not where it happened
    compared = preposition == "to" and (governor.lower_ in NEAREST_WORDS or any(
        c.dep_ in ("amod", "advmod") and c.lower_ in NEAREST_WORDS for c in governor.children))
    return ((preposition == "of" and governor.lower_ in DIRECTION_WORDS) or (preposition == "from" and distance)
            or (nearby and preposition in NEARBY_PREPOSITIONS) or compared)


NEAREST_WORDS = frozenset({"closest", "nearest", "close", "closer", "nearer"})


# "the prison near Abuja", "a camp outside Goma": the place named is where the thing is not; when
# nothing nearer is named it still locates the event (ACLED's "near the town").
NEARBY_PREPOSITIONS = frozenset({"near", "outside"})




def _doc_token_at(doc, mention: PlaceMention):
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _place_of_something_else(sent, mention: PlaceMention, trigger, allowed_clauses: frozenset = frozenset(),
                             subject_is_off: bool = True) -> bool:
    """A toponym that names people ("armed Afghans"), an owner ("Afghanistan's new rulers") or
    lies off the event's dependency path (see `_off_event_path`)."""
    token = _mention_head(sent, mention)
    if token is None:
        return False
    people = token.ent_type_ == "NORP" and not _named_as_itself(mention)  # "Omdurman" mis-tagged NORP is a place
    if people or token.dep_ == "poss" or (token.dep_ == "compound" and token.head.dep_ == "poss"):
        return True
    return _off_event_path(token, trigger, subject_is_off, allowed_clauses=allowed_clauses)


def _mention_head(sent, mention: PlaceMention):
    """The word of a toponym's span that the rest of the sentence governs ("capital" of "the
    capital", so that "15 km from the capital" reads as a reference point)."""
    first = _token_at(sent, mention.span.start)
    if first is None:
        return None
    inside = [t for t in sent if mention.span.start <= t.idx < mention.span.end]
    return next((t for t in inside if not (mention.span.start <= t.head.idx < mention.span.end)
                 or t.head.i == t.i), first)


def _named_as_itself(mention: PlaceMention) -> bool:
    """The text names the place by its name, not by a demonym ("Omdurman", not "Sudanese"); in any
    of its spellings ("Pol-e-Khomri" for "Pul-e Khumrī", matched by the gazetteer's skeleton)."""
    from eventfold.annotate.gazetteer import normalize_name, skeleton_key

    if mention.place is None:
        return False
    text, name = normalize_name(mention.text), normalize_name(mention.place.name)
    # a demonym ("Israeli") may share its country's skeleton: the parser's NORP says which it is
    if mention.rule.endswith("NORP"):
        return text == name
    return text == name or skeleton_key(text) == skeleton_key(name) or _a_name_of_the_country(mention)


# A lower-case compass word before a name ("eastern Congo"), and a formal name without its "the".
_COMPASS_BEFORE = re.compile(r"^(?:north|south|east|west)(?:east|west|ern)?\s+")
_REPUBLIC_OF = re.compile(r"\bRepublic of (?!the\b)")


def _a_name_of_the_country(mention: PlaceMention) -> bool:
    """"Congo", "DRC", "eastern Democratic Republic of Congo": a name the press gives the country the
    mention resolved to, which is no demonym."""
    from eventfold.annotate.actor_lexicon import country_words, demonym_words

    if not (mention.place.feature_code or "").startswith("PCL") or mention.rule.endswith("demonym"):
        return False
    text = _COMPASS_BEFORE.sub("", mention.text)
    if text.isupper() or "." in text:
        return False  # "US", "U.S.": abbreviations the press writes as adjectives too ("US troops")
    name = _REPUBLIC_OF.sub("Republic of the ", text).lower()
    return country_words().get(name) == mention.place.country and name not in demonym_words()


def _off_event_path(token, trigger, subject_is_off: bool = True, allowed_clauses: frozenset = frozenset()) -> bool:
    """Whether the dependency path from a word up to the event trigger leaves the event's clause:
    through another clause or an earlier-event preposition ("following talks in Kandahar"),
    a reference point ("north of Kabul") or — for places — the description of the subject
    ("the militia now ruling the capital launched an assault")."""
    start = token
    while token.head.i != token.i and (trigger is None or token.i != trigger.i):
        contains_trigger = _holds(token, trigger)
        if token.dep_ in OTHER_CLAUSE_DEPS and not contains_trigger and (
                token.dep_ not in allowed_clauses or _tells_earlier_event(token)):
            return True
        if token.dep_ == "prep" and token.lower_ in EARLIER_EVENT_PREPOSITIONS and not contains_trigger \
                and not (allowed_clauses and _movement_just_before(token)):
            return True
        if token.dep_ == "prep" and token.lower_ == "from" and token.head.lemma_.lower() in MOVEMENT_LEMMAS:
            return True  # "after entering X from Brownsville": where they came from
        if _names_the_cause(token) and not contains_trigger:
            return True  # "captured in connection with the killings of two tourists": the crime's toll
        # "near Abuja" locates the event elsewhere, "near a school in Mogadishu" does not
        if _is_reference_point(token, nearby=token.i == start.i):
            return True
        if subject_is_off and token.dep_ in ("nsubj", "nsubjpass") and not contains_trigger and _is_actor_noun(token):
            return True
        token = token.head
    return False


# Nouns of a link to another happening: "in connection with the killings", "in relation to the attack".
LINK_NOUNS = frozenset({"connection", "relation"})
# Prepositions whose object names the happening another one answers or punishes ("arrested over the
# killing of", "clashed with police over the death of", "jailed for the murder of").
CAUSE_PREPOSITIONS = frozenset({"over", "for"})


def _names_the_cause(preposition) -> bool:
    """A preposition whose object is the other happening an event is linked to or answers."""
    from eventfold.extract.roles import TRIGGER_NOUNS

    if preposition.dep_ != "prep":
        return False
    if preposition.lower_ == "with" and preposition.head.lower_ in LINK_NOUNS:
        return True
    return preposition.lower_ in CAUSE_PREPOSITIONS and any(
        g.dep_ == "pobj" and (g.lemma_.lower() in TRIGGER_NOUNS or g.lower_ in TRIGGER_NOUNS)
        for g in preposition.children)


def names_another_event_by_its_day(token, trigger) -> bool:
    """Whether the word is a day or month naming another event by it ("killed a commander who had
    helped plan the October 7 attack"): a modifier of an event noun told in a clause of its own, not
    of the trigger's ("killed in an IED attack in Kandahar Sunday" is this event's day)."""
    from eventfold.extract.roles import TRIGGER_NOUNS

    while token.dep_ in ("nummod", "compound") and token.head is not token:
        token = token.head  # "7" of "October 7"
    head = token.head
    return token.dep_ in ("nmod", "compound", "npadvmod", "amod") and head.pos_ == "NOUN" \
        and head.lemma_.lower() in TRIGGER_NOUNS and trigger is not None and head.i != trigger.i \
        and _in_a_clause_of_its_own(head, trigger)


def _in_a_clause_of_its_own(token, trigger) -> bool:
    """The word's path up to the trigger leaves through a clause that does not hold the trigger."""
    while token.head.i != token.i and token.i != trigger.i:
        if token.dep_ in OTHER_CLAUSE_DEPS | {"ccomp", "xcomp"} and not _holds(token, trigger):
            return True
        token = token.head
    return False


def in_the_causes_phrase(token, trigger) -> bool:
    """Whether the word lies inside such a phrase of the trigger's clause ("the October killings")."""
    while token.head.i != token.i and (trigger is None or token.i != trigger.i):
        if _names_the_cause(token) and not _holds(token, trigger):
            return True
        token = token.head
    return False


def _holds(token, trigger) -> bool:
    """Whether the trigger lies in the word's subtree (spaCy's English parses are projective)."""
    return trigger is not None and token.left_edge.i <= trigger.i <= token.right_edge.i


# Verbs of moving whose place locates what happened right after ("abducted shortly after entering X").
MOVEMENT_LEMMAS = frozenset({"enter", "arrive", "reach", "cross", "leave", "land", "board"})


def _movement_just_before(preposition) -> bool:
    """ "after entering Matamoros": where the people had just gone, the place of what befell them
    when the event's own clause names none (read with the modifier clauses)."""
    return any(c.dep_ == "pcomp" and c.lemma_.lower() in MOVEMENT_LEMMAS for c in preposition.children)


def _tells_earlier_event(clause) -> bool:
    """A clause introduced by "since", "after", "before", "following": another happening."""
    return any(c.dep_ in ("mark", "advmod", "prep") and c.lower_ in EARLIER_EVENT_PREPOSITIONS for c in clause.children)


def _token_at(sent, offset: int):
    for token in sent:
        if token.idx <= offset < token.idx + max(len(token.text), 1):
            return token
    return None


def _is_actor_noun(token) -> bool:
    from eventfold.extract.roles import ARMED_FORCES, PERSON_NOUNS

    return token.ent_type_ in ("ORG", "NORP", "PERSON") or token.lemma_.lower() in PERSON_NOUNS | ARMED_FORCES


# Words that make a noun the extreme of a series ("the deadliest attack", "the first time").
EXTREME_LEMMAS = frozenset({"first", "last", "most", "least", "only"})


def comparison_blanked(sent) -> str:
    """The sentence's text with every "since ..." that measures a superlative blanked: "the biggest
    offensive since the 2021 coup", "the first time since 2019" compare the event with the past; they
    are no total over a period and their year does not date the event."""
    text = span_text(sent)
    for token in sent:
        if token.lower_ != "since" or token.dep_ != "prep" or not _is_extreme(token.head):
            continue
        start = token.idx - sent.start_char
        end = max(t.idx + len(t) for t in token.subtree) - sent.start_char
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _is_extreme(head) -> bool:
    """A noun qualified as the extreme of its kind ("the worst violence", "the most intense shelling")."""
    modifiers = [c for c in head.children if c.dep_ in ("amod", "advmod")]
    return any(m.tag_ in ("JJS", "RBS") or m.lemma_.lower() in EXTREME_LEMMAS
               or any(a.tag_ == "RBS" or a.lemma_.lower() in EXTREME_LEMMAS for a in m.children)
               for m in modifiers)


# Nouns for a whole war or its fighting: "a conflict that has killed hundreds" counts its dead so far.
CONFLICT_NOUNS = frozenset({"war", "conflict", "fighting", "violence", "battle", "insurgency", "unrest",
                            "crisis", "offensive", "campaign", "bombardment", "siege", "hostility", "clash"})
PERFECT_AUXILIARIES = frozenset({"has", "have", "had"})


def toll_of_the_whole_conflict(sent, figure) -> bool:
    """"… despite talks in a conflict that has killed hundreds", "the generals, whose battle for power
    has killed hundreds": the dead of the whole war so far, not of the event the sentence tells."""
    token = _token_at(sent, figure.start)
    verb = token
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return False
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "has killed hundreds and wounded thousands": the first verb has the rest
    perfect = any(c.dep_ == "aux" and c.lower_ in PERFECT_AUXILIARIES for c in verb.children)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ == "relcl":
        # "a conflict that has killed": the relative pronoun stands for it, also when the parser hangs
        # the clause on a place of the noun ("fighting throughout the capital that has killed")
        noun = verb.head
        subjects.append(noun)
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i != noun.head.i:
            noun = noun.head.head
            subjects.append(noun)
    return perfect and any(s.lemma_.lower() in CONFLICT_NOUNS for s in subjects)


# Determiners that make a sum of many places of what the trigger took ("every district", "numerous
# communities": a campaign's tally, not one capture; "several villages" may be one sweep).
EVERY_WORDS = frozenset({"every", "each", "numerous", "countless"})


def sweeps_every_place(trigger) -> bool:
    """"The rebels took control of every provincial capital", "seized each district in turn", "has taken
    control of numerous communities": what was taken is every place of a kind, the sum of a campaign's
    captures rather than one of them."""
    if trigger is None:
        return False
    taken = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    taken += [p for noun in taken for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
              for p in prep.children if p.dep_ == "pobj"]
    return any(c.dep_ in ("det", "amod") and c.lower_ in EVERY_WORDS
               for noun in taken if noun.pos_ in ("NOUN", "PROPN") for c in noun.children)


# What a short "since" counts from ("since Sunday", "since last night"): the days of one episode,
# which ACLED still codes, unlike a total since a month, a year or the war's start.
SHORT_SPAN_START = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
                              r"overnight|last night|this morning|dawn|the morning|hours?)\b", re.IGNORECASE)


def counts_since_a_start(trigger) -> bool:
    """"Kyiv's troops have killed about 90,000 Russian soldiers since the invasion began", "the army
    has detained 300 people since January": a number counted from a start until now is a total over a
    period, no one occurrence (its figures stay claims). "Two killed since Sunday" counts one episode."""
    if trigger is None:
        return False
    starts = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "since"]
    starts += [c for c in trigger.children if c.dep_ == "advcl"
               and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)]
    counted = [t for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "nsubj") for t in c.subtree
               if t.dep_ == "nummod" or (t.like_num and t.pos_ == "NUM")]
    return bool(counted) and any(not SHORT_SPAN_START.search(_subtree_text(s)) for s in starts)


def _subtree_text(token) -> str:
    return " ".join(t.text for t in token.subtree)
