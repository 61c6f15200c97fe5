"""The country an article is about, which names its unnamed forces (issue 9: actors).

"A Russian rocket strike on a city in central Ukraine killed a policeman": the policeman is
Ukraine's. Demonyms say who struck; a country after "in" says where, whatever verb follows it.
The stories are written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import written_record


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _policeman(annotator, title: str, text: str):
    article = written_record(title, text, "2023-09-08")
    annotation = annotator.annotate([article])[0]
    entities = {e.entity_id: e for e in annotation.entities}
    return next(entities[m.entity_id] for m in annotation.mentions if m.text.lower() == "policeman")


def test_the_victims_country_is_where_the_strike_fell_not_the_strikers(annotator):
    police = _policeman(annotator, "Russian rocket strike kills policeman, hurts 40 in president's home city",
                        "A Russian rocket strike on the home city of the president in central Ukraine has killed "
                        "one policeman and wounded at least 40 others.")
    assert police.name == "Police Forces of Ukraine"


def test_a_country_that_acts_still_speaks_for_its_side(annotator):
    police = _policeman(annotator, "Ukraine says Russian shelling killed a policeman",
                        "Russia has denied shelling the border town. Russia said a Ukrainian drone killed a "
                        "policeman in the town of Shebekino on Friday.")
    assert police.name == "Police Forces of Russia"
