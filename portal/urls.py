from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from portal.media import serve_media
from portal.sitemaps import SITEMAPS
from portal.views import favicon, healthz, robots_txt

# For load balancers, monitors, crawlers and browsers: one address each, outside the languages.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    # The apps fill SITEMAPS in their AppConfig.ready(), before the first request reads it.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]

# German lives at the root, English under /en/: the language is part of the
# address, so switching needs no cookie.
urlpatterns += i18n_patterns(
    path("", include("portal.urls_site")),
    path("transferagenturen/", include("agencies.urls")),
    path("presse/", include("agencies.press.urls")),
    path("publikationen/", include("agencies.publications.urls")),
    path("veranstaltungen/", include("events.urls")),
    path("anmeldung/", include("events.registration.urls")),
    path("bescheinigung/", include("events.registration.certificate_urls")),
    path("kommunen/", include("municipalities.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # In production the reverse proxy serves MEDIA_ROOT with the same headers (README.md).
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media")]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
