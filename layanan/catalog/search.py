"""Published services in the search index (see layanan/search/registry.py).

Imported from CatalogConfig.ready(). A service's document is rebuilt when the
service is saved and when any of its requirements, steps, fees or legal bases
change; renaming an agency or a category refreshes the services that show it.
Drafts and archived services are not indexed: saving one removes it.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from layanan.search.registry import IndexedDocument, register, reindex

from .models import Agency, Category, Fee, LegalBasis, ProcedureStep, Requirement, Service


def published_services():
    return (
        Service.objects.published()
        .select_related("agency", "category", "region")
        .prefetch_related("requirements", "steps", "fees", "legal_bases")
    )


def _lines(*parts) -> str:
    return "\n".join(p for p in parts if p)


def service_document(service: Service) -> IndexedDocument | None:
    if service.status != Service.Status.PUBLISHED:
        return None
    agency = service.agency
    body = _lines(
        *(f"{r.text} {r.note}".strip() for r in service.requirements.all()),
        *(s.text for s in service.steps.all()),
        *(f"{f.label} {f.condition}".strip() for f in service.fees.all()),
        service.product,
        service.duration_text,
        *(b.title for b in service.legal_bases.all()),
        agency.name,
        agency.short_name,
    )
    with translation.override(settings.LANGUAGE_CODE):
        url = service.get_absolute_url()
    return IndexedDocument(
        type="service",
        id=service.pk,
        title=service.name,
        summary=service.summary,
        body=body,
        url=url,
        agency_slug=agency.slug,
        agency_name=agency.name,
        category_slug=service.category.slug,
        category_name=service.category.name,
        region_code=service.region.code if service.region_id else None,
        region_name=service.region.name if service.region_id else "",
        official=True,
        verified_at=service.verified_at,
        updated_at=service.updated_at,
        keywords=service.keywords,
    )


register("service", Service, queryset=published_services, to_document=service_document)


def _service_rows_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.service_id:
        reindex(Service(pk=instance.service_id))


def _services_of(field):
    def handler(sender, instance, raw=False, created=False, **kwargs):
        if raw or created:
            return
        for pk in Service.objects.published().filter(**{field: instance}).values_list("pk", flat=True):
            reindex(Service(pk=pk))
    return handler


for _model in (Requirement, ProcedureStep, Fee, LegalBasis):
    post_save.connect(_service_rows_changed, sender=_model, dispatch_uid=f"search-{_model.__name__}-save")
    post_delete.connect(_service_rows_changed, sender=_model, dispatch_uid=f"search-{_model.__name__}-delete")

post_save.connect(_services_of("agency"), sender=Agency, weak=False, dispatch_uid="search-agency-save")
post_save.connect(_services_of("category"), sender=Category, weak=False, dispatch_uid="search-category-save")
