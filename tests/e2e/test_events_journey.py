"""Browser journeys through the event pages: keyboard filtering, detail page, archive, axe on each."""

import pytest
from playwright.sync_api import Page, expect

from events.models import Event, Material
from tests.factories import MaterialFactory

pytestmark = pytest.mark.django_db(transaction=True)

HYBRID_SLUG = "fachtag-bildungslandschaft-digitale-transformation-2020"


@pytest.fixture
def film(demo_data):
    """A film hosted on YouTube for the demo's hybrid Fachtag: its box must wait for a click."""
    return MaterialFactory(
        event=Event.objects.get(slug=HYBRID_SLUG),
        kind=Material.Kind.VIDEO,
        title="Vortrag im Film",
        url="https://www.youtube.com/watch?v=abcDEF12345",
        order=9,
    )


def tab_to(page: Page, locator, limit=40):
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("could not reach the element by keyboard")


def test_filter_the_list_by_keyboard_and_open_an_event(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/veranstaltungen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Veranstaltungen")
    assert_accessible(page)

    agency = page.get_by_label("Transferagentur")
    tab_to(page, agency)
    page.keyboard.type("TransMit")
    expect(agency).to_have_value("transmit")
    format_select = page.get_by_label("Format", exact=True)
    tab_to(page, format_select)
    page.keyboard.type("Online")
    expect(format_select).to_have_value("online")
    tab_to(page, page.get_by_role("button", name="Filter anwenden"))
    page.keyboard.press("Enter")

    page.wait_for_url("**/veranstaltungen/?*agency=transmit*")
    results = page.locator(".event-list article")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Online-Austausch: Bildungsmonitoring in Landkreisen")
    expect(page.get_by_role("link", name="Format: Online – Filter entfernen")).to_be_visible()
    page.screenshot(path="test-output/events-list-filtered.png", full_page=True)
    assert_accessible(page)

    # Removing one chip keeps the other filter.
    chip = page.get_by_role("link", name="Format: Online – Filter entfernen")
    chip.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/veranstaltungen/?agency=transmit")
    expect(page.get_by_label("Format", exact=True)).to_have_value("")
    expect(page.get_by_label("Transferagentur")).to_have_value("transmit")

    link = page.get_by_role("link", name="Online-Austausch: Bildungsmonitoring in Landkreisen", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Online-Austausch: Bildungsmonitoring in Landkreisen"
    )
    expect(page.get_by_role("link", name="In meinen Kalender")).to_be_visible()
    assert_accessible(page)


def test_list_with_filter_errors_is_accessible(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/veranstaltungen/?start=32.13.2020&agency=notaslug")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Bitte prüfen Sie Ihre Angaben im Filter.")
    expect(page.get_by_label("Von")).to_have_value("32.13.2020")
    expect(page.get_by_label("Von")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path="test-output/events-list-errors.png", full_page=True)
    assert_accessible(page)
    # The error summary links to the field.
    alert.get_by_role("link", name="Von").click()
    expect(page.get_by_label("Von")).to_be_focused()


def test_empty_result_offers_a_reset(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/veranstaltungen/?q=Gibtesnicht")
    expect(
        page.get_by_text("Zu Ihrer Auswahl gibt es zurzeit keine kommenden Veranstaltungen.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Alle Filter zurücksetzen").first.click()
    expect(page.locator(".event-list article").first).to_be_visible()


def test_archive_is_accessible_and_filters_by_year(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/veranstaltungen/archiv/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Archiv")
    assert_accessible(page)
    page.get_by_label("Jahr").select_option("2019")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(
        page.get_by_role(
            "link", name="Bildung unter einem Dach – Integrierte Planung in Kommunalverwaltungen"
        )
    ).to_be_visible()
    page.screenshot(path="test-output/events-archive.png", full_page=True)
    assert_accessible(page)


def test_hybrid_event_with_materials_loads_the_film_only_after_a_click(
    live_server, page: Page, film, assert_accessible
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + f"/veranstaltungen/{HYBRID_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("#Bildungslandschaft")
    expect(page.get_by_role("heading", name="Rückblick")).to_be_visible()
    expect(page.get_by_text("Barrierefrei: nein").first).to_be_visible()
    assert page.locator("iframe").count() == 0
    assert not [url for url in requested if "youtube" in url]
    page.screenshot(path="test-output/events-detail-hybrid.png", full_page=True)
    assert_accessible(page)

    page.get_by_role("button", name="Film laden: Vortrag im Film").click()
    frame = page.locator("iframe[title='Vortrag im Film']")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/abcDEF12345")


def test_detail_page_on_a_phone(live_server, page: Page, demo_data, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/veranstaltungen/fachtagung-nrw-kommunen-lernen-voneinander/")
    facts = page.get_by_role("heading", name="Auf einen Blick")
    programme = page.get_by_role("heading", name="Programm", exact=True)
    # On a small screen the facts come before the long programme.
    assert facts.bounding_box()["y"] < programme.bounding_box()["y"]
    page.screenshot(path="test-output/events-detail-phone.png", full_page=True)
    assert_accessible(page)
