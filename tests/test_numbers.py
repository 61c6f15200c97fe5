"""The number grammar: quantities, casualty figures with their kind and side, and the ISAF evaluation."""

from pathlib import Path

import pytest

from eventfold.annotate.nlp import load_nlp
from eventfold.extract.numbers import find_figures, parse_quantity
from eventfold.model import Quantity

SHARED = Path(__file__).resolve().parents[2] / "shared"
ISAF = SHARED / "eval" / "events-isaf"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def figures_of(nlp, text):
    doc = nlp(text)
    return [f for sent in doc.sents for f in find_figures(sent)], doc


def summary(figures):
    return [(f.kind, f.quantity.low, f.quantity.high, f.side) for f in figures]


# ---------------------------------------------------------------- quantities

@pytest.mark.parametrize("text, low, high, qualifier", [
    ("2,500", 2500, 2500, "exact"),
    ("9,000", 9000, 9000, "exact"),
    ("three", 3, 3, "exact"),
    ("twenty-five", 25, 25, "exact"),
    ("a dozen", 12, 12, "exact"),
    ("half a dozen", 6, 6, "exact"),
    ("two hundred", 200, 200, "exact"),
    ("two hundred and fifty", 250, 250, "exact"),
    ("1.5 million", 1_500_000, 1_500_000, "exact"),
    ("dozens", 12, None, "at_least"),
    ("scores", 20, None, "at_least"),
    ("hundreds", 100, None, "at_least"),
    ("several", 3, None, "at_least"),
    ("a few", 3, None, "at_least"),
    ("numerous", 4, None, "at_least"),
    ("more than a dozen", 13, None, "at_least"),
    ("more than 30", 31, None, "at_least"),
    ("at least 7", 7, None, "at_least"),
    ("as many as 30", None, 30, "at_most"),
    ("up to 30", None, 30, "at_most"),
    ("fewer than 10", None, 9, "at_most"),
    ("about 300", 300, 300, "approx"),
    ("some 300", 300, 300, "approx"),
    ("nearly 300", 300, 300, "approx"),
    ("10 to 15", 10, 15, "range"),
    ("10-15", 10, 15, "range"),
    ("between 10 and 15", 10, 15, "range"),
])
def test_parse_quantity(text, low, high, qualifier):
    quantity = parse_quantity(text)
    assert (quantity.low, quantity.high, quantity.qualifier) == (low, high, qualifier)
    assert quantity.text == text


def test_conservative_figure_is_the_lower_bound_or_the_cap():
    assert parse_quantity("at least 7").conservative == 7
    assert parse_quantity("as many as 30").conservative == 30
    assert parse_quantity("10 to 15").conservative == 10


@pytest.mark.parametrize("text", ["Tuesday", "the", "AK-47", "3rd", "10:30"])
def test_not_a_quantity(text):
    assert parse_quantity(text) is None


# ---------------------------------------------------------------- casualty phrasings

def test_left_dead_and_in_custody(nlp):
    figures, _ = figures_of(nlp, "The fighting left 24 RSF fighters dead and 17 in custody.")
    assert summary(figures) == [("killed", 24, 24, "RSF fighters"), ("detained", 17, 17, "RSF fighters")]


def test_killed_and_wounded_with_elided_object(nlp):
    figures, _ = figures_of(nlp, "Government troops killed 15 Taliban and wounded 15.")
    assert summary(figures) == [("killed", 15, 15, "Taliban"), ("wounded", 15, 15, "Taliban")]


def test_passive_list_with_elided_participle(nlp):
    figures, _ = figures_of(nlp, "62 Wagner soldiers were killed and 91 wounded, the ministry said.")
    assert summary(figures) == [("killed", 62, 62, "Wagner soldiers"), ("wounded", 91, 91, "Wagner soldiers")]


def test_with_absolute_and_taken_prisoners(nlp):
    figures, _ = figures_of(
        nlp, "More than 120 junta soldiers were killed, with almost 200 wounded and 45 taken prisoners.")
    assert summary(figures) == [
        ("killed", 121, None, "junta soldiers"),
        ("wounded", 200, 200, "junta soldiers"),
        ("captured", 45, 45, "junta soldiers"),
    ]
    assert figures[1].quantity.qualifier == "approx"


def test_reported_to_have_been_killed(nlp):
    figures, _ = figures_of(nlp, "Four villagers are reported to have been killed and upwards of a dozen hurt.")
    assert summary(figures) == [("killed", 4, 4, "villagers"), ("wounded", 13, None, "villagers")]


def test_side_of_a_partitive(nlp):
    figures, doc = figures_of(nlp, "Militants killed 30 of the group's fighters on Sunday.")
    assert summary(figures) == [("killed", 30, 30, "the group's fighters")]
    figure = figures[0]
    assert doc.text[figure.side_start:figure.side_end] == "the group's fighters"
    assert doc.text[figure.start:figure.end] == "30 of the group's fighters"


def test_bare_numbers_under_two_verbs(nlp):
    figures, _ = figures_of(nlp, "Gunmen fired into the crowded bus, killing one and wounding two others.")
    assert [(f.kind, f.quantity.low) for f in figures] == [("killed", 1), ("wounded", 2)]


def test_along_with_counts_under_the_verb(nlp):
    figures, _ = figures_of(
        nlp, "Police found and arrested the wanted smuggler along with three of his associates.")
    # the targeted individual is one person of his own (the ledger tells whether he was counted before)
    assert summary(figures) == [("detained", 1, 1, "wanted smuggler"), ("detained", 3, 3, "his associates")]


def test_arrests_abductions_deaths_and_displacement(nlp):
    figures, _ = figures_of(nlp, "Police arrested dozens of protesters and at least 7 civilians died.")
    assert summary(figures) == [("detained", 12, None, "protesters"), ("killed", 7, None, "civilians")]
    figures, _ = figures_of(nlp, "The attack killed 10 to 15 people, and up to 30 were kidnapped.")
    assert summary(figures) == [("killed", 10, 15, "people"), ("abducted", None, 30, "people")]
    figures, _ = figures_of(nlp, "About 300 people lost their lives and 2,000 were displaced.")
    assert summary(figures) == [("killed", 300, 300, "people"), ("displaced", 2000, 2000, "people")]


def test_one_person_named_with_an_article_or_a_name(nlp):
    figures, _ = figures_of(nlp, "Officials confirmed a Taliban leader was arrested during the raid on Sunday.")
    assert summary(figures) == [("detained", 1, 1, "Taliban leader")]
    figures, _ = figures_of(nlp, "The guards returned fire, killing him.")
    assert [(f.kind, f.quantity.low) for f in figures] == [("killed", 1)]


def test_an_aim_is_not_a_capture(nlp):
    figures, _ = figures_of(nlp, "The brigade launched a raid to detain an M23 commander in the district.")
    assert figures == []


# ---------------------------------------------------------------- numbers that are not casualties

@pytest.mark.parametrize("text", [
    "Shuja, 28, was killed near the market.",
    "A 33-year-old man was wounded in the blast.",
    "The convoy travelled 100 miles over 10 days through three districts in 2021.",
    "The drugs cost $5 million and 20 percent of the crop was burned.",
    "The security force seized 650 kilograms of opium and three vehicles.",
    "He was the third commander killed this year.",
])
def test_not_casualties(nlp, text):
    figures, _ = figures_of(nlp, text)
    assert [f for f in figures if f.quantity.low not in (1, None)] == []


def test_money_and_age_beside_a_real_figure(nlp):
    figures, _ = figures_of(nlp, "The 45-year-old commander paid $300 before 12 insurgents were killed.")
    assert summary(figures) == [("killed", 12, 12, "insurgents")]


# ---------------------------------------------------------------- force sizes

def test_force_sizes(nlp):
    figures, _ = figures_of(nlp, "The Taliban assembled a force of some 9,000 fighters.")
    assert summary(figures) == [("force_size", 9000, 9000, "fighters")]
    figures, _ = figures_of(nlp, "Their number does not yet exceed 2,500.")
    assert [(f.kind, f.quantity.low, f.quantity.high, f.quantity.qualifier) for f in figures] == [
        ("force_size", None, 2500, "at_most")]
    figures, _ = figures_of(nlp, "Hundreds of fighters attacked the town.")
    assert summary(figures) == [("force_size", 100, None, "fighters")]


# ---------------------------------------------------------------- ISAF evaluation

def test_isaf_reads_a_release(nlp):
    from eventfold.evaluate.isaf import record_from_figures

    release = ("KABUL, Afghanistan (July 11, 2012)\nAfghan and coalition troops captured a Taliban leader "
               "in a raid in Nahr-e Saraj district, Helmand province, yesterday. The troops also "
               "detained two suspected militants. Nobody fired a shot.")
    record = record_from_figures(release, nlp)
    assert record.start_date == "2012-07-10"
    assert record.province == ["helmand"]
    assert record.event_type == ["detention"]
    assert record.target_group == ["taliban"]
    assert (record.min_killed, record.min_captured) == (0, 3)


def test_isaf_lead_total_is_not_counted_twice(nlp):
    from eventfold.evaluate.isaf import record_from_figures

    release = ("KABUL, Afghanistan (Nov. 12, 2011)\nIn Tani district, Khost province, Afghan and coalition "
               "troops detained several militants, including a Haqqani network leader, yesterday. After "
               "questioning, the troops detained the leader together with two of his aides.")
    record = record_from_figures(release, nlp)
    assert record.min_captured == 3
    assert record.target_group == ["haqqani"]


@pytest.mark.skipif(not ISAF.exists(), reason="shared ISAF dev data not present")
def test_isaf_dev_sample():
    from eventfold.evaluate.isaf import evaluate

    result = evaluate(ISAF, limit=20, engine="figures")
    assert result["task"] == "isaf" and result["n"] == 20
    fields = result["fields"]
    assert fields["province"] >= 0.9 and fields["target_group"] >= 0.9
    assert fields["event_type"] >= 0.85 and fields["min_killed"] >= 0.85
    assert fields["min_captured"] >= 0.7 and fields["start_date"] >= 0.5


def test_a_subset_is_not_counted_again(nlp):
    figures, _ = figures_of(nlp, "The blast killed ten people, including two children.")
    assert summary(figures) == [("killed", 10, 10, "people")]


def test_death_toll(nlp):
    figures, _ = figures_of(nlp, "The death toll rose to 45, officials said.")
    assert [(f.kind, f.quantity.low) for f in figures] == [("killed", 45)]


# ---------------------------------------------------------------- known errors, fixed

@pytest.mark.parametrize("text, expected", [
    ("On the northern frontline 14 Taliban fell with 22 wounded.",
     [("killed", 14, 14, "Taliban"), ("wounded", 22, 22, "Taliban")]),
    ("Five soldiers and two policemen fell in the battle.",
     [("killed", 5, 5, "soldiers"), ("killed", 2, 2, "policemen")]),
    ("12 soldiers have fallen since Monday.", [("killed", 12, 12, "soldiers")]),
    ("Nine fighters fell into the hands of government troops.", [("captured", 9, 9, "fighters")]),
    ("20 fighters fell back to the hills.", [("force_size", 20, 20, "fighters")]),
    ("Prices fell by 12 percent.", []),
])
def test_people_who_fell(nlp, text, expected):
    figures, _ = figures_of(nlp, text)
    assert summary(figures) == expected


@pytest.mark.parametrize("text, high, side", [
    ("The number of fighters in the province does not yet exceed 3,000, officials said.", 3000, "fighters"),
    ("The number of fighters is no more than 2,500.", 2500, "fighters"),
    ("The militia has no more than 400 fighters.", 400, "fighters"),
    ("Fewer than 200 fighters remain in the valley.", 199, "fighters"),
    ("The group fields under 500 fighters.", 499, "fighters"),
    ("Up to 800 fighters have gathered near the town.", 800, "fighters"),
])
def test_force_size_caps(nlp, text, high, side):
    figures, _ = figures_of(nlp, text)
    assert [(f.kind, f.quantity.low, f.quantity.high, f.quantity.qualifier, f.side) for f in figures] == [
        ("force_size", None, high, "at_most", side)]


def test_a_force_above_a_bound(nlp):
    figures, _ = figures_of(nlp, "Its fighters now exceed 2,500.")
    assert summary(figures) == [("force_size", 2501, None, "Its fighters")]


@pytest.mark.parametrize("text", [
    "The Taliban called for the arrest of former president Ashraf Karimi.",
    "Marchers called for the arrest of the ousted governor.",
    "The minister demanded the arrest of Ahmad Karimi after the vote.",
    "The court issued a warrant for the arrest of Ahmad Karimi.",
    "Elders demanded that Ahmad Karimi be arrested.",
    "There were calls for the killing of Ahmad Karimi.",
    "The Taliban vowed to kill Ahmad Karimi.",
    "Officials ordered the arrest of 12 officers.",
    "The Taliban called for the arrest of 20 former officials.",
    "Police said 12 suspects would be arrested.",
    "Ahmad Karimi was not arrested.",
    "No one was killed.",
])
def test_demands_threats_and_non_events_are_not_figures(nlp, text):
    figures, _ = figures_of(nlp, text)
    assert figures == []


def test_reported_arrest_of_a_named_person_still_counts(nlp):
    figures, _ = figures_of(nlp, "Police arrested Ahmad Karimi, the former president, on Monday.")
    assert summary(figures) == [("detained", 1, 1, "Ahmad Karimi")]
    figures, _ = figures_of(nlp, "Officials called the killing of Ahmad Karimi a crime.")
    assert summary(figures) == [("killed", 1, 1, "Ahmad Karimi")]


@pytest.mark.parametrize("text, expected", [
    ("Soldiers killed 40 insurgents, with 25 taken prisoner.",
     [("killed", 40, 40, "insurgents"), ("captured", 25, 25, "insurgents")]),
    ("The army killed 40 rebels and took 25 prisoners.",
     [("killed", 40, 40, "rebels"), ("captured", 25, 25, "rebels")]),
    ("The insurgents killed 30 and took 20 prisoner.", [("killed", 30, 30, None), ("captured", 20, 20, None)]),
    ("The fighting left 40 dead and 25 in custody.", [("killed", 40, 40, None), ("detained", 25, 25, None)]),
    ("The clashes left 16 fighters dead, with 9 taken prisoners and 4 in custody.",
     [("killed", 16, 16, "fighters"), ("captured", 9, 9, "fighters"), ("detained", 4, 4, "fighters")]),
    ("The clashes ended with nearly 250 wounded and 31 taken prisoners.",
     [("wounded", 250, 250, None), ("captured", 31, 31, None)]),
])
def test_prisoners_and_custody_are_captures(nlp, text, expected):
    figures, _ = figures_of(nlp, text)
    assert summary(figures) == expected


def test_a_named_leader_who_fled_is_not_a_displacement_figure(nlp):
    figures, _ = figures_of(nlp, "The city fell after President Ahmad Karimi fled to the Gulf.")
    assert figures == []
    figures, _ = figures_of(nlp, "About 2,000 villagers fled the fighting.")
    assert summary(figures) == [("displaced", 2000, 2000, "villagers")]


# ---------------------------------------------------------------- one person, and whose figures count

@pytest.mark.parametrize("text, expected", [
    ("Soldiers arrested a Boko Haram bomb maker in Borno state Friday.",
     [("detained", 1, 1, "Boko Haram bomb maker")]),
    ("Troops arrested an Islamic State West Africa Province (ISWAP) leader.",
     [("detained", 1, 1, "Islamic State West Africa Province (ISWAP) leader")]),
    ("Somali troops captured the top Shabaab military leader yesterday.",
     [("captured", 1, 1, "top Shabaab military leader")]),
])
def test_one_person_taken_counts_one(nlp, text, expected):
    figures, _ = figures_of(nlp, text)
    assert summary(figures) == expected


def test_a_named_leader_is_counted_by_his_name_only(nlp):
    figures, _ = figures_of(nlp, "Police arrested the senior JNIM leader Amadou Diallo in Mopti region.")
    assert [(f.kind, f.quantity.low, f.rule) for f in figures] == [("detained", 1, "named-person")]


def test_weapons_seized_are_not_people(nlp):
    figures, _ = figures_of(nlp, "The patrol detained one suspect and seized multiple AK-47s and grenades.")
    assert summary(figures) == [("detained", 1, 1, "suspect")]


def _ledger_tolls(nlp, text):
    """People each outcome counts across a story, as the extract stage counts them."""
    from eventfold.extract.operation import OUTCOME_OF_KIND, FigureLedger

    ledger, tolls = FigureLedger(), {}
    for sent in nlp(text).sents:
        figures = find_figures(sent)
        for figure, verdict in zip(figures, ledger.read_sentence(sent, figures)):
            outcome = OUTCOME_OF_KIND.get(figure.kind)
            if verdict.counts and outcome:
                tolls[outcome] = tolls.get(outcome, 0) + (figure.quantity.conservative or 0)
    return tolls


def test_a_lead_listed_again_with_additional_people_is_not_added(nlp):
    tolls = _ledger_tolls(nlp, "Troops detained four suspected rebels overnight, including an ADF "
                               "sub-commander. After interrogation, the commander and three additional suspected "
                               "rebels were detained.")
    assert tolls == {"captured": 4}


def test_people_listed_after_the_whole_lead_are_more(nlp):
    tolls = _ledger_tolls(nlp, "A joint patrol captured two Ansar al-Sunna commanders in Macomia district yesterday. "
                               "After interrogation, the patrol detained both commanders along with several of "
                               "their guards.")
    assert tolls == {"captured": 5}


def test_victims_of_the_targets_earlier_attack_are_not_the_operations(nlp):
    tolls = _ledger_tolls(nlp, "Malian troops detained a JNIM leader in Segou region today. He had also organised "
                           "an earlier ambush that killed two soldiers.")
    assert tolls == {"captured": 1}


@pytest.mark.parametrize("text, kind, count", [
    ("A shopkeeper was fatally shot outside his store in Kisumu on Friday night.", "killed", 1),
    ("A taxi driver was shot and killed at a roadblock near the market.", "killed", 1),
    ("A student was shot in the leg as he walked home.", "wounded", 1),
    ("Three farmers were shot near the river crossing on Tuesday.", "wounded", 3),
])
def test_people_shot_are_wounded_unless_the_shot_killed_them(nlp, text, kind, count):
    figures, _ = figures_of(nlp, text)
    assert [(f.kind, f.quantity.conservative) for f in figures] == [(kind, count)]


def test_shooting_at_a_crowd_counts_no_one(nlp):
    figures, _ = figures_of(nlp, "Soldiers shot at the crowd outside the governor's office.")
    assert figures == []
