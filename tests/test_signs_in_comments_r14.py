"""A page whose reader comments hold formulas ("Poverty + Drugs = Gangs") is stored and analysed like any
other (issue 9; found by `eval gva`'s count of articles whose analysis failed): a span of signs names no
actor, so no mention points to an entity that does not exist, and the real SQLite store keeps every
record of the article."""

from __future__ import annotations

import json

from eventfold.ingest import IngestOptions
from eventfold.pipeline import ingest
from eventfold.store import Store
from eventfold.store.processing import failed_articles

STORY = ("Two men were shot outside a store on Main Street in Greenwood on Saturday night, police said. One of them "
         "died at the hospital.\n\nArticle comment by: A reader\n\nPoverty + Drugs = Gangs\n\nIf you trace all "
         "of this back, it starts at home.")


def test_a_formula_in_a_comment_names_no_actor_and_the_article_is_stored(tmp_path):
    source = tmp_path / "page.jsonl"
    source.write_text(json.dumps({"title": "One dead in Greenwood shooting", "text": STORY,
                                  "date": "2013-04-07", "url": "https://example.org/greenwood"}) + "\n")
    with Store.open(tmp_path / "store.db") as store:
        ingest(store, [str(source)], IngestOptions())
        assert failed_articles(store) == []
        texts = [row[0] for row in store.connection.execute("SELECT text FROM mentions")]
        assert texts and all(any(ch.isalnum() for ch in text) for text in texts)
        assert store.connection.execute("SELECT count(*) FROM event_reports").fetchone()[0] >= 1
