"""Reads of the municipalities app; each runs a fixed number of queries, however large the directory."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Case, Count, IntegerField, Min, Q, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agencies.models import Agency
from agencies.selectors import agencies_with_states, with_agencies
from portal.bounds import TEXT_MAX_LENGTH
from portal.filtering import FiltersOnDemand
from portal.page_cache import kept_per_version, kept_per_version_and_day, with_kept

from .filters import SORTING, MunicipalityFilter
from .models import FederalState, Municipality, Partnership

AGENCY_PARTNERS_SHOWN = 12


# What a row of the directory shows (rows.py), read as named values: fifty model instances (and
# their Bundesland and Kreis) cost more to build than the query took.
DIRECTORY_ROW = (
    "id",
    "key",
    "name",
    "kind",
    "population",
    "state_id",
    "parent__name",
    "parent__kind",
    "parent__designation",
)


def municipality_list(*, filters) -> FiltersOnDemand:
    """Return the directory's filters: ``qs`` gives ``DIRECTORY_ROW`` of each municipality, sorted by
    name unless the filters sort otherwise; the FilterSet is built only when the query string sets one
    of its filters (the sort order too)."""
    queryset = Municipality.objects.values_list(*DIRECTORY_ROW, named=True).order_by(*SORTING["name"])
    return FiltersOnDemand(MunicipalityFilter, filters, queryset=queryset)


def narrows(filters: FiltersOnDemand) -> bool:
    """Return whether the filters leave out municipalities (a sort order alone does not)."""
    narrowing = (name for name in filters.base_filters if name != "sortierung")
    return filters.is_bound and any(filters.data.get(name) for name in narrowing)


@kept_per_version
def municipality_total() -> int:
    """Return the number of municipalities, counted once per process and content version (imports go
    through ``save()`` and bump the version once at the end)."""
    return Municipality.objects.count()


class RunningPartnership(NamedTuple):
    status: str
    agency_id: int
    agency_name: str  # the agency's short name


@kept_per_version_and_day
def current_partnerships() -> dict[int, RunningPartnership]:
    """Return the status and agency of each municipality's partnership running today, by the
    municipality's id: read once per process, content version and day, for the directory's rows and
    the profiles (a few thousand partnerships; a subquery per row and column cost more to build than
    to run). Shared between requests: read only."""
    running = Partnership.objects.active().order_by("since", "pk")
    fields = ("municipality_id", "status", "agency_id", "agency__short_name")
    # The newest running one wins, should two overlap.
    return {row[0]: RunningPartnership._make(row[1:]) for row in running.values_list(*fields)}


def running_partnership(municipality) -> RunningPartnership | None:
    """Return the status and agency of the municipality's partnership running today, from the kept ones."""
    return current_partnerships().get(municipality.pk)


def directory_page(rows) -> list[tuple]:
    """Return each row (``DIRECTORY_ROW``) of a directory page with its Bundesland's name and its
    ``RunningPartnership`` or None, from the kept data."""
    rows = list(rows)
    states = _states_with({row.state_id for row in rows})
    partnerships = current_partnerships()
    return [(row, states[row.state_id].name, partnerships.get(row.id)) for row in rows]


def next_partnership_change(*, now=None):
    """Return the next midnight at which a partnership starts or ends: which ones run changes then
    without a save (the agency page, the profiles, the directory and the partner chart show them)."""
    today = timezone.localdate(now)
    days = Partnership.objects.aggregate(
        start=Min("since", filter=Q(since__gt=today)), end=Min("until", filter=Q(until__gte=today))
    )
    # A partnership runs through its last day: it has ended at the start of the next.
    candidates = [days["start"], days["end"] and days["end"] + datetime.timedelta(days=1)]
    day = min((candidate for candidate in candidates if candidate), default=None)
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def municipality_detail(*, key) -> Municipality:
    """Return the municipality with its Bundesland and Kreis, or raise Http404. Its partnerships and
    members are read by ``partnership_history`` and ``members_of`` only where their part of the
    profile is not rendered yet (municipality_tags)."""
    queryset = Municipality.objects.select_related("state", "parent").defer(
        "search_document", "created_at", "updated_at", "parent__search_document"
    )
    return get_object_or_404(queryset, key=key)


def partnership_history(municipality) -> list[Partnership]:
    """Return the municipality's partnerships, newest first, with their programmes; their agencies are
    the kept ones (an agency's long texts stay unread)."""
    partnerships = municipality.partnerships.prefetch_related("programmes").order_by("-since")
    return with_agencies(list(partnerships))


def members_of(municipality) -> list[Municipality]:
    """Return the municipalities of a Kreis by name, with what the list of members shows."""
    return list(municipality.members.only("key", "name", "kind", "designation", "parent").order_by("name"))


def current_partnership(partnerships, *, on=None):
    """Return the partnership running on the day among ``partnerships`` (newest first), or None."""
    on = on or timezone.localdate()
    return next((p for p in partnerships if p.is_active(on)), None)


def _same_name(text):
    """Match the name itself: „Münster“ is „Münster, Stadt“ in the register (the part before the comma)."""
    return Q(name__iexact=text) | Q(name__istartswith=f"{text},")


def _namesakes(text):
    """Match names that begin with the word: „Offenbach am Main, Stadt“, „Halle (Saale), Stadt“."""
    return Q(name__istartswith=f"{text} ")


def municipality_search(*, query, limit=10):
    """Return up to ``limit`` municipalities whose name contains the query (or whose key starts
    with it): the municipality of that very name first, then names starting with the query; nothing
    for fewer than two or more than TEXT_MAX_LENGTH characters (no name is that long) or with a NUL
    character (which PostgreSQL refuses in a query)."""
    query = " ".join((query or "").split())
    if not 2 <= len(query) <= TEXT_MAX_LENGTH or "\x00" in query:
        return []
    queryset = Municipality.objects.select_related("state", "parent")
    if query.isdigit():
        return list(queryset.filter(key__startswith=query).order_by("key")[:limit])
    rank = Case(
        When(_same_name(query), then=0),
        When(name__istartswith=query, then=1),
        default=2,
        output_field=IntegerField(),
    )
    matches = queryset.filter(name__icontains=query).annotate(rank=rank)
    return list(matches.order_by("rank", "name", "key")[:limit])


def municipality_resolve(*, text, queryset=None, limit=5):
    """Find the municipality a person means by a typed text.

    Return ``(municipality, [])`` for a key, the name itself („Münster“ for „Münster, Stadt“, even
    though „Neumünster“ contains it; „Landkreis Leipzig“ works too) or the only name containing the
    text. Otherwise return ``(None, candidates)``, up to ``limit``, the same name first: also when a
    city and a Landkreis share the name („Offenbach“: Landkreis Offenbach and Offenbach am Main),
    so nobody ends up at the other one without noticing.
    """
    queryset = queryset if queryset is not None else Municipality.objects.all()
    text = " ".join(text.split())
    if not text:
        return None, []
    if text.isdigit():
        found = list(queryset.filter(key=text)[:1])
        return (found[0], []) if found else (None, [])
    prefix, _space, rest = text.partition(" ")
    if prefix.lower() in ("landkreis", "kreis") and rest:
        chosen = queryset.filter(_same_name(rest), kind=Municipality.Kind.LANDKREIS)
        found = list(chosen.order_by("name", "key")[:2])
        if len(found) == 1:
            return found[0], []
    if prefix.lower() == "stadt" and rest:
        towns = (Municipality.Kind.KREISFREIE_STADT, Municipality.Kind.KREISANGEHOERIGE_STADT)
        found = list(queryset.filter(_same_name(rest), kind__in=towns).order_by("name", "key")[:2])
        if len(found) == 1:
            return found[0], []
    # One scan (no index serves these lookups): the same name first, then names beginning with the
    # word; only if there are none, the names containing the text (each of the first two contains it).
    rank = Case(
        When(_same_name(text), then=0), When(_namesakes(text), then=1), default=2, output_field=IntegerField()
    )
    matches = queryset.filter(name__icontains=text).annotate(rank=rank)
    candidates = list(matches.order_by("rank", "name", "key")[: limit + 1])
    if candidates and candidates[0].rank < 2:
        candidates = [candidate for candidate in candidates if candidate.rank < 2]
    if len(candidates) == 1:
        return candidates[0], []
    return None, candidates[:limit]


@dataclass
class AgencyPartners:
    partnerships: list
    per_state: list
    total: int

    @property
    def complete(self):
        return len(self.partnerships) == self.total


@kept_per_version
def states_by_id() -> dict[int, FederalState]:
    """Return the Bundesländer by id, read once per process and content version. Shared: read only."""
    return {state.pk: state for state in FederalState.objects.all()}


def with_states(municipalities: list[Municipality]) -> list[Municipality]:
    """Set each municipality's Bundesland from ``states_by_id()``: no join."""
    return with_kept(municipalities, field="state", by_id=states_by_id)


def _states_with(ids) -> dict[int, FederalState]:
    states = states_by_id()
    # One created on another app server within the last second: read it itself.
    missing = set(ids) - states.keys()
    return {**states, **FederalState.objects.in_bulk(missing)} if missing else states


@kept_per_version
def _current_partners(agency_id: int, on, limit: int) -> tuple[list[tuple[int, int]], list[Partnership]]:
    """Return the count of the agency's partnerships running on the day per Bundesland (by id) and the
    ``limit`` newest of them with their municipality and its Bundesland, read once per process, content
    version and day: partnerships, municipalities and Bundesländer are public content, so every save
    of one is a new version, and which of them run changes with the day only. Shared: read only.

    Two queries: the count per Bundesland, and the newest rows, which the (agency, since) index
    hands over without sorting every partnership of the agency.
    """
    current = Partnership.objects.active(on).filter(agency_id=agency_id)
    per_state = list(current.values_list("municipality__state").annotate(Count("pk")).order_by())
    newest = list(
        current.select_related("municipality")
        # What the list shows of each: status, period, and the municipality's name, address and state.
        .only(
            "status",
            "since",
            "until",
            "municipality__key",
            "municipality__name",
            "municipality__kind",
            "municipality__designation",
            "municipality__state",
        )
        .order_by("-since", "municipality__name", "pk")[:limit]
    )
    states = _states_with([partnership.municipality.state_id for partnership in newest])
    for partnership in newest:
        partnership.municipality.state = states[partnership.municipality.state_id]
    return per_state, newest


def agency_partners(*, agency, on=None, limit=AGENCY_PARTNERS_SHOWN) -> AgencyPartners:
    """Return the agency's number of current partner municipalities per Bundesland and the newest of them.

    All of them by name while they are at most ``limit``, else the ``limit`` newest: the directory
    filtered by the agency lists them all, and an agency with a thousand partners would otherwise
    render a thousand list items on its page.
    The counts and rows are kept per content version and day (``_current_partners``), the
    Bundesländer are the kept ones: no query while neither changes.
    """
    per_state, newest = _current_partners(agency.pk, on or timezone.localdate(), limit)
    states = _states_with([state_id for state_id, _count in per_state])
    # Bundesländer the agency serves appear with 0, so gaps are visible too.
    counts = dict.fromkeys(agency.states.all(), 0)
    counts.update((states[state_id], count) for state_id, count in per_state)
    partners = AgencyPartners(
        # A copy: the kept list is shared, and a complete one is sorted by name below.
        partnerships=list(newest),
        per_state=sorted(counts.items(), key=lambda item: item[0].name),
        total=sum(counts.values()),
    )
    if partners.complete:
        partners.partnerships.sort(key=lambda partnership: partnership.municipality.name)
    return partners


@dataclass
class StateCount:
    state: FederalState
    by_status: dict  # in the order of Partnership.Status, without the former partnerships
    total: int = 0


@dataclass
class AgencyCounts:
    agency: Agency
    states: list = field(default_factory=list)

    @property
    def total(self):
        return sum(row.total for row in self.states)


def partner_counts(*, on=None) -> list[AgencyCounts]:
    """Count current partner municipalities per agency and Bundesland, split by status; today's counts
    are kept per process, content version and day. Shared between requests: read only."""
    return _partner_counts(on=on) if on is not None else todays_partner_counts()


@kept_per_version_and_day
def todays_partner_counts() -> list[AgencyCounts]:
    return _partner_counts(on=timezone.localdate())


def _partner_counts(*, on) -> list[AgencyCounts]:
    rows = (
        Partnership.objects.active(on)
        .values("agency_id", "municipality__state_id", "status")
        .annotate(count=Count("municipality_id", distinct=True))
        .order_by()
    )
    counted = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counted[(row["agency_id"], row["municipality__state_id"])][row["status"]] += row["count"]
    # The agencies with their states, and the Bundesländer, kept per content version: no query each.
    agencies = agencies_with_states()
    served = {state.pk for agency in agencies for state in agency.states.all()}
    states = _states_with(served | {state_id for _agency_id, state_id in counted})
    statuses = [status for status in Partnership.Status.values if status != Partnership.Status.FORMER]
    result = []
    for agency in agencies:
        state_ids = {state.pk for state in agency.states.all()}
        state_ids |= {state_id for agency_id, state_id in counted if agency_id == agency.pk}
        entry = AgencyCounts(agency=agency)
        for state in sorted((states[pk] for pk in state_ids), key=lambda s: s.name):
            by_status = {status: counted[(agency.pk, state.pk)].get(status, 0) for status in statuses}
            entry.states.append(StateCount(state=state, by_status=by_status, total=sum(by_status.values())))
        result.append(entry)
    return result
