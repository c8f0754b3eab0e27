import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from agencies.models import Agency
from events.models import Event, Venue
from municipalities.models import FederalState, Municipality, Partnership
from tests.agencies.press_factories import make_release

DATA = Path(__file__).parent / "data"
GV100AD_SAMPLE = DATA / "gv100ad_sample.txt"


@pytest.fixture
def gv100ad_sample():
    return GV100AD_SAMPLE


@pytest.fixture
def thuringia():
    return FederalState.objects.get(code="16")


@pytest.fixture
def make_agency(db):
    def make(slug, *, state_codes=("16",)):
        agency = Agency.objects.create(
            name=f"Transferagentur {slug}",
            short_name=f"Agentur {slug}",
            slug=slug,
            host_institution="Testinstitut e.V.",
            street="Musterweg 1",
            postcode="12345",
            city="Musterstadt",
            email=f"info@{slug}.example.org",
            mission="Eine Agentur nur für Tests.",
        )
        agency.states.set(FederalState.objects.filter(code__in=state_codes))
        return agency

    return make


@pytest.fixture
def landkreis(db, thuringia):
    return Municipality.objects.create(
        key="16071",
        name="Weimarer Land",
        kind=Municipality.Kind.LANDKREIS,
        designation="Landkreis",
        state=thuringia,
        population=81947,
        area_km2=Decimal("804.48"),
    )


@pytest.fixture
def city(db):
    return Municipality.objects.create(
        key="15002",
        name="Halle (Saale), Stadt",
        kind=Municipality.Kind.KREISFREIE_STADT,
        designation="Kreisfreie Stadt",
        state=FederalState.objects.get(code="15"),
        population=239257,
        area_km2=Decimal("135.03"),
    )


@pytest.fixture
def build_directory(db, make_agency):
    """Build a directory of ``size`` municipalities quickly (bulk_create): Landkreise in Thüringen with
    up to 500 Gemeinden each, every fifth municipality with a partnership (some with a history)."""

    def build(size):
        states = {state.code: state for state in FederalState.objects.all()}
        agencies = [make_agency(f"bulk-{size}-a"), make_agency(f"bulk-{size}-b", state_codes=("14", "15"))]
        kreise_needed = max(1, -(-size // 501))
        kreise = Municipality.objects.bulk_create(
            Municipality(
                key=f"160{number:02d}",
                name=f"Testkreis {number}",
                kind=Municipality.Kind.LANDKREIS,
                state=states["16"],
                population=100000 + number,
            )
            for number in range(1, kreise_needed + 1)
        )
        members = []
        for index in range(size - len(kreise)):
            kreis = kreise[index // 500]
            members.append(
                Municipality(
                    key=f"{kreis.key}{index % 500 + 1:03d}",
                    name=f"Gemeinde {index:05d}",
                    kind=Municipality.Kind.GEMEINDE,
                    state=states["16"],
                    parent=kreis,
                    population=1000 + index,
                    area_km2=Decimal("12.50"),
                )
            )
        Municipality.objects.bulk_create(members, batch_size=500)
        everyone = list(Municipality.objects.filter(key__startswith="160").order_by("key"))
        today = timezone.localdate()
        partnerships = []
        for index, municipality in enumerate(everyone[::5]):
            agency = agencies[index % 2]
            partnerships.append(
                Partnership(
                    municipality=municipality,
                    agency=agency,
                    status=Partnership.Status.FORMER,
                    since=today - datetime.timedelta(days=900),
                    until=today - datetime.timedelta(days=400),
                )
            )
            partnerships.append(
                Partnership(
                    municipality=municipality,
                    agency=agency,
                    status=Partnership.Status.COOPERATION,
                    since=today - datetime.timedelta(days=300),
                )
            )
        Partnership.objects.bulk_create(partnerships, batch_size=500)
        _events(agencies[0], states["16"])
        _press_releases(agencies, about=[kreise[0], everyone[1]], count=max(1, size // 100))
        return kreise[0], agencies

    return build


def _events(agency, state):
    venue = Venue.objects.create(
        agency=agency, name="Tagungshaus", street="Weg 1", postcode="99423", city="Weimar", state=state
    )
    now = timezone.now()
    for number in range(8):
        Event.objects.create(
            agency=agency,
            title=f"Fachtag {number}",
            slug=f"fachtag-{agency.slug}-{number}",
            kind="fachtag",
            format=Event.Format.ON_SITE,
            starts_at=now + datetime.timedelta(days=10 + number),
            ends_at=now + datetime.timedelta(days=10 + number, hours=6),
            venue=venue,
            teaser="Ein Fachtag für Tests.",
            status=Event.Status.PUBLISHED,
        )


def _press_releases(agencies, *, about, count):
    """Joint releases of both agencies about the first Kreis and one of its Gemeinden."""
    for _number in range(count):
        release = make_release(agencies[0])
        release.supporting_agencies.set([agencies[1]])
        release.related_municipalities.set(about)
