"""The demo catalog and `load_demo`: what a new checkout shows after one command."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from layanan.accounts.models import AgencyMembership, Role, User
from layanan.catalog.models import Agency, Fee, Service, ServiceRevision
from layanan.catalog.services.demo import DEMO_ACCOUNTS, DEMO_CATALOG, DEMO_CHANGE_NOTE, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_command_output():
    """Commands print in the active language (Indonesian by default); these tests read the English msgids."""
    with translation.override("en"):
        yield

# Services the research notes say are free: each must state a fee of Rp0.
FREE_SERVICES = {
    "ktp-el-baru", "ktp-el-hilang-rusak", "kartu-keluarga", "akta-kelahiran",
    "akta-kelahiran-kabupaten-jepara", "npwp-aktivasi-nik", "spt-tahunan-orang-pribadi", "nib",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    return load_demo()


def test_demo_file_is_in_the_catalog_file_format():
    data = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    assert data["format"] == "layanan-catalog"
    assert data["version"] == 1
    assert {r["code"] for r in data["regions"]} >= {"51", "51.71", "33", "33.20"}
    for doc in data["services"]:
        assert {"slug", "name", "summary", "category", "agency", "requirements", "steps", "duration", "fees",
                "sources", "verification_notes", "review_interval_days", "verified_at"} <= set(doc)


def test_load_demo_imports_every_record_without_rejections(demo):
    assert "0 rejected" in demo
    assert Service.objects.published().count() >= 15
    assert Agency.objects.count() >= 6
    levels = set(Agency.objects.values_list("level", flat=True))
    assert {Agency.Level.NATIONAL, Agency.Level.PROVINCE, Agency.Level.LOCAL} <= levels
    assert Agency.objects.get(slug="disdukcapil-kota-denpasar").region.code == "51.71"
    assert Agency.objects.get(slug="polda-bali").region.code == "51"


def test_jepara_birth_certificate_is_a_local_variant_of_the_national_one(demo):
    variant = Service.objects.get(slug="akta-kelahiran-kabupaten-jepara")
    assert variant.variant_of.slug == "akta-kelahiran"
    assert variant.variant_of.region is None
    assert variant.region.code == "33.20"
    assert variant.agency.slug == "disdukcapil-kabupaten-jepara"
    requirements = " ".join(r.text for r in variant.requirements.all())
    assert "dua orang saksi" in requirements
    assert "Kepala Dinas" in requirements
    assert "dua orang saksi" not in " ".join(r.text for r in variant.variant_of.requirements.all())


def test_prerequisites_link_the_services_citizens_need_first(demo):
    def prerequisites(slug):
        return set(Service.objects.get(slug=slug).prerequisites.values_list("slug", flat=True))

    for slug in ["sim-a-baru", "sim-c-baru", "sim-a-perpanjangan", "sim-c-perpanjangan",
                 "skck", "paspor-baru"]:
        assert "bpjs-kesehatan-mandiri" in prerequisites(slug), slug
    assert "ktp-el-baru" in prerequisites("npwp-aktivasi-nik")
    assert "nib" in prerequisites("pbg-kota-denpasar")


def test_every_demo_service_has_requirements_steps_sources_and_legal_basis(demo):
    for service in Service.objects.all():
        assert service.requirements.exists(), service.slug
        assert service.steps.count() >= 3, service.slug
        assert service.legal_bases.exists(), service.slug
        assert service.sources, service.slug
        assert all(s["confidence"] in {"V", "P", "U"} and s["title"] for s in service.sources), service.slug
        assert service.keywords, service.slug
        assert service.complaint_handling, service.slug
        assert service.channels.filter(purpose="pengaduan").exists(), service.slug
        assert service.duration_text, service.slug


def test_free_services_state_a_zero_fee_and_others_list_their_fees(demo):
    for service in Service.objects.all():
        fees = list(service.fees.all())
        if service.slug in FREE_SERVICES:
            assert fees and fees[0].amount == 0, service.slug
        elif not fees:
            # A regional retribusi is computed per application: the page says how,
            # and staff see that the local tariff still has to be filled in.
            assert "retribusi" in service.summary, service.slug
            assert "retribusi" in service.verification_notes.lower(), service.slug
    assert Service.objects.get(slug="ktp-el-baru").is_free
    assert Fee.objects.get(service__slug="sim-a-baru", label__startswith="PNBP").amount == 120000
    assert Fee.objects.get(service__slug="skck").amount == 30000


def test_tariffs_from_secondary_sources_are_marked_unverified(demo):
    # The research notes ask to verify every tariff before publishing.
    assert not Fee.objects.filter(amount__gt=0, unverified=False).exists()
    for service in Service.objects.all():
        assert service.verification_notes, service.slug


def test_each_demo_service_has_one_revision_with_the_demo_change_note(demo):
    for service in Service.objects.all():
        revisions = list(service.revisions.all())
        assert len(revisions) == 1, service.slug
        assert revisions[0].change_note == DEMO_CHANGE_NOTE
        assert revisions[0].document == service.to_document()


def test_demo_catalog_shows_fresh_overdue_and_unverified_services(demo):
    freshness = [s.freshness() for s in Service.objects.select_related("agency")]
    assert freshness.count("overdue") >= 2
    assert freshness.count("unverified") >= 1
    assert freshness.count("fresh") > len(freshness) / 2
    assert Service.objects.get(slug="pbg-kota-denpasar").freshness() == "overdue"


def test_load_demo_if_empty_loads_an_empty_catalog():
    output = load_demo("--if-empty")
    assert Service.objects.count() >= 15
    assert "0 rejected" in output


def test_load_demo_if_empty_does_nothing_when_services_exist(demo):
    before = (Service.objects.count(), ServiceRevision.objects.count(), User.objects.count())
    output = load_demo("--if-empty")
    assert output.strip() == gettext("The catalog already has services; nothing loaded (--if-empty).")
    assert (Service.objects.count(), ServiceRevision.objects.count(), User.objects.count()) == before


def test_loading_the_demo_twice_changes_nothing(demo):
    revisions = ServiceRevision.objects.count()
    load_demo()
    assert ServiceRevision.objects.count() == revisions
    assert User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS)


def test_demo_accounts_hold_agency_roles_and_can_sign_in(demo, client):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert AgencyMembership.objects.filter(
        user__username="pengelola-dukcapil", agency__slug="ditjen-dukcapil", role=Role.KNOWLEDGE_MANAGER
    ).exists()
    assert AgencyMembership.objects.filter(
        user__username="petugas-denpasar", agency__slug="disdukcapil-kota-denpasar", role=Role.OFFICER
    ).exists()
    assert User.objects.get(username="pengelola-jepara").agency_ids() == {
        Agency.objects.get(slug="disdukcapil-kabupaten-jepara").pk
    }
    assert all(u.is_staff for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]))
    assert client.login(username="pengelola-dukcapil", password=DEMO_PASSWORD)
    assert demo.count(DEMO_PASSWORD) == 1


def test_existing_demo_account_keeps_its_password(demo):
    user = User.objects.get(username="pengelola-bpjs")
    user.set_password("kata-sandi-baru-yang-panjang")
    user.save()
    output = load_demo()
    user.refresh_from_db()
    assert user.check_password("kata-sandi-baru-yang-panjang")
    assert DEMO_PASSWORD not in output


def test_demo_accounts_are_refused_in_production(settings):
    settings.PRODUCTION = True
    load_demo()
    assert Service.objects.count() >= 15
    assert not User.objects.exists()


def test_no_accounts_option_loads_the_catalog_only():
    load_demo("--no-accounts")
    assert Service.objects.exists()
    assert not User.objects.exists()


def test_every_demo_service_page_shows_its_verification_state(demo, client):
    with translation.override("id"):
        last_verified = gettext("Last verified %(date)s").split("%(date)s")[0].strip()
        overdue = gettext("This information may be out of date.")
        unverified = gettext("This information has not been verified by the agency yet.")
    for service in Service.objects.select_related("agency"):
        with translation.override("id"):
            url = service.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200, service.slug
        page = response.text
        state = service.freshness()
        if state == "unverified":
            assert unverified in page, service.slug
        else:
            assert last_verified in page, service.slug
            assert (overdue in page) == (state == "overdue"), service.slug
