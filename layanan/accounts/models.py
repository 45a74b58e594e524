from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal user. Citizens appear publicly only under `display_name`."""

    display_name = models.CharField(_("public display name"), max_length=60, blank=True)
    is_moderator = models.BooleanField(_("moderator"), default=False)

    def __str__(self):
        return self.display_name or self.username

    def agency_ids(self, roles=None) -> set[int]:
        """Agencies this user works for, optionally limited to some roles (cached per instance)."""
        cache = self.__dict__.setdefault("_agency_roles", None)
        if cache is None:
            cache = list(self.memberships.values_list("agency_id", "role"))
            self.__dict__["_agency_roles"] = cache
        return {a for a, r in cache if roles is None or r in roles}


class Role(models.TextChoices):
    OFFICER = "petugas", _("Officer")
    KNOWLEDGE_MANAGER = "pengelola", _("Knowledge manager")
    AGENCY_ADMIN = "admin", _("Agency administrator")


class AgencyMembership(models.Model):
    """A user's role at one agency. One user can hold roles at several agencies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("agency"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("user", "agency", "role")]
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
