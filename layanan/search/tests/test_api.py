"""GET /api/v1/search: shape, order, filters, limits, errors, the OpenAPI
document, and the log entry it leaves (source "api")."""

import pytest

from layanan.search.models import SearchQuery
from layanan.search.services.indexing import index_document

from .conftest import make_document

URL = "/api/v1/search"


def test_results_have_the_documented_shape_best_first(client, corpus):
    response = client.get(URL, {"q": "perpanjangan sim c"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"results", "total", "total_exact"}
    assert data["total_exact"] is True
    assert data["total"] >= 2
    first = data["results"][0]
    assert set(first) == {"type", "id", "title", "url", "snippet", "score"}
    assert first["type"] == "service"
    assert first["id"] == corpus["perpanjangan-sim-c"].pk
    assert first["title"] == "Perpanjangan SIM C"
    assert first["url"] == "http://testserver/layanan/perpanjangan-sim-c/"
    assert "<mark>" in first["snippet"]
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_urls_are_absolute_and_in_the_default_language_whatever_the_client_asks(client, corpus):
    data = client.get(URL, {"q": "skck"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["results"][0]["url"] == "http://testserver/layanan/skck/"


def test_limit_defaults_to_ten_and_total_counts_every_match(client, db):
    for i in range(1, 15):
        index_document(make_document(i, f"Legalisir ijazah {i}"))
    data = client.get(URL, {"q": "legalisir"}).json()
    assert len(data["results"]) == 10 and data["total"] == 14
    data = client.get(URL, {"q": "legalisir", "limit": 3}).json()
    assert len(data["results"]) == 3 and data["total"] == 14
    assert len(client.get(URL, {"q": "legalisir", "limit": 50}).json()["results"]) == 14


def test_type_and_agency_filter_results(client, corpus):
    index_document(make_document(900, "Perpanjangan SIM keliling", agency="polri", category="berkendara"))
    data = client.get(URL, {"q": "perpanjangan sim", "type": "article"}).json()
    assert [(r["type"], r["id"]) for r in data["results"]] == [("article", 900)]
    assert data["total"] == 1
    data = client.get(URL, {"q": "ktp", "agency": "dukcapil"}).json()
    assert data["results"] and all(r["url"].startswith("http://testserver/layanan/") for r in data["results"])
    assert client.get(URL, {"q": "ktp", "agency": "polri"}).json() == {"results": [], "total": 0, "total_exact": True}


def test_no_match_is_an_empty_list(client, corpus):
    assert client.get(URL, {"q": "xyzzyq"}).json() == {"results": [], "total": 0, "total_exact": True}


@pytest.mark.parametrize("params, field", [
    ({"q": "ktp", "type": "user"}, "type"),
    ({"q": "ktp", "limit": 0}, "limit"),
    ({"q": "ktp", "limit": 51}, "limit"),
    ({"q": "ktp", "limit": "ten"}, "limit"),
    ({}, "q"),
])
def test_bad_parameters_are_422_naming_the_parameter(client, db, params, field):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert field in [item["loc"][-1] for item in response.json()["detail"]]


def test_api_searches_are_logged_with_source_api(client, corpus):
    client.get(URL, {"q": "SKCK", "type": "service", "limit": 5})
    entry = SearchQuery.objects.get()
    assert entry.source == SearchQuery.Source.API
    assert entry.query == "skck"
    assert entry.result_count == 1
    assert entry.filters == {"type": "service"}


def test_search_is_described_in_the_openapi_document(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    assert operation["operationId"] == "search"
    assert "best first" in operation["description"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"q", "type", "agency", "limit"}
    assert set(operation["responses"]) >= {"200", "422"}


def test_openapi_document_stays_valid(client, db):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").json())
