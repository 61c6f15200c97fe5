"""Plain-text dumps: story kept, furniture dropped, captions apart, metadata and stamps read."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from eventfold.ingest.outlets import (
    is_section_label,
    masthead_of,
    outlet_from_dateline,
    outlet_from_lines,
    outlet_from_url,
)
from eventfold.ingest.stamps import looks_like_stamp, parse_date_stamp
from eventfold.ingest.text import is_nav_line, parse_text_dump

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="shared seed dumps not available")


def parse_fixture(name: str, **kwargs):
    return parse_text_dump((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), **kwargs)


def paragraphs(parsed) -> list[str]:
    return parsed.text.split("\n\n")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- fixtures


def test_wire_story_header_metadata():
    parsed = parse_fixture("wire_story")
    assert parsed.title == "Floodwaters force thousands from homes as river bursts its banks in western Kenya"
    assert parsed.byline == "Grace Wanjiru and Tomas Lindqvist"
    assert parsed.dateline == "NAIROBI"
    assert parsed.url == "https://www.nytimes.com/2024/05/03/world/africa/kenya-floods-kisumu.html"
    assert (parsed.outlet, parsed.outlet_source) == ("The New York Times", "url")


def test_wire_story_banner_counter_and_stamp_are_not_story():
    parsed = parse_fixture("wire_story")
    for furniture in ("ELECTIONS 2024", "search", "1.2k", "Yesterday at 9:40", "By Grace", "https://"):
        assert furniture not in parsed.text
    assert {"ELECTIONS 2024 - LIVE UPDATES", "search", "1.2k"} <= set(parsed.removed)


def test_wire_story_broken_lines_are_rejoined_and_every_paragraph_kept():
    parsed = parse_fixture("wire_story")
    story = paragraphs(parsed)
    assert len(story) == 7
    assert story[0].startswith("NAIROBI — Rising floodwaters")
    assert "schools that now shelter displaced families, but warned" in parsed.text
    assert "during a road-building project, a charge the transport ministry denies." in parsed.text
    assert "the interior minister, Paul Kipchumba, promised that every displaced family" in parsed.text


def test_wire_story_captions_are_separate_and_deduplicated():
    parsed = parse_fixture("wire_story")
    assert parsed.captions == [
        "Residents wade through a flooded street in Kisumu on May 2 after days of heavy rain. (Photo by Brian Otieno / AFP)",
        "Rescue workers carry a child across a submerged bridge near Ahero on May 3. (Reuters)",
    ]
    assert "Residents wade" not in parsed.text and "Rescue workers" not in parsed.text


def test_relative_stamp_needs_retrieved_at():
    parsed = parse_fixture("wire_story")
    assert parsed.published.value is None
    assert "needs --retrieved-at" in parsed.published.reason


def test_relative_stamp_resolves_in_its_own_time_zone():
    # 15:00 UTC on 4 May is 11:00 EDT on 4 May: "yesterday" is 3 May.
    parsed = parse_fixture("wire_story", retrieved_at=datetime(2024, 5, 4, 15, 0, tzinfo=timezone.utc))
    assert (parsed.published.value, parsed.published.precision) == ("2024-05-03", "day")
    # 02:00 UTC on 4 May is still 3 May in New York: "yesterday" is 2 May.
    early = parse_fixture("wire_story", retrieved_at=datetime(2024, 5, 4, 2, 0, tzinfo=timezone.utc))
    assert early.published.value == "2024-05-02"


def test_blog_repost_byline_with_relative_stamp_and_footer_outlet():
    parsed = parse_fixture("blog_repost", retrieved_at=datetime(2023, 3, 17, 9, 0))
    assert parsed.title == "Port strike: Who are the dockworkers shutting down the harbour and what do they want?"
    assert parsed.byline == "Martin Oduya"
    assert parsed.published.value == "2023-03-14" and parsed.published.estimated
    assert (parsed.outlet, parsed.outlet_source) == ("The Coastal Herald", "footer")
    assert parsed.dateline == "LAGOS"


def test_blog_repost_getty_caption_cleaned_and_deduplicated():
    parsed = parse_fixture("blog_repost")
    assert parsed.captions == ["Containers sit idle at the eastern terminal on 14 March - Ifeoma Bello/AFP via Getty Images"]
    assert "Getty" not in parsed.text and "a ship is docked" not in parsed.text


def test_blog_repost_keeps_both_articles_and_drops_footer_furniture():
    parsed = parse_fixture("blog_repost")
    assert "a strike by more than 2,000 dockworkers" in parsed.text  # no-break space normalised
    assert "LAGOS — Shipping companies say they will divert vessels" in parsed.text
    assert paragraphs(parsed)[-1].startswith("A spokesman for one of the largest lines")
    for furniture in ("newsletters", "much more", "Categories:", "Tagged as:", "Leave a Reply"):
        assert furniture not in parsed.text


def test_agency_dump_teasers_removed_and_date_resolved_by_document_evidence():
    parsed = parse_fixture("agency_numeric")
    assert parsed.title == "Miners block highway as protest over water rights enters second week"
    assert parsed.byline == "Lucia Paredes"
    assert (parsed.dateline, parsed.outlet, parsed.outlet_source) == ("Lima", "Andes Press", "dateline")
    for teaser in ("See also", "Farmers and miners sign truce", "17/11/2018", "Archbishop calls", "Subscribe", "proverbio"):
        assert teaser not in parsed.text
    # The summary paragraph under the byline is story, not furniture.
    assert paragraphs(parsed)[0].startswith("Talks between the mining company and farming communities")
    # The teaser list's dates are other articles' stamps, not evidence of this one's order.
    assert parsed.published.value == "2019-05-03"
    assert parsed.published.source == "text:numeric-date(DMY, default: day-first is the most widespread order)"
    assert "ambiguous" in parsed.published.reason and parsed.published.estimated


def test_ambiguous_stamp_read_as_the_only_reading_in_the_month_before_retrieval():
    # 03/05/2019 fetched on 20 March: 5 March is two weeks before, 3 May would be after retrieval.
    march = parse_fixture("agency_numeric", retrieved_at=datetime(2019, 3, 20))
    assert march.published.value == "2019-03-05" and "after --retrieved-at" in march.published.source
    # Fetched on 30 May both readings are past; only 3 May lies within a month.
    may = parse_fixture("agency_numeric", retrieved_at=datetime(2019, 5, 30))
    assert may.published.value == "2019-05-03"
    assert "within 31 days before --retrieved-at" in may.published.source and may.published.estimated


def test_explicit_date_order_wins_over_document_evidence():
    parsed = parse_fixture("agency_numeric", date_order="MDY")
    assert parsed.published.value == "2019-03-05"
    assert parsed.published.source == "text:numeric-date(MDY, --date-order)"


def test_register_wall_and_email_form_removed():
    parsed = parse_fixture("register_wall")
    assert parsed.title == "Coastal town evacuated after fire spreads through pine forest"
    assert len(paragraphs(parsed)) == 4
    assert paragraphs(parsed)[-1].startswith("Tourists were taken by ferry")
    for furniture in ("WORLD NEWS", "read more", "Register", "sign in", "example@domain.com", "Check your email", "image"):
        assert furniture not in parsed.text
    assert len(parsed.captions) == 1


def test_hard_wrapped_text_is_reflowed():
    parsed = parse_fixture("hard_wrapped")
    assert parsed.title == "Council approves new bus lanes despite objections from shop owners"
    assert len(paragraphs(parsed)) == 4
    assert "bus lanes along three of the busiest roads in the centre, ending a year of public consultation" in parsed.text


@pytest.mark.parametrize("raw", ["", "   \n\n  \n", "Leave a Reply", "\u00a0"])
def test_empty_or_furniture_only_dump_does_not_crash(raw):
    parsed = parse_text_dump(raw)
    assert parsed.text == "" and parsed.title is None
    assert parsed.published.value is None and parsed.published.reason


def test_url_argument_names_the_outlet():
    parsed = parse_text_dump("Three killed in clash near border post, police say.", url="https://www.bbc.co.uk/news/x")
    assert (parsed.outlet, parsed.outlet_source, parsed.url) == ("BBC News", "url", "https://www.bbc.co.uk/news/x")
    assert parsed.text == "Three killed in clash near border post, police say."


# ----------------------------------------------------------------------------- stamps


RETRIEVED = datetime(2021, 8, 21, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Aug. 21, 2021", "2021-08-21"),
        ("2021-08-21T10:00Z", "2021-08-21"),
        ("21 August 2021", "2021-08-21"),
        ("Updated Aug 20, 2021 at 10:02 a.m.", "2021-08-20"),
        ("24/01/2017 15:55", "2017-01-24"),
    ],
)
def test_absolute_stamps_parse_to_day_precision(stamp, expected):
    value = parse_date_stamp(stamp, retrieved_at=None)
    assert (value.value, value.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("stamp", "expected"), [("2 days ago", "2021-08-19"), ("an hour ago", "2021-08-21"), ("Yesterday at 7:25 p.m. EDT", "2021-08-20")]
)
def test_relative_stamps_resolve_against_retrieved_at_only(stamp, expected):
    assert parse_date_stamp(stamp, retrieved_at=RETRIEVED).value == expected
    unresolved = parse_date_stamp(stamp, retrieved_at=None)
    assert unresolved.value is None and unresolved.reason == f"relative stamp '{stamp}' needs --retrieved-at"


def test_ambiguous_numeric_date_rules_in_order():
    evidence = parse_date_stamp("09/04/2021", retrieved_at=None, context_dates=["24/01/2017 15:55"])
    assert evidence.value == "2021-04-09"
    assert evidence.source == "text:numeric-date(DMY, evidence: '24/01/2017' in document)"
    assert "ambiguous" in evidence.reason and "2021-09-04" in evidence.reason
    us_outlet = parse_date_stamp("09/04/2021", retrieved_at=None, outlet="The Washington Post")
    assert us_outlet.value == "2021-09-04" and "outlet hint" in us_outlet.source and us_outlet.estimated
    explicit = parse_date_stamp("09/04/2021", retrieved_at=None, date_order="MDY", context_dates=["24/01/2017"])
    assert explicit.value == "2021-09-04"
    conflicting = parse_date_stamp("09/04/2021", retrieved_at=None, context_dates=["24/01/2017", "01/24/2017"])
    assert conflicting.value == "2021-04-09" and "default" in conflicting.source


def test_stamp_line_detection():
    assert looks_like_stamp("Yesterday at 7:25 p.m. EDT")
    assert looks_like_stamp("09/04/2021, 12.33")
    assert not looks_like_stamp("The Taliban said on Aug. 21, 2021 that they had won.")
    assert not looks_like_stamp("2.4k")


# ----------------------------------------------------------------------------- outlets


def test_outlets():
    assert outlet_from_url("https://www.washingtonpost.com/world/x_story.html") == "The Washington Post"
    assert outlet_from_url("http://web.archive.org/web/2015/http://www.theguardian.com/world/x") == "The Guardian"
    assert outlet_from_url("https://www.timesofisrael.com/x/") == "The Times of Israel"
    assert outlet_from_url("https://www.dailynewsreport.com/a") == "Daily News Report"
    assert outlet_from_url("https://www.valleyherald.com/a") == "Valley Herald"  # not "V Al Ley Herald"
    assert outlet_from_url("https://wral.com/13334346") == "WRAL"
    assert outlet_from_dateline("Moscow (AsiaNews) – Following the talks") == ("Moscow", "AsiaNews")
    assert outlet_from_dateline("KABUL — Groups of armed men") == ("KABUL", None)
    assert outlet_from_dateline("Mr Saleh – who fled – said") == (None, None)
    assert outlet_from_lines(["The Independent sends free newsletters on every topic you follow."]) == "The Independent"
    assert outlet_from_lines(["Type your address like this: name@provider.org"]) is None


# ----------------------------------------------------------------------------- real seed dumps


@needs_seeds
def test_seed_002_header_captions_and_url():
    parsed = parse_text_dump(seed("002"))
    lines = [line.strip() for line in seed("002").splitlines() if line.strip()]
    assert parsed.title == lines[0]  # the first line, above the photo caption
    # "By A" / "and" / "B" on three lines become one byline of two names.
    assert parsed.byline == f"{lines[2].removeprefix('By ')} and {lines[4]}"
    assert len(parsed.captions) == 5
    assert parsed.dateline == "KABUL"
    assert (parsed.outlet, parsed.outlet_source) == ("The Washington Post", "url")
    assert "2.4k" not in paragraphs(parsed)
    assert "Afghans refusing to fly" in parsed.text  # a wrapped line re-joined


@needs_seeds
def test_seeds_000_and_004_forms_removed():
    for prefix in ("000", "004"):
        parsed = parse_text_dump(seed(prefix))
        assert "Leave a Reply" not in parsed.text and "Register to continue" not in parsed.text
        assert "Sign in" not in parsed.text and "example@domain.com" not in parsed.text
    assert len(paragraphs(parse_text_dump(seed("000")))) == 5
    parsed_004 = parse_text_dump(seed("004"))
    headline = [line for line in seed("004").splitlines() if line.strip()][2]  # under a banner and "search"
    assert parsed_004.title == headline.strip()
    assert "ISRAEL AT WAR" not in parsed_004.text and len(parsed_004.captions) == 4


@needs_seeds
def test_seed_001_byline_outlet_and_single_caption():
    parsed = parse_text_dump(seed("001"), retrieved_at=datetime(2021, 8, 22, 12, 0))
    assert parsed.byline == "Andy Gregory"
    assert parsed.published.value == "2021-08-20"
    assert (parsed.outlet, parsed.outlet_source) == ("The Independent", "footer")
    assert len(parsed.captions) == 1 and "Getty" not in parsed.text
    assert "newsletters" not in parsed.text and "Tagged as" not in parsed.text


@needs_seeds
def test_seed_003_teasers_removed_and_numeric_date_marked():
    parsed = parse_text_dump(seed("003"))
    assert parsed.byline == "Vladimir Rozanskij"
    assert parsed.dateline == "Moscow" and parsed.outlet == "AsiaNews"
    assert "See also" not in parsed.text and "24/01/2017" not in parsed.text and "Subscribe" not in parsed.text
    assert "Send to a friend" not in parsed.text
    # Without a retrieval date nothing in the article decides the order of "09/04/2021" (the
    # teaser dates are other articles'): the outlet's country gives a guess, marked estimated.
    assert parsed.published.estimated and "outlet hint" in parsed.published.source
    # Fetched on 7 September, 4 September is the only reading in the month before.
    fetched = parse_text_dump(seed("003"), retrieved_at=datetime(2021, 9, 7))
    assert fetched.published.value == "2021-09-04" and "2021-04-09" in fetched.published.reason
    assert parse_text_dump(seed("003"), date_order="DMY").published.value == "2021-04-09"


def test_ambiguous_numeric_date_decided_by_facts_about_the_stamp():
    weekday = parse_date_stamp("Published: Wednesday, 10/7/2015", retrieved_at=None)
    assert weekday.value == "2015-10-07" and weekday.source == "text:numeric-date(MDY, weekday named in the stamp)"
    not_future = parse_date_stamp("05/09/2021", retrieved_at=datetime(2021, 6, 1))
    assert not_future.value == "2021-05-09" and "after --retrieved-at" in not_future.source


def test_ambiguous_numeric_date_decided_by_url_date_and_month_name_style():
    url_day = parse_date_stamp("10/7/2015", retrieved_at=None, context_dates=["https://x.com/2015/10/07/story.html"])
    assert url_day.value == "2015-10-07" and "'2015/10/07'" in url_day.source
    style = parse_date_stamp("10/7/2015", retrieved_at=None, context_dates=["Jan. 11", "Feb. 5"])
    assert style.value == "2015-10-07" and style.source.startswith("text:numeric-date(MDY, style")


def test_masthead_line_and_title_suffix_name_the_outlet():
    raw = (
        "The Guardian\n\nFire destroys market stalls in city centre | The Guardian\n\nBy Ann Lee\n\n"
        "A fire destroyed dozens of market stalls in the city centre overnight, firefighters said on Sunday."
    )
    parsed = parse_text_dump(raw)
    assert parsed.title == "Fire destroys market stalls in city centre"
    assert (parsed.outlet, parsed.outlet_source, parsed.byline) == ("The Guardian", "masthead", "Ann Lee")
    assert parsed.text.startswith("A fire destroyed dozens of market stalls")


def test_menus_go_but_subheadings_and_articles_about_subscriptions_stay():
    raw = "\n".join([
        "World", "Business", "Local News Today", "Sport", "Culture",
        "Streaming service doubles its price for new customers",
        "The streaming service said on Monday that new customers would pay twice as much from next month.",
        "What changes",
        "If you already have an account, you can sign up for the old plan until the end of the month, the company said,"
        " while new customers who subscribe after that will pay the higher price and lose the free trial entirely.",
    ])
    parsed = parse_text_dump(raw)
    assert parsed.title == "Streaming service doubles its price for new customers"
    assert "Local News Today" not in parsed.text and "Business" not in parsed.text
    assert paragraphs(parsed)[1] == "What changes"
    assert paragraphs(parsed)[2].startswith("If you already have an account, you can sign up for the old plan")


def test_wire_copy_credits_and_agency_dateline():
    raw = (
        "Rebels seize second town in northern push\n"
        "KINSHASA, March 3 (Reuters) - Rebels seized a second town in the east on Sunday, residents said,"
        " as fighting spread towards the provincial capital.\n"
        "The army said it had launched a counter-offensive and would retake the town within days.\n"
        "(Reporting by Jean Mbala; Editing by Ruth Cole)\n"
        "Our Standards: The Trust Principles.\n"
    )
    parsed = parse_text_dump(raw)
    assert (parsed.dateline, parsed.outlet, parsed.outlet_source) == ("KINSHASA", "Reuters", "dateline")
    assert len(paragraphs(parsed)) == 2 and "Reporting by" not in parsed.text and "Standards" not in parsed.text
    assert outlet_from_dateline("Islamabad, Aug 21 (IANS): Officials said") == ("Islamabad", "IANS")


# ----------------------------------------------------------------------------- mastheads and navigation


FIXTURE_RETRIEVED = datetime(2023, 3, 17, 9, 0, tzinfo=timezone.utc)


def test_masthead_with_breadcrumb_names_outlet_and_is_not_the_title():
    parsed = parse_fixture("masthead_breadcrumb")
    assert parsed.title == "Flash floods cut road link to three lakeshore towns"
    # The footer spells the banner's name in title case; "Lakes" (the last crumb) is no outlet.
    assert (parsed.outlet, parsed.outlet_source) == ("Riverland Wire", "masthead")
    assert parsed.byline == "Chifundo Banda and Maren Holt"
    assert parsed.published.value == "2023-03-14" and parsed.dateline == "LILONGWE"
    assert len(paragraphs(parsed)) == 3 and paragraphs(parsed)[0].startswith("LILONGWE — Flash floods")
    assert parsed.captions == [
        "A lorry stranded on the washed-out road south of the lake. (Photo: Kondwani Phiri/Delta Images)"
    ]
    for furniture in ("RIVERLAND", "Related:", "Cyclone season", "Share this", "newsletter", "©"):
        assert furniture not in parsed.text


def test_syndicated_copy_tagline_wire_byline_and_dotted_stamp():
    parsed = parse_fixture("syndicated_tagline")
    assert parsed.title == "Roads to lakeshore towns cut as floods sweep district, officials say"
    assert (parsed.outlet, parsed.outlet_source) == ("Harbour Courier", "masthead")
    assert parsed.byline == "Riverland Wire"  # the wire named where a byline stands
    assert "Regional news from the wires" in parsed.removed  # the masthead's tagline
    assert (parsed.published.value, parsed.published.precision) == ("2023-03-14", "day")
    assert len(paragraphs(parsed)) == 2 and "distributed by" not in parsed.text
    # Pasted without blank lines, the tagline directly under the banner is still not the title.
    raw = (FIXTURES / "syndicated_tagline.txt").read_text(encoding="utf-8")
    packed = parse_text_dump("\n".join(line for line in raw.splitlines() if line.strip()))
    assert (packed.title, packed.outlet, packed.byline) == (parsed.title, "Harbour Courier", "Riverland Wire")
    assert packed.text == parsed.text


def test_nav_line_under_masthead_name_outlet_byline_and_sign_in_form():
    parsed = parse_fixture("nav_banner_form")
    assert parsed.title == "Ferry operators and port authority trade figures over strike losses"
    assert (parsed.outlet, parsed.outlet_source, parsed.byline) == ("Upland Dispatch", "masthead", "Ilse Moravec")
    assert (parsed.published.value, parsed.dateline) == ("2023-03-15", "Port Salva")
    assert len(paragraphs(parsed)) == 3 and paragraphs(parsed)[-1].startswith("Neither figure")
    assert len(parsed.captions) == 1 and "Passengers queue" not in parsed.text
    for furniture in ("Home |", "Sign in", "Password", "Email address", "Related:"):
        assert furniture not in parsed.text


def test_menu_words_are_never_outlets_and_bare_name_byline_with_relative_stamp():
    parsed = parse_fixture("signin_banner_relative", retrieved_at=FIXTURE_RETRIEVED)
    assert parsed.title == "Island ferries resume after strike ends overnight"
    assert (parsed.outlet, parsed.byline) == ("Lakeside Review", "Tomas Reiner")
    assert parsed.published.value == "2023-03-15" and parsed.published.estimated
    assert len(paragraphs(parsed)) == 3 and "Leave a comment" not in parsed.text
    assert parsed.captions == [
        "A ferry leaves the harbour at Port Salva at dawn. (Photo: Ana Sollberg/Lakeside Review)"
    ]


def test_credit_first_caption_role_in_byline_and_title_case_masthead():
    parsed = parse_fixture("nav_credit_first", retrieved_at=FIXTURE_RETRIEVED)
    assert parsed.title == "Council names interim harbour master after strike"
    # "THE MARSH GAZETTE" is spelled "Marsh Gazette" in the caption credit.
    assert (parsed.outlet, parsed.outlet_source) == ("The Marsh Gazette", "masthead")
    assert parsed.byline == "Ada Okafor"
    assert parsed.published.value == "2023-03-16"
    assert parsed.captions == [
        "(Photo: Ruth Amsel/Marsh Gazette) The harbour office in Port Salva, pictured on Monday."
    ]
    assert len(paragraphs(parsed)) == 2
    for furniture in ("Newsletter", "subscriber", "Keep me signed in", "Password"):
        assert furniture not in parsed.text


def test_masthead_with_section_desk_nav_line_and_pipe_byline():
    parsed = parse_fixture("section_desk_pipe_byline")
    assert parsed.title == "Ferry strike ends after overnight talks, union says"
    assert (parsed.outlet, parsed.byline) == ("Coastal Observer", "Piet Vandersloot")
    assert parsed.published.value == "2023-03-16"
    assert len(paragraphs(parsed)) == 2 and "Facebook" not in parsed.text and "Culture" not in parsed.text


def test_pipe_byline_names_outlet_when_there_is_no_masthead():
    raw = (
        "Sign in | Subscribe | Search\n\nFerry crews vote to accept pay offer\n\nLena Fors | Island Chronicle\n"
        "17.03.2023 – 09:30\n\nFerry crews voted by a large majority on Friday to accept the operators' offer, "
        "the union said.\n\nNewsletter | Culture"
    )
    parsed = parse_text_dump(raw)
    assert parsed.title == "Ferry crews vote to accept pay offer"
    assert (parsed.byline, parsed.outlet, parsed.outlet_source) == ("Lena Fors", "Island Chronicle", "byline")
    assert parsed.text == (
        "Ferry crews voted by a large majority on Friday to accept the operators' offer, the union said."
    )


def test_reporting_credit_gives_the_byline():
    header = parse_text_dump(
        "Ferry talks collapse\n\nReporting by Jonas Ek; editing by Mira Sol\nPublished 2023-03-13 08:15\n\n"
        "Talks between the ferry operators and the crew union collapsed on Monday, both sides said."
    )
    assert (header.byline, header.published.value) == ("Jonas Ek", "2023-03-13")
    footer = parse_text_dump(
        "Ferry talks collapse\n"
        "Talks between the ferry operators and the crew union collapsed on Monday, both sides said.\n"
        "(Reporting by Jonas Ek in Port Salva; Editing by Mira Sol)"
    )
    assert footer.byline == "Jonas Ek" and "Reporting" not in footer.text


def test_masthead_detection_rules():
    assert masthead_of("RIVERLAND WIRE | World | Africa") == "Riverland Wire"
    assert masthead_of("COASTAL OBSERVER — Europe desk") == "Coastal Observer"
    assert masthead_of("THE MARSH GAZETTE", "(Photo: R. Amsel/Marsh Gazette)") == "The Marsh Gazette"
    assert masthead_of("NORTH BAY VOICE") == "North Bay Voice"
    # Section banners and headlines are not mastheads.
    for banner in ("WORLD NEWS", "ELECTIONS 2024 - LIVE UPDATES", "HARBOUR AT WAR - DAY 12", "Fire destroys market"):
        assert masthead_of(banner) is None
    # A title-case name needs both a newspaper noun and a second mention.
    assert masthead_of("Island Chronicle") is None
    assert masthead_of("Island Chronicle", "(c) 2023 Island Chronicle") == "Island Chronicle"
    for words in ("Search", "Sign in", "Newsletter", "Culture", "Home", "Menu", "World News"):
        assert is_section_label(words)
    assert not is_section_label("Sky News") and not is_section_label("The Independent")


def test_nav_line_detection():
    for nav in (
        "Home | Region | Afghanistan | Analysis | Sign in", "World › Asia › Lakes", "News • Coast • Newsletter",
        "Politics / Economy / Culture", "Sign in | Subscribe", "Share this article | Leave a comment",
        "Home » Africa » Malawi",
    ):
        assert is_nav_line(nav), nav
    for other in (
        "Lena Fors | Island Chronicle",
        "04/09/2021 | 10:40",
        "Fire destroys market stalls in city centre | The Guardian",
        "The union said the deal covered pay, hours and safety, and that crews would vote next week.",
    ):
        assert not is_nav_line(other), other


def test_unicode_line_separators_break_lines():
    raw = ("Patrol finds weapons cache\u2028For Immediate Release\u2028\u2028"
           "KUNDUZ, Afghanistan (March 3, 2011) - A joint patrol found a cache of rifles and mortar rounds in a "
           "compound near the river on Tuesday, officials said. No one was hurt during the search.")
    parsed = parse_text_dump(raw)
    assert parsed.title == "Patrol finds weapons cache"
    assert parsed.text.startswith("KUNDUZ") and "Immediate Release" not in parsed.text


DATELINE_STORY = (
    "Patrol detains two suspects near the river\n\n"
    "RIVERTON, Northland (March 3) - A joint patrol detained two suspects in a compound near the river "
    "yesterday, officials said. No one was hurt during the search, and weapons were seized.\n"
)


def test_dateline_date_without_year_uses_retrieval_or_says_why():
    assert parse_text_dump(DATELINE_STORY, retrieved_at=datetime(2012, 1, 5)).published.value == "2011-03-03"
    unknown = parse_text_dump(DATELINE_STORY).published
    assert unknown.value is None and "has no year" in unknown.reason
    dated = parse_text_dump(DATELINE_STORY.replace("(March 3)", "(March 3, 2009)")).published
    assert dated.value == "2009-03-03"


def test_general_ingest_reads_no_release_numbering_or_dated_title():
    # Press-office numbering ("2011-03-RC-044") and "June 20:" title dates belong to particular
    # release formats; their readers hand the date over as a feed record would.
    numbered = DATELINE_STORY.replace("\n\n", "\n2011-03-RC-044\n\n", 1)
    assert parse_text_dump(numbered).published.value is None
    titled = "June 20: Joint patrols in the east\n\n" + DATELINE_STORY.split("\n\n", 1)[1].replace(" (March 3)", "")
    assert parse_text_dump(titled).published.value is None


def test_a_year_less_dateline_is_after_the_months_the_story_names():
    undated = DATELINE_STORY.replace("officials said.", "officials said. The cell attacked a school in June 2011.")
    published = parse_text_dump(undated).published
    assert published.value == "2012-03-03" and published.estimated
