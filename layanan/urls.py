"""URL map: public pages in Indonesian with English under /en/, staff area under
/kelola/, and the API (language-neutral) under /api/v1/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .api import api

admin.site.site_header = _("Layanan staff area")
admin.site.site_title = _("Layanan staff area")
admin.site.index_title = _("Manage services and knowledge")

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    # Staff pages outside the admin come first: the admin claims everything under /kelola/.
    path("kelola/pengetahuan/", include("layanan.knowledge.staff_urls")),
    path("kelola/komunitas/", include("layanan.community.staff_urls")),
    path("", include("layanan.freshness.urls")),  # its /kelola/kesegaran/ must come before the admin
    path("kelola/", admin.site.urls),
    path("cari/", include("layanan.search.urls")),
    path("akun/", include("layanan.accounts.urls")),
    path("pengetahuan/", include("layanan.knowledge.urls")),
    path("tanya/", include("layanan.community.urls")),
    path("", include("layanan.catalog.urls")),
    prefix_default_language=False,
)
