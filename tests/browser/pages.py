"""Small page objects: what a citizen sees and does, not CSS selectors in tests."""

from playwright.sync_api import Page


class BasePage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self, path: str = "/"):
        self.page.goto(self.base_url + path)
        return self

    @property
    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text()

    @property
    def language(self) -> str:
        return self.page.locator("html").get_attribute("lang")

    def switch_language(self):
        with self.page.expect_navigation():
            self.page.locator("form.lang-switch button").click()
        return self

    def horizontal_overflow(self) -> int:
        """How many pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
        return self.page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )

    def scroll_width(self) -> int:
        return self.page.evaluate("document.scrollingElement.scrollWidth")


class HomePage(BasePage):
    def open_category(self, name: str) -> "CategoryPage":
        with self.page.expect_navigation():
            self.page.locator(".category-grid a", has_text=name).click()
        return CategoryPage(self.page, self.base_url)


class CategoryPage(BasePage):
    def open_service(self, name: str) -> "ServicePage":
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name, exact=True).click()
        return ServicePage(self.page, self.base_url)


class ServicePage(BasePage):
    def section(self, heading_id: str):
        return self.page.locator(f"section[aria-labelledby='{heading_id}']")

    @property
    def requirements(self) -> list[str]:
        return [t.strip() for t in self.section("req-heading").locator(".checklist li").all_inner_texts()]

    @property
    def steps(self) -> list[str]:
        return [t.strip() for t in self.section("steps-heading").locator("ol.steps li").all_inner_texts()]

    @property
    def duration(self) -> str:
        return self.section("time-heading").inner_text()

    @property
    def fee_amounts(self) -> list[str]:
        return [t.strip() for t in self.section("fee-heading").locator("td.amount").all_inner_texts()]

    @property
    def freshness(self) -> str:
        return self.page.locator(".freshness").inner_text()

    @property
    def out_of_date_notice(self):
        return self.page.locator(".freshness [role=note]")

    @property
    def internal_details(self):
        return self.page.locator("details.internal")

    def open_internal_details_with_keyboard(self):
        self.internal_details.locator("summary").focus()
        self.page.keyboard.press("Enter")
