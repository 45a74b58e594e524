import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from layanan.accounts.models import ApiToken, Role
from layanan.accounts.services.api_tokens import create_api_token, revoke_api_token
from layanan.catalog.tests.factories import AgencyFactory

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def me(client, key, **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client.get("/api/v1/me", **headers)


def test_command_prints_a_token_once_and_stores_only_its_hash():
    user = UserFactory(username="skrip")
    key, note = run_command("skrip", "--name", "impor harian")
    assert key.startswith("lyn_") and len(key) > 40
    assert "\n" not in key
    token = ApiToken.objects.get(user=user)
    assert token.name == "impor harian"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:12] and token.prefix in note
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert key not in note
    # A second run makes a different token.
    assert run_command("skrip")[0] != key


def test_command_refuses_unknown_and_inactive_users():
    UserFactory(username="nonaktif", is_active=False)
    with pytest.raises(CommandError):
        run_command("tidak-ada")
    with pytest.raises(CommandError):
        run_command("nonaktif")
    assert not ApiToken.objects.exists()


def test_token_from_the_command_authenticates_on_me(client):
    agency = AgencyFactory(slug="disdukcapil-contoh", name="Disdukcapil Contoh")
    user = UserFactory(username="petugas1", display_name="Petugas Satu", is_moderator=True)
    MembershipFactory(user=user, agency=agency, role=Role.OFFICER)
    key, _ = run_command("petugas1")

    response = me(client, key)
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "display_name": "Petugas Satu",
        "roles": ["moderator", "agency_staff"],
        "memberships": [{"agency_slug": "disdukcapil-contoh", "agency_name": "Disdukcapil Contoh",
                         "role": "petugas"}],
    }
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None


def test_citizen_token_reports_the_citizen_role(client):
    _, key = create_api_token(UserFactory(display_name="Warga Baik"))
    body = me(client, key).json()
    assert body["roles"] == ["citizen"] and body["memberships"] == []


@pytest.mark.parametrize("header", [
    None,
    "Bearer",
    "Bearer lyn_salah",
    "Bearer bukan-token-kami",
    "Token {key}",
    "Basic dXNlcjpwYXNz",
])
def test_missing_malformed_or_wrong_tokens_get_401_json(client, header):
    _, key = create_api_token(UserFactory())
    headers = {} if header is None else {"HTTP_AUTHORIZATION": header.format(key=key)}
    response = client.get("/api/v1/me", **headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_revoked_token_gets_401(client):
    user = UserFactory()
    token, key = create_api_token(user)
    assert me(client, key).status_code == 200
    revoke_api_token(user, token)
    response = me(client, key)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_token_of_a_deactivated_user_gets_401(client):
    user = UserFactory()
    _, key = create_api_token(user)
    user.is_active = False
    user.save()
    assert me(client, key).status_code == 401


def test_last_used_is_not_rewritten_on_every_request(client):
    token, key = create_api_token(UserFactory())
    me(client, key)
    token.refresh_from_db()
    first = token.last_used_at
    me(client, key)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=5))
    me(client, key)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=5)
    assert token.last_used_at <= timezone.now()


def test_session_login_alone_does_not_authenticate_the_api(client):
    client.force_login(UserFactory())
    assert client.get("/api/v1/me").status_code == 401


def test_me_is_in_the_openapi_schema_with_bearer_security(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/me"]["get"]
    assert operation["security"] == [{"BearerTokenAuth": []}]
    assert schema["components"]["securitySchemes"]["BearerTokenAuth"]["scheme"] == "bearer"
