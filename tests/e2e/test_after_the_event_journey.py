"""After the event in a browser: the personal page with certificate and documentation, the public check."""

import pytest
import time_machine
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from events.registration import services
from tests.factories import MaterialFactory, RegistrationEventFactory, register_confirmed

pytestmark = pytest.mark.django_db(transaction=True)


def test_participant_finds_certificate_and_documentation_and_the_code_verifies(
    live_server, page: Page, agency, assert_accessible
):
    event = RegistrationEventFactory(agency=agency, title="Fachtag Bildungsdaten kompakt")
    erika = register_confirmed(event, 1)
    MaterialFactory(
        event=event,
        title="Folien des Fachtags",
        file=ContentFile(b"%PDF-1.4\n", name="folien.pdf"),
        participants_only=True,
    )
    with time_machine.travel(event.ends_at, tick=False):
        services.attendance_record(event=event, attended=[erika.pk])
    erika.refresh_from_db()

    page.goto(live_server.url + erika.get_absolute_url())
    expect(page.get_by_role("heading", name="Dokumentation für Teilnehmende")).to_be_visible()
    expect(page.get_by_role("link", name="Folien des Fachtags")).to_be_visible()
    expect(page.get_by_role("link", name="Teilnahmebescheinigung herunterladen (PDF)")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/bescheinigung/{erika.certificate_code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnahmebescheinigung prüfen")
    expect(page.get_by_text("Erika Beispiel 1")).to_be_visible()
    assert_accessible(page)
