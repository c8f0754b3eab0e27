"""Reads for press releases; each returns everything its page shows in a fixed
number of queries."""

import functools
from datetime import datetime

from django.db import connection
from django.db.models import Min
from django.utils import timezone

from agencies.models import Agency
from agencies.selectors import agencies_by_id, contacts_by_id, with_agencies
from portal.filtering import FiltersOnDemand
from portal.link_rows import link_rows_sql
from portal.page_cache import kept_ids, kept_per_version, kept_rows, kept_rows_in_order

from .filters import PressReleaseFilter
from .models import PressRelease, PressReleaseAttachment

# What lists, the home page and feeds never show of a release: its text and its search document.
_LIST_DEFERRED = ("body", "search_document")


def _supporters_sql() -> str:
    field = PressRelease._meta.get_field("supporting_agencies")
    quote = connection.ops.quote_name
    release, agency = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
    return f"SELECT {release}, {agency} FROM {quote(field.m2m_db_table())} WHERE {release} IN ({{ids}})"


# Written by hand, once, as events' TOPIC_LINKS_SQL: compiling the ORM's prefetch (a join of the
# links to the agencies) took longer than the database needed to run it, on every list of releases.
SUPPORTERS_SQL = _supporters_sql()


def _in_display_order(agencies: dict[int, Agency], ids: set[int]) -> list[Agency]:
    # One created on another app server within the last second: read it itself.
    missing = ids - agencies.keys()
    if missing:
        agencies = {**agencies, **Agency.objects.in_bulk(missing)}
    return [agency for pk, agency in agencies.items() if pk in ids]


def with_issuers(releases: list[PressRelease]) -> list[PressRelease]:
    """Set each release's agency and ``supporter_list`` (its supporting agencies in display order) from
    the kept agencies: one query over the links, no join of the agencies' wide rows."""
    if not releases:
        return releases
    with_agencies(releases)
    supporters = {release.pk: set() for release in releases}
    with connection.cursor() as cursor:
        cursor.execute(SUPPORTERS_SQL.format(ids=", ".join(["%s"] * len(supporters))), list(supporters))
        for release_id, agency_id in cursor.fetchall():
            supporters[release_id].add(agency_id)
    agencies = agencies_by_id()
    for release in releases:
        release.supporter_list = _in_display_order(agencies, supporters[release.pk])
    return releases


def press_release_queryset(*, now: datetime | None = None):
    """Return the public releases, newest first; ``with_issuers()`` sets their agencies on the rows read."""
    return PressRelease.objects.visible(now=now).order_by("-published_at", "-id")


def press_release_years(*, now: datetime | None = None) -> list[int]:
    """Return the years with public releases, newest first."""
    dates = PressRelease.objects.visible(now=now).datetimes("published_at", "year", order="DESC")
    return [moment.year for moment in dates]


# A scheduled release appears at a scheduled change (next_scheduled_publication): a new content version.
current_press_release_years = kept_per_version(press_release_years)


def press_release_filterset(*, data, now: datetime | None = None) -> FiltersOnDemand:
    """Return the press list's FilterSet over the public releases, built when a filter is set; ``.qs``
    is the filtered list."""
    years = press_release_years(now=now) if now else current_press_release_years()
    queryset = press_release_queryset(now=now).defer(*_LIST_DEFERRED)
    return FiltersOnDemand(PressReleaseFilter, data, queryset=queryset, years=years)


def press_release_list_ids(filters: FiltersOnDemand) -> list[int]:
    """Return the ids of the releases ``filters`` (from ``press_release_filterset``, for the current
    time) select, newest first, read once per process, content version and set of filter values: a
    scheduled release appears at a scheduled change (next_scheduled_publication), a new version."""
    return kept_ids(f"press-releases?{filters.values_name()}", lambda: filters.qs)


def _list_rows(ids: tuple[int, ...]) -> list[PressRelease]:
    return with_issuers(list(PressRelease.objects.filter(pk__in=ids).defer(*_LIST_DEFERRED)))


def press_releases_of(ids: list[int]) -> list[PressRelease]:
    """Return the releases ``ids`` names, in that order, with their issuers: a page of the list, read
    once per process, content version and page. Shared between requests: read only."""
    return kept_rows_in_order("press-releases", ids, _list_rows)


def press_release_latest(
    *,
    limit: int,
    agency: Agency | None = None,
    municipality=None,
    now: datetime | None = None,
):
    """Return the newest public releases, of one agency (issued or supported), about one
    municipality, or of all; their agencies from the kept ones rather than a join."""
    queryset = PressRelease.objects.visible(now=now).defer(*_LIST_DEFERRED).order_by("-published_at", "-id")
    if agency is not None:
        queryset = queryset.of_agency(agency)
    if municipality is not None:
        queryset = queryset.filter(related_municipalities=municipality)
    return with_issuers(list(queryset[:limit]))


def newest_press_releases(*, limit: int, agency: Agency | None = None) -> list[PressRelease]:
    """Return ``press_release_latest(limit=limit, agency=agency)`` read once per content version, for
    the home page and the agency pages (a scheduled release appears at a scheduled change, a new
    version). Shared between requests: read only."""
    name = f"press-newest:{agency.pk if agency else ''}:{limit}"
    return kept_rows(name, lambda: press_release_latest(limit=limit, agency=agency))


# Which of a release's rows a line of _links_sql() names.
SUPPORTER, ATTACHMENT, EVENT, MUNICIPALITY = 0, 1, 2, 3


@functools.cache
def _links_sql() -> str:
    """Return the SQL listing (kind, id) of a release's supporting agencies, attachments, related
    events and related municipalities: one query instead of four prefetches.

    Written by hand, once: compiling the ORM's four queries took longer than the database needed to
    run them, and most releases have none of these rows. Quoted names and %s placeholders suit
    SQLite and PostgreSQL alike.
    """
    quote = connection.ops.quote_name
    linked = (
        (SUPPORTER, "supporting_agencies"),
        (EVENT, "related_events"),
        (MUNICIPALITY, "related_municipalities"),
    )
    parts = [link_rows_sql(PressRelease, kind, name) for kind, name in linked]
    attachments = PressReleaseAttachment._meta
    table, release, pk = (
        quote(name)
        for name in (attachments.db_table, attachments.get_field("release").column, attachments.pk.column)
    )
    parts.append(f"SELECT {ATTACHMENT}, {pk} FROM {table} WHERE {release} = %s")
    return " UNION ALL ".join(parts)


def _links(release: PressRelease) -> dict[int, set[int]]:
    """Return the ids of the release's rows by SUPPORTER, ATTACHMENT, EVENT and MUNICIPALITY."""
    ids = {SUPPORTER: set(), ATTACHMENT: set(), EVENT: set(), MUNICIPALITY: set()}
    with connection.cursor() as cursor:
        cursor.execute(_links_sql(), [release.pk] * len(ids))
        for kind, pk in cursor.fetchall():
            ids[kind].add(pk)
    return ids


def _with_details(release: PressRelease | None) -> PressRelease | None:
    """Set on ``release`` what its page shows: the issuing agency and the press contact from the kept
    reference data, and ``supporter_list``, ``attachment_list``, ``event_list`` and
    ``municipality_list``, each read only when the release has such rows."""
    if release is None:
        return None
    with_agencies([release])
    contact = contacts_by_id().get(release.press_contact_id)
    if contact is not None:  # else (one added on another app server just now) it loads itself
        PressRelease.press_contact.field.set_cached_value(release, contact)
    links = _links(release)
    release.supporter_list = _in_display_order(agencies_by_id(), links[SUPPORTER])
    release.attachment_list = []
    if links[ATTACHMENT]:
        # Not by the model's ordering: it begins with the release, a join for nothing.
        release.attachment_list = list(release.attachments.order_by("order", "id"))
    release.event_list = []
    if links[EVENT]:
        # A release may be linked to an event still in preparation: the public sees only published ones.
        event_model = PressRelease._meta.get_field("related_events").related_model
        events = event_model.objects.filter(pk__in=links[EVENT]).exclude(status=event_model.Status.DRAFT)
        release.event_list = list(events.only("title", "slug", "starts_at"))
    release.municipality_list = []
    if links[MUNICIPALITY]:
        # The municipalities app sits above this one: reach its model through the declared relation.
        municipality_model = PressRelease._meta.get_field("related_municipalities").related_model
        municipalities = municipality_model.objects.filter(pk__in=links[MUNICIPALITY]).select_related("state")
        release.municipality_list = list(municipalities.order_by("name", "key"))
    return release


def _one(queryset) -> PressRelease | None:
    # The slug and the preview token are unique: no ORDER BY, no LIMIT to compile.
    return next(iter(queryset.defer("search_document").order_by()), None)


def press_release_detail(*, slug: str, now: datetime | None = None) -> PressRelease | None:
    """Return the public or withdrawn release with this slug, or None (drafts and future ones too)."""
    return _with_details(_one(PressRelease.objects.visible_or_withdrawn(now=now).filter(slug=slug)))


def press_release_preview(*, token: str, now: datetime | None = None) -> PressRelease | None:
    """Return the not yet public release this preview token opens, or None."""
    if not token:
        return None
    public = PressRelease.objects.visible(now=now).values("pk")
    return _with_details(
        _one(
            PressRelease.objects.filter(preview_token=token)
            .filter(status__in=[PressRelease.Status.DRAFT, PressRelease.Status.SCHEDULED])
            .exclude(pk__in=public)
        )
    )


def press_release_feed_items(*, agency: Agency | None = None, limit: int = 30, now: datetime | None = None):
    """Return the entries of a feed: the newest public releases, optionally of one agency."""
    return press_release_latest(limit=limit, agency=agency, now=now)


def next_scheduled_publication(*, now: datetime | None = None) -> datetime | None:
    """Return when the next release whose time has not come yet becomes visible (None: no such release)."""
    upcoming = PressRelease.objects.filter(
        status__in=[PressRelease.Status.PUBLISHED, PressRelease.Status.SCHEDULED],
        published_at__gt=now or timezone.now(),
    )
    return upcoming.aggregate(next=Min("published_at"))["next"]
