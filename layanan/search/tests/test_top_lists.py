"""The SQLite top lists (backends/sqlite_top_lists.py): a query of common words
is ranked from the lists of its words' best documents, and only when the lists
prove that the result is exactly what scoring every match gives. The sizes are
lowered so that a catalog of 160 documents has lists; every expected ranking
is computed by scoring every match (`_full_search`)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from layanan.search import analysis
from layanan.search.backends import get_backend, sqlite_fts5
from layanan.search.backends import sqlite_bm25
from layanan.search.backends import sqlite_top_lists as top_lists
from layanan.search.backends.base import Filters
from layanan.search.models import SearchDocument
from layanan.search.services.dictionary import current_dictionary
from layanan.search.services.indexing import index_document, remove_document

from .conftest import index_varied_catalog, make_document

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backend top lists")


@pytest.fixture
def small_lists(monkeypatch):
    monkeypatch.setattr(top_lists, "LISTED_FROM", 20)
    monkeypatch.setattr(top_lists, "LIST_SIZE", 25)
    monkeypatch.setattr(top_lists, "DEPTH", 10)
    monkeypatch.setattr(top_lists, "RARE_FROM_ALL", 3)
    monkeypatch.setattr(sqlite_fts5, "SCORE_ALL_ROWS", 0)  # every query counts as large


@pytest.fixture
def catalog(db, small_lists):
    """160 documents of varied length and boosts, with KTP, "hilang" and
    "kartu keluarga" in their titles, summaries or bodies; lists built."""
    index_varied_catalog(5)
    assert get_backend().build_top_lists() > 0


def _alternatives(q):
    groups = analysis.analyze_query(q, current_dictionary())
    return [(i, tuple(a)) for i, g in enumerate(groups) for a in g.alternatives if a]


def _fresh():
    return timezone.now() - timedelta(days=180)


def _live(backend, q):
    alternatives = _alternatives(q)
    _, df = backend._statistics({t for _, alt in alternatives for t in alt})
    return backend._live(alternatives, df), df


def _exact(backend, q, filters=Filters(), k=200):
    alternatives, _ = _live(backend, q)
    return backend._full_search(alternatives, filters, limit=k, offset=0, fresh_since=_fresh())


def _listed(backend, q, filters=Filters()):
    alternatives, df = _live(backend, q)
    with connection.cursor() as cursor:
        return top_lists.ranked(cursor, alternatives, df, filters, _fresh())


def _fts5_scores(phrase):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {sqlite_bm25.FIELD_SCORE} FROM search_fts WHERE search_fts MATCH %s",
            ['"' + " ".join(phrase) + '"'],
        )
        return dict(cursor.fetchall())


def test_scores_computed_from_the_stored_text_equal_fts5s_bm25(catalog):
    with connection.cursor() as cursor:
        rows, avgdl = sqlite_bm25.statistics(cursor)
        cursor.execute("SELECT c.id, c.c0, c.c1, c.c2, z.sz FROM search_fts_content c"
                       " JOIN search_fts_docsize z ON z.id = c.id")
        documents = {doc_id: sqlite_bm25.Document(texts, sum(sqlite_bm25.varints(bytes(size))))
                     for doc_id, *texts, size in cursor.fetchall()}
    assert rows == SearchDocument.objects.count() == 160
    for phrase in [("ktp",), ("hilang",), ("kartu", "keluarga"), ("ktp", "ktp"), ("ktp", "elektronik")]:
        expected = _fts5_scores(phrase)
        assert expected, phrase
        hits = len(expected)
        for doc_id, document in documents.items():
            computed = sqlite_bm25.idf(rows, hits) * document.value(phrase, avgdl)
            assert computed == pytest.approx(expected.get(doc_id, 0.0), rel=1e-12, abs=1e-12), (phrase, doc_id)


def test_a_list_holds_the_words_best_documents_and_bounds_every_other(catalog):
    with connection.cursor() as cursor:
        rows, _ = sqlite_bm25.statistics(cursor)
        cursor.execute("SELECT bound FROM search_top_terms WHERE term = 'ktp'")
        (bound,) = cursor.fetchone()
        cursor.execute("SELECT doc_id, value FROM search_top_docs WHERE term = 'ktp'")
        listed = dict(cursor.fetchall())
    backend = get_backend()
    boosted = backend._full_search([(0, ("ktp",))], Filters(), limit=1000, offset=0, fresh_since=_fresh())
    word_idf = sqlite_bm25.idf(rows, len(boosted))
    assert set(listed) == {doc_id for doc_id, _ in boosted[:25]}
    for doc_id, score in boosted:
        if doc_id in listed:
            assert listed[doc_id] * word_idf == pytest.approx(score, abs=1e-6)
        else:
            assert score <= bound * word_idf * (1 + 1e-9)
    assert bound * word_idf == pytest.approx(boosted[25][1], abs=1e-6)


@pytest.mark.parametrize("q", ["ktp", "kartu keluarga", "KTP hilang", "kk"])
def test_every_page_equals_scoring_every_match(catalog, q):
    backend = get_backend()
    exact = _exact(backend, q)
    ranked = [hit for offset in range(0, 40, 5)
              for hit in backend.search(analysis.analyze_query(q, current_dictionary()), Filters(), limit=5,
                                        offset=offset, fresh_since=_fresh())]
    assert ranked == exact[:40]


def test_a_common_word_is_ranked_from_its_list_without_scoring_its_matches(catalog):
    backend = get_backend()
    proven = _listed(backend, "ktp")
    assert proven is not None and len(proven) == top_lists.DEPTH
    assert proven == _exact(backend, "ktp", k=top_lists.DEPTH)
    groups = analysis.analyze_query("ktp", current_dictionary())
    with CaptureQueriesContext(connection) as queries:
        page = backend.search(groups, Filters(), limit=5, offset=0, fresh_since=_fresh())
    assert page == proven[:5]
    assert not [q["sql"] for q in queries.captured_queries if "bm25(" in q["sql"]]


def test_a_document_saved_after_the_build_joins_the_lists_and_one_deleted_leaves_them(catalog):
    backend = get_backend()
    # (KTP is in most of these documents, so its idf is tiny: the phrase
    # "ktp elektronik", one of its alternatives, decides.)
    index_document(make_document(500, "KTP elektronik", summary="KTP elektronik", body="KTP elektronik",
                                 official=True, verified_days_ago=1))
    new = SearchDocument.objects.get(object_id=500).pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_top_docs WHERE doc_id = %s", [new])
        assert {row[0] for row in cursor.fetchall()} == {"ktp", "elektronik"}
    proven = _listed(backend, "ktp")
    assert proven is not None and proven[0][0] == new
    assert proven == _exact(backend, "ktp", k=top_lists.DEPTH)

    remove_document("article", 500)
    first_listed = proven[1][0]
    remove_document(*SearchDocument.objects.filter(pk=first_listed).values_list("doc_type", "object_id").get())
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_top_docs WHERE doc_id IN (%s, %s)", [new, first_listed])
        assert cursor.fetchone()[0] == 0
    after = _listed(backend, "ktp")
    assert after is None or after == _exact(backend, "ktp", k=top_lists.DEPTH)
    assert backend.search(analysis.analyze_query("ktp", current_dictionary()), Filters(), limit=10, offset=0,
                          fresh_since=_fresh()) == _exact(backend, "ktp", k=10)


def test_without_enough_candidates_passing_the_filters_the_lists_prove_nothing(catalog):
    backend = get_backend()
    filters = Filters(agency="tidak-ada")
    assert _listed(backend, "ktp", filters) is None
    assert backend.search(analysis.analyze_query("ktp", current_dictionary()), filters, limit=10, offset=0,
                          fresh_since=_fresh()) == []


def test_a_common_word_without_a_list_is_never_ranked_from_lists(catalog):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_top_terms WHERE term = 'ktp'")
        cursor.execute("DELETE FROM search_top_docs WHERE term = 'ktp'")
    assert _listed(get_backend(), "ktp") is None


def test_rebuilding_the_index_builds_the_lists(corpus, monkeypatch):
    monkeypatch.setattr(top_lists, "LISTED_FROM", 2)
    with connection.cursor() as cursor:
        top_lists.clear(cursor)
    err = io.StringIO()
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=err)
    assert "top-lists" in err.getvalue()  # the lists' progress is shown too
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_top_terms WHERE term = 'ktp'")
        assert cursor.fetchall() == [("ktp",)]
        cursor.execute("SELECT COUNT(*) FROM search_top_docs WHERE term = 'ktp'")
        assert cursor.fetchone()[0] >= 2


def test_the_daily_jobs_build_the_lists_anew_dropping_words_now_rare(catalog, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_top_terms(term, bound, avgdl) VALUES ('langka', 1.0, 10.0)")
        cursor.execute("INSERT INTO search_top_docs(term, value, doc_id) VALUES ('langka', 2.0, 1)")
        cursor.execute("DELETE FROM search_top_docs WHERE term = 'ktp'")
    call_command("enqueue_daily_jobs", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_top_docs WHERE term = 'ktp'")
        assert cursor.fetchone()[0] == top_lists.LIST_SIZE
        cursor.execute("SELECT COUNT(*) FROM search_top_terms WHERE term = 'langka'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT COUNT(*) FROM search_top_docs WHERE term = 'langka'")
        assert cursor.fetchone()[0] == 0
    assert _listed(get_backend(), "ktp") == _exact(get_backend(), "ktp", k=top_lists.DEPTH)


def test_a_candidate_set_cut_at_its_limit_proves_nothing_even_when_filters_thin_it(catalog, monkeypatch):
    backend = get_backend()
    assert _listed(backend, "ktp") is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT doc_id) FROM search_top_docs WHERE term IN ('ktp', 'elektronik')")
        candidates = cursor.fetchone()[0]
    monkeypatch.setattr(top_lists, "MAX_CANDIDATES", candidates - 1)
    assert _listed(backend, "ktp") is None
    assert _listed(backend, "ktp", Filters(types=("service",))) is None
