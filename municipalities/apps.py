from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommunen")

    def ready(self):
        from portal.search import register_source
        from portal.sitemaps import register_sitemap

        from .search import MUNICIPALITIES
        from .sitemaps import MunicipalitySitemap

        register_source(MUNICIPALITIES)
        register_sitemap("kommunen", MunicipalitySitemap)
