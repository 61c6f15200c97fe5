"""The CASE 2021 report's noise interval and error counts (evaluate/case2021.py)."""

from __future__ import annotations

from eventfold.evaluate.case2021 import bootstrap_interval, confusions, summarise

# 40 rows: three types, a few errors of each kind.
PAIRS = ([("ARREST", "ARREST")] * 12 + [("ARREST", "PROTEST_WITH_INTER")] * 3
         + [("GRENADE", "GRENADE")] * 10 + [("GRENADE", "NONE")] * 1
         + [("VIOL_DEMONSTR", "VIOL_DEMONSTR")] * 9 + [("VIOL_DEMONSTR", "PEACE_PROTEST")] * 5)


def test_bootstrap_interval_brackets_the_figure_and_is_reproducible():
    low, high = bootstrap_interval(PAIRS, resamples=400)
    assert low < summarise(PAIRS)["macro_f1"] < high
    assert high - low > 0.05  # 40 rows leave a wide interval
    assert bootstrap_interval(PAIRS, resamples=400) == [low, high]


def test_bootstrap_interval_of_no_rows_is_empty():
    assert bootstrap_interval([]) == [0.0, 0.0]


def test_confusions_count_errors_by_type_most_frequent_first():
    assert confusions(PAIRS) == [
        {"gold": "VIOL_DEMONSTR", "predicted": "PEACE_PROTEST", "count": 5},
        {"gold": "ARREST", "predicted": "PROTEST_WITH_INTER", "count": 3},
        {"gold": "GRENADE", "predicted": "NONE", "count": 1},
    ]
