"""The SQLite ranking of large match sets in tiers (backends/sqlite_fts5.py,
`_first_tier`): when scoring every match would be expensive and a stricter
condition still selects enough documents, the documents meeting it come
first, by relevance, then every other match, by relevance. The thresholds
are lowered here so that a small catalog takes that path; the expected
order is built from the exact relevance of every match (`_full_search`) and
from which documents meet the condition, known from how they were written."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from layanan.search import analysis
from layanan.search.backends import get_backend, sqlite_fts5
from layanan.search.backends.base import Filters, SearchBackend
from layanan.search.models import SearchDocument
from layanan.search.services.dictionary import current_dictionary
from layanan.search.services.indexing import index_document

from .conftest import make_document

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backend tiers")


@pytest.fixture
def catalog(db):
    """90 documents; for each, whether "KTP" and "hilang" are in its title
    or only in its text. Returns {SearchDocument id: (ktp in title, hilang
    in title, ktp anywhere, hilang anywhere, "fotokopi" in the text)}."""
    rng = random.Random(11)
    facts = {}
    for i in range(1, 91):
        ktp_title, hilang_title = rng.random() < 0.5, rng.random() < 0.5
        ktp_text, hilang_text = rng.random() < 0.5, rng.random() < 0.5
        title = " ".join(filter(None, [
            "Penggantian", "KTP elektronik" if ktp_title else "dokumen", "yang hilang" if hilang_title else "",
            "di kota", f"nomor {i}",
        ]))
        body = " ".join(filter(None, [
            "Persyaratan: fotokopi KTP." if ktp_text else "Persyaratan: formulir.",
            "Surat keterangan kehilangan dari kepolisian." if hilang_text else "",
            " ".join(["Informasi umum."] * (i % 3)),
        ]))
        index_document(make_document(
            i, title, summary=f"Layanan nomor {i}.", body=body, official=i % 4 == 0, verified_days_ago=i % 5 * 60,
            doc_type=rng.choice(["service", "article"]),
        ))
        facts[i] = (ktp_title, hilang_title, ktp_title or ktp_text, hilang_title or hilang_text, ktp_text)
    pks = {int(object_id): pk for object_id, pk in SearchDocument.objects.values_list("object_id", "pk")}
    return {pks[i]: fact for i, fact in facts.items()}


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(sqlite_fts5, "SCORE_ALL_ROWS", 0)
    monkeypatch.setattr(sqlite_fts5, "CANDIDATE_FLOOR", 5)
    monkeypatch.setattr(sqlite_fts5, "TIER_COST", 0.0)
    # Here every word is rare by the real threshold; the tests of the rare
    # words' share set it themselves.
    monkeypatch.setattr(sqlite_fts5, "RARE_ROWS", 0)


def _groups(q):
    return analysis.analyze_query(q, current_dictionary())


def _alternatives(groups):
    return [(i, tuple(a)) for i, g in enumerate(groups) for a in g.alternatives if a]


def _fresh():
    return timezone.now() - timedelta(days=180)


def _tiered(backend, groups, filters, in_tier):
    """Every match ranked exactly, the tier's documents first."""
    everything = backend._full_search(_alternatives(groups), filters, limit=1000, offset=0, fresh_since=_fresh())
    return [hit for hit in everything if in_tier(hit[0])] + [hit for hit in everything if not in_tier(hit[0])]


def _assert_pages(backend, groups, filters, expected, pages):
    """Each (limit, offset) page of the ranking is that slice of `expected`, ids and scores."""
    for limit, offset in pages:
        ranked = backend.search(groups, filters, limit=limit, offset=offset, fresh_since=_fresh())
        page = expected[offset:offset + limit]
        assert [pk for pk, _ in ranked] == [pk for pk, _ in page], (limit, offset)
        assert [s for _, s in ranked] == pytest.approx([s for _, s in page], rel=1e-9)


@pytest.mark.parametrize("filters", [Filters(), Filters(types=("article",))])
def test_documents_with_every_group_in_the_title_come_first(catalog, small_thresholds, filters):
    backend = get_backend()
    groups = _groups("ktp hilang")
    expected = _tiered(backend, groups, filters, lambda pk: catalog[pk][0] and catalog[pk][1])
    tier_size = sum(1 for pk, _ in expected if catalog[pk][0] and catalog[pk][1])
    assert 5 <= tier_size < len(expected)  # the catalog really has two tiers
    # Pages inside the first tier, across its end and past it: all the same ranking.
    _assert_pages(backend, groups, filters, expected,
                  [(3, 0), (5, 2), (tier_size, 0), (10, tier_size - 4), (10, tier_size + 3), (200, 0)])


def test_the_condition_relaxes_to_every_group_anywhere(catalog, small_thresholds, monkeypatch):
    """Fewer documents than the floor have both words in the title, so the
    tier is the documents that have both anywhere."""
    backend = get_backend()
    groups = _groups("ktp hilang")
    in_title = sum(1 for f in catalog.values() if f[0] and f[1])
    anywhere = sum(1 for f in catalog.values() if f[2] and f[3])
    assert in_title < anywhere
    monkeypatch.setattr(sqlite_fts5, "CANDIDATE_FLOOR", in_title + 1)
    expected = _tiered(backend, groups, Filters(), lambda pk: catalog[pk][2] and catalog[pk][3])
    ranked = backend.search(groups, Filters(), limit=in_title + 1, offset=0, fresh_since=_fresh())
    assert [pk for pk, _ in ranked] == [pk for pk, _ in expected[:in_title + 1]]


def test_a_tier_of_one_alternative_groups_is_scored_by_its_own_condition(catalog, small_thresholds):
    """"fotokopi hilang": each group has one alternative and "fotokopi" is
    never in a title, so the tier is "both anywhere", whose own bm25() is
    the relevance (one scan); the ranking is still exact within it."""
    backend = get_backend()
    groups = _groups("fotokopi hilang")
    alternatives = _alternatives(groups)
    assert len(alternatives) == len(groups) == 2
    _, df = backend._statistics({term for _, alt in alternatives for term in alt})
    expression, size, scores_itself = backend._first_tier(alternatives, df, Filters())
    assert scores_itself and size == sum(1 for f in catalog.values() if f[3] and f[4])
    expected = _tiered(backend, groups, Filters(), lambda pk: catalog[pk][3] and catalog[pk][4])
    _assert_pages(backend, groups, Filters(), expected, [(5, 0), (size, 0), (7, size - 3)])


def test_then_to_every_group_but_any_one(catalog, small_thresholds, monkeypatch):
    """Three groups, and "fotokopi" is never in a title: the tier is the
    documents matching at least two of the three."""
    backend = get_backend()
    groups = _groups("ktp hilang fotokopi")
    assert len(groups) == 3
    every = sum(1 for f in catalog.values() if f[2] and f[3] and f[4])
    monkeypatch.setattr(sqlite_fts5, "CANDIDATE_FLOOR", every + 1)

    def two_of_three(pk):
        return sum([catalog[pk][2], catalog[pk][3], catalog[pk][4]]) >= 2

    expected = _tiered(backend, groups, Filters(), two_of_three)
    assert every < sum(1 for pk, _ in expected if two_of_three(pk)) < len(expected)
    ranked = backend.search(groups, Filters(), limit=every + 1, offset=0, fresh_since=_fresh())
    assert [pk for pk, _ in ranked] == [pk for pk, _ in expected[:every + 1]]


def test_documents_with_the_rarest_words_join_the_first_tier(catalog, small_thresholds, monkeypatch):
    """"ktp hilang kacamata": the one answer about glasses says neither
    "ktp" nor "hilang", so no tier condition selects it; as the query's
    rarest word it joins the first tier anyway and is ranked among it by
    relevance, not after every document that matches two common words."""
    backend = get_backend()
    index_document(make_document(
        500, "Ketentuan penjaminan kaca mata", summary="Layanan nomor 500.",
        body="Kacamata dijamin sekali dalam dua tahun.", official=True, verified_days_ago=10,
    ))
    glasses = SearchDocument.objects.get(object_id=500).pk
    groups = _groups("ktp hilang kacamata")
    assert len(groups) == 3

    def two_of_three(pk):
        return pk != glasses and sum([catalog[pk][2], catalog[pk][3]]) >= 2

    def ranked_position(rare_rows):
        monkeypatch.setattr(sqlite_fts5, "RARE_ROWS", rare_rows)
        ranked = backend.search(groups, Filters(), limit=200, offset=0, fresh_since=_fresh())
        return ranked, [pk for pk, _ in ranked].index(glasses)

    ranked, position = ranked_position(1)
    expected = _tiered(backend, groups, Filters(), lambda pk: pk == glasses or two_of_three(pk))
    assert [pk for pk, _ in ranked] == [pk for pk, _ in expected]
    _assert_pages(backend, groups, Filters(), ranked, [(5, 0), (10, 3)])  # pages inside the tier
    # Without it, the answer about glasses would only come after the whole tier.
    _, position_without = ranked_position(0)
    tier_size = sum(1 for pk in catalog if two_of_three(pk))
    assert position < tier_size <= position_without


def test_without_a_large_enough_tier_every_match_is_ranked_together(catalog, small_thresholds, monkeypatch):
    monkeypatch.setattr(sqlite_fts5, "CANDIDATE_FLOOR", 1000)
    backend = get_backend()
    groups = _groups("ktp hilang")
    exact = backend._full_search(_alternatives(groups), Filters(), limit=20, offset=0, fresh_since=_fresh())
    ranked = backend.search(groups, Filters(), limit=20, offset=0, fresh_since=_fresh())
    assert ranked == exact


def test_small_match_sets_are_ranked_exactly_with_the_real_thresholds(catalog):
    backend = get_backend()
    groups = _groups("ktp hilang")
    exact = backend._full_search(_alternatives(groups), Filters(), limit=20, offset=0, fresh_since=_fresh())
    assert backend.search(groups, Filters(), limit=20, offset=0, fresh_since=_fresh()) == exact


def test_alternatives_that_match_nothing_change_nothing(catalog, small_thresholds):
    """"ktp" also searches "kartu tanda penduduk", "ektp"… which no
    document here contains; leaving them out gives the same ranking."""
    backend = get_backend()
    groups = _groups("ktp hilang")
    assert len(groups[0].alternatives) > 1
    only_ktp = [analysis.QueryGroup(groups[0].surface, (("ktp",), ("ktp", "elektronik")), groups[0].kind), groups[1]]
    assert (backend.search(groups, Filters(), limit=15, offset=0, fresh_since=_fresh())
            == backend.search(only_ktp, Filters(), limit=15, offset=0, fresh_since=_fresh()))


def test_total_and_facets_count_the_same_matches_without_redundant_phrases(catalog):
    """The count leaves out "ktp elektronik" (every such document has "ktp")."""
    backend = get_backend()
    groups = _groups("ktp hilang")
    total, facets = backend.count_and_facets(groups, Filters(), ["type"])
    assert total == SearchBackend.count(backend, groups, Filters())
    assert facets["type"] == SearchBackend.facet(backend, groups, Filters(), "type")
