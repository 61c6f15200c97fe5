"""Ground taken by a group no dictionary knows (issue 9, "for any conflict"), on a story written for
this test and read by the real spaCy model, annotator and extractor: "swept into Sanaa and took
control of the capital" names its doer once for both verbs, and a winner of no known category whose
own sentence names the state's routed forces is a non-state actor overtaking territory, with the
state's forces as the side that lost it."""

from __future__ import annotations

from conftest import extract_story

STORY = """Capital changes hands

The Ansarullah movement swept into Sanaa and took control of the capital on Sunday, following a swift rout of \
government forces, witnesses said.

Residents said shops stayed shut and the airport was closed.
"""


def test_a_group_of_no_known_category_that_routs_the_state_overtakes_territory(annotator):
    _, _, reports = extract_story(annotator, STORY, "2014-09-22")
    (taken,) = reports
    assert (taken.event_type, taken.sub_event_type) == ("Battles", "Non-state actor overtakes territory")
    assert (taken.actor1, taken.actor2) == ("Ansarullah", "Military Forces of Yemen")
    assert taken.place.name == "Sanaa" and taken.date.value == "2014-09-21"
