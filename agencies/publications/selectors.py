"""Reads for publications; each returns everything its page shows in a fixed number of queries."""

from agencies.models import Agency
from agencies.selectors import with_agencies
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


@kept_per_version
def _latest(agency_id: int, limit: int) -> list[Publication]:
    queryset = (
        Publication.objects.filter(agency=agency_id).select_related("series").prefetch_related("topics")
    )
    return with_agencies(list(queryset.defer("search_document")[:limit]))


def publication_latest(*, agency: Agency, limit: int) -> list[Publication]:
    """Return an agency's newest publications with series and topics, read once per process and
    content version (publications, their series and topics are public content); their agencies the
    kept ones rather than a join. Shared: read only."""
    return _latest(agency.pk, limit)


def publication_detail(*, slug: str) -> Publication | None:
    """Return the publication with this slug, or None."""
    return publication_queryset().filter(slug=slug).first()
