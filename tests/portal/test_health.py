"""/healthz and the pages people see while the database is unreachable."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from events.models import OutgoingMail
from portal.health import WORKER, last_heartbeat, record_heartbeat
from tests.factories import RegistrationEventFactory, register

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
FRIENDLY = "Das Transferportal ist gerade nicht erreichbar"
LOST_INPUT = "nicht verarbeitet"


@pytest.fixture
def database_down():
    """Every attempt to reach the database fails, as with PostgreSQL stopped or its host gone."""
    refused = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        yield


@pytest.mark.parametrize("path", ["/", "/veranstaltungen/", "/en/veranstaltungen/"])
def test_pages_answer_503_with_a_friendly_page_while_the_database_is_down(client, database_down, path):
    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert FRIENDLY in html
    assert 'lang="en"' in html and "temporarily unavailable" in html
    assert LOST_INPUT not in html
    assert "/static/css/portal.css" in html


def test_a_form_sent_while_the_database_is_down_gets_the_same_page(client, database_down):
    response = client.post("/barriere-melden/", {"message": "Der Kontrast ist zu schwach.", "page_url": "/"})

    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()


def test_the_session_failing_on_the_way_out_gets_the_same_page():
    """The session is saved by its middleware after the view: handler500 catches that one."""
    client = Client(raise_request_exception=False)
    report = {"message": "Das Bild hat keinen Alternativtext.", "page_url": "/", "name": "", "email": ""}

    # The report is stored; its thank-you message, kept in the session, no longer can be.
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save", side_effect=OperationalError("gone")
    ):
        response = client.post("/barriere-melden/", report)

    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()


def test_healthz_answers_503_naming_the_database_while_it_is_down(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {"database": "down", "mail_queue": None, "worker": "unknown"}


def test_healthz_reports_the_due_mails_and_a_live_worker(client, agency):
    event = RegistrationEventFactory(agency=agency)
    for number in range(4):
        register(event, number)  # each queues a confirmation mail; none is sent within the test
    mails = list(OutgoingMail.objects.order_by("pk"))
    OutgoingMail.objects.filter(pk=mails[0].pk).update(sent_at=timezone.now())
    OutgoingMail.objects.filter(pk=mails[1].pk).update(not_before=timezone.now() + timedelta(minutes=8))
    record_heartbeat(WORKER)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "mail_queue": 2, "worker": "ok"}


def test_healthz_answers_503_when_the_worker_has_not_beaten_for_too_long(client, settings):
    settings.HEALTH_WORKER_MAX_AGE_MINUTES = 5
    record_heartbeat(WORKER)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "mail_queue": 0, "worker": "stale"}


def test_healthz_answers_503_when_no_worker_ever_ran(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["worker"] == "stale"


def test_healthz_is_never_cached_nor_indexed_and_sets_no_cookie(client):
    record_heartbeat(WORKER)

    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert not response.cookies


def test_a_heartbeat_replaces_the_one_before():
    assert last_heartbeat(WORKER) is None
    record_heartbeat(WORKER)
    first = last_heartbeat(WORKER)

    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        record_heartbeat(WORKER)

    assert last_heartbeat(WORKER) - first >= timedelta(minutes=1)


def test_sending_the_mail_queue_records_the_worker_heartbeat():
    call_command("mail_worker", "--once", stdout=open(os.devnull, "w"))

    assert timezone.now() - last_heartbeat(WORKER) < timedelta(minutes=1)


# A fresh process whose DATABASE_URL leads nowhere: the driver's own errors, not a mock.
UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-directory/transferportal.sqlite3",
    "postgresql": "postgres://postgres@127.0.0.1:9/transferportal",  # the discard port: refused
}
PROBE = """
import json, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for path in ("/", "/veranstaltungen/", "/healthz"):
    response = client.get(path)
    answers[path] = [response.status_code, response.get("Retry-After"), response.content.decode()]
print(json.dumps(answers))
"""


@pytest.mark.parametrize("vendor", UNREACHABLE)
def test_a_server_whose_database_is_unreachable_answers_503(vendor):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    env["DATABASE_URL"] = UNREACHABLE[vendor]
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for path in ("/", "/veranstaltungen/"):
        status, retry_after, html = answers[path]
        assert (status, retry_after) == (503, "60"), path
        assert FRIENDLY in html and LOST_INPUT not in html
    status, retry_after, body = answers["/healthz"]
    assert (status, retry_after) == (503, "60")
    assert json.loads(body)["database"] == "down"
