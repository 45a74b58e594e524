"""search() and suggest(): facets, filters, typo tolerance, snippets."""

from layanan.search.services.indexing import index_document
from layanan.search.services.query import search, suggest

from .conftest import make_document


def test_empty_or_stopword_only_queries_return_nothing(corpus):
    assert search("").total == 0
    response = search("yang dan di")
    assert response.results == [] and response.total == 0


def test_facets_count_types_agencies_categories_and_regions(corpus):
    index_document(make_document(900, "Cara perpanjangan SIM lewat aplikasi", agency="polri", category="berkendara"))
    facets = search("perpanjangan sim").facets
    assert [(v, n) for v, _, n in facets["type"]] == [("service", 2), ("article", 1)]
    assert facets["agency"][0][0] == "polri" and facets["agency"][0][2] == 3
    assert {v for v, _, _ in facets["category"]} == {"berkendara"}
    assert [(v, n) for v, _, n in facets["region"]] == [(None, 3)]


def test_filters_narrow_results_and_facets_ignore_their_own_filter(corpus):
    index_document(make_document(900, "Perpanjangan SIM keliling", agency="polri", category="berkendara"))
    response = search("perpanjangan sim", types="article")
    assert [h.type for h in response.results] == ["article"]
    assert response.total == 1
    # The type facet still offers services, so the user can switch back.
    assert {v for v, _, _ in response.facets["type"]} == {"service", "article"}
    assert search("ktp", agency="polri").total == 0
    assert search("surat", category="keamanan").results[0].title == "SKCK"


def test_region_filter_keeps_national_documents_and_those_of_the_region(corpus, region_jepara):
    index_document(make_document(901, "Akta kelahiran di Jepara", region="33.20", doc_type="service"))
    index_document(make_document(902, "Akta kelahiran di Bali", region="51.71", doc_type="service"))
    titles = {h.title for h in search("akta kelahiran", region="33.20").results}
    assert "Akta kelahiran" in titles and "Akta kelahiran di Jepara" in titles
    assert "Akta kelahiran di Bali" not in titles
    # a village inside Jepara still sees Jepara's documents
    assert "Akta kelahiran di Jepara" in {h.title for h in search("akta", region="33.20.01").results}


def test_misspelt_word_is_corrected_and_offered_as_did_you_mean(corpus):
    response = search("paspr baru")
    assert response.did_you_mean == "paspor baru"
    assert response.results[0].id == corpus["paspor-baru"].pk
    response = search("perpanjagan sim c")
    assert response.did_you_mean == "perpanjangan sim c"
    assert response.results[0].id == corpus["perpanjangan-sim-c"].pk


def test_known_words_inflections_and_dictionary_terms_are_not_corrected(corpus):
    assert search("paspor").did_you_mean is None
    assert search("perpanjangannya").did_you_mean is None  # stem "panjang" is indexed
    assert search("skck").did_you_mean is None
    assert search("xyzzyq").did_you_mean is None  # nothing close: no suggestion


def test_words_the_dictionary_wrote_are_not_corrected_to_rare_indexed_words(db):
    # "brp" is written "berapa" by the dictionary; no document says "berapa",
    # but a village named Barapa is one edit away
    index_document(make_document(1, "Biaya paspor baru", summary="Biaya paspor biasa dan elektronik."))
    index_document(make_document(2, "Kantor Kelurahan Barapa", summary="Alamat kantor kelurahan Barapa."))
    response = search("brp biaya paspor")
    assert response.did_you_mean is None
    assert [hit.id for hit in response.results] == [1]


def test_seeded_abbreviations_are_expanded_not_corrected(db):
    index_document(make_document(1, "Sertifikat halal usaha mikro kecil dan menengah"))
    index_document(make_document(2, "Informasi umum", summary="Layanan umum."))
    response = search("sertifikat halal umkm")
    assert response.did_you_mean is None  # not "umum"
    assert [hit.id for hit in response.results] == [1]


def test_snippet_marks_matched_words_and_escapes_everything_else(db):
    index_document(make_document(
        1, "Kehilangan dokumen",
        summary='Lapor <script>alert("x")</script> kehilangan dokumen ke kantor polisi terdekat.'))
    snippet = search("hilang").results[0].snippet
    assert "<mark>kehilangan</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_snippet_falls_back_to_the_body_when_the_summary_has_no_match(db):
    index_document(make_document(1, "Paspor", summary="Ringkasan.", body="Syarat: KTP-el dan akta kelahiran."))
    assert "<mark>KTP-el</mark>" in search("ktp").results[0].snippet


def test_results_page_with_limit_and_offset(corpus):
    everything = [h.id for h in search("kependudukan penerbitan", limit=10).results]
    assert len(everything) > 2
    assert [h.id for h in search("kependudukan penerbitan", limit=2, offset=1).results] == everything[1:3]


def test_hit_carries_what_a_result_list_needs(corpus):
    hit = search("skck").results[0]
    assert hit.type == "service" and hit.url.endswith("/skck/")
    assert hit.agency_slug == "polri" and hit.agency_name.startswith("Kepolisian")
    assert hit.category_slug == "keamanan" and hit.official is True


def test_suggest_completes_the_last_word_of_titles(corpus):
    assert [h.title for h in suggest("perpanjangan s")] == ["Perpanjangan SIM A", "Perpanjangan SIM C"]
    assert [h.title for h in suggest("pas")] == ["Paspor baru"]
    assert [h.title for h in suggest("e-k")] == []  # no title starts a word with "ek"
    assert [h.title for h in suggest("ktp")][:2] == ["KTP-el baru", "KTP-el hilang atau rusak"]
    assert suggest("p") == []


def test_suggest_prefers_official_then_shorter_titles(db):
    index_document(make_document(1, "Paspor untuk anak di bawah umur", official=False))
    index_document(make_document(2, "Paspor untuk anak", official=False))
    index_document(make_document(3, "Paspor untuk lansia dan penyandang disabilitas", official=True))
    assert [h.id for h in suggest("paspor un")] == [3, 2, 1]


def test_one_pass_count_and_facets_equal_separate_count_and_facet_queries(corpus, region_jepara):
    from layanan.search.backends import get_backend
    from layanan.search.services.query import FACETS, _filters, parse_query

    index_document(make_document(901, "Perpanjangan SIM di Jepara", region="33.20", agency="polri"))
    index_document(make_document(902, "Perpanjangan akta di Bali", region="51.71", doc_type="service"))
    backend = get_backend()
    groups, _ = parse_query("perpanjangan sim akta")
    for filters in [
        _filters(None, None, None, None),
        _filters(["article"], None, None, None),
        _filters(["service", "article"], "polri", None, "33.20"),
        _filters(None, None, "berkendara", "51.71"),
    ]:
        total, facets = backend.count_and_facets(groups, filters, FACETS)
        assert total == backend.count(groups, filters)
        for dimension in FACETS:
            expected = backend.facet(groups, filters, dimension)
            assert facets[dimension] == expected


def test_facet_values_with_equal_counts_come_in_label_order_on_every_database(db):
    """Most frequent first, then by label compared by code point (not by the
    database's collation: PostgreSQL's follows the database's locale)."""
    from dataclasses import replace

    from layanan.search.backends import get_backend
    from layanan.search.backends.base import Filters
    from layanan.search.services.query import FACETS, parse_query

    for doc_id, agency, name in [(1, "b", "kantor B"), (2, "b", "kantor B"), (3, "a", "alpha"), (4, "z", "Zeta")]:
        index_document(replace(make_document(doc_id, "Izin keramaian"), agency_slug=agency, agency_name=name))
    backend = get_backend()
    groups, _ = parse_query("izin keramaian")
    expected = [("b", "kantor B", 2), ("z", "Zeta", 1), ("a", "alpha", 1)]
    assert backend.facet(groups, Filters(), "agency") == expected
    assert backend.count_and_facets(groups, Filters(), FACETS)[1]["agency"] == expected
    assert search("izin keramaian").facets["agency"] == expected


def test_a_search_reads_the_dictionary_version_and_the_known_words_once_each(corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = search("brp biaya perpanjangn sim c")
    assert response.did_you_mean  # "perpanjangn" was looked up and corrected
    sql = [q["sql"] for q in captured.captured_queries]
    assert len([s for s in sql if "search_searchstate" in s]) == 1
    # which typed words and stems the index knows: one read (the ORM quotes
    # the table; the typo candidates are read with raw SQL)
    assert len([s for s in sql if '"search_vocabularyterm"' in s]) == 1
