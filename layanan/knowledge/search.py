"""Knowledge articles in the search index (see layanan/search/registry.py).

Only published articles are indexed; saving a draft or archiving an article
removes it. The agency's own category heading ("JHT", "M-Paspor") and the
linked service's name go into the keywords: they are words citizens use.
"""

from django.conf import settings
from django.utils import translation

from layanan.search.registry import IndexedDocument, register

from .models import Article


def article_to_document(article: Article) -> IndexedDocument | None:
    if not article.is_published:
        return None
    agency = article.agency
    region = agency.region if agency.region_id else None
    extra = [article.keywords, article.category_label]
    if article.service_id:
        extra.append(article.service.name)
    # A path without a language prefix, whatever language is active now.
    with translation.override(settings.LANGUAGE_CODE):
        url = article.get_absolute_url()
    text = article.plain_text()
    return IndexedDocument(
        type="article",
        id=article.pk,
        title=article.title,
        summary=article.summary(40),
        body=text,
        url=url,
        agency_slug=agency.slug,
        agency_name=agency.name,
        category_slug=article.category.slug if article.category_id else "",
        category_name=article.category.name if article.category_id else "",
        region_code=region.code if region else None,
        region_name=region.name if region else "",
        official=True,
        verified_at=article.verified_at,
        updated_at=article.updated_at,
        keywords=", ".join(word for word in extra if word),
    )


def indexable_articles():
    return Article.objects.published().select_related("agency", "agency__region", "category", "service")


register("article", Article, queryset=indexable_articles, to_document=article_to_document)
