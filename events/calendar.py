"""iCalendar (RFC 5545) files for one event and for subscribable feeds, built with the icalendar package."""

import datetime
import hashlib

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.links import absolute_url

from .formatting import venue_line
from .models import Event

PRODID = "-//Transferportal//Veranstaltungen//DE"
# The UID's domain part is a fixed name, not SITE_URL's host: a new domain must not duplicate entries.
UID_DOMAIN = "transferportal"
# Subscribed calendars ask again after this long (Outlook reads X-PUBLISHED-TTL, others REFRESH-INTERVAL).
REFRESH = datetime.timedelta(hours=6)

ICAL_STATUS = {
    Event.Status.PUBLISHED: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def _summary(event):
    if event.status == Event.Status.CANCELLED:
        return _("Abgesagt: %(title)s") % {"title": event.title}
    if event.status == Event.Status.POSTPONED:
        return _("Verschoben: %(title)s") % {"title": event.title}
    return event.title


def _location(event):
    if event.format == Event.Format.ONLINE or event.venue is None:
        return _("Online")
    if event.format == Event.Format.HYBRID:
        return _("%(venue)s und online") % {"venue": venue_line(event.venue)}
    return venue_line(event.venue)


def _description(event, url):
    parts = [event.teaser]
    if event.status in (Event.Status.POSTPONED, Event.Status.CANCELLED) and event.status_notice:
        parts.append(event.status_notice)
    if event.has_online_part and event.online_notes:
        parts.append(event.online_notes)
    parts.append(_("Alle Informationen und Anmeldung: %(url)s") % {"url": url})
    return "\n\n".join(parts)


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def event_component(event: Event) -> icalendar.Event:
    """Return the VEVENT of one event, its times in the portal's time zone (Europe/Berlin)."""
    zone = timezone.get_default_timezone()
    url = absolute_url(event.get_absolute_url())
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("sequence", event.sequence)
    # The entry's own timestamp, not the time of the request: an unchanged feed stays byte for byte
    # the same, so its ETag does too.
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("dtstart", timezone.localtime(event.starts_at, zone))
    component.add("dtend", timezone.localtime(event.ends_at, zone))
    component.add("summary", _summary(event))
    component.add("location", _location(event))
    component.add("url", url)
    component.add("description", _description(event, url))
    component.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
    component.add("categories", [event.get_kind_display()])
    if event.agency.email:
        component.add("organizer", f"mailto:{event.agency.email}", parameters={"CN": event.agency.name})
    return component


def build_calendar(events, *, name: str) -> bytes:
    """Return an iCalendar file with ``events`` and the VTIMEZONE their times refer to."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(timezone.get_default_timezone()))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event))
    if events:
        # Only the transitions around these events: a VTIMEZONE from 1970 on would be kilobytes of noise.
        first = min(event.starts_at for event in events).date() - datetime.timedelta(days=366)
        last = max(event.ends_at for event in events).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def etag_for(content: bytes) -> str:
    """Return a strong ETag for a calendar file (same content, same tag)."""
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def event_ics(event: Event) -> bytes:
    """Return the calendar file of one event (also fit to attach to an email)."""
    return build_calendar([event], name=event.title)
