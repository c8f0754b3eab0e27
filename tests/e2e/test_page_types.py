"""Every page type of the site audit's table, in German and English, on a laptop (1280 px) and a
phone (390 px): no axe violations, nothing wider than the window, and a screenshot of each under
test-output/pages/ to look at. The demo data is loaded once per width, the browser shared."""

import re

import pytest
from playwright.sync_api import Page

from tests.portal.test_site_audit import HTML, ROWS, _row_id

pytestmark = pytest.mark.django_db(transaction=True)


def _one_row_per_page_type():
    rows, seen = [], set()
    for row in ROWS:
        name, _variant, _build, status, kind = row
        if kind == HTML and (status == 200 or not name) and name not in seen:
            seen.add(name)
            rows.append(row)
    return rows


PAGE_TYPES = _one_row_per_page_type()


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_is_accessible_in_both_languages(
    live_server, page: Page, demo_data, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
    problems = []
    for row in PAGE_TYPES:
        path = row[2]()
        for language in ("de", "en"):
            url = path if language == "de" else f"/en{path}"
            response = page.goto(live_server.url + url)
            if response.status != row[3]:
                problems.append(f"{url}: status {response.status}")
                continue
            name = re.sub(r"\W+", "-", _row_id(row)).strip("-") or "404"
            page.screenshot(path=f"test-output/pages/{width}/{language}-{name}.png", full_page=True)
            if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
                problems.append(f"{url}: wider than {width} px")
            try:
                assert_accessible(page)
            except AssertionError as violations:
                problems.append(f"{url}:\n{violations}")
    assert not problems, "\n".join(problems)
