"""Community actions for agency staff, mounted at /kelola/komunitas/."""

from django.urls import path

from .views import promotion

app_name = "community_staff"

urlpatterns = [
    path("pertanyaan/<int:pk>/jadikan-pengetahuan/", promotion.promote, name="promote"),
]
