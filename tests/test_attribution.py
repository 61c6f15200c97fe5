"""Attribution, certainty, polarity and modality of event sentences, on sentences written for
these tests (and, when ../shared is present, on the seed articles)."""

from __future__ import annotations

import pytest

from conftest import SEEDS, needs_shared
from eventfold.annotate.nlp import load_nlp
from eventfold.extract.attribution import attribution_of, modality_of


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def attribution(nlp, text: str, index: int = -1):
    """Attribution of one sentence of `text` (default the last), the earlier ones as context."""
    sents = list(nlp(text).sents)
    index = index % len(sents)
    return attribution_of(sents[index], sents[:index])


# ---------------------------------------------------------------- claimants and cues


@pytest.mark.parametrize("text, claimant, cue", [
    ("Village defence leaders claimed in phone calls they had killed as many as 25 soldiers.",
     "Village defence leaders", "claimed"),
    ("Twelve soldiers died in the ambush, the provincial governor said.", "the provincial governor", "said"),
    ("According to the district police chief, five civilians were wounded.", "the district police chief",
     "according to"),
    ("Hamid Karimi, 45, a former police officer, said he led the raid on the depot.", "Hamid Karimi", "said"),
    ("A post from a pro-government account claimed that 20 rebels were killed.", "a pro-government account",
     "claimed"),
    ("The rebel spokesman tweeted that the garrison had surrendered.", "The rebel spokesman", "tweeted"),
    ("The interior ministry announced that three bombers were arrested.", "The interior ministry", "announced"),
])
def test_claimant_and_cue(nlp, text, claimant, cue):
    found = attribution(nlp, text)
    assert (found.claimant, found.cue, found.polarity) == (claimant, cue, "asserted")
    assert found.certainty == "stated"


def test_claimant_offsets_point_into_the_text(nlp):
    text = "Twelve soldiers died in the ambush, the provincial governor said."
    found = attribution(nlp, text)
    assert text[found.claimant_start:found.claimant_end] == "the provincial governor"


def test_citing_source_becomes_via(nlp):
    found = attribution(nlp, "Citing a military source, Reuters reported that the airbase was shelled overnight.")
    assert (found.claimant, found.via, found.cue) == ("Reuters", "a military source", "reported")


def test_addressee_of_tell_becomes_via(nlp):
    found = attribution(nlp, "The spokesman told AFP that the convoy was ambushed near the pass.")
    assert (found.claimant, found.via) == ("The spokesman", "AFP")


def test_pronoun_claimant_resolved_to_previous_speaker_and_unverified(nlp):
    text = ("Hamid Karimi, 45, a former police officer, said he led the raid on the depot. "
            "He said that the raid left 12 militants dead — claims that could not be independently verified.")
    found = attribution(nlp, text)
    assert found.claimant == "Hamid Karimi"
    assert text[found.claimant_start:found.claimant_end] == "Hamid Karimi"
    assert found.certainty == "unverified"
    assert found.rule.endswith("+coref")


def test_the_latter_is_the_last_person_named(nlp):
    text = "Heavy losses were reported near the pass, where commander Yusuf Kamal leads the defence. " \
           "The latter tweeted that 50 soldiers had surrendered."
    assert attribution(nlp, text).claimant == "Yusuf Kamal"


def test_agentless_passive_is_hedged_without_claimant(nlp):
    found = attribution(nlp, "It was reported that the bridge was destroyed.")
    assert (found.claimant, found.cue, found.certainty) == (None, "reported", "hedged")


def test_unnamed_reports_are_hedged(nlp):
    found = attribution(nlp, "Reports said the bridge was destroyed by the retreating troops.")
    assert (found.claimant, found.cue, found.certainty) == (None, "said", "hedged")


def test_passive_with_agent_names_the_claimant(nlp):
    found = attribution(nlp, "The capture of the town was confirmed by a former defence minister.")
    assert (found.claimant, found.cue) == ("a former defence minister", "confirmed")


def test_medium_without_verb_of_saying(nlp):
    found = attribution(nlp, "In a statement, the group took responsibility for the bombing.")
    assert (found.claimant, found.cue, found.rule) == ("the group", "In a statement", "medium")


def test_sentence_inside_a_quote_is_the_speakers(nlp):
    text = "“The enemy fled the village. We captured their weapons,” said Colonel Farid Nuri."
    found = attribution(nlp, text, index=0)
    assert found.claimant == "Colonel Farid Nuri"
    assert found.rule.startswith("quote:")


def test_journalist_voice_has_no_claimant(nlp):
    found = attribution(nlp, "The town lies on the main highway to the border.")
    assert (found.claimant, found.cue, found.rule, found.certainty) == (None, None, "none", "stated")


# ---------------------------------------------------------------- certainty and polarity


@pytest.mark.parametrize("text, certainty", [
    ("Rebels reportedly seized the border crossing.", "hedged"),
    ("The fighters appear to have withdrawn from the town.", "hedged"),
    ("The commander is believed to have been killed in the strike.", "hedged"),
    ("Rumoured defections weakened the garrison.", "hedged"),
    ("The death toll remains unconfirmed.", "unverified"),
    ("The group said it shot down a helicopter. The claim could not be independently verified.", "unverified"),
    ("Soldiers shelled the village on Monday.", "stated"),
    ("The toll could be confirmed by hospital records.", "stated"),
    ("The toll was not immediately confirmed.", "unverified"),
])
def test_certainty(nlp, text, certainty):
    assert attribution(nlp, text, index=0).certainty == certainty


@pytest.mark.parametrize("text, claimant", [
    ("The defence ministry denied the claim.", "The defence ministry"),
    ("The rebel front issued a statement denying that the town had fallen.", "The rebel front"),
    ("Army officials rejected reports that the base was overrun.", "Army officials"),
    ("The governor dismissed the allegations as propaganda.", "The governor"),
])
def test_denials(nlp, text, claimant):
    found = attribution(nlp, text)
    assert (found.claimant, found.polarity) == (claimant, "denied")


# ---------------------------------------------------------------- modality


@pytest.mark.parametrize("text, trigger, modality", [
    ("Militants attacked a police checkpoint on Tuesday, killing four officers.", None, "actual"),
    ("Militants attacked a police checkpoint on Tuesday, killing four officers.", "killing", "actual"),
    ("The rebels said they had killed twelve soldiers in an ambush.", None, "actual"),
    ("The rebels vowed to continue the fight against the army.", "fight", "pledge"),
    ("The rebels pledged to defend the valley.", "defend", "pledge"),
    ("The commander threatened to shell the town unless the militia withdrew.", "shell", "threat"),
    ("If the government falls, the militias will seize the north.", "seize", "conditional"),
    ("“If the army launches an assault, it will face fierce resistance from us,” he told the radio.",
     "resistance", "conditional"),
    ("Should the talks collapse, the rebels would storm the city.", "storm", "conditional"),
    ("The army will launch an offensive next week, officials said.", None, "prediction"),
    ("Peace efforts could be complicated by open resistance.", None, "prediction"),
    ("The army did not attack the village.", None, "negated"),
    ("No clashes were reported in the district on Monday.", "clashes", "negated"),
    ("Police failed to disperse the crowd.", "disperse", "negated"),
    ("Talks between the two sides failed on Tuesday.", None, "actual"),
    ("Did the army attack the village?", None, "question"),
    ("Troops have set up a new base near the town.", None, "actual"),
    ("The ceasefire is set to take effect at midnight.", None, "prediction"),
    ("It is unclear if anyone was killed in the blast.", "killed", "actual"),
    ("The lawyers warned that officers had tortured detainees.", "tortured", "actual"),
    ("The rebels warned they would retaliate against the strikes.", "retaliate", "threat"),
    ("Government forces seized the highway for the first time since 2012.", None, "actual"),
    ("The guerrillas fought the Soviets in the 1980s.", None, "historical"),
    ("The general was assassinated two days before the 9/11 attacks.", "assassinated", "historical"),
    ("The movement was notorious during its 1996-2001 rule.", "rule", "historical"),
    ("Back in 2001, the alliance captured the capital.", "captured", "historical"),
    ("The militia stormed the town two decades ago.", None, "historical"),
    ("“Our fathers fought the Soviet army, and we will fight these invaders too,” he said.", "fought", "historical"),
])
def test_modality(nlp, text, trigger, modality):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger) if trigger else None
    sent = token.sent if token is not None else next(iter(doc.sents))
    assert modality_of(sent, token, article_year=2021) == modality


def test_historical_needs_a_year_well_before_the_article(nlp):
    sent = next(iter(nlp("The alliance captured the capital in 2020.").sents))
    assert modality_of(sent, article_year=2021) == "actual"
    assert modality_of(sent, article_year=2024) == "historical"


# ---------------------------------------------------------------- seed articles


def _seed(nlp, prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return nlp(path.read_text(encoding="utf-8"))


def _sentence_with(doc, words: str):
    """The sentence holding `words`, and the earlier sentences of its paragraph."""
    sents = list(doc.sents)
    index = next(i for i, s in enumerate(sents) if words in s.text)
    paragraph_start = doc.text.rfind("\n", 0, sents[index].start_char) + 1
    return sents[index], [s for s in sents[:index] if s.start_char >= paragraph_start]


@needs_shared
def test_seed_washington_post_claims(nlp):
    doc = _seed(nlp, "002")
    sent, context = _sentence_with(doc, "claimed in interviews")
    found = attribution_of(sent, context)
    assert found.claimant == "Local anti-Taliban commanders" and found.cue == "claimed"
    sent, context = _sentence_with(doc, "uprising left 30")
    found = attribution_of(sent, context)
    assert "Rahman" in found.claimant and found.certainty == "unverified"
    sent, context = _sentence_with(doc, "a tweet from a pro-Taliban account")
    assert attribution_of(sent, context).claimant == "a pro-Taliban account"


@needs_shared
def test_seed_asianews_interfax_and_denial(nlp):
    doc = _seed(nlp, "003")
    sent, context = _sentence_with(doc, "Interfax reported")
    found = attribution_of(sent, context)
    assert "Interfax" in found.claimant and found.via == "a local source" and found.cue == "reported"
    sent, context = _sentence_with(doc, "denying the claim")
    found = attribution_of(sent, context)
    assert "National Resistance Front" in found.claimant and found.polarity == "denied"


@needs_shared
def test_seed_times_of_israel_modality(nlp):
    doc = _seed(nlp, "004")
    face = next(t for t in doc if t.text == "face" and "staunch" in t.sent.text and "“" in t.sent.text)
    assert modality_of(face.sent, face, article_year=2021) in ("conditional", "threat")
    confronted = next(t for t in doc if t.text == "confronted")
    assert modality_of(confronted.sent, confronted, article_year=2021) == "historical"


def test_quoted_sentence_with_pronoun_speaker_resolved_from_quote_start(nlp):
    text = "Omar Haidari reached the town on Friday. “We took the hill. The enemy ran away,” he said."
    found = attribution(nlp, text, index=2)
    assert found.claimant == "Omar Haidari" and found.rule.startswith("quote:")
