"""Reading and writing the extract stage's records: event reports, claims and quotes.

Each row keeps the searchable fields as columns and the whole record as JSON (`record`),
so nested values (place, date, quantities, provenance) round-trip without a table each.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from typing import Iterable, Iterator, Optional

from eventfold.model import FIGURE_FIELDS, Claim, DateValue, EventReport, Place, Provenance, Quantity, Quote, Span
from eventfold.store.annotations import upsert_place
from eventfold.store.db import Store, utc_now


def record_json(record) -> str:
    """`json.dumps(asdict(record), ensure_ascii=False)`, the same text: asdict deep-copies every
    value on the way, which was most of the cost of saving an article's reports and claims."""
    return json.dumps(_plain(record), ensure_ascii=False)


def _plain(value):
    if type(value) in _SCALARS:
        return value
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset({str, int, float, bool, type(None)})


def save_extraction(store: Store, article_id: str, reports: list[EventReport], claims: list[Claim],
                    quotes: list[Quote], content_hash: str, version: str) -> None:
    """Replace one article's reports, claims and quotes (inside the caller's transaction)."""
    db = store.connection
    for table in ("claims", "quotes", "event_reports"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    for report in reports:
        if report.place is not None:
            upsert_place(store, report.place)
        fatalities = report.fatalities
        db.execute(
            "INSERT INTO event_reports(report_id, article_id, event_type, sub_event_type, modality, event_date,"
            " time_precision, geonameid, location_text, geo_precision, actor1, actor2, claimant, certainty,"
            " fatalities_low, fatalities_high, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (report.report_id, article_id, report.event_type, report.sub_event_type, report.modality,
             report.date.value if report.date else None, report.time_precision,
             report.place.geonameid if report.place else None, report.location_text,
             report.place.geo_precision if report.place else None, report.actor1, report.actor2, report.claimant,
             report.certainty, fatalities.low if fatalities else None, fatalities.high if fatalities else None,
             record_json(report)),
        )
    db.executemany(
        "INSERT INTO claims(claim_id, article_id, event_report_id, subject, kind, value, claimant, polarity, certainty,"
        " part, start, end, record, subject_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(c.claim_id, article_id, c.event_report_id, c.subject, c.kind, c.value, c.claimant, c.polarity, c.certainty,
          c.span.part, c.span.start, c.span.end, record_json(c), stored_subject_key(c))
         for c in claims],
    )
    db.executemany(
        "INSERT INTO quotes(quote_id, article_id, text, speaker, speaker_entity_id, part, start, end, rule)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(q.quote_id, article_id, q.text, q.speaker, q.speaker_entity_id, q.span.part, q.span.start, q.span.end,
          q.rule) for q in quotes],
    )
    db.execute(
        "INSERT OR REPLACE INTO extraction_runs(article_id, content_hash, extractor_version, extracted_at)"
        " VALUES (?,?,?,?)", (article_id, content_hash, version, utc_now()),
    )


def event_reports(store: Store, article_id: Optional[str] = None, include_all: bool = False) -> Iterator[EventReport]:
    """Stored reports in date order; background history is left out unless `include_all`."""
    query = "SELECT record FROM event_reports WHERE 1=1"
    params: list = []
    if article_id:
        query += " AND article_id = ?"
        params.append(article_id)
    if not include_all:
        query += " AND modality = 'actual'"
    for (record,) in store.connection.execute(query + " ORDER BY event_date, article_id, report_id", params):
        yield report_from_dict(json.loads(record))


def _in_text_order(store: Store, table: str, article_id: Optional[str]):
    """Rows of a table with spans, one article's or all, in reading order."""
    where, params = (" WHERE article_id = ?", [article_id]) if article_id else ("", [])
    return store.connection.execute(f"SELECT * FROM {table}{where} ORDER BY article_id, part, start", params)


def claims(store: Store, article_id: Optional[str] = None) -> Iterator[Claim]:
    for row in _in_text_order(store, "claims", article_id):
        yield claim_from_dict(json.loads(row["record"]))


def quotes(store: Store, article_id: Optional[str] = None) -> Iterator[Quote]:
    for row in _in_text_order(store, "quotes", article_id):
        yield Quote(row["quote_id"], row["article_id"], row["text"], row["speaker"], row["speaker_entity_id"],
                    Span(row["article_id"], row["start"], row["end"], row["part"]), row["rule"])


def _span(data: Optional[dict]) -> Optional[Span]:
    return Span(**data) if data else None


def _quantity(data: Optional[dict]) -> Optional[Quantity]:
    return Quantity(**data) if data else None


def report_from_dict(data: dict) -> EventReport:
    data = dict(data)
    data["span"] = _span(data["span"])
    data["place"] = Place(**data["place"]) if data.get("place") else None
    data["date"] = DateValue(**data["date"]) if data.get("date") else None
    for slot in FIGURE_FIELDS:
        data[slot] = _quantity(data.get(slot))
    data["provenance"] = [Provenance(p["rule"], _span(p.get("span")), p.get("evidence", "")) for p in data["provenance"]]
    return EventReport(**data)


def claim_from_dict(data: dict) -> Claim:
    data = dict(data)
    data["span"] = _span(data["span"])
    data["quantity"] = _quantity(data.get("quantity"))
    return Claim(**data)


def reports_by_id(store: Store, report_ids: list[str]) -> list[EventReport]:
    return [report_from_dict(json.loads(row[0])) for row in
            store.rows_in("SELECT record FROM event_reports WHERE report_id IN ({marks})", report_ids)]


def claims_of_reports(store: Store, report_ids: list[str]) -> list[Claim]:
    return [claim_from_dict(json.loads(row[0])) for row in
            store.rows_in("SELECT record FROM claims WHERE event_report_id IN ({marks}) ORDER BY claim_id", report_ids)]


def claims_of_kinds(store: Store, kinds: tuple[str, ...]) -> list[Claim]:
    marks = ",".join("?" * len(kinds))
    rows = store.connection.execute(f"SELECT record FROM claims WHERE kind IN ({marks}) ORDER BY claim_id", kinds)
    return [claim_from_dict(json.loads(record)) for (record,) in rows]


# ---------------------------------------------------------------- claims by subject (control, force size)


def stored_subject_key(claim: Claim) -> Optional[str]:
    """The `subject_key` column: what a control or force-size claim is about; None for other kinds."""
    from eventfold.fuse.conflicts import SUBJECT_KINDS, subject_key

    return subject_key(claim) if claim.kind in SUBJECT_KINDS else None


def fill_subject_keys(store: Store, kinds: tuple[str, ...]) -> int:
    """Give the claims of these kinds stored before the column existed their subject key; how many."""
    marks = ",".join("?" * len(kinds))
    rows = store.connection.execute(
        f"SELECT claim_id, record FROM claims WHERE kind IN ({marks}) AND subject_key IS NULL", kinds).fetchall()
    store.connection.executemany("UPDATE claims SET subject_key = ? WHERE claim_id = ?",
                                 [(stored_subject_key(claim_from_dict(json.loads(record))), claim_id)
                                  for claim_id, record in rows])
    return len(rows)


def claims_of_subjects(store: Store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Claim]]:
    """(kind, subject key) → the claims about it, by id (the index `claims_subject`)."""
    found: dict[tuple[str, str], list[Claim]] = {}
    for kind, key in keys:
        rows = store.connection.execute("SELECT claim_id, record FROM claims WHERE kind = ? AND subject_key = ?",
                                        (kind, key)).fetchall()  # sorted here: ORDER BY would favour claims_kind
        found[(kind, key)] = [claim_from_dict(json.loads(record)) for _, record in sorted(rows, key=lambda row: row[0])]
    return found


def subject_claims_of_articles(store: Store, article_ids: Iterable[str], kinds: tuple[str, ...]) -> list[Claim]:
    """These articles' claims of these kinds, by id."""
    claims = [claim_from_dict(json.loads(row[1])) for row in store.rows_in(
        "SELECT kind, record FROM claims WHERE article_id IN ({marks})", sorted(article_ids)) if row[0] in kinds]
    return sorted(claims, key=lambda c: c.claim_id)


def subject_keys_of_claims(store: Store, claim_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """claim id → (kind, subject key), for those of these claims that have a subject key."""
    return {row[0]: (row[1], row[2]) for row in store.rows_in(
        "SELECT claim_id, kind, subject_key FROM claims WHERE claim_id IN ({marks})", sorted(set(claim_ids)))
        if row[2] is not None}
