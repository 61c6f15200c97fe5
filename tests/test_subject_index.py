"""What adding articles to a large store reads must not grow with the store. The incremental pass over
control and force-size claims reads only the subjects it touches: every query it makes is an indexed
lookup (SQLite's own query plans, on a real store file), and a store made before the `subject_key`
column gets its keys filled once; places and entities are updated in place; fusion's candidates come
from a closed index range. The claims here are written for these tests."""

from __future__ import annotations

import pytest

from test_shown_read_path import corrected_store  # noqa: F401  (a store of copies 400 days apart)

from eventfold.model import Article, Claim, Conflict, Span
from eventfold.pipeline import _claims_of_touched_subjects
from eventfold.store.db import Store
from eventfold.store.extractions import save_extraction, stored_subject_key
from eventfold.store.fusion import fill_subject_keys_once, fusion_state, replace_conflicts, set_fusion_state

CLAIMS = {  # article → (kind, subject, side, value)
    "a1": [("force_size", "the militia", "Northern Shield", "1500"), ("killed", "soldiers", None, "3")],
    "a2": [("force_size", "the militia's fighters", "Northern Shield", "6000"),
           ("control", "the town of Tarin Kot", None, "rebels")],
    "a3": [("control", "Tarin Kot", None, "army"), ("force_size", "the brigade", None, "400")],
}


def _claims(article_id: str) -> list[Claim]:
    return [Claim(f"{article_id}-c{n}", article_id, subject, kind, value, "a spokesman",
                  Span(article_id, 10 * n, 10 * n + 5), side=side)
            for n, (kind, subject, side, value) in enumerate(CLAIMS[article_id])]


@pytest.fixture()
def store(tmp_path):
    store = Store.open(tmp_path / "subjects.db")
    with store.transaction():
        for article_id in CLAIMS:
            store.insert_article(Article(article_id=article_id, text="x" * 80, content_hash=article_id), None, None)
            save_extraction(store, article_id, [], _claims(article_id), [], article_id, "test")
        replace_conflicts(store, "subject:force_size:Northern Shield",
                          [Conflict("cf-1", None, "force_size", "Northern Shield", ["a1-c0", "a2-c0"], "1500 vs 6000")])
    yield store
    store.close()


def test_every_query_of_the_incremental_pass_is_an_indexed_lookup(store):
    statements: list[str] = []
    store.connection.set_trace_callback(statements.append)
    claims, scopes = _claims_of_touched_subjects(store, {"a2"})
    store.connection.set_trace_callback(None)
    assert [c.claim_id for c in claims] == ["a1-c0", "a2-c0", "a2-c1"]  # the militia's two, the town's one
    assert scopes == {"subject:force_size:Northern Shield", "subject:control:the town of Tarin Kot"}
    plans = {sql: [row[3] for row in store.connection.execute("EXPLAIN QUERY PLAN " + sql)]
             for sql in statements if sql.lstrip().upper().startswith("SELECT")}
    assert len(plans) >= 5
    for sql, steps in plans.items():
        # the one table read whole holds only the claims deleted since the last pass (a trigger's)
        scans = [step for step in steps if step.startswith("SCAN") and "USING" not in step and step != "SCAN l"]
        assert not scans, f"{sql}: {steps}"
    by_subject = [steps for sql, steps in plans.items() if "subject_key =" in sql]
    assert by_subject and all("USING INDEX claims_subject (kind=? AND subject_key=?)" in s[0] for s in by_subject)
    losing = next(steps for sql, steps in plans.items() if "NOT EXISTS" in sql)
    assert any("conflict_claims_claim (claim_id=?)" in step for step in losing)


def test_the_other_town_spelling_is_a_subject_of_its_own(store):
    claims, _ = _claims_of_touched_subjects(store, {"a3"})
    assert [c.claim_id for c in claims] == ["a3-c0", "a3-c1"]


def test_a_conflict_that_lost_a_claim_is_redone_and_then_forgotten(store):
    from eventfold.pipeline import _refresh_subject_conflicts

    with store.transaction():
        save_extraction(store, "a1", [], [], [], "a1", "test")  # a1 analysed again: no claim now
    assert [r[0] for r in store.connection.execute("SELECT claim_id FROM lost_subject_claims")] == ["a1-c0"]
    claims, scopes = _claims_of_touched_subjects(store, {"a3"})
    assert "subject:force_size:Northern Shield" in scopes
    assert "a2-c0" in [c.claim_id for c in claims]
    with store.transaction():
        _refresh_subject_conflicts(store, {"a3"})
    assert not store.connection.execute("SELECT * FROM lost_subject_claims").fetchall()
    assert not store.connection.execute("SELECT * FROM conflict_claims WHERE claim_id = 'a1-c0'").fetchall()


def test_claims_analysed_again_under_the_same_ids_are_not_lost(store):
    with store.transaction():
        save_extraction(store, "a1", [], _claims("a1"), [], "a1", "test")
    assert store.connection.execute("SELECT count(*) FROM lost_subject_claims").fetchone()[0] == 1
    _, scopes = _claims_of_touched_subjects(store, {"a3"})
    assert "subject:force_size:Northern Shield" not in scopes


def test_claims_stored_before_the_column_get_their_keys_once(store):
    db = store.connection
    expected = {c.claim_id: stored_subject_key(c) for a in CLAIMS for c in _claims(a)}
    assert expected["a1-c0"] == expected["a2-c0"] == "northern shield" and expected["a1-c1"] is None
    with store.transaction():
        db.execute("UPDATE claims SET subject_key = NULL")
        set_fusion_state(store, "subject_keys", "")
        fill_subject_keys_once(store, ("control", "force_size"))
    assert dict(db.execute("SELECT claim_id, subject_key FROM claims")) == expected
    assert fusion_state(store, "subject_keys") == "filled"


def test_places_and_entities_are_updated_in_place_with_their_mentions_kept(store):
    """An upsert, not INSERT OR REPLACE: replacing a row that mentions cite made SQLite count every
    citing mention (26 ms a popular place at 100,000 articles); updating it in place costs the same at any size."""
    from eventfold.model import Entity, Place
    from eventfold.store.annotations import _upsert_entity, upsert_place

    db = store.connection
    with store.transaction():
        upsert_place(store, Place(1138958, "Kunduz", 36.73, 68.86, "AF", "Kunduz", None, "P", "PPLA", 268893, 1))
        _upsert_entity(store, Entity("taliban", "Taliban", "ORG", "Rebel group", ["the Taliban"]))
        db.execute("INSERT INTO mentions(article_id, part, start, end, text, label, entity_id, rule)"
                   " VALUES ('a1', 'text', 0, 7, 'Taliban', 'ORG', 'taliban', 'test')")
        db.execute("INSERT INTO place_mentions(article_id, part, start, end, text, geonameid, rule, score)"
                   " VALUES ('a1', 'text', 20, 26, 'Kunduz', 1138958, 'test', 1.0)")
        upsert_place(store, Place(1138958, "Kunduz", 36.73, 68.86, "AF", "Kunduz", "Kunduz", "P", "PPLA", 268893, 2))
        _upsert_entity(store, Entity("taliban", "Taliban", "ORG", "Rebel group", ["Taliban fighters"], country="AF"))
    assert [tuple(r) for r in db.execute("SELECT admin2, geo_precision FROM places")] == [("Kunduz", 2)]
    assert [tuple(r) for r in db.execute("SELECT aliases, country FROM entities")] == [
        ('["Taliban fighters", "the Taliban"]', "AF")]
    assert db.execute("SELECT count(*) FROM mentions WHERE entity_id = 'taliban'").fetchone()[0] == 1


def test_fusion_candidates_read_a_bounded_window_and_find_what_the_open_one_found(corrected_store):  # noqa: F811
    """The copies lie 400 days apart, as years of archives would: an item's candidates are read from an
    index range closed at both ends (store/fusion.py `widest_window`), and are those the open range gave."""
    from eventfold.fuse.reports import DAY_SLACK
    from eventfold.model import ReportItem
    from eventfold.store.fusion import candidate_events, widest_window

    with Store.open(corrected_store) as store:
        db = store.connection
        items = [ReportItem.from_json(row[0]) for row in db.execute("SELECT features FROM fusion_items")]
        assert widest_window(store) == db.execute("SELECT max(day_high - day_low) FROM fusion_items").fetchone()[0]
        dated = [i for i in items if i.day_low is not None and i.day_high is not None]
        assert len(dated) > 20
        for item in dated:
            opened = [row[0] for row in db.execute(
                "SELECT event_id FROM fusion_items WHERE family = ? AND day_high >= ? AND day_low <= ?",
                (item.family, item.day_low - DAY_SLACK, item.day_high + DAY_SLACK))]
            opened += [row[0] for row in db.execute(
                "SELECT event_id FROM fusion_items WHERE family = ? AND day_high IS NULL", (item.family,))]
            assert list(candidate_events(store, item, DAY_SLACK)) == list(dict.fromkeys(opened))
