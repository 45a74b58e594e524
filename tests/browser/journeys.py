"""Helpers the signed-in browser journeys share: a logged-in tab, axe's blocking findings,
and a click that waits for the next page."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

BLOCKING = {"serious", "critical"}


def signed_in_page(new_context, live_server, user):
    """A browser tab with `user` logged in (a real session cookie, no login form needed)."""
    client = Client()
    client.force_login(user)
    context = new_context()
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    return context.new_page()


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"[{v['impact']}] {v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"] if v["impact"] in BLOCKING
    ]


def submit(page, button):
    with page.expect_navigation():
        button.click()
