"""Final ACLED coding of a folded report: territory type from the winner's status on the eve of
the change, protest types from crowd and toll, civilian and armed victims, interaction codes, the crowds'
country, and the PLOVER type and mode of the final sub-event type.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from eventfold.annotate.actor_lexicon import UNKNOWN_COUNTRY
from eventfold.extract.acled_types import sub_event
from eventfold.extract.context import _Context, _category, _inter
from eventfold.extract.event_actors import STATE_FORCE_PREFIXES, _is_identity_group
from eventfold.extract.lexicon import ARMED_CATEGORIES, NON_STATE_CATEGORIES, TERRITORY_BY_WINNER, VIOLENT_TYPES
from eventfold.model import EventReport, Provenance


def _set_plover(report: EventReport) -> None:
    """The PLOVER event type and mode that go with the report's final ACLED sub-event type."""
    try:
        kind = sub_event(report.sub_event_type)
    except KeyError:
        return
    report.plover_type, report.plover_mode = kind.plover_type, kind.plover_mode


def _recode(context: _Context, report: EventReport) -> None:
    """ACLED coding that needs the whole (folded) report: the territory type from who won, the
    protest types from the crowd and the toll, and the actors' interaction codes."""
    _recode_territory(context, report)
    _territory_loser(context, report)
    _clash_opponent(context, report)
    _recode_protest(context, report)
    _named_victims_are_civilians(context, report)
    _recode_civilian_victims(report)
    _recode_armed_victims(report)
    _civilians_are_no_perpetrator(context, report)
    _crowds_of_the_event_country(context, report)
    report.inter1 = _inter(context, report.actor1, report)
    report.inter2 = _inter(context, report.actor2, report)
    _no_unknown_country_in_names(report)


TERRITORY_TYPES = frozenset({"Non-state actor overtakes territory", "Government regains territory"})


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


# Mentions that make a force the side a story pits against another: named once, it may be a
# background party ("the army collapsed"), not the one fighting now.
OPPONENT_MENTIONS = 2


def _clash_opponent(context: _Context, report: EventReport) -> None:
    """A battle has two sides: when the text names one ("the Taliban launched an attack against the
    valley", "85 Taliban soldiers were killed"), the other is the armed force the article names most
    besides it — the side the story pits it against."""
    if report.sub_event_type != "Armed clash" or (report.actor1 is None) == (report.actor2 is None):
        return
    named = report.actor1 or report.actor2
    allies = {report.assoc_actor_1, report.assoc_actor_2} - {None}  # "Afghan and coalition forces" fight together
    counts: dict[str, int] = {}
    for mention in context.annotations.mentions:
        entity = context.entity(mention.entity_id) if mention.entity_id else None
        if entity is None or entity.name == named or entity.name in allies or entity.type == "person" \
                or entity.category not in ARMED_CATEGORIES:
            continue
        counts[entity.name] = counts.get(entity.name, 0) + 1
    opponent = max(counts, key=counts.get) if counts else None  # the first named of the most mentioned
    if opponent is None or counts[opponent] < OPPONENT_MENTIONS:
        return
    slot = "actor2" if report.actor2 is None else "actor1"
    setattr(report, slot, opponent)
    report.provenance.append(Provenance(f"{slot}:opponent-in-article", report.span, opponent))


def _crowds_of_the_event_country(context: _Context, report: EventReport) -> None:
    """Civilians, protesters and rioters are named for the country the event happens in, not the one
    an article names most ("Civilians (Congo)" killed by rebels Rwanda is said to back; "a nurse in
    Ohio said her brother died in the Nigerian town of Owo"), unless the words that name them give
    their country ("Malian civilians" killed in Burkina Faso, "four US citizens")."""
    if report.place is None or not report.place.country:
        return
    here = context.country_name(report.place.country)
    named = {context.country_name(p.place.country)
             for p in context.places_in(report.span.part, report.span.start, report.span.end)}
    for slot in ("actor1", "actor2"):
        found = re.fullmatch(r"(Civilians|Protesters|Rioters) \((.+)\)", getattr(report, slot) or "")
        if not found or not here or found.group(2) == here or _nationality_told(report, slot):
            continue
        if found.group(2) in named and here not in named:
            continue  # the sentence names their country and not the one the place was taken from
        setattr(report, slot, f"{found.group(1)} ({here})")


def _nationality_told(report: EventReport, slot: str) -> bool:
    """Whether the words the report took an actor from name a country or nationality."""
    from eventfold.annotate.actor_lexicon import country_of_words

    for provenance in report.provenance:
        if provenance.rule.startswith(f"{slot}:") and provenance.span is not None and provenance.evidence:
            if country_of_words(re.findall(r"[\w'-]+", provenance.evidence)) is not None:
                return True
    return False


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
    if category is None and _state_forces_told_beside(context, report):
        category = "Rebel groups"  # "the X marched into Kabul ... following a rout of government forces"
    if category is not None:
        report.sub_event_type = TERRITORY_BY_WINNER[category == "State forces"]
        report.event_type = "Battles"


def _state_forces_told_beside(context: _Context, report: EventReport) -> bool:
    """A winner of no known category whose own sentence names the state's forces (the side that lost
    the ground) is no state force itself."""
    span = report.span
    for mention in context.mentions_in(span.part, span.start, span.end):
        entity = context.entity(mention.entity_id) if mention.entity_id else None
        if entity is not None and entity.name != report.actor1 and entity.category == "State forces":
            return True
    return False


def _no_unknown_country_in_names(report: EventReport) -> None:
    """A kind of actor whose country nothing in the story tells keeps its kind alone ("Civilians", not
    "Civilians (unknown)"): the placeholder is for naming while the place may still be found."""
    for slot in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        name = getattr(report, slot)
        if name and (name.endswith(f" ({UNKNOWN_COUNTRY})") or name.endswith(f" of {UNKNOWN_COUNTRY}")):
            setattr(report, slot, name.rsplit(" (", 1)[0] if name.endswith(")") else name.rsplit(" of ", 1)[0])


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
    # "hundreds of students blocked the road": civilians who do the protest's acts are its crowd
    others = [a for a in others if not (a == report.actor1 and a.startswith("Civilians"))]
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


def _named_victims_are_civilians(context: _Context, report: EventReport) -> None:
    """"Ana and Lea Marin were shot dead": ACLED names no private person as an actor; a person of no
    armed side harmed by violence is one of the civilians of the country it happened in."""
    if report.event_type not in VIOLENT_TYPES or not report.actor2:
        return
    entity = context.first_entity("name", report.actor2)
    if entity is None or entity.type != "person" or entity.category or _category(context, report.actor2, None):
        return
    if _told_in_an_armed_role(context, report, entity):
        return  # "Muhammad Yah, a senior Taliban commander, was killed": no civilian
    country = context.country_name(report.place.country if report.place else context.main_country)
    report.actor2 = f"Civilians ({country or UNKNOWN_COUNTRY})"
    report.provenance.append(Provenance("actor2:named-person-a-civilian", report.span, entity.name))


# Words that give a person a part in the fighting or the state's force ("a senior Taliban commander").
ARMED_ROLE_WORDS = re.compile(r"\b(?:commanders?|leaders?|fighters?|militants?|insurgents?|soldiers?|officers?|"
                              r"police(?:man|men|woman)?|facilitators?|emirs?|members?|chiefs?|"
                              r"sergeant|captain|colonel|general|deputy)\b", re.IGNORECASE)
# How far around a person's name in the sentence a word of an armed role is looked for.
ROLE_WINDOW_CHARS = 60


def _told_in_an_armed_role(context: _Context, report: EventReport, entity) -> bool:
    """The report's sentence names the person with a word of an armed role near the name."""
    sentence = context.article.part_text(report.span.part)[report.span.start:report.span.end]
    names = [n for n in (entity.name, *entity.aliases) if n]
    at = next((sentence.find(n) for n in names if n in sentence), -1)
    if at < 0:
        return False
    before = sentence[max(0, at - ROLE_WINDOW_CHARS):at]  # "Taliban commander Mullah X"
    after = sentence[at + len(entity.name):]
    apposition = after[1:].split(",", 1)[0] if after.startswith(",") else ""  # "X, a senior Taliban commander,"
    return ARMED_ROLE_WORDS.search(before.split(".")[-1]) is not None or ARMED_ROLE_WORDS.search(apposition) is not None


def _recode_civilian_victims(report: EventReport) -> None:
    """Armed men against civilians (a community's people) is no battle but ACLED's attack on civilians."""
    if report.event_type == "Battles" and report.sub_event_type == "Armed clash" \
            and (report.actor2 or "").startswith("Civilians ("):
        report.event_type, report.sub_event_type = "Violence against civilians", "Attack"
        report.provenance.append(Provenance("type:civilian-victims", report.span, report.actor2))


def _recode_armed_victims(report: EventReport) -> None:
    """Armed men against a state's police or soldiers is no attack on civilians but a battle (ACLED
    counts no security force among civilians): "gunmen killed eight police officers"."""
    if report.event_type == "Violence against civilians" and report.sub_event_type == "Attack" \
            and report.actor1 is not None and (report.actor2 or "").startswith(STATE_FORCE_PREFIXES) \
            and not report.actor1.startswith(STATE_FORCE_PREFIXES):
        report.event_type, report.sub_event_type = "Battles", "Armed clash"
        report.provenance.append(Provenance("type:armed-victims", report.span, report.actor2))


def _eve(report: EventReport) -> Optional[str]:
    """The day before the report's date (its date when coarser than a day)."""
    value = report.date.value if report.date else None
    if not value or len(value) < 10:
        return value
    try:
        return (date.fromisoformat(value[:10]) - timedelta(days=1)).isoformat()
    except ValueError:
        return value
