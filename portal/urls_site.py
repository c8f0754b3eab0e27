from django.urls import path

from . import views
from .models import ContentPage

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.content_page, {"kind": ContentPage.Kind.PRIVACY}, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path(
        "leichte-sprache/", views.content_page, {"kind": ContentPage.Kind.EASY_LANGUAGE}, name="easy_language"
    ),
    path(
        "gebaerdensprache/",
        views.content_page,
        {"kind": ContentPage.Kind.SIGN_LANGUAGE},
        name="sign_language",
    ),
    path("barriere-melden/", views.feedback, name="feedback"),
    path("suche/", views.site_search, name="search"),
]
