import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import RegistrationEventFactory, VenueFactory, in_days, register_confirmed

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
    assert str(entry["uid"]) == f"event-{event.pk}@transferportal"
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
    shown.append(make_event(starts_at=in_days(-20)))  # within the 90 days a feed looks back
    make_event(status=Event.Status.DRAFT)
    make_event(starts_at=in_days(-120))
    response = client.get(FEED_URL)
    assert response["Content-Disposition"] == 'inline; filename="veranstaltungen.ics"'
    calendar = parse(response)
    assert {str(entry["uid"]) for entry in vevents(calendar)} == {
        f"event-{event.pk}@transferportal" for event in shown
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


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("start=32.13.2020", "start"),
        ("start=99.99.9999", "start"),
        ("agency=doesnotexist", "agency"),
        ("q=" + "x" * 5000, "q"),
    ],
)
def test_feed_with_invalid_filter_answers_400_in_plain_german(client, make_event, query, named):
    make_event()
    response = client.get(f"{FEED_URL}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Dieser Kalender kann nicht erstellt werden")
    assert f"({named}):" in text
    assert "https://portal.example.org/veranstaltungen/" in text


def ical_of(client, event, **headers):
    return client.get(reverse("events:ical", kwargs={"slug": event.slug}), headers=headers)


def test_event_file_sequence_grows_with_changes_and_cancellation(client, make_event):
    from events import services as event_services

    event = make_event(title="Workshop")
    versions = [vevents(parse(ical_of(client, event)))[0]]
    event.starts_at += datetime.timedelta(hours=1)
    event.ends_at += datetime.timedelta(hours=1)
    event.save()
    versions.append(vevents(parse(ical_of(client, event)))[0])
    event.teaser = "Nur der Vorspann ist neu."  # not in the calendar's terms: same version
    event.save()
    event_services.event_cancel(event=event, notice="Krankheit.")
    cancelled = parse(ical_of(client, event))
    versions.append(vevents(cancelled)[0])

    assert [int(entry["sequence"]) for entry in versions] == [0, 1, 2]
    assert [str(entry["status"]) for entry in versions] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert {str(entry["uid"]) for entry in versions} == {f"event-{event.pk}@transferportal"}
    assert str(cancelled["method"]) == "PUBLISH"  # a published calendar announces, it is no invitation
    event.refresh_from_db()
    assert event.sequence == 2


def test_uid_does_not_depend_on_the_host(client, make_event, settings):
    event = make_event()
    settings.SITE_URL = "https://neue-adresse.example.org"
    [entry] = vevents(parse(ical_of(client, event)))
    assert str(entry["uid"]) == f"event-{event.pk}@transferportal"


def test_event_file_and_feed_answer_304_to_pollers(client, make_event):
    event = make_event()
    first = ical_of(client, event)
    assert first["ETag"] and first["Last-Modified"]
    assert ical_of(client, event, if_none_match=first["ETag"]).status_code == 304
    assert ical_of(client, event, if_modified_since=first["Last-Modified"]).status_code == 304

    feed = client.get(FEED_URL)
    assert client.get(FEED_URL, headers={"if-none-match": feed["ETag"]}).status_code == 304
    event.title = "Neuer Titel"
    event.save()
    changed = client.get(FEED_URL, headers={"if-none-match": feed["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != feed["ETag"]


@pytest.mark.parametrize("count", [5, 200])
def test_feed_runs_a_constant_number_of_queries(client, make_event, count, django_assert_max_num_queries):
    for number in range(count):
        make_event(starts_at=in_days(1 + number % 50))
    with django_assert_max_num_queries(8):
        calendar = parse(client.get(FEED_URL, {"agency": "hessen"}))
    assert len(vevents(calendar)) == count
    with django_assert_max_num_queries(8):
        assert client.get(FEED_URL, {"agency": "hessen", "free": "on"}).status_code == 200


def test_feed_filtered_to_free_seats_leaves_out_full_events(client, hessen):
    full = RegistrationEventFactory(agency=hessen, title="Ausgebucht", on_site_capacity=1)
    RegistrationEventFactory(agency=hessen, title="Noch Platz", on_site_capacity=5)
    register_confirmed(full)
    summaries = [str(entry["summary"]) for entry in vevents(parse(client.get(FEED_URL, {"free": "on"})))]
    assert summaries == ["Noch Platz"]


def test_stored_feed_is_kept_per_language(client, make_event):
    make_event(title="Fachtag", status=Event.Status.CANCELLED)
    german = [str(entry["summary"]) for entry in vevents(parse(client.get(FEED_URL)))]
    english = [str(entry["summary"]) for entry in vevents(parse(client.get("/en" + FEED_URL)))]
    assert german == ["Abgesagt: Fachtag"] and english == ["Cancelled: Fachtag"]
