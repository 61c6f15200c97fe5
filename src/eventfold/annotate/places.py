"""Toponym recognition and resolution against the offline gazetteer.

Recognition goes beyond spaCy NER (the small model tags many Afghan districts as PERSON). In priority order:
  * transliterated compounds ("Mazar-e-Sharif"), "X province/district/valley/pass/city/county", lists
    ("Andarab, Puli Hisar and Dih Salah districts", "the districts of Dih Salah, Khinjan and Puli Hisar"),
    upper-case datelines ("NEWARK --"); "Afghan city" / "Texas town" keep only "Afghan" / "Texas";
  * spaCy GPE/LOC/FAC entities (kept with no place when the gazetteer lacks them: streets, hamlets),
    and NORP entities naming a country, continent or first-level area ("Russian", "Ohioans");
  * news abbreviations ("U.S.", "W.Va."), PERSON/ORG names after a place preposition ("near Jabal Saraj"),
    a country's or region's own name after "to"/"from"/"across the" even when tagged PERSON ("to Burkina Faso"),
    prominent places inside organisation names ("Kentucky State Police");
  * names recognized elsewhere in the document where spaCy said PERSON/ORG, names qualified like
    "Gainesville, Fla.", capitalized names the gazetteer puts in a country the document is about, and
    the other items of a coordination holding such names ("retook Khinjan, Puli Hisar and Dih Salah").
Never places: calendar words, compass points ("the West"), institutions named for their building
("White House"), words inside a multi-word entity the gazetteer knows as a whole ("Puli" of "Puli Hisar");
never towns: capitalised words the tagger reads as common nouns or adjectives ("Police said", "Arab
militias") unless the text treats them as places ("in Mission"), and mixed-case initials ("MoD").
A document's focus (the countries it names or mostly places things in) decides namesakes: a town in
another country needs evidence of its own ("Boni" is no alias of Bonn in a story on Mali). A story that
names no country is read in the home country of the stories annotated with it, where that country has
the name ("Toledo" in a batch of American local news is no district of Belize). A county that names an
institution ("Linn County Jail") is no toponym, but says where the story's towns may lie.
Resolution scores each candidate with a prior (population, feature type, own name or alias) plus
document context: countries and admin1 areas of the other mentions, their distance, the admin1 area able
to host most of the document's names, the admin2 area holding a reading of another name ("Springfield"
beside "Clark County" is the Ohio pair), a qualifier right after the name ("Paris, Texas") and "the"
before a sea or region ("in the Red Sea" is the sea, not Sudan's Red Sea state). A few
rounds let mentions settle each other ("Alexandria" near "Rapides Parish" is the Louisiana town).
A bare "Kabul" is the city, not the same-named province it is the main town of; "the Segou region" is the
area, not its main town; "Burkina Faso's Sahel region" is Burkina Faso's area, "Africa's Sahel region" the
region. A village the gazetteer lacks that the text places ("in X, in Y's Z region", "the village of X",
"X, a town in ...") keeps its name and takes the point of the area its sentence, paragraph or story names
(`_place_unknown_settlements`), with ACLED's precision 2 or 3. Spans given as toponyms
that the gazetteer lacks resolve through their core name ("South Los Angeles") or, failing a reading near
the document's places, to the place the document names most ("Meadow Grove" in a story on Columbus, Neb.).
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate

from eventfold.annotate.doctext import doc_text
from eventfold.annotate.gazetteer import Gazetteer, haversine_km, normalize_name, stable_id
from eventfold.model import Place, PlaceMention, Span

# Name keys are compared again and again while mentions settle each other: memoize them.
_key = functools.lru_cache(maxsize=100_000)(normalize_name)

# Abbreviations common in news (AP state style, countries, big cities) -> name to look up.
ABBREVIATIONS = {
    "U.S.": "United States", "US": "United States", "U.S.A.": "United States", "USA": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "America": "United States", "United States of America": "United States",
    "UAE": "United Arab Emirates", "U.A.E.": "United Arab Emirates", "EU": "European Union",
    "D.C.": "District of Columbia", "DC": "District of Columbia", "L.A.": "Los Angeles", "N.Y.C.": "New York City",
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma",
    "Ore.": "Oregon", "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "W. Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
    "B.C.": "British Columbia", "Alta.": "Alberta", "Sask.": "Saskatchewan", "Man.": "Manitoba", "Ont.": "Ontario",
    "Que.": "Quebec", "N.S.": "Nova Scotia", "N.B.": "New Brunswick", "P.E.I.": "Prince Edward Island",
    "Nfld.": "Newfoundland and Labrador", "Qld": "Queensland", "NSW": "New South Wales",
}
# Abbreviations that also spell ordinary words or initials: only taken inside a recognized span or as a qualifier.
_AMBIGUOUS_ABBREVIATIONS = {"US", "La.", "Ind.", "Man.", "Miss.", "Del.", "Wash.", "Ore.", "Mass.", "Md.", "Pa.",
                            "Va.", "Mo.", "DC", "EU"}

# Rules whose spans are trusted enough to make the same name a place where spaCy saw a PERSON/ORG.
_RELIABLE_RULES = {"ner:GPE", "ner:LOC", "pattern:suffix", "pattern:dateline", "abbreviation"}
# The gazetteer matcher only looks for places in countries holding this share of a document's mentions.
DOCUMENT_COUNTRY_SHARE = 0.3
MIN_GAZETTEER_MATCH_LENGTH = 4
# Countries whose gazetteer is so dense that almost any capitalized word names some village there:
# the matcher would flood local US/UK news with false positives (checked on LGL/TR-News).
_DENSE_COUNTRIES = {"US", "GB", "CA", "AU", "DE", "FR", "IT", "ES"}
_DEMONYM_TARGETS = {"PCLI", "ADM1", "CONT"}
# spaCy entity types kept as toponyms (with no place) when the gazetteer does not know the name.
_UNRESOLVED_KEPT = {"ner:GPE", "ner:FAC", "ner:LOC"}
# Rules over PERSON/ORG names, where only the whole span may match (no suffix stripping).
_WHOLE_NAME_RULES = {"embedded:ORG", "echo", "qualified"}
# A city named inside an organisation's name counts as a toponym only from this size (calibrated on dev:
# "Houston Police" yes, "Ripley Elementary" no).
EMBEDDED_MIN_POPULATION = 100_000
# Items of a coordination with no recognized place among them are places when at least this many match
# the gazetteer in a document country (one alone could be a person's name).
MIN_COORDINATED_MATCHES = 2

# Words that name a place somewhere (a village "March", a region "West") but in news are calendar words,
# compass points or the West as a political bloc: never taken alone.
_CALENDAR_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                   "saturday", "sunday"}
_DIRECTION_WORDS = {"west", "western", "east", "eastern", "north", "northern", "south", "southern", "northeast",
                    "northwest", "southeast", "southwest", "westerners", "easterners"}
_NEVER_ALONE = _CALENDAR_WORDS | _DIRECTION_WORDS
# Seats of government named for their institution ("the White House said"): organisations, not toponyms.
_INSTITUTION_BUILDINGS = {"white house", "kremlin", "pentagon", "capitol hill", "downing street", "elysee",
                          "elysee palace", "whitehall", "foggy bottom", "zhongnanhai", "blue house"}

PLACE_SUFFIXES = r"(?:province|district|valley|pass|city|county|parish|state|region|governorate|village|town)"
# Conflict news capitalises the place noun of an area's name ("Shan State", "Borno State", "Kherson Region");
# one more capitalised word makes it an organisation's name ("Kentucky State Police", "Ohio State University").
_ANY_CASE_SUFFIX = rf"(?i:{PLACE_SUFFIXES})(?! [A-Z])"
# The name before a place suffix: up to four capitalised words; a word after the first may open with
# the ‘ that transliterates an Arabic ayn ("Nad ‘Ali district", not "Ali district").
# A sentence-initial preposition is not part of the name ("In Zurmat district").
# An Arabic article written in lower case joins the words of one name ("Deir ez-Zor", "Ras al-Ain").
_ARTICLE_PARTICLE = r"(?:al|el|ul|ad|ed|ar|as|ash|es|at|az|ez|an|ud)"
_SUFFIXED_NAME = (r"(?!(?:In|At|On|Near|From|During|Across|Outside)\b)[A-Z][\w'’\-]+"
                  rf"(?: (?:‘?[A-Z][\w'’‘\-]+|{_ARTICLE_PARTICLE}-[A-Z][\w'’\-]+)){{0,3}}")
# A recognized name followed by its article compound, which the parser left out ("Deir" of "Deir ez-Zor").
_ARTICLE_COMPOUND_AFTER = re.compile(rf" {_ARTICLE_PARTICLE}-[A-Z][\w'’]+")
# Prepositions that take a place but rarely a person ("near Jabal Saraj"; unlike "to"/"from").
_PLACE_PREPOSITIONS = {"in", "near", "outside", "across", "into"}
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "outside", "across", "toward", "towards", "through"}

# Scoring weights, calibrated on the LGL/TR-News dev sets (accuracy within 161 km over gold spans).
W_POPULATION = 1.0  # per decade of population
# By feature type. An admin2 area's population is the sum of its towns', yet a bare "Madison" is
# more often the town than the county: hence the malus (-1 vs 0: +0.1/+0.4 points on LGL/TR-News).
# Regions and natural features come from the curated CSV with no population: their weight lets "Siberia"
# or "New England" beat a hamlet of that name (5.0 puts them level with a town of ~10^4 people plus 4).
# A national capital (one town per country since the gazetteer stopped marking every US Washington):
# fitted on LGL (1.5: 0.8983, 2: 0.8989, 3: 0.8991, 3.5: 0.8991), checked on TR-News (0.9216 -> 0.9231).
W_FEATURE = {"PCLI": 3.0, "CONT": 3.0, "ADM1": 2.0, "PPLC": 3.0, "ADM2": -1.0, "PPL": 0.0,
             "RGN": 5.0, "SEA": 5.0, "GULF": 5.0, "MTS": 5.0, "ISL": 5.0, "PEN": 5.0, "LKS": 5.0,
             "OCN": 5.0, "STRT": 5.0, "LK": 5.0, "PLAT": 5.0}
# "the Red Sea" is the sea, not Sudan's Red Sea state: a name after "the" and a natural feature or region.
W_DEFINITE_FEATURE = 2.0  # fitted on LGL (0: 0.9007, 2-6: 0.9009), TR-News unchanged (0.9239)
_NATURAL_CLASSES = {"H", "T", "L"}  # GeoNames classes: water, relief, regions and areas
# The query is the place's own name, not one of its aliases (a town's old or local names): fitted on
# LGL (2: 0.9025, 3: 0.9032, 4: 0.9023), checked on TR-News (0.9231 at 2 and 3).
W_PRIMARY_NAME = 3.0
W_SKELETON = -5.0  # only a consonant-skeleton match
W_SAME_COUNTRY = 2.5  # times the share of other mentions in the candidate's country
W_SAME_ADMIN1 = 8.0  # times the share of other mentions in the candidate's admin1
# times the share of other mentions in (or naming) the candidate's admin2: "Huntsville" beside "Walker
# County" is the county seat in Texas, though every Huntsville's state has a Walker County of its own
# (which makes the admin1 signals tie).
W_SAME_ADMIN2 = 10.0
# times the share of the document's first-level-area mentions that name the candidate's area: "Boone
# County" in a story naming Indiana five times and four other states once each is in Indiana.
W_NAMED_ADMIN1 = 4.0
W_QUALIFIER = 8.0  # "Name, Qualifier" where the qualifier is the candidate's admin1 or country
W_SUFFIX_TYPE = 3.0  # "X province" and an ADM1 candidate, "X district" and an ADM2 candidate, ...
W_NEAR = 6.0  # times the share of other (sub-national) mentions within NEAR_KM of the candidate
NEAR_KM = 250.0
W_FOCUS = 8.0  # times the share of other surface forms that have some candidate in the candidate's admin1
# times the share of other forms (with a reading) that could lie in the candidate's admin2: "Paris" and
# "Henry County" together are the Tennessee pair, though Georgia has a Henry County and a town called
# Paris by alias. Fitted on LGL (4: 0.896, 6: 0.8976, 8: 0.898, 10: 0.8978, 12: 0.8978), checked on
# TR-News (0.9208 at 8, as without it; 0.9169 from 10).
W_FOCUS_ADMIN2 = 8.0
FOCUS_PRIOR_MARGIN = 6.0  # in prior points (~decades of population); 3, 4, 6 and none compared on dev
W_CAPITAL_ABROAD = 3.0  # times the share of mentions naming countries: "Washington" among nations is the capital
# A bare "Kabul"/"Kandahar" is the city when the same-named first-level area has it as its main town
# (holding at least CAPITAL_POPULATION_SHARE of the area's population): news says "Kabul province" for
# the area. The city then takes the area's prior (so it competes with namesakes abroad as the area did)
# plus this bonus. Neutral on LGL/TR-News at 161 km (shares 0.1-0.5 and bonuses 0-1 equal); a plain
# malus on such areas instead cost 0.003 (Gaza went to Mozambique's Gaza province).
W_MAIN_TOWN_OF_AREA = 0.5
CAPITAL_POPULATION_SHARE = 0.25
_AREA_SUFFIXES = {"province", "state", "region", "governorate"}
# Place nouns that name a landform, never an office ("a district chief", "the state police").
_LANDFORM_SUFFIXES = frozenset({"pass", "valley"})
# A partial-name reading of an unknown toponym is kept when this close to one of the document's places,
# else the document's main place stands in for it (0 to 500 km: 0.871 overall on dev; 1000 km: 0.868).
ANCHOR_KM = 250.0
CONTEXT_ROUNDS = 3
# Stories read together (a chunk of one ingest) have a home country when it is the main country of
# this share of those with places, and of this many at least (`home_country`).
HOME_SHARE = 0.6
HOME_MIN_STORIES = 5
CANDIDATE_LIMIT = 25
MIN_SCORE = 0.0  # below this the best candidate is too weak to trust (calibrated: rarely binding)

# Generic words that are part of official names ("Laurel County"); "Vancouver City" would only find an alias.
_NAME_PART_SUFFIXES = {"county", "parish"}
_SUFFIX_TYPES = {"province": {"ADM1"}, "state": {"ADM1"}, "governorate": {"ADM1"}, "region": {"ADM1", "RGN"},
                 "district": {"ADM2", "ADM3"}, "county": {"ADM2"}, "parish": {"ADM2"}, "valley": {"VAL"},
                 "pass": {"PASS"}, "city": {"PPL", "PPLC", "PPLA"}, "town": {"PPL"}, "village": {"PPL"}}
# Words that end a place's name whatever the parser calls it ("the Khavak Pass" read as an organisation).
PLACE_SUFFIX_WORDS = frozenset(_SUFFIX_TYPES)


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    rule: str
    queries: list[str] = field(default_factory=list)
    suffix: str | None = None
    candidates: list[tuple[Place, bool]] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
    best: Place | None = None
    score: float = 0.0
    approximate: bool = False  # resolved through part of its name only: no context for the others
    definite: bool = False  # "the" right before the name ("in the Red Sea", "across the Sahel")
    qualifier_areas: set[tuple] = field(default_factory=set)  # (country, admin1 or None) its qualifiers name
    dropped: bool = False  # a town abroad with no evidence: no toponym after all


# ---------------------------------------------------------------- public API


def find_places(doc, gazetteer: Gazetteer, article_id: str, part: str = "text",
                context: Sequence[_Mention] = (), home: str | None = None) -> list[PlaceMention]:
    """Recognize toponyms in a spaCy Doc and resolve each against the gazetteer. A headline or caption
    is read with its story's toponyms (`context`, from `find_story_places`) as context: "Moura" in a
    headline over a story on Mali is the Malian town, not the Portuguese one a headline alone suggests.
    `home` is the country the stories read with this one are placed in (`home_country`)."""
    mentions = recognize(doc, gazetteer)
    _add_towns_of_local_frames(doc, mentions, gazetteer, part)
    others = [_far_away(_unresolved_copy(m), len(doc_text(doc))) for m in context]
    _resolve(mentions + others, gazetteer, home)
    _read_past_a_direction(mentions, gazetteer)
    if part != "title":  # headlines capitalise every word ("Killed in Battle"): no name is a place by form
        _place_unknown_settlements(doc, mentions, gazetteer, others)
        _place_facilities_in_their_town(doc, mentions)
        _place_neighbourhoods_in_their_city(doc, mentions)
    return _place_mentions(mentions, article_id, part)


def find_story_places(doc, gazetteer: Gazetteer, article_id: str, part: str = "text", home: str | None = None):
    """The story's places, and its toponyms as recognized (unresolved), the context of its headline
    and captions: the story is read once however many captions it has."""
    mentions = recognize(doc, gazetteer)
    _add_towns_of_local_frames(doc, mentions, gazetteer, part)
    context = [_unresolved_copy(m) for m in mentions]
    _resolve(mentions, gazetteer, home, hints=_counties_of_institutions(doc, mentions, gazetteer))
    _read_past_a_direction(mentions, gazetteer)
    _place_unknown_settlements(doc, mentions, gazetteer)
    _place_facilities_in_their_town(doc, mentions)
    _place_neighbourhoods_in_their_city(doc, mentions)
    return _place_mentions(mentions, article_id, part), context


# A county named as the first words of an institution's name ("Linn County Jail", "Wayne County
# Sheriff's Office"): no toponym of the story (the jail is not where a shooting happened), but it says
# which counties the story may be in, so that its towns are read there ("Albany" beside "Linn County Jail"
# is the Oregon city, not New York's capital).
_COUNTY_OF_INSTITUTION = re.compile(rf"(?<![\w'’\-])({_SUFFIXED_NAME} (?:County|Parish))(?= [A-Z][a-z])")


def _counties_of_institutions(doc, mentions: list[_Mention], gazetteer: Gazetteer) -> list[_Mention]:
    """Counties named in institutions' names, as hints of the areas that could host the story's places
    (`_Coverage`), never read themselves: the institution may be a mention of its own, unresolved
    ("Linn County Jail"), and a hint's own choice among namesake counties would say nothing."""
    text = doc_text(doc)
    named = {(m.start, m.end) for m in mentions}
    hints = []
    for match in _COUNTY_OF_INSTITUTION.finditer(text):
        if match.span(1) in named:
            continue
        hint = _make_mention(text, *match.span(1), "hint:institution")
        hint.candidates = [(p, e) for p, e in gazetteer.lookup(hint.queries[0], CANDIDATE_LIMIT)
                           if e and p.feature_code == "ADM2"]
        if hint.candidates:
            hints.append(hint)
    return hints


# ---------------------------------------------------------------- towns of a local story

# US postal codes of the states ("Jackson, MS" in a station's page title): a qualifier only after a
# town's name and a comma, never alone (most spell words: "IN", "OK", "ME").
STATE_CODES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
}
_TOWN_NAME = (r"(?!(?:The|A|An|In|At|On|Near|Outside|Police|Officers)\b)"  # no article or preposition
              r"[A-Z][a-z][\w'’]*(?:[ \-][A-Z][a-z][\w'’]*){0,2}")
# Frames only a town's name takes, for names spaCy missed: "shot in Olathe", "in west Shreveport",
# "Olathe Police say", "Albuquerque police identified", "Jackson, MS".
_TOWN_AFTER_PREPOSITION = re.compile(
    rf"\b(?:[Ii]n|near|outside) (?:(?:north|south|east|west|northeast|northwest|southeast|"
    rf"southwest|central|downtown|suburban|rural)(?:ern)? )?({_TOWN_NAME})(?![\w'’\-]| [A-Z])")
_TOWN_BEFORE_POLICE = re.compile(rf"(?<![\w'’\-])({_TOWN_NAME}) (?:[Pp]olice|PD)\b")
_TOWN_WITH_STATE_CODE = re.compile(rf"(?<![\w'’\-])({_TOWN_NAME}), ([A-Z]{{2}})\b(?![\w.])")
# "a Grandview woman", "A 43-year-old Uniontown man": where someone lives, which a local story often
# names nowhere else (not the event's place by itself: extraction weighs it as whose, not where).
_TOWN_BEFORE_RESIDENT = re.compile(
    rf"(?:^|\b(?:[Aa]n?|[Tt]wo|[Tt]hree|[Ff]our) )(?:\d+-year-old )?({_TOWN_NAME}) (?:man|woman|men|women|teen|"
    rf"teenager|boy|girl|couple|family|resident|residents|mother|father|toddler|child|student|youth)\b", re.MULTILINE)
# Words before "police" that name a force, not a town ("State Police", "Capitol Police", "Metro police").
_FORCE_WORDS = frozenset("state city county metro metropolitan capitol transit university campus park tribal "
                         "military border port airport school housing railroad national federal local area "
                         "village town township borough regional special secret royal riot traffic highway "
                         "the".split())
# A frame's town must be at least this populous: the smallest hamlets share names with people and words.
LOCAL_FRAME_MIN_POPULATION = 1_000


def _add_towns_of_local_frames(doc, mentions: list[_Mention], gazetteer: Gazetteer, part: str) -> None:
    """Names spaCy missed in a frame only a town takes ("was shot in Olathe", "Olathe Police say",
    "Jackson, MS", "a Grandview woman") become mentions when the gazetteer knows a town of that very
    name (in the story's countries when its other places name any): a local story often names its
    town nowhere else, and without it the event has no place at all. A title-cased headline
    capitalises every word ("Teen In Critical Condition"): there "in X" says nothing."""
    text = doc_text(doc)
    taken = _Found(mentions)
    blocked = _Spans([(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NON_PLACE_ENTITIES
                      or (e.label_ == "PERSON" and len(e) > 1)])
    countries = {m.candidates[0][0].country for m in mentions if m.candidates and m.candidates[0][0].country}
    frames = [(_TOWN_BEFORE_POLICE, "local:police"), (_TOWN_WITH_STATE_CODE, "local:state-code"),
              (_TOWN_BEFORE_RESIDENT, "local:resident")]
    if part != "title" or not _title_cased(text):
        frames.insert(0, (_TOWN_AFTER_PREPOSITION, "local:in"))
    for pattern, rule in frames:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if taken.overlaps(start, end) or blocked.overlaps(start, end) or not _town_name(match.group(1)):
                continue
            state = STATE_CODES.get(match.group(2)) if rule == "local:state-code" else None
            if rule == "local:state-code" and state is None:
                continue
            mention = _make_mention(text, start, end, rule)
            if state:
                mention.qualifiers = [state]
            readings = gazetteer.lookup(mention.queries[0], CANDIDATE_LIMIT)
            if any(e and p.feature_code in _AREA_CODES for p, e in readings):
                continue  # a state or a country ("a Texas man"): the other rules read those
            towns = [(p, e) for p, e in readings
                     if e and p.feature_class == "P" and _own_name(mention, p)
                     and p.population >= LOCAL_FRAME_MIN_POPULATION
                     and (state is None or p.admin1 == state) and (not countries or p.country in countries)]
            if towns:
                mention.candidates = towns
                taken.append(mention)
    mentions[:] = sorted(taken, key=lambda m: m.start)


def _town_name(name: str) -> bool:
    """Not a force ("State Police"), nor someone's possessive ("in Morgan's room")."""
    words = name.lower().split()
    return (not _never_a_place(name) and words[0] not in _FORCE_WORDS and words[-1] not in _FORCE_WORDS
            and not re.search(r"['’]s?$", name))


def _title_cased(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’]*", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 3 >= len(words) * 2


def _place_mentions(mentions: list[_Mention], article_id: str, part: str) -> list[PlaceMention]:
    return [PlaceMention(Span(article_id, m.start, m.end, part), m.text, m.best, m.rule, round(m.score, 3))
            for m in mentions if not m.dropped]


def _unresolved_copy(mention: _Mention) -> _Mention:
    return replace(mention, candidates=list(mention.candidates), best=None, score=0.0)


def _far_away(mention: _Mention, offset: int) -> _Mention:
    """Another part's mention placed after this part's text, so offsets never collide."""
    mention.start, mention.end = mention.start + offset + 1, mention.end + offset + 1
    return mention


def resolve_spans(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer, doc=None) -> list[Place | None]:
    """Resolve given toponym spans; the other spans (and the places recognized in `doc`) are context."""
    given = [_make_mention(text, s, e, "given") for s, e in spans]
    context = []
    if doc is not None:
        taken = _Found(given)
        recognized = recognize(doc, gazetteer)
        _take_list_nouns(given, recognized)
        context = [m for m in recognized if not taken.overlaps(m.start, m.end)]
    _resolve(given + context, gazetteer)
    return [m.best for m in given]


def _take_list_nouns(given: list[_Mention], recognized: list[_Mention]) -> None:
    """A given span that is an item of "Butler, Clark or Warren counties" reads as that list read it."""
    listed = {(m.start, m.end): m for m in recognized
              if m.suffix and m.rule.startswith(("pattern:list:", "pattern:of:"))}
    for mention in given:
        item = listed.get((mention.start, mention.end))
        if item is not None and mention.suffix is None:
            mention.suffix, mention.queries = item.suffix, list(item.queries)


# ---------------------------------------------------------------- recognition


def recognize(doc, gazetteer: Gazetteer) -> list[_Mention]:
    """Candidate toponym spans, earlier rules winning overlaps; then names already recognized as places
    are taken again where spaCy labelled them PERSON or ORG ("Gainesville police")."""
    text = doc_text(doc)  # Doc.text joins every token on each access: read it once per Doc
    ents = list(doc.ents)
    found = _Found()
    for start, end, rule in _candidate_spans(doc, text, ents, gazetteer):
        _add_if_place(text, start, end, rule, gazetteer, found)
    found = _Found(_without_word_readings(doc, text, found))
    known = {_key(m.text) for m in found if m.rule in _RELIABLE_RULES}
    for start, end in _person_org_spans(ents):
        if _key(text[start:end]) in known:
            _add_if_place(text, start, end, "echo", gazetteer, found)
        else:
            _add_if_place(text, start, end, "qualified", gazetteer, found)
    _add_gazetteer_matches(text, ents, gazetteer, found)
    _echo_gazetteer_matches(doc, text, ents, gazetteer, found)
    _add_coordinated_names(text, gazetteer, found)
    return sorted(_without_word_readings(doc, text, found), key=lambda m: m.start)


# Verbs whose object is ground: "captured Bukavu", "entered Kherson", "shelled Avdiivka".
_GROUND_TAKING_VERBS = frozenset("captured seized took overran retook recaptured entered besieged shelled stormed "
                                 "bombed encircled liberated".split())


def _echo_gazetteer_matches(doc, text: str, ents: list, gazetteer: Gazetteer, found) -> None:
    """"captured Bukavu" (tagged PERSON) in a story whose "north of Bukavu" the gazetteer matched
    among the towns of its country: the same name, taken as ground, is the same town."""
    matched = {_key(m.text) for m in found if m.rule == "gazetteer"}
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) == 1 and _key(ent.text) in matched \
                and _word_before(doc, ent) in _GROUND_TAKING_VERBS:
            _add_if_place(text, ent.start_char, ent.end_char, "echo", gazetteer, found)


# Penn tags of words the tagger reads as ordinary vocabulary rather than a name ("Police/NNS said",
# "Mission/NN staff", "Union/NN troops", "Arab/JJ militias").
_COMMON_WORD_TAGS = frozenset({"NN", "NNS", "JJ", "JJR", "JJS", "RB", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# "MoD", "DoD", "FoI": capitals after a lower-case letter spell an organisation's initials, never a town
# (place abbreviations are all capitals or dotted: "NYC", "D.C.").
_MIXED_CASE_INITIALS = re.compile(r"^[A-Z][a-z]*[A-Z][A-Za-z]*$")


def _without_word_readings(doc, text: str, found: list[_Mention]) -> list[_Mention]:
    """Drop the town readings of words that are no names here: a capitalised common noun or adjective
    (a demonym used as an adjective included) that the text does not treat as a place, and mixed-case
    initials. Their area readings stay ("Ukrainian" is Ukraine); a mention left with none is no toponym."""
    kept = []
    for mention in found:
        if _word_not_name(doc, text, mention):
            mention.candidates = [(p, e) for p, e in mention.candidates if _read_as_area(mention, p)]
            if not mention.candidates:
                continue
        kept.append(mention)
    return kept


def _read_as_area(mention: _Mention, place: Place) -> bool:
    """Whether a word used as a word still names an area: a demonym names its country or region
    ("Ukrainian", "Tigrayan"); a common word spelled like a region's own name ("Central" in "Central
    Committee", a province of Uganda) names nothing, unless the region is a country."""
    if _is_local(place):
        return False
    return place.feature_code == "PCLI" or not _own_name(mention, place)


def _word_not_name(doc, text: str, mention: _Mention) -> bool:
    """Whether the text uses the span as a word or initials rather than a place name. A place noun
    ("Mission district"), a locative preposition ("in Mission"), a qualifier ("Mission, Texas") or
    spaCy's GPE/LOC reading of a noun say it is a place."""
    if mention.rule.startswith("pattern:") or mention.rule == "abbreviation":
        return False
    if _MIXED_CASE_INITIALS.match(mention.text):
        return True
    if _after_locative(text, mention.start) or mention.qualifiers:
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not all(token.tag_ in _COMMON_WORD_TAGS for token in span):
        return False
    adjective = any(token.tag_.startswith("JJ") for token in span)
    return adjective or mention.rule not in ("ner:GPE", "ner:LOC")


def _is_local(place: Place) -> bool:
    """A town or a second-level area (not a country, first-level area, continent or named region)."""
    return place.feature_class == "P" or (place.feature_code or "") in ("ADM2", "ADM3", "ADM4")


def _add_gazetteer_matches(text: str, ents: list, gazetteer: Gazetteer, found: _Found) -> None:
    """Capitalized names (transliterated compounds included: "Mazar-e-Sharif", "Pol-e-Khomri") that the
    gazetteer places in a country the document is already about; catches the districts and towns
    spaCy misses or calls persons."""
    countries = _document_countries(found)
    if not countries:
        return
    persons = _Spans([(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"])
    dates = _Spans([(e.start_char, e.end_char) for e in ents if e.label_ in _NON_PLACE_ENTITIES])
    for start, end in _name_windows(text):
        if found.overlaps(start, end) or dates.overlaps(start, end):
            continue
        inside_person = persons.overlaps(start, end) and not _after_locative(text, start)
        short = end - start < MIN_GAZETTEER_MATCH_LENGTH and not _after_locative(text, start)  # "to Gao"
        if short or _never_a_place(text[start:end]):
            continue
        mention = _make_mention(text, start, end, "gazetteer")
        candidates = [(p, e) for p, e in _lookup(mention, gazetteer) if e and p.country in countries]
        if inside_person:  # "central Mali" tagged PERSON: only the document country's own name stands
            candidates = [(p, e) for p, e in candidates if p.feature_code == "PCLI" and _own_name(mention, p)]
        if candidates:
            mention.candidates = candidates
            found.append(mention)


def _add_coordinated_names(text: str, gazetteer: Gazetteer, found: _Found) -> None:
    """Items of a coordination ("retook Khinjan, Puli Hisar and Dih Salah") share their kind: when one item
    is a recognized place, the others the gazetteer puts in that place's country are places too; when none
    is, items count when at least MIN_COORDINATED_MATCHES of them (and most of the list) are names of
    places in a country the document is about. spaCy often calls such unfamiliar names persons."""
    countries = _document_countries(found)
    for match in _COORDINATION.finditer(text):
        items = _list_items(text, match.start(), match.end())
        placed = [m for m in found if any(m.start <= s and e <= m.end for s, e in items)]
        anchors = {m.candidates[0][0].country for m in placed if m.candidates} - {None}
        open_items = [(s, e) for s, e in items if not found.overlaps(s, e)]
        wanted = anchors or countries
        matches = [m for m in (_coordinated_mention(text, s, e, gazetteer, wanted) for s, e in open_items) if m]
        enough = anchors or (len(matches) >= MIN_COORDINATED_MATCHES and 2 * len(matches) > len(items))
        if enough:
            found.extend(matches)


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the names in "A, B and C" between start and end."""
    items = []
    for name in re.finditer(r"[A-Z][^,]*?(?=,| and | or |$)", text[start:end]):
        item_start = start + name.start()
        items.append((item_start, item_start + len(name.group(0).strip())))
    return items


def _coordinated_mention(text: str, start: int, end: int, gazetteer: Gazetteer, countries: set[str]):
    if end - start < MIN_GAZETTEER_MATCH_LENGTH or _never_a_place(text[start:end]):
        return None
    mention = _make_mention(text, start, end, "coordination")
    mention.queries = mention.queries[:1]
    candidates = [(p, e) for p, e in gazetteer.lookup(mention.queries[0], CANDIDATE_LIMIT)
                  if e and p.country in countries]
    if not candidates:
        return None
    mention.candidates = candidates
    return mention


def _never_a_place(surface: str) -> bool:
    """Calendar words, compass points and institutions named for their building."""
    key = _key(_LEADING_THE.sub("", surface.strip()))
    return key in _NEVER_ALONE or key in _INSTITUTION_BUILDINGS


def _document_countries(found: list[_Mention]) -> set[str]:
    """Countries holding at least DOCUMENT_COUNTRY_SHARE of the recognized mentions' likeliest places."""
    votes: dict[str, int] = {}
    for mention in found:
        place = mention.candidates[0][0] if mention.candidates else None
        if place and place.country:
            votes[place.country] = votes.get(place.country, 0) + 1
    total = sum(votes.values())
    return {c for c, v in votes.items() if total and v / total >= DOCUMENT_COUNTRY_SHARE and c not in _DENSE_COUNTRIES}


_NAME_WINDOW = re.compile(
    rf"[A-Z][\w’']+(?:(?:-(?:[a-z]{{1,3}}-)?|\s(?:(?:e|i|al|ul|us|os|el)\s|{_ARTICLE_PARTICLE}-)?)[A-Z][\w’']+)*")


def _name_windows(text: str):
    """Each maximal run of capitalized words, longest sub-runs first (left to right)."""
    for match in _NAME_WINDOW.finditer(text):
        words = list(re.finditer(r"[A-Z][\w’']+", match.group(0)))
        for size in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                yield match.start() + words[i].start(), match.start() + words[i + size - 1].end()


def _after_locative(text: str, start: int) -> bool:
    """"in Gao", "around Avdiivka", "in northern Shan State" (a compass adjective may stand between)."""
    before = text[max(0, start - 30):start].split()
    if len(before) >= 2 and before[-1].lower() in _DIRECTION_WORDS | {"central"}:
        before = before[:-1]
    return bool(before) and before[-1].lower() in _LOCATIVE | {"of", "around", "between"}


def _add_if_place(text: str, start: int, end: int, rule: str, gazetteer: Gazetteer, found: _Found) -> None:
    if start >= end or found.overlaps(start, end):
        return
    if _never_a_place(text[start:end]):
        return
    mention = _make_mention(text, start, end, rule)
    if rule.startswith(("pattern:list:", "pattern:of:")):
        mention.suffix = rule.rsplit(":", 1)[1]
        if mention.suffix in _NAME_PART_SUFFIXES:  # "Laurel, Knox and Whitley counties": "Laurel County" first
            mention.queries.insert(0, f"{mention.queries[0]} {mention.suffix}")
    if rule in _WHOLE_NAME_RULES:  # "Kentucky State Police" must not yield "Kentucky State"
        mention.queries = mention.queries[:1]
    owner = _owner_before(text, start) if rule == "pattern:suffix" else []
    mention.qualifiers += owner
    mention.candidates = _lookup(mention, gazetteer)
    if owner and "PCLI" not in _owner_codes(owner[0], gazetteer):
        # "Africa's Sahel region": the region, not a country's province of that name (regions have no
        # population: they rank after the provinces and towns of the name, hence the longer lookup)
        mention.candidates = [(p, e) for p, e in gazetteer.lookup(mention.queries[-1], _OWNED_LOOKUP_LIMIT)
                              if p.feature_code in _OWNER_CODES]
    if rule == "pattern:suffix" and not any(exact for _, exact in mention.candidates):
        areas = {area for area in _qualifier_areas(mention.qualifiers, gazetteer) if area[1]}
        if areas:
            # "Garm Ser district, Helmand Province": a spelling the gazetteer lacks, in the area the text
            # names; a sound-alike there is the place, else the area is (`_defer_to_qualifying_area`)
            mention.candidates = [(place, True) for place, _ in mention.candidates if _in_areas(place, areas)]
            found.append(mention)
            return
    if not mention.candidates and mention.suffix and rule == "pattern:suffix":
        name_end = start + len(mention.queries[-1])
        if text[start:name_end] == mention.queries[-1]:
            _add_if_place(text, start, name_end, "pattern:demonym", gazetteer, found)
        if mention.suffix in _LANDFORM_SUFFIXES and not found.overlaps(start, end) and _looks_like_a_name(mention.text):
            found.append(mention)  # "the Khavak Pass": a toponym by its form that the gazetteer lacks
        return
    if mention.candidates and _plausible(mention, found):
        found.append(mention)
    elif not mention.candidates and (rule in _UNRESOLVED_KEPT or rule.startswith("pattern:of:")
                                     or rule == _PLACED_IN_AREA_RULE) and _looks_like_a_name(mention.text) \
            and not _owned_by_a_name(text, start):
        # a street or a hamlet the gazetteer lacks: still a toponym, with no place; not a name a
        # country or a town owns ("Russia's Interfax"), which the gazetteer would know as a place
        found.append(mention)


_OWNED_BY_A_NAME = re.compile(r"[A-Z][\w.-]*['’]s\s+$")


def _owned_by_a_name(text: str, start: int) -> bool:
    """The span follows a capitalised possessive ("Russia's Interfax", "Yemen's Houthi")."""
    return _OWNED_BY_A_NAME.search(text[max(0, start - 40):start]) is not None


def _looks_like_a_name(surface: str) -> bool:
    """A capitalised name, not a code or initials ("M23", "RSF") that spaCy took for a place."""
    return surface[:1].isupper() and not any(ch.isdigit() for ch in surface) and not (
        surface.isupper() and len(surface) <= 5)


def _candidate_spans(doc, text: str, ents: list, gazetteer: Gazetteer):
    """(start, end, rule) in priority order: patterns, datelines, entities, names before a capitalised
    place noun, abbreviations, names after a locative preposition, names inside organisation names."""
    for match in re.finditer(r"[A-Z][\w’']+(?:-(?:[a-z]{1,3}-)?[A-Z][\w’']+)+", text):
        yield match.start(), match.end(), "pattern:compound"
    yield from _suffixed_names(text, PLACE_SUFFIXES, gazetteer)
    for match in _LIST_PATTERN.finditer(text):
        suffix = _SINGULAR[match.group(2).lower()]
        for start, end in _list_items(text, match.start(1), match.end(1)):
            yield start, end, f"pattern:list:{suffix}"
    for match in _OF_LIST_PATTERN.finditer(text):
        noun, names = (1, 2) if match.group(1) else (3, 4)
        suffix = _SINGULAR.get(match.group(noun), match.group(noun))
        for start, end in _list_items(text, match.start(names), match.end(names)):
            yield start, end, f"pattern:of:{suffix}"
    for match in _APPOSITION_PATTERN.finditer(text):
        yield match.start(1), match.end(1), f"pattern:of:{match.group(2)}"
    for ent_start, ent_end in _names_placed_in_areas(text, ents):
        yield ent_start, ent_end, _PLACED_IN_AREA_RULE
    for match in _DATELINE.finditer(text):
        yield match.start(1), match.end(1), "pattern:dateline"
    for ent in ents:
        if ent.label_ in ("GPE", "LOC", "FAC", "NORP"):
            start, end = _trim_entity(ent)
            compound = _ARTICLE_COMPOUND_AFTER.match(text, end) if ent.label_ != "NORP" else None
            end = compound.end() if compound else end
            yield start, end, f"ner:{ent.label_}"
    yield from _suffixed_names(text, _ANY_CASE_SUFFIX, gazetteer)  # after the entities: "Gaza City" stays a GPE
    for abbreviation in ABBREVIATIONS:
        if abbreviation in _AMBIGUOUS_ABBREVIATIONS or abbreviation not in text:  # a plain search first: cheap
            continue
        for match in re.finditer(rf"(?<![\w.]){re.escape(abbreviation)}(?![\w])", text):
            yield match.start(), match.end(), "abbreviation"
    for ent in ents:
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if (ent.label_ == "ORG" and before in _LOCATIVE) or (ent.label_ == "PERSON" and before in _PLACE_PREPOSITIONS):
            yield ent.start_char, ent.end_char, f"locative:{ent.label_}"
        elif ent.label_ == "PERSON" and _word_before(doc, ent) in _LOCATIVE:
            yield ent.start_char, ent.end_char, _LOCATIVE_AREA_RULE
        elif ent.label_ == "PERSON" and _target_of_an_attack(doc, ent):
            yield ent.start_char, ent.end_char, "locative:attack-on"
        elif ent.label_ in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART") and _named_after_a_settlement_noun(doc, ent):
            yield ent.start_char, ent.end_char, "locative:settlement-noun"
        elif ent.label_ in ("PERSON", "ORG") and "PCLI" in _owner_codes(ent.text, gazetteer):
            # "Burkina Faso killed 60 villagers": a country the small model took for a person or a body
            yield ent.start_char, ent.end_char, "ner:country-name"
    for ent in ents:
        if ent.label_ == "ORG" and not _whole_name_is_place(text, ent, gazetteer):
            yield from _embedded_names(ent)
    yield from _country_names_left_out(doc, gazetteer)


def _named_after_a_settlement_noun(doc, ent) -> bool:
    """"In the regional capital Bahir Dar", "the town Kobo": a name the small model took for a person,
    a body or a product right after "the (...) capital/town/village" is that settlement's."""
    if ent.start == 0 or doc[ent.start - 1].lower_ not in _SETTLEMENT_NOUNS:
        return False
    return any(t.lower_ == "the" for t in doc[max(0, ent.start - 4):ent.start - 1])


def _country_names_left_out(doc, gazetteer: Gazetteer):
    """A country's name the small model tagged as no entity at all, as headlines open ("Niger coup
    supporters rally", "Chad junta ..."): proper nouns outside any entity that name a country exactly."""
    proper = _untagged_proper_nouns(doc)
    i = 0
    while i < len(doc):
        for size in (2, 1):
            if i + size <= len(doc) and all(proper[i:i + size]) and _names_a_country(doc[i:i + size].text, gazetteer):
                words = doc[i:i + size]
                yield words.start_char, words.end_char, "ner:country-name"
                i += size - 1
                break
        i += 1


def _untagged_proper_nouns(doc) -> list[bool]:
    """Each token's `tag_ == "NNP" and not ent_type_ and is_title`, read off one array of the Doc:
    testing every token through its Python object cost more than the lookups themselves."""
    from spacy.attrs import ENT_TYPE, IS_TITLE, TAG

    proper_noun = doc.vocab.strings["NNP"]
    return [tag == proper_noun and not ent_type and title
            for tag, ent_type, title in doc.to_array([TAG, ENT_TYPE, IS_TITLE]).tolist()]


def _names_a_country(name: str, gazetteer: Gazetteer) -> bool:
    """By the country's own name, not an alias ("Arm" of a headline is no Armenia)."""
    return any(exact and p.feature_code == "PCLI" and _key(p.name) == _key(name)
               for p, exact in gazetteer.lookup(name, CANDIDATE_LIMIT))


# Nouns of an attack whose "on"/"of" names the place struck ("a missile barrage on Kyiv", "the shelling
# of Kharkiv"): the small model takes many cities so named for persons.
_ATTACK_NOUNS = frozenset({"attack", "attacks", "assault", "assaults", "strike", "strikes", "airstrike", "airstrikes",
                           "barrage", "barrages", "raid", "raids", "offensive", "advance", "shelling", "bombardment",
                           "bombing", "siege", "push"})


def _target_of_an_attack(doc, ent) -> bool:
    if ent.start < 2 or len(ent) > 3:
        return False
    preposition, noun = doc[ent.start - 1], doc[ent.start - 2]
    return preposition.lower_ in ("on", "of") and noun.lower_ in _ATTACK_NOUNS


# "Burkina Faso's Sahel region", "Africa's Sahel region": a country or a wider area owns the area named
# after it ("Cox's Bazar district" is one name).
_POSSESSIVE = re.compile(r"['’]s ")
_OWNER_CODES = {"PCLI", "CONT", "RGN"}
_OWNED_LOOKUP_LIMIT = 500


def _names_placed_in_areas(text: str, ents: list):
    """Spans of `_PLACED_IN_AREA` names that are no organisation's name (the small model takes many
    unfamiliar village names for persons)."""
    others = _Spans([(e.start_char, e.end_char) for e in ents if e.label_ in ("ORG", *_NON_PLACE_ENTITIES)])
    for match in _PLACED_IN_AREA.finditer(text):
        if not others.overlaps(match.start(1), match.end(1)):
            yield match.start(1), match.end(1)


def _suffixed_names(text: str, suffixes: str, gazetteer: Gazetteer):
    # never from inside a hyphenated word ("Zor province" of "Deir ez-Zor province")
    for match in re.finditer(rf"(?<![\w'’\-])(?!{_DETERMINERS} {PLACE_SUFFIXES})({_SUFFIXED_NAME})( {suffixes})\b",
                             text):
        owner = next(reversed(list(_POSSESSIVE.finditer(match.group(1)))), None)
        owned = owner is not None and _owner_codes(text[match.start():match.start() + owner.start()], gazetteer)
        yield match.start() + (owner.end() if owned else 0), match.end(), "pattern:suffix"


def _owner_codes(name: str, gazetteer: Gazetteer) -> set[str]:
    """Feature codes of the countries, continents and regions `name` names exactly."""
    return {p.feature_code for p, exact in gazetteer.lookup(name, CANDIDATE_LIMIT)
            if exact and p.feature_code in _OWNER_CODES}


def _word_before(doc, ent) -> str:
    """The word before an entity, over a "the" ("across the Sahel"; only for names of areas: "in the
    Boren vehicle" is no place)."""
    index = ent.start - 1
    if index > 0 and doc[index].lower_ == "the":
        index -= 1
    return doc[index].lower_ if index >= 0 else ""


# A PERSON name after "to", "from", "at" ... (which take people too): a place only when it is a country's
# or a region's own name ("from Mali to Burkina Faso", which the small model tags as a person).
_LOCATIVE_AREA_RULE = "locative:area"
_AREA_CODES = {"PCLI", "ADM1", "RGN", "CONT"}


# An upper-case place opening a story: "NEWARK -- ", "BEIRUT: ", "CHARLESTON, W.Va. -".
_DATELINE = re.compile(r"(?<![\w,] )(?<!\w)([A-Z]{3,}(?:[ \-][A-Z]{3,}){0,2})(?=[,:]|\s+(?:--|[\-\u2014\u2013(]))")
_NAME = r"[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,3}"
_SINGULAR = {"districts": "district", "provinces": "province", "counties": "county", "states": "state",
             "valleys": "valley", "villages": "village", "cities": "city", "towns": "town"}
# "Butler, Clark or Warren counties" lists with "or" as well as "and".
_LIST_SEPARATOR = r"(?:, | and |, and | or |, or )"
_LIST_PATTERN = re.compile(
    rf"({_NAME}(?:{_LIST_SEPARATOR}{_NAME})+) (districts|provinces|counties|states|valleys|villages|cities|towns)\b")
# "the districts of Puli Hisar, Dih Salah and Bano", "the province of Kabul": each name takes the suffix.
_OF_LIST_PATTERN = re.compile(
    rf"\b(districts|provinces|counties|states|villages|cities|towns) of "
    rf"((?!The ){_NAME}(?:{_LIST_SEPARATOR}(?!The ){_NAME})*)"
    rf"|\b(district|province|county|state|village|city|town) of ((?!The ){_NAME})")
# Any coordination of capitalized names: "Puli Hisar, Dih Salah and Bano", "Kabul and Kandahar".
_COORDINATION = re.compile(rf"(?<![\w'’\-]){_NAME}(?:, {_NAME})*,? and {_NAME}")
# Sentence-initial words before a place noun ("The valley", "This province"): no name there.
# "Kawlin, a district capital in ...", "Bunagana, a trading town on the border": the apposition says
# the name is a settlement, whether or not the gazetteer knows it.
_APPOSITION_PATTERN = re.compile(
    rf"\b({_NAME}), (?:a|an) (?:[\w-]+ ){{0,3}}?(town|village|city|capital|settlement|hamlet|port)\b")
_DETERMINERS = r"(?:The|This|That|These|Those|Its|Their|Our|A|An|Every|Each)"
# "in Gobaro, in north-eastern Amhara", "near Kondi, in the north of Mali": a name the next phrase places
# in an area is a place, whether or not the tagger or the gazetteer knows it.
_PLACED_IN_AREA = re.compile(rf"\b(?:in|at|near|outside|around) ({_NAME}), in (?:[a-z][\w-]* ){{0,3}}[A-Z]")
_PLACED_IN_AREA_RULE = "pattern:placed-in-area"
_NON_PLACE_ENTITIES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


def _whole_name_is_place(text: str, ent, gazetteer: Gazetteer) -> bool:
    """A multi-word entity the gazetteer knows as a whole ("Puli Hisar" tagged ORG): its words are not
    separate places ("Puli" is not Poland); the later rules judge the whole name."""
    start, end = _trim_entity(ent)
    name = text[start:end]
    return " " in name and any(exact for _, exact in gazetteer.lookup(name, CANDIDATE_LIMIT))


# Last words of newspaper and broadcaster names.
MEDIA_NOUNS = frozenset("post times tribune herald journal gazette chronicle telegraph courier observer guardian "
                        "examiner inquirer register dispatch sentinel star news radio tv television".split())


def _embedded_names(ent):
    """Place names inside organisation names: the leading words ("Texas Department of ...") and the
    words after "of" ("University of Kentucky"), longest first."""
    tokens = [t for t in ent if not t.is_punct]
    if tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if tokens and tokens[-1].lower_ in MEDIA_NOUNS:
        return  # "The Washington Post" names a newspaper, not a place the story happens in
    groups = [tokens]
    of_positions = [i for i, t in enumerate(tokens) if t.lower_ == "of"]
    if of_positions:
        groups.append(tokens[of_positions[-1] + 1:])
    for group in groups:
        for size in range(min(3, len(group)), 0, -1):
            words = group[:size]
            if all(w.text[:1].isupper() for w in words):
                yield words[0].idx, words[-1].idx + len(words[-1].text), "embedded:ORG"


def _person_org_spans(ents):
    for ent in ents:
        if ent.label_ in ("PERSON", "ORG"):
            yield _trim_entity(ent)
        if ent.label_ == "ORG":
            tokens = [t for t in ent if not t.is_punct]
            for size in (2, 1):
                if len(tokens) > size:
                    yield tokens[0].idx, tokens[size - 1].idx + len(tokens[size - 1].text)


def _trim_entity(ent) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive."""
    tokens = list(ent)
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’"):
        tokens = tokens[:-1]
    if not tokens:
        return ent.start_char, ent.end_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _plausible(mention: _Mention, found: list[_Mention]) -> bool:
    """Whether a recognized span is worth keeping as a toponym.

    Demonyms (NORP) count when they name a country or continent, or are a place's own name ("Aleppo");
    names spaCy took for a person or organisation after a preposition must match a gazetteer name exactly,
    and by an alias only for a place in a country the document is about ("in Taliban": an alias of a
    Turkish village); names inside
    organisation names must be prominent (country, first-level area, continent, or a large city).
    """
    best, exact = mention.candidates[0]
    if mention.rule == "ner:NORP":
        return exact and (best.feature_code in _DEMONYM_TARGETS or _own_name(mention, best))
    if mention.rule == _LOCATIVE_AREA_RULE:  # by its written name ("in the Miss category" is no Mississippi)
        return expand_abbreviation(mention.text) == mention.text and any(
            exact and _own_name(mention, p) and p.feature_code in _AREA_CODES for p, exact in mention.candidates)
    if mention.rule.startswith("locative:"):
        return exact and (any(e and _own_name(mention, p) for p, e in mention.candidates)
                          or best.country in _document_countries(found))
    if mention.rule == "echo":
        return exact
    if mention.rule == "qualified":  # "Gainesville, Fla." even when spaCy saw a person
        return any(exact and _qualifies(mention.qualifiers, p) and p.feature_code != "PCLI"
                   for p, exact in mention.candidates)
    if mention.rule == "embedded:ORG":
        return exact and _prominent(best, mention.suffix) and (_own_name(mention, best) or best.feature_code == "PCLI")
    if mention.rule == "pattern:demonym":  # "Afghan" of "Afghan city", "Texas" of "Texas town"
        return exact and best.feature_code in ("PCLI", "CONT", "ADM1")
    if mention.rule.startswith("pattern:"):
        return exact
    return True


def _own_name(mention: _Mention, place: Place) -> bool:
    return _key(place.name) in _query_keys(tuple(mention.queries))


@functools.lru_cache(maxsize=10_000)
def _query_keys(queries: tuple[str, ...]) -> frozenset[str]:
    """The keys of a mention's queries, made once: they are compared with every candidate's name."""
    return frozenset(_key(q) for q in queries)


def _prominent(place: Place, suffix: str | None = None) -> bool:
    if place.feature_code in ("PCLI", "ADM1", "CONT") or (suffix and place.feature_code == "ADM2"):
        return True
    return place.feature_class == "P" and place.population >= EMBEDDED_MIN_POPULATION


def _overlaps_any(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)


class _Spans:
    """Fixed (start, end) spans for overlap tests by bisection (testing every entity's span for each
    name window made long documents quadratic): of the spans starting before `end`, one reaches into
    [start, end) exactly when the farthest of their ends lies past `start`."""

    def __init__(self, spans):
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """`_overlaps_any(start, end, spans)`."""
        before = bisect_left(self.starts, end)
        return before > 0 and self.reach[before - 1] > start


class _Found(list):
    """The mentions recognized so far, with their spans sorted for overlap tests by bisection:
    testing each new span against every one found made long documents quadratic. Only a span that
    starts less than the longest span's length before `end` can reach into [start, end)."""

    def __init__(self, mentions=()):
        super().__init__()
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0
        self.extend(mentions)

    def append(self, mention: _Mention) -> None:
        super().append(mention)
        at = bisect_right(self.starts, mention.start)
        self.starts.insert(at, mention.start)
        self.ends.insert(at, mention.end)
        self.longest = max(self.longest, mention.end - mention.start)

    def extend(self, mentions) -> None:
        for mention in mentions:
            self.append(mention)

    def overlaps(self, start: int, end: int) -> bool:
        """`_overlaps_any(start, end, spans of the mentions)`."""
        first, last = bisect_right(self.starts, start - self.longest), bisect_left(self.starts, end)
        return any(start < self.ends[i] for i in range(first, last))


# ---------------------------------------------------------------- lookup


def _make_mention(text: str, start: int, end: int, rule: str) -> _Mention:
    surface = text[start:end]
    mention = _Mention(start, end, surface, rule)
    mention.queries, mention.suffix = _queries(surface)
    mention.qualifiers = _qualifiers_after(text, end) + _qualifiers_before(text, start)
    mention.definite = _DEFINITE_BEFORE.search(text, max(0, start - 4), start) is not None
    return mention


# "the" right before a name: seas, deserts, ranges and regions take it, towns and provinces rarely do.
_DEFINITE_BEFORE = re.compile(r"\b[Tt]he $")


# `_queries`' patterns, compiled once: it runs for every place mention.
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE_END = re.compile(r"['’]s$")
_COUNTY_ABBREVIATION = re.compile(r"\s+Co\.?$", re.I)
_GENERIC_SUFFIX = re.compile(rf"^(.+?)\s+({PLACE_SUFFIXES})$", re.I)


def _queries(surface: str) -> tuple[list[str], str | None]:
    """Names to look up for a surface form, most specific first, and any generic suffix it carries."""
    clean = _LEADING_THE.sub("", surface.strip())
    clean = _POSSESSIVE_END.sub("", clean)
    clean = _COUNTY_ABBREVIATION.sub(" County", clean)
    queries = [expand_abbreviation(clean)]
    suffix = None
    match = _GENERIC_SUFFIX.match(clean)
    if match:
        suffix = match.group(2).lower()
        queries.append(match.group(1))
    settlement = _SETTLEMENT_PREFIX.match(clean)
    if settlement:  # "Kibbutz Be'eri": the gazetteer lists the name alone
        queries.append(settlement.group(1))
    assimilated = _SUN_LETTER_ARTICLE.sub(lambda m: f"{m.group(1)[0]}{m.group(2).lower()} {m.group(2)}", queries[0])
    if assimilated != queries[0]:  # "Jisr al-Shughur": GeoNames writes "Jisr ash Shughur"
        queries.append(assimilated)
    part = _PAST_A_DIRECTION.match(queries[0])
    if part:  # "eastern Democratic Republic of Congo", "a west Houston apartment": the press's part of a place
        queries.append(part.group(1))
    formal = _REPUBLIC_OF.sub(r"\1 the ", queries[-1])
    if formal != queries[-1]:  # "Democratic Republic of Congo": the gazetteer writes "... of the Congo"
        queries.append(formal)
    return queries, suffix


# A lower-case compass word before a place's name, which spaCy takes into the name ("eastern Democratic
# Republic of Congo", "west Houston"): the part of the place is looked up as the place.
_PAST_A_DIRECTION = re.compile(r"^(?:north|south|east|west)(?:east|west|ern)?\s+([A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+)*)$")


# A state's formal name that the press writes without the article the gazetteer gives it.
_REPUBLIC_OF = re.compile(r"\b(Republic of)\s+(?!the\b)(?=[A-Z])")


# The Arabic article before a "sun letter", which it takes the sound of and which GeoNames spells so
# ("al-Shughur" -> "ash Shughur", "al-Raqqa" -> "ar Raqqa", "el-Tor" -> "et Tor").
_SUN_LETTER_ARTICLE = re.compile(r"\b([Aa]l|[Ee]l)[-\s]((?:Sh|Th|Dh|[TDRZSNL])(?=[a-z]))")


# Words for a kind of settlement written before its name.
_SETTLEMENT_PREFIX = re.compile(r"^(?:Kibbutz|Moshav|Village|Township)\s+([A-Z].+)$")


_ABBREVIATION_KEYS = {re.sub(r"[.\s]", "", k).lower(): v for k, v in ABBREVIATIONS.items()}


def expand_abbreviation(name: str) -> str:
    """'W.Va.' -> 'West Virginia'; also without the dots or in capitals ('Calif', 'KY', 'N.Y')."""
    if name in ABBREVIATIONS:
        return ABBREVIATIONS[name]
    if name[:1].isupper() and len(name) <= 6:
        return _ABBREVIATION_KEYS.get(re.sub(r"[.\s]", "", name).lower(), name)
    return name


def demonym_bases(word: str) -> list[str]:
    """Possible place names behind a resident noun or adjective: Ohioans -> Ohio, Minnesotan -> Minnesota,
    Texan -> Texas, Ontarians -> Ontario, Czechs -> Czech."""
    word = re.sub(r"s$", "", word)
    bases = [word]
    if word.endswith("an"):
        bases += [word[:-1], word[:-2], word[:-2] + "o", word[:-1] + "s", word[:-3] + "a"]
    return [b for b in bases if len(b) >= 3]


def _describes_settlement(mention: _Mention, place: Place) -> bool:
    """Whether 'X suffix' reads as 'a suffix in X': X a country (or its demonym), or a state before a
    settlement noun ("Texas town")."""
    return place.feature_code in ("PCLI", "CONT") or (
        place.feature_code == "ADM1" and mention.suffix in ("city", "town", "village"))


def _stripped_of_suffix(mention: _Mention, query: str) -> bool:
    return bool(mention.suffix) and query != mention.queries[0] and bool(
        re.search(rf"\s{mention.suffix}$", mention.text, flags=re.I))


_QUALIFIER_BEFORE = re.compile(
    r"\b(?:[Tt]he )?([A-Z][\w.]+(?: [A-Z][\w]+)?) "
    r"(?:city|town|village|province|county|capital|suburb|district|state|port|region|community) of $")


def _qualifiers_before(text: str, start: int) -> list[str]:
    """The 'Canadian' in 'the Canadian city of Vancouver', the 'Texas' in 'the Texas town of Paris'."""
    match = _QUALIFIER_BEFORE.search(text[max(0, start - 60):start])
    return [expand_abbreviation(match.group(1))] if match else []


_OWNER_BEFORE = re.compile(r"\b([A-Z][\w.]+(?: [A-Z][\w]+)?)['’]s $")


def _owner_before(text: str, start: int) -> list[str]:
    """The 'Burkina Faso' in "Burkina Faso's Sahel region" (read only before a place noun: "Nigeria's
    Police" names no place)."""
    match = _OWNER_BEFORE.search(text[max(0, start - 40):start])
    return [match.group(1)] if match else []


def _qualifiers_after(text: str, end: int) -> list[str]:
    """Readings of the 'Texas' in 'Paris, Texas' / 'Dublin, Ga.' / 'Kansas City, Kan.': the one or two
    capitalized words right after a comma, with abbreviations expanded."""
    match = re.match(r",\s+([A-Z][\w]*\.?(?:[A-Z]\.)*)(?:\s+([A-Z][\w]*))?", text[end:end + 40])
    if not match:
        return []
    first, second = match.group(1), match.group(2)
    readings = [first, first.rstrip(".")]
    if second and not first.endswith("."):
        readings.insert(0, f"{first} {second}")
    return [expand_abbreviation(r) for r in readings]


def _lookup(mention: _Mention, gazetteer: Gazetteer) -> list[tuple[Place, bool]]:
    """Candidates of the first query with an exact match ("Kansas City" before "Kansas"), then the
    countries and first-level areas a demonym points to ("Ohioans"), else skeleton matches."""
    fuzzy: list[tuple[Place, bool]] = []
    for query in mention.queries:
        found = gazetteer.lookup(query, CANDIDATE_LIMIT)
        if _stripped_of_suffix(mention, query) and any(_describes_settlement(mention, p) for p, e in found if e):
            return []  # "Afghan city", "Texas town": a description, not a name (`_add_if_place` keeps "Afghan")
        if any(exact for _, exact in found):
            return found
        fuzzy += [pair for pair in found if pair[0].geonameid not in {p.geonameid for p, _ in fuzzy}]
    if " " not in mention.queries[0]:
        for base in demonym_bases(mention.queries[0]):
            areas = [(p, True) for p, exact in gazetteer.lookup(base, CANDIDATE_LIMIT)
                     if exact and p.feature_code in _DEMONYM_TARGETS]
            if areas:
                return areas
    return fuzzy


# Words around the core of a name the gazetteer lacks: "South Los Angeles", "Port of Los Angeles",
# "Pearson International Airport", "Neches River", "Hamilton Township".
_NAME_MODIFIERS = re.compile(
    r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|upper|lower|greater|downtown|"
    r"uptown|inner|outer|mid|port of|lake|mount|the)\s+)+|"
    r"\s+(?:international\s+)?(?:airport|township|river|lake|creek|area|region|metro|park|valley|island|islands|"
    r"mountains?|hills?|bay|harbou?r|station|stadium|university|college|hospital|museum|gallery|church|cathedral)$",
    re.IGNORECASE)


def _core_name_candidates(name: str, gazetteer: Gazetteer) -> list[tuple[Place, bool]]:
    """For a span known to be a toponym that the gazetteer lacks: the places named by its core ("Los
    Angeles" of "South Los Angeles"), else by its longest sub-name that is some place's name
    ("Montreal" of "Montreal-Pierre Elliott Trudeau International Airport"); flagged inexact."""
    core = name
    while (stripped := _NAME_MODIFIERS.sub("", core).strip()) != core and stripped:
        core = stripped
    words = re.findall(r"[A-Z][\w'’.]*", core)
    subnames = [core] + [" ".join(words[i:i + size]) for size in range(len(words), 0, -1)
                         for i in range(len(words) - size + 1)]
    for subname in subnames:
        if subname == name or len(subname) < MIN_GAZETTEER_MATCH_LENGTH:
            continue
        found = [(p, False) for p, exact in gazetteer.lookup(subname, CANDIDATE_LIMIT) if exact]
        if found:
            return found
    return []


# ---------------------------------------------------------------- resolution


def _resolve(mentions: list[_Mention], gazetteer: Gazetteer, home: str | None = None,
             hints: Sequence[_Mention] = ()) -> None:
    """Choose each mention's place: first by prior alone, then in rounds with document context.
    `hints` (with their candidates) only say which areas could host the story: none is chosen."""
    for mention in mentions:
        if not mention.candidates:
            mention.candidates = _lookup(mention, gazetteer)
        mention.qualifier_areas = _qualifier_areas(mention.qualifiers, gazetteer)
        if mention.rule == "given" and not any(exact for _, exact in mention.candidates):
            # only sound-alike readings ("Zamalek" ~ "Ismayilli") or none: a guess, checked against the locus
            mention.candidates = mention.candidates or _core_name_candidates(mention.queries[0], gazetteer)
            mention.approximate = bool(mention.candidates)
    coverage = _Coverage([*mentions, *hints], hinted=bool(hints))
    for mention in mentions:
        _choose(mention, None)
    tally = _Tally(mentions)
    for _ in range(CONTEXT_ROUNDS):
        # A name's context (the other names' choices) is reused by its next mentions until a choice
        # changes; then the tally takes the change and the next context is read from it.
        contexts: dict[str, _Context | None] = {}
        for mention in mentions:
            key = _key(mention.text)
            if key not in contexts:
                contexts[key] = tally.context(mention, coverage)
            chosen = mention.best
            _choose(mention, contexts[key])
            if mention.best is not chosen:
                tally.update(mention)
                contexts.clear()
    for mention in mentions:
        _prefer_the_story_country(mention, mentions)
        tally.update(mention)
        _prefer_the_water_abroad(mention, tally, gazetteer)
        tally.update(mention)
        _prefer_the_home_namesake(mention, tally, coverage, home)
        tally.update(mention)
        _require_evidence_abroad(mention, tally, coverage)
        tally.update(mention)
    for mention in mentions:
        if mention.rule == "given" and (mention.best is None or mention.approximate):
            _fall_back_to_document_anchor(mention, mentions)
        _defer_to_qualifying_area(mention, gazetteer)
        _take_the_area_named(mention)
    _share_qualified_readings(mentions)


# Rules whose spans are toponyms by their form or spaCy's reading; the others (a PERSON/ORG name after
# "to", inside an organisation's name, a gazetteer match, a demonym) say less, so a town they find
# abroad must be prominent as well as named by its own name.
_STRONG_RULES = {"ner:GPE", "ner:LOC", "ner:FAC", "pattern:dateline", "abbreviation", "given", "qualified"}


def focus_countries(mentions: list[_Mention], current: _Mention | None = None) -> tuple[set[str], set[str]]:
    """The countries a document is about — those it names (a country, a demonym, a first-level area)
    and those holding at least DOCUMENT_COUNTRY_SHARE of its other places — and all the countries its
    other places lie in (`current` excepted)."""
    return _Tally(mentions).focus(current)


def _prefer_the_story_country(mention: _Mention, mentions: list[_Mention]) -> None:
    """A name two countries share ("Congo") is the one the story's other places lie in ("Congolese",
    "North Kivu", "Goma" make it the Democratic Republic of the Congo)."""
    best = mention.best
    if best is None or best.feature_code != "PCLI":
        return
    own = _key(mention.text)
    others = [p for p, exact in mention.candidates if exact and p.feature_code == "PCLI" and p.country != best.country]
    # the story's own country by a longer name that holds this one ("Democratic Republic of the Congo")
    others += [m.best for m in mentions if m.best is not None and m.best.feature_code == "PCLI"
               and m.best.country != best.country and _key(m.best.name).endswith(" " + own)]
    if not others:
        return
    votes: dict[str, int] = {}
    for other in mentions:
        if other.best is not None and _key(other.text) != own:
            votes[other.best.country] = votes.get(other.best.country, 0) + 1
    preferred = max(others, key=lambda p: votes.get(p.country, 0))
    if votes.get(preferred.country, 0) > votes.get(best.country, 0):
        mention.best = preferred


def _prefer_the_water_abroad(mention: _Mention, tally: _Tally, gazetteer: Gazetteer) -> None:
    """A sea's name that is also an area's is the sea where the story names no other place in the
    area's country: "the southern Red Sea" of a story on Yemen is no province of Sudan, and "the
    Southern Red Sea" no region of Eritrea; "Red Sea state" (a suffix) or a story with Sudanese places
    keeps the area."""
    best = mention.best
    if best is None or best.feature_class != "A" or best.feature_code == "PCLI" or mention.suffix:
        return
    water = next((p for p, exact in mention.candidates
                  if exact and p.feature_class == "H" and _own_name(mention, p)), None)
    if water is None:
        water = _water_past_a_direction(mention, gazetteer)
    if water is None:
        return
    _, mentioned = tally.focus(mention)
    if best.country not in mentioned:
        mention.best = water


def _water_past_a_direction(mention: _Mention, gazetteer: Gazetteer) -> Place | None:
    """The sea or lake a capitalised direction is written before ("Southern Red Sea")."""
    match = _DIRECTION_PREFIX.match(mention.text)
    if match is None:
        return None
    return next((p for p, exact in gazetteer.lookup(match.group(1), CANDIDATE_LIMIT)
                 if exact and p.feature_class == "H" and _key(p.name) == _key(match.group(1))), None)


def _prefer_the_home_namesake(mention: _Mention, tally: _Tally, coverage: _Coverage, home: str | None) -> None:
    """In a story that names no country, a name read abroad with no other place of the story there
    and no qualifier ("Toledo" as Belize's district, "St. Louis" as Senegal's region) is the namesake
    in the country the stories read with it are placed in (`home`), if that country has one."""
    best = mention.best
    if home is None or best is None or best.country == home or best.feature_code in ("PCLI", "CONT"):
        return
    if tally.named(mention) or best.country in tally.focus(mention)[1] or _qualified_as(mention, best):
        return
    namesakes = [(p, e) for p, e in mention.candidates if e and p.country == home and _own_name(mention, p)]
    if namesakes:
        mention.best = _best_of(mention, namesakes, tally, coverage)


def home_country(readings: Sequence[Sequence[PlaceMention]]) -> str | None:
    """The country most stories read together are placed in (a local feed's, a conflict's): the main
    country of at least HOME_SHARE of the stories that have one, and of HOME_MIN_STORIES at least."""
    mains = [country for country in map(_main_country, readings) if country]
    if len(mains) < HOME_MIN_STORIES:
        return None
    country, count = Counter(mains).most_common(1)[0]
    return country if count >= HOME_SHARE * len(mains) else None


def _main_country(places: Sequence[PlaceMention]) -> str | None:
    """The country holding more than half of a story's placed mentions."""
    countries = Counter(m.place.country for m in places if m.place is not None and m.place.country)
    if not countries:
        return None
    country, count = countries.most_common(1)[0]
    return country if 2 * count > sum(countries.values()) else None


def _require_evidence_abroad(mention: _Mention, tally: _Tally, coverage: _Coverage) -> None:
    """A same-name town outside the countries the document is about ("Nato" in the Philippines, "Boni"
    as an alias of Bonn in a story on Mali, "Independence Party" in Missouri) needs evidence of its own
    (see `_evidence_abroad`). Failing that, the best reading inside those countries is taken; a given
    span with none keeps its reading, a found one is no toponym."""
    best = mention.best
    if best is None or mention.approximate:
        return
    exact = next((e for p, e in mention.candidates if p.geonameid == best.geonameid), True)
    if not _is_local(best) and exact and _names_area(mention, best):
        return  # a country or first-level area by its name or alias: the text names it
    focus, mentioned = tally.focus(mention)
    if not mentioned or best.country in focus or _qualified_as(mention, best):
        return
    inside = [(p, e) for p, e in mention.candidates if e and p.country in focus]
    namesakes = [(p, e) for p, e in inside if _own_name(mention, p)]
    if namesakes and best.country not in mentioned:
        # "London" in a story on Ontario: the namesake at home, not a town of a country never mentioned
        mention.best = _best_of(mention, namesakes, tally, coverage)
        return
    if (exact or best.country in mentioned) and _evidence_abroad(mention, best, mentioned):
        return  # a sound-alike abroad ("Kitshanga" ~ Kwai Tsing) needs its country in the story
    if inside:
        mention.best = _best_of(mention, inside, tally, coverage)
    elif mention.rule in _UNRESOLVED_KEPT or mention.rule.startswith(("pattern:of:", _PLACED_IN_AREA_RULE)):
        # a toponym by its form ("the town of Moura"), not one we know: kept unresolved; a name before
        # "district" may be no place at all ("a Taliban district chief")
        mention.best, mention.score = None, 0.0
    elif mention.rule != "given":
        mention.best, mention.score, mention.dropped = None, 0.0, True


def _names_area(mention: _Mention, place: Place) -> bool:
    """A country, or a larger area read as a toponym in its own right; a word inside an organisation's
    name ("Central" in "Central Committee") names an area abroad only where the story is."""
    return (place.feature_code == "PCLI" or mention.rule in _STRONG_RULES or mention.rule.startswith("pattern:")
            or mention.text.split()[-1].lower() in _AREA_SUFFIXES)  # "pushed into Kayin State"


def _best_of(mention: _Mention, candidates: list[tuple[Place, bool]], tally: _Tally, coverage: _Coverage) -> Place:
    context = tally.context(mention, coverage)
    return max(candidates, key=lambda pair: _score(mention, pair[0], pair[1], context))[0]


def _qualified_as(mention: _Mention, place: Place) -> bool:
    return bool(mention.qualifiers) and (_qualifies(mention.qualifiers, place) or _in_areas(place, mention.qualifier_areas))


def _evidence_abroad(mention: _Mention, place: Place, mentioned: set[str]) -> bool:
    """A qualifier naming its area ("Paris, Texas"); or, from a strong rule, its own name or a country
    the document has other places in ("Izium" for Izyum beside Kharkiv); or, from a weaker rule, its own
    name in such a country or as a national capital."""
    if _qualified_as(mention, place) or (not _is_local(place) and _names_area(mention, place)):
        return True
    if place.country in mentioned:
        return mention.rule in _STRONG_RULES or _own_name(mention, place)
    # a country the story never names: only a capital or a big city is known well enough to be
    # meant without saying where it is ("Moura" in a story on Mali is not the Portuguese town)
    return _own_name(mention, place) and (place.feature_code == "PPLC"
                                          or (mention.rule in _STRONG_RULES and _prominent(place)))


def _share_qualified_readings(mentions: list[_Mention]) -> None:
    """One name, one place in a document: "Khogyani district, Ghazni province" ... "operates in
    Khogyani district" — the bare mention takes the reading its qualified mention was given."""
    qualified = {}
    for mention in mentions:
        if (mention.suffix in _SUB_AREA_SUFFIXES and mention.qualifier_areas and mention.best is not None
                and _in_areas(mention.best, mention.qualifier_areas)):
            qualified.setdefault(_key(mention.text), mention)
    for mention in mentions:
        source = qualified.get(_key(mention.text))
        if source is not None and not mention.qualifiers:
            mention.best, mention.approximate = source.best, source.approximate


# Suffixes of a place inside a first-level area ("X district, Y province"), where the area a qualifier
# names overrules a reading elsewhere. Not towns or cities: "Springfield, Ill." with the right
# Springfield missing from the candidates is better left to its nearest namesake (geo dev).
_SUB_AREA_SUFFIXES = frozenset({"district", "village", "valley"})


def _defer_to_qualifying_area(mention: _Mention, gazetteer: Gazetteer) -> None:
    """"Zurmat district, Paktika province": when the first-level area a qualifier names holds no
    reading of the name, the text places it in that area, and the area is what we know of it (a
    coarser place, but not one in another province or another country: "Nad ‘Ali" in Turkey)."""
    named = {(country, admin1) for country, admin1 in mention.qualifier_areas if admin1}
    if mention.suffix not in _SUB_AREA_SUFFIXES or not named:
        return
    if mention.best is not None and _in_areas(mention.best, named):
        return
    if any(_in_areas(place, named) for place, _ in mention.candidates):
        return  # a reading in the area exists; the scores already weighed the qualifier
    areas = [place for qualifier in mention.qualifiers for place, exact in gazetteer.lookup(qualifier, CANDIDATE_LIMIT)
             if exact and place.feature_code == "ADM1" and (place.country, place.name) in named]
    if areas:
        mention.best, mention.approximate = areas[0], True


def _take_the_area_named(mention: _Mention) -> None:
    """"the Segou region", "Kabul province": the area, not its main town, however near the story's other
    places the town lies (the context scores weigh points; the place noun says which one is meant)."""
    best = mention.best
    wanted = _SUFFIX_TYPES.get(mention.suffix or "", set()) & _CONTEXT_AREA_CODES.keys()
    if best is None or mention.suffix not in _AREA_SUFFIXES or not wanted or best.feature_code in wanted:
        return
    area = next((p for p, exact in mention.candidates
                 if exact and p.feature_code in wanted and p.country == best.country and p.name == best.admin1), None)
    if area is not None:
        mention.best = area


def _fall_back_to_document_anchor(mention: _Mention, mentions: list[_Mention]) -> None:
    """A span known to be a toponym that the gazetteer lacks ("Meadow Grove", a river, a neighbourhood)
    lies where the document is: when no partial-name reading is near the document's places, take the
    place the document names most often (towns and counties first, then larger areas), the usual locus
    of local news."""
    anchors = [m.best for m in mentions if m.best is not None and not m.approximate and m is not mention]
    if not anchors:
        return
    if mention.best is not None and any(haversine_km(mention.best.latitude, mention.best.longitude,
                                                     a.latitude, a.longitude) <= ANCHOR_KM for a in anchors):
        return
    local = ([a for a in anchors if a.feature_class == "P" or a.feature_code == "ADM2"]
             or [a for a in anchors if a.feature_code not in ("PCLI", "CONT")] or anchors)
    counts: dict[int, int] = {}
    for place in local:
        counts[place.geonameid] = counts.get(place.geonameid, 0) + 1
    top = max(local, key=lambda p: counts[p.geonameid])  # first of the most frequent
    mention.best, mention.score, mention.approximate = top, 0.0, True


# ---------------------------------------------------------------- settlements the gazetteer lacks

# Villages, kibbutzim and small towns below GeoNames cities500 are missing from every installable
# source (docs/quality.md, "places the gazetteer lacks"). A name the text itself places ("in Wakoro", "the village of
# Wakoro", "Wakoro, a market town in ...") keeps its name and takes the point of the most specific area
# its context names, with ACLED's precision: 2 inside a second-level area, 3 inside a first-level one.
_CONTEXT_AREA_CODES = {"ADM1": 3, "ADM2": 2}
# Areas named as someone's origin or in an organisation's name ("Tigrayan forces", "the Kachin
# Independence Army"): no context for where a village lies.
_NOT_WHERE_RULES = {"ner:NORP", "embedded:ORG", "pattern:demonym"}
# "X, a district capital in Y", "X township in northern Y", "X, in Y's Z region": the area that follows
# a name through "in" places it, before any nearer area of the sentence.
_PLACED_BY = re.compile(r"^[^.;]*?\bin\b[^.;]*$")


def _place_unknown_settlements(doc, mentions: list[_Mention], gazetteer: Gazetteer,
                               others: Sequence[_Mention] = ()) -> None:
    """Give each unresolved settlement the area its sentence places it in ("X, in Y region"; the part of
    it a compass word names, "X township in northern Y"), else the nearest area of the story's main
    country its sentence or paragraph names, else the story's only first-level area (`others`: the
    story's mentions, for a headline)."""
    unknown = [m for m in mentions if _unknown_settlement(doc, m)]
    if not unknown:
        return
    areas = [m for m in [*mentions, *others] if m.best is not None and not m.dropped
             and m.best.feature_code in _CONTEXT_AREA_CODES and m.rule not in _NOT_WHERE_RULES]
    if not areas:
        return
    text = doc_text(doc)
    sentences, paragraphs = _sentence_starts(doc, text), _paragraph_starts(text)
    # beyond its own sentence, only an area of the story's main country: an outsider's home state
    # ("missionaries from Ohio ... abducted near X") is no context for a village in Haiti
    home = [a for a in areas if a.best.country in _main_countries([*mentions, *others])]
    for mention in unknown:
        # a country its sentence names ("Yemen's western city of X") rules out areas of another
        named = _countries_named(mention, mentions, sentences)
        fitting, home_fitting = ([a for a in group if not named or a.best.country in named] for group in (areas, home))
        placing = _area_placing(mention, fitting, sentences, text)
        area = (placing or _nearest_area(mention, home_fitting, sentences, text)
                or _nearest_area(mention, home_fitting, paragraphs, text) or _story_area(mention, home_fitting))
        if area is None:
            continue
        settlement = _settlement_in(mention, area.best)
        direction = _compass_before(text, area) if area is placing else None
        if direction is not None:
            settlement = _in_part_of_area(settlement, area.best, direction, gazetteer)
        mention.best, mention.score, mention.approximate = settlement, area.score, True


# "in northern Y", "in north-western Y", "in southeast Y": the (north, east) components of the part named.
_COMPASS_PARTS = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1)}
_COMPASS_BEFORE_AREA = re.compile(r"\b(north|south)?[\s-]?(east|west)?(?:ern)?\s*$", re.IGNORECASE)
# The share of an area's towns, those farthest in the direction named, whose mean point stands for "northern Y".
_AREA_PART_SHARE = 3
_AREA_PART_MIN_TOWNS = 6


def _compass_before(text: str, area: _Mention) -> tuple[int, int] | None:
    """The compass direction written right before an area's name ("in northern Rakhine State",
    "in north-western Tigray"), as (north, east) components; None without one."""
    match = _COMPASS_BEFORE_AREA.search(text[max(0, area.start - 20):area.start])
    if match is None or not (match.group(1) or match.group(2)):
        return None
    parts = [_COMPASS_PARTS[word.lower()] for word in match.groups() if word]
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


def _in_part_of_area(settlement: Place, area: Place, direction: tuple[int, int], gazetteer: Gazetteer) -> Place:
    """A settlement the text puts in the northern (western, ...) part of an area lies nearer the mean
    point of the area's towns farthest that way than the area's middle: the area's point moved there.
    An area with too few known towns keeps its point."""
    admin2 = area.admin2 if area.feature_code == "ADM2" else None
    towns = gazetteer.towns_in(area.country, area.admin1, admin2) if area.admin1 else []
    if len(towns) < _AREA_PART_MIN_TOWNS:
        return settlement
    north, east = direction
    farthest = sorted(towns, key=lambda t: -(north * t.latitude + east * t.longitude * math.cos(math.radians(t.latitude))))
    part = farthest[:max(1, len(towns) // _AREA_PART_SHARE)]
    latitude = sum(t.latitude for t in part) / len(part)
    longitude = sum(t.longitude for t in part) / len(part)
    return replace(settlement, geonameid=stable_id(settlement.name, latitude, longitude),
                   latitude=latitude, longitude=longitude)


_DIRECTION_PREFIX = re.compile(r"^(?i:(?:north|south|east|west)(?:east|west|ern)?|central|northern|southern|upper|lower)"
                               r"\s+([A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,2})$")


def _read_past_a_direction(mentions: list[_Mention], gazetteer: Gazetteer) -> None:
    """"Southwest Atlanta", "Central Texas", "North Philadelphia": a part of a place the gazetteer
    has no name for is that place (its precision as the place's), the reading in the story's other
    places' first-level areas first, else the most populous, in the countries they lie in. A
    direction in lower case ("in west Charlotte") is no part of a name, whatever alias a namesake
    holds ("West Charlotte", a village of Vermont)."""
    for mention in mentions:
        match = _DIRECTION_PREFIX.match(mention.text)
        if mention.dropped or match is None or mention.rule not in _UNRESOLVED_KEPT:
            continue
        if mention.best is not None and (not mention.text[0].islower() or mention.best.feature_class != "P"):
            continue  # "West Bank", "North Charleston": a name of its own; "west Charlotte" is a direction
        # the areas of the story's other names: a namesake of "west X" holding the alias "West X" votes for itself
        # (a country named as a whole, "US troops", places no part of a town there: "Northern Alliance")
        named_areas = {(m.best.country, m.best.admin1) for m in mentions if m.best is not None and not m.dropped
                       and _key(m.text) != _key(match.group(1)) and _DIRECTION_PREFIX.match(m.text) is None
                       and m.best.feature_code not in ("PCLI", "CONT")}
        countries = {country for country, _ in named_areas}
        readings = [p for p, exact in gazetteer.lookup(match.group(1), CANDIDATE_LIMIT)
                    if exact and _key(p.name) == _key(match.group(1)) and p.feature_code not in ("PCLI", "CONT")
                    and (not countries or p.country in countries)]  # never a namesake abroad
        if readings:
            mention.best = max(readings, key=lambda p: ((p.country, p.admin1) in named_areas, p.population))
            mention.approximate = True


# Last words of the name of a street, a park or a building: a place inside a town, which no gazetteer
# of towns holds ("Liberty Park", "Elm Street", "the Blue Note Lounge"; not "the Hinds County
# Sheriff's Department", an organisation spaCy may call a facility).
_FACILITY_WORDS = frozenset("street st avenue ave road rd drive dr boulevard blvd lane ln way court ct place "
                            "parkway highway hwy terrace circle park plaza square mall center centre apartments "
                            "complex hotel motel inn bar lounge club restaurant grill cafe store market "
                            "school church station".split())


def _place_facilities_in_their_town(doc, mentions: list[_Mention]) -> None:
    """A street, park or building the gazetteer lacks ("shot at Liberty Park", "on Elm Street") lies in
    the town its sentence names, else in the town the story is about (named more than all its other
    towns together, "Stockton police" included; the dateline's is where the reporter files): ACLED
    codes the town."""
    text = doc_text(doc)
    for mention in mentions:
        if mention.best is not None and _named_as_a_street(text, mention):
            mention.best = None  # "the 200 block of Monroe", "Baltimore Ave.": a street, not that town
    facilities = [m for m in mentions if _unknown_facility(m) or _unknown_street(text, m) or _named_as_a_street(text, m)]
    towns = [m for m in mentions if m.best is not None and not m.dropped and not m.approximate
             and m.best.feature_class == "P" and m.rule != "pattern:dateline"]
    if not facilities or not towns:
        return
    sentences = _sentence_starts(doc, text)
    story_town = _story_town(towns)
    for mention in facilities:
        sentence = bisect_right(sentences, mention.start)
        near = [t for t in towns if bisect_right(sentences, t.start) == sentence]
        town = min(near, key=lambda t: abs(t.start - mention.start)).best if near else story_town
        if town is not None:
            mention.best, mention.score, mention.approximate = town, 0.0, True


def _unknown_facility(mention: _Mention) -> bool:
    if mention.best is not None or mention.dropped or "\n" in mention.text:
        return False
    words = mention.text.lower().replace(".", "").split()
    return mention.rule in _UNRESOLVED_KEPT and len(words) > 1 and words[-1] in _FACILITY_WORDS


def _unknown_street(text: str, mention: _Mention) -> bool:
    """"a shooting Sunday on Bosworth", "on Thrush": an unresolved name right after "on" is a street
    (towns are "in"), whatever word ends it."""
    return (mention.best is None and not mention.dropped and "\n" not in mention.text
            and mention.rule in _UNRESOLVED_KEPT and text[max(0, mention.start - 3):mention.start] == "on ")


# A street's frame: "the 4500 block of (West) X", "X Avenue", "X Ave.", "between X and Y Avenues".
_BLOCK_OF = re.compile(r"\bblock of (?:(?:North|South|East|West|[NSEW]\.?) )?$")
_STREET_AFTER = re.compile(r"(?: and [A-Z][\w.]*(?: [A-Z][\w.]*)?)? (?:Avenues?|Ave\b|Streets?|St\.|Roads?|Rd\b|"
                           r"Boulevard|Blvd\b|Lane|Ln\b|Court|Ct\b|Parkway|Pkwy\b|Terrace|Circle|Highway|Hwy\b)")


def _named_as_a_street(text: str, mention: _Mention) -> bool:
    """A name after "block of" or before a street word names a street, whatever town shares it."""
    if mention.dropped or "\n" in mention.text:
        return False
    return bool(_BLOCK_OF.search(text[max(0, mention.start - 30):mention.start])
                or _STREET_AFTER.match(text, mention.end))


def _story_town(towns: list[_Mention]) -> Place | None:
    """The town named more often than all the story's other towns together."""
    counts = Counter(t.best.geonameid for t in towns)
    top, count = counts.most_common(1)[0]
    return next(t.best for t in towns if t.best.geonameid == top) if count * 2 > len(towns) else None


# "the West Englewood neighborhood", "Chicago's Roseland", "the Hyde Park section": a part of a city,
# which ACLED (and GVA) file under the city. Cities only so much larger than the part, and this near.
_NEIGHBOURHOOD_AFTER = re.compile(r"\s+(?:neighbou?rhoods?|section|community area)\b", re.IGNORECASE)
_CITY_POSSESSIVE = re.compile(r"([A-Z][\w.]+(?: [A-Z][\w.]+)?)['’]s\s+(?:[a-z]+\s+)?$")
_CITY_SIDE = re.compile(r"^(?:(?:North|South|East|West)(?:east|west)?|Near (?:North|South|West)) Side$")
NEIGHBOURHOOD_KM = 30.0
CITY_POPULATION = 100_000  # a city with parts its stories name (the smallest of GeoNames' "cities" is 1,000)
CITY_POPULATION_RATIO = 3  # the city at least this many times the part's population (GeoNames cities500)


def _place_neighbourhoods_in_their_city(doc, mentions: list[_Mention]) -> None:
    """A part of a city named as one ("in the Austin neighborhood", "Chicago's South Shore") is placed
    at the city the story names, when that city lies within NEIGHBOURHOOD_KM of the part's reading (or
    the part has no reading near it): a same-name town in another state ("Austin", Texas) or the
    part's own point is not what an analyst codes. Every mention of the name follows."""
    text = doc_text(doc)
    # where the reporter files from is no city the story's places are parts of
    towns = [m for m in mentions if m.best is not None and not m.dropped and not m.approximate
             and m.best.feature_class == "P" and m.rule != "pattern:dateline"]
    town_names = {_key(m.text) for m in towns}
    parts = [m for m in mentions if not m.dropped and _named_as_a_part(text, m, town_names)]
    part_names = {_key(m.text) for m in parts}
    cities = [m for m in towns if _key(m.text) not in part_names]
    far = _far_namesakes_in_a_city_story(cities, mentions, text)
    cities = [m for m in cities if _key(m.text) not in far]  # no city holding the parts either
    moved: dict[str, Place] = {}
    for mention in parts:
        # a part no city of the story holds is one of the big city the reporter files from ("CHICAGO —"),
        # unless the gazetteer knows it as an area ("Baghlan's Andarab plain" in a story filed from Kabul)
        city = _city_holding(mention, cities, text) or (None if _an_area(mention) else _dateline_city(mentions))
        if city is not None:
            moved[_key(mention.text)] = city
    moved.update(_policed_by_a_city(cities, text))
    moved.update(far)
    readings = {m.best.geonameid: moved[_key(m.text)] for m in mentions
                if m.best is not None and not m.approximate and _key(m.text) in moved}
    for mention in mentions:
        city = moved.get(_key(mention.text))
        if city is not None and not mention.dropped and _qualified_only_by(mention, city):
            mention.best, mention.approximate = city, True
        elif mention.approximate and mention.best is not None and mention.best.geonameid in readings:
            # "Humboldt Park" placed in the town its sentence named, which was such a part
            mention.best = readings[mention.best.geonameid]


def _an_area_of_its_region(mention: _Mention, city: Place) -> bool:
    """A name the gazetteer knows as an administrative area of the city's own region ("Baghlan's
    Andarab plain": the Andarab district of Baghlan province) is no neighbourhood of that town."""
    return any(place.feature_class == "A" and place.country == city.country and place.admin1 == city.admin1
               for place, exact in mention.candidates if exact)


def _an_area(mention: _Mention) -> bool:
    """The gazetteer knows the name itself as an administrative area (a district, a province)."""
    return any(place.feature_class == "A" for place, exact in mention.candidates if exact)


def _qualified_only_by(mention: _Mention, city: Place) -> bool:
    """No qualifier, or the city's name ("in Brighton Park, Chicago police said")."""
    return all(_key(q) == _key(city.name) for q in mention.qualifiers)


def _policed_by_a_city(cities: list[_Mention], text: str) -> dict[str, Place]:
    """"A man was shot in Brighton Park, Chicago police said": a town-sized place within
    NEIGHBOURHOOD_KM of a much larger city whose police the story names, and that has no police of
    its own in the story, is a part of that city (a suburb's story names the suburb's police)."""
    policing = [c for c in cities if c.best.population >= CITY_POPULATION and _police_of(c.text, text)]
    moved = {}
    for mention in cities:
        place = mention.best
        if _police_of(mention.text, text) or not _is_local(place):
            continue
        city = next((c.best for c in policing if c.best.geonameid != place.geonameid
                     and _qualified_only_by(mention, c.best)
                     and c.best.population >= CITY_POPULATION_RATIO * max(place.population, 1)
                     and haversine_km(place.latitude, place.longitude, c.best.latitude, c.best.longitude)
                     <= NEIGHBOURHOOD_KM), None)
        if city is not None:
            moved[_key(mention.text)] = city
    return moved


# A small town this far from the city whose police tell the story, in an area the story names nothing
# else in, is a namesake of a street, hospital or neighbourhood of that city ("Mount Sinai", "Broadway",
# "Germantown" in a Chicago, Buffalo or Philadelphia story), not a town states away.
FAR_NAMESAKE_KM = 300.0


def _far_namesakes_in_a_city_story(cities: list[_Mention], mentions: list[_Mention], text: str) -> dict[str, Place]:
    """Towns under CITY_POPULATION read FAR_NAMESAKE_KM or more from the city of CITY_POPULATION
    whose police the story names, in a first-level area where the story names nothing else, neither
    qualified nor policed themselves nor where someone came from ("a man from Tucson"): parts of that
    city the gazetteer has no name for."""
    # only a city whose police tell the story: the city a reporter files from ("KHARTOUM —") often
    # reports towns far away in areas it names nothing else in
    policing = [c.best for c in cities if c.best.population >= CITY_POPULATION and _police_of(c.text, text)]
    if len({city.geonameid for city in policing}) != 1:
        return {}
    city = policing[0]
    moved = {}
    for mention in cities:
        place = mention.best
        if (place.population >= CITY_POPULATION or mention.qualifiers or _police_of(mention.text, text)
                or re.search(r"\bfrom\s+$", text[max(0, mention.start - 6):mention.start])
                or haversine_km(place.latitude, place.longitude, city.latitude, city.longitude) < FAR_NAMESAKE_KM):
            continue
        area = (place.country, place.admin1)
        if not any(m.best is not None and not m.dropped and not m.approximate and _key(m.text) != _key(mention.text)
                   and (m.best.country, m.best.admin1) == area for m in mentions):
            moved[_key(mention.text)] = city
    return moved


def _dateline_city(mentions: list[_Mention]) -> Place | None:
    """The city of CITY_POPULATION or more a dateline names ("CHICAGO —")."""
    return next((m.best for m in mentions if m.rule == "pattern:dateline" and m.best is not None and not m.dropped
                 and m.best.feature_class == "P" and m.best.population >= CITY_POPULATION), None)


def _police_of(name: str, text: str) -> bool:
    # Tried only where the name stands (a search for a pattern opening on \b tries every offset).
    if not name or ("olice" not in text and "PD" not in text):
        return False
    pattern = re.compile(rf"\b{re.escape(name)}(?:['’]s)?\s+(?:[Pp]olice|PD)\b")
    at = text.find(name)
    while at >= 0:
        if pattern.match(text, at):
            return True
        at = text.find(name, at + 1)
    return False


def _named_as_a_part(text: str, mention: _Mention, town_names: set[str]) -> bool:
    """"the X neighborhood", "the South Side", or a town's possessive ("Chicago's X"; not "Sagaing
    Region's X")."""
    owner = _CITY_POSSESSIVE.search(text[max(0, mention.start - 40):mention.start])
    return bool(_NEIGHBOURHOOD_AFTER.match(text, mention.end) or _CITY_SIDE.match(mention.text)
                or (owner is not None and _key(owner.group(1)) in town_names))


def _city_holding(mention: _Mention, cities: list[_Mention], text: str) -> Place | None:
    """The city the story names that holds the part: its possessive ("Chicago's"), else the nearest
    such city named, larger than the part and near its reading (any reading, when it has one)."""
    owner = _CITY_POSSESSIVE.search(text[max(0, mention.start - 40):mention.start])
    own_population = mention.best.population if mention.best is not None and not mention.approximate else 0
    readings = [p for p, exact in mention.candidates if exact] or ([mention.best] if mention.best else [])
    fitting = []
    for city in cities:
        place = city.best
        if place.population < CITY_POPULATION_RATIO * (own_population or 1):
            continue
        if owner is not None and _key(owner.group(1)) == _key(city.text):
            return None if _an_area_of_its_region(mention, place) else place
        if not readings or any(haversine_km(r.latitude, r.longitude, place.latitude, place.longitude) <= NEIGHBOURHOOD_KM
                               for r in readings):
            fitting.append(city)
    if not fitting and not any(haversine_km(r.latitude, r.longitude, c.best.latitude, c.best.longitude)
                               <= NEIGHBOURHOOD_KM for r in readings for c in cities):
        # no reading of the part lies near any place the story names ("the Austin neighborhood" in a
        # Chicago story: the Texas capital is no part of Chicago): the part of the city the story names
        countries = {r.country for r in readings}
        fitting = [c for c in cities if c.best.population >= CITY_POPULATION
                   and (not countries or c.best.country in countries)]
    return min(fitting, key=lambda c: abs(c.start - mention.start)).best if fitting else None


def _countries_named(mention: _Mention, mentions: list[_Mention], sentences: list[int]) -> set[str]:
    """Countries named (or named by demonym) in the mention's sentence."""
    sentence = bisect_right(sentences, mention.start)
    return {m.best.country for m in mentions if m.best is not None and not m.dropped
            and m.best.feature_code == "PCLI" and bisect_right(sentences, m.start) == sentence}


def _main_countries(mentions: Sequence[_Mention]) -> set[str]:
    """The countries most of the resolved mentions lie in (ties kept)."""
    votes = Counter(m.best.country for m in mentions if m.best is not None and not m.dropped and m.best.country)
    top = max(votes.values(), default=0)
    return {country for country, count in votes.items() if count == top}


# Nouns of settlements ("the village of X", "X, a market town"); "the state of X" is rarely a place noun.
_SETTLEMENT_NOUNS = frozenset({"town", "village", "city", "capital", "settlement", "hamlet", "port", "district",
                               "township", "camp", "kibbutz", "moshav", "island", "neighbourhood", "neighborhood"})
# Names of features that are no settlement ("the Dnipro River", "the east bank"); islands are kept.
_NOT_SETTLEMENT = re.compile(r"(?i)\b(?:river|lake|sea|bank|coast|mountains?|hills?|desert|forest|strip|border)$"
                             r"|['’]s(?:\s|$)|['’]$")
# "of" puts an event at a name only after a noun that takes a place ("control of X", "the outskirts
# of X"; not "a supporter of X").
_PLACE_OF_NOUNS = frozenset({"control", "capture", "recapture", "outskirts", "siege", "fall", "centre", "center",
                             "heart", "edge", "north", "south", "east", "west", "residents"})


def _unknown_settlement(doc, mention: _Mention) -> bool:
    """An unresolved name the text uses as a settlement: "the town of X", "X, a village in ...", or a
    spaCy place name after a locative preposition ("in X"; not "Wagner said", "Junta troops")."""
    if mention.best is not None or mention.dropped or "\n" in mention.text or _NOT_SETTLEMENT.search(mention.text):
        return False
    if mention.rule.startswith("pattern:of:"):
        return mention.rule.rsplit(":", 1)[1] in _SETTLEMENT_NOUNS
    if mention.rule == _PLACED_IN_AREA_RULE or _APPOSITION_PATTERN.match(doc_text(doc), mention.start):
        return True  # "X, a town in ..." (a sound-alike reading made the pattern's span give way to spaCy's)
    return mention.rule in ("ner:GPE", "ner:LOC") and _at_preposition(doc, mention) and not _modifies_a_noun(doc, mention)


def _at_preposition(doc, mention: _Mention) -> bool:
    """"in X", "near X", "in northern X"."""
    words = [w.lower() for w in doc_text(doc)[max(0, mention.start - 40):mention.start].split()]
    if words and words[-1] in _DIRECTION_WORDS | {"central"}:
        words = words[:-1]
    if len(words) >= 2 and words[-1] == "of":
        return words[-2] in _PLACE_OF_NOUNS
    return bool(words) and words[-1] in _LOCATIVE | {"around", "between"}


def _modifies_a_noun(doc, mention: _Mention) -> bool:
    """"from Junta military troops", "near Kachin villages": the name qualifies a noun that is no
    settlement's ("in Tazondaung township" is the township's name)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not doc.has_annotation("DEP"):
        return False
    last = span[-1]
    return last.dep_ in ("compound", "amod", "nmod") and last.head.i >= span.end and \
        last.head.lower_ not in _SETTLEMENT_NOUNS


def _sentence_starts(doc, text: str) -> list[int]:
    if doc.has_annotation("SENT_START"):
        return [sentence.start_char for sentence in doc.sents]
    return [0] + [m.end() for m in re.finditer(r"[.!?][\"'’”]?\s+(?=[A-Z\"“])", text)]


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def _area_placing(mention: _Mention, areas: list[_Mention], starts: list[int], text: str) -> _Mention | None:
    """The nearest area that follows the name in its sentence through "in" ("X township in northern Y
    State", "X, a district capital in Y Region"), in whatever country."""
    after = [a for a in _in_block(mention, areas, starts, text)
             if a.start >= mention.end and _PLACED_BY.match(text[mention.end:a.start])]
    return min(after, key=lambda a: a.start, default=None)


def _nearest_area(mention: _Mention, areas: list[_Mention], starts: list[int], text: str) -> _Mention | None:
    """The area mention nearest to `mention` within its block (sentence or paragraph) of `text`."""
    return min(_in_block(mention, areas, starts, text), key=lambda a: abs(a.start - mention.start), default=None)


def _in_block(mention: _Mention, areas: list[_Mention], starts: list[int], text: str) -> list[_Mention]:
    """The areas in the same block as `mention`, in the country its qualifier names if any ("Wakoro, Mali")."""
    block = bisect_right(starts, mention.start)
    return [a for a in areas if a.end <= len(text) and bisect_right(starts, a.start) == block
            and _agrees_with_qualifier(mention, a.best)]


def _story_area(mention: _Mention, areas: list[_Mention]) -> _Mention | None:
    """The story's first-level area when it names only one (its second-level area when it names only
    one of those, inside it)."""
    if len({(a.best.country, a.best.admin1) for a in areas}) != 1:
        return None
    admin2s = {a.best.geonameid for a in areas if a.best.feature_code == "ADM2"}
    wanted = "ADM2" if len(admin2s) == 1 else "ADM1"
    return next((a for a in areas if a.best.feature_code == wanted and _agrees_with_qualifier(mention, a.best)), None)


def _agrees_with_qualifier(mention: _Mention, area: Place) -> bool:
    countries = {country for country, _ in mention.qualifier_areas}
    return not countries or area.country in countries


def _settlement_in(mention: _Mention, area: Place) -> Place:
    """A place for a settlement known only by the area it lies in: its own name, the area's point and
    admin names, ACLED precision 2 or 3, and a stable id of its own (not the area's)."""
    name = mention.queries[0]
    return Place(stable_id(name, area.latitude, area.longitude), name, area.latitude, area.longitude,
                 area.country, area.admin1, area.admin2, "P", None, 0, _CONTEXT_AREA_CODES[area.feature_code])


def _areas_of(mention: _Mention) -> set[tuple]:
    """Areas of the plausible readings of a mention — each reading's (country, admin1) and its
    (country, admin1, admin2), a county being its own admin2 — counting exact matches whose prior is
    within FOCUS_PRIOR_MARGIN of the best (so the town of China, Maine does not vote for Maine)."""
    priors = [(_score(mention, p, exact, None), p) for p, exact in mention.candidates if exact]
    if not priors:
        return set()
    best = max(score for score, _ in priors)
    plausible = [p for score, p in priors
                 if score >= best - FOCUS_PRIOR_MARGIN and p.feature_code not in ("PCLI", "CONT") and p.admin1]
    return {(p.country, p.admin1) for p in plausible} | {_admin2_area(p) for p in plausible if p.admin2}


def _coverage_key(mention: _Mention) -> str:
    """A form's name without its place noun: "Karak district" and "Karak" are one name, not two
    independent witnesses of the same area."""
    return _key(mention.queries[1] if mention.suffix and len(mention.queries) > 1 else mention.text)


def _admin2_area(place: Place) -> tuple:
    return (place.country, place.admin1, place.admin2)


class _Coverage:
    """For each surface form, the share of the *other* surface forms that have some plausible reading
    in an area — a (country, admin1) or a (country, admin1, admin2): the area that could host most of
    the document's places ("spatial minimality"), counted over all candidates so that early wrong
    choices cannot lock each other in. Shares are computed when asked: one table per form made long
    documents quadratic."""

    def __init__(self, mentions: list[_Mention], hinted: bool = False):
        self.hinted = hinted  # some forms are hints (`_counties_of_institutions`): a context even alone
        self.by_key: dict[str, set[tuple]] = {}
        for mention in mentions:
            self.by_key.setdefault(_coverage_key(mention), set()).update(_areas_of(mention))
        self.total = Counter(area for areas in self.by_key.values() for area in areas)
        self.placed = sum(1 for areas in self.by_key.values() if areas)

    def admin1_share(self, key: str, area: tuple) -> float:
        """Over all the other forms (a shared first-level area is common: a weak signal, kept diluted;
        counting only forms with a reading lost 1 point on TR-News)."""
        return self._count(key, area) / max(len(self.by_key) - 1, 1)

    def admin2_share(self, key: str, area: tuple) -> float:
        """Over the other forms that have some plausible reading: street names and names the
        gazetteer lacks could lie anywhere and say nothing against a county."""
        return self._count(key, area) / max(self.placed - bool(self.by_key.get(key)), 1)

    def _count(self, key: str, area: tuple) -> int:
        count = self.total.get(area, 0)
        return count - (area in self.by_key.get(key, ())) if count else 0


def _choose(mention: _Mention, context) -> None:
    scored = [(_score(mention, place, exact, context), place) for place, exact in mention.candidates]
    if not scored:
        mention.best, mention.score = None, 0.0
        return
    score, place = max(scored, key=lambda pair: pair[0])
    mention.best, mention.score = (place, score) if score >= MIN_SCORE else (None, score)


def _score(mention: _Mention, place: Place, exact: bool, context) -> float:
    area = _area_named_for(mention, place) if exact and mention.suffix not in _AREA_SUFFIXES else None
    prior_place = area or place
    score = W_POPULATION * math.log10(prior_place.population + 10)
    score += W_FEATURE.get(prior_place.feature_code or "", 0.0) + (W_MAIN_TOWN_OF_AREA if area else 0.0)
    if not exact:
        score += W_SKELETON
    elif _own_name(mention, place):
        score += W_PRIMARY_NAME
    if mention.suffix and (place.feature_code or "") in _SUFFIX_TYPES.get(mention.suffix, set()):
        score += W_SUFFIX_TYPE
    if mention.definite and place.feature_class in _NATURAL_CLASSES:
        score += W_DEFINITE_FEATURE
    if mention.qualifiers and (_qualifies(mention.qualifiers, place) or _in_areas(place, mention.qualifier_areas)):
        score += W_QUALIFIER
    if context:
        # the main town of a same-named area has the area's context too ("between Gao and Menaka": the
        # region's centre lies nearer the other town than the city does)
        score += max(_context_score(mention, p, context) for p in (place, area) if p is not None)
    return score


def _context_score(mention: _Mention, place: Place, context: "_Context") -> float:
    score = W_SAME_COUNTRY * context.countries.get(place.country, 0.0)
    if place.feature_code not in ("PCLI", "CONT"):
        form = _coverage_key(mention)
        local = (W_SAME_ADMIN1 * context.admins.get((place.country, place.admin1), 0.0),
                 W_SAME_ADMIN2 * context.admin2s.get((place.country, place.admin1, place.admin2), 0.0),
                 W_NEAR * _near_share(place, context),
                 W_FOCUS * context.coverage.admin1_share(form, (place.country, place.admin1)))
        score += max(local)  # correlated signals: the strongest counts (max beat sum on dev)
        # a county and a town in it named by the same story is a sharper, independent coincidence
        score += W_FOCUS_ADMIN2 * context.coverage.admin2_share(form, _admin2_area(place))
        if place.feature_code != "ADM1":  # an area the text names outright adds to them
            score += W_NAMED_ADMIN1 * context.named_admins.get((place.country, place.admin1), 0.0)
    if place.feature_code == "PPLC":
        score += W_CAPITAL_ABROAD * context.country_mentions
    return score


def _area_named_for(mention: _Mention, town: Place) -> Place | None:
    """The candidate first-level area of which this town, named by its own name, is the main town, if any
    (the area may be named by an alias only: "Kharkiv" for "Kharkivska oblast")."""
    if town.feature_class != "P":
        return None
    if not _own_name(mention, town):
        return None
    # An area the name reaches only by an alias ("Kherson" of "Khersonska oblast") is named after its
    # town whatever their populations; a namesake area must hold the town as its main town.
    return next((p for p, exact in mention.candidates
                 if exact and p.feature_code == "ADM1" and p.country == town.country and p.name == town.admin1
                 and (not _own_name(mention, p) or town.population >= CAPITAL_POPULATION_SHARE * p.population)),
                None)


def _qualifier_areas(qualifiers: list[str], gazetteer: Gazetteer) -> set[tuple]:
    """Countries and first-level areas the qualifiers name, demonyms included ("Canadian" -> CA)."""
    areas = set()
    for qualifier in qualifiers:
        for place, exact in gazetteer.lookup(qualifier, CANDIDATE_LIMIT):
            if exact and place.feature_code == "PCLI":
                areas.add((place.country, None))
            elif exact and place.feature_code == "ADM1":
                areas.add((place.country, place.name))
    return areas


def _in_areas(place: Place, areas: set[tuple]) -> bool:
    return place.feature_code != "PCLI" and any(
        place.country == country and admin1 in (None, place.admin1) for country, admin1 in areas)


def _qualifies(qualifiers: list[str], place: Place) -> bool:
    areas = {_key(place.admin1 or ""), _key(place.country or "")} - {""}
    if place.country == "US":
        areas.add("united states")
    return any(_key(q) in areas for q in qualifiers)


@dataclass
class _Context:
    """What the other mentions of the document resolve to, as shares of their occurrences."""

    countries: dict[str | None, float]
    admins: dict[tuple, float]
    admin2s: dict[tuple, float]  # (country, admin1, admin2) of towns and second-level areas
    named_admins: dict[tuple, float]  # (country, admin1) as shares of the mentions naming a first-level area
    country_mentions: float  # share of occurrences naming a country
    coverage: "_Coverage | None" = None
    near: dict[tuple, float] = field(default_factory=dict)  # _near_share of each point, computed once
    share: float = 0.0  # of one occurrence
    own_points: Counter = field(default_factory=Counter)  # the current form's points, left out
    tally: "_Tally | None" = None  # where the points are counted


class _Counts:
    """What some mentions' chosen places add to a context and to the document's focus, as counts."""

    def __init__(self):
        self.resolved = 0  # mentions with a place that is not approximate: the context's denominator
        self.countries: Counter = Counter()
        self.admins: Counter = Counter()
        self.admin2s: Counter = Counter()
        self.named_admins: Counter = Counter()  # first-level areas named outright
        self.points: Counter = Counter()  # (latitude, longitude) of sub-national places
        self.country_mentions = 0
        self.voting = 0  # mentions whose place has a country: the focus's denominator
        self.votes: Counter = Counter()
        self.named: Counter = Counter()  # countries named by a country, demonym or first-level area

    def add(self, place: Place | None, approximate: bool, sign: int) -> None:
        if place is None:
            return
        if place.country:
            self.voting += sign
            self.votes[place.country] += sign
            if place.feature_code in _DEMONYM_TARGETS:
                self.named[place.country] += sign
        if approximate:
            return
        self.resolved += sign
        self.countries[place.country] += sign
        if place.feature_code in ("PCLI", "CONT"):
            self.country_mentions += sign
            return
        self.admins[(place.country, place.admin1)] += sign
        if place.admin2:
            self.admin2s[(place.country, place.admin1, place.admin2)] += sign
        self.points[(place.latitude, place.longitude)] += sign
        if place.feature_code == "ADM1":
            self.named_admins[(place.country, place.admin1)] += sign


class _Tally:
    """The mentions' current choices counted by surface form and kept up to date as choices change
    (`update`): a mention's context, what the *other* forms resolve to, is the whole less its own
    form. Rebuilding it from every mention after each changed choice, and the focus countries for
    each mention, made long documents quadratic. The shares equal a rebuild's to the last bit: a
    share added n times is summed the same way (`_shares`)."""

    def __init__(self, mentions: list[_Mention]):
        self.total = _Counts()
        self.by_key: dict[str, _Counts] = {}
        self.counted: dict[int, tuple[Place | None, bool]] = {}  # id(mention) -> its choice as counted
        self.sums: dict[float, list[float]] = {}
        self.points: list[tuple[float, float]] = []  # every sub-national point ever chosen
        self.known: set[tuple[float, float]] = set()
        self.neighbours: dict[tuple[float, float], list[tuple[float, float]]] = {}
        for mention in mentions:
            self.update(mention)

    def update(self, mention: _Mention) -> None:
        """Count the mention's current choice instead of the one counted before."""
        now = (mention.best, mention.approximate)
        before = self.counted.get(id(mention))
        if before is not None and before[0] is now[0] and before[1] == now[1]:
            return
        own = self.by_key.setdefault(_key(mention.text), _Counts())
        if before is not None:
            self.total.add(*before, -1)
            own.add(*before, -1)
        self.total.add(*now, 1)
        own.add(*now, 1)
        self.counted[id(mention)] = now
        if now[0] is not None and now[0].feature_code not in ("PCLI", "CONT"):
            self._know((now[0].latitude, now[0].longitude))

    def focus(self, current: _Mention | None) -> tuple[set[str], set[str]]:
        """The countries the document is about and those its places lie in, `current`'s form excepted
        (see `focus_countries`)."""
        own = self.by_key.get(_key(current.text), _Counts()) if current is not None else _Counts()
        voting = self.total.voting - own.voting
        votes = self.total.votes - own.votes
        focus = set(self.total.named - own.named) | {c for c, v in votes.items() if v >= DOCUMENT_COUNTRY_SHARE * voting}
        return focus, set(votes)

    def named(self, current: _Mention) -> set[str]:
        """The countries the document names (a country, a demonym, a first-level area), `current`'s
        form excepted."""
        own = self.by_key.get(_key(current.text), _Counts())
        return set(self.total.named - own.named)

    def context(self, current: _Mention, coverage: _Coverage) -> _Context | None:
        own = self.by_key.get(_key(current.text), _Counts())
        resolved = self.total.resolved - own.resolved
        if not resolved:  # no other place read: only hints can tell where the story is
            return _Context({}, {}, {}, {}, 0.0, coverage, own_points=own.points, tally=self) if coverage.hinted else None
        share = 1.0 / resolved
        named = self.total.named_admins - own.named_admins
        areas = sum(named.values())
        return _Context(self._shared(self.total.countries - own.countries, share),
                        self._shared(self.total.admins - own.admins, share),
                        self._shared(self.total.admin2s - own.admin2s, share),
                        {area: count / areas for area, count in named.items()},
                        self._shares(share, self.total.country_mentions - own.country_mentions),
                        coverage, share=share, own_points=own.points, tally=self)

    def near_share(self, place: Place, context: _Context) -> float:
        """The share of the other forms' sub-national places within NEAR_KM of the place (an int 0
        for none, as a rebuild's `sum` gave)."""
        count = sum(self.total.points[point] - context.own_points[point]
                    for point in self._neighbours((place.latitude, place.longitude)))
        return self._shares(context.share, count) if count else 0

    def _shared(self, counts: Counter, share: float) -> dict:
        return {key: self._shares(share, count) for key, count in counts.items()}

    def _shares(self, share: float, count: int) -> float:
        """`share` added `count` times one after another, as a rebuild sums it."""
        sums = self.sums.setdefault(share, [0.0])
        while len(sums) <= count:
            sums.append(sums[-1] + share)
        return sums[count]

    def _neighbours(self, point: tuple[float, float]) -> list[tuple[float, float]]:
        if point not in self.neighbours:
            self.neighbours[point] = [other for other in self.points if _near(point, other)]
        return self.neighbours[point]

    def _know(self, point: tuple[float, float]) -> None:
        if point in self.known:
            return
        self.known.add(point)
        self.points.append(point)
        for origin, near in self.neighbours.items():
            if _near(origin, point):
                near.append(point)


# No two points further apart in latitude than this are within NEAR_KM (a great circle is at least as long
# as its latitude difference): a cheap test that spares most distance computations.
NEAR_LATITUDE_DEGREES = NEAR_KM / (12742.0 * math.pi / 360)


def _near_share(place: Place, context: _Context) -> float:
    """The share of the other forms' sub-national places within NEAR_KM of the place."""
    point = (place.latitude, place.longitude)
    if point not in context.near:
        context.near[point] = context.tally.near_share(place, context)
    return context.near[point]


def _near(point: tuple[float, float], other: tuple[float, float]) -> bool:
    return (abs(point[0] - other[0]) <= NEAR_LATITUDE_DEGREES
            and haversine_km(point[0], point[1], other[0], other[1]) <= NEAR_KM)

