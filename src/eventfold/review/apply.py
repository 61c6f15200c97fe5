"""Corrections replayed over the machine's fused events.

Nothing the machine computes is overwritten: every read starts from the fused events and replays
the corrections in force. Structural ones (merge, move) go first, oldest first, then the value
ones (accept, reject, edit), so an edit made before a merge still holds on the merged event. Each
correction finds its event as the one now holding most of its anchor reports (report ids survive
re-processing and re-fusion; event ids need not).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from typing import Optional

from eventfold.model import (FIGURE_FIELDS, Conflict, Correction, DateValue, Event, Figure, Place, Provenance,
                             first_day_of)
from eventfold.store.db import Store

STRUCTURAL = ("merge", "move")
# Review field name → Event attribute ("injured" is ACLED's word; the record says "wounded"; an
# actor's category is its inter code).
FIELD_ATTRIBUTE = {"injured": "wounded", "actor1_category": "inter1", "actor2_category": "inter2"}
# ACLED time precision of an edited date by its precision.
_TIME_PRECISION = {"day": 1, "week": 2}


@dataclass
class Reviewed:
    """The events after the corrections in force, and what the replay changed."""

    events: dict[str, Event]
    event_of_report: dict[str, str]
    base: set[str] = field(default_factory=set)  # the machine events the replay started from
    redirects: dict[str, str] = field(default_factory=dict)  # an event id merged away → where it went
    refused: set[str] = field(default_factory=set)  # events whose members changed (re-fused or gone)
    new_conflicts: list[Conflict] = field(default_factory=list)  # conflicts among re-fused events' claims
    orphans: list[Correction] = field(default_factory=list)  # none of their reports is fused any more
    notes: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # event id → (correction id, note)

    def resolve(self, event_id: str) -> Optional[str]:
        """The id an event has now: itself, or the event it was merged into."""
        seen = set()
        while event_id in self.redirects and event_id not in seen:
            seen.add(event_id)
            event_id = self.redirects[event_id]
        return event_id if event_id in self.events else None


def moved_event_id(report_id: str) -> str:
    """The id of the event a moved report gets: stable, and never its former event's."""
    return "ev-" + hashlib.sha1(f"moved:{report_id}".encode()).hexdigest()[:12]


# ---------------------------------------------------------------- reading


def reviewed_events(store: Store, include_rejected: bool = False) -> list[Event]:
    """Every event after the analysts' corrections, in date order; rejected ones only if asked."""
    state = review_all(store)
    return [e for e in in_date_order(state.events.values()) if include_rejected or not e.rejected]


def reviewed_event(store: Store, event_id: str) -> Optional[Event]:
    """One event after the corrections (rejected ones too); an id merged into another event
    resolves to that event; None when there is no such event."""
    state = review_touched(store, also=[event_id])
    resolved = state.resolve(event_id)
    return state.events[resolved] if resolved is not None else None


def in_date_order(events) -> list[Event]:
    """As `store.fusion.events` orders them: dated first by first day, then by id."""

    def key(event: Event):
        day = first_day_of(event.date.value) if event.date and event.date.value else None
        return (day is None, day or "", event.event_id)

    return sorted(events, key=key)


def review_all(store: Store) -> Reviewed:
    """Every machine event with the corrections replayed."""
    from eventfold.store.fusion import events
    from eventfold.store.review import all_corrections

    return replay(store, {e.event_id: e for e in events(store)}, all_corrections(store, active_only=True))


def review_touched(store: Store, also: list[str] = ()) -> Reviewed:
    """Only the machine events a correction in force can touch (those holding an anchor report),
    plus `also`, with the corrections replayed: what a page or one event needs."""
    from eventfold.store.review import all_corrections, events_of_reports

    active = all_corrections(store, active_only=True)
    reports = sorted({r for c in active for r in c.anchor} | {c.old for c in active if c.kind == "move"})
    ids = sorted(set(events_of_reports(store, reports).values()) | set(also))
    return replay(store, machine_events(store, ids), active)


def machine_events(store: Store, event_ids: list[str]) -> dict[str, Event]:
    """The machine's events with these ids, with their stored conflicts (as `events()` reads them)."""
    from eventfold.store.review import conflict_ids_of_events, stored_events

    found = stored_events(store, event_ids)
    conflicts = conflict_ids_of_events(store, list(found))
    for event in found.values():
        event.conflict_ids = conflicts.get(event.event_id, [])
        event.contested = bool(event.conflict_ids)
    return found


# ---------------------------------------------------------------- replay


def replay(store: Store, base: dict[str, Event], active: list[Correction]) -> Reviewed:
    """The corrections in force over `base` (the machine's events; changed in place)."""
    state = Reviewed(events=dict(base), base=set(base),
                     event_of_report={r: e.event_id for e in base.values() for r in e.report_ids})
    ordered = [c for c in active if c.kind in STRUCTURAL] + [c for c in active if c.kind not in STRUCTURAL]
    for correction in ordered:
        if correction.kind == "merge":
            applied = _replay_merge(store, state, correction)
        elif correction.kind == "move":
            applied = _replay_move(store, state, correction)
        else:
            applied = _replay_value(store, state, correction)
        if not applied:
            state.orphans.append(correction)
    for event_id, notes in state.notes.items():
        if event_id in state.events:
            state.events[event_id].reviewed = True
            state.events[event_id].review_note = "; ".join(note for _, note in sorted(notes))
    return state


def anchored_event(state: Reviewed, anchor: list[str], preferred: str) -> Optional[str]:
    """The event now holding most of the anchor reports (ties: the one corrected, else the lowest id)."""
    counts: dict[str, int] = {}
    for report_id in anchor:
        event_id = state.event_of_report.get(report_id)
        if event_id is not None:
            counts[event_id] = counts.get(event_id, 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda e: (-counts[e], e != preferred, e))


def _replay_merge(store: Store, state: Reviewed, correction: Correction) -> bool:
    holding = sorted({state.event_of_report[r] for r in correction.anchor if r in state.event_of_report})
    if not holding:
        return False
    survivor = correction.new if correction.new in holding else anchored_event(state, correction.anchor, correction.new)
    if len(holding) > 1:
        reports = [r for e in holding for r in state.events[e].report_ids]
        for gone in holding:
            if gone != survivor:
                state.redirects[gone] = survivor
                state.notes.setdefault(survivor, []).extend(state.notes.pop(gone, []))
                _drop(state, gone)
        _refuse(store, state, survivor, reports)
    _mark(state, survivor, correction, "merged " + ", ".join(str(i) for i in correction.old or []))
    return True


def _replay_move(store: Store, state: Reviewed, correction: Correction) -> bool:
    report_id = correction.old
    source = state.event_of_report.get(report_id)
    if source is None:
        return False
    remaining = [r for r in state.events[source].report_ids if r != report_id]
    if remaining:  # a report alone in its event has nowhere further to go
        new_id = correction.new or moved_event_id(report_id)
        _refuse(store, state, source, remaining)
        _refuse(store, state, new_id, [report_id])
        if new_id not in state.events:
            return False
        _mark(state, source, correction, f"report {report_id} moved out to {new_id}")
        _mark(state, new_id, correction, f"report {report_id} moved here from {source}")
    return True


def _replay_value(store: Store, state: Reviewed, correction: Correction) -> bool:
    target = anchored_event(state, correction.anchor, correction.event_id)
    if target is None:
        return False
    event = state.events[target]
    if correction.kind == "reject":
        event.rejected = True
        _mark(state, target, correction, "rejected")
    elif correction.kind == "accept":
        event.rejected = False
        _mark(state, target, correction, "accepted")
    elif correction.kind == "edit":
        set_field(event, correction.field, correction.new)
        if correction.field in ("actor1", "actor2"):  # the replaced actor's inter code would be wrong
            _recode_actor(store, event, correction.field[-1])
        event.provenance = [*event.provenance, Provenance(f"review:{correction.field}",
                                                          evidence=_note(correction, ""))]
        old, new = (_category_label(v) if correction.field.endswith("_category") else v
                    for v in (correction.old, correction.new))
        _mark(state, target, correction, f"{correction.field} {_shown(old)} → {_shown(new)}")
    return True


def _recode_actor(store: Store, event: Event, number: str) -> None:
    """The inter code of the event's actor1 or actor2 (number "1" or "2") after an edit named it."""
    from eventfold.review.actors import inter_code_of

    setattr(event, f"inter{number}", inter_code_of(store, event, getattr(event, f"actor{number}")))


def _refuse(store: Store, state: Reviewed, event_id: str, report_ids: list[str]) -> None:
    """Re-fuse an event from these reports by the machine's own value rules."""
    from eventfold.fuse.conflicts import SUBJECT_KINDS, event_conflicts
    from eventfold.fuse.values import fuse_event
    from eventfold.store.extractions import claims_of_reports, reports_by_id
    from eventfold.store.review import conflicts_of_claims

    previous = state.events.get(event_id)
    reports = reports_by_id(store, report_ids)
    if not reports:  # no report record to fuse from (a store written by other means): keep the event as is
        if previous is not None:
            previous.report_ids = list(dict.fromkeys(report_ids))
            state.event_of_report.update({r: event_id for r in report_ids})
        return
    claims = claims_of_reports(store, report_ids)
    published = store.published_dates(sorted({r.article_id for r in reports}))
    event = fuse_event(event_id, reports, claims, published)
    fresh = event_conflicts(event_id, claims)
    state.new_conflicts = [c for c in state.new_conflicts if c.event_id != event_id] + fresh
    subject = [cid for cid, kind in conflicts_of_claims(store, [c.claim_id for c in claims]) if kind in SUBJECT_KINDS]
    event.conflict_ids = sorted({c.conflict_id for c in fresh} | set(subject))
    event.contested = bool(event.conflict_ids)
    state.events[event_id] = event
    state.refused.add(event_id)
    for report_id in event.report_ids:
        state.event_of_report[report_id] = event_id


def _drop(state: Reviewed, event_id: str) -> None:
    state.events.pop(event_id, None)
    state.refused.add(event_id)
    state.new_conflicts = [c for c in state.new_conflicts if c.event_id != event_id]


# ---------------------------------------------------------------- values


def set_field(event: Event, name: str, value) -> None:
    """Put a validated review value (review/corrections.py `parse_value`) into the event."""
    from eventfold.extract.acled_types import sub_event

    attribute = FIELD_ATTRIBUTE.get(name, name)
    if name == "sub_event_type":
        event.sub_event_type = value
        event.event_type = sub_event(value).event_type
    elif name == "event_date":
        precision = {10: "day", 7: "month", 4: "year"}[len(value)]
        event.date = DateValue(value, precision, source="review")
        event.time_precision = _TIME_PRECISION.get(precision, 3)
    elif name == "place":
        event.place = Place(**value) if value else None
        event.location_text = event.place.name if event.place else None
    elif attribute in FIGURE_FIELDS:
        old = getattr(event, attribute)
        # The sources' range stays: the analyst's figure is the value, not a new source.
        setattr(event, attribute, None if value is None else
                replace(old, value=value) if old else Figure(value=value))
    else:
        setattr(event, attribute, value)


def field_value(event: Event, name: str):
    """The event's current value of a review field, as JSON-able data (what `old` records)."""
    attribute = FIELD_ATTRIBUTE.get(name, name)
    if name == "event_date":
        return event.date.value if event.date else None
    if name == "place":
        return asdict(event.place) if event.place else None
    if attribute in FIGURE_FIELDS:
        figure = getattr(event, attribute)
        return figure.value if figure else None
    return getattr(event, attribute)


def _mark(state: Reviewed, event_id: str, correction: Correction, what: str) -> None:
    """Note the correction on the event (the notes are joined in correction order after the replay)."""
    state.notes.setdefault(event_id, []).append((correction.correction_id, _note(correction, what)))


def _note(correction: Correction, what: str) -> str:
    """"#3 ana, 2026-12-05: fatalities 12 → 9 (ministry figure)"."""
    head = f"#{correction.correction_id} {correction.who}, {correction.when[:10]}"
    text = f"{head}: {what}" if what else head
    return f"{text} ({correction.why})" if correction.why else text


def _category_label(code):
    from eventfold.extract.acled_types import INTER_CODES

    return INTER_CODES.get(code, code)


def _shown(value) -> str:
    if isinstance(value, dict):
        return str(value.get("name"))
    return "none" if value is None else str(value)
