"""Duplicate detection: exact copies by content hash, near-copies by MinHash.

Exact copies (the same story ingested twice) are stored once. Near-copies (a syndicated
version with another headline, an updated version with a changed paragraph) are stored but
linked to the first copy through `duplicate_of`, so later stages count the story once.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable, Optional

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# Stored signatures are only comparable with ones made by the same hashing scheme.
SCHEME = "affine32"
SHINGLE_WORDS = 5
# Jaccard similarity of word 5-gram sets above which two texts count as copies of one story.
# A syndicated copy with a new headline and one changed sentence in a 300-word report scores
# about 0.75-0.9; two different reports of the same event by different outlets score < 0.2.
NEAR_DUPLICATE_THRESHOLD = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)


def normalized_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_hash(text: str) -> str:
    """Hash of the story's words, blind to whitespace, case and punctuation changes."""
    return hashlib.sha256(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()


def article_id_for(content_hash_hex: str) -> str:
    return content_hash_hex[:16]


def minhash_of(text: str) -> MinHash:
    words = normalized_words(text)
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature


def minhash_to_bytes(signature: MinHash) -> bytes:
    return signature.hashvalues.astype(np.uint64).tobytes()


def minhash_from_bytes(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype=np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """An LSH index over the stored articles' signatures, answering 'is this a near-copy?'."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    @classmethod
    def from_stored(cls, stored: Iterable[tuple[str, bytes]]) -> "NearDuplicateIndex":
        index = cls()
        for article_id, blob in stored:
            index.add(article_id, minhash_from_bytes(blob))
        return index

    def add(self, article_id: str, signature: MinHash) -> None:
        if article_id not in self._signatures:
            self._lsh.insert(article_id, signature)
            self._signatures[article_id] = signature

    def original_of(self, signature: MinHash) -> Optional[str]:
        """The most similar stored article above the threshold (first-ingested wins ties)."""
        best_id, best_score = None, self.threshold
        for candidate in self._lsh.query(signature):
            score = signature.jaccard(self._signatures[candidate])
            if score >= best_score:
                best_id, best_score = candidate, score
        return best_id
