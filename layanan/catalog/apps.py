from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "layanan.catalog"
    label = "catalog"
    verbose_name = _("Service catalog")

    def ready(self):
        from . import search  # noqa: F401  registers services with the search index
