"""The portal in English under /en/: interface, headings, dates, form errors and the language switch."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from events.filters import date_example
from events.formatting import date_line
from events.models import Event
from portal.views import server_error

pytestmark = pytest.mark.django_db

PAST_EVENT = "/veranstaltungen/fachtag-bildung-unter-einem-dach-2019/"

# (German path, main heading under /en/, the same heading in German)
PAGES = [
    (
        "/",
        "Shaping municipal education management together",
        "Kommunales Bildungsmanagement gemeinsam gestalten",
    ),
    ("/transferagenturen/", "Transfer Agencies", "Transferagenturen"),
    ("/veranstaltungen/", "Events", "Veranstaltungen"),
    ("/veranstaltungen/archiv/", "Archive: past events", "Archiv: vergangene Veranstaltungen"),
    ("/presse/", "Press releases", "Pressemitteilungen"),
    ("/publikationen/", "Publications", "Publikationen"),
    ("/kommunen/", "Municipalities", "Kommunen"),
    ("/kommunen/uebersicht/", "Partner municipalities at a glance", "Partnerkommunen im Überblick"),
    ("/impressum/", "Legal notice", "Impressum"),
    ("/datenschutz/", "Privacy notice", "Datenschutzerklärung"),
    ("/barrierefreiheit/", "Accessibility statement", "Erklärung zur Barrierefreiheit"),
    ("/leichte-sprache/", "Easy-to-read German", "Leichte Sprache"),
    ("/gebaerdensprache/", "German Sign Language", "Gebärdensprache"),
    ("/barriere-melden/", "Report a barrier", "Barriere melden"),
]

ENGLISH_NAVIGATION = ["Events", "Press", "Publications", "Transfer Agencies", "Municipalities", "Search"]
GERMAN_NAVIGATION = ["Veranstaltungen", "Presse", "Publikationen", "Transferagenturen", "Kommunen", "Suche"]


def h1_of(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def nav_links(html):
    """Return the link texts of the main navigation."""
    start = html.index('id="hauptnavigation"')
    nav = html[start : html.index("</nav>", start)]
    return re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize(("path", "english", "german"), PAGES)
def test_english_page_has_english_interface_and_heading(client, demo_site, path, english, german):
    response = client.get("/en" + path)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert nav_links(html) == ENGLISH_NAVIGATION
    assert h1_of(html) == english
    assert ">Skip to content</a>" in html
    assert ">Legal notice</a>" in html and ">Accessibility</a>" in html


@pytest.mark.parametrize(("path", "english", "german"), PAGES)
def test_german_page_is_unchanged(client, demo_site, path, english, german):
    html = client.get(path).content.decode()

    assert '<html lang="de">' in html
    assert nav_links(html) == GERMAN_NAVIGATION
    assert h1_of(html) == german
    assert ">Zum Inhalt springen</a>" in html
    assert "Skip to content" not in html


def test_agency_page_in_english_keeps_the_agency_name(client, demo_site):
    html = client.get("/en/transferagenturen/hessen/").content.decode()

    assert '<html lang="en">' in html
    assert nav_links(html) == ENGLISH_NAVIGATION
    assert h1_of(html) == "Transferagentur Kommunales Bildungsmanagement Hessen"
    assert '<h2 id="ansprechpersonen-titel">Contact persons</h2>' in html
    assert '<h2 id="aufgaben-titel">Tasks</h2>' in html
    assert "<dt>Host institution</dt>" in html


def test_event_page_in_english_has_english_labels_and_dates(client, demo_site):
    html = client.get("/en" + PAST_EVENT).content.decode()

    assert '<html lang="en">' in html
    assert nav_links(html) == ENGLISH_NAVIGATION
    assert '<h2 id="auf-einen-blick" class="h5">At a glance</h2>' in html
    assert "Tuesday, 19 November 2019, 10:00–16:00</time>" in html
    assert "This event has already taken place." in html
    assert '<div class="programme-time">10:00–10:20</div>' in html
    # The title was written in German and says so, for screen readers (WCAG 3.1.2).
    assert '<h1 class="mb-2" lang="de">Bildung unter einem Dach' in html


def test_event_page_in_german_keeps_its_dates(client, demo_site):
    html = client.get(PAST_EVENT).content.decode()

    assert "Dienstag, 19.11.2019, 10:00–16:00 Uhr</time>" in html
    assert '<div class="programme-time">10:00–10:20 Uhr</div>' in html
    assert '<h1 class="mb-2">Bildung unter einem Dach' in html


def test_page_not_found_in_english(client, demo_site):
    response = client.get("/en/gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert nav_links(html) == ENGLISH_NAVIGATION
    assert h1_of(html) == "Page not found"
    assert 'href="/en/veranstaltungen/">All events</a>' in html


def test_german_content_on_english_legal_pages_is_marked_as_german(client, demo_site):
    html = client.get("/en/datenschutz/").content.decode()

    assert "The content of this page is only available in German." in html
    assert '<div class="content-body" lang="de">' in html
    german = client.get("/datenschutz/").content.decode()
    assert 'lang="de">' not in german.split("<main", 1)[1]
    assert "nur auf Deutsch" not in german


def test_form_error_appears_in_english(client, demo_site):
    response = client.post("/en/barriere-melden/", {"message": "  ", "name": "Erika Testperson"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please describe the barrier so that we can look into it." in html
    assert "Bitte beschreiben Sie" not in html
    assert 'value="Erika Testperson"' in html


def test_filter_error_appears_in_english(client, demo_site):
    html = client.get("/en/veranstaltungen/", {"start": "31.02.2020"}).content.decode()

    assert f"Please enter a valid date in the format DD.MM.YYYY, for example {date_example()}." in html
    assert 'value="31.02.2020"' in html


def test_report_confirmation_in_english_stays_on_the_english_page(client, db):
    response = client.post(
        "/en/barriere-melden/",
        {"message": "The contrast in the footer is too low.", "email": "erika@example.org"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/en/barriere-melden/"
    html = response.content.decode()
    assert "Thank you for your report. We received it on " in html
    assert re.search(r"We will reply by \d{1,2} [A-Z][a-z]+ \d{4} at the latest\.", html)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/veranstaltungen/",
        "/veranstaltungen/?topic=bildungsmonitoring&format=online",
        PAST_EVENT,
        "/presse/",
        "/publikationen/",
        "/kommunen/",
        "/datenschutz/",
        "/barriere-melden/",
    ],
)
def test_language_switch_links_to_the_same_page_in_the_other_language(client, demo_site, path):
    english = client.get("/en" + path).content.decode()
    german = client.get(path).content.decode()

    escaped = path.replace("&", "&amp;")
    assert f'<a class="nav-link" href="{escaped}" hreflang="de" lang="de">Deutsch</a>' in english
    assert f'<a class="nav-link" href="/en{escaped}" hreflang="en" lang="en">English</a>' in german


def event_at(start, end):
    return Event(starts_at=timezone.make_aware(start), ends_at=timezone.make_aware(end))


def test_date_line_in_english():
    one_day = event_at(datetime.datetime(2020, 12, 3, 10), datetime.datetime(2020, 12, 3, 16))
    two_days = event_at(datetime.datetime(2020, 12, 3, 10), datetime.datetime(2020, 12, 4, 15, 30))

    with translation.override("en"):
        assert date_line(one_day) == "Thursday, 3 December 2020, 10:00–16:00"
        assert date_line(two_days) == "Thursday, 3 December 2020, 10:00 – Friday, 4 December 2020, 15:30"
    with translation.override("de"):
        assert date_line(one_day) == "Donnerstag, 03.12.2020, 10:00–16:00 Uhr"


def test_server_error_page_in_english():
    with translation.override("en"):
        response = server_error(RequestFactory().get("/en/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in html
    assert "<h1>A technical error has occurred</h1>" in html
    assert '<a href="/en/">Go to the home page</a>' in html
    assert "not been processed" not in html
