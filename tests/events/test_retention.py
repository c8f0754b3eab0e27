"""Retention: what is deleted or reduced when, with the clock moved across each limit."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from events.registration import services
from events.registration.models import OutgoingMail, Registration, RegistrationSensitiveData
from events.registration.retention import retention_run, years_before
from portal import audit
from portal.models import AuditEntry
from tests.factories import (
    AgencyFactory,
    MunicipalityFactory,
    RegistrationEventFactory,
    register,
    register_confirmed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


_keys = itertools.count(1)


def _town():
    return MunicipalityFactory(key=f"16{next(_keys):06d}", kind="kreisfreie-stadt")


def _event_with_people(agency, *, starts_in_days, people=3, first=1):
    """An event with ``people`` confirmed registrations with needs answers, each from its own town."""
    event = RegistrationEventFactory(
        agency=agency, starts_in=timedelta(days=starts_in_days), ask_dietary_needs=True, ask_comment=True
    )
    for number in range(first, first + people):
        register_confirmed(
            event,
            number,
            municipality=_town(),
            dietary_needs="vegetarisch",
            accessibility_needs="Rampe",
            comment="Ich komme etwas später.",
        )
    return event


def _attendance(event, *, attended, absent=()):
    with time_machine.travel(event.ends_at, tick=False):
        services.attendance_record(event=event, attended=attended, absent=absent)


def _at(moment):
    return time_machine.travel(moment, tick=False)


def _needs_of(event):
    return RegistrationSensitiveData.objects.filter(registration__event=event).count()


def _reduced_of(event):
    return Registration.objects.filter(event=event, reduced_at__isnull=False).count()


def _funder_counts(event):
    """What a funder report counts per event: registrations, who attended, distinct municipalities."""
    return Registration.objects.filter(event=event).aggregate(
        registrations=Count("pk"),
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        attended=Count("pk", filter=Q(attended=True)),
        on_site=Count("pk", filter=Q(mode="vor-ort")),
        municipalities=Count("municipality", distinct=True),
    )


def _everything():
    """The state a run may change: every registration's values, needs answers, mails, audit entries."""
    return (
        list(Registration.objects.order_by("pk").values()),
        list(RegistrationSensitiveData.objects.order_by("pk").values()),
        OutgoingMail.objects.count(),
        AuditEntry.objects.count(),
    )


def test_needs_answers_are_deleted_14_days_after_the_event_ends_not_at_13(agency):
    recent = _event_with_people(agency, starts_in_days=14)
    older = _event_with_people(agency, starts_in_days=12, first=10)  # ends two days earlier

    with _at(recent.ends_at + timedelta(days=13)):  # older: 15 days
        report = retention_run()

    assert _needs_of(recent) == 3
    assert _needs_of(older) == 0
    assert report.events[older.pk].needs_deleted == 3
    # Only the answers go; the registrations stay whole.
    assert Registration.objects.filter(event=older, reduced_at__isnull=True).exclude(email="").count() == 3


def test_registrations_are_reduced_12_weeks_after_the_event_ends_not_at_11(agency):
    recent = _event_with_people(agency, starts_in_days=15)
    older = _event_with_people(agency, starts_in_days=1, first=10)  # ends two weeks earlier
    _attendance(older, attended=list(older.registrations.values_list("pk", flat=True)[:2]))
    person = older.registrations.order_by("pk").first()
    kept = {
        "name": person.name,
        "organisation": person.organisation,
        "municipality_id": person.municipality_id,
        "mode": person.mode,
        "status": person.status,
        "attended": person.attended,
        "event_id": person.event_id,
    }
    assert OutgoingMail.objects.filter(registration=person).exists()
    assert audit.entries_for(person).exists()

    with _at(recent.ends_at + timedelta(weeks=11)):  # older: 13 weeks
        report = retention_run()

    person.refresh_from_db()
    assert person.reduced_at is not None
    assert {name: getattr(person, name) for name in kept} == kept
    assert person.email == "" and person.function == "" and person.comment == ""
    assert person.manage_token is None and person.confirm_token is None
    assert person.confirmed_from is None and person.confirmed_at is None and not person.consent_given
    assert not OutgoingMail.objects.filter(registration__event=older).exists()
    assert not audit.entries_for(person).exists()
    assert _needs_of(older) == 0
    assert report.events[older.pk].reduced == 3
    # The recent event's people keep everything.
    assert _reduced_of(recent) == 0
    assert Registration.objects.filter(event=recent).exclude(email="").exclude(manage_token=None).count() == 3
    assert OutgoingMail.objects.filter(registration__event=recent).count() >= 3


def test_the_personal_link_of_a_reduced_registration_leads_nowhere(client, agency):
    event = _event_with_people(agency, starts_in_days=1, people=1)
    link = event.registrations.get().get_absolute_url()

    with _at(event.ends_at + timedelta(weeks=13)):
        retention_run()
        assert client.get(link).status_code == 404


def test_funder_counts_are_the_same_before_and_after_reduction(agency):
    event = _event_with_people(agency, starts_in_days=1, people=4)
    services.registration_cancel(registration=event.registrations.order_by("pk").last())
    online = RegistrationEventFactory(agency=agency, format="hybrid", online_capacity=5)
    register_confirmed(online, 30, mode="online", municipality=_town())
    ids = list(event.registrations.filter(status="confirmed").values_list("pk", flat=True))
    _attendance(event, attended=ids[:2], absent=ids[2:])
    before = {event.pk: _funder_counts(event), online.pk: _funder_counts(online)}

    with _at(online.ends_at + timedelta(weeks=13)):
        report = retention_run()

    assert report.events[event.pk].reduced == 4 and report.events[online.pk].reduced == 1
    assert {event.pk: _funder_counts(event), online.pk: _funder_counts(online)} == before
    assert before[event.pk]["attended"] == 2 and before[event.pk]["municipalities"] == 4


def test_attendance_records_are_deleted_five_years_after_the_event_not_a_day_earlier(agency):
    newer = _event_with_people(agency, starts_in_days=14)
    older = _event_with_people(agency, starts_in_days=12, first=10)  # ends two days earlier
    five_years_and_a_day = older.ends_at + timedelta(days=1)
    five_years_and_a_day = five_years_and_a_day.replace(year=five_years_and_a_day.year + 5)
    assert years_before(five_years_and_a_day, 5) > older.ends_at

    with _at(five_years_and_a_day):  # newer: five years minus a day
        report = retention_run()

    assert not Registration.objects.filter(event=older).exists()
    assert report.events[older.pk].deleted == 3
    assert _reduced_of(newer) == 3  # still kept, as attendance records
    assert report.events[newer.pk].deleted == 0


def test_unconfirmed_registrations_are_deleted_a_week_after_their_link_expired(agency):
    event = RegistrationEventFactory(agency=agency, starts_in=timedelta(days=60))
    first = register(event, 1)
    with _at(first.created_at + timedelta(days=2)):
        second = register(event, 2)
    confirmed = register_confirmed(event, 3)
    limit = first.confirmation_expires_at + timedelta(days=7)
    with _at(first.confirmation_expires_at + timedelta(hours=1)):
        services.registrations_expire()  # the hourly job marks it expired first
    assert Registration.objects.get(pk=first.pk).status == "expired"

    with _at(limit - timedelta(minutes=1)):
        retention_run()
    assert Registration.objects.filter(pk=first.pk).exists()

    with _at(limit + timedelta(minutes=1)):
        report = retention_run()

    assert not Registration.objects.filter(pk=first.pk).exists()
    assert not OutgoingMail.objects.filter(to=first.email).exists()
    assert not AuditEntry.objects.filter(object_repr__contains=first.name).exists()
    assert Registration.objects.filter(pk__in=[second.pk, confirmed.pk]).count() == 2
    assert report.events[event.pk].unconfirmed_deleted == 1


def test_each_run_records_its_counts_per_event_without_personal_data(agency):
    event = _event_with_people(agency, starts_in_days=1)
    other = _event_with_people(agency, starts_in_days=3, first=10)
    names = list(Registration.objects.values_list("name", flat=True))

    with _at(event.ends_at + timedelta(days=15)):  # other: 13 days, nothing due
        retention_run()

    entries = AuditEntry.objects.filter(action="events.event.retention_applied")
    assert [(entry.object_id, entry.agency_id) for entry in entries] == [(str(event.pk), agency.pk)]
    note = entries.get().note
    assert "3 Angaben zu Ernährung oder Barrierefreiheit gelöscht" in note
    assert "0 Anmeldungen auf den Teilnahmenachweis reduziert" in note
    assert not any(name in note for name in names)
    assert other.pk not in {int(entry.object_id) for entry in entries}


def test_a_second_run_changes_nothing(agency):
    recent = _event_with_people(agency, starts_in_days=200)
    reduced = _event_with_people(agency, starts_in_days=100, first=10)
    register(RegistrationEventFactory(agency=agency, starts_in=timedelta(days=300)), 40)
    moment = recent.ends_at + timedelta(days=15)
    with _at(moment):
        first = retention_run()
        state = _everything()

        second = retention_run()

        assert first and not second
        assert _everything() == state
    assert _reduced_of(reduced) == 3 and _needs_of(recent) == 0


def test_command_reports_the_totals(agency, capsys):
    event = _event_with_people(agency, starts_in_days=1, people=2)

    with _at(event.ends_at + timedelta(weeks=13)):
        call_command("retention_run")

    assert "2 Anmeldungen reduziert" in capsys.readouterr().out


def test_the_privacy_page_states_the_periods_the_run_applies(client, settings, agency):
    settings.RETENTION_NEEDS_DAYS = 21
    settings.RETENTION_REDUCE_WEEKS = 8
    event = _event_with_people(agency, starts_in_days=1, people=1)

    html = client.get(reverse("portal:privacy")).content.decode()

    assert "Angaben zu Ernährung und Barrierefreiheit löschen wir 21 Tage nach der Veranstaltung." in html
    assert "8 Wochen nach der Veranstaltung kürzen wir die Anmeldung" in html
    assert "Den Teilnahmenachweis löschen wir 5 Jahre nach der Veranstaltung." in html
    with _at(event.ends_at + timedelta(days=20)):
        assert not retention_run()
    with _at(event.ends_at + timedelta(days=21)):
        assert retention_run().total("needs_deleted") == 1


def test_reduced_registrations_get_no_mail_from_the_agency(agency):
    event = _event_with_people(agency, starts_in_days=1, people=2)
    with _at(event.ends_at + timedelta(weeks=13)):
        retention_run()

        with pytest.raises(services.exceptions.NoRecipients):
            services.participants_mail_send(event=event, group="confirmed", subject="Danke", message="Text")
