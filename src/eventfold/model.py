"""The shared vocabulary of eventfold: plain, typed records that flow between stages.

Every stage takes and returns these records; none reaches into another stage's internals.
Records hold data and light validation only. Every extracted value carries its provenance:
the article it came from, the character span inside one part of that article, and the rule
or model that produced it.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Optional

# Parts of an article a span can point into. Captions are numbered: "caption:0", "caption:1", ...
PART_TEXT = "text"
PART_TITLE = "title"
# `DateValue.source` of an event day estimated from the story's own words ("late Sunday" in a Monday
# paper): set by extract/event_dates.py, preferred by fusion to the publication day.
STORY_DAY_SOURCE = "story-day"
# `DateValue.source` of an event given its article's date (the story's own dates where they overrule a
# stamp counted from the retrieval date): set by extract/event_dates.py, read by fusion.
ARTICLE_DATE_SOURCE = "article-date"
# Provenance rule of a sentence that extraction folded into a report of the same event (its span is
# the sentence): fusion compares a report on every sentence that tells it.
FOLDED_SENTENCE_RULE = "coalesce:folded-sentence"
# Provenance rule of a report placed at the province around (else the country of) a toponym the
# gazetteer lacks whose form says it is a place ("the Khavak Pass", "X village"): the event's location
# is that name (written by extract/event_places.py, read by fusion).
NAMED_UNKNOWN_PLACE_RULE = "place:unknown-toponym-by-its-form"


def caption_part(index: int) -> str:
    return f"caption:{index}"


# Precisions of a calendar value, finest first.
PRECISIONS = ("second", "minute", "hour", "day", "week", "month", "quarter", "season", "year", "decade", "century")


@dataclass(frozen=True, slots=True)
class Span:
    """A character range [start, end) inside one part of an article."""

    article_id: str
    start: int
    end: int
    part: str = PART_TEXT

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: the span it was read off and the rule or model that read it."""

    rule: str
    span: Optional[Span] = None
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar value with its precision, e.g. ("2021-08-31", "day") or ("2021-08", "month").

    `value` is ISO-8601-like (TimeML style for coarse values: "2021-W35", "2021-Q3", "198X").
    `earliest`/`latest` bound an estimate; `source` says how the value was obtained;
    `reason` explains why a value is missing or uncertain.
    """

    value: Optional[str]
    precision: Optional[str]
    source: str = ""
    reason: str = ""
    estimated: bool = False
    earliest: Optional[str] = None
    latest: Optional[str] = None


def value_bounds(value: str) -> Optional[tuple[int, int]]:
    """First and last day of an ISO/TimeML calendar value: a day, a week, a month or a year."""
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            day = date.fromisoformat(value[:10]).toordinal()
            return day, day
        if "-W" in value:
            year, week = value.split("-W", 1)
            monday = date.fromisocalendar(int(year), int(week[:2]), 1).toordinal()
            if week.endswith("-WE"):  # a weekend ("over the weekend"): its Saturday and Sunday
                return monday + 5, monday + 6
            return monday, monday + 6
        if len(value) == 7 and value[4] == "-":
            year, month = int(value[:4]), int(value[5:7])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1).toordinal(), date(int(value), 12, 31).toordinal()
    except ValueError:
        return None
    return None


# First month of a TimeML season code (meteorological seasons, northern hemisphere).
SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}


@functools.lru_cache(maxsize=4096)  # a pure function of the string; exports read each event's date several times
def first_day_of(value: Optional[str]) -> Optional[str]:
    """The first day (ISO) of a TimeML-style calendar value: "2021-08" -> "2021-08-01", "2021-W35" ->
    its Monday ("2021-W35-WE", a weekend, its Saturday), "2021-Q3" -> "2021-07-01", "2021-SU" -> "2021-06-01", "198X" -> "1980-01-01"."""
    if not value:
        return None
    try:
        day = _parse_first_day(value.strip().upper())
    except ValueError:  # a well-shaped but impossible value, e.g. 2021-02-30 or week 54
        return None
    return day.isoformat() if day else None


def _parse_first_day(text: str) -> Optional[date]:
    year_text = text[:4].replace("X", "0")
    if not year_text.isdigit():
        return None
    year, rest = int(year_text), text[4:].lstrip("-")
    if match := re.match(r"(\d{2})-(\d{2})", rest):
        return date(year, int(match.group(1)), int(match.group(2)))
    if match := re.match(r"W(\d{1,2})", rest):
        # a weekend ("2021-W35-WE") starts on its Saturday, not on the week's Monday
        return date.fromisocalendar(year, int(match.group(1)), 6 if rest.endswith("-WE") else 1)
    if match := re.match(r"Q([1-4])", rest):
        return date(year, 3 * int(match.group(1)) - 2, 1)
    if rest[:2] in SEASON_FIRST_MONTH:
        return date(year, SEASON_FIRST_MONTH[rest[:2]], 1)
    if match := re.match(r"(\d{2})", rest):
        return date(year, int(match.group(1)), 1)
    return date(year, 1, 1)


@dataclass(slots=True)
class Article:
    """One news article as ingested: clean story text kept apart from captions and metadata."""

    article_id: str
    text: str
    title: Optional[str] = None
    captions: list[str] = field(default_factory=list)
    url: Optional[str] = None
    path: Optional[str] = None
    outlet: Optional[str] = None
    outlet_source: str = ""
    byline: Optional[str] = None
    dateline: Optional[str] = None
    published: Optional[str] = None
    published_precision: Optional[str] = None
    published_source: str = ""
    language: Optional[str] = None
    source_format: str = "text"
    content_hash: str = ""
    duplicate_of: Optional[str] = None  # an earlier article this one is a near-copy of (syndication, update)
    retrieved_at: Optional[str] = None

    def part_text(self, part: str) -> str:
        """The string a span's offsets refer to."""
        if part == PART_TEXT:
            return self.text
        if part == PART_TITLE:
            return self.title or ""
        if part.startswith("caption:"):
            return self.captions[int(part.split(":", 1)[1])]
        raise KeyError(part)

    def parts(self) -> list[tuple[str, str]]:
        """All annotatable parts: title, body text and each caption."""
        found = [(PART_TITLE, self.title)] if self.title else []
        found.append((PART_TEXT, self.text))
        found.extend((caption_part(i), c) for i, c in enumerate(self.captions))
        return found


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """A file (or one line of it) that could not be ingested, and why."""

    path: str
    reason: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


# ---------------------------------------------------------------- language layer


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of an actor (person, organisation, armed group, nationality) in an article."""

    span: Span
    text: str
    label: str  # PERSON, ORG, NORP, GROUP
    entity_id: Optional[str] = None
    rule: str = ""


@dataclass(slots=True)
class Entity:
    """A canonical actor, with the names it goes by and its ACLED actor category."""

    entity_id: str
    name: str
    type: str  # person, organisation, group, nationality
    category: Optional[str] = None  # ACLED actor category, e.g. "Rebel group"
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    country: Optional[str] = None  # ISO 3166-1 alpha-2 of the actor's country, when known
    # How the category was decided: "dictionary" (an actors file), or the inferring rule and the
    # words it read ("inferred: 'paramilitary' in 'Rapid Support Forces'").
    category_source: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved gazetteer place."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: Optional[str] = None  # ISO 3166-1 alpha-2
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    feature_class: Optional[str] = None  # GeoNames: P populated place, A admin area, T terrain, ...
    feature_code: Optional[str] = None
    population: int = 0
    geo_precision: int = 1  # ACLED: 1 town, 2 part of region / near town, 3 province or larger


@dataclass(frozen=True, slots=True)
class PlaceMention:
    span: Span
    text: str
    place: Optional[Place]
    rule: str = ""
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A temporal expression and its normalized value (None with a reason when unresolvable)."""

    span: Span
    text: str
    value: DateValue
    rule: str = ""


@dataclass(slots=True)
class Annotations:
    """Everything the language layer found in one article."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    publication_estimate: Optional[DateValue] = None
    pipeline_version: str = ""
    warnings: list[str] = field(default_factory=list)  # for the user, one line each, naming the article


# ---------------------------------------------------------------- extraction


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as reported: exact, bounded or a range ("as many as 30" -> high=30)."""

    low: Optional[int]
    high: Optional[int]
    text: str = ""
    qualifier: str = ""  # exact, at_least, at_most, approx, range
    # A lower bound said without a count ("dozens", "several", a named victim): a count reported for
    # the same people supersedes it rather than competing as a more conservative figure.
    indefinite: bool = False
    # One person told only as "shot", whose fate that sentence leaves open: a death the story or
    # another outlet tells of the event's victim is theirs, not a second person (added with a
    # default: backward compatible, stored records without it read False).
    fate_untold: bool = False

    @property
    def conservative(self) -> Optional[int]:
        return self.low if self.low is not None else self.high


@dataclass(slots=True)
class Claim:
    """A factual assertion with a number or a status, and who makes it."""

    claim_id: str
    article_id: str
    subject: str
    kind: str  # killed, wounded, captured, abducted, force_size, control, date, denial, ...
    value: str
    claimant: Optional[str]
    span: Span
    polarity: str = "asserted"  # asserted, denied
    certainty: str = "stated"  # stated, hedged, unverified
    quantity: Optional[Quantity] = None
    event_report_id: Optional[str] = None
    rule: str = ""
    # The canonical actor whose people a figure counts ("Taliban"; "civilians" for non-combatants),
    # or the place of a control claim: what fusion compares claims by. None when unknown.
    side: Optional[str] = None
    # The place the claim's own sentence counts it at ("85 killed in Andarab"), when it names one:
    # figures of different places are different fronts, not a contradiction.
    place: Optional[str] = None


@dataclass(slots=True)
class Quote:
    quote_id: str
    article_id: str
    text: str
    speaker: Optional[str]
    speaker_entity_id: Optional[str]
    span: Span
    rule: str = ""


# The figure fields of an event report and of an event (ACLED counts fatalities; we keep the rest too).
FIGURE_FIELDS = ("fatalities", "wounded", "captured", "abducted")


@dataclass(slots=True)
class EventReport:
    """One event as one article reports it."""

    report_id: str
    article_id: str
    event_type: str
    sub_event_type: str
    span: Span
    trigger: str = ""
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    assoc_actor_1: Optional[str] = None
    assoc_actor_2: Optional[str] = None
    inter1: Optional[int] = None
    inter2: Optional[int] = None
    place: Optional[Place] = None
    location_text: Optional[str] = None
    date: Optional[DateValue] = None
    time_precision: int = 3  # ACLED: 1 day, 2 week, 3 month
    fatalities: Optional[Quantity] = None
    wounded: Optional[Quantity] = None
    captured: Optional[Quantity] = None
    abducted: Optional[Quantity] = None
    claimant: Optional[str] = None
    certainty: str = "stated"
    modality: str = "actual"  # actual, historical, threat, pledge, conditional, prediction
    plover_type: Optional[str] = None
    plover_mode: Optional[str] = None
    provenance: list[Provenance] = field(default_factory=list)
    # Calibrated probability that this report is a real event, coded right (extract/decide.py).
    confidence: Optional[float] = None


# ---------------------------------------------------------------- fusion


@dataclass(slots=True)
class ReportItem:
    """What fusion keeps of one actual event report: the evidence it compares (stored as JSON)."""

    report_id: str
    article_id: str
    family: str
    event_type: str
    sub_event_type: str
    day_low: Optional[int] = None  # proleptic ordinals bounding the event day
    day_high: Optional[int] = None
    day_stated: bool = False  # the sentence states the date (not the publication fallback)
    geonameid: Optional[int] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    actors: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # content words of the report's sentence
    story_terms: list[str] = field(default_factory=list)  # the article's most used content words
    doer: Optional[str] = None  # a named actor 1's side, "state" or "non-state" (unnamed or none: None)
    # Content words of the place's name: whether a placeless report's story names it (added for
    # issue 9 with a default, so items stored before read as before).
    place_words: list[str] = field(default_factory=list)
    # Who the event was done to: "civilians", "armed" (an armed side) or None when not told (added
    # later with a default, so items stored before read as before).
    other_side: Optional[str] = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "ReportItem":
        return cls(**json.loads(text))


@dataclass(slots=True)
class Conflict:
    """Claims about the same subject and kind that disagree, kept side by side (never averaged).

    kind: the claim kind in dispute (killed, wounded, captured, force_size, control, date, ...);
    reason: why they disagree ("values differ", "claim vs denial", "dates more than N days apart").
    """

    conflict_id: str
    event_id: Optional[str]
    kind: str
    subject: str
    claim_ids: list[str]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A fused figure: ACLED's conservative value plus the full range the sources give."""

    value: Optional[int]
    low: Optional[int] = None
    high: Optional[int] = None
    reports: int = 0  # how many reports give a figure at all


@dataclass(slots=True)
class Event:
    """One real event, fused from the reports of one or more articles.

    Values follow stated rules (fuse/values.py): the most conservative figure with the range kept,
    the most precise agreeing date and place; `provenance` says which rule chose each value.
    """

    event_id: str
    report_ids: list[str]
    article_ids: list[str]
    event_type: str
    sub_event_type: str
    date: Optional[DateValue] = None
    time_precision: int = 3  # ACLED: 1 day, 2 week, 3 month
    place: Optional[Place] = None
    location_text: Optional[str] = None
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    assoc_actor_1: Optional[str] = None
    assoc_actor_2: Optional[str] = None
    inter1: Optional[int] = None
    inter2: Optional[int] = None
    fatalities: Optional[Figure] = None
    wounded: Optional[Figure] = None
    captured: Optional[Figure] = None
    abducted: Optional[Figure] = None
    plover_type: Optional[str] = None
    plover_mode: Optional[str] = None
    contested: bool = False
    claim_ids: list[str] = field(default_factory=list)
    conflict_ids: list[str] = field(default_factory=list)
    notes: str = ""
    provenance: list[Provenance] = field(default_factory=list)
    # Calibrated probability that this is a real event (from its reports' confidences, fuse/values.py).
    confidence: Optional[float] = None
    # Analyst review (review/), set when events are read through it; the machine leaves the defaults.
    reviewed: bool = False
    review_note: str = ""
    rejected: bool = False


@dataclass(slots=True)
class Correction:
    """An analyst's correction of an event, kept as data and applied on top of the machine's output.

    kind: accept, reject, edit, merge, move; `field` is the edited field (edit) and `old`/`new` its
    values as JSON-able data; for merge `old` is the merged event ids and `new` the surviving id, for
    move `field` is "report", `old` the report id and `new` the new event's id. `anchor` is the report
    ids of the event when corrected: the stable key the correction is re-applied by.
    """

    correction_id: int
    event_id: str
    kind: str
    anchor: list[str] = field(default_factory=list)  # before `field`, whose name hides dataclasses.field
    field: Optional[str] = None
    old: object = None
    new: object = None
    who: str = ""
    when: str = ""
    why: str = ""
    undone: bool = False
    undone_by: Optional[str] = None
    undone_at: Optional[str] = None
