"""Report-level fusion through the real pipeline and a real SQLite store: one event per real
event across outlets, look-alikes apart, conflicts kept with their claimants, incremental adds."""

from __future__ import annotations

import sqlite3

import pytest

from eventfold.fuse.conflicts import disagreement, figure_range
from eventfold.ingest import IngestOptions
from eventfold.model import Claim, Quantity, Span
from eventfold.pipeline import fuse, ingest
from eventfold.store import Store
from eventfold.store.fusion import conflicts, events

# Written for these tests: one uprising told by two outlets with different figures, a protest
# elsewhere, a clash in a neighbouring district a week later, and two estimates of a force.
UPRISING_A = """Militia retakes three villages from rebels in Kandahar province

By Staff Reporter
KANDAHAR, March 3, 2022 — A local militia drove rebel fighters out of three villages in Arghandab district of \
Kandahar province on Wednesday, March 2, local elders said.
Local elders said as many as 40 rebel fighters were killed and 12 were captured in the fighting.
"""
UPRISING_B = """Fighting in Arghandab: rebels lose villages

By Desk Writer
March 4, 2022
Rebels were pushed out of villages in Arghandab district, Kandahar province, on March 2 after heavy fighting with a \
local militia, according to the provincial governor.
The governor said 25 rebel fighters were killed.
"""
PROTEST = """Protesters gather in Herat over prices

By Staff Reporter
HERAT, March 3, 2022 — Hundreds of people protested peacefully in the city of Herat on Thursday against rising \
bread prices, organisers said.
"""
LATER_CLASH = """Clash in Zhari district

By Staff Reporter
KANDAHAR, March 10, 2022 — Militia fighters and rebels clashed in Zhari district of Kandahar province on \
Wednesday, March 9, residents said. Four militia fighters were killed.
"""
FORCE_LOW = """Militia strength disputed

By Staff Reporter
March 8, 2022
The militia has up to 2,000 fighters in the province, officials said. Its commanders have asked the central \
government for more weapons and ammunition before the spring.
"""
FORCE_HIGH = """Militia leader: we have 8,000 men

By Desk Writer
March 9, 2022
The militia's leader, Haji Karim, said on Tuesday that the militia has 8,000 fighters ready to defend Kandahar \
province.
"""


def _write(folder, stories: dict[str, str]) -> None:
    for name, text in stories.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


@pytest.fixture(scope="module")
def fused_store(tmp_path_factory, annotator):
    folder = tmp_path_factory.mktemp("stories")
    _write(folder, {"uprising_a": UPRISING_A, "uprising_b": UPRISING_B, "protest": PROTEST,
                    "later_clash": LATER_CLASH, "force_low": FORCE_LOW, "force_high": FORCE_HIGH})
    path = tmp_path_factory.mktemp("db") / "fused.db"
    store = Store.open(path)
    _ingest(store, folder, annotator)
    yield store
    store.close()


def _ingest(store, folder, annotator):
    from eventfold.pipeline import process

    report = ingest(store, [str(folder)], IngestOptions(), run_stages=False)
    process(store, report.stored, annotator=annotator)
    return report


def _titles(store, event):
    return sorted(store.article(a).title for a in event.article_ids)


def test_one_event_per_real_event_across_outlets(fused_store):
    stored = list(events(fused_store))
    uprising = [e for e in stored if "Militia retakes three villages from rebels in Kandahar province"
                in _titles(fused_store, e)]
    assert len(uprising) == 1
    event = uprising[0]
    assert _titles(fused_store, event) == ["Fighting in Arghandab: rebels lose villages",
                                           "Militia retakes three villages from rebels in Kandahar province"]
    assert event.date.value == "2022-03-02" and event.time_precision == 1
    assert event.place.admin1 and "Kandah" in event.place.admin1


def test_fused_figures_are_conservative_and_keep_the_range(fused_store):
    event = next(e for e in events(fused_store) if len(e.article_ids) == 2)
    assert event.fatalities.value == 25  # ACLED: the most conservative figure reported
    assert (event.fatalities.low, event.fatalities.high) == (25, 40)
    assert event.contested


def test_look_alikes_stay_apart(fused_store):
    stored = list(events(fused_store))
    clash = [e for e in stored if "Clash in Zhari district" in _titles(fused_store, e)]
    protest = [e for e in stored if "Protesters gather in Herat over prices" in _titles(fused_store, e)]
    assert len(clash) == 1 and len(clash[0].article_ids) == 1 and clash[0].date.value == "2022-03-09"
    assert len(protest) == 1 and protest[0].sub_event_type == "Peaceful protest" and not protest[0].contested


def test_conflicts_keep_every_claim_with_its_claimant(fused_store):
    found = {c.kind: c for c in conflicts(fused_store)}
    claims = {row["claim_id"]: row for row in fused_store.connection.execute("SELECT * FROM claims")}
    killed = found["killed"]
    assert sorted(claims[i]["value"] for i in killed.claim_ids) == ["25", "<=40"]
    assert {claims[i]["claimant"] for i in killed.claim_ids} == {"The governor", "Local elders"}
    force = found["force_size"]
    assert sorted(claims[i]["value"] for i in force.claim_ids) == ["8000", "<=2000"]


def test_new_articles_join_events_incrementally(tmp_path, annotator):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    _write(first, {"uprising_a": UPRISING_A, "protest": PROTEST})
    _write(second, {"uprising_b": UPRISING_B})
    with Store.open(tmp_path / "inc.db") as store:
        _ingest(store, first, annotator)
        before = {e.event_id: e for e in events(store)}
        _ingest(store, second, annotator)
        after = {e.event_id: e for e in events(store)}
        assert set(after) == set(before)  # the new story joined an existing event; ids are stable
        joined = [e for e in after.values() if len(e.article_ids) == 2]
        assert len(joined) == 1 and joined[0].contested
        rebuilt = fuse(store, rebuild=True)
        assert rebuilt.articles == 3
        assert sorted(len(e.article_ids) for e in events(store)) == sorted(len(e.article_ids) for e in after.values())


def test_reprocessing_refiles_reports_without_orphans(tmp_path, annotator):
    from eventfold.pipeline import process

    folder = tmp_path / "stories"
    folder.mkdir()
    _write(folder, {"uprising_a": UPRISING_A, "uprising_b": UPRISING_B, "protest": PROTEST})
    with Store.open(tmp_path / "again.db") as store:
        _ingest(store, folder, annotator)
        before = sorted(sorted(e.report_ids) for e in events(store))
        process(store, force=True, annotator=annotator)  # every article re-extracted and re-fused
        assert sorted(sorted(e.report_ids) for e in events(store)) == before
        orphans = store.connection.execute(
            "SELECT COUNT(*) FROM fusion_items f LEFT JOIN event_reports r ON r.report_id = f.report_id"
            " WHERE r.report_id IS NULL").fetchone()[0]
        assert orphans == 0
        assert sqlite3.connect(store.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _claim(value, low, high, qualifier, polarity="asserted", claimant="a"):
    return Claim(claim_id=value + claimant, article_id=claimant, subject="fighters", kind="killed", value=value,
                 claimant=claimant, span=Span(claimant, 0, 1), polarity=polarity,
                 quantity=Quantity(low, high, value, qualifier))


def test_disagreement_rules():
    as_many_as_30 = _claim("<=30", None, 30, "at_most")
    assert figure_range(as_many_as_30.quantity) == (22, 30)
    assert disagreement("killed", as_many_as_30, _claim("15", 15, 15, "exact", claimant="b"))
    assert not disagreement("killed", as_many_as_30, _claim("28", 28, 28, "exact", claimant="b"))
    assert not disagreement("killed", _claim(">=351", 351, None, "at_least"), _claim("400", 400, 400, "exact", claimant="b"))
    assert disagreement("killed", _claim("7", 7, 7, "exact"), _claim("7", 7, 7, "exact", "denied", "b")) \
        == "claim vs denial"


def test_reports_without_any_date_or_region_are_filed_as_the_batch_path_files_them(tmp_path):
    """A text with no date at all (no stated day, no publication date) and no resolved region is
    still compared with its family in the store, as `fuse_reports` compares it in memory."""
    from eventfold.fuse.reports import cluster_items
    from eventfold.model import ReportItem
    from eventfold.pipeline import file_items

    story = ["bridge", "collapse", "rescuers", "river", "convoy"]
    dated = ReportItem("r1", "a1", "violence", "Battles", "Armed clash", 738000, 738000, True, terms=story,
                       story_terms=story)
    undated = [ReportItem(f"r{n}", f"a{n}", "violence", "Battles", "Armed clash", terms=story, story_terms=story)
               for n in (2, 3)]
    batch = sorted(sorted(i.report_id for i in group) for group in cluster_items([dated, *undated]))
    with Store.open(tmp_path / "undated.db") as store, store.transaction():
        file_items(store, [dated, *undated])
        grouped: dict[str, list[str]] = {}
        for report_id, event_id in store.connection.execute("SELECT report_id, event_id FROM fusion_items"):
            grouped.setdefault(event_id, []).append(report_id)
    assert batch == [["r1", "r2", "r3"]]
    assert sorted(sorted(group) for group in grouped.values()) == batch
