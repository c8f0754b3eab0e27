"""The demo data holds the seed press release as facts and one release of every status."""

import pytest

from agencies.press.models import PressRelease
from agencies.publications.models import Publication

pytestmark = pytest.mark.django_db


def test_demo_has_every_status_and_the_pages_treat_each_right(client, demo_data):
    by_status = {status: PressRelease.objects.filter(status=status) for status in PressRelease.Status.values}
    assert all(by_status.values())
    assert PressRelease.objects.filter(supporting_agencies__isnull=False).exists()
    listing = client.get("/presse/").content.decode()
    for release in by_status["draft"] | by_status["scheduled"]:
        assert release.headline not in listing
        assert client.get(release.get_absolute_url()).status_code == 404
    for release in by_status["withdrawn"]:
        assert client.get(release.get_absolute_url()).status_code == 410
    draft_with_preview = by_status["draft"].exclude(preview_token=None).first()
    assert client.get(f"/presse/vorschau/{draft_with_preview.preview_token}/").status_code == 200


def test_demo_publications_download(client, demo_data):
    publication = Publication.objects.filter(agency__slug="nrw", series__isnull=False).first()
    response = client.get(f"/publikationen/{publication.slug}/datei/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7")
