from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from municipalities.services import import_gv100ad

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).parent.parent / "municipalities" / "data" / "gv100ad_sample.txt"
SHOTS = Path("test-output")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}


def show_filters(page):
    """Unfold the filters where the page folds them (on phones)."""
    details = page.locator("[data-filter-details]")
    if not details.evaluate("details => details.open"):
        details.locator("summary").click()


def screenshot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"municipalities-{name}.png", full_page=True)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_directory_filtered_and_empty_are_accessible(
    live_server, page: Page, demo_data, assert_accessible, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(live_server.url + "/kommunen/")
    expect(page.get_by_role("heading", level=1, name="Kommunen")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="gefunden")).to_have_text("401 Kommunen gefunden")
    assert_accessible(page)
    screenshot(page, f"directory-{viewport}")

    show_filters(page)
    page.get_by_label("Bundesland").select_option(label="Thüringen")
    page.get_by_label("Art", exact=True).select_option(label="Landkreis")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.get_by_role("status").filter(has_text="gefunden")).to_have_text("17 Kommunen gefunden")
    expect(page.get_by_role("link", name="Bundesland: Thüringen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"directory-filtered-{viewport}")

    show_filters(page)
    page.get_by_label("Einwohner ab").fill("viele")
    page.get_by_label("Name oder Gemeindeschlüssel").fill("Atlantis")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.get_by_text("Keine Kommune passt zu diesen Filtern.")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Bitte eine ganze Zahl eingeben.")
    expect(page.get_by_label("Einwohner ab")).to_have_value("viele")
    assert_accessible(page)
    screenshot(page, f"directory-empty-{viewport}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_profiles_and_overview_are_accessible(
    live_server, page: Page, demo_data, assert_accessible, viewport
):
    import_gv100ad(path=SAMPLE)
    page.set_viewport_size(VIEWPORTS[viewport])

    page.goto(live_server.url + "/kommunen/14729/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Landkreis Leipzig")
    expect(page.get_by_role("heading", name="Partnerschaften mit den Transferagenturen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"profile-{viewport}")

    page.goto(live_server.url + "/kommunen/16071/")
    page.get_by_role("link", name="Apolda, Stadt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apolda, Stadt")
    expect(page.get_by_role("link", name="Landkreis Weimarer Land").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"profile-gemeinde-{viewport}")

    page.goto(live_server.url + "/kommunen/uebersicht/")
    expect(page.get_by_role("img", name="Partnerkommunen der TransMit je Bundesland")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Sachsen-Anhalt")
    assert_accessible(page)
    screenshot(page, f"overview-{viewport}")

    page.goto(live_server.url + "/transferagenturen/transmit/")
    expect(page.get_by_role("heading", name="Partnerkommunen", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"agency-partners-{viewport}")


def test_autocomplete_works_with_the_keyboard_alone(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/kommunen/")
    combobox = page.get_by_role("combobox", name="Name oder Gemeindeschlüssel")

    combobox.focus()
    page.keyboard.type("Leip")
    listbox = page.get_by_role("listbox", name="Vorschläge")
    expect(listbox).to_be_visible()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="Vorschläge")).to_have_text(
        "2 Vorschläge. Mit Pfeil nach unten auswählen."
    )
    assert_accessible(page)

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")  # opens the list again on the first suggestion
    page.keyboard.press("ArrowDown")
    expect(listbox.get_by_role("option", name="Leipzig, Stadt")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(combobox).to_have_value("Leipzig, Stadt (14713)")
    expect(listbox).to_be_hidden()

    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="gefunden")).to_have_text("1 Kommune gefunden")
    page.get_by_role("link", name="Leipzig, Stadt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leipzig, Stadt")


def test_directory_search_works_without_javascript(live_server, browser, demo_data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/kommunen/")
    field = page.get_by_label("Name oder Gemeindeschlüssel")
    field.fill("Halle")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.get_by_text("1 Kommune gefunden")).to_be_visible()
    context.close()
