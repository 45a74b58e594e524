"""bulk_index writes exactly what index_document writes for each document:
the same document rows, the same backend index entries (tsvectors on
PostgreSQL, FTS5 rows on SQLite) and the same vocabulary counts. Runs on
both databases."""

import pickle
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from layanan.search.backends import get_backend
from layanan.search.models import SearchDocument, VocabularyTerm
from layanan.search.registry import IndexedDocument
from layanan.search.services import indexing
from layanan.search.services.query import search

pytestmark = pytest.mark.django_db

TEXTS = [
    # (title, summary, body, keywords)
    ("Perpanjangan SIM C", "Perpanjangan surat izin mengemudi golongan C.",
     "Syarat: SIM C lama, KTP-el. Biaya Rp75.000.", ""),
    ("Lapor SPT Tahunan PPh 21", "Pelaporan SPT 1770 SS lewat e-Filing; perlu EFIN.",
     "Dasar hukum PMK 81/2024 dan PP 28/2025. Buku-buku catatan.", "pajak penghasilan"),
    ("Persetujuan Bangunan Gedung", "Izin mendirikan gedung, pengganti IMB. Kelas SIM",
     "Datang ke Mal Pelayanan Publik pukul 08.00–15.00.", "C izin bangunan"),
    ("KTP-el hilang atau rusak", "Penggantian KTP elektronik yang hilang atau rusak.",
     "Surat keterangan kehilangan dari kepolisian. e KTP lama bila rusak.", ""),
    ("Bagaimana cara mengurus paspor anak?", "Paspor untuk anak di bawah 17 tahun.",
     "Akta kelahiran, kartu keluarga, KTP kedua orang tua. Kantor Imigrasi.", "imigrasi"),
    ("gimana cara bikin ktp kalo ilang?", "", "Sudah seminggu belum jadi, normal gak?", ""),
    ("Sertifikat halal UMKM " + "sangat panjang " * 80, "Ringkasan.", "Isi " * 50, "halal"),
    ("Kartu Pencari Kerja (AK/1)", "Kartu kuning untuk melamar kerja.", "Dinas Tenaga Kerja, UU 13/2003.", "ak1"),
]


NOW = timezone.now().replace(microsecond=0)  # one instant: the sets are built more than once


def _documents(offset=0, variant=""):
    now = NOW
    docs = []
    for i, (title, summary, body, keywords) in enumerate(TEXTS):
        doc_type = ("service", "article", "question")[i % 3]
        docs.append(IndexedDocument(
            type=doc_type, id=100 + i + offset, title=title + variant, summary=summary, body=body,
            url=f"/x/{doc_type}/{i + offset}/", agency_slug=f"agency-{i % 3}", agency_name=f"Agency {i % 3}",
            category_slug="" if i == 5 else f"cat-{i % 2}", category_name="" if i == 5 else f"Cat {i % 2}",
            region_code=None if i % 4 == 0 else f"51.{i:02d}", region_name=f"Region {i}",
            official=i % 3 != 2, verified_at=None if i % 3 == 2 else now - timedelta(days=10 * i),
            updated_at=now - timedelta(days=i), keywords=keywords,
        ))
    return docs


def _snapshot():
    """Everything the index holds, keyed by (type, object id) rather than by row id."""
    columns = indexing._DOCUMENT_COLUMNS
    documents = {
        (row[0], row[1]): row for row in SearchDocument.objects.order_by("doc_type", "object_id").values_list(*columns)
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT d.doc_type, d.object_id, f.tsv::text, f.title_tsv::text FROM search_pg_index f"
                " JOIN search_searchdocument d ON d.id = f.document_id"
            )
        else:
            cursor.execute(
                "SELECT d.doc_type, d.object_id, f.title, f.summary, f.body, s.title_words"
                " FROM search_fts f JOIN search_searchdocument d ON d.id = f.rowid"
                " JOIN search_suggest_fts s ON s.rowid = f.rowid"
            )
        entries = {(row[0], row[1]): row[2:] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT COUNT(*) FROM search_pg_index" if connection.vendor == "postgresql" else
            "SELECT COUNT(*) FROM search_fts"
        )
        entry_count = cursor.fetchone()[0]
    vocabulary = {
        (kind, term): (length, n) for kind, term, length, n in VocabularyTerm.objects.values_list(
            "kind", "term", "length", "doc_count")
    }
    return documents, entries, entry_count, vocabulary


def _clear():
    get_backend().clear()
    SearchDocument.objects.all().delete()
    VocabularyTerm.objects.all().delete()


def _secondary_indexes():
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename IN ('search_pg_index', 'search_searchdocument', 'search_vocabularyterm')"
        )
        return set(cursor.fetchall())


@pytest.fixture(autouse=True)
def no_semantic():
    # index_document would embed; bulk_index never does. Compare like with like.
    with override_settings(LAYANAN_SEARCH_SEMANTIC=False):
        yield


def test_bulk_index_writes_what_index_document_writes():
    docs = _documents()
    for doc in docs:
        indexing.index_document(doc)
    one_by_one = _snapshot()
    _clear()
    indexes = _secondary_indexes()
    result = indexing.bulk_index(_documents(), batch_size=3)
    assert result["documents"] == len(docs)
    assert _snapshot() == one_by_one
    assert one_by_one[2] == len(docs)
    # an index dropped for the load is back, with the same definition
    assert _secondary_indexes() == indexes
    assert [h.title for h in search("perpanjang sim c").results][:1] == ["Perpanjangan SIM C"]


def test_bulk_index_into_a_non_empty_index_adds_counts_and_replaces_existing_documents():
    first, second = _documents(), _documents(offset=50, variant=" baru")
    changed = _documents(variant=" diubah")[:2]  # same type and id as two of `first`
    for doc in first + second + changed:
        indexing.index_document(doc)
    one_by_one = _snapshot()
    _clear()
    for doc in first:
        indexing.index_document(doc)
    indexing.bulk_index(second + changed)
    assert _snapshot() == one_by_one


def test_documents_analysed_elsewhere_are_loaded_the_same():
    """bulk_index takes analyse_document's results, e.g. from worker processes
    (pickled on the way back)."""
    docs = _documents()
    indexing.bulk_index(docs)
    expected = _snapshot()
    _clear()
    analysed = [pickle.loads(pickle.dumps(indexing.analyse_document(doc))) for doc in _documents()]
    indexing.bulk_index(analysed, batch_size=5)
    assert _snapshot() == expected


def test_analyse_document_matches_analyse_row():
    for doc in _documents():
        row = indexing._apply(SearchDocument(), doc)
        entry, words, stems = indexing.analyse_row(row)
        analysed = indexing.analyse_document(doc)
        assert analysed.words == words and analysed.stems == stems
        if analysed.entry is not None:
            assert (analysed.entry.title, analysed.entry.summary, analysed.entry.body, analysed.entry.title_words) == (
                entry.title, entry.summary, entry.body, entry.title_words)
        else:
            assert analysed.index_columns == get_backend().bulk_index_columns(entry)
