"""The page cache's front: stored pages answered at the WSGI entrance, as gunicorn calls the portal."""

import gzip
import io
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.press import services as press_services
from portal import page_cache
from portal.page_cache.front import GZIP_MIN_BYTES, FrontPageCache, front_pages
from tests.factories import AgencyFactory, EventFactory, PressReleaseFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:list")
PRESS_URL = reverse("press:list")
ATOM_URL = reverse("press:feed_atom")
CALENDAR_URL = reverse("events:feed")


class Answer:
    def __init__(self, status: str, headers: list, body: bytes):
        self.status_code = int(status.split()[0])
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    def __getitem__(self, name):
        return self.headers[name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode()


@pytest.fixture
def portal():
    """Call the portal as gunicorn does: the front around Django's WSGI handler."""
    # As Django's test client: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django_handler = WSGIHandler()

    def counted(environ, start_response):
        get.reached_django += 1
        return django_handler(environ, start_response)

    application = FrontPageCache(counted)

    def get(path, *, cookie: str = "", host: str = "testserver", **headers) -> Answer:
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host,
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        environ.update({f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()})
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started.update(status=status, headers=response_headers)

        chunks = application(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return Answer(started["status"], started["headers"], body)

    get.reached_django = 0
    yield get
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def agency(db):
    return AgencyFactory(slug="hessen", short_name="Hessen", states=["hessen"])


def test_a_stored_page_is_answered_without_a_query_and_with_every_header_of_the_first(
    portal, agency, django_assert_num_queries
):
    EventFactory(agency=agency, title="Fachtag Bildungsplanung")
    first = portal(LIST_URL)
    with django_assert_num_queries(0):
        again = portal(LIST_URL)
    assert portal.reached_django == 1
    assert again.status_code == 200
    assert again.body == first.body
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control",
        "ETag",
    ):
        assert again[header] == first[header]
    assert again["X-Request-ID"] != first["X-Request-ID"]
    assert int(again["Content-Length"]) == len(again.body)


def test_each_answer_of_a_stored_event_page_gets_its_own_nonce(portal, agency):
    event = EventFactory(agency=agency)
    first = portal(event.get_absolute_url())
    again = portal(event.get_absolute_url())
    nonce = again["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert nonce not in first["Content-Security-Policy"]
    assert f'nonce="{nonce}"' in again.text
    assert len(again.body) == int(again["Content-Length"])


def test_a_change_in_this_process_shows_at_once(portal, agency):
    event = EventFactory(agency=agency, title="Fachtag Bildungsplanung")
    assert "Fachtag Bildungsplanung" in portal(LIST_URL).text
    event.title = "Fachtag Bildungsmonitoring"
    event.save()
    html = portal(LIST_URL).text
    assert "Fachtag Bildungsmonitoring" in html
    assert "Fachtag Bildungsplanung" not in html


def test_a_release_withdrawn_on_another_server_is_gone_after_the_set_seconds(portal, agency, settings):
    settings.PAGE_CACHE_VERSION_SECONDS = 1
    release = PressReleaseFactory(agency=agency, headline="Neue Kreise im Netzwerk")
    assert "Neue Kreise im Netzwerk" in portal(PRESS_URL).text
    version_here, expires, _read_at = page_cache._last_read

    # Another app server withdraws it: the shared cache gets a new version, this process is not told.
    press_services.press_release_withdraw(release=release)
    page_cache._last_read = (version_here, expires, time.monotonic())
    assert "Neue Kreise im Netzwerk" in portal(PRESS_URL).text  # within the second

    page_cache._last_read = (version_here, expires, time.monotonic() - 1)
    assert "Neue Kreise im Netzwerk" not in portal(PRESS_URL).text


def test_a_visitor_with_a_session_cookie_never_gets_the_stored_page(portal, agency, client):
    EventFactory(agency=agency)
    portal(LIST_URL)
    client.force_login(SuperuserFactory())
    session_cookie = f"sessionid={client.cookies['sessionid'].value}"
    staff_page = portal(LIST_URL, cookie=session_cookie)
    assert portal.reached_django == 2
    assert {"private", "no-cache"} <= {part.strip() for part in staff_page["Cache-Control"].split(",")}
    assert "ETag" not in staff_page.headers


def test_an_english_page_never_comes_from_the_german_entry(portal, agency):
    EventFactory(agency=agency)
    assert 'lang="de"' in portal(LIST_URL).text
    assert 'lang="en"' in portal(f"/en{LIST_URL}").text
    assert 'lang="de"' in portal(LIST_URL).text


def test_a_host_django_refuses_is_refused_though_the_page_is_stored(portal, agency):
    EventFactory(agency=agency)
    portal(LIST_URL)
    assert portal(LIST_URL, host="evil.example.org").status_code == 400


def test_another_query_is_another_entry(portal, agency):
    EventFactory(agency=agency, title="Fachtag Bildungsplanung")
    assert "Fachtag Bildungsplanung" in portal(LIST_URL).text
    assert "Fachtag Bildungsplanung" not in portal(f"{LIST_URL}?q=Werkstatt").text


def test_a_page_with_a_form_is_never_kept(portal, agency):
    portal("/barriere-melden/")
    again = portal("/barriere-melden/")
    assert 'name="csrfmiddlewaretoken"' in again.text
    assert "ETag" not in again.headers


@pytest.mark.parametrize("enabled", [True, False])
def test_a_poll_with_the_etag_is_answered_304_at_the_front(
    portal, agency, settings, enabled, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = enabled
    PressReleaseFactory(agency=agency, headline="Bildungsbericht erschienen")
    first = portal(ATOM_URL)
    with django_assert_num_queries(0):
        poll = portal(ATOM_URL, if_none_match=first["ETag"])
    assert portal.reached_django == 1
    assert poll.status_code == 304
    assert poll.body == b""
    assert poll["ETag"] == first["ETag"]
    if not enabled:  # nothing stored: a plain request renders the feed again
        with CaptureQueriesContext(connection) as rendering:
            assert portal(ATOM_URL).status_code == 200
        assert len(rendering) > 0


def test_a_poll_answered_by_django_leaves_the_validators_for_the_front(portal, agency):
    PressReleaseFactory(agency=agency, headline="Bildungsbericht erschienen")
    etag = portal(ATOM_URL)["ETag"]
    front_pages.clear()  # as after a worker restart: only Django's own levels still hold the feed

    assert portal(ATOM_URL, if_none_match=etag).status_code == 304
    reached = portal.reached_django
    assert portal(ATOM_URL, if_none_match=etag).status_code == 304
    assert portal.reached_django == reached
    plain = portal(ATOM_URL)
    assert plain.status_code == 200 and "Bildungsbericht erschienen" in plain.text


def test_the_search_page_is_stored_and_a_withdrawn_release_is_not_found_after(portal, agency):
    release = PressReleaseFactory(agency=agency, headline="Bildungsmonitoring im Wartburgkreis")
    assert "Bildungsmonitoring im Wartburgkreis" in portal("/suche/?q=Wartburgkreis").text
    reached = portal.reached_django
    portal("/suche/?q=Wartburgkreis")
    assert portal.reached_django == reached
    press_services.press_release_withdraw(release=release)
    assert "Bildungsmonitoring im Wartburgkreis" not in portal("/suche/?q=Wartburgkreis").text


def test_a_large_calendar_goes_gzipped_to_clients_that_accept_it_and_plain_to_others(portal, agency):
    for number in range(80):  # enough entries for a body above GZIP_MIN_BYTES
        EventFactory(agency=agency, title=f"Online-Austausch Bildungsmonitoring {number}")
    first = portal(CALENDAR_URL, accept_encoding="gzip, deflate, br")
    assert first["Content-Type"].startswith("text/calendar")
    assert "Accept-Encoding" in first["Vary"]
    assert len(first.body) >= GZIP_MIN_BYTES

    packed = portal(CALENDAR_URL, accept_encoding="gzip, deflate, br")
    assert portal.reached_django == 1
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.body) == first.body
    assert int(packed["Content-Length"]) == len(packed.body) < len(first.body) / 3
    assert packed["ETag"] == f"W/{first['ETag']}"
    assert portal(CALENDAR_URL, if_none_match=packed["ETag"]).status_code == 304

    for refusing in ("", "identity", "gzip;q=0", "br"):
        plain = portal(CALENDAR_URL, accept_encoding=refusing)
        assert "content-encoding" not in plain.headers and plain.body == first.body
        assert "Accept-Encoding" in plain["Vary"]


def test_a_page_with_a_nonce_is_never_gzipped(portal, agency):
    event = EventFactory(agency=agency, description="Ein langer Text. " * 2000)
    portal(event.get_absolute_url())
    again = portal(event.get_absolute_url(), accept_encoding="gzip")
    assert "content-encoding" not in again.headers
    assert "'nonce-" in again["Content-Security-Policy"]
