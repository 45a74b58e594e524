from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.accounts.tests.smtp import smtp_server  # noqa: F401  (fixture)
from layanan.catalog.tests.factories import AgencyFactory, RequirementFactory, ServiceFactory, StepFactory
from layanan.knowledge.tests.factories import ArticleFactory

PASSWORD = "kata-sandi-rahasia-123"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def run_tasks_immediately(settings):
    """Tests that are not about the queue run enqueued tasks at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class World:
    agency: object
    other_agency: object
    editor: object  # knowledge manager of `agency`
    admin: object  # agency admin of `agency`
    officer: object
    other_editor: object  # knowledge manager of `other_agency`
    citizen: object
    service: object
    article: object


@pytest.fixture
def world(db) -> World:
    agency = AgencyFactory(name="Direktorat Jenderal Imigrasi", short_name="Imigrasi", slug="imigrasi")
    other = AgencyFactory(name="Badan Pertanahan Nasional", short_name="BPN", slug="bpn")
    editor = staff_of(agency, Role.KNOWLEDGE_MANAGER, username="editor", email="editor@imigrasi.example",
                      display_name="Editor Imigrasi")
    admin = staff_of(agency, Role.AGENCY_ADMIN, username="admin-imigrasi", email="admin@imigrasi.example",
                     display_name="Admin Imigrasi")
    officer = staff_of(agency, Role.OFFICER, username="petugas", email="petugas@imigrasi.example",
                       display_name="Petugas Imigrasi")
    other_editor = staff_of(other, Role.KNOWLEDGE_MANAGER, username="editor-bpn", email="editor@bpn.example",
                            display_name="Editor BPN")
    citizen = UserFactory(username="warga", email="warga@contoh.id", display_name="Budi Warga")
    service = ServiceFactory(name="Pembuatan Paspor Biasa", slug="paspor-biasa", agency=agency,
                             summary="Paspor untuk warga negara Indonesia.", owner=editor)
    RequirementFactory(service=service, text="KTP elektronik", form="asli")
    RequirementFactory(service=service, text="Kartu Keluarga", form="fotokopi")
    StepFactory(service=service, text="Daftar antrean di aplikasi M-Paspor.")
    article = ArticleFactory(title="Berapa lama paspor selesai?", slug="lama-paspor", agency=agency,
                             body_markdown="Paspor selesai dalam **4 hari kerja**.")
    return World(agency, other, editor, admin, officer, other_editor, citizen, service, article)


def make_overdue(obj, days=30):
    """Verified long enough ago that the review date passed `days` days ago."""
    obj.verified_at = timezone.now() - timedelta(days=obj.effective_review_interval_days + days)
    obj.save()
    return obj


def indonesian(msgid: str) -> str:
    """What the site says, in its default language, for an English msgid."""
    with translation.override("id"):
        return gettext(msgid)


ESCALATION_SUBJECT = "[Layanan] Escalation: %(count)d items of %(agency)s overdue for more than %(days)d days"


def is_escalation(message) -> bool:
    return message["Subject"].startswith(indonesian(ESCALATION_SUBJECT).split("%(")[0])


def logged_in(client, user):
    client.force_login(user)
    return client
