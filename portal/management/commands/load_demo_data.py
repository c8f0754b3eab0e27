from importlib import import_module, util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data of every app (each app's demo.load()); safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if util.find_spec(module_name) is None:
                    continue
                summary = import_module(module_name).load()
                self.stdout.write(f"{app_config.verbose_name}: {summary}")
