"""What is due where: the read side shared by the dashboard, the daily digest
and `freshness_report`, so all three always agree.

An item is a service or a knowledge article with its freshness state
(`fresh`, `due-soon`, `overdue` or `unverified`, as the public page shows it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from layanan.catalog.models import Service
from layanan.knowledge.models import Article

from .models import Feedback, InaccuracyReport, SuggestedEdit

STATES = ("overdue", "unverified", "due-soon", "fresh")
NEEDS_ATTENTION = ("overdue", "unverified", "due-soon")


@dataclass
class Item:
    kind: str  # "service" or "article"
    obj: object
    state: str
    helpful: int = 0
    not_helpful: int = 0

    @property
    def title(self) -> str:
        return self.obj.name if self.kind == "service" else self.obj.title

    @property
    def agency_id(self):
        return self.obj.agency_id

    @property
    def owner(self):
        return self.obj.owner

    @property
    def edit_url(self) -> str:
        """Where staff edit it: the admin for services; the knowledge workflow's
        page for articles when that app has one, else the admin."""
        if self.kind == "service":
            return reverse("admin:catalog_service_change", args=[self.obj.pk])
        try:
            return reverse("knowledge_staff:article", args=[self.obj.pk])
        except NoReverseMatch:
            return reverse("admin:knowledge_article_change", args=[self.obj.pk])

    @property
    def days_overdue(self) -> int:
        due = self.obj.review_due_at
        return max((timezone.now() - due).days, 0) if due and self.state == "overdue" else 0


def _services(agency_id=None, *, published_only: bool):
    qs = Service.objects.select_related("agency", "owner", "verified_by")
    qs = qs.published() if published_only else qs.exclude(status=Service.Status.ARCHIVED)
    return qs.filter(agency_id=agency_id) if agency_id is not None else qs


def _articles(agency_id=None, *, published_only: bool):
    qs = Article.objects.select_related("agency", "owner", "verified_by")
    qs = qs.published() if published_only else qs.exclude(status=Article.Status.ARCHIVED)
    return qs.filter(agency_id=agency_id) if agency_id is not None else qs


def _attention_filter(now):
    soon = now + timedelta(days=settings.LAYANAN_DUE_SOON_DAYS)
    return Q(review_due_at__isnull=True) | Q(review_due_at__lt=soon)


def items(agency_id=None, *, now=None, attention_only=True, published_only=True) -> list[Item]:
    """Services then articles, most overdue first. With `attention_only`, only
    what is overdue, unverified or due soon (one query per kind)."""
    now = now or timezone.now()
    result = []
    for kind, qs in (("service", _services(agency_id, published_only=published_only)),
                     ("article", _articles(agency_id, published_only=published_only))):
        if attention_only:
            qs = qs.filter(_attention_filter(now))
        for obj in qs.order_by("review_due_at", "pk"):
            result.append(Item(kind, obj, obj.freshness(now)))
    order = {state: i for i, state in enumerate(STATES)}
    result.sort(key=lambda item: order[item.state])  # stable: due date order kept within a state
    return result


def escalated(item_list, *, now=None) -> list[Item]:
    """Overdue for longer than LAYANAN_ESCALATE_AFTER_DAYS."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.LAYANAN_ESCALATE_AFTER_DAYS)
    return [i for i in item_list if i.state == "overdue" and i.obj.review_due_at < limit]


def add_feedback_counts(item_list, agency_id) -> None:
    """Fill in helpful / not helpful counts per page (one query)."""
    counts = (
        Feedback.objects.for_agency(agency_id)
        .values("service_id", "article_id", "helpful").annotate(n=Count("id")).order_by()
    )
    by_page = defaultdict(lambda: [0, 0])
    for row in counts:
        key = ("service", row["service_id"]) if row["service_id"] else ("article", row["article_id"])
        by_page[key][0 if row["helpful"] else 1] += row["n"]
    for item in item_list:
        item.helpful, item.not_helpful = by_page.get((item.kind, item.obj.pk), (0, 0))


def open_reports(agency_id=None):
    qs = InaccuracyReport.objects.filter(status=InaccuracyReport.Status.OPEN).with_target()
    qs = qs.select_related("reporter").order_by("created_at", "pk")
    return qs.for_agency(agency_id) if agency_id is not None else qs


def pending_suggestions(agency_id=None):
    qs = SuggestedEdit.objects.filter(status=SuggestedEdit.Status.PENDING).with_target()
    qs = qs.select_related("proposer").order_by("created_at", "pk")
    return qs.for_agency(agency_id) if agency_id is not None else qs


def pending_reviews(agency_id):
    """Article revisions waiting for a second person's review, when the knowledge
    app has the review workflow; an empty list otherwise."""
    try:
        from layanan.knowledge.models import ArticleRevision
    except ImportError:
        return []
    return list(
        ArticleRevision.objects.in_review().filter(article__agency_id=agency_id)
        .select_related("article", "author").order_by("submitted_at", "pk")
    )


@dataclass
class AgencyDigest:
    agency: object
    items: list[Item] = field(default_factory=list)
    reports: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)

    def by_state(self, state):
        return [i for i in self.items if i.state == state]

    @property
    def overdue(self):
        return self.by_state("overdue")

    @property
    def unverified(self):
        return self.by_state("unverified")

    @property
    def due_soon(self):
        return self.by_state("due-soon")

    @property
    def is_empty(self) -> bool:
        return not (self.items or self.reports or self.suggestions)


def digests(*, now=None) -> list[AgencyDigest]:
    """Per agency with anything to say: published items needing attention, open
    reports and pending suggestions. A fixed number of queries for all agencies."""
    now = now or timezone.now()
    by_agency = {}

    def digest_for(agency):
        if agency.pk not in by_agency:
            by_agency[agency.pk] = AgencyDigest(agency)
        return by_agency[agency.pk]

    for item in items(now=now):
        digest_for(item.obj.agency).items.append(item)
    for report in open_reports():
        digest_for(report.target.agency).reports.append(report)
    for suggestion in pending_suggestions():
        digest_for(suggestion.target.agency).suggestions.append(suggestion)
    return sorted(by_agency.values(), key=lambda d: d.agency.name)
