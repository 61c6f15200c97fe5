"""Publication dates from the articles read together (issue 9: dates).

An article with no usable stamp and no retrieval date names days without a year ("on June 12");
an article's stamp "06/11/2023" reads as 6 November or 11 June. Articles read in one batch (a
crawl, a pasted folder) are mostly of one period, so the days the others give settle the year of
the first and the order of the second, with the evidence kept and a warning for the reorder.
The stories are written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import export_all_events

FIRM = {
    "title": "Drone strike on Nyala bus station",
    "text": ("A drone strike blamed on the Sudanese army hit the bus station of Nyala on 13 June 2023, "
             "killing seven travellers, the state health ministry said on Wednesday."),
    "published": "2023-06-14",
    "outlet": "Sahel Desk",
}
YEAR_LESS = {
    "title": "Nine killed as paramilitaries shell El Fasher",
    "text": ("The paramilitary Rapid Support Forces shelled a crowded market in El Fasher on June 12, killing "
             "nine people, local medics said. The city's last working hospital, opened two days before the "
             "Sept. 11 attacks in 2001, is short of blood."),
    "outlet": "Border Monitor",
}
AMBIGUOUS = {
    "title": "Army says it repelled attack on El Fasher",
    "text": ("The Sudanese army said its troops repelled an attack by the Rapid Support Forces on the eastern "
             "edge of El Fasher on Saturday, killing dozens of fighters."),
    "published": "06/11/2023",
    "outlet": "Nile Evening",
}


def _articles(*records):
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    return [parse_document(RawDocument(path=f"story{i}.json", format="json", content=r["text"], title=r["title"],
                                       published=r.get("published"), outlet=r.get("outlet")), IngestOptions())
            for i, r in enumerate(records)]


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def test_year_less_days_take_the_year_of_the_articles_read_with_them(annotator):
    firm, year_less = _articles(FIRM, YEAR_LESS)
    assert year_less.published is None and year_less.retrieved_at is None
    estimate = annotator.annotate([firm, year_less])[1].publication_estimate
    # June 12 in 2023, the batch's year; "Sept. 11 ... in 2001" has its year and bounds nothing
    assert estimate.precision == "day" and estimate.value == "2023-06-12"
    assert "batch" in estimate.reason and "2023-06-14" in estimate.reason


def test_alone_an_article_of_year_less_days_stays_undated(annotator):
    (year_less,) = _articles(YEAR_LESS)
    estimate = annotator.annotate([year_less])[0].publication_estimate
    assert estimate.value is None or estimate.precision != "day"


def test_a_guessed_stamp_order_yields_to_the_one_near_the_batch(annotator):
    firm, ambiguous = _articles(FIRM, AMBIGUOUS)
    assert ambiguous.published == "2023-11-06"  # day first: the commonest habit, a guess
    annotation = annotator.annotate([firm, ambiguous])[1]
    estimate = annotation.publication_estimate
    assert estimate.value == "2023-06-11" and "2023-11-06" in estimate.reason
    assert any("story1.json" in w and "2023-06-11" in w for w in annotation.warnings)
    # "on Saturday" counts back from 11 June, not from 6 November
    saturdays = [t.value.value for t in annotation.times if t.text == "Saturday"]
    assert saturdays == ["2023-06-10"]


def test_articles_spread_over_years_give_no_batch_day(annotator):
    from eventfold.annotate.dct import batch_reference_day

    assert batch_reference_day([date(2019, 1, 10), date(2021, 3, 1), date(2023, 6, 14)]) is None
    assert batch_reference_day([date(2023, 6, 1), date(2023, 6, 14), date(2023, 6, 20)]) == date(2023, 6, 14)
    older = dict(FIRM, published="2019-01-10")
    newer = dict(FIRM, published="2021-03-01", title="Another drone strike")
    firm, old, new, ambiguous = _articles(FIRM, older, newer, AMBIGUOUS)
    annotation = annotator.annotate([firm, old, new, ambiguous])[3]
    assert annotation.publication_estimate is None  # the stamp stands as read: nothing says otherwise


def test_exported_event_of_a_year_less_story_is_dated(tmp_path):
    events = export_all_events(tmp_path, [FIRM, YEAR_LESS])
    nine = [e for e in events if e.get("fatalities") == 9]
    assert nine and nine[0]["event_date"] == "2023-06-12"
