"""Evaluate event extraction against ACLED-coded rows (a CSV file in ACLED's export format).

Each row's `notes` — the coder's one-paragraph summary of the event — is run through the
pipeline (ingest -> annotate -> `extract_events`) and one report is taken as the row's
prediction; six fields are then scored by agreement with the coder's columns:

* event_date: exact day (ACLED writes "20 August 2021"; ISO is accepted too);
* sub_event_type: exact name, case and spacing aside;
* admin1: the place's first-level division, compared by a diacritics- and
  transliteration-insensitive key ("Baghlān" = "Baghlan", "Panjshayr" = "Panjshir");
* location_25km: the report's place within `LOCATION_RADIUS_KM` of the row's latitude/longitude;
* fatalities: exact count — our figure's lower bound, as ACLED codes the lowest count
  reported —, a missing figure on either side counting as 0;
* actor1: the same actor under ACLED's naming (see `ActorMatcher`).

Decisions:

* Date anchor. ACLED notes lead with the event date ("On 20 August 2021, ..."), so the
  pipeline reads it from the text and the row's date is NOT given to it: giving it would score
  the column against itself. Only a note with no day-precise date of its own gets the row's
  date as its publication date (the anchor "on Friday" counts from), standing in for the date
  of the report the coder read; the date is then the article-date fallback when nothing in the
  note dates the event more precisely.
* Which report. A note tells one event and leads with it; the extractor may add reports for
  side remarks ("... and looted shops"). The prediction is the first report (in text order)
  whose modality is `actual`, else the first report at all; with none, every field is
  unanswered (fatalities then predicts 0, which agrees with a row of 0 fatalities).

Usage: python -m eventfold.evaluate.acled FILE.csv [--limit N]
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional
from eventfold.evaluate import command_line

FIELDS = ("event_date", "sub_event_type", "admin1", "location_25km", "fatalities", "actor1")
# Columns a file must have: the notes, and what the six fields are scored against.
REQUIRED_COLUMNS = ("notes", "event_date", "sub_event_type", "admin1", "latitude", "longitude", "fatalities",
                    "actor1")
# Radius within which a predicted place agrees with the row's coordinates (fixed by the task:
# about the spread of an ACLED geo_precision 2 location, "near the town").
LOCATION_RADIUS_KM = 25.0

# ---------------------------------------------------------------- reading the file

# Date layouts met in ACLED exports: the codebook's "20 August 2021", ISO, and day-first variants.
DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y", "%B %d, %Y")


@dataclass(frozen=True)
class AcledRow:
    """The coded columns a row is scored against, with the notes the prediction is read from."""

    notes: str
    event_date: Optional[str]
    sub_event_type: str
    admin1: str
    latitude: Optional[float]
    longitude: Optional[float]
    fatalities: int
    actor1: str


def parse_acled_date(text: str) -> Optional[str]:
    """ISO date of an ACLED date cell ("20 August 2021", "2021-08-20", "20-Aug-2021"); None if unreadable."""
    iso = re.match(r"\s*(\d{4}-\d\d-\d\d)(?:[T ]|$)", text or "")  # a timestamp keeps its day
    cleaned = iso.group(1) if iso else " ".join((text or "").split())
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, layout).date().isoformat()
        except ValueError:
            continue
    return None


def read_rows(path: Path, limit: Optional[int] = None) -> list[AcledRow]:
    """The rows of an ACLED CSV export (comma, semicolon or tab separated; any column order)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=_delimiter(header))
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: not an ACLED export, missing column(s): {', '.join(missing)}")
        rows = []
        for record in reader:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(_row(record))
    return rows


def _delimiter(header: str) -> str:
    """The separator the header line uses most (column names hold none of them)."""
    return max(",;\t", key=header.count)


def _row(record: dict) -> AcledRow:
    def cell(name: str) -> str:
        return (record.get(name) or "").strip()

    return AcledRow(
        notes=cell("notes"),
        event_date=parse_acled_date(cell("event_date")),
        sub_event_type=cell("sub_event_type"),
        admin1=cell("admin1"),
        latitude=_number(cell("latitude")),
        longitude=_number(cell("longitude")),
        fatalities=int(_number(cell("fatalities")) or 0),
        actor1=cell("actor1"),
    )


def _number(text: str) -> Optional[float]:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


# ---------------------------------------------------------------- normalisations


def admin1_key(name: Optional[str]) -> str:
    """Comparable key of a first-level division: ASCII, no "province"-like word, vowels merged.

    The vowel merge (entities.transliteration_key) joins the spellings of one romanized name
    ("Panjshayr"/"Panjshir", "Nīnawá"/"Ninewa", "Paktia"/"Paktiya", "Uruzgan"/"Oruzgan") while
    keeping consonants, which tell provinces apart.
    """
    from eventfold.annotate.entities import transliteration_key
    from eventfold.annotate.gazetteer import normalize_name

    key = normalize_name(name or "")
    key = re.sub(r"\b(province|governorate|region|state|district|oblast|wilayah|vilayet)\b", " ", key)
    return transliteration_key("".join(key.split()))


def sub_event_key(name: Optional[str]) -> str:
    return " ".join((name or "").lower().split())


# ACLED names open with an acronym ("NRF: National Resistance Front") and close with the
# country or period the actor is coded for ("Protesters (Afghanistan)", "... (2021-)"); a state
# force's period may be followed by its unit or faction ("Police Forces of Pakistan (2018-) ...").
_ACRONYM_PREFIX = re.compile(r"^[A-Z0-9][A-Za-z0-9&.\-]*:\s+")
_PERIOD_AND_UNIT = re.compile(r"\s*\(\d{4}\s*-\s*(?:\d{4})?\).*$")
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
# ACLED's name for a country's state forces; their identity depends on the date (Afghanistan 2021).
_STATE_FORCES = re.compile(r"^(?:military|police|military police) forces of (?:the )?(?P<country>.+)$")


def acled_actor_core(name: str) -> str:
    """The core of an ACLED actor name: acronym prefix and trailing parentheses dropped.

    "Protesters (Afghanistan)" -> "Protesters"; "Military Forces of Afghanistan (2021-)" ->
    "Military Forces of Afghanistan"; "NRF: National Resistance Front" -> "National Resistance Front";
    "Police Forces of Pakistan (2018-) Counter-Terrorism Department" -> "Police Forces of Pakistan".
    """
    core = _PERIOD_AND_UNIT.sub("", _ACRONYM_PREFIX.sub("", (name or "").strip()))
    while _TRAILING_PARENTHESIS.search(core):
        core = _TRAILING_PARENTHESIS.sub("", core)
    return core.strip()


def acled_name_forms(name: str) -> list[str]:
    """The core and, for a name given twice ("Boko Haram - Jamatu Ahli as-Sunna ..."), each of its forms."""
    core = acled_actor_core(name)
    parts = [p.strip() for p in re.split(r"\s+[-–]\s+", core) if p.strip()]
    return [core] + (parts if len(parts) > 1 else [])


class ActorMatcher:
    """Tells whether a predicted actor (our canonical name) is the actor an ACLED row names.

    Both names are resolved to dictionary entries, and match when they share one:
    1. the ACLED name as the dictionary records it in its notes ("ACLED: Military Forces of
       Afghanistan (2021-)" on the Taliban's post-takeover period), period included, else by core;
    2. the core name as a dictionary name or alias ("Taliban", "Protesters", "Civilians");
    3. ACLED's "Military/Police Forces of <country>" matches any actor whose category on the
       event date is State forces in that country (the Taliban after 15 August 2021);
    4. a predicted person or wing counts as the organisation it is affiliated with (ACLED codes
       organisations: a Taliban commander's attack is the Taliban's);
    otherwise the two cores must be the same name.
    """

    def __init__(self, actors=None, gazetteer=None):
        from eventfold.annotate.entities import ActorDictionary

        self.actors = actors or ActorDictionary.load()
        self.gazetteer = gazetteer
        self.acled_names = _acled_name_index(self.actors)

    def same(self, acled_name: str, predicted: Optional[str], on: Optional[str] = None) -> bool:
        from eventfold.annotate.entities import name_key

        if not predicted or not acled_name:
            return False
        predicted_ids = self.predicted_ids(predicted)
        if predicted_ids & self.acled_ids(acled_name):
            return True
        if self._state_forces_match(acled_name, predicted_ids, on):
            return True
        predicted_key = name_key(acled_actor_core(predicted))
        return any(name_key(form) == predicted_key for form in acled_name_forms(acled_name))

    def acled_ids(self, acled_name: str) -> set[str]:
        """Dictionary entries an ACLED actor name denotes."""
        from eventfold.annotate.entities import name_key

        forms = acled_name_forms(acled_name)
        with_period = re.sub(r"(\(\d{4}\s*-\s*(?:\d{4})?\)).*$", r"\1", acled_name)  # the unit dropped
        for key in [name_key(acled_name), name_key(with_period)] + [name_key(form) for form in forms]:
            if key in self.acled_names:
                return set(self.acled_names[key])
        return {entry.entity_id for form in forms for entry in self.actors.candidates(form)}

    def predicted_ids(self, name: str) -> set[str]:
        """The entries of a predicted actor name (ours may carry an ACLED-style country, "Protesters (PK)"),
        with the organisations they are affiliated with."""
        ids = set()
        for entry in self.actors.candidates(name) or self.actors.candidates(acled_actor_core(name)):
            ids.add(entry.entity_id)
            if entry.affiliation:
                ids.add(entry.affiliation)
        return ids

    def _state_forces_match(self, acled_name: str, predicted_ids: set[str], on: Optional[str]) -> bool:
        from eventfold.annotate.entities import name_key

        match = _STATE_FORCES.match(name_key(acled_actor_core(acled_name)))
        country = self._country_code(match.group("country")) if match else None
        if country is None:
            return False
        for entity_id in predicted_ids:
            entry = self.actors.get(entity_id)
            if entry is not None and entry.country == country and entry.category_on(on) == "State forces":
                return True
        return False

    def _country_code(self, country_name: str) -> Optional[str]:
        if self.gazetteer is None:
            return None
        for place in self.gazetteer.candidates(country_name, 5):
            if (place.feature_code or "").startswith("PCL"):
                return place.country
        return None


# "ACLED: <name>" or "ACLED associated actor: <name>" in a dictionary description or period note.
_ACLED_NOTE = re.compile(r"\bACLED(?:\s+[a-z ]+)?:\s*")


def _acled_name_index(actors) -> dict[str, list[str]]:
    """name_key of every ACLED name the dictionary records (full, and core) -> entity ids.

    Only organisations and groups: people inherit their organisation's notes in the dictionary,
    and reach it through their affiliation instead."""
    from eventfold.annotate.entities import name_key

    index: dict[str, list[str]] = {}
    for entry in (e for e in actors.entries.values() if e.type != "person"):
        texts = [entry.description] + [period.note for period in entry.periods]
        for name in (n for text in texts for n in acled_names_in(text)):
            for key in {name_key(name), name_key(acled_actor_core(name))}:
                index.setdefault(key, [])
                if entry.entity_id not in index[key]:
                    index[key].append(entry.entity_id)
    return index


def acled_names_in(text: str) -> list[str]:
    """ACLED actor names a note gives: "(ACLED: Islamic State (Afghanistan))." -> ["Islamic State
    (Afghanistan)"]; "Military/Police Forces of X" stands for both forces."""
    names = []
    for match in _ACLED_NOTE.finditer(text or ""):
        name = _balanced_prefix(text[match.end():]).strip().rstrip(".").strip()
        alternatives = re.search(r"\b([A-Za-z]+)/([A-Za-z]+)\b", name)
        if alternatives:
            names.extend(name.replace(alternatives.group(0), word) for word in alternatives.groups())
        elif name:
            names.append(name)
    return names


def _balanced_prefix(text: str) -> str:
    """The text up to its first unmatched closing parenthesis or quote."""
    depth = 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or char == '"':
            return text[:position]
    return text


# ---------------------------------------------------------------- predicting a row


@dataclass(frozen=True)
class Prediction:
    event_date: Optional[str] = None
    sub_event_type: Optional[str] = None
    admin1: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    fatalities: int = 0
    actor1: Optional[str] = None


def notes_have_date(notes: str) -> bool:
    """Whether the notes name a day of their own ("On 20 August 2021")."""
    from eventfold.annotate.timex import find_time_expressions

    return any(e.value.value and e.value.precision == "day" and len(e.value.value) >= 10
               for e in find_time_expressions(notes, None))


def choose_report(reports: list):
    """The report a note is coded for: its first actual report in text order, else its first report."""
    ordered = sorted(reports, key=lambda r: (r.span.part != "text", r.span.start))
    actual = [r for r in ordered if r.modality == "actual"]
    return (actual or ordered or [None])[0]


def prediction_from_report(report) -> Prediction:
    if report is None:
        return Prediction()
    place = report.place
    day = report.date.value[:10] if report.date and report.date.value and len(report.date.value) >= 10 else None
    return Prediction(
        event_date=day,
        sub_event_type=report.sub_event_type,
        admin1=place.admin1 if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        fatalities=(report.fatalities.conservative or 0) if report.fatalities else 0,
        actor1=report.actor1,
    )


class NotesReader:
    """Runs the pipeline on a row's notes; loads spaCy, the gazetteer and the actor dictionary once."""

    def __init__(self):
        from eventfold.annotate import Annotator

        self.annotator = Annotator()

    def predict(self, row: AcledRow) -> Prediction:
        from eventfold.extract.events import extract_events
        from eventfold.ingest import IngestOptions, parse_document
        from eventfold.ingest.readers import RawDocument

        anchor = None if notes_have_date(row.notes) else row.event_date
        raw = RawDocument(path="acled-notes", format="text", content=row.notes, published=anchor)
        article = parse_document(raw, IngestOptions())
        if not hasattr(article, "text"):
            return Prediction()  # an IngestProblem: notes too short to be a story
        annotations = self.annotator.annotate([article])[0]
        reports = extract_events(article, annotations, actors=self.annotator.actors).reports
        return prediction_from_report(choose_report(reports))


# ---------------------------------------------------------------- scoring


def field_agreement(row: AcledRow, predicted: Prediction, matcher: ActorMatcher) -> dict[str, bool]:
    """Which of the six fields the prediction gets right."""
    from eventfold.annotate.gazetteer import haversine_km

    located = None not in (row.latitude, row.longitude, predicted.latitude, predicted.longitude)
    return {
        "event_date": predicted.event_date is not None and predicted.event_date == row.event_date,
        "sub_event_type": bool(row.sub_event_type) and sub_event_key(predicted.sub_event_type) == sub_event_key(
            row.sub_event_type),
        "admin1": bool(admin1_key(row.admin1)) and admin1_key(predicted.admin1) == admin1_key(row.admin1),
        "location_25km": located and haversine_km(row.latitude, row.longitude, predicted.latitude,
                                                  predicted.longitude) <= LOCATION_RADIUS_KM,
        "fatalities": predicted.fatalities == row.fatalities,
        "actor1": matcher.same(row.actor1, predicted.actor1, on=row.event_date),
    }


def evaluate(data: Path, limit: Optional[int] = None) -> dict:
    """Per-field agreement of the pipeline's events with the rows of an ACLED CSV file."""
    rows = read_rows(Path(data), limit)
    reader = NotesReader()
    matcher = ActorMatcher(reader.annotator.actors, reader.annotator.gazetteer)
    agreed = dict.fromkeys(FIELDS, 0)
    for row in rows:
        for name, correct in field_agreement(row, reader.predict(row), matcher).items():
            agreed[name] += bool(correct)
    n = len(rows)
    return {"task": "acled", "n": n, "fields": {name: round(agreed[name] / n, 4) if n else 0.0 for name in FIELDS}}


if __name__ == "__main__":
    command_line(evaluate, __doc__.splitlines()[0])
