"""The public check of an attendance certificate, at /bescheinigung/<code>/ (printed on every certificate)."""

from django.urls import path

from events.registration import views

app_name = "certificate"

urlpatterns = [path("<str:code>/", views.certificate_verify, name="verify")]
