"""Registering under /en/: English pages, and every later mail in the language the person registered in."""

import re

import pytest
from django.utils import translation

from events import services as event_services
from events.models import Event, Mode, Registration
from events.registration import services
from tests.factories import RegistrationEventFactory, deliver_outbox, delivering, register, register_confirmed

pytestmark = pytest.mark.django_db

TYPED = {
    "name": "Erika Beispiel",
    "email": "erika.beispiel@example.org",
    "organisation": "Bildungsbüro Musterkreis",
    "function": "Bildungsmonitoring",
    "consent": "on",
    "notice_version": "1",
}


@pytest.fixture
def event(agency):
    return RegistrationEventFactory(agency=agency, title="Fachtag Bildungsdaten", on_site_capacity=1)


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_event_page_and_registration_page_in_english(client, event):
    text = page_text(client.get("/en" + event.get_absolute_url()))
    assert "On site: 1 place left" in text
    assert f'href="/en/anmeldung/{event.slug}/">Register</a>' in text

    text = page_text(client.get(f"/en/anmeldung/{event.slug}/"))
    assert f"Registration: {event.title}" in text and "Back to the event" in text
    assert '<h2 id="anmeldung">Registration</h2>' in text
    assert "On site: 1 place left" in text
    assert "Register (binding)" in text
    assert "Privacy notice for this event" in text


def test_form_error_in_english_keeps_what_was_typed(client, event):
    response = client.post(f"/en/anmeldung/{event.slug}/", {**TYPED, "consent": ""})

    text = page_text(response)
    assert "Please agree to the privacy notice so that we can process your registration." in text
    assert 'value="Bildungsbüro Musterkreis"' in text


def test_registering_in_english_sends_english_mails_with_english_links(client, event, mailoutbox):
    with delivering():
        response = client.post(f"/en/anmeldung/{event.slug}/", TYPED, follow=True)

    assert "Almost done: please confirm your registration" in page_text(response)
    registration = Registration.objects.get()
    assert registration.language == "en"
    request = mailoutbox[-1]
    assert request.subject == "Please confirm your registration: Fachtag Bildungsdaten"
    assert request.body.startswith("Dear Erika Beispiel,")
    assert "/en/anmeldung/bestaetigen/" in request.body
    assert "Kind regards" in request.body
    assert "Uhr" not in request.body


def test_later_mails_keep_the_language_of_the_registration_whoever_sets_them_off(event, mailoutbox):
    with translation.override("en"), delivering():
        english = register_confirmed(event, 1)
    with translation.override("de"), delivering():
        german = register_confirmed(event, 2)  # no seat left: waiting list
    assert german.status == Registration.Status.WAITLISTED

    # The English person cancels on an English page; the German person moves up and hears it in German.
    with translation.override("en"), delivering():
        services.registration_cancel(registration=english)
    promoted = mailoutbox[-1]
    assert promoted.to == ["person2@example.org"]
    assert promoted.subject == "Ein Platz ist frei geworden: Fachtag Bildungsdaten"
    assert "/anmeldung/persoenlich/" in promoted.body and "/en/" not in promoted.body

    # Staff cancel the event in the German admin: each person is told in their own language.
    deliver_outbox()  # the mails of the set-up go first
    mailoutbox.clear()
    with translation.override("de"), delivering():
        event_services.event_cancel(event=Event.objects.get(pk=event.pk))
    assert [mail.subject for mail in mailoutbox] == ["Abgesagt: Fachtag Bildungsdaten"]
    with translation.override("en"), delivering():
        other = register(
            RegistrationEventFactory(agency=event.agency, title="Online-Sprechstunde"), 3, mode=Mode.ON_SITE
        )
    assert other.language == "en"
    with translation.override("de"), delivering():
        event_services.event_cancel(event=other.event)
    assert mailoutbox[-1].subject == "Cancelled: Online-Sprechstunde"


def test_registrations_from_before_english_get_german_mails(event, mailoutbox):
    with delivering():
        registration = register(event, 1)
    Registration.objects.filter(pk=registration.pk).update(language="")

    with translation.override("en"), delivering():
        services.registration_cancel(registration=Registration.objects.get(pk=registration.pk))
    assert mailoutbox[-1].subject == "Ihre Anmeldung ist storniert: Fachtag Bildungsdaten"


def test_done_message_of_the_personal_page_in_english(client, event):
    registration = register_confirmed(event, 1)

    url = f"/en{registration.get_absolute_url()}?erledigt=storniert"
    text = page_text(client.get(url))
    assert "Your registration has been cancelled" in text
    assert "Ihre Anmeldung ist storniert" not in text
    # The German page still says it in German: the message is translated per request.
    assert "Ihre Anmeldung ist storniert" in page_text(client.get(url.removeprefix("/en")))
