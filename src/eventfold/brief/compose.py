"""Compose a situation brief: from stored records to the brief's sections, as plain data.

`compose_brief` decides what the brief says (period, key figures, timeline, contested claims,
actors, sources, map points); the renderers only decide how it looks. Sources are numbered once,
in order of publication, and every citation in the brief points into that one list.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional

from eventfold.brief.wording import (
    UNVERIFIED_CERTAINTIES,
    UNDATED,
    UNVERIFIED_NOTE,
    claim_line_text,
    claim_phrase,
    UNSPECIFIED_SUBJECTS,
    claim_value_label,
    claimant_name,
    date_label,
    date_sort_key,
    figure_label,
    iso_day_label,
    parse_iso_day,
)
from eventfold.brief.map import MapPoint
from eventfold.model import Article, Claim, Conflict, Entity, Event, Place

NO_CATEGORY = "not coded"
NO_CLAIMANT = "no claimant named"  # a figure the text states without saying who claims it
FATALITY_CAVEAT = ("Sum of the most conservative figure reported for each event (ACLED convention). "
                   "Casualty figures come from parties to the conflict and the press and "
                   f"{UNVERIFIED_NOTE}.")
# Event figures shown on the timeline, in this order, with their labels.
EVENT_FIGURES = (("fatalities", "fatalities"), ("wounded", "wounded"), ("captured", "captured"),
                 ("abducted", "abducted"))
# Fusion's reason for a conflict can list every pair in dispute; the table keeps its first words.
MAX_REASON_CHARS = 120
# ACLED geo-precision 3: only the province or the country is known; the map marks such points as vague.
VAGUE_GEO_PRECISION = 3
# Claim kinds the timeline leaves out (the event's own date says it); in a conflict they still show.
TIMELINE_SKIPPED_KINDS = frozenset({"date"})
# A brief of more shown events lists only the latest this many (its key figures and actors still count
# all): composing claim lines is ~5 ms an event, and a store of years shows tens of thousands.
MAX_BRIEF_EVENTS = 1000
ACTOR_ROLES = (("actor1", "actor 1"), ("actor2", "actor 2"), ("assoc_actor_1", "associated"),
               ("assoc_actor_2", "associated"))


@dataclass
class BriefTotals:
    """What the brief counts over every shown event when it lists only the latest of them
    (store/dataset.py `brief_totals` reads these from the store as aggregates)."""

    # Every shown event, holding only what the counts read: id, type, date, place, actor fields and
    # inter codes, fatalities (no claims, reports, articles nor provenance).
    events: list[Event]
    contested_events: int
    sources: int  # articles the events cite
    outlets: int
    first_published: Optional[str]  # ISO day
    last_published: Optional[str]


@dataclass
class BriefInput:
    """Everything a brief is made from: the stored events and the records they cite."""

    events: list[Event]
    claims: list[Claim]
    conflicts: list[Conflict]
    articles: list[Article]
    entities: list[Entity]
    title: str = "Situation brief"
    generated_at: Optional[str] = None
    # The confidence the events were filtered by (the caller filters; key figures count what is given).
    min_confidence: Optional[float] = None
    # How many articles the store holds, when `articles` holds only those the events cite.
    articles_examined: Optional[int] = None
    # Given when `events` are only the latest of the shown events: the counts over all of them.
    totals: Optional[BriefTotals] = None


@dataclass(frozen=True)
class Source:
    number: int
    article_id: str
    outlet: str
    title: str
    published: str
    url: Optional[str]
    path: Optional[str]


@dataclass(frozen=True)
class ClaimLine:
    """One claimant's figure (or status claim) as the brief states it, with the outlets that carry it."""

    statement: str
    claimant: str
    kind: str
    value: str
    polarity: str
    unverified: bool
    citations: tuple[int, ...]
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    number: int
    event_id: str
    date: str
    event_type: str
    sub_event_type: str
    place: str
    actors: tuple[str, ...]
    figures: tuple[str, ...]
    claims: tuple[ClaimLine, ...]
    citations: tuple[int, ...]
    contested: bool
    location: Optional[Place] = None
    fatalities: Optional[int] = None
    confidence: Optional[float] = None  # calibrated probability that the event is real


@dataclass(frozen=True)
class ContestedRow:
    subject: str
    kind: str
    reason: str
    event_number: Optional[int]
    claims: tuple[ClaimLine, ...]


@dataclass(frozen=True)
class ActorRow:
    name: str
    category: str
    events: int
    roles: str


@dataclass(frozen=True)
class KeyFigures:
    events: int
    events_by_type: tuple[tuple[str, int], ...]
    fatalities: Optional[int]
    fatalities_low: Optional[int]
    fatalities_high: Optional[int]
    events_with_fatalities: int
    fatality_caveat: str
    sources: int
    outlets: int
    articles_examined: int
    contested_events: int
    located_events: int
    min_confidence: Optional[float] = None  # the events shown reach this confidence
    listed_events: Optional[int] = None  # set when the timeline lists only this many (the latest) of `events`


@dataclass(frozen=True)
class Period:
    first_event: Optional[str]
    last_event: Optional[str]
    first_published: Optional[str]
    last_published: Optional[str]


@dataclass(frozen=True)
class Brief:
    title: str
    generated_at: Optional[str]
    period: Period
    figures: KeyFigures
    timeline: tuple[TimelineEntry, ...]
    contested: tuple[ContestedRow, ...]
    actors: tuple[ActorRow, ...]
    sources: tuple[Source, ...]


def compose_brief(data: BriefInput) -> Brief:
    """The brief's sections, computed from the records alone (no clock, no I/O)."""
    events = sorted(data.events, key=_event_order)
    conflicts = _conflicts_in_brief(data.conflicts, events)
    claims_by_id = {c.claim_id: c for c in data.claims}
    by_report = _claims_by_report(data.claims)
    event_claims = {e.event_id: _claims_of(e, by_report, claims_by_id) for e in events}
    conflict_claims = [c for conflict in conflicts for c in _conflict_claims(conflict, claims_by_id)]
    articles = {a.article_id: a for a in data.articles}
    cited = _cited_article_ids(events, [c for cs in event_claims.values() for c in cs] + conflict_claims)
    sources = number_sources(cited, articles)
    number_of = {s.article_id: s.number for s in sources}
    outlet_of = {a.article_id: a.outlet for a in data.articles if a.outlet}
    names = _entity_lookup(data.entities)
    disputed = {c.event_id for c in conflicts}
    timeline = tuple(_timeline_entry(i + 1, e, event_claims[e.event_id], number_of, outlet_of, disputed, names)
                     for i, e in enumerate(events))
    event_numbers = {t.event_id: t.number for t in timeline}
    examined = len(data.articles) if data.articles_examined is None else data.articles_examined
    totals = data.totals
    return Brief(
        title=data.title,
        generated_at=data.generated_at,
        period=_period(events, sources, articles) if totals is None else _period_of_totals(totals),
        figures=(_key_figures(events, timeline, sources, examined, data.min_confidence) if totals is None
                 else _key_figures_of_totals(totals, len(timeline), examined, data.min_confidence)),
        timeline=timeline,
        contested=_contested_rows(conflicts, claims_by_id, number_of, outlet_of, event_numbers),
        actors=actor_rows(events if totals is None else sorted(totals.events, key=_event_order), data.entities),
        sources=sources,
    )


# ---------------------------------------------------------------- sources and citations


def _cited_article_ids(events: list[Event], claims: Iterable[Claim]) -> list[str]:
    ids = [a for e in events for a in e.article_ids] + [c.article_id for c in claims]
    return list(dict.fromkeys(ids))


def number_sources(article_ids: list[str], articles: dict[str, Article]) -> tuple[Source, ...]:
    """Cited articles numbered 1..n by publication date (undated last), then outlet and title."""
    ordered = sorted(article_ids, key=lambda a: _source_order(a, articles.get(a)))
    return tuple(_source(number, a, articles.get(a)) for number, a in enumerate(ordered, start=1))


def _source_order(article_id: str, article: Optional[Article]) -> tuple:
    if article is None:
        return (UNDATED, "", "", article_id)
    return ((article.published or UNDATED)[:19], (article.outlet or "").lower(), article.title or "", article_id)


def _source(number: int, article_id: str, article: Optional[Article]) -> Source:
    if article is None:
        return Source(number, article_id, "unknown outlet", article_id, "date unknown", None, None)
    return Source(number, article_id, article.outlet or "unknown outlet", article.title or "(untitled)",
                  iso_day_label(article.published) if article.published else "date unknown", article.url,
                  article.path)


def _citations(article_ids: Iterable[str], number_of: dict[str, int]) -> tuple[int, ...]:
    return tuple(sorted({number_of[a] for a in article_ids if a in number_of}))


# ---------------------------------------------------------------- claims


def _claims_by_report(claims: list[Claim]) -> dict[str, list[tuple[int, Claim]]]:
    """report id → its claims with their places in `claims` (one pass, not one per event)."""
    by_report: dict[str, list[tuple[int, Claim]]] = {}
    for position, claim in enumerate(claims):
        if claim.event_report_id is not None:
            by_report.setdefault(claim.event_report_id, []).append((position, claim))
    return by_report


def _claims_of(event: Event, by_report: dict[str, list[tuple[int, Claim]]],
               claims_by_id: dict[str, Claim]) -> list[Claim]:
    """The event's claims: those it lists, else those read from its reports (in the claims' order)."""
    listed = [claims_by_id[i] for i in event.claim_ids if i in claims_by_id]
    if listed:
        return listed
    found = sorted((pair for report in set(event.report_ids) for pair in by_report.get(report, ())),
                   key=lambda pair: pair[0])
    return [claim for _, claim in found]


def _conflict_claims(conflict: Conflict, claims_by_id: dict[str, Claim]) -> list[Claim]:
    return [claims_by_id[i] for i in conflict.claim_ids if i in claims_by_id]


def claim_lines(claims: Iterable[Claim], number_of: dict[str, int],
                outlet_of: Optional[dict[str, str]] = None) -> tuple[ClaimLine, ...]:
    """One line per claimant and figure, citing every article that carries it.

    Wordings of one claimant are one ("Munib Amiri", "resistance commander Munib Amiri";
    "Russia's Interfax", "Interfax, citing a local source"). A figure an outlet states in its own
    voice joins the line of a named claimant of the same figure (the outlet carries it); otherwise
    it is one line naming the outlets."""
    outlet_of = outlet_of or {}
    named: dict[tuple, list[list[Claim]]] = {}
    own: list[tuple[tuple, Claim]] = []
    for claim in claims:
        figure = (claim.kind, _claimed_value(claim), claim.polarity, claim.certainty in UNVERIFIED_CERTAINTIES)
        if not claim.claimant or _outlet_asserts(claim, outlet_of):
            own.append((figure, claim))  # the outlet's own voice, or no one named
        else:
            _add_to_claimant(named.setdefault(figure, []), claim)
    unclaimed: dict[tuple, list[Claim]] = {}
    for figure, claim in own:
        carrier = next((g for g in named.get(figure, []) if _same_people(g[0], claim)), None)
        if carrier is not None:
            carrier.append(claim)
        else:
            unclaimed.setdefault((figure, _people(claim)), []).append(claim)
    lines = [_claim_line(group, number_of, outlet_of, own=False) for groups in named.values() for group in groups]
    lines += [_claim_line(group, number_of, outlet_of, own=True) for group in unclaimed.values()]
    return tuple(sorted(lines, key=_line_order))


def _people(claim: Claim) -> str:
    """Whose people a figure counts, as far as the claim says ("" when it does not)."""
    if claim.side:
        return claim.side.lower()
    subject = claim.subject.strip().lower()
    return "" if subject in UNSPECIFIED_SUBJECTS or subject in ("people", "person") else subject


def _same_people(one: Claim, other: Claim) -> bool:
    """Two figures count the same people unless both say whose and they differ."""
    a, b = _people(one), _people(other)
    return one.kind == "control" or not a or not b or a == b


def _add_to_claimant(groups: list[list[Claim]], claim: Claim) -> None:
    name = claimant_name(claim)
    for group in groups:
        if _same_claimant(name, claimant_name(group[0])):
            group.append(claim)
            return
    groups.append([claim])


def _claimant_core(name: str) -> tuple[str, ...]:
    """The words that name a claimant: without "the", a possessive owner ("Russia's") and the source it
    cites ("Interfax, citing a local source" -> interfax)."""
    head = re.split(r",|\s(?:citing|quoting|via)\s", name.strip(), maxsplit=1)[0]
    words = [w for w in re.findall(r"[\w'’-]+", head.lower()) if w != "the"]
    while words and re.search(r"['’]s$", words[0]) and len(words) > 1:
        words = words[1:]
    return tuple(words)


def _same_claimant(one: str, other: str) -> bool:
    """One names the other with more words before it ("resistance commander Munib Amiri"), or both
    describe one source by its head noun ("a pro-Taliban account on Twitter", "an account sympathetic
    to the Taliban"; "local commanders", "commanders in the valley") and at most one names more."""
    core_one, core_other = _claimant_core(one), _claimant_core(other)
    short, long = sorted((core_one, core_other), key=len)
    if bool(short) and long[len(long) - len(short):] == short:
        return True
    head = _described_head(core_one)
    if head is None or head != _described_head(core_other):
        return False
    mods_one, mods_other = _modifiers(core_one), _modifiers(core_other)
    if not (mods_one <= mods_other or mods_other <= mods_one):
        return False  # "a police spokesman", "a hospital spokesman"
    names_one, names_other = _names_in(one), _names_in(other)
    return not (names_one - names_other and names_other - names_one)  # "Russian ..." vs "Ukrainian ..."


# Words after a claimant's head noun that open what describes it ("an account on Twitter",
# "an account sympathetic to the Taliban", "commanders in the valley").
_DESCRIPTION_OPENERS = frozenset("on in of from to at with for near sympathetic close linked loyal allied "
                                 "affiliated who that which".split())
# Capitalised first words that name no one ("A pro-Taliban account", "Local commanders").
_PLAIN_OPENERS = frozenset("a an the local some several other two three four five".split())


def _described_head(words: tuple[str, ...]) -> Optional[str]:
    """The head noun of a described source: the word before its description opens (or its last word)."""
    named = _before_description(words)
    return named[-1] if named else None


def _modifiers(words: tuple[str, ...]) -> set[str]:
    """The words before a described source's head noun, plain openers aside ("pro-taliban" of "a
    pro-Taliban account")."""
    return {w for w in _before_description(words)[:-1] if w not in _PLAIN_OPENERS}


def _before_description(words: tuple[str, ...]) -> list[str]:
    """A claimant's words up to what describes it ("a pro-taliban account" of "... on twitter")."""
    before = []
    for word in words:
        if word in _DESCRIPTION_OPENERS:
            break
        before.append(word)
    return before


def _names_in(claimant: str) -> set[str]:
    """The capitalised words of a claimant ("Twitter", "Taliban" of "pro-Taliban", "Russian"), lower-cased;
    a plain opening word ("A", "Local") names no one."""
    words = re.findall(r"[A-Za-z][\w'’]*", claimant)
    return {w.lower().removesuffix("s") for i, w in enumerate(words)  # "Houthi", "the Houthis": one name
            if w[0].isupper() and not (i == 0 and w.lower() in _PLAIN_OPENERS)}


def _outlet_asserts(claim: Claim, outlet_of: dict[str, str]) -> bool:
    """The claimant is the outlet the claim was read in: the outlet's own voice."""
    outlet = outlet_of.get(claim.article_id)
    return bool(outlet and claim.claimant and _loose(claim.claimant) == _loose(outlet))


def _loose(name: str) -> str:
    """A name compared loosely: case, a leading "the" and trailing punctuation do not matter."""
    return name.strip().strip(".,;:").lower().removeprefix("the ").strip()


def _claimed_value(claim: Claim) -> str:
    """What two claims of one claimant must share to be one line: the figure (a control claim: the phrase)."""
    return claim_value_label(claim).lower() if claim.kind == "control" else claim.value.strip()


def _claim_line(group: list[Claim], number_of: dict[str, int], outlet_of: dict[str, str], own: bool) -> ClaimLine:
    first = _best_worded(group)
    in_order = sorted(group, key=lambda c: number_of.get(c.article_id, 0))
    outlets = tuple(dict.fromkeys(outlet_of[c.article_id] for c in in_order if c.article_id in outlet_of))
    named = [c for c in group if c.claimant and not _outlet_asserts(c, outlet_of)]
    claimant = (", ".join(outlets) or NO_CLAIMANT) if own else _fullest_claimant(named or group)
    unverified = first.certainty in UNVERIFIED_CERTAINTIES
    return ClaimLine(
        statement=claim_line_text(claimant, claim_phrase(first), denied=first.polarity == "denied",
                                  unverified=unverified, outlets=outlets, outlet_asserts=own,
                                  act=first.kind == "denial"),
        claimant=claimant,
        kind=first.kind,
        value=claim_value_label(first),
        polarity=first.polarity,
        unverified=unverified,
        citations=_citations((c.article_id for c in group), number_of),
        outlets=outlets,
    )


def _fullest_claimant(group: list[Claim]) -> str:
    """The wording that says most about who claims ("Interfax, citing a local source")."""
    return max((claimant_name(c) for c in group), key=lambda name: (len(name), name))


def _best_worded(group: list[Claim]) -> Claim:
    """The claim whose words name the counted people most plainly ("Taliban", not "the group's fighters")."""
    return min(group, key=lambda c: (not _people(c), c.subject.strip().lower().startswith(("the ", "his ", "her ", "their ", "its ")),
                                     "'" in c.subject or "’" in c.subject, len(c.subject)))


# Order of claim lines under an event: deaths first, then the other counts, then the rest.
_KIND_ORDER = {kind: i for i, kind in enumerate(("killed", "wounded", "captured", "abducted", "force_size", "control"))}


def _line_order(line: ClaimLine) -> tuple:
    low = re.search(r"\d+", line.value.replace(",", ""))
    return (_KIND_ORDER.get(line.kind, len(_KIND_ORDER)), int(low.group(0)) if low else 0, line.claimant.lower())


# ---------------------------------------------------------------- timeline


def _event_order(event: Event) -> tuple:
    return (date_sort_key(event.date), event.place.name if event.place else "~", event.event_id)


def _timeline_entry(number: int, event: Event, claims: list[Claim], number_of: dict[str, int],
                    outlet_of: dict[str, str], disputed: set[Optional[str]], names: dict[str, Entity]) -> TimelineEntry:
    actors = (event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2)
    return TimelineEntry(
        number=number,
        event_id=event.event_id,
        date=date_label(event.date),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        place=place_label(event.place, event.location_text),
        actors=tuple(dict.fromkeys(_canonical_name(a, names) for a in actors if a)),
        figures=_figures(event),
        claims=claim_lines((c for c in claims if c.kind not in TIMELINE_SKIPPED_KINDS), number_of, outlet_of),
        citations=_citations(list(event.article_ids) + [c.article_id for c in claims], number_of),
        contested=event.contested or bool(event.conflict_ids) or event.event_id in disputed,
        location=event.place,
        fatalities=event.fatalities.value if event.fatalities else None,
        confidence=event.confidence,
    )


def place_label(place: Optional[Place], location_text: Optional[str] = None) -> str:
    """"Kunduz (Kunduz, AF)"; the reported words when the place was not resolved."""
    if place is None:
        return f"{location_text} (not located)" if location_text else "location not reported"
    if location_text and location_text != place.name:  # a toponym the gazetteer lacks, in its province
        region = [p for p in (place.name, place.country) if p]
        return f"{location_text} ({', '.join(region)})"
    region = [p for p in (place.admin1, place.country) if p and p != place.name]
    return f"{place.name} ({', '.join(region)})" if region else place.name


def _figures(event: Event) -> tuple[str, ...]:
    labels = []
    for attribute, noun in EVENT_FIGURES:
        text = figure_label(getattr(event, attribute))
        if text:
            labels.append(f"{noun}: {text}")
    return tuple(labels)


# ---------------------------------------------------------------- contested claims


def _conflicts_in_brief(conflicts: list[Conflict], events: list[Event]) -> list[Conflict]:
    """Conflicts about the brief's events, and those tied to no single event (a place's control)."""
    shown = {e.event_id for e in events}
    return [c for c in conflicts if c.event_id is None or c.event_id in shown]


def _contested_rows(conflicts: list[Conflict], claims_by_id: dict[str, Claim], number_of: dict[str, int],
                    outlet_of: dict[str, str], event_numbers: dict[str, int]) -> tuple[ContestedRow, ...]:
    """One row per conflict, in timeline order (conflicts tied to no event last)."""
    rows = [_contested_row(c, claims_by_id, number_of, outlet_of, event_numbers) for c in conflicts]
    return tuple(sorted(rows, key=lambda r: (r.event_number or len(event_numbers) + 1, r.kind, r.subject)))


def _contested_row(conflict: Conflict, claims_by_id: dict[str, Claim], number_of: dict[str, int],
                   outlet_of: dict[str, str], event_numbers: dict[str, int]) -> ContestedRow:
    return ContestedRow(
        subject=conflict.subject,
        kind=conflict.kind.replace("_", " "),
        reason=textwrap.shorten(conflict.reason, MAX_REASON_CHARS, placeholder=" …"),
        event_number=event_numbers.get(conflict.event_id) if conflict.event_id else None,
        claims=claim_lines(_conflict_claims(conflict, claims_by_id), number_of, outlet_of),
    )


# ---------------------------------------------------------------- actors


def actor_rows(events: list[Event], entities: list[Entity]) -> tuple[ActorRow, ...]:
    """Every actor named in an event's actor fields, with its ACLED category, most active first."""
    lookup = _entity_lookup(entities)
    roles: dict[str, Counter] = {}
    events_of: dict[str, set[str]] = {}
    codes: dict[str, Counter] = {}
    for event in events:
        for attribute, role in ACTOR_ROLES:
            name = getattr(event, attribute)
            if name:
                key = _canonical_name(name, lookup)
                roles.setdefault(key, Counter())[role] += 1
                events_of.setdefault(key, set()).add(event.event_id)
                code = getattr(event, "inter" + attribute[-1], None) if attribute in ("actor1", "actor2") else None
                if code:
                    codes.setdefault(key, Counter())[code] += 1
    rows = [ActorRow(name, _category(name, lookup, codes.get(name)), len(events_of[name]), _roles_text(roles[name]))
            for name in roles]
    return tuple(sorted(rows, key=lambda r: (-r.events, r.name.lower())))


def _entity_lookup(entities: list[Entity]) -> dict[str, Entity]:
    lookup: dict[str, Entity] = {}
    for entity in entities:
        for key in (entity.entity_id, entity.name, *entity.aliases):
            lookup.setdefault(key.lower(), entity)
    return lookup


def _canonical_name(name: str, lookup: dict[str, Entity]) -> str:
    entity = lookup.get(name.lower())
    return entity.name if entity else name


def _category(name: str, lookup: dict[str, Entity], codes: Optional[Counter] = None) -> str:
    """The category the events' inter codes give the actor (as the export writes it), else its
    entity's; names no entity holds ("Unidentified Armed Group (Mali)") have only the codes."""
    from eventfold.extract.acled_types import INTER_CODES

    if codes:  # an actor whose category changed (a movement that took power) shows both
        return " / ".join(INTER_CODES.get(code, NO_CATEGORY) for code, _ in codes.most_common())
    entity = lookup.get(name.lower())
    return entity.category if entity and entity.category else NO_CATEGORY


def _roles_text(roles: Counter) -> str:
    return ", ".join(f"{role} ×{count}" for role, count in roles.items())


# ---------------------------------------------------------------- period and key figures


def _period(events: list[Event], sources: tuple[Source, ...], articles: dict[str, Article]) -> Period:
    """First and last event dates (events come sorted) and the publication range of the sources."""
    dated = [e.date for e in events if date_sort_key(e.date) != UNDATED]
    published = sorted(articles[s.article_id].published[:10] for s in sources
                       if s.article_id in articles and parse_iso_day(articles[s.article_id].published))
    return Period(
        first_event=date_label(dated[0]) if dated else None,
        last_event=date_label(dated[-1]) if dated else None,
        first_published=iso_day_label(published[0]) if published else None,
        last_published=iso_day_label(published[-1]) if published else None,
    )


def _key_figures(events: list[Event], timeline: tuple[TimelineEntry, ...], sources: tuple[Source, ...],
                 articles_examined: int, min_confidence: Optional[float] = None) -> KeyFigures:
    return KeyFigures(
        **_event_counts(events),
        fatality_caveat=FATALITY_CAVEAT,
        sources=len(sources),
        outlets=len({s.outlet for s in sources if s.outlet != "unknown outlet"}),
        articles_examined=articles_examined,
        contested_events=sum(1 for t in timeline if t.contested),
        located_events=sum(1 for t in timeline if t.location is not None),
        min_confidence=min_confidence,
    )


def _key_figures_of_totals(totals: BriefTotals, listed: int, articles_examined: int,
                           min_confidence: Optional[float]) -> KeyFigures:
    """The key figures over every shown event when the timeline lists only `listed` of them."""
    return KeyFigures(
        **_event_counts(totals.events),
        fatality_caveat=FATALITY_CAVEAT,
        sources=totals.sources,
        outlets=totals.outlets,
        articles_examined=articles_examined,
        contested_events=totals.contested_events,
        located_events=sum(1 for e in totals.events if e.place is not None),
        min_confidence=min_confidence,
        listed_events=listed,
    )


def _event_counts(events: list[Event]) -> dict:
    with_figure = [e.fatalities for e in events if e.fatalities and e.fatalities.value is not None]
    types = Counter(e.event_type or "unclassified" for e in events)
    return dict(
        events=len(events),
        events_by_type=tuple(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
        fatalities=sum(f.value for f in with_figure) if with_figure else None,
        fatalities_low=sum(_low(f) for f in with_figure) if with_figure else None,
        fatalities_high=sum(_high(f) for f in with_figure) if with_figure else None,
        events_with_fatalities=len(with_figure),
    )


def _period_of_totals(totals: BriefTotals) -> Period:
    dated = sorted((e for e in totals.events if date_sort_key(e.date) != UNDATED), key=_event_order)
    return Period(
        first_event=date_label(dated[0].date) if dated else None,
        last_event=date_label(dated[-1].date) if dated else None,
        first_published=iso_day_label(totals.first_published) if totals.first_published else None,
        last_published=iso_day_label(totals.last_published) if totals.last_published else None,
    )


def listing_note(figures: KeyFigures) -> Optional[str]:
    """The cut, when the timeline lists only the latest events (None when it lists them all)."""
    if figures.listed_events is None:
        return None
    return (f"Showing the {figures.listed_events:,} latest of {figures.events:,} events, with their contested "
            "claims, sources and map points; the key figures and actors count them all. "
            "Full list: eventfold export events --format csv --out events.csv")


def _low(figure) -> int:
    return min(v for v in (figure.low, figure.value) if v is not None)


def _high(figure) -> int:
    return max(v for v in (figure.high, figure.value) if v is not None)


def map_points(brief: Brief) -> list[MapPoint]:
    """The located events, numbered as in the timeline."""
    return [MapPoint(t.number, t.location.name, t.location.latitude, t.location.longitude, t.fatalities,
                     precise=t.location.geo_precision < VAGUE_GEO_PRECISION)
            for t in brief.timeline if t.location is not None]
