"""Each registration rule has one SQL and one Python form; over generated events they agree."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, Mode, Registration
from events.registration import selectors
from tests.factories import RegistrationEventFactory, register_confirmed

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)

# name: (event format, registration options, event changes, confirmed people per mode)
CASES = {
    "open with seats": ("praesenz", {}, {}, {}),
    "opens in the future": ("praesenz", {"opens_at": +HOUR}, {}, {}),
    "opened an hour ago": ("praesenz", {"opens_at": -HOUR}, {}, {}),
    "closed yesterday": ("praesenz", {"closes_at": -24 * HOUR, "opens_at": -48 * HOUR}, {}, {}),
    "closes later": ("praesenz", {"closes_at": +HOUR}, {}, {}),
    "disabled": ("praesenz", {"enabled": False}, {}, {}),
    "draft": ("praesenz", {}, {"status": Event.Status.DRAFT}, {}),
    "postponed": ("praesenz", {}, {"status": Event.Status.POSTPONED}, {}),
    "cancelled": ("praesenz", {}, {"status": Event.Status.CANCELLED}, {}),
    "on site full": ("praesenz", {"on_site_capacity": 1}, {}, {Mode.ON_SITE: 1}),
    "on site no seats at all": ("praesenz", {"on_site_capacity": 0}, {}, {}),
    "online full": ("online", {"online_capacity": 1, "on_site_capacity": 0}, {}, {Mode.ONLINE: 1}),
    "online unlimited": ("online", {"online_capacity": None, "on_site_capacity": 0}, {}, {Mode.ONLINE: 2}),
    "hybrid, on site full, online free": (
        "hybrid",
        {"on_site_capacity": 1, "online_capacity": 5},
        {},
        {Mode.ON_SITE: 1},
    ),
    "hybrid, both full": ("hybrid", {"on_site_capacity": 1, "online_capacity": 1}, {}, {"both": 1}),
    "hybrid, on site full, online unlimited": ("hybrid", {"on_site_capacity": 1}, {}, {Mode.ON_SITE: 1}),
    "unlimited online, opens in the future": ("online", {"opens_at": +HOUR, "on_site_capacity": 0}, {}, {}),
    "unlimited online, closed": ("online", {"closes_at": -HOUR, "opens_at": -48 * HOUR}, {}, {}),
}


def build(name, now):
    event_format, options, changes, people = CASES[name]
    options = {
        key: now + value if isinstance(value, datetime.timedelta) else value for key, value in options.items()
    }
    event = RegistrationEventFactory(format=event_format, **options)
    number = 0
    modes = [Mode.ON_SITE, Mode.ONLINE] if "both" in people else list(people)
    for mode in modes:
        for _ in range(people.get(mode, people.get("both", 0))):
            number += 1
            enabled = options.get("enabled", True)
            if not enabled:
                continue
            register_confirmed(event, number, mode=mode)
    if changes:
        Event.objects.filter(pk=event.pk).update(**changes)
    return event


@pytest.mark.parametrize("name", list(CASES))
def test_free_seats_filter_and_the_event_page_agree(name):
    now = timezone.now()
    event = build(name, now)
    annotated = selectors.with_seats(Event.objects.filter(pk=event.pk)).get()
    plain = Event.objects.select_related("registration_options").get(pk=event.pk)

    in_sql = selectors.with_free_seats_only(selectors.with_seats(Event.objects.all()), now=now).exists()
    assert (
        in_sql
        == selectors.has_free_seat_now(annotated, now=now)
        == selectors.has_free_seat_now(plain, now=now)
    )

    is_open = Event.objects.filter(selectors.open_for_registration(now=now), pk=event.pk).exists()
    assert is_open == (selectors.registration_state(plain, now=now) == selectors.State.OPEN)

    # Free seats per mode: the filter's annotation, the pages' grouped count and the services' count
    # are the same.
    (counted,) = selectors.count_seats([plain])
    assert selectors.seats(counted) == selectors.seats(annotated)
    assert (counted.seats_on_site_held, counted.seats_online_held) == (
        annotated.seats_on_site_held,
        annotated.seats_online_held,
    )
    for item in selectors.seats(annotated):
        assert item.free == selectors.free_seats(event, item.mode)
        capacity = item.capacity
        held = Registration.objects.filter(event=event, mode=item.mode, status__in=Registration.HOLDING)
        assert item.free == (None if capacity is None else max(0, capacity - held.count()))


def test_free_seats_filter_leaves_out_events_whose_registration_has_not_opened(client):
    now = timezone.now()
    waiting = build("opens in the future", now)
    open_event = build("open with seats", now)

    listed = client.get("/veranstaltungen/", {"free": "on"}).context["events"]
    assert [event.pk for event in listed] == [open_event.pk]
    assert waiting.pk not in [event.pk for event in listed]
