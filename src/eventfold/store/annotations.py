"""Reading and writing the language layer's records: mentions, entities, places, times."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Iterator, Optional

from eventfold.model import Annotations, DateValue, Entity, Mention, Place, PlaceMention, Span, TimeMention
from eventfold.store.db import Store, utc_now


def save_annotations(store: Store, annotations: Annotations, content_hash: str) -> None:
    """Replace an article's annotations (inside the caller's transaction)."""
    db = store.connection
    article_id = annotations.article_id
    for table in ("mentions", "place_mentions", "time_mentions"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    for entity in annotations.entities:
        _upsert_entity(store, entity)
    db.executemany(
        "INSERT INTO mentions(article_id, part, start, end, text, label, entity_id, rule) VALUES (?,?,?,?,?,?,?,?)",
        [(article_id, m.span.part, m.span.start, m.span.end, m.text, m.label, m.entity_id or None, m.rule)
         for m in annotations.mentions],
    )
    for mention in annotations.places:
        if mention.place is not None:
            upsert_place(store, mention.place)
    db.executemany(
        "INSERT INTO place_mentions(article_id, part, start, end, text, geonameid, rule, score) VALUES (?,?,?,?,?,?,?,?)",
        [(article_id, p.span.part, p.span.start, p.span.end, p.text, p.place.geonameid if p.place else None,
          p.rule, p.score) for p in annotations.places],
    )
    db.executemany(
        "INSERT INTO time_mentions(article_id, part, start, end, text, value, precision, source, reason, rule)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(article_id, t.span.part, t.span.start, t.span.end, t.text, t.value.value, t.value.precision,
          t.value.source, t.value.reason, t.rule) for t in annotations.times],
    )
    estimate = json.dumps(asdict(annotations.publication_estimate)) if annotations.publication_estimate else None
    db.execute(
        "INSERT OR REPLACE INTO annotation_runs(article_id, content_hash, pipeline_version, annotated_at,"
        " publication_estimate) VALUES (?,?,?,?,?)",
        (article_id, content_hash, annotations.pipeline_version, utc_now(), estimate),
    )


def _upsert_entity(store: Store, entity: Entity) -> None:
    row = store.connection.execute("SELECT aliases FROM entities WHERE entity_id = ?", (entity.entity_id,)).fetchone()
    aliases = list(entity.aliases)
    if row:
        aliases = sorted(set(json.loads(row[0])) | set(aliases))
    # An upsert, not INSERT OR REPLACE: replacing deletes the row first, and with foreign keys on SQLite
    # then counts every mention citing the entity (twice): a cost that grew with the store (issue 12).
    store.connection.execute(
        "INSERT INTO entities(entity_id, name, type, category, aliases, description, country,"
        " category_source) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(entity_id) DO UPDATE SET name = excluded.name,"
        " type = excluded.type, category = excluded.category, aliases = excluded.aliases,"
        " description = excluded.description, country = excluded.country, category_source = excluded.category_source",
        (entity.entity_id, entity.name, entity.type, entity.category, json.dumps(sorted(set(aliases)), ensure_ascii=False),
         entity.description, entity.country, entity.category_source),
    )


def upsert_place(store: Store, place: Place) -> None:
    """Store a place or update its row in place (an upsert: see `_upsert_entity` for why not REPLACE; the
    geonameid is the rowid, so the table's order is the same either way)."""
    store.connection.execute(
        "INSERT INTO places(geonameid, name, latitude, longitude, country, admin1, admin2, feature_class,"
        " feature_code, population, geo_precision) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(geonameid) DO UPDATE"
        " SET name = excluded.name, latitude = excluded.latitude, longitude = excluded.longitude,"
        " country = excluded.country, admin1 = excluded.admin1, admin2 = excluded.admin2,"
        " feature_class = excluded.feature_class, feature_code = excluded.feature_code,"
        " population = excluded.population, geo_precision = excluded.geo_precision",
        (place.geonameid, place.name, place.latitude, place.longitude, place.country, place.admin1, place.admin2,
         place.feature_class, place.feature_code, place.population, place.geo_precision),
    )


def entities(store: Store) -> Iterator[tuple[Entity, int]]:
    """Canonical entities with their number of mentions, most mentioned first."""
    rows = store.connection.execute(
        """SELECT e.*, count(m.rowid) AS mention_count FROM entities e
           LEFT JOIN mentions m ON m.entity_id = e.entity_id
           GROUP BY e.entity_id HAVING mention_count > 0 ORDER BY mention_count DESC, e.name"""
    )
    for row in rows:
        entity = Entity(row["entity_id"], row["name"], row["type"], row["category"], json.loads(row["aliases"]),
                        row["description"], row["country"], row["category_source"])
        yield entity, row["mention_count"]


def places(store: Store) -> Iterator[tuple[Place, int]]:
    """Resolved places with their number of mentions, most mentioned first."""
    rows = store.connection.execute(
        """SELECT p.*, count(m.rowid) AS mention_count FROM places p
           JOIN place_mentions m ON m.geonameid = p.geonameid
           GROUP BY p.geonameid ORDER BY mention_count DESC, p.name"""
    )
    for row in rows:
        yield _place_from_row(row), row["mention_count"]


def _place_from_row(row) -> Place:
    return Place(row["geonameid"], row["name"], row["latitude"], row["longitude"], row["country"], row["admin1"],
                 row["admin2"], row["feature_class"], row["feature_code"], row["population"], row["geo_precision"])


def article_annotations(store: Store, article_id: str) -> Optional[Annotations]:
    """Everything stored for one article, or None when it was never annotated."""
    db = store.connection
    run = db.execute("SELECT * FROM annotation_runs WHERE article_id = ?", (article_id,)).fetchone()
    if run is None:
        return None
    result = Annotations(article_id=article_id, pipeline_version=run["pipeline_version"])
    if run["publication_estimate"]:
        result.publication_estimate = DateValue(**json.loads(run["publication_estimate"]))
    for row in db.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY part, start", (article_id,)):
        result.mentions.append(Mention(_span(article_id, row), row["text"], row["label"], row["entity_id"], row["rule"]))
    for row in db.execute(
        "SELECT m.part, m.start, m.end, m.text AS mention_text, m.rule, m.score, p.*"
        " FROM place_mentions m LEFT JOIN places p ON p.geonameid = m.geonameid"
        " WHERE m.article_id = ? ORDER BY m.part, m.start", (article_id,)
    ):
        place = _place_from_row(row) if row["geonameid"] is not None else None
        result.places.append(PlaceMention(_span(article_id, row), row["mention_text"], place, row["rule"], row["score"]))
    for row in db.execute("SELECT * FROM time_mentions WHERE article_id = ? ORDER BY part, start", (article_id,)):
        value = DateValue(row["value"], row["precision"], row["source"], row["reason"])
        result.times.append(TimeMention(_span(article_id, row), row["text"], value, row["rule"]))
    return result


def _span(article_id: str, row) -> Span:
    return Span(article_id, row["start"], row["end"], row["part"])

