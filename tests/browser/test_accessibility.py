"""axe-core finds no serious or critical accessibility problems on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import BasePage

BLOCKING = {"serious", "critical"}


def describe(violations) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(node["target"]) for node in v["nodes"][:3])
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} — {targets}")
    return "\n".join(lines)


# axe is injected with page.evaluate(), which runs through the DevTools
# protocol and so is not blocked by the site's strict Content Security
# Policy: the pages are checked exactly as served, no bypass_csp needed.
# One test per language visits every page: building the catalog per page
# would cost more than the checks themselves.
@pytest.mark.parametrize("language", ["", "/en"], ids=["indonesian", "english"])
def test_public_pages_have_no_serious_accessibility_violations(page, live_server, catalog, language):
    pages = {
        "home": "/",
        "category": catalog.category.get_absolute_url(),
        "agency": catalog.agency.get_absolute_url(),
        "service": catalog.service.get_absolute_url(),
        "overdue service": catalog.overdue.get_absolute_url(),
        "regional variant": catalog.variant.get_absolute_url(),
        "change history": f"{catalog.service.get_absolute_url()}riwayat/",
    }
    axe = Axe()
    problems = []
    for name, path in pages.items():
        BasePage(page, live_server.url).open(language + path)
        if page.locator("details.internal summary").count():
            page.locator("details.internal summary").click()  # check the expanded content too
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
        if blocking:
            problems.append(f"{name} ({language + path}):\n{describe(blocking)}")
    assert not problems, "\n".join(problems)
