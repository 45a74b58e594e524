"""Fixtures for search tests: a small catalog indexed the way production
indexes it (through the registry, after the transaction commits)."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from layanan.catalog.models import Region
from layanan.catalog.tests.factories import (
    AgencyFactory,
    CategoryFactory,
    FeeFactory,
    RequirementFactory,
    ServiceFactory,
)
from layanan.search.registry import IndexedDocument

# (slug, name, summary, requirements, agency key, category key, keywords)
CORPUS = [
    ("ktp-baru", "KTP-el baru",
     "Perekaman dan penerbitan KTP elektronik untuk penduduk yang berusia 17 tahun.",
     ["Fotokopi Kartu Keluarga"], "dukcapil", "kependudukan", ""),
    ("ktp-hilang", "KTP-el hilang atau rusak",
     "Penggantian KTP elektronik yang hilang atau rusak.",
     ["Surat keterangan kehilangan dari kepolisian"], "dukcapil", "kependudukan", ""),
    ("kk-baru", "Kartu Keluarga baru",
     "Penerbitan kartu keluarga untuk keluarga baru setelah menikah.",
     ["Buku nikah"], "dukcapil", "kependudukan", ""),
    ("akta-kelahiran", "Akta kelahiran",
     "Pencatatan kelahiran dan penerbitan akta kelahiran anak.",
     ["Surat keterangan lahir dari rumah sakit"], "dukcapil", "kependudukan", ""),
    ("perpanjangan-sim-c", "Perpanjangan SIM C",
     "Perpanjangan surat izin mengemudi golongan C sebelum masa berlakunya habis.",
     ["SIM C lama"], "polri", "berkendara", ""),
    ("perpanjangan-sim-a", "Perpanjangan SIM A",
     "Perpanjangan surat izin mengemudi golongan A untuk mobil.",
     ["SIM A lama"], "polri", "berkendara", ""),
    ("skck", "SKCK",
     "Penerbitan surat keterangan catatan kepolisian untuk melamar pekerjaan.",
     ["Pas foto"], "polri", "keamanan", ""),
    ("paspor-baru", "Paspor baru",
     "Permohonan paspor biasa untuk perjalanan ke luar negeri.",
     ["KTP-el", "Akta kelahiran"], "imigrasi", "perjalanan", ""),
    ("lapor-spt", "Lapor SPT Tahunan PPh 21",
     "Pelaporan SPT 1770 SS untuk karyawan lewat e-Filing; perlu EFIN.",
     ["Bukti potong 1721-A1"], "djp", "pajak", ""),
    ("pbg", "Persetujuan Bangunan Gedung",
     "Izin untuk mendirikan atau mengubah gedung, pengganti IMB.",
     ["Gambar rencana bangunan"], "pemda", "usaha", "izin bangunan"),
]


@pytest.fixture
def index_now(django_capture_on_commit_callbacks):
    """Run the index updates a block of code schedules, as a commit would."""
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)
    return run


@pytest.fixture
def corpus(db, index_now):
    """The CORPUS services, indexed; returns {slug: Service}."""
    def build():
        agencies = {
            "dukcapil": AgencyFactory(slug="dukcapil", name="Dinas Kependudukan dan Pencatatan Sipil"),
            "polri": AgencyFactory(slug="polri", name="Kepolisian Negara Republik Indonesia"),
            "imigrasi": AgencyFactory(slug="imigrasi", name="Direktorat Jenderal Imigrasi"),
            "djp": AgencyFactory(slug="djp", name="Direktorat Jenderal Pajak"),
            "pemda": AgencyFactory(slug="pemda", name="Pemerintah Kota Contoh"),
        }
        categories = {}
        services = {}
        for slug, name, summary, requirements, agency, category, keywords in CORPUS:
            if category not in categories:
                categories[category] = CategoryFactory(slug=category, name=category.title())
            service = ServiceFactory(
                slug=slug, name=name, summary=summary, agency=agencies[agency],
                category=categories[category], keywords=keywords,
            )
            for text in requirements:
                RequirementFactory(service=service, text=text)
            services[slug] = service
        FeeFactory(service=services["perpanjangan-sim-c"], label="Biaya perpanjangan SIM C", amount=75000)
        return services
    return index_now(build)


@pytest.fixture
def region_jepara(db):
    province = Region.objects.create(code="33", name="Jawa Tengah", level=Region.Level.PROVINCE)
    return Region.objects.create(code="33.20", name="Kabupaten Jepara", level=Region.Level.REGENCY,
                                 parent=province)


def make_document(doc_id, title, *, summary="", body="", official=False, verified_days_ago=None,
                  doc_type="article", agency="contoh", category="umum", region=None):
    """An IndexedDocument for tests that index documents directly."""
    now = timezone.now()
    return IndexedDocument(
        type=doc_type, id=doc_id, title=title, summary=summary, body=body,
        url=f"/contoh/{doc_id}/", agency_slug=agency, agency_name=agency.title(),
        category_slug=category, category_name=category.title(), region_code=region,
        official=official,
        verified_at=None if verified_days_ago is None else now - timedelta(days=verified_days_ago),
        updated_at=now,
    )


COMMON_WORDS = ["Persyaratan", "formulir", "fotokopi", "kantor", "pelayanan", "warga", "informasi", "umum"]


def index_varied_catalog(seed: int, size: int = 160) -> None:
    """`size` documents of varied length and boosts, with KTP, "hilang" and
    "kartu keluarga" in their titles, summaries or bodies, indexed one by
    one: enough common words for the SQLite top lists and postings once
    their thresholds are lowered."""
    from layanan.search.services.indexing import index_document

    rng = random.Random(seed)
    for i in range(1, size + 1):
        title = " ".join(filter(None, [
            rng.choice(["Penggantian", "Pembuatan", "Perpanjangan"]),
            rng.choice(["KTP elektronik", "KTP", "kartu keluarga", "akta"]),
            "yang hilang" if rng.random() < 0.3 else "", f"nomor {i}",
        ]))
        body = " ".join(rng.choice(COMMON_WORDS + ["KTP", "hilang", "kartu keluarga", "KTP KTP"])
                        for _ in range(rng.randint(3, 40)))
        index_document(make_document(
            i, title, summary=rng.choice(["Layanan KTP.", "Layanan kartu keluarga.", "Layanan umum."]), body=body,
            official=rng.random() < 0.3, verified_days_ago=rng.choice([None, 10, 400]),
            doc_type=rng.choice(["service", "article"]),
        ))
