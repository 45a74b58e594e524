"""The search log in the staff area: read-only, for knowledge managers and
site admins; the top zero-result queries list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from layanan.accounts.models import Role
from layanan.accounts.policies import can_view_search_log
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.catalog.tests.factories import AgencyFactory
from layanan.search.models import SearchQuery

ZERO = "/kelola/search/zeroresultquery/"
LOG = "/kelola/search/searchquery/"


@pytest.fixture
def manager(db):
    return staff_of(AgencyFactory(), Role.KNOWLEDGE_MANAGER)


@pytest.fixture
def officer(db):
    return staff_of(AgencyFactory(), Role.OFFICER)


def log(query, count=0, days_ago=0):
    entry = SearchQuery.objects.create(query=query, result_count=count, language="id")
    if days_ago:
        SearchQuery.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return entry


def test_policy_allows_knowledge_managers_and_site_admins_only(manager, officer):
    assert can_view_search_log(manager)
    assert can_view_search_log(UserFactory(is_staff=True, is_superuser=True))
    assert not can_view_search_log(officer)
    assert not can_view_search_log(UserFactory())


def test_knowledge_manager_sees_top_zero_result_queries(client, manager):
    for _ in range(3):
        log("cara bikin kartu kuning")
    log("surat pindah nikah")
    log("skck", count=4)
    log("query lama sekali", days_ago=60)
    client.force_login(manager)
    response = client.get(ZERO)
    assert response.status_code == 200
    rows = [(r["query"], r["searches"]) for r in response.context["rows"]]
    assert rows == [("cara bikin kartu kuning", 3), ("surat pindah nikah", 1)]
    assert "skck" not in response.content.decode()

    rows = [r["query"] for r in client.get(ZERO, {"periode": "all"}).context["rows"]]
    assert "query lama sekali" in rows


def test_officers_and_citizens_cannot_see_the_log(client, officer):
    client.force_login(officer)
    assert client.get(ZERO).status_code == 403
    assert client.get(LOG).status_code == 403


def test_search_log_list_is_read_only(client, manager):
    entry = log("ktp hilang", count=2)
    client.force_login(manager)
    assert client.get(LOG).status_code == 200
    assert client.get(f"{LOG}{entry.pk}/change/").status_code == 200
    assert client.post(f"{LOG}{entry.pk}/change/", {"query": "x"}).status_code == 403
    assert client.get(f"{LOG}add/").status_code == 403
    assert client.post(f"{LOG}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SearchQuery.objects.get().query == "ktp hilang"


def test_the_zero_result_page_says_how_long_searches_are_kept(client, manager, settings):
    settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS = 90
    client.force_login(manager)
    page = client.get(ZERO, {"periode": "all"}).content.decode()
    assert "Pencarian disimpan 90 hari, lalu dihapus" in page
    page = client.get("/en" + ZERO, {"periode": "all"}).content.decode()
    assert "Searches are kept for 90 days, then deleted" in page
