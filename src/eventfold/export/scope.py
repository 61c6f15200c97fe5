"""Which events a dataset holds: ACLED's scope, or every occurrence the articles report.

The product's dataset is ACLED's: six event types of political violence, protest and strategic
developments. Occurrences ACLED does not code (an earthquake, a trial, a takeover, an accidental shooting: event
type "Other", extract/occurrences.py) are kept and fused like the others, but `export`, `brief` and
the web app leave them out unless asked (`--scope all`); `events` shows them, marked.
"""

from __future__ import annotations

from eventfold.extract.occurrences import OTHER

ACLED_SCOPE = "acled"
ALL_SCOPE = "all"
SCOPES = (ACLED_SCOPE, ALL_SCOPE)
# What each scope holds, for `--help`.
SCOPE_HELP = ("acled: ACLED's event types only (the ACLED dataset); all: also occurrences ACLED does not "
              "code (disasters, accidents, crime, trials, deaths, appointments, elections, contests, "
              "business deals, releases...), with event_type \"Other\" and their kind as sub_event_type.")


def in_scope(event_type: str | None, scope: str = ACLED_SCOPE) -> bool:
    """Whether an event (or report) of this type belongs to a dataset of this scope."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r} (one of {', '.join(SCOPES)})")
    return scope == ALL_SCOPE or not is_outside_acled(event_type)


def is_outside_acled(event_type: str | None) -> bool:
    """An occurrence of a kind ACLED does not code."""
    return event_type == OTHER
