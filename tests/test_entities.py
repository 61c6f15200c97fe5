"""Actor mentions and canonical entities, on texts written for these tests (and the seeds if present)."""

from pathlib import Path

import pytest

from eventfold.annotate.entities import (
    ActorDictionary,
    article_contexts,
    find_mentions,
    namesake_cue,
    resolve_entities,
)
from eventfold.annotate.nlp import load_nlp
from eventfold.model import PART_TEXT, Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def actors():
    # The dictionary mechanisms (surnames, namesakes, spellings) are exercised with the Afghan pack.
    return ActorDictionary.load(["afghanistan"])


def annotate(nlp, actors, texts: dict[str, str], dictionary=None):
    """Mentions of every article, resolved together; returns (mentions by article, entities by id)."""
    dictionary = dictionary or actors
    found = {aid: find_mentions(nlp(text), aid, PART_TEXT, dictionary) for aid, text in texts.items()}
    resolved, entities = resolve_entities(found, dictionary, dict(texts))
    return resolved, {e.entity_id: e for e in entities}


def entity_of(mentions, text: str, occurrence: int = 0) -> str:
    return [m.entity_id for m in mentions if m.text == text][occurrence]


def test_titles_and_surnames_merge_within_an_article(nlp, actors):
    text = (
        "Vice President Amrullah Saleh said on Monday that the valley would hold. "
        "Mr Saleh spoke from Bazarak. Local elder Nasrin Rahimi, a teacher, disagreed. "
        "Rahimi said the roads were closed, and Saleh did not answer her."
    )
    resolved, entities = annotate(nlp, actors, {"a1": text})
    mentions = resolved["a1"]
    saleh = entities["amrullah-saleh"]
    assert {"Mr Saleh", "Saleh"} <= set(saleh.aliases)
    assert all(m.entity_id == "amrullah-saleh" for m in mentions if "Saleh" in m.text)
    assert entity_of(mentions, "Rahimi") == "nasrin-rahimi"
    assert entities["nasrin-rahimi"].type == "person"


def test_surname_alone_reaches_the_dictionary(nlp, actors):
    mentions, _ = annotate(nlp, actors, {"a1": "Saleh told the crowd that Ghani had abandoned them."})
    assert entity_of(mentions["a1"], "Saleh") == "amrullah-saleh"
    assert entity_of(mentions["a1"], "Ghani") == "ashraf-ghani"


def test_father_and_son_of_one_name_stay_apart(nlp, actors):
    text = (
        "Ahmad Massoud, the son of the late commander Ahmad Shah Massoud, said on Sunday that his men "
        "would not surrender. The elder Massoud was assassinated two days before the attacks of 2001. "
        "Massoud, 32, told reporters that the valley would hold."
    )
    mentions, entities = annotate(nlp, actors, {"a1": text})
    found = mentions["a1"]
    assert entity_of(found, "The elder Massoud") == "ahmad-shah-massoud"
    assert entity_of(found, "Massoud") == "ahmad-massoud"
    assert "The elder Massoud" in entities["ahmad-shah-massoud"].aliases


def test_namesakes_outside_the_dictionary_are_told_apart_by_context(nlp, actors):
    text = (
        "Karim Haidari, a former governor, was killed in 1998. His son Nasir Haidari now leads the "
        "fighters of the Shamsabad valley. The late Haidari was revered there, and Haidari told "
        "reporters on Friday that the fighters would not lay down their arms."
    )
    found = annotate(nlp, actors, {"a1": text})[0]["a1"]
    assert entity_of(found, "Haidari", 0) == "karim-haidari"
    assert entity_of(found, "Haidari", 1) == "nasir-haidari"


def test_namesake_cues():
    assert namesake_cue("Massoud", "the son of the late Afghan commander ", "") == "elder"
    assert namesake_cue("Massoud", "", ", who was assassinated in 2001") == "elder"
    assert namesake_cue("Massoud", "", "'s son leads the front") == "elder"
    assert namesake_cue("Ahmad Massoud", "", ", 32, son of the commander") == "junior"
    assert namesake_cue("Massoud", "in late August ", " said") is None
    assert namesake_cue("Massoud", "gunmen assassinated two officials and ", " said") is None


def test_typos_and_transliterations_reach_the_dictionary(nlp, actors):
    mentions, entities = annotate(nlp, actors, {"a1": "Ahman Massoud vowed to resist, his aides said."})
    assert entity_of(mentions["a1"], "Ahman Massoud") == "ahmad-massoud"
    assert "Ahman Massoud" in entities["ahmad-massoud"].aliases
    assert actors.lookup("Gulbudin Hikmatyar").entity_id == "gulbuddin-hekmatyar"
    assert actors.lookup("Mohammad Ismail") is None  # one word close, the other not


def test_dictionary_gives_acled_categories(nlp, actors):
    text = "Taliban fighters clashed with the National Resistance Front (NRF) and NATO troops withdrew."
    mentions, entities = annotate(nlp, actors, {"a1": text})
    assert entities["taliban"].category == "Rebel groups"
    assert entities["national-resistance-front-of-afghanistan"].category == "Rebel groups"
    assert entity_of(mentions["a1"], "NRF") == "national-resistance-front-of-afghanistan"
    assert entities["nato"].category == "External/Other forces"
    taliban = actors.get("taliban")
    assert taliban.inter == 2
    assert taliban.category_on("2021-08-01") == "Rebel groups"
    assert taliban.category_on("2021-09-07") == "State forces"
    # People take the category of the organisation they belong to.
    assert actors.get("zabihullah-mujahid").category == "Rebel groups"


def test_unknown_actors_get_a_category_from_context(nlp, actors):
    text = (
        "Members of the Ittehad Council militia attacked a police post in Kunduz, "
        "and the Kohna Ghazi Protest Committee marched."
    )
    _, entities = annotate(nlp, actors, {"a1": text})
    assert entities["ittehad-council-militia"].category == "Political militias"
    assert entities["kohna-ghazi-protest-committee"].category == "Protesters"


def test_adjectives_are_not_mentions(nlp, actors):
    doc = nlp("Anti-Taliban militias and pro-Taliban accounts argued.")
    found = find_mentions(doc, "a1", PART_TEXT, actors)
    assert not [m for m in found if "Taliban" in m.text]


def test_same_actor_gets_one_id_across_articles(nlp, actors):
    # The most frequent spelling names the entity; the variant and the bare surname join it.
    texts = {
        "a1": "Nasir Haidari, a commander in Shamsabad, said the Taliban had retreated. "
              "Nasir Haidari added that the road was open.",
        "a2": "Nasir Haydari said on Tuesday that the Taleban had come back.",
        "a3": "Haidari denied the reports.",
    }
    mentions, entities = annotate(nlp, actors, texts)
    ids = {entity_of(mentions["a1"], "Nasir Haidari"), entity_of(mentions["a2"], "Nasir Haydari"),
           entity_of(mentions["a3"], "Haidari")}
    assert ids == {"nasir-haidari"}
    assert entity_of(mentions["a2"], "Taleban") == "taliban"
    assert {"Nasir Haydari", "Haidari"} <= set(entities["nasir-haidari"].aliases)


def test_user_files_extend_the_dictionary(nlp, tmp_path):
    yaml_file = tmp_path / "mine.yaml"
    yaml_file.write_text(
        "actors:\n"
        "  - name: Shamsabad Defence Council\n"
        "    type: organisation\n"
        "    category: Identity militias\n"
        "    aliases: [SDC, Shamsabad defenders]\n"
        "  - name: Amrullah Saleh\n"
        "    aliases: [Amrullah Khan Saleh]\n",
        encoding="utf-8",
    )
    csv_file = tmp_path / "more.csv"
    csv_file.write_text("name,type,category,aliases\nKohna Ghazi Shura,group,Civilians,Ghazi shura|KGS\n",
                        encoding="utf-8")
    extended = ActorDictionary.load(["afghanistan", yaml_file, csv_file])
    assert extended.lookup("SDC").category == "Identity militias"
    assert extended.lookup("Amrullah Khan Saleh").entity_id == "amrullah-saleh"
    assert extended.lookup("Amrullah Saleh").description  # the pack's fields kept
    assert extended.lookup("Ghazi shura").inter == 7
    found = find_mentions(nlp("The Shamsabad defenders repelled the attack."), "a1", PART_TEXT, extended)
    assert [m.text for m in found] == ["Shamsabad defenders"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: X, type: person, category: Rebels}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ACLED"):
        ActorDictionary.load([bad])


def test_place_names_tagged_person_are_dropped_when_excluded(nlp, actors):
    text = "Fighters loyal to the Taliban entered Jabal Saraj on Monday, residents said."
    doc = nlp(text)
    assert ("Jabal Saraj", "PERSON") in [(e.text, e.label_) for e in doc.ents]  # the model's slip
    place = (text.index("Jabal Saraj"), text.index("Jabal Saraj") + len("Jabal Saraj"))
    kept = find_mentions(doc, "a1", PART_TEXT, actors, exclude_spans={place})
    assert [m.text for m in kept] == ["Fighters", "Taliban", "residents"]  # descriptions are actors too
    assert "Jabal Saraj" in [m.text for m in find_mentions(doc, "a1", PART_TEXT, actors)]


def test_title_caption_and_text_resolve_together(nlp, actors):
    article = Article(
        article_id="a1",
        title="Massoud vows to fight on",
        text="Ahmad Massoud, son of the late Ahmad Shah Massoud, spoke in Bazarak on Sunday.",
        captions=["A portrait of the elder Massoud hangs in the hall."],
    )
    found = {"a1": [m for part, text in article.parts()
                    for m in find_mentions(nlp(text), "a1", part, actors)]}
    resolved, _ = resolve_entities(found, actors, article_contexts(article))
    by_part = {(m.span.part, m.text): m.entity_id for m in resolved["a1"]}
    assert by_part[("title", "Massoud")] == "ahmad-massoud"
    assert by_part[("caption:0", "the elder Massoud")] == "ahmad-shah-massoud"
    for mention in resolved["a1"]:
        assert article.part_text(mention.span.part)[mention.span.start : mention.span.end] == mention.text


def test_mention_offsets_point_into_the_text(nlp, actors):
    text = "Zabihullah Mujahid, the Taliban spokesman, met Dr Abdullah Abdullah in Kabul."
    for mention in find_mentions(nlp(text), "a1", PART_TEXT, actors):
        assert text[mention.span.start : mention.span.end] == mention.text


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seed corpus not available")
def test_seed_corpus_keeps_saleh_and_both_massouds_apart(nlp, actors):
    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
    _, entities = annotate(nlp, actors, texts)
    saleh, son, father = (entities[k] for k in ("amrullah-saleh", "ahmad-massoud", "ahmad-shah-massoud"))
    assert (saleh.name, son.name, father.name) == ("Amrullah Saleh", "Ahmad Massoud", "Ahmad Shah Massoud")
    assert {"Mr Saleh", "Saleh"} <= set(saleh.aliases)
    assert {"Mr Massoud", "Ahman Massoud", "Massoud"} <= set(son.aliases)
    assert {"the elder massoud", "lion of panjshir"} <= {a.lower() for a in father.aliases}


def test_an_old_name_stands_for_its_successor_from_a_date():
    from eventfold.annotate.entities import ActorDictionary

    alliance = ActorDictionary.load(["afghanistan"]).lookup("Northern Alliance")
    assert alliance.current_name("2001-09-09") == "Northern Alliance"
    assert alliance.current_name("2021-09-05") == "National Resistance Front of Afghanistan"
