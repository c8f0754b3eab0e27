from django.urls import path

from . import publication_views

app_name = "publications"

urlpatterns = [
    path("", publication_views.publication_list, name="list"),
    path("<slug:slug>/", publication_views.publication_detail, name="detail"),
    path("<slug:slug>/datei/", publication_views.publication_download, name="download"),
    path(
        "<slug:slug>/barrierefreie-fassung/",
        publication_views.publication_accessible_download,
        name="accessible_download",
    ),
]
