"""The participants of an event in the admin: who sees them, the decisions, attendance, exports, a mail."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.models import Event, Registration, RegistrationOptions
from events.registration.models import OutgoingMail
from events.registration.participants import neutralised
from portal.models import AuditEntry
from tests.factories import (
    AgencyFactory,
    RegistrationEventFactory,
    SuperuserFactory,
    deliver_outbox,
    register_confirmed,
    staff_member,
)

pytestmark = pytest.mark.django_db
S = Registration.Status
INJECTION = '=HYPERLINK("http://x.example","a")'


def url(name, event):
    return reverse(f"admin:events_event_{name}", args=[event.pk])


@pytest.fixture
def event(agency):
    return RegistrationEventFactory(agency=agency, title="Fachtag Teilnahme", on_site_capacity=2)


@pytest.fixture
def manager(client, agency):
    user = staff_member(agency, "manager")
    client.force_login(user)
    return user


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]


# --- who sees what ------------------------------------------------------------------------------------


def test_manager_sees_the_participants_with_status_mode_and_waiting_position(client, manager, event):
    register_confirmed(event, 1, name="Clara Teilnehmerin")
    register_confirmed(event, 2, name="David Teilnehmer")
    register_confirmed(event, 3, name="Ida Wartende")
    page = client.get(url("participants", event))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Clara Teilnehmerin" in html and "person1@example.org" in html
    assert "Bestätigt: <strong>2</strong>" in html and "Auf der Warteliste: <strong>1</strong>" in html
    waiting = client.get(url("participants", event), {"status": "waitlisted"}).content.decode()
    assert "Ida Wartende" in waiting and "Clara Teilnehmerin" not in waiting


def test_editor_sees_counts_but_no_names_anywhere(client, agency, event):
    register_confirmed(event, 1, name="Clara Teilnehmerin")
    client.force_login(staff_member(agency, "editor"))
    change = client.get(reverse("admin:events_event_change", args=[event.pk]))
    html = change.content.decode()
    assert change.status_code == 200
    assert "1 bestätigt" in html
    assert "Clara Teilnehmerin" not in html and "person1@example.org" not in html
    assert url("participants", event) not in html
    for name in ("participants", "participants_csv", "participants_xlsx", "participants_mail"):
        response = client.get(url(name, event))
        assert response.status_code == 404
        assert "Clara Teilnehmerin" not in response.content.decode()
    preview = client.post(
        url("participants_mail", event),
        {"group": "confirmed", "subject": "Hallo", "message": "Text", "preview": "1"},
    )
    assert preview.status_code == 404 and "person1@example.org" not in preview.content.decode()


def test_managers_of_another_agency_get_404(client, event):
    other = AgencyFactory(slug="nrw", states=["nordrhein-westfalen"])
    client.force_login(staff_member(other, "manager"))
    for name in ("participants", "participants_csv", "participants_xlsx", "participants_mail"):
        assert client.get(url(name, event)).status_code == 404


def test_managers_of_a_co_organising_agency_see_the_participants(client, agency):
    partner = AgencyFactory(slug="nrw", states=["nordrhein-westfalen"])
    event = RegistrationEventFactory(agency=agency, co_agencies=[partner])
    register_confirmed(event, 1, name="Clara Teilnehmerin")
    client.force_login(staff_member(partner, "manager"))
    assert "Clara Teilnehmerin" in client.get(url("participants", event)).content.decode()
    assert ["Clara Teilnehmerin"] == [
        row[0] for row in csv_rows(client.get(url("participants_csv", event)))[1:]
    ]


def test_manager_sees_the_link_from_the_event_page(client, manager, event):
    html = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert url("participants", event) in html


def test_sensitive_answers_only_until_deleted(client, manager, agency):
    event = RegistrationEventFactory(agency=agency, ask_dietary_needs=True)
    registration = register_confirmed(event, 1, dietary_needs="vegetarisch")
    assert "vegetarisch" in client.get(url("participants", event)).content.decode()
    registration.sensitive.delete()
    assert "vegetarisch" not in client.get(url("participants", event)).content.decode()


def test_the_participants_page_never_shows_the_confirmation_address(client, manager, event):
    registration = register_confirmed(event, 1)
    Registration.objects.filter(pk=registration.pk).update(confirmed_from="192.0.2.44")
    assert "192.0.2.44" not in client.get(url("participants", event)).content.decode()


# --- actions ------------------------------------------------------------------------------------------


def act(client, event, action, registrations, text=""):
    return client.post(
        url("participants", event), {"action": action, "id": [r.pk for r in registrations], "text": text}
    )


def test_approve_and_reject_with_a_reason_in_the_mail(client, manager, agency):
    event = RegistrationEventFactory(agency=agency, requires_approval=True)
    first = register_confirmed(event, 1)
    second = register_confirmed(event, 2)
    act(client, event, "approve", [first])
    act(client, event, "reject", [second], text="Die Veranstaltung ist nur für Partnerkommunen.")
    assert Registration.objects.get(pk=first.pk).status == S.CONFIRMED
    assert Registration.objects.get(pk=second.pk).status == S.REJECTED
    deliver_outbox()
    rejection = OutgoingMail.objects.get(registration=second, kind="rejected")
    assert (
        "nur für Partnerkommunen" in rejection.body_text and "nur für Partnerkommunen" in rejection.body_html
    )


def test_cancel_with_a_message_keeps_the_registration(client, manager, event):
    registration = register_confirmed(event, 1)
    act(client, event, "cancel", [registration], text="Der Raum ist zu klein geworden.")
    assert Registration.objects.get(pk=registration.pk).status == S.CANCELLED
    deliver_outbox()
    assert (
        "zu klein geworden" in OutgoingMail.objects.get(registration=registration, kind="cancelled").body_text
    )


def test_move_from_the_waiting_list_fills_a_free_seat_and_refuses_when_full(client, manager, event):
    register_confirmed(event, 1)
    register_confirmed(event, 2)
    first_waiting = register_confirmed(event, 3)
    chosen = register_confirmed(event, 4, name="Gewählte Person")
    refused = act(client, event, "move", [chosen])
    assert Registration.objects.get(pk=chosen.pk).status == S.WAITLISTED
    followed = client.get(refused.url).content.decode()
    assert "kein Platz frei" in followed

    # A seat freed without the automatic promotion (e.g. raised in bulk): the agency picks who gets it.
    RegistrationOptions.objects.filter(event=event).update(on_site_capacity=3)
    act(client, event, "move", [chosen])
    assert Registration.objects.get(pk=chosen.pk).status == S.CONFIRMED
    assert Registration.objects.get(pk=first_waiting.pk).status == S.WAITLISTED
    assert OutgoingMail.objects.filter(registration=chosen, kind="promoted").exists()


def test_attendance_each_person_and_all_confirmed_with_exceptions(client, manager, event):
    present = register_confirmed(event, 1)
    missing = register_confirmed(event, 2)
    assert "erst ab Beginn" in client.get(act(client, event, "attended", [present]).url).content.decode()
    assert Registration.objects.get(pk=present.pk).attended is None

    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    act(client, event, "attendance_all", [missing])
    assert Registration.objects.get(pk=present.pk).attended is True
    assert Registration.objects.get(pk=missing.pk).attended is False
    act(client, event, "attended", [missing])
    assert Registration.objects.get(pk=missing.pk).attended is True


# --- exports ------------------------------------------------------------------------------------------


def test_exports_hold_exactly_the_chosen_registrations_of_the_event(client, manager, agency, event):
    other_event = RegistrationEventFactory(agency=agency)
    register_confirmed(other_event, 9, name="Andere Veranstaltung")
    clara = register_confirmed(event, 1, name="Clara Teilnehmerin", organisation="Stadt Beispiel")
    register_confirmed(event, 2, name="David Teilnehmer")
    register_confirmed(event, 3, name="Ida Wartende")

    for name, read in (("participants_csv", csv_rows), ("participants_xlsx", xlsx_rows)):
        rows = read(client.get(url(name, event), {"status": "confirmed"}))
        assert rows[0] == ["Name", "Organisation oder Kommune", "Funktion", "Teilnahme", "Unterschrift"]
        assert [row[0] for row in rows[1:]] == ["Clara Teilnehmerin", "David Teilnehmer"]
        assert rows[1] == ["Clara Teilnehmerin", "Stadt Beispiel", "Bildungsmanagement", "Vor Ort", ""]
        chosen = read(client.post(url(name, event), {"status": "", "id": [clara.pk]}))
        assert [row[0] for row in chosen[1:]] == ["Clara Teilnehmerin"]


def test_exports_neutralise_formulas(client, manager, event):
    register_confirmed(event, 1, name=INJECTION, function="-1+2", organisation="@SUM(A1)")
    expected = ["'" + INJECTION, "'@SUM(A1)", "'-1+2", "Vor Ort", ""]
    assert csv_rows(client.get(url("participants_csv", event)))[1] == expected
    assert xlsx_rows(client.get(url("participants_xlsx", event)))[1] == expected
    sheet = load_workbook(io.BytesIO(client.get(url("participants_xlsx", event)).content)).active
    assert sheet["A2"].data_type == "s"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralised_prefixes_every_formula_start(start):
    assert neutralised(f"{start}1") == f"'{start}1"
    assert neutralised("Erika") == "Erika"


# --- mail to participants -----------------------------------------------------------------------------


def test_mail_is_previewed_then_queued_and_recorded(client, manager, event):
    register_confirmed(event, 1, name="Clara Teilnehmerin")
    register_confirmed(event, 2)
    waiting = register_confirmed(event, 3)
    data = {
        "group": "confirmed",
        "subject": "Anreise & Parken",
        "message": "Bitte nutzen Sie den Hintereingang.",
    }
    preview = client.post(url("participants_mail", event), {**data, "preview": "1"})
    html = preview.content.decode()
    assert "Die E-Mail geht an 2 Personen." in html and "Guten Tag Clara Teilnehmerin" in html
    assert not OutgoingMail.objects.filter(kind="free_text").exists()

    response = client.post(url("participants_mail", event), {**data, "send": "1"})
    assert response.status_code == 302
    mails = OutgoingMail.objects.filter(kind="free_text")
    assert mails.count() == 2 and not mails.filter(registration=waiting).exists()
    deliver_outbox()
    assert {m.subject for m in mails} == {"Anreise & Parken"}
    assert all("Hintereingang" in m.body_text for m in mails)
    entry = AuditEntry.objects.get(action="events.event.participants_mailed")
    assert entry.actor == manager and "Anreise & Parken" in entry.note and "2" in entry.note


def test_mail_to_nobody_is_refused(client, manager, event):
    register_confirmed(event, 1)
    data = {"group": "waitlisted", "subject": "Hallo", "message": "Text", "send": "1"}
    response = client.post(url("participants_mail", event), data, follow=True)
    assert "keine Empfängerinnen" in response.content.decode()
    assert not OutgoingMail.objects.filter(kind="free_text").exists()


# --- queries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 100])
@pytest.mark.parametrize("who", ["superuser", "manager"])
def test_the_participants_page_runs_a_constant_number_of_queries(
    client, agency, size, who, django_assert_max_num_queries
):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=size // 2, ask_dietary_needs=True)
    for number in range(size):
        register_confirmed(event, number, dietary_needs="vegan" if number % 3 else "")
    client.force_login(SuperuserFactory() if who == "superuser" else staff_member(agency, "manager"))
    with django_assert_max_num_queries(14):
        response = client.get(url("participants", event))
    assert response.content.decode().count('name="id"') == size
