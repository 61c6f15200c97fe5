"""The situation brief: what it says (sorted timeline, consistent citations, claims side by side,
wording of uncertainty), what it draws (one marker per located event) and what it must never hold
(unescaped text, external resources)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from eventfold.brief import BriefInput, compose_brief, render_brief
from eventfold.brief.compose import map_points
from eventfold.brief.map import MapPoint, fit_view, nice_distance, render_map_svg
from eventfold.brief.outlines import outlines_available
from eventfold.brief.wording import date_label, value_words
from eventfold.model import Article, Claim, Conflict, DateValue, Entity, Event, Figure, Place, Quantity, Span

KUNDUZ = Place(1134720, "Kunduz", 36.72896, 68.85700, country="AF", admin1="Kunduz", feature_class="P")
SHEBERGHAN = Place(1127110, "Sheberghan", 36.66757, 65.75290, country="AF", admin1="Jowzjan", feature_class="P")
LASHKAR_GAH = Place(1147290, "Lashkar Gah", 31.59382, 64.37161, country="AF", admin1="Helmand", feature_class="P")
ARMY = "Military Forces of Afghanistan (2004-2021)"


def _article(article_id, outlet, published, title, url=None, path=None):
    return Article(article_id=article_id, text="(body)", title=title, outlet=outlet, published=published,
                   url=url, path=path)


def _claim(claim_id, article_id, kind, subject, value, claimant, polarity="asserted", certainty="stated",
           quantity=None):
    return Claim(claim_id=claim_id, article_id=article_id, subject=subject, kind=kind, value=value,
                 claimant=claimant, span=Span(article_id, 0, 5), polarity=polarity, certainty=certainty,
                 quantity=quantity)


def _records() -> BriefInput:
    """An uprising in Kunduz whose death toll two sources give differently, a control claim and its
    denial in Sheberghan, a hedged air-strike toll in Lashkar Gah and a protest with no place."""
    articles = [
        _article("a-wire", "Wire Service", "2021-08-09T10:00:00", "Fighting rages in Kunduz",
                 url="https://wire.example/kunduz"),
        _article("a-local", "Kunduz Daily", "2021-08-08T18:00:00",
                 'Kunduz clash: "<Taliban> & allies" advance', url="https://daily.example/k?a=1&b=2"),
        _article("a-denial", "Jowzjan Radio", "2021-08-10", "Governor: Sheberghan still ours",
                 path="corpus/jowzjan-radio.html"),
        _article("a-strike", "Helmand Herald", "2021-08-06", "Air strike on Lashkar Gah"),
        _article("a-unused", "Other Paper", "2021-07-01", "Unrelated story"),
    ]
    claims = [
        _claim("k-mod", "a-local", "killed", "Taliban", "12", "Ministry of Defence", quantity=Quantity(12, 12)),
        _claim("k-tal", "a-wire", "killed", "Taliban", "20", "Zabihullah Mujahid", quantity=Quantity(20, 20)),
        _claim("s-tal", "a-wire", "control", "Sheberghan", "Taliban", "Zabihullah Mujahid"),
        _claim("s-gov", "a-denial", "control", "Sheberghan", "Taliban", "the governor's office",
               polarity="denied"),
        _claim("k-elders", "a-strike", "killed", "civilians", "<=30", "local elders", certainty="hedged",
               quantity=Quantity(None, 30, qualifier="at_most")),
    ]
    events = [
        Event("ev-kunduz", ["r1", "r2"], ["a-local", "a-wire"], "Battles", "Armed clash",
              date=DateValue("2021-08-08", "day"), place=KUNDUZ, actor1="Taliban", actor2=ARMY,
              fatalities=Figure(12, 12, 20, 2), contested=True, claim_ids=["k-mod", "k-tal"],
              conflict_ids=["c-killed"]),
        Event("ev-sheberghan", ["r3", "r4"], ["a-wire", "a-denial"], "Strategic developments",
              "Non-violent transfer of territory", date=DateValue("2021-08", "month"), place=SHEBERGHAN,
              actor1="taliban", claim_ids=["s-tal", "s-gov"]),
        Event("ev-strike", ["r5"], ["a-strike"], "Explosions/Remote violence", "Air/drone strike",
              date=DateValue("2021-08-05", "day", estimated=True), place=LASHKAR_GAH, actor1=ARMY,
              assoc_actor_1="US forces", fatalities=Figure(30, None, 30, 1), claim_ids=["k-elders"]),
        Event("ev-protest", ["r6"], ["a-wire"], "Protests", "Peaceful protest",
              date=DateValue("2021-08-12", "day"), location_text="a village in the north"),
    ]
    conflicts = [
        Conflict("c-killed", "ev-kunduz", "killed", "Taliban", ["k-mod", "k-tal"], reason="values differ"),
        Conflict("c-control", "ev-sheberghan", "control", "Sheberghan", ["s-tal", "s-gov"],
                 reason="claim vs denial"),
    ]
    entities = [
        Entity("taliban", "Taliban", "organisation", category="Rebel groups", aliases=["Islamic Emirate"]),
        Entity("mfa", ARMY, "organisation", category="State forces"),
    ]
    return BriefInput(events, claims, conflicts, articles, entities, title="Northern Afghanistan, August 2021",
                      generated_at="2021-08-15T12:00Z")


@pytest.fixture(scope="module")
def html() -> str:
    return render_brief(_records(), "html")


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_brief(_records(), "md")


def _section(page: str, section_id: str) -> str:
    return page.split(f'<section id="{section_id}">', 1)[1].split("</section>", 1)[0]


def _sources_by_number(page: str) -> dict[int, str]:
    items = re.findall(r'<li id="src-(\d+)"[^>]*>(.*?)</li>', _section(page, "sources"))
    return {int(n): text for n, text in items}


def test_sources_are_numbered_by_publication_and_only_cited_ones_listed(html):
    sources = _sources_by_number(html)
    assert [s.split(",")[0] for _, s in sorted(sources.items())] == [
        "Helmand Herald", "Kunduz Daily", "Wire Service", "Jowzjan Radio"]
    assert "Other Paper" not in html


def test_timeline_is_sorted_by_date_and_citations_point_to_the_right_sources(html):
    rows = re.findall(r'<tr id="event-(\d+)">(.*?)</tr>', _section(html, "timeline"))
    dates = [re.search(r'<td class="date">(.*?)</td>', row).group(1) for _, row in rows]
    assert dates == ["Aug 2021", "~5 Aug 2021", "8 Aug 2021", "12 Aug 2021"]  # a month sorts by its first day
    sources = _sources_by_number(html)
    kunduz = next(row for _, row in rows if "Kunduz (AF)" in row or "Kunduz" in row.split("</td>")[3])
    cited = [int(n) for n in re.findall(r'href="#src-(\d+)"', kunduz.rsplit("<td>", 1)[1])]
    assert sorted(sources[n].split(",")[0] for n in cited) == ["Kunduz Daily", "Wire Service"]


def test_claims_are_attributed_and_uncertainty_is_worded(html):
    timeline = _section(html, "timeline")
    assert "Ministry of Defence: 12 Taliban killed — carried by Kunduz Daily" in timeline
    assert "Zabihullah Mujahid: 20 Taliban killed — carried by Wire Service" in timeline
    assert "The governor&#x27;s office denies: Sheberghan held by Taliban — carried by Jowzjan Radio" in timeline
    assert ("Local elders: up to 30 civilians killed (could not be independently verified) — carried by "
            "Helmand Herald") in timeline
    assert "a village in the north (not located)" in timeline


def test_contested_table_puts_rival_claims_side_by_side(html):
    groups = _section(html, "contested").split('<tr class="conflict">')[1:]
    subjects = [g.split("<")[1] for g in groups]
    assert subjects == ['td rowspan="2">Sheberghan', 'td rowspan="2">Taliban']  # in timeline order
    control, killed = groups
    assert re.search(r"Ministry of Defence</td><td class=\"value\">12</td><td>asserts", killed)
    assert re.search(r"Zabihullah Mujahid</td><td class=\"value\">20</td><td>asserts", killed)
    assert "Kunduz Daily, 8 Aug 2021" in killed and "Wire Service, 9 Aug 2021" in killed
    assert "the governor&#x27;s office</td><td class=\"value\">Sheberghan held by Taliban</td><td>denies" in control


def test_key_figures_sum_conservative_fatalities_with_their_range(html):
    figures = _section(html, "key-figures")
    assert "at least 42 reported in 2 events" in figures
    assert "sources give 42–50 in total" in figures
    assert "could not be independently verified" in figures
    assert "4 articles from 4 outlets (5 articles examined)" in figures
    assert "<dt>Contested events</dt><dd>2 of 4</dd>" in figures


def test_period_covers_event_dates_and_publication_range(html):
    header = html.split("</header>", 1)[0]
    assert "Events from Aug 2021 to 12 Aug 2021" in header
    assert "sources published 6 Aug 2021 to 10 Aug 2021" in header


def test_actors_have_their_category_and_event_counts(html):
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td class=\"num\">(\d+)</td>", _section(html, "actors"))
    assert rows == [(ARMY, "State forces", "2"), ("Taliban", "Rebel groups", "2"),  # "taliban" is Taliban
                    ("US forces", "not coded", "1")]


def test_map_has_one_marker_per_located_event(html):
    svg = _section(html, "map")
    markers = re.findall(r'<circle class="marker" data-event="(\d+)"', svg)
    assert sorted(int(n) for n in markers) == [1, 2, 3]
    assert "km</text>" in svg  # scale bar
    if outlines_available():
        assert 'class="country"' in svg and "AFGHANISTAN" in svg


def test_everything_is_escaped_and_nothing_external_is_loaded(html):
    assert "<Taliban>" not in html and "&lt;Taliban&gt; &amp; allies" in html
    assert "<script" not in html and "<link" not in html and "<img" not in html and "@import" not in html
    urls = re.findall(r"https?://[^\s\"'<>]+", html)
    assert urls and all(u in {"https://wire.example/kunduz", "https://daily.example/k?a=1&amp;b=2"} for u in urls)
    assert not re.search(r'(src|xlink:href)=|url\((?!#)', html)


def test_markdown_has_the_same_content(markdown):
    assert markdown.startswith("# Northern Afghanistan, August 2021")
    order = [markdown.index(h) for h in ("## Key figures", "## Timeline", "## Contested claims", "## Map",
                                         "## Actors", "## Sources")]
    assert order == sorted(order)
    assert "Ministry of Defence: 12 Taliban killed — carried by Kunduz Daily \\[2\\]" in markdown
    assert "\\<Taliban\\> & allies" in markdown
    assert "- Event 2: Lashkar Gah (31.5938, 64.3716)" in markdown
    assert "1. Helmand Herald, “Air strike on Lashkar Gah”, 6 Aug 2021." in markdown


def test_brief_without_located_events_says_so():
    data = _records()
    data.events = [e for e in data.events if e.place is None]
    page = render_brief(data, "html")
    assert "<svg" not in page and "none has a resolved location" in _section(page, "map")
    assert map_points(compose_brief(data)) == []


def test_map_fits_points_and_draws_offline_without_outlines():
    points = [MapPoint(1, "Kunduz", KUNDUZ.latitude, KUNDUZ.longitude, 12),
              MapPoint(2, "Lashkar Gah", LASHKAR_GAH.latitude, LASHKAR_GAH.longitude, None)]
    view = fit_view(points)
    for point in points:
        x, y = view.project(point.longitude, point.latitude)
        assert 0 < x < view.width and 0 < y < view.height
    svg = render_map_svg(points, with_outlines=False)
    assert svg.count('class="marker"') == 2 and 'class="country"' not in svg
    assert nice_distance(173) == 100 and nice_distance(0.7) == 0.5


def test_date_and_value_wording():
    assert date_label(DateValue("2021-08", "month")) == "Aug 2021"
    assert date_label(DateValue("2021-08-31", "day", estimated=True)) == "~31 Aug 2021"
    assert date_label(DateValue("2021-W35", "week")) == "week 35 of 2021"
    assert date_label(DateValue(None, None, earliest="2021-08-01", latest="2021-08-07")) == \
        "between 1 Aug 2021 and 7 Aug 2021"
    assert date_label(None) == "date unknown"
    assert value_words(">=5") == "at least 5" and value_words("12-20") == "12 to 20"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="html, md"):
        render_brief(_records(), "pdf")


# ---------------------------------------------------------------- claims grouped by claimant


def _lines(claims, outlets):
    from eventfold.brief.compose import claim_lines

    articles = list(outlets)
    return claim_lines(claims, {a: n for n, a in enumerate(articles, start=1)}, outlets)


def test_one_line_per_claimant_and_figure_with_the_outlets_that_carry_it():
    outlets = {"a1": "Nile Courier", "a2": "Sahel Post", "a3": "Delta Wire"}
    claims = [
        _claim("c1", "a1", "killed", "soldiers", "600", "an RSF spokesman"),
        _claim("c2", "a2", "killed", "soldiers", "600", "RSF spokesman"),
        # the outlet states the same figure in its own voice: it carries the spokesman's figure
        _claim("c3", "a3", "killed", "people", "600", "Delta Wire"),
        _claim("c4", "a1", "killed", "soldiers", "40", "the army"),
        _claim("c5", "a2", "killed", "the group's fighters", "40", "Sahel Post"),
    ]
    statements = [line.statement for line in _lines(claims, outlets)]
    assert statements == [
        "Reported by Sahel Post: 40 of the group's fighters killed",  # not the army's soldiers
        "The army: 40 soldiers killed — carried by Nile Courier",
        "An RSF spokesman: 600 soldiers killed — carried by Nile Courier, Sahel Post, Delta Wire",
    ]
    assert len(set(statements)) == len(statements)


def test_wordings_of_one_claimant_are_one_line():
    outlets = {"a1": "Nile Courier", "a2": "Sahel Post"}
    claims = [
        _claim("c1", "a1", "killed", "militiamen", ">=350", "Munib Amiri"),
        _claim("c2", "a2", "killed", "militiamen", ">=350", "field commander Munib Amiri"),
        _claim("c3", "a1", "wounded", "people", "26", "Russia's Interfax"),
        _claim("c4", "a2", "wounded", "people", "26", "Interfax, citing a local source"),
    ]
    statements = [line.statement for line in _lines(claims, outlets)]
    assert statements == [
        "Field commander Munib Amiri: at least 350 militiamen killed — carried by Nile Courier, Sahel Post",
        "Interfax, citing a local source: 26 people wounded — carried by Nile Courier, Sahel Post",
    ]


def test_control_claims_read_as_sentences_even_when_the_holder_is_a_pronoun():
    outlets = {"a1": "Nile Courier"}
    claims = [
        _claim("c1", "a1", "control", "Omdurman", "their", "local commanders"),
        _claim("c2", "a1", "control", "Kosti", "lost by its holders", "the governor"),
        _claim("c3", "a1", "control", "Wad Madani", "Rapid Support Forces", "the RSF", polarity="denied"),
    ]
    statements = {line.statement for line in _lines(claims, outlets)}
    assert statements == {
        "Local commanders: Omdurman changed hands — carried by Nile Courier",
        "The governor: Kosti fell — carried by Nile Courier",
        "The RSF denies: Wad Madani held by Rapid Support Forces — carried by Nile Courier",
    }
    assert not any(" their " in s or "held their" in s for s in statements)


def test_events_carry_their_confidence_and_the_threshold_is_stated():
    data = _records()
    data.events = [replace(e, confidence=0.83) if e.event_id == "ev-kunduz" else e for e in data.events]
    data.min_confidence = 0.5
    brief = compose_brief(data)
    assert brief.figures.min_confidence == 0.5 and brief.figures.events == 4
    assert [t.confidence for t in brief.timeline if t.event_id == "ev-kunduz"] == [0.83]
    markdown = render_brief(data, "md")
    assert "confidence 0.83" in markdown and "confidence of at least 0.50" in markdown
    assert "confidence 0.83" in _section(render_brief(data, "html"), "timeline")
    # key figures count only the events given (the caller filtered the rest out by confidence)
    data.events = [e for e in data.events if e.event_id == "ev-kunduz"]
    assert compose_brief(data).figures.events == 1 and compose_brief(data).figures.fatalities == 12


def test_a_figure_no_one_is_named_for_is_reported_by_its_outlet():
    outlets = {"a1": "Nile Courier"}
    claims = [
        _claim("c1", "a1", "killed", "people", "4", None, certainty="hedged"),  # "are reported to have been killed"
        _claim("c2", "a9", "control", "El Geneina", "lost by its holders", None),  # an article with no known outlet
    ]
    statements = {line.statement for line in _lines(claims, outlets)}
    assert statements == {"Reported by Nile Courier: 4 people killed (could not be independently verified)",
                          "Reported: El Geneina fell"}


def test_actors_no_entity_holds_take_the_category_their_events_code():
    from eventfold.brief.compose import actor_rows

    events = [Event("ev-a", ["r1"], ["a1"], "Battles", "Armed clash", actor1="Unidentified Armed Group (Mali)",
                    actor2="Military Forces of Mali", inter1=3, inter2=1),
              Event("ev-b", ["r2"], ["a2"], "Battles", "Armed clash", actor1="Taliban", inter1=2),
              Event("ev-c", ["r3"], ["a3"], "Battles", "Armed clash", actor1="Taliban", inter1=1),
              Event("ev-d", ["r4"], ["a4"], "Battles", "Armed clash", actor1="Taliban", inter1=1)]
    rows = {row.name: row.category for row in actor_rows(events, [])}
    assert rows["Unidentified Armed Group (Mali)"] == "Political militias"
    assert rows["Military Forces of Mali"] == "State forces"
    assert rows["Taliban"] == "State forces / Rebel groups"  # the code it has most often first
