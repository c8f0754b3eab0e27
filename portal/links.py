"""Addresses that leave the browser (mails, calendar files, feeds, structured data) need the site's host."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """Return ``path`` on the public site (settings.SITE_URL); what is no path (a full address,
    an empty string) comes back unchanged."""
    return settings.SITE_URL + path if path.startswith("/") else path
