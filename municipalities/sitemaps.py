"""The directory's profile pages in /sitemap.xml (portal/sitemaps.py)."""

from portal.sitemaps import PublicSitemap

from .models import Municipality


class MunicipalitySitemap(PublicSitemap):
    changefreq = "monthly"
    # Every German municipality has a profile: in several files of the index rather than one huge one.
    limit = 5000

    def items(self):
        return Municipality.objects.only("key", "updated_at").order_by("key")

    def lastmod(self, municipality):
        return municipality.updated_at
