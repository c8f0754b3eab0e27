"""Atom and RSS feeds parse as XML and carry title, link, date, summary and author per entry."""

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import DRAFT, AgencyFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def releases(db):
    hessen, nrw = AgencyFactory(slug="hessen"), AgencyFactory(slug="nrw")
    own = PressReleaseFactory(
        agency=hessen,
        headline="Fachtag in Frankfurt",
        teaser="Rund 60 Teilnehmende.",
        published_at=datetime(2019, 11, 26, 10, tzinfo=BERLIN),
    )
    joint = PressReleaseFactory(
        agency=nrw, headline="Gemeinsames Portal", published_at=datetime(2020, 10, 1, 9, tzinfo=BERLIN)
    )
    joint.supporting_agencies.add(hessen)
    PressReleaseFactory(agency=hessen, status=DRAFT, headline="Geheimer Entwurf")
    return {"own": own, "joint": joint}


def _get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, ET.fromstring(response.content)


def test_atom_feed_entries_carry_title_link_date_summary_and_author(client, releases):
    response, root = _get_xml(client, "/presse/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Gemeinsames Portal",
        "Fachtag in Frankfurt",
    ]
    entry = entries[1]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{releases['own'].get_absolute_url()}"
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == releases["own"].published_at
    assert entry.findtext(f"{ATOM}summary") == "Rund 60 Teilnehmende."
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == releases["own"].agency.name
    assert entry.findtext(f"{ATOM}id")


def test_rss_feed_items_carry_title_link_date_summary_and_author(client, releases):
    response, root = _get_xml(client, "/presse/feed/rss/")

    assert response["Content-Type"].startswith("application/rss+xml")
    items = root.find("channel").findall("item")
    assert [item.findtext("title") for item in items] == ["Gemeinsames Portal", "Fachtag in Frankfurt"]
    item = items[1]
    assert item.findtext("link") == f"http://testserver{releases['own'].get_absolute_url()}"
    assert parsedate_to_datetime(item.findtext("pubDate")) == releases["own"].published_at
    assert item.findtext("description") == "Rund 60 Teilnehmende."
    assert item.findtext(f"{DC}creator") == releases["own"].agency.name


def test_agency_feed_holds_own_and_joint_releases_only(client, releases):
    _, root = _get_xml(client, "/presse/feed/hessen/atom/")
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["Gemeinsames Portal", "Fachtag in Frankfurt"]

    _, root = _get_xml(client, "/presse/feed/nrw/rss/")
    assert [item.findtext("title") for item in root.find("channel").findall("item")] == ["Gemeinsames Portal"]


def test_feed_of_unknown_agency_answers_404(client, releases):
    assert client.get("/presse/feed/atlantis/atom/").status_code == 404


SCRIPT_TEASER = 'Rund 60 Teilnehmende. <script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("url", ["/presse/feed/atom/", "/presse/feed/hessen/atom/"])
def test_atom_summary_is_declared_text_so_markup_in_a_teaser_stays_text(client, url):
    PressReleaseFactory(agency=AgencyFactory(slug="hessen"), teaser=SCRIPT_TEASER)

    response, root = _get_xml(client, url)

    summary = root.find(f"{ATOM}entry").find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == SCRIPT_TEASER
    assert b"<script" not in response.content


@pytest.mark.parametrize("url", ["/presse/feed/rss/", "/presse/feed/hessen/rss/"])
def test_rss_description_carries_a_teaser_with_markup_escaped(client, url):
    PressReleaseFactory(agency=AgencyFactory(slug="hessen"), teaser=SCRIPT_TEASER)

    response, root = _get_xml(client, url)

    # The reader decodes the XML once and renders the rest as HTML: what it renders is text.
    description = root.find("channel").find("item").findtext("description")
    assert description == (
        "Rund 60 Teilnehmende. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        "&lt;img src=x onerror=alert(1)&gt;"
    )
    assert b"<script" not in response.content
    assert b"&amp;lt;script&amp;gt;" in response.content
