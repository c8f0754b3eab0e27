"""The press list filters, searches and pages; the detail page carries everything a journalist needs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from agencies.press.views import PAGE_SIZE
from tests.factories import AgencyFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def releases(db):
    hessen, nrw = AgencyFactory(slug="hessen"), AgencyFactory(slug="nrw")
    older = PressReleaseFactory(
        agency=hessen, headline="Fachtag in Frankfurt", published_at=datetime(2019, 11, 26, 10, tzinfo=BERLIN)
    )
    newer = PressReleaseFactory(
        agency=nrw,
        headline="Neues Heft erschienen",
        body="<p>Es geht um Bildungsberatung.</p>",
        published_at=datetime(2020, 3, 10, 10, tzinfo=BERLIN),
    )
    return {"older": older, "newer": newer, "hessen": hessen, "nrw": nrw}


def _headlines(response):
    return [release.headline for release in response.context["releases"]]


def test_list_shows_newest_first(client, releases):
    assert _headlines(client.get("/presse/")) == ["Neues Heft erschienen", "Fachtag in Frankfurt"]


def test_list_filters_by_agency_and_year(client, releases):
    assert _headlines(client.get("/presse/?agentur=hessen")) == ["Fachtag in Frankfurt"]
    assert _headlines(client.get("/presse/?jahr=2020")) == ["Neues Heft erschienen"]
    assert _headlines(client.get("/presse/?agentur=hessen&jahr=2020")) == []


def test_year_choices_come_from_the_public_releases(client, releases):
    page = client.get("/presse/").content.decode()
    assert '<option value="2019">2019</option>' in page
    assert '<option value="2020">2020</option>' in page


def test_free_text_search_looks_into_headline_and_body(client, releases):
    assert _headlines(client.get("/presse/?suche=frankfurt")) == ["Fachtag in Frankfurt"]
    assert _headlines(client.get("/presse/?suche=Bildungsberatung")) == ["Neues Heft erschienen"]
    assert _headlines(client.get("/presse/?suche=Heft+Bildungsberatung")) == ["Neues Heft erschienen"]


def test_empty_result_explains_and_offers_the_way_back(client, releases):
    page = client.get("/presse/?suche=Quantenphysik").content.decode()
    assert "Keine Pressemitteilungen gefunden" in page
    assert "Alle Pressemitteilungen anzeigen" in page


def test_nonsense_filter_values_give_a_message_not_an_error(client, releases):
    response = client.get("/presse/?agentur=atlantis&jahr=abc&page=x")
    assert response.status_code == 200
    assert "Einige Filterangaben konnten nicht verwendet werden" in response.content.decode()


def test_list_is_paginated(client, releases):
    agency = releases["hessen"]
    for _ in range(PAGE_SIZE):
        PressReleaseFactory(agency=agency)
    first, second = client.get("/presse/"), client.get("/presse/?page=2")
    assert len(first.context["releases"]) == PAGE_SIZE
    assert len(second.context["releases"]) == 2
    assert "Seite 2 von 2" in second.content.decode()


def test_detail_shows_dateline_contact_and_about_paragraphs(client, releases):
    release = releases["older"]
    page = client.get(release.get_absolute_url()).content.decode()
    assert "Offenbach a.M., 26.11.2019</time>:" in page
    assert release.press_contact.name in page
    assert release.press_contact.email in page
    assert release.agency.about in page
    assert release.agency.host_about in page
    assert 'href="/static/css/press.css"' in page


def test_list_and_agency_pages_announce_their_feeds(client, releases):
    listing = client.get("/presse/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/presse/feed/atom/"' in listing
    assert '<link rel="alternate" type="application/rss+xml" href="/presse/feed/rss/"' in listing
    agency_page = client.get("/transferagenturen/nrw/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/presse/feed/nrw/atom/"' in agency_page


def test_home_page_shows_the_newest_releases(client, releases):
    page = client.get("/").content.decode()
    assert "Aktuelle Pressemitteilungen" in page
    assert page.index("Neues Heft erschienen") < page.index("Fachtag in Frankfurt")


def test_detail_of_joint_release_names_the_other_agencies(client, releases):
    release = releases["newer"]
    release.supporting_agencies.add(releases["hessen"])
    page = client.get(release.get_absolute_url()).content.decode()
    assert "Gemeinsame Pressemitteilung von" in page
    assert releases["hessen"].short_name in page


def test_attachment_downloads_as_pdf(client, releases):
    release = releases["older"]
    attachment = release.attachments.create(title="Programm", file=ContentFile(b"%PDF-1.4\n", name="p.pdf"))
    response = client.get(f"{release.get_absolute_url()}anhang/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{release.slug}-{attachment.pk}.pdf"' in response["Content-Disposition"]
    assert attachment.file_size == 9


def test_list_entries_show_an_edit_and_a_new_supporter_at_once(client, releases, settings):
    """Entries are rendered once per content version: any save to a release or its agencies shows."""
    settings.PAGE_CACHE_ENABLED = False
    assert "Fachtag in Frankfurt" in client.get("/presse/").content.decode()

    older = releases["older"]
    older.headline = "Fachtag in Offenbach"
    older.save()
    older.supporting_agencies.add(releases["nrw"])
    html = client.get("/presse/").content.decode()
    assert "Fachtag in Offenbach" in html
    assert "Fachtag in Frankfurt" not in html
    entry = html[html.index("Fachtag in Offenbach") :]
    assert "gemeinsam mit" in entry[: entry.index("</article>")]


def test_detail_shows_a_changed_press_contact_and_agency_at_once(client, releases, settings):
    """The contact, the agency's details and the feed links are fragments kept per content version."""
    settings.PAGE_CACHE_ENABLED = False
    release = releases["older"]
    assert release.press_contact.name in client.get(release.get_absolute_url()).content.decode()
    contact = release.press_contact
    contact.name = "Erika Neu"
    contact.save()
    agency = releases["hessen"]
    agency.short_name = "TA Mittelhessen"
    agency.about = "Wir begleiten Kommunen in Mittelhessen."
    agency.save()
    html = client.get(release.get_absolute_url()).content.decode()
    assert "<strong>Erika Neu</strong>" in html
    assert "Wir begleiten Kommunen in Mittelhessen." in html
    assert "Pressemitteilungen: TA Mittelhessen (RSS)" in html
    assert '<span class="visually-hidden"> TA Mittelhessen</span>' in html
