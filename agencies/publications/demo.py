"""Demo publications. Facts from the agencies' public pages, our own wording.

Called at the end of ``agencies.demo.load()``; safe to run again: publications are matched
by slug, generated PDFs are written once.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agencies.demo_pdf import minimal_pdf
from agencies.models import Agency
from events.models import Topic

from .models import Publication, PublicationSeries

SERIES = {
    "slug": "bildungsnetzwerke-in-nrw",
    "agency": "nrw",
    "title": "Bildungsnetzwerke in NRW",
    "description": (
        "Broschürenreihe der Transferagentur NRW mit Beiträgen zur Qualität im Bildungsmanagement."
    ),
}

TOPICS = {
    "bildungsmonitoring": "Bildungsmonitoring",
    "bildungsberatung": "Bildungsberatung",
    "kooperation-netzwerke": "Kooperation und Netzwerke",
}

PUBLICATIONS = [
    {
        "slug": "bildungsnetzwerke-nrw-heft-1-monitoring",
        "agency": "nrw",
        "title": "Bildungsmonitoring als Grundlage kommunaler Steuerung",
        "kind": Publication.Kind.BROCHURE,
        "series": True,
        "number": "Heft 1",
        "year": 2017,
        "topics": ["bildungsmonitoring"],
        "summary": "Wie Kreise und Städte Bildungsdaten aufbereiten und für Entscheidungen nutzen können.",
        "accessible": True,
    },
    {
        "slug": "bildungsnetzwerke-nrw-heft-2-beratung",
        "agency": "nrw",
        "title": "Bildungsberatung vernetzen",
        "kind": Publication.Kind.BROCHURE,
        "series": True,
        "number": "Heft 2",
        "year": 2020,
        "topics": ["bildungsberatung", "kooperation-netzwerke"],
        "summary": "Beispiele abgestimmter Beratungsangebote und eine Checkliste für den Einstieg.",
        "accessible": True,
    },
    {
        "slug": "handreichung-bildungskonferenz-vorbereiten",
        "agency": "nrw",
        "title": "Handreichung: Eine kommunale Bildungskonferenz vorbereiten",
        "kind": Publication.Kind.GUIDE,
        "year": 2019,
        "topics": ["kooperation-netzwerke"],
        "summary": "Schritt für Schritt von der Idee bis zur Dokumentation einer Bildungskonferenz.",
        "accessible": False,
        "alternative_text": True,
    },
    {
        "slug": "schwerpunkterhebung-schule-jugendhilfe",
        "agency": "nrw",
        "title": "Schwerpunkterhebung: Zusammenarbeit von Schule und Jugendhilfe",
        "kind": Publication.Kind.SURVEY,
        "year": 2021,
        "topics": ["kooperation-netzwerke", "bildungsmonitoring"],
        "summary": "Ergebnisse einer qualitativen Befragung in nordrhein-westfälischen Kommunen.",
        "accessible": True,
    },
    {
        "slug": "dokumentation-fachtag-bildung-unter-einem-dach",
        "agency": "hessen",
        "title": "Dokumentation: Fachtag „Bildung unter einem Dach“",
        "kind": Publication.Kind.DOCUMENTATION,
        "year": 2020,
        "topics": ["bildungsmonitoring"],
        "summary": "Vorträge, Podium und Ergebnisse der vier Workshops des Fachtags vom 19.11.2019.",
        "accessible": True,
    },
]


def _demo_file(name: str, content: bytes) -> str:
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def _load_publications(agencies):
    topics = {}
    for slug, name in TOPICS.items():
        topics[slug] = (
            Topic.objects.filter(slug=slug).first()
            or Topic.objects.get_or_create(name=name, defaults={"slug": slug})[0]
        )
    series_spec = dict(SERIES)
    series, _ = PublicationSeries.objects.update_or_create(
        slug=series_spec.pop("slug"), defaults={**series_spec, "agency": agencies[series_spec["agency"]]}
    )
    for spec in PUBLICATIONS:
        spec = dict(spec)
        slug = spec.pop("slug")
        topic_slugs = spec.pop("topics")
        spec["agency"] = agencies[spec["agency"]]
        spec["series"] = series if spec.pop("series", False) else None
        wants_text = spec.pop("alternative_text", False)
        lines = [spec["title"], spec["summary"], "Demo-Datei des Transferportals."]
        spec["file"] = _demo_file(
            f"publications/demo/{slug}.pdf", minimal_pdf(title=spec["title"], lines=lines)
        )
        if wants_text:
            text = "\n\n".join(lines).encode("utf-8")
            spec["accessible_alternative"] = _demo_file(f"publications/demo/{slug}-textfassung.txt", text)
        publication, _ = Publication.objects.update_or_create(slug=slug, defaults=spec)
        publication.topics.set([topics[topic] for topic in topic_slugs])


def load():
    """Create or update the demo publications."""
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    _load_publications(agencies)
    return f"{Publication.objects.count()} Publikationen"
