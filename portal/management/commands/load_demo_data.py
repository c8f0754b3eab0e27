from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from portal.demo import load_users


class Command(BaseCommand):
    help = (
        "Load the demo data of every app (each app's demo.load()) and, where DEMO_USERS is on, "
        "the demo logins; safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if util.find_spec(module_name) is None:
                    continue
                summary = import_module(module_name).load()
                self.stdout.write(f"{app_config.verbose_name}: {summary}")
            logins = load_users() if settings.DEMO_USERS else []
        self.print_logins(logins)

    def print_logins(self, logins):
        if not logins:
            self.stdout.write("Demo-Zugänge: keine angelegt (DEMO_USERS ist aus).")
            return
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Zugänge für {settings.SITE_URL}{reverse('admin:index')} (nur lokal):")
        )
        width = max(len(username) for username, _password, _role in logins)
        self.stdout.write(f"  {'Benutzername':<{width}}  {'Passwort':<14}  Rolle")
        for username, password, role in logins:
            self.stdout.write(f"  {username:<{width}}  {password:<14}  {role}")
        self.stdout.write("  (Passwörter gelten, solange sie niemand in der Verwaltung geändert hat.)")
        self.stdout.write("")
