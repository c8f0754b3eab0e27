"""Verbs that change events themselves: cancel, postpone, duplicate an event, tell participants of a change.

Registration verbs live in ``events.registration.services``; the verbs that concern participants take
the same per-event lock, so a cancellation and a registration never interleave. Each verb records
itself in the audit trail (``events.event.<verb>``) in its transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events.registration import services as registration_services
from portal import audit

from .models import Event, ProgrammeItem, Speaker


def _record_status(event: Event, *, verb: str, before: str, actor, note: str = "") -> None:
    audit.record(
        action=f"events.event.{verb}",
        obj=event,
        actor=actor,
        agency_id=event.agency_id,
        changes={"status": [before, event.status]} if before != event.status else {},
        note=note,
    )


def event_cancel(*, event: Event, notice: str = "", actor=None, now: datetime.datetime | None = None) -> int:
    """Cancel an event: mark it cancelled, cancel its active registrations and tell everyone.

    Return the number of people told.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration_services.lock_options([event.pk])
        event = Event.objects.get(pk=event.pk)
        before = event.status
        event.status = Event.Status.CANCELLED
        if notice:
            event.status_notice = notice
        event.save(update_fields=["status", "status_notice", "updated_at"])
        _record_status(event, verb="cancelled", before=before, actor=actor, note=notice)
        return registration_services.registrations_cancel_with_event(event=event, actor=actor, now=now)


def event_postpone(
    *, event: Event, notice: str = "", actor=None, now: datetime.datetime | None = None
) -> int:
    """Postpone an event: mark it postponed (registrations stay) and tell everyone registered.

    Return the number of people told.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration_services.lock_options([event.pk])
        event = Event.objects.get(pk=event.pk)
        before = event.status
        event.status = Event.Status.POSTPONED
        if notice:
            event.status_notice = notice
        event.save(update_fields=["status", "status_notice", "updated_at"])
        _record_status(event, verb="postponed", before=before, actor=actor, note=notice)
        return registration_services.registrations_notify_changed(
            event=event, message=notice, actor=actor, now=now
        )


def event_changed_notify(
    *, event: Event, message: str = "", actor=None, now: datetime.datetime | None = None
) -> int:
    """Tell everyone registered (confirmed, waiting or awaiting approval) that the event changed."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_services.lock_options([event.pk])
        event = Event.objects.get(pk=event.pk)
        told = registration_services.registrations_notify_changed(
            event=event, message=message, actor=actor, now=now
        )
        _record_status(event, verb="change_notified", before=event.status, actor=actor, note=message)
        return told


def _free_slug(base: str) -> str:
    base = base[:230]
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _shifted(event: Event, copy: Event, item: ProgrammeItem) -> dict:
    """Return the day and times of a programme item moved by the same (local) shift as the event."""
    old_start = timezone.localtime(event.starts_at).replace(tzinfo=None)
    new_start = timezone.localtime(copy.starts_at).replace(tzinfo=None)
    delta = new_start - old_start

    def move(time):
        moment = (
            datetime.datetime.combine(old_start.date(), time) + datetime.timedelta(days=item.day - 1) + delta
        )
        return (moment.date() - new_start.date()).days + 1, moment.time()

    day, starts_at = move(item.starts_at)
    ends_at = move(item.ends_at)[1] if item.ends_at else None
    return {"day": max(day, 1), "starts_at": starts_at, "ends_at": ends_at}


def event_duplicate(*, event: Event, starts_at: datetime.datetime, actor=None) -> Event:
    """Copy an event as a draft starting at ``starts_at``: programme, speakers and registration settings.

    The end, the programme and the registration period move by the same shift; registrations,
    materials, the review and the status notice stay with the original.
    """
    delta = starts_at - event.starts_at
    with transaction.atomic():
        original = Event.objects.select_related("registration_options").get(pk=event.pk)
        copy = Event.objects.get(pk=event.pk)
        copy.pk = None
        copy._state.adding = True
        copy.status = Event.Status.DRAFT
        copy.status_notice = ""
        copy.review = ""
        copy.starts_at = starts_at
        copy.ends_at = original.ends_at + delta
        day = timezone.localtime(starts_at).date()
        copy.slug = _free_slug(f"{slugify(original.title)[:200] or 'veranstaltung'}-{day:%Y-%m-%d}")
        copy.full_clean()
        copy.save()
        copy.co_agencies.set(original.co_agencies.all())
        copy.topics.set(original.topics.all())
        copy.target_groups.set(original.target_groups.all())

        items = {}
        for item in original.programme_items.all():
            new_item = ProgrammeItem(
                event=copy,
                title=item.title,
                kind=item.kind,
                description=item.description,
                **_shifted(original, copy, item),
            )
            new_item.full_clean()
            new_item.save()
            items[item.pk] = new_item
        for speaker in original.speakers.all():
            new_speaker = Speaker(
                event=copy,
                programme_item=items.get(speaker.programme_item_id),
                name=speaker.name,
                title=speaker.title,
                institution=speaker.institution,
                order=speaker.order,
            )
            new_speaker.full_clean()
            new_speaker.save()

        options = getattr(original, "registration_options", None)
        if options is not None:
            options.pk = None
            options._state.adding = True
            options.event = copy
            options.opens_at = options.opens_at + delta if options.opens_at else None
            options.closes_at = options.closes_at + delta if options.closes_at else None
            # The access link belongs to the original date's meeting.
            options.online_access_url = ""
            options.full_clean()
            options.save()

        audit.record(
            action="events.event.duplicated",
            obj=copy,
            actor=actor,
            agency_id=copy.agency_id,
            changes={"starts_at": [audit.shown(original.starts_at), audit.shown(copy.starts_at)]},
            note=f"Kopie von {original} (#{original.pk})",
        )
    return copy
