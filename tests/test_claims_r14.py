"""Who claims what, as a story written for these tests tells it, read by the real spaCy model,
annotator and extractor (issue 9: "the claimant is whoever the text says made the claim; the outlet
only when the outlet itself asserts"):

- a group that "said that they had captured" a town claims control of it itself, and the town the
  tagger read as a person there is the town the story names elsewhere;
- "claimed control of" a town is a control claim of whoever claimed it;
- a toll told on hearsay with no one named ("are reported to have been killed") has no claimant;
- a title whose holder is named in apposition to its last noun ("The leader of the rebel alliance,
  Corneille Nangaa,") names the claimant by the name;
- a distance before the subject ("some 30 kilometers north of Bukavu, fighters ... claimed") is no
  claimant, and ground seized "in" a place is claimed there;
- "Kindu, the capital of Maniema province" is a province's seat, not the national capital.
"""

from __future__ import annotations

import pytest

from eventfold.extract.events import extract_events
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument

STORY = """Rebels say they hold Bukavu

The M23 rebels said on Sunday that they had captured Bukavu after a day of fighting.

The alliance claimed control of Uvira on Monday.

Two soldiers are reported to have been killed in Kindu, the capital of Maniema province.

The leader of the rebel alliance, Corneille Nangaa, sent a video message claiming that the town of Goma \
was still in the army's hands.

In South Kivu, some 30 kilometers (19 miles) north of Bukavu, fighters calling themselves the Wazalendo \
claimed to have seized two villages in Uvira territory.
"""


@pytest.fixture(scope="module")
def story(annotator):
    article = parse_document(RawDocument(path="story", format="text", content=STORY, published="2025-02-17",
                                         outlet="Great Lakes Wire"),
                             IngestOptions())
    annotations = annotator.annotate([article])[0]
    return annotations, extract_events(article, annotations, actors=annotator.actors)


def _control(result, side: str):
    (claim,) = [c for c in result.claims if c.kind == "control" and c.side == side]
    return claim


def test_a_group_that_says_they_took_a_town_claims_it(story):
    annotations, result = story
    claim = _control(result, "Bukavu")
    assert (claim.value, claim.claimant) == ("M23 rebels", "The M23 rebels")
    assert not [c for c in result.claims if c.kind == "captured"]  # Bukavu is no person taken


def test_claiming_control_of_a_town_is_a_control_claim(story):
    _, result = story
    (claim,) = [c for c in result.claims if c.rule == "status:control-of"]
    assert (claim.side, claim.value, claim.claimant) == ("Uvira", "alliance", "The alliance")


def test_a_toll_told_on_hearsay_has_no_claimant(story):
    _, result = story
    (toll,) = [c for c in result.claims if c.kind == "killed"]
    assert toll.value == "2" and toll.claimant is None


def test_the_name_in_apposition_to_a_title_is_the_claimant(story):
    _, result = story
    assert _control(result, "Goma").claimant == "Corneille Nangaa"


def test_a_distance_is_no_claimant_and_ground_seized_in_a_place_is_claimed_there(story):
    _, result = story
    (claim,) = [c for c in result.claims if c.rule == "status:seize"]
    assert claim.side == "Uvira" and claim.claimant == "fighters"
    assert claim.value.startswith("fighters calling themselves")


def test_the_capital_of_a_province_is_no_national_capital(story):
    annotations, _ = story
    names = {m.place.name for m in annotations.places if m.place is not None}
    assert "Kindu" in names and "Kinshasa" not in names


DENIAL_STORY = """Shells hit Goma market

Shells struck a market in Goma on Tuesday, killing six people, the provincial governor said.

Kigali rejected responsibility. The M23 said its fighters had attacked army positions outside the city and \
denied shelling the market and accused the army of firing on its own town.
"""


def test_a_denial_of_an_act_is_a_claim_of_whoever_denies(annotator):
    article = parse_document(RawDocument(path="story", format="text", content=DENIAL_STORY, published="2025-01-29",
                                         outlet="Great Lakes Wire"), IngestOptions())
    result = extract_events(article, annotator.annotate([article])[0], actors=annotator.actors)
    denials = {(c.claimant, c.value) for c in result.claims if c.kind == "denial" and c.polarity == "denied"}
    assert denials == {("Kigali", "responsibility"), ("The M23", "shelling the market")}
    (strike,) = [r for r in result.reports if r.place is not None and r.place.name == "Goma"]
    assert all(c.event_report_id == strike.report_id for c in result.claims if c.kind == "denial")


def test_a_denied_act_reads_as_a_sentence_in_the_brief(annotator):
    from eventfold.brief.compose import claim_lines

    article = parse_document(RawDocument(path="story", format="text", content=DENIAL_STORY, published="2025-01-29",
                                         outlet="Great Lakes Wire"), IngestOptions())
    result = extract_events(article, annotator.annotate([article])[0], actors=annotator.actors)
    denials = [c for c in result.claims if c.kind == "denial"]
    lines = {line.statement for line in claim_lines(denials, {article.article_id: 1},
                                                     {article.article_id: "Great Lakes Wire"})}
    assert "Kigali denies responsibility — carried by Great Lakes Wire" in lines


@pytest.mark.parametrize("one, other, same", [
    ("A pro-militia account on social media", "A pro-militia account on Telegram", True),
    ("A pro-Houthi account on Telegram", "An account sympathetic to the Houthis", True),
    ("Commanders in the Kalehe hills", "Local commanders", True),
    ("Local commanders", "The local fighters", False),
    ("Russian defence ministry", "Ukrainian defence ministry", False),
    ("A police spokesman", "A hospital spokesman", False),
])
def test_one_source_described_two_ways_is_one_claimant_in_the_brief(one, other, same):
    from eventfold.brief.compose import _same_claimant

    assert _same_claimant(one, other) is same
