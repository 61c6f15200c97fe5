"""Toponym recognition and resolution against the offline gazetteer.

Recognition goes beyond spaCy NER (the small model tags many Afghan districts as PERSON). In priority order:
  * transliterated compounds ("Mazar-e-Sharif"), "X province/district/valley/pass/city/county" and
    lists ("Andarab, Puli Hisar and Dih Salah districts"), upper-case datelines ("NEWARK --");
  * spaCy GPE/LOC/FAC entities (kept with no place when the gazetteer lacks them: streets, hamlets),
    and NORP entities naming a country, continent or first-level area ("Russian", "Ohioans");
  * news abbreviations ("U.S.", "W.Va."), PERSON/ORG names after a place preposition ("near Jabal Saraj"),
    prominent places inside organisation names ("Kentucky State Police");
  * names recognized elsewhere in the document where spaCy said PERSON/ORG, names qualified like
    "Gainesville, Fla.", and capitalized names the gazetteer puts in a country the document is about.
Resolution scores each candidate with a prior (population, feature type, own name or alias) plus
document context: countries and admin1 areas of the other mentions, their distance, the admin1 area able
to host most of the document's names, and a qualifier right after the name ("Paris, Texas"). A few
rounds let mentions settle each other ("Alexandria" near "Rapides Parish" is the Louisiana town).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from eventfold.annotate.gazetteer import Gazetteer, haversine_km, normalize_name
from eventfold.model import Place, PlaceMention, Span

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

PLACE_SUFFIXES = r"(?:province|district|valley|pass|city|county|parish|state|region|governorate|village|town)"
# Prepositions that take a place but rarely a person ("near Jabal Saraj"; unlike "to"/"from").
_PLACE_PREPOSITIONS = {"in", "near", "outside", "across", "into"}
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "outside", "across", "toward", "towards", "through"}

# Scoring weights, calibrated on the LGL/TR-News dev sets (accuracy within 161 km over gold spans).
W_POPULATION = 1.0  # per decade of population
# By feature type. An admin2 area's population is the sum of its towns', yet a bare "Madison" is
# more often the town than the county: hence the malus (-1 vs 0: +0.1/+0.4 points on LGL/TR-News).
W_FEATURE = {"PCLI": 3.0, "CONT": 3.0, "ADM1": 2.0, "PPLC": 1.5, "ADM2": -1.0, "PPL": 0.0}
W_PRIMARY_NAME = 2.0  # the query is the place's own name, not one of its aliases
W_SKELETON = -5.0  # only a consonant-skeleton match
W_SAME_COUNTRY = 2.5  # times the share of other mentions in the candidate's country
W_SAME_ADMIN1 = 8.0  # times the share of other mentions in the candidate's admin1
W_QUALIFIER = 8.0  # "Name, Qualifier" where the qualifier is the candidate's admin1 or country
W_SUFFIX_TYPE = 3.0  # "X province" and an ADM1 candidate, "X district" and an ADM2 candidate, ...
W_NEAR = 6.0  # times the share of other (sub-national) mentions within NEAR_KM of the candidate
NEAR_KM = 250.0
W_FOCUS = 8.0  # times the share of other surface forms that have some candidate in the candidate's admin1
FOCUS_PRIOR_MARGIN = 6.0  # in prior points (~decades of population); 3, 4, 6 and none compared on dev
W_CAPITAL_ABROAD = 3.0  # times the share of mentions naming countries: "Washington" among nations is the capital
CONTEXT_ROUNDS = 3
CANDIDATE_LIMIT = 25
MIN_SCORE = 0.0  # below this the best candidate is too weak to trust (calibrated: rarely binding)

_SUFFIX_TYPES = {"province": {"ADM1"}, "state": {"ADM1"}, "governorate": {"ADM1"}, "region": {"ADM1", "RGN"},
                 "district": {"ADM2", "ADM3"}, "county": {"ADM2"}, "parish": {"ADM2"}, "valley": {"VAL"},
                 "pass": {"PASS"}, "city": {"PPL", "PPLC", "PPLA"}, "town": {"PPL"}, "village": {"PPL"}}


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


# ---------------------------------------------------------------- public API


def find_places(doc, gazetteer: Gazetteer, article_id: str, part: str = "text") -> list[PlaceMention]:
    """Recognize toponyms in a spaCy Doc and resolve each against the gazetteer."""
    mentions = recognize(doc, gazetteer)
    _resolve(mentions, gazetteer)
    return [PlaceMention(Span(article_id, m.start, m.end, part), m.text, m.best, m.rule, round(m.score, 3))
            for m in mentions]


def resolve_spans(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer, doc=None) -> list[Place | None]:
    """Resolve given toponym spans; the other spans (and the places recognized in `doc`) are context."""
    given = [_make_mention(text, s, e, "given") for s, e in spans]
    context = []
    if doc is not None:
        taken = [(m.start, m.end) for m in given]
        context = [m for m in recognize(doc, gazetteer) if not _overlaps_any(m.start, m.end, taken)]
    _resolve(given + context, gazetteer)
    return [m.best for m in given]


# ---------------------------------------------------------------- recognition


def recognize(doc, gazetteer: Gazetteer) -> list[_Mention]:
    """Candidate toponym spans, earlier rules winning overlaps; then names already recognized as places
    are taken again where spaCy labelled them PERSON or ORG ("Gainesville police")."""
    found: list[_Mention] = []
    for start, end, rule in _candidate_spans(doc):
        _add_if_place(doc.text, start, end, rule, gazetteer, found)
    known = {normalize_name(m.text) for m in found if m.rule in _RELIABLE_RULES}
    for start, end in _person_org_spans(doc):
        if normalize_name(doc.text[start:end]) in known:
            _add_if_place(doc.text, start, end, "echo", gazetteer, found)
        else:
            _add_if_place(doc.text, start, end, "qualified", gazetteer, found)
    _add_gazetteer_matches(doc, gazetteer, found)
    return sorted(found, key=lambda m: m.start)


def _add_gazetteer_matches(doc, gazetteer: Gazetteer, found: list[_Mention]) -> None:
    """Capitalized names (transliterated compounds included: "Mazar-e-Sharif", "Pol-e-Khomri") that the
    gazetteer places in a country the document is already about; catches the districts and towns
    spaCy misses or calls persons."""
    countries = _document_countries(found)
    if not countries:
        return
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    for start, end in _name_windows(doc.text):
        if _overlaps_any(start, end, [(m.start, m.end) for m in found]):
            continue
        inside_person = _overlaps_any(start, end, persons) and not _after_locative(doc.text, start)
        if inside_person or end - start < MIN_GAZETTEER_MATCH_LENGTH:
            continue
        mention = _make_mention(doc.text, start, end, "gazetteer")
        candidates = [(p, e) for p, e in _lookup(mention, gazetteer) if e and p.country in countries]
        if candidates:
            mention.candidates = candidates
            found.append(mention)


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
    r"[A-Z][\w’']+(?:(?:-(?:[a-z]{1,3}-)?|\s(?:(?:e|i|al|ul|us|os|el)\s)?)[A-Z][\w’']+)*")


def _name_windows(text: str):
    """Each maximal run of capitalized words, longest sub-runs first (left to right)."""
    for match in _NAME_WINDOW.finditer(text):
        words = list(re.finditer(r"[A-Z][\w’']+", match.group(0)))
        for size in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                yield match.start() + words[i].start(), match.start() + words[i + size - 1].end()


def _after_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in _LOCATIVE | {"of"}


def _add_if_place(text: str, start: int, end: int, rule: str, gazetteer: Gazetteer, found: list[_Mention]) -> None:
    if start >= end or _overlaps_any(start, end, [(m.start, m.end) for m in found]):
        return
    mention = _make_mention(text, start, end, rule)
    if rule.startswith("pattern:list:"):  # "Laurel, Knox and Whitley counties": "Laurel County" first
        mention.suffix = rule.rsplit(":", 1)[1]
        mention.queries.insert(0, f"{mention.queries[0]} {mention.suffix}")
    if rule in _WHOLE_NAME_RULES:  # "Kentucky State Police" must not yield "Kentucky State"
        mention.queries = mention.queries[:1]
    mention.candidates = _lookup(mention, gazetteer)
    if mention.candidates and _plausible(mention):
        found.append(mention)
    elif not mention.candidates and rule in _UNRESOLVED_KEPT and mention.text[:1].isupper():
        # a street or a hamlet the gazetteer lacks: still a toponym, with no place
        found.append(mention)


def _candidate_spans(doc):
    """(start, end, rule) in priority order: patterns, datelines, entities, abbreviations, names inside
    organisation names, names after a locative preposition."""
    text = doc.text
    for match in re.finditer(r"[A-Z][\w’']+(?:-(?:[a-z]{1,3}-)?[A-Z][\w’']+)+", text):
        yield match.start(), match.end(), "pattern:compound"
    for match in re.finditer(rf"\b((?:[A-Z][\w'’\-]+ ){{0,3}}[A-Z][\w'’\-]+)( {PLACE_SUFFIXES})\b", text):
        yield match.start(), match.end(), "pattern:suffix"
    for match in _LIST_PATTERN.finditer(text):
        suffix = _SINGULAR[match.group(2).lower()]
        for name in re.finditer(r"[A-Z][^,]*?(?=,| and |$)", match.group(1)):
            start = match.start(1) + name.start()
            yield start, start + len(name.group(0).strip()), f"pattern:list:{suffix}"
    for match in _DATELINE.finditer(text):
        yield match.start(1), match.end(1), "pattern:dateline"
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC", "NORP"):
            start, end = _trim_entity(ent)
            yield start, end, f"ner:{ent.label_}"
    for abbreviation in ABBREVIATIONS:
        if abbreviation in _AMBIGUOUS_ABBREVIATIONS:
            continue
        for match in re.finditer(rf"(?<![\w.]){re.escape(abbreviation)}(?![\w])", text):
            yield match.start(), match.end(), "abbreviation"
    for ent in doc.ents:
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if (ent.label_ == "ORG" and before in _LOCATIVE) or (ent.label_ == "PERSON" and before in _PLACE_PREPOSITIONS):
            yield ent.start_char, ent.end_char, f"locative:{ent.label_}"
    for ent in doc.ents:
        if ent.label_ == "ORG":
            yield from _embedded_names(ent)


# An upper-case place opening a story: "NEWARK -- ", "BEIRUT: ", "CHARLESTON, W.Va. -".
_DATELINE = re.compile(r"(?<![\w,] )(?<!\w)([A-Z]{3,}(?:[ \-][A-Z]{3,}){0,2})(?=[,:]|\s+(?:--|[\-\u2014\u2013(]))")
_NAME = r"[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,3}"
_SINGULAR = {"districts": "district", "provinces": "province", "counties": "county", "states": "state",
             "valleys": "valley", "villages": "village", "cities": "city", "towns": "town"}
_LIST_PATTERN = re.compile(
    rf"({_NAME}(?:(?:, | and |, and ){_NAME})+) (districts|provinces|counties|states|valleys|villages|cities|towns)\b")


def _embedded_names(ent):
    """Place names inside organisation names: the leading words ("Texas Department of ...") and the
    words after "of" ("University of Kentucky"), longest first."""
    tokens = [t for t in ent if not t.is_punct]
    if tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    groups = [tokens]
    of_positions = [i for i, t in enumerate(tokens) if t.lower_ == "of"]
    if of_positions:
        groups.append(tokens[of_positions[-1] + 1:])
    for group in groups:
        for size in range(min(3, len(group)), 0, -1):
            words = group[:size]
            if all(w.text[:1].isupper() for w in words):
                yield words[0].idx, words[-1].idx + len(words[-1].text), "embedded:ORG"


def _person_org_spans(doc):
    for ent in doc.ents:
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


def _plausible(mention: _Mention) -> bool:
    """Whether a recognized span is worth keeping as a toponym.

    Demonyms (NORP) count when they name a country or continent, or are a place's own name ("Aleppo");
    names spaCy took for a person after a preposition must match a gazetteer name exactly; names inside
    organisation names must be prominent (country, first-level area, continent, or a large city).
    """
    best, exact = mention.candidates[0]
    if mention.rule == "ner:NORP":
        return exact and (best.feature_code in _DEMONYM_TARGETS or _own_name(mention, best))
    if mention.rule.startswith(("locative:", "echo")):
        return exact
    if mention.rule == "qualified":  # "Gainesville, Fla." even when spaCy saw a person
        return any(exact and _qualifies(mention.qualifiers, p) and p.feature_code != "PCLI"
                   for p, exact in mention.candidates)
    if mention.rule == "embedded:ORG":
        return exact and _prominent(best, mention.suffix) and (_own_name(mention, best) or best.feature_code == "PCLI")
    if mention.rule.startswith("pattern:"):
        return exact
    return True


def _own_name(mention: _Mention, place: Place) -> bool:
    return normalize_name(place.name) in {normalize_name(q) for q in mention.queries}


def _prominent(place: Place, suffix: str | None = None) -> bool:
    if place.feature_code in ("PCLI", "ADM1", "CONT") or (suffix and place.feature_code == "ADM2"):
        return True
    return place.feature_class == "P" and place.population >= EMBEDDED_MIN_POPULATION


def _overlaps_any(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)


# ---------------------------------------------------------------- lookup


def _make_mention(text: str, start: int, end: int, rule: str) -> _Mention:
    surface = text[start:end]
    mention = _Mention(start, end, surface, rule)
    mention.queries, mention.suffix = _queries(surface)
    mention.qualifiers = _qualifiers_after(text, end)
    return mention


def _queries(surface: str) -> tuple[list[str], str | None]:
    """Names to look up for a surface form, most specific first, and any generic suffix it carries."""
    clean = re.sub(r"^(?:the|The)\s+", "", surface.strip())
    clean = re.sub(r"['’]s$", "", clean)
    clean = re.sub(r"\s+Co\.?$", " County", clean, flags=re.I)
    queries = [expand_abbreviation(clean)]
    suffix = None
    match = re.match(rf"^(.+?)\s+({PLACE_SUFFIXES})$", clean, flags=re.I)
    if match:
        suffix = match.group(2).lower()
        queries.append(match.group(1))
    return queries, suffix


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


# ---------------------------------------------------------------- resolution


def _resolve(mentions: list[_Mention], gazetteer: Gazetteer) -> None:
    """Choose each mention's place: first by prior alone, then in rounds with document context."""
    for mention in mentions:
        if not mention.candidates:
            mention.candidates = _lookup(mention, gazetteer)
    coverage = _area_coverage(mentions)
    for mention in mentions:
        _choose(mention, None)
    for _ in range(CONTEXT_ROUNDS):
        for mention in mentions:
            context = _context(mentions, mention)
            if context is not None:
                context.coverage = coverage
            _choose(mention, context)


def _areas_of(mention: _Mention) -> set[tuple]:
    """Admin1 areas of the plausible readings of a mention: exact matches whose prior is within
    FOCUS_PRIOR_MARGIN of the best (so the town of China, Maine does not vote for Maine)."""
    priors = [(_score(mention, p, exact, None), p) for p, exact in mention.candidates if exact]
    if not priors:
        return set()
    best = max(score for score, _ in priors)
    return {(p.country, p.admin1) for score, p in priors
            if score >= best - FOCUS_PRIOR_MARGIN and p.feature_code not in ("PCLI", "CONT") and p.admin1}


def _area_coverage(mentions: list[_Mention]) -> dict[str, dict[tuple, float]]:
    """For each surface form, the share of the *other* surface forms that have some candidate in each
    (country, admin1): the area that could host most of the document's places ("spatial minimality"),
    counted over all candidates so that early wrong choices cannot lock each other in."""
    by_key: dict[str, set[tuple]] = {}
    for mention in mentions:
        by_key.setdefault(normalize_name(mention.text), set()).update(_areas_of(mention))
    total: dict[tuple, int] = {}
    for areas in by_key.values():
        for area in areas:
            total[area] = total.get(area, 0) + 1
    others = max(len(by_key) - 1, 1)
    return {key: {area: (count - (area in areas)) / others for area, count in total.items()}
            for key, areas in by_key.items()}


def _choose(mention: _Mention, context) -> None:
    scored = [(_score(mention, place, exact, context), place) for place, exact in mention.candidates]
    if not scored:
        mention.best, mention.score = None, 0.0
        return
    score, place = max(scored, key=lambda pair: pair[0])
    mention.best, mention.score = (place, score) if score >= MIN_SCORE else (None, score)


def _score(mention: _Mention, place: Place, exact: bool, context) -> float:
    score = W_POPULATION * math.log10(place.population + 10)
    score += W_FEATURE.get(place.feature_code or "", 0.0)
    if not exact:
        score += W_SKELETON
    elif normalize_name(place.name) in {normalize_name(q) for q in mention.queries}:
        score += W_PRIMARY_NAME
    if mention.suffix and (place.feature_code or "") in _SUFFIX_TYPES.get(mention.suffix, set()):
        score += W_SUFFIX_TYPE
    if mention.qualifiers and _qualifies(mention.qualifiers, place):
        score += W_QUALIFIER
    if context:
        score += W_SAME_COUNTRY * context.countries.get(place.country, 0.0)
        if place.feature_code not in ("PCLI", "CONT"):
            own = context.coverage.get(normalize_name(mention.text), {})
            local = (W_SAME_ADMIN1 * context.admins.get((place.country, place.admin1), 0.0),
                     W_NEAR * _near_share(place, context),
                     W_FOCUS * own.get((place.country, place.admin1), 0.0))
            score += max(local)  # correlated signals: the strongest counts (max beat sum on dev)
        if place.feature_code == "PPLC":
            score += W_CAPITAL_ABROAD * context.country_mentions
    return score


def _qualifies(qualifiers: list[str], place: Place) -> bool:
    areas = {normalize_name(place.admin1 or ""), normalize_name(place.country or "")} - {""}
    if place.country == "US":
        areas.add("united states")
    return any(normalize_name(q) in areas for q in qualifiers)


@dataclass
class _Context:
    """What the other mentions of the document resolve to, as shares of their occurrences."""

    countries: dict[str | None, float]
    admins: dict[tuple, float]
    points: list[tuple[float, float, float]]  # latitude, longitude, weight of sub-national places
    country_mentions: float  # share of occurrences naming a country
    coverage: dict[str, dict[tuple, float]] = field(default_factory=dict)


def _context(mentions: list[_Mention], current: _Mention) -> _Context | None:
    own = normalize_name(current.text)
    others = [m.best for m in mentions if m.best is not None and normalize_name(m.text) != own]
    if not others:
        return None
    share = 1.0 / len(others)
    countries: dict[str | None, float] = {}
    admins: dict[tuple, float] = {}
    points: list[tuple[float, float, float]] = []
    country_mentions = 0.0
    for place in others:
        countries[place.country] = countries.get(place.country, 0.0) + share
        if place.feature_code in ("PCLI", "CONT"):
            country_mentions += share
            continue
        admins[(place.country, place.admin1)] = admins.get((place.country, place.admin1), 0.0) + share
        points.append((place.latitude, place.longitude, share))
    return _Context(countries, admins, points, country_mentions)


def _near_share(place: Place, context: _Context) -> float:
    return sum(w for lat, lon, w in context.points
               if haversine_km(place.latitude, place.longitude, lat, lon) <= NEAR_KM)

