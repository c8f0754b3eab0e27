from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityStatement, ContentPage, Imprint

# Headings for pages nobody has written yet, so the address never answers 404.
DEFAULT_TITLES = {
    ContentPage.Kind.IMPRINT: _("Impressum"),
    ContentPage.Kind.PRIVACY: _("Datenschutzerklärung"),
    ContentPage.Kind.EASY_LANGUAGE: _("Leichte Sprache"),
    ContentPage.Kind.SIGN_LANGUAGE: _("Gebärdensprache"),
}


def content_page_get(*, kind: str) -> ContentPage:
    """Return the page of this kind, or an empty unsaved one with a default heading if none exists yet."""
    page = ContentPage.objects.filter(kind=kind).first()
    if page is None:
        page = ContentPage(kind=kind, title=str(DEFAULT_TITLES[kind]))
    return page


def imprint_list():
    """Return every agency's imprint in the agencies' display order, agency included."""
    return Imprint.objects.select_related("agency")


def accessibility_statement_get() -> AccessibilityStatement | None:
    """Return the portal's accessibility statement, or None if nobody has written it yet."""
    return AccessibilityStatement.objects.order_by("pk").first()


def retention_periods() -> dict[str, int]:
    """Return how long participants' data is kept, from the settings the retention run reads too.

    The privacy page and the deletion request page state these, so text and behaviour cannot differ.
    """
    return {
        "needs_days": settings.RETENTION_NEEDS_DAYS,
        "reduce_weeks": settings.RETENTION_REDUCE_WEEKS,
        "delete_years": settings.RETENTION_DELETE_YEARS,
        "unconfirmed_days": settings.RETENTION_UNCONFIRMED_DAYS,
        "confirmation_hours": settings.REGISTRATION_CONFIRMATION_HOURS,
    }
