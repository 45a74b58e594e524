from .models import AuditEntry


def record(actor, action: str, target, *, agency_id=None, **data) -> AuditEntry:
    """Append one entry to the audit log. `target` is any saved model instance."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        agency_id=agency_id,
        data=data,
    )
