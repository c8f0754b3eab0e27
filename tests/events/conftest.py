"""Small builders for event tests: each test says only what sets its events apart."""

import datetime
import itertools

import pytest
from django.utils import timezone

from agencies.models import Agency, ContactPerson
from events.models import Event, EventKind, TargetGroup, Topic, Venue
from municipalities.models import FederalState


def make_agency(slug, name, state_slugs):
    agency = Agency.objects.create(
        name=f"Transferagentur {name}",
        short_name=name,
        slug=slug,
        host_institution=f"Institut {name}",
        street="Musterweg 1",
        postcode="12345",
        city="Musterstadt",
        email=f"info@{slug}.example.org",
        mission="Eine Agentur für Tests.",
    )
    agency.states.set(FederalState.objects.filter(slug__in=state_slugs))
    return agency


@pytest.fixture
def hessen(db):
    agency = make_agency("hessen", "Hessen", ["hessen", "baden-wuerttemberg"])
    ContactPerson.objects.create(
        agency=agency, name="Erika Beispiel", role="leitung", email="erika@example.org", phone="069 123"
    )
    return agency


@pytest.fixture
def nrw(db):
    return make_agency("nrw", "NRW", ["nordrhein-westfalen"])


@pytest.fixture
def make_venue(db):
    counter = itertools.count(1)

    def make(*, agency, state="hessen", city="Frankfurt am Main", **fields):
        number = next(counter)
        return Venue.objects.create(
            agency=agency,
            name=fields.pop("name", f"Tagungshaus {number}"),
            street=fields.pop("street", f"Domplatz {number}"),
            postcode=fields.pop("postcode", "60311"),
            city=city,
            state=FederalState.objects.get(slug=state),
            **fields,
        )

    return make


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Bildungsmonitoring", slug="bildungsmonitoring")


@pytest.fixture
def other_topic(db):
    return Topic.objects.create(name="Digitalisierung", slug="digitalisierung")


@pytest.fixture
def group(db):
    return TargetGroup.objects.create(name="Bildungsmanagement", slug="bildungsmanagement")


@pytest.fixture
def other_group(db):
    return TargetGroup.objects.create(name="Jugendhilfeplanung", slug="jugendhilfeplanung")


def in_days(days, hour=10, minute=0):
    """Return an aware datetime ``days`` from today at a local wall-clock time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def make_event(hessen, make_venue):
    """Return a builder of published, upcoming on-site Fachtage of the Hessen agency."""
    counter = itertools.count(1)
    default_venue = make_venue(agency=hessen)

    def make(**fields):
        number = next(counter)
        co_agencies = fields.pop("co_agencies", [])
        topics = fields.pop("topics", [])
        target_groups = fields.pop("target_groups", [])
        starts_at = fields.pop("starts_at", in_days(10))
        values = {
            "agency": hessen,
            "title": f"Fachtag Planung {number}",
            "slug": f"fachtag-{number}",
            "kind": EventKind.FACHTAG,
            "format": Event.Format.ON_SITE,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=6),
            "venue": default_venue,
            "teaser": "Ein Tag zur Bildungsplanung in Kommunen.",
            "status": Event.Status.PUBLISHED,
            **fields,
        }
        event = Event.objects.create(**values)
        event.co_agencies.set(co_agencies)
        event.topics.set(topics)
        event.target_groups.set(target_groups)
        return event

    return make
