"""The staff start page in the admin: upcoming events with fill levels, open approvals, waiting lists,
registrations per week (chart and table), the colleagues' latest changes; counts only for editors."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Mode, Registration
from events.registration import services
from portal import audit
from tests.factories import (
    AgencyFactory,
    EventFactory,
    RegistrationEventFactory,
    SuperuserFactory,
    build_event_load,
    register_confirmed,
    staff_member,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


def _section(response):
    return next(iter(response.context["start_sections"]))


def test_figures_equal_the_counts_of_the_agencys_registrations(client, hessen, nrw):
    build_event_load(hessen, events=4, registrations=60)
    hybrid = RegistrationEventFactory(
        agency=hessen,
        format=Event.Format.HYBRID,
        on_site_capacity=2,
        online_capacity=None,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    for number in range(3):
        register_confirmed(hybrid, 100 + number)
    register_confirmed(hybrid, 200, mode=Mode.ONLINE)
    build_event_load(nrw, events=2, registrations=30)  # another agency's: never counted
    client.force_login(staff_member(hessen, "manager"))

    section = _section(client.get(reverse("admin:index")))

    ours = Registration.objects.filter(event__agency=hessen)
    assert section["totals"]["approvals"] == ours.filter(status=S.AWAITING_APPROVAL).count()
    assert section["totals"]["waiting"] == ours.filter(status=S.WAITLISTED).count()
    first = section["events"][0]
    assert first["event"] == hybrid
    assert (first["fills"]["on_site"].held, first["fills"]["on_site"].capacity) == (2, 2)
    assert first["fills"]["on_site"].percent == 100
    assert (first["fills"]["online"].held, first["fills"]["online"].capacity) == (1, None)
    assert first["event"].waiting_count == 1
    expected = {}
    today = timezone.localdate()
    first_monday = today - datetime.timedelta(days=today.weekday(), weeks=7)
    for created in ours.values_list("created_at", flat=True):
        day = timezone.localdate(created)
        monday = day - datetime.timedelta(days=day.weekday())
        if monday >= first_monday:
            expected[monday] = expected.get(monday, 0) + 1
    weeks = dict(section["weeks"])
    assert len(weeks) == 8 and min(weeks) == first_monday
    assert {monday: count for monday, count in weeks.items() if count} == expected
    assert sum(weeks.values()) == sum(expected.values()) > 0


def test_the_chart_is_a_table_too(client, hessen):
    event = RegistrationEventFactory(agency=hessen)
    register_confirmed(event, 1)
    register_confirmed(event, 2)
    client.force_login(staff_member(hessen, "editor"))

    html = client.get(reverse("admin:index")).content.decode()

    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'aria-hidden="true"' in svg
    table = re.search(r'<table class="start-weeks">.*?</table>', html, re.S).group(0)
    rows = re.findall(r'<tr><th scope="row">([\d.]+)</th><td class="count">(\d+)</td></tr>', table)
    assert len(rows) == 8
    assert [int(count) for _week, count in rows] == [0] * 7 + [2]
    assert len(re.findall(r"<rect ", html)) == 8


def test_editors_see_counts_but_no_participant_names(client, hessen):
    event = RegistrationEventFactory(agency=hessen, requires_approval=True)
    registration = register_confirmed(event, 1, name="Erika Teilnehmerin")
    colleague = staff_member(hessen, "manager")
    services.registration_approve(registration=registration, actor=colleague)
    client.force_login(staff_member(hessen, "editor"))

    html = client.get(reverse("admin:index")).content.decode()

    assert event.title in html
    assert "Erika Teilnehmerin" not in html
    assert "person1@example.org" not in html


def test_latest_changes_are_the_colleagues_in_the_users_agencies(client, hessen, nrw):
    editor = staff_member(hessen, "editor")
    colleague = staff_member(hessen, "manager")
    stranger = staff_member(nrw, "editor")
    ours = EventFactory(agency=hessen, title="Fachtag der Kollegin")
    theirs = EventFactory(agency=nrw, title="Fachtag anderswo")
    mine = EventFactory(agency=hessen, title="Mein eigener Fachtag")
    audit.record(
        action="events.event.changed", obj=ours, actor=colleague, agency=hessen, changes={"title": ["a", "b"]}
    )
    audit.record(action="events.event.changed", obj=theirs, actor=stranger, agency=nrw)
    audit.record(action="events.event.changed", obj=mine, actor=editor, agency=hessen)
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert [entry.object_repr for entry in response.context["recent_changes"]] == [str(ours)]
    assert "Fachtag der Kollegin" in response.content.decode()


def test_superusers_see_every_agency(client, hessen, nrw):
    RegistrationEventFactory(agency=hessen, title="Fachtag Hessen")
    RegistrationEventFactory(agency=nrw, title="Fachtag NRW")
    client.force_login(SuperuserFactory())
    titles = {row["event"].title for row in _section(client.get(reverse("admin:index")))["events"]}
    assert titles == {"Fachtag Hessen", "Fachtag NRW"}


@pytest.mark.parametrize("size", [10, 500])
def test_start_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, size):
    agency = AgencyFactory(slug=f"start-{size}")
    events = build_event_load(agency, events=size, registrations=size)
    manager = staff_member(agency, "manager")
    colleague = staff_member(agency, "editor", username=f"kollegin-{size}")
    for event in events[:20]:
        audit.record(action="events.event.changed", obj=event, actor=colleague, agency=agency)
    client.force_login(manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert len(_section(response)["events"]) == 10
