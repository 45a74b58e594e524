"""The click redirect /cari/klik/ follows only paths on this site: anything
else would let anyone use the portal's address to send people elsewhere."""

import pytest
from django.urls import reverse

from layanan.search.models import SearchClick, SearchQuery

CLICK = "/cari/klik/"


@pytest.fixture
def entry(db):
    return SearchQuery.objects.create(query="skck", result_count=1, language="id")


def click(client, entry, to, **extra):
    return client.get(CLICK, {"sid": entry.search_id, "pos": 1, "type": "service", "id": 7, "to": to}, **extra)


def test_click_url_is_the_named_route():
    assert reverse("search:click") == CLICK


@pytest.mark.parametrize("to", ["/layanan/skck/", "/en/layanan/skck/", "/pengetahuan/cara-lapor/?a=1#jawaban"])
def test_same_site_paths_are_followed_and_logged(client, entry, to):
    response = click(client, entry, to)
    assert response.status_code == 302
    assert response["Location"] == to
    assert SearchClick.objects.filter(search=entry, result_id=7, position=1).count() == 1
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("to", [
    "https://evil.example/",
    "http://evil.example/layanan/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/\t/evil.example/",
    " //evil.example/",
    "\x00//evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://testserver.evil.example/",
    "layanan/skck/",
    "",
])
def test_anything_but_a_path_on_this_site_is_refused(client, entry, to):
    response = click(client, entry, to)
    assert response.status_code == 400
    assert "Location" not in response
    assert SearchClick.objects.count() == 0


def test_absolute_url_to_this_very_host_is_refused_too(client, entry):
    # Result links are always paths; a full URL means someone built the link.
    response = click(client, entry, "http://testserver/layanan/skck/")
    assert response.status_code == 400


def test_missing_target_is_refused(client, entry):
    response = client.get(CLICK, {"sid": entry.search_id, "pos": 1})
    assert response.status_code == 400


def test_click_only_answers_get(client, entry):
    response = client.post(CLICK + f"?sid={entry.search_id}&pos=1&type=service&id=7&to=/layanan/skck/")
    assert response.status_code == 405
    assert SearchClick.objects.count() == 0
