"""Every permission decision in one place: one function per decision.

Views, the admin, the API and management commands ask these functions; none
of them re-implements a rule. Each takes the user and the object the action is
about, so the check is always object-level (which agency owns this?).
"""

from .models import Role

EDITOR_ROLES = {Role.KNOWLEDGE_MANAGER, Role.AGENCY_ADMIN}
STAFF_ROLES = {Role.OFFICER, Role.KNOWLEDGE_MANAGER, Role.AGENCY_ADMIN}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_agency_staff(user) -> bool:
    """Works for at least one agency (or runs the site)."""
    return _active(user) and (user.is_superuser or bool(user.agency_ids()))


def editable_agency_ids(user) -> set[int] | None:
    """Agencies whose catalog entries the user may edit; None means all of them."""
    if not _active(user):
        return set()
    if user.is_superuser:
        return None
    return user.agency_ids(EDITOR_ROLES)


def can_edit_agency_content(user, agency_id) -> bool:
    allowed = editable_agency_ids(user)
    return allowed is None or agency_id in allowed


def can_edit_service(user, service) -> bool:
    return _active(user) and can_edit_agency_content(user, service.agency_id)


def can_create_service(user, agency) -> bool:
    return _active(user) and can_edit_agency_content(user, agency.pk)


def can_verify_service(user, service) -> bool:
    return can_edit_service(user, service)


def can_edit_agency(user, agency) -> bool:
    """Agency profile (contacts, review interval): agency admins and site admins."""
    if not _active(user):
        return False
    return user.is_superuser or agency.pk in user.agency_ids({Role.AGENCY_ADMIN})


def can_see_unverified_notes(user, service) -> bool:
    """Staff notes on unverified facts are for the owning agency and site admins."""
    return _active(user) and (
        user.is_superuser or service.agency_id in user.agency_ids(STAFF_ROLES)
    )


def can_edit_article(user, article) -> bool:
    """Knowledge articles follow the service rule: editors of the owning agency."""
    return _active(user) and can_edit_agency_content(user, article.agency_id)


def can_create_article(user, agency) -> bool:
    return _active(user) and can_edit_agency_content(user, agency.pk)
