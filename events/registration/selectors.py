"""Reads for registration: free seats as SQL annotations, the state of an event's registration.

Seat counts are subqueries on the event rows, so a list of events costs the same number of queries
whatever its length, and the "nur mit freien Plätzen" filter is a WHERE clause on the same terms.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .models import Mode, Registration, RegistrationOptions


def _held(mode: str):
    held = (
        Registration.objects.filter(event=OuterRef("pk"), mode=mode, status__in=Registration.HOLDING)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def _free(capacity: str, held: str):
    """Free seats: capacity minus held, never below zero; NULL (unlimited) when the capacity is NULL."""
    return Case(
        When(**{f"{capacity}__isnull": True}, then=Value(None)),
        When(**{f"{capacity}__lte": F(held)}, then=Value(0)),
        default=F(capacity) - F(held),
        output_field=IntegerField(),
    )


def with_seats(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate ``seats_on_site_free`` and ``seats_online_free`` (None: unlimited or no registration)."""
    return queryset.select_related("registration_options").annotate(
        seats_on_site_held=_held(Mode.ON_SITE),
        seats_online_held=_held(Mode.ONLINE),
        seats_on_site_free=_free("registration_options__on_site_capacity", "seats_on_site_held"),
        seats_online_free=_free("registration_options__online_capacity", "seats_online_held"),
    )


def _counted(**where):
    counted = (
        Registration.objects.filter(event=OuterRef("pk"), **where)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_staff_figures(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate what staff see per event: seats held per mode, people waiting, approvals open.

    Counts only, in the event rows' one query; capacities come with ``registration_options``.
    """
    return with_seats(queryset).annotate(
        waiting_count=_counted(status=Registration.Status.WAITLISTED),
        approvals_count=_counted(status=Registration.Status.AWAITING_APPROVAL),
    )


def with_free_seats_only(queryset: QuerySet[Event], *, now: datetime | None = None) -> QuerySet[Event]:
    """Keep events that take registrations and have a free seat in at least one of their modes.

    The queryset must come from ``with_seats``.
    """
    now = now or timezone.now()
    on_site = Q(format__in=[Event.Format.ON_SITE, Event.Format.HYBRID], seats_on_site_free__gt=0)
    online = Q(format__in=[Event.Format.ONLINE, Event.Format.HYBRID]) & (
        Q(registration_options__online_capacity__isnull=True) | Q(seats_online_free__gt=0)
    )
    still_open = Q(registration_options__closes_at__gt=now) | Q(
        registration_options__closes_at__isnull=True, starts_at__gt=now
    )
    return queryset.filter(
        on_site | online, still_open, registration_options__enabled=True, status=Event.Status.PUBLISHED
    )


@dataclass(frozen=True)
class ModeSeats:
    mode: str
    label: str
    capacity: int | None
    free: int | None  # None: unlimited

    @property
    def is_full(self) -> bool:
        return self.free == 0


def seats(event: Event) -> list[ModeSeats]:
    """Return the seats of each mode the event offers, from ``with_seats`` annotations if present."""
    options = registration_options(event)
    if options is None:
        return []
    if not hasattr(event, "seats_on_site_free"):
        event = with_seats(Event.objects.filter(pk=event.pk)).get()
    result = []
    if event.has_on_site_part:
        result.append(
            ModeSeats(Mode.ON_SITE, Mode.ON_SITE.label, options.on_site_capacity, event.seats_on_site_free)
        )
    if event.has_online_part:
        result.append(
            ModeSeats(Mode.ONLINE, Mode.ONLINE.label, options.online_capacity, event.seats_online_free)
        )
    return result


def registration_options(event: Event) -> RegistrationOptions | None:
    try:
        return event.registration_options
    except RegistrationOptions.DoesNotExist:
        return None


class State:
    """Where an event's registration stands, for the box on the event page."""

    DISABLED = "disabled"
    CANCELLED = "cancelled"
    NOT_OPEN_YET = "not_open_yet"
    OPEN = "open"
    CLOSED = "closed"


STATE_TEXT = {
    State.CANCELLED: _("Die Veranstaltung wurde abgesagt; eine Anmeldung ist nicht mehr möglich."),
    State.CLOSED: _("Die Anmeldung ist geschlossen."),
}


def registration_state(event: Event, *, now: datetime | None = None) -> str:
    """Return one of the ``State`` values (the same rules the services enforce)."""
    now = now or timezone.now()
    options = registration_options(event)
    if event.status == Event.Status.CANCELLED:
        return State.CANCELLED
    if options is None or not options.enabled or event.status == Event.Status.DRAFT:
        return State.DISABLED
    if options.opens_at and now < options.opens_at:
        return State.NOT_OPEN_YET
    if event.status != Event.Status.PUBLISHED or now >= options.effective_closes_at:
        return State.CLOSED
    return State.OPEN


def registration_for_page(*, token: str) -> Registration:
    """Return the registration behind a personal link, with its event; raise DoesNotExist otherwise."""
    return Registration.objects.select_related(
        "event__agency", "event__venue", "event__series", "event__registration_options"
    ).get(manage_token=token)


def booking_dates(registration: Registration) -> list[Registration]:
    """Return all dates of the registration's series booking (itself included), by date."""
    if registration.series_booking_id is None:
        return [registration]
    return list(registration.booking_group().select_related("event__venue", "event__registration_options"))


def online_access_url(registration: Registration, *, now: datetime | None = None) -> str:
    """Return the access link if the personal page may show it now, else ""."""
    now = now or timezone.now()
    options = registration_options(registration.event)
    if (
        options is None
        or not options.online_access_url
        or registration.status != Registration.Status.CONFIRMED
        or registration.mode != Mode.ONLINE
    ):
        return ""
    event = registration.event
    if not (event.starts_at - options.online_access_lead_time <= now <= event.ends_at):
        return ""
    return options.online_access_url


def registrations_of(*, email: str) -> list[Registration]:
    """Return every registration of an email address, across agencies, newest event first."""
    return list(
        Registration.objects.filter(email=email)
        .select_related("event__agency", "event__venue")
        .order_by("-event__starts_at", "-created_at")
    )
