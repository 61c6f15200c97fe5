"""Near-copy lookup in the store: MinHash LSH bands as indexed rows instead of an in-memory index.

Each original article's signature (ingest/dedup.py) is cut into BANDS bands of ROWS values; two
articles whose signatures agree on a whole band are candidates, and a candidate whose estimated
Jaccard similarity reaches the threshold is a near-copy. These are the band sizes datasketch's
MinHashLSH chooses for NUM_PERM=128 at the 0.6 threshold, so the candidates are the ones the
in-memory index found; memory no longer grows with the store (a lookup is BANDS index probes).
"""

from __future__ import annotations

from typing import Optional

from eventfold.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, NUM_PERM, minhash_from_bytes
from eventfold.store.db import Store

BANDS, ROWS = 18, 7  # the migration that made `minhash_bands` cuts stored signatures the same way
_BAND_BYTES = ROWS * 8  # uint64 values
assert BANDS * ROWS <= NUM_PERM


def band_keys(blob: bytes) -> list[bytes]:
    return [blob[band * _BAND_BYTES:(band + 1) * _BAND_BYTES] for band in range(BANDS)]


def add_bands(store: Store, article_id: str, blob: bytes) -> None:
    """Make an original article findable as the source of later near-copies (caller's transaction)."""
    store.connection.executemany("INSERT INTO minhash_bands(band, key, article_id) VALUES (?, ?, ?)",
                                 [(band, key, article_id) for band, key in enumerate(band_keys(blob))])


def original_of(store: Store, blob: bytes, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> Optional[str]:
    """The stored original most similar to this signature at or above the threshold; of equally
    similar ones, the first stored."""
    db = store.connection
    found: set[str] = set()
    for band, key in enumerate(band_keys(blob)):
        found.update(row[0] for row in db.execute(
            "SELECT article_id FROM minhash_bands WHERE band = ? AND key = ?", (band, key)))
    if not found:
        return None
    signature = minhash_from_bytes(blob)
    best_id, best_score = None, threshold
    rows = sorted(tuple(row) for row in store.rows_in(
        "SELECT rowid, article_id, minhash FROM articles WHERE article_id IN ({marks})", sorted(found)))
    for _, article_id, stored in rows:
        score = signature.jaccard(minhash_from_bytes(stored))
        if score > best_score or (best_id is None and score >= best_score):
            best_id, best_score = article_id, score
    return best_id
