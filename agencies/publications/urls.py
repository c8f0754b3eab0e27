from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("<slug:slug>/", views.publication_detail, name="detail"),
    path("<slug:slug>/datei/", views.publication_download, name="download"),
    path(
        "<slug:slug>/barrierefreie-fassung/",
        views.publication_accessible_download,
        name="accessible_download",
    ),
]
