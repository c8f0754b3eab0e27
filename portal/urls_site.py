from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", views.placeholder, name="imprint"),
    path("datenschutz/", views.placeholder, name="privacy"),
    path("barrierefreiheit/", views.placeholder, name="accessibility"),
    path("leichte-sprache/", views.placeholder, name="easy_language"),
    path("gebaerdensprache/", views.placeholder, name="sign_language"),
    path("barriere-melden/", views.placeholder, name="feedback"),
]
