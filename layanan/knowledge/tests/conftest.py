from dataclasses import dataclass

import pytest

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.catalog.tests.factories import AgencyFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Team:
    agency: object
    other_agency: object
    author: object  # knowledge manager who writes
    reviewer: object  # a second knowledge manager of the same agency
    admin: object  # agency administrator
    officer: object  # answers questions, does not edit articles
    outsider: object  # knowledge manager of another agency
    citizen: object


@pytest.fixture
def team(db) -> Team:
    agency = AgencyFactory(name="Dinas Kependudukan dan Pencatatan Sipil", short_name="Disdukcapil",
                           slug="disdukcapil")
    other = AgencyFactory(name="Kantor Imigrasi", short_name="Imigrasi", slug="imigrasi")
    return Team(
        agency=agency,
        other_agency=other,
        author=staff_of(agency, display_name="Penulis Dukcapil"),
        reviewer=staff_of(agency, display_name="Peninjau Dukcapil"),
        admin=staff_of(agency, role=Role.AGENCY_ADMIN, display_name="Admin Dukcapil"),
        officer=staff_of(agency, role=Role.OFFICER, display_name="Petugas Dukcapil"),
        outsider=staff_of(other, display_name="Pengelola Imigrasi"),
        citizen=UserFactory(display_name="Warga"),
    )
