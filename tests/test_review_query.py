"""The shared events query on a real store: filters, sorting and paging give the same answer whether
an event is read from SQL (no correction touches it) or replayed in Python (one does), and
corrections change what the filters see."""

from __future__ import annotations

import pytest

from review_corpus import store_copy

from eventfold import review
from eventfold.review import EventQuery, query_events
from eventfold.store import Store


@pytest.fixture
def store(tmp_path_factory, tmp_path):
    with Store.open(store_copy(tmp_path_factory, tmp_path)) as opened:
        yield opened


def _ids(store, **filters) -> list[str]:
    page = query_events(store, EventQuery(page_size=0, **filters))
    assert page.total == len(page.events)
    return [e.event_id for e in page.events]


def _queries(events) -> list[dict]:
    """Queries spanning every filter and sort, built from the store's own values."""
    raid = next(e for e in events if len(e.article_ids) == 2)
    placed = next(e for e in events if e.place and e.place.admin1)
    actor = next(e.actor1 for e in events if e.actor1)
    queries = [{}, {"date_from": "2023-06-15"}, {"date_to": "2023-06"}, {"date_from": "2023-06-12", "date_to": "2023-06-21"},
               {"country": placed.place.country.lower()}, {"admin1": placed.place.admin1.upper()},
               {"event_type": raid.event_type}, {"sub_event_type": raid.sub_event_type}, {"actor": actor[2:8].lower()},
               {"contested": True}, {"contested": False}, {"min_confidence": 0.99}, {"text": "gunmen OR soldiers"},
               {"event_ids": [raid.event_id, placed.event_id]}, {"reviewed": False}]
    return queries + [{"sort": sort} for sort in review.SORTS]


def test_sql_and_replayed_events_answer_every_query_alike(store):
    events = review.reviewed_events(store)
    assert len(events) >= 5
    queries = _queries(events)
    from_sql = [_ids(store, **q) for q in queries]
    for event in events:  # a value-free correction on every event: each now comes from the replay
        review.accept(store, event.event_id, "ana")
    replayed = [_ids(store, **{**q, "reviewed": True} if q.get("reviewed") is False else q) for q in queries]
    for query, sql, python in zip(queries, from_sql, replayed):
        if query.get("reviewed") is False:
            continue
        assert sql == python, query
    assert any(len(ids) < len(events) for ids in from_sql[1:14])  # the filters do filter


def test_pages_partition_the_sorted_list_with_corrected_events_in_place(store):
    events = review.reviewed_events(store)
    biggest = max((e for e in events if e.fatalities), key=lambda e: e.fatalities.value)
    review.edit(store, biggest.event_id, "fatalities", 0, "ana", "no one died")
    everything = _ids(store, sort="-fatalities")
    assert everything.index(biggest.event_id) > 0  # its corrected figure sorts it down
    pages = [query_events(store, EventQuery(sort="-fatalities", page=n, page_size=2)) for n in (1, 2, 3, 4)]
    assert [i for p in pages for i in (e.event_id for e in p.events)] == everything
    assert {p.total for p in pages} == {len(everything)}
    figures = [e.fatalities.value for p in pages for e in p.events if e.fatalities]
    assert figures == sorted(figures, reverse=True)


def test_corrections_change_what_the_filters_see(store):
    raid = next(e for e in review.reviewed_events(store) if len(e.article_ids) == 2)
    review.edit(store, raid.event_id, "event_date", "2023-07-01", "ana")
    assert raid.event_id not in _ids(store, date_to="2023-06-30")
    assert raid.event_id in _ids(store, date_from="2023-07")
    review.reject(store, raid.event_id, "bo")
    assert raid.event_id not in _ids(store)
    assert _ids(store, reviewed=True, include_rejected=True) == [raid.event_id]
    assert raid.event_id not in _ids(store, reviewed=False, include_rejected=True)


def test_text_search_reaches_events_through_their_articles(store):
    found = query_events(store, EventQuery(text="granaries", page_size=0)).events
    assert len(found) >= 1 and all(len(e.article_ids) >= 1 for e in found)
    assert _ids(store, text="zeppelin") == []


@pytest.mark.parametrize("query, message", [
    (EventQuery(sort="loudest"), "sort must be one of"),
    (EventQuery(page=0), "page must be"),
    (EventQuery(page_size=5000), "page_size must be"),
    (EventQuery(date_from="June"), "date_from must be"),
    (EventQuery(date_from="2023-07-01", date_to="2023-06-01"), "is after"),
    (EventQuery(min_confidence=3), "min_confidence must be"),
    (EventQuery(text='"unbalanced'), "bad text query"),
])
def test_bad_parameters_are_one_clear_error(store, query, message):
    with pytest.raises(review.ReviewError, match=message):
        query_events(store, query)


def test_a_correction_whose_reports_are_gone_is_reported_not_fatal(store):
    raid = next(e for e in review.reviewed_events(store) if len(e.article_ids) == 2)
    review.accept(store, raid.event_id, "ana")
    store.connection.execute("DELETE FROM fusion_items")  # as if every report had been dropped by re-extraction
    store.connection.execute("DELETE FROM events")
    page = query_events(store, EventQuery())
    assert page.total == 0 and "no longer applies" in page.warnings[0]
