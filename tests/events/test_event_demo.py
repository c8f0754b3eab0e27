from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from events import demo
from events.models import Event, Material, ProgrammeItem, Speaker
from events.registration.models import Registration
from events.registration.reports import funder_report
from portal.media import PARTICIPANTS_ONLY_PREFIX

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


def test_recently_held_events_have_attendance_for_the_funder_report(demo_data):
    today = timezone.localdate()
    held = Event.objects.filter(ends_at__lt=timezone.now(), starts_at__date__gte=today - timedelta(days=100))
    assert set(held.values_list("agency__slug", flat=True)) == {"hessen", "nrw", "transmit", "bayern"}

    report = funder_report(agencies=Agency.objects.all(), start=today - timedelta(days=100), end=today)

    assert report.total.events == held.count()
    assert 0 < report.total.attended < report.total.registrations
    assert report.total.municipalities > 0
    assert not Registration.objects.filter(event__in=held).exclude(email__endswith="@example.org").exists()


def test_a_demo_participant_s_certificate_can_be_verified(client, demo_data):
    registration = Registration.objects.filter(attended=True, status=Registration.Status.CONFIRMED).first()

    response = client.get(reverse("certificate:verify", args=[registration.certificate_code]))

    assert response.status_code == 200
    assert registration.name in response.content.decode()


def test_a_held_event_has_documentation_for_participants_only(client, demo_data):
    material = Material.objects.select_related("event").get(participants_only=True)

    assert material.event.ends_at < timezone.now()
    assert material.file.name.startswith(PARTICIPANTS_ONLY_PREFIX)
    assert default_storage.exists(material.file.name)
    page = client.get(material.event.get_absolute_url()).content.decode()
    assert material.title not in page
    assert Material.objects.filter(event=material.event, participants_only=False).get().title in page


def test_the_demo_manager_sees_report_figures_and_certificates_of_a_held_event(client, demo_data):
    client.force_login(get_user_model().objects.get(username="leitung-hessen"))
    today = timezone.localdate()
    event = Event.objects.get(agency__slug="hessen", materials__participants_only=True)
    attended = Registration.objects.filter(event=event, attended=True)

    report = client.get(
        reverse("admin:events_event_reports"),
        {
            "agency": event.agency_id,
            "start": (today - timedelta(days=100)).isoformat(),
            "end": today.isoformat(),
        },
    )
    certificates = client.get(reverse("admin:events_event_certificates", args=[event.pk]))

    assert report.status_code == 200
    assert report.context["form"].is_valid()
    assert report.context["report"].total.attended == attended.count() > 0
    assert certificates.status_code == 200
    assert all(person.name in certificates.content.decode() for person in attended)
