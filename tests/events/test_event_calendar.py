import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import VenueFactory, in_days

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
FEED_URL = reverse("events:feed")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://portal.example.org"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return [component for component in calendar.walk("VEVENT")]


def test_event_file_carries_start_end_summary_location_and_url(client, make_event, hessen):
    venue = VenueFactory(agency=hessen, name="Haus am Dom", street="Domplatz 3", postcode="60311")
    start = timezone.make_aware(datetime.datetime(2030, 12, 5, 10))  # winter: UTC+1
    event = make_event(
        title="Fachtag Bildung", starts_at=start, ends_at=start + datetime.timedelta(hours=6), venue=venue
    )
    response = client.get(reverse("events:ical", kwargs={"slug": event.slug}))
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = parse(response)
    [entry] = vevents(calendar)
    assert entry.decoded("dtstart") == datetime.datetime(2030, 12, 5, 10, tzinfo=BERLIN)
    assert entry.decoded("dtend") == datetime.datetime(2030, 12, 5, 16, tzinfo=BERLIN)
    assert entry["dtstart"].params["TZID"] == "Europe/Berlin"
    assert str(entry["summary"]) == "Fachtag Bildung"
    assert str(entry["location"]) == "Haus am Dom, Domplatz 3, 60311 Frankfurt am Main"
    assert str(entry["url"]) == f"https://portal.example.org/veranstaltungen/{event.slug}/"
    assert str(entry["uid"]) == f"event-{event.pk}@portal.example.org"
    assert str(entry["status"]) == "CONFIRMED"
    assert "Ein Tag zur Bildungsplanung" in str(entry["description"])
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Berlin"


def test_summer_time_is_right(client, make_event):
    start = timezone.make_aware(datetime.datetime(2030, 7, 4, 9, 30))
    event = make_event(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    [entry] = vevents(parse(client.get(reverse("events:ical", kwargs={"slug": event.slug}))))
    assert entry.decoded("dtstart") == datetime.datetime(2030, 7, 4, 9, 30, tzinfo=BERLIN)
    assert entry.decoded("dtstart").utcoffset() == datetime.timedelta(hours=2)


def test_online_and_hybrid_locations(client, make_event):
    online = make_event(format=Event.Format.ONLINE, venue=None)
    hybrid = make_event(format=Event.Format.HYBRID)
    [online_entry] = vevents(parse(client.get(reverse("events:ical", kwargs={"slug": online.slug}))))
    [hybrid_entry] = vevents(parse(client.get(reverse("events:ical", kwargs={"slug": hybrid.slug}))))
    assert str(online_entry["location"]) == "Online"
    assert str(hybrid_entry["location"]).endswith("Frankfurt am Main und online")


def test_cancelled_event_is_marked_cancelled(client, make_event):
    event = make_event(title="Workshop", status=Event.Status.CANCELLED, status_notice="Krankheit.")
    [entry] = vevents(parse(client.get(reverse("events:ical", kwargs={"slug": event.slug}))))
    assert str(entry["status"]) == "CANCELLED"
    assert str(entry["summary"]) == "Abgesagt: Workshop"
    assert "Krankheit." in str(entry["description"])


def test_feed_holds_every_upcoming_public_event(client, make_event):
    shown = [make_event(starts_at=in_days(days)) for days in (3, 9, 40)]
    make_event(status=Event.Status.DRAFT)
    make_event(starts_at=in_days(-20))
    response = client.get(FEED_URL)
    assert response["Content-Disposition"] == 'inline; filename="veranstaltungen.ics"'
    calendar = parse(response)
    assert {str(entry["uid"]) for entry in vevents(calendar)} == {
        f"event-{event.pk}@portal.example.org" for event in shown
    }
    assert str(calendar["x-wr-timezone"]) == "Europe/Berlin"
    assert str(calendar["method"]) == "PUBLISH"
    assert calendar.to_ical().count(b"X-PUBLISHED-TTL:PT6H") == 1
    assert calendar.to_ical().count(b"REFRESH-INTERVAL;VALUE=DURATION:PT6H") == 1


def test_filtered_feed_holds_exactly_the_filtered_events(client, make_event, nrw):
    hybrid_hessen = make_event(title="Hybrid Hessen", format=Event.Format.HYBRID)
    make_event(title="Präsenz Hessen")
    make_event(title="Hybrid NRW", agency=nrw, format=Event.Format.HYBRID)
    query = {"agency": "hessen", "format": "hybrid"}
    feed = parse(client.get(FEED_URL, query))
    listed = client.get(reverse("events:list"), query).context["events"]
    assert [str(entry["summary"]) for entry in vevents(feed)] == ["Hybrid Hessen"]
    assert [event.pk for event in listed] == [hybrid_hessen.pk]


def test_feed_is_not_cut_to_a_page(client, make_event):
    for days in range(1, 26):
        make_event(starts_at=in_days(days))
    assert len(vevents(parse(client.get(FEED_URL, {"page": "2"})))) == 25


@pytest.mark.parametrize("query", ["start=32.13.2020", "agency=notaslug", "q=" + "x" * 5000])
def test_feed_with_invalid_filter_is_an_empty_calendar(client, make_event, query):
    make_event()
    calendar = parse(client.get(f"{FEED_URL}?{query}"))
    assert vevents(calendar) == []


@pytest.mark.parametrize("count", [5, 200])
def test_feed_runs_a_constant_number_of_queries(client, make_event, count, django_assert_max_num_queries):
    for number in range(count):
        make_event(starts_at=in_days(1 + number % 50))
    with django_assert_max_num_queries(8):
        calendar = parse(client.get(FEED_URL, {"agency": "hessen"}))
    assert len(vevents(calendar)) == count
