"""Serve uploaded files so that none of them can act as a page of the portal.

Uploads live on the portal's own address. Even with the checks in ``portal.uploads``, a file is
served as what its extension says (never as HTML or SVG), with ``nosniff``, as a download unless it
is an image or film shown inside pages, and under a sandbox policy that gives it no origin and no
script. ``README.md`` shows the reverse-proxy lines that do the same in production.
"""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from .uploads import file_type_of

# Files under this prefix of the storage are for an event's participants only: never served as
# /media/..., only by views that check the person's link (README: the reverse proxy refuses it too).
PARTICIPANTS_ONLY_PREFIX = "teilnehmende/"
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; frame-ancestors 'none'"


def protect(response, name: str):
    """Set the type, disposition and sandbox headers for the stored file ``name`` on ``response``."""
    file_type = file_type_of(name)
    response["Content-Type"] = file_type.content_type if file_type else "application/octet-stream"
    if not (file_type and file_type.shown_inline):
        # FileResponse says "inline; filename=..." by default: keep the name, make it a download.
        disposition = response.get("Content-Disposition", "attachment")
        response["Content-Disposition"] = disposition.replace("inline", "attachment", 1)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    return response


def serve_media(request, path):
    """Serve ``path`` from MEDIA_ROOT with the headers of ``protect()`` (development and tests)."""
    if path.lstrip("/").startswith(PARTICIPANTS_ONLY_PREFIX):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        protect(response, path)
    return response
