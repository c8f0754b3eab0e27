"""Registration: the verbs that change who holds a seat.

Every function here runs in one transaction and first locks the ``RegistrationOptions`` row of each
event it counts seats for (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite takes its write lock at
BEGIN, see settings). Seats are only ever counted and taken under that lock, so concurrent requests
cannot take more seats than exist. Views, admin actions and management commands call these
functions; none of them re-implements a rule.
"""

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from events.models import Event
from events.registration import exceptions, mail, retention, selectors
from events.registration.selectors import State, mail_recipients, registration_options, registration_state
from municipalities.selectors import municipality_resolve
from portal import audit

from .models import (
    DeletionRequest,
    Mode,
    OutgoingMail,
    RateLimitHit,
    Registration,
    RegistrationOptions,
    RegistrationSensitiveData,
    SeriesBooking,
)

Status = Registration.Status


@dataclass(frozen=True)
class ParticipantData:
    """What a person enters in the registration form."""

    name: str
    email: str
    organisation: str
    function: str
    municipality: object = None  # municipalities.Municipality or None
    comment: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""


# --- helpers -----------------------------------------------------------------------------------


def normalize_email(email: str) -> str:
    return email.strip().lower()


def lock_options(event_ids) -> dict[int, RegistrationOptions]:
    """Lock and return the options rows of these events, in primary-key order to avoid deadlocks."""
    queryset = (
        RegistrationOptions.objects.select_related("event", "event__agency", "event__venue")
        .filter(event_id__in=list(event_ids))
        .order_by("pk")
    )
    if connection.features.has_select_for_update:
        queryset = queryset.select_for_update(of=("self",))
    return {options.event_id: options for options in queryset}


def _options_to_register(event_id: int) -> RegistrationOptions | None:
    """Return the event's options for registering, locked only when a municipality limit applies.

    Registering takes no seat (confirming does), so only the limit, which counts pending
    registrations too, needs the lock; without one, concurrent registrations do not queue for it
    and the database's constraint keeps one active registration per address.
    """
    # The event only: registering needs its status, format and audience, never agency or venue.
    options = RegistrationOptions.objects.select_related("event").filter(event_id=event_id).first()
    if options is not None and options.max_per_municipality:
        return lock_options([event_id]).get(event_id)
    return options


def _free_seats(options: RegistrationOptions, mode: str) -> int | None:
    """Return the free seats of a mode (None: unlimited). Call only while holding the lock."""
    return selectors.free_seats(options.event, mode)


def offered_modes(event: Event) -> list[str]:
    """Return the modes an event offers, on-site first."""
    modes = []
    if event.has_on_site_part:
        modes.append(Mode.ON_SITE)
    if event.has_online_part:
        modes.append(Mode.ONLINE)
    return modes


def _check_open(options: RegistrationOptions | None, *, now: datetime) -> None:
    """Raise unless the event takes registrations now (rules in registration_selectors)."""
    if options is None:
        raise exceptions.RegistrationDisabled()
    state = registration_state(options.event, now=now)
    if state == State.CANCELLED:
        raise exceptions.EventCancelled()
    if state == State.DISABLED:
        raise exceptions.RegistrationDisabled()
    if state == State.NOT_OPEN_YET:
        raise exceptions.RegistrationNotOpenYet(options.opens_at)
    if state == State.CLOSED:
        raise exceptions.RegistrationClosed()


def registration_check_open(*, event: Event, now: datetime | None = None) -> None:
    """Raise the domain exception that explains why the event takes no registrations now, if so."""
    _check_open(registration_options(event), now=now or timezone.now())


def _log(registration: Registration, action: str, *, actor=None, note: str = "", now=None) -> None:
    """Record a registration verb in the audit trail as ``events.registration.<verb>``.

    ``action`` is the verb, optionally prefixed ``registration.`` (``"registration.approved"``).
    """
    verb = action.removeprefix("events.").removeprefix("registration.")
    audit.record(
        action=f"events.registration.{verb}",
        obj=registration,
        actor=actor,
        agency_id=registration.event.agency_id,
        note=note,
        at=now,
    )


def _check_audience(event: Event, data: ParticipantData, *, now: datetime) -> None:
    """Raise unless the person belongs to the event's audience (their own choice from the directory)."""
    if event.audience == Event.Audience.PUBLIC:
        return
    contact = selectors.registration_contact(event)
    if event.audience == Event.Audience.INTERNAL:
        if data.municipality is None:
            raise exceptions.AdministrationOnly(contact)
        return
    if data.municipality is None:
        raise exceptions.PartnersOnly(contact)
    agency_ids = [event.agency_id, *event.co_agencies.values_list("pk", flat=True)]
    if not selectors.is_partner(
        municipality=data.municipality, agency_ids=agency_ids, on=timezone.localdate(now)
    ):
        raise exceptions.PartnersOnly(contact, municipality_chosen=True)


def _municipality_meant(data: ParticipantData):
    """Return the municipality chosen, or the one typed into the organisation field („Stadt Münster“)."""
    if data.municipality is not None:
        return data.municipality
    found, _candidates = municipality_resolve(text=data.organisation)
    return found


def _rate_key(scope: str, value: str) -> str:
    # Keyed hash: the table never holds an address, and the hash is useless without the secret key.
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()


def rate_limit_check(
    *, email: str = "", client_address: str | None = None, now: datetime | None = None
) -> None:
    """Count one attempt per email and per client address; raise RateLimited beyond the limits.

    Attempts are written before the action and outside its transaction, so refused and failed
    attempts count too. Both limits cost one count and one insert, whatever the number of scopes.
    """
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.REGISTRATION_RATE_LIMIT_WINDOW_MINUTES)
    checks = []
    if email:
        checks.append(("email", normalize_email(email), settings.REGISTRATION_RATE_LIMIT_PER_EMAIL))
    if client_address:
        checks.append(("address", client_address, settings.REGISTRATION_RATE_LIMIT_PER_ADDRESS))
    if not checks:
        return
    keys = {scope: _rate_key(scope, value) for scope, value, _limit in checks}
    recent = RateLimitHit.objects.filter(
        reduce(or_, (Q(scope=scope, key_hash=key) for scope, key in keys.items())), created_at__gte=since
    ).aggregate(**{scope: Count("pk", filter=Q(scope=scope)) for scope in keys})
    RateLimitHit.objects.bulk_create(
        [RateLimitHit(scope=scope, key_hash=key, created_at=now) for scope, key in keys.items()]
    )
    if any(recent[scope] >= limit for scope, _value, limit in checks):
        raise exceptions.RateLimited()


def _check_consent(*, consent: bool, options: RegistrationOptions, privacy_notice_version: int) -> None:
    if not consent:
        raise exceptions.ConsentMissing()
    if privacy_notice_version != options.privacy_notice_version:
        raise exceptions.PrivacyNoticeChanged()


def _municipality_full(
    options: RegistrationOptions, *, municipality, organisation: str, now: datetime, excluding=None
) -> bool:
    """Return whether the event's places for this municipality (or organisation) are all taken.

    The one limit rule, for registering and for confirming; call it while holding the event's lock.
    """
    if not options.max_per_municipality:
        return False
    taken = selectors.municipality_limit_count(
        event=options.event,
        municipality=municipality,
        organisation=organisation,
        now=now,
        excluding=excluding,
    )
    return taken >= options.max_per_municipality


def _create_one(
    options: RegistrationOptions,
    *,
    mode: str,
    data: ParticipantData,
    join_waitlist: bool,
    now: datetime,
    series_booking: SeriesBooking | None = None,
) -> Registration:
    """Check the rules for one event and add a registration awaiting confirmation. Lock held."""
    event = options.event
    _check_open(options, now=now)
    if mode not in offered_modes(event):
        raise exceptions.ModeNotOffered()
    email = normalize_email(data.email)
    active = Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
    if active.filter(email=email).exists():
        raise exceptions.AlreadyRegistered()
    _check_audience(event, data, now=now)
    municipality = _municipality_meant(data)
    organisation = " ".join(data.organisation.split())
    if _municipality_full(options, municipality=municipality, organisation=organisation, now=now):
        raise exceptions.MunicipalityLimitReached(options.max_per_municipality)
    if not join_waitlist and _free_seats(options, mode) == 0:
        raise exceptions.EventFull(Mode(mode).label)
    registration = Registration(
        event=event,
        series_booking=series_booking,
        mode=mode,
        status=Status.PENDING,
        name=data.name.strip(),
        email=email,
        # A municipality typed as organisation is recorded as such: limits and partner priority see it.
        municipality=municipality,
        organisation=organisation,
        function=data.function.strip(),
        comment=data.comment.strip() if options.ask_comment else "",
        created_at=now,
        privacy_notice_version=options.privacy_notice_version,
        consent_given=True,
        language=translation.get_language() or "",
    )
    # Uniqueness and constraints are the lock's and the database's job; related rows exist already.
    registration.full_clean(
        exclude=["event", "series_booking", "municipality"], validate_unique=False, validate_constraints=False
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:  # the same address in the same moment: the constraint is the last word
        raise exceptions.AlreadyRegistered() from error
    dietary = data.dietary_needs.strip() if options.ask_dietary_needs else ""
    accessibility = data.accessibility_needs.strip() if options.ask_accessibility_needs else ""
    if dietary or accessibility:
        RegistrationSensitiveData.objects.create(
            registration=registration, dietary_needs=dietary, accessibility_needs=accessibility
        )
    _log(registration, "registration.created", now=now)
    return registration


def _send_confirmation_request(registrations: list[Registration]) -> OutgoingMail:
    # confirmation_sent_at is set when the mail server has taken the mail (proof of consent).
    return mail.queue_later("confirm_request", registrations)


# --- the verbs -----------------------------------------------------------------------------------


def registration_create(
    *,
    event: Event,
    mode: str,
    data: ParticipantData,
    consent: bool,
    privacy_notice_version: int,
    join_waitlist: bool = False,
    client_address: str | None = None,
    now: datetime | None = None,
) -> Registration:
    """Register a person for one event; the registration waits for confirmation by email."""
    if not consent:
        raise exceptions.ConsentMissing()
    rate_limit_check(email=data.email, client_address=client_address, now=now)
    now = now or timezone.now()
    with transaction.atomic():
        options = _options_to_register(event.pk)
        _check_open(options, now=now)
        _check_consent(consent=consent, options=options, privacy_notice_version=privacy_notice_version)
        registration = _create_one(options, mode=mode, data=data, join_waitlist=join_waitlist, now=now)
        _send_confirmation_request([registration])
    return registration


def series_dates(*, event: Event, now: datetime | None = None) -> list[Event]:
    """Return the coming dates of the event's series that take registrations, this one included."""
    if event.series_id is None:
        return []
    now = now or timezone.now()
    return list(
        Event.objects.filter(
            series_id=event.series_id,
            status=Event.Status.PUBLISHED,
            starts_at__gte=min(now, event.starts_at),
            registration_options__enabled=True,
        )
        .select_related("registration_options")
        .order_by("starts_at")
    )


def series_register(
    *,
    event: Event,
    mode: str,
    data: ParticipantData,
    consent: bool,
    privacy_notice_version: int,
    client_address: str | None = None,
    now: datetime | None = None,
) -> list[Registration]:
    """Register a person for all coming dates of the event's series with one confirmation.

    Dates that are full put the person on that date's waiting list; dates that do not take this
    registration (not open yet, already registered, limit reached, mode not offered, another
    privacy notice than the one shown) are skipped.
    """
    if not consent:
        raise exceptions.ConsentMissing()
    rate_limit_check(email=data.email, client_address=client_address, now=now)
    now = now or timezone.now()
    with transaction.atomic():
        event_ids = [date.pk for date in series_dates(event=event, now=now)] or [event.pk]
        options_by_event = lock_options(event_ids)
        own_options = options_by_event.get(event.pk)
        _check_open(own_options, now=now)
        _check_consent(consent=consent, options=own_options, privacy_notice_version=privacy_notice_version)
        booking = SeriesBooking.objects.create(series_id=event.series_id) if event.series_id else None
        registrations, first_error = [], None
        for options in sorted(options_by_event.values(), key=lambda o: o.event.starts_at):
            if options.privacy_notice != own_options.privacy_notice:
                continue  # the person agreed to the notice shown; another text needs its own consent
            try:
                with transaction.atomic():
                    registrations.append(
                        _create_one(
                            options, mode=mode, data=data, join_waitlist=True, now=now, series_booking=booking
                        )
                    )
            except exceptions.RegistrationError as error:
                if options.event_id == event.pk:
                    first_error = error
        if not registrations:
            raise first_error or exceptions.NoSeriesDates()
        _send_confirmation_request(registrations)
    return registrations


def _group(registration: Registration) -> list[Registration]:
    """Return the registration and the other dates of its series booking, with their events."""
    return list(registration.booking_group().select_related("event"))


def _group_event_ids(registration: Registration) -> set[int]:
    """Return the events of the registration's booking: its own alone unless it is a series booking."""
    if registration.series_booking_id is None:
        return {registration.event_id}
    return set(registration.booking_group().values_list("event_id", flat=True))


def _take_seat_or_wait(options: RegistrationOptions, registration: Registration, *, now: datetime) -> None:
    free = _free_seats(options, registration.mode)
    if free is None or free > 0:
        registration.status = Status.AWAITING_APPROVAL if options.requires_approval else Status.CONFIRMED
    else:
        registration.status = Status.WAITLISTED
        registration.waitlisted_at = now


def registration_confirm(
    *, token: str, client_address: str | None = None, now: datetime | None = None
) -> Registration:
    """Confirm the registration (and its series dates) behind a confirmation link.

    Confirmed registrations take a free seat, or a place on the waiting list when the mode is full,
    or wait for the agency's approval. Raise Registration.DoesNotExist for unknown tokens and
    ConfirmationExpired when the 24 hours are over (the registration is then marked expired).

    A date whose municipality limit others reached after the hold is not confirmed: it stays
    pending (it expires as usual, or confirms once a place is free again), and for the link's own
    date MunicipalityLimitReachedMeanwhile says whom to ask; the series' other dates confirm.
    """
    now = now or timezone.now()
    # What finds the booking; everything else is read again under the lock.
    registration = Registration.objects.only("event_id", "series_booking_id", "email").get(
        confirm_token=token
    )
    expired = False
    refusal = None
    with transaction.atomic():
        options_by_event = lock_options(_group_event_ids(registration))
        # Read again under the lock: another request may have confirmed or expired them meanwhile.
        group = [r for r in _group(registration) if r.status == Status.PENDING or r.pk == registration.pk]
        primary = next(r for r in group if r.pk == registration.pk)
        state = selectors.confirmation_state(primary, now=now)
        if state == selectors.Confirmation.DONE:
            return primary
        pending = [r for r in group if r.status == Status.PENDING]
        if state == selectors.Confirmation.EXPIRED:
            for item in pending:
                if _claim_pending(item, status=Status.EXPIRED):
                    _log(item, "registration.expired", now=now)
            expired = True
        else:
            confirmed, refused = [], []
            for item in pending:
                options = options_by_event[item.event_id]
                # Once its hold is over a pending registration counts no more, so others may have
                # taken the last places meanwhile: the limit still holds at confirmation.
                if _municipality_full(
                    options,
                    municipality=item.municipality_id,
                    organisation=item.organisation,
                    now=now,
                    excluding=item,
                ):
                    _log(
                        item,
                        "registration.confirmation_refused",
                        now=now,
                        note="Höchstzahl je Kommune erreicht",
                    )
                    refused.append(item)
                    continue
                _take_seat_or_wait(options, item, now=now)
                # Conditional: registrations_expire takes no lock, and may have expired it meanwhile.
                if not _claim_pending(
                    item,
                    status=item.status,
                    confirmed_at=now,
                    confirmed_from=client_address,
                    waitlisted_at=item.waitlisted_at,
                ):
                    continue
                _log(item, f"registration.{item.status}", now=now, note="Bestätigt per E-Mail-Link")
                confirmed.append(item)
            if primary in refused:
                refusal = exceptions.MunicipalityLimitReachedMeanwhile(
                    options_by_event[primary.event_id].max_per_municipality,
                    contact=selectors.registration_contact(primary.event),
                )
            elif primary not in confirmed:
                expired = True
            if confirmed:
                _send_status_mail(confirmed, now=now)
    if refusal is not None:
        raise refusal
    if expired:
        raise exceptions.ConfirmationExpired()
    return primary


def _claim_pending(registration: Registration, **changes) -> bool:
    """Change a registration only if it still waits for confirmation; return whether it did.

    Confirmation and expiry both claim a pending registration this way, so neither overwrites the
    other's result, whichever runs first.
    """
    claimed = Registration.objects.filter(pk=registration.pk, status=Status.PENDING).update(**changes)
    if claimed:
        for name, value in changes.items():
            setattr(registration, name, value)
    return bool(claimed)


def _send_status_mail(registrations: list[Registration], *, now: datetime) -> OutgoingMail:
    """Tell the person what their confirmation led to."""
    if len(registrations) > 1:
        return mail.queue_later("series_confirmed", registrations, now=now)
    kind = {
        Status.CONFIRMED: "confirmed",
        Status.WAITLISTED: "waitlisted",
        Status.AWAITING_APPROVAL: "awaiting_approval",
    }[registrations[0].status]
    return mail.queue_later(kind, registrations, now=now)


def waitlist_position(registration: Registration) -> int | None:
    """Return the 1-based place on the waiting list (before any partner priority), or None."""
    if registration.status != Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, mode=registration.mode, status=Status.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def partner_municipality_ids(*, agency, on=None) -> set[int]:
    """Return the ids of the municipalities in an active partnership with the agency."""
    from municipalities.models import Partnership

    partnerships = Partnership.objects.active(on=on).filter(agency=agency)
    partnerships = partnerships.exclude(status=Partnership.Status.INTERESTED)
    return set(partnerships.values_list("municipality_id", flat=True))


def _promotion_order(options: RegistrationOptions, waiting: list[Registration]) -> list[Registration]:
    if not options.partner_priority:
        return waiting
    partners = partner_municipality_ids(agency=options.event.agency)
    # sorted() is stable: within each group the waiting-list order stays.
    return sorted(waiting, key=lambda r: r.municipality_id not in partners)


def waitlist_promote(
    *, event: Event, mode: str | None = None, actor=None, now: datetime | None = None
) -> list[Registration]:
    """Give free seats to the first people waiting (partner municipalities first if the event says so),
    passing over those whose municipality has meanwhile reached the event's limit.

    Promoted people are told by email. Nothing happens once the event has started or was cancelled.
    """
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        options = lock_options([event.pk]).get(event.pk)
        if options is None:
            return []
        event = options.event
        if event.status == Event.Status.CANCELLED or event.starts_at <= now:
            return []
        for current_mode in [mode] if mode else offered_modes(event):
            waiting = list(
                Registration.objects.filter(event=event, mode=current_mode, status=Status.WAITLISTED)
                .select_related("event")
                .order_by("waitlisted_at", "pk")
            )
            if not waiting:
                continue
            free = _free_seats(options, current_mode)
            promoted_in_mode = 0
            for registration in _promotion_order(options, waiting):
                if free is not None and promoted_in_mode >= free:
                    break
                if _municipality_full(
                    options,
                    municipality=registration.municipality_id,
                    organisation=registration.organisation,
                    now=now,
                ):
                    continue  # stays waiting: the places for its municipality are taken meanwhile
                promoted_in_mode += 1
                registration.status = (
                    Status.AWAITING_APPROVAL if options.requires_approval else Status.CONFIRMED
                )
                registration.save(update_fields=["status"])
                _log(registration, "registration.promoted", actor=actor, now=now)
                mail.queue_later("promoted", [registration], now=now)
                promoted.append(registration)
    return promoted


def registration_cancel(
    *,
    registration: Registration,
    actor=None,
    whole_series: bool = False,
    message: str = "",
    now: datetime | None = None,
) -> list[Registration]:
    """Cancel a registration (or every coming date of its series booking) and promote people waiting.

    ``actor`` is the staff user when the agency cancels, None when the person does it themselves;
    ``message`` (from the agency) goes into the person's mail. Return the registrations cancelled.
    """
    now = now or timezone.now()
    with transaction.atomic():
        group = _group(registration) if whole_series else [registration]
        options_by_event = lock_options({r.event_id for r in group})
        pks = [r.pk for r in group]
        targets = list(
            Registration.objects.filter(pk__in=pks, status__in=Registration.ACTIVE)
            .select_related("event")
            .order_by("event__starts_at")
        )
        if whole_series:
            targets = [r for r in targets if selectors.can_cancel(r, now=now)]
        elif not targets:
            raise exceptions.RegistrationInactive()
        elif not selectors.can_cancel(targets[0], now=now):
            raise exceptions.EventAlreadyOver()
        freed = set()
        for item in targets:
            if item.holds_seat:
                freed.add((item.event_id, item.mode))
            item.status = Status.CANCELLED
            item.cancelled_at = now
            item.save(update_fields=["status", "cancelled_at"])
            _log(item, "registration.cancelled", actor=actor, note=message, now=now)
        if targets:
            mail.queue_later("cancelled", targets, extra={"message": message.strip()}, now=now)
        for event_id, mode in sorted(freed):
            waitlist_promote(event=options_by_event[event_id].event, mode=mode, now=now)
    return targets


def registration_approve(
    *, registration: Registration, actor=None, now: datetime | None = None
) -> Registration:
    """Approve a registration that awaits the agency's decision; it keeps its seat."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_options([registration.event_id])
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status != Status.AWAITING_APPROVAL:
            raise exceptions.NotAwaitingApproval()
        registration.status = Status.CONFIRMED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at"])
        _log(registration, "registration.approved", actor=actor, now=now)
        mail.queue_later("confirmed", [registration], now=now)
    return registration


def registration_reject(
    *, registration: Registration, actor=None, reason: str = "", now: datetime | None = None
) -> Registration:
    """Reject a registration that awaits approval; its seat goes to the first person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        options = lock_options([registration.event_id])[registration.event_id]
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status != Status.AWAITING_APPROVAL:
            raise exceptions.NotAwaitingApproval()
        registration.status = Status.REJECTED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at"])
        _log(registration, "registration.rejected", actor=actor, note=reason, now=now)
        mail.queue_later("rejected", [registration], extra={"reason": reason.strip()}, now=now)
        waitlist_promote(event=options.event, mode=registration.mode, now=now)
    return registration


def registration_move_from_waitlist(
    *, registration: Registration, actor=None, now: datetime | None = None
) -> Registration:
    """Give a person the agency chose from the waiting list a free seat in their mode, out of turn.

    Raise NotWaitlisted, EventAlreadyOver, or NoSeatFree when every seat of that mode is taken.
    """
    now = now or timezone.now()
    with transaction.atomic():
        options = lock_options([registration.event_id])[registration.event_id]
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status != Status.WAITLISTED:
            raise exceptions.NotWaitlisted()
        if registration.event.starts_at <= now:
            raise exceptions.EventAlreadyOver()
        if _free_seats(options, registration.mode) == 0:
            raise exceptions.NoSeatFree(Mode(registration.mode).label)
        # The agency chose this person itself: that is its approval, too.
        registration.status = Status.CONFIRMED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at"])
        _log(registration, "registration.moved_from_waitlist", actor=actor, now=now)
        mail.queue_later("promoted", [registration], now=now)
    return registration


def attendance_record(
    *,
    event: Event,
    attended: Iterable[int] = (),
    absent: Iterable[int] = (),
    actor=None,
    now: datetime | None = None,
) -> int:
    """Record who took part (ids in ``attended``) and who did not (``absent``) once the event began.

    Only confirmed registrations of the event count; return how many records changed.
    """
    now = now or timezone.now()
    wanted = {pk: False for pk in absent} | {pk: True for pk in attended}
    changed = 0
    with transaction.atomic():
        lock_options([event.pk])
        event = Event.objects.get(pk=event.pk)
        if event.starts_at > now:
            raise exceptions.EventNotStartedYet()
        targets = Registration.objects.filter(event=event, status=Status.CONFIRMED, pk__in=list(wanted))
        for registration in targets.order_by("pk"):
            value = wanted[registration.pk]
            if registration.attended is value:
                continue
            registration.attended = value
            registration.save(update_fields=["attended"])
            verb = "registration.attended" if value else "registration.absent"
            _log(registration, verb, actor=actor, now=now)
            changed += 1
    return changed


def attendance_record_all_confirmed(
    *, event: Event, exceptions_ids: Iterable[int] = (), actor=None, now: datetime | None = None
) -> int:
    """Record every confirmed person as present except those in ``exceptions_ids`` (absent)."""
    absent = set(exceptions_ids)
    with transaction.atomic():
        confirmed = set(
            Registration.objects.filter(event=event, status=Status.CONFIRMED).values_list("pk", flat=True)
        )
        return attendance_record(
            event=event, attended=confirmed - absent, absent=confirmed & absent, actor=actor, now=now
        )


def participants_mail_send(
    *, event: Event, group: str, subject: str, message: str, actor=None, now: datetime | None = None
) -> int:
    """Queue the agency's mail (subject and text) to one group of the event's people; return how many.

    ``group`` is a key of ``selectors.MAIL_GROUPS`` (confirmed, waiting, everyone registered).
    """
    now = now or timezone.now()
    subject, message = " ".join(subject.split()), message.strip()
    with transaction.atomic():
        lock_options([event.pk])
        recipients = list(mail_recipients(event=event, group=group))
        if not recipients:
            raise exceptions.NoRecipients()
        for registration in recipients:
            _log(registration, "registration.mail_sent", actor=actor, note=subject, now=now)
            mail.queue_later(
                mail.FREE_TEXT, [registration], extra={"subject": subject, "message": message}, now=now
            )
        audit.record(
            action="events.event.participants_mailed",
            obj=event,
            actor=actor,
            agency=event.agency,
            note=f"{subject} ({len(recipients)} Empfänger)",
        )
    return len(recipients)


def registration_options_changed(*, event: Event, actor=None) -> list[Registration]:
    """Call after an agency changed an event's options: raised capacity goes to people waiting."""
    return waitlist_promote(event=event, actor=actor)


def registrations_expire(*, now: datetime | None = None) -> int:
    """Expire registrations not confirmed in time (they held no seat) and forget old rate-limit hits.

    The expired registrations themselves go later, with the retention run (RETENTION_UNCONFIRMED_DAYS).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)
    expired = 0
    with transaction.atomic():
        stale = list(Registration.objects.filter(status=Status.PENDING, created_at__lte=cutoff))
        for registration in stale:
            # A confirmation in the same moment wins: only a still pending registration expires.
            if _claim_pending(registration, status=Status.EXPIRED):
                _log(registration, "registration.expired", now=now)
                expired += 1
        window = timedelta(minutes=settings.REGISTRATION_RATE_LIMIT_WINDOW_MINUTES)
        RateLimitHit.objects.filter(created_at__lt=now - window).delete()
    return expired


def registration_resend(
    *, registration: Registration, client_address: str | None = None, now: datetime | None = None
) -> None:
    """Send the person their links again: the confirmation link while pending, else the personal page."""
    rate_limit_check(email=registration.email, client_address=client_address, now=now)
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status == Status.PENDING:
            group = [r for r in _group(registration) if r.status == Status.PENDING]
            _send_confirmation_request(group)
        else:
            mail.queue_for_registrations("personal_link", [registration])
        _log(registration, "registration.link_resent", now=now)


def registration_resend_for_email(
    *, event: Event, email: str, client_address: str | None = None, now: datetime | None = None
) -> None:
    """Resend the links of the active registration of this email for the event, if there is one.

    The caller shows the same message either way, so nobody learns who is registered.
    """
    registration = (
        Registration.objects.filter(event=event, email=normalize_email(email), status__in=Registration.ACTIVE)
        .select_related("event")
        .first()
    )
    if registration is None:
        rate_limit_check(email=email, client_address=client_address, now=now)
        return
    registration_resend(registration=registration, client_address=client_address, now=now)


def registrations_overview_send(*, email: str, client_address: str | None = None) -> None:
    """Email a signed, expiring link to the list of all registrations of this address (any agency).

    An address without registrations gets one mail too, saying so: both answers cost the same
    queries and one outbox row, so neither the page nor its timing tells who is registered.
    """
    rate_limit_check(email=email, client_address=client_address)
    email = normalize_email(email)
    with transaction.atomic():
        if Registration.objects.filter(email=email).exists():
            mail.queue_overview_link(email=email)
        else:
            mail.queue_no_registrations(email=email)


def registrations_cancel_with_event(*, event: Event, actor=None, now: datetime) -> int:
    """Cancel the active registrations of a cancelled event and tell each person; return how many.

    The caller holds the event's options lock (``lock_options``).
    """
    affected = list(Registration.objects.filter(event=event, status__in=Registration.ACTIVE))
    for registration in affected:
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        _log(registration, "registration.cancelled_with_event", actor=actor, now=now)
        registration.event = event
        mail.queue_later("event_cancelled", [registration], now=now)
    return len(affected)


def registrations_notify_changed(*, event: Event, message: str = "", actor=None, now: datetime) -> int:
    """Tell everyone registered (confirmed, waiting or awaiting approval) that the event changed."""
    affected = list(
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        .exclude(status=Status.PENDING)
        .select_related("event")
    )
    for registration in affected:
        _log(registration, "registration.event_changed_sent", actor=actor, note=message, now=now)
        mail.queue_for_registrations("event_changed", [registration], extra={"message": message}, now=now)
    return len(affected)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed participants of events that start tomorrow (local time), once each."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=start,
        event__starts_at__lt=start + timedelta(days=1),
    ).select_related("event")
    count = 0
    for registration in due:
        with transaction.atomic():
            # Claim the reminder first: two runs at the same time never send it twice.
            claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                mail.queue_for_registrations("reminder", [registration], now=now)
                count += 1
    return count


def access_links_send(*, now: datetime | None = None) -> int:
    """Mail the online access link to each confirmed online participant once its lead time began.

    The same rule as the personal page (``selectors.online_access_url``); each person once, also
    when their confirmation after the lead time carried the link already.
    """
    now = now or timezone.now()
    due = (
        Registration.objects.filter(selectors.online_access_due(now=now), access_link_sent_at__isnull=True)
        .select_related("event__agency", "event__venue", "event__registration_options")
        .order_by("event__starts_at", "pk")
    )
    count = 0
    for registration in due:
        with transaction.atomic():
            # Claim the mail first: two runs at the same time never send it twice, and a person
            # who cancelled meanwhile is not claimed.
            claimed = Registration.objects.filter(
                pk=registration.pk, status=Status.CONFIRMED, access_link_sent_at__isnull=True
            ).update(access_link_sent_at=now)
            if claimed:
                mail.queue_for_registrations("access_link", [registration], now=now)
                count += 1
    return count


# --- the person's own data ---------------------------------------------------------------------------


def deletion_request_create(*, registration: Registration, now: datetime | None = None) -> DeletionRequest:
    """Record the person's request to delete their registration; asking twice keeps the first request."""
    now = now or timezone.now()
    with transaction.atomic():
        open_request = DeletionRequest.objects.filter(registration=registration, carried_out_at__isnull=True)
        existing = open_request.first()
        if existing is not None:
            return existing
        deletion_request = DeletionRequest(
            event_id=registration.event_id, registration=registration, requested_at=now
        )
        deletion_request.full_clean(exclude=["event", "registration"], validate_constraints=False)
        try:
            with transaction.atomic():
                deletion_request.save()
        except IntegrityError:  # the same request from a second tab in the same moment
            return open_request.get()
        audit.record(
            action="events.deletionrequest.created",
            obj=deletion_request,
            agency_id=registration.event.agency_id,
            at=now,
        )
    return deletion_request


def deletion_request_carry_out(
    *, deletion_request: DeletionRequest, actor=None, now: datetime | None = None
) -> DeletionRequest:
    """Delete the registration behind the request and its series dates, or reduce them to attendance records.

    A confirmed registration of an event that has begun is reduced, not deleted: the agency must
    prove the participation to its funder (kept until ``RETENTION_DELETE_YEARS``). Anything else
    is deleted; an active registration of a coming event is cancelled first, so its seat goes to
    the people waiting. The person gets no more mail: it would need the address they asked us to delete.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = DeletionRequest.objects.filter(pk=deletion_request.pk, carried_out_at__isnull=True).update(
            carried_out_at=now, carried_out_by=actor if getattr(actor, "is_authenticated", False) else None
        )
        if not claimed:
            raise exceptions.DeletionAlreadyCarriedOut()
        deletion_request = DeletionRequest.objects.select_related("event", "registration__event").get(
            pk=deletion_request.pk
        )
        registration = deletion_request.registration
        # The personal page and the export show every date of a series booking: the request covers them all.
        group = _group(registration) if registration is not None else []  # None: retention came first
        for item in group:
            if selectors.can_cancel(item, now=now):
                registration_cancel(registration=item, actor=actor, now=now)
        kept = [item.pk for item in group if item.status == Status.CONFIRMED and item.event.starts_at <= now]
        retention.registrations_reduce(ids=kept, now=now)
        retention.registrations_delete(ids=[item.pk for item in group if item.pk not in kept])
        outcome = DeletionRequest.Outcome.REDUCED if kept else DeletionRequest.Outcome.DELETED
        deletion_request.outcome = outcome
        deletion_request.save(update_fields=["outcome"])
        audit.record(
            action=f"events.deletionrequest.{outcome}",
            obj=deletion_request,
            actor=actor,
            agency_id=deletion_request.event.agency_id,
            note=str(DeletionRequest.Outcome(outcome).label),
            at=now,
        )
    deletion_request.refresh_from_db()
    return deletion_request


# --- after the event: attendance lists, certificates, documentation ------------------------------------


@dataclass(frozen=True)
class AttendanceImport:
    """What an imported attendance list did: who was marked, and the lines that matched nobody."""

    marked: int
    matched: list[str]
    unmatched: list[str]


def attendance_import(
    *, event: Event, emails: Iterable[str], actor=None, now: datetime | None = None
) -> AttendanceImport:
    """Mark the confirmed registrations whose address is in ``emails`` as attended (case-insensitive).

    Addresses that match no confirmed registration of the event come back in ``unmatched``; nobody
    is marked absent, since a list from a video conference names only who dialled in.
    """
    now = now or timezone.now()
    wanted = {}
    for email in emails:
        wanted.setdefault(normalize_email(email), email.strip())
    with transaction.atomic():
        by_email = {
            normalize_email(email): pk
            for pk, email in Registration.objects.filter(
                event=event, status=Status.CONFIRMED, reduced_at__isnull=True
            ).values_list("pk", "email")
        }
        found = [address for address in wanted if address in by_email]
        marked = attendance_record(
            event=event, attended=[by_email[address] for address in found], actor=actor, now=now
        )
        unmatched = [wanted[address] for address in wanted if address not in by_email]
        audit.record(
            action="events.event.attendance_imported",
            obj=event,
            actor=actor,
            agency=event.agency,
            note=f"{len(found)} erkannt, {marked} neu als anwesend erfasst, {len(unmatched)} ohne Treffer",
            at=now,
        )
    return AttendanceImport(
        marked=marked, matched=[wanted[address] for address in found], unmatched=unmatched
    )


def certificates_send(*, event: Event, registration_ids: Iterable[int], actor=None) -> int:
    """Queue a mail with the attendance certificate to each of these people who took part; return how many.

    The PDF is rendered when the mail is sent. Raise ``NoCertificate`` (and queue nothing) if one
    of them did not attend or has no address left (a reduced registration).
    """
    with transaction.atomic():
        chosen = list(
            Registration.objects.select_related("event__agency", "event__venue")
            .filter(event=event, pk__in=list(registration_ids))
            .order_by("pk")
        )
        for registration in chosen:
            if (
                registration.attended is not True
                or registration.status != Status.CONFIRMED
                or not registration.email
            ):
                raise exceptions.NoCertificate(registration.name)
        for registration in chosen:
            mail.queue_for_registrations(mail.CERTIFICATE, [registration])
            _log(registration, "registration.certificate_sent", actor=actor)
    return len(chosen)


def documentation_recipients(event: Event):
    """Return the registrations the documentation mail goes to: confirmed ones, or only who attended."""
    recipients = Registration.objects.filter(event=event, status=Status.CONFIRMED, reduced_at__isnull=True)
    if event.documentation_recipients == Event.DocumentationRecipients.ATTENDED:
        recipients = recipients.filter(attended=True)
    return recipients.select_related("event__agency", "event__venue").order_by("pk")


def documentation_publish(*, event: Event, actor=None, now: datetime | None = None) -> int:
    """Announce the participants-only documentation by mail, once per event; return how many were told.

    The event's ``documentation_published_at`` is claimed with one conditional UPDATE: a second
    click, or a second admin at the same moment, finds it taken and raises
    ``DocumentationAlreadyPublished`` without queueing anything.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if not event.materials.filter(participants_only=True).exists():
            raise exceptions.NoParticipantsMaterials()
        claimed = Event.objects.filter(pk=event.pk, documentation_published_at__isnull=True).update(
            documentation_published_at=now
        )
        if not claimed:
            published_at = Event.objects.values_list("documentation_published_at", flat=True).get(pk=event.pk)
            raise exceptions.DocumentationAlreadyPublished(published_at)
        event.documentation_published_at = now
        recipients = list(documentation_recipients(event))
        for registration in recipients:
            mail.queue_for_registrations(mail.DOCUMENTATION_PUBLISHED, [registration], now=now)
        audit.record(
            action="events.event.documentation_published",
            obj=event,
            actor=actor,
            agency=event.agency,
            note=f"{len(recipients)} Empfänger",
            at=now,
        )
    return len(recipients)
