"""The PostgreSQL index table is known to Django there (so flushing a test
database truncates it with the documents it references) and unknown on SQLite."""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from layanan.search.registry import IndexedDocument
from layanan.search.services.indexing import index_document


def document(doc_id, title):
    return IndexedDocument(
        type="article", id=doc_id, title=title, summary="", body="", url=f"/contoh/{doc_id}/",
        agency_slug="contoh", agency_name="Contoh", category_slug="", category_name="",
        region_code=None, official=True, verified_at=None, updated_at=timezone.now(),
    )


def test_flushed_tables_include_the_postgres_index_only_on_postgres(db):
    tables = connection.introspection.django_table_names(only_existing=True)
    assert "search_searchdocument" in tables
    assert ("search_pg_index" in tables) == (connection.vendor == "postgresql")


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_with_indexed_documents_can_be_flushed():
    # Teardown flushes the database; before the index table was known to
    # Django, PostgreSQL refused to truncate the referenced document table.
    index_document(document(1, "Legalisir ijazah"))
    call_command("flush", interactive=False, verbosity=0)
    index_document(document(1, "Legalisir ijazah"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index (SQLite scans a range)")
def test_typo_lookups_use_a_words_only_trigram_index_without_a_pending_list(db):
    """Migration 0012: a pending list is read through by every lookup until a
    vacuum merges it, and stems are never looked up."""
    from layanan.search.backends import get_backend
    from layanan.search.services.query import best_correction

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reloptions, pg_get_expr(i.indpred, i.indrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'search_vocabulary_word_trgm'"
        )
        options, predicate = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'search_vocabulary_term_trgm'")
        assert cursor.fetchone()[0] == 0
    assert options == ["fastupdate=off"]
    assert predicate == "((kind)::text = 'word'::text)"
    index_document(document(1, "Sertifikat halal untuk usaha mikro"))
    assert best_correction("sertifkat", get_backend()) == "sertifikat"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL storage (SQLite has no TOAST)")
def test_a_documents_vectors_stay_in_its_row_on_postgres(db, settings):
    """Migration 0013: with the default storage, a row past TOAST's 2 kB
    threshold had its vectors (the largest column) moved to the TOAST table,
    and re-ranking read each candidate's through it."""
    settings.LAYANAN_SEARCH_SEMANTIC = True
    text = ("Pemohon datang ke kantor kelurahan membawa surat pengantar RT/RW, fotokopi kartu keluarga "
            "dan KTP-el, lalu mengisi formulir permohonan surat keterangan domisili. ") * 4
    index_document(replace(document(1, "Surat keterangan domisili untuk warga pendatang"), summary=text[:300], body=text))
    with connection.cursor() as cursor:
        cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = 'search_searchdocument'::regclass"
                       " AND attname = 'embedding'")
        assert cursor.fetchone()[0] == "m"
        cursor.execute("SELECT octet_length(embedding) FROM search_searchdocument")
        vectors = cursor.fetchone()[0]
        assert vectors == 1536  # the document has its vectors
        cursor.execute("SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'search_searchdocument'")
        toast = cursor.fetchone()[0]
        cursor.execute(f"SELECT coalesce(sum(octet_length(chunk_data)), 0) FROM {toast}")
        assert cursor.fetchone()[0] < vectors  # what moved out is smaller than the vectors
