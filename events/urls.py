from django.urls import path

from portal.views import placeholder

app_name = "events"

urlpatterns = [
    path("", placeholder, name="list"),
]
