"""What a public page makes the browser fetch before it works: its stylesheets and scripts, gzip
compressed as whitenoise serves them, stay within 45 KB of CSS and 20 KB of JavaScript. Fonts are
not counted; they load with ``font-display: swap`` and never hold back the text."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

from tests.portal.test_site_audit import HTML, ROWS, _get, _row_id

pytestmark = pytest.mark.django_db

CSS_BUDGET = 45 * 1024
JS_BUDGET = 20 * 1024
PAGES = [row for row in ROWS if row[4] == HTML and row[3] == 200]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def _static_file(address):
    path = finders.find(address.split("?")[0].removeprefix("/static/"))
    assert path, f"{address} is not a static file"
    with open(path, "rb") as file:
        return file.read()


def _css_bytes(address):
    """Return the stylesheet's text and that of every stylesheet it imports."""
    text = _static_file(address)
    for imported in re.findall(rb"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text):
        text += _css_bytes(imported.decode())
    return text


def transferred(files):
    return sum(len(gzip.compress(content)) for content in files)


@pytest.fixture
def site(client, demo_site):
    return client


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("row", PAGES, ids=[_row_id(row) for row in PAGES])
def test_page_loads_little_css_and_javascript(site, row, language):
    url, response = _get(site, row, language)
    assets = _Assets()
    assets.feed(response.content.decode())

    css = transferred(_css_bytes(address) for address in dict.fromkeys(assets.stylesheets))
    js = transferred(_static_file(address) for address in dict.fromkeys(assets.scripts))

    assert assets.stylesheets, url
    assert css <= CSS_BUDGET, f"{url}: {css} bytes of CSS ({assets.stylesheets})"
    assert js <= JS_BUDGET, f"{url}: {js} bytes of JavaScript ({assets.scripts})"


def test_the_budget_counts_imported_stylesheets(tmp_path, settings):
    (tmp_path / "a.css").write_text('@import "b.css";\nbody { color: red; }')
    (tmp_path / "b.css").write_text("p { margin: 0; }")
    settings.STATICFILES_DIRS = [tmp_path]

    assert b"p { margin: 0; }" in _css_bytes("/static/a.css")
