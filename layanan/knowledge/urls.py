from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/riwayat/", views.article_history, name="history"),
    path("<slug:slug>/riwayat/<int:number>/", views.article_revision, name="revision"),
]
