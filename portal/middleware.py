"""The portal's own middleware: addresses it refuses, and a 503 page while the database is unreachable."""

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .health import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


def database_unavailable_response() -> HttpResponse:
    """Return the 503 page, rendered without the request: no context processor, session or user
    may reach for the database that is gone."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a failed database connection in a view (or its template, the lazy user, the session it
    reads) into the 503 page.

    Listed before SessionMiddleware and AuthenticationMiddleware so that it wraps them. Django turns
    an exception into a response at every middleware layer, so one raised by a middleware itself
    (the session saved on the way out) never reaches this class as an exception: it reaches
    handler500, ``portal.views.server_error``, which gives the same page for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.error("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable_response()
        return None


class RejectNulCharactersMiddleware:
    """Answer 400 to an address whose path holds a NUL character (%00).

    Nobody types one, and PostgreSQL refuses text with it: a token looked up from the path (a
    registration's or a preview's) would otherwise end in a database error, a 500. Query parameters
    and form fields go through their fields, which refuse NUL with a message of their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseBadRequest(
                _("Die Adresse enthält ein unzulässiges Zeichen (NUL). Bitte prüfen Sie den Link.") + "\n",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
