"""The ACLED inter code of an actor an analyst put on an event, so that the exported inter1/inter2
and interaction follow an actor edit instead of keeping the code of the actor it replaced.

The code comes from the same knowledge the machine used, in this order:
1. a report of the event naming this actor on either side: its code (fusion's rule, "the inter
   codes of a report naming them", fuse/values.py), read by extraction in the article's context;
2. the store's canonical entity of that name or alias: its category (dictionary or inferred);
3. the shipped actor dictionary: the entry's category on the event's date;
4. ACLED's state-force names ("Military Forces of Mali": State forces at home, External/Other
   forces abroad) and the names that state their category ("Civilians (Sudan)"), as extraction
   reads them (annotate/actors.py `state_category`, extract/events.py CATEGORY_OF_NAME_PREFIX).
An actor none of these knows gets no code (None): the old actor's code would be wrong.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from eventfold.extract.acled_types import INTER_BY_CATEGORY, INTER_CODES
from eventfold.model import Event, first_day_of
from eventfold.store.db import Store

STATE_FORCE_PREFIXES = ("Military Forces of ", "Police Forces of ")


def inter_code_of(store: Store, event: Event, name: Optional[str]) -> Optional[int]:
    """ACLED's inter code (1-8) of actor `name` on `event`; None for no actor or an unknown one."""
    if not name:
        return None
    from_report = _code_in_reports(store, event, name)
    if from_report is not None:
        return from_report
    category = _category_of(store, event, name)
    return INTER_BY_CATEGORY.get(category) if category else None


def category_code(value: object) -> Optional[int]:
    """An inter code from what an analyst types: the code (1-8) or the category's name; None if neither."""
    text = str(value).strip() if value is not None else ""
    if text.isdigit() and int(text) in INTER_CODES:
        return int(text)
    by_lower = {label.lower(): code for code, label in INTER_CODES.items()}
    return by_lower.get(text.lower())


def _code_in_reports(store: Store, event: Event, name: str) -> Optional[int]:
    from eventfold.store.extractions import reports_by_id

    for report in reports_by_id(store, event.report_ids):
        for actor, code in ((report.actor1, report.inter1), (report.actor2, report.inter2)):
            if actor == name and code:
                return code
    return None


def _category_of(store: Store, event: Event, name: str) -> Optional[str]:
    from eventfold.extract.events import CATEGORY_OF_NAME_PREFIX
    from eventfold.store.review import entity_category

    category = entity_category(store, name)
    if category:
        return category
    entry = _dictionary().lookup(name)
    if entry is not None and entry.category:
        day = first_day_of(event.date.value) if event.date and event.date.value else None
        return entry.category_on(day) if day else entry.category
    if name.startswith(STATE_FORCE_PREFIXES):
        return _state_category(name.split(" of ", 1)[1], event)
    return next((category for prefix, category in CATEGORY_OF_NAME_PREFIX.items() if name.startswith(prefix)), None)


def _state_category(force_country: str, event: Event) -> str:
    from eventfold.annotate import actor_lexicon as lex
    from eventfold.annotate.actors import state_category

    home = lex.country_name(event.place.country) if event.place and event.place.country else None
    return state_category(force_country, home)


@lru_cache(maxsize=1)
def _dictionary():
    """The shipped actor dictionary, read once per process."""
    from eventfold.annotate.entities import ActorDictionary

    return ActorDictionary.load()
