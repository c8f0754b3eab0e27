"""Concurrent registrations on PostgreSQL: real threads, real connections, never more seats than exist."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from events.models import Mode, Registration
from events.registration import services
from tests.factories import RegistrationEventFactory, deliver_outbox, person

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
    deliver_outbox()
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


def test_expiry_running_while_people_confirm_never_overrides_a_confirmation(agency):
    """Everyone confirms in the last second of their 24 hours while the expiry job runs at once."""
    from datetime import timedelta

    from events.registration import exceptions
    from portal.models import AuditEntry

    event = RegistrationEventFactory(agency=agency, on_site_capacity=100)
    created = timezone.now() - timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)
    pending = [
        services.registration_create(
            event=event,
            mode=Mode.ON_SITE,
            data=person(number),
            consent=True,
            privacy_notice_version=1,
            now=created,
        )
        for number in range(60)
    ]
    confirm_at = created + timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS) - timedelta(seconds=1)
    expire_at = confirm_at + timedelta(seconds=2)

    def run(item):
        if item == "expire":
            return ("expired", services.registrations_expire(now=expire_at))
        try:
            services.registration_confirm(token=item.confirm_token, now=confirm_at)
        except exceptions.ConfirmationExpired:
            return ("too late", item.pk)
        return ("confirmed", item.pk)

    work = list(pending)
    for position in (0, 15, 30, 45):
        work.insert(position, "expire")
    results, errors = _run_concurrently(run, work)

    assert errors == []
    confirmed = {pk for outcome, pk in results if outcome == "confirmed"}
    too_late = {pk for outcome, pk in results if outcome == "too late"}
    expired_count = sum(count for outcome, count in results if outcome == "expired")
    rows = {r.pk: r for r in Registration.objects.filter(event=event)}
    assert {pk for pk, r in rows.items() if r.status == Registration.Status.CONFIRMED} == confirmed
    assert {pk for pk, r in rows.items() if r.status == Registration.Status.EXPIRED} == too_late
    assert len(confirmed) + len(too_late) == len(pending) and expired_count == len(too_late)
    assert not [r for r in rows.values() if r.status == Registration.Status.EXPIRED and r.confirmed_at]
    logged = AuditEntry.objects.filter(
        object_id__in=[str(pk) for pk in rows], content_type__model="registration"
    )
    assert logged.filter(action="events.registration.expired").count() == len(too_late)
    assert logged.filter(action="events.registration.confirmed").count() == len(confirmed)


def test_retention_runs_at_the_same_time_reduce_each_registration_once(agency):
    """Eight daily runs started at once (two schedulers, a retry): every row is handled by one of them."""
    from datetime import timedelta

    from events.registration.retention import retention_run
    from portal.models import AuditEntry

    event = RegistrationEventFactory(agency=agency, on_site_capacity=100, ask_dietary_needs=True)
    _, errors = _run_concurrently(_register_and_confirm(event), range(40))
    assert errors == []
    later = event.ends_at + timedelta(weeks=13)

    reports, errors = _run_concurrently(lambda _run: retention_run(now=later), range(8))

    assert errors == []
    assert sum(report.total("reduced") for report in reports) == 40
    assert Registration.objects.filter(event=event, reduced_at=later).count() == 40
    assert Registration.objects.filter(event=event).exclude(email="").count() == 0
    # One entry per run that did something, none for the runs that found the rows taken.
    entries = AuditEntry.objects.filter(action="events.event.retention_applied")
    assert entries.count() == sum(1 for report in reports if report) >= 1
    assert not retention_run(now=later)
