"""Fast, isolated settings for the test suite."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-output" / "media"  # noqa: F405
LANGUAGE_CODE = "de"
DEMO_USERS = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SERVE_MEDIA = True
# Django's test client logs in without a request, which django-axes refuses: the login-throttling
# tests switch it on themselves.
AXES_ENABLED = False
