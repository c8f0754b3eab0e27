import datetime

import pytest
from django.urls import reverse

from municipalities.models import Partnership
from municipalities.services import import_gv100ad, partnership_create
from tests.factories import AgencyFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, db):
    user = SuperuserFactory(username="redaktion")
    client.force_login(user)
    return client


def test_municipalities_can_be_searched_by_name_and_key_and_filtered(staff_client, gv100ad_sample, thuringia):
    import_gv100ad(path=gv100ad_sample)

    by_name = staff_client.get(
        reverse("admin:municipalities_municipality_changelist"), {"q": "Apolda"}
    ).content.decode()
    assert "Apolda, Stadt" in by_name and "Blankenhain" not in by_name
    by_key = staff_client.get(
        reverse("admin:municipalities_municipality_changelist"), {"q": "06438012"}
    ).content.decode()
    assert "Rödermark, Stadt" in by_key
    filtered = staff_client.get(
        reverse("admin:municipalities_municipality_changelist"),
        {"state__id__exact": thuringia.pk, "kind__exact": "landkreis"},
    ).content.decode()
    assert "Weimarer Land" in filtered and "Apolda" not in filtered


def test_municipality_page_shows_partnerships_inline(staff_client, landkreis):
    partnership_create(
        municipality=landkreis,
        agency=AgencyFactory(slug="transmit", states=["16"]),
        status="kooperationskommune",
        since=datetime.date(2017, 1, 1),
    )
    content = staff_client.get(
        reverse("admin:municipalities_municipality_change", args=[landkreis.pk])
    ).content.decode()
    assert "Partnerschaften" in content
    assert "01.01.2017" in content


def test_adding_an_overlapping_partnership_in_the_admin_shows_the_rule(staff_client, landkreis):
    agency = AgencyFactory(slug="transmit", states=["16"])
    partnership_create(
        municipality=landkreis, agency=agency, status="kooperationskommune", since=datetime.date(2017, 1, 1)
    )

    response = staff_client.post(
        reverse("admin:municipalities_partnership_add"),
        {
            "municipality": landkreis.pk,
            "agency": agency.pk,
            "status": "interessiert",
            "since": "01.03.2019",
            "until": "31.12.2019",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert "nur mit einer Transferagentur zusammen" in response.content.decode()
    assert Partnership.objects.count() == 1


def test_two_overlapping_rows_in_one_inline_save_are_rejected(staff_client, landkreis):
    agency = AgencyFactory(slug="transmit", states=["16"])
    data = {
        "key": landkreis.key,
        "name": landkreis.name,
        "kind": landkreis.kind,
        "designation": landkreis.designation,
        "parent": "",
        "population": landkreis.population,
        "area_km2": landkreis.area_km2,
        "partnerships-TOTAL_FORMS": "2",
        "partnerships-INITIAL_FORMS": "0",
        "partnerships-MIN_NUM_FORMS": "0",
        "partnerships-MAX_NUM_FORMS": "1000",
    }
    for index, since in enumerate(["01.01.2018", "01.06.2018"]):
        data.update(
            {
                f"partnerships-{index}-agency": agency.pk,
                f"partnerships-{index}-status": "interessiert",
                f"partnerships-{index}-since": since,
                f"partnerships-{index}-until": "",
                f"partnerships-{index}-note": "",
            }
        )

    response = staff_client.post(
        reverse("admin:municipalities_municipality_change", args=[landkreis.pk]), data
    )

    assert response.status_code == 200
    assert "Zwei Partnerschaften dieser Kommune überschneiden sich" in response.content.decode()
    assert not Partnership.objects.exists()
