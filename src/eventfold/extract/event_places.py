"""The place of a report: among the places of the event's own clause (never the dateline's, a
background clause's, a reference point's or a demonym's), else the paragraph's, the town the story
refers to, the headline's; also the place a figure or a territory claim is about, and whether two
reports' places agree.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Optional

from eventfold.annotate.doctext import doc_text, lemmas, span_text
from eventfold.annotate.gazetteer import haversine_km
from eventfold.extract.clauses import (OTHER_CLAUSE_DEPS, _doc_token_at, _is_reference_point, _mention_head,
                                       _named_as_itself, _place_of_something_else, _token_at)
from eventfold.extract.context import _Context, _is_country
from eventfold.extract.lexicon import (DEFAULT_PLACE_RULES, MODIFIER_CLAUSE_DEPS, NEAR_REFERENCE_POINT_RULE,
                                      STORY_AREA_RULE, TERRITORY_BY_WINNER, UNKNOWN_PLACE_THERE_RULE,
                                      UNKNOWN_TOPONYM_RULE)
from eventfold.annotate.places import PLACE_SUFFIX_WORDS
from eventfold.extract.roles import VIOLENT_NOUNS, VIOLENT_VERBS
from eventfold.model import NAMED_UNKNOWN_PLACE_RULE, PART_TEXT, PART_TITLE, EventReport, PlaceMention, Provenance


def _fallen_place(context: _Context, part: str, sent):
    """(the "fall" verb, the town it is said of) or (None, None)."""
    places = [p for p in context.places_in(part, sent.start_char, sent.end_char)
              if p.place.geo_precision <= 2 and not _is_country(p.place)]
    for token in sent:
        if token.lemma_.lower() != "fall" or token.pos_ != "VERB" or any(c.dep_ == "neg" for c in token.children):
            continue
        for subject in (c for c in token.children if c.dep_ == "nsubj"):
            lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            inside = [p for p in places if lo <= p.span.start < hi and _subject_names_place(subject, p)]
            if inside:
                return token, inside[0]
    return None, None


# Nouns whose "of" names the place that fell ("the city of X fell"), unlike "wheat futures in Chicago fell".
_FALLEN_PLACE_NOUNS = frozenset({"city", "town", "village", "district", "province", "capital", "base", "valley"})


def _subject_names_place(subject, mention: PlaceMention) -> bool:
    """The subject of "fall" is the place itself ("Pol-e-Khomri fell") or a place noun ("the city of X")."""
    return mention.span.start <= subject.idx < mention.span.end or subject.lemma_.lower() in _FALLEN_PLACE_NOUNS


def _locate_at_the_territory(report: Optional[EventReport], status, places: list[PlaceMention]) -> None:
    """A change of territory happens at the territory changing hands: "the fall of Panjshir saw
    the Taliban celebrate in Kabul" is located in Panjshir, not where the news was celebrated."""
    if report is None or report.sub_event_type not in TERRITORY_BY_WINNER.values() or _located_at(report, status.subject):
        return
    mention = next((p for p in places if p.place is not None and p.place.name == status.subject), None)
    if mention is not None and not _is_country(mention.place):  # "took Afghanistan" says no more than the report
        report.place, report.location_text = mention.place, mention.text
        report.provenance.append(Provenance("place:territory-changing-hands", mention.span, mention.text))


def _located_at(report: Optional[EventReport], place_name: str) -> bool:
    """A claim about who holds a place belongs to a report of that place (or of a place in it,
    or of no known place); "Taliban hold Panjshir" is no claim about Kabul's fall."""
    if report is None or report.place is None:
        return True
    place = report.place
    return place_name in (place.name, place.admin1, place.admin2, report.location_text)


def _fill_place(context: _Context, part: str, sent, trigger, report: EventReport) -> None:
    """The event's place: a toponym of the event's own clause, else one earlier in the paragraph.

    Not the dateline's, not one of another happening the sentence mentions ("since they swept
    into Kabul"), not a reference point ("north of Kabul"), not where the actor is from.
    """
    places = _candidate_places(context, part, sent, trigger)
    rule = "place:in-sentence"
    if not places or all(_is_country(p.place) for p in places):
        # "detained two insurgents during an operation targeting a leader in Maiwand district":
        # the place of a modifier clause of the event, before one of an earlier sentence.
        modifier_places = _candidate_places(context, part, sent, trigger, MODIFIER_CLAUSE_DEPS)
        if any(not _is_country(p.place) for p in modifier_places):
            places, rule = modifier_places, "place:in-modifier-clause"
    if not places or all(_is_country(p.place) for p in places):
        # "recaptured the village of Klishchiivka, south of Bakhmut", the village unknown to the
        # gazetteer, or "killed 20 farmers near Adwa in Ethiopia": ACLED codes the reference town
        # with precision 2 ("near the town") rather than the country
        nearby = [p for p in _reference_places(context, part, sent) if not _is_country(p.place)]
        if nearby or not places:
            places, rule = nearby, NEAR_REFERENCE_POINT_RULE
    unknown = _unknown_toponym(context, part, sent, trigger) if not places else None
    if unknown is not None:
        # "took control of Bunagana", a town the gazetteer lacks: the text says where, we only know
        # the country; never a place of another sentence or the headline
        _place_in_story_country(context, report, unknown)
        return
    there = (_the_place_there(context, part, sent) or _unknown_place_just_before(context, part, sent)) \
        if not places else None
    if there is not None:
        # "... from the Khavak pass. He claimed 350 had died there": the place the sentence before names
        if there.place is None:
            _place_in_story_country(context, report, there, UNKNOWN_PLACE_THERE_RULE)
            return
        places, rule = [there], "place:there"
    if not places:
        # "local fighters in the Andarab valley forced the Taliban out": where the actors are, when the
        # clause names no other place, before a place of another sentence
        places = [p for p in _candidate_places(context, part, sent, trigger, subject_is_off=False)
                  if not _is_country(p.place)]
        rule = "place:where-the-actor-is"
    if not places:
        places, rule = _town_referred_to(context, part, sent), "place:the-town-named-before"
    if not places:
        places, rule = _earlier_in_paragraph(context, part, sent), "place:earlier-in-paragraph"
    if not places:
        places, rule = _headline_place(context), "place:headline"
    if not places:
        places, rule = _story_town(context), "place:story-town"
    if not places:
        return
    places = _without_enclosing_areas(part, sent, places)
    # among places as precise, the settlement the text names as one ("the southern Gaza town of Khan
    # Younis": not Gaza, which only qualifies the town)
    chosen = min(places, key=lambda p: (_is_country(p.place), p.place.feature_code == "CONT", p.place.geo_precision,
                                         not p.rule.startswith(SETTLEMENT_OF_RULE), -p.score, p.span.start))
    report.place = chosen.place
    if rule == NEAR_REFERENCE_POINT_RULE:
        report.place = dataclasses.replace(chosen.place, geo_precision=max(chosen.place.geo_precision, 2))
    report.location_text = chosen.text
    report.provenance.append(Provenance(rule, chosen.span, chosen.text))


# The annotator's rule for a settlement named as one ("the town of X", "the village of Y").
SETTLEMENT_OF_RULE = "pattern:of:"


def _unknown_toponym(context: _Context, part: str, sent, trigger) -> Optional[PlaceMention]:
    """A toponym of the event's own clause that the gazetteer could not resolve, or of the post of
    the one who tells a toll ("Munib Amiri, a commander at the Khawak pass, claimed 350 killed")."""
    for mention in context.annotations.places:
        if (mention.place is None and mention.span.part == part
                and sent.start_char <= mention.span.start < sent.end_char
                and not context.in_dateline(mention.span)
                and (not _place_of_something_else(sent, mention, trigger) or _post_of_the_teller(sent, mention))):
            return mention
    return None


def _post_of_the_teller(sent, mention: PlaceMention) -> bool:
    """The toponym describes the subject of the sentence's verb of saying: the front he speaks from."""
    from eventfold.extract.quotes import SPEECH_LEMMAS

    token = _mention_head(sent, mention)
    root = sent.root
    if token is None or root.lemma_.lower() not in SPEECH_LEMMAS:
        return False
    tellers = [c for c in root.children if c.dep_ == "nsubj"]
    # where the teller is ("a commander at the Khawak pass"), not what he is ("a Masalit leader")
    at_a_place = token.dep_ == "pobj" and token.head.lower_ in ("at", "in", "on", "near")
    return at_a_place and any(token in teller.subtree and token is not teller for teller in tellers)


def _place_in_story_country(context: _Context, report: EventReport, unknown: PlaceMention,
                            rule: str = UNKNOWN_TOPONYM_RULE) -> None:
    """For a toponym the gazetteer lacks, the province the story is about (ACLED's coding of a
    place known only to its region), else the country the story names; the name is kept either
    way, so that a report of another place is not taken for this one (`coalesce`)."""
    country = next((p.place for p in context.annotations.places if p.place is not None
                    and p.place.country == context.main_country and _is_country(p.place)), None)
    area = _story_area(context)
    report.place = area.place if area is not None else country
    report.location_text = unknown.text
    report.provenance.append(Provenance(rule, unknown.span, unknown.text))
    if _named_as_a_place(unknown.text):
        report.provenance.append(Provenance(NAMED_UNKNOWN_PLACE_RULE, unknown.span, unknown.text))


def _reference_places(context: _Context, part: str, sent) -> list[PlaceMention]:
    """Towns the sentence uses as reference points ("south of Bakhmut", "on the outskirts of Gao")."""
    found = [mention for mention in context.places_in(part, sent.start_char, sent.end_char)
             if _is_reference_point(_mention_head(sent, mention)) and not _is_country(mention.place)]
    return _in_main_country(context, found)


def _earlier_in_paragraph(context: _Context, part: str, sent) -> list[PlaceMention]:
    """Places of the paragraph's earlier sentences, but not their reference points ("the districts
    lie 100 miles north of Kabul": the districts are the place, not Kabul)."""
    paragraph_start = doc_text(sent.doc).rfind("\n", 0, sent.start_char) + 1
    earlier = context.places_in(part, paragraph_start, sent.start_char)
    # "clashed outside Gao. Six soldiers were killed": the earlier event's "near" place is this one's too
    return _in_main_country(context, [p for p in earlier
                                      if not _is_reference_point(_doc_token_at(sent.doc, p), nearby=False)
                                      and not _where_someone_came_from(_doc_token_at(sent.doc, p))
                                      and not _describes_in_its_sentence(sent.doc, p)])


def _describes_in_its_sentence(doc, mention: PlaceMention) -> bool:
    token = _doc_token_at(doc, mention)
    return token is not None and _describes_someone(token.sent, mention)


def _where_someone_came_from(token) -> bool:
    """"The four had driven from Texas", "the governor fled to Uganda": a journey's start or end, not
    where anything befell anyone."""
    while token is not None and token.dep_ == "compound":
        token = token.head
    if token is None or token.dep_ != "pobj" or token.head.head.pos_ not in ("VERB", "AUX"):
        return False
    preposition, verb = token.head.lower_, token.head.head.lemma_.lower()
    return preposition == "from" or (preposition == "to" and verb in JOURNEY_VERBS)


# Verbs whose "to" names where someone went, not where the event the paragraph tells happened.
JOURNEY_VERBS = frozenset({"flee", "escape", "travel", "go", "move", "return", "fly", "drive", "evacuate",
                           "relocate", "head", "retreat", "withdraw"})


TOWN_REFERENCE = re.compile(r"\bthe (?:city|town|village)\b(?!\s+(?:of|council|hall|centre|center)\b)", re.IGNORECASE)


def _town_referred_to(context: _Context, part: str, sent) -> list[PlaceMention]:
    """ "a house outside the city": the town the article named last before the sentence."""
    if not TOWN_REFERENCE.search(span_text(sent)):
        return []
    before = [p for p in context._starting_in("places", context.annotations.places, part, 0, sent.start_char)
              if p.place is not None and p.place.feature_class == "P" and not context.in_dateline(p.span)]
    return before[-1:]


def _headline_place(context: _Context) -> list[PlaceMention]:
    """The one place (not a whole country) a headline names: where the story happens, for a report
    whose own sentence and paragraph name none."""
    named = [p for p in context.annotations.places
             if p.span.part == PART_TITLE and p.place is not None and not _is_country(p.place)
             and not _names_its_government(context, p)]
    if len({p.place.geonameid for p in named}) != 1:
        return []
    return _spot_its_reference_point_locates(context, named[0]) or named


# A headline's place that only locates the story's spot ("kibbutz near Gaza") yields to a town the
# body names within this distance of it.
REFERENCE_POINT_RADIUS_KM = 50.0


def _spot_its_reference_point_locates(context: _Context, mention: PlaceMention) -> list[PlaceMention]:
    """"Bodies recovered from kibbutz near Gaza" over a lead that names "Kibbutz Be'eri, 5 km from the
    fence": the headline places the story by a reference point (the other side of a border, here);
    the body names the spot itself, the first town it names near that point."""
    doc = context.docs.get(PART_TITLE)
    token = _doc_token_at(doc, mention) if doc is not None else None
    if token is None or not _is_reference_point(token):
        return []
    point = mention.place
    body = context._starting_in("places", context.annotations.places, PART_TEXT, 0, len(context.article.text or ""))
    spots = [p for p in sorted(body, key=lambda p: p.span.start)
             if p.place is not None and p.place.feature_class == "P" and p.place.geonameid != point.geonameid
             and not context.in_dateline(p.span)
             and haversine_km(p.place.latitude, p.place.longitude, point.latitude, point.longitude)
             <= REFERENCE_POINT_RADIUS_KM]
    return spots[:1]


def _names_its_government(context: _Context, mention: PlaceMention) -> bool:
    """"Kinshasa accuses Rwanda": a capital that says or does something is its government."""
    doc = context.docs.get(mention.span.part)
    token = _doc_token_at(doc, mention) if doc is not None else None
    while token is not None and token.dep_ == "compound":
        token = token.head
    return token is not None and token.dep_ in ("nsubj", "nsubjpass") and mention.place.feature_code == "PPLC"


def place_in_the_story_area(context: _Context, report: EventReport) -> None:
    """A report nothing placed, once the article's sentences are folded ("said they had captured
    dozens of army outposts", in a story of an offensive across northern Shan State), lies in the
    province the story is about, or the only one it names (ACLED's precision 3), before its country."""
    area = _story_area(context, named_once=True) if report.place is None else None
    if area is not None:
        report.place, report.location_text = area.place, area.text
        report.provenance.append(Provenance(STORY_AREA_RULE, area.span, area.text))


# "a teen from Canada", "rockets fired from Lebanon": a country something came from is not where it happened.
_FROM_A_COUNTRY = re.compile(r"\bfrom\s+(?:the\s+)?$")


# "the US State Department", "the Kenyan Defence Ministry": a country's word inside an institution's
# name says whose, unless a preposition of place comes before it ("in Nigeria Monday").
_BEFORE_A_NAME = re.compile(r"\s+[A-Z][a-z]")
_WHERE_BEFORE = re.compile(r"\b(?:in|inside|across|throughout|of)\s+(?:the\s+)?(?:[a-z]+ern\s+)?$")


def _names_an_institution(text: str, mention: PlaceMention) -> bool:
    from eventfold.annotate.headline_case import is_title_case

    if mention.span.part == PART_TITLE and is_title_case(text):
        return False  # every word of "Sudan Clashes Kill 50" is capitalised
    return bool(_BEFORE_A_NAME.match(text, mention.span.end)) \
        and not _WHERE_BEFORE.search(text[max(0, mention.span.start - 30):mention.span.start])


def _place_in_the_only_country(context: _Context, report: EventReport) -> None:
    """A report nothing placed, once the article's sentences are folded, lies in the one country
    the story names as a whole (ACLED's precision 3) if its places lie there too: "Burkina Faso
    killed 60 villagers in Karma", Karma unknown to the gazetteer. A story naming several countries
    says no more than its sentences."""
    if report.place is not None:
        return
    from eventfold.annotate.actors import named_as_owner, named_as_reference_point

    texts = dict(context.article.parts())
    countries = [p for p in context.annotations.places if p.place is not None and _is_country(p.place)
                 and _named_as_itself(p)
                 and not _FROM_A_COUNTRY.search(texts.get(p.span.part, "")[:p.span.start])
                 and not named_as_owner(texts.get(p.span.part, ""), p.span.end)  # "a U.S.-funded project"
                 and not named_as_reference_point(texts.get(p.span.part, ""), p.span.start, p.span.end)  # "near Mali"
                 and not _names_an_institution(texts.get(p.span.part, ""), p)]
    named = [p for p in countries if not context.in_dateline(p.span)]
    rule = "place:story-country"
    if not named:
        # "KAMPALA, Uganda (AP) — Ugandan police said 25 people were killed in an attack on a school near
        # the Congo border": the dateline's country, when it is the story's and the text names no other
        named, rule = countries, "place:dateline-country"
    # ... and the one most of its places lie in ("fled to the United Arab Emirates" in a story of
    # Afghan towns places nothing in the Emirates)
    if named and len({p.place.country for p in named}) == 1 and named[0].place.country == context.main_country:
        report.place, report.location_text = named[0].place, named[0].text
        report.provenance.append(Provenance(rule, named[0].span, named[0].text))


def _story_town(context: _Context) -> list[PlaceMention]:
    """The town a local story is about, for a report nothing nearer places: the one town named at
    least twice, by most of the article's town mentions, the dateline apart ("4 shot in Stockton
    park" ... "Stockton police say")."""
    towns = [p for p in context.annotations.places
             if p.place is not None and p.place.feature_class == "P" and p.span.part in (PART_TEXT, PART_TITLE)
             and not context.in_dateline(p.span)]  # where the reporter files from is no evidence
    counts: dict[int, int] = {}
    for mention in towns:
        counts[mention.place.geonameid] = counts.get(mention.place.geonameid, 0) + 1
    if not counts:
        return []
    top = max(counts, key=counts.get)
    if counts[top] < 2 or counts[top] * 2 <= len(towns):
        return []  # named once, or no town dominates: a story of several places
    return [next(p for p in towns if p.place.geonameid == top)]


def _story_area(context: _Context, named_once: bool = False) -> Optional[PlaceMention]:
    """The province a story is about ("the offensive against the Panjshir valley" ... "Panjshir"): the
    one first-level area of the story's country named at least twice, by most of the mentions of
    such areas (the dateline apart); with named_once, also the only one the story names."""
    areas = [p for p in context.annotations.places
             if p.place is not None and p.place.feature_code == "ADM1" and p.place.country == context.main_country
             and p.span.part in (PART_TEXT, PART_TITLE) and not context.in_dateline(p.span)]
    counts: dict[int, int] = {}
    for mention in areas:
        counts[mention.place.geonameid] = counts.get(mention.place.geonameid, 0) + 1
    if not counts:
        return None
    top = max(counts, key=counts.get)
    alone = named_once and len(counts) == 1
    if not alone and (counts[top] < 2 or counts[top] * 2 <= len(areas)):
        return None  # named once, or no province dominates: a story of several
    return next(p for p in areas if p.place.geonameid == top)


# What joins a town to the larger area it lies in: "Jenin in the West Bank", "Rafah, in southern Gaza".
IN_THE_AREA = re.compile(r",?\s+in\s+(?:the\s+)?(?:[a-z][a-z-]*\s+){0,2}")


def _without_enclosing_areas(part: str, sent, places: list[PlaceMention]) -> list[PlaceMention]:
    """"Killed in Khan Younis in southern Gaza": the area a town is told to lie in is no rival of it,
    whatever the gazetteer ranks higher (both towns, both provinces). Only places of the sentence."""
    text, offset = span_text(sent), sent.start_char

    def between(town: PlaceMention, area: PlaceMention) -> str:
        return text[town.span.end - offset:area.span.start - offset]

    inside = [p for p in places if p.span.part == part and sent.start_char <= p.span.start
              and p.span.end <= sent.end_char]
    enclosing = {id(area) for town in inside for area in inside
                 if area is not town and not _is_country(town.place) and town.span.end < area.span.start
                 and IN_THE_AREA.fullmatch(between(town, area))}
    return [p for p in places if id(p) not in enclosing] or places


def _candidate_places(context: _Context, part: str, sent, trigger,
                      allowed_clauses: frozenset = frozenset(), subject_is_off: bool = True) -> list[PlaceMention]:
    places = [p for p in context.places_in(part, sent.start_char, sent.end_char)
              if not _place_of_something_else(sent, p, trigger, allowed_clauses, subject_is_off)]
    # "a U.S. fighter jet shot down a drone": a name that only says whose is no place of the event
    where = [p for p in places if not _describes_someone(sent, p)]
    # "killed the mastermind behind a deadly Istanbul street bombing, in an operation in northern Syria"
    own = [p for p in where if not _names_another_events_place(sent, p, trigger)]
    if not own and not _reference_places(context, part, sent):
        own = where  # no other place told: the other event's town is likelier this one's than none
    return _in_main_country(context, own, sent)


def _names_another_events_place(sent, mention: PlaceMention, trigger) -> bool:
    """A town named as the modifier of another event's noun ("an Istanbul street bombing") than the
    one the trigger tells, or in its phrase ("a clash at a Jerusalem holy site"): where that event
    was, not this one."""
    token = _mention_head(sent, mention)
    if token is None:
        return False
    described = token
    while described.dep_ in PERSON_MODIFIED_DEPS and described.head.i != described.i:
        described = described.head  # "Istanbul street bombing": street, then bombing
    if described.lemma_.lower() not in EVENT_REFERENCE_NOUNS and described.dep_ == "pobj" \
            and described.head.dep_ == "prep":
        described = described.head.head  # "days after a clash at a Jerusalem holy site": the clash
        if not _told_as_earlier(described):
            return False  # "an overnight shooting in Winchester": likely this story's own
    elif token.dep_ not in PERSON_MODIFIED_DEPS:
        return False
    return described.i != token.i and described.lemma_.lower() in EVENT_REFERENCE_NOUNS \
        and not _tells_the_triggers_event(described, trigger)


def _told_as_earlier(noun) -> bool:
    """The event noun hangs under "after", "before", "since" or "following": another happening in time."""
    from eventfold.extract.clauses import EARLIER_EVENT_PREPOSITIONS

    token = noun
    while token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.lower_ in EARLIER_EVENT_PREPOSITIONS:
            return True
        token = token.head
        if token.pos_ == "VERB":
            return False
    return False


def _tells_the_triggers_event(noun, trigger) -> bool:
    """The event noun is the trigger, its subject ("a Kabul market bombing killed six"), the object
    of its preposition ("killed in the Kabul bombing") or holds it ("the Winchester shooting that
    killed one"): the same event."""
    if trigger is None:
        return True
    head = noun.head.head if noun.head.dep_ == "prep" else noun.head
    return noun.i == trigger.i or head.i == trigger.i or noun.left_edge.i <= trigger.i <= noun.right_edge.i


def _in_main_country(context: _Context, places: list[PlaceMention], sent=None) -> list[PlaceMention]:
    """Places abroad ("U.S.-funded", a namesake town) only when the sentence names no place at home;
    a foreign country as a whole only where the sentence says the event was in it ("shelling in
    northern Syria"), never when it only names it (it is who, not where)."""
    country = context.main_country
    home = [p for p in places if p.place.country == country]
    abroad_specific = [p for p in places if p.place.country != country and not _is_country(p.place)]
    if home and all(_is_country(p.place) for p in home) and abroad_specific:
        return abroad_specific  # "a United States investigation into a Kabul drone strike": Kabul, not the US
    told_where = [p for p in places if sent is not None and _told_as_where(sent, p)]
    if home and all(_is_country(p.place) for p in home) and told_where and not set(home) & set(told_where):
        return told_where  # "kidnapped in Haiti", "asking the U.S. government to help"
    return home or abroad_specific or told_where


# Prepositions that put an event inside a country ("in Syria", "across northern Syria").
INSIDE_PREPOSITIONS = frozenset({"in", "inside", "across", "throughout"})
# How a place name describes rather than locates: its people ("a Texas couple") or a country's
# things ("U.S. air strikes", "U.S. officials"; a town's strike, "a Kabul drone strike", stays where).
# ("Niger's ousted leader" stays where: a possessive names the country the person acts in.)
PERSON_MODIFIED_DEPS = frozenset({"compound", "amod", "nmod"})
# Nouns a country names as a place even before them ("the Syria border", "the Ukraine region").
AREA_NOUNS = frozenset({"border", "borderland", "region", "province", "state", "coast", "frontier", "side",
                        "territory", "north", "south", "east", "west", "countryside", "capital"})


def _told_as_where(sent, mention: PlaceMention) -> bool:
    token = _mention_head(sent, mention)
    return token is not None and token.dep_ == "pobj" and token.head.lower_ in INSIDE_PREPOSITIONS


def _describes_someone(sent, mention: PlaceMention) -> bool:
    """"A Texas couple was kidnapped in Haiti", "U.S. air strikes in Syria": the name says whose, not where."""
    from eventfold.extract.roles import PERSON_NOUNS

    token = _mention_head(sent, mention)
    if token is None or token.dep_ not in PERSON_MODIFIED_DEPS or token.head.i == token.i:
        return False
    described = token.head
    if described.lemma_.lower() in PERSON_NOUNS or described.lower_ in ("couple", "family", "national", "nationals"):
        return True
    # a country before its jets, officials or embassy says whose they are; before "border" or
    # "region" it is still a place
    return _is_country(mention.place) and described.pos_ != "ADP" and described.lemma_.lower() not in AREA_NOUNS


# Nouns a sentence refers back to an event with ("leaders of the uprising", "after the attack").
EVENT_REFERENCE_NOUNS = VIOLENT_NOUNS | {"uprising", "revolt", "rebellion", "mutiny", "takeover", "capture"}


def _place_of_the_dated_clause(context: _Context, part: str, sent, report: EventReport) -> None:
    """"The Taliban had taken the districts in recent weeks, part of a sweep that brought Pol-e-Khomri
    under their control by Aug. 11": when the day comes from a clause of its own, that clause tells the
    event, and its town is where — the main clause named none."""
    told = next((p for p in report.provenance if p.rule == "date:in-sentence" and p.span is not None), None)
    if not _placed_by_default(report) or told is None:
        return
    clause = _token_at(sent, told.span.start)
    while clause is not None and clause.dep_ not in OTHER_CLAUSE_DEPS and clause.head.i != clause.i:
        clause = clause.head
    if clause is None or clause.dep_ not in OTHER_CLAUSE_DEPS:
        return  # the day is the main clause's, whose places were already weighed
    start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    towns = [p for p in context.places_in(part, start, end) if not _is_country(p.place)]
    if towns:
        report.place, report.location_text = towns[0].place, towns[0].text
        report.provenance = [p for p in report.provenance if p.rule not in DEFAULT_PLACE_RULES]
        report.provenance.append(Provenance("place:clause-of-its-day", towns[0].span, towns[0].text))


def _placed_by_default(report: EventReport) -> bool:
    return report.place is None or any(p.rule in DEFAULT_PLACE_RULES for p in report.provenance)


def _place_of_the_event_referred_to(report: EventReport, sent, earlier: list[EventReport]) -> None:
    """"Two leaders of the uprising said soldiers had kidnapped children": a sentence that names no
    place but refers back to an event happened where that event did, not in the dateline city."""
    if not _placed_by_default(report) or not _refers_to_an_event(sent):
        return
    source = next((r for r in reversed(earlier) if not _placed_by_default(r)), None)
    if source is None:
        return
    report.place, report.location_text = source.place, source.location_text
    report.provenance = [p for p in report.provenance if p.rule not in DEFAULT_PLACE_RULES]
    report.provenance.append(Provenance("place:event-referred-to", source.span, source.location_text or ""))


def _refers_to_an_event(sent) -> bool:
    return any(token.pos_ == "NOUN" and token.lemma_.lower() in EVENT_REFERENCE_NOUNS
               and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in token.children)
               for token in sent)


def _place_agrees(report: EventReport, places: list[PlaceMention], same_paragraph: bool = True) -> bool:
    """A figure sentence that names a place of its own continues a report only in that area
    ("7 died at the airport" does not continue the abduction in the valley told just before); a
    report placed by no text of its own, only within its paragraph."""
    if not places:
        return True
    if _placed_by_default(report):
        return same_paragraph
    return any(_same_area(report.place, p.place) for p in places)


def _paragraph_places(context: _Context, part: str, sent) -> list[PlaceMention]:
    paragraph_start = doc_text(sent.doc).rfind("\n", 0, sent.start_char) + 1
    return [p for p in context.places_in(part, paragraph_start, sent.end_char) if not _is_country(p.place)]


# How far apart two places may lie and still be where one event happened (25 km, the distance
# within which an event's place is judged right).
SAME_PLACE_KM = 25


def _same_area(a, b) -> bool:
    """One place, or a place inside an area; two towns of one province are two places."""
    if a is None or b is None:
        return False
    if a.geonameid == b.geonameid:
        return True
    if a.feature_class == b.feature_class == "P":
        return within_km(a, b, SAME_PLACE_KM)
    return bool(a.admin1 and a.admin1 == b.admin1 and a.country == b.country)


def within_km(a, b, reach: float) -> bool:
    if a is None or b is None:
        return False
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    haversine = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(haversine)) <= reach


def _figure_place(context: _Context, part: str, sent, figures, figure) -> Optional[str]:
    """The town, district or named spot (known to the gazetteer or not: "the Khawak pass") a sentence
    names nearest a figure, unless it places another figure of the same kind: "85 killed and 108
    wounded in Andarab and 12 killed on the second front" counts the 12 elsewhere. A place after the
    figure counts it when no rival figure stands between; a place before it ("At the pass, he
    claimed 350 dead") when no rival stands before the place either. Countries say nothing of a front."""
    local = [p for p in context._starting_in("places", context.annotations.places, part, sent.start_char, sent.end_char)
             if not context.in_dateline(p.span) and (p.place is None or not _is_country(p.place))]
    rivals = [f.start for f in figures if f is not figure and f.kind == figure.kind]

    def counts_it(place) -> bool:
        where = place.span.start
        if where > figure.start:
            return not any(figure.start < at < where for at in rivals)
        return not any(at < figure.start for at in rivals)

    free = [p for p in local if counts_it(p)]
    if not free:
        return _place_there(context, part, sent) if not local else None
    nearest = min(free, key=lambda p: abs(p.span.start - figure.start))
    return nearest.place.name if nearest.place is not None else nearest.text


def _place_there(context: _Context, part: str, sent) -> Optional[str]:
    """The name of `_the_place_there`, known to the gazetteer or not."""
    first = _the_place_there(context, part, sent)
    if first is None:
        return None
    return first.place.name if first.place is not None else first.text


def _the_place_there(context: _Context, part: str, sent) -> Optional[PlaceMention]:
    """"A far higher toll came from the Khawak pass, where ... he claimed 350 had died there": the
    first place the sentence before names (its own, not one of a clause about someone), known to the
    gazetteer or not."""
    if not any(t.lower_ == "there" and t.dep_ == "advmod" for t in sent) or sent.start == 0:
        return None
    named = _places_of_the_sentence_before(context, part, sent)
    return min(named, key=lambda p: p.span.start) if named else None


def _unknown_place_just_before(context: _Context, part: str, sent) -> Optional[PlaceMention]:
    """"Heavy losses were reported at the Khavak Pass. The commander said 350 were killed": a sentence
    that names no place, right after one in its paragraph whose only place is a toponym the gazetteer
    lacks and whose form says it is a place, tells of that place (a resolved place there is left to the
    paragraph's own rules)."""
    if sent.start == 0 or "\n" in doc_text(sent.doc)[sent.doc[sent.start - 1].sent.end_char:sent.start_char]:
        return None
    named = _places_of_the_sentence_before(context, part, sent)
    if not named or any(p.place is not None for p in named):
        return None
    # a name whose form says it is a place, not an office or a person the parser misread
    return named[0] if _named_as_a_place(named[0].text) else None


def _places_of_the_sentence_before(context: _Context, part: str, sent) -> list[PlaceMention]:
    """The places (known to the gazetteer or not, no country, none of the dateline) the sentence before names."""
    before = sent.doc[sent.start - 1].sent
    return [p for p in context._starting_in("places", context.annotations.places, part, before.start_char,
                                             before.end_char)
            if not context.in_dateline(p.span) and (p.place is None or not _is_country(p.place))]


def _named_as_a_place(toponym: str) -> bool:
    """"the Khavak Pass", "X village": the name ends in a place noun."""
    return toponym.split()[-1].lower() in PLACE_SUFFIX_WORDS


# Areas a sentence may count without naming ("out of three northern districts"), singular lemmas.
COUNTED_AREA_NOUNS = frozenset({"district", "village", "town", "county", "province", "municipality", "locality",
                                "commune", "township", "neighbourhood", "neighborhood", "settlement"})


def name_the_counted_areas(context: _Context, report: EventReport) -> None:
    """"Local forces drove the Taliban out of three northern districts" placed no finer than the
    province, and "the three districts of Puli Hisar, Dih Salah and Bano" further down: the areas
    counted are the ones the article names, and the report lies in the first of them (ACLED codes
    an event per area; one report takes the first), if it lies in the report's province. (Where the
    report was placed matters not: its sentence says the event spans areas it does not name.)"""
    doc = context.docs.get(report.span.part)
    sentence = doc.char_span(report.span.start, report.span.end, alignment_mode="expand") if doc is not None else None
    counted = {t.lemma_.lower() for t in sentence or () if _counted_area(t)}
    if not counted:
        return  # most sentences count no areas: no word of the article need be read
    for part, part_doc in context.docs.items():
        for token in (part_doc[i] for i, lemma in enumerate(lemmas(part_doc)) if lemma.lower() in counted):
            if token.tag_ == "NNS":
                named = _areas_named_after(context, part, token, report)
                if named:
                    report.place, report.location_text = named.place, named.text
                    report.provenance.append(Provenance("place:counted-areas-named", named.span, named.text))
                    return


def _counted_area(token) -> bool:
    return (token.lemma_.lower() in COUNTED_AREA_NOUNS and token.tag_ == "NNS"
            and any(child.dep_ == "nummod" for child in token.children))


def _areas_named_after(context: _Context, part: str, noun, report: EventReport) -> Optional[PlaceMention]:
    """The first place of "<areas> of A, B and C" inside the report's country and province."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    end = of.right_edge.idx + len(of.right_edge)
    for mention in context.places_in(part, of.idx, end):
        place = mention.place
        if _is_country(place) or place.country != (report.place.country if report.place else context.main_country):
            continue
        if report.place is None or _is_country(report.place) or place.admin1 == report.place.admin1:
            return mention
    return None


def narrow_to_the_story_town(context: _Context, report: EventReport) -> None:
    """A report of a local story placed nowhere, or only in a whole state or county, lies in the town
    the story is about: the town its own sentence names as whose ("Minneapolis police are
    investigating a shooting ... in a Minnesota nightclub", "an 8-year-old Baton Rouge boy shot his
    brother"), else the dateline's town of a local story ("JACKSONVILLE, Fla. — an 11-year-old was
    shot in his home"), if that town lies inside the area."""
    area = report.place
    if area is not None and (area.feature_class == "P" or area.country != context.main_country):
        return
    town = _town_of_the_sentence(context, report, area) or _dateline_town(context, area)
    if town is None:
        return
    report.place, report.location_text = town.place, town.text
    report.provenance.append(Provenance("place:story-town-in-area", town.span, town.text))


def _in_the_story_country(context: _Context, place) -> bool:
    """In the country the story is about; any, when the story names none but the dateline's."""
    return context.main_country is None or place.country == context.main_country


def _inside(town, area) -> bool:
    """A town lies in a state (ADM1) or county (ADM2); any town of the story's country lies in "nowhere"."""
    if area is None:
        return True
    if area.feature_code == "ADM1":
        return town.admin1 == area.admin1
    if area.feature_code == "ADM2":
        return town.admin1 == area.admin1 and town.admin2 == area.admin2
    return _is_country(area) and town.country == area.country


def _town_of_the_sentence(context: _Context, report: EventReport, area) -> Optional[PlaceMention]:
    """The one town of the story's country the report's sentence names, when it names it as whose
    or as where the harm was (the place rules may have passed it over for a wider place: "taken to
    the University of Tennessee Medical Center after being shot in Kingsport"), not as where
    another happening was ("since the rebels swept into Kandahar")."""
    span = report.span
    doc = context.docs.get(span.part) if span is not None else None
    sent = doc.char_span(span.start, span.end, alignment_mode="expand") if doc is not None else None
    if sent is None:
        return None
    towns = [p for p in context.places_in(span.part, span.start, span.end)
             if p.place.feature_class == "P" and _in_the_story_country(context, p.place)
             and not context.in_dateline(p.span) and _inside(p.place, area)]
    if len({p.place.geonameid for p in towns}) != 1:
        return None
    token = _mention_head(sent, towns[0])
    trigger = next((t for t in sent if report.trigger and t.text == report.trigger.split()[-1]), None)
    if token is None or _names_another_events_place(sent, towns[0], trigger):
        return None  # "struck northern Israel, days after a clash at a Jerusalem holy site"
    return towns[0] if _names_whose(token) or _where_the_harm_was(token) else None


def _names_whose(token) -> bool:
    """"Tulsa police", "a Baton Rouge girl", "Tulsa's mayor": the town before a noun."""
    return token.dep_ in PERSON_MODIFIED_DEPS | {"poss"} and token.head.pos_ == "NOUN"


def _where_the_harm_was(token) -> bool:
    """"after being shot on Friday in Kingsport", "an accidental shooting in Elgin": "in" a town, said
    of a violent verb or noun itself (not "since the rebels swept into Kandahar")."""
    while token.dep_ == "compound":
        token = token.head
    preposition = token.head
    if token.dep_ != "pobj" or preposition.lower_ != "in":
        return False
    harm = preposition.head
    return harm.lemma_.lower() in (VIOLENT_VERBS if harm.pos_ == "VERB" else VIOLENT_NOUNS) or harm.lemma_.lower() == "die"


def _dateline_town(context: _Context, area) -> Optional[PlaceMention]:
    """The dateline's town when the dateline is a local one, naming the town's own state ("BATON
    ROUGE, La. —"), not its country ("KABUL, Afghanistan —") nor the town alone ("ABUJA —": a wire
    story filed from the capital about a town nearby)."""
    dated = [p for p in context.annotations.places if p.place is not None and context.in_dateline(p.span)]
    town = next((p for p in dated if p.place.feature_class == "P"), None)
    if town is None or not _in_the_story_country(context, town.place) or not _inside(town.place, area):
        return None
    own_state = any(p.place.feature_code == "ADM1" and p.place.admin1 == town.place.admin1 for p in dated)
    return town if own_state else None
