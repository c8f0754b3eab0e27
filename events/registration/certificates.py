"""Attendance certificates (Teilnahmebescheinigungen): a PDF per person who took part, and its check.

The PDF is rendered on demand from the registration (the personal page, the admin, a mail at send
time), never stored, so nothing new about the person is kept. It is tagged PDF/UA-1 (structure
tree, language, title) so screen readers read it. WeasyPrint fetches nothing from the network: the
stylesheet and fonts come from the portal's own static files or the system, and ``LocalOnlyFetcher``
refuses every other address. The verification code (``Registration.certificate_code``) belongs to
the attendance record, so a certificate stays verifiable after retention has reduced the registration.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from events.formatting import date_line
from portal.links import absolute_url

from .models import Registration

STYLESHEET = "css/certificate.css"
HALF_HOUR = Decimal("0.5")


class ExternalResourceRefused(ValueError):
    """A certificate template asked for something outside the portal's own static files."""


class LocalOnlyFetcher(URLFetcher):
    """Fetch only files inside the portal's static folders: a certificate never reaches the network."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url, headers=None):
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        allowed = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
        if not url.startswith("file://") or not any(path.is_relative_to(folder) for folder in allowed):
            raise ExternalResourceRefused(url)
        return super().fetch(url, headers)


def certificate_hours(event) -> Decimal:
    """Return the hours a certificate states: the event's own figure, else start to end (per day).

    For an event over several days, each day counts from the start time to the end time.
    """
    if event.certificate_hours is not None:
        return event.certificate_hours
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    days = (end.date() - start.date()).days + 1
    if days == 1:
        seconds = (end - start).total_seconds()
    else:
        daily = end.replace(year=start.year, month=start.month, day=start.day) - start
        seconds = max(daily.total_seconds(), 0) * days
    hours = Decimal(seconds) / 3600
    return (hours / HALF_HOUR).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF_HOUR


def has_certificate(registration: Registration) -> bool:
    """Return whether the person behind ``registration`` took part, and so gets a certificate."""
    return registration.attended is True and registration.status == Registration.Status.CONFIRMED


def verification_url(registration: Registration) -> str:
    return absolute_url(reverse("certificate:verify", kwargs={"code": registration.certificate_code}))


def certificate_filename(registration: Registration) -> str:
    return f"teilnahmebescheinigung-{registration.event.slug}.pdf"


def certificate_pdf(registration: Registration) -> bytes:
    """Return the certificate of ``registration`` as a tagged PDF, in German (the certificate's language)."""
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "events/registration/certificate/certificate.html",
            {
                "registration": registration,
                "event": event,
                "co_agencies": list(event.co_agencies.all()),
                "date_line": date_line(event),
                "hours": certificate_hours(event),
                "code": registration.certificate_code,
                "verification_url": verification_url(registration),
                "stylesheet": Path(finders.find(STYLESHEET)).as_uri(),
                "issued_on": timezone.localdate(),
            },
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=LocalOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
