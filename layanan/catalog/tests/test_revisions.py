"""Every saved change is a revision; history and diffs are public."""

import pytest
from django.urls import reverse

from layanan.accounts.tests.factories import UserFactory
from layanan.catalog.services.documents import apply_service_document
from layanan.catalog.services.revisions import diff_documents, record_revision

from .factories import FeeFactory, RequirementFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_record_revision_snapshots_content_and_skips_unchanged():
    service = ServiceFactory()
    RequirementFactory(service=service, text="Fotokopi KK")
    author = UserFactory()
    first = record_revision(service, author, "Awal")
    assert first.number == 1 and first.document["requirements"][0]["text"] == "Fotokopi KK"
    assert record_revision(service, author, "Tidak ada perubahan") is None
    service.summary = "Ringkasan baru"
    service.save()
    second = record_revision(service, author, "Ringkasan diperjelas")
    assert second.number == 2
    assert second.previous() == first


def test_verification_alone_does_not_create_revision():
    service = ServiceFactory()
    record_revision(service, None, "Awal")
    from layanan.catalog.services.freshness import verify_service
    from layanan.accounts.tests.factories import staff_of

    verify_service(service, staff_of(service.agency))
    assert record_revision(service, None, "Verifikasi") is None


def test_diff_marks_added_and_removed_requirements_and_fee_changes():
    service = ServiceFactory()
    RequirementFactory(service=service, text="Fotokopi KK")
    RequirementFactory(service=service, text="Surat pengantar RT/RW")
    FeeFactory(service=service, label="SIM A baru", amount=100000)
    old = record_revision(service, None, "Awal").document
    doc = dict(old)
    doc["requirements"] = [{"text": "Fotokopi KK", "note": "", "form": "fotokopi", "unverified": False},
                           {"text": "KTP-el asli", "note": "", "form": "asli", "unverified": False}]
    doc["fees"] = [{"label": "SIM A baru", "amount": 120000, "condition": "", "legal_basis": "PP 76/2020", "unverified": False}]
    apply_service_document(doc, service=service)
    new = record_revision(service, None, "Tarif PP 76/2020").document

    sections = {s.label: s for s in diff_documents(old, new) if s.changed}
    assert set(sections) == {"Persyaratan", "Biaya"}
    req_ops = {(line.op, line.text) for line in sections["Persyaratan"].lines}
    assert ("delete", "Surat pengantar RT/RW (fotokopi)") in req_ops
    assert ("insert", "KTP-el asli (asli)") in req_ops
    fee_ops = {(line.op, line.text) for line in sections["Biaya"].lines}
    assert ("delete", "SIM A baru: Rp100.000") in fee_ops
    assert ("insert", "SIM A baru: Rp120.000 [PP 76/2020]") in fee_ops


def test_history_page_lists_revisions_and_diff_page_shows_changes(client):
    service = ServiceFactory(summary="Versi lama")
    record_revision(service, UserFactory(display_name="Pengelola Dukcapil"), "Awal")
    service.summary = "Versi baru"
    service.save()
    record_revision(service, None, "Memperjelas ringkasan")

    page = client.get(reverse("catalog:service", args=[service.slug])).text
    assert reverse("catalog:history", args=[service.slug]) in page

    history = client.get(reverse("catalog:history", args=[service.slug])).text
    assert "Memperjelas ringkasan" in history and "Pengelola Dukcapil" in history

    diff = client.get(reverse("catalog:revision", args=[service.slug, 2])).text
    assert "<del>Versi lama</del>" in diff and "<ins>Versi baru</ins>" in diff

    # Comparing any two revisions, in either direction.
    reverse_diff = client.get(reverse("catalog:revision", args=[service.slug, 1]) + "?dari=2").text
    assert "<del>Versi baru</del>" in reverse_diff and "<ins>Versi lama</ins>" in reverse_diff


def test_unknown_revision_is_404(client):
    service = ServiceFactory()
    assert client.get(reverse("catalog:revision", args=[service.slug, 9])).status_code == 404
