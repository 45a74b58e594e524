"""Fixtures for the community page tests: an agency with a service, and people in each role."""

from dataclasses import dataclass

import pytest

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher costs about a second per user created here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def index_now(django_capture_on_commit_callbacks):
    """Run what a block of code schedules for after the commit (search index, emails)."""
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)
    return run


@dataclass
class World:
    agency: object
    other_agency: object
    service: object
    asker: object
    citizen: object
    officer: object
    moderator: object


@pytest.fixture
def world(db) -> World:
    agency = AgencyFactory(name="Dinas Kependudukan dan Pencatatan Sipil", short_name="Disdukcapil",
                           slug="disdukcapil")
    other = AgencyFactory(name="Kantor Imigrasi", short_name="Imigrasi", slug="imigrasi")
    service = ServiceFactory(name="Pembuatan KTP Elektronik", slug="ktp-elektronik", agency=agency)
    return World(
        agency=agency,
        other_agency=other,
        service=service,
        asker=UserFactory(display_name="Penanya"),
        citizen=UserFactory(display_name="Warga Baik"),
        officer=staff_of(agency, role=Role.OFFICER, display_name="Petugas Dukcapil"),
        moderator=UserFactory(is_moderator=True, display_name="Moderator"),
    )
