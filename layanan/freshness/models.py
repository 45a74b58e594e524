"""Keeping official information current.

Citizens tell the owning agency what is wrong or missing on a service or
article page: a quick "was this helpful?" (`Feedback`), a report that the
information is inaccurate (`InaccuracyReport`, a freshness ticket) or a
concrete correction (`SuggestedEdit`). The agency's editors handle them on
the freshness dashboard, where they also re-verify content that is due.

Every row points at exactly one page: a service or a knowledge article. The
owning agency is read through that page (`agency_id`), so a ticket follows its
page if the page moves to another agency.

Free text from citizens goes through the privacy shield before it is stored.
Feedback keeps only the masked text. Reports and suggestions keep the
original too (in `*_private`, only when something was masked), because a
correction may legitimately be a phone number or an email address of an
office: only the author and the agency's staff see it (accounts.policies).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TargetQuerySet(models.QuerySet):
    def for_agency(self, agency_id):
        return self.filter(Q(service__agency_id=agency_id) | Q(article__agency_id=agency_id))

    def with_target(self):
        return self.select_related("service", "service__agency", "article", "article__agency")


class PageTarget(models.Model):
    """The page a row is about: a service or an article, never both."""

    service = models.ForeignKey(
        "catalog.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("service"),
    )
    article = models.ForeignKey(
        "knowledge.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("article"),
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(Q(service__isnull=False, article__isnull=True)
                           | Q(service__isnull=True, article__isnull=False)),
                name="%(app_label)s_%(class)s_one_target",
            )
        ]

    @property
    def target(self):
        return self.service if self.service_id else self.article

    @target.setter
    def target(self, obj):
        from layanan.catalog.models import Service

        if isinstance(obj, Service):
            self.service, self.article = obj, None
        else:
            self.service, self.article = None, obj

    @property
    def target_kind(self) -> str:
        """"service" or "article"."""
        return "service" if self.service_id else "article"

    @property
    def agency_id(self):
        """The agency that owns the page, which handles this row."""
        return self.target.agency_id

    @property
    def target_title(self) -> str:
        target = self.target
        return target.name if self.service_id else target.title


class Feedback(PageTarget):
    """One answer to "Was this information helpful?". No user, no address:
    only the answer and, for "no", the reason with personal data masked."""

    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("what was missing"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta(PageTarget.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self):
        return f"{self.target_title}: {'+' if self.helpful else '-'}"


class InaccuracyReport(PageTarget):
    """A citizen says a page is wrong: a freshness ticket for the owning agency."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="inaccuracy_reports", verbose_name=_("reported by"),
    )
    description = models.TextField(_("what is wrong"))
    description_private = models.TextField(_("what is wrong, unmasked"), blank=True, editable=False)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("handled by"),
    )
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)

    class Meta(PageTarget.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("inaccuracy report")
        verbose_name_plural = _("inaccuracy reports")

    def __str__(self):
        return _("Report on %(page)s") % {"page": self.target_title}

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def author_id(self):
        return self.reporter_id


class SuggestedEdit(PageTarget):
    """A citizen's proposed correction of one part of a page."""

    class Field(models.TextChoices):
        # Services
        NAME = "name", _("Name")
        SUMMARY = "summary", _("Summary")
        REQUIREMENTS = "requirements", _("Requirements")
        STEPS = "steps", _("Procedure")
        DURATION = "duration", _("How long it takes")
        FEES = "fees", _("Cost")
        PRODUCT = "product", _("What you receive")
        CHANNELS = "channels", _("Where to go")
        COMPLAINTS = "complaints", _("Complaints and suggestions")
        LEGAL_BASIS = "legal_basis", _("Legal basis")
        # Articles
        TITLE = "title", _("Question or title")
        BODY = "body", _("Answer")
        OTHER = "other", _("Something else")

    SERVICE_FIELDS = [Field.NAME, Field.SUMMARY, Field.REQUIREMENTS, Field.STEPS, Field.DURATION, Field.FEES,
                      Field.PRODUCT, Field.CHANNELS, Field.COMPLAINTS, Field.LEGAL_BASIS, Field.OTHER]
    ARTICLE_FIELDS = [Field.TITLE, Field.BODY, Field.OTHER]

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggested_edits",
        verbose_name=_("proposed by"),
    )
    field = models.CharField(_("part of the page"), max_length=20, choices=Field.choices)
    current_text = models.TextField(_("text when suggested"), blank=True)
    proposed_text = models.TextField(_("proposed text"))
    proposed_text_private = models.TextField(_("proposed text, unmasked"), blank=True, editable=False)
    reason = models.TextField(_("reason"))
    source_url = models.URLField(_("source"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    created_at = models.DateTimeField(_("suggested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Set when accepting applied the text: the service revision it created.
    applied_revision = models.PositiveIntegerField(_("applied in revision"), null=True, blank=True)

    class Meta(PageTarget.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggested edit")
        verbose_name_plural = _("suggested edits")

    def __str__(self):
        return _("Suggestion for %(page)s") % {"page": self.target_title}

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def author_id(self):
        return self.proposer_id

    @property
    def original_text(self) -> str:
        """The proposed text as typed (for the proposer and the agency's staff only)."""
        return self.proposed_text_private or self.proposed_text


class Notification(models.Model):
    """An in-app notice to a citizen about their suggestion or report (also sent by email)."""

    class Kind(models.TextChoices):
        SUGGESTION_ACCEPTED = "suggestion-accepted", _("Your suggestion was accepted")
        SUGGESTION_DECLINED = "suggestion-declined", _("Your suggestion was declined")
        REPORT_RESOLVED = "report-resolved", _("Your report was resolved")
        REPORT_DISMISSED = "report-dismissed", _("Your report was dismissed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="freshness_notifications")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    suggestion = models.ForeignKey(SuggestedEdit, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    report = models.ForeignKey(InaccuracyReport, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("freshness notification")
        verbose_name_plural = _("freshness notifications")

    def __str__(self):
        return self.get_kind_display()


class DigestDelivery(models.Model):
    """One digest or escalation mail sent to one person for one agency on one day,
    so the daily job can be retried or run twice without mailing anyone twice."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Digest")
        ESCALATION = "escalation", _("Escalation")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("catalog.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "kind", "sent_on"],
                                    name="freshness_one_delivery_per_day"),
        ]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
