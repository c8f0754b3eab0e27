"""Registering online for a hybrid event in a browser: form, mail, confirmation, personal page, cancel."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import Event, Mode, Registration
from events.registration import services
from tests.factories import RegistrationEventFactory, deliver_outbox, person, register_confirmed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hybrid_event(agency):
    return RegistrationEventFactory(
        agency=agency,
        title="Fachtag Bildungsdaten hybrid",
        format=Event.Format.HYBRID,
        on_site_capacity=20,
        online_capacity=None,
        ask_dietary_needs=True,
        online_access_url="https://konferenz.example.org/raum/fachtag",
    )


def notice(page):
    """The page's status message (the autocomplete has a status region of its own)."""
    return page.locator(".messages, .alert[role=status]").first


def confirmation_path(mailoutbox):
    deliver_outbox()  # what the mail worker does a moment after the registration
    message = next(m for m in mailoutbox if "bestätigen Sie" in m.subject)
    url = re.search(r"http://\S+/anmeldung/bestaetigen/\S+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_register_online_confirm_and_cancel(
    live_server, page: Page, hybrid_event, mailoutbox, assert_accessible
):
    page.goto(live_server.url + hybrid_event.get_absolute_url())
    registration = page.get_by_role("region", name="Anmeldung")
    expect(registration.get_by_text("Vor Ort: noch 20 Plätze frei")).to_be_visible()
    assert_accessible(page)

    # The form has a page of its own: the event page leads there.
    registration.get_by_role("link", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anmeldung: {hybrid_event.title}")
    expect(
        page.get_by_role("region", name="Anmeldung").get_by_text("Vor Ort: noch 20 Plätze frei")
    ).to_be_visible()
    assert_accessible(page)

    # Sent empty: the errors are listed at the top and announced.
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Angaben.")
    expect(page.get_by_role("alert")).to_contain_text("Bitte geben Sie Ihren Namen an.")
    assert_accessible(page)

    page.get_by_label("Online").check()
    page.get_by_label("Vor- und Nachname").fill("Erika Beispiel")
    page.get_by_label("E-Mail-Adresse").fill("erika.beispiel@example.org")
    page.get_by_label("Organisation oder Dienststelle").fill("Bildungsbüro Musterkreis")
    page.get_by_label("Funktion").fill("Bildungsmonitoring")
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fast geschafft: Bitte bestätigen Sie Ihre Anmeldung"
    )
    assert_accessible(page)

    page.goto(live_server.url + confirmation_path(mailoutbox))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung bestätigen")
    assert_accessible(page)
    page.get_by_role("button", name="Anmeldung jetzt bestätigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Anmeldung")
    expect(page.locator(".registration-status")).to_have_text("Bestätigt")
    expect(page.get_by_text("Den Zugangslink zur Online-Veranstaltung erhalten Sie am")).to_be_visible()
    assert_accessible(page)
    assert Registration.objects.get().status == Registration.Status.CONFIRMED

    page.get_by_role("button", name="Anmeldung stornieren").click()
    expect(notice(page)).to_contain_text("Ihre Anmeldung ist storniert.")
    expect(page.locator(".registration-status")).to_have_text("Storniert")
    assert_accessible(page)
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_duplicate_and_overview_pages_are_accessible(
    live_server, page: Page, hybrid_event, assert_accessible
):
    page.goto(f"{live_server.url}/anmeldung/{hybrid_event.slug}/")
    page.get_by_label("Vor Ort").check()
    for label, value in [
        ("Vor- und Nachname", "Jonas Platzhalter"),
        ("E-Mail-Adresse", "jonas@example.org"),
        ("Organisation oder Dienststelle", "Stiftung Bildung"),
        ("Funktion", "Bildungsberatung"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.goto(f"{live_server.url}/anmeldung/{hybrid_event.slug}/")
    page.get_by_label("Vor Ort").check()
    page.get_by_label("Vor- und Nachname").fill("Jonas Platzhalter")
    page.get_by_label("E-Mail-Adresse").fill("jonas@example.org")
    page.get_by_label("Organisation oder Dienststelle").fill("Stiftung Bildung")
    page.get_by_label("Funktion").fill("Bildungsberatung")
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()

    expect(notice(page)).to_contain_text("besteht bereits eine Anmeldung")
    expect(page.get_by_label("Vor- und Nachname")).to_have_value("Jonas Platzhalter")
    assert_accessible(page)
    page.get_by_role("button", name="Link zu meiner Anmeldung erneut senden").click()
    expect(notice(page)).to_contain_text("erhalten Sie in wenigen Minuten eine E-Mail mit dem Link dorthin")
    assert_accessible(page)

    page.goto(f"{live_server.url}/anmeldung/meine/")
    assert_accessible(page)


def test_late_confirmation_beyond_the_municipality_limit_is_explained(
    live_server, page: Page, agency, settings, assert_accessible
):
    event = RegistrationEventFactory(agency=agency, title="Werkstatt je Kommune", max_per_municipality=1)
    hold_over = timezone.now() - timedelta(minutes=settings.REGISTRATION_MUNICIPALITY_HOLD_MINUTES + 1)
    late = services.registration_create(
        event=event,
        mode=Mode.ON_SITE,
        data=person(1, organisation="Stadt Musterhausen"),
        consent=True,
        privacy_notice_version=1,
        now=hold_over,
    )
    register_confirmed(event, 2, organisation="Stadt Musterhausen")

    page.goto(live_server.url + late.get_confirm_url())
    page.get_by_role("button", name="Anmeldung jetzt bestätigen").click()
    expect(notice(page)).to_contain_text("Ihre Anmeldung konnte nicht bestätigt werden")
    expect(page.get_by_role("button", name="Anmeldung jetzt bestätigen")).to_have_count(0)
    assert_accessible(page)
    assert Registration.objects.get(pk=late.pk).status == Registration.Status.PENDING


def test_download_own_data_and_ask_for_deletion(live_server, page: Page, hybrid_event, assert_accessible):
    registration = register_confirmed(hybrid_event, 1, dietary_needs="vegan")
    page.goto(live_server.url + registration.get_absolute_url())
    data = page.get_by_role("region", name="Ihre Daten")
    expect(data.get_by_role("link", name="Meine Daten als JSON herunterladen")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        data.get_by_role("link", name="Meine Daten als CSV herunterladen").click()
    assert "vegan" in open(download.value.path(), encoding="utf-8-sig").read()

    data.get_by_role("link", name="Löschung meiner Daten beantragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Löschung Ihrer Daten beantragen")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, Löschung beantragen").click()

    expect(notice(page)).to_contain_text("Ihr Löschantrag ist bei der Transferagentur eingegangen")
    assert registration.deletion_requests.filter(carried_out_at__isnull=True).exists()
    assert_accessible(page)


def test_privacy_page_with_the_retention_periods_is_accessible(live_server, page: Page, assert_accessible):
    page.goto(live_server.url + "/datenschutz/")
    expect(page.get_by_role("heading", name="Wie lange wir Daten zu Anmeldungen aufbewahren")).to_be_visible()
    assert_accessible(page)
