"""The demo data holds the seed press release as facts and one release of every status."""

from io import StringIO

import pytest
from django.core.management import call_command

from agencies.press.models import PressRelease
from agencies.publications.models import Publication

pytestmark = pytest.mark.django_db


def test_seed_release_carries_its_facts(client, demo_data):
    release = PressRelease.objects.get(slug="fachtag-integrierte-planung-frankfurt-2019")
    assert release.dateline == "Offenbach a.M., 26.11.2019"
    assert release.agency.slug == "hessen"
    assert release.press_contact.role == "presse"
    page = client.get(release.get_absolute_url()).content.decode()
    for fact in (
        "Haus am Dom",
        "60 Teilnehmende",
        "19. November 2019",
        "Integrierte Planung in Kommunalverwaltungen",
    ):
        assert fact in page


def test_seed_release_links_the_fachtag_it_reports_on_after_one_load(client, demo_data):
    release = PressRelease.objects.get(slug="fachtag-integrierte-planung-frankfurt-2019")
    event = release.related_events.get()
    assert event.starts_at.date().isoformat() == "2019-11-19"
    assert event.get_absolute_url() in client.get(release.get_absolute_url()).content.decode()


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


def test_loading_the_demo_twice_changes_nothing(demo_data):
    counts = (PressRelease.objects.count(), Publication.objects.count())
    call_command("load_demo_data", stdout=StringIO())
    assert (PressRelease.objects.count(), Publication.objects.count()) == counts
