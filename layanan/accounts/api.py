"""The accounts API: who am I (for clients holding a bearer token)."""

from ninja import Router, Schema

from . import policies
from .api_auth import BearerTokenAuth

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    agency_slug: str
    agency_name: str
    role: str


class MeOut(Schema):
    id: int
    display_name: str
    roles: list[str]
    memberships: list[MembershipOut]


@router.get(
    "/me", auth=BearerTokenAuth(), response=MeOut,
    summary="The user the bearer token belongs to",
    description='Roles are "citizen", or any of "agency_staff", "moderator", "site_admin". '
                "Memberships list the agency roles (petugas, pengelola, admin).",
)
def me(request):
    user = request.auth
    memberships = user.memberships.select_related("agency").order_by("agency__name", "role")
    return {
        "id": user.pk,
        "display_name": user.public_name,
        "roles": policies.role_names(user),
        "memberships": [
            {"agency_slug": m.agency.slug, "agency_name": m.agency.name, "role": m.role}
            for m in memberships
        ],
    }
