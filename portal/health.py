"""Heartbeats: background processes say they are alive, health checks ask when they last did.

The mail worker records ``"worker"`` at the end of every loop and ``"job.<name>"`` after each
scheduled job, so a check (``/healthz``) can tell a stopped worker from an idle one.
"""

from datetime import datetime

from django.utils import timezone

from .models import Heartbeat


def record_heartbeat(name: str, *, at: datetime | None = None) -> datetime:
    """Record that the process or job ``name`` is alive now (or at ``at``); return that time."""
    beat_at = at or timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": beat_at})
    return beat_at


def last_heartbeat(name: str) -> datetime | None:
    """Return when ``name`` last recorded a heartbeat, or None if it never did."""
    return Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
