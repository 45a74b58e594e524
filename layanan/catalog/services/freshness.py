"""Keeping facts current: re-verification without changing content."""

from django.db import transaction
from django.utils import timezone

from layanan.accounts import policies
from layanan.audit.services import record as audit

from ..models import Service


class PermissionDenied(Exception):
    pass


@transaction.atomic
def verify_service(service: Service, user, *, when=None) -> Service:
    """Record that `user` checked the service against its sources just now."""
    if not policies.can_verify_service(user, service):
        raise PermissionDenied
    service.verified_at = when or timezone.now()
    service.verified_by = user
    service.save(update_fields=["verified_at", "verified_by", "updated_at"])
    audit(user, "service.verify", service, agency_id=service.agency_id,
          verified_at=service.verified_at.isoformat())
    return service
