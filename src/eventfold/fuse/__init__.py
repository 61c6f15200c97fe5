"""Fusion stage: event reports of the same real event, from one article or many, become one Event.

reports   — `ReportItem`s (a report's day window, place, actors, figures, its sentence's and its
            whole story's words), compatibility constraints, scores, `best_event` (incremental,
            used by `pipeline.fuse`) and `fuse_reports` (batch in memory)
values    — `fuse_event`: an event's values by stated rules (ACLED's where it has one)
conflicts — claims that disagree, within an event or about one subject across the corpus
words     — content words and day ordinals the comparisons use

There is one path: the evaluations (`evaluate.gva`, `evaluate.ecbplus`) score the events these
modules build inside the store, as `eventfold ingest` builds them.
"""

from eventfold.fuse.reports import fuse_reports, report_item

__all__ = ["fuse_reports", "report_item"]
