"""Each list filter, alone and combined, returns exactly the events that match it.

The events below differ from ``base`` in exactly one attribute each, so every filter
value tells a known set of them apart.
"""

import datetime

import pytest
from django.utils import timezone

from events import selectors
from events.models import Event, EventKind
from tests.factories import AgencyFactory, TopicFactory, VenueFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(make_event, hessen, nrw, topic, other_topic, group, other_group):
    common = {"topics": [topic], "target_groups": [group]}
    return {
        "base": make_event(title="Basis", **common),
        "other_agency": make_event(title="Andere Agentur", agency=nrw, **common),
        "venue_in_bayern": make_event(
            title="Ort in Bayern",
            venue=VenueFactory(agency=hessen, state="bayern", city="Nürnberg"),
            **common,
        ),
        "online": make_event(title="Online", format=Event.Format.ONLINE, **common),
        "workshop": make_event(title="Werkstattform", kind=EventKind.WORKSHOP, **common),
        "other_topic": make_event(title="Anderes Thema", topics=[other_topic], target_groups=[group]),
        "other_group": make_event(title="Andere Gruppe", topics=[topic], target_groups=[other_group]),
        "later": make_event(title="Später", starts_at=in_days(40), **common),
        "other_text": make_event(
            title="Netzwerktreffen", teaser="Austausch über Kooperationen im Landkreis.", **common
        ),
    }


def names(query, events):
    """Return the keys of the events the list shows for ``query``."""
    filters = selectors.event_filter(data=query)
    assert filters.is_valid(), filters.errors
    found = set(selectors.event_list(filters=filters).values_list("pk", flat=True))
    return {key for key, event in events.items() if event.pk in found}


def day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d.%m.%Y")


ALL = {
    "base",
    "other_agency",
    "venue_in_bayern",
    "online",
    "workshop",
    "other_topic",
    "other_group",
    "later",
    "other_text",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ALL),
        ({"agency": "hessen"}, ALL - {"other_agency"}),
        ({"agency": "nrw"}, {"other_agency"}),
        # Bundesland: the venue's state OR a state the organising agency serves.
        ({"state": "bayern"}, {"venue_in_bayern"}),
        ({"state": "nordrhein-westfalen"}, {"other_agency"}),
        ({"state": "baden-wuerttemberg"}, ALL - {"other_agency"}),
        ({"state": "hessen"}, ALL),
        ({"state": "sachsen"}, set()),
        ({"format": "online"}, {"online"}),
        ({"format": "praesenz"}, ALL - {"online"}),
        ({"format": "hybrid"}, set()),
        ({"kind": "workshop"}, {"workshop"}),
        ({"kind": "fachtag"}, ALL - {"workshop"}),
        ({"topic": "digitalisierung"}, {"other_topic"}),
        ({"topic": "bildungsmonitoring"}, ALL - {"other_topic"}),
        ({"target_group": "jugendhilfeplanung"}, {"other_group"}),
        ({"target_group": "bildungsmanagement"}, ALL - {"other_group"}),
        ({"q": "netzwerk"}, {"other_text"}),
        ({"q": "KOOPERATIONEN"}, {"other_text"}),  # found in the teaser, case ignored
        ({"q": "Werkstatt"}, {"workshop"}),  # found in the title
        ({"q": "Bildungsplanung"}, ALL - {"other_text"}),
        ({"q": "   "}, ALL),
        ({"start": day(30)}, {"later"}),
        ({"end": day(20)}, ALL - {"later"}),
        ({"start": day(10), "end": day(10)}, ALL - {"later"}),
        ({"start": day(11), "end": day(39)}, set()),
    ],
)
def test_each_filter_alone_returns_exactly_the_matching_events(events, query, expected):
    assert names(query, events) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"agency": "hessen", "format": "online"}, {"online"}),
        ({"agency": "nrw", "format": "online"}, set()),
        ({"state": "bayern", "kind": "fachtag"}, {"venue_in_bayern"}),
        ({"state": "bayern", "kind": "workshop"}, set()),
        ({"topic": "digitalisierung", "target_group": "bildungsmanagement"}, {"other_topic"}),
        ({"topic": "digitalisierung", "target_group": "jugendhilfeplanung"}, set()),
        ({"q": "Später", "start": day(30), "agency": "hessen"}, {"later"}),
        (
            {
                "agency": "hessen",
                "state": "hessen",
                "format": "praesenz",
                "kind": "fachtag",
                "topic": "bildungsmonitoring",
                "target_group": "bildungsmanagement",
                "start": day(10),
                "end": day(10),
                "q": "planung",
            },
            # The Bayern venue still matches "Hessen": its organiser serves Hessen.
            {"base", "venue_in_bayern"},
        ),
    ],
)
def test_filters_combine_with_and(events, query, expected):
    assert names(query, events) == expected


def test_a_new_topic_and_a_new_agency_can_be_chosen_at_once(make_event, topic):
    # The chosen topic and agency come from data kept per content version: a new one must count.
    make_event(topics=[topic])
    assert not selectors.event_filter(data={"topic": "inklusion", "agency": "bayern"}).is_valid()
    newcomer = AgencyFactory(slug="bayern", short_name="Bayern")
    inclusion = TopicFactory(name="Inklusion", slug="inklusion")
    event = make_event(title="Neu", agency=newcomer, topics=[inclusion])

    assert names({"topic": "inklusion", "agency": "bayern"}, {"new": event}) == {"new"}


def test_agency_filter_includes_co_organised_events_once(make_event, hessen, nrw):
    joint = make_event(title="Gemeinsam", agency=nrw, co_agencies=[hessen])
    own = make_event(title="Eigen")
    filters = selectors.event_filter(data={"agency": "hessen"})
    found = list(selectors.event_list(filters=filters))
    assert sorted(found, key=lambda event: event.pk) == [joint, own]


def test_state_filter_lists_an_event_once_when_venue_and_agency_both_match(make_event):
    make_event(title="Doppelt passend")
    filters = selectors.event_filter(data={"state": "hessen"})
    assert selectors.event_list(filters=filters).count() == 1


def test_date_range_keeps_a_multi_day_event_that_is_still_running(make_event):
    two_days = make_event(title="Zwei Tage", starts_at=in_days(10), ends_at=in_days(11, hour=15))
    filters = selectors.event_filter(data={"start": day(11)})
    assert list(selectors.event_list(filters=filters)) == [two_days]


def test_list_is_sorted_by_date_and_hides_past_events_and_drafts(make_event):
    later = make_event(title="Später", starts_at=in_days(20))
    sooner = make_event(title="Früher", starts_at=in_days(5))
    make_event(title="Vorbei", starts_at=in_days(-5))
    make_event(title="Entwurf", status=Event.Status.DRAFT)
    cancelled = make_event(title="Abgesagt", starts_at=in_days(8), status=Event.Status.CANCELLED)
    filters = selectors.event_filter(data={})
    assert list(selectors.event_list(filters=filters)) == [sooner, cancelled, later]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "32.13.2020"}, "start"),
        ({"end": "gestern"}, "end"),
        ({"agency": "notaslug"}, "agency"),
        ({"state": "atlantis"}, "state"),
        ({"format": "hologramm"}, "format"),
        ({"kind": "party"}, "kind"),
        ({"topic": "x" * 300}, "topic"),
        ({"q": "x" * 5000}, "q"),
        ({"start": "03.12.2030", "end": "01.12.2030"}, "end"),
    ],
)
def test_invalid_filter_values_are_form_errors_with_no_results(make_event, query, field):
    make_event()
    filters = selectors.event_filter(data=query)
    assert not filters.is_valid()
    assert field in filters.errors
    assert list(selectors.event_list(filters=filters)) == []
