"""The registration rules, through the service functions that views, admin and commands all call."""

import datetime
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import services as event_services
from events.models import Event, Mode, RateLimitHit, Registration, RegistrationOptions
from events.registration import exceptions, services
from municipalities.models import FederalState, Municipality
from portal.audit import entries_for
from tests.factories import (
    MunicipalityFactory,
    PartnershipFactory,
    RegistrationEventFactory,
    person,
    register,
    register_confirmed,
    series_with_dates,
    statuses,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


def make_municipality(key, name):
    return MunicipalityFactory(
        key=key, name=name, kind=Municipality.Kind.LANDKREIS, state=FederalState.objects.get(code=key[:2])
    )


# --- double opt-in ---------------------------------------------------------------------------


def test_unconfirmed_registration_holds_no_seat(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    register(event, 1)
    confirmed = register_confirmed(event, 2)
    assert confirmed.status == S.CONFIRMED
    assert statuses(event) == [S.PENDING, S.CONFIRMED]


def test_confirmation_records_the_proof_of_consent(agency):
    event = RegistrationEventFactory(agency=agency)
    RegistrationOptions.objects.filter(event=event).update(privacy_notice_version=3)
    registration = services.registration_create(
        event=event, mode=Mode.ON_SITE, data=person(1), consent=True, privacy_notice_version=3
    )
    services.registration_confirm(token=registration.confirm_token, client_address="203.0.113.7")
    registration.refresh_from_db()
    assert registration.consent_given and registration.privacy_notice_version == 3
    assert registration.created_at <= registration.confirmed_at
    assert registration.confirmed_from == "203.0.113.7"
    assert entries_for(registration).filter(action="events.registration.confirmed").exists()


def test_confirming_twice_changes_nothing(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    registration = register(event, 1)
    first = services.registration_confirm(token=registration.confirm_token)
    second = services.registration_confirm(token=registration.confirm_token)
    assert first.status == second.status == S.CONFIRMED
    assert first.confirmed_at == second.confirmed_at


def test_confirmation_link_expires_after_24_hours(agency):
    event = RegistrationEventFactory(agency=agency)
    registration = register(event, 1)
    later = registration.created_at + timedelta(hours=24, minutes=1)
    with pytest.raises(exceptions.ConfirmationExpired):
        services.registration_confirm(token=registration.confirm_token, now=later)
    registration.refresh_from_db()
    assert registration.status == S.EXPIRED
    with pytest.raises(exceptions.ConfirmationExpired):
        services.registration_confirm(token=registration.confirm_token)


def test_worker_expires_only_stale_unconfirmed_registrations(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    stale = register(event, 1)
    Registration.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = register(event, 2)
    confirmed = register_confirmed(event, 3)
    call_command("mail_worker", "--once", stdout=open("/dev/null", "w"))
    assert [Registration.objects.get(pk=r.pk).status for r in (stale, fresh, confirmed)] == [
        S.EXPIRED,
        S.PENDING,
        S.CONFIRMED,
    ]


def test_unknown_confirmation_token_raises_does_not_exist(agency):
    with pytest.raises(Registration.DoesNotExist):
        services.registration_confirm(token="not-a-token")


# --- seats and waiting list ------------------------------------------------------------------


def test_full_mode_refuses_unless_the_person_joins_the_waiting_list(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    register_confirmed(event, 1)
    with pytest.raises(exceptions.EventFull) as error:
        register(event, 2, join_waitlist=False)
    assert "Warteliste" in str(error.value)
    waiting = register_confirmed(event, 2, join_waitlist=True)
    assert waiting.status == S.WAITLISTED


def test_seat_taken_between_registration_and_confirmation_puts_person_on_waiting_list(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    slow = register(event, 1, join_waitlist=False)
    register_confirmed(event, 2)
    assert services.registration_confirm(token=slow.confirm_token).status == S.WAITLISTED


def test_cancellation_promotes_the_first_person_waiting(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    holder = register_confirmed(event, 1)
    first = register_confirmed(event, 2)
    second = register_confirmed(event, 3)
    assert services.waitlist_position(first) == 1 and services.waitlist_position(second) == 2

    services.registration_cancel(registration=holder)

    assert Registration.objects.get(pk=first.pk).status == S.CONFIRMED
    assert Registration.objects.get(pk=second.pk).status == S.WAITLISTED
    assert services.waitlist_position(Registration.objects.get(pk=second.pk)) == 1


def test_modes_have_separate_seats_and_waiting_lists(agency):
    event = RegistrationEventFactory(
        agency=agency, format=Event.Format.HYBRID, on_site_capacity=1, online_capacity=1
    )
    on_site = register_confirmed(event, 1, mode=Mode.ON_SITE)
    online = register_confirmed(event, 2, mode=Mode.ONLINE)
    waiting_online = register_confirmed(event, 3, mode=Mode.ONLINE)
    assert (on_site.status, online.status, waiting_online.status) == (S.CONFIRMED, S.CONFIRMED, S.WAITLISTED)

    services.registration_cancel(registration=on_site)  # frees an on-site seat: nobody waits for it

    assert Registration.objects.get(pk=waiting_online.pk).status == S.WAITLISTED


def test_online_without_capacity_is_unlimited(agency):
    event = RegistrationEventFactory(agency=agency, format=Event.Format.ONLINE, online_capacity=None)
    assert {register_confirmed(event, n).status for n in range(30)} == {S.CONFIRMED}


def test_mode_the_event_does_not_offer_is_refused(agency):
    event = RegistrationEventFactory(agency=agency, format=Event.Format.ON_SITE)
    with pytest.raises(exceptions.ModeNotOffered):
        register(event, 1, mode=Mode.ONLINE)


def test_raising_the_capacity_promotes_people_waiting(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    register_confirmed(event, 1)
    waiting = [register_confirmed(event, n) for n in (2, 3, 4)]
    RegistrationOptions.objects.filter(event=event).update(on_site_capacity=3)

    promoted = services.registration_options_changed(event=event)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert Registration.objects.get(pk=waiting[2].pk).status == S.WAITLISTED


def test_lowering_the_capacity_takes_no_seat_away_but_admits_nobody(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=3)
    holders = [register_confirmed(event, n) for n in range(3)]
    RegistrationOptions.objects.filter(event=event).update(on_site_capacity=1)
    assert register_confirmed(event, 9).status == S.WAITLISTED
    services.registration_cancel(registration=holders[0])
    assert Registration.objects.filter(event=event, status=S.CONFIRMED).count() == 2


def test_nobody_is_promoted_once_the_event_has_started(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    holder = register_confirmed(event, 1)
    waiting = register_confirmed(event, 2)
    assert services.waitlist_promote(event=event, now=event.starts_at + timedelta(minutes=5)) == []
    with pytest.raises(exceptions.EventAlreadyOver):
        services.registration_cancel(registration=holder, now=event.starts_at + timedelta(minutes=5))
    assert Registration.objects.get(pk=waiting.pk).status == S.WAITLISTED


# --- approval ------------------------------------------------------------------------------


def test_approval_events_reserve_the_seat_until_the_agency_decides(agency, admin_user):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1, requires_approval=True)
    first = register_confirmed(event, 1)
    second = register_confirmed(event, 2)
    assert (first.status, second.status) == (S.AWAITING_APPROVAL, S.WAITLISTED)

    services.registration_reject(registration=first, actor=admin_user, reason="Nur für Partnerkommunen.")

    second.refresh_from_db()
    assert second.status == S.AWAITING_APPROVAL  # promoted, and again up for decision
    approved = services.registration_approve(registration=second, actor=admin_user)
    assert approved.status == S.CONFIRMED
    entry = entries_for(approved).get(action="events.registration.approved")
    assert (entry.actor, entry.agency) == (admin_user, agency)
    with pytest.raises(exceptions.NotAwaitingApproval):
        services.registration_approve(registration=approved, actor=admin_user)


# --- limits --------------------------------------------------------------------------------


def test_per_municipality_limit_counts_directory_and_free_text(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=10, max_per_municipality=2)
    erfurt = make_municipality("16051", "Erfurt")
    register(event, 1, municipality=erfurt)
    register_confirmed(event, 2, municipality=erfurt)
    with pytest.raises(exceptions.MunicipalityLimitReached) as error:
        register(event, 3, municipality=erfurt)
    assert "2 Personen" in str(error.value)
    register(event, 4, organisation="Stiftung Bildung")
    register(event, 5, organisation="stiftung  bildung")
    with pytest.raises(exceptions.MunicipalityLimitReached):
        register(event, 6, organisation="Stiftung Bildung")


def test_cancelled_registration_frees_the_municipality_quota(agency):
    event = RegistrationEventFactory(agency=agency, max_per_municipality=1)
    erfurt = make_municipality("16051", "Erfurt")
    first = register_confirmed(event, 1, municipality=erfurt)
    services.registration_cancel(registration=first)
    assert register(event, 2, municipality=erfurt).status == S.PENDING


def test_same_email_cannot_hold_two_active_registrations(agency):
    event = RegistrationEventFactory(agency=agency)
    register(event, 1, email="Erika@Example.org")
    with pytest.raises(exceptions.AlreadyRegistered):
        register(event, 2, email=" erika@example.org ")
    cancelled = Registration.objects.get(event=event)
    services.registration_cancel(registration=cancelled)
    assert register(event, 3, email="erika@example.org").status == S.PENDING


def test_rate_limit_per_email_and_per_address(agency, settings):
    settings.REGISTRATION_RATE_LIMIT_PER_EMAIL = 2
    settings.REGISTRATION_RATE_LIMIT_PER_ADDRESS = 3
    events = [RegistrationEventFactory(agency=agency) for _ in range(5)]
    data = {"mode": Mode.ON_SITE, "consent": True, "privacy_notice_version": 1}
    services.registration_create(event=events[0], data=person(1), client_address="198.51.100.1", **data)
    services.registration_create(event=events[1], data=person(1), client_address="198.51.100.2", **data)
    with pytest.raises(exceptions.RateLimited):  # third attempt with the same email
        services.registration_create(event=events[2], data=person(1), client_address="198.51.100.3", **data)
    services.registration_create(event=events[2], data=person(2), client_address="198.51.100.1", **data)
    services.registration_create(event=events[3], data=person(3), client_address="198.51.100.1", **data)
    with pytest.raises(exceptions.RateLimited):  # fourth attempt from the same address
        services.registration_create(event=events[4], data=person(4), client_address="198.51.100.1", **data)
    assert Registration.objects.count() == 4
    # Only keyed hashes are stored, never an address or email.
    keys = list(RateLimitHit.objects.values_list("key_hash", flat=True))
    assert all(len(key) == 64 and "198.51" not in key and "@" not in key for key in keys)
    # After the window the limit is lifted and old hits are forgotten.
    services.registrations_expire(now=timezone.now() + timedelta(hours=2))
    assert not RateLimitHit.objects.exists()


def test_consent_and_current_notice_are_required(agency):
    event = RegistrationEventFactory(agency=agency)
    data = {"event": event, "mode": Mode.ON_SITE, "data": person(1)}
    with pytest.raises(exceptions.ConsentMissing):
        services.registration_create(consent=False, privacy_notice_version=1, **data)
    options = RegistrationOptions.objects.get(event=event)
    options.privacy_notice = "Neuer Hinweis: Wir speichern Ihre Angaben zwei Jahre."
    options.save()
    assert options.privacy_notice_version == 2
    with pytest.raises(exceptions.PrivacyNoticeChanged):
        services.registration_create(consent=True, privacy_notice_version=1, **data)
    assert not Registration.objects.exists()


def test_sensitive_needs_are_stored_apart_and_only_when_asked(agency):
    asked = RegistrationEventFactory(agency=agency, ask_dietary_needs=True, ask_accessibility_needs=True)
    not_asked = RegistrationEventFactory(
        agency=agency, ask_dietary_needs=False, ask_accessibility_needs=False
    )
    with_needs = register(asked, 1, dietary_needs="vegan", accessibility_needs="Induktionsschleife")
    without = register(not_asked, 1, dietary_needs="vegan", accessibility_needs="Induktionsschleife")
    assert with_needs.sensitive.dietary_needs == "vegan"
    assert not hasattr(without, "sensitive") or without.sensitive is None
    with_needs.sensitive.delete()
    assert Registration.objects.filter(pk=with_needs.pk).exists()


# --- window and event state ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "status", "error"),
    [
        ({"opens_at": timezone.now() + timedelta(days=2)}, "published", exceptions.RegistrationNotOpenYet),
        ({"closes_at": timezone.now() - timedelta(minutes=1)}, "published", exceptions.RegistrationClosed),
        ({}, "cancelled", exceptions.EventCancelled),
        ({}, "postponed", exceptions.RegistrationClosed),
        ({"enabled": False}, "published", exceptions.RegistrationDisabled),
    ],
)
def test_registration_only_while_the_window_is_open(agency, options, status, error):
    event = RegistrationEventFactory(agency=agency, status=status, **options)
    with pytest.raises(error):
        register(event, 1)


def test_not_open_yet_names_the_opening_time(agency):
    opens = timezone.make_aware(datetime.datetime(2031, 3, 4, 9, 30))
    event = RegistrationEventFactory(agency=agency, starts_in=timedelta(days=3000), opens_at=opens)
    with pytest.raises(exceptions.RegistrationNotOpenYet) as error:
        register(event, 1)
    assert str(error.value) == "Die Anmeldung ist ab 04.03.2031, 09:30 Uhr möglich."


def test_registration_closes_at_the_start_without_a_deadline(agency):
    event = RegistrationEventFactory(agency=agency)
    with pytest.raises(exceptions.RegistrationClosed):
        services.registration_create(
            event=event,
            mode=Mode.ON_SITE,
            data=person(1),
            consent=True,
            privacy_notice_version=1,
            now=event.starts_at,
        )


def test_cancelling_an_event_cancels_its_registrations(agency, admin_user):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    holder = register_confirmed(event, 1)
    waiting = register_confirmed(event, 2)
    told = event_services.event_cancel(event=event, notice="Die Referentin ist erkrankt.", actor=admin_user)
    event.refresh_from_db()
    assert told == 2 and event.status == Event.Status.CANCELLED
    assert {Registration.objects.get(pk=r.pk).status for r in (holder, waiting)} == {S.CANCELLED}
    with pytest.raises(exceptions.EventCancelled):
        register(event, 3)


# --- partner priority ----------------------------------------------------------------------


def test_partner_municipality_staff_are_promoted_first(agency):
    partner = make_municipality("16051", "Erfurt")
    former = make_municipality("16052", "Gera")
    PartnershipFactory(
        municipality=partner, agency=agency, status="kooperationskommune", since=datetime.date(2020, 1, 1)
    )
    PartnershipFactory(
        municipality=former,
        agency=agency,
        status="kooperationskommune",
        since=datetime.date(2015, 1, 1),
        until=datetime.date(2019, 12, 31),
    )
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1, partner_priority=True)
    holder = register_confirmed(event, 1)
    outsider = register_confirmed(event, 2, organisation="Stiftung Bildung")
    ex_partner = register_confirmed(event, 3, municipality=former)
    staff = register_confirmed(event, 4, municipality=partner)

    services.registration_cancel(registration=holder)

    assert Registration.objects.get(pk=staff.pk).status == S.CONFIRMED
    assert {Registration.objects.get(pk=r.pk).status for r in (outsider, ex_partner)} == {S.WAITLISTED}


def test_without_partner_priority_the_waiting_list_order_holds(agency):
    partner = make_municipality("16051", "Erfurt")
    PartnershipFactory(
        municipality=partner, agency=agency, status="transferkommune", since=datetime.date(2020, 1, 1)
    )
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1, partner_priority=False)
    holder = register_confirmed(event, 1)
    outsider = register_confirmed(event, 2)
    register_confirmed(event, 3, municipality=partner)
    services.registration_cancel(registration=holder)
    assert Registration.objects.get(pk=outsider.pk).status == S.CONFIRMED


# --- series --------------------------------------------------------------------------------


def test_series_registration_covers_all_coming_dates_with_one_confirmation(agency):
    series, dates = series_with_dates(agency, dates=3, online_capacity=1)
    register_confirmed(dates[1], 99)  # the second date is full already
    registrations = services.series_register(
        event=dates[0], mode=Mode.ONLINE, data=person(1), consent=True, privacy_notice_version=1
    )
    assert [r.event_id for r in registrations] == [d.pk for d in dates]
    assert len({r.series_booking_id for r in registrations}) == 1

    services.registration_confirm(token=registrations[0].confirm_token)

    assert [Registration.objects.get(pk=r.pk).status for r in registrations] == [
        S.CONFIRMED,
        S.WAITLISTED,
        S.CONFIRMED,
    ]


def test_single_date_of_a_series_can_be_cancelled_and_then_the_rest(agency):
    series, dates = series_with_dates(agency, dates=3)
    registrations = services.series_register(
        event=dates[0], mode=Mode.ONLINE, data=person(1), consent=True, privacy_notice_version=1
    )
    services.registration_confirm(token=registrations[0].confirm_token)

    services.registration_cancel(registration=registrations[1])
    after = [Registration.objects.get(pk=r.pk).status for r in registrations]
    assert after == [S.CONFIRMED, S.CANCELLED, S.CONFIRMED]

    cancelled = services.registration_cancel(registration=registrations[0], whole_series=True)
    assert {r.pk for r in cancelled} == {registrations[0].pk, registrations[2].pk}
    assert {Registration.objects.get(pk=r.pk).status for r in registrations} == {S.CANCELLED}


def test_series_skips_dates_already_booked_or_under_another_privacy_notice(agency):
    series, dates = series_with_dates(agency, dates=4)
    register(dates[2], 1)
    RegistrationOptions.objects.filter(event=dates[3]).update(privacy_notice="Ein anderer Hinweis.")
    registrations = services.series_register(
        event=dates[0], mode=Mode.ONLINE, data=person(1), consent=True, privacy_notice_version=1
    )
    assert [r.event_id for r in registrations] == [dates[0].pk, dates[1].pk]


# --- reminders -----------------------------------------------------------------------------


def test_reminders_go_once_to_confirmed_participants_of_tomorrows_events(agency, mailoutbox):
    tomorrow = timezone.localtime().replace(hour=10, minute=0) + timedelta(days=1)
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1, starts_in=tomorrow - timezone.now())
    confirmed = register_confirmed(event, 1)
    register_confirmed(event, 2)  # waiting list: no reminder
    later = RegistrationEventFactory(agency=agency)
    register_confirmed(later, 3)

    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert Registration.objects.get(pk=confirmed.pk).reminder_sent_at is not None
