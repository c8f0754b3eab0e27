from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from portal.demo import load_users

# The apps from the lowest layer up (the contract in pyproject.toml): each app's demo may rely on
# the demo content of the apps below it, as its code may rely on their code.
LAYERS = ("portal", "agencies", "municipalities", "events")


def _layer(app_config):
    return LAYERS.index(app_config.name) if app_config.name in LAYERS else -1


class Command(BaseCommand):
    help = (
        "Load the demo data of every app (each app's demo.load(), then its optional demo.link()) and, "
        "where DEMO_USERS is on, the demo logins (the superuser, then each app's optional "
        "demo.load_users()); safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            demos = [
                (app_config, import_module(f"{app_config.name}.demo"))
                for app_config in sorted(apps.get_app_configs(), key=_layer)
                if util.find_spec(f"{app_config.name}.demo") is not None
            ]
            for app_config, demo in demos:
                self.stdout.write(f"{app_config.verbose_name}: {demo.load()}")
            # Relations across apps (a release and the event it reports on) once everything exists.
            for _app_config, demo in demos:
                if hasattr(demo, "link"):
                    demo.link()
            logins = []
            if settings.DEMO_USERS:
                # The superuser first, then the logins other apps add (e.g. one editor per agency).
                logins = load_users()
                for app_config, demo in demos:
                    if app_config.name != "portal" and hasattr(demo, "load_users"):
                        logins += demo.load_users()
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
