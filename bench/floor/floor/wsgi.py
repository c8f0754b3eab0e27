import os

from django.core.wsgi import get_wsgi_application

# Set, not setdefault: the server's environment names the portal's settings (gunicorn.conf.py may too).
os.environ["DJANGO_SETTINGS_MODULE"] = "floor.settings"

application = get_wsgi_application()
