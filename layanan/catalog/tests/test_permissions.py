"""Staff of one agency edit only their agency's services, through the staff area."""

import pytest
from django.urls import reverse

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.catalog.models import Service

from .factories import AgencyFactory, CategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def change_form_data(service, **overrides):
    """The admin change form's POST data for `service` with no inline rows."""
    data = {
        "name": service.name,
        "slug": service.slug,
        "summary": service.summary,
        "category": service.category_id,
        "agency": service.agency_id,
        "status": service.status,
        "keywords": "",
        "duration_unit": "",
        "sources": "[]",
        "change_note": "Memperbarui ringkasan",
    }
    for prefix in ("requirements", "steps", "fees", "channels", "legal_bases"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


@pytest.fixture
def two_agencies():
    own, other = AgencyFactory(), AgencyFactory()
    return own, other, ServiceFactory(agency=own), ServiceFactory(agency=other)


def test_staff_sees_only_own_agency_services_in_staff_area(client, two_agencies):
    own, other, own_service, other_service = two_agencies
    client.force_login(staff_of(own))
    response = client.get(reverse("admin:catalog_service_changelist"))
    assert response.status_code == 200
    assert own_service.name in response.text
    assert other_service.name not in response.text


def test_staff_of_other_agency_cannot_open_or_edit_service(client, two_agencies):
    own, other, own_service, other_service = two_agencies
    client.force_login(staff_of(own))
    url = reverse("admin:catalog_service_change", args=[other_service.pk])
    assert client.get(url).status_code in (302, 403, 404)
    client.post(url, change_form_data(other_service, summary="Diubah tanpa hak"))
    other_service.refresh_from_db()
    assert other_service.summary != "Diubah tanpa hak"
    assert not other_service.revisions.exists()


def test_staff_edit_of_own_service_creates_revision_and_audit_entry(client, two_agencies):
    own, other, own_service, other_service = two_agencies
    editor = staff_of(own)
    client.force_login(editor)
    url = reverse("admin:catalog_service_change", args=[own_service.pk])
    response = client.post(url, change_form_data(own_service, summary="Ringkasan baru yang lebih jelas"))
    assert response.status_code == 302, response.content
    own_service.refresh_from_db()
    assert own_service.summary == "Ringkasan baru yang lebih jelas"
    revision = own_service.revisions.get()
    assert revision.author == editor
    assert revision.change_note == "Memperbarui ringkasan"
    assert revision.document["summary"] == "Ringkasan baru yang lebih jelas"
    entry = AuditEntry.objects.for_target(own_service).get()
    assert entry.actor == editor and entry.action == "service.edit" and entry.agency_id == own.pk


def test_staff_cannot_move_a_service_to_another_agency(client, two_agencies):
    own, other, own_service, other_service = two_agencies
    client.force_login(staff_of(own))
    url = reverse("admin:catalog_service_change", args=[own_service.pk])
    response = client.post(url, change_form_data(own_service, agency=other.pk))
    assert response.status_code == 200  # the form is shown again with an error
    own_service.refresh_from_db()
    assert own_service.agency == own


def test_staff_can_create_service_only_for_own_agency(client, two_agencies):
    own, other, *_ = two_agencies
    category = CategoryFactory()
    client.force_login(staff_of(own))
    url = reverse("admin:catalog_service_add")
    base = {"name": "Layanan Baru", "slug": "layanan-baru", "summary": "Ringkas.", "category": category.pk,
            "status": "published", "sources": "[]", "change_note": "Layanan baru"}
    for prefix in ("requirements", "steps", "fees", "channels", "legal_bases"):
        base.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    client.post(url, {**base, "agency": other.pk})
    assert not Service.objects.filter(slug="layanan-baru").exists()
    response = client.post(url, {**base, "agency": own.pk})
    assert response.status_code == 302
    created = Service.objects.get(slug="layanan-baru")
    assert created.revisions.get().change_note == "Layanan baru"


def test_officer_role_cannot_edit_services(client, two_agencies):
    own, other, own_service, _ = two_agencies
    client.force_login(staff_of(own, role=Role.OFFICER))
    url = reverse("admin:catalog_service_change", args=[own_service.pk])
    client.post(url, change_form_data(own_service, summary="Petugas mengubah"))
    own_service.refresh_from_db()
    assert own_service.summary != "Petugas mengubah"


def test_citizen_cannot_reach_staff_area(client, two_agencies):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:catalog_service_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_site_admin_edits_any_agency(client, two_agencies):
    *_, other_service = two_agencies
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:catalog_service_change", args=[other_service.pk])
    response = client.post(url, change_form_data(other_service, summary="Disunting admin situs"))
    assert response.status_code == 302
    other_service.refresh_from_db()
    assert other_service.summary == "Disunting admin situs"
