from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

# German lives at the root, English under /en/: the language is part of the
# address, so switching needs no cookie.
urlpatterns = i18n_patterns(
    path("", include("portal.urls_site")),
    path("transferagenturen/", include("agencies.urls")),
    path("presse/", include("agencies.press.urls")),
    path("publikationen/", include("agencies.publications.urls")),
    path("veranstaltungen/", include("events.urls")),
    path("anmeldung/", include("events.registration.urls")),
    path("kommunen/", include("municipalities.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
