"""A press release links only events its agency (co-)organises; the public page shows only published ones."""

import pytest

from agencies.press.models import PressRelease
from events.models import Event
from tests.factories import AgencyFactory, EventFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def test_the_public_release_lists_only_published_related_events(client, federal_states):
    agency = AgencyFactory()
    published = EventFactory(agency=agency, title="Fachtag öffentlich")
    draft = EventFactory(agency=agency, title="Fachtag in Vorbereitung", status=Event.Status.DRAFT)
    release = PressReleaseFactory(agency=agency)
    release.related_events.set([published, draft])

    html = client.get(release.get_absolute_url()).content.decode()

    assert "Fachtag öffentlich" in html
    assert "Fachtag in Vorbereitung" not in html


def test_events_outside_the_agency_are_those_it_neither_organises_nor_co_organises(federal_states):
    agency, other = AgencyFactory(), AgencyFactory()
    own = EventFactory(agency=agency)
    co_organised = EventFactory(agency=other, co_agencies=[agency])
    foreign = EventFactory(agency=other)
    foreign_draft = EventFactory(agency=other, status=Event.Status.DRAFT)

    outside = PressRelease.events_outside_agency(
        agency=agency, events=[own, co_organised, foreign, foreign_draft]
    )

    assert set(outside) == {foreign, foreign_draft}
