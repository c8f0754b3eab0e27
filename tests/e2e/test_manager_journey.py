"""An agency's manager in the admin: event → participants → approve → move from the waiting list →
sign-in sheet as Excel → mail to the confirmed participants."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from events.models import Registration, RegistrationOptions
from events.registration.models import OutgoingMail
from tests.factories import RegistrationEventFactory, deliver_outbox, register_confirmed, staff_member

pytestmark = pytest.mark.django_db(transaction=True)
S = Registration.Status


@pytest.fixture
def event_with_people(agency):
    event = RegistrationEventFactory(
        agency=agency, title="Fachtag Bildungsmonitoring kompakt", on_site_capacity=2, requires_approval=True
    )
    register_confirmed(event, 1, name="Clara Freigabe")
    register_confirmed(event, 2, name="David Freigabe")
    register_confirmed(event, 3, name="Ida Warteliste")
    # One more seat, added without the automatic promotion: the manager decides who gets it.
    RegistrationOptions.objects.filter(event=event).update(on_site_capacity=3)
    return event


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("geheim-123")
    page.locator("input[type=submit], button[type=submit]").first.click()


def test_manager_works_through_the_participants(
    live_server, page: Page, agency, event_with_people, assert_accessible, tmp_path
):
    event = event_with_people
    manager = staff_member(agency, "manager")
    log_in(page, live_server, manager)

    # The start page after logging in: the event with its fill level, then on to it.
    page.goto(live_server.url + reverse("admin:index"))
    expect(page.get_by_role("heading", name="Ihre nächsten Veranstaltungen")).to_be_visible()
    expect(page.get_by_role("table", name="Bevorstehende Veranstaltungen mit Belegung")).to_contain_text(
        event.title
    )
    expect(page.get_by_role("heading", name="Anmeldungen je Woche (letzte acht Wochen)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("table", name="Bevorstehende Veranstaltungen mit Belegung").get_by_role(
        "link", name=event.title
    ).first.click()
    page.get_by_role("link", name="Teilnehmende ansehen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilnehmende")
    expect(page.get_by_role("row", name="Ida Warteliste")).to_contain_text("Auf der Warteliste")
    assert_accessible(page)

    # Approve one.
    page.get_by_label("Clara Freigabe auswählen").check()
    page.get_by_label("Aktion").select_option("approve")
    page.get_by_role("button", name="Ausführen").click()
    expect(page.locator(".messagelist")).to_contain_text("Freigegeben: Clara Freigabe")
    assert_accessible(page)

    # Move one from the waiting list into the free seat.
    page.get_by_label("Ida Warteliste auswählen").check()
    page.get_by_label("Aktion").select_option("move")
    page.get_by_role("button", name="Ausführen").click()
    expect(page.locator(".messagelist")).to_contain_text("Von der Warteliste nachgerückt: Ida Warteliste")
    assert Registration.objects.get(name="Ida Warteliste").status == S.CONFIRMED

    # The sign-in sheet of the confirmed participants as Excel.
    page.get_by_label("Status").select_option("confirmed")
    page.get_by_role("button", name="Filtern").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Unterschriftenliste als Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    names = [row[0] for row in load_workbook(target).active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Clara Freigabe", "Ida Warteliste"]

    # A mail to the confirmed participants: preview, then send.
    page.get_by_role("link", name="E-Mail an Teilnehmende schreiben").click()
    page.get_by_label("Bestätigte Teilnehmende").check()
    page.get_by_label("Betreff").fill("Anreise zum Fachtag")
    page.get_by_label("Text").fill("Bitte nutzen Sie den Eingang an der Lindenallee.")
    page.get_by_role("button", name="Vorschau ansehen").click()
    expect(page.get_by_role("region", name="Vorschau")).to_contain_text("Die E-Mail geht an 2 Personen.")
    assert_accessible(page)
    page.get_by_role("button", name="Jetzt senden").click()
    expect(page.locator(".messagelist")).to_contain_text("Die E-Mail geht an 2 Personen.")
    deliver_outbox()  # the worker writes and sends them
    mails = OutgoingMail.objects.filter(kind="free_text", subject="Anreise zum Fachtag")
    assert sorted(m.registration.name for m in mails) == ["Clara Freigabe", "Ida Warteliste"]
