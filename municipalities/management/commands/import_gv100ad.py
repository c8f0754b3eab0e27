from django.core.management.base import BaseCommand

from municipalities.services import import_gv100ad

from ._report import run_import


class Command(BaseCommand):
    help = (
        "Import Kreise and Gemeinden from the Destatis Gemeindeverzeichnis (GV100AD fixed-width file, "
        "UTF-8 or ISO-8859-1). Gemeinden are linked to their Landkreis. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="GV100AD file, e.g. GV100AD_31122024.txt")

    def handle(self, *args, path, **options):
        run_import(self, import_gv100ad, path=path)
