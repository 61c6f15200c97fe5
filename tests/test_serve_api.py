"""The REST API and the pages over a real store (stories ingested by the real pipeline), through
FastAPI's TestClient: filters, paging, detail, GeoJSON, exports, corrections, errors and safety."""

from __future__ import annotations

import csv
import io
import json
import warnings

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install -r requirements.lock)")

with warnings.catch_warnings():  # starlette's TestClient announces a future switch of HTTP client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from serve_support import HANDLER_PAYLOAD, LINK_PAYLOAD, SCRIPT_PAYLOAD, built_store, copy_store

from eventfold.serve.app import create_app

LOOPBACK = "http://127.0.0.1"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return copy_store(built_store(), tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(store_path):
    return TestClient(create_app(str(store_path)), base_url=LOOPBACK)


@pytest.fixture()
def writable(tmp_path):
    """A client over a private copy of the store, for tests that make corrections."""
    return TestClient(create_app(str(copy_store(built_store(), tmp_path))), base_url=LOOPBACK)


def _events(client, **params) -> dict:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _event_of(client, sub_event_type: str) -> dict:
    return next(e for e in _events(client)["items"] if e["sub_event_type"] == sub_event_type)


# ---------------------------------------------------------------- events list


def test_lists_every_event_with_paging(client):
    everything = _events(client)
    assert everything["total"] == 3
    assert {e["sub_event_type"] for e in everything["items"]} == {"Armed clash", "Peaceful protest", "Attack"}
    second = _events(client, page_size=1, page=2)
    assert second["total"] == 3 and len(second["items"]) == 1
    assert second["items"][0]["event_id"] == everything["items"][1]["event_id"]  # date order, paged


@pytest.mark.parametrize("params, expected", [
    ({"event_type": "Battles"}, {"Armed clash"}),
    ({"contested": "true"}, {"Armed clash"}),
    ({"contested": "false"}, {"Peaceful protest", "Attack"}),
    ({"date_from": "2023-04-13"}, {"Peaceful protest", "Attack"}),
    ({"date_to": "2023-04-11"}, {"Armed clash"}),
    ({"country": "sd", "admin1": "South Kordofan"}, {"Attack"}),
    ({"actor": "liberation"}, {"Armed clash"}),
    ({"text": "students"}, {"Peaceful protest"}),
    ({"sub_event_type": "Attack", "reviewed": "false"}, {"Attack"}),
    ({"reviewed": "true"}, set()),
])
def test_filters(client, params, expected):
    assert {e["sub_event_type"] for e in _events(client, **params)["items"]} == expected


def test_sorts_by_fatalities_both_ways(client):
    first = _events(client, sort="-fatalities")["items"][0]
    assert first["sub_event_type"] == "Armed clash" and first["fatalities"]["value"] == 12
    assert _events(client, sort="fatalities")["items"][0]["sub_event_type"] != "Armed clash"


@pytest.mark.parametrize("params, name", [
    ({"date_from": "last week"}, "date_from"),
    ({"min_confidence": "2"}, "min_confidence"),
    ({"min_confidence": "nan"}, "min_confidence"),
    ({"sort": "colour"}, "sort"),
    ({"page": "0"}, "page"),
    ({"page_size": "100000"}, "page_size"),
    ({"contested": "maybe"}, "contested"),
])
def test_bad_parameters_are_a_400_naming_the_parameter(client, params, name):
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    assert name in response.json()["error"]
    page = client.get("/events", params=params)  # the page says the same, as a page
    assert page.status_code == 400 and name in page.text


def test_unknown_ids_are_404(client):
    assert client.get("/api/events/ev-nothing").status_code == 404
    assert client.get("/api/articles/nothing").status_code == 404
    assert client.get("/events/ev-nothing").status_code == 404
    assert "no event ev-nothing" in client.get("/api/events/ev-nothing").json()["error"]


# ---------------------------------------------------------------- one event, GeoJSON, lists


def test_event_detail_has_reports_claims_and_the_contradiction(client):
    clash = _event_of(client, "Armed clash")
    detail = client.get(f"/api/events/{clash['event_id']}").json()
    assert len(detail["reports"]) == 2 and len(detail["conflicts"]) == 1
    killed = [c for c in detail["claims"] if c["kind"] == "killed"]
    assert sorted(c["quantity"]["low"] for c in killed) == [12, 30]
    assert all(c["conflicts_with"] for c in killed)  # each figure is marked as contradicted by the other
    assert sorted(c["quote"] for c in killed) == ["12 people", "30 people"]  # the words of the source
    fatalities = next(f for f in detail["fields"] if f["name"] == "fatalities")
    assert fatalities["value"].startswith("12") and "30" in fatalities["value"]
    assert any(e["quote"] for e in fatalities["read_by"])  # the span the figure was read from


def test_geojson_holds_the_located_events(client):
    collection = client.get("/api/events.geojson").json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 3
    kadugli = next(f for f in collection["features"] if f["properties"]["location"] == "Kadugli")
    longitude, latitude = kadugli["geometry"]["coordinates"]
    assert 29 < longitude < 30.5 and 10.5 < latitude < 11.5  # Kadugli, South Kordofan
    assert kadugli["properties"]["fatalities"] == 4 and kadugli["properties"]["url"].startswith("/events/")
    contested = client.get("/api/events.geojson", params={"contested": "true"}).json()
    assert [f["properties"]["sub_event_type"] for f in contested["features"]] == ["Armed clash"]


def test_outlines_are_the_offline_base_layer(client):
    outlines = client.get("/api/outlines.geojson", params={"west": 20, "south": 5, "east": 40, "north": 20}).json()
    names = {f["properties"]["name"] for f in outlines["features"]}
    if not names:
        pytest.skip("the Natural Earth outlines package is not installed")
    assert "Sudan" in names and "Chad" in names
    assert client.get("/api/outlines.geojson", params={"west": 40, "east": 20}).status_code == 400


def test_articles_actors_claims_conflicts(client):
    articles = client.get("/api/articles").json()
    assert articles["total"] == 4 and "text" not in articles["items"][0]
    article = client.get(f"/api/articles/{articles['items'][0]['article_id']}").json()
    assert article["article"]["text"] and article["annotations"]["mentions"]
    assert any(a["name"] == "Sudan Liberation Army" for a in client.get("/api/actors").json()["items"])
    killed = client.get("/api/claims", params={"kind": "killed"}).json()
    assert killed["total"] >= 2 and all(c["kind"] == "killed" for c in killed["items"])
    assert client.get("/api/claims", params={"page": "x"}).status_code == 400
    conflicts = client.get("/api/conflicts").json()["items"]
    assert [c["kind"] for c in conflicts] == ["killed"]


# ---------------------------------------------------------------- exports of the filtered set


def test_exports_hold_the_filtered_events(client):
    battles = {"event_type": "Battles"}
    rows = list(csv.DictReader(io.StringIO(client.get("/events/export.csv", params=battles).text)))
    assert [r["sub_event_type"] for r in rows] == ["Armed clash"] and rows[0]["fatalities"] == "12"
    lines = client.get("/events/export.jsonl", params={"contested": "false"}).text.splitlines()
    assert sorted(json.loads(line)["sub_event_type"] for line in lines) == ["Attack", "Peaceful protest"]
    geojson = client.get("/events/export.geojson").json()
    assert len(geojson["features"]) == 3
    parquet = client.get("/events/export.parquet", params=battles)
    assert parquet.headers["content-type"] == "application/vnd.apache.parquet"
    import pyarrow.parquet as pq

    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == 1
    assert client.get("/events/export.xls").status_code == 404


# ---------------------------------------------------------------- corrections


def test_correction_through_the_api_shows_everywhere_and_undoes(writable):
    clash = _event_of(writable, "Armed clash")
    made = writable.post("/api/corrections", json={"action": "edit", "event_id": clash["event_id"],
                                                   "field": "fatalities", "value": "20", "who": "tester",
                                                   "why": "hospital count"})
    assert made.status_code == 201, made.text
    corrected = writable.get(f"/api/events/{clash['event_id']}").json()["event"]
    assert corrected["fatalities"]["value"] == 20 and corrected["reviewed"]
    assert [e["event_id"] for e in _events(writable, reviewed="true")["items"]] == [clash["event_id"]]
    assert "20" in writable.get(f"/events/{clash['event_id']}").text
    log = writable.get("/api/corrections").json()["items"]
    assert [(c["kind"], c["who"], c["why"]) for c in log] == [("edit", "tester", "hospital count")]
    undone = writable.post("/api/corrections", json={"action": "undo", "correction_id": log[0]["correction_id"],
                                                     "who": "tester"})
    assert undone.status_code == 201 and undone.json()["undone"]
    assert writable.get(f"/api/events/{clash['event_id']}").json()["event"]["fatalities"]["value"] == 12


def test_bad_corrections_are_a_400(writable):
    clash = _event_of(writable, "Armed clash")
    bad = writable.post("/api/corrections", json={"action": "edit", "event_id": clash["event_id"],
                                                  "field": "colour", "value": "red", "who": "tester"})
    assert bad.status_code == 400 and "colour" in bad.json()["error"]
    assert writable.post("/api/corrections", json={"action": "fly", "who": "x"}).status_code == 400
    assert writable.post("/api/corrections", json={"action": "accept", "event_id": "ev-none",
                                                   "who": "x"}).status_code == 404


def test_review_form_needs_the_session_csrf_token(writable):
    clash = _event_of(writable, "Armed clash")
    page = writable.get(f"/events/{clash['event_id']}")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    url = f"/events/{clash['event_id']}/review"
    forged = writable.post(url, data={"action": "reject", "who": "intruder", "csrf": "forged"})
    assert forged.status_code == 403
    cross_site = writable.post(url, data={"action": "reject", "who": "x", "csrf": token},
                               headers={"Origin": "https://elsewhere.example"})
    assert cross_site.status_code == 403
    assert writable.get(f"/api/events/{clash['event_id']}").json()["event"]["rejected"] is False
    accepted = writable.post(url, data={"action": "accept", "who": "tester", "csrf": token}, follow_redirects=False)
    assert accepted.status_code == 303
    assert writable.get(f"/api/events/{clash['event_id']}").json()["event"]["reviewed"] is True


# ---------------------------------------------------------------- safety


def test_every_response_forbids_inline_script(client):
    for url in ("/events", "/api/events", "/map", "/static/map.js"):
        policy = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy


def test_hostile_article_is_text_in_every_view(client):
    hostile = next(a for a in client.get("/api/articles").json()["items"] if "<script>" in (a["title"] or ""))
    attack = _event_of(client, "Attack")
    pages = ["/events", "/timeline", "/map", "/contested", "/actors", "/sources", "/articles", "/corrections",
             f"/articles/{hostile['article_id']}", f"/events/{attack['event_id']}"]
    for url in pages:
        html = client.get(url).text
        for payload in (SCRIPT_PAYLOAD, HANDLER_PAYLOAD, LINK_PAYLOAD, "onerror=\"", "href=\"javascript:"):
            assert payload not in html, (url, payload)
    for url in (f"/articles/{hostile['article_id']}", f"/events/{attack['event_id']}", "/articles"):
        assert "&lt;script&gt;window.__pwned" in client.get(url).text, url  # shown, escaped
    assert "onerror=&#34;window.__pwned" in client.get(f"/articles/{hostile['article_id']}").text


def test_token_is_required_on_every_request_off_loopback(store_path):
    with pytest.raises(ValueError, match="token"):
        create_app(str(store_path), host="0.0.0.0")
    guarded = TestClient(create_app(str(store_path), host="0.0.0.0", token="s3cret"), base_url="http://10.1.2.3")
    assert guarded.get("/api/events").status_code == 401
    assert guarded.get("/static/app.css").status_code == 401
    assert guarded.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/api/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert guarded.get("/events", params={"token": "s3cret"}).status_code == 200  # leaves the token in a cookie
    assert guarded.get("/events").status_code == 200


def test_loopback_app_refuses_other_host_names(client):
    assert client.get("/api/events", headers={"Host": "attacker.example"}).status_code == 403
    assert client.get("/api/events", headers={"Host": "localhost:8000"}).status_code == 200


def test_static_files_only_by_their_packaged_names(client):
    assert client.get("/static/map.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert "BSD" in client.get("/static/vendor/leaflet/LICENSE").text
    for name in ("/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/cli.py", "/static/nothing.js", "/static//etc/passwd"):
        assert client.get(name).status_code == 404, name
