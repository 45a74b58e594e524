"""The SQLite postings (backends/sqlite_postings.py): every match of a query
of common words scored with numpy from stored term frequencies, lengths and
boosts, giving exactly the ranking FTS5 gives by scoring every match
(`_full_search`), also after documents were added, edited and deleted since
the build. The threshold is lowered so that a catalog of 160 documents has
postings."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from layanan.search import analysis
from layanan.search.backends import get_backend, sqlite_bm25
from layanan.search.backends import sqlite_postings as postings
from layanan.search.backends.base import Filters
from layanan.search.models import SearchDocument, VocabularyTerm
from layanan.search.services.dictionary import current_dictionary
from layanan.search.services.indexing import index_document, remove_document

from .conftest import index_varied_catalog, make_document

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backend postings")

QUERIES = ["ktp", "kartu keluarga", "KTP hilang", "kk", "formulir kantor hilang", "e-ktp rusak hilang",
           "pelayanan umum warga informasi"]


@pytest.fixture
def catalog(db, monkeypatch):
    """160 documents of varied length and boosts, with KTP, "hilang" and
    "kartu keluarga" in their titles, summaries or bodies; postings built."""
    monkeypatch.setattr(postings, "POSTED_FROM", 20)
    index_varied_catalog(7)
    get_backend().build_top_lists()


def _fresh():
    return timezone.now() - timedelta(days=180)


def _alternatives(backend, q):
    groups = analysis.analyze_query(q, current_dictionary())
    alternatives = [(i, tuple(a)) for i, g in enumerate(groups) for a in g.alternatives if a]
    _, df = backend._statistics({t for _, alt in alternatives for t in alt})
    return backend._live(alternatives, df)


def _exact(backend, q, filters=Filters(), k=200):
    return backend._full_search(_alternatives(backend, q), filters, limit=k, offset=0, fresh_since=_fresh())


def _posted(backend, q, k=200, filters=Filters()):
    with connection.cursor() as cursor:
        return postings.ranked(cursor, _alternatives(backend, q), _fresh(), k, filters)


def _keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM search_postings")
        return {row[0] for row in cursor.fetchall()}


def test_common_words_and_dictionary_phrases_are_posted_with_fts5s_own_scores(catalog):
    keys = _keys()
    assert {"ktp", "hilang", "formulir", "kartu keluarga", "ktp elektronik"} <= keys
    common = set(VocabularyTerm.objects.filter(kind="stem", doc_count__gte=20).values_list("term", flat=True))
    assert {key for key in keys if " " not in key} == common
    assert "17" not in keys  # the number of one title
    with connection.cursor() as cursor:
        rows, avgdl = sqlite_bm25.statistics(cursor)
        for key in ["ktp", "kartu keluarga", "hilang"]:
            cursor.execute("SELECT data FROM search_postings WHERE key = %s", [key])
            ids, tf, length, _, _ = postings.unpack(cursor.fetchone()[0])
            cursor.execute(f"SELECT rowid, {sqlite_bm25.FIELD_SCORE} FROM search_fts WHERE search_fts MATCH %s",
                           [sqlite_bm25.phrase(key.split())])
            expected = dict(cursor.fetchall())
            assert sorted(expected) == ids.tolist()
            scores = postings._scores(tf, length, avgdl, sqlite_bm25.idf(rows, len(ids)))
            assert scores.tolist() == pytest.approx([expected[i] for i in ids.tolist()], rel=1e-12)


@pytest.mark.parametrize("q", QUERIES)
def test_every_page_equals_scoring_every_match(catalog, q):
    backend = get_backend()
    assert _posted(backend, q) == _exact(backend, q)
    groups = analysis.analyze_query(q, current_dictionary())
    pages = [hit for offset in range(0, 60, 7)
             for hit in backend.search(groups, Filters(), limit=7, offset=offset, fresh_since=_fresh())]
    assert pages == _exact(backend, q)[:63]


def test_a_query_of_posted_words_runs_no_bm25(catalog):
    backend = get_backend()
    groups = analysis.analyze_query("formulir kantor hilang", current_dictionary())
    with CaptureQueriesContext(connection) as queries:
        page = backend.search(groups, Filters(), limit=10, offset=0, fresh_since=_fresh())
    assert page == _exact(backend, "formulir kantor hilang", k=10)
    assert not [q["sql"] for q in queries.captured_queries if "bm25(" in q["sql"]]


def test_documents_added_edited_and_deleted_after_the_build_are_ranked_exactly(catalog):
    backend = get_backend()
    index_document(make_document(500, "KTP hilang", summary="KTP hilang", body="KTP hilang kartu keluarga",
                                 official=True, verified_days_ago=1))
    index_document(make_document(3, "Formulir umum", summary="Layanan umum.", body="kantor warga"))  # KTP gone
    index_document(make_document(4, "KTP KTP hilang", summary="KTP", body="hilang"))
    # A verification changes only the boost.
    verified = SearchDocument.objects.filter(official=False, verified_at__isnull=True).first()
    index_document(make_document(verified.object_id, verified.title, summary=verified.summary, body=verified.body,
                                 doc_type=verified.doc_type, official=True, verified_days_ago=0))
    removed = SearchDocument.objects.get(object_id=9)
    remove_document(removed.doc_type, removed.object_id)
    new = SearchDocument.objects.get(object_id=500).pk
    for q in QUERIES:
        posted = _posted(backend, q)
        assert posted is not None and posted == _exact(backend, q), q
    ranked_ids = [doc_id for doc_id, _ in _posted(backend, "ktp hilang")]
    assert new in ranked_ids and removed.pk not in ranked_ids
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_postings_log")
        assert cursor.fetchone()[0] > 0
    # A new build folds the changes in.
    backend.build_top_lists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_postings_log")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT COUNT(*) FROM search_postings_delta")
        assert cursor.fetchone()[0] == 0
    assert _posted(backend, "ktp hilang") == _exact(backend, "ktp hilang")


def test_a_document_saved_while_the_postings_are_built_is_not_lost(catalog, monkeypatch):
    """A key posted for the first time by a build cannot have entries in the
    log's deltas yet: the build writes them for the documents changed since it began."""
    backend = get_backend()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_postings WHERE key = 'hilang'")
        cursor.execute("DELETE FROM search_postings_delta WHERE key = 'hilang'")
    real = postings._word_postings
    saved = []

    def save_during_build(cursor, term):
        if not saved:
            index_document(make_document(600, "Hilang hilang", summary="hilang", body="hilang"))
            saved.append(term)
        return real(cursor, term)

    monkeypatch.setattr(postings, "_word_postings", save_during_build)
    backend.build_top_lists()
    assert saved
    new = SearchDocument.objects.get(object_id=600).pk
    assert _posted(backend, "hilang")[0][0] == new
    assert _posted(backend, "hilang") == _exact(backend, "hilang")


def test_a_document_saved_during_a_first_build_is_not_lost(catalog, monkeypatch):
    """Before any key is stored nothing is logged, so a first build stores an
    empty one at once: a document saved after the first key's documents
    were read, before that key is stored, is still in its ranking."""
    backend = get_backend()
    with connection.cursor() as cursor:
        postings.clear(cursor)
    real = postings._word_postings
    saved = []

    def save_after_reading(cursor, term):
        result = real(cursor, term)
        if not saved:
            index_document(make_document(800, f"{term} {term}", summary=term, body=f"{term} hilang"))
            saved.append(term)
        return result

    monkeypatch.setattr(postings, "_word_postings", save_after_reading)
    backend.build_top_lists()
    term = saved[0]
    new = SearchDocument.objects.get(object_id=800).pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_postings WHERE key = ''")
        assert cursor.fetchone()[0] == 0  # the empty key is gone once the build is done
    posted = _posted(backend, term)
    assert posted == _exact(backend, term) and new in [doc_id for doc_id, _ in posted]


@pytest.mark.parametrize("pool", [500, 5])
def test_filtered_rankings_equal_scoring_every_match_that_passes(catalog, monkeypatch, pool):
    """A type among the best matches; an agency (few documents) read through
    its index; a type too few of the best matches have ("question": then
    every document is checked)."""
    monkeypatch.setattr(postings, "FILTER_POOL", pool)
    backend = get_backend()
    for object_id in [3, 8, 21]:
        row = SearchDocument.objects.get(object_id=object_id)
        index_document(make_document(object_id, row.title, summary=row.summary, body=row.body,
                                     doc_type=row.doc_type, agency="langka", region="33.20"))
    for object_id in [1001, 1002]:
        index_document(make_document(object_id, "KTP hilang formulir", body="kantor kk", doc_type="question"))
    for filters in [Filters(types=("service",)), Filters(types=("article",)), Filters(agency="langka"),
                    Filters(agency="tidak-ada"), Filters(region_codes=("33.20", "33"), types=("service",)),
                    Filters(types=("question",))]:
        for q in ["ktp hilang", "formulir kantor hilang", "kk"]:
            posted = _posted(backend, q, k=30, filters=filters)
            assert posted is not None and posted == _exact(backend, q, filters, k=30), (q, filters)
            groups = analysis.analyze_query(q, current_dictionary())
            assert backend.search(groups, filters, limit=5, offset=5, fresh_since=_fresh()) == posted[5:10]
    assert [doc_id for doc_id, _ in _posted(backend, "ktp hilang", filters=Filters(agency="langka"))] != []


def test_too_many_changes_or_a_large_unposted_alternative_fall_back_to_fts5(catalog, monkeypatch):
    backend = get_backend()
    groups = analysis.analyze_query("ktp hilang", current_dictionary())
    index_document(make_document(700, "KTP", body="hilang"))
    monkeypatch.setattr(postings, "MAX_CHANGED", 0)
    assert _posted(backend, "ktp hilang") is None
    assert backend.search(groups, Filters(), limit=10, offset=0, fresh_since=_fresh()) == _exact(
        backend, "ktp hilang", k=10)
    monkeypatch.setattr(postings, "MAX_CHANGED", 2000)

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_postings WHERE key = 'hilang'")
    assert _posted(backend, "ktp hilang") == _exact(backend, "ktp hilang")  # "hilang" scored by FTS5
    monkeypatch.setattr(postings, "SCAN_LIMIT", 5)
    assert _posted(backend, "ktp hilang") is None


def test_rebuilding_the_index_builds_the_postings_and_shows_progress(corpus, monkeypatch):
    monkeypatch.setattr(postings, "POSTED_FROM", 2)
    err = io.StringIO()
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=err)
    assert "top-lists" in err.getvalue()
    assert "ktp" in _keys()
    assert _posted(get_backend(), "ktp") == _exact(get_backend(), "ktp")
