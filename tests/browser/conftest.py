"""Fixtures for browser tests: Debian's Chromium driven by Playwright's sync API
against pytest-django's live server, and a small catalog built with factories."""

import os
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import sync_playwright

from layanan.catalog.models import Agency, Region, Service
from layanan.catalog.services.revisions import record_revision
from layanan.catalog.tests.factories import (
    AgencyFactory,
    CategoryFactory,
    FeeFactory,
    RegionFactory,
    RequirementFactory,
    ServiceFactory,
    StepFactory,
)

# The distribution's build, never one that Playwright downloads.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # the test machine has no network beyond loopback
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 640}


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an asyncio loop running in this thread, which
    # makes Django refuse ORM calls from the test body (factories, assertions).
    # The tests are synchronous, so allow them while a browser is up.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser):
    """Opens browser contexts (closed after the test); defaults to a 360×640 phone."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", PHONE)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@dataclass
class Catalog:
    category: object
    other_category: object
    agency: object
    service: object
    prerequisite: object
    variant: object
    overdue: object


@pytest.fixture
def catalog(live_server) -> Catalog:
    """A small catalog covering what the public pages show differently."""
    now = timezone.now()
    driving = CategoryFactory(slug="berkendara", name="Berkendara", name_en="Driving",
                              description="SIM, STNK dan kendaraan.", description_en="Licences and vehicles.")
    civil = CategoryFactory(slug="kependudukan", name="Kependudukan", name_en="Civil registration")
    police = AgencyFactory(
        name="Korps Lalu Lintas Polri", short_name="Korlantas", slug="korlantas", level=Agency.Level.NATIONAL,
        website="https://korlantas.example.go.id",
        contact_channels=[
            {"kind": "phone", "label": "Call center", "value": "110"},
            {"kind": "email", "label": "Email", "value": "pengaduan@korlantas.example.go.id"},
            {"kind": "address", "label": "Alamat", "value": "Jl. M.T. Haryono Kav. 37-38, Jakarta Selatan"},
        ],
    )
    dukcapil = AgencyFactory(name="Direktorat Jenderal Kependudukan dan Pencatatan Sipil",
                             short_name="Dukcapil", slug="dukcapil")

    ktp = ServiceFactory(
        name="Pembuatan KTP Elektronik", slug="ktp-elektronik", category=civil, agency=dukcapil,
        summary="Kartu tanda penduduk elektronik untuk warga berusia 17 tahun atau sudah menikah.",
    )
    RequirementFactory(service=ktp, text="Kartu Keluarga", form="fotokopi")
    StepFactory(service=ktp, text="Datang ke Disdukcapil untuk perekaman.")
    FeeFactory(service=ktp, label="Penerbitan KTP-el", amount=0)

    bali = RegionFactory(code="51", name="Bali", level=Region.Level.PROVINCE)
    denpasar = RegionFactory(code="51.71", name="Kota Denpasar", level=Region.Level.CITY, parent=bali)
    variant = ServiceFactory(
        name="Pembuatan KTP Elektronik di Kota Denpasar", slug="ktp-elektronik-denpasar", category=civil,
        agency=AgencyFactory(name="Disdukcapil Kota Denpasar", short_name="Disdukcapil Denpasar",
                             slug="disdukcapil-denpasar", level=Agency.Level.LOCAL, region=denpasar),
        region=denpasar, variant_of=ktp,
    )

    sim = ServiceFactory(
        name="Pembuatan SIM A", slug="sim-a-baru", category=driving, agency=police,
        summary="Surat izin mengemudi untuk mobil penumpang dan barang perseorangan.",
        duration_min=2, duration_max=3, duration_unit=Service.DurationUnit.HOURS,
        product="SIM A", complaint_handling="Sampaikan pengaduan ke call center 110.",
        sk_number="Peraturan Kepolisian Nomor 5 Tahun 2021",
        verified_at=now - timedelta(days=10),
    )
    for text in ("KTP elektronik asli", "Surat keterangan sehat jasmani", "Surat keterangan lulus tes psikologi"):
        RequirementFactory(service=sim, text=text)
    for text in ("Isi formulir pendaftaran.", "Ikuti ujian teori.", "Ikuti ujian praktik.", "Foto dan ambil SIM."):
        StepFactory(service=sim, text=text)
    FeeFactory(service=sim, label="Penerbitan SIM A baru", amount=120_000, legal_basis="PP 76 Tahun 2020")
    FeeFactory(service=sim, label="Formulir pendaftaran", amount=0)
    sim.prerequisites.add(ktp)
    record_revision(sim, None, "Publikasi awal")

    overdue = ServiceFactory(
        name="Perpanjangan STNK", slug="perpanjangan-stnk", category=driving, agency=police,
        verified_at=now - timedelta(days=400), review_interval_days=180,
    )
    StepFactory(service=overdue, text="Bayar pajak kendaraan di Samsat.")

    return Catalog(category=driving, other_category=civil, agency=police, service=sim,
                   prerequisite=ktp, variant=variant, overdue=overdue)
