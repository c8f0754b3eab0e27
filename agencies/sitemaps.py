"""The agencies' pages, their press releases and publications in /sitemap.xml (portal/sitemaps.py)."""

from portal.sitemaps import PublicSitemap

from .models import Agency
from .press.models import PressRelease
from .publications.models import Publication


class AgencySitemap(PublicSitemap):
    changefreq = "monthly"

    def items(self):
        return Agency.objects.order_by("order", "name")


class PressReleaseSitemap(PublicSitemap):
    changefreq = "yearly"

    def items(self):
        # Visible only: drafts, releases scheduled for later and withdrawn ones stay out.
        return PressRelease.objects.visible().order_by("-published_at", "pk")

    def lastmod(self, release):
        return release.updated_at


class PublicationSitemap(PublicSitemap):
    changefreq = "yearly"

    def items(self):
        return Publication.objects.order_by("-year", "title")

    def lastmod(self, publication):
        return publication.updated_at
