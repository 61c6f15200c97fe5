"""Places named by description: "the capital", "the Sudanese capital", "Mali's capital".

News often names a capital only as "the capital" once the country is clear. Such a phrase is the
capital city of the country its modifier names (a demonym, a country's possessive), else of the
country the article's other places lie in. Regional, provincial or state capitals and money
("capital markets") are not places here.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional

from eventfold.annotate.actors import country_of_modifier
from eventfold.annotate.doctext import doc_text, lower_words
from eventfold.annotate.gazetteer import Gazetteer
from eventfold.model import PlaceMention, Span

RULE = "description:capital"
# Modifiers that make "capital" another kind of seat or no place at all.
NOT_A_NATIONAL_CAPITAL = frozenset(
    "regional provincial state district county municipal departmental local former old ancient cultural "
    "commercial economic financial spiritual religious political winter summer de facto".split())


def with_capitals(doc, gazetteer: Gazetteer, article_id: str, part: str, places: list[PlaceMention],
                  story_places: Iterable[PlaceMention] = ()) -> list[PlaceMention]:
    """`places` of this part with a mention for each "the (Demonym) capital" / "Country's capital"
    phrase of `doc`; the phrase replaces a mention of the country inside it ("Sudanese")."""
    story_country = _story_country([*places, *story_places])
    text, kept, found = doc_text(doc), list(places), []
    for token in (doc[i] for i, word in enumerate(lower_words(doc)) if word == "capital"):
        if token.pos_ != "NOUN" or token.dep_ == "compound":
            continue
        country = _named_country(token) or (story_country if _is_definite(token) else None)
        start, end = token.left_edge.idx, token.idx + len(token.text)
        inside = [p for p in kept if p.span.start < end and start < p.span.end]
        if country is None or _describes_another_seat(token) or _capital_of_an_area(token, kept) \
                or not all(_is_country(p) for p in inside):
            continue
        capital = gazetteer.capital_of(country)
        if capital is not None:
            kept = [p for p in kept if p not in inside]
            found.append(PlaceMention(Span(article_id, start, end, part), text[start:end], capital, RULE))
    return sorted(kept + found, key=lambda p: p.span.start) if found else places


def _is_country(mention: PlaceMention) -> bool:
    return mention.place is not None and (mention.place.feature_code or "").startswith("PCL")


def _story_country(places: list[PlaceMention]) -> Optional[str]:
    counts = Counter(p.place.country for p in places if p.place is not None and p.place.country)
    return counts.most_common(1)[0][0] if counts else None


def _named_country(token) -> Optional[str]:
    """"the Sudanese capital" (a demonym), "Mali's capital", "the country's capital" (no name: None)."""
    return country_of_modifier(token, ("amod", "poss", "compound"))


def _is_definite(token) -> bool:
    return any(child.dep_ == "det" and child.lower_ == "the" for child in token.children) or any(
        child.dep_ == "poss" and child.lower_ in ("country", "nation") for child in token.children) or any(
        child.dep_ == "poss" and child.lower_ in ("country's", "nation's") for child in token.children)


def _describes_another_seat(token) -> bool:
    return any(child.lower_ in NOT_A_NATIONAL_CAPITAL for child in token.children if child.dep_ in ("amod", "compound"))


# Nouns of a country's parts: "the capital of Gezira State" is no national capital.
AREA_NOUNS = frozenset("state province region district county governorate department oblast territory".split())


def _capital_of_an_area(token, places: list[PlaceMention]) -> bool:
    """"Wad Madani, the capital of Gezira State", "the capital of Baghlan province": the seat of a part
    of the country (a place there that is no country, or a noun for a part of one)."""
    for preposition in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for area in (c for c in preposition.children if c.dep_ == "pobj"):
            start, end = area.left_edge.idx, area.right_edge.idx + len(area.right_edge.text)
            named = [p for p in places if start <= p.span.start < end]
            if any(not _is_country(p) for p in named) or any(t.lower_ in AREA_NOUNS for t in area.subtree):
                return True
    return False
