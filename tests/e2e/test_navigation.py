"""The main navigation: six sections that fit from a 320 px phone to a laptop, folded behind a
"Menü" button where they do not fit on one line."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = {
    "": ["Veranstaltungen", "Presse", "Publikationen", "Transferagenturen", "Kommunen", "Suche"],
    "/en": ["Events", "Press", "Publications", "Transfer Agencies", "Municipalities", "Search"],
}
MENU = {"": "Menü", "/en": "Menu"}


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_on_a_small_phone_the_sections_fold_behind_the_menu_button(live_server, page: Page, prefix):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{prefix}/")
    navigation = page.locator("#hauptnavigation")
    menu = page.get_by_role("button", name=MENU[prefix])

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    assert fits(page)

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link")).to_have_text(SECTIONS[prefix])
    for link in navigation.get_by_role("link").all():
        expect(link).to_be_in_viewport()
    assert fits(page)
    page.screenshot(path=f"test-output/navigation-320{prefix.replace('/', '-')}.png")

    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(menu).to_be_focused()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_on_a_laptop_every_section_shows_without_a_button(live_server, page: Page, prefix):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{prefix}/")
    links = page.locator("#hauptnavigation").get_by_role("link")

    expect(page.get_by_role("button", name=MENU[prefix])).to_be_hidden()
    expect(links).to_have_text(SECTIONS[prefix])
    tops = links.evaluate_all("links => links.map(link => Math.round(link.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    assert fits(page)


def test_without_javascript_the_sections_stay_listed(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/")

    expect(page.locator("#hauptnavigation").get_by_role("link")).to_have_text(SECTIONS[""])
    expect(page.locator("[data-nav-toggle]")).to_be_hidden()
    context.close()
