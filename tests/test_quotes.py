"""Direct quotes and their speakers, on sentences written for these tests."""

from __future__ import annotations

import pytest

from eventfold.annotate.nlp import load_nlp
from eventfold.extract.quotes import find_quotes, resolve_speaker


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def quotes_of(nlp, text: str):
    doc = nlp(text)
    return doc, find_quotes(doc)


def test_speaker_after_said_x_with_offsets(nlp):
    doc, quotes = quotes_of(nlp, "“The road is closed,” said Amina Yusufi, a local official.")
    (quote,) = quotes
    assert quote.text == "The road is closed," == doc.text[quote.start:quote.end]
    assert quote.speaker == "Amina Yusufi" == doc.text[quote.speaker_start:quote.speaker_end]
    assert quote.rule.startswith("linked:after") and quote.cue == "said"


def test_speaker_after_x_said(nlp):
    _, (quote,) = quotes_of(nlp, "“We took the hill at dawn,” the commander said.")
    assert quote.speaker == "the commander"


def test_split_quote_has_one_speaker(nlp):
    _, quotes = quotes_of(nlp, "“As long as we stand,” she said, “we will not leave this valley.”")
    assert [q.text for q in quotes] == ["As long as we stand,", "we will not leave this valley."]
    assert [q.speaker for q in quotes] == ["she", "she"]


def test_quote_spanning_sentences(nlp):
    _, (quote,) = quotes_of(nlp, "“We fought all night. Nobody slept,” said Omar Haidari.")
    assert quote.text == "We fought all night. Nobody slept," and quote.speaker == "Omar Haidari"


def test_speaker_before_colon(nlp):
    _, (quote,) = quotes_of(nlp, "The governor told Reuters: “The situation is under control.”")
    assert quote.speaker == "The governor" and quote.cue == "told"


def test_participle_takes_the_main_subject(nlp):
    _, (quote,) = quotes_of(nlp, "The spokesman pledged to hold talks, adding: “We want peace with everyone.”")
    assert quote.speaker == "The spokesman"


def test_straight_quotes(nlp):
    _, (quote,) = quotes_of(nlp, 'The mayor said: "We will rebuild the market."')
    assert (quote.text, quote.speaker) == ("We will rebuild the market.", "The mayor")


def test_the_tweet_read_gives_the_author(nlp):
    text = "A tweet from a rebel account claimed victory. “Our fighters hold the pass,” the tweet read."
    _, (quote,) = quotes_of(nlp, text)
    assert quote.speaker == "a rebel account" and quote.rule.endswith("document-author")


def test_unattributed_quote_continues_previous_speaker(nlp):
    _, quotes = quotes_of(nlp, "“The bridge is gone,” said Omar Haidari. “We cannot cross the river.”")
    assert [q.speaker for q in quotes] == ["Omar Haidari", "Omar Haidari"]
    assert quotes[1].rule == "continued"


def test_exclamation_then_he_said(nlp):
    _, quotes = quotes_of(nlp, "“Enough with the fighting!” he said.")
    assert [(q.text, q.speaker) for q in quotes] == [("Enough with the fighting!", "he")]


def test_scare_quotes_are_not_quotes(nlp):
    _, quotes = quotes_of(nlp, "The so-called “peace committee” met in the capital on Monday.")
    assert quotes == []


def test_short_phrase_with_speech_verb(nlp):
    _, (quote,) = quotes_of(nlp, "The former minister declared himself “the rightful leader” of the province.")
    assert quote.rule == "phrase" and quote.speaker == "The former minister"


def test_apostrophes_do_not_close_single_quotes(nlp):
    _, (quote,) = quotes_of(nlp, "The governor warned war was ‘unavoidable’ if the talks failed.")
    assert quote.text == "unavoidable"


def _mention(text: str, name: str, entity_id: str) -> tuple[int, int, str]:
    start = text.index(name)
    return start, start + len(name), entity_id


def test_pronoun_resolved_to_previous_speaker_not_nearest_person(nlp):
    text = ("Amina Yusufi said the road was closed. She met Karim Daudzai at the checkpoint. "
            "“Nobody can pass,” she added.")
    doc, quotes = quotes_of(nlp, text)
    mentions = [_mention(text, "Amina Yusufi", "E1"), _mention(text, "Karim Daudzai", "E2")]
    assert quotes[-1].speaker == "she"
    assert resolve_speaker(quotes[-1], doc, mentions) == "E1"


def test_pronoun_without_earlier_speech_takes_nearest_person(nlp):
    text = "Karim Daudzai drove to the front. “We will hold the line,” he said."
    doc, (quote,) = quotes_of(nlp, text)
    assert resolve_speaker(quote, doc, [_mention(text, "Karim Daudzai", "E2")]) == "E2"


def test_title_resolved_to_person_introduced_with_it(nlp):
    text = ("The ambassador, Zahir Nadim, met officials on Friday. Farid Rahimi, a farmer, watched them. "
            "“We are ready,” the ambassador said.")
    doc, (quote,) = quotes_of(nlp, text)
    mentions = [_mention(text, "Zahir Nadim", "E1"), _mention(text, "Farid Rahimi", "E2")]
    assert resolve_speaker(quote, doc, mentions) == "E1"


def test_named_speaker_resolved_by_overlap_or_surname(nlp):
    text = "Omar Haidari crossed the river. “The bridge is gone,” said Haidari."
    doc, (quote,) = quotes_of(nlp, text)
    assert resolve_speaker(quote, doc, [_mention(text, "Omar Haidari", "E7")]) == "E7"


def test_title_ignores_the_person_the_title_is_for(nlp):
    text = ("“Talks will resume,” said Layla Ahmadi, a spokesperson for Karimi. "
            "“Both sides want a deal,” said the spokesperson.")
    doc, quotes = quotes_of(nlp, text)
    mentions = [_mention(text, "Layla Ahmadi", "E1"), _mention(text, "Karimi.", "E2")]
    mentions[1] = (mentions[1][0], mentions[1][1] - 1, "E2")
    assert quotes[-1].speaker == "the spokesperson"
    assert resolve_speaker(quotes[-1], doc, mentions) == "E1"


def test_quote_over_a_wrapped_line(nlp):
    _, quotes = quotes_of(nlp, "“We will hold the valley and\nnever surrender it,” said Omar Haidari.")
    assert [(q.text, q.speaker) for q in quotes] == [("We will hold the valley and\nnever surrender it,", "Omar Haidari")]


def test_quotes_do_not_pair_across_paragraphs(nlp):
    _, quotes = quotes_of(nlp, "He called it a “disaster.\n\nThe army left the town,” the report said.")
    assert quotes == []


def test_pronoun_follows_the_person_a_nearer_sentence_is_about(nlp):
    text = ("Laila Noori told reporters the vote was fair. Karim Daudzai published a letter on Monday. "
            "He wrote that he was “ready to stay in the valley until the end.”")
    doc, quotes = quotes_of(nlp, text)
    mentions = [_mention(text, "Laila Noori", "E1"), _mention(text, "Karim Daudzai", "E2")]
    assert resolve_speaker(quotes[-1], doc, mentions) == "E2"
