from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the public pages show (portal/page_cache/): a change makes every cached page stale.
PUBLIC_CONTENT = ("FederalState", "Municipality", "Programme", "Partnership")


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommunen")

    def ready(self):
        from portal.page_cache import bump_on_change, register_scheduled_change

        from . import selectors

        bump_on_change(*(self.get_model(name) for name in PUBLIC_CONTENT))
        register_scheduled_change(selectors.next_partnership_change)

        from portal.search import register_source
        from portal.sitemaps import register_sitemap

        from .search import MUNICIPALITIES
        from .sitemaps import MunicipalitySitemap

        register_source(MUNICIPALITIES)
        register_sitemap("kommunen", MunicipalitySitemap)
