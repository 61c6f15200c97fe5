"""The `eventfold` command line: parses arguments, calls pipeline/store/evaluate, prints.

Exit status: 0 when everything went through, 1 when some input failed (the rest was still
processed), 2 on a usage error, 130 when interrupted.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Optional

import click

from eventfold import __version__
from eventfold.model import Article

DEFAULT_DB = "eventfold.db"

# Evaluation tasks: name -> module in eventfold.evaluate exposing evaluate(data, limit) -> dict.
EVAL_TASKS = {
    "extract-html": "extract_html",
    "pubdate": "pubdate",
    "geo": "geo",
    "time": "time",
    "case2021": "case2021",
    "acled": "acled",
    "isaf": "isaf",
    "wikievents": "wikievents",
    "gva": "gva",
    "ecbplus": "ecbplus",
    "dataset": "dataset",
}


def _emit(as_json: bool, row: dict, line) -> None:
    """One record: a JSON object per line with --json, else the command's one-line summary."""
    click.echo(json.dumps(row, ensure_ascii=False) if as_json else line(row))


class UsageFailure(click.ClickException):
    """A one-line error with the usage-error status (2), without click's usage banner."""

    exit_code = 2


def _open_store(ctx: click.Context, create: bool = False):
    """The --db store; only commands that add articles pass `create` (read commands never make one)."""
    from eventfold.store import Store, StoreError
    from eventfold.store.db import StoreMissing

    try:
        return Store.open(ctx.obj["db"], create=create)
    except StoreMissing as error:
        raise UsageFailure(str(error))
    except StoreError as error:
        raise click.ClickException(str(error))


class _Commands(click.Group):
    """The command group; a store failure met mid-command (a lock held too long) is one line, not a traceback."""

    def invoke(self, ctx: click.Context):
        from eventfold.store import StoreError

        try:
            return super().invoke(ctx)
        except StoreError as error:
            raise click.ClickException(str(error))


def _actor_files(values: tuple[str, ...]) -> tuple[str, ...]:
    """Paths of the --actors files; a packaged pack may be named by its short name."""
    from eventfold.annotate.entities import actor_file_path

    try:
        return tuple(str(actor_file_path(value)) for value in values)
    except FileNotFoundError as error:
        raise click.BadParameter(str(error), param_hint="--actors")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="EVENTFOLD_DB", help="SQLite store file.")
@click.option("--actors", "actor_files", multiple=True, callback=lambda ctx, param, value: _actor_files(value),
              help="Extra actor dictionary (YAML or CSV) extending the shipped one, or a packaged pack by "
                   "name (e.g. afghanistan); repeatable. Also EVENTFOLD_ACTORS (paths separated by ':').")
@click.version_option(__version__, prog_name="eventfold")
@click.pass_context
def main(ctx: click.Context, db: str, actor_files: tuple[str, ...]) -> None:
    """eventfold: fold news coverage into a structured, source-attributed event dataset."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    from_env = tuple(p for p in os.environ.get("EVENTFOLD_ACTORS", "").split(os.pathsep) if p)
    ctx.obj["actor_files"] = actor_files + from_env


# ---------------------------------------------------------------- ingest / process


def _parse_retrieved_at(value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"not an ISO date or date-time: {value!r}", param_hint="--retrieved-at")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--retrieved-at", help="When the inputs were fetched (ISO date/time); anchors relative stamps like '2 days ago'.")
@click.option("--date-order", type=click.Choice(["DMY", "MDY", "YMD"], case_sensitive=False),
              help="Read ambiguous numeric dates like 09/04/2021 in this order.")
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be ingested.")
@click.option("--no-process", is_flag=True, help="Only store the articles; run `eventfold process` later.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="ray: run the stages through Ray Data, on a cluster or all local cores (pip install eventfold[ray]).")
@click.option("--address", help="--engine ray: the cluster to join (ray://HOST:10001); default $RAY_ADDRESS, else a local Ray.")
@click.option("--parquet-out", type=click.Path(file_okay=False),
              help="--engine ray: also write the articles, reports and claims as Parquet into this folder.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that annotate and extract (the store is written by one); default: all cores.")
@click.pass_context
def ingest(ctx, inputs, retrieved_at, date_order, strict, no_process, quiet, engine, address, parquet_out, jobs):
    """Store articles from files, folders (recursively) and '-' (standard input), then process them.

    Reads plain-text dumps, HTML (.html/.htm, gzipped too), JSON / JSON Lines, RSS/Atom feeds and WARC.
    """
    from eventfold.ingest import IngestOptions
    from eventfold.pipeline import StrictStop, ingest as run_ingest

    options = IngestOptions(retrieved_at=_parse_retrieved_at(retrieved_at),
                            date_order=date_order.upper() if date_order else None)
    runner = _ray_runner(address, parquet_out, jobs) if engine == "ray" else _local_runner(run_ingest, jobs)
    if engine != "ray" and (address or parquet_out):
        raise click.UsageError("--address and --parquet-out go with --engine ray")
    store = _open_store(ctx, create=True)
    stdin = sys.stdin.buffer if "-" in inputs else None
    try:
        report = runner(store, inputs, options, stdin=stdin, strict=strict, run_stages=not no_process,
                            actor_files=ctx.obj["actor_files"],
                            on_message=lambda m: click.echo(m, err=True), progress=_progress(quiet, "ingest"),
                            process_progress=_progress(quiet, "annotate", unit="chunk"))
    except StrictStop as stop:
        click.echo(f"stopped (--strict): {stop.problem}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("interrupted: articles committed before this point are stored; the rest was not", err=True)
        sys.exit(130)
    finally:
        store.close()
    if not quiet:
        click.echo(
            f"stored {len(report.stored)} article(s) ({report.near_duplicates} linked as near-duplicates), "
            f"{report.duplicates} already stored, {report.failed} failed; store: {ctx.obj['db']}",
            err=True,
        )
    failed_articles = getattr(report, "failed_articles", 0)
    if failed_articles:
        click.echo(f"{failed_articles} article(s) could not be processed: `eventfold articles --failed`", err=True)
    sys.exit(1 if report.failed or failed_articles else 0)


def _local_runner(run_ingest, jobs: Optional[int]):
    """`pipeline.ingest` with its worker processes (--jobs, default all cores)."""
    from functools import partial

    from eventfold.pipeline import default_jobs

    return partial(run_ingest, jobs=jobs or default_jobs())


def _ray_runner(address: Optional[str], parquet_out: Optional[str], jobs: Optional[int]):
    """`pipeline.ingest`'s counterpart on Ray, bound to the cluster address, the Parquet folder and
    the number of actors (`--jobs`; default: one per CPU of the cluster)."""
    from functools import partial

    from eventfold.engines.ray_engine import RayUnavailable, ingest_with_ray, require_ray

    try:
        require_ray()
    except RayUnavailable as error:
        raise click.ClickException(str(error))
    return partial(ingest_with_ray, address=address, parquet_out=parquet_out, workers=jobs)


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--from-file", "from_file", type=click.Path(exists=True, dir_okay=False),
              help="Read the URLs from this file, one per line (lines starting with '#' are comments).")
@click.option("--feed", is_flag=True, help="The URLs are RSS/Atom feeds: fetch the page of each of their items.")
@click.option("--rate", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host (a longer robots.txt Crawl-delay wins).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, help="Seconds per request.")
@click.option("--warc", "warc_path", type=click.Path(dir_okay=False),
              help="Keep the fetched pages in this WARC file (default: fetched-TIME.warc.gz beside the store).")
@click.option("--no-process", is_flag=True, help="Only store the articles; run `eventfold process` later.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.pass_context
def fetch(ctx, urls, from_file, feed, rate, timeout, warc_path, no_process, quiet):
    """Fetch pages (or feeds' items) politely into a WARC file, then ingest it.

    Obeys robots.txt, waits --rate seconds between requests to one host and names itself in the
    User-Agent. Only the URLs given are fetched; nothing else ever goes to the network.
    """
    from eventfold.ingest.fetch import PoliteFetcher, fetch_pages, write_warc

    wanted = list(urls) + (_url_lines(from_file) if from_file else [])
    if not wanted:
        raise click.UsageError("give URLs or --from-file FILE")
    fetcher = PoliteFetcher(rate=rate, timeout=timeout)
    try:
        report = fetch_pages(wanted, fetcher, feeds=feed, on_message=lambda m: click.echo(m, err=True))
    finally:
        fetcher.close()
    if not report.fetched:
        click.echo("nothing fetched", err=True)
        sys.exit(1)
    warc_path = warc_path or _default_warc_path(ctx.obj["db"])
    write_warc(report.fetched, warc_path)
    if not quiet:
        click.echo(f"fetched {len(report.fetched)} page(s) into {warc_path}; {len(report.problems)} not fetched", err=True)
    try:
        ctx.invoke(ingest, inputs=(warc_path,), no_process=no_process, quiet=quiet)
    except SystemExit as done:
        sys.exit(1 if report.problems or done.code else 0)


def _url_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]


def _default_warc_path(db: str) -> str:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    return str(Path(db).resolve().parent / f"fetched-{stamp}.warc.gz")


def _progress(quiet: bool, label: str, unit: str = "file"):
    """A progress bar on a terminal; silent otherwise."""

    def wrap(items):
        if quiet or not sys.stderr.isatty():
            return items
        from tqdm import tqdm

        return tqdm(items, desc=label, unit=unit, file=sys.stderr)

    return wrap


@main.command()
@click.option("--force", is_flag=True, help="Recompute even annotations that are up to date (failed articles too).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that annotate and extract (the store is written by one); default: all cores.")
@click.pass_context
def process(ctx, force, quiet, jobs):
    """Finish the processing stages on stored articles: those an interrupted run left behind, or
    whose content, models or code changed; failed articles are skipped (`articles --failed`)."""
    from eventfold.pipeline import default_jobs, process as run_process

    from eventfold.store.processing import failed_articles

    store = _open_store(ctx)
    with store:
        failed_before = {(f.article_id, f.failed_at) for f in failed_articles(store)}
        count = run_process(store, force=force, actor_files=ctx.obj["actor_files"], jobs=jobs or default_jobs(),
                            on_message=lambda m: click.echo(m, err=True),
                            progress=_progress(quiet, "process", unit="article"))
        newly_failed = {(f.article_id, f.failed_at) for f in failed_articles(store)} - failed_before
    click.echo(f"processed {count} article(s)", err=True)
    if newly_failed:
        click.echo(f"{len(newly_failed)} article(s) failed; see `eventfold articles --failed`", err=True)
        ctx.exit(1)


# ---------------------------------------------------------------- articles / search


def article_json(article: Article) -> dict:
    """The export row of an article plus what `articles --json` shows of it: byline, text, captions."""
    from eventfold.export.rows import article_row

    return {**article_row(article), "byline": article.byline, "text": article.text, "captions": article.captions}


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--failed", is_flag=True, help="Only articles that could not be processed, with the reason.")
@click.pass_context
def articles(ctx, as_json, failed):
    """List stored articles (or `articles show ID`, `articles remove ID`)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj["json"] = as_json
        return
    store = _open_store(ctx)
    with store:
        if failed:
            _list_failed_articles(store, as_json)
            return
        for article in store.articles():
            if as_json:
                click.echo(json.dumps(article_json(article), ensure_ascii=False))
            else:
                click.echo(_article_line(article))


def _article_line(article: Article) -> str:
    date = article.published or "date unknown"
    copy = f"  [copy of {article.duplicate_of}]" if article.duplicate_of else ""
    return f"{article.article_id}  {date:<10}  {(article.outlet or '?')[:24]:<24}  {article.title or '(untitled)'}{copy}"


def _list_failed_articles(store, as_json: bool) -> None:
    from dataclasses import asdict

    from eventfold.store.processing import failed_articles

    for row in failed_articles(store):
        _emit(as_json, asdict(row), lambda r: f"{r['article_id']}  {r['failed_at']}  {r['location'] or '?'}: {r['reason']}")


@articles.command("remove")
@click.argument("article_ids", nargs=-1, required=True)
@click.pass_context
def articles_remove(ctx, article_ids):
    """Remove articles (by id or unique id prefix) with their annotations, reports and claims; the
    events they were part of are re-fused."""
    from eventfold.pipeline import remove_article

    store = _open_store(ctx)
    with store:
        for article_id in article_ids:
            removed = remove_article(store, article_id)
            if removed is None:
                raise click.ClickException(f"no article with id {article_id!r}")
            click.echo(f"removed {removed}", err=True)


@articles.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def articles_list(ctx, as_json):
    """List stored articles."""
    ctx.invoke(articles, as_json=as_json or ctx.obj.get("json", False))


@articles.command("show")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article as one JSON object.")
@click.pass_context
def articles_show(ctx, article_id, as_json):
    """Show one article (by id or unique id prefix): metadata, text and captions."""
    store = _open_store(ctx)
    with store:
        article = store.article(article_id)
    if article is None:
        raise click.ClickException(f"no article with id {article_id!r}")
    if as_json or ctx.obj.get("json"):
        click.echo(json.dumps(article_json(article), ensure_ascii=False))
        return
    for key in ("article_id", "title", "outlet", "byline", "url", "path", "published"):
        click.echo(f"{key:>12}: {getattr(article, key) or ''}")
    click.echo(f"{'date from':>12}: {article.published_precision or ''} {article.published_source}")
    if article.duplicate_of:
        click.echo(f"{'copy of':>12}: {article.duplicate_of}")
    click.echo("")
    click.echo(article.text)
    for caption in article.captions:
        click.echo(f"\n[caption] {caption}")


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="Most results to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def search(ctx, query, limit, as_json):
    """Full-text search over titles, texts and captions (SQLite FTS5 syntax: words, "phrases", OR, NEAR)."""
    from eventfold.store import StoreError

    store = _open_store(ctx)
    with store:
        try:
            results = store.search(query, limit)
        except StoreError as error:
            raise click.ClickException(str(error))
    for article, snippet in results:
        if as_json:
            click.echo(json.dumps({"article_id": article.article_id, "title": article.title, "snippet": snippet},
                                  ensure_ascii=False))
        else:
            click.echo(f"{article.article_id}  {article.title or '(untitled)'}\n    {snippet}")


# ---------------------------------------------------------------- language layer


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per canonical entity.")
@click.pass_context
def entities(ctx, as_json):
    """Canonical actors (people, organisations, armed groups) with aliases and mention counts."""
    from eventfold.export.rows import entity_row
    from eventfold.store.annotations import entities as stored_entities

    store = _open_store(ctx)
    with store:
        for entity, mentions in stored_entities(store):
            _emit(as_json, entity_row(entity, mentions), _entity_line)


def _entity_line(row: dict) -> str:
    aliases = ", ".join(a for a in row["aliases"] if a != row["name"])
    return f"{row['mentions']:>4}  {row['name']:<32} {row['type']:<13} {row['category'] or '-':<22} {aliases}"


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per resolved place.")
@click.pass_context
def places(ctx, as_json):
    """Resolved places with coordinates, admin areas and mention counts."""
    from eventfold.store.annotations import places as stored_places

    store = _open_store(ctx)
    with store:
        for place, mentions in stored_places(store):
            row = {"name": place.name, "geonameid": place.geonameid, "latitude": place.latitude,
                   "longitude": place.longitude, "admin1": place.admin1, "admin2": place.admin2,
                   "country": place.country, "feature_class": place.feature_class, "mentions": mentions}
            _emit(as_json, row, _place_line)


def _place_line(row: dict) -> str:
    where = ", ".join(x for x in (row["admin2"], row["admin1"], row["country"]) if x)
    return (f"{row['mentions']:>4}  {row['name']:<24} {row['latitude']:8.4f} {row['longitude']:9.4f}  "
            f"{row['feature_class'] or '?'}  {where}  (geonames {row['geonameid']})")


@main.command()
@click.argument("article_id")
@click.pass_context
def show(ctx, article_id):
    """An article's text with its annotations: [entity], {place}, <time> marked inline."""
    from eventfold.store.annotations import article_annotations

    store = _open_store(ctx)
    with store:
        article = store.article(article_id)
        if article is None:
            raise click.ClickException(f"no article with id {article_id!r}")
        annotations = article_annotations(store, article.article_id)
    click.echo(f"{article.article_id}  {article.title or '(untitled)'}  [{article.outlet or '?'}, "
               f"{article.published or 'date unknown'}]")
    if annotations is None:
        click.echo("(not annotated yet: run `eventfold process`)")
        click.echo(article.text)
        return
    if annotations.publication_estimate and annotations.publication_estimate.value:
        estimate = annotations.publication_estimate
        click.echo(f"estimated publication date: {estimate.value} ({estimate.earliest}..{estimate.latest}; {estimate.source})")
    for part, text in article.parts():
        click.echo(f"\n--- {part}")
        click.echo(_marked(text, part, annotations))


def _marked(text: str, part: str, annotations) -> str:
    """Inline markup of one part's annotations, outermost first where they overlap."""
    marks = []
    for m in annotations.mentions:
        if m.span.part == part:
            marks.append((m.span.start, m.span.end, "[", f"|{m.entity_id or m.label}]"))
    for p in annotations.places:
        if p.span.part == part:
            where = f"{p.place.name},{p.place.country} {p.place.latitude:.2f},{p.place.longitude:.2f}" if p.place else "?"
            marks.append((p.span.start, p.span.end, "{", f"|{where}}}"))
    for t in annotations.times:
        if t.span.part == part:
            marks.append((t.span.start, t.span.end, "<", f"|{t.value.value or '?'}>"))
    inserts: list[tuple[int, int, str]] = []
    for start, end, opening, closing in marks:
        inserts.append((start, 1, opening))
        inserts.append((end, 0, closing))
    out, last = [], 0
    for position, _, token in sorted(inserts, key=lambda x: (x[0], x[1])):
        out.append(text[last:position])
        out.append(token)
        last = position
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------- extraction


def _min_confidence_option(command):
    """--min-confidence: hide events (and event reports) less likely than this to be real events."""
    from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE

    return click.option(
        "--min-confidence", type=click.FloatRange(0, 1), default=DEFAULT_MIN_CONFIDENCE, show_default=True,
        help="Only events whose calibrated confidence of being a real event reaches this (0 shows all; "
             "the default maximised event-or-not F1 on held-apart data).")(command)


def _scope_option(default: str):
    """--scope: ACLED's event types only, or also the occurrences ACLED does not code (export/scope.py)."""
    from eventfold.export.scope import SCOPE_HELP, SCOPES

    return click.option("--scope", type=click.Choice(SCOPES), default=default, show_default=True, help=SCOPE_HELP)


def _record_options(noun: str):
    """--json and --article, shared by the commands that list extracted records."""

    def decorate(command):
        command = click.option("--article", "article_id", help=f"Only this article's {noun}s.")(command)
        return click.option("--json", "as_json", is_flag=True, help=f"One JSON object per {noun}.")(command)

    return decorate


@main.command()
@_record_options("event report")
@click.option("--all", "include_all", is_flag=True, help="Include background history (modality 'historical').")
@click.option("--fused", is_flag=True, help="The fused events (one per real event, all sources) instead of "
                                            "each article's reports; the rows of `eventfold export events`.")
@click.option("--rejected", "include_rejected", is_flag=True,
              help="With --fused: also the events analysts rejected (`eventfold review reject`).")
@_min_confidence_option
@_scope_option("all")
@click.pass_context
def events(ctx, as_json, include_all, fused, article_id, min_confidence, include_rejected=False, scope="all"):
    """Event reports extracted from each article (ACLED-typed, with actors, place, date and figures).

    With --fused: the events fused across sources, with their sources, claims and `contested`.
    Occurrences ACLED does not code (event type "Other") are shown marked; `--scope acled` hides them.
    """
    from eventfold.export.rows import report_row
    from eventfold.store.dataset import event_reports

    store = _open_store(ctx)
    with store:
        if fused:
            _list_fused_events(store, as_json, article_id, min_confidence, include_rejected, scope)
            return
        articles = {a.article_id: a for a in store.articles()}
        for report in event_reports(store, article_id, include_all, min_confidence, scope):
            _emit(as_json, report_row(report, articles.get(report.article_id)), _event_line)


def _list_fused_events(store, as_json: bool, article_id: Optional[str], min_confidence: float,
                       include_rejected: bool = False, scope: str = "acled") -> None:
    from eventfold.store.dataset import Shown, refresh_event_rows_if_free
    from eventfold.store.fusion import reports_await_fusion

    refresh_event_rows_if_free(store)
    shown = False
    for text in Shown(store, min_confidence, include_rejected, scope).row_texts():  # the rows fusion stored
        shown = True
        if as_json and not article_id:
            click.echo(text)
            continue
        row = json.loads(text)
        if not article_id or article_id in row["sources"]:
            _emit(as_json, row, _fused_event_line)
    if not shown and reports_await_fusion(store):
        click.echo("no fused events yet: run `eventfold fuse` (or `eventfold process`)", err=True)


def __getattr__(name: str):
    """`export_rows` and `event_rows` moved to export/rows.py; still importable from here (loaded lazily)."""
    if name in ("export_rows", "event_rows"):
        from eventfold.export import rows

        return getattr(rows, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _fused_event_line(row: dict) -> str:
    contested = "  CONTESTED" if row["contested"] else ""
    return f"{_event_summary(row)}  [{row['source_count']} source(s): {row['source'] or '?'}]{contested}"


def _event_line(row: dict) -> str:
    claimed = f" — claimed by {row['claimant']}" if row["claimant"] else ""
    return f"{_event_summary(row)}{claimed}  [{row['source'] or row['article_id']}]"


def _event_summary(row: dict) -> str:
    """Date, type, place, actors and figures of an event row (a report's or a fused event's)."""
    figures = ", ".join(f"{k} {row[k]}" for k in ("fatalities", "wounded", "captured") if row.get(k) is not None)
    who = " vs ".join(x for x in (row["actor1"], row["actor2"]) if x) or "?"
    from eventfold.export.scope import is_outside_acled

    outside = "  [not ACLED]" if is_outside_acled(row["event_type"]) else ""
    return (f"{row['event_date'] or '????-??-??'}  {row['sub_event_type']:<36} {row['location'] or '?':<18} "
            f"{who}{' (' + figures + ')' if figures else ''}{outside}")


@main.command()
@_record_options("claim")
@click.pass_context
def claims(ctx, as_json, article_id):
    """Claims: figures and statuses (casualties, force sizes, control of places) with who makes them."""
    from eventfold.export.rows import claim_row
    from eventfold.store.extractions import claims as stored_claims

    store = _open_store(ctx)
    with store:
        for claim in stored_claims(store, article_id):
            _emit(as_json, claim_row(claim), _claim_line)


def _claim_line(row: dict) -> str:
    denied = " (DENIED)" if row["polarity"] == "denied" else ""
    return (f"{row['kind']:<10} {row['subject'][:30]:<30} {row['value']:<14} by {row['claimant'] or '?'}"
            f"{denied} [{row['certainty']}]  {row['article_id']}")


@main.command()
@_record_options("quote")
@click.pass_context
def quotes(ctx, as_json, article_id):
    """Direct quotes with their speakers resolved to canonical people."""
    from eventfold.export.rows import quote_row
    from eventfold.store.extractions import quotes as stored_quotes

    store = _open_store(ctx)
    with store:
        for quote in stored_quotes(store, article_id):
            _emit(as_json, quote_row(quote), lambda row: f"{row['speaker'] or '?'}: “{row['text']}”  [{row['article_id']}]")


@main.command()
@click.option("--rebuild", is_flag=True, help="Forget the stored events and fuse every report again.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def fuse(ctx, rebuild, quiet):
    """Fuse event reports across sources into events (`process` does this for new articles)."""
    from eventfold.pipeline import fuse as run_fusion

    store = _open_store(ctx)
    with store:
        summary = run_fusion(store, rebuild=rebuild, progress=_progress(quiet, "fuse", unit="chunk"))
    click.echo(f"fused {summary.reports} report(s) of {summary.articles} article(s); "
               f"{summary.events_touched} event(s) updated", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per conflict.")
@click.pass_context
def conflicts(ctx, as_json):
    """Claims that disagree (figures, dates, control, force sizes), side by side with their claimants."""
    from eventfold.export.rows import conflict_row
    from eventfold.store.dataset import Shown, claims_by_ids

    store = _open_store(ctx)
    with store:  # the conflicts, their claims and those claims' outlets: nothing else is read
        found = Shown(store).all_conflicts()
        claims = {c.claim_id: c for c in claims_by_ids(store, list(dict.fromkeys(i for c in found for i in c.claim_ids)))}
        outlets = {a.article_id: a.outlet or a.article_id
                   for a in store.article_headers(sorted({c.article_id for c in claims.values()}))}
    for conflict in found:
        if as_json:
            click.echo(json.dumps(conflict_row(conflict), ensure_ascii=False))
            continue
        click.echo(f"{conflict.kind} of {conflict.subject}: {conflict.reason}  [{conflict.event_id or '-'}]")
        for line in _conflict_lines([claims[i] for i in conflict.claim_ids if i in claims], outlets):
            click.echo("    " + line)


def _conflict_lines(claims: list, outlets: dict[str, str]) -> list[str]:
    """One line per claimant and claim, in the brief's words, with the outlets that carry it: "Local
    elders: 12 people killed — carried by A, B", "The NRF denies: Panjshayr fell — carried by C",
    "Reported by D: ..." where the outlet itself asserts."""
    from eventfold.brief.wording import claim_line_text, claim_phrase, claimant_name

    carried: dict[tuple, list[str]] = {}
    for claim in claims:
        outlet = outlets[claim.article_id]
        own = claim.claimant is None or claim.claimant == outlet
        key = (None if own else claimant_name(claim).lower(), claim_phrase(claim), claim.polarity == "denied")
        names = carried.setdefault(key, [claimant_name(claim)])
        if outlet not in names[1:]:
            names.append(outlet)
    return [claim_line_text(names[0], phrase, denied=denied, unverified=False, outlets=tuple(names[1:]),
                            outlet_asserts=claimant is None) for (claimant, phrase, denied), names in carried.items()]


EXPORT_KINDS = ("events", "articles", "entities", "claims", "quotes", "conflicts")


@main.command()
@click.argument("kind", type=click.Choice(EXPORT_KINDS))
@click.option("--format", "fmt", type=click.Choice(("csv", "jsonl", "parquet", "geojson", "acled-csv")), default="csv",
              show_default=True, help="acled-csv: events as an ACLED drop-in CSV (ACLED's columns, order and formats).")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="File to write: a regular file (a device, fifo, folder or symbolic link is refused).")
@click.option("--raw-cells", is_flag=True, help="CSV: keep cells starting with = + - @ as they are (by default they "
                                                "get a leading ' so a spreadsheet does not run them as formulas).")
@_min_confidence_option
@_scope_option("acled")
@click.pass_context
def export(ctx, kind, fmt, out, raw_cells, min_confidence, scope="acled"):
    """Write events, articles, entities, claims, quotes or conflicts as CSV, JSON Lines, Parquet or GeoJSON."""
    from eventfold.export.rows import shown_rows
    from eventfold.export.schemas import SCHEMAS
    from eventfold.export.writers import SKIPPED_MEMBER, check_output_path, write_rows
    from eventfold.store.dataset import Shown, refresh_event_rows_if_free

    if fmt in ("geojson", "acled-csv") and kind != "events":
        raise click.ClickException(f"--format {fmt} is for `export events` only, not {kind}")
    if fmt == "acled-csv" and scope != "acled":
        raise click.ClickException("--format acled-csv holds ACLED's event types only: leave out --scope")
    _check_out(out, check_output_path)
    store = _open_store(ctx)
    with store:  # rows are read from the store as they are written, not all held first
        if kind == "events":
            refresh_event_rows_if_free(store)
        shown = Shown(store, min_confidence, scope=scope)
        if fmt == "acled-csv":
            from eventfold.export.acled import ACLED_COLUMNS, shown_acled_rows

            rows, columns, fmt = shown_acled_rows(shown), ACLED_COLUMNS, "csv"
        else:
            rows, columns = shown_rows(kind, shown), SCHEMAS.get(kind)
        try:
            result = write_rows(rows, fmt, out, columns=columns, raw_cells=raw_cells)
        except ValueError as error:
            raise click.ClickException(str(error))
        except OSError as error:
            raise click.ClickException(f"{out}: cannot write ({error.strerror or error})")
    if result.skipped:
        click.echo(f"warning: {result.skipped} event(s) without coordinates left out of {out} "
                   f"(counted in its \"{SKIPPED_MEMBER}\" member)", err=True)
    click.echo(f"{out}: {result}", err=True)


def _check_out(out: str, check) -> None:
    """Refuse an --out that is not a regular file before any work is done."""
    try:
        check(out)
    except ValueError as error:
        raise click.ClickException(str(error))


@main.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="brief.html (a self-contained page with an offline map) or brief.md.")
@click.option("--title", default="Situation brief", show_default=True)
@_min_confidence_option
@click.pass_context
def brief(ctx, out, title, min_confidence):
    """A situation brief of the stored events: timeline with sources, contested claims, actors, map."""
    from eventfold.brief import BriefInput, render_brief
    from eventfold.brief.compose import MAX_BRIEF_EVENTS
    from eventfold.store.dataset import Shown, brief_of_shown
    from eventfold.store.db import utc_now

    from eventfold.export.writers import check_output_path

    fmt = "md" if out.lower().endswith((".md", ".markdown")) else "html"
    _check_out(out, check_output_path)
    store = _open_store(ctx)
    with store:
        (data, totals), stored = brief_of_shown(Shown(store, min_confidence), MAX_BRIEF_EVENTS), store.article_count()
    text = render_brief(BriefInput(events=data.events, claims=data.claims, conflicts=data.conflicts,
                                   articles=data.articles, entities=[e for e, _ in data.entities],
                                   title=title, generated_at=utc_now(), min_confidence=min_confidence,
                                   articles_examined=stored, totals=totals), fmt)
    from eventfold.export.writers import write_text

    try:
        write_text(text, out)
    except ValueError as error:  # the path became a link, fifo or folder while the brief was made
        raise click.ClickException(str(error))
    except OSError as error:
        raise click.ClickException(f"{out}: cannot write ({error.strerror or error})")
    listed = f"the latest {len(data.events)} of {len(totals.events)}" if totals else f"{len(data.events)}"
    click.echo(f"{out}: brief of {listed} event(s) from {stored} article(s)", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", envvar="EVENTFOLD_TOKEN", help="Required on every request (also EVENTFOLD_TOKEN).")
@click.option("--tiles", help="Optional tile URL template for the map, e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Server processes answering requests (default: all cores).")
@click.pass_context
def serve(ctx, host, port, token, tiles, workers):
    """The web app and REST API over the store (pages at /events, OpenAPI at /api/openapi.json)."""
    from eventfold.serve.app import serve as serve_app

    if tiles and not tiles.startswith(("https://", "http://")):
        raise click.BadParameter("a tile URL starts with https:// or http://", param_hint="--tiles")
    _open_store(ctx).close()  # a store that cannot be opened is reported here, in one line
    shown = f"[{host}]" if ":" in host else host

    def announce() -> None:
        click.echo(f"eventfold: serving {ctx.obj['db']} at http://{shown}:{port}/events"
                   + ("?token=…" if token else ""), err=True)

    try:
        serve_app(ctx.obj["db"], host, port, token, tiles, workers or os.cpu_count() or 1, announce)
    except ValueError as error:
        raise click.UsageError(str(error))


@main.group()
def gazetteer():
    """Manage the offline gazetteer (GeoNames data)."""


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def gazetteer_import(files):
    """Load a GeoNames dump (allCountries.txt or a country file, .txt or .zip) or a CSV of extra places.

    CSV columns: name,latitude,longitude,country,admin1,admin2,feature_class,alternatenames
    """
    from eventfold.annotate.gazetteer import Gazetteer

    gazetteer = Gazetteer.open()
    for name in files:
        path = Path(name)
        if path.suffix.lower() == ".csv":
            count = gazetteer.import_csv(path)
        else:
            count = gazetteer.import_geonames_dump(path)
        click.echo(f"{name}: {count} place(s) imported", err=True)
    click.echo("run `eventfold process --force` to re-resolve places in stored articles", err=True)


@main.command()
@click.option("--corpus", type=click.Path(exists=True), help="Folder or files of articles (annotation bench).")
@click.option("--repeat", default=1, show_default=True, help="Process the corpus this many times (steadier timing).")
@click.option("--fusion", is_flag=True, help="Also time fusion over growing synthetic corpora (1k-8k reports).")
@click.option("--ray", "ray_bench", is_flag=True,
              help="Also ray_speedup: the Ray engine's ingest of a synthetic corpus, 2 workers vs 1 (needs the ray extra).")
@click.option("--keys", help="End-to-end figures: ratio,slope,memory,incremental (default: all; with --corpus: ratio; "
                             "with only --fusion/--ray: none).")
@click.option("--articles", default=300, show_default=True, help="Synthetic articles of the ratio (without --corpus).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for ingest and for bare nlp.pipe alike (default: all cores).")
@click.option("--memory-sizes", default="1000", show_default=True, help="Corpus sizes (articles) whose peak memory is measured.")
@click.option("--feed-items", is_flag=True,
              help="The memory bench's corpora are feed items (a headline and a 250-900 character summary).")
@click.option("--increment", default=200, show_default=True, help="Articles added to the largest store (incremental_ratio).")
@click.option("--scale", is_flag=True, help="Memory at 1k, 10k and 100k articles, 1,000 added to the 100k store (hours).")
@click.option("--replicate-to", type=click.IntRange(min=1), default=None,
              help="Grow the largest store to this many articles by copying its processed records (new ids, dates "
                   "shifted) before the incremental ratio, and time events --fused, export and brief on it.")
@click.option("--serve", "serve_bench", is_flag=True,
              help="Also the web app under load: 10,000 events, 50 clients on loopback for 30 s (latency figures).")
def bench(corpus, repeat, fusion, ray_bench, keys, articles, jobs, memory_sizes, feed_items, increment, scale,
          replicate_to, serve_bench):
    """Speed and memory of eventfold end to end against bare spaCy nlp.pipe on a synthetic corpus (or
    --corpus): ratio_to_spacy, per_char_slope, peak_rss_mb by corpus size, incremental_ratio; with
    --corpus also the annotation stage alone, with --fusion how fusion's cost grows; prints one JSON object."""
    from eventfold.bench import SCALE_INCREMENT, SCALE_SIZES, bench_keys, run_bench, run_fusion_bench

    try:
        wanted = bench_keys(keys, corpus, fusion or ray_bench or serve_bench)
        sizes = SCALE_SIZES if scale else tuple(int(size) for size in memory_sizes.split(","))
    except ValueError as error:
        raise click.UsageError(str(error))
    result = run_bench(corpus, wanted, repeat=repeat, articles=articles, jobs=jobs, memory_sizes=sizes,
                       increment=SCALE_INCREMENT if scale else increment, replicate_to=replicate_to,
                       feed_items=feed_items)
    if fusion:
        result["fusion"] = run_fusion_bench()
    if ray_bench:
        result.update(_ray_bench())
    if serve_bench:
        from eventfold.bench import run_serve_bench

        result["serve"] = run_serve_bench()
    click.echo(json.dumps(result))


def _ray_bench() -> dict:
    from eventfold.engines.ray_bench import run_ray_bench
    from eventfold.engines.ray_engine import RayUnavailable

    try:
        return run_ray_bench()
    except RayUnavailable as error:
        raise click.ClickException(str(error))


# ---------------------------------------------------------------- evaluation


@main.command("eval")
@click.argument("task", type=click.Choice(sorted(EVAL_TASKS)))
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=True), help="Evaluation data folder.")
@click.option("--limit", type=int, help="Score only the first N items (quick checks).")
@click.option("--min-confidence", type=float, help="dataset: score only exported events at least this confident.")
@click.option("--details", type=click.Path(dir_okay=False), help="dataset, gva, geo, ecbplus: write every match and error here (JSON Lines).")
@click.option("--inputs", type=click.Path(exists=True), help="dataset: ingest these files instead of DATA/reports.jsonl.")
@click.option("--retrieved-at", help="dataset: when the inputs were fetched (ISO), as `ingest --retrieved-at`.")
@click.option("--scope", type=click.Choice(("acled", "all")), help="gva: the export scored as the headline (default all: "
              "GVA counts accidental shootings, which ACLED does not code); both scopes are under `by_scope`.")
@click.pass_context
def eval_command(ctx, task, data, limit, min_confidence, details, inputs, retrieved_at, scope):
    """Score eventfold on an evaluation set; prints one JSON object of metrics.

    `eval dataset --data DIR` ingests DIR/reports.jsonl into a temporary store and scores the
    exported events, claims and non-events against DIR/gold.json (gold/README.md).
    """
    given = {k: v for k, v in (("min_confidence", min_confidence), ("details", details), ("inputs", inputs),
                               ("retrieved_at", _parse_retrieved_at(retrieved_at))) if v is not None}
    if given and task != "dataset" and not (task in ("gva", "geo", "ecbplus") and set(given) == {"details"}):  # gva, geo, ecbplus: a details dump too
        raise click.UsageError(f"{', '.join('--' + k.replace('_', '-') for k in given)}: only for `eval dataset`")
    if task == "dataset":
        given["actor_files"] = ctx.obj["actor_files"]
    if scope is not None:  # gva only
        if task != "gva":
            raise click.UsageError("--scope: only for `eval gva`")
        given["scope"] = scope
    module = importlib.import_module(f"eventfold.evaluate.{EVAL_TASKS[task]}")
    result = module.evaluate(Path(data), limit=limit, **given)
    click.echo(json.dumps(result, ensure_ascii=False))


# Analysts' corrections (issue 11): `eventfold review log|accept|reject|edit|merge|move|undo`.
from eventfold.review.commands import review as _review_commands  # noqa: E402

main.add_command(_review_commands)


if __name__ == "__main__":
    main()
