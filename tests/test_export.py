"""Exports: ACLED-style rows of fused events and the CSV / JSON Lines / Parquet / GeoJSON writers."""

from __future__ import annotations

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventfold.export.rows import (article_row, claim_row, conflict_row, entity_row, event_id_cnty, event_row,
                                   first_day)
from eventfold.export.writers import FORMATS, write_rows
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument
from eventfold.model import (Article, Claim, Conflict, DateValue, Entity, Event, Figure, Place, Provenance,
                             Quantity, Span)

KUNDUZ = Place(1135689, "Kunduz", 36.72895, 68.857, country="AF", admin1="Kunduz", admin2="Kunduz",
               feature_class="P", feature_code="PPLA", population=268893, geo_precision=1)


def articles() -> dict[str, Article]:
    return {
        "a1": Article("a1", "Fighting broke out in Kunduz on Tuesday.", title="Clashes in Kunduz", outlet="Wire One",
                      url="https://example.org/kunduz", published="2021-08-31", published_precision="day",
                      published_source="meta"),
        "a2": Article("a2", "Thirty soldiers died, the insurgents said.", outlet="Ēast Daily",
                      path="corpus/a2.html", duplicate_of=None),
    }


def claims() -> list[Claim]:
    return [
        Claim("c1", "a1", "soldiers", "killed", "12", "the defence ministry", Span("a1", 0, 24),
              quantity=Quantity(12, 12, "12", "exact"), event_report_id="r1", side="Military Forces of Afghanistan"),
        Claim("c2", "a2", "soldiers", "killed", "30", "a Taliban spokesman", Span("a2", 0, 19),
              quantity=Quantity(30, 30, "Thirty", "exact"), event_report_id="r2",
              side="Military Forces of Afghanistan"),
    ]


def conflicts() -> list[Conflict]:
    return [Conflict("k1", "event-7", "killed", "soldiers", ["c1", "c2"], "values differ")]


def fused_event(**changes) -> Event:
    values = dict(
        event_id="event-7", report_ids=["r1", "r2"], article_ids=["a1", "a2"], event_type="Battles",
        sub_event_type="Armed clash", date=DateValue("2021-08-31", "day", source="text"), time_precision=1,
        place=KUNDUZ, actor1="Taliban", actor2="Military Forces of Afghanistan", inter1=2, inter2=1,
        fatalities=Figure(12, 12, 30, reports=2), wounded=Figure(4, 4, 6, reports=2), contested=True,
        claim_ids=["c1"], conflict_ids=["k1"], plover_type="ASSAULT", plover_mode="firearms",
        provenance=[Provenance("fuse:most-conservative-figure", Span("a1", 0, 24), "12 killed")],
    )
    values.update(changes)
    return Event(**values)


def events_rows() -> list[dict]:
    unplaced = fused_event(event_id="event-8", place=None, location_text="near the border", fatalities=None,
                           wounded=None, contested=False, conflict_ids=[], claim_ids=[], report_ids=["r9"],
                           provenance=[])
    return [event_row(fused_event(), articles(), claims(), conflicts()), event_row(unplaced, articles(), [], [])]


# ---------------------------------------------------------------- rows


def test_event_row_has_acled_columns_and_fused_values():
    row = events_rows()[0]
    assert row["event_id_cnty"] == "AFG7"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2021-08-31", 2021, 1)
    assert (row["country"], row["iso"], row["admin1"], row["location"]) == ("Afghanistan", 4, "Kunduz", "Kunduz")
    assert row["interaction"] == 12 and row["geo_precision"] == 1
    assert row["source"] == "Wire One; Ēast Daily" and row["sources"] == ["a1", "a2"] and row["source_count"] == 2
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (12, 12, 30)
    assert row["wounded"] == 4 and row["captured"] is None
    # claims: the one the event names, the other report's claim, and both weighed by the conflict
    assert row["claims"] == ["c1", "c2"] and row["conflicts"] == ["k1"] and row["contested"] is True
    assert row["provenance"][0]["rule"] == "fuse:most-conservative-figure"
    assert row["provenance"][0]["span"] == {"article_id": "a1", "part": "text", "start": 0, "end": 24}


def test_contested_event_notes_give_the_range_and_who_claims_what():
    notes = events_rows()[0]["notes"]
    assert notes.startswith("On 31 August 2021, armed clash involving Taliban and Military Forces of Afghanistan "
                            "in Kunduz")
    assert "Fatalities: 12 (reports range from 12 to 30)." in notes
    assert ("Contested fatalities (Military Forces of Afghanistan): 12 according to the defence ministry; "
            "30 according to a Taliban spokesman.") in notes


def test_notes_word_bounds_and_denials():
    civilians = [Claim("c3", "a1", "civilians", "killed", "<=5", "police", Span("a1", 0, 5),
                       quantity=Quantity(None, 5, "up to five", "at_most")),
                 Claim("c4", "a2", "civilians", "killed", "5", "the governor", Span("a2", 0, 5), polarity="denied")]
    dispute = Conflict("k2", "event-7", "killed", "civilians", ["c3", "c4"], "claim vs denial")
    notes = event_row(fused_event(conflict_ids=[]), articles(), civilians, [dispute])["notes"]
    assert "Contested fatalities (civilians): up to 5 according to police; 5 denied by the governor." in notes


def test_missing_figures_stay_missing_never_zero():
    row = events_rows()[1]
    assert row["fatalities"] is None and row["fatalities_low"] is None and row["contested"] is False
    assert row["location"] == "near the border" and row["latitude"] is None and row["country"] is None
    assert row["event_id_cnty"] == "XXX8"
    assert "No fatality figure reported." in row["notes"] and " 0 " not in row["notes"]


@pytest.mark.parametrize("value, precision, expected, time_precision", [
    ("2021-08-31T04:00", "minute", "2021-08-31", 1),
    ("2021-W35", "week", "2021-08-30", 2),
    ("2021-08", "month", "2021-08-01", 3),
    ("2021-Q3", "quarter", "2021-07-01", 3),
    ("2021-SU", "season", "2021-06-01", 3),
    ("198X", "decade", "1980-01-01", 3),
])
def test_coarse_dates_give_their_first_day_and_a_coarse_time_precision(value, precision, expected, time_precision):
    date = DateValue(value, precision)
    assert first_day(date) == expected
    assert event_row(fused_event(date=date, time_precision=1), {}, [], [])["time_precision"] == time_precision


def test_an_estimated_day_is_coded_within_a_week():
    estimate = DateValue("2021-08-31", "day", source="fuse:earliest-publication", estimated=True)
    assert event_row(fused_event(date=estimate), {}, [], [])["time_precision"] == 2


def test_unreadable_date_falls_back_to_the_earliest_bound():
    estimate = DateValue("PAST_REF", None, earliest="2021-08-15")
    assert first_day(estimate) == "2021-08-15"
    assert event_row(fused_event(date=estimate), {}, [], [])["notes"].startswith("On or after 15 August 2021, ")
    assert first_day(DateValue(None, None, reason="relative stamp")) is None


def test_event_id_cnty_reads_a_number_off_the_event_id():
    assert event_id_cnty("event-0042", "SYR") == "SYR0042"
    assert event_id_cnty("ev-3fa9c01b27aa", "SYR") == f"SYR{0x3fa9c01b27aa}"  # fuse's hash-based ids
    assert event_id_cnty("kunduz/clash#2", "AFG") == "AFG-kunduz/clash#2"


def test_other_record_rows():
    article = article_row(articles()["a1"])
    assert article["url"] == "https://example.org/kunduz" and article["published_precision"] == "day"
    entity = entity_row(Entity("e1", "Taliban", "group", "Rebel group", ["Islamic Emirate"]), mentions=5)
    assert entity == {"entity_id": "e1", "name": "Taliban", "type": "group", "category": "Rebel group",
                      "country": None, "category_source": "", "aliases": ["Islamic Emirate"], "mentions": 5}
    claim = claim_row(claims()[1], "event-7", ["c1"])
    assert claim["side"] == "Military Forces of Afghanistan" and claim["conflicts_with"] == ["c1"]
    assert claim["value_low"] == 30 and claim["span"]["article_id"] == "a2"
    assert conflict_row(conflicts()[0])["claim_ids"] == ["c1", "c2"]


LEDGER_HTML = """<!doctype html><html><head><title>Clashes reported near Kunduz | Northern Ledger</title>
<meta property="og:site_name" content="Northern Ledger">
<meta property="article:published_time" content="2021-09-01T08:30:00Z">
<link rel="canonical" href="https://ledger.example/2021/09/kunduz-clashes"></head>
<body><article><h1>Clashes reported near Kunduz</h1>
<p>Fighting between troops and insurgents broke out on the outskirts of Kunduz on Tuesday, officials said.</p>
<p>A provincial spokesman said at least twelve soldiers were killed, while the insurgents claimed thirty.</p>
</article></body></html>"""


def test_an_ingested_html_article_exports_its_metadata(tmp_path):
    article = parse_document(RawDocument("ledger/kunduz.html", "html", LEDGER_HTML), IngestOptions())
    out = tmp_path / "articles.csv"
    write_rows([article_row(article)], "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["article_id"] == article.article_id and row["path"] == "ledger/kunduz.html"
    assert (row["outlet"], row["published"], row["published_precision"]) == ("Northern Ledger", "2021-09-01", "day")
    assert row["url"] == "https://ledger.example/2021/09/kunduz-clashes" and row["duplicate_of"] == ""


# ---------------------------------------------------------------- writers


def test_csv_round_trip_flattens_lists_and_json_encodes_dicts(tmp_path):
    out = tmp_path / "deep" / "events.csv"
    assert write_rows(events_rows(), "csv", out) == 2
    with out.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert list(read[0])[:3] == ["event_id_cnty", "event_date", "year"]
    assert read[0]["source"] == "Wire One; Ēast Daily" and read[0]["claims"] == "c1; c2"
    assert read[0]["contested"] == "true" and read[0]["fatalities"] == "12"
    assert json.loads(read[0]["provenance"])[0]["evidence"] == "12 killed"
    assert read[1]["fatalities"] == "" and read[1]["provenance"] == ""


def test_csv_header_holds_every_column_in_first_seen_order(tmp_path):
    out = tmp_path / "mixed.csv"
    write_rows([{"a": 1}, {"a": 2, "b": ["x"]}], "csv", out)
    assert out.read_text(encoding="utf-8").splitlines() == ["a,b", "1,", "2,x"]


def test_jsonl_round_trip_keeps_native_values(tmp_path):
    out = tmp_path / "events.jsonl"
    write_rows(events_rows(), "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "Ēast Daily" in lines[0]  # ensure_ascii=False
    first = json.loads(lines[0])
    assert first["claims"] == ["c1", "c2"] and first["contested"] is True and first["latitude"] == 36.72895


def test_parquet_round_trip_types_each_column(tmp_path):
    out = tmp_path / "events.parquet"
    assert write_rows(events_rows(), "parquet", out) == 2
    table = pq.read_table(out)
    schema = {field.name: field.type for field in table.schema}
    assert schema["fatalities"] == pa.int64() and schema["latitude"] == pa.float64()
    assert schema["contested"] == pa.bool_() and schema["notes"] == pa.string()
    assert schema["sources"].equals(pa.list_(pa.string())) and schema["provenance"] == pa.string()
    rows = table.to_pylist()
    assert rows[0]["fatalities_high"] == 30 and rows[1]["fatalities"] is None
    assert json.loads(rows[0]["provenance"])[0]["rule"] == "fuse:most-conservative-figure"


def test_geojson_writes_points_and_counts_rows_without_coordinates(tmp_path):
    out = tmp_path / "events.geojson"
    result = write_rows(events_rows(), "geojson", out)
    assert (result.written, result.skipped) == (1, 1) and result == 1
    assert str(result) == "1 row(s) written, 1 skipped (no coordinates)"
    collection = json.loads(out.read_text(encoding="utf-8"))
    feature = collection["features"][0]
    assert collection["type"] == "FeatureCollection"
    assert feature["geometry"] == {"type": "Point", "coordinates": [68.857, 36.72895]}
    assert feature["properties"]["event_id"] == "event-7" and "latitude" not in feature["properties"]


def test_geojson_refuses_rows_that_are_not_geographic(tmp_path):
    out = tmp_path / "articles.geojson"
    with pytest.raises(ValueError, match="latitude"):
        write_rows([article_row(a) for a in articles().values()], "geojson", out)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_format_is_refused_in_one_line(tmp_path):
    with pytest.raises(ValueError, match=r"unknown export format 'xlsx'.*csv, jsonl, parquet, geojson"):
        write_rows([], "xlsx", tmp_path / "x.xlsx")
    assert set(FORMATS) == {"csv", "jsonl", "parquet", "geojson"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failing_row_iterator_leaves_no_partial_file(tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    out.write_text("previous export", encoding="utf-8")

    def rows_then_crash():
        yield from events_rows()
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        write_rows(rows_then_crash(), fmt, out)
    assert out.read_text(encoding="utf-8") == "previous export"  # the earlier export survives whole
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # and no temporary file is left
