"""Speed-only rewrites of issue 12 (ninth round) give what the code they replace gave.

Each test runs the fast path beside the plain one it replaced, on real inputs: records extracted
from a written story by the real spaCy model, text searched by the bare regular expression, and
the query plans SQLite makes on a real store file."""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict

import pytest

from eventfold.annotate.places import _police_of
from eventfold.store import Store
from eventfold.store.extractions import record_json
from eventfold.store.review import conflict_ids_of_events

STORY = """Gunmen attack convoy near Dönmez crossing

Armed men ambushed a supply convoy near the Dönmez crossing on Tuesday, killing at least 14
soldiers and wounding 9 others, the regional governor said. A spokesman for the rebels denied
that any civilians were hurt and said "only 3 of our fighters" died in the fighting. Residents
told reporters that about 200 fighters took part and that the road stayed closed overnight.
"""


@pytest.fixture(scope="module")
def extracted():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()
    article = parse_document(RawDocument(path="story", format="text", content=STORY, published="2024-03-06"),
                             IngestOptions())
    annotations = annotator.annotate([article])[0]
    return extract_events(article, annotations, actors=annotator.actors)


def test_a_record_is_saved_as_the_text_asdict_gave(extracted):
    records = [*extracted.reports, *extracted.claims, *extracted.quotes]
    assert extracted.reports and extracted.claims
    assert any(claim.quantity is not None for claim in extracted.claims)  # nested records too
    for record in records:
        assert record_json(record) == json.dumps(asdict(record), ensure_ascii=False)


def _bare_police_search(name: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(name)}(?:['’]s)?\s+(?:[Pp]olice|PD)\b", text) is not None


def test_a_city_police_is_found_where_the_bare_search_finds_it():
    written = ["A man was shot in Brighton Park, Chicago police said.", "Chicago's police chief spoke.",
               "Officers of the Chicago PD and Oak Park police", "xChicago police", "Chicagoland police",
               "Chicago\n police", "Chicago PDs", "the police in Chicago", "Chicago’s  Police"]
    for text in written:
        for name in ("Chicago", "Oak Park", "Park", "Brighton Park"):
            assert _police_of(name, text) == _bare_police_search(name, text), (name, text)
    pieces = ["Chicago", "Chicago's", "police", "Police", "PD", "x", " ", "  ", "\n", "’s", "Oak Park", ".", "(",
              "Ch", "_"]
    rng = random.Random(12)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 10)))
        for name in ("Chicago", "Oak Park", "(Ch", ".", "Ch_"):
            assert _police_of(name, text) == _bare_police_search(name, text), (name, text)


def test_the_conflicts_of_shown_events_are_read_from_covering_indexes(tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        statements: list[str] = []
        store.connection.set_trace_callback(statements.append)
        assert conflict_ids_of_events(store, ["e1", "e2"]) == {}
        store.connection.set_trace_callback(None)
        sql = next(s for s in statements if "conflict_claims" in s)
        steps = [row[3] for row in store.connection.execute("EXPLAIN QUERY PLAN " + sql)]
    # event → its reports → their claims → the conflicts holding them, no table row read on the way
    for table, index in (("f", "fusion_items_event"), ("c", "claims_report"), ("cc", "conflict_claims_claim")):
        assert any(step.startswith(f"SEARCH {table} USING COVERING INDEX {index}") for step in steps), steps
