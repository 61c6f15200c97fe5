"""Recording analysts' corrections: each is checked against the event as the analyst sees it now
(the machine's output with earlier corrections applied), stored with who, when and why, and
returned as stored. review/apply.py replays them on every read."""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict
from typing import Optional

from eventfold.model import Correction, Event, Place
from eventfold.store.db import Store

EDITABLE_FIELDS = ("event_type", "sub_event_type", "event_date", "place", "actor1", "actor2",
                   "fatalities", "injured", "captured", "actor1_category", "actor2_category")
# An actor's ACLED category, as its inter code (an actor edit recomputes it: review/actors.py).
_CATEGORIES = ("actor1_category", "actor2_category")
_FIGURES = ("fatalities", "injured", "captured")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PLACE_KEYS = ("name", "latitude", "longitude", "country", "admin1", "admin2", "geo_precision")


class ReviewError(ValueError):
    """A correction that cannot be made (bad field or value): one line saying why."""


class UnknownEvent(ReviewError):
    """No such event, report or correction."""


def accept(store: Store, event_id: str, who: str, why: str = "") -> Correction:
    """Mark the event as checked and right (an accept after a reject takes it back into the dataset)."""
    event = current_event(store, event_id)
    return _record(store, Correction(0, event.event_id, "accept", anchor=event.report_ids), who, why)


def reject(store: Store, event_id: str, who: str, why: str = "") -> Correction:
    """Take the event out of the dataset (still listable with include_rejected)."""
    event = current_event(store, event_id)
    return _record(store, Correction(0, event.event_id, "reject", anchor=event.report_ids), who, why)


def edit(store: Store, event_id: str, field: str, value: object, who: str, why: str = "") -> Correction:
    """Set one field of the event. value: event_type/sub_event_type (ACLED names), event_date
    ("YYYY-MM-DD", "YYYY-MM" or "YYYY"), place (a geonameid, or a dict or its JSON text with name,
    latitude, longitude and optionally country, admin1, geo_precision), actor1/actor2 (a name, or None to clear),
    fatalities/injured/captured (a whole number >= 0, or None to clear), actor1_category/actor2_category
    (an ACLED actor category, "State forces" ... "External/Other forces", or its inter code 1-8).
    Strings are parsed."""
    from eventfold.review.apply import field_value

    if field not in EDITABLE_FIELDS:
        raise ReviewError(f"cannot edit {field!r}: editable fields are {', '.join(EDITABLE_FIELDS)}")
    event = current_event(store, event_id)
    new = parse_value(store, event, field, value)
    old = field_value(event, field)
    if new == old:
        raise ReviewError(f"{field} of {event.event_id} is already {value!r}")
    return _record(store, Correction(0, event.event_id, "edit", anchor=event.report_ids, field=field, old=old,
                                     new=new), who, why)


def merge(store: Store, event_ids: list[str], who: str, why: str = "") -> Correction:
    """Make these events one; the first keeps its id (Correction.new), values re-fused from all reports."""
    events = list({e.event_id: e for e in (current_event(store, i) for i in event_ids)}.values())
    if len(events) < 2:
        raise ReviewError("a merge needs two or more different events")
    anchor = [r for e in events for r in e.report_ids]
    ids = [e.event_id for e in events]
    return _record(store, Correction(0, ids[0], "merge", anchor=anchor, old=ids, new=ids[0]), who, why)


def move_report(store: Store, report_id: str, from_event_id: str, who: str, why: str = "") -> Correction:
    """Take a report out of its event into an event of its own (its id is Correction.new)."""
    from eventfold.review.apply import moved_event_id

    event = current_event(store, from_event_id)
    if report_id not in event.report_ids:
        raise UnknownEvent(f"report {report_id} is not in event {event.event_id}")
    if len(event.report_ids) == 1:
        raise ReviewError(f"report {report_id} is the only report of {event.event_id}: nothing to move it from")
    return _record(store, Correction(0, event.event_id, "move", anchor=event.report_ids, field="report",
                                     old=report_id, new=moved_event_id(report_id)), who, why)


def undo(store: Store, correction_id: int, who: str) -> Correction:
    """Withdraw a correction (kept in the log, marked undone, with who undid it and when)."""
    from eventfold.store.review import correction_by_id, mark_undone

    found = correction_by_id(store, _whole(correction_id, "correction id"))
    if found is None:
        raise UnknownEvent(f"no correction #{correction_id}")
    if found.undone:
        raise ReviewError(f"correction #{correction_id} was already undone by {found.undone_by} at {found.undone_at}")
    mark_undone(store, found.correction_id, _who(who))
    return correction_by_id(store, found.correction_id)


def corrections(store: Store, event_id: Optional[str] = None) -> list[Correction]:
    """The log, oldest first; with `event_id`, those made on that event or on reports it now holds
    (undone ones included, marked)."""
    from eventfold.review.apply import reviewed_event
    from eventfold.store.review import all_corrections

    log = all_corrections(store)
    if event_id is None:
        return log
    event = reviewed_event(store, event_id)
    reports = set(event.report_ids) if event else set()
    ids = {event_id, event.event_id} if event else {event_id}
    return [c for c in log if c.event_id in ids or (c.kind != "edit" and c.new in ids) or reports.intersection(c.anchor)]


def current_event(store: Store, event_id: str) -> Event:
    """The event as the analyst sees it (corrections applied); UnknownEvent when there is none."""
    from eventfold.review.apply import reviewed_event

    event = reviewed_event(store, str(event_id))
    if event is None:
        raise UnknownEvent(f"no event {event_id}")
    return event


def _record(store: Store, correction: Correction, who: str, why: str) -> Correction:
    from eventfold.store.review import add_correction

    correction.who, correction.why = _who(who), (why or "").strip()
    return add_correction(store, correction)


def _who(who: str) -> str:
    if not who or not str(who).strip():
        raise ReviewError("say who makes the correction (who is empty)")
    return str(who).strip()


# ---------------------------------------------------------------- values


def parse_value(store: Store, event: Event, field: str, value: object):
    """The value of an edit as stored (JSON-able), checked; ReviewError names what is wrong."""
    if field in _FIGURES:
        return None if _empty(value) else _whole(value, field)
    if field in ("actor1", "actor2"):
        return None if _empty(value) else str(value).strip()
    if field in _CATEGORIES:
        return _category(field, value, event)
    if field == "event_date":
        return _date(value)
    if field == "place":
        return _place(store, value)
    return _acled_type(field, value, event)


def _category(field: str, value: object, event: Event) -> int:
    from eventfold.extract.acled_types import INTER_CODES
    from eventfold.review.actors import category_code

    if not getattr(event, field.removesuffix("_category")):
        raise ReviewError(f"{event.event_id} has no {field.removesuffix('_category')} to give a category")
    code = category_code(value)
    if code is None:
        raise ReviewError(f"unknown ACLED actor category {value!r}; one of: {', '.join(INTER_CODES.values())}"
                          " (or its code 1-8)")
    return code


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "none", "null"))


# The largest whole number SQLite stores (a signed 64-bit integer): a larger id names no row.
LARGEST_ID = 2 ** 63 - 1


def _whole(value: object, what: str) -> int:
    try:
        number = float(value) if isinstance(value, str) else value
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            raise ValueError
        if number != int(number) or number < 0:
            raise ValueError
    except (TypeError, ValueError):
        raise ReviewError(f"{what} must be a whole number >= 0, not {value!r}") from None
    if number > LARGEST_ID:
        raise ReviewError(f"{what} must be at most {LARGEST_ID}, not {value!r}")
    return int(number)


def _date(value: object) -> str:
    from eventfold.model import first_day_of

    text = str(value).strip() if value is not None else ""
    if not _DATE.fullmatch(text) or first_day_of(text) is None:
        raise ReviewError(f"event_date must be YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}")
    return text


def _acled_type(field: str, value: object, event: Event) -> str:
    from eventfold.extract.acled_types import BY_NAME, EVENT_TYPES

    text = str(value).strip() if value is not None else ""
    if field == "sub_event_type":
        if text not in BY_NAME:
            raise ReviewError(f"unknown ACLED sub-event type {value!r}; one of: {', '.join(BY_NAME)}")
        return text
    if text not in EVENT_TYPES:
        raise ReviewError(f"unknown ACLED event type {value!r}; one of: {', '.join(EVENT_TYPES)}")
    current = BY_NAME.get(event.sub_event_type)
    if current is not None and current.event_type != text:
        raise ReviewError(f"sub-event type {event.sub_event_type!r} is not of type {text!r}: edit sub_event_type"
                          " (it sets the type too)")
    return text


def _place(store: Store, value: object) -> Optional[dict]:
    """A geonameid (the store's places, then the gazetteer) or a described place."""
    if _empty(value):
        return None
    if isinstance(value, str) and value.lstrip().startswith("{"):  # a described place, as a form sends it
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise ReviewError(f"place: not a JSON object ({error})") from None
    if isinstance(value, dict) and set(value) == {"geonameid"}:
        value = value["geonameid"]
    if isinstance(value, dict):
        return _described_place(value)
    place = _known_place(store, _whole(value, "place (a geonameid)"))
    if place is None:
        raise ReviewError(f"no place with geonameid {value} in the store or the gazetteer")
    return asdict(place)


def _known_place(store: Store, geonameid: int):
    from eventfold.store.review import stored_place

    place = stored_place(store, geonameid)
    if place is None:
        try:
            from eventfold.annotate.gazetteer import Gazetteer

            place = Gazetteer.open().get(geonameid)
        except (OSError, RuntimeError):  # no gazetteer cache and nothing to build it from
            place = None
    return place


def _described_place(value: dict) -> dict:
    from eventfold.annotate.gazetteer import stable_id

    unknown = set(value) - set(_PLACE_KEYS) - {"geonameid"}
    if unknown:
        raise ReviewError(f"place: unknown keys {', '.join(sorted(unknown))}; use {', '.join(_PLACE_KEYS)}")
    name = str(value.get("name") or "").strip()
    try:
        latitude, longitude = float(value["latitude"]), float(value["longitude"])
    except (KeyError, TypeError, ValueError):
        raise ReviewError("place needs a name, a latitude and a longitude (numbers)") from None
    if not name or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ReviewError(f"place needs a name and a latitude in [-90, 90], longitude in [-180, 180]: {value!r}")
    country = str(value["country"]).strip().upper() if value.get("country") else None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise ReviewError(f"place country must be an ISO 3166-1 alpha-2 code, not {value['country']!r}")
    precision = _whole(value.get("geo_precision", 1), "place geo_precision")
    if precision not in (1, 2, 3):
        raise ReviewError("place geo_precision must be 1 (town), 2 (near a town) or 3 (province)")
    return asdict(Place(geonameid=stable_id(name, latitude, longitude), name=name, latitude=latitude,
                        longitude=longitude, country=country, admin1=value.get("admin1") or None,
                        admin2=value.get("admin2") or None, geo_precision=precision))
