import datetime

import pytest
from django.utils import timezone

from events import demo
from events.models import Event, Material, ProgrammeItem, Speaker

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment)


def test_seed_events_are_in_the_archive(demo_data):
    fachtag = Event.objects.get(slug="fachtag-bildung-unter-einem-dach-2019")
    assert fachtag.title == "Bildung unter einem Dach – Integrierte Planung in Kommunalverwaltungen"
    assert local(fachtag.starts_at).date() == datetime.date(2019, 11, 19)
    assert fachtag.venue.name == "Haus am Dom" and fachtag.venue.state.name == "Hessen"
    assert "60" in fachtag.review
    assert fachtag.programme_items.filter(kind="workshop").exists()
    assert fachtag.programme_items.filter(kind="podium").exists()

    werkstatt = Event.objects.get(slug="bildungswerkstatt-offener-austausch-2020")
    assert (local(werkstatt.starts_at).hour, local(werkstatt.ends_at).hour) == (10, 15)
    assert local(werkstatt.starts_at).date() == datetime.date(2020, 1, 20)
    assert werkstatt.venue.street == "Dreyhauptstr. 3" and werkstatt.venue.postcode == "06108"
    assert werkstatt.agency.slug == "transmit"
    times = [item.starts_at.strftime("%H:%M") for item in werkstatt.programme_items.all()]
    assert times[0] == "09:30" and times[-1] == "15:00"
    assert {group.slug for group in werkstatt.target_groups.all()} == {
        "bildungsmanagement",
        "bildungsmonitoring",
    }

    hybrid = Event.objects.get(slug="fachtag-bildungslandschaft-digitale-transformation-2020")
    assert hybrid.format == Event.Format.HYBRID
    assert local(hybrid.starts_at).date() == datetime.date(2020, 12, 3)

    exchanges = Event.objects.filter(series__slug="online-austausch-kooperationskommunen")
    assert local(exchanges.earliest("starts_at").starts_at).date().month == 5
    assert all(event.is_past for event in exchanges)


def test_a_dozen_upcoming_events_across_agencies_formats_and_kinds(demo_data):
    upcoming = Event.objects.filter(ends_at__gte=timezone.now()).exclude(status=Event.Status.DRAFT)
    assert upcoming.count() >= 12
    assert set(upcoming.values_list("agency__slug", flat=True)) == {"hessen", "nrw", "transmit", "bayern"}
    assert set(upcoming.values_list("format", flat=True)) == {"praesenz", "online", "hybrid"}
    assert upcoming.values("kind").distinct().count() >= 6
    assert upcoming.filter(status=Event.Status.POSTPONED).exists()
    assert upcoming.filter(status=Event.Status.CANCELLED).exists()
    assert upcoming.filter(series__isnull=False).count() >= 3
    for event in upcoming.filter(format__in=["praesenz", "hybrid"]).select_related("venue__state", "agency"):
        served = set(event.agency.states.values_list("pk", flat=True))
        assert event.venue.state_id in served, event.slug


def test_loading_twice_changes_no_counts(demo_data):
    counts = [model.objects.count() for model in (Event, ProgrammeItem, Speaker, Material)]
    demo.load()
    assert [model.objects.count() for model in (Event, ProgrammeItem, Speaker, Material)] == counts


def test_demo_contacts_and_speakers_are_fictional(demo_data):
    emails = Event.objects.exclude(contact=None).values_list("contact__email", flat=True)
    assert all(email.endswith("example.org") for email in emails)
    assert not Speaker.objects.filter(name__icontains="Bartelheimer").exists()
    assert not Speaker.objects.filter(name__icontains="Brock").exists()
