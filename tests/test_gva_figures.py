"""How many were killed and wounded in a local shooting story (issue 9, GVA): people listed with
"and" add up, the dead among the people shot are not also wounded, a wound that killed is a death,
and one victim the story singles out is part of the count, not a smaller rival toll. Sentences and
stories written for these tests, read by the real spaCy model, extractor and fusion."""

from __future__ import annotations

import pytest

from eventfold.annotate.nlp import load_nlp
from eventfold.extract.numbers import find_figures


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def tolls(nlp, text: str) -> dict[str, int]:
    """The first figure of each kind in the text, as the report takes it."""
    found: dict[str, int] = {}
    for sent in nlp(text).sents:
        for figure in find_figures(sent):
            found.setdefault(figure.kind, figure.quantity.conservative)
    return found


@pytest.mark.parametrize("text, expected", [
    # parts listed with "and" are one toll
    ("Two boys and three girls were wounded when shots hit the school bus on Maple Road.", {"wounded": 5}),
    ("A woman and two men were injured in the restaurant shooting.", {"wounded": 3}),
    ("She and two others were shot outside the gas station late Friday.", {"wounded": 3}),
    # the dead among those shot are not wounded too
    ("Deputies said five people were shot, one fatally, near the county fairgrounds.", {"wounded": 4, "killed": 1}),
    ("Seven people were shot on the pier overnight and two of them died at the hospital.",
     {"wounded": 5, "killed": 2}),
    # a wound that killed, a victim found shot to death
    ("A stray bullet went through the window, fatally wounding the grandmother.", {"killed": 1}),
    ("The teacher was found shot to death in the basement on Tuesday.", {"killed": 1}),
    ("Two brothers were shot to death and another was hurt in the parking lot.", {"killed": 2, "wounded": 1}),
])
def test_the_toll_of_one_sentence(nlp, text, expected):
    assert tolls(nlp, text) == expected


def test_fighters_of_two_sides_stay_two_figures(nlp):
    figures = [f for s in nlp("Troops killed four rebels and two soldiers died in the ambush.").sents
               for f in find_figures(s) if f.kind == "killed"]
    assert [f.quantity.conservative for f in figures] == [4, 2]


def test_a_victim_singled_out_is_indefinite(nlp):
    figures = [f for s in nlp("A 19-year-old man was shot in the arm.").sents for f in find_figures(s)]
    assert [(f.kind, f.quantity.conservative, f.quantity.indefinite) for f in figures] == [("wounded", 1, True)]


# One shooting told with a count and then victim by victim.
PORCH_STORY = """Five hurt in porch shooting on Linden Street

Five people were wounded late Saturday when a gunman fired at a crowded porch on Linden Street in
Dayton, police said. A 17-year-old girl was shot in the leg. A 40-year-old man was shot in the hand,
officers said. All five were taken to Miami Valley Hospital and are expected to survive."""


def test_the_fused_toll_is_the_count_not_one_singled_out_victim():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.fuse import fuse_reports
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()
    article = parse_document(RawDocument(path="porch", format="text", content=PORCH_STORY, published="2018-06-10"),
                             IngestOptions())
    extraction = extract_events(article, annotator.annotate([article])[0], actors=annotator.actors)
    events = fuse_reports(extraction.reports, [article], extraction.claims)
    assert events, "the shooting makes an event"
    main = max(events, key=lambda e: len(e.report_ids))
    assert main.wounded is not None and main.wounded.value == 5
