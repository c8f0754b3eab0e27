"""Whole public pages for anonymous visitors, kept in the cache until their content changes.

A page is stored under its address (scheme, host, path and query string), the active language and
the *content version*: one value in the shared cache, replaced whenever public content is saved or
deleted (``bump_on_change``: services, admin and imports alike) and whenever a moment passes at which
content changes by itself (``register_scheduled_change``). A new version makes every stored page
unreachable at once, so nobody has to know which pages showed the changed row. Pages that show free
seats also carry a time bucket of ``PAGE_CACHE_SEAT_SECONDS`` in their key; registering itself always
counts the seats live under the lock.

Only requests without a session cookie and without a logged-in user are served from the cache or
stored, and a response is stored only when it set no cookie and asked for no CSRF token: a page with a
POST form (the registration page, the barrier report) renders its token, so it is never stored and
the next visitor gets a fresh token. Stored pages keep their content security nonce replaced by the
current request's: a nonce must never repeat.

A process-local first level holds recent pages, the shared second level lets the other app servers
profit; in front of both, ``front`` answers stored pages before Django's middleware runs.
"""

import functools
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "page_cache:content_version"
# Stored pages expire after this long anyway: a page nobody asks for again must not stay for good.
PAGE_SECONDS = 600
LOCAL_ENTRIES = 500


# Functions returning the next moment public content changes by time alone (or None): apps register them.
_scheduled_changes = []


def register_scheduled_change(next_moment) -> None:
    """Have ``next_moment()`` (returning a datetime or None) tell when content changes without a save.

    A scheduled press release appears at its time, an event moves to the archive when it ends: the
    content version is replaced at that moment as if someone had saved.
    """
    if next_moment not in _scheduled_changes:
        _scheduled_changes.append(next_moment)


# The version this process read or wrote last: (version, expires, read at by time.monotonic()).
_last_read = (None, None, float("-inf"))


def _replace_version() -> str:
    global _last_read
    # The time of the change (it tells feeds their Last-Modified), and a random part: two changes
    # within the same clock tick must still give two versions.
    version = f"{time.time_ns():x}-{secrets.token_hex(4)}"
    moments = [moment for moment in (next_moment() for next_moment in _scheduled_changes) if moment]
    expires = min(moments).timestamp() if moments else None
    cache.set(VERSION_KEY, (version, expires), timeout=None)
    _last_read = (version, expires, time.monotonic())
    return version


def content_version() -> str:
    """Return the current content version: new after every change, and after every scheduled moment."""
    global _last_read
    stored = cache.get(VERSION_KEY)
    if stored is None or (stored[1] is not None and stored[1] <= time.time()):
        return _replace_version()
    _last_read = (stored[0], stored[1], time.monotonic())
    return stored[0]


def forget_content_version() -> None:
    """Have the next ``content_version_at_most()`` read the shared cache (after the cache was cleared)."""
    global _last_read
    _last_read = (None, None, float("-inf"))


def content_version_at_most(seconds: float) -> str:
    """Return the content version as read from the shared cache at most ``seconds`` ago.

    For the front (``portal.page_cache.front``), which must not ask the shared cache on every
    request: a change made in this process counts at once, one made on another server after
    ``seconds``. A scheduled moment counts at once too.
    """
    version, expires, read_at = _last_read
    if (
        version is None
        or time.monotonic() - read_at >= seconds
        or (expires is not None and expires <= time.time())
    ):
        return content_version()
    return version


def shared_content_version() -> str:
    """Return the content version as every app server sees it within ``PAGE_CACHE_VERSION_SECONDS``.

    What pages and fragments are keyed on: asking the shared cache once per request cost a query (or a
    round trip to Redis) on every page, for a value that changes a few times a day.
    """
    return content_version_at_most(settings.PAGE_CACHE_VERSION_SECONDS)


def seat_bucket() -> int:
    """Return the current time bucket of ``PAGE_CACHE_SEAT_SECONDS``: a page with seats lasts one bucket."""
    return int(time.time() // max(settings.PAGE_CACHE_SEAT_SECONDS, 1))


def content_changed_at(version: str) -> int:
    """Return when the content last changed, in seconds since the epoch (for Last-Modified)."""
    return int(version.split("-")[0], 16) // 1_000_000_000


def bump_content_version() -> None:
    """Make every stored page stale: public content was published, changed, cancelled or withdrawn.

    It takes effect at once and again after the surrounding transaction commits: a page rendered from
    the old rows between the two would otherwise be stored under the new version.
    """
    _replace_version()
    connection = transaction.get_connection()
    # Once per transaction is enough after the commit, however many rows it saved.
    if not any(entry[1] is _replace_version for entry in connection.run_on_commit):
        transaction.on_commit(_replace_version)


_batch = threading.local()


@contextmanager
def one_bump_for_all():
    """Replace the content version once, at the end, for all the saves inside (an import of many rows)."""
    depth = getattr(_batch, "depth", 0)
    _batch.depth = depth + 1
    try:
        yield
    finally:
        _batch.depth = depth
        if depth == 0:
            bump_content_version()


def _content_saved(sender, **kwargs) -> None:
    if not getattr(_batch, "depth", 0):
        bump_content_version()


def bump_on_change(*models) -> None:
    """Bump the content version whenever a row of these models (or one of their many-to-many links) is
    saved or deleted.

    Each app names its public content models in ``AppConfig.ready()``. Every write to them goes
    through ``save()``/``delete()``: the services' verbs (publish, cancel, withdraw, ...), the admin's
    forms and inlines, imports and the demo loader alike, so none of them has to remember the cache.
    A write that bypasses ``save()`` (``QuerySet.update()``, ``bulk_create()``) must call
    ``bump_content_version()`` itself. Registrations are no content: seat counts age by time instead.
    """
    for model in models:
        uid = f"page_cache:{model._meta.label}"
        post_save.connect(_content_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_content_saved, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_content_saved, sender=field.remote_field.through, dispatch_uid=uid)


class _LocalPages:
    """A small thread-safe LRU of this process's recent pages: (deadline, stored page) per key."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry[1]

    def set(self, key: str, page: dict, timeout: float) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + timeout, page)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


local_pages = _LocalPages(LOCAL_ENTRIES)


# Filter forms, event cards, list entries, the empty registration form: small pieces shared by many pages.
LOCAL_FRAGMENTS = 2000
local_fragments = _LocalPages(LOCAL_FRAGMENTS)


def cached_fragment(name: str, render) -> str:
    """Return the HTML ``render()`` returns, rendered once per language and content version (or what
    a page renders into HTML, such as the chips of its filters: read only).

    For parts of a page that are the same for everyone, logged in or not, whatever else ``name`` says
    they depend on (a filter form's values, a card's free seats): they are kept in this process
    only, and a new content version leaves them behind.
    """
    return _kept_in(local_fragments, f"{shared_content_version()}:{get_language()}:{name}", render)


def cached_fragments(names: list[str], render_missing) -> dict[str, object]:
    """Return ``{name: fragment}`` for ``names``, kept as ``cached_fragment`` keeps them; the ones not
    kept yet come from one call of ``render_missing(missing_names)``, a dict of them (a name it
    leaves out is left out of the answer too)."""
    prefix = f"{shared_content_version()}:{get_language()}:"
    found = {name: local_fragments.get(prefix + name) for name in names}
    missing = [name for name, fragment in found.items() if fragment is None]
    if missing:
        rendered = render_missing(missing)
        for name in missing:
            found[name] = rendered.get(name)
            if found[name] is not None:
                local_fragments.set(prefix + name, found[name], PAGE_SECONDS)
    return {name: fragment for name, fragment in found.items() if fragment is not None}


def _kept_in(store: _LocalPages, key: str, load):
    value = store.get(key)
    if value is None:
        value = load()
        store.set(key, value, PAGE_SECONDS)
    return value


# Rows of content some pages show (an event's programme, the newest releases), kept like fragments.
LOCAL_ROWS = 500
local_rows = _LocalPages(LOCAL_ROWS)


def kept_rows(name: str, load):
    """Return what ``load()`` returns, read once per content version under ``name`` (in any language).

    For rows that only editors change (or scheduled changes: the next events), read by pages that
    show them to everyone alike: an event's programme, the newest press releases. Compiling
    their queries on every request cost more than the rest of the page's SQL. ``name`` must say
    everything the rows depend on; what it returns is shared by every request of the process, so
    callers must only read it (or change copies).
    """
    return _kept_in(local_rows, f"{shared_content_version()}:{name}", load)


def kept_ids(name: str, queryset) -> list:
    """Return the pks of the rows ``queryset()`` selects, in its order, read once per content version
    under ``name`` (which must say everything the queryset depends on): what a list's pages are cut
    from, as ``kept_rows``."""
    return kept_rows(f"ids:{name}", lambda: list(queryset().values_list("pk", flat=True)))


def kept_rows_in_order(name: str, ids, load) -> list:
    """Return the rows ``load(ids)`` returns (with a ``pk`` each), in the order of ``ids``, read once
    per content version under ``name`` and the ids: a page of a list cut from ids kept in order. One
    deleted on another app server since the ids were read is left out. Read only, as ``kept_rows``."""
    ids = tuple(ids)

    def in_order():
        by_id = {row.pk: row for row in load(ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    return kept_rows(f"{name}:{','.join(map(str, ids))}", in_order)


def kept_per_version(function):
    """Keep what ``function()`` returns in this process until the content version changes.

    For small reference data that many pages read and only editors change (the four agencies, the
    topics): one query per process and version instead of a join or a query on every page. What it
    returns is shared by every request of the process, so callers must only read it.

    A function with (positional, hashable) arguments keeps one value per arguments within the
    version: for arguments of few values only (an agency's id, today's date), never for what a
    visitor types, as nothing but the next version empties them.
    """
    kept = (None, {})  # (version, {arguments: value})

    @functools.wraps(function)
    def wrapper(*args):
        nonlocal kept
        version = shared_content_version()
        if kept[0] != version:
            kept = (version, {})
        values = kept[1]
        if args not in values:
            values[args] = function(*args)
        return values[args]

    return wrapper


def kept_per_version_and_day(function):
    """As ``kept_per_version``, for data that also depends on today's date (which partnerships run):
    one value per content version and day. The day a partnership starts or ends is also a scheduled
    change (municipalities.selectors.next_partnership_change), so a new version comes at that midnight
    anyway; the day in the key guards these values should a scheduled change ever be missed."""
    per_day = kept_per_version(lambda day: function())

    @functools.wraps(function)
    def wrapper():
        return per_day(timezone.localdate())

    return wrapper


def with_kept(rows: list, *, field: str, by_id) -> list:
    """Set the foreign key ``field`` on each of ``rows`` from ``by_id()`` (rows kept per content version,
    by pk, as a ``kept_per_version`` function returns them; not asked for no rows): no join. Return
    ``rows``."""
    if not rows:
        return rows
    kept = by_id()
    foreign_key = getattr(type(rows[0]), field).field
    for row in rows:
        related = kept.get(getattr(row, foreign_key.attname))
        # One created on another app server within the last second: the row loads it itself.
        if related is not None:
            foreign_key.set_cached_value(row, related)
    return rows


def is_anonymous_visit(request) -> bool:
    """Return whether the page may come from or go into the cache: a GET by nobody logged in."""
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def page_key(request, *, version: str, bucket: int | None) -> str:
    parts = [request.build_absolute_uri(), get_language() or ""]
    if bucket is not None:
        parts.append(str(bucket))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page_cache:{version}:{digest}"


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # get_token() marks the request: the page renders a CSRF token, so it holds a POST form.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def _stored(request, response, etag: str) -> dict:
    nonce = getattr(request, "_csp_nonce", None)  # set only if the page used request.csp_nonce
    return {
        "content": response.content,
        "headers": [(name, value) for name, value in response.items() if name.lower() != "etag"],
        "etag": etag,
        "nonce": nonce.encode() if nonce else None,
    }


def _response(request, page: dict) -> HttpResponse:
    content = page["content"]
    if page["nonce"]:
        content = content.replace(b'nonce="' + page["nonce"] + b'"', f'nonce="{request.csp_nonce}"'.encode())
    response = HttpResponse(content)
    for name, value in page["headers"]:
        response[name] = value
    return response


def _stored_page(key: str) -> dict | None:
    page = local_pages.get(key)
    if page is None:
        page = cache.get(key)
        if page is not None:
            local_pages.set(key, page, PAGE_SECONDS)
    return page


# A page missed by many requests at once is rendered by the first; the others wait for its result.
FIRST_RENDER_WAIT_SECONDS = 10
_renders_lock = threading.Lock()
_renders: dict[str, threading.Event] = {}


@contextmanager
def _first_render(key: str):
    """Yield True to the first thread of this process asking for ``key``; the others wait for it first.

    Without it, a page that takes a second to render and is asked for by every thread at once (the
    moment after a change) would be rendered by all of them, each slower for the others.
    """
    with _renders_lock:
        rendering = _renders.get(key)
        first = rendering is None
        if first:
            rendering = _renders[key] = threading.Event()
    if not first:
        rendering.wait(FIRST_RENDER_WAIT_SECONDS)
        yield False
        return
    try:
        yield True
    finally:
        with _renders_lock:
            del _renders[key]
        rendering.set()


def _mark_public(response, *, etag: str, last_modified: int | None) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Browsers may keep a page as long as a seat count on it may be old.
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SEAT_SECONDS)


def _own_etag_first(response, validators: dict) -> dict:
    # A view with an ETag of its own content (the calendars) keeps it: an unchanged file keeps its
    # tag across content versions, so subscribers are answered 304 even after unrelated changes.
    own = response.get("ETag")
    return {**validators, "etag": own} if own else validators


def _mark_for_front(request, validators: dict, *, body: bool) -> None:
    """Have ``front.KeepFinalPageMiddleware`` keep this response for the front, with or without its body."""
    request._page_cache_front = {**validators, "body": body}


def _rendered(view, request, args, kwargs):
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def _render_and_store(view, request, args, kwargs, *, key: str, validators: dict):
    response = _rendered(view, request, args, kwargs)
    if response.status_code == 304 and response.has_header("ETag"):
        # The view answered a poll with its own tag (the calendars): the front may answer the next.
        _mark_public(response, etag=response["ETag"], last_modified=validators["last_modified"])
        _mark_for_front(request, _own_etag_first(response, validators), body=False)
    elif _storable(request, response):
        validators = _own_etag_first(response, validators)
        page = _stored(request, response, etag=validators["etag"])
        cache.set(key, page, PAGE_SECONDS)
        local_pages.set(key, page, PAGE_SECONDS)
        _mark_public(response, etag=page["etag"], last_modified=validators["last_modified"])
        _mark_for_front(request, validators, body=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def _render_validated(view, request, args, kwargs, *, validators: dict):
    """Answer with the page cache off: render every time, but answer If-None-Match with 304.

    The validators come from the content version, not from the page, so a poll of an unchanged
    feed is answered without rendering it.
    """
    etag, last_modified = validators["etag"], validators["last_modified"]
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = _rendered(view, request, args, kwargs)
        if not _storable(request, response):
            patch_vary_headers(response, ("Cookie",))
            return response
        validators = _own_etag_first(response, validators)
        _mark_for_front(request, validators, body=False)
    _mark_public(response, etag=validators["etag"], last_modified=last_modified)
    patch_vary_headers(response, ("Cookie",))
    return response


def cached_page(view=None, *, seats: bool = False):
    """Serve the view's page to anonymous visitors from the cache while its content is unchanged.

    ``seats=True`` for pages that show free seats: they are rendered again at the latest every
    ``PAGE_CACHE_SEAT_SECONDS``. Pages without seats also say Last-Modified (the last content change),
    so feed readers may ask with If-Modified-Since as well as with If-None-Match. With the page cache
    off (``PAGE_CACHE_ENABLED``) pages are rendered for every request but still answer such polls.
    """
    if view is None:
        return functools.partial(cached_page, seats=seats)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_visit(request):
            response = view(request, *args, **kwargs)
            if request.method == "GET":
                # A logged-in page must never be kept by a browser or proxy for someone else.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        version = shared_content_version()
        bucket = seat_bucket() if seats else None
        key = page_key(request, version=version, bucket=bucket)
        validators = {
            "version": version,
            "bucket": bucket,
            "etag": f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"',
            "last_modified": None if seats else content_changed_at(version),
        }
        if not settings.PAGE_CACHE_ENABLED:
            return _render_validated(view, request, args, kwargs, validators=validators)
        page = _stored_page(key)
        if page is None:
            with _first_render(key) as first:
                page = None if first else _stored_page(key)
                if page is None:
                    return _render_and_store(view, request, args, kwargs, key=key, validators=validators)
        last_modified = validators["last_modified"]
        not_modified = get_conditional_response(request, etag=page["etag"], last_modified=last_modified)
        response = not_modified if not_modified is not None else _response(request, page)
        _mark_public(response, etag=page["etag"], last_modified=last_modified)
        # A 304 leaves the validators for the front, so the next poll is answered there too.
        _mark_for_front(request, {**validators, "etag": page["etag"]}, body=not_modified is None)
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
