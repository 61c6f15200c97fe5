"""Article text cut into segments for marking: plain runs and marked spans, never HTML strings.

The templates render each segment as escaped text, inside a <mark> when it is marked, so an
article's own markup (it is untrusted input) is always shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from eventfold.model import Annotations

# Sentence ends for the excerpt around a source span.
SENTENCE_ENDS = ".!?\n"
EXCERPT_CONTEXT = 400  # characters of text kept on each side of a highlighted span in an excerpt


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # css class: actor, place, date, source, claim
    title: str = ""
    anchor: str = ""  # element id, so a link can point at the mark


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Optional[Mark] = None


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """`text` as plain and marked segments; where marks overlap, the earlier (then longer) one wins."""
    result, position = [], 0
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        start, end = max(mark.start, 0), min(mark.end, len(text))
        if start < position or start >= end:
            continue
        if start > position:
            result.append(Segment(text[position:start]))
        result.append(Segment(text[start:end], mark))
        position = end
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


def annotation_marks(annotations: Optional[Annotations], part: str) -> list[Mark]:
    """Actors, places and dates the language layer found in one part of an article."""
    if annotations is None:
        return []
    marks = [Mark(m.span.start, m.span.end, "actor", f"{m.label}: {m.entity_id or m.text}")
             for m in annotations.mentions if m.span.part == part]
    marks += [Mark(p.span.start, p.span.end, "place", _place_title(p)) for p in annotations.places if p.span.part == part]
    marks += [Mark(t.span.start, t.span.end, "date", f"date: {t.value.value or t.value.reason or '?'}")
              for t in annotations.times if t.span.part == part]
    return marks


def _place_title(mention) -> str:
    place = mention.place
    if place is None:
        return "place: unresolved"
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    return f"place: {place.name} ({where})" if where else f"place: {place.name}"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) holding [start, end): from after the previous sentence end to the next one."""
    left = max((text.rfind(c, 0, start) for c in SENTENCE_ENDS), default=-1) + 1
    rights = [i for i in (text.find(c, max(start, end - 1)) for c in SENTENCE_ENDS) if i != -1]  # a span may end on its stop
    right = min(rights) + 1 if rights else len(text)
    right = max(right, end)
    while left < start and text[left].isspace():
        left += 1
    while right > left + 1 and text[right - 1].isspace():
        right -= 1
    return left, right


def excerpt(text: str, mark: Mark) -> tuple[list[Segment], bool, bool]:
    """The paragraph context of one mark: segments, and whether text was cut before and after."""
    low = max(0, mark.start - EXCERPT_CONTEXT)
    high = min(len(text), mark.end + EXCERPT_CONTEXT)
    low = text.rfind("\n", 0, mark.start) + 1 if text.rfind("\n", low, mark.start) != -1 else low
    newline = text.find("\n", mark.end, high)
    high = newline if newline != -1 else high
    shifted = Mark(mark.start - low, mark.end - low, mark.kind, mark.title, mark.anchor)
    return segments(text[low:high], [shifted]), low > 0, high < len(text)
