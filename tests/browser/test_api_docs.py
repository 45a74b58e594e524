"""The browsable API docs work in a real browser under the site's strict CSP."""

import json

from playwright.sync_api import expect

from layanan.catalog.models import Service

# Registered before any page script runs, so every blocked inline script,
# style or eval is recorded.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_api_docs_render_and_try_out_a_request_without_csp_violations(new_context, live_server, catalog):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))

    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Layanan API")
    for path in ("/api/v1/services", "/api/v1/services/{slug}",
                 "/api/v1/agencies", "/api/v1/agencies/{slug}"):
        expect(page.locator(f'.opblock-summary-path[data-path="{path}"]')).to_have_count(1)
    operation = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/api/v1/services"]')
    )

    # Swagger UI's "Try it out" calls the API from the page: connect-src 'self' must allow it.
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    live = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(live).to_have_text("200")
    body = json.loads(operation.locator(".live-responses-table .microlight").first.inner_text())
    assert body["count"] == Service.objects.published().count()

    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
