"""The index follows the catalog: saves, related rows, unpublishing, deletes,
and the rebuild command."""

import io

import pytest
from django.utils import translation

from django.core.management import call_command

from layanan.catalog.models import Service
from layanan.catalog.tests.factories import RequirementFactory, ServiceFactory
from layanan.search.models import SearchDocument, VocabularyTerm
from layanan.search.services.query import search


@pytest.fixture(autouse=True)
def english_command_output():
    """Commands print in the active language (Indonesian by default); these tests read the English msgids."""
    with translation.override("en"):
        yield


def _ids(query):
    return [h.id for h in search(query).results]


def test_a_new_published_service_is_searchable_once_committed(db, index_now):
    service = index_now(ServiceFactory, name="Legalisir ijazah", summary="Pengesahan fotokopi ijazah.")
    assert _ids("legalisir") == [service.pk]
    doc = SearchDocument.objects.get(doc_type="service", object_id=service.pk)
    assert doc.url == f"/layanan/{service.slug}/" or doc.url.endswith(f"{service.slug}/")
    assert doc.official and doc.agency_slug == service.agency.slug


def test_nothing_is_indexed_before_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ServiceFactory(name="Legalisir ijazah")
    assert callbacks
    assert not SearchDocument.objects.exists()


def test_editing_a_service_updates_its_document(corpus, index_now):
    service = corpus["skck"]
    service.name = "SKCK online"
    service.summary = "Permohonan SKCK lewat aplikasi Presisi."
    index_now(service.save)
    assert _ids("presisi") == [service.pk]
    assert search("skck").results[0].title == "SKCK online"


def test_changing_a_requirement_reindexes_its_service(corpus, index_now):
    service = corpus["paspor-baru"]
    index_now(RequirementFactory, service=service, text="Surat rekomendasi beasiswa")
    assert _ids("beasiswa") == [service.pk]


def test_unpublishing_removes_the_service_and_republishing_restores_it(corpus, index_now):
    service = corpus["skck"]
    service.status = Service.Status.ARCHIVED
    index_now(service.save)
    assert service.pk not in _ids("skck")
    assert not SearchDocument.objects.filter(object_id=service.pk, doc_type="service").exists()
    service.status = Service.Status.PUBLISHED
    index_now(service.save)
    assert _ids("skck")[0] == service.pk


def test_drafts_are_never_indexed(db, index_now):
    index_now(ServiceFactory, name="Layanan rahasia", status=Service.Status.DRAFT)
    assert _ids("rahasia") == []


def test_deleting_a_service_removes_it(corpus, index_now):
    service = corpus["pbg"]
    pk = service.pk
    index_now(service.delete)
    assert pk not in _ids("bangunan")


def test_vocabulary_counts_documents_and_forgets_removed_words(db, index_now):
    first = index_now(ServiceFactory, name="Legalisir ijazah", summary="Legalisir.")
    index_now(ServiceFactory, name="Legalisir akta", summary="Legalisir.")
    word = VocabularyTerm.objects.get(kind="word", term="legalisir")
    assert word.doc_count == 2
    assert VocabularyTerm.objects.filter(kind="word", term="ijazah", doc_count=1).exists()
    first.status = Service.Status.ARCHIVED
    index_now(first.save)
    word.refresh_from_db()
    assert word.doc_count == 1
    assert not VocabularyTerm.objects.filter(kind="word", term="ijazah").exists()


def test_rebuild_command_indexes_everything_and_reports_counts(corpus):
    ServiceFactory(name="Legalisir tanpa indeks")  # its on-commit update never runs here
    SearchDocument.objects.filter(object_id=corpus["skck"].pk).delete()  # and one went missing
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert "service: 11 indexed" in out.getvalue()
    assert "Search index rebuilt: 11 documents" in out.getvalue()
    assert "Semantic vectors: 11 documents embedded." in out.getvalue()
    assert "100%" in err.getvalue() and "11/11" in err.getvalue()
    assert SearchDocument.objects.filter(doc_type="service").count() == 11
    assert not SearchDocument.objects.filter(embedding=None).exists()
    assert _ids("skck")[0] == corpus["skck"].pk
    assert search("legalisir").total == 1
    assert VocabularyTerm.objects.get(kind="word", term="ktp").doc_count >= 2


def test_rebuild_without_semantic_re_ranking_says_no_vectors_were_made(corpus, settings):
    settings.LAYANAN_SEARCH_SEMANTIC = False
    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "Semantic re-ranking is off or not installed: no vectors made." in out.getvalue()
    assert not SearchDocument.objects.exclude(embedding=None).exists()


def test_rebuild_skips_unpublished_services(corpus):
    ServiceFactory(name="Konsep layanan", status=Service.Status.DRAFT)
    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "service: 10 indexed" in out.getvalue()
    assert search("konsep").total == 0
