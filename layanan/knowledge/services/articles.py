"""Writing knowledge articles: every staff change goes through these functions,
so permissions are checked and the change is audited in one place.

Content (title and answer) changes only through the review workflow in
workflow.py; `save_article` is for the article's other fields (kind, links,
category, keywords, owner, review interval), edited in the staff admin.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from layanan.accounts import policies
from layanan.audit.services import record as audit

from ..models import Article

SLUG_MAX = 100


class PermissionDenied(DjangoPermissionDenied):
    """The user may not do this. A Django PermissionDenied, so views answer 403."""


def unique_slug(title: str, *, taken: set[str] | None = None, exclude_pk=None) -> str:
    """A slug from the title that no other article uses ("cara-x", "cara-x-2"…).

    `taken` lets bulk callers pass the slugs already in use (and keeps it
    updated) instead of querying once per candidate.
    """
    base = slugify(title)[:SLUG_MAX].strip("-") or "artikel"

    def used(candidate):
        if taken is not None:
            return candidate in taken
        qs = Article.objects.filter(slug=candidate)
        if exclude_pk is not None:
            qs = qs.exclude(pk=exclude_pk)
        return qs.exists()

    slug, n = base, 1
    while used(slug):
        n += 1
        slug = f"{base}-{n}"
    if taken is not None:
        taken.add(slug)
    return slug


@transaction.atomic
def save_article(article: Article, actor, *, changed_fields=(), created: bool | None = None) -> Article:
    """Save a staff edit of an article's metadata (the staff admin)."""
    if created is None:
        created = article.pk is None
    if not policies.can_edit_article(actor, article):
        raise PermissionDenied
    if not article.slug:
        article.slug = unique_slug(article.title, exclude_pk=article.pk)
    article.save()
    audit(actor, "article.create" if created else "article.edit", article,
          agency_id=article.agency_id, status=article.status, fields=sorted(changed_fields))
    return article


@transaction.atomic
def verify_article(article: Article, actor, *, when=None) -> Article:
    """Record that `actor` checked the answer against its source, without changing content."""
    if not policies.can_edit_article(actor, article):
        raise PermissionDenied
    article.verified_at = when or timezone.now()
    article.verified_by = actor
    article.save(update_fields=["verified_at", "verified_by", "updated_at"])
    audit(actor, "article.verify", article, agency_id=article.agency_id,
          verified_at=article.verified_at.isoformat())
    return article


def published_articles_from_question(question_id: int):
    """Published articles promoted from a community question (its page links to them)."""
    return Article.objects.published().filter(source_question_id=question_id).order_by("published_at", "pk")
