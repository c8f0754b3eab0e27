"""Reads for publications; each returns everything its page shows in a fixed number of queries."""

from agencies.models import Agency
from portal.filtering import FiltersOnDemand
from portal.page_cache import kept_per_version

from .filters import PublicationFilter
from .models import Publication


def publication_queryset():
    """Return all publications with agency, series and topics loaded."""
    return Publication.objects.select_related("agency", "series").prefetch_related("topics")


@kept_per_version
def publication_years() -> list[int]:
    """Return the years of the publications, newest first, read once per content version."""
    return list(Publication.objects.order_by("-year").values_list("year", flat=True).distinct())


def publication_filterset(*, data) -> FiltersOnDemand:
    """Return the publication list's FilterSet, built when a filter is set; ``.qs`` is the filtered list."""
    return FiltersOnDemand(
        PublicationFilter, data, queryset=publication_queryset(), years=publication_years()
    )


def publication_latest(*, agency: Agency, limit: int):
    """Return an agency's newest publications, each with ``agency`` itself rather than a join."""
    queryset = Publication.objects.filter(agency=agency).select_related("series").prefetch_related("topics")
    publications = list(queryset.defer("search_document")[:limit])
    for publication in publications:
        Publication.agency.field.set_cached_value(publication, agency)
    return publications


def publication_detail(*, slug: str) -> Publication | None:
    """Return the publication with this slug, or None."""
    return publication_queryset().filter(slug=slug).first()
