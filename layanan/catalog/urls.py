from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.service_list, name="service-list"),
    path("layanan/<slug:slug>/", views.service_detail, name="service"),
    path("layanan/<slug:slug>/riwayat/", views.service_history, name="history"),
    path("layanan/<slug:slug>/riwayat/<int:number>/", views.revision_detail, name="revision"),
    path("kategori/<slug:slug>/", views.category_detail, name="category"),
    path("instansi/", views.agency_list, name="agency-list"),
    path("instansi/<slug:slug>/", views.agency_detail, name="agency"),
]
