"""A service as one plain document, and back.

The same document is the open-data export format (docs/open-data.md), the
snapshot stored in each revision, and the basis of revision diffs. Keeping one
format means an export, an import and the change history always agree.
"""

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..models import (
    Agency,
    Category,
    Fee,
    LegalBasis,
    ProcedureStep,
    Region,
    Requirement,
    Service,
    ServiceChannel,
)

INTERNAL_FIELDS = [
    "sk_number",
    "facilities",
    "staff_competence",
    "internal_oversight",
    "staff_count",
    "service_guarantee",
    "safety_guarantee",
    "performance_evaluation",
]


class DocumentError(ValueError):
    """A document that cannot become a service; the message is for the user."""


def service_to_document(service: Service, *, freshness: bool = False) -> dict:
    """The service's content as a JSON-ready dict.

    Content only by default (what a revision snapshots); `freshness=True` adds
    verification data for the open-data export.
    """
    doc = {
        "slug": service.slug,
        "name": service.name,
        "summary": service.summary,
        "status": service.status,
        "category": service.category.slug,
        "agency": service.agency.slug,
        "region": service.region.code if service.region_id else None,
        "variant_of": service.variant_of.slug if service.variant_of_id else None,
        "prerequisites": sorted(p.slug for p in service.prerequisites.all()),
        "keywords": service.keywords,
        "requirements": [
            {"text": r.text, "note": r.note, "form": r.form, "unverified": r.unverified}
            for r in service.requirements.all()
        ],
        "steps": [s.text for s in service.steps.all()],
        "duration": {
            "min": service.duration_min,
            "max": service.duration_max,
            "unit": service.duration_unit,
            "text": service.duration_text,
        },
        "fees": [
            {
                "label": f.label,
                "amount": f.amount,
                "condition": f.condition,
                "legal_basis": f.legal_basis,
                "unverified": f.unverified,
            }
            for f in service.fees.all()
        ],
        "product": service.product,
        "complaint_handling": service.complaint_handling,
        "online_url": service.online_url,
        "channels": [
            {
                "purpose": c.purpose,
                "kind": c.kind,
                "name": c.name,
                "value": c.value,
                "opening_hours": c.opening_hours,
            }
            for c in service.channels.all()
        ],
        "legal_bases": [{"title": b.title, "url": b.url} for b in service.legal_bases.all()],
        "internal": {name: getattr(service, name) for name in INTERNAL_FIELDS},
        "sources": service.sources,
        "verification_notes": service.verification_notes,
        "review_interval_days": service.review_interval_days,
    }
    if freshness:
        doc["verified_at"] = service.verified_at.isoformat() if service.verified_at else None
    return doc


def _lookup(model, field, value, message):
    """The row whose `field` is `value`; `message` names it by %(<field>)s when missing."""
    try:
        return model.objects.get(**{field: value})
    except model.DoesNotExist:
        raise DocumentError(message % {field: value}) from None


def _required(doc: dict, key: str):
    value = doc.get(key)
    if value in (None, ""):
        raise DocumentError(_("Field '%(field)s' is required.") % {"field": key})
    return value


@transaction.atomic
def apply_service_document(doc: dict, *, service: Service | None = None) -> tuple[Service, bool]:
    """Create or update a service from a document; returns (service, created).

    Child rows (requirements, steps, fees…) are replaced as a whole, which is
    what a document means. Prerequisites and `variant_of` must name services
    that already exist; callers importing many documents resolve them in a
    second pass (see `apply_links`).
    """
    if not isinstance(doc, dict):
        raise DocumentError(_("Each service must be a JSON object."))
    slug = _required(doc, "slug")
    if service is None:
        service = Service.objects.filter(slug=slug).first()
    created = service is None
    if created:
        service = Service(slug=slug)

    service.name = _required(doc, "name")
    service.summary = doc.get("summary") or ""
    service.status = doc.get("status") or Service.Status.PUBLISHED
    if service.status not in Service.Status.values:
        raise DocumentError(_("Status '%(status)s' is not recognised.") % {"status": service.status})
    service.category = _lookup(
        Category, "slug", _required(doc, "category"), _("Category '%(slug)s' was not found.")
    )
    service.agency = _lookup(Agency, "slug", _required(doc, "agency"), _("Agency '%(slug)s' was not found."))
    service.region = (
        _lookup(Region, "code", doc["region"], _("Region '%(code)s' was not found."))
        if doc.get("region")
        else None
    )
    service.keywords = doc.get("keywords") or ""
    duration = doc.get("duration") or {}
    service.duration_min = duration.get("min")
    service.duration_max = duration.get("max")
    service.duration_unit = duration.get("unit") or ""
    if service.duration_unit and service.duration_unit not in Service.DurationUnit.values:
        raise DocumentError(
            _("Duration unit '%(unit)s' is not recognised.") % {"unit": service.duration_unit}
        )
    if (
        service.duration_min is not None
        and service.duration_max is not None
        and service.duration_min > service.duration_max
    ):
        raise DocumentError(_("The minimum duration is greater than the maximum."))
    service.duration_text = duration.get("text") or ""
    service.product = doc.get("product") or ""
    service.complaint_handling = doc.get("complaint_handling") or ""
    service.online_url = doc.get("online_url") or ""
    internal = doc.get("internal") or {}
    for name in INTERNAL_FIELDS:
        setattr(service, name, internal.get(name) or "")
    service.sources = doc.get("sources") or []
    service.verification_notes = doc.get("verification_notes") or ""
    service.review_interval_days = doc.get("review_interval_days")
    if "verified_at" in doc and doc["verified_at"]:
        verified_at = parse_datetime(doc["verified_at"]) if isinstance(doc["verified_at"], str) else None
        if verified_at is None:
            raise DocumentError(
                _("Verification date '%(value)s' is not valid.") % {"value": doc["verified_at"]}
            )
        service.verified_at = verified_at
    service.save()

    service.requirements.all().delete()
    Requirement.objects.bulk_create(
        Requirement(
            service=service,
            position=i,
            text=_required(r, "text") if isinstance(r, dict) else r,
            note=(r.get("note") or "") if isinstance(r, dict) else "",
            form=(r.get("form") or "") if isinstance(r, dict) else "",
            unverified=bool(r.get("unverified")) if isinstance(r, dict) else False,
        )
        for i, r in enumerate(doc.get("requirements") or [])
    )
    service.steps.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(service=service, position=i, text=text)
        for i, text in enumerate(doc.get("steps") or [])
    )
    service.fees.all().delete()
    fees = []
    for i, f in enumerate(doc.get("fees") or []):
        amount = f.get("amount")
        if not isinstance(amount, int) or amount < 0:
            raise DocumentError(
                _("Fee '%(label)s' must be a rupiah amount ≥ 0.") % {"label": f.get("label", "")}
            )
        fees.append(
            Fee(
                service=service,
                position=i,
                label=_required(f, "label"),
                amount=amount,
                condition=f.get("condition") or "",
                legal_basis=f.get("legal_basis") or "",
                unverified=bool(f.get("unverified")),
            )
        )
    Fee.objects.bulk_create(fees)
    service.channels.all().delete()
    ServiceChannel.objects.bulk_create(
        ServiceChannel(
            service=service,
            position=i,
            purpose=c.get("purpose") or ServiceChannel.Purpose.DELIVERY,
            kind=c.get("kind") or ServiceChannel.Kind.OFFICE,
            name=_required(c, "name"),
            value=c.get("value") or "",
            opening_hours=c.get("opening_hours") or "",
        )
        for i, c in enumerate(doc.get("channels") or [])
    )
    service.legal_bases.all().delete()
    LegalBasis.objects.bulk_create(
        LegalBasis(service=service, position=i, title=_required(b, "title"), url=b.get("url") or "")
        for i, b in enumerate(doc.get("legal_bases") or [])
    )
    return service, created


def apply_links(service: Service, doc: dict) -> None:
    """Set `variant_of` and prerequisites, which name other services by slug."""
    variant_slug = doc.get("variant_of")
    service.variant_of = (
        _lookup(Service, "slug", variant_slug, _("Parent service '%(slug)s' was not found."))
        if variant_slug
        else None
    )
    service.save(update_fields=["variant_of", "review_due_at"])
    slugs = doc.get("prerequisites") or []
    found = list(Service.objects.filter(slug__in=slugs))
    missing = set(slugs) - {s.slug for s in found}
    if missing:
        raise DocumentError(
            _("Prerequisite services not found: %(slugs)s.") % {"slugs": ", ".join(sorted(missing))}
        )
    service.prerequisites.set(found)
