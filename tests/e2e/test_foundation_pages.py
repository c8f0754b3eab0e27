import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    ("/", "Kommunales Bildungsmanagement gemeinsam gestalten"),
    ("/transferagenturen/", "Transferagenturen"),
    (
        "/transferagenturen/transmit/",
        "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement – TransMit",
    ),
    ("/impressum/", "Impressum"),
    ("/datenschutz/", "Datenschutzerklärung"),
    ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    ("/leichte-sprache/", "Leichte Sprache"),
    ("/gebaerdensprache/", "Gebärdensprache"),
    ("/barriere-melden/", "Barriere melden"),
    ("/gibt-es-nicht/", "Seite nicht gefunden"),
]


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_page_has_no_accessibility_violations(
    live_server, page: Page, demo_data, assert_accessible, path, heading
):
    page.goto(live_server.url + path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/transferagenturen/hessen/", "/impressum/", "/barriere-melden/"])
def test_page_on_a_phone_has_no_accessibility_violations(
    live_server, page: Page, demo_data, assert_accessible, path
):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + path)

    expect(page.locator(".site-nav summary", has_text="Menü")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "page is wider than the phone"
    assert_accessible(page)


def test_skip_link_moves_keyboard_focus_to_the_content(live_server, page: Page, demo_data):
    page.goto(live_server.url + "/transferagenturen/nrw/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main#inhalt")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Startseite")).to_be_focused()


def test_barrier_report_with_errors_then_sent(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/datenschutz/")
    page.get_by_role("link", name="Barriere melden").click()
    expect(page.get_by_label("Auf welcher Seite? (freiwillig)")).to_have_value("/datenschutz/")

    page.get_by_label("Ihr Name (freiwillig)").fill("Erika Testperson")
    page.get_by_role("button", name="Meldung absenden").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Bitte beschreiben Sie die Barriere")
    expect(page.get_by_label("Ihr Name (freiwillig)")).to_have_value("Erika Testperson")
    assert_accessible(page)

    alert.get_by_role("link").click()
    expect(page.get_by_label("Welche Barriere ist Ihnen begegnet?")).to_be_focused()
    page.keyboard.type("Die Tabelle im Abschnitt Rechte hat keine Überschriften.")
    page.get_by_role("button", name="Meldung absenden").click()

    expect(page.get_by_role("status")).to_contain_text("Vielen Dank für Ihre Meldung.")
    assert_accessible(page)


def test_server_error_page_has_no_accessibility_violations(page: Page, assert_accessible):
    from django.test import RequestFactory

    from portal.views import server_error

    page.set_content(server_error(RequestFactory().get("/")).content.decode())

    expect(page.get_by_role("heading", level=1)).to_have_text("Ein technischer Fehler ist aufgetreten")
    assert_accessible(page)


def test_database_unavailable_page_has_no_accessibility_violations(page: Page, assert_accessible):
    from portal.middleware import database_unavailable_response

    page.set_content(database_unavailable_response().content.decode())

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Das Transferportal ist gerade nicht erreichbar")
    assert_accessible(page)
