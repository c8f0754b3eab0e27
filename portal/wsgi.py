import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
django_application = get_wsgi_application()

from portal.page_cache.front import FrontPageCache  # noqa: E402 - needs the settings configured above

# Stored public pages are answered before Django's middleware (portal/page_cache/front.py).
application = FrontPageCache(django_application)
