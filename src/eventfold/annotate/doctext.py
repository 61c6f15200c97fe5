"""Per-Doc caches of what spaCy rebuilds at every access.

`Doc.text` joins every token anew each time it is read, so reading it once per sentence or per
figure makes a long document's cost grow with the square of its length; and listing the tokens
that start in a character range by walking the whole Doc does the same. These helpers compute
the text and the token offsets once per live Doc. They are kept outside `doc.user_data` (Docs
stay serialisable) and vanish with their Doc; values that hold the Doc itself (Spans) are kept
for the last few Docs only.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left

_TEXT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_STARTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_WORDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LOWER: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LEMMAS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


# The Doc asked last (weakly) and its text: passes over one Doc's sentences ask again and again,
# and the weak-keyed lookup made a new weak reference at every call.
_LAST_TEXT: list = [None, ""]


def doc_text(doc) -> str:
    """`doc.text`, built once per Doc."""
    last, text = _LAST_TEXT
    if last is not None and last() is doc:
        return text
    text = _TEXT.get(doc)
    if text is None:
        text = _TEXT[doc] = doc.text
    _LAST_TEXT[:] = [weakref.ref(doc), text]
    return text


def span_text(span) -> str:
    """`span.text` of a Span (or of a Doc), sliced from the Doc's text built once: spaCy joins the
    span's tokens anew at every access, which the passes over every sentence paid many times."""
    text = doc_text(span.doc)
    return text if span is span.doc else text[span.start_char:span.end_char]


def token_texts(doc) -> list[str]:
    """`[t.text for t in doc]`, listed once per Doc: the recognisers that look for a few words
    over every token then build a Token only where one of their words is."""
    words = _WORDS.get(doc)
    if words is None:
        words = _WORDS[doc] = [token.text for token in doc]
    return words


def lower_words(doc) -> list[str]:
    """`[t.lower_ for t in doc]`, listed once per Doc."""
    words = _LOWER.get(doc)
    if words is None:
        words = _LOWER[doc] = [token.lower_ for token in doc]
    return words


def lemmas(doc) -> list[str]:
    """`[t.lemma_ for t in doc]`, listed once per Doc: a pass looking for a few verbs builds a Token
    only where one of their lemmas is."""
    found = _LEMMAS.get(doc)
    if found is None:
        found = _LEMMAS[doc] = [token.lemma_ for token in doc]
    return found


def tokens_starting_in(doc, start_char: int, end_char: int) -> list:
    """The tokens whose first character lies in [start_char, end_char), in order: the same list
    as `[t for t in doc if start_char <= t.idx < end_char]`, found by bisection."""
    starts = _STARTS.get(doc)
    if starts is None:
        starts = _STARTS[doc] = [token.idx for token in doc]
    first, last = bisect_left(starts, start_char), bisect_left(starts, end_char)
    return [doc[i] for i in range(first, last)]


# The entities of the Docs read last, oldest first. Their Spans hold their Doc, so under a weak key
# no Doc would ever be freed (a worker kept every Doc it parsed: memory grew with the corpus); the
# few Docs kept here are those extraction is reading, and an evicted one is only listed again.
_ENTS: dict = {}
ENTS_KEPT = 8


def ents_within(span) -> list:
    """`span.ents` (the entities wholly inside the span), without building every entity of the
    Doc at each call as spaCy does: the Doc's entities are listed once, the first found by bisection."""
    doc = span.doc
    cached = _ENTS.get(doc)
    if cached is None:
        ents = list(doc.ents)
        cached = _ENTS[doc] = (ents, [ent.start for ent in ents])
        if len(_ENTS) > ENTS_KEPT:
            del _ENTS[next(iter(_ENTS))]
    ents, starts = cached
    found = []
    for ent in ents[bisect_left(starts, span.start):]:
        if ent.end > span.end:
            break  # as spaCy does: stop at the first entity running past the span
        found.append(ent)
    return found
