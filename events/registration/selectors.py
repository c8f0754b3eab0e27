"""Reads for registration: each rule once, for lists, pages, services and views alike.

- free seats: ``with_seats`` (SQL subqueries on the event rows, so a list costs the same number of
  queries whatever its length) where SQL filters by them, ``count_seats`` (one grouped query) for
  events already fetched; ``seats()`` and ``free_seats()`` read those figures, the services too
  (under their lock);
- "registration open": ``registration_state()`` for one event, ``open_for_registration()`` as the
  WHERE clause of the same rule (tests/events/test_registration_rules.py compares the two);
- "can cancel": ``can_cancel()``; "confirmation state": ``confirmation_state()``;
- "the access link is due": ``online_access_url()`` for one registration (personal page, mails),
  ``online_access_due()`` as the WHERE clause of the same rule (the access-link mail).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Material
from municipalities.models import Partnership
from portal.models import AuditEntry

from .models import (
    DeletionRequest,
    Mode,
    OutgoingMail,
    Registration,
    RegistrationOptions,
    RegistrationSensitiveData,
)


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


def _free_of(capacity: int | None, held: int) -> int | None:
    """Free seats as ``_free`` counts them in SQL."""
    return None if capacity is None else max(capacity - held, 0)


def count_seats(events: Iterable[Event]) -> list[Event]:
    """Set what ``with_seats`` annotates on events already fetched, counted in one grouped query.

    For pages that show the seats of a few events (a page of cards, one event): building the SQL of
    ``with_seats``' subqueries took longer than running it. Events without registration options
    cost no query; ``registration_options`` should come with them (``select_related``).
    """
    events = list(events)
    ids = [event.pk for event in events if registration_options(event) is not None]
    held = _held_seats(ids) if ids else {}
    for event in events:
        options = registration_options(event)
        event.seats_on_site_held = held.get((event.pk, Mode.ON_SITE), 0)
        event.seats_online_held = held.get((event.pk, Mode.ONLINE), 0)
        event.seats_on_site_free = _free_of(options and options.on_site_capacity, event.seats_on_site_held)
        event.seats_online_free = _free_of(options and options.online_capacity, event.seats_online_held)
    return events


def _held_seats_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(Registration._meta.db_table)
    event, mode, status = (
        quote(Registration._meta.get_field(name).column) for name in ("event", "mode", "status")
    )
    return (
        f"SELECT {event}, {mode}, COUNT(*) FROM {table} WHERE {event} IN ({{ids}})"
        f" AND {status} IN ({', '.join(['%s'] * len(Registration.HOLDING))}) GROUP BY {event}, {mode}"
    )


# Written by hand, once: compiling the ORM's grouped query took longer than the database needed to run
# it, on every page of cards. Quoted names and %s placeholders suit SQLite and PostgreSQL alike.
HELD_SEATS_SQL = _held_seats_sql()
HOLDING_VALUES = [status.value for status in Registration.HOLDING]  # plain strings for the driver


def _held_seats(event_ids: list[int]) -> dict[tuple[int, str], int]:
    """Return the seats held per (event id, mode) of these events: confirmed or awaiting approval."""
    sql = HELD_SEATS_SQL.format(ids=", ".join(["%s"] * len(event_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*event_ids, *HOLDING_VALUES])
        return {(event_id, mode): count for event_id, mode, count in cursor.fetchall()}


def open_for_registration(*, now: datetime) -> Q:
    """Return the WHERE clause of ``registration_state(event) == State.OPEN``."""
    opened = Q(registration_options__opens_at__isnull=True) | Q(registration_options__opens_at__lte=now)
    not_closed = Q(registration_options__closes_at__gt=now) | Q(
        registration_options__closes_at__isnull=True, starts_at__gt=now
    )
    return Q(registration_options__enabled=True, status=Event.Status.PUBLISHED) & opened & not_closed


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


def _a_seat_free() -> Q:
    """Return the WHERE clause of ``any(not s.is_full for s in seats(event))`` (needs ``with_seats``)."""
    on_site = Q(format__in=[Event.Format.ON_SITE, Event.Format.HYBRID], seats_on_site_free__gt=0)
    online = Q(format__in=[Event.Format.ONLINE, Event.Format.HYBRID]) & (
        Q(registration_options__online_capacity__isnull=True) | Q(seats_online_free__gt=0)
    )
    return on_site | online


def with_free_seats_only(queryset: QuerySet[Event], *, now: datetime | None = None) -> QuerySet[Event]:
    """Keep events that take registrations now and have a free seat in at least one of their modes.

    The queryset must come from ``with_seats``. The same rule as ``has_free_seat_now()``.
    """
    return queryset.filter(_a_seat_free(), open_for_registration(now=now or timezone.now()))


def has_free_seat_now(event: Event, *, now: datetime | None = None) -> bool:
    """Return whether a person can register for a seat now (not only for the waiting list)."""
    if registration_state(event, now=now) != State.OPEN:
        return False
    return any(not item.is_full for item in seats(event))


def free_seats(event: Event, mode: str) -> int | None:
    """Return the free seats of one mode now (None: unlimited): the rule of ``with_seats``' SQL.

    The services call it while they hold the event's lock, so the count cannot change under them; one
    count on the (event, mode, status) index keeps the lock short (tests/events/test_registration_rules.py
    checks it agrees with ``with_seats``).
    """
    options = registration_options(event)
    capacity = None if options is None else options.capacity(mode)
    if capacity is None:
        return None
    held = Registration.objects.filter(event=event, mode=mode, status__in=Registration.HOLDING).count()
    return max(0, capacity - held)


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
    """Return the seats of each mode the event offers, from ``with_seats`` or ``count_seats`` if present."""
    options = registration_options(event)
    if options is None:
        return []
    if not hasattr(event, "seats_on_site_free"):
        count_seats([event])
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


def registration_contact(event: Event) -> tuple[str, str] | None:
    """Return whom people ask about taking part: the event's contact person, else the agency."""
    if event.contact_id is not None and event.contact is not None:
        return event.contact.name, event.contact.email
    if event.agency.email:
        return event.agency.name, event.agency.email
    return None


def is_partner(*, municipality, agency_ids, on=None) -> bool:
    """Return whether the municipality has an active partnership with one of these agencies."""
    partnerships = Partnership.objects.active(on=on).filter(
        municipality=municipality, agency_id__in=list(agency_ids)
    )
    return partnerships.exclude(status=Partnership.Status.INTERESTED).exists()


def municipality_limit_count(
    *, event: Event, municipality=None, organisation: str = "", now: datetime, excluding=None
) -> int:
    """Count the places a municipality (or, without one, an organisation) takes against the limit.

    Confirmed registrations and those awaiting approval count, pending ones only for the hold
    (REGISTRATION_MUNICIPALITY_HOLD_MINUTES): unconfirmed invented addresses cannot lock anyone out.
    ``excluding`` leaves out one registration (the one being confirmed). ``municipality`` is the
    Municipality or its primary key.
    """
    hold_since = now - timedelta(minutes=settings.REGISTRATION_MUNICIPALITY_HOLD_MINUTES)
    counted = Registration.objects.filter(event=event).filter(
        Q(status__in=Registration.HOLDING) | Q(status=Registration.Status.PENDING, created_at__gt=hold_since)
    )
    if excluding is not None:
        counted = counted.exclude(pk=excluding.pk)
    if municipality is not None:
        return counted.filter(municipality=municipality).count()
    return counted.filter(municipality__isnull=True, organisation__iexact=organisation).count()


def can_cancel(registration: Registration, *, now: datetime | None = None) -> bool:
    """Return whether the registration can still be cancelled: active, and the event not yet begun."""
    return registration.is_active and registration.event.starts_at > (now or timezone.now())


class Confirmation:
    """Where a registration stands with its confirmation link."""

    PENDING = "pending"  # the link still confirms
    EXPIRED = "expired"  # too late: marked expired, or the hours are over
    DONE = "done"  # confirmed (or decided on) already


def confirmation_state(registration: Registration, *, now: datetime | None = None) -> str:
    """Return one of the ``Confirmation`` values."""
    if registration.status == Registration.Status.EXPIRED:
        return Confirmation.EXPIRED
    if registration.status != Registration.Status.PENDING:
        return Confirmation.DONE
    if (now or timezone.now()) >= registration.confirmation_expires_at:
        return Confirmation.EXPIRED
    return Confirmation.PENDING


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


def _access_options(registration: Registration) -> RegistrationOptions | None:
    """Return the options whose access link this person gets (confirmed, online, a link set), else None."""
    options = registration_options(registration.event)
    if (
        options is None
        or not options.online_access_url
        or registration.status != Registration.Status.CONFIRMED
        or registration.mode != Mode.ONLINE
    ):
        return None
    return options


def online_access_opens_at(registration: Registration, *, now: datetime | None = None) -> datetime | None:
    """Return when the access link will be shown and mailed to this person, if that is still to come."""
    options = _access_options(registration)
    if options is None:
        return None
    opens_at = registration.event.starts_at - options.online_access_lead_time
    return opens_at if (now or timezone.now()) < opens_at else None


def online_access_url(registration: Registration, *, now: datetime | None = None) -> str:
    """Return the access link if the person may have it now (personal page and mails), else "".

    From the event's lead time (``online_access_lead_time`` before the start) to its end; the same
    rule as ``online_access_due()``.
    """
    now = now or timezone.now()
    options = _access_options(registration)
    if options is None:
        return ""
    event = registration.event
    if not (event.starts_at - options.online_access_lead_time <= now <= event.ends_at):
        return ""
    return options.online_access_url


def online_access_due(*, now: datetime) -> Q:
    """Return the WHERE clause (on registrations) of ``online_access_url(registration, now=now) != ""``."""
    lead_time = F("event__registration_options__online_access_lead_time")
    return (
        Q(status=Registration.Status.CONFIRMED, mode=Mode.ONLINE, event__ends_at__gte=now)
        & ~Q(event__registration_options__online_access_url="")
        & Q(event__starts_at__lte=ExpressionWrapper(Value(now) + lead_time, output_field=DateTimeField()))
    )


def registrations_of(*, email: str) -> list[Registration]:
    """Return every registration of an email address, across agencies, newest event first."""
    return list(
        Registration.objects.filter(email=email)
        .select_related("event__agency", "event__venue")
        .order_by("-event__starts_at", "-created_at")
    )


# The groups an agency can write to from the admin: key -> (label, statuses).
MAIL_GROUPS = {
    "confirmed": (_("Bestätigte Teilnehmende"), (Registration.Status.CONFIRMED,)),
    "waitlisted": (_("Personen auf der Warteliste"), (Registration.Status.WAITLISTED,)),
    "all": (
        _("Alle Angemeldeten (bestätigt, auf der Warteliste, wartend auf Freigabe)"),
        (
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
            Registration.Status.AWAITING_APPROVAL,
        ),
    ),
}


def mail_recipients(*, event: Event, group: str) -> QuerySet[Registration]:
    """Return the registrations of the event a mail to ``group`` (a MAIL_GROUPS key) goes to.

    Reduced registrations (retention) have no address left and get no mail.
    """
    _label, statuses = MAIL_GROUPS[group]
    return (
        Registration.objects.filter(event=event, status__in=statuses, reduced_at__isnull=True)
        .select_related("event__agency", "event__venue", "event__registration_options")
        .order_by("created_at", "pk")
    )


def participant_counts(*, event: Event) -> dict[str, int]:
    """Return the number of the event's registrations per status (every status, zeros included)."""
    counts = dict.fromkeys(Registration.Status.values, 0)
    rows = Registration.objects.filter(event=event).order_by().values("status").annotate(count=Count("pk"))
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def participants(*, event: Event, status: str = "", mode: str = "", ids=None) -> list[Registration]:
    """Return the event's registrations (optionally of one status, one mode, these ids), in order of
    arrival, each with ``waitlist_position`` (1-based per mode, None unless waiting).

    Two queries whatever the number: the rows (with municipality and sensitive answers) and the
    waiting list they are numbered against.
    """
    rows = Registration.objects.filter(event=event).select_related("municipality", "sensitive")
    if status:
        rows = rows.filter(status=status)
    if mode:
        rows = rows.filter(mode=mode)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    positions, seen = {}, {}
    for pk, row_mode in waiting.values_list("pk", "mode"):
        seen[row_mode] = seen.get(row_mode, 0) + 1
        positions[pk] = seen[row_mode]
    result = list(rows.order_by("created_at", "pk"))
    for registration in result:
        registration.waitlist_position = positions.get(registration.pk)
    return result


# --- the person's own data ---------------------------------------------------------------------------

# What the export shows of each kind of row, in this order. Tokens are left out: they are the key to
# the page the export comes from, not something known about the person.
PERSONAL_FIELDS = {
    "registration": (
        Registration,
        (
            "name",
            "email",
            "organisation",
            "function",
            "municipality",
            "comment",
            "language",
            "mode",
            "status",
            "created_at",
            "confirmation_sent_at",
            "confirmed_at",
            "confirmed_from",
            "privacy_notice_version",
            "consent_given",
            "waitlisted_at",
            "decided_at",
            "cancelled_at",
            "reminder_sent_at",
            "attended",
        ),
    ),
    "needs": (RegistrationSensitiveData, ("dietary_needs", "accessibility_needs")),
    "mails": (OutgoingMail, ("created_at", "sent_at", "to", "subject", "body_text")),
    "history": (AuditEntry, ("created_at", "action", "note")),
    "deletion_requests": (DeletionRequest, ("requested_at", "carried_out_at", "outcome")),
}
PERSONAL_SECTION_LABELS = {
    "registration": _("Anmeldung"),
    "needs": _("Angaben zu Ernährung und Barrierefreiheit"),
    "mails": _("E-Mails an Sie"),
    "history": _("Protokoll"),
    "deletion_requests": _("Löschanträge"),
}


@dataclass
class PersonalSection:
    """One stored row about the person: its kind ("mails"), and (name, label, value) per field."""

    kind: str
    fields: list[tuple[str, str, object]]

    @property
    def label(self):
        return PERSONAL_SECTION_LABELS[self.kind]


@dataclass
class PersonalRecord:
    """Everything stored about one registration of the person, with the event it is for."""

    event: Event
    sections: list[PersonalSection]


def _personal_section(kind, obj) -> PersonalSection:
    model, names = PERSONAL_FIELDS[kind]
    fields = []
    for name in names:
        field = model._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices and value:
            value = getattr(obj, f"get_{name}_display")()
        elif field.is_relation:
            value = str(value) if value is not None else None
        fields.append((name, str(field.verbose_name), value))
    return PersonalSection(kind=kind, fields=fields)


def personal_data(*, registration: Registration) -> list[PersonalRecord]:
    """Return what is stored about the holder of this registration's personal link.

    The link proves only this registration (and the other dates of its series booking, which its
    page shows): never other registrations with the same address, which anyone could type in.
    """
    group = list(
        registration.booking_group()
        .select_related("event__agency", "municipality", "sensitive")
        .prefetch_related("mails", "deletion_requests")
        .order_by("event__starts_at", "pk")
    )
    content_type = ContentType.objects.get_for_model(Registration, for_concrete_model=False)
    history = {}
    for entry in AuditEntry.objects.filter(
        content_type=content_type, object_id__in=[str(item.pk) for item in group]
    ).order_by("created_at", "pk"):
        history.setdefault(entry.object_id, []).append(entry)
    records = []
    for item in group:
        sections = [_personal_section("registration", item)]
        sensitive = getattr(item, "sensitive", None)
        if sensitive is not None:
            sections.append(_personal_section("needs", sensitive))
        sections += [
            _personal_section("mails", mail) for mail in sorted(item.mails.all(), key=lambda m: m.pk)
        ]
        sections += [_personal_section("history", entry) for entry in history.get(str(item.pk), [])]
        sections += [
            _personal_section("deletion_requests", request) for request in item.deletion_requests.all()
        ]
        records.append(PersonalRecord(event=item.event, sections=sections))
    return records


def open_deletion_request(registration: Registration) -> DeletionRequest | None:
    """Return the person's request to delete this registration that awaits the agency, if any."""
    return registration.deletion_requests.filter(carried_out_at__isnull=True).first()


# --- after the event: certificates and documentation ---------------------------------------------------


def certificate_registration(*, registration_id: int) -> Registration:
    """Return a registration whose person took part, with what the certificate shows; else DoesNotExist.

    Reduced registrations count too: the certificate is part of the attendance record.
    """
    return (
        Registration.objects.select_related("event__agency", "municipality")
        .prefetch_related("event__co_agencies")
        .get(pk=registration_id, attended=True, status=Registration.Status.CONFIRMED)
    )


def certificate_for_code(*, code: str) -> Registration:
    """Return the attended registration a certificate's verification code names; else DoesNotExist."""
    return Registration.objects.select_related("event").get(
        certificate_code=code.strip().upper(), attended=True, status=Registration.Status.CONFIRMED
    )


def participants_materials(registration: Registration):
    """Return the materials for participants only that this registration may open (confirmed ones)."""
    if registration.status != Registration.Status.CONFIRMED:
        return Material.objects.none()
    return Material.objects.filter(event_id=registration.event_id, participants_only=True)
