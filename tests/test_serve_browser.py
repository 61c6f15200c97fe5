"""The web app in a real browser (Playwright driving Debian's chromium) on the sample corpus plus
one hostile article, served by uvicorn on loopback: filter events, open the map and an event,
see the source sentence highlighted, correct a field, keep it through a reload and through
`eventfold process --force`, undo it; and no script of the hostile article ever runs.

Screenshots go to a temporary folder, or to docs/screenshots/ with EVENTFOLD_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, run_cli

pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install -r requirements.lock)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright "
                                     "(pip install -r requirements.lock)")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="browser tests need Debian's chromium: apt-get install -y chromium")

from serve_support import HOSTILE_TITLE, built_store, copy_store, running_app  # noqa: E402

SAMPLE_RETRIEVED_AT = "2021-09-07"
SHOT_WIDTH, SHOT_HEIGHT = 1280, 900


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    built = built_store(inputs=(str(CORPUS),), actors=("afghanistan",), retrieved_at=SAMPLE_RETRIEVED_AT,
                        stories=("hostile.txt",))
    return copy_store(built, tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def base_url(store_path):
    with running_app(store_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    """A fresh page that records any script the hostile article might get to run."""
    context = browser.new_context(viewport={"width": SHOT_WIDTH, "height": SHOT_HEIGHT})
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("EVENTFOLD_SCREENSHOTS"):
        folder = REPO / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def _api(page, base_url, path: str) -> dict:
    response = page.request.get(base_url + path)
    assert response.ok, response.text()
    return response.json()


def _contested_event(page, base_url) -> dict:
    """The sample corpus's most reported contested event with a fatality figure."""
    events = _api(page, base_url, "/api/events?contested=true&sort=-sources")["items"]
    return next(e for e in events if e["fatalities"] and len(e["report_ids"]) > 1)


def test_filter_events(page, base_url, shots):
    page.goto(base_url + "/events")
    total = _api(page, base_url, "/api/events")["total"]
    assert page.locator("#events-table tbody tr").count() == total > 3
    page.select_option("select[name=event_type]", "Battles")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"event_type=Battles"))
    types = page.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"Battles"}
    assert len(types) == _api(page, base_url, "/api/events?event_type=Battles")["total"]
    page.goto(base_url + "/events")
    page.screenshot(path=str(shots / "events.png"), full_page=True)


def test_map_shows_the_filtered_events_and_opens_one(page, base_url, shots):
    page.goto(base_url + "/map")
    page.wait_for_selector("#map[data-ready]")
    located = len(_api(page, base_url, "/api/events.geojson")["features"])
    assert page.get_attribute("#map", "data-ready") == str(located) and located > 3
    page.wait_for_selector("#map[data-outlines-ready]")  # the outlines arrive after the markers
    page.wait_for_selector("#map[data-provinces][data-province-areas]")  # and the province layers
    page.screenshot(path=str(shots / "map.png"), full_page=True)
    page.goto(base_url + "/map?text=Kadugli")  # one event: one marker, no cluster
    page.wait_for_selector("#map[data-ready='1']")
    page.locator("path.leaflet-interactive").last.click()
    page.locator(".event-popup a").click()
    page.wait_for_url(re.compile(r"/events/ev-"))
    assert page.locator("mark.source").count() == 1


def test_timeline_bars_link_to_their_events(page, base_url, shots):
    page.goto(base_url + "/timeline")
    bars = page.locator("#timeline a.bar")
    assert bars.count() > 1
    page.screenshot(path=str(shots / "timeline.png"), full_page=True)
    bars.first.click()
    page.wait_for_url(re.compile(r"/events\?.*date_from="))
    assert page.locator("#events-table tbody tr a.event-link").count() >= 1


def test_event_page_highlights_each_source_sentence(page, base_url, shots):
    event = _contested_event(page, base_url)
    page.goto(base_url + "/events")
    page.click(f"a[href='/events/{event['event_id']}']")
    marks = page.locator("section.source mark.source")
    assert marks.count() == len(event["report_ids"])
    detail = _api(page, base_url, f"/api/events/{event['event_id']}")
    for report, mark in zip(detail["reports"], marks.all_inner_texts()):
        assert report["trigger"].split()[0] in mark  # the highlighted sentence holds the report's trigger
    assert page.locator("#claims tr.contradicted").count() >= 2  # the disagreeing figures are marked
    page.screenshot(path=str(shots / "event.png"), full_page=True)


def test_correction_survives_reload_and_reprocessing_then_undo(page, base_url, store_path, shots):
    event = _contested_event(page, base_url)
    url = f"{base_url}/events/{event['event_id']}"
    machine_value = event["fatalities"]["value"]
    corrected = machine_value + 7
    page.goto(url)
    form = page.locator("#review-edit")
    form.locator("select[name=field]").select_option("fatalities")
    form.locator("input[name=value]").fill(str(corrected))
    form.locator("input[name=who]").fill("browser test")
    form.locator("input[name=why]").fill("count from the hospital")
    form.locator("button[type=submit]").click()
    page.wait_for_url(url)
    fatalities = page.locator("#field-fatalities td.value")
    assert fatalities.inner_text().startswith(str(corrected))
    page.reload()
    assert page.locator("#field-fatalities td.value").inner_text().startswith(str(corrected))

    done = run_cli("--db", str(store_path), "--actors", "afghanistan", "process", "--force")
    assert done.returncode == 0, done.stderr.decode()
    page.reload()
    assert page.locator("#field-fatalities td.value").inner_text().startswith(str(corrected))
    assert page.locator("#field-fatalities .correction-mark").inner_text().startswith("corrected by browser test")

    page.locator("#event-corrections button", has_text="undo").first.click()
    page.wait_for_url(url)
    assert page.locator("#field-fatalities td.value").inner_text().startswith(str(machine_value))
    assert page.locator("#event-corrections tr.undone").count() == 1
    page.goto(base_url + "/corrections")
    page.screenshot(path=str(shots / "corrections.png"), full_page=True)


def test_hostile_article_is_shown_as_text_and_never_runs(page, base_url, shots):
    articles = _api(page, base_url, "/api/articles?page_size=500")["items"]
    hostile = next(a for a in articles if a["title"] == HOSTILE_TITLE)
    attack = _api(page, base_url, "/api/events?text=Kadugli")["items"][0]
    for path in ("/events", "/map", "/timeline", "/contested", "/actors", "/sources", "/articles",
                 f"/articles/{hostile['article_id']}", f"/events/{attack['event_id']}"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, path
        assert page.dialogs == [], path
    page.goto(f"{base_url}/articles/{hostile['article_id']}")
    assert page.locator("#article-title").inner_text() == HOSTILE_TITLE  # the markup, as text
    assert "onerror=" in page.locator("section.part-text .article-text").inner_text()
    page.screenshot(path=str(shots / "article.png"), full_page=True)
    page.goto(base_url + "/contested")
    page.screenshot(path=str(shots / "contested.png"), full_page=True)
    for name in ("actors", "sources"):
        page.goto(f"{base_url}/{name}")
        page.screenshot(path=str(shots / f"{name}.png"))
