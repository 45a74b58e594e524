"""Open data: catalog export and import, the Mall Pelayanan Publik shape, and the commands."""

import copy
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django.core.management import CommandError, call_command

from layanan.accounts.tests.factories import UserFactory
from layanan.audit.models import AuditEntry
from layanan.catalog.models import (
    Agency,
    Category,
    LegalBasis,
    Region,
    Service,
    ServiceChannel,
    ServiceRevision,
)
from layanan.catalog.services import mpp
from layanan.catalog.services.open_data import (
    CatalogImportError,
    UnknownFormatError,
    export_catalog,
    import_catalog,
    import_mpp,
)
from layanan.catalog.tests.factories import (
    AgencyFactory,
    CategoryFactory,
    FeeFactory,
    RegionFactory,
    RequirementFactory,
    ServiceFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_command_output():
    """Commands print in the active language (Indonesian by default); these tests read the English msgids."""
    with translation.override("en"):
        yield

VERIFIED = datetime(2025, 3, 4, 5, 6, 7, 890000, tzinfo=UTC)


def build_catalog():
    """A small catalog that uses every part of the format."""
    bali = RegionFactory(code="51", name="Bali", level=Region.Level.PROVINCE)
    denpasar = RegionFactory(code="51.71", name="Kota Denpasar", level=Region.Level.CITY, parent=bali)
    category = CategoryFactory(
        slug="kependudukan", name="Kependudukan", name_en="Civil registration",
        description="KTP-el dan KK", description_en="ID cards", position=2,
    )
    other = CategoryFactory(slug="berkendara", name="Berkendara", name_en="Driving", position=1)
    ministry = AgencyFactory(
        slug="ditjen-dukcapil", name="Ditjen Dukcapil", short_name="Dukcapil", level=Agency.Level.NATIONAL,
        website="https://dukcapil.kemendagri.go.id",
        contact_channels=[{"kind": "phone", "label": "Halo Dukcapil", "value": "1500537"}],
        review_interval_days=90,
    )
    local = AgencyFactory(
        slug="disdukcapil-denpasar", name="Disdukcapil Kota Denpasar", level=Agency.Level.LOCAL,
        parent=ministry, region=denpasar, description="Dinas kependudukan",
    )
    police = AgencyFactory(slug="polri", name="Polri", level=Agency.Level.NATIONAL)
    bpjs = ServiceFactory(slug="bpjs-aktif", name="Kepesertaan BPJS", category=other, agency=police,
                          verified_at=None)
    ktp = ServiceFactory(
        slug="ktp-el", name="KTP-el", category=category, agency=ministry, verified_at=VERIFIED,
        keywords="ktp, e-ktp", duration_min=1, duration_max=14,
        duration_unit=Service.DurationUnit.WORKING_DAYS,
        duration_text="1–14 hari kerja", product="KTP-el", complaint_handling="SP4N-LAPOR!",
        online_url="https://dukcapil.kemendagri.go.id", sk_number="SK 1/2024", facilities="Ruang tunggu",
        sources=[{"title": "Perpres 96/2018", "url": "https://peraturan.go.id/", "confidence": "V"}],
        verification_notes="Cek ulang blangko", review_interval_days=30,
    )
    ktp.prerequisites.add(bpjs)
    RequirementFactory(service=ktp, text="Kartu Keluarga", note="Fotokopi", position=0)
    RequirementFactory(service=ktp, text="Formulir F-1.02", form="asli", unverified=True, position=1)
    StepFactory(service=ktp, text="Datang ke Disdukcapil", position=0)
    StepFactory(service=ktp, text="Perekaman biometrik", position=1)
    FeeFactory(
        service=ktp, label="Penerbitan", amount=0, condition="Tidak dipungut biaya", legal_basis="UU 24/2013"
    )
    FeeFactory(service=ktp, label="Legalisir", amount=5000, unverified=True, position=1)
    ServiceChannel.objects.create(
        service=ktp, purpose=ServiceChannel.Purpose.DELIVERY, kind=ServiceChannel.Kind.OFFICE,
        name="Kantor Disdukcapil", value="Jl. Contoh 1", opening_hours="08.00–15.00",
    )
    LegalBasis.objects.create(service=ktp, title="UU 24/2013", url="https://peraturan.go.id/uu-24-2013")
    ServiceFactory(
        slug="ktp-el-denpasar", name="KTP-el di Kota Denpasar", category=category, agency=local,
        region=denpasar, variant_of=ktp, verified_at=VERIFIED, status=Service.Status.DRAFT,
    )
    return ktp


def empty_catalog():
    Service.objects.all().delete()
    Agency.objects.all().delete()
    Category.objects.all().delete()
    Region.objects.filter(parent__isnull=False).delete()
    Region.objects.all().delete()


def without_timestamp(data):
    return {k: v for k, v in data.items() if k != "exported_at"}


def service_doc(**overrides):
    doc = {
        "slug": "layanan-baru", "name": "Layanan baru", "summary": "Ringkasan.", "status": "published",
        "category": "kependudukan", "agency": "ditjen-dukcapil", "region": None,
        "variant_of": None, "prerequisites": [],
        "requirements": [{"text": "KTP", "note": "", "form": "fotokopi", "unverified": False}],
        "steps": ["Datang"], "fees": [{"label": "Biaya", "amount": 0}],
    }
    doc.update(overrides)
    return doc


def catalog_file(**sections):
    return {"format": "layanan-catalog", "version": 1, **sections}


# --- Export and round trip ---------------------------------------------------

def test_export_lists_every_record_in_a_stable_order():
    build_catalog()
    data = export_catalog()
    assert data["format"] == "layanan-catalog" and data["version"] == 1
    assert datetime.fromisoformat(data["exported_at"])
    assert [r["code"] for r in data["regions"]] == ["51", "51.71"]
    assert data["regions"][1] == {"code": "51.71", "name": "Kota Denpasar", "level": "kota", "parent": "51"}
    assert [c["slug"] for c in data["categories"]] == ["berkendara", "kependudukan"]
    assert [a["slug"] for a in data["agencies"]] == ["disdukcapil-denpasar", "ditjen-dukcapil", "polri"]
    local = data["agencies"][0]
    assert local["parent"] == "ditjen-dukcapil" and local["region"] == "51.71"
    assert [s["slug"] for s in data["services"]] == ["bpjs-aktif", "ktp-el", "ktp-el-denpasar"]
    ktp = data["services"][1]
    assert ktp["verified_at"] == VERIFIED.isoformat()
    assert ktp["prerequisites"] == ["bpjs-aktif"]
    assert [f["amount"] for f in ktp["fees"]] == [0, 5000]
    assert data["services"][2]["variant_of"] == "ktp-el"
    assert without_timestamp(export_catalog()) == without_timestamp(data)
    json.dumps(data)  # JSON-ready as it is


def test_export_imported_into_an_empty_database_gives_the_same_export():
    build_catalog()
    original = json.loads(json.dumps(export_catalog()))
    empty_catalog()
    assert not Service.objects.exists() and not Region.objects.exists()

    report = import_catalog(copy.deepcopy(original))

    assert report.errors == []
    assert report.counts["services"]["created"] == 3
    assert report.counts["regions"]["created"] == 2
    assert report.counts["agencies"]["created"] == 3
    assert without_timestamp(export_catalog()) == without_timestamp(original)
    assert Service.objects.get(slug="ktp-el").verified_at == VERIFIED
    assert Service.objects.get(slug="bpjs-aktif").verified_at is None


def test_every_imported_service_gets_one_revision_with_the_import_note():
    build_catalog()
    data = export_catalog()
    empty_catalog()
    user = UserFactory()

    import_catalog(data, author=user, change_note="Impor awal")

    revisions = ServiceRevision.objects.filter(service__slug="ktp-el")
    assert [(r.number, r.change_note, r.author) for r in revisions] == [(1, "Impor awal", user)]
    assert revisions[0].document["prerequisites"] == ["bpjs-aktif"]
    assert AuditEntry.objects.filter(action="service.import").count() == 3


def test_importing_the_same_file_again_changes_nothing():
    build_catalog()
    data = export_catalog()
    before = ServiceRevision.objects.count()
    ktp_updated_at = Service.objects.get(slug="ktp-el").updated_at

    report = import_catalog(data)

    assert (report.created, report.updated, report.rejected) == (0, 0, 0)
    assert report.unchanged == 2 + 2 + 3 + 3
    assert ServiceRevision.objects.count() == before
    assert Service.objects.get(slug="ktp-el").updated_at == ktp_updated_at


# --- Updates -----------------------------------------------------------------

def test_update_by_slug_records_a_revision_and_takes_verified_at_from_the_file():
    build_catalog()
    data = export_catalog()
    doc = next(s for s in data["services"] if s["slug"] == "ktp-el")
    doc["name"] = "KTP elektronik"
    doc["requirements"] = [{"text": "Kartu Keluarga terbaru", "note": "", "form": "", "unverified": False}]
    doc["verified_at"] = "2025-06-01T10:00:00+07:00"

    report = import_catalog(catalog_file(services=[doc]), change_note="Perbarui syarat")

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    service = Service.objects.get(slug="ktp-el")
    assert service.name == "KTP elektronik"
    assert service.verified_at == datetime(2025, 6, 1, 3, 0, tzinfo=UTC)
    revision = service.revisions.get()
    assert revision.change_note == "Perbarui syarat"
    assert revision.document["name"] == "KTP elektronik"
    assert [r["text"] for r in revision.document["requirements"]] == ["Kartu Keluarga terbaru"]
    assert revision.document["prerequisites"] == ["bpjs-aktif"]
    assert AuditEntry.objects.get(action="service.import").target_id == str(service.pk)


def test_update_without_verified_at_keeps_the_recorded_verification():
    build_catalog()
    doc = service_doc(slug="ktp-el", name="KTP-el (diperbarui)", prerequisites=["bpjs-aktif"])

    report = import_catalog(catalog_file(services=[doc]))

    assert report.updated == 1
    assert Service.objects.get(slug="ktp-el").verified_at == VERIFIED


def test_a_change_of_links_only_counts_as_an_update():
    build_catalog()
    data = export_catalog()
    doc = next(s for s in data["services"] if s["slug"] == "ktp-el")
    doc["prerequisites"] = []

    report = import_catalog(catalog_file(services=[doc]))

    assert report.updated == 1
    service = Service.objects.get(slug="ktp-el")
    assert not service.prerequisites.exists()
    assert service.revisions.get().document["prerequisites"] == []


# --- Rejected records --------------------------------------------------------

def test_bad_records_are_rejected_with_position_and_reason_while_good_ones_import():
    build_catalog()
    data = catalog_file(
        regions=[
            {"code": "52", "name": "Nusa Tenggara Barat", "level": "provinsi", "parent": None},
            {"code": "99.01", "name": "Tidak ada induk", "level": "kota", "parent": "99"},
        ],
        categories=[{"slug": "bansos", "name": "Bantuan Sosial", "name_en": "Social aid"}, "bukan objek"],
        agencies=[
            {"slug": "dinsos", "name": "Dinas Sosial", "level": "kabupaten-kota", "region": "52"},
            {"slug": "salah-level", "name": "Instansi", "level": "desa"},
        ],
        services=[
            service_doc(slug="baik-1"),
            service_doc(slug="tanpa-kategori", category=None),
            service_doc(slug="biaya-negatif", fees=[{"label": "Biaya", "amount": -5}]),
            service_doc(slug="nama-panjang", name="x" * 201),
            service_doc(slug="induk-hilang", variant_of="tidak-ada"),
            service_doc(
                slug="baik-2", category="bansos", agency="dinsos", region="52", prerequisites=["baik-1"]
            ),
            service_doc(slug="baik-1"),
        ],
    )

    with translation.override("id"):  # reasons are written in the language of whoever imports
        report = import_catalog(data)

    rejected = {e.position: e for e in report.errors}
    assert set(rejected) == {
        "regions[1]", "categories[1]", "agencies[1]",
        "services[1]", "services[2]", "services[3]", "services[4]", "services[6]",
    }
    assert "Wilayah induk '99' tidak ditemukan" in rejected["regions[1]"].reason
    assert "objek JSON" in rejected["categories[1]"].reason
    assert rejected["agencies[1]"].label == "salah-level" and "level" in rejected["agencies[1]"].reason
    assert "Kolom 'category' wajib diisi" in rejected["services[1]"].reason
    assert "fees[0].amount" in rejected["services[2]"].reason
    assert "terlalu panjang" in rejected["services[3]"].reason
    assert "tidak-ada" in rejected["services[4]"].reason
    assert "muncul lebih dari sekali" in rejected["services[6]"].reason
    assert str(rejected["services[1]"]).startswith("services[1] (tanpa-kategori): ")
    assert report.rejected == 8
    assert report.counts["services"]["created"] == 2

    assert set(Service.objects.values_list("slug", flat=True)) == {
        "bpjs-aktif", "ktp-el", "ktp-el-denpasar", "baik-1", "baik-2",
    }
    assert list(Service.objects.get(slug="baik-2").prerequisites.values_list("slug", flat=True)) == ["baik-1"]
    assert Agency.objects.get(slug="dinsos").region.code == "52"
    assert not Region.objects.filter(code="99.01").exists()
    assert not ServiceRevision.objects.filter(service__slug__in=["induk-hilang", "biaya-negatif"]).exists()


def test_a_service_linking_to_a_rejected_service_is_rejected_and_undone():
    build_catalog()
    data = export_catalog()
    ktp = next(s for s in data["services"] if s["slug"] == "ktp-el")
    ktp["name"] = "Nama baru yang tidak boleh tersimpan"
    ktp["prerequisites"] = ["baru-tapi-rusak"]
    broken = service_doc(slug="baru-tapi-rusak", agency="tidak-ada")
    chained = service_doc(slug="baru-berantai", variant_of="ktp-el")

    report = import_catalog(catalog_file(services=[ktp, broken, chained]))

    assert {e.position for e in report.errors} == {"services[0]", "services[1]"}
    assert Service.objects.get(slug="ktp-el").name == "KTP-el"
    ktp_now = Service.objects.get(slug="ktp-el")
    assert list(ktp_now.prerequisites.values_list("slug", flat=True)) == ["bpjs-aktif"]
    assert Service.objects.get(slug="baru-berantai").variant_of.slug == "ktp-el"
    assert not Service.objects.get(slug="ktp-el").revisions.exists()


def test_a_parent_cycle_is_rejected_instead_of_looping():
    data = catalog_file(regions=[
        {"code": "71", "name": "A", "level": "provinsi", "parent": "72"},
        {"code": "72", "name": "B", "level": "provinsi", "parent": "71"},
        {"code": "73", "name": "C", "level": "provinsi", "parent": None},
    ])

    report = import_catalog(data)

    assert {e.position for e in report.errors} == {"regions[0]", "regions[1]"}
    assert list(Region.objects.values_list("code", flat=True)) == ["73"]


def test_children_may_come_before_their_parents_in_the_file():
    data = catalog_file(
        regions=[
            {"code": "51.71", "name": "Kota Denpasar", "level": "kota", "parent": "51"},
            {"code": "51", "name": "Bali", "level": "provinsi", "parent": None},
        ],
        agencies=[
            {"slug": "anak", "name": "Anak", "level": "unit", "parent": "induk", "region": "51.71"},
            {"slug": "induk", "name": "Induk", "level": "pusat"},
        ],
    )

    report = import_catalog(data)

    assert report.errors == []
    assert Region.objects.get(code="51.71").parent.code == "51"
    assert Agency.objects.get(slug="anak").parent.slug == "induk"


@pytest.mark.parametrize("data", [
    {"format": "something-else", "version": 1},
    {"format": "layanan-catalog", "version": 2},
    {"format": "layanan-catalog", "version": 1, "services": {"slug": "x"}},
    [1, 2, 3],
    "text",
])
def test_data_of_an_unknown_shape_is_refused_as_a_whole(data):
    with pytest.raises(UnknownFormatError):
        import_catalog(data)


def test_progress_is_reported_for_every_record():
    build_catalog()
    data = export_catalog()
    calls = []

    import_catalog(data, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(n, 10) for n in range(1, 11)]


# --- Mall Pelayanan Publik shape ---------------------------------------------

def mpp_record(**overrides):
    """One record shaped like an MPP export, quirks included."""
    record = {
        "jenis_instansi": "Perizinan",
        "nama_layanan": "IZIN USAHA TOKO MODERN",
        "instansi_penyelenggara": "Dinas Penanaman Modal dan PTSP Kota Contoh",
        "persyaratan": " Fotokopi KTP pemohon  | NIB  | Surat pernyataan;  4. Denah lokasi   5. Bukti setor",
        "waktu_penyelesaian": "7  Hari",
        "tarif_pelayanan": "Gratis",
        "prosedur": " Pemohon login ke OSS  | Pemohon mengisi data   | Petugas memverifikasi  4. Izin terbit",
        "produk_layanan": "NIB dan Sertifikat Standar",
        "pengaduan": "Email : pengaduan@contoh.go.id  Telp : (0361) 123456  Website : www.contoh.go.id",
        "dasar_hukum": (
            "1. PP. 5 Tahun 2021, Tentang Perizinan Berusaha.  2. Perda Kota Contoh No. 1 Tahun 2022"
        ),
        "sarana_prasarana": " Ruang tunggu  | Loket  | Toilet  4. Parkir",
        "komponen_pelaksana": "1Kompetensi pelaksana sesuai bidang tugas",
        "pengawasan_internal": "Pengawasan oleh atasan langsung",
        "jumlah_pelaksana": "Jumlah pelaksana 5 orang",
        "jaminan_pelayanan": "Pelayanan sesuai SOP",
        "jaminan_keamanan": "Tanda Tangan Elektronik",
    }
    record.update(overrides)
    return record


@pytest.fixture
def denpasar():
    bali = RegionFactory(code="51", name="Bali", level=Region.Level.PROVINCE)
    return RegionFactory(code="51.71", name="Kota Denpasar", level=Region.Level.CITY, parent=bali)


@pytest.fixture
def mpp_records():
    return [
        mpp_record(),
        mpp_record(
            jenis_instansi="Instansi Vertikal", nama_layanan="PELAYANAN PASPOR BARU",
            instansi_penyelenggara="Imigrasi",
            tarif_pelayanan="Rp. 350.000 (Tiga Ratus Lima Puluh Ribu Rupiah)",
            waktu_penyelesaian="3 Hari", persyaratan="KTP | KK | Akta kelahiran",
        ),
        mpp_record(nama_layanan="LAYANAN TANPA INSTANSI", instansi_penyelenggara="  "),
    ]


def test_mpp_records_become_services_and_a_bad_one_is_rejected_with_its_position(denpasar, mpp_records):
    report = import_mpp(mpp_records, region_code="51.71")

    assert report.format == "mpp"
    assert [(e.position, e.label) for e in report.errors] == [("[2]", "LAYANAN TANPA INSTANSI")]
    assert "instansi_penyelenggara" in report.errors[0].reason
    assert report.counts["services"]["created"] == 2
    assert report.counts["agencies"]["created"] == 2

    agency = Agency.objects.get(slug="dinas-penanaman-modal-dan-ptsp-kota-contoh")
    assert agency.level == Agency.Level.LOCAL and agency.region == denpasar
    service = Service.objects.get(agency=agency)
    assert service.slug == "izin-usaha-toko-modern-dinas-penanaman-modal-dan-ptsp-kota"
    assert service.region == denpasar and service.category.slug == "usaha-dan-perizinan"
    assert [r.text for r in service.requirements.all()] == [
        "Fotokopi KTP pemohon", "NIB", "Surat pernyataan", "Denah lokasi", "Bukti setor",
    ]
    assert [s.text for s in service.steps.all()][-1] == "Izin terbit"
    assert (service.duration_min, service.duration_max, service.duration_unit) == (7, 7, "hari")
    assert service.duration_text == "7 Hari"
    assert [(f.amount, f.unverified) for f in service.fees.all()] == [(0, False)]
    assert [b.title for b in service.legal_bases.all()] == [
        "PP. 5 Tahun 2021, Tentang Perizinan Berusaha.", "Perda Kota Contoh No. 1 Tahun 2022",
    ]
    assert service.facilities == "Ruang tunggu\nLoket\nToilet\nParkir"
    assert service.staff_competence == "Kompetensi pelaksana sesuai bidang tugas"
    assert {(c.kind, c.value) for c in service.channels.all()} == {
        ("email", "pengaduan@contoh.go.id"), ("online", "http://www.contoh.go.id"),
    }
    assert service.verified_at is None and service.revisions.count() == 1

    passport = Service.objects.get(slug="pelayanan-paspor-baru-imigrasi")
    assert [(f.amount, f.condition) for f in passport.fees.all()] == [(350000, "")]
    assert passport.category.slug == "paspor-dan-imigrasi"


def test_importing_an_mpp_list_again_changes_nothing(denpasar, mpp_records):
    import_mpp(mpp_records, region_code="51.71")
    revisions = ServiceRevision.objects.count()

    report = import_mpp(mpp_records, region_code="51.71")

    assert report.counts["services"]["unchanged"] == 2 and report.created == 0 and report.updated == 0
    assert ServiceRevision.objects.count() == revisions


def test_mpp_records_with_the_same_name_and_agency_get_numbered_slugs():
    report = import_mpp([mpp_record(), mpp_record(persyaratan="Lain")])

    assert report.errors == []
    assert sorted(Service.objects.values_list("slug", flat=True)) == [
        "izin-usaha-toko-modern-dinas-penanaman-modal-dan-ptsp-kota",
        "izin-usaha-toko-modern-dinas-penanaman-modal-dan-ptsp-kota-2",
    ]


def test_mpp_category_falls_back_to_lainnya_and_reuses_existing_categories():
    CategoryFactory(slug="pajak", name="Pajak")
    records = [
        mpp_record(nama_layanan="PEMBUKAAN REKENING", instansi_penyelenggara="Bank Daerah"),
        mpp_record(nama_layanan="NPWP BADAN", instansi_penyelenggara="Kantor Pajak"),
        mpp_record(nama_layanan="", instansi_penyelenggara="Bank Daerah"),
    ]

    report = import_mpp(records)

    assert [e.position for e in report.errors] == ["[2]"]
    assert "nama_layanan" in report.errors[0].reason
    assert Service.objects.get(name="PEMBUKAAN REKENING").category.slug == "lainnya"
    assert Category.objects.get(slug="lainnya").name_en == "Other"
    assert Service.objects.get(name="NPWP BADAN").category.slug == "pajak"
    assert Service.objects.get(name="NPWP BADAN").region is None


def test_an_mpp_list_passed_to_import_catalog_is_recognised():
    report = import_catalog([mpp_record()])

    assert report.format == "mpp" and report.created >= 1


def test_an_unknown_region_code_stops_an_mpp_import_before_writing():
    with pytest.raises(CatalogImportError):
        import_mpp([mpp_record()], region_code="99.99")
    assert not Service.objects.exists()


@pytest.mark.parametrize("text, amount, condition, unverified", [
    ("Gratis", 0, "", False),
    ("Tidak dipungut biaya", 0, "", False),
    ("Rp 0", 0, "", False),
    ("Gratis, termasuk penerbitan NIB.", 0, "termasuk penerbitan NIB", False),
    ("Rp.30.000 (Tiga Puluh Ribu Rupiah) PNBP", 30000, "PNBP", False),
    ("Rp 1.500.000,-", 1500000, "", False),
    ("Mengacu pada peraturan terkait", 0, "Mengacu pada peraturan terkait", True),
    ("| Daya 450/WA937 | Daya 900 Rp/WA937", 0, "| Daya 450/WA937 | Daya 900 Rp/WA937", True),
    ("Rp 10.000 atau Rp 20.000", 0, "Rp 10.000 atau Rp 20.000", True),
])
def test_mpp_fees_become_rupiah_amounts_only_when_clearly_stated(text, amount, condition, unverified):
    fees, note = mpp.parse_fees(text)

    assert [(f["amount"], f["condition"], f["unverified"]) for f in fees] == [(amount, condition, unverified)]
    assert bool(note) == unverified


def test_mpp_without_a_fee_text_has_no_fee():
    assert mpp.parse_fees(" - ") == ([], "")


@pytest.mark.parametrize("text, expected", [
    ("7  Hari", (7, 7, "hari")),
    ("1 Hari Kerja", (1, 1, "hari-kerja")),
    ("10 (sepuluh) hari kerja", (10, 10, "hari-kerja")),
    ("30 Menit", (30, 30, "menit")),
    ("75Hari", (75, 75, "hari")),
    ("Langsung saat itu juga", (None, None, "")),
    ("15 Hari (sesuai OSS)  14 Hari (sesuai perwali)", (None, None, "")),
])
def test_mpp_durations_are_structured_only_when_unambiguous(text, expected):
    duration = mpp.parse_duration(text)

    assert (duration["min"], duration["max"], duration["unit"]) == expected
    assert duration["text"] == " ".join(text.split())


def test_mpp_list_items_survive_mangled_numbering_and_long_sub_lists():
    text = (
        " Lokasi  | Jenis limbah  | Jumlah  4. Karakteristik   10. Lingkup area  1 |"
        "  Surat kesepakatan  1| Uraian"
    )
    assert mpp.split_items(text) == [
        "Lokasi", "Jenis limbah", "Jumlah", "Karakteristik", "Lingkup area", "Surat kesepakatan", "Uraian",
    ]
    long = "Pembukaan kantor cabang   a. " + "syarat pertama " * 20 + "  b. syarat kedua"
    items = mpp.split_items(long, max_length=120)
    assert items[0] == "Pembukaan kantor cabang"
    assert items[1].startswith("a. syarat pertama") and items[1].endswith("…")
    assert items[-1] == "b. syarat kedua"
    assert all(len(item) <= 120 for item in items)


# --- Commands ----------------------------------------------------------------

def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_export_command_writes_json_to_stdout_or_to_a_file(tmp_path):
    build_catalog()

    data = json.loads(run("export_catalog"))
    assert [s["slug"] for s in data["services"]] == ["bpjs-aktif", "ktp-el", "ktp-el-denpasar"]

    target = tmp_path / "katalog.json"
    output = run("export_catalog", str(target))
    assert "3 services" in output
    assert without_timestamp(json.loads(target.read_text(encoding="utf-8"))) == without_timestamp(data)


def test_import_command_prints_progress_rejections_and_a_summary(tmp_path):
    build_catalog()
    data = export_catalog()
    empty_catalog()
    data["services"].append(service_doc(slug="rusak", category="tidak-ada"))
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    output = run("import_catalog", str(path), "--note", "Impor dari berkas")

    assert "(layanan-catalog" in output
    assert "11/11" in output and "(100%)" in output
    reason = gettext("Category '%(slug)s' was not found.") % {"slug": "tidak-ada"}
    assert f"services[3] (rusak): {reason}" in output
    assert output.strip().splitlines()[-1].endswith("10 created, 0 updated, 0 unchanged, 1 rejected.")
    assert Service.objects.count() == 3
    assert ServiceRevision.objects.filter(change_note="Impor dari berkas").count() == 3


def test_import_command_reads_an_mpp_list_into_a_region(tmp_path, denpasar, mpp_records):
    path = tmp_path / "mpp.json"
    path.write_text(json.dumps(mpp_records), encoding="utf-8")

    output = run("import_catalog", str(path), "--region", "51.71", "--progress-every", "50")

    assert "(mpp" in output
    assert "2/3 records (66%)" in output and "3/3" in output and "1/3" not in output
    reason = gettext("Field '%(field)s' is required.") % {"field": "instansi_penyelenggara"}
    assert f"[2] (LAYANAN TANPA INSTANSI): {reason}" in output
    assert "1 rejected." in output.splitlines()[-1]
    assert Service.objects.filter(region=denpasar).count() == 2


def test_import_command_reports_rejections_in_indonesian_by_default(tmp_path, mpp_records):
    build_catalog()
    data = export_catalog()
    empty_catalog()
    data["services"].append(service_doc(slug="rusak", category="tidak-ada"))
    catalog_path, mpp_path = tmp_path / "katalog.json", tmp_path / "mpp.json"
    catalog_path.write_text(json.dumps(data), encoding="utf-8")
    mpp_path.write_text(json.dumps(mpp_records), encoding="utf-8")

    with translation.override("id"):
        catalog_output = run("import_catalog", str(catalog_path))
        mpp_output = run("import_catalog", str(mpp_path), "--region", "51.71")

    assert "services[3] (rusak): Kategori 'tidak-ada' tidak ditemukan." in catalog_output
    assert "[2] (LAYANAN TANPA INSTANSI): Kolom 'instansi_penyelenggara' wajib diisi." in mpp_output


@pytest.mark.parametrize("content, message", [
    (None, "Cannot read"),
    (b"{not json", "is not a JSON file"),
    (b"\xff\xfe\x00", "is not a JSON file"),
    (b'{"format": "lain"}', "format"),
    (b"[]", "Unknown data shape"),
])
def test_import_command_fails_when_the_file_itself_is_unusable(tmp_path, content, message):
    path = tmp_path / "data.json"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run("import_catalog", str(path))
    assert not Service.objects.exists()


def test_import_command_fails_on_an_unknown_region(tmp_path):
    path = tmp_path / "mpp.json"
    path.write_text(json.dumps([mpp_record()]), encoding="utf-8")

    with pytest.raises(CommandError, match="99.99"):
        run("import_catalog", str(path), "--region", "99.99")
