"""The online access link reaches online participants only from the event's lead time, once by mail."""

import datetime
import re
import threading
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections
from django.utils import translation

from events.models import Event, Mode, OutgoingMail, Registration
from events.registration import selectors, services
from tests.factories import RegistrationEventFactory, deliver_outbox, delivering, register, register_confirmed

pytestmark = pytest.mark.django_db
ACCESS_URL = "https://konferenz.example.org/raum/werkstatt-9q2x"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# Two days before the event; its link is due at 09:00 on the day (one hour before the start).
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
STARTS = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN)
LINK_DUE = STARTS - datetime.timedelta(hours=1)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def workshop(agency, clock):
    return RegistrationEventFactory(
        agency=agency,
        title="Online-Werkstatt Bildungsdaten",
        format=Event.Format.HYBRID,
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=3),
        on_site_capacity=5,
        online_capacity=2,
        online_access_url=ACCESS_URL,
        online_access_lead_time=datetime.timedelta(hours=1),
    )


def html_of(message):
    return message.alternatives[0][0]


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def send_access_links():
    call_command("send_access_links", stdout=open("/dev/null", "w"))


def test_confirmation_says_when_the_link_comes_and_has_no_link(workshop, mailoutbox):
    with delivering():
        register_confirmed(workshop, 1, mode=Mode.ONLINE)
    confirmation = mailoutbox[-1]
    assert confirmation.subject == "Ihre Anmeldung ist bestätigt: Online-Werkstatt Bildungsdaten"
    for body in (confirmation.body, html_of(confirmation)):
        assert ACCESS_URL not in body
        assert "Den Zugangslink erhalten Sie am 03.12.2026 ab 09:00 Uhr per E-Mail" in body
    assert "Zugangslink: kommt am 03.12.2026 ab 09:00 Uhr per E-Mail" in confirmation.body


def test_the_link_is_mailed_at_the_lead_time_once_to_each_confirmed_online_participant(
    workshop, mailoutbox, clock
):
    with delivering():
        online = register_confirmed(workshop, 1, mode=Mode.ONLINE)
        register_confirmed(workshop, 2, mode=Mode.ON_SITE)
        register(workshop, 3, mode=Mode.ONLINE)  # never confirmed
        cancelled = register_confirmed(workshop, 4, mode=Mode.ONLINE)
        services.registration_cancel(registration=cancelled)
        register_confirmed(workshop, 5, mode=Mode.ONLINE)
        register_confirmed(workshop, 6, mode=Mode.ONLINE)  # online is full: waiting list
    assert not any(ACCESS_URL in m.body or ACCESS_URL in html_of(m) for m in mailoutbox)
    mailoutbox.clear()

    clock.move_to(LINK_DUE - datetime.timedelta(minutes=1))
    send_access_links()
    assert mailoutbox == []

    clock.move_to(LINK_DUE)
    send_access_links()
    assert sorted(m.to[0] for m in mailoutbox) == ["person1@example.org", "person5@example.org"]
    first = next(m for m in mailoutbox if m.to == [online.email])
    assert first.subject == "Ihr Zugangslink: Online-Werkstatt Bildungsdaten"
    assert ACCESS_URL in first.body and ACCESS_URL in html_of(first)
    assert "bitte geben Sie ihn nicht weiter" in first.body

    clock.move_to(LINK_DUE + datetime.timedelta(minutes=5))
    send_access_links()
    assert len(mailoutbox) == 2  # never twice


def test_confirmed_after_the_lead_time_gets_the_link_with_the_confirmation_only(workshop, mailoutbox, clock):
    clock.move_to(LINK_DUE + datetime.timedelta(minutes=10))
    with delivering():
        register_confirmed(workshop, 1, mode=Mode.ONLINE)
    assert ACCESS_URL in mailoutbox[-1].body
    mailoutbox.clear()
    send_access_links()
    assert mailoutbox == []


def test_no_link_mail_without_a_link_or_after_the_event(workshop, mailoutbox, clock):
    with delivering():
        register_confirmed(workshop, 1, mode=Mode.ONLINE)
    mailoutbox.clear()
    workshop.registration_options.online_access_url = ""
    workshop.registration_options.save()
    clock.move_to(LINK_DUE)
    send_access_links()
    assert mailoutbox == []

    workshop.registration_options.online_access_url = ACCESS_URL
    workshop.registration_options.save()
    clock.move_to(workshop.ends_at + datetime.timedelta(minutes=1))
    send_access_links()
    assert mailoutbox == []


def test_english_participants_get_english_texts(workshop, mailoutbox, clock, client):
    with delivering(), translation.override("en"):
        registration = register_confirmed(workshop, 1, mode=Mode.ONLINE)
    confirmation = mailoutbox[-1]
    assert "You will receive the access link by email on 3 December 2026 from 09:00" in confirmation.body
    assert "Access link: arrives by email on 3 December 2026 from 09:00" in confirmation.body
    page = text_of(client.get("/en" + registration.get_absolute_url()))
    assert (
        "You will receive the access link to the online event by email on 3 December 2026 from 09:00" in page
    )

    clock.move_to(LINK_DUE)
    with delivering():
        send_access_links()
    link_mail = mailoutbox[-1]
    assert link_mail.subject == "Your access link: Online-Werkstatt Bildungsdaten"
    assert "please do not pass it on" in link_mail.body and ACCESS_URL in link_mail.body


def test_personal_page_shows_the_link_only_from_the_lead_time_and_not_after_cancelling(
    workshop, client, clock
):
    registration = register_confirmed(workshop, 1, mode=Mode.ONLINE)
    before = text_of(client.get(registration.get_absolute_url()))
    assert ACCESS_URL not in before
    assert "erhalten Sie am 03.12.2026 ab 09:00 Uhr per E-Mail" in before

    clock.move_to(LINK_DUE)
    assert ACCESS_URL in text_of(client.get(registration.get_absolute_url()))

    client.post(registration.get_absolute_url(), {"action": "cancel"})
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CANCELLED
    after = text_of(client.get(registration.get_absolute_url()))
    assert ACCESS_URL not in after and "erhalten Sie am" not in after


def test_the_sql_and_python_rules_for_a_due_link_agree(workshop, agency, clock):
    on_site_only = RegistrationEventFactory(agency=agency, starts_at=STARTS, online_access_url=ACCESS_URL)
    online = register_confirmed(workshop, 1, mode=Mode.ONLINE)
    register_confirmed(workshop, 2, mode=Mode.ON_SITE)
    register(workshop, 3, mode=Mode.ONLINE)
    register_confirmed(on_site_only, 4)
    services.registration_cancel(registration=register_confirmed(workshop, 5, mode=Mode.ONLINE))
    moments = [NOW, LINK_DUE - datetime.timedelta(seconds=1), LINK_DUE, workshop.ends_at]
    moments.append(workshop.ends_at + datetime.timedelta(seconds=1))
    due_at = {}
    for moment in moments:
        due = Registration.objects.filter(selectors.online_access_due(now=moment))
        by_python = [
            r
            for r in Registration.objects.select_related("event")
            if selectors.online_access_url(r, now=moment)
        ]
        assert set(due.values_list("pk", flat=True)) == {r.pk for r in by_python}, moment
        due_at[moment] = {r.pk for r in by_python}
    assert [bool(due_at[moment]) for moment in moments] == [False, False, True, True, False]
    assert due_at[LINK_DUE] == {online.pk}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_link_once(agency, mailoutbox):
    event = RegistrationEventFactory(
        agency=agency,
        format=Event.Format.ONLINE,
        online_capacity=None,
        online_access_url=ACCESS_URL,
        online_access_lead_time=datetime.timedelta(hours=1),
    )
    people = [register_confirmed(event, number) for number in range(20)]
    at_lead_time = event.starts_at - datetime.timedelta(minutes=30)
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def run():
        barrier.wait()
        try:
            counts.append(services.access_links_send(now=at_lead_time))
        except Exception as error:  # collected: the test asserts there are none
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(counts) == len(people)
    link_mails = OutgoingMail.objects.filter(kind="access_link")
    assert sorted(link_mails.values_list("to", flat=True)) == sorted(p.email for p in people)
    deliver_outbox()  # as the worker would after the threads' runs
    delivered = [m.to[0] for m in mailoutbox if m.subject.startswith("Ihr Zugangslink")]
    assert sorted(delivered) == sorted(p.email for p in people)
