"""Fighting told "on the other frontline" of an offensive, at its target or unplaced, from its
first day on, joins the offensive's report (its figures and claims; no front's figure is summed);
a front the text places elsewhere is an event of its own.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Optional

from eventfold.extract import coalesce
from eventfold.extract.context import _Context
from eventfold.extract.event_places import SAME_PLACE_KM, _placed_by_default, within_km
from eventfold.model import FIGURE_FIELDS, Claim, EventReport, Provenance


# A sentence about one front of an offensive: "on the other frontline", "on the Panjshir front",
# "the two lines of operation", "in the offensive".
FRONT_WORDS = re.compile(r"\b(?:front[- ]?lines?|fronts?|lines? of (?:operation|attack|advance)|axis|axes|"
                         r"offensive)\b", re.IGNORECASE)


def _fold_fronts(context: _Context, reports: list[EventReport], claims: list[Claim]) -> list[EventReport]:
    """Fighting an article tells "on the other frontline" of an offensive it reported (same
    attacker, from its first day on, at its target or unplaced) is part of that offensive: its figures and
    claims go to the offensive's report — each front's figure stays a claim, none is summed."""
    kept: list[EventReport] = []
    for report in reports:
        offensive = next((o for o in reversed(kept) if _is_front_of(context, report, o)), None)
        if offensive is None:
            _bound_by_the_offensive(context, report, kept)
            kept.append(report)
            continue
        _join_front(offensive, report)
        for claim in claims:
            if claim.event_report_id == report.report_id:
                claim.event_report_id = offensive.report_id
    return kept


def _is_front_of(context: _Context, report: EventReport, offensive: EventReport, placed_anywhere: bool = False) -> bool:
    """A battle whose sentence speaks of a front, in which the offensive's attacker fights, not
    before the offensive began and (unless `placed_anywhere`) not placed away from it."""
    text = context.article.part_text(report.span.part)[report.span.start:report.span.end]
    actors = {a for a in (report.actor1, report.actor2) if a}
    return (offensive.span.part == report.span.part and offensive.modality == report.modality == "actual"
            and offensive.event_type == report.event_type == "Battles"
            and offensive.actor1 is not None and offensive.actor1 in actors
            and FRONT_WORDS.search(text) is not None
            and _starts_no_later(offensive, report) and (placed_anywhere or not _fought_elsewhere(report, offensive)))


def _bound_by_the_offensive(context: _Context, report: EventReport, earlier: list[EventReport]) -> None:
    """A front placed elsewhere whose day the text leaves unsaid was fought after the offensive it
    belongs to began: its publication-day date gets that start as its earliest bound, so that fusion
    does not join it to older fighting at the same place."""
    if not coalesce._date_is_the_articles(report) or report.date is None:
        return
    offensive = next((o for o in reversed(earlier) if _is_front_of(context, report, o, placed_anywhere=True)), None)
    start = offensive.date.value[:10] if offensive is not None else _fighting_since(context, report)
    if start:
        report.date = dataclasses.replace(report.date, estimated=True, earliest=start)


# "since last Tuesday", "since Aug. 31", "since the 3rd": what precedes the day fighting began.
SINCE_BEFORE = re.compile(r"\bsince(?: last| the)?\s*$", re.IGNORECASE)


def _fighting_since(context: _Context, report: EventReport) -> Optional[str]:
    """"The offensive, under way since last Tuesday", "attacking the valley since Aug. 31": the day
    the fighting a front belongs to began, when the article states it and the report's sentence
    speaks of a front."""
    text = context.article.part_text(report.span.part)
    if not FRONT_WORDS.search(text[report.span.start:report.span.end]):
        return None
    days = [t.value.value[:10] for t in context.annotations.times
            if t.span.part == report.span.part and t.value.value and len(t.value.value) >= 10
            and SINCE_BEFORE.search(text[max(0, t.span.start - 12):t.span.start])
            and t.value.value[:10] <= (report.date.value or "")[:10]]
    return max(days) if days else None


def _fought_elsewhere(report: EventReport, offensive: EventReport) -> bool:
    """A front whose sentence names a place of its own away from the offensive's ("85 were killed
    in Andarab"): ACLED codes each place's fighting, so it is an event of its own; a front the
    text does not place ("on the other frontline 12 fell") is the offensive's."""
    return not _placed_by_default(report) and not within_km(offensive.place, report.place, SAME_PLACE_KM)


def _starts_no_later(offensive: EventReport, report: EventReport) -> bool:
    """The offensive has a day of its own, and the front's day (if its own) is not before it."""
    if offensive.date is None or offensive.date.estimated or not offensive.date.value:
        return False
    return report.date is None or report.date.estimated or (report.date.value or "") >= offensive.date.value


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
