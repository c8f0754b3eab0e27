import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; without this the ORM refuses to run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("E2E_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM:
        pytest.skip("Chromium is not installed: browser tests skipped (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu",
            "--disable-quic",
            # keep the browser on loopback: otherwise Chromium resolves Google hosts on its own
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        ],
    }


@pytest.fixture(autouse=True)
def _portal_language():
    """Start every test in German: a request under /en/ leaves English active in the thread,
    and reverse() in the next test would then build /en/ addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def ensure_reference_rows():
    """Recreate the rows the data migrations made: a live-server test's flush removes them."""
    from importlib import import_module

    from municipalities.models import FederalState, Programme
    from municipalities.states import ensure_federal_states

    ensure_federal_states(FederalState)
    for name, slug in import_module("municipalities.migrations.0003_municipality_partnership").PROGRAMMES:
        Programme.objects.update_or_create(slug=slug, defaults={"name": name})


@pytest.fixture
def federal_states(db):
    """The sixteen Bundesländer (and the partnership programmes), also after a live-server test."""
    ensure_reference_rows()


@pytest.fixture
def demo_data(federal_states):
    """The portal's demo data, as `make run` loads it."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_data", stdout=StringIO())


@pytest.fixture
def agency(federal_states):
    from agencies.models import Agency
    from municipalities.models import FederalState

    agency = Agency.objects.create(
        name="Transferagentur Testland",
        short_name="Testagentur",
        slug="testland",
        host_institution="Testinstitut e.V.",
        street="Musterweg 1",
        postcode="12345",
        city="Musterstadt",
        email="info@testland.example.org",
        mission="Eine Agentur nur für Tests.",
    )
    agency.states.set(FederalState.objects.filter(code="16"))
    return agency


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}"


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``postgres`` unless the suite runs on PostgreSQL (DATABASE_URL)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
