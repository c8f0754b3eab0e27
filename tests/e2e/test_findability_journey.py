"""Finding things and getting through forms in a browser: search, event page order, errors, phones."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from events.models import Event
from tests.factories import ProgrammeItemFactory, RegistrationEventFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def event_with_programme(agency):
    event = RegistrationEventFactory(
        agency=agency,
        title="Fachtag Bildungsdaten im Landkreis",
        format=Event.Format.HYBRID,
        on_site_capacity=25,
        online_capacity=40,
        description="Ein Tag über kommunale Bildungsdaten, ihre Quellen und was Landkreise daraus machen.",
    )
    for hour, title in ((10, "Begrüßung"), (11, "Vortrag: Daten lesen"), (13, "Werkstätten")):
        ProgrammeItemFactory(event=event, title=title, starts_at=datetime.time(hour, 0))
    return event


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_search_from_the_header_finds_content_and_is_accessible(
    live_server, page: Page, demo_data, assert_accessible, prefix
):
    page.goto(f"{live_server.url}{prefix}/")
    field = page.locator("#suche-kopf")
    field.fill("Bildungsmonitoring")
    field.press("Enter")

    page.wait_for_url("**/suche/?q=Bildungsmonitoring")
    expect(page.locator(".search-hit").first).to_be_visible()
    assert page.title().startswith("Suche: " if not prefix else "Search: ")
    page.screenshot(path=f"test-output/search{prefix.replace('/', '-')}.png", full_page=True)
    assert_accessible(page)

    page.goto(f"{live_server.url}{prefix}/suche/?q=Xylophonkonzert")
    expect(page.locator("#keine-treffer")).to_be_visible()
    assert_accessible(page)


DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_event_page_puts_date_and_register_first_and_leads_to_the_form(
    live_server, page: Page, event_with_programme, assert_accessible, prefix
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + prefix + event_with_programme.get_absolute_url())

    register = page.get_by_role("link", name="Anmelden" if not prefix else "Register", exact=True)
    expect(register).to_be_in_viewport()
    expect(page.locator(".event-dateline time")).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Programm" if not prefix else "Programme")).to_be_visible()
    expect(page.locator("form[method=post]")).to_have_count(0)
    page.screenshot(path=f"test-output/event-page{prefix.replace('/', '-')}.png", full_page=True)
    assert_accessible(page)

    register.click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/anmeldung/{event_with_programme.slug}/")
    expect(page.locator(".registration-box form[method=post]")).to_be_visible()
    page.screenshot(path=f"test-output/registration-page{prefix.replace('/', '-')}.png", full_page=True)
    assert_accessible(page)


def test_on_a_phone_the_event_page_shows_register_on_the_first_screen(
    live_server, browser, event_with_programme
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server.url + event_with_programme.get_absolute_url())
        expect(page.get_by_role("link", name="Anmelden", exact=True)).to_be_in_viewport()
        page.screenshot(path="test-output/event-page-phone.png")
    finally:
        context.close()


def test_a_failed_registration_says_error_in_the_title_and_focuses_the_summary(
    live_server, page: Page, event_with_programme, assert_accessible
):
    page.goto(f"{live_server.url}/anmeldung/{event_with_programme.slug}/")
    page.get_by_role("button", name="Verbindlich anmelden").click()

    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Fehler: ")
    page.wait_for_function("document.activeElement && document.activeElement.matches('[data-error-summary]')")
    expect(page.locator("[data-error-summary]")).to_be_in_viewport()
    assert_accessible(page)

    # Each entry takes the keyboard to its field.
    page.locator("[data-error-summary] a", has_text="Vor- und Nachname").click()
    assert page.evaluate("document.activeElement.id") == "id_name"


def test_on_a_phone_the_first_result_shows_on_the_first_screen(live_server, browser, demo_data):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/veranstaltungen/")
        top = page.locator(".event-list article").first.bounding_box()["y"]
        assert top < PHONE["height"], top
        assert page.locator("[data-filter-details]").evaluate("details => !details.open")
        page.screenshot(path="test-output/events-phone.png")

        page.goto(live_server.url + "/kommunen/")
        first_row = page.locator(".municipality-table tbody tr").first.bounding_box()["y"]
        assert first_row < PHONE["height"], first_row
        page.screenshot(path="test-output/municipalities-phone.png")
    finally:
        context.close()


def test_filters_stand_open_on_a_wide_screen(live_server, page: Page, demo_data):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/veranstaltungen/")

    expect(page.get_by_role("button", name="Filter anwenden")).to_be_visible()


RING = """() => {
    const s = getComputedStyle(document.activeElement);
    return [s.outlineStyle, s.outlineColor, s.outlineWidth].join(" ") === "solid rgb(27, 27, 27) 3px"
        && s.boxShadow.startsWith("rgb(255, 191, 71) 0px 0px 0px 6px");
}"""


@pytest.mark.parametrize(
    "field",
    [".registration-box input.form-control", ".filter-form select.form-select", "input.form-check-input"],
)
def test_a_focused_field_shows_the_portals_ring(live_server, page: Page, event_with_programme, field):
    page.goto(
        live_server.url
        + ("/veranstaltungen/" if "filter" in field else f"/anmeldung/{event_with_programme.slug}/")
    )
    page.locator(field).first.focus()

    # Bootstrap eases the shadow in: wait for the end of its transition.
    page.wait_for_function(RING, timeout=2000)


def test_the_footer_stands_at_the_bottom_of_a_short_page(live_server, page: Page, federal_states):
    page.set_viewport_size({"width": 1280, "height": 1200})
    page.goto(live_server.url + "/suche/")

    bottom = page.locator(".site-footer").evaluate("footer => footer.getBoundingClientRect().bottom")
    assert abs(bottom - 1200) <= 1, bottom


def test_no_address_of_the_home_page_answers_404(live_server, page: Page, demo_data):
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)

    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    icon = page.request.get(live_server.url + "/favicon.ico")

    assert missing == []
    assert icon.status == 200
    for href in page.locator("link[rel~=icon], link[rel=apple-touch-icon]").evaluate_all(
        "links => links.map(link => link.href)"
    ):
        assert page.request.get(href).status == 200, href


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_whole_navigation_fits_on_one_line_on_a_laptop(live_server, page: Page, federal_states, prefix):
    for width in (992, 1100, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}{prefix}/")

        links = page.locator("#hauptnavigation .nav-link")
        expect(links.nth(2)).to_have_text("Publikationen" if not prefix else "Publications")
        tops = links.evaluate_all("links => links.map(link => Math.round(link.getBoundingClientRect().top))")
        assert len(set(tops)) == 1, (width, tops)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        page.screenshot(path=f"test-output/header-{width}{prefix.replace('/', '-')}.png")
