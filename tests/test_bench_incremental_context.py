"""The running counts that keep place resolution, entity resolution and the sub-event typer linear
in a document's length give exactly what the scans they replace gave, on real parses of
real-length text with the real gazetteer and model. (How the cost grows is measured by
`eventfold bench`, per_char_slope, not asserted here.)"""

from __future__ import annotations

import random

import pytest

from eventfold.annotate.entities import _Cluster, _View
from eventfold.annotate.gazetteer import Gazetteer, haversine_km
from eventfold.annotate.nlp import load_nlp
from eventfold.annotate.places import (
    _DEMONYM_TARGETS,
    DOCUMENT_COUNTRY_SHARE,
    NEAR_KM,
    NEAR_LATITUDE_DEGREES,
    _key,
    _near_share,
    _resolve,
    _Found,
    _Mention,
    _overlaps_any,
    _Tally,
    recognize,
)
from eventfold.extract.subevent import MODEL_RULE, classify_batch, trained_model
from eventfold.model import Mention, Span
from eventfold.synthetic import long_document

# Written for this test: countries, provinces, capitals and namesakes beside the synthetic report,
# so that the counts see countries, first-level areas and places far apart.
ABROAD = (
    "Officials in Kenya and Uganda said refugees crossed from South Sudan into Kakuma and Arua. "
    "In Texas, police in Paris and Houston closed roads, while the mayor of Paris in France spoke "
    "in Lyon. Ukrainian forces shelled positions near Kharkiv, and Russian troops left Kherson "
    "province. A convoy drove from Kabul to Kandahar and on to Herat province."
)


@pytest.fixture(scope="module")
def mentions():
    gazetteer = Gazetteer.open()
    doc = load_nlp()(long_document(15_000, seed=9).text + "\n\n" + ABROAD)
    found = recognize(doc, gazetteer)
    _resolve(found, gazetteer)
    assert len({m.best.country for m in found if m.best is not None}) >= 3
    return found


def _rebuilt_context(mentions, current):
    """The context as it was built before the tally: from every other mention, one at a time."""
    own = _key(current.text)
    others = [m.best for m in mentions if m.best is not None and not m.approximate and _key(m.text) != own]
    if not others:
        return None
    share = 1.0 / len(others)
    countries, admins, admin2s, points, country_mentions = {}, {}, {}, [], 0.0
    for place in others:
        countries[place.country] = countries.get(place.country, 0.0) + share
        if place.feature_code in ("PCLI", "CONT"):
            country_mentions += share
            continue
        admins[(place.country, place.admin1)] = admins.get((place.country, place.admin1), 0.0) + share
        if place.admin2:
            key = (place.country, place.admin1, place.admin2)
            admin2s[key] = admin2s.get(key, 0.0) + share
        points.append((place.latitude, place.longitude, share))
    areas = [(p.country, p.admin1) for p in others if p.feature_code == "ADM1"]
    named = {area: areas.count(area) / len(areas) for area in set(areas)}
    return countries, admins, admin2s, named, country_mentions, points


def _rebuilt_near(place, points):
    return sum(w for lat, lon, w in points if abs(place.latitude - lat) <= NEAR_LATITUDE_DEGREES
               and haversine_km(place.latitude, place.longitude, lat, lon) <= NEAR_KM)


def _rebuilt_focus(mentions, current):
    own = _key(current.text)
    others = [m.best for m in mentions if m.best is not None and m.best.country and _key(m.text) != own]
    named = {p.country for p in others if p.feature_code in _DEMONYM_TARGETS}
    votes = {}
    for place in others:
        votes[place.country] = votes.get(place.country, 0) + 1
    return named | {c for c, v in votes.items() if v >= DOCUMENT_COUNTRY_SHARE * len(others)}, set(votes)


def _assert_tally_equals_rebuild(mentions, tally):
    for mention in mentions:
        context, rebuilt = tally.context(mention, {}), _rebuilt_context(mentions, mention)
        assert tally.focus(mention) == _rebuilt_focus(mentions, mention)
        if rebuilt is None:
            assert context is None
            continue
        countries, admins, admin2s, named, country_mentions, points = rebuilt
        # equal to the last bit, not approximately: the scores compare and tie on them
        assert (context.countries, context.admins, context.admin2s) == (countries, admins, admin2s)
        assert (context.named_admins, context.country_mentions) == (named, country_mentions)
        for place, _ in mention.candidates:
            assert _near_share(place, context) == _rebuilt_near(place, points)


def test_the_tallied_context_is_the_rebuilt_one_as_choices_change(mentions):
    tally = _Tally(mentions)
    _assert_tally_equals_rebuild(mentions, tally)
    rng = random.Random(5)
    for _ in range(3):  # other readings, none, approximate: counted out and in again
        for mention in rng.sample(mentions, k=len(mentions) // 3):
            choice = rng.choice([None] + [place for place, _ in mention.candidates])
            mention.best, mention.approximate = choice, rng.random() < 0.1
            tally.update(mention)
        _assert_tally_equals_rebuild(mentions, tally)


def test_overlaps_found_by_bisection_are_those_of_a_scan(mentions):
    rng = random.Random(11)
    found = _Found(mentions)
    spans = [(m.start, m.end) for m in mentions]
    for _ in range(300):  # the recognized spans, then spans of any length anywhere, some empty
        start = rng.randrange(0, mentions[-1].end + 50)
        end = start + rng.choice([0, 1, 3, 12, 40, 400])
        assert found.overlaps(start, end) == _overlaps_any(start, end, spans), (start, end)
        if rng.random() < 0.2:
            found.append(_Mention(start, end, "x" * (end - start), "test"))
            spans.append((start, end))
    assert list(found) == mentions + found[len(mentions):]  # still the list, in the order added


def _view(index: int, text: str, label: str) -> _View:
    mention = Mention(Span("a1", index * 10, index * 10 + len(text)), text, label, rule="ner")
    return _View("a1", index, mention, text, (0, index * 10), None, "", "")


def test_a_clusters_remembered_answers_follow_its_new_views():
    cluster = _Cluster("amina-diallo", None, [_view(0, "Amina Diallo", "PERSON")])
    assert cluster.surnames() == {"diallo"} and cluster.is_person and cluster.best_name() == "Amina Diallo"
    for index in range(1, 5):  # a third of PERSON tags keeps a person: four ORG tags more do not
        cluster.views.append(_view(index, "Amina Toure", "ORG"))
    assert cluster.surnames() == {"diallo", "toure"}
    assert not cluster.is_person and cluster.best_name() == "Amina Toure"


def test_the_typers_evidence_from_the_batch_rows_is_that_of_one_text_alone():
    model = trained_model()
    texts = [s.strip() + "." for s in long_document(6_000, seed=3).text.split(". ") if len(s.split()) > 4][:40]
    rows = model.words.transform(texts).tocsr()
    for number, text in enumerate(texts):
        for label in model.labels[:5]:
            assert model.evidence(text, label, row=rows[number]) == model.evidence(text, label)
    by_model = 0
    for text, typing in zip(texts, classify_batch(texts)):
        prediction = typing.prediction
        if prediction is not None and prediction.rule == MODEL_RULE:
            assert prediction.evidence == model.evidence(text, prediction.sub_event_type)
            by_model += 1
    assert by_model  # some sentences were typed by the model alone, with its n-grams as evidence
