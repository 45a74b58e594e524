"""GET /cari/saran/?q=…: suggestions as you type, as JSON."""

from django.urls import reverse

from layanan.search.presentation import RESULT_TYPE_LABELS

URL = "/cari/saran/"


def test_suggestions_url_is_the_named_route():
    assert reverse("search:suggestions") == URL


def test_suggestions_return_type_title_and_url(client, corpus):
    response = client.get(URL, {"q": "perpanjangan si"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert {r["title"] for r in data["results"]} == {"Perpanjangan SIM A", "Perpanjangan SIM C"}
    for result in data["results"]:
        assert {"type", "title", "url"} <= set(result)
        assert result["type"] == "service"
        assert result["label"] == str(RESULT_TYPE_LABELS["service"])
        assert result["url"].startswith("/layanan/perpanjangan-sim-")
    assert "2" in data["message"]


def test_suggestions_in_english_link_to_english_pages(client, corpus):
    data = client.get("/en" + URL, {"q": "skc"}).json()
    assert [r["url"] for r in data["results"]] == ["/en/layanan/skck/"]


def test_too_short_or_empty_input_suggests_nothing(client, corpus):
    for q in ("", "k", "   "):
        data = client.get(URL, {"q": q}).json()
        assert data["results"] == []
        assert data["message"]


def test_suggestions_are_limited_to_eight(client, db, index_now):
    from layanan.search.services.indexing import index_document

    from .conftest import make_document

    for i in range(12):
        index_document(make_document(i + 1, f"Legalisir dokumen {i}"))
    assert len(client.get(URL, {"q": "legal"}).json()["results"]) == 8


def test_suggestion_titles_are_json_not_html(client, db):
    from layanan.search.services.indexing import index_document

    from .conftest import make_document

    index_document(make_document(1, "Legalisir <b>ijazah</b> & transkrip"))
    data = client.get(URL, {"q": "legalisir"}).json()
    assert data["results"][0]["title"] == "Legalisir <b>ijazah</b> & transkrip"  # the script sets textContent
