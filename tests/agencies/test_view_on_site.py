"""The admin's "view on site" redirect answers only for objects the user may see, never for tokens."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import Event
from tests.factories import (
    DRAFT,
    AgencyFactory,
    EventFactory,
    PressReleaseFactory,
    RegistrationEventFactory,
    SuperuserFactory,
    register_confirmed,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _view_on_site(obj):
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


@pytest.fixture
def other_agency():
    return AgencyFactory(slug="nrw", states=["nordrhein-westfalen"])


def test_a_registrations_personal_page_is_never_reached_from_the_admin(client, agency):
    registration = register_confirmed(RegistrationEventFactory(agency=agency))
    for user in (staff_member(agency, "manager"), SuperuserFactory()):
        client.force_login(user)
        assert client.get(_view_on_site(registration)).status_code == 404


def test_another_agencys_draft_event_and_press_release_are_not_found(client, agency, other_agency):
    draft = EventFactory(agency=other_agency, status=Event.Status.DRAFT)
    published = EventFactory(agency=other_agency, status=Event.Status.PUBLISHED)
    release = PressReleaseFactory(agency=other_agency, status=DRAFT)
    client.force_login(staff_member(agency, "manager"))

    assert client.get(_view_on_site(draft)).status_code == 404
    assert client.get(_view_on_site(published)).status_code == 404
    assert client.get(_view_on_site(release)).status_code == 404


def test_own_published_event_redirects_to_its_public_page(client, agency):
    event = EventFactory(agency=agency, status=Event.Status.PUBLISHED)
    client.force_login(staff_member(agency, "editor"))

    response = client.get(_view_on_site(event))

    assert response.status_code == 302 and response.url == event.get_absolute_url()
