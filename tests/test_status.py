"""Control claims: who holds a place, read off the parse of real sentences."""

from __future__ import annotations

import pytest

from eventfold.annotate.gazetteer import Gazetteer
from eventfold.annotate.nlp import load_nlp
from eventfold.annotate.places import find_places
from eventfold.extract.status import control_claims


@pytest.fixture(scope="module")
def claims_of():
    nlp, gazetteer = load_nlp(), Gazetteer.open()

    def read(text: str, main_place: str | None = None):
        doc = nlp(text)
        places = [p for p in find_places(doc, gazetteer, "t") if p.place is not None]
        return [claim for sent in doc.sents for claim in control_claims(sent, places, main_place)]

    return read


def test_a_taker_and_the_place_it_took(claims_of):
    [claim] = claims_of("The insurgents captured Kunduz on Sunday after a week of fighting.")
    assert claim.value == "insurgents" and "Kunduz" in claim.subject and claim.polarity == "asserted"


def test_a_place_inside_the_loot_is_not_a_place_taken(claims_of):
    assert claims_of("The militia seized crates of Russian rifles and two trucks.") == []


def test_a_fall_without_a_taker(claims_of):
    [claim] = claims_of("Fighting spread across Afghanistan. Herat fell on Thursday evening, officials said.")
    assert claim.value == "lost by its holders" and claim.subject.startswith("Her")


def test_held_by_and_its_negation(claims_of):
    [held] = claims_of("The valley is still in the resistance's hands, its spokesman said.", main_place="Panjshir")
    assert held.subject == "Panjshir" and held.value == "resistance" and held.polarity == "asserted"
    [negated] = claims_of("Kandahar is no longer under government control.")
    assert negated.polarity == "denied" and negated.value.lower() == "government"


def test_a_pronoun_taker_makes_no_claim(claims_of):
    assert claims_of("They took Ghazni overnight.") == []


def test_an_owner_is_not_the_place_that_fell(claims_of):
    assert claims_of("As most of Iraq's army collapsed, the militants advanced on Baghdad.") == []


@pytest.fixture(scope="module")
def article_claims():
    """Claims of every sentence, each given the places named before it (as extraction does)."""
    nlp, gazetteer = load_nlp(), Gazetteer.open()

    def read(text: str, main_place: str | None = None):
        doc = nlp(text)
        places = [p for p in find_places(doc, gazetteer, "t") if p.place is not None]
        found = []
        for sent in doc.sents:
            inside = [p for p in places if sent.start_char <= p.span.start < sent.end_char]
            earlier = [p for p in places if p.span.start < sent.start_char]
            found.extend(control_claims(sent, inside, main_place, earlier))
        return found

    return read


def test_the_province_refers_back_to_a_province_not_to_a_country(article_claims):
    text = ("Army units pushed into Kayin State on Monday, a spokesman told Thailand's press. "
            "Rebel commanders said the province was still in the rebels' hands.")
    [claim] = article_claims(text, main_place="Thailand")
    assert claim.subject != "Thailand" and "Kayin" in claim.subject and claim.value == "rebels"


def test_a_place_noun_with_no_fitting_antecedent_makes_no_claim(article_claims):
    text = ("Officials in Germany condemned the attack. "
            "The province is still in the militia's hands, a local elder said.")
    assert article_claims(text, main_place="Germany") == []


def test_a_possessive_pronoun_names_no_holder(claims_of):
    assert claims_of("Residents said the town of Kunduz was back in their hands by nightfall.") == []
