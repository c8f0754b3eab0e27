"""How search engines, link previews and browsers find the portal: sitemap, robots.txt, canonical and
hreflang links, Open Graph, the events' structured data, the favicon."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, PressReleaseFactory, RegistrationEventFactory, register_confirmed

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = "https://transferportal.example.org"


def _section(client, name):
    response = client.get(reverse("sitemap_section", args=[name]))
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_the_sitemap_index_names_every_section(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)

    locations = [node.text for node in index.iterfind("s:sitemap/s:loc", SITEMAP)]
    for section in ("seiten", "veranstaltungen", "presse", "publikationen", "transferagenturen", "kommunen"):
        assert any(location.endswith(f"/sitemap-{section}.xml") for location in locations), section


def test_the_sitemap_lists_published_releases_in_both_languages_and_never_drafts(client):
    published = PressReleaseFactory(headline="Veröffentlicht")
    draft = PressReleaseFactory(status="draft")
    later = PressReleaseFactory(status="scheduled", published_at=timezone.now() + datetime.timedelta(days=1))

    urls = _section(client, "presse").findall("s:url", SITEMAP)

    locations = [url.find("s:loc", SITEMAP).text for url in urls]
    path = published.get_absolute_url()
    assert f"https://transferportal.example.org{path}" in locations
    assert f"https://transferportal.example.org/en{path}" in locations
    assert not [location for location in locations if draft.slug in location or later.slug in location]
    german = next(url for url in urls if url.find("s:loc", SITEMAP).text.endswith(f"org{path}"))
    alternates = {link.get("hreflang"): link.get("href") for link in german.findall("x:link", SITEMAP)}
    assert alternates == {
        "de": f"https://transferportal.example.org{path}",
        "en": f"https://transferportal.example.org/en{path}",
        "x-default": f"https://transferportal.example.org{path}",
    }


def test_the_sitemap_lists_public_events_and_not_drafts(client):
    public = EventFactory(slug="oeffentlich")
    EventFactory(slug="entwurf", status="draft")

    text = ET.tostring(_section(client, "veranstaltungen"), encoding="unicode")

    assert public.get_absolute_url() in text
    assert "entwurf" not in text


def test_robots_txt_lets_crawlers_in_but_not_into_the_admin_or_personal_pages(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in (
        "/admin/",
        "/en/admin/",
        "/anmeldung/persoenlich/",
        "/anmeldung/bestaetigen/",
        "/presse/vorschau/",
    ):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: https://transferportal.example.org/sitemap.xml" in lines


def _links(html):
    return {
        "canonical": re.findall(r'<link rel="canonical" href="([^"]+)">', html),
        "alternates": dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)),
        "og": dict(re.findall(r'<meta property="og:([a-z_]+)" content="([^"]*)">', html)),
    }


@pytest.mark.parametrize(("prefix", "locale"), [("", "de_DE"), ("/en", "en_GB")])
def test_every_page_names_its_canonical_address_and_its_languages(client, prefix, locale):
    event = EventFactory(title="Fachtag Übergänge", teaser="Ein Tag zum Übergang von der Kita in die Schule.")
    path = event.get_absolute_url()

    html = client.get(f"{prefix}{path}?page=2").content.decode()

    links = _links(html)
    assert links["canonical"] == [f"https://transferportal.example.org{prefix}{path}"]
    assert links["alternates"] == {
        "de": f"https://transferportal.example.org{path}",
        "en": f"https://transferportal.example.org/en{path}",
        "x-default": f"https://transferportal.example.org{path}",
    }
    og = links["og"]
    assert og["title"] == "Fachtag Übergänge"
    assert og["description"] == "Ein Tag zum Übergang von der Kita in die Schule."
    assert og["url"] == f"https://transferportal.example.org{prefix}{path}"
    assert og["locale"] == locale
    assert og["image"] == "https://transferportal.example.org/static/img/og-default.png"
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_a_press_release_is_an_article_for_link_previews(client):
    release = PressReleaseFactory(headline="Neue Bildungsbüros")

    og = _links(client.get(release.get_absolute_url()).content.decode())["og"]

    assert og["type"] == "article"
    assert og["title"] == "Neue Bildungsbüros"


def test_a_secret_page_names_no_canonical_address(client):
    release = PressReleaseFactory(status="draft")
    from agencies.press.services import preview_link_create

    html = client.get(reverse("press:preview", args=[preview_link_create(release=release)])).content.decode()

    assert _links(html)["canonical"] == []
    assert "og:url" not in html


def _offer(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)).get("offers")


def test_json_ld_offers_a_free_seat_while_there_is_one(client, settings):
    event = RegistrationEventFactory(on_site_capacity=2)

    offer = _offer(client, event)

    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["price"] == "0" and offer["priceCurrency"] == "EUR"
    assert offer["url"] == f"https://transferportal.example.org/anmeldung/{event.slug}/"
    assert offer["validFrom"]


def test_json_ld_says_sold_out_when_every_seat_is_taken(client):
    event = RegistrationEventFactory(on_site_capacity=1)
    register_confirmed(event)

    assert _offer(client, event)["availability"] == "https://schema.org/SoldOut"


def test_json_ld_says_pre_order_before_registration_opens(client):
    opens = timezone.now() + datetime.timedelta(days=3)
    event = RegistrationEventFactory(opens_at=opens)

    offer = _offer(client, event)

    assert offer["availability"] == "https://schema.org/PreOrder"
    assert offer["validFrom"] == timezone.localtime(opens).isoformat()


def test_json_ld_has_an_image_and_no_offer_without_registration(client):
    event = EventFactory()
    html = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)[1]
    )

    assert data["image"] == ["https://transferportal.example.org/static/img/og-default.png"]
    assert "offers" not in data


def test_the_favicon_is_served_and_every_linked_icon_exists(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file
    html = client.get(reverse("portal:home")).content.decode()
    icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/([^"]+)"', html)
    assert len(icons) == 3
    assert all(finders.find(icon) for icon in icons), icons


def test_a_missing_page_names_no_canonical_address(client):
    html = client.get("/gibt-es-nicht/").content.decode()

    assert _links(html)["canonical"] == []
    assert _links(html)["alternates"] == {}
