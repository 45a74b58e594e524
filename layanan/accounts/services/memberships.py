"""Granting, changing and removing agency roles. Every change is audited.

Holding a role at an agency also opens the staff area (/kelola/), so a grant
sets `is_staff`; removing a user's last role closes it again unless they are a
site admin or a moderator.
"""

from django.db import transaction

from layanan.audit.services import record as audit

from ..models import AgencyMembership, User


def _describe(membership: AgencyMembership) -> dict:
    return {"user_id": membership.user_id, "role": membership.role}


@transaction.atomic
def grant_membership(actor, membership: AgencyMembership) -> AgencyMembership:
    """Save a new membership (user, agency and role already set)."""
    membership.save()
    user = membership.user
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit(actor, "membership.grant", membership, agency_id=membership.agency_id, **_describe(membership))
    return membership


@transaction.atomic
def change_membership(actor, membership: AgencyMembership, changed_fields) -> AgencyMembership:
    before = AgencyMembership.objects.get(pk=membership.pk)
    membership.save()
    audit(
        actor, "membership.change", membership, agency_id=membership.agency_id,
        before={"agency_id": before.agency_id, "role": before.role},
        fields=sorted(changed_fields), **_describe(membership),
    )
    if before.agency_id != membership.agency_id:
        # Moving a role to another agency also matters to the agency it left.
        audit(actor, "membership.change", membership, agency_id=before.agency_id,
              before={"agency_id": before.agency_id, "role": before.role},
              fields=sorted(changed_fields), **_describe(membership))
    return membership


@transaction.atomic
def revoke_membership(actor, membership: AgencyMembership) -> None:
    # Logged before the delete so the entry can carry the row's id and name.
    audit(actor, "membership.revoke", membership, agency_id=membership.agency_id, **_describe(membership))
    user = membership.user
    membership.delete()
    if (
        user.is_staff
        and not user.is_superuser
        and not user.is_moderator
        and not AgencyMembership.objects.filter(user=user).exists()
    ):
        User.objects.filter(pk=user.pk).update(is_staff=False)


ROLE_FLAGS = ("is_active", "is_staff", "is_superuser", "is_moderator")


def audit_role_flag_changes(actor, user: User, changed_fields) -> None:
    """Record changes to the flags that grant powers (called after the admin saves a user)."""
    changed = sorted(set(changed_fields) & set(ROLE_FLAGS))
    if changed:
        audit(actor, "user.role_flags", user, changed={f: getattr(user, f) for f in changed})
