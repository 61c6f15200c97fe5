"""The reader of `eval ecbplus --details`: why the documents of one happening were left apart.
Details lines written for this test in the format `evaluate.ecbplus.write_details` writes."""

from __future__ import annotations

import json

from eventfold.evaluate.ecbplus import why_apart


def _row(document, gold, event=None, reports=(), **export):
    row = {"event_type": "Other", "sub_event_type": "Death", "event_date": None, "location": None}
    row.update(export)
    return {"document": document, "gold": gold, "article": document, "duplicate_of": None, "event": event,
            "export": row if event else None, "reports": list(reports)}


def test_each_pair_left_apart_is_counted_once_by_its_first_cause(tmp_path):
    weak = {"confidence": 0.4}
    rows = [
        _row("1_1ecb", "1/ecb", "ev-a", [{"confidence": 0.9}], event_date="2020-01-02"),
        _row("1_2ecb", "1/ecb", "ev-a", [{"confidence": 0.9}], event_date="2020-01-02"),   # joined
        _row("1_3ecb", "1/ecb", "ev-b", [{"confidence": 0.9}], event_date="2020-01-05"),   # another day
        _row("1_4ecb", "1/ecb", None, [weak]),                                               # under 0.8
        _row("1_5ecbplus", "1/ecbplus", None, []),                                           # alone anyway
        _row("2_1ecb", "2/ecb", "ev-c", [{"confidence": 0.9}], event_type="Battles", sub_event_type="Armed clash"),
        _row("2_2ecb", "2/ecb", "ev-d", [{"confidence": 0.9}]),
    ]
    path = tmp_path / "details.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert why_apart(path) == {"reports under the threshold": 3, "different days": 2,
                               "one ACLED-typed, one Other": 1}
