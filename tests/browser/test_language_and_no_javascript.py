"""English under /en/, and the site without JavaScript."""

from .pages import CategoryPage, HomePage, ServicePage


def test_language_button_switches_to_english_and_back(page, live_server, catalog):
    home = HomePage(page, live_server.url).open(catalog.category.get_absolute_url())
    assert home.language == "id"
    assert home.heading == "Berkendara"

    home.switch_language()
    assert page.url == live_server.url + "/en" + catalog.category.get_absolute_url()
    assert home.language == "en"
    assert home.heading == "Driving"

    home.switch_language()
    assert page.url == live_server.url + catalog.category.get_absolute_url()
    assert home.language == "id"


def test_english_home_links_to_english_pages(page, live_server, catalog):
    home = HomePage(page, live_server.url).open("/en/")
    assert home.language == "en"
    category = home.open_category("Driving")
    assert page.url == live_server.url + "/en/kategori/berkendara/"
    service = category.open_service("Pembuatan SIM A")
    assert page.url == live_server.url + "/en/layanan/sim-a-baru/"
    assert "Rp120.000" in service.fee_amounts


def test_citizen_without_javascript_can_browse_to_a_service(new_context, live_server, catalog):
    page = new_context(java_script_enabled=False).new_page()
    home = HomePage(page, live_server.url).open()
    assert page.locator("html.js").count() == 0
    category = home.open_category("Berkendara")
    service = category.open_service("Pembuatan SIM A")
    assert service.heading == "Pembuatan SIM A"
    assert "Rp120.000" in service.fee_amounts
    # The print button needs JavaScript, so it stays hidden without it.
    assert not page.locator("[data-print]").is_visible()
    # <details> opens natively, no script needed.
    service.internal_details.locator("summary").click()
    assert service.internal_details.get_attribute("open") is not None


def test_language_switch_works_without_javascript(new_context, live_server, catalog):
    page = new_context(java_script_enabled=False).new_page()
    home = CategoryPage(page, live_server.url).open(catalog.category.get_absolute_url())
    home.switch_language()
    assert home.language == "en"
    assert ServicePage(page, live_server.url).heading == "Driving"
