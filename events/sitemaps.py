"""Event pages in /sitemap.xml (portal/sitemaps.py)."""

from portal.sitemaps import PublicSitemap

from .models import Event
from .selectors import public_events


class EventSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        # Public only: drafts never; cancelled and postponed events keep their page.
        return public_events().only("slug", "updated_at").order_by("-starts_at", "pk")

    def lastmod(self, event: Event):
        return event.updated_at
