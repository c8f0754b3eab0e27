"""Demo content for the site-wide pages, and the demo superuser.

The texts live in ``portal/demo_data/pages.toml``. Existing rows are left alone, so a second run
changes nothing and never overwrites what someone has edited in the admin. The agencies' imprints
and editors belong to the agencies app's demo (this app may not depend on it).
"""

from django.contrib.auth import get_user_model

from . import demo_data
from .models import AccessibilityStatement, ContentPage

PAGES = demo_data.data_dir(__name__) / "pages.toml"
SUPERUSER = {"username": "admin", "password": "demo-admin"}


def load():
    """Create the content pages and the accessibility statement, if missing."""
    for kind, page in demo_data.records(PAGES, "content_pages").items():
        if kind not in ContentPage.Kind.values:
            raise page.error(f"unknown kind; expected one of {', '.join(ContentPage.Kind.values)}")
        ContentPage.objects.get_or_create(kind=kind, defaults=dict(page))
    if not AccessibilityStatement.objects.exists():
        AccessibilityStatement.objects.create(**demo_data.read(PAGES)["accessibility_statement"])
    return (
        f"{ContentPage.objects.count()} Inhaltsseiten, "
        f"{AccessibilityStatement.objects.count()} Erklärung zur Barrierefreiheit"
    )


def load_users():
    """Create the demo superuser if missing; return its (user, password, role) row.

    Only for local use: load_demo_data calls this only where settings.DEMO_USERS is true.
    """
    admin, created = get_user_model().objects.get_or_create(
        username=SUPERUSER["username"],
        defaults={"email": "admin@transferportal.example.org", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(SUPERUSER["password"])
        admin.save(update_fields=["password"])
    return [(admin.username, SUPERUSER["password"], "Superuser, darf alles")]
