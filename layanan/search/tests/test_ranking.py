"""Expected top results on a fixed catalog. The same assertions run on
SQLite (FTS5) and on PostgreSQL (tsvector): passing on both shows the two
backends agree."""

import pytest
from django.db import connection

from layanan.search.backends import get_backend
from layanan.search.services.indexing import index_document
from layanan.search.services.query import search

from .conftest import make_document

# query → the service that must come first
EXPECTED_FIRST = [
    ("gimana cara bikin ktp kalo ilang", "ktp-hilang"),
    ("ktp baru", "ktp-baru"),
    ("kartu tanda penduduk hilang", "ktp-hilang"),
    ("e-KTP rusak", "ktp-hilang"),
    ("brp biaya perpanjang sim c", "perpanjangan-sim-c"),
    ("perpanjangan SIM A", "perpanjangan-sim-a"),
    ("surat keterangan catatan kepolisian", "skck"),
    ("skck", "skck"),
    ("akta lahir anak", "akta-kelahiran"),
    ("passport", "paspor-baru"),
    ("SPT 1770 SS", "lapor-spt"),
    ("efin", "lapor-spt"),
    ("pph 21", "lapor-spt"),
    ("imb", "pbg"),
    ("kk baru", "kk-baru"),
]


def test_backend_matches_the_database():
    expected = {"sqlite": "sqlite-fts5", "postgresql": "postgresql"}[connection.vendor]
    assert get_backend().name == expected


@pytest.mark.parametrize("query, slug", EXPECTED_FIRST)
def test_expected_service_ranks_first(corpus, query, slug):
    response = search(query)
    assert response.results, query
    assert response.results[0].id == corpus[slug].pk, [h.title for h in response.results[:3]]


def test_both_ktp_services_lead_a_plain_ktp_query(corpus):
    top_two = {h.id for h in search("ktp").results[:2]}
    assert top_two == {corpus["ktp-baru"].pk, corpus["ktp-hilang"].pk}


def test_scores_are_descending_and_positive(corpus):
    scores = [h.score for h in search("perpanjangan sim").results]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)


def test_title_match_outranks_body_match(db):
    index_document(make_document(1, "Lain-lain", body="Informasi tentang legalisir ijazah di sini."))
    index_document(make_document(2, "Legalisir ijazah", body="Informasi umum."))
    assert [h.id for h in search("legalisir").results] == [2, 1]


def test_official_content_wins_when_relevance_is_equal(db):
    index_document(make_document(1, "Cara lapor kehilangan dokumen", official=False))
    index_document(make_document(2, "Cara lapor kehilangan dokumen", official=True))
    assert [h.id for h in search("lapor kehilangan dokumen").results] == [2, 1]


def test_recently_verified_content_wins_when_relevance_is_equal(db):
    index_document(make_document(1, "Pindah domisili antar kota", verified_days_ago=900))
    index_document(make_document(2, "Pindah domisili antar kota", verified_days_ago=3))
    assert [h.id for h in search("pindah domisili").results] == [2, 1]


def test_boosts_do_not_override_clearly_better_relevance(db):
    index_document(make_document(1, "Surat keterangan domisili usaha", summary="Domisili usaha.",
                                 official=False))
    index_document(make_document(2, "Informasi umum layanan", body="Juga tentang domisili.",
                                 official=True, verified_days_ago=1))
    assert [h.id for h in search("domisili usaha").results][0] == 1
