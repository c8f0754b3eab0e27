"""Reads for press releases; each returns everything its page shows in a fixed
number of queries."""

from datetime import datetime

from django.db.models import Min, Prefetch
from django.utils import timezone

from agencies.models import Agency
from agencies.selectors import with_agencies
from portal.filtering import FiltersOnDemand
from portal.page_cache import kept_per_version

from .filters import PressReleaseFilter
from .models import PressRelease

_AGENCY_FIELDS = ("id", "name", "short_name", "slug")
# What lists, the home page and feeds never show of a release: its text and its search document.
_LIST_DEFERRED = ("body", "search_document")


def _with_supporting_agencies(queryset):
    return queryset.prefetch_related(
        Prefetch("supporting_agencies", queryset=Agency.objects.only(*_AGENCY_FIELDS))
    )


def _with_agencies(queryset):
    return _with_supporting_agencies(queryset).select_related("agency")


def press_release_queryset(*, now: datetime | None = None):
    """Return the public releases, newest first, with their supporting agencies loaded.

    The issuing agency is no join: ``with_agencies()`` sets it from the per-version reference data on
    the rows read (lists, the home page and feeds name it, joining its wide row cost more).
    """
    return _with_supporting_agencies(PressRelease.objects.visible(now=now)).order_by("-published_at", "-id")


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


def press_release_latest(
    *,
    limit: int,
    agency: Agency | None = None,
    municipality=None,
    now: datetime | None = None,
):
    """Return the newest public releases, of one agency (issued or supported), about one
    municipality, or of all; their agencies from the kept ones rather than a join."""
    queryset = (
        _with_supporting_agencies(PressRelease.objects.visible(now=now))
        .defer(*_LIST_DEFERRED)
        .order_by("-published_at", "-id")
    )
    if agency is not None:
        queryset = queryset.of_agency(agency)
    if municipality is not None:
        queryset = queryset.filter(related_municipalities=municipality)
    return with_agencies(list(queryset[:limit]))


@kept_per_version
def _agency_latest(agency_id: int, limit: int) -> list[PressRelease]:
    return press_release_latest(limit=limit, agency=agency_id)


def agency_latest(*, agency: Agency, limit: int) -> list[PressRelease]:
    """Return ``press_release_latest()`` of one agency, read once per process and content version:
    releases and their links to agencies are public content, and a scheduled release appears at a
    scheduled change (next_scheduled_publication), a new version too. Shared: read only."""
    return _agency_latest(agency.pk, limit)


def _with_details(queryset):
    # The municipalities app sits above this one: reach its model through the declared relation.
    municipality_model = PressRelease._meta.get_field("related_municipalities").related_model
    municipalities = municipality_model.objects.select_related("state").order_by("name", "key")
    # A release may be linked to an event still in preparation: the public sees only published ones.
    event_model = PressRelease._meta.get_field("related_events").related_model
    events = event_model.objects.exclude(status=event_model.Status.DRAFT)
    return (
        _with_agencies(queryset)
        .select_related("press_contact")
        .prefetch_related(
            "attachments",
            Prefetch("related_events", queryset=events),
            Prefetch("related_municipalities", queryset=municipalities),
        )
    )


def press_release_detail(*, slug: str, now: datetime | None = None) -> PressRelease | None:
    """Return the public or withdrawn release with this slug, or None (drafts and future ones too)."""
    return _with_details(PressRelease.objects.visible_or_withdrawn(now=now)).filter(slug=slug).first()


def press_release_preview(*, token: str, now: datetime | None = None) -> PressRelease | None:
    """Return the not yet public release this preview token opens, or None."""
    if not token:
        return None
    public = PressRelease.objects.visible(now=now).values("pk")
    return (
        _with_details(PressRelease.objects.filter(preview_token=token))
        .filter(status__in=[PressRelease.Status.DRAFT, PressRelease.Status.SCHEDULED])
        .exclude(pk__in=public)
        .first()
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
