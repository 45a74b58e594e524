"""API messages follow the client's Accept-Language; pages follow their path."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_messages_default_to_indonesian(client):
    response = client.get("/api/v1/services/tidak-ada")
    assert response.status_code == 404
    assert response["Content-Language"] == "id"
    assert response.json()["detail"] == "Tidak ada layanan terbit dengan slug ini."


def test_api_messages_in_english_when_asked(client):
    response = client.get("/api/v1/services/tidak-ada", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "en"
    assert response.json()["detail"] == "No published service has this slug."


def test_pages_ignore_accept_language_outside_en_prefix(client):
    page = client.get("/layanan/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="id"' in page.text
