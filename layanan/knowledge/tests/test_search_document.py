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
