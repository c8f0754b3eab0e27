"""The admin's own scripts (autocomplete, date pickers, inlines, filters) work under the portal's
Content-Security-Policy, which the admin shares unrelaxed: any refusal fails the journey
(see ``_no_security_header_complaints`` in conftest.py)."""

import pytest
from playwright.sync_api import Page, expect

from events.models import Event
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_editing_forms_with_autocomplete_calendar_and_inlines(live_server, page: Page, demo_data):
    user = SuperuserFactory(username="policy-admin")
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("geheim-123")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/admin/")

    event = Event.objects.exclude(venue=None).first()
    page.goto(live_server.url + f"/admin/events/event/{event.pk}/change/")
    page.locator(".select2-selection").first.click()  # the venue autocomplete
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator(".datetimeshortcuts a").first.click()  # "Heute" next to a date field
    page.locator("#materials-group .add-row a").click()  # a new material row

    page.goto(live_server.url + "/admin/agencies/pressrelease/add/")
    expect(page.locator(".select2-container")).not_to_have_count(0)  # set up by the admin's script
    page.goto(live_server.url + "/admin/events/event/?status__exact=published")
    page.locator("#changelist-filter").first.wait_for()
    page.locator("#action-toggle").check()
