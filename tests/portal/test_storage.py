"""Uploads live behind Django's storage API: an S3-compatible store in production, any storage in tests.

Nothing in the portal opens an uploaded file by its path, so app servers need no shared disk.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from agencies.publications.models import Publication
from events.models import Material
from tests.factories import SuperuserFactory

BASE_DIR = Path(__file__).resolve().parents[2]


class FakeS3(BaseHTTPRequestHandler):
    """Just enough of S3's object API on 127.0.0.1 (path-style addresses): HEAD, PUT and GET."""

    objects: dict[str, bytes] = {}
    requests: list[tuple[str, str]] = []

    def _record(self):
        self.requests.append((self.command, self.path.split("?", 1)[0]))
        return self.path.split("?", 1)[0]

    def _headers_of(self, body):
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", f'"{abs(hash(body)):x}"')
        self.send_header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")
        self.send_header("Content-Type", "application/octet-stream")

    def do_HEAD(self):
        key = self._record()
        if key not in self.objects:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self._headers_of(self.objects[key])
        self.end_headers()

    def do_GET(self):
        key = self._record()
        body = self.objects.get(key)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self._headers_of(body)
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):
        key = self._record()
        self.objects[key] = self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("ETag", '"stored"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_s3():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeS3)
    FakeS3.objects, FakeS3.requests = {}, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


ROUND_TRIP = """
import json, django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
first = default_storage.save("publications/bericht.pdf", ContentFile(b"%PDF-1.4 erster Bericht"))
second = default_storage.save("publications/bericht.pdf", ContentFile(b"%PDF-1.4 zweiter Bericht"))
with default_storage.open(first) as handle:
    body = handle.read().decode()
print(json.dumps({
    "backend": storages.backends["default"]["BACKEND"],
    "first": first, "second": second, "body": body, "url": default_storage.url(first),
}))
"""


def test_s3_settings_build_a_storage_that_saves_opens_and_signs_addresses(fake_s3):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "DJANGO_", "SECRET"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="a-long-random-value-only-for-this-test-0123456789",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="transferportal-media",
        AWS_S3_ENDPOINT_URL=fake_s3,
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="test-access-key",
        AWS_SECRET_ACCESS_KEY="test-secret-key",
        # The fake store reads plain bodies; real S3-compatible stores take boto3's checksums.
        AWS_REQUEST_CHECKSUM_CALCULATION="when_required",
        AWS_RESPONSE_CHECKSUM_VALIDATION="when_required",
    )

    result = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["backend"] == "storages.backends.s3.S3Storage"
    assert answer["first"] == "publications/bericht.pdf"
    assert answer["second"] != answer["first"], "a second upload of the same name replaced the first"
    assert answer["body"] == "%PDF-1.4 erster Bericht"
    assert answer["url"].startswith(f"{fake_s3}/transferportal-media/publications/bericht.pdf?")
    assert "X-Amz-Signature=" in answer["url"]
    assert ("PUT", "/transferportal-media/publications/bericht.pdf") in FakeS3.requests


IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def storage_without_disk(settings, tmp_path):
    """Uploads in memory; MEDIA_ROOT points at an empty folder that must stay empty."""
    settings.STORAGES = IN_MEMORY
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    assert not settings.MEDIA_ROOT.exists(), "something wrote to the disk behind the storage API"


@pytest.mark.django_db
def test_a_publication_uploaded_in_the_admin_is_downloaded_from_a_storage_without_disk(
    client, agency, storage_without_disk
):
    client.force_login(SuperuserFactory())
    upload = SimpleUploadedFile("bericht.pdf", b"%PDF-1.4 Bildungsbericht", content_type="application/pdf")

    response = client.post(
        reverse("admin:agencies_publication_add"),
        {
            "agency": agency.pk,
            "title": "Bildungsbericht 2026",
            "slug": "bildungsbericht-2026",
            "kind": Publication.Kind.SURVEY,
            "year": 2026,
            "summary": "Zahlen zur Bildung im Landkreis.",
            "file": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    publication = Publication.objects.get(slug="bildungsbericht-2026")
    assert publication.file_size == len(b"%PDF-1.4 Bildungsbericht")

    download = client.get(reverse("publications:download", args=[publication.slug]))

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 Bildungsbericht"
    assert download["Content-Disposition"] == 'attachment; filename="bildungsbericht-2026.pdf"'


@pytest.mark.django_db
def test_the_demo_data_loads_into_a_storage_without_disk(client, federal_states, storage_without_disk):
    call_command("load_demo_data", stdout=StringIO())
    publication = Publication.objects.exclude(file="").first()
    material = Material.objects.exclude(file="").select_related("event").first()

    download = client.get(reverse("publications:download", args=[publication.slug]))
    page = client.get(material.event.get_absolute_url())

    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert page.status_code == 200
    assert f'href="{material.file.url}"' in page.content.decode()
    with material.file.open("rb") as handle:
        assert handle.read()
