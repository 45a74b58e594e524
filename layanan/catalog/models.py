"""The official service catalog, in the shape of the Indonesian service standard.

UU 25/2009 Pasal 21 names fourteen components of a service standard;
Permenpan RB 15/2014 groups them into the six a citizen needs (service
delivery: requirements, procedure, duration, fees, product, complaints) and
eight about running the service internally. `Service` follows that grouping:
delivery components are shown up front, internal ones on a secondary tab.

Revisions are snapshots of `Service.to_document()`, the same document the
open-data export writes, so history, diffs and export can never disagree.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An administrative area, keyed by its Kemendagri code ("51", "51.71")."""

    class Level(models.TextChoices):
        PROVINCE = "provinsi", _("Province")
        REGENCY = "kabupaten", _("Regency")
        CITY = "kota", _("City")

    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent region"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def ancestor_codes(self) -> list[str]:
        """This region's code and its parents' ("35.20" → ["35.20", "35"])."""
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


class Category(models.Model):
    """A life event or topic citizens browse by (Kependudukan, Berkendara…)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description = models.CharField(_("description (Indonesian)"), max_length=200, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:category", args=[self.slug])

    def localized_name(self, language_code: str) -> str:
        return self.name_en if language_code == "en" and self.name_en else self.name

    def localized_description(self, language_code: str) -> str:
        if language_code == "en" and self.description_en:
            return self.description_en
        return self.description


class Agency(models.Model):
    """An instansi that owns services, at national, province or local level."""

    class Level(models.TextChoices):
        NATIONAL = "pusat", _("National")
        PROVINCE = "provinsi", _("Province")
        LOCAL = "kabupaten-kota", _("Regency/city")
        UNIT = "unit", _("Service unit")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(unique=True, max_length=80)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        verbose_name=_("parent agency"),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="agencies",
        verbose_name=_("region"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # [{"kind": "phone"|"email"|"whatsapp"|"sms"|"web"|"app"|"social"|"address", "label": …, "value": …}]
    contact_channels = models.JSONField(_("contact channels"), default=list, blank=True)
    review_interval_days = models.PositiveIntegerField(
        _("default review interval (days)"), default=settings.LAYANAN_DEFAULT_REVIEW_INTERVAL_DAYS,
        help_text=_("How often this agency's services must be re-verified, unless a service says otherwise."),
    )
    answer_target_working_days = models.PositiveSmallIntegerField(
        _("target for an official answer (working days)"), default=3,
        help_text=_("Questions routed to this agency should get an official answer within this many working days."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:agency", args=[self.slug])

    @property
    def display_short_name(self):
        return self.short_name or self.name


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Service.Status.PUBLISHED)

    def national(self):
        return self.filter(region__isnull=True)

    def for_region(self, region: Region):
        """Services that apply in a region: national ones plus those of the region and its parents."""
        return self.filter(Q(region__isnull=True) | Q(region__code__in=region.ancestor_codes()))

    def overdue(self, now=None):
        return self.filter(review_due_at__lt=now or timezone.now())

    def due_soon(self, now=None):
        now = now or timezone.now()
        return self.filter(
            review_due_at__gte=now,
            review_due_at__lt=now + timedelta(days=settings.LAYANAN_DUE_SOON_DAYS),
        )

    def for_listing(self):
        return self.select_related("agency", "category", "region")


class Service(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class DurationUnit(models.TextChoices):
        MINUTES = "menit", _("minutes")
        HOURS = "jam", _("hours")
        DAYS = "hari", _("days")
        WORKING_DAYS = "hari-kerja", _("working days")
        WEEKS = "minggu", _("weeks")
        MONTHS = "bulan", _("months")

    # Identity and ownership
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=120)
    summary = models.TextField(_("plain-language summary"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("category")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("owning agency")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="services",
        verbose_name=_("region scope"), help_text=_("Empty means the service applies nationally."),
    )
    variant_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="variants",
        verbose_name=_("regional variant of"),
        help_text=_("The national service this local version adapts."),
    )
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_for",
        verbose_name=_("prerequisite services"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True,
        help_text=_("Other words citizens use for this service, comma-separated."),
    )

    # A. Service delivery (public-facing). Requirements, steps, fees, legal
    # bases and channels are ordered child rows; see the models below.
    duration_min = models.PositiveIntegerField(_("minimum duration"), null=True, blank=True)
    duration_max = models.PositiveIntegerField(_("maximum duration"), null=True, blank=True)
    duration_unit = models.CharField(
        _("duration unit"), max_length=12, choices=DurationUnit.choices, blank=True
    )
    duration_text = models.CharField(_("duration as text"), max_length=300, blank=True)
    product = models.TextField(_("service product"), blank=True)
    complaint_handling = models.TextField(_("complaint handling"), blank=True)
    online_url = models.URLField(_("online service URL"), blank=True)

    # B. Internal management of the service (secondary tab)
    sk_number = models.CharField(_("decree setting the standard"), max_length=200, blank=True)
    facilities = models.TextField(_("facilities and infrastructure"), blank=True)
    staff_competence = models.TextField(_("staff competence"), blank=True)
    internal_oversight = models.TextField(_("internal oversight"), blank=True)
    staff_count = models.TextField(_("number of staff"), blank=True)
    service_guarantee = models.TextField(_("service guarantee"), blank=True)
    safety_guarantee = models.TextField(_("security and safety guarantee"), blank=True)
    performance_evaluation = models.TextField(_("staff performance evaluation"), blank=True)

    # Provenance and freshness
    sources = models.JSONField(
        _("sources"), default=list, blank=True,
        help_text=_('List of {"title", "url", "confidence"} where confidence is V, P or U.'),
    )
    verification_notes = models.TextField(
        _("notes on unverified facts (staff only)"), blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_services", verbose_name=_("content owner"),
    )
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("verified by"),
    )
    review_interval_days = models.PositiveIntegerField(
        _("review interval (days)"), null=True, blank=True,
        help_text=_("Empty: the agency's default."),
    )
    # Derived from verified_at and the interval in save(); stored so that
    # "what is overdue?" is one indexed query.
    review_due_at = models.DateTimeField(_("review due"), null=True, blank=True, db_index=True)

    view_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_min__isnull=True)
                | Q(duration_max__isnull=True)
                | Q(duration_min__lte=F("duration_max")),
                name="service_duration_min_lte_max",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:service", args=[self.slug])

    # --- freshness ---------------------------------------------------------
    @property
    def effective_review_interval_days(self) -> int:
        return self.review_interval_days or self.agency.review_interval_days

    def compute_review_due_at(self):
        if self.verified_at is None:
            return None
        return self.verified_at + timedelta(days=self.effective_review_interval_days)

    def save(self, *args, **kwargs):
        self.review_due_at = self.compute_review_due_at()
        if kwargs.get("update_fields") is not None and "verified_at" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "review_due_at"}
        super().save(*args, **kwargs)

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

    @property
    def is_overdue(self) -> bool:
        return self.freshness() in ("overdue", "unverified")

    # --- presentation helpers ----------------------------------------------
    @property
    def is_free(self) -> bool:
        """Free only when every fee is a verified zero: an unparsed tariff kept as
        text (amount 0, unverified) must not read as "Gratis"."""
        fees = list(self.fees.all())
        return bool(fees) and all(f.amount == 0 and not f.unverified for f in fees)

    @property
    def is_variant(self) -> bool:
        return self.variant_of_id is not None

    @property
    def duration_structured(self) -> str:
        if self.duration_min is None and self.duration_max is None:
            return ""
        unit = self.get_duration_unit_display()
        if self.duration_min is not None and self.duration_max not in (None, self.duration_min):
            return f"{self.duration_min}–{self.duration_max} {unit}"
        return f"{self.duration_min if self.duration_min is not None else self.duration_max} {unit}"

    def internal_components(self):
        """The eight internal-management components with their labels, for the secondary tab."""
        names = [
            "sk_number", "facilities", "staff_competence", "internal_oversight",
            "staff_count", "service_guarantee", "safety_guarantee", "performance_evaluation",
        ]
        return [(self._meta.get_field(n).verbose_name, getattr(self, n)) for n in names]

    def to_document(self) -> dict:
        from .services.documents import service_to_document

        return service_to_document(self)


class OrderedComponent(models.Model):
    """Base for the ordered rows of a service standard component."""

    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Requirement(OrderedComponent):
    """One item of persyaratan."""

    class Form(models.TextChoices):
        ORIGINAL = "asli", _("Original")
        COPY = "fotokopi", _("Photocopy")
        ORIGINAL_AND_COPY = "asli-dan-fotokopi", _("Original and photocopy")
        NOT_A_DOCUMENT = "", _("Not a document")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="requirements")
    text = models.CharField(_("requirement"), max_length=400)
    note = models.CharField(_("note"), max_length=400, blank=True)
    form = models.CharField(_("original or copy"), max_length=20, choices=Form.choices, blank=True)
    unverified = models.BooleanField(_("not yet verified"), default=False)

    class Meta(OrderedComponent.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self):
        return self.text


class ProcedureStep(OrderedComponent):
    """One step of sistem, mekanisme dan prosedur."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField(_("step"))

    class Meta(OrderedComponent.Meta):
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")

    def __str__(self):
        return self.text[:80]


class Fee(OrderedComponent):
    """One biaya/tarif. An amount of 0 states explicitly that the service is free."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fees")
    label = models.CharField(_("what the fee is for"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount (IDR)"))
    condition = models.CharField(_("condition"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    unverified = models.BooleanField(_("not yet verified"), default=False)

    class Meta(OrderedComponent.Meta):
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self):
        return f"{self.label}: {self.amount}"


class LegalBasis(OrderedComponent):
    """One regulation of dasar hukum."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="legal_bases")
    title = models.CharField(_("regulation"), max_length=300)
    url = models.URLField(_("link"), blank=True)

    class Meta(OrderedComponent.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self):
        return self.title


class ServiceChannel(OrderedComponent):
    """Where the service is delivered or complaints are received (tempat/saluran)."""

    class Purpose(models.TextChoices):
        DELIVERY = "layanan", _("Service delivery")
        COMPLAINT = "pengaduan", _("Complaints")

    class Kind(models.TextChoices):
        OFFICE = "kantor", _("Office")
        ONLINE = "online", _("Website")
        APP = "aplikasi", _("App")
        PHONE = "telepon", _("Phone")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")
        SOCIAL = "sosial", _("Social media")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="channels")
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    value = models.CharField(
        _("address, number or link"), max_length=400, blank=True,
        help_text=_("Street address for an office; number, email or URL otherwise."),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    class Meta(OrderedComponent.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name

    @property
    def href(self) -> str:
        """A link for the channel, when it has one."""
        v = self.value.strip()
        if self.kind in (self.Kind.ONLINE, self.Kind.APP, self.Kind.SOCIAL) and v.startswith(("http://", "https://")):
            return v
        if self.kind == self.Kind.EMAIL and "@" in v:
            return f"mailto:{v}"
        if self.kind == self.Kind.PHONE and v:
            return "tel:" + "".join(c for c in v if c.isdigit() or c == "+")
        return ""


class ServiceRevision(models.Model):
    """A snapshot of a service after a saved change, with who, when and why."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("author"),
    )
    change_note = models.CharField(_("change note"), max_length=300)
    document = models.JSONField(_("content"))

    class Meta:
        ordering = ["-number"]
        unique_together = [("service", "number")]
        verbose_name = _("service revision")
        verbose_name_plural = _("service revisions")

    def __str__(self):
        return f"{self.service} #{self.number}"

    def get_absolute_url(self):
        return reverse("catalog:revision", args=[self.service.slug, self.number])

    def previous(self):
        return (
            ServiceRevision.objects.filter(service_id=self.service_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )
