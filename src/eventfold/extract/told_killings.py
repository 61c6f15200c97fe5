"""Killings told as a noun: "a rights group's report detailed the torture and massacre of nine men
last month by the militia, after it captured territory in the province".

The sentence's verb is a telling ("detailed", "documented"), so neither the typer nor the role
module reads an event in it; the noun names one, with its victims ("of nine men"), its doers (a
"by" of the noun or of the telling verb) and, where the sentence gives no place of its own, the
place of the clause the killing followed. Whether it happened is the event-or-not model's to judge,
as for any report.
"""

from __future__ import annotations

from typing import Optional

from eventfold.extract.context import _Context, _is_country
from eventfold.model import EventReport, Provenance, Quantity, Span

RULE = "lexicon:killing-as-noun"
# Nouns of people put to death, which a report, a witness or a court may tell as a thing it describes.
KILLING_NOUNS = frozenset({"massacre", "killing", "execution", "murder", "slaughter"})
# Nouns that recall or judge a killing already known ("the anniversary of the massacre", "the trial
# over the killings"): the sentence tells the remembering or the judging, not the killing.
RECALLING_NOUNS = frozenset({"anniversary", "memory", "commemoration", "memorial", "trial", "verdict", "case",
                             "inquiry", "investigation", "probe", "sentencing", "hearing"})


def killing_told_as_a_noun(sent):
    """An Attack prediction for a sentence naming the killing of counted people as a noun."""
    from eventfold.extract.subevent import SubEventPrediction

    found = _killing_noun(sent)
    if found is None:
        return None
    noun, victims = found
    return SubEventPrediction("Attack", "Violence against civilians", "", 0.0, RULE, f"{noun.text} of {victims.text}")


def _killing_noun(sent):
    """(the killing noun, its counted victims) or None."""
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in KILLING_NOUNS or _recalled(token):
            continue
        victims = _counted_victims(token) or (_counted_victims(token.head) if token.dep_ == "conj" else [])
        if victims:
            return token, victims[0]
    return None


def _recalled(noun) -> bool:
    """The killing is what a recalling noun is of, for or about ("the anniversary of the massacre")."""
    while noun.dep_ in ("pobj", "conj") or (noun.dep_ == "prep" and noun.head.pos_ == "NOUN"):
        noun = noun.head
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in RECALLING_NOUNS:
            return True
    return False


def _counted_victims(noun) -> list:
    """The counted people of a noun's "of" ("of nine men", "of 12 prisoners")."""
    return [people for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for people in prep.children if people.dep_ == "pobj" and people.tag_ == "NNS"
            and any(c.dep_ == "nummod" for c in people.children)]


def fill_the_killing(context: _Context, part: str, sent, report: EventReport) -> None:
    """Victims, toll, doers and place of a report typed by `killing_told_as_a_noun`."""
    found = _killing_noun(sent) if any(p.rule == RULE for p in report.provenance) else None
    if found is None:
        return
    noun, victims = found
    doers = _doers(noun)
    # the parties the noun names replace whatever the fallbacks guessed, in either slot
    parties = [("actor2", "victim", victims, "killing-noun:of")] + \
        ([("actor1", "attacker", doers, "killing-noun:by")] if doers is not None else [])
    named = [(slot, _actor_of(context, part, sent, role, head, rule)) for slot, role, head, rule in parties]
    for slot, (actor, provenance) in named:
        if actor:
            setattr(report, slot, actor)
            report.provenance = [p for p in report.provenance if not p.rule.startswith(f"{slot}:")] + [provenance]
    if report.actor1 == report.actor2:
        report.actor1 = None
    if report.actor2:  # "the massacre of nine Hazara men": civilians, associated with their community
        from eventfold.extract.event_actors import _civilian_community
        from eventfold.extract.roles import make_argument

        _civilian_community(context, part, report, "actor2", make_argument("victim", victims, "killing-noun:of"))
    _toll(report, part, victims)
    if report.place is None or _is_country(report.place):  # a country says no more than where in it
        _place_of_the_clause_it_followed(context, part, noun, report)


def _toll(report: EventReport, part: str, victims) -> None:
    from eventfold.extract.numbers import number_value

    count = next((c for c in victims.children if c.dep_ == "nummod"), None)
    value = number_value(count.text) if count is not None else None
    if value and report.fatalities is None:
        report.fatalities = Quantity(value, value, count.text, "exact")
        report.provenance.append(Provenance("fatalities:killing-noun", Span(report.article_id, count.idx,
                                                                             count.idx + len(count.text), part), count.text))


def _actor_of(context: _Context, part: str, sent, role: str, head, rule: str):
    """(actor, provenance) of a phrase of the sentence."""
    from eventfold.extract.event_actors import _argument_actor
    from eventfold.extract.roles import make_argument

    argument = make_argument(role, head, rule)
    actor = _argument_actor(context, part, argument, sent)
    slot = "actor1" if role == "attacker" else "actor2"
    return actor, Provenance(f"{slot}:{rule}", Span(context.article.article_id, argument.start, argument.end, part),
                             argument.text)


def _doers(noun):
    """The "by" of the noun, of the noun it is coordinated with, or of the verb telling of it."""
    holders = [noun, noun.head] if noun.dep_ == "conj" else [noun]
    holders.append(holders[-1].head)
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _place_of_the_clause_it_followed(context: _Context, part: str, noun, report: EventReport) -> None:
    """"... massacre ... after they captured territory in Ghazni province": where the deed it followed was."""
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for clause in verb.children:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "after" for c in clause.children):
            start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
            places = [p for p in context.places_in(part, start, end)
                      if not _is_country(p.place) and p.place.country == context.main_country
                      and (report.place is None or p.place.country == report.place.country)]
            if places:
                report.place, report.location_text = places[0].place, places[0].text
                report.provenance.append(Provenance("place:clause-the-killing-followed", places[0].span, places[0].text))
                return
