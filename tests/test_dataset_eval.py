"""`eventfold eval dataset` scores what the product exports against a gold folder.

The matcher is checked on export rows built here (the arithmetic must be right whatever the
pipeline does); the fixture folder (three short reports on the war in Sudan, written for these
tests) then goes through the real pipeline and the command line."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, REPO, SEEDS, run_cli
from eventfold.evaluate.dataset import Gold, Product, gold_articles, same_actor, score
from eventfold.model import Article, Span

DATASET = FIXTURES / "dataset"
KEYS = {"event_f1", "precision", "recall", "duplicates", "fields", "claimants", "claims_found", "non_events",
        "by_conflict", "counts"}


def gold_event(event_id="g1", reports=("r1",), day="2023-05-10", place=None, **fields):
    event = {"id": event_id, "reports": list(reports), "date": day,
             "place": place or {"name": "Bakhmut", "country": "UA", "admin1": "Donetsk", "lat": 48.595,
                                "lon": 38.0, "precision": "town"},
             "event_type": "Battles", "sub_event_type": "Armed clash", "also_types": [],
             "actor1": {"name": "Military Forces of Russia", "also": ["Russian army"], "category": "State forces"},
             "actor2": {"name": "Military Forces of Ukraine", "also": [], "category": "State forces"},
             "fatalities": 4}
    event.update(fields)
    return event


def row(sources=("a1",), day="2023-05-10", lat=48.6, lon=38.01, **fields):
    exported = {"event_id": "e", "event_date": day, "date": day, "date_precision": "day",
                "event_type": "Battles", "sub_event_type": "Armed clash",
                "actor1": "Military Forces of Russia", "actor2": "Military Forces of Ukraine", "inter1": 1, "inter2": 1,
                "country": "Ukraine", "admin1": "Donetsk", "location": "Bakhmut", "latitude": lat, "longitude": lon,
                "fatalities": 4, "sources": list(sources), "report_ids": []}
    exported.update(fields)
    return exported


def scored(rows, events, *, claims=(), gold_claims=(), non_events=(), spans=None, texts=None, **options):
    reports = {r: {"id": r, "conflict": "ukraine"} for e in events for r in e["reports"]}
    reports.update({c["report"]: {"id": c["report"], "conflict": "ukraine"} for c in [*gold_claims, *non_events]})
    gold = Gold(reports, list(events), list(gold_claims), list(non_events))
    product = Product(events=list(rows), claims=list(claims),
                      articles_of_report={r: {"a" + r[1:]} for r in reports}, spans=spans or {}, texts=texts or {})
    return score(gold, product, **options)


def test_a_perfect_export_scores_one_everywhere():
    result = scored([row()], [gold_event()])
    assert KEYS <= set(result)
    assert (result["event_f1"], result["precision"], result["recall"], result["duplicates"]) == (1.0, 1.0, 1.0, 0.0)
    assert all(value == 1.0 for value in result["fields"].values())
    assert result["by_conflict"]["ukraine"]["event_f1"] == 1.0


def test_a_duplicate_lowers_precision_and_is_counted():
    result = scored([row(), row(day="2023-05-11")], [gold_event()])
    assert result["recall"] == 1.0 and result["precision"] == 0.5 and result["duplicates"] == 0.5
    assert result["counts"]["duplicates"] == 1


def test_the_source_overlap_breaks_ties_and_is_required():
    events = [gold_event("g1", reports=("r1",)), gold_event("g2", reports=("r2",))]
    result = scored([row(sources=("a2",))], events, details=None)
    assert result["recall"] == 0.5 and result["precision"] == 1.0
    foreign = scored([row(sources=("a9",))], [gold_event()])
    assert foreign["precision"] == 0.0 and foreign["near_misses"] == {"no event from its reports": 1}


def test_a_wrong_place_or_day_misses_and_says_why():
    far = scored([row(lat=47.1, lon=37.5)], [gold_event()])  # Mariupol, ~170 km from Bakhmut
    assert far["recall"] == 0.0 and far["near_misses"] == {"place": 1}
    assert far["fields_linked"]["place"] == 0.0 and far["fields_linked"]["actor1"] == 1.0
    late = scored([row(day="2023-05-12")], [gold_event()])
    assert late["recall"] == 0.0 and late["near_misses"] == {"date": 1}
    within_a_day = scored([row(day="2023-05-09")], [gold_event()])
    assert within_a_day["recall"] == 1.0


def test_a_month_only_date_matches_no_day():
    result = scored([row(date="2023-05", date_precision="month", event_date="2023-05-01")],
                    [gold_event(day="2023-05-01")])
    assert result["recall"] == 0.0 and result["near_misses"] == {"date": 1}


def test_a_gold_date_known_only_roughly_takes_a_wider_window():
    assert scored([row(day="2023-05-27")], [gold_event(day="2023-05-10", date_precision="month")])["recall"] == 1.0
    month_only = row(date="2023-05", date_precision="month", event_date="2023-05-01")
    assert scored([month_only], [gold_event(day="2023-05-10", date_precision="month")])["recall"] == 1.0
    assert scored([row(day="2023-06-01")], [gold_event(day="2023-05-10", date_precision="month")])["recall"] == 0.0
    assert scored([row(day="2023-05-13")], [gold_event(date_precision="approximate")])["recall"] == 1.0
    assert scored([row(day="2023-05-13")], [gold_event()])["recall"] == 0.0


def test_a_province_only_gold_place_matches_anywhere_in_that_province():
    province = {"name": "Zaporizhzhia Oblast", "country": "UA", "admin1": "Zaporizhzhia Oblast", "lat": 47.5,
                "lon": 35.5, "precision": "admin1"}
    inside = row(admin1="Zaporizhzhya", lat=46.85, lon=35.37)  # Melitopol, ~70 km from the point
    assert scored([inside], [gold_event(place=province)])["recall"] == 1.0
    other = row(admin1="Kherson", lat=46.85, lon=35.37)
    assert scored([other], [gold_event(place=province)])["recall"] == 0.0
    town = dict(province, precision="town")
    assert scored([inside], [gold_event(place=town)])["recall"] == 0.0


def test_the_golds_optional_readings_are_honoured():
    swapped = row(actor1="Military Forces of Ukraine", actor2="Military Forces of Russia")
    assert scored([swapped], [gold_event()])["fields"]["actors"] == 0.0
    assert scored([swapped], [gold_event(actors_unordered=True)])["fields"]["actors"] == 1.0
    assert scored([row(fatalities=9)], [gold_event(fatalities=4, fatalities_also=[9])])["fields"]["fatalities"] == 1.0
    estimated = {"name": "a hamlet", "country": "UA", "admin1": "Donetsk", "lat": 48.9, "lon": 38.0,
                 "precision": "town"}  # ~34 km north of the exported point
    assert scored([row()], [gold_event(place=estimated)])["recall"] == 0.0
    assert scored([row()], [gold_event(place=dict(estimated, approx=True))])["recall"] == 1.0
    province = {"name": "Donetsk Oblast", "country": "UA", "admin1": "Donetsk Oblast", "admin1_also": ["Donetska"],
                "lat": 48.0, "lon": 37.8, "precision": "admin1"}
    assert scored([row(admin1="Donetska", lat=48.9, lon=37.6)], [gold_event(place=province)])["recall"] == 1.0


def test_an_alternative_type_reading_is_accepted():
    event = gold_event(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                       also_types=[["Battles", "Armed clash"]])
    result = scored([row()], [event])
    assert result["recall"] == 1.0 and result["fields"]["sub_event_type"] == 1.0
    wrong_subtype = scored([row(sub_event_type="Government regains territory")], [event])
    assert wrong_subtype["recall"] == 1.0 and wrong_subtype["fields"]["sub_event_type"] == 0.0
    assert scored([row(event_type="Protests")], [event])["near_misses"] == {"type": 1}


def test_actor_fields_and_categories():
    result = scored([row(actor1="Russian army", actor2=None, inter1=2)], [gold_event()])
    fields = result["fields"]
    assert fields["actor1"] == 1.0 and fields["actor2"] == 0.0 and fields["actors"] == 0.0
    assert fields["actor_category"] == 0.0
    one_sided = gold_event(actor2=None)
    assert scored([row(actor2=None)], [one_sided])["fields"]["actor2"] == 1.0
    assert scored([row()], [one_sided])["fields"]["actor2"] == 0.0


def test_actor_names_compare_by_their_core_and_spelling():
    assert same_actor("Rapid Support Force", "Rapid Support Forces")
    assert same_actor("NRF: National Resistance Front", "National Resistance Front")
    assert same_actor("Civilians", "Civilians (Sudan)")
    assert not same_actor("Civilians (Chad)", "Civilians (Sudan)")
    assert not same_actor("Forces", "Military Forces of Sudan")
    assert not same_actor("Military Forces of Russia", "Military Forces of Ukraine")
    assert not same_actor("Military Forces of Niger", "Military Forces of Nigeria")
    assert same_actor("Rioters (Democratic Republic of the Congo)", "Rioters (Democratic Republic of Congo)")


def test_fatalities_blank_counts_as_zero():
    assert scored([row(fatalities=None)], [gold_event(fatalities=0)])["fields"]["fatalities"] == 1.0
    assert scored([row(fatalities=None)], [gold_event(fatalities=3)])["fields"]["fatalities"] == 0.0


def test_claims_are_found_by_article_kind_and_number_and_their_claimant_judged():
    gold_claims = [{"report": "r1", "kind": "killed", "value": 12, "claimant": "the regional governor",
                    "also": ["governor Ivan Petrenko"], "event": "g1"},
                   {"report": "r1", "kind": "wounded", "value": 30, "claimant": "medics", "also": [], "event": "g1"},
                   {"report": "r1", "kind": "captured", "value": 5, "claimant": None, "also": [], "event": "g1"},
                   {"report": "r1", "kind": "killed", "value": 800, "claimant": "a village elder", "also": [],
                    "event": "g1"}]
    claims = [{"article_id": "a1", "kind": "killed", "value": "<=12", "value_low": None, "value_high": 12,
               "claimant": "Governor Ivan Petrenko"},
              {"article_id": "a1", "kind": "wounded", "value": "30", "value_low": 30, "value_high": 30,
               "claimant": "Kyiv Daily"},
              {"article_id": "a1", "kind": "captured", "value": "4", "value_low": 4, "value_high": 4,
               "claimant": None},
              {"article_id": "a1", "kind": "killed", "value": ">=801", "value_low": 801, "value_high": None,
               "claimant": "A village elder"}]  # "more than 800", read as a bound
    result = scored([row()], [gold_event()], claims=claims, gold_claims=gold_claims)
    assert result["claims_found"] == 0.75 and result["claimants"] == round(2 / 3, 4)


def test_a_non_event_sentence_coded_as_an_event_is_a_failure(tmp_path):
    text = "Troops shelled the village on Monday.\nThe minister warned of   further strikes next week."
    non_events = [{"report": "r1", "text": "The minister warned of further strikes next week.", "why": "a warning"},
                  {"report": "r1", "text": "A sentence the article does not hold.", "why": "absent"}]
    warning = text.index("The minister")
    spans = {"rep-ok": Span("a1", 0, 37), "rep-bad": Span("a1", warning, len(text))}
    rows = [row(report_ids=["rep-ok"]), row(report_ids=["rep-bad"], event_type="Strategic developments")]
    details = tmp_path / "details.jsonl"
    result = scored(rows, [gold_event()], non_events=non_events, spans=spans, texts={"a1": {"text": text}},
                    details=details)
    assert result["non_events"] == 0.0 and result["counts"]["non_events_unlocated"] == 1
    lines = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    kinds = [line["kind"] for line in lines]
    assert kinds.count("gold_event") == 1 and "unmatched_export" in kinds and "non_event_coded" in kinds
    unmatched = next(line for line in lines if line["kind"] == "unmatched_export")
    assert unmatched["exported"]["sentences"] == ["The minister warned of   further strikes next week."]
    assert unmatched["closest_gold"] == {"gold_id": "g1", "failed": ["type"]}


def test_min_confidence_filters_rows_and_tolerates_a_missing_column():
    rows = [row(confidence=0.9), row(confidence=0.2, day="2023-05-11"), row(day="2023-05-11")]
    result = scored(rows, [gold_event()], min_confidence=0.5)
    assert result["counts"]["exported_events"] == 2 and result["counts"]["below_min_confidence"] == 1
    assert result["precision"] == 0.5 and result["min_confidence"] == 0.5
    assert scored(rows, [gold_event()], min_confidence=0.0)["counts"]["exported_events"] == 3


def test_the_exports_default_threshold_applies_and_every_tenth_is_scored():
    from eventfold.evaluate.dataset import default_min_confidence

    rows = [row(confidence=0.95), row(confidence=0.05, day="2023-05-11")]
    result = scored(rows, [gold_event()])
    assert result["min_confidence"] == default_min_confidence()
    if default_min_confidence():
        assert result["counts"]["exported_events"] == 1 and result["counts"]["below_min_confidence"] == 1
    by_threshold = result["by_min_confidence"]
    assert by_threshold["0.0"]["precision"] == 0.5 and by_threshold["0.0"]["duplicates"] == 0.5
    assert by_threshold["0.1"]["precision"] == 1.0 and by_threshold["0.1"]["exported"] == 1
    assert result["reliability"] == [{"confidence": "0.0-0.1", "events": 1, "matched": 0.0},
                                     {"confidence": "0.9-1.0", "events": 1, "matched": 1.0}]


def test_articles_map_to_gold_reports_by_url_else_file_stem():
    gold = Gold({"r1": {"id": "r1", "url": "https://example.org/story/"}, "001_ab": {"id": "001_ab"}}, [])
    articles = [Article("a1", "text", url="https://EXAMPLE.org/story", path="reports.jsonl:1"),
                Article("a2", "text", path="/corpus/seeds/001_ab.txt"),
                Article("a3", "text", url="https://example.org/other", path="reports.jsonl:2", duplicate_of="a1")]
    assert gold_articles(gold, articles) == {"r1": {"a1"}, "001_ab": {"a2"}}


def test_the_fixture_through_the_pipeline_and_the_command_line(tmp_path):
    details = tmp_path / "details.jsonl"
    done = run_cli("eval", "dataset", "--data", str(DATASET), "--details", str(details))
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert KEYS <= set(result)
    counts = result["counts"]
    assert counts["reports"] == counts["articles_stored"] == 3 and counts["gold_events"] == 3
    assert counts["matched"] + counts["duplicates"] <= counts["exported_events"]
    assert result["precision"] == round(counts["matched"] / counts["exported_events"], 4)
    assert result["recall"] == round(counts["matched"] / 3, 4)
    lines = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["gold_id"] for line in lines if line["kind"] == "gold_event") == ["sd-e1", "sd-e2", "sd-e3"]
    unmatched = [line for line in lines if line["kind"] == "unmatched_export"]
    assert len(unmatched) == counts["exported_events"] - counts["matched"]
    assert all(line["exported"]["sentences"] for line in unmatched)


def test_options_of_the_dataset_scorer_are_refused_elsewhere():
    done = run_cli("eval", "gva", "--data", str(DATASET), "--min-confidence", "0.5")
    assert done.returncode == 2 and b"only for `eval dataset`" in done.stderr


@pytest.mark.skipif(not SEEDS.exists() or not (REPO / "gold" / "seeds" / "gold.json").exists(),
                    reason="the seed articles (../shared) or gold/seeds/gold.json are not here")
def test_the_seed_articles_map_by_file_stem():
    done = run_cli("eval", "dataset", "--data", str(REPO / "gold" / "seeds"), "--inputs", str(SEEDS),
                   "--retrieved-at", "2021-09-07")
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert result["counts"]["articles_stored"] >= 5 and result["counts"]["exported_events"] > 0
