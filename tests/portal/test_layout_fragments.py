"""The layout's header and footer are rendered once per language and content version with holes for
what each page varies: every page must still get its own language link, search words, current
section and barrier report link. Parts of pages marked ``{% fragment %}`` are kept the same way."""

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.page_cache import bump_content_version
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request renders its layout


def current_sections(html: str) -> list[str]:
    navigation = html.split('id="hauptnavigation"')[1].split("</ul>")[0]
    return [
        item.split(">")[1].split("<")[0] for item in navigation.split("<a ")[1:] if "aria-current" in item
    ]


def test_each_page_gets_its_own_language_link_and_report_link(client):
    AgencyFactory(slug="hessen", short_name="Hessen", states=["hessen"])
    for path in ("/transferagenturen/", "/transferagenturen/hessen/", "/presse/"):
        html = client.get(path).content.decode()
        assert f'<a class="nav-link" href="/en{path}" hreflang="en" lang="en">English</a>' in html
        assert f'href="/barriere-melden/?seite={path}"' in html


def test_the_navigation_marks_the_section_of_each_page(client):
    assert current_sections(client.get("/veranstaltungen/").content.decode()) == ["Veranstaltungen"]
    assert current_sections(client.get("/presse/").content.decode()) == ["Presse"]
    assert current_sections(client.get("/impressum/").content.decode()) == []
    assert current_sections(client.get("/en/presse/").content.decode()) == ["Press"]


def test_the_search_words_come_back_escaped_and_only_on_their_page(client):
    html = client.get("/suche/", {"q": 'Bildung <b>"fett"</b>'}).content.decode()
    assert 'value="Bildung &lt;b&gt;&quot;fett&quot;&lt;/b&gt;"' in html
    assert "<b>" not in html.split("</header>")[0]
    assert (
        'name="q" maxlength="200" placeholder="Suchbegriff" value=""'
        in client.get("/presse/").content.decode()
    )
    assert "\x00" not in html


def test_the_english_layout_is_english(client):
    client.get("/veranstaltungen/")  # the German header is stored first
    html = client.get("/en/veranstaltungen/").content.decode()
    assert "Skip to content" in html and "Zum Inhalt springen" not in html
    assert '<a class="nav-link" href="/veranstaltungen/" hreflang="de" lang="de">Deutsch</a>' in html


def test_a_fragment_is_rendered_once_per_language_content_version_and_key():
    template = Template(
        '{% load i18n portal_tags %}{% fragment "test" part %}{% translate "Presse" %} {{ text }}'
        "{% endfragment %}"
    )

    def render(**context):
        return template.render(Context(context))

    assert render(part=1, text="eins") == "Presse eins"
    assert render(part=1, text="zwei") == "Presse eins"  # kept: only content and the key count
    assert render(part=2, text="zwei") == "Presse zwei"
    with translation.override("en"):
        assert render(part=1, text="drei") == "Press drei"
    bump_content_version()
    assert render(part=1, text="vier") == "Presse vier"


def test_the_home_page_shows_a_renamed_agency_at_once(client):
    agency = AgencyFactory(slug="hessen", name="Transferagentur Hessen", states=["hessen"])
    assert "Transferagentur Hessen" in client.get("/").content.decode()
    agency.name = "Transferagentur Mittelhessen"
    agency.save()
    assert "Transferagentur Mittelhessen" in client.get("/").content.decode()
