"""Mails at every step: recipients, German text, date, place, calendar file; the online link only if due."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from events import services as event_services
from events.models import Event, Mode, OutgoingMail, Registration, RegistrationOptions
from events.registration import mail as registration_mail
from events.registration import services
from tests.factories import (
    RegistrationEventFactory,
    deliver_outbox,
    delivering,
    person,
    register,
    register_confirmed,
    series_with_dates,
)

pytestmark = pytest.mark.django_db
ACCESS_URL = "https://konferenz.example.org/raum/fachtag-7f3k"


@pytest.fixture
def hybrid(agency):
    return RegistrationEventFactory(
        agency=agency,
        title="Fachtag Bildungsdaten",
        format=Event.Format.HYBRID,
        on_site_capacity=1,
        online_capacity=1,
        online_access_url=ACCESS_URL,
    )


def html_of(message):
    return message.alternatives[0][0]


def calendar_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(content)


def test_each_step_mails_the_person_in_german_with_date_place_and_calendar(hybrid, mailoutbox):
    with delivering():
        registration = register(hybrid, 1, mode=Mode.ON_SITE)
    request = mailoutbox[-1]
    assert request.to == ["person1@example.org"]
    assert request.subject == "Bitte bestätigen Sie Ihre Anmeldung: Fachtag Bildungsdaten"
    assert registration.get_confirm_url() in request.body and registration.get_confirm_url() in html_of(
        request
    )
    assert "Haus der Bildung, Lindenallee 7, 99084 Erfurt" in request.body
    assert timezone.localtime(hybrid.starts_at).strftime("%d.%m.%Y, %H:%M") in request.body
    event = calendar_of(request).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Fachtag Bildungsdaten"
    assert event.decoded("DTSTART") == hybrid.starts_at.replace(microsecond=0)

    with delivering():
        services.registration_confirm(token=registration.confirm_token)
    assert mailoutbox[-1].subject == "Ihre Anmeldung ist bestätigt: Fachtag Bildungsdaten"

    with delivering():
        waiting = register_confirmed(hybrid, 2, mode=Mode.ON_SITE)
    assert mailoutbox[-1].subject == "Sie stehen auf der Warteliste: Fachtag Bildungsdaten"
    assert mailoutbox[-1].to == ["person2@example.org"]

    with delivering():
        services.registration_cancel(registration=registration)
    cancelled, promoted = mailoutbox[-2:]
    assert cancelled.to == ["person1@example.org"]
    assert cancelled.subject == "Ihre Anmeldung ist storniert: Fachtag Bildungsdaten"
    assert str(calendar_of(cancelled).walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert promoted.to == ["person2@example.org"]
    assert promoted.subject == "Ein Platz ist frei geworden: Fachtag Bildungsdaten"
    assert waiting.get_absolute_url() in promoted.body


def test_online_link_only_in_the_confirmed_online_participants_mails(hybrid, mailoutbox):
    # The lead time has begun, so the link is due (before it, no mail has it: test_registration_access_link).
    RegistrationOptions.objects.filter(event=hybrid).update(online_access_lead_time=timedelta(days=30))
    with delivering():
        online = register_confirmed(hybrid, 1, mode=Mode.ONLINE)
        register_confirmed(hybrid, 2, mode=Mode.ON_SITE)
        register_confirmed(hybrid, 3, mode=Mode.ONLINE)  # online is full: waiting list
        register(hybrid, 4, mode=Mode.ONLINE, join_waitlist=True)  # never confirmed
    with_link = [m for m in mailoutbox if ACCESS_URL in m.body or ACCESS_URL in html_of(m)]
    assert [(m.to, m.subject) for m in with_link] == [
        (["person1@example.org"], "Ihre Anmeldung ist bestätigt: Fachtag Bildungsdaten")
    ]

    with delivering():
        services.registration_cancel(registration=online)  # person 3 moves up and now gets the link
    promoted = mailoutbox[-1]
    assert promoted.to == ["person3@example.org"] and ACCESS_URL in promoted.body


def test_approval_steps_are_mailed(agency, admin_user, mailoutbox):
    event = RegistrationEventFactory(
        agency=agency, title="Werkstatt für Partnerkommunen", requires_approval=True
    )
    with delivering():
        first = register_confirmed(event, 1)
        second = register_confirmed(event, 2)
        services.registration_approve(registration=first, actor=admin_user)
        services.registration_reject(registration=second, actor=admin_user, reason="Leider nur für Partner.")
    subjects = [(m.to[0], m.subject) for m in mailoutbox if "bestätigen" not in m.subject]
    assert subjects == [
        ("person1@example.org", "Ihre Anmeldung ist eingegangen: Werkstatt für Partnerkommunen"),
        ("person2@example.org", "Ihre Anmeldung ist eingegangen: Werkstatt für Partnerkommunen"),
        ("person1@example.org", "Ihre Anmeldung ist bestätigt: Werkstatt für Partnerkommunen"),
        ("person2@example.org", "Ihre Anmeldung: Werkstatt für Partnerkommunen"),
    ]
    assert "Leider nur für Partner." in mailoutbox[-1].body


def test_event_cancelled_and_changed_by_the_agency(hybrid, admin_user, mailoutbox):
    with delivering():
        register_confirmed(hybrid, 1, mode=Mode.ONLINE)
        register_confirmed(hybrid, 2, mode=Mode.ON_SITE)
        register(hybrid, 3)  # unconfirmed: not told about changes
    deliver_outbox()  # the mails of the set-up go first
    mailoutbox.clear()
    with delivering():
        event_services.event_changed_notify(
            event=hybrid, message="Wir beginnen eine Stunde später.", actor=admin_user
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["person1@example.org", "person2@example.org"]
    assert all(m.subject == "Geändert: Fachtag Bildungsdaten" for m in mailoutbox)
    assert all("eine Stunde später" in m.body for m in mailoutbox)

    deliver_outbox()  # the mails of the set-up go first

    mailoutbox.clear()
    with delivering():
        event_services.event_cancel(event=hybrid, notice="Die Referentin ist erkrankt.", actor=admin_user)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "person1@example.org",
        "person2@example.org",
        "person3@example.org",
    ]
    assert all(m.subject == "Abgesagt: Fachtag Bildungsdaten" for m in mailoutbox)
    assert all("Die Referentin ist erkrankt." in m.body for m in mailoutbox)
    assert all(ACCESS_URL not in m.body for m in mailoutbox)


@pytest.mark.parametrize(
    "lead_time, link_in_reminder", [(timedelta(hours=1), False), (timedelta(days=2), True)]
)
def test_reminder_the_day_before_comes_in_the_morning_and_carries_the_online_link_only_once_due(
    agency, mailoutbox, lead_time, link_in_reminder
):
    early = datetime(2026, 3, 9, 7, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(early, tick=False):
        event = RegistrationEventFactory(
            agency=agency,
            title="Online-Sprechstunde",
            format=Event.Format.ONLINE,
            online_capacity=None,
            online_access_url=ACCESS_URL,
            online_access_lead_time=lead_time,
            starts_in=timedelta(days=1, hours=2, minutes=30),
        )
        register_confirmed(event, 1)
        deliver_outbox()  # the mails of the set-up go first
        mailoutbox.clear()
        call_command("mail_worker", "--once", stdout=open("/dev/null", "w"))
        assert mailoutbox == []  # not before nine
    with time_machine.travel(early + timedelta(hours=2), tick=False):
        call_command("mail_worker", "--once", stdout=open("/dev/null", "w"))
    assert [m.subject for m in mailoutbox] == ["Morgen: Online-Sprechstunde"]
    assert (ACCESS_URL in mailoutbox[0].body) is link_in_reminder
    assert ("Zugangslink: kommt am" in mailoutbox[0].body) is not link_in_reminder


def test_series_gets_one_confirmation_request_for_all_dates(agency, mailoutbox):

    series, dates = series_with_dates(agency, dates=3)
    with delivering():
        services.series_register(
            event=dates[0], mode=Mode.ONLINE, data=person(1), consent=True, privacy_notice_version=1
        )
    assert len(mailoutbox) == 1
    assert (
        mailoutbox[0].subject
        == "Bitte bestätigen Sie Ihre Anmeldung zur Reihe „Monatlicher Online-Austausch“"
    )
    assert len(calendar_of(mailoutbox[0]).walk("VEVENT")) == 3


def test_failing_mail_server_keeps_the_registration_and_retries(agency, settings, mailoutbox):
    event = RegistrationEventFactory(agency=agency)
    settings.EMAIL_BACKEND = "tests.factories.FailingMailBackend"
    with delivering():
        registration = register(event, 1)
    assert Registration.objects.filter(pk=registration.pk, status=Registration.Status.PENDING).exists()
    mail = OutgoingMail.objects.get()
    assert mail.sent_at is None and mail.attempts == 1 and "Mailserver" in mail.last_error
    assert mail.subject.startswith("Bitte bestätigen Sie")  # the admin sees which mail failed
    assert registration.confirmation_sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert registration_mail.send_queued() == (0, 0)  # not due yet: it waits before trying again
    OutgoingMail.objects.update(not_before=timezone.now() - timedelta(seconds=1))
    call_command("mail_worker", "--once", stdout=open("/dev/null", "w"))
    mail.refresh_from_db()
    assert mail.sent_at is not None and mail.attempts == 2
    assert [m.to for m in mailoutbox] == [["person1@example.org"]]
    registration.refresh_from_db()
    assert registration.confirmation_sent_at == mail.sent_at  # proof: when the server took the mail
    assert registration_mail.send_queued() == (0, 0)  # never twice


def test_mails_name_the_event_before_the_link_and_carry_portal_headers(hybrid, mailoutbox, settings):
    settings.SITE_URL = "https://transferportal.example.org"
    with delivering():
        registration = register(hybrid, 1, mode=Mode.ON_SITE)
    [request] = mailoutbox

    assert not request.subject.startswith(" ") and request.subject == request.subject.strip()
    link = registration.get_confirm_url()
    for body in (request.body, html_of(request)):
        assert body.index("„Fachtag Bildungsdaten“") < body.index(link)
    message = request.message()
    assert message["Message-ID"].endswith("@transferportal.example.org>")
    assert message["Auto-Submitted"] == "auto-generated"


def test_series_confirmation_request_names_the_series_before_the_link(agency, mailoutbox):
    series, dates = series_with_dates(agency, dates=2)
    with delivering():
        registrations = services.series_register(
            event=dates[0],
            mode=Mode.ONLINE,
            data=person(1),
            consent=True,
            privacy_notice_version=1,
        )
    body = mailoutbox[-1].body
    assert body.index(f"„{series.title}“") < body.index(registrations[0].get_confirm_url())


def test_cancellation_mail_cancels_the_calendar_entry_of_the_same_uid(hybrid, mailoutbox):
    registration = register_confirmed(hybrid, 1, mode=Mode.ON_SITE)
    with delivering():
        services.registration_cancel(registration=registration)
    calendar = calendar_of(mailoutbox[-1])
    [entry] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    assert str(entry["status"]) == "CANCELLED"
    assert str(entry["uid"]) == f"event-{hybrid.pk}@transferportal"
