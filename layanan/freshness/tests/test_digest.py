"""The daily digest: owners and editors hear what is due; admins hear what stays overdue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory
from layanan.freshness.models import DigestDelivery, InaccuracyReport, SuggestedEdit
from layanan.freshness.services.digest import send_digests

from .conftest import is_escalation, make_overdue

pytestmark = pytest.mark.django_db


def subjects(smtp_server, address):
    return [m["Subject"] for m in smtp_server.messages if address in m["To"]]


def test_owners_and_editors_get_one_digest_per_agency_listing_what_is_due(world, smtp_server):
    make_overdue(world.service, days=3)
    owner = UserFactory(username="pemilik", email="pemilik@imigrasi.example")
    world.article.owner = owner
    world.article.verified_at = timezone.now() - timedelta(days=world.article.effective_review_interval_days - 5)
    world.article.save()
    report = InaccuracyReport(description="Alamat kantor pindah ke Jl. Merdeka")
    report.target = world.service
    report.save()
    suggestion = SuggestedEdit(proposer=world.citizen, field="steps", proposed_text="x", reason="r",
                               source_url="https://contoh.go.id")
    suggestion.target = world.article
    suggestion.save()

    result = send_digests()

    assert result == {"agencies": 1, "digests": 3, "escalations": 0, "failed": 0}
    # editors (knowledge manager, agency admin) and the article's owner; never officers or citizens
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted([world.editor.email, world.admin.email, owner.email])
    body = smtp_server.body(smtp_server.only_message_to(world.editor.email))
    assert world.service.name in body and "3" in body
    assert world.article.title in body
    assert "Alamat kantor pindah" in body
    assert "/kelola/kesegaran/imigrasi/" in body
    assert world.service.get_absolute_url() in body
    assert not subjects(smtp_server, world.officer.email) and not subjects(smtp_server, world.citizen.email)


def test_the_digest_is_sent_once_a_day_however_often_the_job_runs(world, smtp_server):
    make_overdue(world.service, days=3)
    first = send_digests()
    second = send_digests()
    assert first["digests"] == 2 and second["digests"] == 0
    assert len(smtp_server.messages) == 2
    assert DigestDelivery.objects.filter(kind="digest").count() == 2
    tomorrow = send_digests(now=timezone.now() + timedelta(days=1))
    assert tomorrow["digests"] == 2 and len(smtp_server.messages) == 4


def test_nothing_due_means_no_mail(world, smtp_server):
    assert send_digests() == {"agencies": 0, "digests": 0, "escalations": 0, "failed": 0}
    assert smtp_server.messages == []


def test_drafts_are_not_in_the_digest(world, smtp_server):
    make_overdue(world.service, days=3)
    world.service.status = "draft"
    world.service.save()
    assert send_digests()["digests"] == 0


def test_what_stays_overdue_past_the_limit_is_escalated_to_the_agency_admins(world, smtp_server, settings):
    settings.LAYANAN_ESCALATE_AFTER_DAYS = 14
    make_overdue(world.service, days=15)
    late_article = make_overdue(world.article, days=2)  # overdue, but not for long

    result = send_digests()

    assert result["escalations"] == 1
    escalation = [m for m in smtp_server.messages if is_escalation(m)]
    assert [m["To"] for m in escalation] == [world.admin.email]
    body = smtp_server.body(escalation[0])
    assert world.service.name in body and late_article.title not in body
    entry = AuditEntry.objects.get(action="freshness.escalate")
    assert entry.agency_id == world.agency.pk and entry.data["items"] == [f"service:{world.service.pk}"]
    assert send_digests()["escalations"] == 0  # once a day


def test_without_an_agency_admin_site_admins_get_the_escalation(db, smtp_server):
    agency = AgencyFactory()
    editor = staff_of(agency, Role.KNOWLEDGE_MANAGER, email="km@contoh.go.id")
    root = UserFactory(is_superuser=True, email="root@layanan.example")
    make_overdue(ServiceFactory(agency=agency), days=60)
    send_digests()
    assert [is_escalation(m) for m in smtp_server.messages if root.email in m["To"]] == [True]
    assert not any(is_escalation(m) for m in smtp_server.messages if editor.email in m["To"])
