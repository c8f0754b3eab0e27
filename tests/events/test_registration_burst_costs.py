"""What a registration burst costs per person: queries of the page, the form sent and the confirmation.

The empty form is rendered once per content version (``cached_fragment``); these tests also check
that a person never sees an out-of-date form: the free seats in the mode choice and a new privacy
notice show at once.
"""

import re

import pytest

from events.models import Event, OutgoingMail, Registration, RegistrationOptions
from events.registration import mail, services
from tests.factories import RegistrationEventFactory, register, register_confirmed

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Erika Beispiel",
    "email": "erika.beispiel@example.org",
    "organisation": "Bildungsbüro Musterkreis",
    "function": "Bildungsmonitoring",
    "consent": "on",
    "notice_version": "1",
    "join_waitlist": "on",
}


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_form_shows_the_seats_left_after_each_confirmation(client, agency):
    event = RegistrationEventFactory(agency=agency, format=Event.Format.HYBRID, on_site_capacity=3)
    assert "Vor Ort (noch 3 Plätze frei)" in page_text(client.get(f"/anmeldung/{event.slug}/"))
    register_confirmed(event, 1)
    text = page_text(client.get(f"/anmeldung/{event.slug}/"))
    assert "Vor Ort (noch 2 Plätze frei)" in text and "noch 3 Plätze" not in text


def test_a_new_privacy_notice_shows_in_the_form_at_once(client, agency):
    event = RegistrationEventFactory(agency=agency)
    client.get(f"/anmeldung/{event.slug}/")
    options = RegistrationOptions.objects.get(event=event)
    options.privacy_notice = "Geänderter Hinweis: Wir löschen Ihre Angaben nach einem Jahr."
    options.privacy_notice_version += 1
    options.save()
    html = client.get(f"/anmeldung/{event.slug}/").content.decode()
    assert "Geänderter Hinweis" in html
    assert f'name="notice_version" value="{options.privacy_notice_version}"' in html


def test_a_form_sent_with_errors_shows_them_and_keeps_what_was_typed(client, agency):
    event = RegistrationEventFactory(agency=agency)
    client.get(f"/anmeldung/{event.slug}/")  # the empty form is stored now
    response = client.post(f"/anmeldung/{event.slug}/", {**FORM, "function": ""})
    text = page_text(response)
    assert "Bitte geben Sie Ihre Funktion an." in text
    assert 'value="Erika Beispiel"' in text


def test_the_registration_page_costs_three_queries(client, agency, django_assert_max_num_queries):
    event = RegistrationEventFactory(agency=agency)
    client.get(f"/anmeldung/{event.slug}/")
    # The event with its options, agency, venue and contact; the seats; the content version.
    with django_assert_max_num_queries(3):
        assert client.get(f"/anmeldung/{event.slug}/").status_code == 200


def test_sending_the_form_costs_at_most_fourteen_queries(client, agency, django_assert_max_num_queries):
    event = RegistrationEventFactory(agency=agency)
    client.get(f"/anmeldung/{event.slug}/")
    with django_assert_max_num_queries(14):
        response = client.post(f"/anmeldung/{event.slug}/", FORM)
    assert response.status_code == 302
    assert Registration.objects.get().status == Registration.Status.PENDING


def test_confirming_costs_at_most_nine_queries(client, agency, django_assert_max_num_queries):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    register_confirmed(event, 1)
    registration = register(event, 2)
    # The registration; under the lock: the options, the registration again, the seats, the update, the
    # audit entry, the outbox row; the lock's transaction (a savepoint in a test) begins and ends.
    with django_assert_max_num_queries(9):
        response = client.post(f"/anmeldung/bestaetigen/{registration.confirm_token}/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WAITLISTED  # the one seat was taken


def test_rate_limits_count_both_the_address_and_the_email(agency, settings):
    settings.REGISTRATION_RATE_LIMIT_PER_EMAIL = 2
    settings.REGISTRATION_RATE_LIMIT_PER_ADDRESS = 3
    services.rate_limit_check(email="a@example.org", client_address="192.0.2.1")
    services.rate_limit_check(email="A@example.org", client_address="192.0.2.1")
    with pytest.raises(services.exceptions.RateLimited):  # the third attempt of this email
        services.rate_limit_check(email="a@example.org", client_address="192.0.2.2")
    services.rate_limit_check(email="b@example.org", client_address="192.0.2.1")
    with pytest.raises(services.exceptions.RateLimited):  # the fourth attempt of this address
        services.rate_limit_check(email="c@example.org", client_address="192.0.2.1")
    services.rate_limit_check(email="d@example.org", client_address="192.0.2.3")


def test_the_worker_sends_a_rush_of_mails_in_two_queries_each(
    agency, mailoutbox, django_assert_max_num_queries
):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=20)
    registrations = [register(event, number) for number in range(1, 21)]
    # The due mails, their registrations; per ten mails the claim and the rows; per mail the outcome
    # with the text, and the registration's note that its confirmation link went out.
    with django_assert_max_num_queries(3 + 2 * 2 + 20 * 2):
        assert mail.send_queued() == (20, 0)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(r.email for r in registrations)
    assert all(message.subject.startswith("Bitte bestätigen Sie") for message in mailoutbox)
    assert not Registration.objects.filter(confirmation_sent_at=None).exists()
    assert not OutgoingMail.objects.filter(sent_at=None).exists()


def test_mails_a_round_leaves_when_the_server_is_down_wait_for_the_next_round_only(agency, settings):
    event = RegistrationEventFactory(agency=agency)
    for number in range(1, 6):
        register(event, number)
    settings.EMAIL_BACKEND = "tests.factories.FailingMailBackend"
    assert mail.send_queued() == (0, mail.FAILURES_BEFORE_PAUSE)
    untried = OutgoingMail.objects.filter(attempts=0)
    assert untried.count() == 5 - mail.FAILURES_BEFORE_PAUSE
    assert untried.filter(not_before=None).count() == untried.count()  # not held back by the claim
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail.send_queued() == (5 - mail.FAILURES_BEFORE_PAUSE, 0)
