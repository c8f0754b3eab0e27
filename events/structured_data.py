"""schema.org Event data (JSON-LD) for an event page, so search engines and calendars read it right."""

import json

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import mark_safe
from django.utils.timezone import localtime

from portal.links import absolute_url

from .models import Event
from .registration import selectors as registration_selectors
from .registration.selectors import State

ATTENDANCE_MODE = {
    Event.Format.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Event.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
EVENT_STATUS = {
    Event.Status.PUBLISHED: "https://schema.org/EventScheduled",
    Event.Status.POSTPONED: "https://schema.org/EventPostponed",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
}


def _organization(agency):
    data = {"@type": "Organization", "name": agency.name, "url": absolute_url(agency.get_absolute_url())}
    if agency.email:
        data["email"] = agency.email
    return data


def _person(speaker):
    data = {"@type": "Person", "name": speaker.name}
    if speaker.institution:
        data["affiliation"] = {"@type": "Organization", "name": speaker.institution}
    return data


def _locations(event, url):
    locations = []
    if event.has_on_site_part and event.venue is not None:
        venue = event.venue
        locations.append(
            {
                "@type": "Place",
                "name": venue.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": venue.street,
                    "postalCode": venue.postcode,
                    "addressLocality": venue.city,
                    "addressRegion": venue.state.name,
                    "addressCountry": "DE",
                },
            }
        )
    if event.has_online_part:
        # The access link goes to registered people only; the public address is the event page.
        locations.append({"@type": "VirtualLocation", "url": url})
    return locations[0] if len(locations) == 1 else locations


# https://schema.org/ItemAvailability, as search engines read it for events.
IN_STOCK = "https://schema.org/InStock"
SOLD_OUT = "https://schema.org/SoldOut"
PRE_ORDER = "https://schema.org/PreOrder"


def _offer(event):
    """Return the free ticket of an event that takes registrations, or None.

    Available while a seat is free; sold out when every mode is booked up or registration has
    closed (a place can no longer be had); pre-order before registration opens.
    """
    state = registration_selectors.registration_state(event)
    if state not in (State.OPEN, State.NOT_OPEN_YET, State.CLOSED):
        return None
    options = registration_selectors.registration_options(event)
    if state == State.NOT_OPEN_YET:
        availability = PRE_ORDER
    elif state == State.OPEN and registration_selectors.has_free_seat_now(event):
        availability = IN_STOCK
    else:
        availability = SOLD_OUT
    return {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "EUR",
        "availability": availability,
        "validFrom": localtime(options.opens_at or event.created_at).isoformat(),
        "url": absolute_url(reverse("registration:register", kwargs={"slug": event.slug})),
    }


def event_data(event: Event) -> dict:
    """Return the schema.org Event of ``event`` as a dict (needs the detail selector's kept rows)."""
    url = absolute_url(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.teaser,
        "url": url,
        "startDate": localtime(event.starts_at).isoformat(),
        "endDate": localtime(event.ends_at).isoformat(),
        "eventStatus": EVENT_STATUS.get(event.status, EVENT_STATUS[Event.Status.PUBLISHED]),
        "eventAttendanceMode": ATTENDANCE_MODE[event.format],
        "location": _locations(event, url),
        "organizer": [_organization(event.agency)] + [_organization(a) for a in event.co_organisers],
        "inLanguage": "de",
        # Events have no picture of their own: the portal's.
        "image": [absolute_url(static("img/og-default.png"))],
    }
    offer = _offer(event)
    if offer:
        data["offers"] = offer
    performers = [_person(speaker) for speaker in event.rows.speakers]
    if performers:
        data["performer"] = performers
    if event.topic_names:
        data["keywords"] = ", ".join(event.topic_names)
    return data


def json_ld(data: dict) -> str:
    """Return ``data`` as JSON text safe inside a <script type="application/ld+json"> element.

    The template writes the element itself, with the request's CSP nonce.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Like Django's json_script: no character in the JSON may end the script element early.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 (escaped above)
