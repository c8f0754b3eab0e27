import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import connections

from events import worker

logger = logging.getLogger("events.worker")
# Either ends the loop after the round under way: systemd sends SIGTERM, a terminal Ctrl+C.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = (
        "Send queued mails and run the periodic jobs (expire unconfirmed registrations, reminders), "
        "in a loop until stopped (SIGTERM or Ctrl+C finish the current round first). "
        "With --once: one round, for cron or a test."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between rounds (default: 5)."
        )
        parser.add_argument("--limit", type=int, default=200, help="At most this many mails per round.")

    def handle(self, *args, once, interval, limit, **options):
        if once:
            self._report(worker.run_once(mail_limit=limit))
            return
        stop = threading.Event()
        previous = {signum: signal.signal(signum, lambda *_args: stop.set()) for signum in STOP_SIGNALS}
        logger.info("Mail worker started, a round every %s s", interval)
        try:
            while not stop.is_set():
                # A full round means more mails are waiting (a rush of registrations): go on at once.
                if not self._round(limit):
                    stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        logger.info("Mail worker stopped")

    def _round(self, limit) -> bool:
        """Run one round; return whether it sent as many mails as it may (more may be due)."""
        # A long-running process must drop connections the database closed (or CONN_MAX_AGE ended);
        # not one inside a transaction (a test's), which closing would end.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        try:
            report = worker.run_once(mail_limit=limit)
        except Exception:  # the database may be away for a moment: log, wait, try again
            logger.exception("Worker round failed")
            return False
        if report.jobs or report.sent or report.failed or report.failed_jobs:
            self._report(report)
        return report.sent + report.failed >= limit

    def _report(self, report):
        self.stdout.write(
            f"Aufgaben: {', '.join(report.jobs) or '–'}; "
            f"{report.sent} E-Mails verschickt, {report.failed} fehlgeschlagen."
        )
        if report.failed_jobs:
            self.stderr.write(f"Fehlgeschlagene Aufgaben: {', '.join(report.failed_jobs)}")
