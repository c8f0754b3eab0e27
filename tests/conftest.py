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


@pytest.fixture
def demo_data(db):
    """The portal's demo data, as `make run` loads it."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_data", stdout=StringIO())


@pytest.fixture
def agency(db):
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


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``postgres`` unless the suite runs on PostgreSQL (DATABASE_URL)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _data_migration_rows(request):
    """Give transactional tests the rows that data migrations create (the 16 Bundesländer).

    A transactional test empties every table when it ends, so later ones would miss them;
    serialized_rollback cannot help once Playwright's event loop runs (other connection object).
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from municipalities.models import FederalState
    from municipalities.states import FEDERAL_STATES

    for code, name, slug in FEDERAL_STATES:
        FederalState.objects.get_or_create(code=code, defaults={"name": name, "slug": slug})
