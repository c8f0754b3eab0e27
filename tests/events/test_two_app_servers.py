"""Two gunicorn servers on one PostgreSQL database: people register through both at once.

What the load balancer in front of several app servers does. The servers run the production settings
with ``gunicorn.conf.py``; requests arrive as if through the TLS proxy (``X-Forwarded-Proto: https``).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.db import connection, connections

from events.models import Registration
from portal.health import WORKER, record_heartbeat
from tests.factories import RegistrationEventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
PEOPLE = 40
SEATS = 10
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _test_database_url():
    """Return the address of pytest-django's test database (``test_<name>``), for the servers."""
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"]) + (
        f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    )
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def app_servers(tmp_path):
    """Start two gunicorn servers on free ports; yield their ports; stop them."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="a-long-random-value-only-for-this-test-0123456789",
        DATABASE_URL=_test_database_url() + "?conn_max_age=60",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="4",
        GUNICORN_LOG_LEVEL="warning",
    )
    # The test database was migrated under the test settings (cache in memory); the servers' settings
    # keep the cache in the database, and the registration page reads the content version from it.
    for command in (["collectstatic", "--noinput"], ["createcachetable"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=BASE_DIR, env=env, check=True, timeout=120
        )
    ports = [_free_port(), _free_port()]
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    servers = [
        subprocess.Popen(
            [gunicorn, "--config", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_until_up(port, server)
        yield ports
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def _wait_until_up(port, server):
    for _ in range(300):
        if server.poll() is not None:
            pytest.fail(f"gunicorn on port {port} exited with {server.returncode}")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn on port {port} did not answer within 30 s")


class Person:
    """One browser: its CSRF cookie, behind the TLS proxy, on whichever server the balancer picks."""

    def __init__(self, number):
        self.number = number
        self.email = f"person{number}@example.org"
        self.cookie = None
        self.statuses = []

    def request(self, port, method, path, data=None):
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{port}{path}"}
        if self.cookie:
            headers["Cookie"] = f"csrftoken={self.cookie}"
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            html = response.read().decode()
        finally:
            conn.close()
        found = CSRF_COOKIE.search(response.getheader("Set-Cookie") or "")
        if found:
            self.cookie = found.group(1)
        self.statuses.append(response.status)
        return response.status, html


def _register_and_confirm(event, ports, gate):
    def run(number):
        person = Person(number)
        first, second = ports[number % 2], ports[(number + 1) % 2]
        gate.wait()
        try:
            _status, html = person.request(first, "GET", f"/anmeldung/{event.slug}/")
            token = CSRF_FIELD.search(html).group(1)
            person.request(
                second,
                "POST",
                f"/anmeldung/{event.slug}/",
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"Erika Beispiel {number}",
                    "email": person.email,
                    "organisation": f"Landkreis Musterhausen {number}",
                    "function": "Bildungsmanagement",
                    "join_waitlist": "on",
                    "consent": "on",
                    "notice_version": "1",
                },
            )
            # The person's mailbox: the confirmation link carries this token.
            confirm_token = Registration.objects.get(event=event, email=person.email).confirm_token
            person.request(
                first, "POST", f"/anmeldung/bestaetigen/{confirm_token}/", {"csrfmiddlewaretoken": token}
            )
        finally:
            connections.close_all()
        return person

    return run


def test_people_registering_through_two_servers_at_once_never_overbook(agency, app_servers):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=SEATS)
    gate = threading.Barrier(PEOPLE)

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        people = list(pool.map(_register_and_confirm(event, app_servers, gate), range(PEOPLE)))

    assert all(person.statuses == [200, 302, 302] for person in people), [p.statuses for p in people]
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == PEOPLE
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == SEATS
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - SEATS


def test_the_load_balancer_probes_healthz_over_plain_http(app_servers):
    record_heartbeat(WORKER)

    for port in app_servers:
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/healthz")
        health = conn.getresponse()
        body = json.loads(health.read())
        conn.request("GET", "/")
        home = conn.getresponse()
        home.read()
        conn.close()

        assert health.status == 200, body
        assert body["database"] == "ok" and body["worker"] == "ok"
        assert isinstance(body["mail_queue"], int)
        # Everything else goes to HTTPS: only the probe is let through on plain HTTP.
        assert home.status == 301 and home.getheader("Location").startswith("https://")
