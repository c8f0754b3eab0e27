"""One id per request, on every log line, in the response and on the error page.

The proxy in front may send ``X-Request-ID`` so its access log and ours share the id; a value that
is not a plain token (letters, digits, ``.``, ``_``, ``-``; 8 to 100 characters) is ignored, so
nothing a client invents can break a log line. Otherwise the portal makes one.
"""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,99}")
# Log lines outside a request (the worker, commands) carry this instead of an id.
NO_REQUEST = "-"

current_request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_from(value: str | None) -> str:
    """Return ``value`` if it is a well-formed request id, else a new one."""
    if value and WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Put the request id on ``request.request_id``, in the log context and in the response header.

    It comes first in ``MIDDLEWARE``, so the lines Django logs for a failed request carry the id too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(HEADER))
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request.request_id
        return response
