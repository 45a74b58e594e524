"""The catalog's read-only public API: services and agencies (docs/api.md).

Views are thin: they build one queryset with everything the response needs
(select_related / prefetch_related, so a page costs the same number of queries
whatever its length) and the schemas below shape it. Only published services
are ever visible here; unpublished ones are indistinguishable from unknown ones.
"""

from datetime import datetime
from typing import Literal
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from layanan.api_common import (
    ErrorOut,
    LinkedPageNumberPagination,
    ValidationErrorOut,
    absolute_url,
    bad_query as _bad_query,
    public_url,
)

from .models import Agency, Category, Region, Service

router = Router(tags=["catalog"])

Freshness = Literal["fresh", "due-soon", "overdue", "unverified"]


# --- helpers -----------------------------------------------------------------


def _history_url(request: HttpRequest, service: Service) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(request, reverse("catalog:history", args=[service.slug]))


# --- schemas -------------------------------------------------------------------


class RegionOut(Schema):
    code: str = Field(description="Kemendagri code, e.g. 51 (province) or 51.71 (city).")
    name: str
    level: str = Field(json_schema_extra={"enum": Region.Level.values})


class CategoryOut(Schema):
    slug: str
    name: str = Field(description="Indonesian name.")
    name_en: str = Field(description="English name (may be empty).")


class AgencyRef(Schema):
    slug: str
    name: str


class ServiceRef(Schema):
    slug: str
    name: str
    url: str = Field(description="Absolute URL of the public page.")

    @staticmethod
    def resolve_url(obj, context):
        return public_url(context["request"], obj)


class VariantOut(ServiceRef):
    region: RegionOut | None


class ServiceListItem(Schema):
    slug: str
    name: str
    summary: str
    category: CategoryOut
    agency: AgencyRef
    region: RegionOut | None = Field(description="Null when the service applies nationally.")
    freshness: Freshness = Field(description="Whether the facts were re-verified on schedule.")
    verified_at: datetime | None
    review_due_at: datetime | None
    url: str = Field(description="Absolute URL of the public page.")

    @staticmethod
    def resolve_freshness(obj):
        return obj.freshness()

    @staticmethod
    def resolve_url(obj, context):
        return public_url(context["request"], obj)


class RequirementOut(Schema):
    text: str
    note: str
    form: str = Field(description='"asli", "fotokopi", "asli-dan-fotokopi" or "" (not a document).')
    unverified: bool


class DurationOut(Schema):
    min: int | None
    max: int | None
    unit: str = Field(description='"menit", "jam", "hari", "hari-kerja", "minggu", "bulan" or "".')
    text: str


class FeeOut(Schema):
    label: str
    amount: int = Field(description="Rupiah; 0 states explicitly that this item is free.")
    condition: str
    legal_basis: str
    unverified: bool


class ChannelOut(Schema):
    purpose: str = Field(description='"layanan" (delivery) or "pengaduan" (complaints).')
    kind: str
    name: str
    value: str
    opening_hours: str
    href: str = Field(description="A link for the channel (https:, mailto:, tel:) or empty.")


class LegalBasisOut(Schema):
    title: str
    url: str


class InternalOut(Schema):
    """The eight internal-management components of the service standard."""

    sk_number: str
    facilities: str
    staff_competence: str
    internal_oversight: str
    staff_count: str
    service_guarantee: str
    safety_guarantee: str
    performance_evaluation: str


class SourceOut(Schema):
    title: str = ""
    url: str = ""
    confidence: str | None = Field(None, description="V (verified), P (plausible) or U (unverified).")


class ServiceDetail(ServiceListItem):
    keywords: list[str]
    requirements: list[RequirementOut]
    steps: list[str]
    duration: DurationOut
    fees: list[FeeOut]
    free: bool = Field(description="True when fees are listed and all of them are 0.")
    product: str
    complaint_handling: str
    online_url: str
    channels: list[ChannelOut]
    legal_bases: list[LegalBasisOut]
    internal: InternalOut
    prerequisites: list[ServiceRef] = Field(description="Published services needed first.")
    variant_of: ServiceRef | None = Field(description="The national service this one adapts.")
    variants: list[VariantOut] = Field(description="Published regional versions of this service.")
    sources: list[SourceOut]
    review_interval_days: int
    history_url: str = Field(description="Absolute URL of the public change history.")

    @staticmethod
    def resolve_keywords(obj):
        return [k.strip() for k in obj.keywords.split(",") if k.strip()]

    @staticmethod
    def resolve_steps(obj):
        return [step.text for step in obj.steps.all()]

    @staticmethod
    def resolve_duration(obj):
        return {"min": obj.duration_min, "max": obj.duration_max, "unit": obj.duration_unit,
                "text": obj.duration_text}

    @staticmethod
    def resolve_free(obj):
        return obj.is_free

    @staticmethod
    def resolve_internal(obj):
        return obj

    @staticmethod
    def resolve_variant_of(obj):
        parent = obj.variant_of
        return parent if parent is not None and parent.status == Service.Status.PUBLISHED else None

    @staticmethod
    def resolve_sources(obj):
        return [s for s in obj.sources or [] if isinstance(s, dict)]

    @staticmethod
    def resolve_review_interval_days(obj):
        return obj.effective_review_interval_days

    @staticmethod
    def resolve_history_url(obj, context):
        return _history_url(context["request"], obj)


class ContactChannelOut(Schema):
    kind: str = Field("", description="phone, email, whatsapp, sms, web, app, social or address.")
    label: str = ""
    value: str = ""


class AgencyListItem(Schema):
    slug: str
    name: str
    short_name: str
    level: str = Field(json_schema_extra={"enum": Agency.Level.values})
    parent: str | None = Field(description="Slug of the parent agency.")
    region: RegionOut | None
    website: str
    contact_channels: list[ContactChannelOut]
    service_count: int = Field(description="Number of published services the agency owns.")
    url: str = Field(description="Absolute URL of the public page.")

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.slug if obj.parent_id else None

    @staticmethod
    def resolve_contact_channels(obj):
        return [c for c in obj.contact_channels or [] if isinstance(c, dict)]

    @staticmethod
    def resolve_url(obj, context):
        return public_url(context["request"], obj)


class AgencyDetail(AgencyListItem):
    description: str
    children: list[AgencyRef] = Field(description="Agencies directly under this one.")
    services_url: str = Field(description="API URL listing this agency's published services.")

    @staticmethod
    def resolve_services_url(obj, context):
        request = context["request"]
        return absolute_url(request, f"{reverse('api:list_services')}?{urlencode({'agency': obj.slug})}")


class ServiceFilters(Schema):
    category: str | None = Field(None, description="Category slug.")
    agency: str | None = Field(None, description="Owning agency slug.")
    region: str | None = Field(
        None,
        description="Kemendagri region code. Returns national services plus those of the region and "
        "of the regions containing it (a city also gets its province's services).",
    )


class AgencyFilters(Schema):
    level: Literal[tuple(Agency.Level.values)] | None = Field(  # type: ignore[valid-type]
        None, description="Only agencies at this level."
    )


# --- endpoints -------------------------------------------------------------------


@router.get(
    "/services",
    response={200: list[ServiceListItem], 404: ErrorOut, 422: ValidationErrorOut},
    operation_id="list_services",
    summary="List published services",
)
@paginate(LinkedPageNumberPagination)
def list_services(request, filters: Query[ServiceFilters]):
    services = Service.objects.published().for_listing().order_by("name", "pk")
    if filters.category:
        if not Category.objects.filter(slug=filters.category).exists():
            raise _bad_query("category", gettext("Unknown category."))
        services = services.filter(category__slug=filters.category)
    if filters.agency:
        if not Agency.objects.filter(slug=filters.agency).exists():
            raise _bad_query("agency", gettext("Unknown agency."))
        services = services.filter(agency__slug=filters.agency)
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        if region is None:
            raise _bad_query("region", gettext("Unknown region code."))
        services = services.for_region(region)
    return services


@router.get(
    "/services/{slug}",
    response={200: ServiceDetail, 404: ErrorOut},
    operation_id="get_service",
    summary="One published service",
)
def get_service(request, slug: str):
    published = Service.objects.published()
    service = (
        published.select_related("category", "agency", "region", "variant_of")
        .prefetch_related(
            "requirements", "steps", "fees", "channels", "legal_bases",
            Prefetch("prerequisites", queryset=published.order_by("name")),
            Prefetch("variants", queryset=published.select_related("region").order_by("name")),
        )
        .filter(slug=slug)
        .first()
    )
    if service is None:
        raise HttpError(404, gettext("No published service has this slug."))
    return service


def _agencies():
    return Agency.objects.select_related("parent", "region").annotate(
        service_count=Count("services", filter=Q(services__status=Service.Status.PUBLISHED))
    )


@router.get(
    "/agencies",
    response={200: list[AgencyListItem], 404: ErrorOut, 422: ValidationErrorOut},
    operation_id="list_agencies",
    summary="List agencies",
)
@paginate(LinkedPageNumberPagination)
def list_agencies(request, filters: Query[AgencyFilters]):
    agencies = _agencies().order_by("name", "pk")
    if filters.level:
        agencies = agencies.filter(level=filters.level)
    return agencies


@router.get(
    "/agencies/{slug}",
    response={200: AgencyDetail, 404: ErrorOut},
    operation_id="get_agency",
    summary="One agency",
)
def get_agency(request, slug: str):
    agency = (
        _agencies().prefetch_related(Prefetch("children", queryset=Agency.objects.order_by("name")))
        .filter(slug=slug).first()
    )
    if agency is None:
        raise HttpError(404, gettext("No agency has this slug."))
    return agency
