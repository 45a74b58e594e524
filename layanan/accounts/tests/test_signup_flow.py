"""Sign-up → activation email over real SMTP → activation → login."""

import re

import pytest
from django.urls import reverse

from layanan.accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pelangi-senja-1987"


def input_tag(html: str, element_id: str) -> str:
    match = re.search(rf'<input[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def signup_data(**overrides):
    data = {
        "username": "siti",
        "email": "siti@contoh.id",
        "display_name": "Siti dari Bogor",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_signup_emails_a_link_that_activates_the_account_then_login_works(client, smtp_server):
    response = client.post(reverse("accounts:signup"), signup_data())
    assert response.status_code == 200
    assert "accounts/signup_done.html" in [t.name for t in response.templates]
    assert response.context["sent"] is True

    user = User.objects.get(username="siti")
    assert not user.is_active
    assert user.display_name == "Siti dari Bogor"
    assert not user.memberships.exists() and not user.is_staff

    # Not active yet: login is refused with a message that says what to do.
    response = client.post(reverse("accounts:login"), {"username": "siti", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "inactive")
    assert "_auth_user_id" not in client.session

    message = smtp_server.only_message_to("siti@contoh.id")
    assert message["From"] == "Layanan <noreply@layanan.example>"
    link = smtp_server.link_in(message)
    assert link.startswith("/akun/aktivasi/")

    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.is_active

    response = client.post(reverse("accounts:login"), {"username": "siti", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_activation_link_works_only_once(client, smtp_server):
    client.post(reverse("accounts:signup"), signup_data())
    link = smtp_server.link_in(smtp_server.only_message_to("siti@contoh.id"))
    assert client.get(link).status_code == 302
    response = client.get(link)
    assert response.status_code == 400
    assert "accounts/activation_invalid.html" in [t.name for t in response.templates]


def test_tampered_activation_link_is_refused(client, smtp_server):
    client.post(reverse("accounts:signup"), signup_data())
    link = smtp_server.link_in(smtp_server.only_message_to("siti@contoh.id"))
    response = client.get(link.rstrip("/") + "x/")
    assert response.status_code == 400
    assert not User.objects.get(username="siti").is_active


def test_activation_link_cannot_reset_the_password(client, smtp_server):
    client.post(reverse("accounts:signup"), signup_data())
    link = smtp_server.link_in(smtp_server.only_message_to("siti@contoh.id"))
    uidb64, token = link.strip("/").split("/")[-2:]
    response = client.get(reverse("accounts:password-reset-confirm", args=[uidb64, token]), follow=True)
    assert response.context["validlink"] is False


def test_english_signup_sends_an_english_email_with_an_english_link(client, smtp_server):
    client.post("/en" + reverse("accounts:signup"), signup_data())
    message = smtp_server.only_message_to("siti@contoh.id")
    assert message["Subject"] == "Activate your Layanan account"
    assert smtp_server.link_in(message).startswith("/en/akun/aktivasi/")


def test_activation_link_can_be_sent_again(client, smtp_server):
    client.post(reverse("accounts:signup"), signup_data())
    response = client.post(reverse("accounts:resend-activation"), {"email": "SITI@contoh.id"})
    assert response.status_code == 200
    messages = [m for m in smtp_server.messages if "siti@contoh.id" in m["To"]]
    assert len(messages) == 2
    # The newer link works.
    assert client.get(smtp_server.link_in(messages[1])).status_code == 302
    assert User.objects.get(username="siti").is_active


def test_resending_says_the_same_whether_or_not_the_address_is_known(client, smtp_server):
    UserFactory(email="aktif@contoh.id")  # active: gets nothing
    known = client.post(reverse("accounts:resend-activation"), {"email": "aktif@contoh.id"})
    unknown = client.post(reverse("accounts:resend-activation"), {"email": "tidak-ada@contoh.id"})
    def main(response):
        return response.content.decode().split('<main id="main"', 1)[1].split("</main>")[0]

    assert main(known) == main(unknown)
    assert smtp_server.messages == []


@pytest.mark.parametrize("field,value,expected", [
    ("display_name", "siti@contoh.id", "email"),
    ("display_name", "0812 3456 7890", "number"),
    ("display_name", "Siti +62812345678", "number"),
    ("display_name", "Admin Layanan", "reserved"),
    ("display_name", "ab", "too_short"),
    ("password2", "berbeda-sama-sekali-99", "password_mismatch"),
    ("email", "bukan-email", "invalid"),
    ("username", "", "required"),
])
def test_signup_rejects_bad_input_with_a_linked_error(client, field, value, expected):
    response = client.post(reverse("accounts:signup"), signup_data(**{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(field, expected), form.errors.as_data()
    html = response.content.decode()
    # The error is announced in a summary that links to the field, and tied to the input.
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    tag = input_tag(html, f"id_{field}")
    assert 'aria-invalid="true"' in tag
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error\b', tag)
    assert not User.objects.exists()


def test_signup_rejects_an_email_or_display_name_already_in_use(client):
    UserFactory(username="budi", email="budi@contoh.id", display_name="Budi Santoso")
    response = client.post(reverse("accounts:signup"), signup_data(
        email="BUDI@contoh.id", display_name="budi  santoso",
    ))
    form = response.context["form"]
    assert form.has_error("email", "email_taken")
    assert form.has_error("display_name", "taken")


def test_signup_rejects_a_username_that_differs_only_in_case(client):
    UserFactory(username="budi")
    response = client.post(reverse("accounts:signup"), signup_data(username="BUDI"))
    assert response.context["form"].has_error("username")


def test_signup_page_has_labels_and_autocomplete_hints(client):
    html = client.get(reverse("accounts:signup")).content.decode()
    for field, autocomplete in [
        ("username", "username"), ("email", "email"), ("display_name", "nickname"),
        ("password1", "new-password"), ("password2", "new-password"),
    ]:
        assert f'<label for="id_{field}"' in html
        assert f'autocomplete="{autocomplete}"' in html
    assert 'aria-describedby="id_display_name_helptext"' in html


def test_logged_in_user_visiting_signup_goes_to_their_profile(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_empty_signup_submission_reports_every_missing_field(client):
    response = client.post(reverse("accounts:signup"), {})
    form = response.context["form"]
    for field in ["username", "email", "display_name", "password1", "password2"]:
        assert form.has_error(field, "required")
