"""One sentence's event report: whether its typing is trusted (the typer's guess, the lexicon, the
figures), the trigger, modality and claimant, a territory change told as a status ("fell to the
Taliban"), and the operation a sentence refers back to.
"""

from __future__ import annotations

import hashlib
import re
from typing import Optional

from eventfold.annotate.doctext import span_text
from eventfold.extract import coalesce
from eventfold.extract.clauses import (_off_event_path, _token_at, counts_since_a_start, sweeps_every_place,
                                       toll_of_the_whole_conflict)
from eventfold.extract.context import _Context, _entity_in, _entity_name, _inside_place, _is_armed
from eventfold.extract.event_actors import _fill_actors, _holder_named_by_pronoun, _unnamed_groups_of_the_place
from eventfold.extract.event_claims import _credible_claimant
from eventfold.extract.event_dates import _fill_date
from eventfold.extract.event_figures import (_fill_figures, _prediction_from_figures, _refers_back,
                                            toll_of_another_happening)
from eventfold.extract.event_places import _fallen_place, _fill_place, _place_of_the_dated_clause
from eventfold.extract.lexicon import CASUALTY_KINDS, SEIZURE_TYPES, TERRITORY_BY_WINNER, VIOLENT_TYPES
from eventfold.extract.operation import names_operation
from eventfold.extract.told_killings import fill_the_killing, killing_told_as_a_noun
from eventfold.extract.triggers import event_trigger, recalled_in_an_accusation, told_as_hearsay
from eventfold.extract.type_reading import (agreement_told_in_passing, clash_told_by_its_launch,
                                            clash_told_by_its_losses, clash_told_by_its_outbreak, credible_prediction,
                                            type_by_the_weapon, violence_the_typer_nearly_read)
from eventfold.model import DateValue, EventReport, Provenance, Span


# Modalities that describe no event that happened.
NOT_EVENTS = frozenset({"threat", "pledge", "conditional", "prediction", "negated", "question"})


# People a security force takes, beyond the role module's person nouns.
CAPTIVE_NOUNS = frozenset({"facilitator", "associate", "financier", "dealer", "smuggler", "trafficker", "courier",
                           "operative", "expert", "coordinator", "planner", "detainee", "kidnapper", "suspect"})
def _typings(context: _Context, sentences) -> list:
    """The typer's answer for every sentence at once; the article's actors tell it which side
    a named group is on ("M23", "the RSF")."""
    from eventfold.extract.clause_typing import type_sentences

    return type_sentences(sentences, typing_names(context))


def typing_names(context: _Context) -> dict:
    """The article's actor names with their ACLED categories, as the typer reads them."""
    return {name: entity.category for entity in context.annotations.entities
            for name in (entity.name, *entity.aliases) if name}


def _protest_its_headline_names(context: _Context, part: str, sent):
    """A body sentence of a crowd's violent acts under a headline that names the protest or riot
    (see `subevent.protest_told_under_its_headline`): the acts must be a crowd's, done by people
    counted or named in the plural ("dozens of off-duty officers ... broke into"), not a sentence
    that only holds such a word ("was sued ... with allegations including a stop")."""
    from eventfold.extract.subevent import protest_told_under_its_headline

    if part == "title":
        return None
    prediction = protest_told_under_its_headline(context.article.title or "", span_text(sent))
    if prediction is None or prediction.event_type != "Riots" or not _done_by_a_crowd(sent, prediction.evidence):
        return None
    return prediction


def _done_by_a_crowd(sent, evidence: str) -> bool:
    """The verb of the evidence word has a plural common noun as its subject (through a conjoined verb)."""
    first = evidence.split()[0].lower() if evidence else ""
    cue = next((t for t in sent if t.lower_ == first), None)
    verb = cue if cue is not None and cue.pos_ == "VERB" else (cue.head if cue is not None else None)
    for _ in range(3):
        if verb is None or verb.dep_ in ("relcl", "acl"):
            return False  # "a stop-and-frisk in which cops pulled down ...": what a noun is, not news
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]  # (a dateline may be parsed as one too)
        if subjects:
            return any(s.tag_ == "NNS" or any(c.dep_ == "prep" and c.lower_ == "of" for c in s.children)
                       for s in subjects)
        verb = verb.head if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i else None
    return False


def _tolls_of_this_event(sent, trigger, report: EventReport, casualties: list) -> list:
    """An arrest or another strategic development kills nobody: the dead and wounded its sentence counts
    in another clause ("detained a woman suspected of planting the bomb that killed six") are the
    toll of the event that clause tells, not of this one."""
    casualties = [f for f in casualties if not toll_of_another_happening(sent, f, report, trigger)]
    if report.event_type != "Strategic developments" or trigger is None:
        return casualties
    return [f for f in casualties if f.kind not in ("killed", "wounded")
            or not _off_event_path(_token_at(sent, f.start) or trigger, trigger)]


def _report_for(context: _Context, part: str, sent, figures, attribution, index: int,
                counted=None, type_by_figures: bool = False, typing=None) -> Optional[EventReport]:
    """The sentence's report; its tolls from the `counted` figures (all figures when not given).
    With `type_by_figures`, a sentence the classifier leaves untyped is typed by its figures."""
    prediction = typing.prediction if typing is not None else _typings(context, [sent])[0].prediction
    casualties = [f for f in (figures if counted is None else counted)
                  if f.kind in CASUALTY_KINDS and not toll_of_the_whole_conflict(sent, f)]
    from eventfold.extract import occurrences  # what ACLED does not code (a quake's toll is no attack)

    if occurrences.is_accidental_shooting(context, sent, prediction):  # an accident is no ACLED event: "Other"
        return occurrences.accident_report(context, part, sent, attribution, casualties)
    if prediction is not None and prediction.sub_event_type == "Agreement" and agreement_told_in_passing(sent):
        prediction = None  # "killed in crossfire despite a truce": the killing is the event
    if prediction is None and type_by_figures and not (casualties and occurrences.tells_a_mishap(sent)):
        prediction = _prediction_from_figures(sent, casualties, figures)
    elif prediction is not None and prediction.sub_event_type in SEIZURE_TYPES and \
            any(f.kind == "killed" for f in casualties):
        # "an operation leading to the deaths of 12 insurgents and the seizure of weapons": the killing
        # is the event, the seizure a part of it
        prediction = _prediction_from_figures(sent, casualties, figures) or prediction
    if prediction is None:
        prediction = clash_told_by_its_outbreak(sent) or clash_told_by_its_launch(sent) or \
            clash_told_by_its_losses(sent) or killing_told_as_a_noun(sent) or \
            violence_the_typer_nearly_read(sent, typing, attribution, _year(context.anchor)) or \
            _protest_its_headline_names(context, part, sent)
    if prediction is None:  # no ACLED event: maybe an occurrence ACLED does not code, unless a toll told on
        return _territory_from_status(context, part, sent, attribution) or \
            occurrences.occurrence_report(context, part, sent, attribution, casualties, not type_by_figures)
    trigger = event_trigger(sent, prediction)
    if prediction.sub_event_type in TERRITORY_BY_WINNER.values() and sweeps_every_place(trigger):
        return None  # "took control of every provincial capital in ten days": a campaign's sum, no one event
    if prediction.sub_event_type in TERRITORY_BY_WINNER.values() and trigger is not None and told_as_hearsay(trigger):
        return None  # "celebrated reports that the valley had fallen": a claim of control, kept as a claim
    if recalled_in_an_accusation(trigger):
        return None  # "blames the president for fleeing when the rebels took the city": known, not news
    if counts_since_a_start(trigger):
        return None  # "have killed 90,000 soldiers since the invasion": a total over a period, its figures claims
    violence_doubted = prediction.event_type in VIOLENT_TYPES and not credible_prediction(prediction, trigger)
    if not credible_prediction(prediction, trigger) and type_by_figures:
        # A doubtful guess ("Arrests" for "forces killed an armed man") yields to the sentence's figures.
        prediction = _prediction_from_figures(sent, casualties, figures)
        trigger = event_trigger(sent, prediction) if prediction is not None else None
    if violence_doubted and (prediction is None or not credible_prediction(prediction, trigger)):
        # "documented the massacre of nine men by soldiers" read as a clash at 0.41: the violence the
        # typer saw is the killing the noun tells, with its victims
        prediction = killing_told_as_a_noun(sent) or prediction
        trigger = event_trigger(sent, prediction) if prediction is not None else None
    if prediction is None or not credible_prediction(prediction, trigger):
        prediction = _protest_its_headline_names(context, part, sent)
        trigger = event_trigger(sent, prediction) if prediction is not None else None
    if prediction is None:
        # no credible ACLED event ("a church was devastated by fire" read as an attack at 0.26): maybe
        # an occurrence ACLED does not code
        return occurrences.occurrence_report(context, part, sent, attribution, casualties, not type_by_figures)
    report = _new_report(context, part, sent, attribution, trigger, prediction.event_type,
                         prediction.sub_event_type, trigger.text if trigger is not None else prediction.evidence,
                         prediction.rule, prediction.evidence)
    if report is None:
        return None
    span = report.span
    if report.sub_event_type in TERRITORY_BY_WINNER.values() and _takes_a_person(trigger):
        report.event_type, report.sub_event_type = "Strategic developments", "Arrests"
        report.provenance.append(Provenance("type:person-captured", span, trigger.text))
    anchor = trigger or _evidence_token(sent, prediction.evidence)
    type_by_the_weapon(sent, trigger, report)
    _fill_actors(context, part, sent, trigger, report, anchor)
    _fill_place(context, part, sent, anchor, report)
    fill_the_killing(context, part, sent, report)
    _unnamed_groups_of_the_place(context, report)
    _fill_date(context, part, sent, report)
    _place_of_the_dated_clause(context, part, sent, report)
    _fill_figures(report, _tolls_of_this_event(sent, trigger, report, casualties), span)
    if _refers_back(sent):
        report.provenance.append(Provenance(coalesce.REFERS_BACK, span, ""))
    return report




# Verbs that take ground or people alike ("seized the town", "seized a commander").
TAKING_LEMMAS = frozenset({"capture", "seize", "take", "grab", "nab", "snatch", "catch", "overrun", "storm"})


def _takes_a_person(trigger) -> bool:
    """"captured a Taliban leader", "a facilitator was seized": a person taken is an arrest, not territory.
    Only a verb of taking says so: "fought the army to overrun two camps" takes no soldier."""
    from eventfold.extract.roles import ARMED_FORCES, PERSON_NOUNS

    if trigger is None or trigger.lemma_.lower() not in TAKING_LEMMAS:
        return False
    from eventfold.extract.subevent import PLACE

    taken = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    # Nouns only: the parser's PERSON label is too often a town ("captured Pol-e-Khomri"). A
    # territory word ("captured an army base", "seized the camp") is ground taken, not people.
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in PERSON_NOUNS | ARMED_FORCES | CAPTIVE_NOUNS
               and not re.fullmatch(rf"(?:{PLACE})", t.lower_, re.IGNORECASE) for t in taken)


def _evidence_token(sent, evidence: str):
    """The first word of the classifier's evidence: where the event is told when no role trigger is."""
    position = sent.text.find(evidence[:30]) if evidence else -1
    return _token_at(sent, sent.start_char + position) if position >= 0 else None


def _new_report(context: _Context, part: str, sent, attribution, trigger, event_type: str, sub_event_type: str,
                trigger_text: str, rule: str, evidence: str) -> Optional[EventReport]:
    """A sentence's report with its modality, claimant, certainty and confidence; None when the
    sentence tells of no happening (a threat, a pledge, a conditional, a prediction, a negation)
    or when the event-or-not model (`decide`) gives it less than its floor."""
    from eventfold.extract import decide
    from eventfold.extract.attribution import modality_of

    modality = modality_of(sent, trigger, article_year=_year(context.anchor))
    if modality in NOT_EVENTS:
        return None
    certainty = "denied" if attribution.polarity == "denied" else attribution.certainty
    decision = decide.decide(sent, trigger if trigger is not None else decide.main_trigger(sent),
                             modality=modality, certainty=certainty, article_year=_year(context.anchor))
    if decision.confidence < decide.EMIT_FLOOR:
        return None
    article_id = context.article.article_id
    span = Span(article_id, sent.start_char, sent.end_char, part)
    return EventReport(
        report_id=_report_id(article_id, part, sent.start_char), article_id=article_id, event_type=event_type,
        sub_event_type=sub_event_type, span=span, trigger=trigger_text, modality=modality,
        claimant=_credible_claimant(context, part, sent, attribution), certainty=certainty,
        provenance=[Provenance(rule, span, evidence),
                    Provenance(decision.rule, span, f"p={decision.confidence} {decision.evidence}")],
        confidence=decision.confidence,
    )


def _territory_from_status(context: _Context, part: str, sent, attribution) -> Optional[EventReport]:
    """"The city of X fell (to Y) on Aug. 14": a change of hands the lexicon has no verb for. Only
    a town or district that is the subject of "fall", never a country or an army that collapsed."""
    fall, place = _fallen_place(context, part, sent)
    if fall is None or attribution.polarity == "denied" or told_as_hearsay(fall):
        return None
    report = _new_report(context, part, sent, attribution, fall, "Battles", "Non-state actor overtakes territory",
                         fall.text, "territory:fall-of-place", f"{place.text} {fall.text}")
    if report is None:
        return None
    report.place, report.location_text = place.place, place.text
    winner = next((pobj for prep in fall.children if prep.dep_ == "prep" and prep.lower_ == "to"
                   for pobj in prep.children if pobj.dep_ == "pobj"), None)
    if winner is not None:
        report.actor1 = _entity_in(context, part, winner.left_edge.idx, winner.right_edge.idx + len(winner.right_edge))
    if report.actor1 is None:
        _holder_named_by_pronoun(context, part, sent, report)
    _fill_date(context, part, sent, report)
    return report


def _year(anchor: Optional[DateValue]) -> Optional[int]:
    return int(anchor.value[:4]) if anchor and anchor.value and anchor.value[:4].isdigit() else None


def _report_id(article_id: str, part: str, start: int) -> str:
    return hashlib.sha1(f"{article_id}|{part}|{start}".encode()).hexdigest()[:16]


def _operation_told(context: _Context, part: str, sent, report: Optional[EventReport]) -> Optional[EventReport]:
    """The frame of the first sentence that speaks of an operation ("troops mounted an operation
    in search of a rebel commander in a border district yesterday"): the armed group it is against,
    its place and its day — what later sentences about "the operation" or "the security force"
    leave unsaid. A sentence with no event of its own gives a frame too."""
    if not names_operation(sent):
        return None
    frame = EventReport("operation", context.article.article_id, "", "", Span(context.article.article_id,
                        sent.start_char, sent.end_char, part))
    if report is not None:
        frame.place, frame.location_text, frame.date, frame.time_precision = (
            report.place, report.location_text, report.date, report.time_precision)
    else:
        _fill_place(context, part, sent, None, frame)
        _fill_date(context, part, sent, frame)
    frame.actor2 = next((name for name in _armed_groups_in(context, part, sent, report)), None)
    if report is not None and report.actor2 and _is_armed(context, report.actor2, report):
        frame.actor2 = report.actor2
    return frame


def _armed_groups_in(context: _Context, part: str, sent, report: Optional[EventReport]) -> list[str]:
    names = []
    for mention in context.mentions_in(part, sent.start_char, sent.end_char):
        if mention.entity_id and not _inside_place(context, mention) and not context.in_dateline(mention.span):
            name = _entity_name(context, mention.entity_id)
            if _is_armed(context, name, report) and name not in names:
                names.append(name)
    return names


def _fill_from_operation(report: EventReport, operation: EventReport) -> None:
    """What a sentence about "the operation" leaves unsaid is the operation's: whom it was
    against, where, and on which day (a sentence's own values stand)."""
    if report.actor2 is None and operation.actor2 and operation.actor2 != report.actor1:
        report.actor2 = operation.actor2
        report.provenance.append(Provenance("actor2:operation-target", operation.span, operation.actor2))
    if report.place is None and operation.place is not None:
        report.place, report.location_text = operation.place, operation.location_text
        report.provenance.append(Provenance("place:operation", operation.span, operation.location_text or ""))
    if operation.date is not None and not operation.date.estimated and (report.date is None or report.date.estimated):
        report.date, report.time_precision = operation.date, operation.time_precision
        report.provenance.append(Provenance("date:operation", operation.span, operation.date.value or ""))
