"""Fusion stage: reports of the same real event, from one article or many, become one Event.

Report level (the dataset):
reports   — `ReportItem`s, compatibility constraints, scores, `best_event` (incremental) and
            `fuse_reports` (batch in memory)
values    — `fuse_event`: an event's values by stated rules (ACLED's where it has one)
conflicts — claims that disagree, within an event or about one subject across the corpus

Document level (clustering whole articles, as the GVA and ECB+ evaluations ask):
features  — `FusionItem`, the evidence fusion compares, built from an article (+ reports)
similarity — TF-IDF text and name similarity, place/date/figure adjustments, cannot-links
blocking  — which pairs are compared at all (keeps the work near-linear)
cluster   — `cluster_documents` (batch) and `FusionIndex` (incremental)
merge     — `consensus` over a cluster of documents
"""

from eventfold.fuse.cluster import FusionIndex, cluster_documents
from eventfold.fuse.features import FusionItem, item_from_article
from eventfold.fuse.merge import consensus
from eventfold.fuse.reports import fuse_reports, report_item

__all__ = ["FusionIndex", "FusionItem", "cluster_documents", "consensus", "fuse_reports", "item_from_article",
           "report_item"]
