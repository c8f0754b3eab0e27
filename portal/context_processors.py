from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from .secret_pages import shareable_path


def site(request):
    """Give every template the portal name, the address of this page in the other language and the
    path the barrier report link names (none on pages whose address is a secret)."""
    current = get_language() or settings.LANGUAGE_CODE
    alternates = [
        {"code": code, "name": name, "url": translate_url(request.get_full_path(), code)}
        for code, name in settings.LANGUAGES
        if code != current
    ]
    return {
        "site_name": "Transferportal",
        "language_alternates": alternates,
        "feedback_page": shareable_path(request),
    }
