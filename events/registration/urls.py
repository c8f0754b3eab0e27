from django.urls import path

from events.registration import views

app_name = "registration"

urlpatterns = [
    path("meine/", views.overview_request, name="overview_request"),
    path("meine/<str:token>/", views.overview, name="overview"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("persoenlich/<str:token>/", views.manage, name="manage"),
    path("persoenlich/<str:token>/meine-daten.json", views.data_json, name="data_json"),
    path("persoenlich/<str:token>/meine-daten.csv", views.data_csv, name="data_csv"),
    path("persoenlich/<str:token>/loeschen/", views.deletion_request, name="deletion_request"),
    path(
        "persoenlich/<str:token>/bescheinigung/<int:registration_id>/",
        views.certificate,
        name="certificate",
    ),
    path(
        "persoenlich/<str:token>/dokumentation/<int:registration_id>/<int:material_id>/",
        views.material_file,
        name="material",
    ),
    path(
        "persoenlich/<str:token>/dokumentation/<int:registration_id>/<int:material_id>/barrierefrei/",
        views.material_file,
        {"field": "accessible_alternative"},
        name="material_alternative",
    ),
    path("<slug:slug>/", views.register, name="register"),
    path("<slug:slug>/bitte-bestaetigen/", views.sent, name="sent"),
    path("<slug:slug>/link-anfordern/", views.resend_for_email, name="resend"),
]
