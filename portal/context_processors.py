from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """Give every template the portal name and the address of this page in the other language."""
    current = get_language() or settings.LANGUAGE_CODE
    alternates = [
        {"code": code, "name": name, "url": translate_url(request.get_full_path(), code)}
        for code, name in settings.LANGUAGES
        if code != current
    ]
    return {"site_name": "Transferportal", "language_alternates": alternates}
