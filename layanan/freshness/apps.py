from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FreshnessConfig(AppConfig):
    """Keeping official information current: feedback, inaccuracy reports,
    suggested edits, the per-agency freshness dashboard and the daily digest."""

    name = "layanan.freshness"
    label = "freshness"
    verbose_name = _("Freshness")
