"""Sign-up, login and account mail are rate-limited per IP address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_attempts_are_limited_per_ip(client, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "login": {"ip": "3/h"}}
    url = reverse("accounts:login")
    for _ in range(3):
        assert client.post(url, {"username": "x", "password": "salah"}).status_code == 200
    refused = client.post(url, {"username": "x", "password": "salah"})
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan" in refused.text and int(refused["Retry-After"]) > 0
    assert client.get(url).status_code == 200  # reading the form is never limited


def test_signup_is_limited_per_ip(client, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "signup": {"ip": "1/h"}}
    url = reverse("accounts:signup")
    client.post(url, {})
    assert client.post(url, {}).status_code == 429
    other_ip = client.post(url, {}, REMOTE_ADDR="192.0.2.55")
    assert other_ip.status_code == 200
