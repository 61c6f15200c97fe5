"""Fusion: reports of one real event merged across outlets, look-alikes kept apart; the GVA and
ECB+ evaluators score the events the product itself builds and exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventfold.fuse import fuse_reports

SHARED = Path(__file__).resolve().parents[2] / "shared"
GVA = SHARED / "eval" / "fusion-gva"
ECBPLUS = SHARED / "eval" / "fusion-ecbplus"

OUTLET_A = """Man killed, woman hurt in Dayton shooting

DAYTON, Ohio — A 34-year-old man was shot and killed late Saturday and a woman was wounded on Brandt Pike,
police said. Officers found Marcus Whitfield lying near a parked car shortly before midnight. He died at Miami
Valley Hospital. The woman, 29, was treated for a bullet wound to her thigh. Detectives are searching for a gray
sedan seen leaving the scene. Anyone with information is asked to call Dayton police."""

OUTLET_B = """Police identify victim of Brandt Pike shooting

DAYTON — Police on Sunday identified the man killed in a shooting on Brandt Pike as Marcus Whitfield, 34, of
Dayton. Whitfield was shot late Saturday outside an apartment complex and died at Miami Valley Hospital, officers
said. A 29-year-old woman was also shot and is expected to survive. Investigators said the gunman fled in a gray
sedan and urged witnesses to come forward."""

LOOK_ALIKE = """Fresno man dies after Tuesday shooting

FRESNO, Calif. — A 41-year-old man died after being shot several times in the parking lot of a Blackstone
Avenue strip mall on Tuesday evening, according to Fresno police. Luis Ortega was taken to Community Regional
Medical Center, where he was pronounced dead. Lt. Ray Alvarez said officers believe the shooting came after a
dispute between two groups. No arrests have been made."""

# Not an event at all: a council story.
NO_EVENT = """Council approves new budget

The city council on Monday approved next year's budget after a long debate about road repairs and library hours.
Members said the plan keeps taxes flat and adds two new bus routes."""


@pytest.fixture(scope="module")
def pipeline():
    from eventfold.annotate import Annotator
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    annotator = Annotator()
    stories = {"a": (OUTLET_A, "2021-03-14"), "b": (OUTLET_B, "2021-03-14"), "c": (LOOK_ALIKE, "2021-03-17")}
    out = {}
    for key, (text, published) in stories.items():
        article = parse_document(RawDocument(path=key, format="text", content=text, published=published),
                                 IngestOptions())
        annotations = annotator.annotate([article])[0]
        out[key] = (article, annotations, extract_events(article, annotations, actors=annotator.actors).reports)
    return out


def test_fuse_reports_gives_one_event_per_real_event(pipeline):
    articles = [pipeline[k][0] for k in "abc"]
    reports = [r for k in "abc" for r in pipeline[k][2]]
    assert reports, "the extractor finds the shootings"
    events = fuse_reports(reports, articles)
    fresno = {articles[2].article_id}
    for event in events:  # no event mixes the Fresno story with the Dayton ones
        assert set(event.article_ids) <= fresno or not (set(event.article_ids) & fresno)
    assert any(set(e.article_ids) == {articles[0].article_id, articles[1].article_id} for e in events)


@pytest.fixture(scope="module")
def product_run(tmp_path_factory):
    """Four feed records (two outlets on one shooting, a look-alike elsewhere, a council story)
    plus a near-copy of the first, through the evaluators' product path."""
    from eventfold.evaluate.gva import run_product_path

    folder = tmp_path_factory.mktemp("feed")
    copy = OUTLET_A.replace("Anyone with information", "People with information")
    records = [(OUTLET_A, "2021-03-14"), (OUTLET_B, "2021-03-14"), (LOOK_ALIKE, "2021-03-17"),
               (NO_EVENT, "2021-03-15"), (copy, "2021-03-14")]
    source = folder / "feed.jsonl"
    source.write_text("".join(json.dumps({"text": text.split("\n", 2)[2], "title": text.split("\n")[0], "date": day})
                              + "\n" for text, day in records), encoding="utf-8")
    return source, run_product_path([str(source)], folder / "eval.db")


def test_the_evaluators_group_articles_by_the_exported_events(product_run):
    from eventfold.evaluate.gva import clusters_from

    source, run = product_run
    event_of = {n: run.event_of_location(f"{source}:{n}") for n in range(1, 6)}
    assert event_of[1] and event_of[1] == event_of[2]  # two outlets, one shooting
    assert event_of[3] != event_of[1]  # the look-alike in Fresno is never put with Dayton
    assert event_of[4] is None  # no report: alone
    assert event_of[5] == event_of[1]  # a near-copy goes with the article it copies
    groups = sorted(sorted(group) for group in clusters_from(event_of))
    assert groups == [[1, 2, 5], [3], [4]]
    row = run.rows[event_of[1]]
    assert (row["event_date"], row["location"]) == ("2021-03-13", "Dayton")


def test_each_incident_is_scored_on_the_event_holding_most_of_its_articles(product_run):
    from eventfold.evaluate.gva import field_accuracy

    source, run = product_run
    event_of = {f"row-{n}": run.event_of_location(f"{source}:{n + 1}") for n in range(4)}
    gold = {"row-0": "dayton", "row-1": "dayton", "row-2": "fresno", "row-3": "council"}
    incidents = {"dayton": {"date": "March 13, 2021", "city_or_county": "Dayton", "num_killed": 1, "num_injured": 1},
                 "fresno": {"date": "March 16, 2021", "city_or_county": "Fresno", "num_killed": 1, "num_injured": 0},
                 "council": {"date": "March 15, 2021", "city_or_county": "Dayton", "num_killed": 0, "num_injured": 0}}
    fields = field_accuracy(event_of, gold, run.rows, incidents)
    assert fields["incidents_scored"] == 3
    # the council story reaches no event, so it is wrong on every field, even its zero figures
    assert fields["date"] <= 2 / 3 and fields["killed"] <= 2 / 3


def test_accidental_shootings_are_scored_apart_from_the_others(product_run):
    from eventfold.evaluate.gva import scores_by_kind

    source, run = product_run
    event_of = {f"row-{n}": run.event_of_location(f"{source}:{n + 1}") for n in range(3)}
    gold = {"row-0": "dayton", "row-1": "dayton", "row-2": "fresno"}
    incidents = {"dayton": {"frame": "mass_shootings"}, "fresno": {"frame": "accidental_deaths"}}
    kinds = scores_by_kind(event_of, gold, incidents)
    assert (kinds["other"]["articles"], kinds["accidental"]["articles"]) == (2, 1)
    assert kinds["other"]["b3_f1"] == 1.0  # the two Dayton outlets are one event


@pytest.mark.skipif(not GVA.exists(), reason="shared GVA dev set not available")
def test_gva_dev_small():
    from eventfold.evaluate.gva import evaluate

    figures = evaluate(GVA, limit=12)
    assert figures["articles"] >= 12 and figures["b3_precision"] >= 0.9
    assert set(figures["fields"]) >= {"date", "city", "killed", "injured"}


@pytest.mark.skipif(not ECBPLUS.exists(), reason="shared ECB+ dev set not available")
def test_ecbplus_dev_small():
    from eventfold.evaluate.ecbplus import read_topics

    texts = [text for _, text, _ in read_topics(ECBPLUS, limit=1)["1"]]
    assert len(texts) > 10 and all(texts)
    assert not any(" , " in text or " 's " in text for text in texts)  # spacing rebuilt around punctuation


def test_an_article_with_reports_in_several_events_goes_with_the_one_more_outlets_carry():
    from eventfold.evaluate.gva import ProductRun

    rows = {"ev-b": {"source_count": 1}, "ev-c": {"source_count": 3}, "ev-a": {"source_count": 1}}
    run = ProductRun({"feed:1": "x", "feed:2": "y", "feed:3": "z"}, {"z": "x"},
                     {"x": {"ev-a": 1, "ev-b": 1, "ev-c": 1}, "y": {"ev-a": 2, "ev-c": 1}}, rows)
    assert run.event_of_location("feed:1") == "ev-c"  # one report in each: the event three articles report
    assert run.event_of_location("feed:2") == "ev-a"  # most of its reports win over the better-carried event
    assert run.event_of_location("feed:3") == "ev-c"  # a near-copy follows its original
    assert run.event_of_location("feed:4") is None  # never ingested


def test_tolls_counted_at_two_places_are_two_fronts_not_a_contradiction():
    from eventfold.fuse.conflicts import event_conflicts
    from eventfold.model import Claim, Quantity, Span

    def toll(claim_id, article, value, claimant, place):
        return Claim(claim_id, article, "soldiers", "killed", str(value), claimant, Span(article, 0, 5),
                     quantity=Quantity(value, value, str(value), "exact"), side="Military Forces of Mali",
                     place=place)

    fronts = [toll("a", "x", 12, "the army", "Boni"), toll("b", "y", 40, "a local official", "Hombori")]
    assert event_conflicts("ev", fronts) == []
    same_place = [toll("a", "x", 12, "the army", "Boni"), toll("b", "y", 40, "a local official", "Boni")]
    assert len(event_conflicts("ev", same_place)) == 1
