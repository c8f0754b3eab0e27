"""Middleware of the portal."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


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
