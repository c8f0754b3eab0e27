import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from municipalities.exceptions import PartnershipOverlap
from municipalities.models import Partnership, Programme
from municipalities.services import partnership_create, partnership_end, partnership_update
from tests.factories import AgencyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_second_agency_in_an_overlapping_period_is_rejected_with_a_clear_message(landkreis):
    transmit, other = (
        AgencyFactory(slug="transmit", short_name="Agentur transmit", states=["16"]),
        AgencyFactory(slug="andere", states=["16"]),
    )
    partnership_create(
        municipality=landkreis, agency=transmit, status="kooperationskommune", since=D(2017, 1, 1)
    )

    with pytest.raises(PartnershipOverlap) as caught:
        partnership_create(
            municipality=landkreis,
            agency=other,
            status="interessiert",
            since=D(2020, 5, 1),
            until=D(2020, 12, 31),
        )

    message = str(caught.value)
    assert (
        "Weimarer Land hat im gewählten Zeitraum bereits eine Partnerschaft mit Agentur transmit" in message
    )
    assert "seit 01.01.2017" in message
    assert Partnership.objects.count() == 1


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (D(2015, 1, 1), D(2017, 1, 1)),  # ends on the first day of the other
        (D(2016, 6, 1), None),  # open-ended, overlaps everything later
        (D(2019, 12, 31), D(2021, 1, 1)),  # starts on the last day of the other
        (D(2019, 3, 1), D(2019, 4, 1)),  # inside
    ],
)
def test_every_kind_of_overlap_is_caught(landkreis, since, until):
    agency = AgencyFactory(slug="transmit", states=["16"])
    partnership_create(
        municipality=landkreis,
        agency=agency,
        status="transferkommune",
        since=D(2017, 1, 1),
        until=D(2019, 12, 31),
    )
    with pytest.raises(PartnershipOverlap):
        partnership_create(
            municipality=landkreis, agency=agency, status="interessiert", since=since, until=until
        )


def test_consecutive_partnerships_keep_the_history(landkreis):
    first, second = AgencyFactory(slug="erste", states=["16"]), AgencyFactory(slug="zweite", states=["16"])
    bildung_integriert = Programme.objects.get(slug="bildung-integriert")
    partnership_create(
        municipality=landkreis, agency=first, status="ehemalig", since=D(2015, 1, 1), until=D(2016, 12, 31)
    )
    partnership_create(
        municipality=landkreis,
        agency=second,
        status="transferkommune",
        since=D(2017, 1, 1),
        programmes=[bildung_integriert],
        note="Schwerpunkt Bildungsmonitoring.",
    )

    history = list(landkreis.partnerships.order_by("since"))
    assert [(p.agency.slug, p.status) for p in history] == [
        ("erste", "ehemalig"),
        ("zweite", "transferkommune"),
    ]
    assert [p.name for p in history[1].programmes.all()] == ["Bildung integriert"]
    assert history[1].is_active() and not history[0].is_active()


def test_ending_a_partnership_marks_it_former_and_frees_the_period_after(landkreis):
    agency = AgencyFactory(slug="transmit", states=["16"])
    running = partnership_create(
        municipality=landkreis, agency=agency, status="kooperationskommune", since=D(2017, 1, 1)
    )

    partnership_end(partnership=running, until=D(2022, 6, 30))
    partnership_create(
        municipality=landkreis,
        agency=AgencyFactory(slug="neu", states=["16"]),
        status="interessiert",
        since=D(2022, 7, 1),
    )

    running.refresh_from_db()
    assert (running.status, running.until) == ("ehemalig", D(2022, 6, 30))
    assert landkreis.partnerships.count() == 2


def test_moving_a_partnership_into_another_period_is_checked_too(landkreis):
    agency = AgencyFactory(slug="transmit", states=["16"])
    partnership_create(
        municipality=landkreis, agency=agency, status="ehemalig", since=D(2015, 1, 1), until=D(2016, 12, 31)
    )
    later = partnership_create(
        municipality=landkreis, agency=agency, status="transferkommune", since=D(2017, 1, 1)
    )

    with pytest.raises(PartnershipOverlap):
        partnership_update(partnership=later, since=D(2016, 1, 1))


def test_end_before_start_and_former_without_end_are_invalid(landkreis):
    agency = AgencyFactory(slug="transmit", states=["16"])
    with pytest.raises(ValidationError) as caught:
        partnership_create(
            municipality=landkreis,
            agency=agency,
            status="interessiert",
            since=D(2020, 1, 1),
            until=D(2019, 1, 1),
        )
    assert "nicht vor dem Beginn" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        partnership_create(municipality=landkreis, agency=agency, status="ehemalig", since=D(2020, 1, 1))
    assert "braucht ein Enddatum" in str(caught.value)


def test_the_database_allows_only_one_open_ended_partnership(landkreis):
    agency = AgencyFactory(slug="transmit", states=["16"])
    PartnershipFactory(municipality=landkreis, agency=agency, status="interessiert", since=D(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(municipality=landkreis, agency=agency, status="interessiert", since=D(2021, 1, 1))


def test_model_validation_reports_the_overlap_for_the_admin(landkreis):
    agency = AgencyFactory(slug="transmit", states=["16"])
    partnership_create(municipality=landkreis, agency=agency, status="interessiert", since=D(2020, 1, 1))
    duplicate = Partnership(
        municipality=landkreis, agency=agency, status="interessiert", since=D(2018, 1, 1), until=D(2020, 3, 1)
    )
    with pytest.raises(ValidationError, match="nur mit einer Transferagentur"):
        duplicate.full_clean()
