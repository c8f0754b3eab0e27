from django.core.management.base import BaseCommand

from municipalities.services import DISTRICTS_CSV, import_districts

from ._report import run_import


class Command(BaseCommand):
    help = (
        "Import Landkreise and kreisfreie Städte from districts.csv "
        "(landkreise-deutschland 3.0.0, CC BY 4.0). "
        "Safe to run again: rows are matched by their key; malformed rows are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DISTRICTS_CSV), help="CSV file (default: the vendored one)"
        )

    def handle(self, *args, path, **options):
        run_import(self, import_districts, path=path)
