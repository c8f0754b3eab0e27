import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_a_release_to_the_municipality_and_back(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/presse/fachtag-integrierte-planung-frankfurt-2019/")
    expect(page.get_by_role("heading", name="Zugehörige Kommunen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Frankfurt am Main").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Frankfurt am Main")
    press = page.get_by_role("heading", level=2, name="Pressemitteilungen")
    expect(press).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="test-output/municipality-with-press.png", full_page=True)

    page.get_by_role("link", name="Gemeinsam planen statt nebeneinander").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeinsam planen statt nebeneinander")
