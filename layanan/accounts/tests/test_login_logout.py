import pytest
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-rahasia-123"


def test_login_redirects_to_next_when_it_is_on_this_site(client):
    UserFactory(username="rina")
    response = client.post(
        reverse("accounts:login") + "?next=/layanan/",
        {"username": "rina", "password": PASSWORD, "next": "/layanan/"},
    )
    assert response["Location"] == "/layanan/"


def test_login_ignores_next_pointing_elsewhere(client):
    UserFactory(username="rina")
    response = client.post(reverse("accounts:login"), {
        "username": "rina", "password": PASSWORD, "next": "https://jahat.example/",
    })
    assert response["Location"] == reverse("catalog:home")


def test_wrong_password_gives_one_clear_error(client):
    UserFactory(username="rina")
    response = client.post(reverse("accounts:login"), {"username": "rina", "password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "invalid_login")
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_account_with_wrong_password_is_not_told_apart(client):
    UserFactory(username="rina", is_active=False)
    response = client.post(reverse("accounts:login"), {"username": "rina", "password": "salah"})
    assert response.context["form"].has_error("__all__", "invalid_login")


def test_account_deactivated_by_an_admin_gets_the_generic_error(client):
    user = UserFactory(username="rina")
    client.force_login(user)
    client.logout()
    user.is_active = False
    user.save()
    response = client.post(reverse("accounts:login"), {"username": "rina", "password": PASSWORD})
    assert response.context["form"].has_error("__all__", "invalid_login")


def test_login_page_has_autocomplete_hints(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_username"' in html and '<label for="id_password"' in html


def test_logout_is_post_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:home")
    assert "_auth_user_id" not in client.session


def test_header_offers_login_and_signup_to_visitors(client):
    html = client.get(reverse("catalog:home")).content.decode()
    assert f'href="{reverse("accounts:login")}"' in html
    assert f'href="{reverse("accounts:signup")}"' in html
    assert reverse("accounts:logout") not in html


def test_header_shows_the_display_name_and_a_logout_button_to_users(client):
    user = UserFactory(display_name="Rina Kecil")
    client.force_login(user)
    html = client.get(reverse("catalog:service-list")).content.decode()
    assert "Rina Kecil" in html
    assert f'action="{reverse("accounts:logout")}" method="post"' in html
    assert f'href="{reverse("accounts:signup")}"' not in html


def test_header_login_link_brings_the_visitor_back(client):
    html = client.get(reverse("catalog:service-list")).content.decode()
    assert f'href="{reverse("accounts:login")}?next=/layanan/"' in html


def test_pages_needing_login_send_visitors_to_the_portal_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == f'{reverse("accounts:login")}?next={reverse("accounts:profile")}'
