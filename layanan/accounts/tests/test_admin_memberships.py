"""Role changes in the staff area (/kelola/) are scoped by policy and audited."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from layanan.accounts.models import AgencyMembership, ApiToken, Role
from layanan.accounts.services.api_tokens import create_api_token
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import AgencyFactory

from .factories import MembershipFactory, UserFactory, staff_of

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser would submit for the admin's change form (id="<model>_form")."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._done, self._select, self._textarea = {}, False, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form") and not self._done:
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data[name] = [a.get("value", "")]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def form_values(response):
    parser = FormValues()
    parser.feed(response.content.decode())
    return parser.data


def user_change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_site_admin_granting_changing_and_removing_roles_inline_is_audited(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    agency, other = AgencyFactory(), AgencyFactory()
    person = UserFactory(display_name="Calon Petugas")
    client.force_login(admin)

    data = form_values(client.get(user_change_url(person)))
    data.update({
        "memberships-TOTAL_FORMS": ["1"],
        "memberships-0-agency": [str(agency.pk)],
        "memberships-0-role": [Role.OFFICER],
        "memberships-0-user": [str(person.pk)],
    })
    response = client.post(user_change_url(person), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = AgencyMembership.objects.get(user=person)
    person.refresh_from_db()
    assert person.is_staff  # a role opens the staff area
    entry = AuditEntry.objects.for_target(membership).get()
    assert (entry.action, entry.actor, entry.agency_id) == ("membership.grant", admin, agency.pk)
    assert entry.data == {"user_id": person.pk, "role": "petugas"}

    data = form_values(client.get(user_change_url(person)))
    data["memberships-0-role"] = [Role.AGENCY_ADMIN]
    data["memberships-0-agency"] = [str(other.pk)]
    assert client.post(user_change_url(person), data).status_code == 302
    changes = AuditEntry.objects.filter(action="membership.change")
    assert {e.agency_id for e in changes} == {agency.pk, other.pk}
    assert changes[0].data["before"] == {"agency_id": agency.pk, "role": "petugas"}

    data = form_values(client.get(user_change_url(person)))
    data["memberships-0-DELETE"] = ["on"]
    assert client.post(user_change_url(person), data).status_code == 302
    assert not AgencyMembership.objects.filter(user=person).exists()
    revoke = AuditEntry.objects.get(action="membership.revoke")
    assert revoke.agency_id == other.pk and revoke.target_id == str(membership.pk)
    person.refresh_from_db()
    assert not person.is_staff  # last role gone


def test_site_admin_making_someone_moderator_is_audited(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory()
    client.force_login(admin)
    data = form_values(client.get(user_change_url(person)))
    data["is_moderator"] = ["on"]
    data["memberships-TOTAL_FORMS"] = data.get("memberships-TOTAL_FORMS", ["0"])
    assert client.post(user_change_url(person), data).status_code == 302
    entry = AuditEntry.objects.get(action="user.role_flags")
    assert entry.actor == admin and entry.data == {"changed": {"is_moderator": True}}
    # Saving without changing a flag logs nothing more.
    data = form_values(client.get(user_change_url(person)))
    data["first_name"] = ["Nama"]
    client.post(user_change_url(person), data)
    assert AuditEntry.objects.filter(action="user.role_flags").count() == 1


def test_agency_admin_adds_a_colleague_by_email_and_it_is_audited(client):
    agency = AgencyFactory()
    boss = staff_of(agency, Role.AGENCY_ADMIN)
    colleague = UserFactory(email="rekan@contoh.id")
    client.force_login(boss)
    response = client.post(reverse("admin:accounts_agencymembership_add"), {
        "user": "REKAN@contoh.id", "agency": agency.pk, "role": Role.KNOWLEDGE_MANAGER,
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = AgencyMembership.objects.get(user=colleague)
    assert membership.agency == agency
    colleague.refresh_from_db()
    assert colleague.is_staff
    entry = AuditEntry.objects.for_target(membership).get()
    assert (entry.action, entry.actor, entry.agency_id) == ("membership.grant", boss, agency.pk)


def test_agency_admin_cannot_grant_roles_at_another_agency(client):
    agency, other = AgencyFactory(), AgencyFactory()
    boss = staff_of(agency, Role.AGENCY_ADMIN)
    UserFactory(username="rekan")
    client.force_login(boss)
    response = client.post(reverse("admin:accounts_agencymembership_add"), {
        "user": "rekan", "agency": other.pk, "role": Role.AGENCY_ADMIN,
    })
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("agency")
    assert not AgencyMembership.objects.filter(agency=other).exists()
    assert not AuditEntry.objects.exists()


def test_agency_admin_sees_and_removes_only_their_agencys_roles(client):
    agency, other = AgencyFactory(), AgencyFactory()
    boss = staff_of(agency, Role.AGENCY_ADMIN)
    mine = MembershipFactory(agency=agency, role=Role.OFFICER)
    theirs = MembershipFactory(agency=other, role=Role.OFFICER)
    client.force_login(boss)

    listing = client.get(reverse("admin:accounts_agencymembership_changelist"))
    shown = set(listing.context["cl"].result_list)
    assert mine in shown and theirs not in shown
    other_url = reverse("admin:accounts_agencymembership_delete", args=[theirs.pk])
    assert client.post(other_url, {"post": "yes"}).status_code in {302, 403}
    assert AgencyMembership.objects.filter(pk=theirs.pk).exists()

    url = reverse("admin:accounts_agencymembership_delete", args=[mine.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AgencyMembership.objects.filter(pk=mine.pk).exists()
    entry = AuditEntry.objects.get(action="membership.revoke")
    assert (entry.actor, entry.agency_id) == (boss, agency.pk)


def test_agency_admin_bulk_removal_is_audited_per_role(client):
    agency = AgencyFactory()
    boss = staff_of(agency, Role.AGENCY_ADMIN)
    a, b = MembershipFactory(agency=agency), MembershipFactory(agency=agency)
    client.force_login(boss)
    response = client.post(reverse("admin:accounts_agencymembership_changelist"), {
        "action": "delete_selected", "_selected_action": [a.pk, b.pk], "post": "yes",
    })
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="membership.revoke").count() == 2


@pytest.mark.parametrize("role", [Role.OFFICER, Role.KNOWLEDGE_MANAGER])
def test_other_staff_cannot_manage_roles(client, role):
    agency = AgencyFactory()
    client.force_login(staff_of(agency, role))
    assert client.get(reverse("admin:accounts_agencymembership_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_agencymembership_add")).status_code == 403


def test_site_admin_revoking_tokens_in_the_admin_is_audited(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    token, _ = create_api_token(UserFactory(), name="skrip")
    client.force_login(admin)
    response = client.post(reverse("admin:accounts_apitoken_changelist"), {
        "action": "revoke", "_selected_action": [token.pk],
    })
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked
    entry = AuditEntry.objects.get(action="api_token.revoke")
    assert entry.actor == admin and entry.data["prefix"] == token.prefix
    assert ApiToken.objects.count() == 1  # kept, not deleted
