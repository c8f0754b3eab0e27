from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_staff_groups(sender, using="default", **kwargs):
    """Keep the staff groups in step with the code after every migrate."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from .permissions import GROUP_PERMISSIONS
    from .services import staff_groups_sync

    # Permissions appear per app after its migrations; make sure the ones we hand out exist already.
    labels = {label.split(".")[0] for permissions in GROUP_PERMISSIONS.values() for label in permissions}
    for app_label in labels:
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using)
    staff_groups_sync()


def _create_cache_table(sender, using="default", **kwargs):
    """Create the table of the database cache (when that is the cache in use); a no-op otherwise."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from .page_cache import bump_on_change

        post_migrate.connect(_sync_staff_groups, sender=self, dispatch_uid="portal_sync_staff_groups")
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="portal_create_cache_table")
        bump_on_change(
            *(self.get_model(name) for name in ("ContentPage", "Imprint", "AccessibilityStatement"))
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site class (scoped "view on site")."""

    default = False
    default_site = "portal.admin_site.PortalAdminSite"
