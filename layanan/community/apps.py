from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "layanan.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self):
        from . import activity, search  # noqa: F401  (search registers answered questions for the index)

        activity.register()  # questions and answers on public profiles
