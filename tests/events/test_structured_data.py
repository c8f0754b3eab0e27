"""Every event page tells search engines what Google's Event structured data requires and recommends.

https://developers.google.com/search/docs/appearance/structured-data/event: required name, startDate
and location (a Place with an address, or a VirtualLocation with a url); recommended description,
endDate, eventStatus, eventAttendanceMode, image, offers, organizer and performer.
"""

import json
import re

import pytest
from django.utils.timezone import localtime

from events.models import Event
from events.registration.selectors import State, registration_state
from events.selectors import public_events

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', re.DOTALL)
SITE = "https://transferportal.example.org"
ADDRESS = {"streetAddress", "postalCode", "addressLocality", "addressCountry"}


def _locations(data):
    location = data["location"]
    return location if isinstance(location, list) else [location]


def _check_event(data, event):
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == localtime(event.starts_at).isoformat()
    assert data["endDate"] == localtime(event.ends_at).isoformat()
    assert data["description"].strip()
    assert data["eventStatus"].startswith("https://schema.org/Event")
    assert data["eventAttendanceMode"].endswith("EventAttendanceMode")
    kinds = {location["@type"] for location in _locations(data)}
    assert kinds == {Event.Format.ON_SITE: {"Place"}, Event.Format.ONLINE: {"VirtualLocation"}}.get(
        event.format, {"Place", "VirtualLocation"}
    )
    for location in _locations(data):
        if location["@type"] == "Place":
            assert location["name"] and ADDRESS <= set(location["address"]), location
        else:
            assert location["url"].startswith(SITE)
    assert data["organizer"] and all(org["name"] and org["url"].startswith(SITE) for org in data["organizer"])
    assert data["image"] and all(image.startswith(SITE) for image in data["image"])
    if registration_state(event) in (State.OPEN, State.NOT_OPEN_YET, State.CLOSED):
        offer = data["offers"]
        assert offer["price"] == "0" and offer["priceCurrency"] == "EUR"
        assert offer["availability"].startswith("https://schema.org/")
        assert offer["url"].startswith(SITE) and offer["validFrom"]
    if event.speakers.exists():
        assert data["performer"] and all(person["name"] for person in data["performer"])


def test_every_event_page_of_the_demo_carries_googles_event_properties(client, demo_site, settings):
    settings.SITE_URL = SITE
    events = list(public_events().select_related("registration_options"))
    assert len(events) >= 10
    assert {Event.Format.ON_SITE, Event.Format.ONLINE, Event.Format.HYBRID} <= {
        event.format for event in events
    }
    for event in events:
        html = client.get(event.get_absolute_url()).content.decode()
        scripts = JSON_LD.findall(html)
        assert len(scripts) == 1, event.slug
        _check_event(json.loads(scripts[0]), event)
