"""Settings shared by every environment.

Every value that differs between machines comes from the environment through
one reader (django-environ, https://django-environ.readthedocs.io/). The
defaults are safe for local development; ``production.py`` tightens them.
"""

import datetime
from email.utils import getaddresses
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-do-not-use-in-production"

# --- Core ------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where the admin lives, such as "verwaltung-4711/": a less guessable address keeps most scripted
# login attempts away from the login form.
ADMIN_URL = env("ADMIN_URL", default="admin/").strip("/") + "/"

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "crispy_forms",
    "django_filters",
    "axes",
    "municipalities",
    "agencies",
    "events",
    # The project app comes last: its pages and demo content (imprints per agency,
    # demo users) build on every other app, and load_demo_data follows this order.
    "portal",
]

MIDDLEWARE = [
    # Outermost: it keeps public pages as they leave every other middleware, for the WSGI front.
    "portal.page_cache.front.KeepFinalPageMiddleware",
    "portal.request_id.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RejectNulCharactersMiddleware",
    # Before the session and the user: both may be what reaches for a database that is gone.
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions take SQLite's lock at BEGIN, so seat counts read inside them stay true.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
# A connection kept between requests (?conn_max_age=60) is checked before reuse: after a database
# restart the next request reconnects instead of failing.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords and login ---------------------------------------------------
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login throttling, https://django-axes.readthedocs.io/en/latest/4_configuration.html
# After this many failed logins, per username and per client address, logins are refused for the
# cool-off time (every further failure starts it again). A successful login clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# The client address is REMOTE_ADDR (without django-ipware, axes never reads X-Forwarded-For, which
# anyone can send): behind a reverse proxy it must be the visitor's address (README, "Betrieb").
AXES_LOCKOUT_PARAMETERS = env.list("AXES_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.login_throttle.lockout_response"
# Named on the lockout page as whom to ask for an unlock; empty: "das Portalteam" without an address.
PORTAL_TEAM_EMAIL = env("PORTAL_TEAM_EMAIL", default="")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time -----------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", default="de")
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and uploaded files --------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads go through Django's storage API only (no file paths), so with MEDIA_STORAGE=s3 they live in
# an S3-compatible object store and every app server sees the same files.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    # The keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by django-storages itself.
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env("AWS_LOCATION", default=""),
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),
            # Private bucket: addresses of files are signed and expire (seconds).
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            # Like the file system: a second "bericht.pdf" gets a new name instead of replacing the first.
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}.")
# Whether the portal itself serves MEDIA_ROOT (portal.media); in production the reverse proxy does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Mail ------------------------------------------------------------------
# EMAIL_URL such as smtp+tls://user:password@mail.example.org:587
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
# An absolute file path needs a fourth slash (filemail:////srv/mail), like sqlite:////.
vars().update(env.email_url("EMAIL_URL", default="filemail:///" + str(BASE_DIR / "sent-mail")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Transferportal <noreply@transferportal.example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Seconds the mail worker waits for the mail server before it gives up on this attempt.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Attempts (with a growing pause: 2, 4, 8, ... minutes) before a mail counts as failed and ADMINS hear of it.
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=8)
# Who hears of server errors and of mails that failed for good:
# ADMINS=Betrieb <betrieb@example.org>,technik@example.org
# https://docs.djangoproject.com/en/5.2/ref/settings/#admins
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[Transferportal] ")
ADMINS = [
    (name or address, address) for name, address in getaddresses(env.list("ADMINS", default=[])) if address
]

# --- Registration ----------------------------------------------------------
# Unconfirmed registrations expire after this many hours (double opt-in).
REGISTRATION_CONFIRMATION_HOURS = env.int("REGISTRATION_CONFIRMATION_HOURS", default=24)
# At most this many registration attempts per email address and per client address within the window.
# How long an unconfirmed registration counts against the places per municipality.
REGISTRATION_MUNICIPALITY_HOLD_MINUTES = env.int("REGISTRATION_MUNICIPALITY_HOLD_MINUTES", default=30)
REGISTRATION_RATE_LIMIT_WINDOW_MINUTES = env.int("REGISTRATION_RATE_LIMIT_WINDOW_MINUTES", default=60)
REGISTRATION_RATE_LIMIT_PER_EMAIL = env.int("REGISTRATION_RATE_LIMIT_PER_EMAIL", default=10)
REGISTRATION_RATE_LIMIT_PER_ADDRESS = env.int("REGISTRATION_RATE_LIMIT_PER_ADDRESS", default=50)

# --- Retention of participants' data (events/registration/retention.py, run daily) ---------
# Dietary and accessibility answers: deleted this many days after the event ends.
RETENTION_NEEDS_DAYS = env.int("RETENTION_NEEDS_DAYS", default=14)
# The full registration: reduced to the attendance record this many weeks after the event ends.
RETENTION_REDUCE_WEEKS = env.int("RETENTION_REDUCE_WEEKS", default=12)
# The attendance record (name, organisation, municipality, attended): deleted this many years after.
RETENTION_DELETE_YEARS = env.int("RETENTION_DELETE_YEARS", default=5)
# Unconfirmed registrations: deleted this many days after their confirmation link expired.
RETENTION_UNCONFIRMED_DAYS = env.int("RETENTION_UNCONFIRMED_DAYS", default=7)

# --- Forms -----------------------------------------------------------------
# The portal's own pack (templates/portal_forms/): KERN's form pattern on the field types the forms use.
# https://django-crispy-forms.readthedocs.io/en/latest/template_packs.html
CRISPY_ALLOWED_TEMPLATE_PACKS = ("portal_forms",)
CRISPY_TEMPLATE_PACK = "portal_forms"

# --- Cache and sessions ----------------------------------------------------
# Shared by every app server: Redis when REDIS_URL is set, else a table in the database (created by
# `migrate`, see portal.apps). https://docs.djangoproject.com/en/5.2/topics/cache/
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from Redis, written through to the database so a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}
    }
    # With the cache in the database too, "cached_db" would only add queries: sessions stay in theirs.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Page cache (portal/page_cache/) --------------------------------------
# Whole public pages for visitors who are not logged in, kept until their content changes.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# How old a free-seat count on a cached page may be; registering always counts live.
PAGE_CACHE_SEAT_SECONDS = env.int("PAGE_CACHE_SEAT_SECONDS", default=30)
# The front (portal/page_cache/front.py) answers before the middleware and asks the shared cache for
# the content version at most this often: a change on another app server reaches it this much later.
PAGE_CACHE_VERSION_SECONDS = env.float("PAGE_CACHE_VERSION_SECONDS", default=1.0)

# --- Sessions and cookies --------------------------------------------------
# Only the session and CSRF cookies exist, both strictly necessary: no banner.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Messages ride in the session: the default would add a third cookie ("messages").
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


# --- Health (/healthz) -----------------------------------------------------
# The mail worker records a heartbeat; one older than this makes /healthz answer 503 ("stale").
HEALTH_WORKER_MAX_AGE_MINUTES = env.int("HEALTH_WORKER_MAX_AGE_MINUTES", default=5)
# --- Security headers ------------------------------------------------------
# Active in every environment, so tests and browser tests see what production sends.
# https://django-csp.readthedocs.io/en/latest/configuration.html
# No inline script or style anywhere: scripts and styles come from static/, the one inline data
# block (an event's JSON-LD) carries the request's nonce. Bootstrap draws its form icons from
# data: images; films from YouTube (no-cookie) and Vimeo are framed only after a click.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page of the portal uses, denied to the pages and any frame in them
# (portal.security.PermissionsPolicyMiddleware). Fullscreen stays for the framed films.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "browsing-topics",
]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Demo data -------------------------------------------------------------
# Demo logins (a superuser and one editor per agency) are created by
# load_demo_data only where this is true; production.py forces it off.
DEMO_USERS = env.bool("DEMO_USERS", default=False)

# --- Logging ---------------------------------------------------------------
# Every line carries the request id (portal/request_id.py). LOG_FORMAT=json writes one JSON object
# per line for a log collector (production's default); "text" reads better in a terminal.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "portal.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "portal.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
        # Django's error mail to ADMINS, but written to the outbox: no request waits for SMTP.
        "mail_admins": {
            "class": "portal.logs.OutboxAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's default "django" logger, whose mail_admins handler would send SMTP in the request.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint (certificates) logs every rendering step at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
