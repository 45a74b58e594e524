"""Official knowledge: FAQ entries and guides written by the agencies.

An `Article` is one official answer (kind "faq": the title is the question)
or a longer guide (kind "guide"). The answer is written in Markdown and
stored twice: the source as typed, and the sanitised HTML rendered from it on
save (see rendering.py), so pages never render or trust raw input on read.

Categories: an article may link to one of the portal's browse categories
(`category`, the same life-event list services use), and may also carry the
category name its agency's FAQ used (`category_label`, e.g. "M-Paspor" or
"JHT"). Agency FAQ taxonomies are not the portal's: forcing them into
`Category` would fill the site-wide browse list (which only site admins
manage) with one agency's internal headings, and dropping them would lose the
grouping the agency chose. The import links the category when the name
matches a portal category and keeps it as the label otherwise.

Status follows the review workflow: draft → in review → published →
archived. Only published articles are public and searchable.

Content changes go through revisions (`ArticleRevision`, see
services/workflow.py): a staff member writes a draft revision, submits it,
and a second person approves it (four eyes). The article's own title and
body are the content of its live revision, copied when that revision is
published, so public pages and the search index read one row. Before an
article is first published they mirror its working draft, which only staff
can see.

Articles promoted from the community keep where they came from as plain ids
(`source_question_id`, `source_answer_id`), not foreign keys: the community
app depends on this one, never the other way round, so knowledge stays
installable and migratable without it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rendering import html_to_text, render_markdown


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def for_agency(self, agency):
        return self.filter(agency=agency)

    def for_listing(self):
        return self.select_related("agency", "category", "service")

    def overdue(self, now=None):
        return self.filter(review_due_at__lt=now or timezone.now())

    def due_soon(self, now=None):
        now = now or timezone.now()
        return self.filter(
            review_due_at__gte=now,
            review_due_at__lt=now + timedelta(days=settings.LAYANAN_DUE_SOON_DAYS),
        )


class Article(models.Model):
    class Kind(models.TextChoices):
        FAQ = "faq", _("FAQ entry")
        GUIDE = "guide", _("Guide")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FAQ)
    title = models.CharField(
        _("question or title"), max_length=1000,
        help_text=_("For an FAQ entry, the question as citizens ask it."),
    )
    slug = models.SlugField(unique=True, max_length=120)
    body_markdown = models.TextField(
        _("answer"), help_text=_("Markdown. Links are kept; scripts and styles are removed."),
    )
    body_html = models.TextField(_("answer as HTML"), editable=False, default="")

    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="articles",
        verbose_name=_("owning agency"),
    )
    service = models.ForeignKey(
        "catalog.Service", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles", verbose_name=_("related service"),
    )
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles", verbose_name=_("portal category"),
    )
    category_label = models.CharField(
        _("agency's category"), max_length=120, blank=True,
        help_text=_("The heading this entry has in the agency's own FAQ, when it is not a portal category."),
    )
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True,
        help_text=_("Other words citizens use for this question, comma-separated."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_articles", verbose_name=_("content owner"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    # Freshness, as for services: stored due date so "what is overdue?" is one query.
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("verified by"),
    )
    review_interval_days = models.PositiveIntegerField(
        _("review interval (days)"), null=True, blank=True, help_text=_("Empty: the agency's default."),
    )
    review_due_at = models.DateTimeField(_("review due"), null=True, blank=True, db_index=True)

    # The revision whose content is public now (also kept while archived: the last public content).
    live_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("live revision"), editable=False,
    )

    # Promoted from the community (see community.services.promotion): plain ids, no foreign keys.
    source_question_id = models.PositiveBigIntegerField(
        _("community question"), null=True, blank=True, db_index=True, editable=False,
    )
    source_answer_id = models.PositiveBigIntegerField(
        _("community answer"), null=True, blank=True, db_index=True, editable=False,
    )
    credited_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="credited_articles",
        verbose_name=_("credited community authors"),
        help_text=_("Community members whose answers this article is based on; shown by display name."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:article", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_promoted(self) -> bool:
        return self.source_question_id is not None

    @property
    def open_revision(self):
        """The revision being written or reviewed (draft or in review), or None. Cached."""
        if "_open_revision" not in self.__dict__:
            self.__dict__["_open_revision"] = self.revisions.open().first() if self.pk else None
        return self.__dict__["_open_revision"]

    @property
    def revision_in_review(self):
        revision = self.open_revision
        return revision if revision is not None and revision.status == ArticleRevision.Status.IN_REVIEW else None

    @property
    def category_name(self) -> str:
        return self.category.name if self.category_id else self.category_label

    def plain_text(self) -> str:
        """The answer without markup, for search and summaries."""
        return html_to_text(self.body_html)

    def summary(self, words: int = 40) -> str:
        parts = self.plain_text().split()
        return " ".join(parts[:words]) + (" …" if len(parts) > words else "")

    # --- freshness ---------------------------------------------------------
    @property
    def effective_review_interval_days(self) -> int:
        return self.review_interval_days or self.agency.review_interval_days

    def compute_review_due_at(self):
        if self.verified_at is None:
            return None
        return self.verified_at + timedelta(days=self.effective_review_interval_days)

    def freshness(self, now=None) -> str:
        """"unverified", "overdue", "due-soon" or "fresh"."""
        now = now or timezone.now()
        if self.review_due_at is None:
            return "unverified"
        if self.review_due_at < now:
            return "overdue"
        if self.review_due_at < now + timedelta(days=settings.LAYANAN_DUE_SOON_DAYS):
            return "due-soon"
        return "fresh"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body_markdown)
        self.review_due_at = self.compute_review_due_at()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = set()
            if "body_markdown" in update_fields:
                derived.add("body_html")
            if {"verified_at", "review_interval_days"} & set(update_fields):
                derived.add("review_due_at")
            if "status" in update_fields:
                derived.add("published_at")
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)


class ArticleRevisionQuerySet(models.QuerySet):
    def open(self):
        """Being written or reviewed: at most one per article."""
        return self.filter(status__in=ArticleRevision.OPEN_STATUSES)

    def in_review(self):
        return self.filter(status=ArticleRevision.Status.IN_REVIEW)

    def scheduled(self):
        """Approved for a future publish date and not published yet."""
        return self.filter(status=ArticleRevision.Status.APPROVED, published_at__isnull=True,
                           publish_at__isnull=False)

    def due(self, now=None):
        """Scheduled revisions whose publish date has come."""
        return self.scheduled().filter(publish_at__lte=now or timezone.now())

    def published(self):
        """Revisions that have been public at some point: the public change history."""
        return self.filter(published_at__isnull=False)

    def for_agencies(self, agency_ids):
        """None means every agency (site admins)."""
        return self if agency_ids is None else self.filter(article__agency__in=agency_ids)


class ArticleRevision(models.Model):
    """One version of an article's content, with who wrote it, why, and its review.

    A revision moves draft → in review → approved (published now or at
    `publish_at`) or rejected. Approved and rejected revisions are history and
    never change again; a new change is a new revision.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Significance(models.TextChoices):
        MINOR = "minor", _("Minor (wording, typo, formatting)")
        MAJOR = "major", _("Major (changes what citizens must do or know)")

    OPEN_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions",
                                verbose_name=_("article"))
    number = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("author"),
    )
    # Everyone who saved this revision (ids): none of them may review it (four eyes).
    contributor_ids = models.JSONField(_("written by"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    change_note = models.CharField(_("change note"), max_length=300)
    significance = models.CharField(_("significance"), max_length=5, choices=Significance.choices,
                                    default=Significance.MINOR)
    title = models.CharField(_("question or title"), max_length=1000)
    body_markdown = models.TextField(_("answer"))
    body_html = models.TextField(_("answer as HTML"), editable=False, default="")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    publish_at = models.DateTimeField(_("scheduled publication"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="knowledge_revision_number_unique"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(status__in=["draft", "in_review"]),
                name="knowledge_one_open_revision_per_article",
            ),
        ]

    def __str__(self):
        return f"{self.article} #{self.number}"

    def get_absolute_url(self):
        """The staff review page."""
        return reverse("knowledge_staff:revision", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.APPROVED and self.published_at is None and self.publish_at is not None

    @property
    def is_live(self) -> bool:
        return self.article.live_revision_id == self.pk

    @property
    def is_major(self) -> bool:
        return self.significance == self.Significance.MAJOR

    def written_by(self, user) -> bool:
        return user.pk is not None and (user.pk == self.author_id or user.pk in (self.contributor_ids or []))

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body_markdown)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body_markdown" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)
