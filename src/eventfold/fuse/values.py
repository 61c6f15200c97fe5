"""The values of a fused event, by stated rules (ACLED's where it has one).

- Type: the sub-event type most member reports stating the date give (all reports when none
  does; ties: the first report in date order).
- Date: the most precise date the reports state, the most reported one among equally precise
  ones (a stated week or month narrowed to the day within it a story names or an article was
  published, time precision kept); with no stated date, the earliest day its stories' words
  name ("late Saturday" in a Monday paper; extract/event_dates.py), else the earliest
  publication day of its sources; both marked estimated, time precision 2 (ACLED: "the event
  happened in the week before").
- Place: the most precise place (lowest ACLED geo precision), the most reported among equals;
  the members already agree on country and region (fusion constraint).
- Actors: the most reported actor1 and (another) actor2 among the reports stating the date,
  with the inter codes of a report naming them.
- Figures: ACLED's rule, the most conservative figure among the sources (the smallest lower
  bound); the full range over every report and claim is kept beside it. A source is an article:
  the count its report of the event gives holds the smaller figures beside it (parts, "one of the
  victims"). A later day's higher toll of the same victims (the wounded died) is an update, not a
  disagreement, and supersedes the earlier toll (`_LaterTolls`). The event's dead are
  among the people told only as shot (a victim singled out as shot is that death; a count of
  the shot holds the dead).
Each rule that chose a value is recorded in the event's provenance.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Optional

from eventfold.extract.coalesce import SUMMED
from eventfold.fuse.words import parse_day
from eventfold.model import (ARTICLE_DATE_SOURCE, NAMED_UNKNOWN_PLACE_RULE, PRECISIONS, STORY_DAY_SOURCE, Claim,
                             DateValue, Event, EventReport, Figure, Place, Provenance, Quantity, value_bounds)

# Figure fields of a report and the claim kinds that state them.
FIGURE_CLAIM_KINDS = {
    "fatalities": ("killed",),
    "wounded": ("wounded",),
    "captured": ("captured", "detained"),
    "abducted": ("abducted",),
}
# ACLED time precision of a fused date whose day was not stated (publication week).
UNSTATED_TIME_PRECISION = 2


def event_id_for(founding_report_id: str) -> str:
    """Stable id: the report that opened the event names it for as long as it stays a member."""
    return "ev-" + hashlib.sha1(founding_report_id.encode()).hexdigest()[:12]


def fuse_event(event_id: str, reports: list[EventReport], claims: list[Claim],
               published: dict[str, Optional[str]]) -> Event:
    """One Event from its member reports, their claims and their articles' publication dates."""
    reports = sorted(reports, key=lambda r: (r.date.value if r.date and r.date.value else "9", r.report_id))
    # A lead of no known kind joined a happening told as one ("fired into the air in Kabul" beside a
    # governor named for Panjshir): it says nothing of where, when or what that happening was.
    known = _of_known_kind(reports)
    # Reports that state the date decide the type: a report dated by its article's publication
    # may have coded its actors by the wrong day (the Taliban were a rebel group until 15 Aug 2021).
    dated = [r for r in known if r.date and r.date.value and not r.date.estimated] or known
    event_type, sub_event_type = _voted([(r.event_type, r.sub_event_type) for r in dated])
    date, time_precision, date_rule = _fused_date(known, published)
    place = _fused_place(known)
    event = Event(
        event_id=event_id,
        report_ids=[r.report_id for r in reports],
        article_ids=list(dict.fromkeys(r.article_id for r in reports)),
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=date,
        time_precision=time_precision,
        place=place,
        location_text=_location_name(place, reports),
        claim_ids=[c.claim_id for c in claims],
    )
    _set_actors(event, dated, reports)
    kind = next(r for r in reports if (r.event_type, r.sub_event_type) == (event_type, sub_event_type))
    event.plover_type, event.plover_mode = kind.plover_type, kind.plover_mode
    updates: list[Provenance] = []
    later = _LaterTolls(published, _tolls_by_article(reports, claims, "wounded"))
    for field_name, kinds in FIGURE_CLAIM_KINDS.items():
        # fatalities come first: a victim told only as shot is the event's dead when it has any, and
        # a story's wounded who died since (a later toll) are no longer wounded
        dead = (event.fatalities.value or 0) if field_name == "wounded" and event.fatalities is not None else 0
        setattr(event, field_name, _figure(reports, claims, field_name, kinds, _named_armed_side(event), dead,
                                           later if field_name == "fatalities" else None, updates,
                                           later.died if field_name == "wounded" else None))
    event.confidence = fused_confidence(reports)
    event.provenance = [
        Provenance("fuse:type=most-reported", evidence=f"{sub_event_type} ({len(reports)} reports)"),
        Provenance(f"fuse:date={date_rule}", evidence=date.value if date and date.value else ""),
        Provenance("fuse:place=most-precise-agreeing", evidence=place.name if place else ""),
        Provenance("fuse:figures=most-conservative (ACLED), range kept"),
        *updates,
    ]
    return event


def _of_known_kind(reports: list[EventReport]) -> list[EventReport]:
    """The reports of a known kind when more reports tell them than leads of no known kind: one
    report's kind may be a misreading ("released from the hospital" read as a release) where the lead
    told the happening."""
    from eventfold.extract.occurrences import UNCLASSIFIED

    known = [r for r in reports if r.sub_event_type != UNCLASSIFIED]
    return known if len(known) > len(reports) - len(known) else reports


def fused_confidence(reports: list[EventReport]) -> Optional[float]:
    """The event's confidence: the highest of its reports'. Not 1 - prod(1 - c): outlets repeat one
    another's wording (and one another's statements and forecasts), so a wrong reading recurs
    across sources and their errors are not independent; the maximum stays as calibrated as the
    report-level decision. None when no report has one (stored before the decision existed)."""
    known = [r.confidence for r in reports if r.confidence is not None]
    return max(known) if known else None


def _voted(values: list):
    """The most frequent value (the earliest on a tie); None for none."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _fused_date(reports: list[EventReport], published: dict[str, Optional[str]]) -> tuple:
    stated = [r.date for r in reports if r.date and r.date.value and not r.date.estimated]
    if stated:
        finest = min(PRECISIONS.index(d.precision) if d.precision in PRECISIONS else len(PRECISIONS) for d in stated)
        precise = [d for d in stated if (PRECISIONS.index(d.precision) if d.precision in PRECISIONS
                                         else len(PRECISIONS)) == finest]
        value = _voted([d.value for d in precise])
        chosen = next(d for d in precise if d.value == value)
        report = next(r for r in reports if r.date is chosen)
        day = _day_within(chosen, reports, published)
        if day is not None:
            return day, report.time_precision, "most-precise-stated+story-day-within"
        return chosen, report.time_precision, "most-precise-stated"
    told = sorted(r.date.value[:10] for r in reports if r.date and r.date.source == STORY_DAY_SOURCE)
    if told:
        # "shot late Saturday" in Monday's paper: the earliest day the stories' words name (a
        # follow-up's own days come later), before the day of publication
        return (DateValue(told[0], "day", source="fuse:" + STORY_DAY_SOURCE, estimated=True),
                UNSTATED_TIME_PRECISION, "earliest-story-day")
    days = sorted(p[:10] for r in reports if (p := _publication_day(r, published)) and len(p) >= 10)
    counted = _counted_from_publication(reports)
    if days and counted and not any(_lies_in(days[0], d.value) for d in counted):
        # "last month" in an article of September: July, not a day of September
        report = next(r for r in reports if r.date is counted[0])
        return counted[0], report.time_precision, "counted-from-publication"
    if days:
        return (DateValue(days[0], "day", source="fuse:earliest-publication", estimated=True),
                UNSTATED_TIME_PRECISION, "earliest-publication")
    fallback = next((r.date for r in reports if r.date and r.date.value), None)
    return fallback, 3, "unstated"


def _day_within(stated: DateValue, reports: list[EventReport],
                published: dict[str, Optional[str]]) -> Optional[DateValue]:
    """A stated week or month ("last week") narrowed to the earliest day within it that a story's
    words name ("late Saturday"), else to the earliest publication day within it: the day the
    stories give, where the export would otherwise give the period's first day. The stated
    period's time precision stays."""
    bounds = value_bounds(stated.value) if stated.precision != "day" else None
    if bounds is None or bounds[0] == bounds[1]:
        return None
    told = sorted(r.date.value[:10] for r in reports if r.date and r.date.source == STORY_DAY_SOURCE)
    days = sorted(p[:10] for r in reports if (p := _publication_day(r, published)) and len(p) >= 10)
    for source, candidates in ((STORY_DAY_SOURCE, told), ("publication", days)):
        within = [d for d in candidates if bounds[0] <= parse_day(d) <= bounds[1]]
        if within:
            return DateValue(within[0], "day", source=f"fuse:{stated.source}+{source}", estimated=True)
    return None


def _publication_day(report: EventReport, published: dict[str, Optional[str]]) -> Optional[str]:
    """The article's day as extraction judged it: where the story's own dates overrule a stamp
    counted from the retrieval date, the report carries that day, not the stamp's."""
    if report.date and report.date.value and report.date.source == ARTICLE_DATE_SOURCE:
        return report.date.value
    return published.get(report.article_id)


def _counted_from_publication(reports: list[EventReport]) -> list[DateValue]:
    """Estimated dates the text states relative to the publication ("last month", "Friday"), the
    finest first: less sure than a stated date, surer than the publication day."""
    counted = [r.date for r in reports if r.date and r.date.value and r.date.estimated
               and r.date.source.startswith("timex:")]
    return sorted(counted, key=lambda d: PRECISIONS.index(d.precision) if d.precision in PRECISIONS else len(PRECISIONS))


def _lies_in(day: str, value: str) -> bool:
    bounds = value_bounds(value)
    return bounds is None or bounds[0] <= parse_day(day) <= bounds[1]


def _fused_place(reports: list[EventReport]) -> Optional[Place]:
    placed = [r.place for r in reports if r.place is not None]
    if not placed:
        return None
    # a province before its country when both stand at ACLED precision 3
    finest = min(_place_rank(p) for p in placed)
    gid = _voted([p.geonameid for p in placed if _place_rank(p) == finest])
    return next(p for p in placed if p.geonameid == gid)


def _location_name(place: Optional[Place], reports: list[EventReport]) -> Optional[str]:
    """The place's name; for a toponym the gazetteer lacks whose form says it is a place ("the Khawak
    pass"), which every report at the place stands in the province around, the name the reports give it."""
    if place is None:
        return _voted([r.location_text for r in reports if r.location_text])
    there = [r for r in reports if r.place is not None and r.place.geonameid == place.geonameid]
    if all(r.location_text and any(p.rule == NAMED_UNKNOWN_PLACE_RULE for p in r.provenance) for r in there):
        return _voted([r.location_text for r in there])
    return place.name


def _place_rank(place: Place) -> tuple[int, bool]:
    return place.geo_precision, (place.feature_code or "").startswith("PCL")




def _set_actors(event: Event, dated: list[EventReport], reports: list[EventReport]) -> None:
    """Actors voted among the reports that state the date; a group any report names stands for
    "Unidentified Armed Group"."""
    for slot in ("actor1", "actor2"):
        voters = [r for r in dated if getattr(r, slot) and getattr(r, slot) != event.actor1]
        namers = [r for r in reports if getattr(r, slot) and getattr(r, slot) != event.actor1]
        name = _voted(_named_over_unidentified(voters, namers, slot))
        if name is None:
            continue
        setattr(event, slot, name)
        source = next(r for r in voters + namers if getattr(r, slot) == name)
        number = slot[-1]
        setattr(event, f"inter{number}", getattr(source, f"inter{number}"))
        associated = _voted([getattr(r, f"assoc_actor_{number}") for r in dated
                             if getattr(r, slot) == name and getattr(r, f"assoc_actor_{number}")])
        setattr(event, f"assoc_actor_{number}", associated)


def _named_over_unidentified(voters: list[EventReport], namers: list[EventReport], slot: str) -> list[str]:
    """The voters' names for the slot, where "Unidentified Armed Group" yields to an armed group a
    report of the event names ("gunmen stormed the prison" / "ISWAP said it carried out the attack")."""
    names = [getattr(r, slot) for r in voters]
    from eventfold.fuse.reports import NON_STATE_CODES, UNNAMED_PREFIXES

    named = [getattr(r, slot) for r in namers if getattr(r, f"inter{slot[-1]}") in NON_STATE_CODES
             and not getattr(r, slot).startswith(UNNAMED_PREFIXES)]
    if not named or not any(n.startswith(UNNAMED_PREFIXES) for n in names):
        return names
    return [n for n in names if not n.startswith(UNNAMED_PREFIXES)] or named


def _named_armed_side(event: Event) -> Optional[str]:
    """The named armed group among the event's actors: the side an "Unidentified Armed Group"
    figure of one of its reports counts (the event names the group other reports gave)."""
    from eventfold.fuse.reports import NON_STATE_CODES, UNNAMED_PREFIXES

    for name, inter in ((event.actor1, event.inter1), (event.actor2, event.inter2)):
        if name and inter in NON_STATE_CODES and not name.startswith(UNNAMED_PREFIXES):
            return name
    return None


def _figure(reports: list[EventReport], claims: list[Claim], field_name: str, kinds: tuple,
            named_armed_side: Optional[str] = None, dead: int = 0, later: Optional["_LaterTolls"] = None,
            updates: Optional[list[Provenance]] = None,
            died: Optional[dict[str, int]] = None) -> Optional[Figure]:
    """ACLED's most conservative figure, with every reported value's range beside it.

    Claims counting different known sides (e.g. fighters of each party) add up; figures for one
    side, or for an unstated side, are alternatives of which the smallest is taken. The event's
    `dead` are among the people told only as shot (`_less_the_dead`). Each article's figures give
    one toll (`_article_tolls`); `later` lets a later day's toll of the same victims supersede.
    """
    from eventfold.fuse.reports import UNNAMED_PREFIXES

    quantities, claimed, told_by = _told_figures(reports, claims, field_name, dead)
    by_side: dict[Optional[str], list] = {}
    for claim, quantity in claimed:
        if claim.kind in kinds:
            side = claim.side
            if named_armed_side and side and side.startswith(UNNAMED_PREFIXES):
                side = named_armed_side  # "militants" in one report, JNIM in another: one side
            by_side.setdefault(side, []).append(quantity)
    quantities, by_side = _counted(quantities, by_side)
    # sides counted in numbers add up; one person singled out ("her husband", "an officer") is a
    # lower bound of the toll whatever side a report gave them, not a second side's losses
    sides = [side for side in by_side if side is not None and any(not q.indefinite for q in by_side[side])]
    if len(sides) >= 2:
        groups = [by_side[side] for side in sides]
        return Figure(value=sum(min(q.conservative for q in g) for g in groups),
                      low=sum(min(_bounds(g)) for g in groups), high=sum(max(_bounds(g)) for g in groups),
                      reports=len(quantities))
    # one side (or none) named: a count for civilians supersedes a named victim told unsided
    every = _superseded_dropped(quantities + [q for group in by_side.values() for q in group])
    if not every:
        return None
    bounds = _bounds(every)
    tolls = _article_tolls(every, told_by)
    if later is not None:
        voices: dict[str, set[str]] = {}
        for quantity in every:
            article, _, claimant = told_by[id(quantity)]
            voices.setdefault(article, set()).update({claimant.lower()} if claimant else set())
        tolls = later.current(tolls, voices, field_name, updates if updates is not None else [])
    if died:
        # the wounded a story told who died since (a later toll): no longer wounded, unless its
        # figures are of people told only as shot, which already hold the event's dead
        untold = {told_by[id(q)][0] for q in every if q.fate_untold}
        tolls = {a: t if a in untold else max(t - died.get(a, 0), 0) for a, t in tolls.items()}
    return Figure(value=min(tolls.values()), low=min(bounds), high=max(bounds), reports=len(quantities))


def _told_figures(reports: list[EventReport], claims: list[Claim], field_name: str, dead: int = 0) -> tuple:
    """The field's figures the reports give, the asserted claims with a figure (with it), and for
    each figure (by its id) the article telling it, whether an event report gives it, and who
    the story says gives it (None: the story itself)."""
    told_by: dict[int, tuple[str, bool, Optional[str]]] = {}
    quantities = []
    for report in reports:
        quantity = _less_the_dead(getattr(report, field_name), dead)
        if quantity is not None and quantity.conservative is not None:
            quantities.append(quantity)
            told_by[id(quantity)] = (report.article_id, True, report.claimant)
    claimed = []
    for claim in claims:
        quantity = _less_the_dead(claim.quantity, dead)
        if claim.polarity == "asserted" and quantity is not None and quantity.conservative is not None:
            claimed.append((claim, quantity))
            # a report's own figure a claim shares stays the report's
            told_by.setdefault(id(quantity), (claim.article_id, False, claim.claimant))
    return quantities, claimed, told_by


def _tolls_by_article(reports: list[EventReport], claims: list[Claim], field_name: str) -> dict[str, int]:
    quantities, claimed, told_by = _told_figures(reports, claims, field_name)
    kinds = FIGURE_CLAIM_KINDS[field_name]
    return _article_tolls(quantities + [q for c, q in claimed if c.kind in kinds], told_by)


class _LaterTolls:
    """The dead rise as the wounded die: a toll an article of a later day gives supersedes an
    earlier article's smaller one when the rise is within the wounded that article told ("one man
    killed, two hurt", then the next day "a second victim died"); `died` keeps, for each such
    article, its wounded who died since. That is an update, not two sources disagreeing; the same
    day's differing tolls, or a later toll counting more people than were shot, stay ACLED's most
    conservative (the range keeps them all), as does a later toll a different named source gives
    ("at least 30, the railway company said", then "rose to 52, the governor said"): two sources
    disagreeing, not one updating its count."""

    def __init__(self, published: dict[str, Optional[str]], wounded: dict[str, int]):
        self.day = {article: (day or "")[:10] for article, day in published.items()}
        self.wounded = wounded
        self.died: dict[str, int] = {}  # article -> its wounded who died since, by a later toll

    def current(self, tolls: dict[str, int], voices: dict[str, set[str]], field_name: str,
                updates: list[Provenance]) -> dict[str, int]:
        """The tolls no update supersedes; `voices`: the named sources of each article's figures."""
        kept = {}
        for article, toll in tolls.items():
            rises = [later for other, later in tolls.items() if self._updates(article, toll, other, later)
                     and not _other_sources(voices.get(article, set()), voices.get(other, set()))]
            if rises:
                updates.append(Provenance(f"fuse:{field_name}=later-toll-of-the-wounded",
                                          evidence=f"{toll} -> {max(rises)}"))
                self.died[article] = max(rises) - toll
            else:
                kept[article] = toll
        return kept or tolls

    def _updates(self, article: str, toll: int, other: str, later: int) -> bool:
        day, other_day = self.day.get(article, ""), self.day.get(other, "")
        return bool(day) and other_day > day and toll < later <= toll + self.wounded.get(article, 0)


def _other_sources(earlier: set[str], later: set[str]) -> bool:
    return bool(earlier) and bool(later) and not earlier & later


def _article_tolls(figures: list, told_by: dict[int, tuple]) -> dict[str, int]:
    """Each article's toll of the event; the articles are the sources whose disagreement ACLED
    settles by the most conservative. Where the story's report of the event counts the event's
    people in one phrase ("four people were wounded in a shooting"), that is the story's toll: its
    smaller figures beside it are parts of it ("one man was shot in the foot", "one of the
    victims"), not a second estimate. So is a larger exact count of the story that the event's
    figures give twice ("four people were shot", "three women and one man") where the story hedges
    none of its counts: hedged figures ("at least 22", "more than 50") are estimates that may be
    different sources'. Where no such count stands (none, a lower bound said without one, "a man",
    or a sum extraction added up from several mentions that may count a person twice), the
    story's most conservative figure, as between sources."""
    told: dict[str, list] = {}
    for quantity in figures:
        told.setdefault(told_by[id(quantity)][0], []).append(quantity)
    tolls = {}
    told_twice = {v for v, n in Counter(q.conservative for q in figures).items() if n > 1}
    for article, group in told.items():
        exact = not any(_told_as_count(q) and q.qualifier != "exact" for q in group)
        counts = [q.conservative for q in group if _told_as_count(q) and (
            told_by[id(q)][1] or exact and q.conservative in told_twice)]
        tolls[article] = max(counts) if counts else min(q.conservative for q in group)
    return tolls


def _told_as_count(quantity: Quantity) -> bool:
    """A number of people the text gives in one phrase: not a lower bound said without a count, not
    a sum extraction made of separate mentions (coalesce.added), not an upper bound ("as many as
    30" makes no one's death sure, so it holds no smaller figure)."""
    return not quantity.indefinite and quantity.low is not None and SUMMED not in quantity.text


def _less_the_dead(quantity: Optional[Quantity], dead: int) -> Optional[Quantity]:
    """People told only as shot (`Quantity.fate_untold`) once the event has `dead`: one person
    singled out ("a 9-year-old was shot", then "the boy died", or another outlet's "boy killed")
    is that death, not one more wounded; a count of the shot ("five people were shot", then "one
    man died at the hospital") holds the dead, so the wounded are the others."""
    if quantity is None or not dead or not quantity.fate_untold:
        return quantity
    if quantity.indefinite or quantity.conservative is None or quantity.conservative <= dead:
        return None
    high = None if quantity.high is None else quantity.high - dead
    return Quantity(quantity.conservative - dead, high, f"{quantity.text} - {dead} dead", quantity.qualifier)


def _counted(quantities: list, by_side: dict) -> tuple[list, dict]:
    """The figures without the indefinite ones ("dozens", a named victim) that a count of the same
    people supersedes ("killing dozens", then "50 bodies were counted": 50, not 12) or that a
    larger lower bound includes ("dozens were killed, among them commander X": 12, not 1). Figures
    of one known side are the same people; reports' and unsided claims' figures are the toll's."""
    unsided = _superseded_dropped(quantities + by_side.get(None, []))
    sided = {side: _superseded_dropped(group) for side, group in by_side.items() if side is not None}
    kept_ids = {id(q) for q in unsided}
    return ([q for q in quantities if id(q) in kept_ids],
            {**({None: [q for q in by_side[None] if id(q) in kept_ids]} if None in by_side else {}), **sided})


def _superseded_dropped(group: list) -> list:
    counts = [q.conservative for q in group if not q.indefinite]
    largest = max((q.conservative for q in group), default=None)

    def kept(q) -> bool:  # lower bounds of one toll: the largest of them stands
        return not q.indefinite or (q.conservative == largest and not any(c >= largest for c in counts))

    return [q for q in group if kept(q)]


def _bounds(quantities: list) -> list[int]:
    return [v for q in quantities for v in (q.low, q.high) if v is not None]
