"""The knowledge workflow pages, mounted at /kelola/pengetahuan/ (before the staff admin)."""

from django.urls import path

from . import staff_views as views

app_name = "knowledge_staff"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("baru/", views.article_create, name="create"),
    path("tinjauan/", views.review_queue, name="review-queue"),
    path("<int:pk>/", views.article_detail, name="article"),
    path("<int:pk>/ubah/", views.article_edit, name="edit"),
    path("<int:pk>/ajukan/", views.article_submit, name="submit"),
    path("<int:pk>/tarik/", views.article_withdraw, name="withdraw"),
    path("<int:pk>/arsipkan/", views.article_archive, name="archive"),
    path("<int:pk>/verifikasi/", views.article_verify, name="verify"),
    path("revisi/<int:pk>/", views.revision_detail, name="revision"),
    path("revisi/<int:pk>/setujui/", views.revision_approve, name="approve"),
    path("revisi/<int:pk>/tolak/", views.revision_reject, name="reject"),
]
