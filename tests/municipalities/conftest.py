from decimal import Decimal
from pathlib import Path

import pytest

from municipalities.models import Municipality
from tests.factories import MunicipalityFactory, federal_state

DATA = Path(__file__).parent / "data"
GV100AD_SAMPLE = DATA / "gv100ad_sample.txt"


@pytest.fixture
def gv100ad_sample():
    return GV100AD_SAMPLE


@pytest.fixture
def thuringia(db):
    return federal_state("16")


@pytest.fixture
def landkreis(db):
    return MunicipalityFactory(
        key="16071",
        name="Weimarer Land",
        kind=Municipality.Kind.LANDKREIS,
        designation="Landkreis",
        state="16",
        population=81947,
        area_km2=Decimal("804.48"),
    )


@pytest.fixture
def city(db):
    return MunicipalityFactory(
        key="15002",
        name="Halle (Saale), Stadt",
        kind=Municipality.Kind.KREISFREIE_STADT,
        designation="Kreisfreie Stadt",
        state="15",
        population=239257,
        area_km2=Decimal("135.03"),
    )
