"""The page cache's front: stored pages answered at the WSGI entrance, before Django's middleware runs.

A cached page still costs the whole middleware chain (security headers, sessions, languages, CSRF,
authentication, messages, django-axes) when ``cached_page`` answers it. The front answers those
requests before the chain: ``KeepFinalPageMiddleware``, first in ``MIDDLEWARE``, keeps the response as
it left the last middleware (every header set), and ``FrontPageCache`` wraps the WSGI application and
serves it again to the next anonymous GET of the same address while its content version (and seat
bucket) still holds. It also answers a conditional GET (``If-None-Match``) with 304 there, and does so
with the page cache switched off too: validators are no stored page.

What it keeps is exactly what ``cached_page`` marked public for an anonymous visitor, so the rules of
``portal.page_cache`` (never a page with a form, a cookie, a logged-in user; the language comes from
the address) hold here as well. A request with a session cookie, another method than GET or another
address always goes to Django. Each answer gets its own request id and content security nonce.

The content version is read from the shared cache at most every ``PAGE_CACHE_VERSION_SECONDS`` per
process (a change made in this process counts at once): a change made on another app server reaches
this one's front within that time.
"""

import base64
import gzip
import os
from dataclasses import dataclass

from django.conf import settings
from django.http import parse_cookie
from django.utils.cache import patch_vary_headers

from portal.request_id import HEADER as REQUEST_ID_HEADER
from portal.request_id import request_id_from

from . import LOCAL_ENTRIES, PAGE_SECONDS, _LocalPages, seat_bucket, shared_content_version

# Headers that belong to one answer only: each front answer gets its own.
_PER_ANSWER = {REQUEST_ID_HEADER.lower(), "content-length", "date", "server"}
# Headers a 304 repeats (RFC 9110 15.4.5): the validators and what caches need to keep the page.
_NOT_MODIFIED_KEEP = {"cache-control", "etag", "last-modified", "vary", "expires", "content-location"}
# Bodies from this size on are kept gzipped too, for clients that accept it (calendar clients and
# browsers do): a calendar of a year's events is 400 KB as text and a tenth of that compressed, and
# copying it was the most of what answering it cost. Only bodies without a nonce (feeds, calendars,
# pages without inline script): a nonce is replaced per answer, which compressed bytes cannot have.
# Never a page with a form or a personal token either (BREACH): the front keeps none of those.
GZIP_MIN_BYTES = 16 * 1024


@dataclass(frozen=True)
class FrontEntry:
    version: str
    bucket: int | None
    etag: str
    headers: tuple[tuple[str, str], ...]
    # None: only the validators are kept (page cache off, or a page served with a form of its own).
    body: bytes | None
    nonce: str | None
    gzipped: bytes | None = None


front_pages = _LocalPages(LOCAL_ENTRIES)


def front_key(scheme: str, host: str, path: str, query: str) -> str:
    return f"{scheme}://{host}{path}?{query}"


class KeepFinalPageMiddleware:
    """Keep a marked response as it leaves the middleware chain, for ``FrontPageCache``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Set by cached_page when it marked the response public for an anonymous visitor.
        marked = getattr(request, "_page_cache_front", None)
        if marked and response.status_code in (200, 304) and not response.streaming and not response.cookies:
            nonce = getattr(request, "_csp_nonce", None)
            nonce = nonce if isinstance(nonce, str) else None
            # After a 304 only the validators: the next plain GET goes to Django and leaves the page.
            body = response.content if marked["body"] and response.status_code == 200 else None
            gzipped = _compressed(response, body, nonce)
            if gzipped is not None:
                patch_vary_headers(response, ("Accept-Encoding",))
            headers = tuple(
                (name, value) for name, value in response.items() if name.lower() not in _PER_ANSWER
            )
            entry = FrontEntry(
                version=marked["version"],
                bucket=marked["bucket"],
                etag=marked["etag"],
                headers=headers,
                body=body,
                nonce=nonce,
                gzipped=gzipped,
            )
            query = request.META.get("QUERY_STRING", "")
            key = front_key(request.scheme, request.get_host(), request.path, query)
            front_pages.set(key, entry, PAGE_SECONDS)
        return response


def _compressed(response, body: bytes | None, nonce: str | None) -> bytes | None:
    """Return ``body`` gzipped if the front should also keep it so (see GZIP_MIN_BYTES), else None."""
    if (
        body is None
        or nonce is not None
        or len(body) < GZIP_MIN_BYTES
        or response.has_header("Content-Encoding")
    ):
        return None
    return gzip.compress(body, compresslevel=6, mtime=0)


def _accepts_gzip(environ) -> bool:
    for coding in environ.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _semicolon, parameters = coding.partition(";")
        if name.strip().lower() in ("gzip", "x-gzip"):
            return parameters.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _scheme(environ) -> str:
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header:
        header, secure_value = proxy_header
        forwarded = environ.get(header)
        if forwarded is not None:
            return "https" if forwarded.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def _host(environ) -> str:
    # The same value Django's request.get_host() validated when the entry was kept: an address
    # ALLOWED_HOSTS refuses never has an entry.
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return environ["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    server_port = environ.get("SERVER_PORT", "")
    host = environ.get("SERVER_NAME", "")
    return host if server_port in ("80", "443") else f"{host}:{server_port}"


def _path(environ) -> str:
    # As Django's WSGIRequest builds request.path from SCRIPT_NAME and PATH_INFO.
    path_info = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace") or "/"
    script_name = environ.get("SCRIPT_NAME", "").encode("latin-1").decode("utf-8", "replace").rstrip("/")
    return script_name + path_info


def _may_answer(environ) -> bool:
    if environ.get("REQUEST_METHOD") != "GET":
        return False
    cookie_header = environ.get("HTTP_COOKIE")
    return not cookie_header or settings.SESSION_COOKIE_NAME not in parse_cookie(cookie_header)


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {candidate.strip().removeprefix("W/") for candidate in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


class FrontPageCache:
    """WSGI middleware: answer anonymous GETs from the entries ``KeepFinalPageMiddleware`` kept."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not _may_answer(environ):
            return self.application(environ, start_response)
        try:
            key = front_key(_scheme(environ), _host(environ), _path(environ), environ.get("QUERY_STRING", ""))
            entry = front_pages.get(key)
            if entry is None or not self._current(entry):
                return self.application(environ, start_response)
        except Exception:  # noqa: BLE001 - the shared cache is away: Django answers and reports it
            return self.application(environ, start_response)

        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match and _matches(if_none_match, entry.etag):
            headers = [(name, value) for name, value in entry.headers if name.lower() in _NOT_MODIFIED_KEEP]
            headers.append((REQUEST_ID_HEADER, request_id))
            start_response("304 Not Modified", headers)
            return [b""]
        if entry.body is None:
            return self.application(environ, start_response)

        body, headers = entry.body, list(entry.headers)
        if entry.gzipped is not None and _accepts_gzip(environ):
            # A weak validator: the compressed bytes are another representation of the same page.
            body = entry.gzipped
            headers = [
                (name, f"W/{value}" if name.lower() == "etag" and not value.startswith("W/") else value)
                for name, value in headers
            ]
            headers.append(("Content-Encoding", "gzip"))
        elif entry.nonce:
            # A nonce must never repeat: this answer gets its own, in the page and in the policy.
            nonce = base64.b64encode(os.urandom(16)).decode("ascii")
            body = body.replace(f'nonce="{entry.nonce}"'.encode(), f'nonce="{nonce}"'.encode())
            headers = [(name, value.replace(entry.nonce, nonce)) for name, value in headers]
        headers.append(("Content-Length", str(len(body))))
        headers.append((REQUEST_ID_HEADER, request_id))
        start_response("200 OK", headers)
        return [body]

    @staticmethod
    def _current(entry: FrontEntry) -> bool:
        if entry.version != shared_content_version():
            return False
        return entry.bucket is None or entry.bucket == seat_bucket()
