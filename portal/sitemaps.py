"""The sitemap (/sitemap.xml): every public page in both languages, with hreflang alternates.

``portal`` is the lowest layer and may not import the apps above it, so each app hands in its own
sitemap with ``register_sitemap`` in its ``AppConfig.ready()``; the portal's own pages are here.
Only what the public may see goes in: every app's ``items()`` starts from its public queryset.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

SITEMAPS: dict[str, type[Sitemap]] = {}


def register_sitemap(name: str, sitemap: type[Sitemap]) -> None:
    """List ``sitemap``'s pages in /sitemap.xml under ``name``."""
    SITEMAPS[name] = sitemap


class PublicSitemap(Sitemap):
    """A sitemap with one entry per language and the others as hreflang alternates (x-default: German)."""

    i18n = True
    alternates = True
    x_default = True

    # The public address (SITE_URL), like mails and feeds: behind the proxy the request may name
    # another host or plain HTTP.
    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PortalPagesSitemap(PublicSitemap):
    """The site-wide pages and the start pages of each section."""

    changefreq = "weekly"

    def items(self):
        return [
            "portal:home",
            "events:list",
            "events:archive",
            "press:list",
            "publications:list",
            "agencies:list",
            "municipalities:list",
            "municipalities:overview",
            "portal:imprint",
            "portal:privacy",
            "portal:accessibility",
            "portal:easy_language",
            "portal:sign_language",
            "portal:search",
            "portal:feedback",
            "registration:overview_request",
        ]

    def location(self, item):
        return reverse(item)


register_sitemap("seiten", PortalPagesSitemap)
