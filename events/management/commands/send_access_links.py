from django.core.management.base import BaseCommand

from events.registration import mail, services


class Command(BaseCommand):
    help = (
        "Queue and send the online access link to confirmed online participants once the event's "
        "lead time has begun (each person once). Run it every few minutes."
    )

    def handle(self, *args, **options):
        count = services.access_links_send()
        sent, failed = mail.send_queued()
        self.stdout.write(
            f"{count} Zugangslinks vorgemerkt; {sent} E-Mails verschickt, {failed} fehlgeschlagen."
        )
