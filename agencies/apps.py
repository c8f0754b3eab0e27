from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Transferagenturen")

    def ready(self):
        from portal.search import register_source
        from portal.sitemaps import register_sitemap

        from . import search, sitemaps

        for source in (search.PRESS_RELEASES, search.PUBLICATIONS, search.AGENCIES):
            register_source(source)
        register_sitemap("transferagenturen", sitemaps.AgencySitemap)
        register_sitemap("presse", sitemaps.PressReleaseSitemap)
        register_sitemap("publikationen", sitemaps.PublicationSitemap)
