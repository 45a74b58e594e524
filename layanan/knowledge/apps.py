from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "layanan.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from . import search  # noqa: F401  (registers articles with the search index)
