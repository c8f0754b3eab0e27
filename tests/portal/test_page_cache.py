"""The page cache: anonymous visitors get stored pages, never stale ones, never someone else's."""

import datetime
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from agencies.press import services as press_services
from events import services as event_services
from events.registration import exceptions as registration_exceptions
from portal import page_cache
from portal.page_cache import local_pages
from tests.factories import (
    AgencyFactory,
    EventFactory,
    PressReleaseFactory,
    RegistrationEventFactory,
    SuperuserFactory,
    TopicFactory,
    register,
    register_confirmed,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:list")
FEED_URL = reverse("events:feed")
ATOM_URL = reverse("press:feed_atom")
RSS_URL = reverse("press:feed_rss")
PRESS_URL = reverse("press:list")
# A whole half minute (epoch seconds divisible by 30): seat buckets start here.
NOW = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def agency(db):
    return AgencyFactory(slug="hessen", short_name="Hessen", states=["hessen"])


def served_from_cache(client, url, django_assert_num_queries, **headers):
    """Return the response to ``url``, asserting it came from the cache (no SQL at all)."""
    with django_assert_num_queries(0):
        return client.get(url, headers=headers)


def stored_pages() -> list[bytes]:
    return [page["content"] for _deadline, page in local_pages.entries.values()]


# --- invalidation --------------------------------------------------------------------------------------


def test_an_event_title_changed_like_the_admin_does_shows_at_once(client, agency, django_assert_num_queries):
    event = EventFactory(agency=agency, title="Fachtag Bildungsplanung")
    assert "Fachtag Bildungsplanung" in client.get(LIST_URL).content.decode()
    assert "Fachtag Bildungsplanung" in client.get(event.get_absolute_url()).content.decode()
    served_from_cache(client, LIST_URL, django_assert_num_queries)

    event.title = "Fachtag Bildungsmonitoring"
    event.save()  # what the admin's change form does

    for url in (LIST_URL, event.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Fachtag Bildungsmonitoring" in html
        assert "Fachtag Bildungsplanung" not in html


def test_a_cancelled_event_shows_as_cancelled_right_after_the_service_call(client, agency):
    event = EventFactory(agency=agency, title="Fachtag Übergänge")
    assert "Diese Veranstaltung wurde abgesagt." not in client.get(LIST_URL).content.decode()

    event_services.event_cancel(event=event, notice="Die Referentin ist erkrankt.")

    assert "Diese Veranstaltung wurde abgesagt." in client.get(LIST_URL).content.decode()
    assert "Die Referentin ist erkrankt." in client.get(event.get_absolute_url()).content.decode()


def test_a_published_and_then_withdrawn_release_appears_and_disappears_at_once(client, agency):
    release = PressReleaseFactory(agency=agency, status="draft", published_at=None, headline="Neue Kreise")
    assert "Neue Kreise" not in client.get(PRESS_URL).content.decode()
    assert "Neue Kreise" not in client.get(ATOM_URL).content.decode()

    press_services.press_release_publish(release=release)
    assert "Neue Kreise" in client.get(PRESS_URL).content.decode()
    assert "Neue Kreise" in client.get(ATOM_URL).content.decode()
    assert client.get(release.get_absolute_url()).status_code == 200

    press_services.press_release_withdraw(release=release, note="Fehlerhafte Zahlen.")
    assert "Neue Kreise" not in client.get(PRESS_URL).content.decode()
    assert "Neue Kreise" not in client.get(RSS_URL).content.decode()
    assert client.get(release.get_absolute_url()).status_code == 410


def test_a_scheduled_release_appears_at_its_time_though_nobody_saved(client, agency):
    with time_machine.travel(NOW, tick=False):
        PressReleaseFactory(
            agency=agency,
            status="scheduled",
            published_at=NOW + datetime.timedelta(minutes=5),
            headline="Später",
        )
        assert "Später" not in client.get(PRESS_URL).content.decode()
    with time_machine.travel(NOW + datetime.timedelta(minutes=6), tick=False):
        assert "Später" in client.get(PRESS_URL).content.decode()


# --- whose page -------------------------------------------------------------------------------------------


def test_no_stored_page_holds_a_csrf_token_or_a_personal_token(client, agency):
    event = RegistrationEventFactory(agency=agency)
    registration = register(event)
    client.get(event.get_absolute_url())
    registration_page = client.get(reverse("registration:register", kwargs={"slug": event.slug}))
    assert "csrfmiddlewaretoken" in registration_page.content.decode()  # the form
    client.get(registration.get_absolute_url())
    client.get(reverse("portal:feedback"))
    client.get(LIST_URL)
    client.get(reverse("portal:home"))

    pages = stored_pages()
    assert len(pages) == 3  # the event page, the list and the home page
    assert not any(b"csrfmiddlewaretoken" in page for page in pages)
    tokens = (registration.manage_token.encode(), registration.confirm_token.encode())
    assert not any(token in page for token in tokens for page in pages)


def test_an_event_page_with_open_registration_is_stored_whole_without_a_form(
    client, agency, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SEAT_SECONDS = 30
    with time_machine.travel(NOW, tick=False):
        event = RegistrationEventFactory(agency=agency, on_site_capacity=3)
        client.get(event.get_absolute_url())
        register_confirmed(event)
    with time_machine.travel(NOW + datetime.timedelta(seconds=29), tick=False):
        cached = served_from_cache(client, event.get_absolute_url(), django_assert_num_queries)
        html = cached.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert 'method="post"' not in html.lower()
        assert f'href="/anmeldung/{event.slug}/">Anmelden</a>' in html
        assert "noch 3 Plätze frei" in html  # at most PAGE_CACHE_SEAT_SECONDS old
        assert "public" in cached["Cache-Control"] and cached["ETag"]
    with time_machine.travel(NOW + datetime.timedelta(seconds=31), tick=False):
        assert "noch 2 Plätze frei" in client.get(event.get_absolute_url()).content.decode()


def test_staff_first_is_neither_stored_nor_served_to_anonymous_visitors(client, agency):
    EventFactory(agency=agency, title="Fachtag Daten")
    staff = SuperuserFactory()
    client.force_login(staff)
    staff_response = client.get(LIST_URL)
    assert "private" in staff_response["Cache-Control"]
    assert not stored_pages()

    client.logout()
    client.cookies.clear()
    anonymous = client.get(LIST_URL)
    assert "public" in anonymous["Cache-Control"]
    assert "Fachtag Daten" in anonymous.content.decode()
    assert staff.username not in anonymous.content.decode()


def test_anonymous_first_then_staff_get_a_fresh_page(client, agency, django_assert_max_num_queries):
    EventFactory(agency=agency)
    client.get(LIST_URL)
    assert stored_pages()

    client.force_login(SuperuserFactory())
    response = client.get(LIST_URL)
    assert response.context is not None  # rendered, not taken from the cache
    assert "ETag" not in response
    assert "private" in response["Cache-Control"]


def test_a_visitor_with_a_session_cookie_gets_a_fresh_page(client, agency):
    EventFactory(agency=agency)
    client.get(LIST_URL)
    client.cookies["sessionid"] = "not-a-real-session"
    assert client.get(LIST_URL).context is not None


def test_an_english_page_never_comes_from_the_german_entry(client, agency, django_assert_num_queries):
    EventFactory(agency=agency)
    german = client.get(LIST_URL).content.decode()
    assert '<html lang="de"' in german
    english = client.get("/en" + LIST_URL).content.decode()
    assert '<html lang="en"' in english
    assert "<h1>Events</h1>" in english
    assert (
        '<html lang="de"' in served_from_cache(client, LIST_URL, django_assert_num_queries).content.decode()
    )


def test_responses_vary_on_cookie_and_language(client, agency):
    EventFactory(agency=agency)
    for _round in range(2):  # rendered, then from the cache
        vary = client.get(LIST_URL)["Vary"]
        assert "Cookie" in vary
        assert "Accept-Language" in vary


def test_a_stored_page_gets_the_nonce_of_each_new_response(client, agency):
    event = EventFactory(agency=agency)  # its page carries JSON-LD with a nonce
    first = client.get(event.get_absolute_url())
    second = client.get(event.get_absolute_url())
    nonce = second["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in second.content
    assert f'nonce="{nonce}"'.encode() not in first.content


def test_switched_off_nothing_is_stored(client, agency, settings):
    settings.PAGE_CACHE_ENABLED = False
    EventFactory(agency=agency)
    client.get(LIST_URL)
    assert not stored_pages()


def test_switched_off_a_poll_of_an_unchanged_feed_is_answered_304_and_a_changed_one_anew(
    client, agency, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    release = PressReleaseFactory(agency=agency, headline="Bildungsbericht erschienen")
    first = client.get(ATOM_URL)
    with django_assert_max_num_queries(0):  # the version decides; the feed is not rendered
        assert client.get(ATOM_URL, headers={"if-none-match": first["ETag"]}).status_code == 304
    release.headline = "Bildungsbericht 2026 erschienen"
    release.save()
    changed = client.get(ATOM_URL, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "Bildungsbericht 2026 erschienen" in changed.content.decode()
    assert not stored_pages()


# --- seats ------------------------------------------------------------------------------------------------


def test_seat_counts_on_a_cached_list_are_at_most_the_set_seconds_old(client, agency, settings):
    settings.PAGE_CACHE_SEAT_SECONDS = 30
    with time_machine.travel(NOW, tick=False):
        event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
        assert "noch 1 Platz frei" in client.get(LIST_URL).content.decode()
        register_confirmed(event)
    with time_machine.travel(NOW + datetime.timedelta(seconds=29), tick=False):
        assert "noch 1 Platz frei" in client.get(LIST_URL).content.decode()  # the stored page
        # Registering counts live: the last seat is gone, whatever the cached page says.
        with pytest.raises(registration_exceptions.EventFull):
            register(event, 2, join_waitlist=False)
    with time_machine.travel(NOW + datetime.timedelta(seconds=31), tick=False):
        assert "ausgebucht" in client.get(LIST_URL).content.decode()


# --- feeds and calendars ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [FEED_URL, ATOM_URL, RSS_URL])
def test_feeds_answer_304_to_their_etag_and_change_it_with_the_content(
    client, agency, url, django_assert_num_queries
):
    EventFactory(agency=agency)
    PressReleaseFactory(agency=agency)
    first = client.get(url)
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "public" in first["Cache-Control"]

    not_modified = served_from_cache(client, url, django_assert_num_queries, if_none_match=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    EventFactory(
        agency=agency, title="Noch ein Fachtag", starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    PressReleaseFactory(agency=agency, headline="Noch eine Mitteilung")
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_calendar_of_a_filter_is_stored_apart_from_the_whole_calendar(client, agency):
    other = AgencyFactory(slug="nrw", short_name="NRW", states=["nordrhein-westfalen"])
    EventFactory(agency=agency, title="In Hessen")
    EventFactory(agency=other, title="In NRW")
    assert b"In NRW" in client.get(FEED_URL).content
    assert b"In NRW" not in client.get(FEED_URL, {"agency": "hessen"}).content


# --- fragments (logged in too) ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, PRESS_URL, reverse("publications:list")])
def test_the_unfiltered_filter_form_shows_a_new_choice_at_once(client, agency, url):
    client.force_login(SuperuserFactory())  # no page cache: only the form comes from the fragment cache
    assert "Neue Agentur" not in client.get(url).content.decode()
    AgencyFactory(slug="neu", name="Neue Agentur", short_name="Neue Agentur")
    assert "Neue Agentur" in client.get(url).content.decode()


def test_a_filtered_list_renders_its_form_with_the_chosen_values(client, agency):
    TopicFactory(slug="daten", name="Daten")
    client.get(LIST_URL)  # the unfiltered form is stored
    html = client.get(LIST_URL, {"topic": "daten"}).content.decode()
    assert '<option value="daten" selected>' in html


def test_an_import_of_many_rows_replaces_the_content_version_once(monkeypatch):
    replaced = []
    replace = page_cache._replace_version
    monkeypatch.setattr(page_cache, "_replace_version", lambda: replaced.append(1) or replace())
    with page_cache.one_bump_for_all():
        for number in range(5):
            AgencyFactory(slug=f"agentur-{number}")
    assert len(replaced) == 1


def test_data_kept_per_version_and_day_is_read_again_after_a_change_and_on_the_next_day():
    reads = []
    kept = page_cache.kept_per_version_and_day(lambda: reads.append(1) or len(reads))
    with time_machine.travel(NOW, tick=False):
        assert (kept(), kept()) == (1, 1)
        page_cache.bump_content_version()
        assert kept() == 2
    with time_machine.travel(NOW + datetime.timedelta(hours=13), tick=False):
        assert (kept(), kept()) == (2, 2)  # still the same day in Berlin (23:00)
    with time_machine.travel(NOW + datetime.timedelta(hours=14), tick=False):
        assert kept() == 3


def test_a_page_missed_by_many_at_once_is_rendered_once(rf, monkeypatch):
    renders, arrived = [], []
    first_render = page_cache._first_render

    @contextmanager
    def counted_first_render(key):
        arrived.append(key)
        with first_render(key) as first:
            yield first

    monkeypatch.setattr(page_cache, "_first_render", counted_first_render)

    def slow_view(request):
        renders.append(1)
        deadline = time.monotonic() + 5
        while len(arrived) < 4 and time.monotonic() < deadline:  # every visitor has missed the page
            time.sleep(0.01)
        return HttpResponse("Veranstaltungen")

    view = page_cache.cached_page(slow_view)
    page_cache.content_version()  # one version for all: the threads must not each start a new one

    def visit(_):
        request = rf.get("/veranstaltungen/?seite=3")
        request.user = AnonymousUser()
        return view(request).content

    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = list(pool.map(visit, range(4)))
    assert len(arrived) == 4
    assert pages == [b"Veranstaltungen"] * 4
    assert len(renders) == 1


def test_kept_data_is_kept_per_arguments_until_the_next_content_version():
    calls = []

    @page_cache.kept_per_version
    def squared(number):
        calls.append(number)
        return number * number

    assert (squared(2), squared(3), squared(2)) == (4, 9, 4)
    assert calls == [2, 3]

    page_cache.bump_content_version()
    assert squared(2) == 4
    assert calls == [2, 3, 2]
