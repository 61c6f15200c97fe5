"""The store's schema as an ordered list of migrations.

The database's `PRAGMA user_version` records how many migrations have been applied; opening a
store applies the missing ones, each in its own transaction, so an old file upgrades in place.
Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles, their full-text index, ingest batches and the problems they met.
    """
    CREATE TABLE articles (
        article_id          TEXT PRIMARY KEY,
        content_hash        TEXT NOT NULL UNIQUE,
        path                TEXT,
        url                 TEXT,
        title               TEXT,
        outlet              TEXT,
        outlet_source       TEXT NOT NULL DEFAULT '',
        byline              TEXT,
        dateline            TEXT,
        published           TEXT,
        published_precision TEXT,
        published_source    TEXT NOT NULL DEFAULT '',
        language            TEXT,
        source_format       TEXT NOT NULL,
        text                TEXT NOT NULL,
        captions            TEXT NOT NULL DEFAULT '[]',
        duplicate_of        TEXT REFERENCES articles(article_id),
        retrieved_at        TEXT,
        ingested_at         TEXT NOT NULL,
        batch_id            INTEGER REFERENCES batches(batch_id),
        minhash             BLOB
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

    -- Every place an article was seen (a second copy of the same content adds a row here only).
    CREATE TABLE article_sources (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        location   TEXT NOT NULL,
        PRIMARY KEY (article_id, location)
    );

    CREATE TABLE batches (
        batch_id    INTEGER PRIMARY KEY,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        command     TEXT NOT NULL,
        stored      INTEGER NOT NULL DEFAULT 0,
        duplicates  INTEGER NOT NULL DEFAULT 0,
        failed      INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE ingest_problems (
        batch_id INTEGER NOT NULL REFERENCES batches(batch_id),
        path     TEXT NOT NULL,
        line     INTEGER,
        reason   TEXT NOT NULL
    );

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, captions, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text, captions)
        VALUES (new.rowid, new.title, new.text, new.captions);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, captions)
        VALUES ('delete', old.rowid, old.title, old.text, old.captions);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text, captions ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, captions)
        VALUES ('delete', old.rowid, old.title, old.text, old.captions);
        INSERT INTO articles_fts(rowid, title, text, captions)
        VALUES (new.rowid, new.title, new.text, new.captions);
    END;
    """,
    # 2: the language layer — actor mentions and canonical entities, places, time expressions.
    """
    CREATE TABLE annotation_runs (
        article_id           TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
        content_hash         TEXT NOT NULL,
        pipeline_version     TEXT NOT NULL,
        annotated_at         TEXT NOT NULL,
        publication_estimate TEXT
    );

    CREATE TABLE entities (
        entity_id   TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        category    TEXT,
        aliases     TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT ''
    );

    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        part       TEXT NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        label      TEXT NOT NULL,
        entity_id  TEXT REFERENCES entities(entity_id),
        rule       TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_entity ON mentions(entity_id);

    CREATE TABLE places (
        geonameid     INTEGER PRIMARY KEY,
        name          TEXT NOT NULL,
        latitude      REAL NOT NULL,
        longitude     REAL NOT NULL,
        country       TEXT,
        admin1        TEXT,
        admin2        TEXT,
        feature_class TEXT,
        feature_code  TEXT,
        population    INTEGER NOT NULL DEFAULT 0,
        geo_precision INTEGER NOT NULL DEFAULT 1
    );

    CREATE TABLE place_mentions (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        part       TEXT NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        geonameid  INTEGER REFERENCES places(geonameid),
        rule       TEXT NOT NULL DEFAULT '',
        score      REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX place_mentions_article ON place_mentions(article_id);
    CREATE INDEX place_mentions_place ON place_mentions(geonameid);

    CREATE TABLE time_mentions (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        part       TEXT NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        value      TEXT,
        precision  TEXT,
        source     TEXT NOT NULL DEFAULT '',
        reason     TEXT NOT NULL DEFAULT '',
        rule       TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX time_mentions_article ON time_mentions(article_id);
    """,
    # 3: extraction — event reports, claims and quotes, each with its span and rule.
    """
    CREATE TABLE extraction_runs (
        article_id        TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
        content_hash      TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        extracted_at      TEXT NOT NULL
    );

    CREATE TABLE event_reports (
        report_id      TEXT PRIMARY KEY,
        article_id     TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        event_type     TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        modality       TEXT NOT NULL,
        event_date     TEXT,
        time_precision INTEGER,
        geonameid      INTEGER REFERENCES places(geonameid),
        location_text  TEXT,
        geo_precision  INTEGER,
        actor1         TEXT,
        actor2         TEXT,
        claimant       TEXT,
        certainty      TEXT NOT NULL DEFAULT 'stated',
        fatalities_low INTEGER,
        fatalities_high INTEGER,
        record         TEXT NOT NULL
    );
    CREATE INDEX event_reports_article ON event_reports(article_id);
    CREATE INDEX event_reports_date ON event_reports(event_date);

    CREATE TABLE claims (
        claim_id        TEXT PRIMARY KEY,
        article_id      TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        event_report_id TEXT REFERENCES event_reports(report_id) ON DELETE SET NULL,
        subject         TEXT NOT NULL,
        kind            TEXT NOT NULL,
        value           TEXT NOT NULL,
        claimant        TEXT,
        polarity        TEXT NOT NULL,
        certainty       TEXT NOT NULL,
        part            TEXT NOT NULL,
        start           INTEGER NOT NULL,
        end             INTEGER NOT NULL,
        record          TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id);
    CREATE INDEX claims_report ON claims(event_report_id);

    CREATE TABLE quotes (
        quote_id          TEXT PRIMARY KEY,
        article_id        TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        text              TEXT NOT NULL,
        speaker           TEXT,
        speaker_entity_id TEXT,
        part              TEXT NOT NULL,
        start             INTEGER NOT NULL,
        end               INTEGER NOT NULL,
        rule              TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    """,
    # 4: fusion — report items filed under their event, fused events, and conflicts between claims.
    """
    CREATE TABLE fusion_items (
        report_id  TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        event_id   TEXT NOT NULL,
        family     TEXT NOT NULL,
        day_low    INTEGER,
        day_high   INTEGER,
        admin1     TEXT,
        features   TEXT NOT NULL
    );
    CREATE INDEX fusion_items_article ON fusion_items(article_id);
    CREATE INDEX fusion_items_event ON fusion_items(event_id);
    CREATE INDEX fusion_items_window ON fusion_items(family, day_high);
    CREATE INDEX fusion_items_region ON fusion_items(family, admin1, day_high);

    -- How many report items use each term (the idf of the text similarity), kept as items come and go.
    CREATE TABLE fusion_terms (
        term TEXT PRIMARY KEY,
        df   INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE fusion_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE TABLE events (
        event_id       TEXT PRIMARY KEY,
        event_date     TEXT,
        event_type     TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        geonameid      INTEGER,
        admin1         TEXT,
        fatalities     INTEGER,
        source_count   INTEGER NOT NULL,
        record         TEXT NOT NULL,
        updated_at     TEXT NOT NULL
    );
    CREATE INDEX events_date ON events(event_date);

    -- scope: "event:<id>" for an event's figures and dates, "subject:<kind>:<subject>" across the corpus.
    CREATE TABLE conflicts (
        conflict_id TEXT NOT NULL,
        scope       TEXT NOT NULL,
        event_id    TEXT,
        kind        TEXT NOT NULL,
        subject     TEXT NOT NULL,
        reason      TEXT NOT NULL,
        PRIMARY KEY (scope, conflict_id)
    );
    CREATE TABLE conflict_claims (
        scope       TEXT NOT NULL,
        conflict_id TEXT NOT NULL,
        claim_id    TEXT NOT NULL
    );
    CREATE INDEX conflict_claims_claim ON conflict_claims(claim_id);
    CREATE INDEX conflict_claims_conflict ON conflict_claims(scope, conflict_id);
    """,
    # 5: an entity's country and how its ACLED category was decided (dictionary, or the words read).
    """
    ALTER TABLE entities ADD COLUMN country TEXT;
    ALTER TABLE entities ADD COLUMN category_source TEXT NOT NULL DEFAULT '';
    """,
    # review (helper F, issue 11): analysts' corrections of events, applied on top of the fused events
    # (review/). `anchor` is the JSON list of the event's report ids when corrected: report ids stay
    # stable across re-processing and re-fusion, event ids need not. old/new are JSON values.
    """
    CREATE TABLE corrections (
        correction_id INTEGER PRIMARY KEY,
        event_id      TEXT NOT NULL,
        kind          TEXT NOT NULL,
        anchor        TEXT NOT NULL,
        field         TEXT,
        old           TEXT,
        new           TEXT,
        who           TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        why           TEXT NOT NULL DEFAULT '',
        undone_by     TEXT,
        undone_at     TEXT
    );
    CREATE INDEX corrections_event ON corrections(event_id);
    """,
    # article processing state (helper C, issue 13): which versions each article was analysed and
    # fused at, and why it failed, so an interrupted ingest/process finishes what is missing (pipeline.py).
    # The todo list is two index range scans; a trigger gives every new article its row.
    """
    CREATE TABLE article_state (
        article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
        analysed   TEXT,
        fused      TEXT,
        failed     TEXT,
        failed_key TEXT,
        failed_at  TEXT
    );
    CREATE INDEX article_state_analysed ON article_state(analysed);
    CREATE INDEX article_state_fused ON article_state(fused);
    CREATE INDEX article_state_failed ON article_state(failed_at) WHERE failed IS NOT NULL;
    INSERT INTO article_state(article_id, analysed, fused)
        SELECT a.article_id, r.pipeline_version || '|' || x.extractor_version,
               CASE WHEN x.article_id IS NOT NULL THEN (SELECT value FROM fusion_state WHERE key = 'version') END
        FROM articles a
        LEFT JOIN annotation_runs r ON r.article_id = a.article_id AND r.content_hash = a.content_hash
        LEFT JOIN extraction_runs x ON x.article_id = a.article_id AND x.content_hash = a.content_hash;
    CREATE TRIGGER articles_state_ai AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO article_state(article_id) VALUES (new.article_id);
    END;
    """,
    # acled event numbers (helper B): the number after the ISO3 code in an ACLED event_id_cnty,
    # given once per event and country and kept, so an event's id stays the same across exports.
    """
    CREATE TABLE acled_event_numbers (
        event_id TEXT NOT NULL,
        iso3     TEXT NOT NULL,
        number   INTEGER NOT NULL,
        PRIMARY KEY (event_id, iso3),
        UNIQUE (iso3, number)
    );
    """,
    # event facets (helper F, issue 11): what the events list filters and sorts on, in small rows kept
    # beside each event by triggers (country, confidence and actors live only in its JSON record), so
    # a page of a large store reads neither the records nor the wide events rows (store/review.py).
    """
    CREATE TABLE event_facets (
        event_id       TEXT PRIMARY KEY,
        event_date     TEXT,
        event_type     TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        admin1         TEXT,
        fatalities     INTEGER,
        source_count   INTEGER NOT NULL,
        country        TEXT,
        confidence     REAL,
        actors         TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX event_facets_date ON event_facets(event_date);
    CREATE INDEX event_facets_country ON event_facets(country);
    INSERT INTO event_facets(event_id, event_date, event_type, sub_event_type, admin1, fatalities,
                                         source_count, country, confidence, actors)
        SELECT event_id, event_date, event_type, sub_event_type, admin1, fatalities, source_count,
                json_extract(record, '$.place.country'), json_extract(record, '$.confidence'),
                lower(ifnull(json_extract(record, '$.actor1'), '') || char(10) ||
                      ifnull(json_extract(record, '$.actor2'), '') || char(10) ||
                      ifnull(json_extract(record, '$.assoc_actor_1'), '') || char(10) ||
                      ifnull(json_extract(record, '$.assoc_actor_2'), ''))
        FROM events;
    CREATE TRIGGER events_facets_ai AFTER INSERT ON events BEGIN
        INSERT OR REPLACE INTO event_facets(event_id, event_date, event_type, sub_event_type, admin1, fatalities,
                                         source_count, country, confidence, actors)
        VALUES (new.event_id, new.event_date, new.event_type, new.sub_event_type, new.admin1, new.fatalities,
                new.source_count,
                json_extract(new.record, '$.place.country'), json_extract(new.record, '$.confidence'),
                lower(ifnull(json_extract(new.record, '$.actor1'), '') || char(10) ||
                      ifnull(json_extract(new.record, '$.actor2'), '') || char(10) ||
                      ifnull(json_extract(new.record, '$.assoc_actor_1'), '') || char(10) ||
                      ifnull(json_extract(new.record, '$.assoc_actor_2'), '')));
    END;
    CREATE TRIGGER events_facets_au AFTER UPDATE ON events BEGIN
        DELETE FROM event_facets WHERE event_id = old.event_id;
        INSERT OR REPLACE INTO event_facets(event_id, event_date, event_type, sub_event_type, admin1, fatalities,
                                         source_count, country, confidence, actors)
        VALUES (new.event_id, new.event_date, new.event_type, new.sub_event_type, new.admin1, new.fatalities,
                new.source_count,
                json_extract(new.record, '$.place.country'), json_extract(new.record, '$.confidence'),
                lower(ifnull(json_extract(new.record, '$.actor1'), '') || char(10) ||
                      ifnull(json_extract(new.record, '$.actor2'), '') || char(10) ||
                      ifnull(json_extract(new.record, '$.assoc_actor_1'), '') || char(10) ||
                      ifnull(json_extract(new.record, '$.assoc_actor_2'), '')));
    END;
    CREATE TRIGGER events_facets_ad AFTER DELETE ON events BEGIN
        DELETE FROM event_facets WHERE event_id = old.event_id;
    END;
    """,
    # near-copy lookup bands (helper C, issue 12): the LSH bands of each original's MinHash signature
    # (18 bands of 7 values of 8 bytes, store/neardup.py), so finding a near-copy is indexed lookups
    # instead of every signature held in memory. Filled here from the stored signatures.
    """
    CREATE TABLE minhash_bands (
        band       INTEGER NOT NULL,
        key        BLOB NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE
    );
    CREATE INDEX minhash_bands_key ON minhash_bands(band, key);
    CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
    WITH RECURSIVE bands(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM bands WHERE n < 17)
    INSERT INTO minhash_bands(band, key, article_id)
        SELECT bands.n, substr(a.minhash, bands.n * 56 + 1, 56), a.article_id
        FROM articles a, bands WHERE a.minhash IS NOT NULL AND a.duplicate_of IS NULL
        ORDER BY a.rowid, bands.n;
    """,
    # events list in date order (helper G, issue 11): the list's default sort, either way, read from an
    # index in order, so a page is LIMIT/OFFSET over the index instead of sorting every event.
    """
    CREATE INDEX event_facets_by_date ON event_facets(event_date IS NULL, event_date, event_id);
    CREATE INDEX event_facets_by_date_desc ON event_facets(event_date IS NULL, event_date DESC, event_id);
    """,
    # reports by place (helper S, issue 12): saving an article's places replaces their rows, and each
    # replaced place row makes SQLite look for the reports that reference it (a foreign key); without
    # this index that was a scan of every report: 10 ms a place at 3,000 articles, growing with the store.
    # Claims by kind: fusion's pass over control and force-size claims (1-2% of all) read every claim.
    """
    CREATE INDEX event_reports_place ON event_reports(geonameid);
    CREATE INDEX claims_kind ON claims(kind, claim_id);
    """,
    # conflicts by id and by event (helper S, issue 12, second round): `events --fused`, `export` and
    # `brief` read the conflicts of the events they show (store/dataset.py `Shown`), not all of them.
    """
    CREATE INDEX conflicts_by_id ON conflicts(conflict_id);
    CREATE INDEX conflicts_by_event ON conflicts(event_id);
    """,
    # claims by subject (helper S, issue 12, sixth round): what a control or force-size claim is about
    # (fuse/conflicts.py `subject_key`), so an incremental conflict pass reads the claims of the subjects
    # it touches through an index instead of every such claim of the store. Filled for older rows by
    # store/fusion.py `fill_subject_keys` (Python: the key is not expressible in SQL).
    """
    ALTER TABLE claims ADD COLUMN subject_key TEXT;
    CREATE INDEX claims_subject ON claims(kind, subject_key) WHERE subject_key IS NOT NULL;
    """,
    # control and force-size claims deleted since the last conflict pass (helper S, issue 12, sixth round):
    # the stored subject conflicts that lost a claim are found through these ids, not by checking every
    # subject conflict's claims; a pass empties the table (pipeline.py `_refresh_subject_conflicts`).
    """
    CREATE TABLE lost_subject_claims (claim_id TEXT PRIMARY KEY);
    CREATE TRIGGER claims_lost_subject AFTER DELETE ON claims WHEN old.kind IN ('control', 'force_size') BEGIN
        INSERT OR IGNORE INTO lost_subject_claims(claim_id) VALUES (old.claim_id);
    END;
    """,
    # covering indexes of the conflicts of shown events (helper S, issue 12, ninth round): `events
    # --fused`, `export` and the web app follow event → reports → claims → conflicts for every page
    # (store/review.py `conflict_ids_of_events`); each index now holds the id the next step needs, so
    # no table row is read on the way (same names, one column more: what used them still does).
    """
    DROP INDEX claims_report;
    CREATE INDEX claims_report ON claims(event_report_id, claim_id);
    DROP INDEX fusion_items_event;
    CREATE INDEX fusion_items_event ON fusion_items(event_id, report_id);
    DROP INDEX conflict_claims_claim;
    CREATE INDEX conflict_claims_claim ON conflict_claims(claim_id, conflict_id);
    """,
    # fused events' rows (helper S, issue 12, tenth round): the row `events --fused` and `export events`
    # write of each event (export/rows.py `event_row`, as JSON text), made when fusion writes the event
    # (store/dataset.py `refresh_event_rows`), so the commands read rows instead of making them (0.6 ms
    # each). `version` names the code that made a row: a row of other code is not read. Triggers drop an
    # event's row and queue the event (`event_rows_stale`) when anything its row reads changes: the event,
    # its reports' items, a conflict holding one of its claims (conflict_claims, written whole for every
    # changed conflict), a claim of a conflict it shares, an article header; the queue is emptied by
    # `refresh_event_rows` and starts with every event of an older store (filled in Python, below).
    """
    CREATE TABLE event_rows (
        event_id   TEXT PRIMARY KEY,
        version    TEXT NOT NULL,
        confidence REAL,
        rejected   INTEGER NOT NULL,
        row        TEXT NOT NULL
    );
    CREATE TABLE event_rows_stale (event_id TEXT PRIMARY KEY);
    INSERT INTO event_rows_stale(event_id) SELECT event_id FROM events;
    CREATE TRIGGER events_rows_ai AFTER INSERT ON events BEGIN
        DELETE FROM event_rows WHERE event_id = new.event_id;
        INSERT OR IGNORE INTO event_rows_stale(event_id) VALUES (new.event_id);
    END;
    CREATE TRIGGER events_rows_au AFTER UPDATE ON events BEGIN
        DELETE FROM event_rows WHERE event_id IN (old.event_id, new.event_id);
        INSERT OR IGNORE INTO event_rows_stale(event_id) VALUES (new.event_id);
    END;
    CREATE TRIGGER events_rows_ad AFTER DELETE ON events BEGIN
        DELETE FROM event_rows WHERE event_id = old.event_id;
    END;
    CREATE TRIGGER fusion_items_rows_ai AFTER INSERT ON fusion_items BEGIN
        DELETE FROM event_rows WHERE event_id = new.event_id;
        INSERT OR IGNORE INTO event_rows_stale(event_id) VALUES (new.event_id);
    END;
    CREATE TRIGGER fusion_items_rows_ad AFTER DELETE ON fusion_items BEGIN
        DELETE FROM event_rows WHERE event_id = old.event_id;
        INSERT OR IGNORE INTO event_rows_stale(event_id) VALUES (old.event_id);
    END;
    CREATE TRIGGER fusion_items_rows_au AFTER UPDATE OF event_id ON fusion_items BEGIN
        DELETE FROM event_rows WHERE event_id IN (old.event_id, new.event_id);
        INSERT OR IGNORE INTO event_rows_stale(event_id) VALUES (old.event_id), (new.event_id);
    END;
    CREATE TRIGGER conflict_claims_rows_ai AFTER INSERT ON conflict_claims BEGIN
        INSERT OR IGNORE INTO event_rows_stale(event_id)
            SELECT f.event_id FROM claims c JOIN fusion_items f ON f.report_id = c.event_report_id
            WHERE c.claim_id = new.claim_id;
        DELETE FROM event_rows WHERE event_id IN (SELECT f.event_id FROM claims c
            JOIN fusion_items f ON f.report_id = c.event_report_id WHERE c.claim_id = new.claim_id);
    END;
    CREATE TRIGGER conflict_claims_rows_ad AFTER DELETE ON conflict_claims BEGIN
        INSERT OR IGNORE INTO event_rows_stale(event_id)
            SELECT f.event_id FROM claims c JOIN fusion_items f ON f.report_id = c.event_report_id
            WHERE c.claim_id = old.claim_id;
        DELETE FROM event_rows WHERE event_id IN (SELECT f.event_id FROM claims c
            JOIN fusion_items f ON f.report_id = c.event_report_id WHERE c.claim_id = old.claim_id);
    END;
    CREATE TRIGGER claims_rows_ad AFTER DELETE ON claims
    WHEN EXISTS (SELECT 1 FROM conflict_claims WHERE claim_id = old.claim_id) BEGIN
        INSERT OR IGNORE INTO event_rows_stale(event_id)
            SELECT f.event_id FROM conflict_claims mine
            JOIN conflict_claims o ON o.scope = mine.scope AND o.conflict_id = mine.conflict_id
            JOIN claims c ON c.claim_id = o.claim_id JOIN fusion_items f ON f.report_id = c.event_report_id
            WHERE mine.claim_id = old.claim_id;
        DELETE FROM event_rows WHERE event_id IN (SELECT f.event_id FROM conflict_claims mine
            JOIN conflict_claims o ON o.scope = mine.scope AND o.conflict_id = mine.conflict_id
            JOIN claims c ON c.claim_id = o.claim_id JOIN fusion_items f ON f.report_id = c.event_report_id
            WHERE mine.claim_id = old.claim_id);
    END;
    CREATE TRIGGER articles_rows_au AFTER UPDATE OF title, outlet, published ON articles BEGIN
        INSERT OR IGNORE INTO event_rows_stale(event_id)
            SELECT event_id FROM fusion_items WHERE article_id = new.article_id;
        DELETE FROM event_rows WHERE event_id IN (SELECT event_id FROM fusion_items WHERE article_id = new.article_id);
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
