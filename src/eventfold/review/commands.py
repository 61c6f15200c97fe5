"""`eventfold review ...`: analysts' corrections from the command line (registered in cli.py)."""

from __future__ import annotations

import getpass
import os
from dataclasses import asdict

import click

from eventfold.review.corrections import EDITABLE_FIELDS


def _default_who() -> str:
    return os.environ.get("EVENTFOLD_USER") or getpass.getuser()


def _who_option(command):
    return click.option("--who", default=_default_who, show_default="$EVENTFOLD_USER or the login name",
                        help="Who makes the correction.")(command)


def _why_option(command):
    return click.option("--why", "-m", default="", help="Why: the note kept with the correction.")(command)


def _run(ctx: click.Context, action):
    """Run a correction on the --db store; print it; a refused one is one line on stderr."""
    from eventfold.cli import _open_store
    from eventfold.review import ReviewError

    store = _open_store(ctx)
    with store:
        try:
            correction = action(store)
        except ReviewError as error:
            raise click.ClickException(str(error))
    click.echo(correction_line(asdict(correction)))


def _event_id(store, given: str) -> str:
    """An event id, or a unique prefix of one (as `articles show` takes article ids)."""
    from eventfold.review import ReviewError, reviewed_event
    from eventfold.store.review import event_ids_starting

    if reviewed_event(store, given) is not None:
        return given
    found = event_ids_starting(store, given)
    if len(found) > 1:
        raise ReviewError(f"{given} is the start of several event ids ({', '.join(found)}, ...): give more of it")
    return found[0] if found else given


@click.group()
def review() -> None:
    """Analysts' corrections of events, kept as data (who, when, why) and applied on top of the
    machine's output: they survive `process`, `process --force` and `fuse --rebuild`. An event id
    may be shortened to a unique prefix."""


@review.command("log")
@click.option("--event", "event_id", help="Only the corrections bearing on this event.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines.")
@click.pass_context
def log(ctx, event_id, as_json):
    """List the corrections, oldest first (undone ones marked)."""
    from eventfold.cli import _emit, _open_store
    from eventfold.review import ReviewError, corrections

    store = _open_store(ctx.find_root())
    with store:
        try:
            found = corrections(store, _event_id(store, event_id) if event_id else None)
        except ReviewError as error:
            raise click.ClickException(str(error))
        for correction in found:
            _emit(as_json, asdict(correction), correction_line)


def correction_line(row: dict) -> str:
    what = {"edit": lambda: f"{row['field']}: {_shown(row['old'])} → {_shown(row['new'])}",
            "merge": lambda: f"merged {', '.join(row['old'] or [])} into {row['new']}",
            "move": lambda: f"moved report {row['old']} out to {row['new']}"}.get(row["kind"], lambda: row["kind"])()
    undone = f"  [undone by {row['undone_by']} at {row['undone_at']}]" if row["undone"] else ""
    why = f" — {row['why']}" if row["why"] else ""
    return f"#{row['correction_id']}  {row['when']}  {row['who']}  {row['event_id']}  {what}{why}{undone}"


def _shown(value) -> str:
    if isinstance(value, dict):
        return f"{value.get('name')} ({value.get('latitude')}, {value.get('longitude')})"
    return "none" if value is None else str(value)


@review.command("accept")
@click.argument("event_id")
@_who_option
@_why_option
@click.pass_context
def accept_command(ctx, event_id, who, why):
    """Mark an event as checked and right."""
    from eventfold.review import accept

    _run(ctx.find_root(), lambda store: accept(store, _event_id(store, event_id), who, why))


@review.command("reject")
@click.argument("event_id")
@_who_option
@_why_option
@click.pass_context
def reject_command(ctx, event_id, who, why):
    """Take an event out of the dataset (`events --fused --rejected` still lists it)."""
    from eventfold.review import reject

    _run(ctx.find_root(), lambda store: reject(store, _event_id(store, event_id), who, why))


@review.command("edit")
@click.argument("event_id")
@click.argument("field", type=click.Choice(EDITABLE_FIELDS))
@click.argument("value")
@_who_option
@_why_option
@click.pass_context
def edit_command(ctx, event_id, field, value, who, why):
    """Set one field of an event. VALUE: an ACLED type or sub-event type; a date (YYYY-MM-DD,
    YYYY-MM, YYYY); a place as a geonameid or a JSON object with name, latitude, longitude
    (country, admin1 optional); an actor name; a figure; an actor's ACLED category (actor1_category,
    actor2_category: "State forces" ... "External/Other forces", or its code 1-8). "none" clears an
    actor or a figure. An actor edit also sets the actor's inter code (its category)."""
    from eventfold.review import edit

    _run(ctx.find_root(), lambda store: edit(store, _event_id(store, event_id), field, value, who, why))


@review.command("merge")
@click.argument("event_ids", nargs=-1, required=True)
@_who_option
@_why_option
@click.pass_context
def merge_command(ctx, event_ids, who, why):
    """Make these events one (the first keeps its id)."""
    from eventfold.review import merge

    _run(ctx.find_root(), lambda store: merge(store, [_event_id(store, i) for i in event_ids], who, why))


@review.command("move")
@click.argument("report_id")
@click.option("--from", "from_event_id", required=True, help="The event the report is in now.")
@_who_option
@_why_option
@click.pass_context
def move_command(ctx, report_id, from_event_id, who, why):
    """Take a report out of its event into an event of its own."""
    from eventfold.review import move_report

    _run(ctx.find_root(), lambda store: move_report(store, report_id, _event_id(store, from_event_id), who, why))


@review.command("undo")
@click.argument("correction_id", type=int)
@_who_option
@click.pass_context
def undo_command(ctx, correction_id, who):
    """Withdraw a correction (the log keeps it, marked undone)."""
    from eventfold.review import undo

    _run(ctx.find_root(), lambda store: undo(store, correction_id, who))
