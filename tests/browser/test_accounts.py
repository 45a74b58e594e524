"""Accounts in a real browser: sign up, activate from the email, log in and out;
the account pages pass axe and fit a phone screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from layanan.accounts.tests.factories import UserFactory
from layanan.accounts.tests.smtp import smtp_server  # noqa: F401  (fixture)

from .pages import BasePage

BLOCKING = {"serious", "critical"}
PASSWORD = "pelangi-senja-1987"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"[{v['impact']}] {v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"] if v["impact"] in BLOCKING
    ]


def fill_signup(page, **values):
    for field, value in values.items():
        page.locator(f"#id_{field}").fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()


def test_citizen_signs_up_activates_from_email_logs_in_and_out(page, live_server, smtp_server):
    site = BasePage(page, live_server.url).open("/en/")
    with page.expect_navigation():
        page.locator(".main-nav").get_by_role("link", name="Sign up").click()
    assert site.heading == "Sign up"

    fill_signup(page, username="siti", email="siti@contoh.id", display_name="Siti dari Bogor",
                password1=PASSWORD, password2=PASSWORD)
    assert site.heading == "Check your email"

    link = smtp_server.link_in(smtp_server.only_message_to("siti@contoh.id"))
    site.open(link)
    assert site.heading == "Log in"
    assert "Your account is active" in page.locator(".messages").inner_text()

    page.locator("#id_username").fill("siti")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Log in").click()
    nav = page.locator(".main-nav")
    assert "Siti dari Bogor" in nav.inner_text()
    assert site.horizontal_overflow() == 0

    with page.expect_navigation():
        nav.get_by_role("button", name="Log out").click()
    assert nav.get_by_role("link", name="Log in").is_visible()


def test_signup_errors_are_summarised_and_tied_to_their_fields(page, live_server):
    site = BasePage(page, live_server.url).open("/en/akun/daftar/")
    fill_signup(page, username="budi", email="budi@contoh.id", display_name="0812 3456 7890",
                password1=PASSWORD, password2="lain")
    assert page.title().startswith("Error:")
    summary = page.get_by_role("alert")
    assert "phone number" in summary.inner_text()
    field = page.locator("#id_display_name")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = field.get_attribute("aria-describedby").split()
    assert "id_display_name_error" in described_by
    assert "phone number" in page.locator("#id_display_name_error").inner_text()
    assert site.horizontal_overflow() == 0
    assert not blocking_violations(page)


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("path", ["/akun/daftar/", "/akun/masuk/", "/akun/lupa-sandi/", "/akun/aktivasi/kirim-ulang/"])
def test_account_form_pages_have_no_serious_accessibility_violations(page, live_server, language, path):
    response = page.goto(live_server.url + language + path)
    assert response.ok
    assert not blocking_violations(page)
    assert BasePage(page, live_server.url).horizontal_overflow() == 0


def test_profile_pages_have_no_serious_accessibility_violations(new_context, live_server):
    user = UserFactory(username="nama-login-yang-panjang", display_name="Nama Tampilan Yang Cukup Panjang Sekali")
    context = new_context()
    page = context.new_page()
    site = BasePage(page, live_server.url).open("/akun/masuk/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("kata-sandi-rahasia-123")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert "Nama Tampilan" in page.locator(".main-nav").inner_text()
    for path in ["/akun/profil/", user.get_absolute_url(), "/akun/ubah-sandi/", "/"]:
        response = page.goto(live_server.url + path)
        assert response.ok, path
        assert not blocking_violations(page), path
        assert site.horizontal_overflow() == 0, path
