"""Acceptance on the five seed articles (skipped without ../shared): the dataset and the brief."""

from __future__ import annotations

from datetime import datetime

import pytest

from conftest import SEEDS, needs_shared
from eventfold.ingest import IngestOptions
from eventfold.pipeline import ingest
from eventfold.store import Store
from eventfold.store.dataset import load_dataset

pytestmark = needs_shared


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("seeds") / "seeds.db")
    ingest(store, [str(SEEDS)], IngestOptions(retrieved_at=datetime(2021, 9, 7)), actor_files=("afghanistan",))
    yield load_dataset(store)
    store.close()


def _article(data, prefix):
    return next(a for a in data.articles if (a.path or "").split("/")[-1].startswith(prefix))


def _claims(data, ids):
    return [c for c in data.claims if c.claim_id in set(ids)]


def test_baghlan_uprising_is_one_contested_event_from_both_articles(seeds):
    washington, follow_up = _article(seeds, "002").article_id, _article(seeds, "004").article_id
    # the uprising, not the fall of Kabul both articles also recall, nor the earlier fall of Pul-e Khumri
    uprising = [e for e in seeds.events if {washington, follow_up} <= set(e.article_ids)
                and e.sub_event_type == "Non-state actor overtakes territory"
                and e.place is not None and (e.place.admin1 or "").startswith("Baghl")]
    assert len(uprising) == 1
    event = uprising[0]
    assert event.contested
    assert event.fatalities.value == 15 and event.fatalities.high == 30  # conservative, range kept
    killed = [c for c in _claims(seeds, event.claim_ids) if c.kind == "killed"]
    claimants = {c.claimant for c in killed}
    assert any("commanders" in (c or "") for c in claimants) and any("pro-Taliban" in (c or "") for c in claimants)


def test_panjshir_control_claim_and_denial_conflict(seeds):
    control = [c for c in seeds.conflicts if c.kind == "control" and "panj" in c.subject.lower()]
    assert control and "claim vs denial" in control[0].reason
    claims = _claims(seeds, control[0].claim_ids)
    assert {c.polarity for c in claims} == {"asserted", "denied"}
    assert any("Resistance Front" in (c.claimant or "") for c in claims if c.polarity == "denied")


def test_earlier_captures_are_dated_events(seeds):
    dated = {(e.place.name if e.place else None, e.date.value if e.date else None) for e in seeds.events}
    assert ("Kabul", "2021-08-15") in dated and ("Mazār-e Sharīf", "2021-08-14") in dated
    assert ("Pul-e Khumrī", "2021-08-11") in dated


def test_brief_of_the_seeds(seeds):
    from eventfold.brief import BriefInput, render_brief

    page = render_brief(BriefInput(events=seeds.events, claims=seeds.claims, conflicts=seeds.conflicts,
                                   articles=seeds.articles, entities=[e for e, _ in seeds.entities]), "md")
    assert "15 Aug 2021" in page and "Kabul" in page and "Baghl" in page
    assert "pro-Taliban account" in page and "Interfax" in page and "Munib Amiri" in page
    assert page.index("11 Aug 2021") < page.index("15 Aug 2021") < page.index("31 Aug 2021")


def test_two_estimates_of_the_resistance_strength_conflict(seeds):
    force = [c for c in seeds.conflicts if c.kind == "force_size"]
    values = {c.value for conflict in force for c in _claims(seeds, conflict.claim_ids)}
    assert {"<=2500", "9000"} <= values
