"""The funder report: figures equal counts made here from a known data set, before and after retention."""

import datetime
import io
from collections import defaultdict
from datetime import timedelta

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.registration import services
from events.registration.models import Registration
from events.registration.reports import funder_report, quarter_label
from events.registration.retention import retention_run
from municipalities.models import Municipality, Partnership
from tests.factories import (
    AgencyFactory,
    MunicipalityFactory,
    PartnershipFactory,
    RegistrationEventFactory,
    SuperuserFactory,
    register_confirmed,
    staff_member,
)

pytestmark = pytest.mark.django_db

# Twelve municipalities in three Bundesländer: (state code, kind); each Gemeinde belongs to the
# Landkreis of its state listed first.
TOWNS = [
    ("16", "landkreis"),
    ("16", "kreisfreie-stadt"),
    ("16", "gemeinde"),
    ("16", "gemeinde"),
    ("16", "gemeinde"),
    ("06", "landkreis"),
    ("06", "kreisfreie-stadt"),
    ("06", "gemeinde"),
    ("06", "landkreis"),
    ("14", "landkreis"),
    ("14", "gemeinde"),
    ("14", "kreisfreie-stadt"),
]
PEOPLE = 40
ABSENT = set(range(31, PEOPLE))  # 9 absent, 31 attended; everyone from the first 24 attended
STATE_NAMES = {"16": "Thüringen", "06": "Hessen", "14": "Sachsen"}


def _today():
    return timezone.localdate()


@pytest.fixture
def data_set():
    """3 events of one agency, 40 confirmed registrations from 12 municipalities, 31 attended; noise."""
    agency = AgencyFactory()
    towns, kreise = [], {}
    for index, (state, kind) in enumerate(TOWNS):
        parent = kreise.get(state) if kind == "gemeinde" else None
        town = MunicipalityFactory(
            key=f"{state}{index:06d}", state=state, kind=kind, name=f"Kommune {index}", parent=parent
        )
        kreise.setdefault(state, town) if kind == "landkreis" else None
        towns.append(town)
    # Partners on the day of the events: towns 0, 5, 9. Town 1's partnership ended before the events,
    # town 2's starts after them; town 3 is only interested.
    for index in (0, 5, 9):
        PartnershipFactory(municipality=towns[index], agency=agency, since=datetime.date(2020, 1, 1))
    PartnershipFactory(
        municipality=towns[1],
        agency=agency,
        status=Partnership.Status.FORMER,
        since=datetime.date(2020, 1, 1),
        until=_today(),
    )
    PartnershipFactory(municipality=towns[2], agency=agency, since=_today() + timedelta(days=400))
    PartnershipFactory(
        municipality=towns[3],
        agency=agency,
        status=Partnership.Status.INTERESTED,
        since=datetime.date(2020, 1, 1),
    )
    events = [
        RegistrationEventFactory(
            agency=agency,
            starts_in=timedelta(days=days),
            format=fmt,
            kind=kind,
            on_site_capacity=50,
            online_capacity=None,
        )
        for days, fmt, kind in (
            (14, Event.Format.ON_SITE, "fachtag"),
            (100, Event.Format.ONLINE, "online-austausch"),
            (200, Event.Format.HYBRID, "workshop"),
        )
    ]
    people = []
    for index in range(PEOPLE):
        event = events[index % 3]
        people.append(
            (register_confirmed(event, index + 1, municipality=towns[index % 12]), event, towns[index % 12])
        )
    # Noise: not counted in any figure.
    cancelled = register_confirmed(events[0], 100, municipality=towns[0])
    services.registration_cancel(registration=cancelled)
    other_agency_event = RegistrationEventFactory(starts_in=timedelta(days=20))
    register_confirmed(other_agency_event, 101, municipality=towns[4])
    cancelled_event = RegistrationEventFactory(agency=agency, starts_in=timedelta(days=30))
    register_confirmed(cancelled_event, 102, municipality=towns[4])
    Event.objects.filter(pk=cancelled_event.pk).update(status=Event.Status.CANCELLED)
    upcoming = RegistrationEventFactory(agency=agency, starts_in=timedelta(days=330))
    register_confirmed(upcoming, 103, municipality=towns[4])

    for event in events:
        with time_machine.travel(event.ends_at, tick=False):
            mine = [r.pk for r, e, _town in people if e == event]
            absent = [r.pk for index, (r, e, _town) in enumerate(people) if e == event and index in ABSENT]
            services.attendance_record(event=event, attended=set(mine) - set(absent), absent=absent)
    after_all = events[2].ends_at + timedelta(days=1)
    return {"agency": agency, "events": events, "people": people, "towns": towns, "after": after_all}


def _expected(data_set):
    """The figures, counted here in Python from what the data set was built from."""
    partner_towns = {data_set["towns"][index].pk for index in (0, 5, 9)}
    quarters = defaultdict(lambda: {"registrations": 0, "attended": 0, "towns": set(), "events": set()})
    for index, (_registration, event, town) in enumerate(data_set["people"]):
        start = timezone.localtime(event.starts_at)
        quarter = quarters[quarter_label(start)]
        quarter["registrations"] += 1
        quarter["events"].add(event.pk)
        if index not in ABSENT:
            quarter["attended"] += 1
            quarter["towns"].add(town.pk)
    reached = [data_set["towns"][i % 12] for i in range(PEOPLE) if i not in ABSENT]
    by_state, by_kind = defaultdict(set), defaultdict(set)
    for town in reached:
        by_state[STATE_NAMES[town.state.code]].add(town.pk)
        by_kind[Municipality.Kind(town.kind).label].add(town.pk)
    return {
        "quarters": {
            label: (
                len(q["events"]),
                q["registrations"],
                q["attended"],
                len(q["towns"]),
                len(q["towns"] & partner_towns),
            )
            for label, q in quarters.items()
        },
        "states": {name: (len(pks), len(pks & partner_towns)) for name, pks in by_state.items()},
        "kinds": {name: (len(pks), len(pks & partner_towns)) for name, pks in by_kind.items()},
    }


def _report(data_set, **kwargs):
    agency = data_set["agency"]
    return funder_report(
        agencies=[agency], start=_today(), end=_today() + timedelta(days=365), now=data_set["after"], **kwargs
    )


def _figures(report):
    return {
        "quarters": {
            row.label: (
                row.events,
                row.registrations,
                row.attended,
                row.municipalities,
                row.partner_municipalities,
            )
            for row in report.quarters
        },
        "states": {name: (reached, partners) for name, reached, partners in report.states},
        "kinds": {name: (reached, partners) for name, reached, partners in report.kinds},
    }


def test_the_report_equals_the_counts_of_the_data_set(data_set):
    report = _report(data_set)

    assert _figures(report) == _expected(data_set)
    assert (report.total.events, report.total.registrations, report.total.attended) == (3, 40, 31)
    assert report.total.no_shows == 9 and str(report.total.no_show_rate) == "22.5"
    assert (report.total.municipalities, report.total.partner_municipalities) == (12, 3)
    assert sorted(report.states) == [("Hessen", 4, 1), ("Sachsen", 3, 1), ("Thüringen", 5, 1)]
    assert {(fmt, kind, count) for fmt, kind, count in report.formats} == {
        ("Präsenz", "Fachtag", 1),
        ("Online", "Online-Austausch", 1),
        ("Hybrid", "Workshop", 1),
    }


def test_the_figures_stay_the_same_after_retention_reduced_the_registrations(data_set):
    before = _figures(_report(data_set))
    later = data_set["after"] + timedelta(weeks=settings.RETENTION_REDUCE_WEEKS, days=1)

    with time_machine.travel(later, tick=False):
        retention_run()

    assert Registration.objects.filter(reduced_at__isnull=True, event__in=data_set["events"]).count() == 0
    confirmed = Registration.objects.filter(status="confirmed", event__in=data_set["events"])
    assert confirmed.filter(email="", manage_token__isnull=True).count() == PEOPLE
    assert _figures(_report(data_set)) == before == _expected(data_set)


def test_the_report_runs_the_same_number_of_queries_for_more_data(data_set):
    with CaptureQueriesContext(connection) as small:
        _report(data_set)
    agency = data_set["agency"]
    more = RegistrationEventFactory(agency=agency, starts_in=timedelta(days=40), on_site_capacity=50)
    extra = [register_confirmed(more, 200 + n, municipality=data_set["towns"][n % 12]) for n in range(15)]
    with time_machine.travel(more.ends_at, tick=False):
        services.attendance_record(event=more, attended=[r.pk for r in extra])

    with CaptureQueriesContext(connection) as large:
        report = _report(data_set)

    assert report.total.registrations == PEOPLE + 15
    assert len(large) == len(small) <= 8


def _page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("admin:events_event_reports"), params)


def test_managers_see_their_agencies_superusers_all_editors_get_404(client, data_set):
    agency = data_set["agency"]
    period = {"start": _today().isoformat(), "end": (_today() + timedelta(days=365)).isoformat()}

    with time_machine.travel(data_set["after"], tick=False):
        manager = _page(client, staff_member(agency, "manager"), agency=agency.pk, **period)
        other = AgencyFactory()
        smuggled = _page(client, staff_member(other, "manager"), agency=agency.pk, **period)
        superuser = _page(client, SuperuserFactory(), **period)
        editor = _page(client, staff_member(agency, "editor", username="editor-2"), **period)

    assert manager.status_code == 200 and manager.context["report"].total.registrations == 40
    assert smuggled.status_code == 200 and smuggled.context["report"].total.registrations == 0
    assert superuser.context["report"].total.registrations == 41  # with the other agency's event
    assert editor.status_code == 404
    html = manager.content.decode()
    assert "<svg" in html and "<table" in html and 'style="' not in html


def test_the_report_downloads_as_xlsx_with_the_same_figures(client, data_set):
    agency = data_set["agency"]
    period = {"start": _today().isoformat(), "end": (_today() + timedelta(days=365)).isoformat()}

    with time_machine.travel(data_set["after"], tick=False):
        client.force_login(staff_member(agency, "manager"))
        response = client.get(reverse("admin:events_event_reports_xlsx"), {"agency": agency.pk, **period})

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Quartale"].iter_rows(values_only=True))
    assert rows[1][0] == "Zeitraum"
    assert rows[-1] == ("Gesamt", 3, 40, 31, 22.5, 12, 3)
    states = {row[0]: row[1:] for row in workbook["Bundesländer"].iter_rows(min_row=3, values_only=True)}
    assert states == {"Hessen": (4, 1), "Sachsen": (3, 1), "Thüringen": (5, 1)}


def test_the_admin_start_page_links_the_report_for_managers_only(client):
    agency = AgencyFactory()
    url = reverse("admin:events_event_reports")

    client.force_login(staff_member(agency, "manager"))
    assert url in client.get(reverse("admin:index")).content.decode()
    client.force_login(staff_member(agency, "editor"))
    assert url not in client.get(reverse("admin:index")).content.decode()
