"""The person's own data from the personal link: download it (JSON, CSV) and ask for its deletion."""

import csv
import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from events.registration import services
from events.registration.models import DeletionRequest, OutgoingMail, Registration, RegistrationSensitiveData
from portal import audit
from portal.models import AuditEntry
from tests.factories import (
    AgencyFactory,
    RegistrationEventFactory,
    person,
    register_confirmed,
    series_with_dates,
    staff_member,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_deletionrequest_changelist")


@pytest.fixture
def event(agency):
    return RegistrationEventFactory(
        agency=agency, on_site_capacity=1, ask_dietary_needs=True, ask_comment=True
    )


@pytest.fixture
def erika(event):
    return register_confirmed(
        event, 1, dietary_needs="vegan", accessibility_needs="Rollstuhl", comment="Hallo"
    )


@pytest.fixture
def other(event):
    """Another person at the same event, waiting for the one seat."""
    return register_confirmed(event, 2, dietary_needs="laktosefrei", comment="Zweite Person")


def _json(client, registration):
    response = client.get(reverse("registration:data_json", args=[registration.manage_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return response, json.loads(response.content)


def _csv(client, registration):
    response = client.get(reverse("registration:data_csv", args=[registration.manage_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_json_export_holds_the_persons_data_and_nobody_elses(client, erika, other):
    response, data = _json(client, erika)

    [record] = data["registrations"]
    assert record["event"]["title"] == erika.event.title
    assert record["registration"]["name"] == erika.name
    assert record["registration"]["email"] == erika.email
    assert record["registration"]["comment"] == "Hallo"
    assert record["registration"]["status"] == "Bestätigt"
    assert record["needs"] == {"dietary_needs": "vegan", "accessibility_needs": "Rollstuhl"}
    assert {mail["to"] for mail in record["mails"]} == {erika.email}
    assert len(record["mails"]) == OutgoingMail.objects.filter(registration=erika).count() >= 2
    assert [entry["action"] for entry in record["history"]] == [
        "events.registration.created",
        "events.registration.confirmed",
    ]
    text = response.content.decode()
    for foreign in (other.name, other.email, "laktosefrei", "Zweite Person"):
        assert foreign not in text
    # The tokens are the key to this page, not data about the person (the mails quote the link, though).
    assert "manage_token" not in record["registration"] and "confirm_token" not in record["registration"]


def test_csv_export_holds_the_same_data_one_value_a_line(client, erika, other):
    response, rows = _csv(client, erika)

    assert rows[0] == ["Veranstaltung", "Bereich", "Nr.", "Feld", "Wert"]
    values = {(row[1], row[3]): row[4] for row in rows[1:] if row[2] == "1"}
    assert values[("Anmeldung", "E-Mail")] == erika.email
    assert values[("Angaben zu Ernährung und Barrierefreiheit", "Ernährungswünsche")] == "vegan"
    assert values[("Anmeldung", "Einwilligung erteilt")] == "ja"
    assert {row[4] for row in rows if row[3] == "An"} == {erika.email}
    text = response.content.decode("utf-8-sig")
    for foreign in (other.name, other.email, "laktosefrei"):
        assert foreign not in text


def test_export_of_the_other_person_holds_only_theirs(client, erika, other):
    _response, data = _json(client, other)

    assert data["registrations"][0]["needs"] == {"dietary_needs": "laktosefrei", "accessibility_needs": ""}
    assert data["registrations"][0]["registration"]["status"] == "Auf der Warteliste"
    assert erika.email not in json.dumps(data)


@pytest.mark.parametrize(
    "name", ["registration:data_json", "registration:data_csv", "registration:deletion_request"]
)
def test_without_the_token_there_is_nothing(client, erika, name):
    assert client.get(reverse(name, args=["falsch"])).status_code == 404
    assert client.get(reverse(name, args=[erika.confirm_token])).status_code == 404
    assert client.post(reverse("registration:deletion_request", args=["falsch"])).status_code == 404
    assert not DeletionRequest.objects.exists()


def test_exports_are_secret_pages(client, erika):
    response = client.get(reverse("registration:data_json", args=[erika.manage_token]))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_personal_page_links_the_downloads_and_the_deletion_request(client, erika):
    html = client.get(erika.get_absolute_url()).content.decode()

    assert reverse("registration:data_json", args=[erika.manage_token]) in html
    assert reverse("registration:data_csv", args=[erika.manage_token]) in html
    assert reverse("registration:deletion_request", args=[erika.manage_token]) in html


def test_deletion_is_asked_for_after_a_confirmation_step(client, erika):
    url = reverse("registration:deletion_request", args=[erika.manage_token])

    page = client.get(url)
    assert page.status_code == 200
    assert "Ja, Löschung beantragen" in page.content.decode()
    assert not DeletionRequest.objects.exists()  # looking is not asking

    response = client.post(url, follow=True)
    client.post(url)  # a second click keeps the first request

    [deletion_request] = DeletionRequest.objects.all()
    assert deletion_request.registration == erika and deletion_request.is_open
    assert "Ihr Löschantrag ist bei der Transferagentur eingegangen" in response.content.decode()
    assert "liegt der Transferagentur vor" in client.get(erika.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="events.deletionrequest.created").count() == 1


def test_the_request_appears_for_the_organisers_manager_and_carrying_it_out_deletes_the_data(
    client, agency, event, erika, other
):
    co_agency = AgencyFactory()
    event.co_agencies.add(co_agency)
    client.post(reverse("registration:deletion_request", args=[erika.manage_token]))
    manager = staff_member(agency, "manager")
    link = erika.get_absolute_url()

    client.force_login(manager)
    assert erika.name in client.get(CHANGELIST).content.decode()
    deletion_request = DeletionRequest.objects.get()
    response = client.post(
        CHANGELIST,
        {"action": "carry_out_deletion", "_selected_action": [deletion_request.pk], "index": 0},
        follow=True,
    )

    assert "1 Löschanträge durchgeführt." in response.content.decode()
    # Before the event: cancelled (the seat goes to the person waiting), then deleted with everything.
    assert not Registration.objects.filter(pk=erika.pk).exists()
    assert not RegistrationSensitiveData.objects.filter(registration_id=erika.pk).exists()
    assert not OutgoingMail.objects.filter(to=erika.email).exists()
    assert not AuditEntry.objects.filter(object_repr__contains=erika.name).exists()
    assert Registration.objects.get(pk=other.pk).status == "confirmed"
    deletion_request.refresh_from_db()
    assert deletion_request.outcome == "deleted" and deletion_request.carried_out_by == manager
    entry = audit.entries_for(deletion_request).get(action="events.deletionrequest.deleted")
    assert entry.actor == manager and entry.agency_id == agency.pk
    client.logout()
    assert client.get(link).status_code == 404


def test_after_the_event_the_request_leaves_the_attendance_record(admin_user, erika):
    services.deletion_request_create(registration=erika)
    with time_machine.travel(erika.event.ends_at + timedelta(days=1), tick=False):
        services.attendance_record(event=erika.event, attended=[erika.pk])
        services.deletion_request_carry_out(deletion_request=DeletionRequest.objects.get(), actor=admin_user)

    erika.refresh_from_db()
    assert erika.reduced_at is not None and erika.attended is True and erika.name == "Erika Beispiel 1"
    assert erika.email == "" and erika.manage_token is None
    assert not RegistrationSensitiveData.objects.filter(registration=erika).exists()
    assert DeletionRequest.objects.get().outcome == "reduced"
    with pytest.raises(services.exceptions.DeletionAlreadyCarriedOut):
        services.deletion_request_carry_out(deletion_request=DeletionRequest.objects.get(), actor=admin_user)


@pytest.mark.parametrize("role", ["editor", "manager"])
def test_staff_of_another_agency_do_not_see_the_request(client, erika, role):
    services.deletion_request_create(registration=erika)
    outsider = staff_member(AgencyFactory(), role)

    client.force_login(outsider)
    response = client.get(CHANGELIST)

    assert erika.name not in response.content.decode()
    deletion_request = DeletionRequest.objects.get()
    url = reverse("admin:events_deletionrequest_change", args=[deletion_request.pk])
    assert client.get(url).status_code in (403, 404)


def test_editors_of_the_organising_agency_do_not_see_it_either(client, agency, erika):
    services.deletion_request_create(registration=erika)
    client.force_login(staff_member(agency, "editor"))

    assert client.get(CHANGELIST).status_code == 403


def test_the_pages_speak_english_under_en(client, erika):
    with translation.override("en"):
        deletion_url = reverse("registration:deletion_request", args=[erika.manage_token])
        privacy_url = reverse("portal:privacy")
        manage_url = erika.get_absolute_url()

    assert deletion_url.startswith("/en/")
    assert "Request deletion of your data" in client.get(deletion_url).content.decode()
    privacy = client.get(privacy_url).content.decode()
    assert "We delete dietary and accessibility needs 14 days after the event." in privacy
    assert "Download my data as JSON" in client.get(manage_url).content.decode()


def test_a_series_booking_is_exported_and_deleted_as_its_page_shows_it(client, agency, admin_user):
    _series, dates = series_with_dates(agency, dates=3)
    booked = services.series_register(
        event=dates[0], mode="online", data=person(1), consent=True, privacy_notice_version=1
    )
    services.registration_confirm(token=booked[0].confirm_token)
    stranger = register_confirmed(dates[1], 2)

    _response, data = _json(client, booked[0])
    assert [record["event"]["title"] for record in data["registrations"]] == [d.title for d in dates]
    assert stranger.email not in json.dumps(data)

    services.deletion_request_create(registration=booked[0])
    with time_machine.travel(dates[0].ends_at + timedelta(days=1), tick=False):
        services.attendance_record(event=dates[0], attended=[booked[0].pk])
        done = services.deletion_request_carry_out(
            deletion_request=DeletionRequest.objects.get(), actor=admin_user
        )

    assert done.outcome == "reduced"
    assert Registration.objects.get(pk=booked[0].pk).reduced_at is not None  # took part: the record stays
    assert not Registration.objects.filter(pk__in=[booked[1].pk, booked[2].pk]).exists()
    assert Registration.objects.get(pk=stranger.pk).email == stranger.email
