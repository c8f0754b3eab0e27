"""Attendance from a video conference's CSV export: matched people marked present, the rest reported."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event
from events.registration.forms import read_attendance_list
from events.registration.models import Registration
from portal.models import AuditEntry
from tests.factories import AgencyFactory, RegistrationEventFactory, register_confirmed, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def event(agency):
    return RegistrationEventFactory(agency=agency, format=Event.Format.ONLINE, online_capacity=None)


@pytest.fixture
def people(event):
    return [register_confirmed(event, number) for number in range(1, 5)]


def _upload(client, event, content: bytes, name="teilnehmende.csv"):
    """Upload the list as the agency's manager, right after the event (sessions end: log in then)."""
    url = reverse("admin:events_event_attendance_import", args=[event.pk])
    with time_machine.travel(event.ends_at, tick=False):
        client.force_login(staff_member(event.agency, "manager"))
        return client.post(url, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def _attended(event):
    return set(Registration.objects.filter(event=event, attended=True).values_list("email", flat=True))


def test_a_manager_marks_the_listed_people_and_sees_the_lines_without_a_match(client, agency, event, people):
    export = (
        "\ufeffName;Teilnehmer-E-Mail;Dauer (Minuten)\r\n"
        "Erika Beispiel 1;PERSON1@Example.org;95\r\n"
        "Erika Beispiel 2; person2@example.org ;80\r\n"
        "Gast;gast@example.org;12\r\n"
        "Telefon-Einwahl;;40\r\n"
    ).encode()

    response = _upload(client, event, export)

    assert response.status_code == 200
    assert _attended(event) == {"person1@example.org", "person2@example.org"}
    report = response.context["report"]
    assert report["matched"] == 2 and report["marked"] == 2
    assert report["unmatched"] == [(4, "gast@example.org")]
    assert [line for line, _text in report["without_address"]] == [5]
    html = response.content.decode()
    assert "gast@example.org" in html and "Telefon-Einwahl" in html
    entry = AuditEntry.objects.get(action="events.event.attendance_imported")
    assert entry.actor is not None and "2 erkannt" in entry.note


def test_a_comma_separated_windows_list_without_a_known_header_is_read_by_its_addresses(
    client, agency, event, people
):
    export = "Teilnehmer,Kontakt,Beitritt\nJürgen Müller,person3@example.org,10:01\n".encode("cp1252")

    response = _upload(client, event, export)

    assert response.status_code == 200
    assert _attended(event) == {"person3@example.org"}


def test_nobody_listed_is_marked_absent_and_unconfirmed_people_stay_unmarked(client, agency, event, people):
    waiting = Registration.objects.get(pk=people[3].pk)
    Registration.objects.filter(pk=waiting.pk).update(status=Registration.Status.CANCELLED)

    response = _upload(client, event, b"E-Mail\nperson4@example.org\n")

    assert response.context["report"]["unmatched"] == [(2, "person4@example.org")]
    assert Registration.objects.filter(event=event, attended__isnull=False).count() == 0


def test_a_file_without_addresses_is_refused_with_a_message(client, agency, event, people):

    response = _upload(client, event, b"Name;Dauer\nErika;90\n")

    assert "keine Spalte mit E-Mail-Adressen" in response.content.decode()
    assert _attended(event) == set()


def test_an_editor_of_the_agency_gets_404(client, agency, event):
    client.force_login(staff_member(agency, "editor"))

    response = client.get(reverse("admin:events_event_attendance_import", args=[event.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("Email\na@example.org\nB@EXAMPLE.ORG\n", ["a@example.org", "B@EXAMPLE.ORG"]),
        ("E-Mail;Name\na@example.org;A\n", ["a@example.org"]),
        ("a@example.org\nb@example.org\n", ["a@example.org", "b@example.org"]),
        ("Name\tEmail Address\nA\ta@example.org\n", ["a@example.org"]),
        (
            "Meeting-ID,Thema\n123,Fachtag\n\nName,Teilnehmer-E-Mail,Dauer\nA,a@example.org,90\n",
            ["a@example.org"],
        ),
    ],
)
def test_the_address_column_is_found_by_header_or_by_its_values(text, addresses):
    assert [address for _line, address in read_attendance_list(text).addresses] == addresses
