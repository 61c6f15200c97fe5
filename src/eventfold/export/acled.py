"""The events as an ACLED drop-in CSV: ACLED's columns, in ACLED's order, in ACLED's formats.

Columns and formats follow ACLED's current export (the API and the data export tool):
event_date as YYYY-MM-DD; inter1/inter2 as actor-type names ("State forces", "Rebel group",
...) and interaction as "State forces-Rebel group" or "Rebel group only"; iso the numeric ISO
3166 code; fatalities 0 when no source gives a figure; timestamp the Unix time the event was
last written; place names in plain ASCII. What eventfold cannot know is left empty: admin3 (the
gazetteer has no third level) and tags (no crowd-size estimate is made).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Optional

from unidecode import unidecode

from eventfold.export.rows import UNKNOWN_ISO3, country_codes, event_rows
from eventfold.extract.acled_types import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VIOLENCE_AGAINST_CIVILIANS
from eventfold.ingest.outlets import outlet_country

# ACLED's columns in ACLED's order, with their types (export/schemas.py's convention).
ACLED_COLUMNS: dict[str, str] = {
    "event_id_cnty": "string", "event_date": "string", "year": "int", "time_precision": "int",
    "disorder_type": "string", "event_type": "string", "sub_event_type": "string",
    "actor1": "string", "assoc_actor_1": "string", "inter1": "string",
    "actor2": "string", "assoc_actor_2": "string", "inter2": "string", "interaction": "string",
    "civilian_targeting": "string", "iso": "int", "region": "string", "country": "string",
    "admin1": "string", "admin2": "string", "admin3": "string", "location": "string",
    "latitude": "float", "longitude": "float", "geo_precision": "int",
    "source": "string", "source_scale": "string", "notes": "string", "fatalities": "int",
    "tags": "string", "timestamp": "int",
}

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
# ACLED's disorder type: by event type, except the sub-event types that cross over.
_DISORDER_BY_EVENT_TYPE = {
    BATTLES: POLITICAL_VIOLENCE, EXPLOSIONS: POLITICAL_VIOLENCE, VIOLENCE_AGAINST_CIVILIANS: POLITICAL_VIOLENCE,
    PROTESTS: DEMONSTRATIONS, RIOTS: DEMONSTRATIONS, STRATEGIC: "Strategic developments",
}
_DISORDER_BY_SUB_EVENT_TYPE = {
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    "Mob violence": POLITICAL_VIOLENCE,
}

# ACLED's actor-type names as its exports write inter1/inter2 (singular, unlike the codebook's headings).
INTER_NAMES = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
               5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
CIVILIANS = 7
CIVILIAN_TARGETING = "Civilian targeting"

# ACLED regions from the UN M49 sub-regions (countrystatecity-countries ships them), and the
# countries ACLED places elsewhere than M49 does.
_REGION_BY_SUBREGION = {
    "Western Africa": "Western Africa", "Middle Africa": "Middle Africa", "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa", "Northern Africa": "Northern Africa",
    "Western Asia": "Middle East", "Southern Asia": "South Asia", "Central Asia": "Caucasus and Central Asia",
    "South-Eastern Asia": "Southeast Asia", "Eastern Asia": "East Asia",
    "Southern Europe": "Europe", "Northern Europe": "Europe", "Eastern Europe": "Europe", "Western Europe": "Europe",
    "Caribbean": "Caribbean", "Central America": "Central America", "South America": "South America",
    "Northern America": "North America",
    "Australia and New Zealand": "Oceania", "Melanesia": "Oceania", "Micronesia": "Oceania", "Polynesia": "Oceania",
}
_REGION_BY_COUNTRY = {
    "AM": "Caucasus and Central Asia", "AZ": "Caucasus and Central Asia", "GE": "Caucasus and Central Asia",
    "IR": "Middle East", "MX": "North America", "SS": "Eastern Africa",
    "AO": "Southern Africa", "MG": "Southern Africa", "MW": "Southern Africa", "MZ": "Southern Africa",
    "ZW": "Southern Africa",
}
# Country names ACLED writes differently from GeoNames.
_ACLED_COUNTRY_NAMES = {
    "PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "SZ": "eSwatini",
    "CZ": "Czech Republic", "TL": "East Timor", "CV": "Cape Verde",
}
# ACLED's source_scale words for an outlet in the event's country and one abroad.
NATIONAL, INTERNATIONAL = "National", "International"


def acled_rows(data, numbers: dict[tuple[str, str], int], timestamps: dict[str, int]) -> list[dict]:
    """One ACLED row per fused event of a Dataset.

    `numbers` maps (event id, ISO3) to the event's stable number (store/acled.py), `timestamps`
    event ids to Unix seconds.
    """
    articles = {a.article_id: a for a in data.articles}
    return [acled_row(event, row, articles, numbers, timestamps) for event, row in zip(data.events, event_rows(data))]


def acled_keys(data) -> list[tuple[str, str]]:
    """The (event id, ISO3) pairs of a Dataset's events, in export order: what needs a number."""
    return [(event.event_id, _iso3(event)) for event in data.events]


def acled_row(event, row: dict, articles: dict, numbers: dict[tuple[str, str], int],
              timestamps: dict[str, int]) -> dict:
    iso2 = event.place.country if event.place else None
    iso3 = _iso3(event)
    number = numbers.get((event.event_id, iso3))
    disorder = disorder_type(row["event_type"], row["sub_event_type"])
    return {
        "event_id_cnty": f"{iso3}{number}" if number is not None else row["event_id_cnty"],
        "event_date": row["event_date"],
        "year": row["year"],
        "time_precision": row["time_precision"],
        "disorder_type": disorder,
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "actor1": row["actor1"],
        "assoc_actor_1": row["assoc_actor_1"],
        "inter1": INTER_NAMES.get(row["inter1"]),
        "actor2": row["actor2"],
        "assoc_actor_2": row["assoc_actor_2"],
        "inter2": INTER_NAMES.get(row["inter2"]),
        "interaction": interaction_name(row["inter1"], row["inter2"]),
        "civilian_targeting": CIVILIAN_TARGETING if _targets_civilians(disorder, row["inter2"]) else None,
        "iso": row["iso"],
        "region": acled_region(iso2),
        "country": _ACLED_COUNTRY_NAMES.get((iso2 or "").upper(), row["country"]),
        "admin1": plain(row["admin1"]),
        "admin2": plain(row["admin2"]),
        "admin3": None,
        "location": plain(row["location"]),
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "geo_precision": row["geo_precision"],
        "source": row["source"],
        "source_scale": source_scale(event.article_ids, articles, iso2),
        "notes": plain(row["notes"]),  # the notes name the same places
        "fatalities": row["fatalities"] or 0,
        "tags": None,
        "timestamp": timestamps.get(event.event_id),
    }


def _iso3(event) -> str:
    return country_codes(event.place.country if event.place else None)["iso3"] or UNKNOWN_ISO3


def disorder_type(event_type: Optional[str], sub_event_type: Optional[str]) -> Optional[str]:
    return _DISORDER_BY_SUB_EVENT_TYPE.get(sub_event_type or "") or _DISORDER_BY_EVENT_TYPE.get(event_type or "")


def interaction_name(inter1: Optional[int], inter2: Optional[int]) -> Optional[str]:
    """ACLED's interaction as its exports write it: "Rebel group-Civilians", "Protesters only".

    The smaller code comes first, except that civilians always come last ("External/Other
    forces-Civilians"), as ACLED writes them.
    """
    codes = [c for c in (inter1, inter2) if c in INTER_NAMES]
    if not codes:
        return None
    if len(codes) == 1:
        return f"{INTER_NAMES[codes[0]]} only"
    first, second = sorted(codes, key=lambda c: (c == CIVILIANS, c))
    return f"{INTER_NAMES[first]}-{INTER_NAMES[second]}"


def _targets_civilians(disorder: Optional[str], inter2: Optional[int]) -> bool:
    """ACLED flags political violence whose target (actor 2) is civilians."""
    return inter2 == CIVILIANS and disorder is not None and POLITICAL_VIOLENCE in disorder


def acled_region(iso2: Optional[str]) -> Optional[str]:
    code = (iso2 or "").upper()
    return _REGION_BY_COUNTRY.get(code) or _REGION_BY_SUBREGION.get(_subregions().get(code, ""))


@lru_cache(maxsize=1)
def _subregions() -> dict[str, str]:
    import countrystatecity_countries

    return {c.iso2: c.subregion for c in countrystatecity_countries.get_countries() if c.iso2}


def plain(text: Optional[str]) -> Optional[str]:
    """Text in plain ASCII, as ACLED writes place names ("Arghandab", not "Arghandāb")."""
    return unidecode(text).strip() if text else text


def source_scale(article_ids: list[str], articles: dict, iso2: Optional[str]) -> Optional[str]:
    """National when an outlet is of the event's country, International when abroad, both joined by '-'.

    Outlets of unknown country do not count; None when none is known.
    """
    scales = set()
    for article_id in article_ids:
        article = articles.get(article_id)
        country = outlet_country(article.outlet) if article else None
        if country and iso2:
            scales.add(NATIONAL if country.upper() == iso2.upper() else INTERNATIONAL)
    return "-".join(s for s in (NATIONAL, INTERNATIONAL) if s in scales) or None


def shown_acled_rows(shown) -> Iterator[dict]:
    """The ACLED rows of the events a command shows (store/dataset.py `Shown`), page by page, numbering
    new events in export order as `acled_export_rows` does."""
    from eventfold.store.acled import acled_event_numbers, event_update_times

    for page in shown.pages():
        numbers = acled_event_numbers(shown.store, acled_keys(page))
        yield from acled_rows(page, numbers, event_update_times(shown.store, [e.event_id for e in page.events]))


def acled_export_rows(store, data) -> list[dict]:
    """The ACLED rows of a Dataset loaded from `store`, numbering its new events there."""
    from eventfold.store.acled import acled_event_numbers, event_update_times

    return acled_rows(data, acled_event_numbers(store, acled_keys(data)), event_update_times(store))
