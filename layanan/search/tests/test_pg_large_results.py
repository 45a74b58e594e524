"""PostgreSQL shortcuts for large result sets (backends/postgres.py), tried
on a small catalog with the thresholds lowered: ranking only candidates,
totals and facets estimated from a sample of the table's pages (flagged),
suggestions ordered among the first title matches. With enough candidates
(or a sample of the whole table) they give the plain queries' answers."""

import random

import pytest
from django.db import connection
from django.utils import timezone

from layanan.search import analysis
from layanan.search.backends import get_backend, postgres
from layanan.search.backends.base import Estimate, Filters, SearchBackend
from layanan.search.services.dictionary import current_dictionary
from layanan.search.services.indexing import index_document

from .conftest import make_document

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL backend shortcuts (the SQLite ones: test_backend_pruning)"
)

DOCS = ["KTP elektronik", "Paspor", "SIM C", "Akta Kelahiran", "Kartu Keluarga", "NPWP", "SKCK"]
ACTIONS = ["Pembuatan", "Perpanjangan", "Penggantian", "Legalisir"]
QUERIES = ["ktp", "biaya paspor", "ktp hilang", "perpanjangan sim c", "syarat legalisir akta kelahiran", "npwp baru"]
FACETS = ["type", "agency", "category", "region"]


@pytest.fixture
def catalog(db):
    rng = random.Random(11)
    for i in range(1, 121):
        doc, action = rng.choice(DOCS), rng.choice(ACTIONS)
        index_document(make_document(
            i, f"{action} {doc}" + (" karena hilang" if i % 3 == 0 else ""),
            summary=f"Biaya {action.lower()} {doc} dan syarat {'lengkap' if i % 2 else 'baru'}.",
            body=f"Persyaratan: fotokopi {rng.choice(DOCS)}. Biaya Rp{rng.randrange(10, 90)}.000.",
            official=i % 5 == 0, verified_days_ago=i % 7 * 40,
            doc_type=rng.choice(["service", "article", "question"]), agency=rng.choice(["dukcapil", "polri"]),
            region=None if i % 4 else f"51.{i % 3}",
        ))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_pg_index")  # the sample is sized with the table's row estimate


def _groups(q):
    return analysis.analyze_query(q, current_dictionary())


def _search(q, filters=Filters(), limit=20, offset=0):
    return get_backend().search(_groups(q), filters, limit=limit, offset=offset, fresh_since=timezone.now())


def _plain_search(q, filters=Filters(), limit=20, offset=0):
    return SearchBackend.search(get_backend(), _groups(q), filters, limit=limit, offset=offset,
                                fresh_since=timezone.now())


def _same(result):
    """Totals and facets with ties in any order (the plain query orders equal
    counts by label, and region labels are all empty here)."""
    total, facets = result
    return total, {dimension: sorted(rows, key=str) for dimension, rows in facets.items()}


def test_small_result_sets_take_the_plain_path(catalog):
    for q in QUERIES:
        assert _search(q, limit=200) == _plain_search(q, limit=200)


def test_ranking_every_match_as_candidates_gives_the_plain_ranking(catalog, monkeypatch):
    monkeypatch.setattr(postgres, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(postgres, "CANDIDATES", 1000)
    for q in QUERIES:
        for filters in (Filters(), Filters(types=("service",)), Filters(agency="polri")):
            assert _search(q, filters) == _plain_search(q, filters), (q, filters)
            assert _search(q, filters, limit=5, offset=3) == _plain_search(q, filters, limit=5, offset=3)


def test_few_candidates_are_the_most_specific_ones_scored_as_usual(catalog, monkeypatch):
    monkeypatch.setattr(postgres, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(postgres, "CANDIDATES", 8)
    monkeypatch.setattr(postgres, "RARE_ROWS", 0)  # every word here is rare by the real threshold
    exact = dict(_plain_search("ktp hilang", limit=500))
    ranked = _search("ktp hilang", limit=8)
    assert len(ranked) == 8
    for doc_id, score in ranked:  # same scores as the plain ranking
        assert score == pytest.approx(exact[doc_id])
    assert [score for _, score in ranked] == sorted((score for _, score in ranked), reverse=True)
    # every candidate matches both groups (the AND step found enough)
    from layanan.search.models import SearchDocument

    for doc in SearchDocument.objects.filter(pk__in=[doc_id for doc_id, _ in ranked]):
        text = f"{doc.title} {doc.summary} {doc.body}".lower()
        assert "ktp" in text and "hilang" in text
    # a single group: title matches first
    ranked = _search("paspor", limit=8)
    titles = SearchDocument.objects.filter(pk__in=[doc_id for doc_id, _ in ranked]).values_list("title", flat=True)
    assert all("Paspor" in title for title in titles)


def test_candidates_are_at_least_one_and_a_half_times_the_depth_asked_for(catalog, monkeypatch):
    """Re-ranking asks for 100 results: 150 candidates (twice that, 200,
    cost more and ranked no better at 100 000 documents)."""
    monkeypatch.setattr(postgres, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(postgres, "CANDIDATES", 8)
    monkeypatch.setattr(postgres, "RARE_ROWS", 0)
    sizes = []
    candidates = postgres.PostgresBackend._candidates

    def recorded(self, groups, filters, size, *args, **kwargs):
        sizes.append(size)
        return candidates(self, groups, filters, size, *args, **kwargs)

    monkeypatch.setattr(postgres.PostgresBackend, "_candidates", recorded)
    _search("ktp hilang", limit=4)
    _search("ktp hilang", limit=20)
    _search("ktp hilang", limit=10, offset=30)
    assert sizes == [8, 30, 60]
    assert len(_search("ktp hilang", limit=20)) == 20


def test_documents_with_the_rarest_words_are_always_candidates(catalog, monkeypatch):
    """"ktp hilang kacamata": the one answer about glasses says neither
    "ktp" nor "hilang"; as the query's rarest word it is a candidate, and
    scored as usual, however many documents match the common words."""
    from layanan.search.models import SearchDocument

    monkeypatch.setattr(postgres, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(postgres, "CANDIDATES", 8)
    index_document(make_document(
        500, "Penjaminan kacamata", summary="Layanan nomor 500.",
        body="Kacamata dijamin sekali dalam dua tahun.", official=True, verified_days_ago=10,
    ))
    glasses = SearchDocument.objects.get(object_id=500).pk
    exact = _plain_search("ktp hilang kacamata", limit=3)
    assert exact[0][0] == glasses  # the best answer by the plain ranking
    monkeypatch.setattr(postgres, "RARE_ROWS", 1)
    assert _search("ktp hilang kacamata", limit=3)[0] == pytest.approx(exact[0])
    monkeypatch.setattr(postgres, "RARE_ROWS", 0)
    assert glasses not in dict(_search("ktp hilang kacamata", limit=3))


def test_an_answer_may_lack_any_one_of_the_words(catalog, monkeypatch):
    """"biaya legalisir paspor kacamata": no document has all four words,
    and the rarest, "kacamata", is in none of the others. The candidates
    are documents with any three of the four, not whichever documents come
    first in the table with any one of them."""
    from layanan.search.models import SearchDocument

    monkeypatch.setattr(postgres, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(postgres, "CANDIDATES", 3)
    monkeypatch.setattr(postgres, "RARE_ROWS", 0)
    index_document(make_document(500, "Ketentuan penjaminan kaca mata", body="Kacamata dijamin."))
    q = "biaya legalisir paspor kacamata"
    groups = [{t for alt in g.alternatives for t in alt} for g in _groups(q)]
    assert len(groups) == 4

    def groups_matched(doc):
        words = set(analysis.analyze(f"{doc.title} {doc.summary} {doc.body}"))
        return sum(1 for group in groups if group & words)

    assert sum(1 for doc in SearchDocument.objects.all() if groups_matched(doc) == 3) >= 3
    ranked = _search(q, limit=3)
    assert len(ranked) == 3
    for doc in SearchDocument.objects.filter(pk__in=[doc_id for doc_id, _ in ranked]):
        assert groups_matched(doc) == 3, doc.title


def test_totals_and_facets_estimated_from_a_sample_are_flagged(catalog, monkeypatch):
    backend = get_backend()
    exact = {q: SearchBackend.count_and_facets(backend, _groups(q), Filters(), FACETS) for q in QUERIES}
    monkeypatch.setattr(postgres, "EXACT_COUNT_LIMIT", 0)
    monkeypatch.setattr(postgres, "MIN_SAMPLE_HITS", 1)
    monkeypatch.setattr(postgres, "SAMPLE_SIZE", 10**6)  # a "sample" of every id: estimates equal counts
    for q in QUERIES:
        total, facets = backend.count_and_facets(_groups(q), Filters(), FACETS)
        assert isinstance(total, Estimate) and total.approximate
        assert total == exact[q][0]
        for dimension in FACETS:
            assert sorted(facets[dimension], key=str) == sorted(exact[q][1][dimension], key=str)
            assert all(isinstance(n, Estimate) for _, _, n in facets[dimension])
        filtered = backend.count_and_facets(_groups(q), Filters(types=("service",)), FACETS)
        assert _same(filtered) == _same(
            SearchBackend.count_and_facets(backend, _groups(q), Filters(types=("service",)), FACETS))


def test_a_sample_of_every_page_of_the_table_gives_the_counts(catalog, monkeypatch):
    backend = get_backend()
    monkeypatch.setattr(postgres, "EXACT_COUNT_LIMIT", 0)
    monkeypatch.setattr(postgres, "MIN_SAMPLE_HITS", 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_pg_index'::regclass")
        rows = cursor.fetchone()[0]
    for q in QUERIES:
        tsquery = postgres.tsquery_any(_groups(q))
        for filters in (Filters(), Filters(agency="polri")):
            sample = backend._table_sample(tsquery, 100.0, rows)
            total, facets = backend._sampled_counts(tsquery, filters, FACETS, 10**6, sample=sample)
            assert _same((total, facets)) == _same(SearchBackend.count_and_facets(backend, _groups(q), filters, FACETS))
            assert all(isinstance(n, Estimate) for rows_ in facets.values() for _, _, n in rows_)


def test_small_totals_stay_exact(catalog, monkeypatch):
    backend = get_backend()
    monkeypatch.setattr(postgres, "SAMPLE_SIZE", 10)
    for q in QUERIES:  # at most 120 matches: below EXACT_COUNT_LIMIT
        total, facets = backend.count_and_facets(_groups(q), Filters(), FACETS)
        assert not isinstance(total, Estimate)
        assert _same((total, facets)) == _same(SearchBackend.count_and_facets(backend, _groups(q), Filters(), FACETS))


def test_suggestions_are_ordered_among_the_first_title_matches(catalog, monkeypatch):
    backend = get_backend()
    full = backend.suggest(["perpanjangan"], "s", Filters(), limit=50)
    assert full == SearchBackend.suggest(backend, ["perpanjangan"], "s", Filters(), limit=50)
    monkeypatch.setattr(postgres, "SUGGEST_CANDIDATES", 3)
    few = backend.suggest(["perpanjangan"], "s", Filters(), limit=50)
    assert len(few) == 3 and set(few) <= set(full)
