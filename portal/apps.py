from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_editor_group(sender, using="default", **kwargs):
    """Keep the editors' group in step with the code after every migrate."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from .permissions import EDITOR_PERMISSIONS
    from .services import editor_group_sync

    # Permissions appear per app after its migrations; make sure the ones we hand out exist already.
    for app_label in {label.split(".")[0] for label in EDITOR_PERMISSIONS}:
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using)
    editor_group_sync()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        post_migrate.connect(_sync_editor_group, sender=self, dispatch_uid="portal_sync_editor_group")
