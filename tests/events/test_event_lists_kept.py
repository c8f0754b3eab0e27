"""The event list and the archive keep which events they show, and the rows of the page shown, per
content version (events/selectors.py ``_kept_page``): a change of content, an event that ends and a
seat taken still show on the next visit, with the page cache off (as the benchmark measures) and on."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import RegistrationEventFactory, in_days, register_confirmed

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:list")
ARCHIVE_URL = reverse("events:archive")
FILTERED_URL = LIST_URL + "?agency=hessen&format=praesenz"


@pytest.fixture(params=[False, True], ids=["page cache off", "page cache on"])
def page_cache(request, settings):
    settings.PAGE_CACHE_ENABLED = request.param


def titles(client, url):
    return [event.title for event in client.get(url).context["events"]]


def test_published_renamed_and_unpublished_events_show_on_the_next_visit(client, make_event, page_cache):
    first = make_event(title="Fachtag Monitoring", starts_at=in_days(3), format=Event.Format.ON_SITE)
    draft = make_event(
        title="Werkstatt Daten", starts_at=in_days(4), format=Event.Format.ON_SITE, status=Event.Status.DRAFT
    )
    for url in (LIST_URL, FILTERED_URL):
        assert titles(client, url) == ["Fachtag Monitoring"]

    draft.status = Event.Status.PUBLISHED
    draft.save()
    first.title = "Fachtag Bildungsmonitoring"
    first.save()
    for url in (LIST_URL, FILTERED_URL):
        assert titles(client, url) == ["Fachtag Bildungsmonitoring", "Werkstatt Daten"]
        assert "2 Veranstaltungen" in client.get(url).content.decode()

    first.status = Event.Status.DRAFT
    first.save()
    for url in (LIST_URL, FILTERED_URL):
        assert titles(client, url) == ["Werkstatt Daten"]


def test_an_event_on_a_later_page_is_renamed_there_too(client, make_event, page_cache):
    events = [
        make_event(title=f"Austausch {number:02}", starts_at=in_days(number + 1)) for number in range(12)
    ]
    assert titles(client, LIST_URL + "?page=2") == ["Austausch 10", "Austausch 11"]
    events[11].title = "Austausch zum Abschluss"
    events[11].save()
    assert titles(client, LIST_URL + "?page=2") == ["Austausch 10", "Austausch zum Abschluss"]


def test_an_event_that_ends_leaves_the_list_for_the_archive(client, make_event, page_cache):
    now = timezone.now().replace(microsecond=0)
    make_event(
        title="Online-Austausch am Vormittag",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    make_event(title="Fachtag im Frühjahr", starts_at=now + datetime.timedelta(days=30))
    with time_machine.travel(now, tick=False):
        assert titles(client, LIST_URL) == ["Online-Austausch am Vormittag", "Fachtag im Frühjahr"]
        assert titles(client, ARCHIVE_URL) == []
    with time_machine.travel(now + datetime.timedelta(hours=2), tick=False):
        assert titles(client, LIST_URL) == ["Fachtag im Frühjahr"]
        assert titles(client, ARCHIVE_URL) == ["Online-Austausch am Vormittag"]


def test_the_free_seats_filter_drops_an_event_once_it_is_booked_up(client, hessen, settings):
    """Registrations change no content: the "free seats" filter is worked out on every visit."""
    settings.PAGE_CACHE_ENABLED = False
    event = RegistrationEventFactory(agency=hessen, title="Fachtag Monitoring", on_site_capacity=1)
    url = LIST_URL + "?free=on"
    assert titles(client, url) == ["Fachtag Monitoring"]
    register_confirmed(event)
    assert titles(client, url) == []
    assert titles(client, LIST_URL) == ["Fachtag Monitoring"]


def test_an_invalid_filter_still_says_so_after_a_valid_one(client, make_event, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_event(title="Fachtag Monitoring", starts_at=in_days(3))
    assert titles(client, LIST_URL + "?agency=hessen") == ["Fachtag Monitoring"]
    html = client.get(LIST_URL + "?agency=unbekannt").content.decode()
    assert "Keine Ergebnisse: Bitte prüfen Sie den Filter" in html
    assert "Diese Auswahl gibt es nicht" in html


def test_a_repeat_visit_in_the_same_content_version_only_counts_the_seats(
    client, make_event, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    for number in range(15):
        make_event(title=f"Austausch {number:02}", starts_at=in_days(number + 1), format=Event.Format.ON_SITE)
    for url in (LIST_URL, FILTERED_URL, FILTERED_URL + "&page=2", ARCHIVE_URL):
        client.get(url)
        with django_assert_max_num_queries(1):
            assert client.get(url).status_code == 200
