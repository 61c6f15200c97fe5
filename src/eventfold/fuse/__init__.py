"""Fusion stage: reports of the same real event, from one article or many, become one Event.

features  — `FusionItem`, the evidence fusion compares, built from an article (+ reports)
similarity — TF-IDF text and name similarity, place/date/figure adjustments, cannot-links
blocking  — which pairs are compared at all (keeps the work near-linear)
cluster   — `cluster_documents` (batch) and `FusionIndex` (incremental)
merge     — `consensus` over a cluster and `fuse_reports` → `Event`s
"""

from eventfold.fuse.cluster import FusionIndex, cluster_documents
from eventfold.fuse.features import FusionItem, item_from_article
from eventfold.fuse.merge import consensus, fuse_reports, report_item

__all__ = ["FusionIndex", "FusionItem", "cluster_documents", "consensus", "fuse_reports", "item_from_article",
           "report_item"]
