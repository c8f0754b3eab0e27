import pytest
from django.utils import timezone

from events import demo
from events.models import Event, Material, ProgrammeItem, Speaker

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment)


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
