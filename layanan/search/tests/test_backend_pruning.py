"""Backend shortcuts for large indexes give the same answers as the plain
queries: the SQLite ranking that leaves very common words out of the
candidate selection, and totals/facets estimated from a sample (flagged).

The catalog here is below the size at which SQLite ranks a match set in
tiers (SCORE_ALL_ROWS rows to score), so search() must equal scoring every
match; the tiers, which change the order on purpose, are checked against
their own contract in test_backend_tiers.py."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from layanan.search import analysis
from layanan.search.backends import get_backend, sqlite_fts5
from layanan.search.backends.base import Filters
from layanan.search.models import VocabularyTerm
from layanan.search.services.dictionary import current_dictionary
from layanan.search.services.indexing import index_document

from .conftest import make_document

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backend shortcuts")

DOCS = ["KTP elektronik", "Paspor", "SIM C", "Akta Kelahiran", "Kartu Keluarga", "NPWP", "SKCK"]
ACTIONS = ["Pembuatan", "Perpanjangan", "Penggantian", "Legalisir"]


@pytest.fixture
def catalog(db):
    """120 documents where "biaya" and "syarat" are in every one, so they
    are common words, and the document names are rarer."""
    rng = random.Random(7)
    for i in range(1, 121):
        doc, action = rng.choice(DOCS), rng.choice(ACTIONS)
        index_document(make_document(
            i, f"{action} {doc}" + (" karena hilang" if i % 3 == 0 else ""),
            summary=f"Biaya {action.lower()} {doc} dan syarat {'lengkap' if i % 2 else 'baru'}.",
            body=f"Persyaratan: fotokopi {rng.choice(DOCS)}. Biaya Rp{rng.randrange(10, 90)}.000."
                 + (" Paspor" * (i % 4)),
            official=i % 5 == 0, verified_days_ago=i % 7 * 40,
            doc_type=rng.choice(["service", "article", "question"]), agency=rng.choice(["dukcapil", "polri"]),
        ))


def _groups(q):
    return analysis.analyze_query(q, current_dictionary())


def _alternatives(groups):
    return [(i, tuple(a)) for i, g in enumerate(groups) for a in g.alternatives if a]


QUERIES = ["biaya skck", "biaya paspor", "syarat ktp hilang", "biaya syarat kk", "biaya", "legalisir akta biaya syarat"]


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("filters, limit, offset", [(Filters(), 10, 0), (Filters(types=("article",)), 5, 3)])
def test_pruned_ranking_equals_scoring_every_match(catalog, q, filters, limit, offset):
    backend = get_backend()
    groups = _groups(q)
    fresh = timezone.now() - timedelta(days=180)
    full = backend._full_search(_alternatives(groups), filters, limit=limit, offset=offset, fresh_since=fresh)
    ranked = backend.search(groups, filters, limit=limit, offset=offset, fresh_since=fresh)
    assert [doc_id for doc_id, _ in ranked] == [doc_id for doc_id, _ in full]
    assert [score for _, score in ranked] == pytest.approx([score for _, score in full], rel=1e-9)


def test_common_words_are_left_out_of_the_candidates(catalog):
    """"biaya skck" really takes the pruned path: it answers without the
    fallback that scores every match."""
    backend = get_backend()
    groups = _groups("biaya skck")
    fresh = timezone.now() - timedelta(days=180)
    pruned = backend._pruned_search(_alternatives(groups), Filters(), limit=5, offset=0, fresh_since=fresh)
    assert pruned is not None and len(pruned) == 5


def test_small_result_sets_are_counted_exactly(catalog):
    backend = get_backend()
    groups = _groups("paspor")
    total, facets = backend.count_and_facets(groups, Filters(types=("article",)), ["type", "agency"])
    assert total == backend.count(groups, Filters(types=("article",)))
    assert not getattr(total, "approximate", False)
    assert facets["agency"] == backend.facet(groups, Filters(types=("article",)), "agency")


def test_a_large_result_set_no_single_word_proves_large_is_counted(catalog, monkeypatch):
    backend = get_backend()
    groups = _groups("skck npwp")
    frequencies = dict(VocabularyTerm.objects.filter(kind="stem", term__in=["skck", "npwp"])
                       .values_list("term", "doc_count"))
    matches = backend.count(groups, Filters())
    assert matches > max(frequencies.values())
    monkeypatch.setattr(sqlite_fts5, "EXACT_COUNT_LIMIT", max(frequencies.values()))
    monkeypatch.setattr(sqlite_fts5, "SAMPLE_SIZE", 20)
    total, facets = backend.count_and_facets(groups, Filters(), ["agency"])
    assert total == matches and not getattr(total, "approximate", False)
    assert all(n.approximate for _, _, n in facets["agency"])  # the facets still come from the sample


def test_large_result_sets_give_flagged_estimates(catalog, monkeypatch):
    monkeypatch.setattr(sqlite_fts5, "EXACT_COUNT_LIMIT", 10)
    monkeypatch.setattr(sqlite_fts5, "SAMPLE_SIZE", 40)
    monkeypatch.setattr(sqlite_fts5, "MIN_SAMPLE_HITS", 5)
    backend = get_backend()
    groups = _groups("biaya")
    # "biaya" alone is in more than EXACT_COUNT_LIMIT documents, as the
    # vocabulary says: nothing is counted, the total is an estimate too.
    total, facets = backend.count_and_facets(groups, Filters(), ["type", "agency"])
    assert total.approximate and total == pytest.approx(120, rel=0.25)
    counts = [n for _, _, n in facets["agency"]]
    assert all(getattr(n, "approximate", False) for n in counts)
    assert sum(counts) == pytest.approx(total, abs=2)  # every sampled document has an agency
    # A filter: the total is an estimate, flagged, near the true count.
    total, _ = backend.count_and_facets(groups, Filters(agency="dukcapil"), ["type"])
    exact = backend.count(groups, Filters(agency="dukcapil"))
    assert total.approximate and abs(total - exact) <= 0.5 * exact


def test_an_estimated_total_is_never_below_what_one_word_proves(db, monkeypatch):
    # 16 documents with "istimewa", all at the end of the ids, where the
    # sample's evenly spread ranges catch only two of them
    for i in range(1, 121):
        index_document(make_document(i, f"Layanan nomor {i}",
                                     body="Kata istimewa." if 100 <= i < 116 else "Kata biasa."))
    monkeypatch.setattr(sqlite_fts5, "EXACT_COUNT_LIMIT", 10)
    monkeypatch.setattr(sqlite_fts5, "SAMPLE_SIZE", 2)
    total, _ = get_backend().count_and_facets(_groups("istimewa"), Filters(), ["type"])
    assert total.approximate and total == 16
