"""Search in the browser: suggestions as you type with the keyboard, the
results page without JavaScript, and axe on the search pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from layanan.search.models import SearchClick, SearchQuery

from .conftest import PHONE
from .pages import BasePage, HomePage, ServicePage
from .test_accessibility import BLOCKING, describe


class SearchBox:
    """A search input enhanced by suggest.js (an ARIA combobox)."""

    def __init__(self, page, selector: str):
        self.page = page
        self.input = page.locator(selector)

    @property
    def listbox(self):
        return self.page.locator("#" + self.input.get_attribute("aria-controls"))

    @property
    def options(self):
        return self.listbox.get_by_role("option")

    def type(self, text: str):
        self.input.click()
        self.input.press_sequentially(text, delay=40)

    def active_option(self):
        active = self.input.get_attribute("aria-activedescendant")
        return self.page.locator(f"#{active}") if active else None


def test_suggestions_appear_as_you_type_and_the_keyboard_opens_one(page, live_server, catalog):
    home = HomePage(page, live_server.url).open()
    box = SearchBox(page, "#home-search")
    assert box.input.get_attribute("role") == "combobox"
    assert box.input.get_attribute("aria-expanded") == "false"

    box.type("pembuatan")
    expect(box.listbox).to_be_visible()
    expect(box.options).to_have_count(3)
    assert box.input.get_attribute("aria-expanded") == "true"
    titles = [t.split("\n")[0] for t in box.options.all_inner_texts()]
    assert titles[0].startswith("Pembuatan SIM A")  # shortest title first
    # The number of suggestions is announced politely.
    expect(page.locator(".suggest [role=status]")).to_contain_text("3")

    page.keyboard.press("ArrowDown")
    first = box.options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    assert box.active_option().get_attribute("id") == first.get_attribute("id")
    page.keyboard.press("ArrowDown")
    expect(box.options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    page.keyboard.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")
    # Focus never left the input.
    assert page.evaluate("document.activeElement.id") == "home-search"

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + catalog.service.get_absolute_url()
    assert ServicePage(page, live_server.url).heading == "Pembuatan SIM A"
    assert home.scroll_width() <= PHONE["width"]


def test_escape_closes_suggestions_and_enter_then_searches(page, live_server, catalog):
    HomePage(page, live_server.url).open()
    box = SearchBox(page, "#home-search")
    box.type("ktp")
    expect(box.listbox).to_be_visible()
    page.keyboard.press("Escape")
    expect(box.listbox).to_be_hidden()
    assert box.input.get_attribute("aria-expanded") == "false"
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no suggestion chosen: the form submits
    assert "/cari/?q=ktp" in page.url
    assert "ktp" in BasePage(page, live_server.url).heading


def test_clicking_a_suggestion_opens_it(page, live_server, catalog):
    BasePage(page, live_server.url).open(catalog.category.get_absolute_url())
    box = SearchBox(page, "#site-search")  # the header search box suggests too
    box.type("perpanjangan st")
    expect(box.options).to_have_count(1)
    with page.expect_navigation():
        box.options.first.click()
    assert page.url == live_server.url + catalog.overdue.get_absolute_url()


def test_without_javascript_search_and_result_click_work_and_are_logged(new_context, live_server, catalog):
    page = new_context(java_script_enabled=False).new_page()
    HomePage(page, live_server.url).open()
    page.locator("#home-search").fill("sim a")
    with page.expect_navigation():
        page.locator("#home-search").press("Enter")
    assert page.locator("[role=listbox]").count() == 0
    results = page.locator("ol.results > li")
    assert results.count() >= 1
    with page.expect_navigation():
        results.first.get_by_role("link").click()
    assert page.url == live_server.url + catalog.service.get_absolute_url()
    assert SearchQuery.objects.get().query == "sim a"
    click = SearchClick.objects.get()
    assert (click.position, click.result_type, click.result_id) == (1, "service", catalog.service.pk)


def test_filters_work_without_javascript(new_context, live_server, catalog):
    page = new_context(java_script_enabled=False).new_page()
    BasePage(page, live_server.url).open("/cari/?q=pembuatan")
    assert page.locator("ol.results > li").count() == 3
    with page.expect_navigation():
        page.locator("aside.facets").get_by_role("link", name="Korlantas").or_(
            page.locator("aside.facets").get_by_role("link", name="Korps Lalu Lintas Polri")
        ).first.click()
    assert [t.strip() for t in page.locator("ol.results h3").all_inner_texts()] == ["Pembuatan SIM A"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("query", ["?q=pembuatan", "?q=pembuatan&agency=dukcapil", "?q=xyzzyq", "", "?q=pembutan"])
def test_search_pages_have_no_serious_accessibility_violations(page, live_server, catalog, axe, query, language):
    BasePage(page, live_server.url).open(f"{language}/cari/{query}")
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


def test_open_suggestion_list_has_no_serious_accessibility_violations(page, live_server, catalog, axe):
    HomePage(page, live_server.url).open()
    box = SearchBox(page, "#home-search")
    box.type("pembuatan")
    expect(box.options).to_have_count(3)
    page.keyboard.press("ArrowDown")
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
