from django.core.management.base import BaseCommand

from events.registration import mail, services


class Command(BaseCommand):
    help = "Queue and send the reminder for events that start tomorrow (each person once). Run it daily."

    def handle(self, *args, **options):
        count = services.reminders_send()
        sent, failed = mail.send_queued()
        self.stdout.write(
            f"{count} Erinnerungen vorgemerkt; {sent} E-Mails verschickt, {failed} fehlgeschlagen."
        )
