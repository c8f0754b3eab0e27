"""Press releases name the municipalities they are about; the municipality pages list them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from municipalities.models import FederalState, Municipality
from tests.factories import (
    DRAFT,
    SCHEDULED,
    WITHDRAWN,
    AgencyFactory,
    MunicipalityFactory,
    PressReleaseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offenbach(federal_states):
    return MunicipalityFactory(
        key="06438",
        name="Offenbach",
        kind=Municipality.Kind.LANDKREIS,
        designation="Landkreis",
        state=FederalState.objects.get(code="06"),
    )


def test_release_links_the_profiles_of_its_municipalities(client, offenbach):
    release = PressReleaseFactory(agency=AgencyFactory(slug="hessen"))
    release.related_municipalities.set([offenbach])

    html = client.get(release.get_absolute_url()).content.decode()

    assert "Zugehörige Kommunen" in html
    assert '<a href="/kommunen/06438/">Landkreis Offenbach</a> (Landkreis, Hessen)' in html


def test_profile_lists_the_public_releases_about_the_municipality(client, offenbach):
    hessen = AgencyFactory(slug="hessen")
    public = PressReleaseFactory(agency=hessen, headline="Offenbach vernetzt Schulen")
    unrelated = PressReleaseFactory(agency=hessen, headline="Nichts über Offenbach")
    hidden = [
        PressReleaseFactory(agency=hessen, status=DRAFT, headline="Entwurf über Offenbach"),
        PressReleaseFactory(agency=hessen, status=WITHDRAWN, headline="Zurückgezogen über Offenbach"),
    ]
    for release in [public, *hidden]:
        release.related_municipalities.set([offenbach])

    html = client.get(offenbach.get_absolute_url()).content.decode()

    assert '<h2 id="presse-titel">Pressemitteilungen</h2>' in html
    assert f'href="{public.get_absolute_url()}"' in html
    assert unrelated.headline not in html
    for release in hidden:
        assert release.headline not in html


def test_profile_without_public_releases_has_no_press_section(client, offenbach):
    tomorrow = timezone.now() + timedelta(days=1)
    PressReleaseFactory(
        agency=AgencyFactory(slug="hessen"), status=SCHEDULED, published_at=tomorrow
    ).related_municipalities.set([offenbach])

    html = client.get(offenbach.get_absolute_url()).content.decode()

    assert "presse-titel" not in html


def test_admin_picks_municipalities_with_an_autocomplete(admin_client, offenbach):
    release = PressReleaseFactory(agency=AgencyFactory(slug="hessen"))

    html = admin_client.get(reverse("admin:agencies_pressrelease_change", args=[release.pk])).content.decode()
    search = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Offen",
            "app_label": "agencies",
            "model_name": "pressrelease",
            "field_name": "related_municipalities",
        },
    )

    assert 'name="related_municipalities"' in html
    assert "admin-autocomplete" in html
    assert [row["id"] for row in search.json()["results"]] == [str(offenbach.pk)]


def test_demo_release_about_the_frankfurt_fachtag_shows_on_the_city_profile(client, demo_site):
    html = client.get("/kommunen/06412/").content.decode()

    assert "Fachtag zu integrierter Planung in Frankfurt" in html
