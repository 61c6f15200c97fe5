"""Fold the sentence-level reports of one article into one report per event.

An article says "fighters drove the Taliban out of three districts on Friday", then "they
killed as many as 30", then "Friday's assault to retake Puli Hisar, Dih Salah and Bano":
three sentences, one event. Two reports of one article are the same event when they are of
the same kind of event (same ACLED event type, or a battle and the territory it changed), of
the same modality, on compatible dates and in compatible places. Merging keeps every field's
provenance and the most specific value of each: a sentence's own date over the article's, a
town over its province, a territory change over a plain clash; for casualties, the most
conservative figure (ACLED's rule) — every figure stays as a claim.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Optional

from eventfold.annotate.gazetteer import haversine_km
from eventfold.extract.context import _is_country
from eventfold.extract.lexicon import (CASUALTY_KINDS, DEFAULT_PLACE_RULES, NEAR_REFERENCE_POINT_RULE, SEIZURE_TYPES,
                                      UNKNOWN_PLACE_THERE_RULE, UNKNOWN_TOPONYM_RULE, UNNAMED_GROUP_PREFIXES)
from eventfold.model import (ARTICLE_DATE_SOURCE, FIGURE_FIELDS, FOLDED_SENTENCE_RULE, Claim, EventReport, Provenance,
                             Quantity)

# The text a report was read from, its own sentences and those folded into it (`fold_reports`).
Told = Optional[Callable[[EventReport], str]]
# Days apart two estimated dates may be and still denote one event.
DATE_SLACK_DAYS = 7
# Towns of one article farther apart than this are separate incidents: ACLED's precision of a town
# location (within about 25 km, judging-events.md) — closer places may be one fight told twice.
SEPARATE_TOWNS_KM = 25
# Characters between two reports within which one without a place may continue the other: about
# two sentences of news prose (a lead and the sentence that adds its toll).
CLOSE_TELLING_CHARS = 400
# More informative sub-event types win when two reports merge (a clash that changed who holds
# a place is coded by ACLED as the territory change).
SPECIFICITY = {
    "Non-state actor overtakes territory": 3,
    "Government regains territory": 3,
    "Excessive force against protesters": 3,
    # demonstrators who attack make a riot whoever else dies in it (ACLED)
    "Violent demonstration": 4,
    "Protest with intervention": 2,
    "Armed clash": 1,
    "Peaceful protest": 1,
    # A strike or shelling names its means; a sentence of "clashes" told with it adds no new kind.
    "Air/drone strike": 2,
    "Shelling/artillery/missile attack": 2,
    "Remote explosive/landmine/IED": 2,
    "Suicide bomb": 2,
    "Grenade": 2,
    "Chemical weapon": 2,
    # weapons seized in a fight or a capture are part of it, not its kind
    **{seizure: -1 for seizure in SEIZURE_TYPES},
}
# Force used on a crowd is violence done to it as much as a protest event.
FORCE_ON_CROWD = "Excessive force against protesters"
FAMILIES = {
    "Battles": "conflict",
    "Explosions/Remote violence": "conflict",
    "Violence against civilians": "violence",
    "Protests": "protest",
    "Riots": "protest",
    "Strategic developments": "strategic",
}


def fold_reports(reports: list[EventReport], claims: list[Claim], told: Told = None,
                 one_story: bool = False) -> list[EventReport]:
    """One report per event of the article. `told` gives the text a report was read from (its
    sentences), which tells whether it names a toponym another report is placed at; `one_story`: the
    article tells no several incidents (no "shootings" in its headline, no "separate" incident), so a
    harm it tells again far below in its own town is the same one."""
    folded: list[EventReport] = []
    merged_into: dict[str, str] = {}
    for report in reports:
        target = next((kept for kept in folded if same_event(kept, report, told)), None)
        told_again = target is None and one_story
        if told_again:
            target = next((kept for kept in folded if same_event(kept, report, told, told_again=True)
                           and _no_new_count(_counts(report, claims, merged_into), _counts(kept, claims, merged_into))),
                          None)
        if target is None:
            folded.append(report)
        else:
            merge(target, report, told_again)
            merged_into[report.report_id] = target.report_id
    for claim in claims:
        if claim.event_report_id in merged_into:
            claim.event_report_id = merged_into[claim.event_report_id]
    return folded


def _counts(report: EventReport, claims: list[Claim], merged_into: dict[str, str]) -> dict[str, set]:
    """The casualty counts told of a report (its figures, and its claims and those of the reports
    folded into it), by kind."""
    counts: dict[str, set] = {}
    for slot in FIGURE_FIELDS:
        quantity = getattr(report, slot)
        if quantity is not None and quantity.conservative is not None:
            counts.setdefault(slot, set()).add(quantity.conservative)
    for claim in claims:
        owner = merged_into.get(claim.event_report_id, claim.event_report_id)
        if owner == report.report_id and claim.kind in CASUALTY_KINDS and claim.quantity is not None \
                and claim.quantity.conservative is not None:
            counts.setdefault(claim.kind, set()).add(claim.quantity.conservative)
    return counts


def _no_new_count(told_again: dict[str, set], told: dict[str, set]) -> bool:
    """A sentence that comes back to a shooting often counts a part of its victims ("one man died at
    the hospital"): joined to the whole, the part would read as a rival, lower toll. It joins when
    each count it tells of a kind the event already counts is one of the event's."""
    return all(values <= told[kind] for kind, values in told_again.items() if kind in told)


# Provenance rule suffix of a toll that counts people beyond those counted earlier in the article
# ("the force also detained two others"): merged into an earlier report it adds, not replaces.
ADDITIONAL_RULE = "additional-people"
# Provenance rule of a report whose sentence points back at an event ("The attack killed three").
REFERS_BACK = "coreference:definite-event-noun"
# Families a report that refers back may join across: one article's "gunmen attacked a checkpoint"
# and "the attack killed three soldiers" may be typed an attack and a clash.
VIOLENT_FAMILIES = frozenset({"conflict", "violence"})
# Acts against civilians no typer confuses with a fight: the same force's abduction told after its
# offensive is another event, not the offensive told again.
DISTINCT_ACTS = frozenset({"Abduction/forced disappearance", "Sexual violence"})


def same_event(a: EventReport, b: EventReport, told: Told = None, told_again: bool = False) -> bool:
    """`told_again`: also a harm of a story of one incident told again far below its lead
    (`_harm_told_again_in_its_town`)."""
    return (
        a.modality == b.modality
        and _families_compatible(a, b)
        and _dates_compatible(a, b)
        and (_places_compatible(a, b, told) or (told_again and _harm_told_again_in_its_town(a, b)))
    )


def _families_compatible(a: EventReport, b: EventReport) -> bool:
    family_a, family_b = FAMILIES.get(a.event_type), FAMILIES.get(b.event_type)
    if family_a is None or family_b is None:
        # happenings ACLED does not code ("Other"): one kind, one happening (a dismissal and a
        # referendum told of the same Sunday are two)
        return a.event_type == b.event_type and a.sub_event_type == b.sub_event_type
    if family_a == family_b:
        return True
    if FORCE_ON_CROWD in (a.sub_event_type, b.sub_event_type) and {family_a, family_b} == {"protest", "violence"}:
        return True  # "police fired on protesters ..." then "two people were shot dead": one event
    if _seizure_in_the_fight(a, b) or _seizure_in_the_fight(b, a):
        return True
    if not {family_a, family_b} <= VIOLENT_FAMILIES:
        return False
    # the same doer's violence told in the next sentence ("soldiers killed 300 men"; "witnesses said
    # soldiers rounded up men and shot them"): the typer may call one a clash before `_recode`
    same_doer = a.actor1 is not None and a.actor1 == b.actor1 and _told_close(a, b) \
        and not {a.sub_event_type, b.sub_event_type} & DISTINCT_ACTS
    return same_doer or _toll_of_the_same_place(a, b) or any(p.rule == REFERS_BACK for p in b.provenance)


def _seizure_in_the_fight(fight: EventReport, seizure: EventReport) -> bool:
    """"Fighters took the town", then "arms and ammunition had been captured": weapons seized, told
    close to a fight or a capture, were seized in it. Not a seizure that counts people of its own
    ("detained several suspects and destroyed a bomb"): an operation of its own."""
    return seizure.sub_event_type in SEIZURE_TYPES and FAMILIES.get(fight.event_type) in VIOLENT_FAMILIES \
        and _told_close(fight, seizure) and not any(getattr(seizure, slot) for slot in FIGURE_FIELDS)


def _toll_of_the_same_place(a: EventReport, b: EventReport) -> bool:
    """"Civilians had been killed in the capital" with no doer, in an article about fighting in the
    capital that day: the fighting's toll, not an attack of its own."""
    doerless = (a.actor1 is None) != (b.actor1 is None) or _toll_beside_a_party(a, b) or _toll_beside_a_party(b, a)
    same_day = _day(a) == _day(b) or _date_is_the_articles(a) or _date_is_the_articles(b)
    return doerless and a.place is not None and b.place is not None and a.place.geonameid == b.place.geonameid \
        and same_day


def _toll_beside_a_party(toll: EventReport, fight: EventReport) -> bool:
    """A count of dead with no doer beside a fight whose sentence named an armed side but not yet
    its doer ("Heavy fighting broke out ... as the army battled the RSF"): the fight's toll."""
    armed_side = fight.actor2 is not None and not fight.actor2.startswith("Civilians (")
    return toll.actor1 is None and fight.actor1 is None and armed_side \
        and any(getattr(toll, slot) for slot in ("fatalities", "wounded")) \
        and not any(getattr(fight, slot) for slot in ("fatalities", "wounded"))


def _harm_told_again_in_its_town(a: EventReport, b: EventReport) -> bool:
    """A story of one shooting comes back to it far below the lead ("Prosecutors say he shot a guard
    and two women"): a sentence that names neither a place nor a day of its own, given the story's
    town, tells the shooting the story told in that town, not another one."""
    if not (FAMILIES.get(a.event_type) in VIOLENT_FAMILIES and FAMILIES.get(b.event_type) in VIOLENT_FAMILIES):
        return False
    same_town = a.place is not None and b.place is not None and a.place.geonameid == b.place.geonameid
    told_bare = any(_place_by_default(r) and _date_is_the_articles(r) for r in (a, b))
    return same_town and told_bare and _one_day(a, b)


def _one_day(a: EventReport, b: EventReport) -> bool:
    """The same day, an estimated one included (the story's day given to an undated sentence), not
    the week around a publication day that `_dates_compatible` lets one event span."""
    return _day(a) is not None and _day(a) == _day(b)


def _day(report: EventReport) -> Optional[date]:
    if report.date and report.date.value and len(report.date.value) >= 10:
        try:
            return date.fromisoformat(report.date.value[:10])
        except ValueError:
            return None
    return None


# Provenance rule of a date that is the article's, given to a sentence that tells none of its own
# (written by `events._fill_date`, read here).
ARTICLE_DATE_RULE = "date:article-date"


def _dates_compatible(a: EventReport, b: EventReport) -> bool:
    day_a, day_b = _day(a), _day(b)
    if day_a is None or day_b is None:
        return True
    if _date_is_the_articles(a) != _date_is_the_articles(b) and _told_close(a, b):
        # "…killed 300 men beginning on March 27" then "witnesses said soldiers shot them": a
        # sentence that tells no day of its own goes on with the event told just before it
        return True
    if a.time_precision == 1 and b.time_precision == 1:
        return day_a == day_b
    return abs((day_a - day_b).days) <= DATE_SLACK_DAYS


def _places_compatible(a: EventReport, b: EventReport, told: Told = None) -> bool:
    if _place_by_default(a) or _place_by_default(b):
        # the story's town given to a lead that names no place ("drove the Taliban out of three
        # districts") is no evidence against the place the next sentence names ("the districts in
        # Baghlan province"): as without a place, a report told close continues it
        return _told_close(a, b) or any(p.rule == REFERS_BACK for p in b.provenance)
    if _names_another_unknown_place(a, b, told):
        return False
    if a.place is None or b.place is None:
        # A report without a place continues one told just before it, or one it points back at
        # ("the attack"); far from it in the text, it is as likely another happening.
        return _told_close(a, b) or any(p.rule == REFERS_BACK for p in b.provenance) or _bare_toll(b)
    if a.place.geonameid == b.place.geonameid:
        return True
    if a.place.country == b.place.country and _is_country(a.place) != _is_country(b.place):
        # "seven people were killed in Haiti" then "... in Port-au-Prince on Saturday": the same event told
        # country-wide, then where; far apart in the text, the country's may be another event
        return _told_close(a, b)
    if a.place.country != b.place.country or not (a.place.admin1 and a.place.admin1 == b.place.admin1):
        return False
    # A town and the province or district around it can be one event; two towns far apart are two
    # incidents (ACLED: one event per place and day), unless a sentence points back at the event.
    if _is_town(a.place) and _is_town(b.place) and not any(p.rule == REFERS_BACK for p in b.provenance):
        return haversine_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude) <= SEPARATE_TOWNS_KM
    return True


def _names_another_unknown_place(a: EventReport, b: EventReport, told: Told = None) -> bool:
    """One of the two is a toll the text puts "there", at a toponym the gazetteer lacks ("a far
    higher toll came from the Khavak pass ... 350 died there"), or a rival toll told at such a
    toponym, or one told far from the other ("heavy losses at the X pass" paragraphs after "the
    attack on the valley began on Tuesday") or beside a town, and the other names another place: two
    fronts, not one told twice. (A toponym of the event's own clause may lie inside the other's
    district, "killed in Kishishe" and "in Rutshuru territory": told close and without rival tolls,
    that one still folds.)"""
    for unknown, other in ((a, b), (b, a)):
        named_elsewhere = other.location_text and (other.place is None or not _is_country(other.place))
        there = any(p.rule == UNKNOWN_PLACE_THERE_RULE for p in unknown.provenance)
        if named_elsewhere and (there or (_at_unknown_toponym(unknown) and
                                          (_rival_tolls(unknown, other) or not _told_close(other, unknown)
                                           or _at_another_town(other, unknown, told)))):
            return (unknown.location_text or "").lower() not in other.location_text.lower()
    return False


def _at_another_town(report: EventReport, unknown: EventReport, told: Told = None) -> bool:
    """Placed at a town whose sentence does not name the unknown toponym: a toponym the gazetteer
    lacks may lie inside an area or beside the town its sentence names ("the village of Kishishe, in
    Rutshuru territory"), not at a town named without it ("heavy losses at the X pass" after
    "attacked Kyaukme")."""
    if told is None or report.place is None or not _is_town(report.place):
        return False
    return (unknown.location_text or "").lower() not in told(report).lower()


def _at_unknown_toponym(report: EventReport) -> bool:
    return any(p.rule == UNKNOWN_TOPONYM_RULE for p in report.provenance)


def _rival_tolls(a: EventReport, b: EventReport) -> bool:
    """Each tells its own count of the dead from its own teller ("85 dead in Andarab, Interfax said";
    "350 killed, said a commander at the Khawak pass"): the tolls of two fronts, not one told twice."""
    return a.fatalities is not None and b.fatalities is not None and a.claimant != b.claimant \
        and a.fatalities.conservative != b.fatalities.conservative


def _placed_near(report: EventReport) -> bool:
    """The report's place is a reference point its sentence names ("near the Gaza fence")."""
    return any(p.rule == NEAR_REFERENCE_POINT_RULE for p in report.provenance)


def _place_by_default(report: EventReport) -> bool:
    """A place no part of the report's own telling named (the story's town, the headline's)."""
    rules = {p.rule for p in report.provenance if p.rule.startswith("place:")}
    return report.place is not None and bool(rules) and rules <= DEFAULT_PLACE_RULES


def _bare_toll(report: EventReport) -> bool:
    """"Local commanders claimed as many as 30 Taliban were killed": a toll typed by its figures alone,
    told with no place, day or doer of its own, is the toll of the article's event of its kind, however
    far below the lead it comes (left alone, fusion would hand it to any event of another article)."""
    return report.place is None and report.actor1 is None and _date_is_the_articles(report) \
        and any(p.rule.startswith("figure:") for p in report.provenance)


def _the_articles_day(report: EventReport) -> bool:
    """The report's date is the article's, given for want of one of its own."""
    return report.date is not None and report.date.source == ARTICLE_DATE_SOURCE


def _date_is_the_articles(report: EventReport) -> bool:
    return any(p.rule == ARTICLE_DATE_RULE for p in report.provenance)


def _told_close(kept: EventReport, other: EventReport) -> bool:
    spans = [p.span for p in kept.provenance if p.span is not None and p.span.part == other.span.part
             and p.rule != FOLDED_SENTENCE_RULE]  # where each of its values was read, not its whole sentences
    spans.append(kept.span)
    return any(abs(other.span.start - span.end) <= CLOSE_TELLING_CHARS for span in spans
               if span.part == other.span.part)


def _is_town(place) -> bool:
    return place.feature_class == "P"


def merge(kept: EventReport, other: EventReport, told_again: bool = False) -> None:
    """`told_again`: `other` comes back to the event of `kept`, so the people it counts are the
    event's, not people beyond those counted before (as the part's figure ledger took them)."""
    if SPECIFICITY.get(other.sub_event_type, 0) > SPECIFICITY.get(kept.sub_event_type, 0):
        kept.sub_event_type, kept.event_type = other.sub_event_type, other.event_type
    # a place told only as what the event was near ("near the Gaza fence") does not overrule the
    # headline's town the report was given, as a place its own telling names does
    if other.place and (kept.place is None or other.place.geo_precision < kept.place.geo_precision
                        or (_place_by_default(kept) and not _place_by_default(other) and not _placed_near(other))):
        kept.place, kept.location_text = other.place, other.location_text
    own_date_over_fallback = _date_is_the_articles(kept) and not _date_is_the_articles(other)
    # "killed 203 during an operation at the end of March", then a sentence that names no day: the
    # month told is surer than the publication day the other was given
    fallback_over_own = _the_articles_day(other) and kept.date is not None and not _the_articles_day(kept)
    if other.date and not fallback_over_own and (
            kept.date is None or other.time_precision < kept.time_precision or own_date_over_fallback):
        kept.date, kept.time_precision = other.date, other.time_precision
    # Not the claimant: who vouches for one sentence does not vouch for the event (each claim keeps its own).
    if kept.actor1 is None and other.actor1 is not None and other.actor2 is not None and \
            (kept.actor2 or "").startswith("Civilians ("):
        # a toll with no doer ("56 civilians were killed") joins a fight told with its parties: theirs
        kept.actor2, kept.assoc_actor_2 = other.actor2, other.assoc_actor_2
    for slot in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        value = getattr(other, slot)
        # An actor already on the report does not take a second slot (no "Taliban vs Taliban"); a
        # party the other sentence names takes the place of one no sentence named ("an alliance of
        # ethnic armed groups launched attacks", then "the MNDAA ... said they had captured").
        if (getattr(kept, slot) is None or _unidentified(getattr(kept, slot)) and _named_group(value)) \
                and value is not None and value not in (kept.actor1, kept.actor2):
            setattr(kept, slot, value)
    for slot in FIGURE_FIELDS:
        if any(p.rule == f"{slot}:{ADDITIONAL_RULE}" for p in other.provenance) and not told_again:
            setattr(kept, slot, added(getattr(kept, slot), getattr(other, slot)))
        else:
            setattr(kept, slot, conservative(getattr(kept, slot), getattr(other, slot)))
    kept.provenance.extend(other.provenance)
    kept.provenance.append(Provenance(FOLDED_SENTENCE_RULE, other.span))


def _unidentified(actor: Optional[str]) -> bool:
    """ACLED's name for an armed group no one named ("Unidentified Armed Group (Myanmar)")."""
    return bool(actor) and actor.startswith(UNNAMED_GROUP_PREFIXES)


def _named_group(actor: Optional[str]) -> bool:
    """A group the text names, which an unnamed one of its kind may be: not a state's forces (the
    other side: "soldiers and police had fled" after "resistance fighters took the town"), nor one of
    ACLED's generic names for civilians or crowds."""
    from eventfold.annotate.actor_lexicon import GROUP_NAME_PREFIXES, STATE_NAME_PREFIXES

    return bool(actor) and not actor.startswith(STATE_NAME_PREFIXES + GROUP_NAME_PREFIXES + UNNAMED_GROUP_PREFIXES)


# Joins the texts of the counts a sum adds up ("two + a woman"): fusion tells such a sum from a count
# told in one phrase.
SUMMED = " + "


def added(a: Optional[Quantity], b: Optional[Quantity]) -> Optional[Quantity]:
    """Two counts of different people of one event ("also detained two others"): their sum."""
    if a is None or b is None:
        return a or b
    high = None if a.high is None or b.high is None else a.high + b.high
    # people each told only as shot are, together, still people whose fate is untold
    return Quantity((a.conservative or 0) + (b.conservative or 0), high, f"{a.text}{SUMMED}{b.text}", "at_least",
                    fate_untold=a.fate_untold and b.fate_untold)


def conservative(a: Optional[Quantity], b: Optional[Quantity]) -> Optional[Quantity]:
    """ACLED's most conservative of two figures of the same people; a lower bound said without a
    count ("dozens", a named victim) yields to any count, and to a larger bound of its kind."""
    if a is None or b is None:
        return a or b
    if a.indefinite != b.indefinite:
        return b if a.indefinite else a
    if a.indefinite:
        return a if _floor(a) >= _floor(b) else b
    return a if _floor(a) <= _floor(b) else b


def _floor(quantity: Quantity) -> int:
    value = quantity.conservative
    return value if value is not None else 10**9
