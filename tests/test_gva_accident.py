"""Accidental shootings (issue 9): a shooting the text tells as an accident is an occurrence of
kind "Accident or failure" (event type "Other"), filled like any report, and never also an ACLED
event; look-alikes (murders, police shootings, suicides, "no foul play", hunting-season news) are
not. Sentences and articles written for these tests, through the real spaCy model, the real
extraction stage, a real SQLite store and the real command line."""

from __future__ import annotations

import json

import pytest

from conftest import exported_events, ingest_articles, run_cli
from eventfold.extract.occurrences import ACCIDENT, OTHER
from eventfold.ingest import IngestOptions, parse_document
from eventfold.ingest.readers import RawDocument

# Padding that tells nothing, so that short stories pass ingest's article checks.
FILLER = "Neighbours gathered on the pavement for much of the evening and spoke quietly with one another."


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def _reports(annotator, text: str, title: str = "Local news", published: str = "2024-03-14"):
    from eventfold.extract.events import extract_events

    raw = RawDocument("test.txt", "json-text", f"{text}\n\n{FILLER}\n", published=published, outlet="Test Wire",
                      title=title)
    article = parse_document(raw, IngestOptions())
    docs = annotator.parse([article])
    annotations = annotator.annotate([article], docs)[0]
    reports = extract_events(article, annotations, docs[article.article_id], actors=annotator.actors).reports
    return [r for r in reports if r.modality == "actual"]


ACCIDENTS = [
    "A 4-year-old boy accidentally shot himself in the leg on Tuesday at his family's home in Millbrook, "
    "police said.",
    "A 6-year-old girl was killed Sunday in Oakdale when her brother found a loaded handgun in a closet and "
    "it went off, deputies said.",
    "A man was shot and wounded Saturday while cleaning his rifle at his home in Pine Ridge, the sheriff's "
    "office said.",
    "A hunter was killed Monday in a hunting accident near Cedar Falls after another member of his party "
    "mistook him for a deer.",
    "Police said the gun discharged as the 15-year-old was showing it to a friend in a bedroom in Hartwell "
    "on Friday.",
    "A 3-year-old boy was shot Wednesday afternoon at a home in Redwood Valley. Investigators said the child "
    "found a pistol under a bed and fired it, wounding himself in the hand.",
    "A sheriff's deputy unintentionally discharged his service weapon inside the county courthouse in "
    "Lakeport on Thursday, injuring a clerk.",
    "A teenager was wounded Saturday when a shotgun he was loading went off at a farm outside Dunmore, "
    "deputies said.",
    "An 11-year-old boy died Thursday in Calder after a friend playing with his father's pistol shot him "
    "by accident, police said.",
    "A duck hunter was injured on Sunday at Lake Merritt when a companion's shotgun discharged as he "
    "climbed into the boat.",
    "Officials said the 2-year-old was hit by a round fired when his uncle dropped a handgun in the kitchen "
    "of their home in Halsey on Tuesday.",
    "A man accidentally shot his wife on Monday at their home in Westbury while he was cleaning a handgun, "
    "police said.",
    "The 19-year-old was killed Saturday in an apparent accidental shooting at an apartment in Dover, "
    "police said.",
    # a shooter too young to mean it
    "His son, 6, shot his 3-year-old sister in the hand on Monday at their home in Brayton, police said.",
]


@pytest.mark.parametrize("text", ACCIDENTS)
def test_a_shooting_told_as_an_accident_is_one_accident_occurrence_and_no_acled_event(annotator, text):
    reports = _reports(annotator, text)
    assert reports, "the accident is an occurrence"
    assert all((r.event_type, r.sub_event_type) == (OTHER, ACCIDENT) for r in reports), \
        [(r.event_type, r.sub_event_type) for r in reports]
    assert len(reports) == 1  # one report per occurrence
    assert reports[0].confidence >= 0.8  # exported by `export --scope all` at the default threshold


LOOK_ALIKES = [
    # a murder: the gunman is sought
    "A man was shot dead outside a bar in Fairview on Saturday night, and police are searching for the gunman.",
    # a police shooting
    "Police shot and killed a man who pointed a rifle at officers in Brookside on Sunday.",
    # a killing whose accused calls it an accident: his defence, not the story's telling
    "A man who was accused of murdering his neighbor in Elm Grove told the jury on Monday that the gun went "
    "off by accident.",
    # a suicide told as such
    "A 52-year-old man died of a self-inflicted gunshot wound in Marston on Sunday in what police called a "
    "suicide.",
    # no foul play says nothing of a shooting or an accident
    "Police said no foul play is suspected in the death of a man found in his home in Kingsport on Friday.",
    # the intent still unknown, or denied
    "Police are investigating whether the shooting of a 14-year-old in Carver on Friday was accidental.",
    "Detectives said the shooting of a woman in Lowell on Sunday was not accidental, and her husband has been "
    "charged with murder.",
    # violence on purpose
    "A gunman opened fire at a shopping center in Rivers on Saturday, killing three people before he was "
    "arrested.",
    "Two men were wounded in a drive-by shooting in Kensington on Friday night.",
    # a teenager may mean it: the text tells no accident
    "A 16-year-old shot a classmate outside a school in Reno on Tuesday, police said.",
    # a police shooting the officer calls an accident: force used by the state, ACLED's
    "An officer shot a 17-year-old during a protest in Arden on Saturday, and said the shot was accidental and "
    "fired in self-defense.",
    # sport's words
    "The quarterback misfired on third down, and the Hawks lost two players to injured reserve on Sunday.",
    # a death of natural causes in the obituary of a man who once shot someone in a hunting accident
    "The retired banker Ivo Lark, who shot a friend in a hunting accident in 1961, died of natural causes at "
    "his home in Corvale on Saturday.",
    # a suicide in other words
    "The woman was found dead in her car in Elkton on Tuesday with a gunshot wound, and police said she took "
    "her own life.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_no_accident(annotator, text):
    assert not [r for r in _reports(annotator, text) if r.sub_event_type == ACCIDENT]


@pytest.mark.parametrize("text", [
    "Hunting season opens Saturday in the northern counties, and wildlife officials urged hunters to wear orange.",
    "State officials said 14 hunting accidents were reported across the state last year, two of them fatal.",
])
def test_hunting_season_news_and_yearly_tallies_are_no_occurrence(annotator, text):
    assert not _reports(annotator, text)


def test_murders_and_police_shootings_stay_acled_events(annotator):
    for text in LOOK_ALIKES[:2] + LOOK_ALIKES[7:10]:
        reports = _reports(annotator, text)
        assert reports and all(r.event_type != OTHER for r in reports), text


def test_the_sentences_of_an_accident_story_make_one_report_with_its_place_day_and_toll(annotator):
    reports = _reports(annotator, "A 7-year-old boy was shot on Sunday at a house in Glenmoor, police said.\n\n"
                                  "Investigators said the boy and his cousin found a handgun in a drawer, and it "
                                  "went off while the cousin was holding it.\n\n"
                                  "The boy was taken to a hospital, where he died.")
    assert [(r.event_type, r.sub_event_type) for r in reports] == [(OTHER, ACCIDENT)]
    accident = reports[0]
    assert accident.location_text == "Glenmoor" and accident.date.value == "2024-03-10"


# ---------------------------------------------------------------- across outlets, through the store

ARTICLES = [
    {"source": "Valley Courier", "date": "2024-05-06", "title": "Boy hurt when gun goes off in Ashford home",
     "text": "A 9-year-old boy was accidentally shot on Sunday at a home in Ashford, police said.\n\n"
             "Officers said the boy's older brother found a pistol in a bedroom and it went off while he "
             "was handling it. The boy was taken to Ashford General Hospital with a wound to his arm.\n"},
    {"source": "Ashford Daily", "date": "2024-05-06", "title": "Child wounded in accidental shooting",
     "text": "A child was wounded in an accidental shooting in Ashford on Sunday afternoon, according to "
             "police.\n\nThe 9-year-old's brother had found a handgun in a closet, and it discharged, "
             "officers said. The child's injury was not life-threatening.\n"},
    {"source": "Ashford Daily", "date": "2024-05-06", "title": "Man shot dead on Ashford street",
     "text": "A man was shot dead on a street in Ashford on Sunday night, and police are searching for the "
             "gunman who fled in a dark car.\n\nDetectives asked witnesses to come forward.\n"},
    {"source": "Lakeside Herald", "date": "2024-05-08", "title": "Hunter wounded near Bramwell",
     "text": "A hunter was wounded on Tuesday in a hunting accident near Bramwell when another hunter "
             "mistook him for a turkey, game wardens said.\n\nHe was treated at a clinic and released.\n"},
]


@pytest.fixture(scope="module")
def store_exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gva-accident")
    db = ingest_articles(folder, ARTICLES)
    return {scope: exported_events(db, folder, scope) for scope in ("acled", "all")}


def test_two_outlets_on_one_accident_make_one_event_and_the_hunting_accident_another(store_exports):
    accidents = [row for row in store_exports["all"] if row["sub_event_type"] == ACCIDENT]
    assert sorted(row["source_count"] for row in accidents) == [1, 2]
    ashford = next(row for row in accidents if row["source_count"] == 2)
    assert ashford["location"] == "Ashford" and ashford["event_date"] == "2024-05-05"
    assert ashford["event_type"] == OTHER


def test_accidents_stay_out_of_the_acled_export_and_never_join_the_murder(store_exports):
    assert not [row for row in store_exports["acled"] if row["event_type"] == OTHER]
    murders = [row for row in store_exports["acled"] if row["event_type"] == "Violence against civilians"]
    assert len(murders) == 1 and murders[0]["source_count"] == 1 and murders[0]["location"] == "Ashford"
    assert murders[0]["event_id"] not in {row["event_id"] for row in store_exports["all"]
                                          if row["sub_event_type"] == ACCIDENT}


# ---------------------------------------------------------------- the scorer

def test_eval_gva_scores_every_occurrence_and_keeps_the_acled_figures_beside(tmp_path):
    from eventfold.evaluate.gva import evaluate

    rows = [{"incident_id": "1", "title": a["title"], "content": a["text"], "dct": a["date"], "uri": f"u{n}"}
            for n, a in enumerate(ARTICLES[:2])]
    rows.append({"incident_id": "2", "title": ARTICLES[2]["title"], "content": ARTICLES[2]["text"],
                 "dct": ARTICLES[2]["date"], "uri": "u2"})
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    incidents = [{"incident_uri": "1", "date": "May 5, 2024", "city_or_county": "Ashford", "num_killed": 0,
                  "num_injured": 1, "frame": "accidental_injuries_children"},
                 {"incident_uri": "2", "date": "May 5, 2024", "city_or_county": "Ashford", "num_killed": 1,
                  "num_injured": 0, "frame": "mass_shootings"}]
    (tmp_path / "incidents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in incidents), encoding="utf-8")
    figures = evaluate(tmp_path)
    assert figures["scope"] == "all" and "accident" in figures["scope_note"].lower()
    everything, acled = figures["by_scope"]["all"], figures["by_scope"]["acled"]
    assert figures["b3_f1"] == everything["b3_f1"] == 1.0  # the two outlets together, the murder apart
    assert everything["by_kind"]["accidental"]["fields"]["date"] == 1.0
    assert everything["by_kind"]["accidental"]["fields"]["city"] == 1.0
    assert acled["by_kind"]["accidental"]["fields"]["date"] == 0.0  # the ACLED export has no accident
    assert acled["coverage"]["articles_in_events"] == 1 and everything["coverage"]["articles_in_events"] == 3
    result = run_cli("eval", "gva", "--data", str(tmp_path), "--scope", "acled")  # the ACLED export as headline
    assert result.returncode == 0, result.stderr.decode()
    headline = json.loads(result.stdout)
    assert headline["scope"] == "acled" and headline["b3_f1"] == acled["b3_f1"]
    assert headline["fields"] == acled["fields"]
