"""The background worker: sends the outbox and runs the periodic jobs, outside any request.

``manage.py mail_worker`` calls ``run_once`` in a loop (``--once`` for cron and tests). Each job
runs when its last run (a heartbeat ``job.<name>``) is older than its interval, so the schedule
survives restarts and ``--once`` from cron keeps it too. After every loop the worker records the
heartbeat ``"worker"``, which the health check reads.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from events.registration import mail, retention, services
from portal.health import last_heartbeat, record_heartbeat

logger = logging.getLogger(__name__)

HEARTBEAT = "worker"


@dataclass(frozen=True)
class Job:
    """A task the worker runs every ``every``, from ``from_hour`` local time on; ``run`` takes no argument."""

    name: str
    every: timedelta
    run: Callable[[], object]
    from_hour: int = 0

    @property
    def heartbeat(self) -> str:
        return f"job.{self.name}"


# Add a job here: it runs in the worker's next loop, then every ``every``. Jobs run before the outbox
# is sent, so the mails they queue go out in the same loop.
SCHEDULE = (
    Job("expire_registrations", every=timedelta(minutes=1), run=services.registrations_expire),
    # Reminders go out in the morning of the day before, not at midnight.
    Job("send_registration_reminders", every=timedelta(minutes=15), run=services.reminders_send, from_hour=9),
    Job("send_access_links", every=timedelta(minutes=5), run=services.access_links_send),
    # Retention once a day, at night when nobody works in the admin.
    Job("retention_run", every=timedelta(days=1), run=retention.retention_run, from_hour=3),
)


@dataclass
class Report:
    """What one loop did."""

    jobs: list[str] = field(default_factory=list)
    failed_jobs: list[str] = field(default_factory=list)
    sent: int = 0
    failed: int = 0


def due_jobs(schedule=SCHEDULE, *, now=None) -> list[Job]:
    """Return the jobs whose last run is longer ago than their interval (or that never ran)."""
    now = now or timezone.now()
    hour = timezone.localtime(now).hour
    due = []
    for job in schedule:
        if hour < job.from_hour:
            continue
        last = last_heartbeat(job.heartbeat)
        if last is None or now - last >= job.every:
            due.append(job)
    return due


def run_once(schedule=SCHEDULE, *, mail_limit: int = 200) -> Report:
    """Run the due jobs, send the due mails, record the heartbeat; return what was done."""
    report = Report()
    for job in due_jobs(schedule):
        try:
            job.run()
        except Exception:  # one broken job must not stop the mails or the other jobs
            logger.exception("Worker job %s failed", job.name)
            report.failed_jobs.append(job.name)
        else:
            record_heartbeat(job.heartbeat)
            report.jobs.append(job.name)
    report.sent, report.failed = mail.send_queued(limit=mail_limit)
    record_heartbeat(HEARTBEAT)
    return report
