"""Fusion: reports of one real event merged across outlets, look-alikes kept apart, incremental adds."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.fuse import FusionIndex, FusionItem, cluster_documents, consensus, fuse_reports, item_from_article
from eventfold.fuse.similarity import cannot_link
from eventfold.model import DateValue, Place

SHARED = Path(__file__).resolve().parents[2] / "shared"
GVA = SHARED / "eval" / "fusion-gva"
ECBPLUS = SHARED / "eval" / "fusion-ecbplus"

DAYTON = Place(4509884, "Dayton", 39.75895, -84.19161, "US", "OH", feature_class="P", feature_code="PPL")
KETTERING = Place(4515843, "Kettering", 39.68950, -84.16883, "US", "OH", feature_class="P", feature_code="PPL")
FRESNO = Place(5350937, "Fresno", 36.74773, -119.77237, "US", "CA", feature_class="P", feature_code="PPLA2")

OUTLET_A = """Man killed, woman hurt in Dayton shooting

DAYTON, Ohio — A 34-year-old man was shot and killed and a woman was wounded late Saturday on Brandt Pike,
police said. Officers found Marcus Whitfield lying near a parked car shortly before midnight. He died at Miami
Valley Hospital. The woman, 29, was treated for a gunshot wound to the leg. Detectives are searching for a gray
sedan seen leaving the scene. Anyone with information is asked to call Dayton police."""

OUTLET_B = """Police identify victim of Brandt Pike shooting

DAYTON — Police on Sunday identified the man killed in a shooting on Brandt Pike as Marcus Whitfield, 34, of
Dayton. Whitfield was shot late Saturday outside an apartment complex and died at Miami Valley Hospital, officers
said. A 29-year-old woman was also shot and is expected to survive. Investigators said the gunman fled in a gray
sedan and urged witnesses to come forward."""

LOOK_ALIKE = """Fresno man dies after Tuesday shooting

FRESNO, Calif. — A 41-year-old man died after being shot several times in the parking lot of a Blackstone
Avenue strip mall on Tuesday evening, according to Fresno police. Luis Ortega was taken to Community Regional
Medical Center, where he was pronounced dead. Lt. Ray Alvarez said officers believe the shooting followed an
argument between two groups. No arrests have been made."""


def _item(item_id, text, day, place, killed=None, names=()):
    return FusionItem(item_id=item_id, text=text, date=DateValue(day, "day"), published=day, places=[place],
                      entities=list(names), killed=killed)


def test_same_event_from_two_outlets_is_merged_and_look_alike_kept_apart():
    items = [
        _item("a", OUTLET_A, "2021-03-13", DAYTON, 1, ["marcus whitfield", "miami valley hospital"]),
        _item("b", OUTLET_B, "2021-03-13", DAYTON, 1, ["marcus whitfield", "miami valley hospital"]),
        _item("c", LOOK_ALIKE, "2021-03-16", FRESNO, 1, ["luis ortega"]),
    ]
    clusters = sorted(sorted(c) for c in cluster_documents(items))
    assert clusters == [["a", "b"], ["c"]]


def test_stated_days_far_apart_cannot_link_but_far_places_only_lower_the_score():
    from eventfold.fuse.similarity import Corpus, profile, similarity

    dayton = _item("x", OUTLET_A, "2021-03-13", DAYTON, 1)
    assert cannot_link(dayton, _item("z", OUTLET_A, "2021-05-20", DAYTON, 1))
    assert not cannot_link(dayton, _item("k", OUTLET_A, "2021-03-14", KETTERING, 1))  # suburb, next day
    # a follow-up published months later, with no event day of its own, may still tell the same event
    follow_up = FusionItem("f", OUTLET_B, published="2021-06-01", places=[DAYTON])
    assert not cannot_link(dayton, follow_up)
    # resolved places err too often to forbid a merge; a far-away town costs score instead
    fresno = _item("y", OUTLET_A, "2021-03-13", FRESNO, 1)
    assert not cannot_link(dayton, fresno)
    corpus = Corpus()
    for item in (dayton, fresno):
        corpus.add(item)
    same_place = similarity(dayton, dayton, profile(dayton, corpus), profile(dayton, corpus))
    assert similarity(dayton, fresno, profile(dayton, corpus), profile(fresno, corpus)) < same_place


def test_incremental_add_joins_existing_cluster_without_recomputing():
    index = FusionIndex()
    first = index.add([_item("a", OUTLET_A, "2021-03-13", DAYTON, 1, ["marcus whitfield"]),
                       _item("c", LOOK_ALIKE, "2021-03-16", FRESNO, 1, ["luis ortega"])])
    assert first["a"] != first["c"]
    later = index.add([_item("b", OUTLET_B, "2021-03-14", DAYTON, 1, ["marcus whitfield"])])
    assert later["b"] == first["a"]
    assert sorted(sorted(c) for c in index.clusters()) == [["a", "b"], ["c"]]


def test_consensus_votes_values_and_keeps_the_range():
    items = [_item("a", "", "2021-03-13", DAYTON, 1), _item("b", "", "2021-03-13", DAYTON, 2),
             _item("c", "", "2021-03-14", KETTERING, 2)]
    agreed = consensus(items)
    assert (agreed.date.value, agreed.place.name, agreed.killed, agreed.killed_range) == (
        "2021-03-13", "Dayton", 2, (1, 2))


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


def test_articles_through_the_pipeline_fuse_into_events(pipeline):
    items = [item_from_article(*pipeline[k]) for k in "abc"]
    assert "marcus whitfield" in items[0].entities
    clusters = sorted(sorted(c) for c in cluster_documents(items))
    ids = {items[n].item_id: k for n, k in enumerate("abc")}
    assert sorted(sorted(ids[i] for i in c) for c in clusters) == [["a", "b"], ["c"]]


def test_fuse_reports_gives_one_event_per_real_event(pipeline):
    articles = [pipeline[k][0] for k in "abc"]
    annotations = [pipeline[k][1] for k in "abc"]
    reports = [r for k in "abc" for r in pipeline[k][2]]
    assert reports, "the extractor finds the shootings"
    events = fuse_reports(reports, articles)
    fresno = {articles[2].article_id}
    for event in events:  # no event mixes the Fresno story with the Dayton ones
        assert set(event.article_ids) <= fresno or not (set(event.article_ids) & fresno)
    assert any(set(e.article_ids) == {articles[0].article_id, articles[1].article_id} for e in events)


@pytest.mark.skipif(not GVA.exists(), reason="shared GVA dev set not available")
def test_gva_dev_small():
    from eventfold.evaluate.gva import evaluate

    figures = evaluate(GVA, limit=12)
    assert figures["b3_f1"] >= 0.8
    assert set(figures["fields"]) >= {"date", "city", "killed", "injured"}


@pytest.mark.skipif(not ECBPLUS.exists(), reason="shared ECB+ dev set not available")
def test_ecbplus_dev_small():
    from eventfold.evaluate.ecbplus import evaluate, read_topics

    texts = [text for _, text, _ in read_topics(ECBPLUS, limit=1)["1"]]
    assert len(texts) > 10 and all(texts)
    assert not any(" , " in text or " 's " in text for text in texts)  # spacing rebuilt around punctuation
    figures = evaluate(ECBPLUS, limit=1)
    # one topic alone lacks the other topics' word rarities, so it scores below the whole folder
    assert figures["documents"] > 10 and figures["b3_f1"] >= 0.6


def test_sound_codes_join_spellings_of_one_name():
    from eventfold.fuse.similarity import name_tokens, soundex

    assert soundex("atkins") == soundex("adkins") and soundex("malijha") == soundex("malijah")
    assert soundex("whitfield") != soundex("ortega")
    one = FusionItem("a", "", entities=["malijha grant"])
    other = FusionItem("b", "", entities=["malijah grant"])
    assert (name_tokens(one) & name_tokens(other)) - {"grant"}  # the spellings meet through their code


def test_outlet_part_of_a_headline_is_furniture_and_the_story_part_is_compared():
    from eventfold.fuse.similarity import Corpus, profile, title_segments

    assert title_segments("Man shot on Brandt Pike - WDTN News 2 :: Dayton") == [
        "Man shot on Brandt Pike", "WDTN News 2", "Dayton"]
    headlines = [("Woman hurt in Kettering crash", "2021-01-02"), ("School board votes on budget", "2021-02-10"),
                 ("Dayton man killed on Brandt Pike", "2021-03-13")]
    items = [FusionItem(str(n), "story text", published=day, title=f"{title} - WDTN News 2")
             for n, (title, day) in enumerate(headlines)]
    corpus = Corpus()
    for item in items:
        corpus.add(item)
    words = profile(items[2], corpus).title
    assert {"brandt", "pike", "killed"} <= set(words) and not {"wdtn", "news"} & set(words)


def test_a_follow_ups_stated_day_does_not_forbid_a_merge():
    from eventfold.fuse.features import tells_follow_up

    assert tells_follow_up("Man charged in Brandt Pike killing", "")
    assert tells_follow_up("Update", "A judge set bond at $1 million on Monday for the man accused ...")
    assert not tells_follow_up("Man shot on Brandt Pike", "A man was shot late Saturday, police said.")
    shooting = _item("a", OUTLET_A, "2021-03-13", DAYTON, 1)
    arrest = _item("b", "Man charged in Brandt Pike killing", "2021-05-20", DAYTON, 1)
    assert cannot_link(shooting, arrest)  # read as a first report, its day rules the merge out
    arrest.follow_up = True
    assert not cannot_link(shooting, arrest)  # its day is the arrest's, not the shooting's


def test_look_alike_clusters_are_kept_apart_only_where_their_topic_is_rare():
    from eventfold.fuse.cluster import _two_events

    ids = [f"x{n}" for n in range(4)], [f"y{n}" for n in range(4)]
    tight = 6 * 0.8  # four items whose six pairs score 0.8 each
    assert _two_events(*ids, tight, tight, 0.3, corpus_size=500)  # linked well below their own tightness
    assert not _two_events(*ids, tight, tight, 0.6, corpus_size=500)
    assert not _two_events(*ids, tight, tight, 0.3, corpus_size=20)  # the corpus is about them: no rare words
    assert not _two_events(["x"], ids[1], 0.0, tight, 0.3, corpus_size=500)  # a single story joins freely


def test_a_story_without_an_event_day_is_dated_by_the_day_it_names(pipeline):
    article, annotations, _ = pipeline["c"]  # "... on Tuesday evening", published Wednesday 2021-03-17
    item = item_from_article(article, annotations, [])
    assert (item.date.value, item.stated_day() is not None) == ("2021-03-16", True)
    assert item_from_article(*pipeline["a"]).date.value == "2021-03-13"  # "late Saturday", published Sunday


def test_ages_tell_apart_look_alike_shootings_in_one_city(monkeypatch):
    from eventfold.fuse import similarity as module
    from eventfold.fuse.similarity import Corpus, ages_in, hours_in, profile, similarity

    assert ages_in("A 15-year-old boy and Ana Ruiz, 34, of Dayton were shot; a man aged 61 ...") == {15, 34, 61}
    assert hours_in("shot about 10:30 p.m. Friday; a second call at 12:15 AM") == {"10p", "0a"}
    story = "Dayton police said the {} boy was shot in the leg late Saturday and taken to the hospital."
    first, same, other = (_item(key, story.format(age), "2021-03-13", DAYTON)
                          for key, age in (("a", "15-year-old"), ("b", "15-year-old"), ("c", "16-year-old")))
    corpus = Corpus()
    for item in (first, same, other):
        corpus.add(item)
    profiles = {item.item_id: profile(item, corpus) for item in (first, same, other)}
    other_age, penalty = similarity(first, other, profiles["a"], profiles["c"]), module.DETAIL_CLASH_PENALTY
    assert similarity(first, same, profiles["a"], profiles["b"]) > other_age
    monkeypatch.setattr(module, "DETAIL_CLASH_PENALTY", 0.0)  # the gap is the ages' doing, not the words'
    assert similarity(first, other, profiles["a"], profiles["c"]) - other_age == pytest.approx(penalty)
