"""Demo publications and their series from ``agencies/demo_data/publications.toml``.

Called at the end of ``agencies.demo.load()``; safe to run again: publications are matched by
slug, generated PDFs are written once. Their topics belong to the events app, whose ``link()``
assigns them.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agencies.demo_pdf import minimal_pdf
from agencies.models import Agency
from portal import demo_data

from .models import Publication, PublicationSeries

PUBLICATIONS = demo_data.data_dir(__name__) / "publications.toml"


def _demo_file(name: str, content: bytes) -> str:
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def load():
    """Create or update the demo series and publications."""
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    series = {
        slug: PublicationSeries.objects.update_or_create(
            slug=slug, defaults={**record, "agency": agencies[record["agency"]]}
        )[0]
        for slug, record in demo_data.records(PUBLICATIONS, "series").items()
    }
    for slug, record in demo_data.records(PUBLICATIONS, "publications").items():
        values = {name: value for name, value in record.items() if name != "alternative_text"}
        values["agency"] = agencies[record["agency"]]
        values["series"] = series[record["series"]] if "series" in record else None
        lines = [record["title"], record["summary"], "Demo-Datei des Transferportals."]
        values["file"] = _demo_file(
            f"publications/demo/{slug}.pdf", minimal_pdf(title=record["title"], lines=lines)
        )
        if record.get("alternative_text"):
            text = "\n\n".join(lines).encode("utf-8")
            values["accessible_alternative"] = _demo_file(f"publications/demo/{slug}-textfassung.txt", text)
        Publication.objects.update_or_create(slug=slug, defaults=values)
    return f"{Publication.objects.count()} Publikationen"
