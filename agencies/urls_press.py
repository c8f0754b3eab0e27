from django.urls import path

from portal.views import placeholder

app_name = "press"

urlpatterns = [
    path("", placeholder, name="list"),
]
