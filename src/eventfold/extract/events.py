"""Extract stage: the events an article reports, with the claims and quotes around them.

Per sentence (of the body and of each caption — captions are sources too):

1. type it: `subevent.classify_sub_event` (lexicon rules, else a classifier), or fall back on a
   casualty figure in a sentence that has an event trigger;
2. judge it: `attribution.modality_of` drops threats, pledges, conditionals, predictions and
   negations, and marks background history; `attribution.attribution_of` says who asserts it
   and how surely;
3. fill its arguments: actors from the trigger's dependency arguments (`roles`) resolved to
   canonical entities, the place among the places the sentence (or its paragraph) mentions —
   never the dateline's —, the date from the sentence's own time expression, else the
   article's date; casualty figures from the number grammar (`numbers`);
4. record claims: every figure and every statement about who controls a place, with its
   claimant; a denial is a claim too.

Sentence-level reports that describe the same happening (a figure in the next sentence, "the
assault" two sentences on) are then folded into one report per event by `coalesce`.
Every field keeps its provenance: the span it was read from and the rule that read it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Optional

from eventfold.extract import coalesce
from eventfold.extract.acled_types import INTER_BY_CATEGORY, interaction_code
from eventfold.model import (
    PART_TEXT, Annotations, Article, Claim, DateValue, EventReport, Mention, PlaceMention, Provenance, Quantity,
    Quote, Span, TimeMention,
)

# Bump when extraction logic changes so stored reports are recomputed.
EXTRACTOR_VERSION = "1"

CASUALTY_KINDS = ("killed", "wounded", "captured", "detained", "abducted", "missing")
# Modalities that describe no event that happened.
NOT_EVENTS = frozenset({"threat", "pledge", "conditional", "prediction", "negated", "question"})
# A sentence with only a figure (no typed event) joins a report at most this many sentences back.
FIGURE_ATTACH_WINDOW = 2


@dataclass
class ExtractionResult:
    reports: list[EventReport] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class _Context:
    """What extraction of one article needs at hand."""

    article: Article
    annotations: Annotations
    anchor: Optional[DateValue]
    actors: object
    dateline_end: int = 0

    @property
    def main_place(self) -> Optional[str]:
        """The region the story is about: its most mentioned province-level (or larger) place."""
        counts: dict[str, int] = {}
        for mention in self.annotations.places:
            if mention.place is not None and mention.place.geo_precision >= 2 and mention.place.feature_class == "A":
                counts[mention.place.name] = counts.get(mention.place.name, 0) + 1
        return max(counts, key=counts.get) if counts else None

    def mentions_in(self, part: str, start: int, end: int) -> list[Mention]:
        return [m for m in self.annotations.mentions if m.span.part == part and start <= m.span.start < end]

    def places_in(self, part: str, start: int, end: int) -> list[PlaceMention]:
        return [
            p for p in self.annotations.places
            if p.span.part == part and start <= p.span.start < end and p.place is not None
            and not (part == PART_TEXT and p.span.start < self.dateline_end)
        ]

    def times_in(self, part: str, start: int, end: int) -> list[TimeMention]:
        return [t for t in self.annotations.times if t.span.part == part and start <= t.span.start < end]


def extract_events(article: Article, annotations: Annotations, docs: Optional[dict] = None,
                   actors=None) -> ExtractionResult:
    """All event reports, claims and quotes of one article."""
    from eventfold.annotate.entities import ActorDictionary

    docs = docs or _parse_parts(article)
    context = _Context(article, annotations, _article_date(article, annotations),
                       actors or ActorDictionary.load(), _dateline_end(article))
    result = ExtractionResult()
    for part, doc in docs.items():
        if part == "title":
            continue  # a headline restates the story's lead; reading it too would double the events
        _extract_part(context, part, doc, result)
        result.quotes.extend(_quotes(context, part, doc))
    result.reports = coalesce.fold_reports(result.reports, result.claims)
    return result


def _parse_parts(article: Article) -> dict:
    from eventfold.annotate.nlp import load_nlp

    nlp = load_nlp()
    parts = article.parts()
    return {part: doc for (part, _), doc in zip(parts, nlp.pipe(text for _, text in parts))}


def _article_date(article: Article, annotations: Annotations) -> Optional[DateValue]:
    if article.published:
        return DateValue(article.published[:10], article.published_precision or "day", source="article:published")
    return annotations.publication_estimate


def _dateline_end(article: Article) -> int:
    """Offset just past a dateline ("KABUL —", "Moscow (AsiaNews) –") at the start of the body."""
    if not article.dateline:
        return 0
    head = article.text[:200]
    position = head.find(article.dateline)
    if position < 0:
        return 0
    for dash in ("—", "–", " - ", ":"):
        found = head.find(dash, position)
        if 0 <= found < position + len(article.dateline) + 40:
            return found + len(dash)
    return position + len(article.dateline)


# ---------------------------------------------------------------- sentences


def _extract_part(context: _Context, part: str, doc, result: ExtractionResult) -> None:
    from eventfold.extract.attribution import attribution_of

    sentences = list(doc.sents)
    recent: list[tuple[int, EventReport]] = []  # (sentence index, report) for figure-only sentences
    last_claims: list[Claim] = []
    for index, sent in enumerate(sentences):
        context_sents = _paragraph_before(sentences, index)
        attribution = attribution_of(sent, context_sents)
        figures = _figures(sent)
        report = _report_for(context, part, sent, figures, attribution, index)
        claims = _claims_for(context, part, sent, figures, attribution, report, last_claims)
        if report is not None:
            result.reports.append(report)
            recent.append((index, report))
        elif claims and figures:
            _attach_to_recent(recent, index, claims, figures)
        result.claims.extend(claims)
        if claims:
            last_claims = claims


def _paragraph_before(sentences, index: int) -> list:
    """The sentences before this one in its paragraph (paragraphs are separated by blank lines)."""
    found = []
    for sent in reversed(sentences[max(0, index - 3) : index]):
        if "\n\n" in sent.doc.text[sent.end_char : sentences[index].start_char + 1]:
            break
        found.insert(0, sent)
    return found


def _figures(sent) -> list:
    from eventfold.extract.numbers import find_figures

    return find_figures(sent)


def _report_for(context: _Context, part: str, sent, figures, attribution, index: int) -> Optional[EventReport]:
    from eventfold.extract.attribution import modality_of
    from eventfold.extract.subevent import classify_sub_event

    prediction = classify_sub_event(sent.text, doc=sent)
    casualties = [f for f in figures if f.kind in CASUALTY_KINDS]
    if prediction is None:
        return None
    trigger = _trigger(sent, prediction)
    modality = modality_of(sent, trigger, article_year=_year(context.anchor))
    if modality in NOT_EVENTS:
        return None
    article_id = context.article.article_id
    span = Span(article_id, sent.start_char, sent.end_char, part)
    report = EventReport(
        report_id=_report_id(article_id, part, sent.start_char),
        article_id=article_id,
        event_type=prediction.event_type,
        sub_event_type=prediction.sub_event_type,
        span=span,
        trigger=trigger.text if trigger is not None else prediction.evidence,
        modality=modality,
        claimant=attribution.claimant,
        certainty="denied" if attribution.polarity == "denied" else attribution.certainty,
        provenance=[Provenance(prediction.rule, span, prediction.evidence)],
    )
    _fill_actors(context, part, sent, trigger, report)
    _fill_place(context, part, sent, report)
    _fill_date(context, part, sent, report)
    _fill_figures(report, casualties, span)
    return report


def _year(anchor: Optional[DateValue]) -> Optional[int]:
    return int(anchor.value[:4]) if anchor and anchor.value and anchor.value[:4].isdigit() else None


def _trigger(sent, prediction):
    """The token the event hangs on: a role-module trigger matching the classifier's evidence, else the first."""
    from eventfold.extract.roles import find_triggers

    triggers = find_triggers(sent)
    evidence = (prediction.evidence or "").lower()
    for token in triggers:
        if token.lower_ in evidence or token.lemma_.lower() in evidence:
            return token
    return triggers[0] if triggers else None


def _report_id(article_id: str, part: str, start: int) -> str:
    return hashlib.sha1(f"{article_id}|{part}|{start}".encode()).hexdigest()[:16]


# ---------------------------------------------------------------- arguments


ATTACKER_ROLES = ("attacker", "agent")
TARGET_ROLES = ("target", "victim")


def _fill_actors(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    from eventfold.extract.roles import event_arguments

    arguments = event_arguments(trigger, sent) if trigger is not None else []
    for roles, slot in ((ATTACKER_ROLES, "actor1"), (TARGET_ROLES, "actor2")):
        for argument in (a for a in arguments if a.role in roles):
            entity = _entity_in(context, part, argument.start, argument.end)
            if entity and entity != getattr(report, "actor1"):
                setattr(report, slot, entity)
                report.provenance.append(Provenance(f"{slot}:{argument.rule}", Span(report.article_id, argument.start,
                                                                                      argument.end, part), argument.text))
                break
    if report.actor1 is None:
        _fallback_actors(context, part, sent, report)
    report.inter1 = _inter(context, report.actor1, report)
    report.inter2 = _inter(context, report.actor2, report)


def _entity_in(context: _Context, part: str, start: int, end: int) -> Optional[str]:
    """The canonical entity of the first actor mention inside a span (groups before nationalities)."""
    mentions = [m for m in context.mentions_in(part, start, end) if m.entity_id]
    mentions.sort(key=lambda m: (m.label == "NORP", m.span.start))
    return _entity_name(context, mentions[0].entity_id) if mentions else None


def _entity_name(context: _Context, entity_id: str) -> str:
    for entity in context.annotations.entities:
        if entity.entity_id == entity_id:
            return entity.name
    return entity_id


def _fallback_actors(context: _Context, part: str, sent, report: EventReport) -> None:
    """No parse argument named an actor: take the armed or political actors the sentence mentions, in order."""
    names: list[str] = []
    for mention in context.mentions_in(part, sent.start_char, sent.end_char):
        if mention.entity_id and mention.label in ("ORG", "GROUP", "NORP"):
            name = _entity_name(context, mention.entity_id)
            if name not in names:
                names.append(name)
    if names:
        report.actor1 = names[0]
        report.provenance.append(Provenance("actor1:first-group-in-sentence", report.span, names[0]))
    if len(names) > 1 and report.actor2 is None:
        report.actor2 = names[1]
        report.provenance.append(Provenance("actor2:second-group-in-sentence", report.span, names[1]))


def _inter(context: _Context, name: Optional[str], report: EventReport) -> Optional[int]:
    if not name:
        return None
    entry = context.actors.lookup(name) if context.actors is not None else None
    if entry is None:
        return None
    when = report.date.value if report.date and report.date.value else None
    category = entry.category_on(when) if when and hasattr(entry, "category_on") else entry.category
    return INTER_BY_CATEGORY.get(category) if category else None


def _fill_place(context: _Context, part: str, sent, report: EventReport) -> None:
    places = context.places_in(part, sent.start_char, sent.end_char)
    rule = "place:in-sentence"
    if not places:
        paragraph_start = sent.doc.text.rfind("\n\n", 0, sent.start_char) + 1
        places = context.places_in(part, paragraph_start, sent.start_char)
        rule = "place:earlier-in-paragraph"
    if not places:
        return
    chosen = min(places, key=lambda p: (p.place.geo_precision, -p.score, p.span.start))
    report.place = chosen.place
    report.location_text = chosen.text
    report.provenance.append(Provenance(rule, chosen.span, chosen.text))


def _fill_date(context: _Context, part: str, sent, report: EventReport) -> None:
    times = [t for t in context.times_in(part, sent.start_char, sent.end_char) if t.value.value]
    dated = [t for t in times if t.value.precision in ("day", "week", "month") and len(t.value.value) >= 7]
    if dated:
        best = min(dated, key=lambda t: ("day", "week", "month").index(t.value.precision))
        report.date = best.value
        report.time_precision = {"day": 1, "week": 2, "month": 3}[best.value.precision]
        report.provenance.append(Provenance("date:in-sentence", best.span, best.text))
        return
    if context.anchor and context.anchor.value:
        # The story was reported by its date: the event is on or shortly before it.
        report.date = DateValue(context.anchor.value, context.anchor.precision, source="article-date",
                                estimated=True)
        report.time_precision = 2
        report.provenance.append(Provenance("date:article-date", None, context.anchor.value))


def _fill_figures(report: EventReport, casualties, span: Span) -> None:
    for kind, attribute in (("killed", "fatalities"), ("wounded", "wounded"), ("captured", "captured"),
                            ("detained", "captured"), ("abducted", "abducted")):
        figures = [f for f in casualties if f.kind == kind]
        if figures and getattr(report, attribute) is None:
            setattr(report, attribute, _sum_quantities([f.quantity for f in figures]))
            report.provenance.append(Provenance(f"{attribute}:{figures[0].rule}", span, figures[0].quantity.text))


def _sum_quantities(quantities: list[Quantity]) -> Quantity:
    if len(quantities) == 1:
        return quantities[0]
    low = sum(q.low or 0 for q in quantities) if any(q.low is not None for q in quantities) else None
    high = sum(q.high or q.low or 0 for q in quantities) if any(q.high is not None for q in quantities) else None
    return Quantity(low, high, " + ".join(q.text for q in quantities), "sum")


def _attach_to_recent(recent: list[tuple[int, EventReport]], index: int, claims: list[Claim], figures) -> None:
    """A sentence with figures but no event of its own ("Three people are reported killed") continues the last one."""
    if not recent or index - recent[-1][0] > FIGURE_ATTACH_WINDOW:
        return
    report = recent[-1][1]
    _fill_figures(report, [f for f in figures if f.kind in CASUALTY_KINDS], claims[0].span)
    for claim in claims:
        claim.event_report_id = report.report_id


# ---------------------------------------------------------------- claims


def _claims_for(context: _Context, part: str, sent, figures, attribution, report, last_claims) -> list[Claim]:
    from eventfold.extract.status import control_claims, denial_target

    claimant = attribution.claimant or context.article.outlet
    certainty = attribution.certainty
    article_id = context.article.article_id
    claims = []
    for figure in figures:
        subject = figure.side or (report.actor2 if report else None) or "unspecified"
        claims.append(_claim(article_id, part, figure.start, figure.end, subject, figure.kind,
                             _quantity_value(figure.quantity), claimant, attribution.polarity, certainty,
                             figure.quantity, report, f"figure:{figure.rule}"))
    places = context.places_in(part, sent.start_char, sent.end_char)
    for status in control_claims(sent, places, context.main_place):
        claims.append(_claim(article_id, part, status.start, status.end, status.subject, "control", status.value,
                             claimant, status.polarity if attribution.polarity == "asserted" else "denied",
                             certainty, None, report, status.rule))
    if attribution.polarity == "denied" and not claims and last_claims:
        target = denial_target(sent, last_claims)
        if target is not None:
            claims.append(_claim(article_id, part, sent.start_char, sent.end_char, target.subject, target.kind,
                                 target.value, attribution.claimant, "denied", certainty, target.quantity,
                                 report, "denial-of-previous-claim"))
    return claims


def _claim(article_id, part, start, end, subject, kind, value, claimant, polarity, certainty, quantity, report,
           rule) -> Claim:
    claim_id = hashlib.sha1(f"{article_id}|{part}|{start}|{end}|{kind}|{polarity}".encode()).hexdigest()[:16]
    return Claim(claim_id=claim_id, article_id=article_id, subject=subject, kind=kind, value=value, claimant=claimant,
                 span=Span(article_id, start, end, part), polarity=polarity, certainty=certainty, quantity=quantity,
                 event_report_id=report.report_id if report else None, rule=rule)


def _quantity_value(quantity: Quantity) -> str:
    if quantity.low is not None and quantity.high is not None and quantity.low != quantity.high:
        return f"{quantity.low}-{quantity.high}"
    if quantity.qualifier == "at_most" or (quantity.low is None and quantity.high is not None):
        return f"<={quantity.high}"
    if quantity.qualifier == "at_least":
        return f">={quantity.low}"
    return str(quantity.low if quantity.low is not None else quantity.high)


# ---------------------------------------------------------------- quotes


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


def interaction_of(report: EventReport) -> Optional[int]:
    return interaction_code(report.inter1, report.inter2 or 0) if report.inter1 else None

