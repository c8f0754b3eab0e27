"""Agency staff manage registrations in the admin through the same service functions."""

import pytest
from django.forms import inlineformset_factory
from django.urls import reverse

from events.models import Event, Registration, RegistrationOptions
from events.registration.admin import RegistrationOptionsFormSet
from portal.audit import entries_for
from tests.factories import (
    AgencyFactory,
    RegistrationEventFactory,
    deliver_outbox,
    delivering,
    register_confirmed,
    staff_member,
)

pytestmark = pytest.mark.django_db
S = Registration.Status
CHANGELIST = reverse("admin:events_registration_changelist")


def run_action(client, url, action, objects):
    return client.post(
        url, {"action": action, "_selected_action": [o.pk for o in objects], "index": 0}, follow=True
    )


def test_registrations_per_event_with_status_filter_and_search(admin_client, agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    other = RegistrationEventFactory(agency=agency)
    register_confirmed(event, 1, name="Clara Beispiel")
    register_confirmed(event, 2, name="David Muster")
    register_confirmed(other, 3, name="Ida Vorlage")

    html = admin_client.get(f"{CHANGELIST}?event__id__exact={event.pk}").content.decode()
    assert "Clara Beispiel" in html and "David Muster" in html and "Ida Vorlage" not in html
    html = admin_client.get(f"{CHANGELIST}?status__exact=waitlisted").content.decode()
    assert "David Muster" in html and "Clara Beispiel" not in html
    assert "Ida Vorlage" in admin_client.get(f"{CHANGELIST}?q=vorlage").content.decode()


def test_approve_and_reject_actions_use_the_services(admin_client, admin_user, agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=2, requires_approval=True)
    first = register_confirmed(event, 1)
    second = register_confirmed(event, 2)
    waiting = register_confirmed(event, 3)

    response = run_action(admin_client, CHANGELIST, "approve", [first])
    assert "1 Anmeldungen freigegeben." in response.content.decode()
    response = run_action(admin_client, CHANGELIST, "reject", [second, first])
    assert "Diese Anmeldung wartet nicht auf eine Freigabe." in response.content.decode()

    assert Registration.objects.get(pk=first.pk).status == S.CONFIRMED
    assert Registration.objects.get(pk=second.pk).status == S.REJECTED
    assert Registration.objects.get(pk=waiting.pk).status == S.AWAITING_APPROVAL  # promoted into the seat
    assert entries_for(second).filter(actor=admin_user, action="events.registration.rejected").exists()


def test_cancel_action_promotes_the_waiting_list(admin_client, agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    holder = register_confirmed(event, 1)
    waiting = register_confirmed(event, 2)
    run_action(admin_client, CHANGELIST, "cancel", [holder])
    assert Registration.objects.get(pk=holder.pk).status == S.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == S.CONFIRMED


def test_registrations_are_read_only_in_the_admin(admin_client, agency):
    event = RegistrationEventFactory(agency=agency)
    registration = register_confirmed(event, 1)
    page = admin_client.get(f"{CHANGELIST}{registration.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_staff_see_only_their_own_agencys_registrations(client, agency):

    other_agency = AgencyFactory(slug="nrw", states=["nordrhein-westfalen"])
    ours = register_confirmed(RegistrationEventFactory(agency=agency), 1, name="Unsere Teilnehmerin")
    theirs = register_confirmed(RegistrationEventFactory(agency=other_agency), 2, name="Fremde Teilnehmerin")
    staff = staff_member(agency, "manager")
    client.force_login(staff)

    html = client.get(CHANGELIST).content.decode()
    assert "Unsere Teilnehmerin" in html and "Fremde Teilnehmerin" not in html
    assert client.get(f"{CHANGELIST}{ours.pk}/change/").status_code == 200
    assert client.get(f"{CHANGELIST}{theirs.pk}/change/").status_code == 404


def test_raising_capacity_in_the_event_form_promotes_people_waiting(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    register_confirmed(event, 1)
    waiting = register_confirmed(event, 2)
    FormSet = inlineformset_factory(
        Event, RegistrationOptions, formset=RegistrationOptionsFormSet, fields=["enabled", "on_site_capacity"]
    )
    options = RegistrationOptions.objects.get(event=event)
    formset = FormSet(
        {
            "registration_options-TOTAL_FORMS": "1",
            "registration_options-INITIAL_FORMS": "1",
            "registration_options-0-id": str(options.pk),
            "registration_options-0-event": str(event.pk),
            "registration_options-0-enabled": "on",
            "registration_options-0-on_site_capacity": "2",
        },
        instance=event,
    )
    assert formset.is_valid(), formset.errors
    formset.save()
    assert Registration.objects.get(pk=waiting.pk).status == S.CONFIRMED


def test_event_actions_cancel_and_notify(admin_client, agency, mailoutbox):
    event = RegistrationEventFactory(agency=agency, title="Abzusagender Fachtag")
    registration = register_confirmed(event, 1)
    deliver_outbox()  # the mails of the set-up go first
    mailoutbox.clear()
    with delivering():
        response = run_action(
            admin_client, reverse("admin:events_event_changelist"), "notify_event_changed", [event]
        )
    assert "1 Person erhält in den nächsten Minuten eine E-Mail." in response.content.decode()
    with delivering():
        response = run_action(
            admin_client, reverse("admin:events_event_changelist"), "cancel_events", [event]
        )
    assert "Abgesagt; 1 Person erhält in den nächsten Minuten eine E-Mail." in response.content.decode()
    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED
    assert Registration.objects.get(pk=registration.pk).status == S.CANCELLED
    assert [m.subject for m in mailoutbox] == [
        "Geändert: Abzusagender Fachtag",
        "Abgesagt: Abzusagender Fachtag",
    ]


def test_event_change_page_shows_the_registration_options(admin_client, agency):
    event = RegistrationEventFactory(agency=agency)
    register_confirmed(event, 1)
    html = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Plätze vor Ort" in html and "1 bestätigt" in html
