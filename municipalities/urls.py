from django.urls import path, register_converter

from . import views


class MunicipalityKeyConverter:
    """Five digits (Kreis) or eight digits (Gemeinde)."""

    regex = r"\d{5}(?:\d{3})?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(MunicipalityKeyConverter, "ags")

app_name = "municipalities"

urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("uebersicht/", views.overview, name="overview"),
    path("suche/", views.search, name="search"),
    path("<ags:key>/", views.municipality_detail, name="detail"),
]
