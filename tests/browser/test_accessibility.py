"""axe-core finds no serious or critical accessibility problems on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import BasePage

BLOCKING = {"serious", "critical"}


def describe(violations) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(node["target"]) for node in v["nodes"][:3])
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} — {targets}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    return Axe()


# axe is injected with page.evaluate(), which runs through the DevTools
# protocol and so is not blocked by the site's strict Content Security
# Policy: the pages are checked exactly as served, no bypass_csp needed.
@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("page_name", ["home", "category", "agency", "service", "overdue", "variant", "history"])
def test_public_page_has_no_serious_accessibility_violations(page, live_server, catalog, axe, page_name, language):
    paths = {
        "home": "/",
        "category": catalog.category.get_absolute_url(),
        "agency": catalog.agency.get_absolute_url(),
        "service": catalog.service.get_absolute_url(),
        "overdue": catalog.overdue.get_absolute_url(),
        "variant": catalog.variant.get_absolute_url(),
        "history": f"{catalog.service.get_absolute_url()}riwayat/",
    }
    BasePage(page, live_server.url).open(language + paths[page_name])
    if page_name in ("service", "overdue"):
        page.locator("details.internal summary").click()  # check the expanded content too

    results = axe.run(page)

    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
