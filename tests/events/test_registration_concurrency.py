"""Concurrent registrations on PostgreSQL: real threads, real connections, never more seats than exist."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from events.models import Mode, Registration
from events.registration import services
from tests.factories import RegistrationEventFactory, person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 120
# 100 people register at the same moment.
WORKERS = 100
# Their threads share a pool of real connections, as a pooled server would: one connection per thread
# would exhaust PostgreSQL's default max_connections (100) with the test's own connection.
POOL_SIZE = 50


@pytest.fixture(autouse=True)
def shared_connection_pool():
    """Give every thread's connection from one psycopg pool for the duration of the test."""
    options = connections["default"].settings_dict["OPTIONS"]
    connections.close_all()
    options["pool"] = {"min_size": 1, "max_size": POOL_SIZE, "timeout": 60}
    yield
    connections.close_all()
    connections["default"].close_pool()
    del options["pool"]


def _run_concurrently(function, arguments):
    """Run ``function`` for every argument on WORKERS threads that all start at the same moment."""
    gate = threading.Event()
    errors = []

    def task(argument):
        gate.wait()
        try:
            return function(argument)
        except Exception as error:  # collected: the test asserts there are none
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(task, argument) for argument in arguments]
        gate.set()
        results = [future.result(timeout=120) for future in futures]
    return results, errors


def _register_and_confirm(event):
    def run(number):
        registration = services.registration_create(
            event=event,
            mode=Mode.ON_SITE,
            data=person(number),
            consent=True,
            privacy_notice_version=1,
            join_waitlist=True,
        )
        return services.registration_confirm(token=registration.confirm_token)

    return run


def test_concurrent_registrations_take_exactly_the_ten_seats(agency, mailoutbox):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=10)

    results, errors = _run_concurrently(_register_and_confirm(event), range(PEOPLE))

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == PEOPLE
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 10
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - 10
    assert {result.status for result in results} == {"confirmed", "waitlisted"}
    # Every person got a confirmation request and then either "confirmed" or "waiting list".
    assert len(mailoutbox) == 2 * PEOPLE

    first_waiting = registrations.filter(status="waitlisted").order_by("waitlisted_at", "pk").first()
    services.registration_cancel(registration=registrations.filter(status="confirmed").first())

    first_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 10
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - 11


def test_concurrent_cancellations_promote_the_waiting_list_in_order(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=10)
    _, errors = _run_concurrently(_register_and_confirm(event), range(30))
    assert errors == []
    confirmed = list(Registration.objects.filter(event=event, status="confirmed").order_by("pk")[:6])
    waiting = list(
        Registration.objects.filter(event=event, status="waitlisted").order_by("waitlisted_at", "pk")
    )

    _, errors = _run_concurrently(lambda r: services.registration_cancel(registration=r), confirmed)

    assert errors == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 10
    promoted = set(Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True))
    assert {r.pk for r in waiting[:6]} <= promoted
    assert not {r.pk for r in waiting[6:]} & promoted
