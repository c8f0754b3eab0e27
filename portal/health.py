"""What /healthz reports: the database, the heartbeat of background processes, figures of other apps.

``portal`` is the lowest layer and may not import the apps above it, so they hand in what they want
reported: the events app registers the length of its mail queue with ``register_figure`` in its
``AppConfig.ready()``, the way it registers its admin start section.

The heartbeat contract with the mail worker: it calls ``record_heartbeat(WORKER)`` at least once per
``HEALTH_WORKER_MAX_AGE_MINUTES``; an older (or missing) beat makes /healthz answer 503, "stale".
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from .models import Heartbeat

WORKER = "worker"
# Raised by the database driver (wrapped by Django) when no connection can be had or it broke off.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

_figures: dict[str, Callable[[], object]] = {}


def register_figure(name: str, compute: Callable[[], object]) -> None:
    """Report ``compute()`` under ``name`` on /healthz (it may query the database)."""
    _figures[name] = compute


def record_heartbeat(name: str, *, at: datetime | None = None) -> datetime:
    """Record that the process or job ``name`` is alive now (or at ``at``); return that time.

    The mail worker records ``WORKER`` after every round and ``"job.<name>"`` after each scheduled job.
    """
    beat_at = at or timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": beat_at})
    return beat_at


def last_heartbeat(name: str) -> datetime | None:
    """Return when ``name`` last recorded a heartbeat, or None if it never did."""
    return Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()


def report() -> tuple[bool, dict]:
    """Return whether the portal is healthy and what /healthz shows: database, figures, worker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        figures = {name: compute() for name, compute in _figures.items()}
        beat = last_heartbeat(WORKER)
    except DATABASE_UNAVAILABLE:
        return False, {"database": "down", **dict.fromkeys(_figures), "worker": "unknown"}
    max_age = timedelta(minutes=settings.HEALTH_WORKER_MAX_AGE_MINUTES)
    worker = "ok" if beat is not None and timezone.now() - beat <= max_age else "stale"
    return worker == "ok", {"database": "ok", **figures, "worker": worker}
