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


@pytest.fixture
def federal_states(db):
    """The sixteen Bundesländer (and the partnership programmes), also after a live-server test."""
    from tests.factories import ensure_reference_rows

    ensure_reference_rows()


def _load_demo_data():
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import ensure_reference_rows

    ensure_reference_rows()
    call_command("load_demo_data", stdout=StringIO())


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data, as `make run` loads it: loaded once for a whole module, rolled back after it.

    For tests that only read demo content. Each test still runs in its own savepoint (the usual
    ``db`` fixture), and the tests of a module that do not ask for the demo site run before it is
    loaded (see ``pytest_collection_modifyitems``), so they never see its rows.
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        _load_demo_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_data(federal_states):
    """A fresh copy of the demo data for one test: for browser journeys (live server, flushed after
    each test) and for tests about loading the demo itself. Tests that only read use ``demo_site``."""
    _load_demo_data()


@pytest.fixture
def agency(federal_states):
    from tests.factories import AgencyFactory

    return AgencyFactory(
        name="Transferagentur Testland",
        short_name="Testagentur",
        slug="testland",
        host_institution="Testinstitut e.V.",
        street="Musterweg 1",
        postcode="12345",
        city="Musterstadt",
        email="info@testland.example.org",
        mission="Eine Agentur nur für Tests.",
        about="",
        host_about="",
        states=["16"],
    )


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run each module's tests on the shared demo site after its other tests, browser tests last;
    skip tests marked ``postgres`` unless the suite runs on PostgreSQL (DATABASE_URL).

    The demo site stays loaded from its module's first test that asks for it to the module's end;
    moving those tests last keeps the module's other tests on an empty database. pytest-django has
    already put transactional tests after the others: the order of the groups stays as it is.
    """
    from django.db import connection

    items[:] = _demo_site_tests_last(items)
    # Browser tests run against a live server and flush the database after each test, taking the
    # Bundesländer of the data migration along: they go last, whatever pytest-django made of them.
    items.sort(key=lambda item: "e2e" in item.path.parts)

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def _demo_site_tests_last(items):
    """Return the items with each module's tests on the demo site moved to the end of their run."""
    ordered, run = [], []
    for item in items:
        if run and getattr(item, "module", None) is not getattr(run[0], "module", None):
            ordered += _partition(run)
            run = []
        run.append(item)
    return ordered + _partition(run)


def _partition(run):
    on_demo = [item for item in run if "demo_site" in item.fixturenames]
    if on_demo and any(_transactional(item) for item in run):
        # A flush inside the module's open transaction would wipe the shared site for its other tests.
        raise pytest.UsageError(
            f"{on_demo[0].module.__name__}: tests on the shared demo_site and transactional tests "
            "(live_server, transaction=True) cannot share a module; give the browser tests demo_data."
        )
    return [item for item in run if item not in on_demo] + on_demo


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in item.fixturenames
        or "live_server" in item.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Start every test with no cached pages: the cache outlives the rolled-back rows of earlier tests."""
    from django.core.cache import cache

    from portal import page_cache
    from portal.page_cache.front import front_pages

    cache.clear()
    page_cache.local_pages.clear()
    page_cache.local_fragments.clear()
    page_cache.local_rows.clear()
    front_pages.clear()
    page_cache.forget_content_version()
