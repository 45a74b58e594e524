"""Password reset over real SMTP: ask → email → new password → log in."""

import pytest
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db

OLD = "kata-sandi-rahasia-123"
NEW = "matahari-terbit-2024"


def test_reset_link_from_email_sets_a_new_password_that_logs_in(client, smtp_server):
    user = UserFactory(username="kusuma", email="andi@contoh.id")
    response = client.post(reverse("accounts:password-reset"), {"email": "andi@contoh.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")

    message = smtp_server.only_message_to("andi@contoh.id")
    assert "Layanan" in message["Subject"]
    # Greets by the public display name, never by the login name.
    assert user.display_name in smtp_server.body(message)
    assert "kusuma" not in smtp_server.body(message)
    link = smtp_server.link_in(message)
    assert link.startswith("/akun/lupa-sandi/")

    # Django swaps the token for a session key and redirects to the form.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.get(form_url)
    assert response.context["validlink"] is True

    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-complete")

    assert client.post(reverse("accounts:login"), {"username": "kusuma", "password": OLD}).status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "kusuma", "password": NEW})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    # The link is spent.
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False


def test_reset_for_an_unknown_or_inactive_address_sends_nothing_and_says_the_same(client, smtp_server):
    UserFactory(email="belum-aktif@contoh.id", is_active=False)
    for address in ["tidak-ada@contoh.id", "belum-aktif@contoh.id"]:
        response = client.post(reverse("accounts:password-reset"), {"email": address})
        assert response["Location"] == reverse("accounts:password-reset-done")
    assert smtp_server.messages == []


def test_new_password_must_pass_the_password_rules(client, smtp_server):
    UserFactory(email="andi@contoh.id")
    client.post(reverse("accounts:password-reset"), {"email": "andi@contoh.id"})
    form_url = client.get(smtp_server.link_in(smtp_server.only_message_to("andi@contoh.id")))["Location"]
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2")
    assert 'href="#id_new_password2"' in response.content.decode()


def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:password-change"), {
        "old_password": "salah", "new_password1": NEW, "new_password2": NEW,
    })
    assert response.context["form"].has_error("old_password")
    response = client.post(reverse("accounts:password-change"), {
        "old_password": OLD, "new_password1": NEW, "new_password2": NEW,
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    # Still logged in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 200
