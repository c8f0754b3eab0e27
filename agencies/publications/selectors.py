"""Reads for publications; each returns everything its page shows in a fixed number of queries."""

from agencies.models import Agency
from agencies.selectors import with_agencies
from portal.filtering import FiltersOnDemand
from portal.page_cache import kept_ids, kept_per_version, kept_rows_in_order

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
    """Return the publication list's FilterSet, built when a filter is set; ``.qs`` is the filtered list
    without its relations (``publication_list_ids`` and ``publications_of`` read what the list shows)."""
    return FiltersOnDemand(
        PublicationFilter, data, queryset=Publication.objects.all(), years=publication_years()
    )


def publication_list_ids(filters: FiltersOnDemand) -> list[int]:
    """Return the ids of the filtered publications in list order (newest year first, then title).

    Ids alone, for the list's pages to be cut from, read once per process, content version and set
    of filter values: the unfiltered list for everyone, filtered ones for the links followed most
    (an agency's, a topic's). Kept ones of a filter set spare building the FilterSet and checking
    its values, which cost more than the page's SQL.
    """
    return kept_ids(f"publications?{filters.values_name()}", lambda: filters.qs)


def _rows(ids: tuple[int, ...]) -> list[Publication]:
    queryset = Publication.objects.filter(pk__in=ids).select_related("series").prefetch_related("topics")
    return with_agencies(list(queryset.defer("search_document")))


def publications_of(ids: list[int]) -> list[Publication]:
    """Return the publications ``ids`` names, in that order, with agency, series and topics: what a
    page of the list shows, read once per process, content version and page (publications, their
    series and topics are public content); their agencies the kept ones rather than a join. Shared
    between requests: read only."""
    return kept_rows_in_order("publications", ids, _rows)


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
