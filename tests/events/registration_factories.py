"""Builders for registration tests: events with registration options and people registering.

Import what you need: ``from tests.events.registration_factories import make_registration_event, register``.
"""

import itertools
from datetime import timedelta

from django.utils import timezone

from events.models import Event, Mode, Registration, RegistrationOptions, Series, Venue
from events.registration import services
from municipalities.models import FederalState

_counter = itertools.count(1)


def make_venue(agency):
    return Venue.objects.get_or_create(
        agency=agency,
        name="Haus der Bildung",
        defaults={
            "street": "Lindenallee 7",
            "postcode": "99084",
            "city": "Erfurt",
            "state": FederalState.objects.get(code="16"),
            "step_free": True,
        },
    )[0]


def make_registration_event(
    agency,
    *,
    format=Event.Format.ON_SITE,
    title=None,
    starts_in=timedelta(days=14),
    status=Event.Status.PUBLISHED,
    series=None,
    **options,
):
    """Return a published event with registration enabled; ``options`` set RegistrationOptions fields."""
    number = next(_counter)
    starts_at = timezone.now() + starts_in
    event = Event.objects.create(
        agency=agency,
        title=title or f"Fachtag Bildungsmonitoring {number}",
        slug=f"fachtag-{number}",
        kind="fachtag",
        format=format,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=6),
        venue=None if format == Event.Format.ONLINE else make_venue(agency),
        teaser="Ein Tag zum Austausch über kommunale Bildungsdaten.",
        status=status,
        series=series,
    )
    RegistrationOptions.objects.create(event=event, **{"enabled": True, "on_site_capacity": 10, **options})
    return event


def make_series(agency, *, dates=3, format=Event.Format.ONLINE, **options):
    series = Series.objects.create(
        agency=agency, title="Monatlicher Online-Austausch", slug=f"reihe-{next(_counter)}"
    )
    events = [
        make_registration_event(
            agency, format=format, series=series, starts_in=timedelta(days=30 * (i + 1)), **options
        )
        for i in range(dates)
    ]
    return series, events


def person(number=1, **changes):
    values = {
        "name": f"Erika Beispiel {number}",
        "email": f"person{number}@example.org",
        "organisation": f"Landkreis Musterhausen {number}",
        "function": "Bildungsmanagement",
    }
    values.update(changes)
    return services.ParticipantData(**values)


def register(event, number=1, *, mode=None, join_waitlist=True, **changes) -> Registration:
    """Register person ``number`` (not yet confirmed)."""
    options = RegistrationOptions.objects.get(event=event)
    return services.registration_create(
        event=event,
        mode=mode or (Mode.ONLINE if event.format == Event.Format.ONLINE else Mode.ON_SITE),
        data=person(number, **changes),
        consent=True,
        privacy_notice_version=options.privacy_notice_version,
        join_waitlist=join_waitlist,
    )


def register_confirmed(event, number=1, **kwargs) -> Registration:
    """Register person ``number`` and confirm by the mailed link."""
    registration = register(event, number, **kwargs)
    return services.registration_confirm(token=registration.confirm_token)


def statuses(event):
    return list(Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True))


class FailingMailBackend:
    """A mail backend whose server is down: every send raises, as smtplib would."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Verbindung zum Mailserver abgelehnt")
