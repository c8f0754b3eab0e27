import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args, settings="portal.settings.production", **env_overrides):
    """Run manage.py in a fresh process with the given settings and only the given secrets."""
    removed = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "EMAIL_URL"}
    env = {key: value for key, value in os.environ.items() if key not in removed}
    env.update(DJANGO_SETTINGS_MODULE=settings, **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set to a secret value in production." in result.stderr


def test_production_refuses_the_development_secret_key():
    from portal.settings.base import DEVELOPMENT_SECRET_KEY

    result = manage("check", SECRET_KEY=DEVELOPMENT_SECRET_KEY)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize("demo_users", ["true", "false"])
def test_production_starts_with_a_secret_key_and_never_creates_demo_users(demo_users):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print('DEBUG', settings.DEBUG, 'DEMO_USERS', settings.DEMO_USERS)",
        SECRET_KEY="a-long-random-value-only-for-this-test-0123456789",
        DEMO_USERS=demo_users,
        DEBUG="true",
    )

    assert result.returncode == 0, result.stderr
    assert "DEBUG False DEMO_USERS False" in result.stdout


def test_development_mails_land_in_sent_mail_of_the_project():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_FILE_PATH)",
        settings="portal.settings.dev",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(BASE_DIR / "sent-mail")


PRODUCTION_SECRET = "a-long-random-value-only-for-this-test-0123456789"


def test_without_redis_the_cache_is_a_table_that_migrate_creates_and_every_process_shares(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}", "SECRET_KEY": PRODUCTION_SECRET}
    assert manage("migrate", "-v0", **database).returncode == 0

    writer = manage(
        "shell", "-c", "from django.core.cache import cache; cache.set('gruss', 'hallo', 60)", **database
    )
    reader = manage(
        "shell", "-c", "from django.core.cache import cache; print(cache.get('gruss'))", **database
    )

    assert writer.returncode == 0, writer.stderr
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip().splitlines()[-1] == "hallo"


def test_redis_url_puts_cache_and_sessions_into_redis():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; from django.core.cache import caches; "
        "print(type(caches['default']).__name__, settings.CACHES['default']['LOCATION'], "
        "settings.SESSION_ENGINE)",
        SECRET_KEY=PRODUCTION_SECRET,
        REDIS_URL="redis://127.0.0.1:6379/2",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "RedisCache redis://127.0.0.1:6379/2 django.contrib.sessions.backends.cached_db"
    )


def test_the_admin_moves_to_admin_url_in_both_languages():
    result = manage(
        "shell",
        "-c",
        "from django.urls import reverse; from django.utils import translation; "
        "print(reverse('admin:index')); translation.activate('en'); print(reverse('admin:login'))",
        settings="portal.settings.dev",
        ADMIN_URL="/verwaltung-4711",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["/verwaltung-4711/", "/en/verwaltung-4711/login/"]
