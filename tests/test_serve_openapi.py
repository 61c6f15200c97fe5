"""Property-based test against the app's own OpenAPI document: every documented GET operation,
called with generated values for its documented parameters (well-formed, malformed and hostile),
answers without a server error; so does the corrections endpoint with generated bodies."""

from __future__ import annotations

import warnings
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install -r requirements.lock)")
hypothesis = pytest.importorskip("hypothesis", reason="the property-based test needs hypothesis")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from serve_support import built_store, copy_store

from eventfold.serve.app import create_app

# Values that have broken query parsers before: FTS5 operators, odd numbers, dates, markup.
TRICKY = ["", " ", "true", "any", "-date", "2023-04-11", "2023-02-30", "SD", "Battles", "0", "-1", "1e309",
          "nan", "inf", "*", '"', "AND", "NEAR(", "a OR", "title:x", "'; DROP TABLE events; --", "<script>", "%",
          "\u202e", "ev-", "../../etc/passwd"]
EXAMPLES = 40


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = copy_store(built_store(), tmp_path_factory.mktemp("openapi"))
    return TestClient(create_app(str(path)), base_url="http://127.0.0.1")


def _operations(client) -> list[tuple[str, list[dict]]]:
    document = client.get("/api/openapi.json").json()
    return [(path, spec.get("parameters", [])) for path, methods in document["paths"].items()
            for method, spec in methods.items() if method == "get"]


def _values(schema: dict):
    """A strategy for one parameter: what its schema allows, plus anything else as text."""
    kinds = [schema] + schema.get("anyOf", [])
    strategies = [st.sampled_from(TRICKY), st.text(max_size=20)]
    for kind in kinds:
        if "enum" in kind:
            strategies.append(st.sampled_from(kind["enum"]))
        if kind.get("type") == "integer":
            strategies.append(st.integers(-10, 10**12).map(str))
        if kind.get("type") == "number":
            strategies.append(st.floats(allow_nan=True, allow_infinity=True).map(str))
    return st.one_of(strategies)


def _request(draw, path: str, parameters: list[dict]) -> str:
    url, query = path, []
    for parameter in parameters:
        if parameter["in"] == "path":
            value = draw(_values(parameter.get("schema", {})))
            url = url.replace("{" + parameter["name"] + "}", quote(value, safe="") or "x")
        elif draw(st.booleans()):
            query.append((parameter["name"], draw(_values(parameter.get("schema", {})))))
    return url, query


def test_documents_every_api_operation(client):
    paths = {path for path, _ in _operations(client)}
    assert {"/api/events", "/api/events.geojson", "/api/events/{event_id}", "/api/articles", "/api/actors",
            "/api/claims", "/api/conflicts", "/api/corrections"} <= paths


def test_no_documented_get_call_is_a_server_error(client):
    operations = _operations(client)

    @settings(max_examples=EXAMPLES * len(operations), deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.data())
    def call(data):
        path, parameters = data.draw(st.sampled_from(operations))
        url, query = _request(data.draw, path, parameters)
        response = client.get(url, params=query)
        assert response.status_code < 500, (url, query, response.text[:200])
        if response.status_code >= 400:
            assert response.json()["error"]  # one line saying what is wrong

    call()


BODIES = st.fixed_dictionaries(
    {"action": st.sampled_from(["accept", "reject", "edit", "merge", "move", "undo", "fly"])},
    optional={"who": st.sampled_from(["tester", "", " "]), "why": st.text(max_size=10),
              "event_id": st.sampled_from(["ev-none", ""]) | st.text(max_size=8),
              "field": st.sampled_from(["fatalities", "event_date", "place", "event_type", "colour"]),
              # a JSON body carries no inf or NaN: the client could not even send one
              "value": st.one_of(st.none(), st.integers(-5, 10**20), st.text(max_size=12),
                                 st.floats(allow_nan=False, allow_infinity=False),
                                 st.sampled_from(["2023-13-40", "Battles", "{}", "-3"])),
              "event_ids": st.lists(st.text(max_size=6), max_size=3),
              "report_id": st.text(max_size=6), "correction_id": st.integers(-3, 10**20) | st.text(max_size=3)})


def test_no_correction_body_is_a_server_error(client):
    events = client.get("/api/events").json()["items"]

    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(BODIES, st.sampled_from([e["event_id"] for e in events]), st.booleans())
    def post(body, real_id, use_real):
        if use_real and "event_id" in body:
            body = {**body, "event_id": real_id}
        response = client.post("/api/corrections", json=body)
        assert response.status_code < 500, (body, response.text[:200])

    post()
