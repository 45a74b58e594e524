"""Freshness pages, mounted at the site root before the staff area (layanan/urls.py):
citizens' actions under the page they are about, "my suggestions" under /akun/,
and the dashboard under /kelola/kesegaran/."""

from django.urls import path, register_converter

from . import dashboard, views


class PageKindConverter:
    """/layanan/… is a service page, /pengetahuan/… an article; views get "service" or "article"."""

    regex = "layanan|pengetahuan"

    def to_python(self, value):
        return "service" if value == "layanan" else "article"

    def to_url(self, value):
        return {"service": "layanan", "article": "pengetahuan"}.get(value, value)


class StaffKindConverter(PageKindConverter):
    regex = "layanan|artikel"

    def to_url(self, value):
        return {"service": "layanan", "article": "artikel"}.get(value, value)

    def to_python(self, value):
        return "service" if value == "layanan" else "article"


register_converter(PageKindConverter, "pagekind")
register_converter(StaffKindConverter, "staffkind")

app_name = "freshness"

urlpatterns = [
    path("<pagekind:kind>/<slug:slug>/umpan-balik/", views.feedback, name="feedback"),
    path("<pagekind:kind>/<slug:slug>/umpan-balik/alasan/", views.feedback_reason, name="feedback-reason"),
    path("<pagekind:kind>/<slug:slug>/laporkan/", views.report, name="report"),
    path("<pagekind:kind>/<slug:slug>/sarankan/", views.suggest, name="suggest"),
    path("akun/saran-saya/", views.my_suggestions, name="my-suggestions"),
    path("akun/saran-saya/dibaca/", views.mark_read, name="mark-read"),
    path("kelola/kesegaran/", dashboard.dashboard_index, name="index"),
    path("kelola/kesegaran/<slug:agency_slug>/", dashboard.dashboard, name="dashboard"),
    path("kelola/kesegaran/<slug:agency_slug>/<staffkind:kind>/<int:pk>/verifikasi/", dashboard.verify,
         name="verify"),
    path("kelola/kesegaran/<slug:agency_slug>/laporan/<int:pk>/", dashboard.handle_report, name="report-handle"),
    path("kelola/kesegaran/<slug:agency_slug>/saran/<int:pk>/", dashboard.suggestion_detail,
         name="suggestion"),
]
