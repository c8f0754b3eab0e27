from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.translation import get_language

from .links import absolute_url
from .secret_pages import shareable_path

# Open Graph names languages with their region.
OG_LOCALES = {"de": "de_DE", "en": "en_GB"}


def _translated(path: str, code: str) -> str:
    return _translated_from(get_language(), path, code)


@lru_cache(maxsize=4096)
def _translated_from(active: str, path: str, code: str) -> str:
    # Resolving and reversing the address in each language took a tenth of a small page's time; the
    # answer changes only with the URLconf (a deploy restarts) and the language the path resolves in.
    return translate_url(path, code)


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _translated_from.cache_clear()


def site(request):
    """Give every template the portal name, the address of this page in each language (the switcher,
    canonical and hreflang links) and the path the barrier report link names (none on pages whose
    address is a secret: those get no canonical or alternate links either)."""
    current = get_language() or settings.LANGUAGE_CODE
    translations = [
        {"code": code, "name": name, "url": _translated(request.get_full_path(), code)}
        for code, name in settings.LANGUAGES
    ]
    shareable = shareable_path(request)
    context = {
        "site_name": "Transferportal",
        "language_alternates": [item for item in translations if item["code"] != current],
        "feedback_page": shareable,
        "og_locale": OG_LOCALES.get(current, current),
        "og_default_image": absolute_url(static("img/og-default.png")),
    }
    if shareable:
        # Without the query: a filtered or paginated list is the same page for a search engine.
        context["canonical_url"] = absolute_url(request.path)
        context["hreflang_links"] = [
            {"code": code, "url": absolute_url(_translated(request.path, code))}
            for code, _name in settings.LANGUAGES
        ] + [{"code": "x-default", "url": absolute_url(_translated(request.path, settings.LANGUAGE_CODE))}]
    return context
