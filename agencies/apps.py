from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the public pages show (portal/page_cache/): a change makes every cached page stale.
PUBLIC_CONTENT = (
    "Agency",
    "ContactPerson",
    "PressRelease",
    "PressReleaseAttachment",
    "Publication",
    "PublicationSeries",
)


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Transferagenturen")

    def ready(self):
        from portal.page_cache import bump_on_change, register_scheduled_change

        from .press import selectors as press_selectors

        bump_on_change(*(self.get_model(name) for name in PUBLIC_CONTENT))
        register_scheduled_change(press_selectors.next_scheduled_publication)

        from portal.search import register_source
        from portal.sitemaps import register_sitemap

        from . import search, sitemaps

        for source in (search.PRESS_RELEASES, search.PUBLICATIONS, search.AGENCIES):
            register_source(source)
        register_sitemap("transferagenturen", sitemaps.AgencySitemap)
        register_sitemap("presse", sitemaps.PressReleaseSitemap)
        register_sitemap("publikationen", sitemaps.PublicationSitemap)
