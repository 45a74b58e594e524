"""The PostgreSQL index table is known to Django there (so flushing a test
database truncates it with the documents it references) and unknown on SQLite."""

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
