import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal user. Citizens appear publicly only under `display_name`."""

    display_name = models.CharField(_("public display name"), max_length=60, blank=True)
    is_moderator = models.BooleanField(_("moderator"), default=False)
    # Total of the community app's reputation ledger, cached here so that
    # policies can read `user.reputation` without a query.
    reputation = models.IntegerField(_("reputation"), default=0, editable=False)

    class Meta(AbstractUser.Meta):
        constraints = [
            # A pseudonym identifies one person in public threads: no two
            # accounts may share one, whatever the letter case.
            models.UniqueConstraint(
                Lower("display_name"),
                name="accounts_user_display_name_ci_unique",
                condition=~models.Q(display_name=""),
                violation_error_message=_("This display name is already taken."),
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def public_name(self) -> str:
        """The only name shown to the public; never the username or the email."""
        return self.display_name or _("User %(id)s") % {"id": self.pk}

    @property
    def profile_slug(self) -> str:
        return slugify(self.display_name) or "pengguna"

    def get_absolute_url(self) -> str:
        return reverse("accounts:public-profile", kwargs={"pk": self.pk, "slug": self.profile_slug})

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


def hash_token_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 hash of the key is stored;
    the key itself is shown once, when the token is created."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("prefix"), max_length=16, editable=False,
        help_text=_("The first characters of the key, to recognise a token without revealing it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.name or self.user})"
