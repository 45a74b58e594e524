"""Public knowledge pages. Thin views: look up, check visibility, render."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from layanan.accounts import policies
from layanan.catalog.models import Agency

from .diffs import changed_sections
from .models import Article, ArticleRevision


def article_list(request):
    articles = Article.objects.published().for_listing().order_by("-published_at", "title")
    agency = None
    agency_slug = request.GET.get("instansi")
    if agency_slug:
        agency = get_object_or_404(Agency, slug=agency_slug)
        articles = articles.filter(agency=agency)
    page = Paginator(articles, settings.LAYANAN_PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "knowledge/article_list.html", {"page": page, "agency": agency})


def _structured_data(article: Article, request) -> dict:
    """schema.org FAQPage with the one official question and its answer."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "dateModified": article.updated_at.isoformat(),
        "publisher": {"@type": "GovernmentOrganization", "name": article.agency.name},
        "mainEntity": [{
            "@type": "Question",
            "name": article.title,
            "acceptedAnswer": {"@type": "Answer", "text": article.plain_text()},
        }],
    }
    if article.verified_at:
        data["lastReviewed"] = article.verified_at.date().isoformat()
    return data


def _visible_article(request, slug, *related) -> tuple[Article, bool]:
    """The article and whether the user may edit it; 404 for the public unless published."""
    article = get_object_or_404(Article.objects.select_related("agency", *related), slug=slug)
    can_edit = policies.can_edit_article(request.user, article)
    if not article.is_published and not can_edit:
        raise Http404
    return article, can_edit


def article_detail(request, slug):
    article, can_edit = _visible_article(request, slug, "category", "service", "service__agency", "verified_by")
    service = article.service
    if service is not None and service.status != service.Status.PUBLISHED and not can_edit:
        service = None
    return render(request, "knowledge/article_detail.html", {
        "article": article,
        "service": service,
        "freshness": article.freshness(),
        "can_edit": can_edit,
        "last_change": article.revisions.published().order_by("-number").first(),
        "credited_authors": list(article.credited_authors.all()) if article.is_promoted else [],
        "structured_data": _structured_data(article, request),
    })


def article_history(request, slug):
    """Published revisions only, newest first, with their change notes: what changed and when."""
    article, _can_edit = _visible_article(request, slug)
    revisions = article.revisions.published().order_by("-number")
    page = Paginator(revisions, settings.LAYANAN_PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "knowledge/article_history.html", {"article": article, "page": page})


def article_revision(request, slug, number):
    """What one published revision changed, compared with the revision published before it."""
    article, _can_edit = _visible_article(request, slug)
    revision = get_object_or_404(ArticleRevision.objects.published(), article=article, number=number)
    previous = article.revisions.published().filter(number__lt=number).order_by("-number").first()
    sections = changed_sections(
        (previous.title, previous.body_markdown) if previous else None, (revision.title, revision.body_markdown),
    )
    return render(request, "knowledge/article_revision.html", {
        "article": article, "revision": revision, "previous": previous, "sections": sections,
    })
