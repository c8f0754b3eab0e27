"""Date, place and calendar file of an event as registration mails and pages show them."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Mode


def date_line(event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    day = formats.date_format(start, "l, d.m.Y")
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s Uhr") % {
            "day": day,
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
        }
    return _("%(start_day)s, %(start)s Uhr – %(end_day)s, %(end)s Uhr") % {
        "start_day": day,
        "start": f"{start:%H:%M}",
        "end_day": formats.date_format(end, "l, d.m.Y"),
        "end": f"{end:%H:%M}",
    }


def place_line(event, mode: str) -> str:
    """Return where this person takes part: the venue's address on site, else "Online"."""
    venue = event.venue
    if mode == Mode.ONLINE or venue is None:
        return _("Online (den Zugangslink erhalten bestätigte Teilnehmende per E-Mail)")
    return f"{venue.name}, {venue.street}, {venue.postcode} {venue.city}"


def calendar_file(events, *, cancelled: bool = False) -> str:
    """Return an iCalendar file with these events (marked cancelled for this person if asked)."""
    import icalendar
    from django.conf import settings

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Transferportal//Anmeldung//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    zone = timezone.get_default_timezone()
    for event in events:
        component = icalendar.Event()
        component.add("uid", f"event-{event.pk}@transferportal")
        component.add("dtstamp", timezone.now())
        component.add("dtstart", timezone.localtime(event.starts_at, zone))
        component.add("dtend", timezone.localtime(event.ends_at, zone))
        component.add("summary", event.title)
        component.add("location", place_line(event, Mode.ON_SITE if event.venue else Mode.ONLINE))
        component.add("url", settings.SITE_URL + event.get_absolute_url())
        component.add("status", "CANCELLED" if cancelled or event.status == "cancelled" else "CONFIRMED")
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
