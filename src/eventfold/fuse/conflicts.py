"""Contradictions: claims about the same subject and kind that cannot all be true.

Claims are compared within a scope:
- an event: its casualty figures (killed, wounded, captured, detained, abducted) about one side,
  and its stated dates;
- a subject across the corpus, within a time window: who controls a place, how strong a force is;
  a subject's claims part where SUBJECT_WINDOW_DAYS pass without one, each part its own conflict.
Two claims conflict when one denies what the other asserts, or when their values cannot both
hold: figures whose ranges do not overlap (`figure_range`), dates more than a day apart,
controllers that exclude each other. Claims of one claimant in one article never conflict with
each other (they tell different moments or fronts), nor do figures counted at different places. Every conflicting claim stays; nothing is
averaged. A conflict's id is derived from its claims, so recomputing a scope is idempotent.
"""

from __future__ import annotations

import hashlib
import math
import re
from itertools import combinations
from typing import Callable, Collection, Iterable, Optional

from eventfold.model import Claim, Conflict, Quantity

FIGURE_KINDS = ("killed", "wounded", "captured", "detained", "abducted")
EVENT_KINDS = FIGURE_KINDS + ("date",)
SUBJECT_KINDS = ("control", "force_size")
# Claims about one subject further apart than this (days between their articles) describe
# different moments, not a disagreement (front lines and force sizes change).
SUBJECT_WINDOW_DAYS = 14
# "as many as 30" and "about 30" are read as near 30: a source giving fewer than this share of
# it disagrees ("as many as 30" vs 15 is a disagreement an analyst would flag).
BOUND_TOLERANCE = 0.75
# Dates (ISO days) further apart than this disagree.
DATE_TOLERANCE_DAYS = 1
LOST_BY = "lost by "


def figure_range(quantity: Quantity) -> tuple[float, float]:
    """The values a reported figure allows."""
    low, high = quantity.low, quantity.high
    if quantity.qualifier == "at_most" and high is not None:
        return math.floor(high * BOUND_TOLERANCE), high
    if quantity.qualifier == "approx" and (low or high) is not None:
        value = low if low is not None else high
        return math.floor(value * BOUND_TOLERANCE), math.ceil(value / BOUND_TOLERANCE)
    if low is not None and high is None:
        return low, (math.inf if quantity.qualifier == "at_least" else low)
    if high is not None and low is None:
        return high, high
    return low, high


def subject_key(claim: Claim) -> str:
    """What a claim is about: its canonical side, else its subject words without articles."""
    if claim.side:
        return claim.side.lower()
    words = re.sub(r"[^\w\s]", " ", claim.subject.lower()).split()
    return " ".join(w for w in words if w not in ("the", "a", "an", "its", "their", "s"))


def event_conflicts(event_id: str, claims: Iterable[Claim]) -> list[Conflict]:
    """Conflicts among one event's figure and date claims."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        kind = "captured" if claim.kind == "detained" else claim.kind
        if kind in EVENT_KINDS:
            groups.setdefault((kind, subject_key(claim) if kind != "date" else ""), []).append(claim)
    return [conflict for (kind, subject), group in sorted(groups.items())
            for conflict in _group_conflicts(event_id, kind, _shown_subject(group) if subject else "the event", group)]


def subject_conflicts(claims: Iterable[Claim], day_of: Callable[[Claim], Optional[int]],
                      event_of: Callable[[Claim], Optional[str]], previous: Optional[list[Conflict]] = None,
                      changed: Collection[str] = ()) -> list[Conflict]:
    """Conflicts among control and force-size claims about one subject, close in time.

    With `previous` (the conflicts a former pass found about these subjects) only the parts of a
    subject (`_episodes`) that hold a `changed` claim, or that a previous conflict no longer fits, are
    compared again; the others keep their previous conflicts, which a comparison would find again
    (the same claims, days and subject). A claim new to a subject told for years costs its part."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        if claim.kind in SUBJECT_KINDS:
            groups.setdefault((claim.kind, subject_key(claim)), []).append(claim)
    found = []
    for (kind, subject), group in sorted(groups.items()):
        shown = _shown_subject(group)
        parts = _episodes(group, day_of)
        kept = _kept_conflicts(parts, shown, previous, set(changed)) if previous is not None else {}
        for number, (episode, undated_together) in enumerate(parts):
            if number in kept:
                found.extend(kept[number])
                continue
            for conflict in _group_conflicts(None, kind, shown, episode, day_of, undated_together):
                events = (event_of(c) for c in group if c.claim_id in conflict.claim_ids)
                conflict.event_id = next((e for e in events if e is not None), None)
                found.append(conflict)
    return found


def _kept_conflicts(parts: list[tuple[list[Claim], bool]], shown: str, previous: list[Conflict],
                    changed: set[str]) -> dict[int, list[Conflict]]:
    """part number → its previous conflicts, for the parts that need no new comparison: no changed
    claim, and every previous conflict touching it lies within it, whole and about the same subject."""
    part_of: dict[str, set[int]] = {}
    for number, (part, _) in enumerate(parts):
        for claim in part:
            part_of.setdefault(claim.claim_id, set()).add(number)
    redo = {n for n, (part, _) in enumerate(parts) if any(c.claim_id in changed for c in part)}
    kept: dict[int, list[Conflict]] = {}
    for conflict in previous:
        touched = [part_of[i] for i in conflict.claim_ids if i in part_of]
        if not touched:
            continue
        common = set.intersection(*touched)  # an undated claim is in every part: the first part is its own
        home = min(common) if common else None
        if home is None or len(touched) < len(conflict.claim_ids) or conflict.subject != shown:
            redo.update(*touched)
        else:
            kept.setdefault(home, []).append(conflict)
    undated = len(parts) > 1 and any(len(numbers) > 1 for numbers in part_of.values())
    if redo and undated:  # undated claims are compared together in the first part only: redo them all
        redo = set(range(len(parts)))
    return {n: kept.get(n, []) for n in range(len(parts)) if n not in redo}


def _episodes(group: list[Claim], day_of: Callable[[Claim], Optional[int]]) -> list[tuple[list[Claim], bool]]:
    """A subject's claims split where more than SUBJECT_WINDOW_DAYS pass without one: no claim of one
    part is compared with a claim of another, so each part is a conflict of its own and a subject
    talked about for years is not one conflict growing with the corpus. A claim of an article with no
    date may be of any moment: it joins every part, but is compared with the other undated claims in
    the first part only (the flag), so a subject told within one window is compared as a whole."""
    dated = sorted((day, claim.claim_id, claim) for claim in group if (day := day_of(claim)) is not None)
    parts: list[list[Claim]] = []
    last = None
    for day, _, claim in dated:
        if last is None or day - last > SUBJECT_WINDOW_DAYS:
            parts.append([])
        parts[-1].append(claim)
        last = day
    undated = [claim for claim in group if day_of(claim) is None]
    if not parts:
        return [(undated, True)] if undated else []
    return [(part + undated, number == 0) for number, part in enumerate(parts)]


def _shown_subject(group: list[Claim]) -> str:
    """The subject as the claims write it ("Panjshir Valley", "Taliban"), not its comparison key."""
    return next((c.side for c in group if c.side), group[0].subject)


def _group_conflicts(event_id: Optional[str], kind: str, subject: str, group: list[Claim],
                     day_of: Optional[Callable[[Claim], Optional[int]]] = None,
                     undated_together: bool = True) -> list[Conflict]:
    """One conflict per disagreeing group: all claims that disagree with another, side by side."""
    involved: dict[str, Claim] = {}
    reasons: list[str] = []
    places = _places_counted(group)
    for a, b in _compared_pairs(sorted(group, key=lambda c: c.claim_id), day_of, undated_together):
        if a.article_id == b.article_id and (a.claimant or "") == (b.claimant or ""):
            continue
        place_a, place_b = places[a.claim_id], places[b.claim_id]
        if kind in FIGURE_KINDS and place_a != place_b and (
                (place_a and place_b) or _same_source(a.claimant, b.claimant)):
            # tolls of two fronts of one operation: parts, not a contradiction; one source's toll at
            # a named place and its toll "on the second front" are two fronts too
            continue
        reason = disagreement(kind, a, b)
        if reason:
            involved[a.claim_id], involved[b.claim_id] = a, b
            if reason not in reasons:
                reasons.append(reason)
    if not involved:
        return []
    ids = sorted(involved)
    digest = hashlib.sha1(f"{kind}|{subject}|{'|'.join(ids)}".encode()).hexdigest()[:12]
    return [Conflict(conflict_id=f"cf-{digest}", event_id=event_id, kind=kind, subject=subject, claim_ids=ids,
                     reason="; ".join(reasons))]


def _compared_pairs(ordered: list[Claim], day_of: Optional[Callable[[Claim], Optional[int]]],
                    undated_together: bool = True) -> list[tuple[Claim, Claim]]:
    """The pairs of claims to compare, in the order of `combinations(ordered, 2)`: every pair within
    an event; about a subject, only the pairs not more than SUBJECT_WINDOW_DAYS apart (an undated
    claim with every dated one, and with the other undated ones if `undated_together`). Found by
    sorting on the day, so a subject's cost follows the claims of each window, not the square of
    every claim about it across the corpus."""
    if day_of is None:
        return list(combinations(ordered, 2))
    days = [day_of(claim) for claim in ordered]
    undated = [i for i, day in enumerate(days) if day is None]
    dated = sorted((day, i) for i, day in enumerate(days) if day is not None)
    pairs: set[tuple[int, int]] = {(min(i, j), max(i, j)) for i in undated for j in range(len(ordered))
                                   if j != i and (undated_together or days[j] is not None)}
    for position, (day, i) in enumerate(dated):
        for later_day, j in dated[position + 1:]:
            if later_day - day > SUBJECT_WINDOW_DAYS:
                break
            pairs.add((min(i, j), max(i, j)))
    return [(ordered[i], ordered[j]) for i, j in sorted(pairs)]


def _places_counted(group: list[Claim]) -> dict[str, Optional[str]]:
    """Each claim's place; a toll with none whose source gives another toll of the article a place
    ("85 dead in Andarab and 12 on the second front") was counted elsewhere than that place."""
    placed = {(c.article_id, c.claimant) for c in group if c.place}
    return {c.claim_id: c.place or (ELSEWHERE if (c.article_id, c.claimant) in placed else None) for c in group}


ELSEWHERE = "elsewhere"


def _same_source(a: Optional[str], b: Optional[str]) -> bool:
    """Two outlets' wordings of one source ("Russia's Interfax", "Interfax, citing a local source"):
    they share a capitalised name word."""
    # an owner's name ("Russia's") is no source's, nor the X of "pro-X"/"anti-X"
    names = [{w for w in re.findall(r"(?<![\w'’-])[A-Z][\w'’-]*\w", text or "")
              if w not in CLAIMANT_FILLER_WORDS and not re.search(r"['’]s$", w)} for text in (a, b)]
    return bool(names[0] & names[1])


# Capitalised words that name no particular source: sentence openers and institutions' kinds.
CLAIMANT_FILLER_WORDS = frozenset({"The", "A", "An", "In", "According", "Ministry", "Office", "Department",
                                   "Police", "Army", "Government", "Council", "Agency", "Service", "Committee",
                                   "Forces", "Defence", "Defense", "Interior", "Health", "State", "National"})


def disagreement(kind: str, a: Claim, b: Claim) -> Optional[str]:
    """Why two claims about one subject cannot both hold; None when they can."""
    if a.polarity != b.polarity:
        if _same_value(kind, a, b):
            return "claim vs denial"
        return None
    if a.polarity == "denied":
        return None
    if kind in FIGURE_KINDS or kind == "force_size":
        return _figures_disagree(a, b)
    if kind == "date":
        return _dates_disagree(a.value, b.value)
    if kind == "control":
        return _controllers_disagree(a.value, b.value)
    return None


def _same_value(kind: str, a: Claim, b: Claim) -> bool:
    if kind == "control":
        return _controller(a.value) == _controller(b.value)
    if a.quantity is not None and b.quantity is not None:
        return _figures_disagree(a, b) is None
    return a.value.strip().lower() == b.value.strip().lower()


def _figures_disagree(a: Claim, b: Claim) -> Optional[str]:
    if a.quantity is None or b.quantity is None:
        return None
    (low_a, high_a), (low_b, high_b) = figure_range(a.quantity), figure_range(b.quantity)
    if high_a < low_b or high_b < low_a:
        return "figures differ"
    return None


def _dates_disagree(a: str, b: str) -> Optional[str]:
    from eventfold.model import value_bounds

    bounds_a, bounds_b = value_bounds(a), value_bounds(b)
    if not bounds_a or not bounds_b:
        return None
    if bounds_a[0] > bounds_b[1] + DATE_TOLERANCE_DAYS or bounds_b[0] > bounds_a[1] + DATE_TOLERANCE_DAYS:
        return "dates differ"
    return None


def _controller(value: str) -> tuple[bool, str]:
    """(lost, who): "Taliban" → (False, "taliban"); "lost by its holders" → (True, "its holders")."""
    value = re.sub(r"^the ", "", value.strip().lower())
    if value.startswith(LOST_BY):
        return True, value[len(LOST_BY):]
    return False, value


def _controllers_disagree(a: str, b: str) -> Optional[str]:
    (lost_a, who_a), (lost_b, who_b) = _controller(a), _controller(b)
    if lost_a and lost_b:
        return None
    if (lost_a or lost_b) and who_a != who_b:
        return None
    if lost_a or lost_b or who_a != who_b:
        return "control disputed"
    return None
