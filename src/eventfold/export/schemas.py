"""The columns of each export kind and their types: one declared schema per kind.

The types fix how Parquet stores a column whatever its values (a column that is empty in one
export keeps its type), and the column lists give an export with no rows its CSV header.
Types: "string", "int", "float", "bool", "list" (list of strings) and "json" (nested values,
written as compact JSON text). A column a row has beyond these is typed from its values
(export/writers.py), after the declared ones.
"""

from __future__ import annotations

EVENT_COLUMNS: dict[str, str] = {
    "event_id_cnty": "string", "event_date": "string", "year": "int", "time_precision": "int",
    "event_type": "string", "sub_event_type": "string",
    "actor1": "string", "assoc_actor_1": "string", "inter1": "int",
    "actor2": "string", "assoc_actor_2": "string", "inter2": "int", "interaction": "int",
    "iso": "int", "country": "string", "admin1": "string", "admin2": "string", "location": "string",
    "latitude": "float", "longitude": "float", "geo_precision": "int",
    "source": "string", "notes": "string", "fatalities": "int",
    "event_id": "string", "date": "string", "date_precision": "string",
    "sources": "list", "source_count": "int", "source_details": "json", "report_ids": "list",
    "claims": "list", "contested": "bool", "conflicts": "list",
    "fatalities_low": "int", "fatalities_high": "int", "fatality_reports": "int",
    "wounded": "int", "captured": "int", "abducted": "int",
    "plover_type": "string", "plover_mode": "string", "confidence": "float", "provenance": "json",
    "reviewed": "bool", "review_note": "string",
}

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string", "path": "string", "url": "string", "title": "string", "outlet": "string",
    "published": "string", "published_precision": "string", "published_source": "string",
    "duplicate_of": "string", "language": "string",
}

ENTITY_COLUMNS: dict[str, str] = {
    "entity_id": "string", "name": "string", "type": "string", "category": "string", "country": "string",
    "category_source": "string", "aliases": "list", "mentions": "int",
}

CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "string", "event_id": "string", "report_id": "string", "subject": "string", "side": "string",
    "kind": "string", "value": "string", "value_low": "int", "value_high": "int", "claimant": "string",
    "polarity": "string", "certainty": "string", "article_id": "string", "span": "json", "rule": "string",
    "conflicts_with": "list",
}

QUOTE_COLUMNS: dict[str, str] = {
    "quote_id": "string", "article_id": "string", "text": "string", "speaker": "string",
    "speaker_entity_id": "string", "span": "json", "rule": "string",
}

CONFLICT_COLUMNS: dict[str, str] = {
    "conflict_id": "string", "event_id": "string", "kind": "string", "subject": "string",
    "claim_ids": "list", "reason": "string",
}

SCHEMAS: dict[str, dict[str, str]] = {
    "events": EVENT_COLUMNS, "articles": ARTICLE_COLUMNS, "entities": ENTITY_COLUMNS,
    "claims": CLAIM_COLUMNS, "quotes": QUOTE_COLUMNS, "conflicts": CONFLICT_COLUMNS,
}
