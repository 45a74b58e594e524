"""Suggested edits: signed-in citizens propose a correction with a reason and a
source; the owning agency accepts (applying it as a credited revision) or
declines with a reason; the proposer is told in the app and by email."""

import importlib.util

import pytest

from layanan.audit.models import AuditEntry
from layanan.catalog.models import Requirement
from layanan.freshness.models import Notification, SuggestedEdit

from .conftest import logged_in

pytestmark = pytest.mark.django_db

SOURCE = "https://www.imigrasi.go.id/paspor"


def suggest(client, world, **data):
    values = {"field": "summary", "proposed_text": "Paspor biasa 48 halaman untuk WNI.",
              "reason": "Sesuai laman resmi.", "source_url": SOURCE, **data}
    return logged_in(client, world.citizen).post(f"/layanan/{world.service.slug}/sarankan/", values)


def test_suggesting_needs_an_account(client, world):
    response = client.get(f"/layanan/{world.service.slug}/sarankan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")


def test_a_citizen_suggests_a_correction_with_reason_and_source(client, world):
    form = logged_in(client, world.citizen).get(f"/layanan/{world.service.slug}/sarankan/?bagian=requirements")
    assert form.status_code == 200
    assert form.context["form"].initial["field"] == "requirements"
    response = suggest(client, world, field="requirements", proposed_text="KTP elektronik\nAkta kelahiran")
    assert response.status_code == 302 and response["Location"] == "/akun/saran-saya/"
    suggestion = SuggestedEdit.objects.get()
    assert suggestion.service == world.service and suggestion.proposer == world.citizen
    assert suggestion.current_text == "KTP elektronik\nKartu Keluarga"
    assert suggestion.status == "pending" and suggestion.source_url == SOURCE
    page = client.get("/akun/saran-saya/").content.decode()
    assert "Akta kelahiran" in page and world.service.name in page


@pytest.mark.parametrize("missing", ["proposed_text", "reason", "source_url"])
def test_text_reason_and_source_are_required(client, world, missing):
    response = suggest(client, world, **{missing: ""})
    assert response.status_code == 200
    assert response.context["form"].errors[missing]
    assert not SuggestedEdit.objects.exists()


def test_article_pages_offer_only_article_parts(client, world):
    response = logged_in(client, world.citizen).get(f"/pengetahuan/{world.article.slug}/sarankan/")
    assert [value for value, _ in response.context["form"].fields["field"].choices] == ["title", "body", "other"]
    response = client.post(f"/pengetahuan/{world.article.slug}/sarankan/", {
        "field": "requirements", "proposed_text": "x", "reason": "y", "source_url": SOURCE})
    assert response.context["form"].errors["field"]


def test_personal_data_in_a_suggestion_is_masked_and_the_original_kept_for_author_and_agency(client, world):
    suggest(client, world, field="complaints", proposed_text="Pengaduan lewat WA 0812-3456-7890.",
            reason="Saya NIK 3171011708450001 sudah coba.")
    suggestion = SuggestedEdit.objects.get()
    assert "0812" not in suggestion.proposed_text and "0812-3456-7890" in suggestion.proposed_text_private
    assert "3171011708450001" not in suggestion.reason
    staff_page = logged_in(client, world.editor).get(
        f"/kelola/kesegaran/{world.agency.slug}/saran/{suggestion.pk}/").content.decode()
    assert "0812-3456-7890" in staff_page


def test_accepting_applies_the_text_as_a_revision_crediting_the_suggestion_and_tells_the_proposer(
        client, world, smtp_server, django_capture_on_commit_callbacks):
    suggest(client, world, field="requirements", proposed_text="KTP elektronik\nAkta kelahiran")
    suggestion = SuggestedEdit.objects.get()
    client.logout()
    url = f"/kelola/kesegaran/{world.agency.slug}/saran/{suggestion.pk}/"
    page = logged_in(client, world.editor).get(url)
    assert page.context["accept_form"].initial["apply_text"] == "KTP elektronik\nAkta kelahiran"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "accept", "apply": "on",
                                     "apply_text": "KTP elektronik\nAkta kelahiran atau surat kenal lahir"})
    assert response.status_code == 302

    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.decided_by == world.editor
    requirements = list(world.service.requirements.values_list("text", "form"))
    assert requirements == [("KTP elektronik", Requirement.Form.ORIGINAL),  # kept its form
                            ("Akta kelahiran atau surat kenal lahir", "")]
    revision = world.service.revisions.get(number=suggestion.applied_revision)
    assert revision.author == world.editor
    assert f"#{suggestion.pk}" in revision.change_note and world.citizen.public_name in revision.change_note
    assert AuditEntry.objects.filter(action="freshness.suggestion_accept", actor=world.editor,
                                     agency_id=world.agency.pk).exists()
    assert AuditEntry.objects.filter(action="service.edit", actor=world.editor).exists()

    notice = Notification.objects.get(user=world.citizen)
    assert notice.kind == "suggestion-accepted" and notice.suggestion == suggestion
    mail = smtp_server.only_message_to(world.citizen.email)
    assert world.service.name in smtp_server.body(mail)
    # The citizen sees it on their page, where they can mark it read.
    client.force_login(world.citizen)
    assert "unread" in client.get("/akun/saran-saya/").content.decode()
    client.post("/akun/saran-saya/dibaca/")
    assert Notification.objects.get().read_at is not None


def test_accepting_without_applying_changes_nothing_on_the_page(client, world):
    suggest(client, world, field="fees", proposed_text="Penerbitan: Rp650.000")
    suggestion = SuggestedEdit.objects.get()
    revisions_before = world.service.revisions.count()
    logged_in(client, world.admin).post(f"/kelola/kesegaran/{world.agency.slug}/saran/{suggestion.pk}/",
                                        {"action": "accept", "apply": "on", "apply_text": "Penerbitan: Rp650.000"})
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.applied_revision is None
    assert world.service.revisions.count() == revisions_before


def test_declining_needs_a_reason_which_is_sent_to_the_proposer(
        client, world, smtp_server, django_capture_on_commit_callbacks):
    suggest(client, world)
    suggestion = SuggestedEdit.objects.get()
    url = f"/kelola/kesegaran/{world.agency.slug}/saran/{suggestion.pk}/"
    response = logged_in(client, world.editor).post(url, {"action": "decline", "decline_reason": ""})
    assert response.status_code == 200 and response.context["decline_form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "decline", "decline_reason": "Ringkasan sudah sesuai SK terbaru."})
    suggestion.refresh_from_db()
    assert suggestion.status == "declined" and suggestion.decline_reason == "Ringkasan sudah sesuai SK terbaru."
    assert AuditEntry.objects.filter(action="freshness.suggestion_decline", actor=world.editor).exists()
    assert Notification.objects.get(user=world.citizen).kind == "suggestion-declined"
    assert "Ringkasan sudah sesuai SK terbaru." in smtp_server.body(smtp_server.only_message_to(world.citizen.email))
    # Decided once: a second decision is refused.
    client.post(url, {"action": "accept"})
    suggestion.refresh_from_db()
    assert suggestion.status == "declined"


@pytest.mark.parametrize("who, agency, status", [
    ("other_editor", "agency", 403),
    ("other_editor", "other_agency", 404),
    ("officer", "agency", 403),
    ("citizen", "agency", 403),
])
def test_only_the_owning_agencys_editors_decide_suggestions(client, world, who, agency, status):
    suggest(client, world)
    suggestion = SuggestedEdit.objects.get()
    response = logged_in(client, getattr(world, who)).post(
        f"/kelola/kesegaran/{getattr(world, agency).slug}/saran/{suggestion.pk}/", {"action": "accept"})
    assert response.status_code == status
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_accepting_an_article_suggestion_starts_a_draft_revision_for_review(client, world):
    logged_in(client, world.citizen).post(f"/pengetahuan/{world.article.slug}/sarankan/", {
        "field": "body", "proposed_text": "Paspor selesai dalam **3 hari kerja**.", "reason": "Aturan baru.",
        "source_url": SOURCE})
    suggestion = SuggestedEdit.objects.get()
    logged_in(client, world.editor).post(f"/kelola/kesegaran/{world.agency.slug}/saran/{suggestion.pk}/", {
        "action": "accept", "apply": "on", "apply_text": "Paspor selesai dalam **3 hari kerja**."})
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    world.article.refresh_from_db()
    assert "4 hari kerja" in world.article.body_html  # the public text waits for a second person's review
    if importlib.util.find_spec("layanan.knowledge.services.workflow") is None:
        return  # without the review workflow the editor applies it by hand
    revision = world.article.revisions.open().get()
    assert revision.body_markdown == "Paspor selesai dalam **3 hari kerja**."
    assert f"#{suggestion.pk}" in revision.change_note and revision.author == world.editor
