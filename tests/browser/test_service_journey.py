"""A citizen on a small phone finds a service and reads what to bring, do and pay."""

from django.utils import dateformat, translation
from django.utils.timezone import localtime
from django.utils.translation import gettext

from .conftest import PHONE
from .pages import HomePage, ServicePage


def indonesian(msgid: str) -> str:
    """What the Indonesian page says for an English msgid ("Free" → "Gratis")."""
    with translation.override("id"):
        return gettext(msgid)


def test_phone_user_goes_from_home_to_a_service_and_sees_every_delivery_component(page, live_server, catalog):
    home = HomePage(page, live_server.url).open()
    category = home.open_category("Berkendara")
    assert category.heading == "Berkendara"

    service = category.open_service("Pembuatan SIM A")
    assert page.url == live_server.url + "/layanan/sim-a-baru/"
    assert service.heading == "Pembuatan SIM A"
    expected = ["KTP elektronik asli", "Surat keterangan sehat jasmani", "Surat keterangan lulus tes psikologi"]
    assert len(service.requirements) == len(expected)
    for shown, text in zip(service.requirements, expected):
        assert shown.startswith(text)  # followed by the original/copy badge
    assert service.steps == [
        "Isi formulir pendaftaran.", "Ikuti ujian teori.", "Ikuti ujian praktik.", "Foto dan ambil SIM.",
    ]
    assert "2–3" in service.duration
    assert service.fee_amounts == ["Rp120.000", indonesian("Free")]
    with translation.override("id"):
        verified_on = dateformat.format(localtime(catalog.service.verified_at), "j F Y")
    assert verified_on in service.freshness
    assert service.out_of_date_notice.count() == 0
    assert service.scroll_width() <= PHONE["width"]

    page.screenshot(path="/tmp/service-360.png", full_page=True)


def test_a_free_prerequisite_is_linked_and_says_it_is_free(page, live_server, catalog):
    service = ServicePage(page, live_server.url).open(catalog.service.get_absolute_url())
    service.section("prereq-heading").get_by_role("link", name="Pembuatan KTP Elektronik").click()
    assert service.heading == "Pembuatan KTP Elektronik"
    assert service.section("fee-heading").locator(".free").is_visible()
    assert indonesian("Free") in service.section("fee-heading").locator(".free").inner_text()


def test_a_service_past_its_review_date_warns_that_it_may_be_out_of_date(page, live_server, catalog):
    service = ServicePage(page, live_server.url).open(catalog.overdue.get_absolute_url())
    assert service.out_of_date_notice.is_visible()
    assert indonesian("This information may be out of date.") in service.out_of_date_notice.inner_text()
    assert service.scroll_width() <= PHONE["width"]


def test_national_service_points_to_its_regional_variant(page, live_server, catalog):
    service = ServicePage(page, live_server.url).open(catalog.prerequisite.get_absolute_url())
    page.get_by_role("link", name="Kota Denpasar").click()
    assert service.heading == "Pembuatan KTP Elektronik di Kota Denpasar"


def test_internal_components_open_with_the_keyboard(page, live_server, catalog):
    service = ServicePage(page, live_server.url).open(catalog.service.get_absolute_url())
    details = service.internal_details
    assert details.get_attribute("open") is None
    assert not details.get_by_text("Peraturan Kepolisian Nomor 5 Tahun 2021").is_visible()

    service.open_internal_details_with_keyboard()

    assert details.get_attribute("open") is not None
    assert details.get_by_text("Peraturan Kepolisian Nomor 5 Tahun 2021").is_visible()
    assert service.scroll_width() <= PHONE["width"]


def test_pages_do_not_scroll_sideways_on_a_360px_phone(page, live_server, catalog):
    paths = [
        "/",
        catalog.category.get_absolute_url(),
        catalog.agency.get_absolute_url(),
        "/instansi/",
        "/layanan/",
        catalog.variant.get_absolute_url(),
        f"{catalog.service.get_absolute_url()}riwayat/",
    ]
    for path in paths:
        home = HomePage(page, live_server.url).open(path)
        assert home.scroll_width() <= PHONE["width"], path
