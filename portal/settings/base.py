"""Settings shared by every environment.

Every value that differs between machines comes from the environment through
one reader (django-environ, https://django-environ.readthedocs.io/). The
defaults are safe for local development; ``production.py`` tightens them.
"""

import datetime
from pathlib import Path

import environ
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
    "crispy_forms",
    "crispy_bootstrap5",
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RejectNulCharactersMiddleware",
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Mail ------------------------------------------------------------------
# EMAIL_URL such as smtp+tls://user:password@mail.example.org:587
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
# An absolute file path needs a fourth slash (filemail:////srv/mail), like sqlite:////.
vars().update(env.email_url("EMAIL_URL", default="filemail:///" + str(BASE_DIR / "sent-mail")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Transferportal <noreply@transferportal.example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Registration ----------------------------------------------------------
# Unconfirmed registrations expire after this many hours (double opt-in).
REGISTRATION_CONFIRMATION_HOURS = env.int("REGISTRATION_CONFIRMATION_HOURS", default=24)
# At most this many registration attempts per email address and per client address within the window.
# How long an unconfirmed registration counts against the places per municipality.
REGISTRATION_MUNICIPALITY_HOLD_MINUTES = env.int("REGISTRATION_MUNICIPALITY_HOLD_MINUTES", default=30)
REGISTRATION_RATE_LIMIT_WINDOW_MINUTES = env.int("REGISTRATION_RATE_LIMIT_WINDOW_MINUTES", default=60)
REGISTRATION_RATE_LIMIT_PER_EMAIL = env.int("REGISTRATION_RATE_LIMIT_PER_EMAIL", default=10)
REGISTRATION_RATE_LIMIT_PER_ADDRESS = env.int("REGISTRATION_RATE_LIMIT_PER_ADDRESS", default=50)

# --- Forms -----------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Sessions and cookies --------------------------------------------------
# Only the session and CSRF cookies exist, both strictly necessary: no banner.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Messages ride in the session: the default would add a third cookie ("messages").
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


# --- Demo data -------------------------------------------------------------
# Demo logins (a superuser and one editor per agency) are created by
# load_demo_data only where this is true; production.py forces it off.
DEMO_USERS = env.bool("DEMO_USERS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
