from django.core.management.base import BaseCommand

from events.registration.retention import retention_run


class Command(BaseCommand):
    help = (
        "Apply the retention periods of participants' data (RETENTION_* settings): delete needs answers, "
        "reduce registrations to the attendance record, delete old records and unconfirmed registrations. "
        "Run it daily."
    )

    def handle(self, *args, **options):
        report = retention_run()
        self.stdout.write(
            f"Aufbewahrung: {report.total('needs_deleted')} Angaben zu Ernährung/Barrierefreiheit gelöscht, "
            f"{report.total('reduced')} Anmeldungen reduziert, {report.total('deleted')} Teilnahmenachweise "
            f"gelöscht, {report.total('unconfirmed_deleted')} unbestätigte Anmeldungen gelöscht "
            f"({len([c for c in report.events.values() if c])} Veranstaltungen)."
        )
