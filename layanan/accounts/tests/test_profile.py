from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from layanan.accounts.activity import ActivityItem, register_activity_provider, unregister_activity_provider
from layanan.accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_changes_their_display_name(client):
    user = UserFactory(display_name="Nama Lama")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "  Nama   Baru "})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Nama Baru"


def test_keeping_ones_own_display_name_is_not_a_duplicate(client):
    user = UserFactory(display_name="Nama Saya")
    client.force_login(user)
    assert client.post(reverse("accounts:profile"), {"display_name": "nama saya"}).status_code == 302


def test_display_name_of_someone_else_is_refused(client):
    UserFactory(display_name="Pak RT")
    user = UserFactory(display_name="Warga Biasa")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "PAK RT"})
    assert response.context["form"].has_error("display_name", "taken")
    user.refresh_from_db()
    assert user.display_name == "Warga Biasa"


def test_display_names_are_unique_in_the_database_too():
    from django.db import IntegrityError, transaction

    UserFactory(display_name="Satu Nama")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="lain", display_name="satu nama")
    # Empty display names (staff made in the admin) do not clash.
    User.objects.create(username="a1")
    User.objects.create(username="a2")


def test_public_profile_shows_name_and_join_date_but_nothing_private(client):
    user = UserFactory(username="login-rahasia", email="rahasia@contoh.id", display_name="Burung Hantu",
                       first_name="Nama", last_name="Asli")
    response = client.get(user.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Burung Hantu" in html
    assert "login-rahasia" not in html
    assert "rahasia@contoh.id" not in html
    assert "Asli" not in html
    assert response.context["activity"] == []
    assert '<p class="empty">' in html


def test_public_profile_url_has_id_and_slug_and_redirects_to_the_canonical_one(client):
    user = UserFactory(display_name="Burung Hantu")
    assert user.get_absolute_url() == f"/akun/pengguna/{user.pk}-burung-hantu/"
    for wrong in [f"/akun/pengguna/{user.pk}/", f"/akun/pengguna/{user.pk}-nama-lama/"]:
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == user.get_absolute_url()


def test_inactive_and_unknown_users_have_no_public_profile(client):
    user = UserFactory(is_active=False)
    assert client.get(user.get_absolute_url()).status_code == 404
    assert client.get("/akun/pengguna/999999-siapa/").status_code == 404


def test_activity_providers_fill_the_profile_newest_first(client):
    user = UserFactory(display_name="Penanya Rajin")
    now = timezone.now()

    def questions(person, limit):
        assert person == user
        return [ActivityItem(kind="Question", title="Cara membuat KTP", url="/q/1/",
                             created_at=now - timedelta(days=2))]

    def answers(person, limit):
        return [ActivityItem(kind="Answer", title="Jawaban tentang SIM", url="/a/2/", created_at=now,
                             summary="Bawa KTP asli.")]

    register_activity_provider(questions)
    register_activity_provider(answers)
    try:
        html = client.get(user.get_absolute_url()).content.decode()
    finally:
        unregister_activity_provider(questions)
        unregister_activity_provider(answers)
    assert html.index("Jawaban tentang SIM") < html.index("Cara membuat KTP")
    assert 'href="/q/1/"' in html and "Bawa KTP asli." in html


def test_activity_is_cut_to_the_limit():
    from layanan.accounts.activity import public_activity

    now = timezone.now()

    def many(person, limit):
        return [ActivityItem(kind="x", title=str(i), url="/", created_at=now - timedelta(minutes=i))
                for i in range(limit)]

    register_activity_provider(many)
    register_activity_provider(many)  # registering twice is harmless
    try:
        items = public_activity(UserFactory(), limit=3)
    finally:
        unregister_activity_provider(many)
    assert [i.title for i in items] == ["0", "1", "2"]
