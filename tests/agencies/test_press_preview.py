"""Preview links let someone without an account read a draft until it is revoked or published."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from agencies.press import services as press_services
from agencies.press.exceptions import PreviewNotAvailable
from tests.factories import DRAFT, SCHEDULED, AgencyFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return PressReleaseFactory(
        agency=AgencyFactory(slug="bayern"), status=DRAFT, headline="Jahresrückblick im Entwurf"
    )


def test_valid_preview_link_shows_the_draft_marked_as_preview_and_noindex(client, draft):
    token = press_services.preview_link_create(release=draft)

    response = client.get(f"/presse/vorschau/{token}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Jahresrückblick im Entwurf" in page
    assert "Vorschau" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # The draft itself stays hidden at its normal address.
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_preview_token_answers_404(client, draft):
    press_services.preview_link_create(release=draft)
    assert client.get("/presse/vorschau/nicht-vergeben/").status_code == 404


def test_revoked_preview_link_answers_404(client, draft):
    token = press_services.preview_link_create(release=draft)
    press_services.preview_link_revoke(release=draft)
    assert client.get(f"/presse/vorschau/{token}/").status_code == 404


def test_new_preview_link_replaces_the_old_one(client, draft):
    old = press_services.preview_link_create(release=draft)
    new = press_services.preview_link_create(release=draft)
    assert client.get(f"/presse/vorschau/{old}/").status_code == 404
    assert client.get(f"/presse/vorschau/{new}/").status_code == 200


def test_preview_link_stops_working_once_published(client, draft):
    token = press_services.preview_link_create(release=draft)
    press_services.press_release_publish(release=draft)

    assert client.get(f"/presse/vorschau/{token}/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_preview_of_scheduled_release_works_until_its_time_comes(client, db):
    release = PressReleaseFactory(
        agency=AgencyFactory(slug="nrw"), status=SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    token = press_services.preview_link_create(release=release)
    assert client.get(f"/presse/vorschau/{token}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert client.get(f"/presse/vorschau/{token}/").status_code == 404


def test_public_release_gets_no_preview_link(db):
    release = PressReleaseFactory(agency=AgencyFactory(slug="nrw"))
    with pytest.raises(PreviewNotAvailable):
        press_services.preview_link_create(release=release)
