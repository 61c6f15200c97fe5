"""Analyst review kept as data: corrections stored with who, when and why, applied on top of the
machine's output wherever events are read, never lost when the machine recomputes.

A correction is anchored to the report ids of the event it was made on (report ids are stable
across `process`, `process --force` and `fuse --rebuild`; event ids need not be). Reading replays
the corrections that are not undone, oldest first, over the freshly fused events: each finds its
event as the one now holding most of its anchor reports.

Public interface (the web app and REST API build on these):

    accept(store, event_id, who, why) -> Correction
    reject(store, event_id, who, why) -> Correction
    edit(store, event_id, field, value, who, why) -> Correction      # field in EDITABLE_FIELDS
    merge(store, event_ids, who, why) -> Correction                   # .new is the merged event's id
    move_report(store, report_id, from_event_id, who, why) -> Correction   # .new is the new event's id
    undo(store, correction_id, who) -> Correction                     # the undone correction
    corrections(store, event_id=None) -> list[Correction]              # oldest first

    reviewed_events(store, include_rejected=False) -> list[Event]      # machine events + corrections
    reviewed_event(store, event_id) -> Event | None                    # one, rejected included;
                                                                       #   an id merged away resolves
                                                                       #   to the event it went into
    query_events(store, EventQuery(...)) -> EventPage                  # filtered, sorted, paged

Events read through these carry `reviewed`, `review_note` and `rejected` (model.Event).
Errors: `UnknownEvent` (no such event/report/correction: a 404) and `ReviewError` (a bad field or
value: a 400), each with a one-line message.
"""

from __future__ import annotations

from eventfold.review.corrections import (
    EDITABLE_FIELDS,
    ReviewError,
    UnknownEvent,
    accept,
    corrections,
    edit,
    merge,
    move_report,
    reject,
    undo,
)
from eventfold.review.apply import reviewed_event, reviewed_events
from eventfold.review.query import SORTS, EventPage, EventQuery, query_events
from eventfold.model import Correction

__all__ = [
    "Correction", "EDITABLE_FIELDS", "EventPage", "EventQuery", "ReviewError", "SORTS", "UnknownEvent",
    "accept", "corrections", "edit", "merge", "move_report", "query_events", "reject", "reviewed_event",
    "reviewed_events", "undo",
]
