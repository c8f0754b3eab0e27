"""Staff who mistype their password too often see the lockout page in the admin's frame: readable,
accessible, and saying how long to wait."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_too_many_wrong_passwords_lead_to_an_accessible_lockout_page(
    page: Page, live_server, settings, assert_accessible
):
    settings.AXES_ENABLED = True  # off for the rest of the suite (portal/settings/test.py)
    settings.AXES_FAILURE_LIMIT = 3
    SuperuserFactory(username="chefin")

    for _ in range(3):
        page.goto(live_server.url + reverse("admin:login"))
        page.locator("#id_username").fill("chefin")
        page.locator("#id_password").fill("falsch")
        page.locator("input[type=submit]").click()

    expect(page.get_by_role("heading", name="Anmeldung vorübergehend gesperrt")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Nach 3 fehlgeschlagenen Anmeldungen")
    expect(page.locator("#content-main")).to_contain_text("Bitte warten Sie 15 Minuten")
    assert_accessible(page)
