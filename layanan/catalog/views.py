"""Public catalog pages. Views are thin: look up, paginate, render."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from layanan.accounts import policies

from .models import Agency, Category, Service, ServiceRevision
from .services.revisions import diff_documents
from .structured_data import service_json_ld


def _page(request, queryset):
    return Paginator(queryset, settings.LAYANAN_PAGE_SIZE).get_page(request.GET.get("halaman"))


def home(request):
    published = Service.objects.published()
    categories = Category.objects.annotate(
        service_count=Count("services", filter=Q(services__status=Service.Status.PUBLISHED))
    )
    return render(request, "catalog/home.html", {
        "categories": categories,
        "popular": published.for_listing().order_by("-view_count", "name")[:6],
        "service_count": published.count(),
        "agency_count": Agency.objects.count(),
    })


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    services = Service.objects.published().for_listing().filter(category=category)
    return render(request, "catalog/category_detail.html", {
        "category": category, "page": _page(request, services),
    })


def agency_list(request):
    agencies = Agency.objects.select_related("region").annotate(
        service_count=Count("services", filter=Q(services__status=Service.Status.PUBLISHED))
    ).order_by("level", "name")
    return render(request, "catalog/agency_list.html", {"page": _page(request, agencies)})


def agency_detail(request, slug):
    agency = get_object_or_404(Agency.objects.select_related("region", "parent"), slug=slug)
    services = Service.objects.published().for_listing().filter(agency=agency)
    return render(request, "catalog/agency_detail.html", {
        "agency": agency,
        "children": agency.children.all(),
        "page": _page(request, services),
    })


def service_list(request):
    services = Service.objects.published().for_listing()
    return render(request, "catalog/service_list.html", {"page": _page(request, services)})


def _visible_service(request, slug, queryset=None):
    service = get_object_or_404(queryset if queryset is not None else Service.objects.all(), slug=slug)
    if service.status != Service.Status.PUBLISHED and not policies.can_edit_service(request.user, service):
        raise Http404
    return service


def service_detail(request, slug):
    queryset = Service.objects.select_related(
        "agency", "agency__region", "category", "region", "variant_of", "variant_of__region", "verified_by"
    ).prefetch_related(
        "requirements", "steps", "fees", "channels", "legal_bases",
        Prefetch("prerequisites", queryset=Service.objects.published().select_related("agency")),
        Prefetch("required_for", queryset=Service.objects.published().select_related("agency")),
        Prefetch("variants", queryset=Service.objects.published().select_related("region", "agency")),
    )
    service = _visible_service(request, slug, queryset)
    # Counted with F() so concurrent views never lose an increment.
    Service.objects.filter(pk=service.pk).update(view_count=F("view_count") + 1)
    revision_count = service.revisions.count()
    return render(request, "catalog/service_detail.html", {
        "service": service,
        "freshness": service.freshness(),
        "revision_count": revision_count,
        "structured_data": service_json_ld(service, request),
        "can_edit": policies.can_edit_service(request.user, service),
        "show_staff_notes": policies.can_see_unverified_notes(request.user, service),
        "siblings": (
            service.variant_of.variants.filter(status=Service.Status.PUBLISHED)
            .exclude(pk=service.pk).select_related("region")
            if service.variant_of_id else []
        ),
    })


def service_history(request, slug):
    service = _visible_service(request, slug)
    revisions = service.revisions.select_related("author")
    return render(request, "catalog/service_history.html", {
        "service": service, "page": _page(request, revisions),
    })


def revision_detail(request, slug, number):
    service = _visible_service(request, slug)
    revision = get_object_or_404(ServiceRevision.objects.select_related("author"), service=service, number=number)
    base_number = request.GET.get("dari")
    if base_number and base_number.isdigit():
        base = get_object_or_404(ServiceRevision, service=service, number=int(base_number))
    else:
        base = revision.previous()
    sections = diff_documents(base.document if base else None, revision.document)
    return render(request, "catalog/revision_detail.html", {
        "service": service,
        "revision": revision,
        "base": base,
        "sections": [s for s in sections if s.changed],
        "all_revisions": service.revisions.only("number", "created_at"),
    })
