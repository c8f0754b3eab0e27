"""Error reporting: a request id on each log line, in the response and on the 500 page; notices queued."""

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from events.models import OutgoingMail
from portal.logs import JsonFormatter, RequestIdFilter
from portal.request_id import HEADER, current_request_id

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "tests.portal.urls_with_error"


@pytest.fixture
def console():
    """What the configured console handler (the one production's stdout gets) writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "name", None) == "console")
    output = io.StringIO()
    previous = handler.setStream(output)
    yield output
    handler.setStream(previous)


def test_each_response_carries_a_new_request_id_unless_the_proxy_sent_a_well_formed_one(client):
    first, second = client.get("/")[HEADER], client.get("/")[HEADER]
    assert first != second and len(first) == 32

    assert client.get("/", headers={HEADER: "proxy-4711-abcdef"})[HEADER] == "proxy-4711-abcdef"
    for forged in ("kurz", "zeile\nLOG INJECTION", "<script>alert(1)</script>", "x" * 200):
        assert client.get("/", headers={HEADER: forged})[HEADER] != forged


def test_a_log_line_written_during_a_request_carries_its_request_id(client, error_urls, console, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="portal.test"):
        response = client.get("/test-protokoll/")
    request_id = response[HEADER]
    [record] = [r for r in caplog.records if r.name == "portal.test"]
    assert record.request_id == request_id
    [line] = [line for line in console.getvalue().splitlines() if "Eine Zeile aus der Anfrage" in line]
    assert f"[{request_id}]" in line
    assert current_request_id.get() == "-"  # the id ends with its request


def test_the_500_page_shows_the_request_id_that_the_log_line_carries(error_urls, console):
    client = Client(raise_request_exception=False)
    response = client.get("/test-fehler/", headers={HEADER: "proxy-request-0815"})
    assert response.status_code == 500
    assert response[HEADER] == "proxy-request-0815"
    page = response.content.decode()
    assert "Ein technischer Fehler ist aufgetreten" in page
    assert "<code>proxy-request-0815</code>" in page
    [line] = [
        line for line in console.getvalue().splitlines() if "Internal Server Error: /test-fehler/" in line
    ]
    assert "[proxy-request-0815]" in line


def test_an_error_in_a_view_queues_a_notice_to_admins_and_sends_nothing_in_the_request(
    error_urls, settings, mailoutbox
):
    settings.ADMINS = [("Betrieb", "betrieb@example.org"), ("Technik", "technik@example.org")]
    response = Client(raise_request_exception=False).get("/test-fehler/")
    assert response.status_code == 500
    assert mailoutbox == []
    notices = OutgoingMail.objects.filter(kind="admin_notice").order_by("to")
    assert [notice.to for notice in notices] == ["betrieb@example.org", "technik@example.org"]
    assert notices[0].subject.startswith("[Transferportal] ERROR")
    assert "/test-fehler/" in notices[0].subject
    assert "Absichtlicher Fehler für den Test" in notices[0].body_text


def test_an_outbox_that_cannot_be_written_does_not_turn_into_a_second_error(
    error_urls, settings, monkeypatch
):
    settings.ADMINS = [("Betrieb", "betrieb@example.org")]

    def database_gone(**kwargs):
        raise RuntimeError("Datenbank nicht erreichbar")

    monkeypatch.setattr("portal.outbox._queue", database_gone)
    response = Client(raise_request_exception=False).get("/test-fehler/")
    assert response.status_code == 500
    assert "Ein technischer Fehler ist aufgetreten" in response.content.decode()


def test_the_json_formatter_writes_one_valid_json_object_with_the_request_id():
    token = current_request_id.set("proxy-request-0815")
    try:
        record = logging.LogRecord(
            "portal", logging.ERROR, __file__, 1, "Fehler bei %s", ("Anmeldung",), None
        )
        RequestIdFilter().filter(record)
        try:
            raise ValueError("kaputt")
        except ValueError:
            record.exc_info = sys.exc_info()
        line = JsonFormatter().format(record)
    finally:
        current_request_id.reset(token)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Fehler bei Anmeldung" and entry["level"] == "ERROR"
    assert entry["request_id"] == "proxy-request-0815"
    assert "ValueError: kaputt" in entry["exception"]


def test_production_logs_json_lines_and_reads_admins_from_the_environment():
    script = (
        "import logging, json; from django.conf import settings; "
        "print(json.dumps(settings.ADMINS)); logging.getLogger('portal').warning('Hallo')"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "a-long-random-value-only-for-this-test-0123456789",
            "ADMINS": "Betrieb <betrieb@example.org>,technik@example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    admins, log_line = result.stdout.strip().splitlines()[-2:]
    assert json.loads(admins) == [
        ["Betrieb", "betrieb@example.org"],
        ["technik@example.org", "technik@example.org"],
    ]
    entry = json.loads(log_line)
    assert entry["message"] == "Hallo" and entry["request_id"] == "-"
