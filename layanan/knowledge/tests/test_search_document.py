"""What the search index is told about an article."""

import pytest
from django.utils import translation

from layanan.catalog.tests.factories import CategoryFactory, RegionFactory, ServiceFactory
from layanan.knowledge.models import Article
from layanan.knowledge.search import article_to_document, indexable_articles
from layanan.search.registry import get_registration

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_articles_are_registered_with_the_search_index():
    registration = get_registration("article")
    assert registration is not None and registration.model is Article


def test_published_article_becomes_an_official_document_with_a_plain_text_body():
    service = ServiceFactory(name="Penerbitan Paspor")
    category = CategoryFactory(slug="perjalanan", name="Perjalanan")
    article = ArticleFactory(
        title="Bagaimana cara membuat paspor?", body_markdown="Daftar lewat **M-Paspor** <script>x()</script>.",
        agency=service.agency, service=service, category=category, keywords="pasport, paspor baru",
    )
    doc = article_to_document(article)
    assert doc.type == "article" and doc.id == article.pk
    assert doc.title == "Bagaimana cara membuat paspor?"
    assert doc.body == "Daftar lewat M-Paspor ."
    assert "<" not in doc.summary
    assert doc.url == f"/pengetahuan/{article.slug}/"
    assert doc.official is True
    assert (doc.agency_slug, doc.agency_name) == (service.agency.slug, service.agency.name)
    assert (doc.category_slug, doc.category_name) == ("perjalanan", "Perjalanan")
    assert "pasport, paspor baru" in doc.keywords and "Penerbitan Paspor" in doc.keywords
    assert doc.verified_at == article.verified_at


def test_agency_heading_goes_to_keywords_not_to_the_category_facet():
    doc = article_to_document(ArticleFactory(category_label="M-Paspor"))
    assert doc.category_slug == "" and doc.category_name == ""
    assert "M-Paspor" in doc.keywords


def test_local_agency_gives_the_region():
    article = ArticleFactory()
    article.agency.region = RegionFactory(code="51", name="Bali")
    article.agency.save()
    doc = article_to_document(Article.objects.get(pk=article.pk))
    assert (doc.region_code, doc.region_name) == ("51", "Bali")


def test_url_has_no_language_prefix_even_when_english_is_active():
    article = ArticleFactory()
    with translation.override("en"):
        assert article_to_document(article).url == f"/pengetahuan/{article.slug}/"


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED])
def test_unpublished_articles_are_not_indexable(status):
    article = ArticleFactory(status=status)
    assert article_to_document(article) is None
    assert not indexable_articles().filter(pk=article.pk).exists()


def test_published_article_is_found_and_leaves_the_index_when_archived(django_capture_on_commit_callbacks):
    from layanan.search.services.query import search

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="Bagaimana cara mengganti paspor yang hilang?",
                                 body_markdown="Datang ke kantor imigrasi dengan surat kehilangan dari polisi.")
        ArticleFactory(title="Bagaimana cara mengganti paspor yang rusak?", status=Article.Status.DRAFT)
    hits = search("paspor hilang", types=["article"]).results
    assert [h.id for h in hits] == [article.pk]
    assert hits[0].url == article.get_absolute_url() and hits[0].official

    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.ARCHIVED
        article.save()
    assert search("paspor hilang", types=["article"]).results == []


def test_imported_faq_is_searchable(tmp_path, django_capture_on_commit_callbacks):
    import io

    from django.core.management import call_command

    from layanan.search.services.query import search

    path = tmp_path / "faq.csv"
    path.write_text("question,answer\nBerapa iuran BPJS Kesehatan kelas 3?,Iuran kelas III Rp42.000 per orang per bulan.\n",
                    encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_faq", str(path), agency="BPJS Kesehatan", stdout=io.StringIO())
    hits = search("iuran kelas 3", types=["article"]).results
    assert [h.title for h in hits] == ["Berapa iuran BPJS Kesehatan kelas 3?"]
