import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    ("/en/", "Shaping municipal education management together"),
    ("/en/veranstaltungen/fachtag-bildung-unter-einem-dach-2019/", "Bildung unter einem Dach"),
    ("/en/veranstaltungen/sprechstunde-bildungsmonitoring-1/", "Online-Sprechstunde Bildungsmonitoring"),
    ("/en/datenschutz/", "Privacy notice"),
]


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_english_page_has_no_accessibility_violations(
    live_server, page: Page, demo_data, assert_accessible, path, heading
):
    page.goto(live_server.url + path)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(
        page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Events")
    ).to_be_visible()
    assert_accessible(page)


def test_registration_form_errors_in_english_are_accessible(
    live_server, page: Page, demo_data, assert_accessible
):
    page.goto(live_server.url + "/en/veranstaltungen/sprechstunde-bildungsmonitoring-1/")
    page.get_by_role("link", name="Register", exact=True).click()

    expect(page).to_have_url(live_server.url + "/en/anmeldung/sprechstunde-bildungsmonitoring-1/")
    assert_accessible(page)
    page.get_by_label("First name and surname").fill("Erika Beispiel")
    page.get_by_role("button", name="Register (binding)").click()

    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Please check your entries.")
    expect(errors).to_contain_text("Please enter your email address.")
    expect(page.get_by_label("First name and surname")).to_have_value("Erika Beispiel")
    assert_accessible(page)


def test_switching_language_keeps_the_page(live_server, page: Page, demo_data):
    page.goto(live_server.url + "/veranstaltungen/archiv/")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/veranstaltungen/archiv/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Archive: past events")

    page.get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(live_server.url + "/veranstaltungen/archiv/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Archiv: vergangene Veranstaltungen")
