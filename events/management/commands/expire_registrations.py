from django.core.management.base import BaseCommand

from events.registration import services


class Command(BaseCommand):
    help = (
        "Mark registrations not confirmed within the confirmation window as expired and forget old "
        "rate-limit entries. Run it every hour (cron)."
    )

    def handle(self, *args, **options):
        expired = services.registrations_expire()
        self.stdout.write(f"{expired} unbestätigte Anmeldungen sind abgelaufen.")
