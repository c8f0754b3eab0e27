from django.urls import path

from portal.views import placeholder

app_name = "municipalities"

urlpatterns = [
    path("", placeholder, name="list"),
]
