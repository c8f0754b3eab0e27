from django.core.management.base import BaseCommand

from events.registration import mail
from portal.health import WORKER, record_heartbeat


class Command(BaseCommand):
    help = (
        "Send queued registration mails that are due, retrying failed ones with a growing pause. "
        "Run it every few minutes (cron); mails are normally sent right after each request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="At most this many mails per run.")

    def handle(self, *args, limit, **options):
        sent, failed = mail.send_queued(limit=limit)
        record_heartbeat(WORKER)
        self.stdout.write(f"{sent} E-Mails verschickt, {failed} fehlgeschlagen.")
        if failed:
            self.stderr.write(
                "Fehlgeschlagene E-Mails bleiben in der Warteschlange und werden später erneut versucht."
            )
