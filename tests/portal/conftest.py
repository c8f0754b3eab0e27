import pytest


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a whole module and rolled back after it.

    Each test still runs in its own savepoint (the usual ``db`` fixture), so what one test
    changes never reaches the next. Loading per test would cost seconds for every row of a table.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    from tests.conftest import ensure_reference_rows

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_reference_rows()
        call_command("load_demo_data", stdout=StringIO())
        yield
        transaction.set_rollback(True)
