"""Verbs that change events themselves: cancel an event, tell participants of a change.

Registration verbs live in ``events.registration.services``; these two take the same
per-event lock, so a cancellation and a registration never interleave.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from events.registration import services as registration_services

from .models import Event


def event_cancel(*, event: Event, notice: str = "", actor=None, now: datetime | None = None) -> int:
    """Cancel an event: mark it cancelled, cancel its active registrations and tell everyone.

    Return the number of people told.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration_services.lock_options([event.pk])
        event = Event.objects.get(pk=event.pk)
        event.status = Event.Status.CANCELLED
        if notice:
            event.status_notice = notice
        event.save(update_fields=["status", "status_notice", "updated_at"])
        return registration_services.registrations_cancel_with_event(event=event, actor=actor, now=now)


def event_changed_notify(*, event: Event, message: str = "", actor=None, now: datetime | None = None) -> int:
    """Tell everyone registered (confirmed, waiting or awaiting approval) that the event changed."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_services.lock_options([event.pk])
        event = Event.objects.get(pk=event.pk)
        return registration_services.registrations_notify_changed(
            event=event, message=message, actor=actor, now=now
        )
