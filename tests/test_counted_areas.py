"""Areas a sentence counts without naming, named further down (issue 9: place).

"Insurgents drove troops out of three towns" places the event no finer than its province; when
the article names "the three towns of A, B and C", the event lies in them: the report takes the
first (ACLED codes an event per area). The stories are written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import extract_story

COUNTED = ("MAIDUGURI — Jihadist fighters drove soldiers out of three towns in Borno State on Tuesday, "
           "killing at least 12 of them, security sources said.\n\n"
           "The governor said the army was regrouping. The loss of the three towns of Gwoza, Bama and Dikwa "
           "cuts the state capital off from the Cameroon border.")
ABROAD = ("MAIDUGURI — Jihadist fighters drove soldiers out of three towns in Borno State on Tuesday, "
          "killing at least 12 of them, security sources said.\n\n"
          "Aid groups compared the attack with raids on the towns of Mora and Kolofata in Cameroon last year.")


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _takeover(annotator, text):
    _, _, reports = extract_story(annotator, text, "2024-03-06")
    return next(r for r in reports if r.fatalities or "territory" in (r.sub_event_type or ""))


def test_the_counted_towns_named_later_place_the_event(annotator):
    report = _takeover(annotator, COUNTED)
    assert report.place is not None and report.place.name == "Gwoza"
    assert any(p.rule == "place:counted-areas-named" and p.evidence == "Gwoza" for p in report.provenance)


def test_towns_named_in_another_country_do_not(annotator):
    report = _takeover(annotator, ABROAD)
    assert report.place is None or report.place.country == "NG"
    assert not any(p.rule == "place:counted-areas-named" for p in report.provenance)
