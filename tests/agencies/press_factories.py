"""Small builders for press and publication tests (plain functions, real rows)."""

import itertools
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from agencies.demo_pdf import minimal_pdf
from agencies.models import Agency, ContactPerson
from agencies.press.models import PressRelease
from agencies.publications.models import Publication, PublicationSeries

_numbers = itertools.count(1)

PUBLISHED = PressRelease.Status.PUBLISHED
SCHEDULED = PressRelease.Status.SCHEDULED
DRAFT = PressRelease.Status.DRAFT
WITHDRAWN = PressRelease.Status.WITHDRAWN


def make_agency(slug: str, **fields) -> Agency:
    defaults = {
        "name": f"Transferagentur {slug.title()}",
        "short_name": f"Agentur {slug.title()}",
        "host_institution": f"Träger {slug.title()} e.V.",
        "street": "Beispielweg 2",
        "postcode": "54321",
        "city": "Beispielstadt",
        "email": f"info@{slug}.example.org",
        "mission": "Nur für Tests.",
        "about": f"Über die Agentur {slug}: ein Absatz für jede Mitteilung.",
        "host_about": f"Über den Träger {slug}: ein zweiter Absatz.",
    }
    defaults.update(fields)
    return Agency.objects.create(slug=slug, **defaults)


def make_contact(agency: Agency, *, name: str = "Petra Presse", role: str = "presse") -> ContactPerson:
    return ContactPerson.objects.create(
        agency=agency, name=name, role=role, phone="0123 456789-0", email=f"presse@{agency.slug}.example.org"
    )


def make_release(
    agency: Agency,
    *,
    status: str = PUBLISHED,
    published_at: datetime | None = None,
    contact: ContactPerson | None = None,
    **fields,
) -> PressRelease:
    number = next(_numbers)
    if published_at is None and status != DRAFT:
        published_at = timezone.now() - timedelta(days=number)
    contact = contact or agency.contacts.first() or make_contact(agency)
    values = {
        "headline": f"Mitteilung Nummer {number}",
        "subheading": "Eine Unterzeile",
        "slug": f"mitteilung-{number}",
        "dateline_place": "Offenbach a.M.",
        "teaser": f"Vorspann der Mitteilung {number}.",
        "body": "<p>Text der Mitteilung.</p>",
    }
    values.update(fields)
    if status == WITHDRAWN:
        values.setdefault("withdrawn_at", timezone.now())
    release = PressRelease(
        agency=agency, press_contact=contact, status=status, published_at=published_at, **values
    )
    release.full_clean()
    release.save()
    return release


def make_series(agency: Agency, *, title: str = "Bildungsnetzwerke in NRW", slug: str = "bildungsnetzwerke"):
    return PublicationSeries.objects.create(agency=agency, title=title, slug=slug)


def make_publication(agency: Agency, *, title: str | None = None, year: int = 2020, **fields) -> Publication:
    number = next(_numbers)
    title = title or f"Publikation {number}"
    publication = Publication(
        agency=agency,
        title=title,
        slug=fields.pop("slug", f"publikation-{number}"),
        kind=fields.pop("kind", Publication.Kind.BROCHURE),
        year=year,
        summary=fields.pop("summary", "Eine kurze Zusammenfassung."),
        **fields,
    )
    if not publication.file:
        publication.file.save(
            f"test-{number}.pdf", ContentFile(minimal_pdf(title=title, lines=["Test"])), save=False
        )
    publication.full_clean()
    publication.save()
    return publication
