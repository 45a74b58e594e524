"""A log of personal data that the shield masked, without the data itself.

The privacy app imports no other domain app: callers pass the actor and the
target object, and only their identifiers are kept, as strings and integers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataEvent(models.Model):
    """Personal data was found in a text and masked before it was published.

    Holds what kinds were found and how many, never the values, so the log
    itself is not personal data beyond who wrote where.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kinds = models.JSONField(_("kinds"), default=list, help_text=_("Sorted kinds of personal data found."))
    counts = models.JSONField(_("counts"), default=dict, help_text=_("Number of findings per kind."))
    total = models.PositiveIntegerField(_("total"), default=0)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    field = models.CharField(_("field"), max_length=64, blank=True)
    # A plain integer: the privacy app sits below accounts and keeps no foreign key.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("personal-data event")
        verbose_name_plural = _("personal-data events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {', '.join(self.kinds)} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Personal-data events are append-only.")
        super().save(*args, **kwargs)
