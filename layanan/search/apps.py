from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "layanan.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # Connects the signals that bump the dictionary version on every edit.
        from .services import dictionary  # noqa: F401
