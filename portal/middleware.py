"""Middleware of the portal."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulCharactersMiddleware:
    """Answer 400 to an address whose path or query string holds a NUL character.

    Nobody types one, and PostgreSQL refuses to compare text with it: a token, slug or filter
    value with a NUL would otherwise end in a database error (a 500). Form fields sent by POST
    keep Django's own message ("Null characters are not allowed").
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                _("Die Adresse enthält ein unzulässiges Zeichen (NUL). Bitte prüfen Sie den Link.") + "\n",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
