"""SQLite reads what ranking, totals and facets need from a document
through the covering index `search_document_ranking` (migration 0008),
never from the document's wide row (its text and embedding): at 100 000
documents those row reads were a third of a search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from layanan.search.backends import sqlite_fts5
from layanan.search.services.indexing import index_document
from layanan.search.services.query import search

from .conftest import make_document

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite query plans")


def _plans(statements):
    """The query plan of each captured full-text statement, as text."""
    plans = []
    with connection.cursor() as cursor:
        for sql in statements:
            if "search_fts" not in sql or "search_suggest_fts" in sql:
                continue
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plans.append((sql, " | ".join(row[-1] for row in cursor.fetchall())))
    return plans


@pytest.mark.parametrize("thresholds", ["default", "tiers and samples"])
def test_ranking_totals_and_facets_never_read_document_rows(db, monkeypatch, thresholds):
    for i in range(1, 41):
        index_document(make_document(
            i, f"Penggantian KTP hilang nomor {i}" if i % 2 else f"Perpanjangan paspor nomor {i}",
            summary="Syarat dan biaya layanan.", body="Bawa KTP asli dan surat kehilangan.",
            official=i % 3 == 0, verified_days_ago=i, doc_type="service" if i % 4 else "article",
            agency="dukcapil" if i % 2 else "imigrasi",
        ))
    if thresholds != "default":  # the tiered ranking and the sampled counts
        monkeypatch.setattr(sqlite_fts5, "SCORE_ALL_ROWS", 0)
        monkeypatch.setattr(sqlite_fts5, "CANDIDATE_FLOOR", 5)
        monkeypatch.setattr(sqlite_fts5, "TIER_COST", 0.0)
        monkeypatch.setattr(sqlite_fts5, "EXACT_COUNT_LIMIT", 0)
    with CaptureQueriesContext(connection) as captured:
        assert search("ktp hilang").results
        assert search("ktp hilang", types="service", agency="dukcapil").results
        assert search("paspor", limit=5, offset=5).results
    plans = _plans([query["sql"] for query in captured.captured_queries])
    joined = [(sql, plan) for sql, plan in plans if " d " in plan or "search_searchdocument d" in sql]
    assert len(joined) >= 6  # rankings and counts, with and without filters
    for sql, plan in joined:
        assert "COVERING INDEX search_document_ranking" in plan, sql
        assert "INTEGER PRIMARY KEY" not in plan, sql
