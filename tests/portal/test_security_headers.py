"""Security headers as production sends them, on a page, a form, a download and the admin login.

The production values come from ``portal/settings/production.py`` itself (run with production
environment variables); the middleware is the real one, the same in every environment.
"""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

import portal.settings.base
from tests.factories import PublicationFactory, RegistrationEventFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "production-test-key-7f3a9c1e5b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d",
    "ALLOWED_HOSTS": "transferportal.example.org,testserver",
}
# The settings that make the headers; the database, storage and mail stay the test suite's.
HEADER_SETTINGS = [
    "MIDDLEWARE",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY_DENIED",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "DEBUG",
]


@pytest.fixture
def production(settings, monkeypatch):
    """Apply the header settings of portal.settings.production, read with production variables."""
    for key in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT"):
        monkeypatch.delenv(key, raising=False)
    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    # production.py takes SECRET_KEY and the rest from base.py: read base afresh, then put it back.
    monkeypatch.setattr(portal.settings, "base", portal.settings.base)
    monkeypatch.delitem(sys.modules, "portal.settings.base")
    values = runpy.run_module("portal.settings.production")
    for name in HEADER_SETTINGS:
        setattr(settings, name, values[name])
    return settings


def _policy(response):
    """Return the Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _page():
    return reverse("portal:home")


def _form():
    return reverse("registration:register", args=[RegistrationEventFactory().slug])


def _download():
    return reverse("publications:download", args=[PublicationFactory().slug])


def _admin_login():
    return reverse("admin:login")


@pytest.mark.parametrize("build", [_page, _form, _download, _admin_login], ids=lambda f: f.__name__[1:])
def test_production_headers(client, production, federal_states, build):
    response = client.get(build(), secure=True)

    assert response.status_code == 200
    policy = _policy(response)
    for directive in ("script-src", "style-src"):
        sources = policy.get(directive, policy["default-src"])
        assert "'unsafe-inline'" not in sources, directive
        assert "'unsafe-eval'" not in sources, directive
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert {"camera=()", "microphone=()", "geolocation=()"} <= set(response["Permissions-Policy"].split(", "))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    for cookie in response.cookies.values():
        assert cookie["secure"], f"cookie {cookie.key} is not secure"


def test_pages_allow_scripts_and_styles_from_the_portal_only(client, production):
    policy = _policy(client.get(_page(), secure=True))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_production_redirects_plain_http_to_https(client, production):
    response = client.get(_page())

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_event_json_ld_carries_the_nonce_of_the_policy(client, federal_states):
    event = RegistrationEventFactory()

    response = client.get(event.get_absolute_url())

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_test_settings_send_the_policy_and_permissions_policy_too(client):
    response = client.get(_page())

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I), "inline <script> without nonce"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
]


@pytest.mark.parametrize(
    "template",
    [
        path
        for path in sorted((BASE_DIR / "templates").rglob("*.html"))
        # Mails are no pages of the portal: mail programs need inline styles.
        if "emails" not in path.parts
    ],
    ids=lambda path: str(path.relative_to(BASE_DIR / "templates")),
)
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text()

    found = [what for pattern, what in INLINE_CODE if pattern.search(text)]

    assert not found, f"{template.name}: {found}; move it to static/ (or give a data block the nonce)"


def _manage(*args, **env_overrides):
    """Run manage.py in a fresh process with only the production environment variables."""
    inherited = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**inherited, **PRODUCTION_ENV, **env_overrides},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_production_environment(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_hsts_can_be_lowered_for_the_first_rollout(tmp_path):
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECURE_HSTS_SECONDS="3600",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "3600"
