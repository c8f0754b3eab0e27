from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("archiv/", views.event_archive, name="archive"),
    # Before "<slug>.ics": the feed's name would otherwise read as an event called "kalender".
    path("kalender.ics", views.event_feed, name="feed"),
    path("<slug:slug>.ics", views.event_ical, name="ical"),
    path("<slug:slug>/", views.event_detail, name="detail"),
]
