"""The portal's addresses plus one whose view fails, for the error reporting tests (ROOT_URLCONF)."""

import logging

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("Absichtlicher Fehler für den Test")


def logging_view(request):
    logging.getLogger("portal.test").info("Eine Zeile aus der Anfrage")
    return HttpResponse("ok")


urlpatterns = [
    path("test-fehler/", failing_view),
    path("test-protokoll/", logging_view),
    *portal_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
