"""Fusion of occurrences ACLED does not code (event type "Other": a death, a stay in rehab, an
arrest, a title fight, a takeover; extract/occurrences.py): which reports tell one happening.

`fuse.reports.best_event` hands these reports here. They are compared on what tells one such
happening from a look-alike of the same kind (two earthquakes, two arrests of athletes): the
people and bodies named in the report and across its story, the words of the sentence and of the
story, the kind, the place and the day. What differs from the comparison of ACLED events:

- Who is named weighs most. A celebrity's stay in rehab, a coach's dismissal, a boxer's title
  defence is the same happening in every outlet because the same people are named; the kind and
  its usual words ("checked into rehab", "fired", "defended his title") are shared by the
  look-alike too, so they are never enough on their own (`has_own_evidence`).
- A party is named alike when its words are among the other story's main words ("Regina Benjamin"
  and "Dr. Regina M. Benjamin", a singer named in one sentence and throughout the other story).
- Places are weaker evidence: most of these stories name no place, or only the dateline's, or a
  team's home town, or a same-name town abroad; a place named on one side only takes nothing off
  (violence reports pay `UNPLACED_MARGIN`), and places that contradict cost `PLACE_CONFLICT`
  instead of forbidding the join; a different country still forbids it when neither side names
  a party the other knows.
- Kinds close enough to be one happening told two ways can join ("the blaze" and "the fire
  destroyed"; an arrest and the charge that goes with it), with a smaller bonus than the same kind.
- Reports of one article join when of one kind or related kinds (`told_again`): a document's main
  happening told in its lead and again further down is one event, so the article is not split over two.
- An arrest is one happening whatever words told it: the ACLED typer's "Arrests" (family of strategic
  developments) and the occurrence kind "Arrest or charge" (a sentence the typer leaves untyped) may
  join when they name the same person, on days that meet, in places that can be one
  (`one_arrest_told_both_ways`). Each report is still compared by its own family's rules.
- Events are joined as reports are (`best_occurrence_merge`): reports filed one at a time may open
  two events of one happening before the reports that link them are stored; a whole event then
  joins another when its members together would, at a higher bar (`MERGE_THRESHOLD`).
"""

from __future__ import annotations

from typing import Optional

from eventfold.model import ReportItem

OCCURRENCE_FAMILY = "Other"  # extract.occurrences.OTHER, the family fusion gives its reports
# Kinds one happening may be told as by different outlets (or sentences): the fire that was an
# accident, the killing that was a crime, then an arrest and a charge, a trial and its verdict.
RELATED_KINDS = (
    frozenset({"Disaster", "Accident or failure"}),
    frozenset({"Crime", "Arrest or charge", "Trial or verdict"}),
    frozenset({"Death", "Health", "Accident or failure"}),
    frozenset({"Release or launch", "Business deal"}),
)
# ACLED sub-event types that tell a happening of an occurrence kind: a report of either may join
# the other's events (`one_arrest_told_both_ways`). ECB+ dev through `eval ecbplus` (fourteenth
# round): B³ 0.638 → 0.640 (P 0.894 → 0.894, R 0.497 → 0.499); GVA dev whole set identical. Filing
# every ACLED arrest with the occurrences instead gave 0.641 but cost GVA (B³ 0.8475 → 0.8461: arrests
# of two shootings joined on story words alone, an arrest lost its misreadings as other strategic
# developments).
OCCURRENCE_KIND_OF_ACLED_TYPE = {"Arrests": "Arrest or charge"}
# Score weights (units of the text cosine, as in fuse.reports). Named parties weigh twice what
# they weigh for ACLED events (see the module docstring).
SAME_KIND = 0.25
RELATED_KIND = 0.1
NAMED_OVERLAP = 0.6
# Taken off the score of two reports whose places contradict (see the module docstring).
PLACE_CONFLICT = 0.3
# The average score a report needs with an event's members to join it. Chosen on halves of the
# ECB+ dev topics (odd/even; stored reports re-clustered): both halves peak between 0.45 and 0.55
# (B³ 0.547/0.553 at 0.5, 0.535/0.516 at 0.7 as for ACLED events, 0.545/0.543 at 0.3).
JOIN_THRESHOLD = 0.5
# The average score over all pairs across two events that joins them. ECB+ dev through `eval ecbplus`
# (with this round's other changes): 0.5 gave B³ 0.634 (P 0.885, R 0.494), 0.6 0.622 (P 0.900, R
# 0.476): the bar that keeps the look-alikes' precision; batch fusion over stored reports, odd/even
# topics 0.643/0.632 at 0.5, 0.655/0.612 at 0.6, 0.644/0.605 at 0.7.
MERGE_THRESHOLD = 0.6
# Without a named party in common, the story cosine (weighted by rarity) the two must share to be
# told apart from a look-alike of the same kind: the sentence and kind words alone are common to
# both. 0.15 joins more look-alikes (ECB+ dev B³ precision 0.924 → 0.907), 0.25 fewer of one story.
MIN_STORY_COSINE = 0.2


def is_occurrence(item: ReportItem) -> bool:
    return item.family == OCCURRENCE_FAMILY


def best_occurrence_event(item: ReportItem, candidates: dict[str, list[ReportItem]],
                          idf: dict[str, float]) -> Optional[str]:
    """The event (id → its member items) an occurrence report joins, or None to open a new one:
    compatible with every member, and the highest average score at or above JOIN_THRESHOLD."""
    return best_occurrence_merge([item], candidates, idf, JOIN_THRESHOLD)


def best_occurrence_merge(items: list[ReportItem], candidates: dict[str, list[ReportItem]],
                          idf: dict[str, float], threshold: float = MERGE_THRESHOLD) -> Optional[str]:
    """The event that a group of occurrence reports (one report, or a whole event) joins: every
    pair across them compatible, some pair with evidence of its own, and the highest average score
    over the pairs at or above `threshold` (the rule for one report, applied to a group)."""
    best, best_score = None, threshold
    for event_id in sorted(candidates):  # sorted: the same input always gives the same events
        members = candidates[event_id]
        if not members or not all(occurrences_compatible(item, member) for item in items for member in members):
            continue
        if not any(has_own_evidence(item, member, idf) for item in items for member in members):
            continue
        average = sum(occurrence_score(item, member, idf) for item in items for member in members) / \
            (len(items) * len(members))
        if average >= best_score:
            best, best_score = event_id, average
    return best


def best_event_merge(group: list[ReportItem], candidates: dict[str, list[ReportItem]],
                     idf: dict[str, float]) -> Optional[str]:
    """The event a whole occurrence event joins (`best_occurrence_merge`), none placed in a town of
    another first-level region than the group's (`towns_in_two_regions`), each event placed where most
    of its members lie (`placed_by_most`). ECB+ dev through `eval ecbplus` (thirteenth round, with
    EXTRACTOR_VERSION 61): B³ 0.628 → 0.639, but P 0.902 → 0.896 (two undated look-alike robberies of
    one city had been kept apart only by a member recalling an earlier robbery in another region);
    GVA first 300 incidents unchanged."""
    ours = placed_by_most(group)
    apart = {event_id for event_id, members in candidates.items()
             if any(towns_in_two_regions(item, member) for item in ours for member in placed_by_most(members))}
    return best_occurrence_merge(group, {e: m for e, m in candidates.items() if e not in apart}, idf)


def placed_by_most(members: list[ReportItem]) -> list[ReportItem]:
    """The members placed in the first-level region that at least half the event's members name:
    where the event lies. A town one report alone names (a player's home town, a same-name town in
    another state) does not place a whole event."""
    regions = [m.admin1 for m in members if m.geo_precision == 1 and m.admin1]
    return [m for m in members if m.admin1 and m.geo_precision == 1 and 2 * regions.count(m.admin1) >= len(members)]


def towns_in_two_regions(a: ReportItem, b: ReportItem) -> bool:
    """Two reports placed in towns of different first-level regions. A report may still join an
    event across them (a team's home town, a hospital's city: `PLACE_CONFLICT`), but two whole events
    placed so stay two (the first report of each was filed before the other), unless the towns adjoin
    (`ADJOINING_TOWN_KM`): GVA dev, two accidental shootings of one Saturday, in Connecticut and Ohio,
    had merged (B³ precision 0.9634 → 0.9626); ECB+ dev pays for it (`eval ecbplus` B³ 0.629 → 0.619,
    P 0.901 → 0.901; batch fusion 0.634 → 0.631)."""
    from eventfold.fuse.reports import ADJOINING_TOWN_KM, km_apart

    return a.geo_precision == 1 and b.geo_precision == 1 and bool(a.admin1) and bool(b.admin1) \
        and a.admin1 != b.admin1 and (None in (a.latitude, b.latitude) or km_apart(a, b) > ADJOINING_TOWN_KM)


def occurrences_compatible(a: ReportItem, b: ReportItem) -> bool:
    """False when two occurrence reports cannot be one happening: unrelated kinds, days that do not
    meet, different countries without a party named alike or a place both stories name, or two
    unrelated kinds told by one article (its reports of one kind are one happening told in several
    sentences: `told_again`)."""
    from eventfold.fuse.reports import _windows_overlap

    if (a.family != b.family and not one_arrest_told_both_ways(a, b)) or kind_bonus(a, b) == 0.0:
        return False
    if a.article_id == b.article_id and (not told_again(a, b) or not (is_occurrence(a) or is_occurrence(b))):
        return False  # two ACLED reports of one article were folded by the extractor when one
    if a.country and b.country and a.country != b.country and not (named_alike(a, b) or place_named_by_both(a, b)):
        return False
    return _windows_overlap(a, b)


def one_arrest_told_both_ways(a: ReportItem, b: ReportItem) -> bool:
    """An ACLED "Arrests" report and an occurrence "Arrest or charge" report that tell one arrest: of
    one article (one sentence read both ways) or naming a person alike (`named_alike`), in places
    that can be one (as for ACLED events), on days that meet. The same player held on a drunk-driving
    charge is "arrested" in one outlet's sentence (ACLED "Arrests") and "was charged" in another's."""
    from eventfold.fuse.reports import _places_compatible, _windows_overlap

    kinds = {OCCURRENCE_KIND_OF_ACLED_TYPE.get(item.sub_event_type) for item in (a, b) if not is_occurrence(item)}
    occurrence_kinds = {item.sub_event_type for item in (a, b) if is_occurrence(item)}
    return len(kinds) == 1 and kinds == occurrence_kinds and None not in kinds \
        and (a.article_id == b.article_id or named_alike(a, b) > 0) and _places_compatible(a, b) \
        and _windows_overlap(a, b)


def place_named_by_both(a: ReportItem, b: ReportItem) -> bool:
    """One side's place is named in the other's story too: the two read one name as places in two
    countries (a town and its namesake abroad), not two places. ECB+ dev, batch fusion over HEAD's
    stored reports: B³ 0.595 → 0.600, precision unchanged."""
    from eventfold.fuse.reports import _story_names_place

    return _story_names_place(a, b) or _story_names_place(b, a)


def told_again(a: ReportItem, b: ReportItem) -> bool:
    """Two reports of one article that tell one happening: the same kind (a story tells its rehab
    stay, its dismissal, its quake in several sentences, some the extractor leaves apart), or related
    kinds (its lead of no known kind and the fire it tells, a crash and the deaths in it). Their
    days must still meet (`occurrences_compatible`). ECB+ dev, fusion alone on HEAD 018eb1d: B³
    0.547 → 0.550 (P 0.915 → 0.925); odd/even topics 0.552 → 0.558, 0.540 → 0.541. Related kinds
    too (eleventh round, batch fusion over HEAD 70d1816's stored reports, with the other changes of
    the round): 0.626 → 0.634 (P 0.893 → 0.901, R 0.482 → 0.490)."""
    return a.article_id == b.article_id and kind_bonus(a, b) > 0.0


def named_alike(a: ReportItem, b: ReportItem) -> float:
    """Share of the named parties of both reports (ACLED's generic names left out) that the other
    side names too: in its parties, or with all their words among its story's main words."""
    ours, theirs = _named_parties(a), _named_parties(b)
    if not ours or not theirs:
        return 0.0
    met = sum(_named_by(words, b) for words in ours) + sum(_named_by(words, a) for words in theirs)
    return met / (len(ours) + len(theirs))


def _named_parties(item: ReportItem) -> list[frozenset]:
    from eventfold.fuse.reports import _generic_actor
    from eventfold.fuse.words import tokens

    return [words for actor in item.actors if not _generic_actor(actor) and (words := frozenset(tokens(actor)))]


def _named_by(words: frozenset, item: ReportItem) -> bool:
    known = set(item.story_terms) | {word for party in _named_parties(item) for word in party}
    return words <= known


def kind_bonus(a: ReportItem, b: ReportItem) -> float:
    """SAME_KIND, RELATED_KIND, or 0 for kinds that cannot be one happening. A lead's happening of no
    known kind (extract.occurrences.UNCLASSIFIED) may be any: related to every kind."""
    from eventfold.extract.occurrences import UNCLASSIFIED

    ours, theirs = _kind(a), _kind(b)
    if ours == theirs:
        return SAME_KIND
    kinds = {ours, theirs}
    return RELATED_KIND if UNCLASSIFIED in kinds or any(kinds <= group for group in RELATED_KINDS) else 0.0


def _kind(item: ReportItem) -> str:
    """The occurrence kind a report tells (an ACLED "Arrests" report: "Arrest or charge")."""
    return item.sub_event_type if is_occurrence(item) else \
        OCCURRENCE_KIND_OF_ACLED_TYPE.get(item.sub_event_type, item.sub_event_type)


def has_own_evidence(a: ReportItem, b: ReportItem, idf: dict[str, float]) -> bool:
    """More than the kind in common: a party named alike, the same town or district, or a story
    that shares its rarer words."""
    from eventfold.fuse.reports import SAME_ADMIN2, _place_agreement, _weighted_cosine

    return named_alike(a, b) > 0 or _place_agreement(a, b) >= SAME_ADMIN2 or \
        _weighted_cosine(a.story_terms, b.story_terms, idf) >= MIN_STORY_COSINE


def occurrence_score(a: ReportItem, b: ReportItem, idf: dict[str, float]) -> float:
    """Evidence that two compatible occurrence reports tell one happening (text cosine units)."""
    from eventfold.fuse.reports import SAME_DAY, SAME_FIGURE, STORY_WEIGHT, _place_agreement, _places_compatible, \
        _weighted_cosine

    total = _weighted_cosine(a.terms, b.terms, idf) + STORY_WEIGHT * _weighted_cosine(a.story_terms, b.story_terms, idf)
    total += kind_bonus(a, b) + _place_agreement(a, b) - (0.0 if _places_compatible(a, b) else PLACE_CONFLICT)
    if a.day_stated and b.day_stated and a.day_low == b.day_low == a.day_high == b.day_high:
        total += SAME_DAY
    if any(a.figures.get(kind) == value for kind, value in b.figures.items()):
        total += SAME_FIGURE
    return total + NAMED_OVERLAP * named_alike(a, b)
