"""The main navigation: six sections that fit from a 320 px phone to a laptop, folded behind a
"Menü" disclosure where they do not fit on one line; no script involved."""

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
def test_on_a_small_phone_the_sections_fold_behind_the_menu(live_server, page: Page, prefix):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{prefix}/")
    navigation = page.get_by_role("navigation", name="Main navigation" if prefix else "Hauptnavigation")
    menu = navigation.locator("summary", has_text=MENU[prefix])

    expect(menu).to_be_visible()
    expect(navigation.get_by_role("link").first).to_be_hidden()
    assert fits(page)

    menu.focus()
    page.keyboard.press("Enter")
    expect(navigation.get_by_role("link")).to_have_text(SECTIONS[prefix])
    for link in navigation.get_by_role("link").all():
        expect(link).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"test-output/navigation-320{prefix.replace('/', '-')}.png")

    menu.click()
    expect(navigation.get_by_role("link").first).to_be_hidden()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_on_a_laptop_every_section_shows_without_a_button(live_server, page: Page, prefix):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{prefix}/")
    links = page.locator("#hauptnavigation").get_by_role("link")

    expect(page.locator(".site-nav summary")).to_be_hidden()
    expect(links).to_have_text(SECTIONS[prefix])
    for link in links.all():
        expect(link).to_be_visible()
    tops = links.evaluate_all("links => links.map(link => Math.round(link.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    assert fits(page)
