"""`manage.py import_faq`: an agency's FAQ file becomes knowledge articles."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from layanan.audit.models import AuditEntry
from layanan.catalog.models import Agency
from layanan.catalog.tests.factories import AgencyFactory, CategoryFactory, ServiceFactory
from layanan.knowledge.models import Article

pytestmark = pytest.mark.django_db


def run(path, *args, **options):
    """Run the command in English: the assertions read its (translated) messages."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_faq", str(path), *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write_csv(tmp_path, text, name="faq.csv", newline="\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


SIMPLE_CSV = """question,answer,category
Bagaimana cara membuat paspor baru?,"Daftar antrean lewat aplikasi **M-Paspor**, lalu datang ke kantor imigrasi.",Paspor
Berapa biaya paspor elektronik?,Biaya paspor elektronik 10 tahun adalah Rp650.000.,Paspor
"""


def test_csv_import_creates_published_articles_and_the_agency_by_name(tmp_path):
    out, err = run(write_csv(tmp_path, SIMPLE_CSV), agency="Direktorat Jenderal Imigrasi")
    agency = Agency.objects.get(name="Direktorat Jenderal Imigrasi")
    assert agency.slug == "direktorat-jenderal-imigrasi"
    assert agency.level == Agency.Level.NATIONAL
    articles = Article.objects.filter(agency=agency).order_by("title")
    assert [a.title for a in articles] == [
        "Bagaimana cara membuat paspor baru?", "Berapa biaya paspor elektronik?"]
    first = articles[0]
    assert first.status == Article.Status.PUBLISHED
    assert first.published_at is not None and first.verified_at is not None
    assert first.kind == Article.Kind.FAQ
    assert "<strong>M-Paspor</strong>" in first.body_html
    assert first.category is None and first.category_label == "Paspor"
    assert "2 created, 0 updated, 0 unchanged, 0 skipped, 0 with errors; published." in out
    assert err == ""
    assert AuditEntry.objects.filter(action="agency.create", agency_id=agency.pk).exists()
    assert AuditEntry.objects.get(action="knowledge.import_faq").data["created"] == 2


def test_existing_agency_is_found_by_slug_or_by_name_without_creating_another(tmp_path):
    agency = AgencyFactory(name="BPJS Kesehatan", slug="bpjs-kesehatan")
    path = write_csv(tmp_path, SIMPLE_CSV)
    run(path, agency="bpjs-kesehatan")
    run(path, agency="bpjs kesehatan")
    assert Agency.objects.count() == 1
    assert Article.objects.filter(agency=agency).count() == 2


def test_new_agency_level_can_be_chosen(tmp_path):
    run(write_csv(tmp_path, SIMPLE_CSV), agency="Disdukcapil Kota Denpasar", agency_level="kabupaten-kota")
    assert Agency.objects.get(slug="disdukcapil-kota-denpasar").level == Agency.Level.LOCAL


def test_json_import_reads_a_list_of_objects(tmp_path):
    service = ServiceFactory(slug="penerbitan-paspor")
    path = tmp_path / "faq.json"
    path.write_text(json.dumps([
        {"question": "Apa itu M-Paspor?", "answer": "Aplikasi antrean paspor.", "service": "penerbitan-paspor"},
        {"question": "Apakah paspor bisa diurus di luar domisili?", "answer": "Bisa, di kantor mana pun."},
    ]), encoding="utf-8")
    out, _ = run(path, agency="Imigrasi")
    article = Article.objects.get(title="Apa itu M-Paspor?")
    assert article.service == service
    assert article.is_published
    assert "2 created" in out


def test_draft_import_creates_unpublished_articles(tmp_path):
    out, _ = run(write_csv(tmp_path, SIMPLE_CSV), "--draft", agency="Imigrasi")
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert not Article.objects.filter(published_at__isnull=False).exists()
    assert not Article.objects.filter(verified_at__isnull=False).exists()
    assert "saved as drafts" in out


def test_draft_import_never_changes_a_published_article(tmp_path):
    path = write_csv(tmp_path, SIMPLE_CSV)
    run(path, agency="Imigrasi")
    changed = write_csv(tmp_path, SIMPLE_CSV.replace("Rp650.000", "Rp1.000.000"), name="changed.csv")
    out, _ = run(changed, "--draft", agency="Imigrasi")
    article = Article.objects.get(title="Berapa biaya paspor elektronik?")
    assert "Rp650.000" in article.body_markdown and article.is_published
    assert "1 skipped" in out
    assert "Line 3: the published article “Berapa biaya paspor elektronik?” differs" in out
    assert "Line 2" not in out  # unchanged entries are not reported


def test_reimport_updates_instead_of_duplicating_and_is_idempotent(tmp_path):
    path = write_csv(tmp_path, SIMPLE_CSV)
    run(path, agency="Imigrasi")
    slugs = set(Article.objects.values_list("slug", flat=True))
    out, _ = run(path, agency="Imigrasi")
    assert "0 created, 0 updated, 2 unchanged" in out
    assert set(Article.objects.values_list("slug", flat=True)) == slugs

    # Same questions with other case and spacing, one new answer: updated in place.
    edited = write_csv(tmp_path, SIMPLE_CSV.replace("Rp650.000", "Rp950.000").replace(
        "Berapa biaya paspor elektronik?", "berapa  biaya paspor elektronik"), name="edited.csv")
    out, _ = run(edited, agency="Imigrasi")
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Article.objects.count() == 2
    assert "Rp950.000" in Article.objects.get(slug__startswith="berapa-biaya").body_markdown


def test_same_question_for_another_agency_is_a_separate_article(tmp_path):
    path = write_csv(tmp_path, SIMPLE_CSV)
    run(path, agency="Kantor Imigrasi Denpasar")
    run(path, agency="Kantor Imigrasi Surabaya")
    assert Article.objects.count() == 4
    assert len(set(Article.objects.values_list("slug", flat=True))) == 4


def test_errors_name_the_spreadsheet_line_and_good_rows_still_import(tmp_path):
    ServiceFactory(slug="penerbitan-paspor")
    text = (
        "question,answer,service\n"                                   # line 1
        "Apa itu paspor?,Dokumen perjalanan resmi.,\n"                # line 2
        ',"Jawaban tanpa pertanyaan",\n'                              # line 3
        '"Apa syaratnya?","Baris pertama\nbaris kedua\nbaris ketiga",\n'  # line 4 (three lines in the file)
        "Pertanyaan tanpa jawaban,,\n"                                # line 5
        "Bagaimana cara daftar?,Lewat aplikasi.,layanan-tidak-ada\n"  # line 6
        "Berapa lama?,Tiga hari kerja.,penerbitan-paspor\n"           # line 7
    )
    out, err = run(write_csv(tmp_path, text), agency="Imigrasi")
    assert err.splitlines() == [
        "Line 3: the question is empty.",
        "Line 5: the answer is empty.",
        "Line 6: no service has the slug “layanan-tidak-ada”.",
    ]
    assert "3 created, 0 updated, 0 unchanged, 0 skipped, 3 with errors" in out
    assert Article.objects.get(title="Berapa lama?").service.slug == "penerbitan-paspor"
    assert Article.objects.get(title="Apa syaratnya?").body_markdown == "Baris pertama\nbaris kedua\nbaris ketiga"


def test_json_errors_name_the_entry_number(tmp_path):
    path = tmp_path / "faq.json"
    path.write_text(json.dumps([{"question": "Apa itu KK?", "answer": "Kartu keluarga."}, {"question": "Tanpa jawaban"}]))
    _, err = run(path, agency="Dukcapil")
    assert err.strip() == "Entry 2: the answer is empty."


def test_repeated_question_in_one_file_keeps_the_later_answer_with_a_warning(tmp_path):
    text = "question,answer\nApa itu JHT?,Jawaban lama.\nApa itu JHT?,Jawaban baru.\n"
    out, _ = run(write_csv(tmp_path, text), agency="BPJS Ketenagakerjaan")
    assert Article.objects.get().body_markdown == "Jawaban baru."
    assert "Line 3: the same question is on line 2" in out


def test_other_faq_exports_with_crlf_and_extra_columns_are_read(tmp_path):
    # The shape of a government FAQ export: topic and type columns, the answer's
    # source page in "answer_link", Windows line ends and a byte-order mark.
    text = (
        "\ufefftopic,category,question,answer_link,answer,type\n"
        "FAQ,M-Paspor,Bagaimana jika lupa kata sandi?,https://contoh.go.id/faq/lupa,"
        "\"Gunakan menu \"\"Lupa kata sandi\"\".\",faq\n"
        "FAQ,Visa,Apa itu visa kunjungan?,https://contoh.go.id/faq/visa,Izin tinggal singkat.,faq\n"
    )
    path = write_csv(tmp_path, text, newline="\r\n")
    out, err = run(path, agency="Imigrasi")
    assert err == ""
    assert "Ignored columns: topic, type." in out
    article = Article.objects.get(title="Bagaimana jika lupa kata sandi?")
    assert article.body_markdown == 'Gunakan menu "Lupa kata sandi".'
    assert article.source_url == "https://contoh.go.id/faq/lupa"
    assert article.category_label == "M-Paspor"
    assert "\r" not in article.title + article.body_markdown


def test_column_options_name_other_columns(tmp_path):
    text = "tanya,jawab\nApa itu NPWP?,Nomor pokok wajib pajak.\n"
    path = write_csv(tmp_path, text)
    with pytest.raises(CommandError, match="question"):
        run(path, agency="DJP")
    run(path, agency="DJP", question_column="tanya", answer_column="jawab")
    assert Article.objects.get().title == "Apa itu NPWP?"


def test_unknown_column_option_is_an_error_listing_the_columns(tmp_path):
    with pytest.raises(CommandError, match="Columns found: question, answer, category"):
        run(write_csv(tmp_path, SIMPLE_CSV), agency="DJP", question_column="pertanyaan")


def test_category_links_a_portal_category_or_keeps_the_agencys_label(tmp_path):
    portal = CategoryFactory(slug="perjalanan", name="Perjalanan", name_en="Travel")
    text = "question,answer,category\nApa itu paspor?,Dokumen.,perjalanan\nApa itu visa?,Izin.,\n"
    run(write_csv(tmp_path, text), agency="Imigrasi", category="Keimigrasian")
    linked = Article.objects.get(title="Apa itu paspor?")
    assert linked.category == portal and linked.category_label == ""
    defaulted = Article.objects.get(title="Apa itu visa?")
    assert defaulted.category is None and defaulted.category_label == "Keimigrasian"

    run(write_csv(tmp_path, "question,answer\nApa itu ITAS?,Izin tinggal terbatas.\n", name="b.csv"),
        agency="Imigrasi", category="Travel")
    assert Article.objects.get(title="Apa itu ITAS?").category == portal


def test_missing_file_and_broken_json_are_reported_without_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        run(tmp_path / "tidak-ada.csv", agency="X")
    broken = tmp_path / "rusak.json"
    broken.write_text('[{"question": "a",')
    with pytest.raises(CommandError, match="not valid"):
        run(broken, agency="X")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("question,answer\nBiaya?,Rp 50.000 — tarif\n".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        run(latin, agency="X")
    assert not Agency.objects.exists()


def test_progress_is_printed(tmp_path):
    rows = "".join(f"Pertanyaan nomor {i}?,Jawaban {i}.\n" for i in range(30))
    out, _ = run(write_csv(tmp_path, "question,answer\n" + rows), agency="Dinas")
    assert "30/30 entries processed" in out
    assert "3/30 entries processed" in out
