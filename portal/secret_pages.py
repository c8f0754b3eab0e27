"""Pages reached by a secret link: registration pages, "Meine Anmeldungen", press previews.

Their address is the key, so it must not travel further: not to caches, search engines or
other sites (headers set by ``secret_page``), and not into the portal's own records, such as
the page a barrier report is about (``shareable_path``).
"""

from functools import wraps
from urllib.parse import unquote

from django.conf import settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils import translation
from django.views.decorators.cache import never_cache


def secret_page(view=None, *, referrer_policy="same-origin"):
    """Mark a view whose address holds a secret: no caching, no indexing, no referrer to other sites.

    "same-origin" by default rather than "no-referrer": the latter makes browsers send
    ``Origin: null`` with the page's own forms, which Django's CSRF check rightly refuses. Pages
    without forms may pass ``referrer_policy="no-referrer"``.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = never_cache(view)(request, *args, **kwargs)
            response["Referrer-Policy"] = referrer_policy
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        wrapper.secret_page = True
        return wrapper

    return decorate(view) if view is not None else decorate


def is_secret_path(path: str) -> bool:
    """Return whether ``path`` (with or without language prefix) leads to a secret page."""
    path = unquote(path.split("?", 1)[0])
    language = translation.get_language_from_path(path) or translation.get_language()
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return False
    return getattr(match.func, "secret_page", False)


def shareable_path(request) -> str:
    """Return the path of the current page, or "" where the path itself is a secret."""
    match = request.resolver_match
    if match is not None and getattr(match.func, "secret_page", False):
        return ""
    return request.path


def secret_path_prefixes() -> list[str]:
    """Return the fixed start of every secret page's address, in every language (for robots.txt).

    Walked from the URLconf, so a secret page added later is covered without anyone listing it.
    """
    prefixes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes.update(_secret_prefixes(get_resolver().url_patterns, "/"))
    return sorted(prefixes)


def _secret_prefixes(patterns, prefix):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            yield from _secret_prefixes(pattern.url_patterns, route)
        elif getattr(pattern.callback, "secret_page", False):
            # The part before the first token: /anmeldung/persoenlich/<str:token>/ → /anmeldung/persoenlich/
            yield route.split("<", 1)[0]
