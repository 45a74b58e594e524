"""The search log: each search and opened result, never who searched, and no
personal data in the stored query text."""

import uuid

import pytest
from django.urls import reverse

from layanan.accounts.tests.factories import UserFactory
from layanan.privacy.models import PersonalDataEvent
from layanan.search.models import SearchClick, SearchQuery
from layanan.search.services import log
from layanan.search.services.query import search

from .html import parse

NIK = "3171011708450001"  # a structurally valid NIK (not a real person's)


def only_search():
    assert SearchQuery.objects.count() == 1
    return SearchQuery.objects.get()


def test_a_page_search_is_logged_with_count_filters_language_and_source(client, corpus):
    client.get("/cari/", {"q": "  KTP   Hilang ", "type": "service", "agency": "dukcapil"})
    entry = only_search()
    assert entry.query == "ktp hilang"  # normalised
    assert entry.result_count == 2  # both KTP services
    assert entry.filters == {"type": ["service"], "agency": "dukcapil"}
    assert entry.language == "id"
    assert entry.source == SearchQuery.Source.PAGE
    assert entry.page == 1
    assert isinstance(entry.search_id, uuid.UUID)


def test_the_log_has_no_field_that_could_identify_the_searcher():
    fields = {f.name for f in SearchQuery._meta.get_fields()}
    assert fields == {"id", "search_id", "query", "result_count", "filters", "language", "source", "page",
                      "created_at", "clicks"}
    assert {f.name for f in SearchClick._meta.get_fields()} == {
        "id", "search", "result_type", "result_id", "position", "created_at"}


def test_a_signed_in_users_search_is_stored_without_them(client, corpus):
    user = UserFactory(username="warga-yang-mencari")
    client.force_login(user)
    client.get("/cari/", {"q": "skck"}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Contoh/1.0")
    row = SearchQuery.objects.values().get()
    stored = " ".join(str(v) for v in row.values())
    assert "warga-yang-mencari" not in stored and str(user.pk) not in row["filters"]
    assert "203.0.113.9" not in stored and "Contoh" not in stored


def test_a_nik_typed_into_search_is_never_stored(client, corpus):
    client.get("/cari/", {"q": f"ktp hilang nik {NIK}"})
    entry = only_search()
    assert NIK not in entry.query
    assert NIK[:12] not in entry.query
    assert entry.query.startswith("ktp hilang nik ")
    # The privacy log records that a NIK was masked, not the NIK.
    event = PersonalDataEvent.objects.get()
    assert event.kinds == ["nik"] and event.target_type == "search.searchquery"
    assert NIK not in str(PersonalDataEvent.objects.values().get())


@pytest.mark.parametrize("text, secret", [
    ("ganti nomor hp 081234567890", "081234567890"),
    ("lupa password budi.santoso@contoh.id", "budi.santoso@contoh.id"),
    (f"cek nik {NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]}", NIK[:8]),
    ("nomor 1234567890123456 tidak valid", "123456789012"),  # long digit runs, even if not a valid NIK
])
def test_personal_data_in_queries_is_masked(db, text, secret):
    assert secret not in log.loggable_query(text)


def test_codes_and_amounts_citizens_search_for_are_kept(db):
    assert log.loggable_query("SPT 1770 SS") == "spt 1770 ss"
    assert log.loggable_query("PP 76/2020 biaya 50.000") == "pp 76/2020 biaya 50.000"


def test_empty_query_is_not_logged(client, db):
    client.get("/cari/")
    client.get("/cari/", {"q": "   "})
    assert SearchQuery.objects.count() == 0


def test_zero_result_queries_are_kept_and_ranked_by_frequency(client, corpus):
    for q in ("xyzzyq", "XYZZYQ", "blorptax", "skck"):
        client.get("/cari/", {"q": q})
    assert SearchQuery.objects.count() == 4
    assert set(SearchQuery.objects.zero_results().values_list("query", flat=True)) == {"xyzzyq", "blorptax"}
    top = list(SearchQuery.objects.top_zero_results())
    assert [(r["query"], r["searches"]) for r in top] == [("xyzzyq", 2), ("blorptax", 1)]


def test_each_results_page_is_logged_with_its_number(client, corpus):
    client.get("/cari/", {"q": "ktp", "halaman": 1})
    assert SearchQuery.objects.get().page == 1


def test_suggestions_are_not_logged(client, corpus):
    client.get("/cari/saran/", {"q": "perpan"})
    assert SearchQuery.objects.count() == 0


def test_opening_a_result_logs_the_click_with_its_position(client, corpus):
    page = parse(client.get("/cari/", {"q": "perpanjangan sim"}).content)
    second = page.find_all("li", "result")[1].find("h3").find("a").get("href")
    response = client.get(second)
    assert response.status_code == 302
    click = SearchClick.objects.get()
    entry = only_search()
    assert click.search == entry
    assert click.position == 2
    assert click.result_type == "service"
    assert response["Location"] == next(
        s.get_absolute_url() for s in corpus.values() if s.pk == click.result_id
    )


def test_log_click_ignores_unknown_searches_and_bad_values(db):
    entry = log.log_search(search("apa saja"), language="id")
    assert entry is not None
    assert log.log_click(uuid.uuid4(), result_type="service", result_id=1, position=1) is None
    assert log.log_click("not-a-uuid", result_type="service", result_id=1, position=1) is None
    assert log.log_click(entry.search_id, result_type="user", result_id=1, position=1) is None
    assert log.log_click(entry.search_id, result_type="service", result_id=1, position=0) is None
    assert log.log_click(entry.search_id, result_type="service", result_id="x", position=1) is None
    assert log.log_click(entry.search_id, result_type="service", result_id=1, position=1) is not None


def test_click_redirect_logs_nothing_for_a_forged_search_id(client, corpus):
    response = client.get(reverse("search:click"), {"sid": uuid.uuid4(), "pos": 1, "type": "service", "id": 1,
                                                    "to": "/layanan/skck/"})
    assert response.status_code == 302 and response["Location"] == "/layanan/skck/"
    assert SearchClick.objects.count() == 0


def test_a_head_request_is_answered_but_not_logged(client, corpus):
    assert client.head("/cari/", {"q": "skck"}).status_code == 200
    assert SearchQuery.objects.count() == 0
