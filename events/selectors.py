"""Reads for the public event pages: every query the templates need, in a fixed number of SQL queries."""

import copy
import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from agencies.admin_scope import agencies_of
from agencies.models import Agency
from agencies.selectors import agency_profiles, contacts_by_id, with_agencies
from events.registration.models import Registration
from events.registration.selectors import count_seats, with_staff_figures
from municipalities import selectors as municipality_selectors
from portal.filtering import FiltersOnDemand
from portal.link_rows import link_rows_sql
from portal.page_cache import kept_ids, kept_per_version, kept_rows, kept_rows_in_order, with_kept

from .filters import ArchiveFilter, EventFilter
from .models import Event, Material, ProgrammeItem, Speaker, TargetGroup, Topic, Venue

PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.POSTPONED, Event.Status.CANCELLED)
# A subscribed calendar keeps the last three months, so entries do not vanish the day after.
FEED_WINDOW = datetime.timedelta(days=90)


def public_events() -> QuerySet[Event]:
    """Return every event the public may see: drafts never."""
    return Event.objects.filter(status__in=PUBLIC_STATUSES)


def upcoming_events(*, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Return public events that have not ended yet, postponed and cancelled ones included."""
    return public_events().filter(ends_at__gte=now or timezone.now())


def past_events(*, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Return published events that are over: the archive."""
    now = now or timezone.now()
    # An event that is over has started (event_ends_after_start): saying so lets PostgreSQL walk the
    # (status, starts_at) index back from now instead of past every upcoming event first.
    return Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__lt=now, starts_at__lt=now)


# Long texts and the search vector no card shows: loading them for a page of cards cost more than the
# rest of the row.
CARD_DEFERRED = ("description", "review", "status_notice", "online_notes", "search_document")
ARCHIVE_DEFERRED = ("description", "status_notice", "online_notes")  # the archive shows the review


@kept_per_version
def topic_names() -> dict[int, str]:
    """Return the name of every topic by its id, read once per process and content version."""
    return dict(Topic.objects.values_list("pk", "name"))


@kept_per_version
def venues_by_id() -> dict[int, Venue]:
    """Return every venue by its id, read once per process and content version. Shared: read only."""
    return {venue.pk: venue for venue in Venue.objects.all()}


def with_venues(events: list[Event]) -> list[Event]:
    """Set each event's venue from ``venues_by_id()``: no join."""
    return with_kept(events, field="venue", by_id=venues_by_id)


def _topic_links_sql() -> str:
    quote = connection.ops.quote_name
    links = Event.topics.through._meta
    event, topic = (quote(links.get_field(name).column) for name in ("event", "topic"))
    return f"SELECT {event}, {topic} FROM {quote(links.db_table)} WHERE {event} IN ({{ids}})"


# Written by hand, once: compiling the ORM's query took longer than the database needed to run it, on
# every page of cards. Quoted names and %s placeholders suit SQLite and PostgreSQL alike.
TOPIC_LINKS_SQL = _topic_links_sql()


def _with_topic_names(events: list[Event]) -> list[Event]:
    """Set ``topic_names`` (sorted) on each event: one query over the links, names from ``topic_names()``."""
    if not events:
        return events
    names = topic_names()
    by_event = {event.pk: [] for event in events}
    with connection.cursor() as cursor:
        cursor.execute(TOPIC_LINKS_SQL.format(ids=", ".join(["%s"] * len(by_event))), list(by_event))
        links = cursor.fetchall()
    for event_id, topic_id in links:
        by_event[event_id].append(names.get(topic_id, ""))
    for event in events:
        event.topic_names = sorted(filter(None, by_event[event.pk]))
    return events


def _card_rows(queryset: QuerySet[Event]) -> list[Event]:
    """Return the events of ``queryset`` with what an event card shows but the seats, in two queries.

    Agencies and topic names come from the per-version reference data, not from joins: a card needs
    a name of each, and joining the wide agency rows took longer than the rest of the page's SQL.
    """
    events = list(queryset.select_related("venue", "registration_options").defer(*CARD_DEFERRED))
    return _with_topic_names(with_agencies(events))


def card_events(queryset: QuerySet[Event]) -> list[Event]:
    """Return the events of ``queryset`` with what an event card shows (templates/includes/event_card.html),
    seats counted: the list gets it in three queries."""
    return count_seats(_card_rows(queryset))


def _chosen(events: QuerySet[Event], ids: QuerySet) -> QuerySet[Event]:
    """Return the events ``ids`` (a slice of ``events.values("pk")``) picks, in the order of ``events``.

    The database sorts and cuts the ids alone, then joins what a page shows to the few rows picked:
    sorting a thousand full rows with their agencies, venues and registration options cost
    PostgreSQL ten times as much.
    """
    return Event.objects.filter(pk__in=ids).order_by(*events.query.order_by)


def _page(events: QuerySet[Event], *, number, per_page: int) -> tuple[Page, QuerySet[Event]]:
    page = Paginator(events.values("pk"), per_page).get_page(number)
    return page, _chosen(events, page.object_list)


def _kept_page(events, *, kept_as: str, number, per_page: int, rows) -> Page:
    """Return page ``number`` of the events ``events()`` returns (a sorted queryset) with the rows
    ``rows(queryset)`` returns for the page's events, both the ids of all events (in order) and the
    page's rows read once per content version under ``kept_as``.

    Filtering, counting and cutting a thousand events and compiling the queries for the page's rows
    cost more than the rest of a list page; what they read is content, and an event joins or leaves
    the upcoming ones or the archive at a scheduled change (next_public_moment), a new content version.
    """
    ids = kept_ids(f"events:{kept_as}", events)
    page = Paginator(ids, per_page).get_page(number)
    page.object_list = kept_rows_in_order(
        f"event-rows:{kept_as}", page.object_list, lambda shown: rows(Event.objects.filter(pk__in=shown))
    )
    return page


def card_page(events: QuerySet[Event], *, number, per_page: int) -> Page:
    """Return page ``number`` of ``events`` (sorted) as cards, with the seats of the page's events.

    The seats are counted for those events only, in one grouped query (registration).
    """
    page, chosen = _page(events, number=number, per_page=per_page)
    page.object_list = card_events(chosen)
    return page


def event_filter(*, data, now: datetime.datetime | None = None) -> FiltersOnDemand:
    """Return the FilterSet of the list page, bound to ``data`` (a query dict), built when a filter is set."""
    return FiltersOnDemand(EventFilter, data, queryset=upcoming_events(now=now))


def feed_filter(*, data, now: datetime.datetime | None = None) -> EventFilter:
    """Return the FilterSet of a calendar feed: the list page's filters over events from 90 days ago on.

    Without seat counts: a calendar shows none, and counting them for every event of the window
    cost more than writing the calendar (the "free seats" filter counts them when it is set).
    """
    since = (now or timezone.now()) - FEED_WINDOW
    return EventFilter(data, queryset=upcoming_events(now=since).select_related("agency", "venue__state"))


def events_last_modified() -> datetime.datetime | None:
    """Return when any event last changed (for the Last-Modified of calendar feeds)."""
    return Event.objects.aggregate(latest=Max("updated_at"))["latest"]


def next_public_moment(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Return when a public event next starts or ends: lists, the archive and profiles change then."""
    now = now or timezone.now()
    moments = public_events().aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    return min((moment for moment in moments.values() if moment), default=None)


def event_list(*, filters: EventFilter | FiltersOnDemand) -> QuerySet[Event]:
    """Return the filtered upcoming events sorted by date; none while the filter form has errors."""
    if not filters.is_valid():
        return filters.queryset.none()
    return filters.qs.order_by("starts_at", "title")


# Filters whose result depends on more than content: registrations change the free seats.
SEAT_FILTERS = ("free",)


def event_list_page(filters: FiltersOnDemand, *, valid: bool, number, per_page: int) -> Page:
    """Return page ``number`` of the upcoming events ``filters`` select as cards, seats counted now.

    ``valid`` says whether the filters hold (``portal.filtering.filter_outcome``). The events and their
    cards' rows are kept per content version (``_kept_page``) and only the seats counted on every
    request, unless a filter depends on the seats or the filters are invalid (no events then).
    """
    if not valid or any(filters.data.get(name) for name in SEAT_FILTERS):
        return card_page(event_list(filters=filters), number=number, per_page=per_page)
    page = _kept_page(
        lambda: event_list(filters=filters),
        kept_as=f"upcoming:{filters.values_name()}",
        number=number,
        per_page=per_page,
        rows=_card_rows,
    )
    # Copies: the seats of this request are set on them, never on the rows other requests share.
    page.object_list = count_seats([copy.copy(event) for event in page.object_list])
    return page


def _upcoming_of(*, agency_id: int | None, limit: int, now: datetime.datetime | None) -> QuerySet[Event]:
    queryset = upcoming_events(now=now)
    if agency_id is not None:
        co_organised = Event.co_agencies.through.objects.filter(agency=agency_id).values("event_id")
        queryset = queryset.filter(Q(agency=agency_id) | Q(pk__in=co_organised))
    queryset = queryset.order_by("starts_at", "title")
    return _chosen(queryset, queryset.values("pk")[:limit])


@kept_per_version
def _upcoming_cards(agency_id: int | None, limit: int) -> list[Event]:
    """Return the rows of ``upcoming_for()`` without seats, read once per process and content version:
    events, their venues, registration options, topics and co-organisers are public content, and an
    event leaves the upcoming ones when it ends, a scheduled change (next_public_moment) and so a new
    version too. Shared between requests: read only (``upcoming_for`` counts seats on copies)."""
    return _card_rows(_upcoming_of(agency_id=agency_id, limit=limit, now=None))


def upcoming_for(*, agency=None, limit: int = 3, now: datetime.datetime | None = None) -> list[Event]:
    """Return the next ``limit`` public events, optionally of one agency (organised or co-organised),
    with what their cards show and the seats counted now (registrations are no content)."""
    agency_id = agency.pk if agency is not None else None
    if now is not None:
        return card_events(_upcoming_of(agency_id=agency_id, limit=limit, now=now))
    # Copies: the seats of this request are set on them, never on the rows other requests share.
    return count_seats([copy.copy(event) for event in _upcoming_cards(agency_id, limit)])


def archive_years(*, now: datetime.datetime | None = None) -> list[int]:
    """Return the years that have archived events, newest first."""
    dates = past_events(now=now).datetimes("starts_at", "year", order="DESC")
    return [moment.year for moment in dates]


# An event moves to the archive at a scheduled change (next_public_moment): a new content version.
current_archive_years = kept_per_version(archive_years)


def archive_filter(*, data, now: datetime.datetime | None = None) -> FiltersOnDemand:
    """Return the archive's FilterSet bound to ``data``, its year choices taken from the data, built
    when a filter is set."""
    queryset = past_events(now=now).order_by("-starts_at", "title")
    years = archive_years(now=now) if now else current_archive_years()
    return FiltersOnDemand(ArchiveFilter, data, queryset=queryset, years=years)


def archive_list(*, filters: FiltersOnDemand) -> QuerySet[Event]:
    """Return the filtered past events, newest first; none while the filter form has errors."""
    if not filters.is_valid():
        return filters.queryset.none()
    return filters.qs


def _archive_rows(events: QuerySet[Event]) -> list[Event]:
    rows = (
        events.select_related("venue__state").defer(*ARCHIVE_DEFERRED).prefetch_related(_public_materials())
    )
    return with_agencies(list(rows))


def archive_page(events: QuerySet[Event], *, number, per_page: int) -> Page:
    """Return page ``number`` of ``events`` (from ``archive_list``) with what the archive shows of each."""
    page, chosen = _page(events, number=number, per_page=per_page)
    page.object_list = _archive_rows(chosen)
    return page


def archive_list_page(filters: FiltersOnDemand, *, valid: bool, number, per_page: int) -> Page:
    """Return page ``number`` of the archived events ``filters`` select, as ``archive_page``, read once
    per content version (``_kept_page``) while the filters are valid (``valid``)."""
    if not valid:
        return archive_page(archive_list(filters=filters), number=number, per_page=per_page)
    return _kept_page(
        lambda: archive_list(filters=filters),
        kept_as=f"archive:{filters.values_name()}",
        number=number,
        per_page=per_page,
        rows=_archive_rows,
    )


# The models' orderings begin with "event", which sorts by the event's own ordering: a join to the
# events for nothing, as a prefetch hands each event its own rows anyway.
def _public_materials() -> Prefetch:
    return Prefetch("materials", queryset=Material.objects.public().order_by("order", "title"))


def _for_page(queryset: QuerySet[Event]) -> QuerySet[Event]:
    # The agency, its contact persons, co-agencies, topics and target groups come from the kept
    # reference data, the programme, speakers and materials from the kept rows (_with_kept_rows).
    return queryset.select_related("venue__state", "series", "registration_options").defer("search_document")


@kept_per_version
def target_group_names() -> dict[int, str]:
    """Return the name of every target group by its id, in display order, once per process and version."""
    return dict(TargetGroup.objects.values_list("pk", "name"))


# Which of an event's links a row of _links() is.
CO_AGENCY, TOPIC, TARGET_GROUP = 0, 1, 2


def _links_sql() -> str:
    linked = ((CO_AGENCY, "co_agencies"), (TOPIC, "topics"), (TARGET_GROUP, "target_groups"))
    return " UNION ALL ".join(link_rows_sql(Event, kind, name) for kind, name in linked)


# Written by hand, once, as TOPIC_LINKS_SQL: compiling the ORM's union of three queries took ten
# times as long as the database needed to run it.
LINKS_SQL = _links_sql()


def _links(event: Event) -> dict[int, set[int]]:
    """Return the ids of the event's co-agencies, topics and target groups, by CO_AGENCY, TOPIC and
    TARGET_GROUP, read in one query."""
    ids = {CO_AGENCY: set(), TOPIC: set(), TARGET_GROUP: set()}
    with connection.cursor() as cursor:
        cursor.execute(LINKS_SQL, [event.pk] * len(ids))
        for kind, pk in cursor.fetchall():
            ids[kind].add(pk)
    return ids


def _in_kept_order(kept: dict, ids: set) -> list:
    """Return the values of ``kept`` whose keys are in ``ids``, in the order ``kept`` holds them (the
    models' ordering, as the database sorted them)."""
    return [value for pk, value in kept.items() if pk in ids]


@dataclass(frozen=True)
class EventRows:
    """What an event's page shows of the rows beside the event's own, read once per content version."""

    programme_items: list[ProgrammeItem]  # by day and time, each with its ``speaker_list``
    speakers: list[Speaker]
    materials: list[Material]  # the public ones only
    links: dict[int, set[int]]  # from _links()


def _event_rows(event: Event) -> EventRows:
    # The models' orderings begin with "event", a join to the events for nothing.
    speakers = list(Speaker.objects.filter(event=event.pk).order_by("order", "name"))
    programme_items = list(ProgrammeItem.objects.filter(event=event.pk).order_by("day", "starts_at"))
    for item in programme_items:
        item.speaker_list = [speaker for speaker in speakers if speaker.programme_item_id == item.pk]
    materials = list(Material.objects.public().filter(event=event.pk).order_by("order", "title"))
    return EventRows(programme_items, speakers, materials, _links(event))


def _with_kept_rows(event: Event) -> Event:
    """Set the event's agency (with its contact persons) and contact person from the kept reference
    data, ``rows`` (EventRows, kept per content version: programme items, speakers and materials are
    content), and ``co_organisers``, ``topic_names`` and ``target_group_names`` for the page to show."""
    agencies = agency_profiles()
    if event.agency_id in agencies:
        Event.agency.field.set_cached_value(event, agencies[event.agency_id])
    contact = contacts_by_id().get(event.contact_id)
    if contact is not None:
        Event.contact.field.set_cached_value(event, contact)
    event.rows = kept_rows(f"event:{event.pk}", lambda: _event_rows(event))
    links = event.rows.links
    # One created on another app server within the last second: read it itself.
    missing = links[CO_AGENCY] - agencies.keys()
    event.co_organisers = _in_kept_order(
        {**agencies, **Agency.objects.in_bulk(missing)} if missing else agencies, links[CO_AGENCY]
    )
    event.topic_names = _in_kept_order(topic_names(), links[TOPIC])
    event.target_group_names = _in_kept_order(target_group_names(), links[TARGET_GROUP])
    return event


def _with_seats_counted(event: Event) -> Event:
    # The registration summary and the structured data's offer read the seats.
    count_seats([event])
    return event


def event_detail(*, slug: str) -> Event:
    """Return one public event with everything its page shows; raise Event.DoesNotExist otherwise."""
    return _with_seats_counted(_with_kept_rows(_for_page(public_events()).get(slug=slug)))


def event_preview(*, pk: int) -> Event:
    """Return one event in any status (a draft) with everything its public page would show."""
    return _with_seats_counted(_with_kept_rows(_for_page(Event.objects.all()).get(pk=pk)))


def event_for_calendar(*, slug: str) -> Event:
    """Return one public event with what its calendar entry needs; raise Event.DoesNotExist otherwise."""
    return public_events().select_related("agency", "venue__state").get(slug=slug)


def series_dates(*, event: Event, limit: int = 6, now: datetime.datetime | None = None) -> list[Event]:
    """Return the next dates of the event's series, without the event itself."""
    if event.series_id is None:
        return []
    queryset = upcoming_events(now=now).filter(series_id=event.series_id).exclude(pk=event.pk)
    return list(queryset.order_by("starts_at")[:limit])


def feed_events(*, filters: EventFilter, limit: int = 500) -> list[Event]:
    """Return the events of a calendar feed: the list page's events, without pagination."""
    return list(event_list(filters=filters)[:limit])


def municipality_region(municipality) -> tuple[int, int | None]:
    """Return what decides the events a municipality's profile lists: its Bundesland and the agency of
    its partnership running today (or None)."""
    partner = municipality_selectors.running_partnership(municipality)
    return municipality.state_id, partner.agency_id if partner is not None else None


def upcoming_in_region(*, state_id: int, partner_id: int | None, limit: int = 5) -> list[Event]:
    """Return the next published events of the partner agency, of the agencies for the Bundesland and
    at venues in the Bundesland (``municipality_region``)."""
    serving = Agency.states.through.objects.filter(federalstate_id=state_id).values("agency_id")
    # Agencies by a subquery, not a join over their states: an event must not be listed twice.
    where = Q(agency__in=serving) | Q(venue__state=state_id)
    if partner_id is not None:
        where |= Q(agency=partner_id)
    events = (
        Event.objects.filter(where, status=Event.Status.PUBLISHED, starts_at__gte=timezone.now())
        .select_related("venue")
        .only("title", "slug", "starts_at", "format", "agency_id", "venue__city")
        .order_by("starts_at", "title")[:limit]
    )
    return with_agencies(list(events))


# --- staff (admin start page) ---------------------------------------------------------------------------


def events_of_staff(user) -> QuerySet[Event]:
    """Return the events ``user``'s agencies organise or co-organise (every event for superusers)."""
    if user.is_superuser:
        return Event.objects.all()
    agencies = agencies_of(user)
    return Event.objects.filter(
        pk__in=Event.objects.filter(Q(agency__in=agencies) | Q(co_agencies__in=agencies)).values("pk")
    )


def staff_upcoming(*, user, limit: int = 10, now: datetime.datetime | None = None) -> list[Event]:
    """Return the next ``limit`` events of the user's agencies with seats held, waiting and approvals."""
    now = now or timezone.now()
    upcoming = events_of_staff(user).filter(ends_at__gte=now).select_related("agency")
    return list(with_staff_figures(upcoming).order_by("starts_at", "pk")[:limit])


def staff_totals(*, user, now: datetime.datetime | None = None) -> dict:
    """Return the open approvals and the people waiting over all upcoming events of the user's agencies."""
    now = now or timezone.now()
    return Registration.objects.filter(
        event__in=events_of_staff(user).filter(ends_at__gte=now).values("pk")
    ).aggregate(
        approvals=Count("pk", filter=Q(status=Registration.Status.AWAITING_APPROVAL)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        events=Count("event", distinct=True),
    )


def staff_registrations_per_week(
    *, user, weeks: int = 8, now: datetime.datetime | None = None
) -> list[tuple[datetime.date, int]]:
    """Return (Monday, registrations received that week) for the last ``weeks`` weeks, oldest first.

    Weeks run Monday to Sunday in local time; the current week is the last one.
    """
    today = timezone.localdate(now or timezone.now())
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    per_day = (
        Registration.objects.filter(event__in=events_of_staff(user).values("pk"), created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(count=Count("pk"))
    )
    counts = dict.fromkeys((first + datetime.timedelta(weeks=week) for week in range(weeks)), 0)
    for row in per_day:
        monday = row["day"] - datetime.timedelta(days=row["day"].weekday())
        if monday in counts:
            counts[monday] += row["count"]
    return list(counts.items())
