"""Fixtures for event tests: two agencies, a builder of their Fachtage, topics and target groups."""

import functools

import pytest

from tests.factories import (
    AgencyFactory,
    ContactPersonFactory,
    EventFactory,
    TargetGroupFactory,
    TopicFactory,
    VenueFactory,
)


@pytest.fixture
def hessen(db):
    agency = AgencyFactory(
        slug="hessen",
        name="Transferagentur Hessen",
        short_name="Hessen",
        host_institution="Institut Hessen",
        street="Musterweg 1",
        postcode="12345",
        city="Musterstadt",
        mission="Eine Agentur für Tests.",
        about="",
        host_about="",
        states=["hessen", "baden-wuerttemberg"],
    )
    ContactPersonFactory(
        agency=agency, name="Erika Beispiel", role="leitung", email="erika@example.org", phone="069 123"
    )
    return agency


@pytest.fixture
def nrw(db):
    return AgencyFactory(
        slug="nrw",
        name="Transferagentur NRW",
        short_name="NRW",
        host_institution="Institut NRW",
        street="Musterweg 1",
        postcode="12345",
        city="Musterstadt",
        mission="Eine Agentur für Tests.",
        about="",
        host_about="",
        states=["nordrhein-westfalen"],
    )


@pytest.fixture
def make_event(hessen):
    """EventFactory for the Hessen agency's published, upcoming on-site Fachtage at one venue."""
    return functools.partial(EventFactory, agency=hessen, venue=VenueFactory(agency=hessen))


@pytest.fixture
def topic(db):
    return TopicFactory(name="Bildungsmonitoring", slug="bildungsmonitoring")


@pytest.fixture
def other_topic(db):
    return TopicFactory(name="Digitalisierung", slug="digitalisierung")


@pytest.fixture
def group(db):
    return TargetGroupFactory(name="Bildungsmanagement", slug="bildungsmanagement")


@pytest.fixture
def other_group(db):
    return TargetGroupFactory(name="Jugendhilfeplanung", slug="jugendhilfeplanung")
