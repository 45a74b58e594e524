"""Inaccuracy reports: a freshness ticket for the owning agency, which its editors
resolve or dismiss (audited); the reporter, when signed in, is told."""

import pytest

from layanan.audit.models import AuditEntry
from layanan.freshness.models import InaccuracyReport, Notification

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def test_anyone_can_report_a_service_as_inaccurate_and_it_reaches_the_owning_agency(client, world):
    url = f"/layanan/{world.service.slug}/laporkan/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "Biaya paspor sudah naik menjadi Rp650.000.",
                                 "source_url": "imigrasi.go.id/biaya"}, follow=True)
    assert response.redirect_chain[-1][0] == world.service.get_absolute_url()
    report = InaccuracyReport.objects.get()
    assert report.service == world.service and report.agency_id == world.agency.pk
    assert report.status == "open" and report.reporter is None
    assert report.source_url == "https://imigrasi.go.id/biaya"

    dashboard = logged_in(client, world.editor).get(f"/kelola/kesegaran/{world.agency.slug}/")
    assert "Biaya paspor sudah naik" in dashboard.content.decode()
    other = logged_in(client, world.other_editor).get(f"/kelola/kesegaran/{world.other_agency.slug}/")
    assert "Biaya paspor sudah naik" not in other.content.decode()


def test_a_report_needs_to_say_what_is_wrong(client, world):
    response = client.post(f"/pengetahuan/{world.article.slug}/laporkan/", {"description": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not InaccuracyReport.objects.exists()


def test_personal_data_in_a_report_is_masked_and_the_original_kept_for_the_agency_only(client, world):
    logged_in(client, world.citizen).post(
        f"/layanan/{world.service.slug}/laporkan/",
        {"description": "Nomor kantor salah, yang benar (021) 555-1234."},
    )
    report = InaccuracyReport.objects.get()
    assert "555-1234" not in report.description
    assert "555-1234" in report.description_private
    assert report.reporter == world.citizen
    assert "555-1234" in logged_in(client, world.officer).get(f"/kelola/kesegaran/{world.agency.slug}/").content.decode()


def test_an_editor_resolves_a_report_with_a_note_audited_and_the_reporter_is_told(
        client, world, smtp_server, django_capture_on_commit_callbacks):
    logged_in(client, world.citizen).post(f"/layanan/{world.service.slug}/laporkan/",
                                          {"description": "Persyaratan KK tidak diperlukan lagi."})
    report = InaccuracyReport.objects.get()
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(client, world.editor).post(
            f"/kelola/kesegaran/{world.agency.slug}/laporan/{report.pk}/",
            {"action": "resolve", "note": "Sudah kami perbarui, terima kasih."},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_by == world.editor and report.resolved_at
    assert report.resolution_note == "Sudah kami perbarui, terima kasih."
    entry = AuditEntry.objects.get(action="freshness.report_resolve")
    assert entry.actor == world.editor and entry.agency_id == world.agency.pk
    notice = Notification.objects.get(user=world.citizen)
    assert notice.kind == "report-resolved" and notice.report == report
    mail = smtp_server.only_message_to(world.citizen.email)
    assert "Sudah kami perbarui" in smtp_server.body(mail)


def test_an_editor_dismisses_a_report(client, world):
    client.post(f"/layanan/{world.service.slug}/laporkan/", {"description": "Salah semua"})
    report = InaccuracyReport.objects.get()
    logged_in(client, world.admin).post(f"/kelola/kesegaran/{world.agency.slug}/laporan/{report.pk}/",
                                        {"action": "dismiss"})
    report.refresh_from_db()
    assert report.status == "dismissed"
    assert AuditEntry.objects.filter(action="freshness.report_dismiss", actor=world.admin).exists()
    assert not Notification.objects.exists()  # anonymous reporter: nobody to tell


@pytest.mark.parametrize("who, status", [("other_editor", 403), ("officer", 403), ("citizen", 403)])
def test_only_the_owning_agencys_editors_handle_its_reports(client, world, who, status):
    client.post(f"/layanan/{world.service.slug}/laporkan/", {"description": "Salah"})
    report = InaccuracyReport.objects.get()
    response = logged_in(client, getattr(world, who)).post(
        f"/kelola/kesegaran/{world.agency.slug}/laporan/{report.pk}/", {"action": "resolve"})
    assert response.status_code == status
    report.refresh_from_db()
    assert report.status == "open"


def test_a_report_cannot_be_handled_through_another_agencys_dashboard(client, world):
    client.post(f"/layanan/{world.service.slug}/laporkan/", {"description": "Salah"})
    report = InaccuracyReport.objects.get()
    response = logged_in(client, world.other_editor).post(
        f"/kelola/kesegaran/{world.other_agency.slug}/laporan/{report.pk}/", {"action": "resolve"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == "open"


def test_reports_are_rate_limited(client, world, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "feedback": {"user": "100/h", "ip": "1/h"}}
    url = f"/layanan/{world.service.slug}/laporkan/"
    assert client.post(url, {"description": "Satu"}).status_code == 302
    assert client.post(url, {"description": "Dua"}).status_code == 429
    assert InaccuracyReport.objects.count() == 1
