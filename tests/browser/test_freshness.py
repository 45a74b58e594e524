"""Report inaccurate → fix → re-verify, in a real browser: a citizen reports a
service, the agency's editor sees it on the freshness dashboard, edits the
service in the staff area with a change note, re-verifies it and resolves the
report; the public page then shows the new date and no out-of-date notice."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import staff_of
from layanan.audit.models import AuditEntry
from layanan.freshness.models import InaccuracyReport

from .pages import BasePage, ServicePage

BLOCKING = {"serious", "critical"}
PASSWORD = "kata-sandi-rahasia-123"


def indonesian(msgid: str) -> str:
    with translation.override("id"):
        return gettext(msgid)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(page, base_url, user):
    BasePage(page, base_url).open("/akun/masuk/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"[{v['impact']}] {v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"] if v["impact"] in BLOCKING
    ]


def test_citizen_reports_inaccuracy_editor_fixes_and_re_verifies_and_the_page_is_current_again(
        new_context, live_server, catalog):
    stnk = catalog.overdue
    editor = staff_of(catalog.agency, Role.KNOWLEDGE_MANAGER, username="editor-korlantas",
                      display_name="Editor Korlantas")

    # A citizen on a phone sees the warning and reports what is wrong.
    citizen = new_context().new_page()
    service = ServicePage(citizen, live_server.url).open(stnk.get_absolute_url())
    assert service.out_of_date_notice.is_visible()
    with citizen.expect_navigation():
        citizen.locator(f"a[href='/layanan/{stnk.slug}/laporkan/']").click()
    citizen.locator("#id_description").fill("Pembayaran sekarang bisa lewat aplikasi SIGNAL, tidak hanya di Samsat.")
    citizen.locator("#id_source_url").fill("https://signal.example.go.id")
    with citizen.expect_navigation():
        citizen.locator("main form button[type=submit]").click()
    assert citizen.url == live_server.url + stnk.get_absolute_url()
    assert catalog.agency.name in citizen.locator(".messages").inner_text()
    report = InaccuracyReport.objects.get()
    assert report.service_id == stnk.pk and report.status == "open"

    # The agency's editor finds it on the freshness dashboard.
    staff = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(staff, live_server.url, editor)
    dashboard_url = f"{live_server.url}/kelola/kesegaran/{catalog.agency.slug}/"
    staff.goto(live_server.url + "/kelola/")
    with staff.expect_navigation():
        staff.locator("#staff-tools a").click()
    assert staff.url == dashboard_url
    reports = staff.locator("#reports")
    assert "aplikasi SIGNAL" in reports.inner_text()
    overdue_row = staff.locator("#state-overdue tr", has_text=stnk.name)
    assert overdue_row.count() == 1
    assert not blocking_violations(staff)

    # Fixes the service in the staff area, with a change note.
    with staff.expect_navigation():
        overdue_row.get_by_role("link", name=f"{indonesian('Edit')} {stnk.name}").click()
    staff.locator("#id_summary").fill("Perpanjangan STNK tahunan: bayar pajak di Samsat atau lewat aplikasi SIGNAL.")
    staff.locator("#id_change_note").fill("Tambah pembayaran lewat SIGNAL (laporan warga)")
    with staff.expect_navigation():
        staff.locator("input[name=_save]").click()
    stnk.refresh_from_db()
    assert "SIGNAL" in stnk.summary
    assert stnk.revisions.first().change_note == "Tambah pembayaran lewat SIGNAL (laporan warga)"
    assert stnk.freshness() == "overdue"  # editing is not verifying

    # Re-verifies it and resolves the report on the dashboard.
    staff.goto(dashboard_url)
    with staff.expect_navigation():
        staff.locator("#state-overdue tr", has_text=stnk.name).locator("form button").click()
    assert staff.locator("#state-overdue tr", has_text=stnk.name).count() == 0
    assert staff.locator("#state-fresh tr", has_text=stnk.name).count() == 1
    staff.locator(f"#note-{report.pk}").fill("Sudah diperbarui.")
    with staff.expect_navigation():
        staff.locator(f"#report-{report.pk} button[value=resolve]").click()
    assert "aplikasi SIGNAL" not in staff.locator("#reports").inner_text()
    staff.goto(dashboard_url)  # axe on the dashboard itself, without the one-off status message
    assert not blocking_violations(staff)
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_by == editor
    assert AuditEntry.objects.filter(action="service.verify", actor=editor).exists()

    # The public page shows the new date and no out-of-date notice.
    stnk.refresh_from_db()
    assert stnk.verified_by == editor
    service = ServicePage(citizen, live_server.url).open(stnk.get_absolute_url())
    with translation.override("id"):
        today = dateformat.format(timezone.localtime(stnk.verified_at), "j F Y")
    assert today in service.freshness
    assert service.out_of_date_notice.count() == 0
    assert "SIGNAL" in citizen.locator(".lead").inner_text()


def test_feedback_no_asks_why_and_the_pages_pass_axe_on_a_phone(page, live_server, catalog):
    service = ServicePage(page, live_server.url).open(catalog.service.get_absolute_url())
    with page.expect_navigation():
        page.locator("#feedback button[value=no]").click()
    assert page.url.endswith(f"/layanan/{catalog.service.slug}/umpan-balik/alasan/")
    assert not blocking_violations(page)
    assert service.horizontal_overflow() == 0
    page.locator("#id_comment").fill("Tidak ada info biaya ujian ulang.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(catalog.service.get_absolute_url() + "#feedback")

    with page.expect_navigation():
        page.locator(f"a[href='/layanan/{catalog.service.slug}/laporkan/']").click()
    assert not blocking_violations(page)
    assert service.horizontal_overflow() == 0


def test_the_dashboard_fits_a_phone_and_passes_axe(new_context, live_server, catalog):
    editor = staff_of(catalog.agency, Role.KNOWLEDGE_MANAGER, username="editor-hp")
    report = InaccuracyReport(description="Biaya berubah.")
    report.target = catalog.service
    report.save()
    page = new_context().new_page()
    log_in(page, live_server.url, editor)
    site = BasePage(page, live_server.url).open(f"/kelola/kesegaran/{catalog.agency.slug}/")
    page.locator("details.fresh-group summary").click()
    assert not blocking_violations(page)
    assert site.horizontal_overflow() == 0
