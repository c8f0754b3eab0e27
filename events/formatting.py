"""How event dates and places read on the pages: "Donnerstag, 03.12.2020, 10:00–16:00 Uhr".

Under /en/ the same line reads "Thursday, 3 December 2020, 10:00–16:00".
"""

from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext as _


def _day(moment, date_format):
    # The weekday, then the language's own DATE_FORMAT: "Donnerstag, 03.12.2020", "Thursday, 3 December 2020".
    return dateformat.format(moment, f"l, {date_format}")


def _time(moment):
    return moment.strftime("%H:%M")


def date_line(event):
    """Return the event's dates as one line, in the portal's time zone."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    # Looked up once: every list card has a date line.
    date_format = formats.get_format("DATE_FORMAT")
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s Uhr") % {
            "day": _day(start, date_format),
            "start": _time(start),
            "end": _time(end),
        }
    return _("%(start_day)s, %(start)s Uhr – %(end_day)s, %(end)s Uhr") % {
        "start_day": _day(start, date_format),
        "start": _time(start),
        "end_day": _day(end, date_format),
        "end": _time(end),
    }


def venue_line(venue):
    """Return a venue as one line: "Haus am Dom, Domplatz 3, 60311 Frankfurt am Main"."""
    if venue is None:
        return ""
    return f"{venue.name}, {venue.street}, {venue.postcode} {venue.city}"
