"""What the article's sources assert: a claim for every figure (with its side and place), every
statement of who holds a place, and the day a sentence gives an event — each with a credible
claimant; and the article's direct quotes with their speakers.
"""

from __future__ import annotations

import hashlib
import re
from typing import Optional

from eventfold.annotate.doctext import doc_text, tokens_starting_in
from eventfold.extract.context import ExtractionResult, _Context, _entity_name
from eventfold.extract.event_places import _figure_place, _locate_at_the_territory, _located_at
from eventfold.extract.lexicon import DATE_CLAIM_RULE
from eventfold.extract.sides import figure_side
from eventfold.model import PART_TEXT, Claim, EventReport, Quantity, Quote, Span


def _figure_side(context: _Context, part: str, sent, figure) -> Optional[str]:
    """Whose people a figure counts (`sides`); a force's size with no owner is the headline group's.
    Names are read as of the article's date (an old group's name may stand for its successor)."""
    side = figure_side(sent.doc, figure, context.side_mentions(part), context.side_of_name)
    if side is None and figure.kind == "force_size":
        side = context.topic_group()
    return context.current_side(side, context.anchor.value if context.anchor else None)


# Nouns that head no claimant: media with no author named, measures, the casualties themselves.
NON_SOURCE_NOUNS = frozenset({
    "video", "footage", "image", "photo", "picture", "casualty", "kilometer", "kilometre", "mile", "meter", "km",
    "day", "week", "time", "one",
})


def _credible_claimant(context: _Context, part: str, sent, attribution) -> Optional[str]:
    """The attribution's claimant unless it cannot be a source: the dateline ("KABUL"), a
    toponym, a distance ("some 120 kilometers"), a bare medium ("Video"), no noun at all."""
    if not attribution.claimant or attribution.claimant_start is None:
        return attribution.claimant
    start, end = attribution.claimant_start, attribution.claimant_end
    if part == PART_TEXT and context.dateline[0] <= start < context.dateline[1]:
        return None
    if context.place_holds(part, start, end) and not _a_state_by_its_name(context, part, start, end):
        return None
    tokens = tokens_starting_in(sent.doc, start, end)
    nouns = [t for t in tokens if t.pos_ in ("NOUN", "PROPN") or (t.pos_ == "PRON" and t.lower_ not in ("one",))]
    if not nouns or all(t.lemma_.lower() in NON_SOURCE_NOUNS for t in nouns if t.pos_ != "PRON"):
        return None
    if tokens and tokens[0].like_num or (len(tokens) > 1 and tokens[1].like_num and tokens[0].pos_ != "PROPN"):
        return None
    return attribution.claimant


def _a_state_by_its_name(context: _Context, part: str, start: int, end: int) -> bool:
    """"Moscow rejected responsibility", "Rwanda denied involvement": a country or its capital that
    speaks is its government, a claimant."""
    return any((p.place.feature_code or "") in ("PCLI", "PPLC") for p in context.places_in(part, start, end)
               if p.place is not None and p.span.start <= start and end <= p.span.end)


def _claimant_as_told(claimant: Optional[str], attribution) -> Optional[str]:
    """The claimant with the source it cites, as the text gives it: "Interfax, citing a local source"."""
    if claimant and attribution.cited and attribution.cited.lower() not in claimant.lower():
        return f"{claimant}, citing {attribution.cited}"
    return claimant


def _claims_for(context: _Context, part: str, sent, figures, attribution, report, last_claims) -> list[Claim]:
    from eventfold.extract.clauses import toll_of_the_whole_conflict
    from eventfold.extract.event_dates import _trigger_token
    from eventfold.extract.event_figures import toll_of_another_happening
    from eventfold.extract.status import control_claims, denial_target

    from eventfold.extract.attribution import unsourced_hearsay

    claimant = _claimant_as_told(_credible_claimant(context, part, sent, attribution), attribution) \
        or (None if unsourced_hearsay(sent, attribution) else context.article.outlet)
    certainty = attribution.certainty
    article_id = context.article.article_id
    claims = []
    places = context.places_in(part, sent.start_char, sent.end_char)
    trigger = _trigger_token(sent, report.trigger) if report is not None and report.trigger else None
    for figure in figures:
        subject = figure.side or (report.actor2 if report else None) or "unspecified"
        # the dead of the whole war so far are a claim about the war, not about this event; nor are
        # the dead of a happening this one answers
        about = None if toll_of_the_whole_conflict(sent, figure) or \
            toll_of_another_happening(sent, figure, report, trigger) else report
        claim = _claim(article_id, part, figure.start, figure.end, subject, figure.kind,
                       _quantity_value(figure.quantity), claimant, attribution.polarity, certainty,
                       figure.quantity, about, f"figure:{figure.rule}", side=_figure_side(context, part, sent, figure))
        claim.place = _figure_place(context, part, sent, figures, figure)
        claims.append(claim)
    earlier = context.places_in(part, 0, sent.start_char)
    for status in control_claims(sent, places, context.main_place, earlier):
        _locate_at_the_territory(report, status, places)
        # A control claim is compared with others about the same place: its side is the place.
        claims.append(_claim(article_id, part, status.start, status.end, status.subject, "control",
                             _controller(status.value, claimant), claimant,
                             status.polarity if attribution.polarity == "asserted" else "denied",
                             certainty, None, report if _located_at(report, status.subject) else None, status.rule,
                             side=status.subject))
    acts = [] if any(c.polarity == "denied" for c in claims) else \
        _denials_of_acts(context, part, sent, report, claimant, certainty)
    if attribution.polarity == "denied" and not claims and not acts and last_claims:
        target = denial_target(sent, last_claims)
        if target is not None:
            claims.append(_claim(article_id, part, sent.start_char, sent.end_char, target.subject, target.kind,
                                 target.value, claimant, "denied", certainty, target.quantity,
                                 report, "denial-of-previous-claim", side=target.side))
    return claims + acts


DENIAL_OF_AN_ACT = "denial-of-an-act"


def _end_before_another_verb(head) -> int:
    """Where the phrase of `head` ends, before a verb the parser conjoined to it ("denied bombing the
    building and accused the fighters of ..."): that verb says something else."""
    doc, last = head.doc, head.right_edge
    verbs = [c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > head.i]
    if verbs:
        last = doc[min(v.left_edge.i for v in verbs) - 1]
    while last.i > head.i and (last.is_punct or last.dep_ == "cc"):
        last = doc[last.i - 1]
    return last.idx + len(last.text)


def _speaks_for_itself(speaker) -> bool:
    """The subject of a denial who is its claimant; not one a misparse lends it from the clause a
    speaker reports ("Hamas said its fighters had attacked ... and denied", "an official said the
    town was calm and denied"): then the sentence's claimant denies."""
    from eventfold.extract.status import PLACE_WORDS

    return speaker is not None and speaker.pos_ in ("NOUN", "PROPN") and speaker.lemma_.lower() not in PLACE_WORDS \
        and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in speaker.children)


def _denials_of_acts(context: _Context, part: str, sent, report, claimant: Optional[str], certainty: str) -> list[Claim]:
    """"Hamas ... denied deliberately killing civilians", "Moscow rejected responsibility": a denial
    of an act or of blame, no figure in it, is a claim of its own ("denial") by whoever denies."""
    from eventfold.extract.attribution import CLAIM_NOUNS, DENIAL_LEMMAS
    from eventfold.extract.quotes import subject_of, trimmed_text

    found = []
    for verb in (t for t in sent if t.lemma_.lower() in DENIAL_LEMMAS and t.pos_ == "VERB"):
        if verb.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in verb.children):
            continue  # "was denied bail", "held, denied bail": refused, not a denial of anything
        denied = next((c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp") and c.i > verb.i), None)
        if denied is None or denied.lemma_.lower() in CLAIM_NOUNS:
            continue  # "denied the claim": a denial of what was claimed before (denial_target)
        text = doc_text(sent.doc)
        start, end = denied.left_edge.idx, _end_before_another_verb(denied)
        speaker = subject_of(verb)
        if _speaks_for_itself(speaker):
            claimant = trimmed_text(speaker)
        about = report.actor1 if report is not None and report.actor1 else "unspecified"
        found.append(_claim(context.article.article_id, part, verb.idx, end, about, "denial",
                            text[start:end].strip(" ,."), claimant, "denied", certainty, None, report,
                            DENIAL_OF_AN_ACT))
    return found[:1]


def _controller(taker: str, claimant: str) -> str:
    """"The RSF said its fighters had taken the palace": the speaker's own fighters hold it for the speaker."""
    return claimant if re.match(r"(?:its|their|our) ", taker, re.IGNORECASE) and claimant else taker


def _claim(article_id, part, start, end, subject, kind, value, claimant, polarity, certainty, quantity, report,
           rule, side=None) -> Claim:
    claim_id = hashlib.sha1(f"{article_id}|{part}|{start}|{end}|{kind}|{polarity}".encode()).hexdigest()[:16]
    return Claim(claim_id=claim_id, article_id=article_id, subject=subject, kind=kind, value=value, claimant=claimant,
                 span=Span(article_id, start, end, part), polarity=polarity, certainty=certainty, quantity=quantity,
                 event_report_id=report.report_id if report else None, rule=rule, side=side)


def _date_claims(context: _Context, part: str, report: EventReport, attribution) -> list[Claim]:
    """"... on Thursday": the date an actual event's own sentence gives it is a claim of its
    claimant's; its subject and side are the event's, set once the reports are folded."""
    told = next((p for p in report.provenance if p.rule == DATE_CLAIM_RULE and p.span is not None), None)
    if report.modality != "actual" or told is None or report.date is None or not report.date.value:
        return []
    if report.date.estimated:
        return []  # "Thursday" counted from an uncertain article date: our guess, not the source's claim
    polarity = "denied" if report.certainty == "denied" else "asserted"
    claimant = report.claimant or context.article.outlet
    return [_claim(context.article.article_id, part, told.span.start, told.span.end, report.sub_event_type, "date",
                   report.date.value, claimant, polarity, attribution.certainty, None, report, DATE_CLAIM_RULE)]


def _describe_date_claims(result: ExtractionResult) -> None:
    """A date claim is about its (folded, recoded) event: "<sub-event type> in <place>", its side
    the event's place — what fusion compares the dates of one event by."""
    reports = {r.report_id: r for r in result.reports}
    for claim in result.claims:
        report = reports.get(claim.event_report_id)
        if claim.kind != "date" or report is None:
            continue
        place = report.place.name if report.place is not None else None
        claim.subject = f"{report.sub_event_type} in {place}" if place else report.sub_event_type
        claim.side = place


def _quantity_value(quantity: Quantity) -> str:
    if quantity.low is not None and quantity.high is not None and quantity.low != quantity.high:
        return f"{quantity.low}-{quantity.high}"
    if quantity.qualifier == "at_most" or (quantity.low is None and quantity.high is not None):
        return f"<={quantity.high}"
    if quantity.qualifier == "at_least":
        return f">={quantity.low}"
    return str(quantity.low if quantity.low is not None else quantity.high)


def _quotes(context: _Context, part: str, doc) -> list[Quote]:
    from eventfold.extract.quotes import find_quotes, resolve_speaker

    people = [(m.span.start, m.span.end, m.entity_id) for m in context.annotations.mentions
              if m.span.part == part and m.entity_id and m.label == "PERSON"]
    quotes = []
    for found in find_quotes(doc):
        if found.rule == "phrase":
            continue
        entity_id = resolve_speaker(found, doc, people)
        article_id = context.article.article_id
        quote_id = hashlib.sha1(f"{article_id}|{part}|{found.start}".encode()).hexdigest()[:16]
        speaker = _entity_name(context, entity_id) if entity_id else found.speaker
        quotes.append(Quote(quote_id, article_id, found.text, speaker, entity_id,
                            Span(article_id, found.start, found.end, part), found.rule))
    return quotes


def _detach_other_fronts(report, claims: list[Claim]) -> None:
    """"85 were killed in Andarab, while on the other front 12 fell": the sentence's report is
    Andarab's; a toll of the same kind the sentence does not place there is another front's, so its
    claim is no alternative figure of this event (it stays a claim of the article)."""
    if report is None or report.place is None:
        return
    here = {c.kind for c in claims if c.place == report.place.name}
    for claim in claims:
        if claim.kind in here and claim.place != report.place.name and claim.event_report_id == report.report_id:
            claim.event_report_id = None

