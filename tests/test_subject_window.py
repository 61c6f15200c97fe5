"""Subject conflicts compare only claims within SUBJECT_WINDOW_DAYS of each other, found by sorting
on the day, and a subject's claims part where the window passes without one: the claims at odds are
those comparing every pair finds, and a subject told within one window gives the same conflict."""

from __future__ import annotations

import random
from itertools import combinations

from eventfold.fuse import conflicts as module
from eventfold.fuse.conflicts import SUBJECT_WINDOW_DAYS, subject_conflicts, subject_key
from eventfold.model import Claim, Quantity, Span

CONTROLLERS = ("Taliban", "the government", "lost by its holders", "resistance fighters")
CLAIMANTS = ("Interfax", "a local elder", "the ministry", None)


def _claims(rng: random.Random, count: int) -> list[Claim]:
    claims = []
    for n in range(count):
        article = f"a{rng.randrange(count // 2 + 1)}"
        if rng.random() < 0.5:
            kind, value, quantity = "control", rng.choice(CONTROLLERS), None
            subject = rng.choice(("Panjshir valley", "the Panjshir Valley", "Andarab"))
        else:
            figure = rng.choice((500, 1000, 3000, 10000))
            kind, value, quantity = "force_size", str(figure), Quantity(figure, figure, str(figure), "exact")
            subject = rng.choice(("Taliban", "resistance"))
        claims.append(Claim(f"c{n:04d}", article, subject, kind, value, rng.choice(CLAIMANTS),
                            Span(article, n, n + 3), polarity=rng.choice(("asserted",) * 4 + ("denied",)),
                            quantity=quantity))
    return claims


def _every_pair_compared(claims, day_of, event_of):
    """The former rule: one conflict per subject, over every pair of its claims not further apart
    than the window (an undated claim with every other)."""
    saved = module._compared_pairs, module._episodes

    def all_pairs(ordered, days, undated_together=True):
        return [(a, b) for a, b in combinations(ordered, 2) if days(a) is None or days(b) is None
                or abs(days(a) - days(b)) <= SUBJECT_WINDOW_DAYS]

    module._compared_pairs, module._episodes = all_pairs, lambda group, days: [(group, True)]
    try:
        return subject_conflicts(claims, day_of, event_of)
    finally:
        module._compared_pairs, module._episodes = saved


def _involved(conflicts) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for conflict in conflicts:
        found.setdefault((conflict.kind, conflict.subject), set()).update(conflict.claim_ids)
    return found


def test_parts_of_a_subject_find_what_every_pair_finds():
    rng = random.Random(12)
    for trial in range(60):
        claims = _claims(rng, rng.randrange(2, 120))
        span = rng.choice((5, 10, 60, 400))
        days = {c.article_id: (None if rng.random() < 0.05 else rng.randrange(span)) for c in claims}
        events = {c.claim_id: rng.choice((None, "ev-1", "ev-2")) for c in claims}
        day_of, event_of = (lambda c: days[c.article_id]), (lambda c: events[c.claim_id])
        found, before = subject_conflicts(claims, day_of, event_of), _every_pair_compared(claims, day_of, event_of)
        # the same claims are at odds; a subject told within one window is one conflict, as before
        assert _involved(found) == _involved(before), trial
        if span <= SUBJECT_WINDOW_DAYS:
            assert found == before, trial
        for conflict in found:  # no conflict spans a stretch of more than the window without a claim about it
            members = [c for c in claims if c.claim_id in conflict.claim_ids]
            keys = {(c.kind, subject_key(c)) for c in members}
            dated = [days[c.article_id] for c in members if days[c.article_id] is not None]
            if len(keys) == 1 and dated:
                told = sorted({days[c.article_id] for c in claims if (c.kind, subject_key(c)) in keys
                               and days[c.article_id] is not None and min(dated) <= days[c.article_id] <= max(dated)})
                assert all(b - a <= SUBJECT_WINDOW_DAYS for a, b in zip(told, told[1:])), trial
        if span == 5 and len(claims) > 40:
            assert found, "close claims of one subject that disagree make a conflict"


def test_a_subject_told_again_a_year_later_is_a_second_conflict():
    span = Span("a", 0, 3)
    claims = [Claim("c1", "a1", "Andarab", "control", "Taliban", "Interfax", span),
              Claim("c2", "a2", "Andarab", "control", "resistance fighters", "a local elder", span),
              Claim("c3", "a3", "Andarab", "control", "Taliban", "the ministry", span),
              Claim("c4", "a4", "Andarab", "control", "resistance fighters", "Interfax", span)]
    days = {"a1": 100, "a2": 103, "a3": 465, "a4": 470}
    found = subject_conflicts(claims, lambda c: days[c.article_id], lambda c: None)
    assert [c.claim_ids for c in found] in ([["c1", "c2"], ["c3", "c4"]], [["c3", "c4"], ["c1", "c2"]])
    assert len({c.conflict_id for c in found}) == 2


def test_claims_further_apart_than_the_window_do_not_conflict():
    span = Span("a", 0, 3)
    held = Claim("c1", "a1", "Andarab", "control", "Taliban", "Interfax", span)
    retaken = Claim("c2", "a2", "Andarab", "control", "resistance fighters", "a local elder", span)
    for gap, expected in ((SUBJECT_WINDOW_DAYS, 1), (SUBJECT_WINDOW_DAYS + 1, 0)):
        days = {"a1": 100, "a2": 100 + gap}
        found = subject_conflicts([held, retaken], lambda c: days[c.article_id], lambda c: None)
        assert len(found) == expected
        if found:
            assert found[0].claim_ids == ["c1", "c2"] and found[0].reason == "control disputed"


def test_redoing_only_the_parts_new_claims_fall_in_finds_what_a_whole_pass_finds():
    rng = random.Random(9)
    for trial in range(60):
        claims = _claims(rng, rng.randrange(4, 150))
        days = {c.article_id: (None if rng.random() < 0.03 else rng.randrange(rng.choice((30, 300, 3000))))
                for c in claims}
        event_of = (lambda c: None)
        day_of = (lambda c: days[c.article_id])
        before = [c for c in claims if rng.random() < 0.8]  # the rest arrive later
        gone = {c.claim_id for c in rng.sample(before, min(len(before), rng.randrange(3)))}  # articles analysed again
        previous = subject_conflicts(before, day_of, event_of)
        now = [c for c in claims if c.claim_id not in gone]
        changed = {c.claim_id for c in now if c not in before}
        again = subject_conflicts(now, day_of, event_of, previous, changed)
        whole = subject_conflicts(now, day_of, event_of)
        assert sorted(again, key=lambda c: c.conflict_id) == sorted(whole, key=lambda c: c.conflict_id), trial
