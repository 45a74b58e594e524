"""Demo data for a new checkout: the demo catalog file and staff accounts.

The catalog file (catalog/demo/catalog.json) holds real services from the
domain research, in the open-data format, and is loaded with import_catalog.
The accounts let a new user try the staff area at each agency level. They all
share one well-known password, so they are for development only and are never
created when settings.PRODUCTION is true.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from layanan.accounts.models import AgencyMembership, Role, User
from layanan.audit.services import record as audit

from ..models import Agency

DEMO_CATALOG = Path(__file__).resolve().parent.parent / "demo" / "catalog.json"
DEMO_PASSWORD = "layanan-demo"
DEMO_CHANGE_NOTE = "Data awal dari berkas demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    superuser: bool = False
    roles: tuple = ()  # (agency slug, Role) pairs


DEMO_ACCOUNTS = (
    DemoAccount("admin", "Admin Layanan (demo)", superuser=True),
    DemoAccount("pengelola-dukcapil", "Pengelola Ditjen Dukcapil (demo)",
                roles=(("ditjen-dukcapil", Role.KNOWLEDGE_MANAGER),)),
    DemoAccount("pengelola-jepara", "Pengelola Disdukcapil Jepara (demo)",
                roles=(("disdukcapil-kabupaten-jepara", Role.KNOWLEDGE_MANAGER),)),
    DemoAccount("petugas-denpasar", "Petugas Disdukcapil Denpasar (demo)",
                roles=(("disdukcapil-kota-denpasar", Role.OFFICER),)),
    DemoAccount("admin-denpasar", "Admin DPMPTSP Denpasar (demo)",
                roles=(("dpmptsp-kota-denpasar", Role.AGENCY_ADMIN),
                       ("dinas-pupr-kota-denpasar", Role.AGENCY_ADMIN))),
    DemoAccount("pengelola-korlantas", "Pengelola Korlantas (demo)",
                roles=(("korlantas-polri", Role.KNOWLEDGE_MANAGER),)),
    DemoAccount("pengelola-bpjs", "Pengelola BPJS Kesehatan (demo)",
                roles=(("bpjs-kesehatan", Role.KNOWLEDGE_MANAGER),)),
)


class DemoAccountsRefused(Exception):
    """Demo accounts share a published password and must not exist in production."""


@dataclass
class DemoAccountResult:
    account: DemoAccount
    created: bool
    roles: list = field(default_factory=list)  # (agency, Role) pairs the user now holds
    missing_agencies: list = field(default_factory=list)  # slugs not in the database


def read_demo_catalog(path: Path = DEMO_CATALOG) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def create_demo_accounts(password: str = DEMO_PASSWORD) -> list[DemoAccountResult]:
    """Create the demo staff accounts and their agency roles.

    Existing users keep their password; missing roles are added. Every new
    account and role is audited, with no actor (it is a setup step).
    """
    if settings.PRODUCTION:
        raise DemoAccountsRefused
    results = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        created = user is None
        if created:
            user = User(
                username=account.username,
                display_name=account.display_name,
                email=f"{account.username}@demo.layanan.example",
                is_staff=True,
                is_superuser=account.superuser,
            )
            user.set_password(password)
            user.save()
            audit(None, "user.demo_create", user, superuser=account.superuser)
        result = DemoAccountResult(account, created)
        for agency_slug, role in account.roles:
            agency = Agency.objects.filter(slug=agency_slug).first()
            if agency is None:
                result.missing_agencies.append(agency_slug)
                continue
            membership, new = AgencyMembership.objects.get_or_create(user=user, agency=agency, role=role)
            if new:
                audit(None, "membership.grant", membership, agency_id=agency.pk, user_id=user.pk, role=role)
            result.roles.append((agency, role))
        if result.roles and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        results.append(result)
    return results
