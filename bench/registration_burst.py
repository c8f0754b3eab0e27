#!/usr/bin/env python
"""Burst benchmark: N people register and confirm at the same moment for an event with few seats.

Not a test: it measures. Run it against servers on 127.0.0.1 backed by PostgreSQL (see
bench/README.md, or simply ``make bench``). The script prepares its event through the Django ORM
(same DATABASE_URL as the servers), fires the burst over HTTP with one thread per person, the
people taking turns between two app servers, reads each confirmation token from the database (the
stand-in for the person's mailbox) and prints seats taken, waiting-list size, oversold seats,
errors, registrations per second and the wait per person. Mails go through the real outbox.
"""

import argparse
import http.cookiejar
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import close_old_connections, connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from agencies.models import Agency  # noqa: E402
from events.models import Event, OutgoingMail, Registration, RegistrationOptions, Venue  # noqa: E402
from municipalities.models import FederalState  # noqa: E402

SLUG = "bench-registration-burst"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Lookups of confirmation tokens share four threads that keep their database connections open:
# PostgreSQL allows 100 in all, and a new connection per person would cost the server a process start.
MAILBOX = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mailbox")


def confirm_token(email: str) -> str:
    """Return the token of the link in the person's confirmation mail (read from the database)."""
    return Registration.objects.get(event__slug=SLUG, email=email).confirm_token


def prepare_event(seats: int) -> Event:
    """Create (or reset) the benchmark's event: on site, ``seats`` seats, no participants yet."""
    agency, _ = Agency.objects.get_or_create(
        slug="bench",
        defaults={
            "name": "Transferagentur Benchmark",
            "short_name": "Benchmark",
            "host_institution": "Benchmark e.V.",
            "street": "Lastweg 1",
            "postcode": "12345",
            "city": "Teststadt",
            "email": "bench@example.org",
            "mission": "Nur für den Benchmark.",
        },
    )
    venue, _ = Venue.objects.get_or_create(
        agency=agency,
        name="Benchmark-Saal",
        defaults={
            "street": "Lastweg 1",
            "postcode": "12345",
            "city": "Teststadt",
            "state": FederalState.objects.first(),
        },
    )
    starts_at = timezone.now() + timedelta(days=30)
    event, _ = Event.objects.update_or_create(
        slug=SLUG,
        defaults={
            "agency": agency,
            "title": "Benchmark: Anmeldeansturm",
            "kind": "fachtag",
            "format": Event.Format.ON_SITE,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=6),
            "venue": venue,
            "teaser": "Eine Veranstaltung nur für den Benchmark.",
            "status": Event.Status.PUBLISHED,
        },
    )
    RegistrationOptions.objects.update_or_create(
        event=event,
        defaults={
            "enabled": True,
            "opens_at": None,
            "closes_at": None,
            "on_site_capacity": seats,
            "online_capacity": None,
        },
    )
    Registration.objects.filter(event=event).delete()
    return event


class Person:
    """One simulated person with their own cookie jar (CSRF cookie), like a browser."""

    def __init__(self, base_url: str, number: int, timeout: float):
        self.base_url = base_url
        self.email = f"bench-{number}@example.org"
        self.number = number
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Referer": self.base_url + path}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def register_and_confirm(self) -> None:
        status, html = self.request(f"/anmeldung/{SLUG}/")
        if status != 200:
            raise RuntimeError(f"form: HTTP {status}")
        token = CSRF.search(html).group(1)
        status, html = self.request(
            f"/anmeldung/{SLUG}/",
            {
                "csrfmiddlewaretoken": token,
                "name": f"Bench Person {self.number}",
                "email": self.email,
                "organisation": f"Landkreis Benchmark {self.number % 40}",
                "function": "Bildungsmanagement",
                "join_waitlist": "on",
                "consent": "on",
                "notice_version": "1",
            },
        )
        if status != 302:
            message = re.search(r'<div class="alert alert-danger">(.*?)</div>', html, re.S)
            raise RuntimeError(f"register: HTTP {status} {message.group(1).strip() if message else ''}")
        link_token = MAILBOX.submit(confirm_token, self.email).result()
        status, _ = self.request(f"/anmeldung/bestaetigen/{link_token}/", {"csrfmiddlewaretoken": token})
        if status != 302:
            raise RuntimeError(f"confirm: HTTP {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as it is (urllib raises it as HTTPError 302) instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


def burst(base_urls: list[str], people: int, timeout: float, deadline: float):
    """Start all people at once, taking turns between the servers; return (durations of the
    successful ones, errors, elapsed seconds)."""
    durations, errors = [], []
    lock = threading.Lock()
    gate = threading.Barrier(people + 1)

    def run(number):
        person = Person(base_urls[number % len(base_urls)], number, timeout)
        gate.wait()
        started = time.perf_counter()
        try:
            person.register_and_confirm()
        except Exception as error:  # counted and reported, never fatal for the burst
            with lock:
                errors.append(f"{type(error).__name__}: {error}")
        else:
            with lock:
                durations.append(time.perf_counter() - started)

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(people)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(max(0.0, deadline - (time.perf_counter() - started)))
    elapsed = time.perf_counter() - started
    unfinished = sum(thread.is_alive() for thread in threads)
    if unfinished:
        errors.extend([f"unfinished after {deadline:.0f} s"] * unfinished)
    return durations, errors, elapsed


def start_server(port: int, worker_settings: dict, mail_url: str, log) -> subprocess.Popen:
    """Start gunicorn with the repository's gunicorn.conf.py; ``worker_settings`` override its workers."""
    env = {
        **server_env(),
        **worker_settings,
        "EMAIL_URL": mail_url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    command = [str(Path(sys.executable).with_name("gunicorn")), "--config=gunicorn.conf.py", "--backlog=2048"]
    # The access log (one line per request) goes to a file, not between the results.
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/anmeldung/{SLUG}/", timeout=1).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 20 s")


def server_env() -> dict:
    database_url = os.environ["DATABASE_URL"]
    return {
        **os.environ,
        # Keep each server thread's connection open between requests, as a production setup would.
        "DATABASE_URL": database_url if "?" in database_url else database_url + "?conn_max_age=60",
        "DEBUG": "false",
        "REGISTRATION_RATE_LIMIT_PER_ADDRESS": "1000000",
        "REGISTRATION_RATE_LIMIT_PER_EMAIL": "1000000",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",  # no collectstatic for a benchmark
    }


def start_mail_worker(mail_url: str) -> subprocess.Popen:
    """Start the process that sends what the requests left in the outbox (``manage.py mail_worker``)."""
    command = [sys.executable, "manage.py", "mail_worker"]
    env = {**server_env(), "EMAIL_URL": mail_url}
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--host", default="127.0.0.1", choices=["127.0.0.1", "localhost"], help="loopback only"
    )
    parser.add_argument("--port", type=int, default=8093, help="the first server's port; the next follow")
    parser.add_argument("--servers", type=int, default=2, help="app servers the people take turns between")
    parser.add_argument("--people", type=int, default=500, help="registrations fired at the same moment")
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=60, help="seconds per HTTP request")
    parser.add_argument("--deadline", type=float, default=300, help="seconds for the whole burst")
    parser.add_argument(
        "--start-server",
        action="store_true",
        help="start the gunicorns and the mail worker for the run, stop them after",
    )
    parser.add_argument(
        "--worker-class", help="gunicorn worker class per server (default: gunicorn.conf.py's)"
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, help="threads per gunicorn worker")
    parser.add_argument(
        "--mail-wait", type=float, default=30, help="seconds to wait for the outbox to empty after the burst"
    )
    options = parser.parse_args()

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database: the burst measures real row locks.")
    event = prepare_event(options.seats)
    close_old_connections()
    ports = [options.port + number for number in range(options.servers)]
    mailbox = Path(tempfile.mkdtemp(prefix="bench-burst-mail-"))
    # The real file backend writes every mail the outbox sends; four slashes for an absolute path.
    mail_url = os.environ.get("BENCH_EMAIL_URL", f"filemail:///{mailbox}")
    processes = []
    worker_settings = {
        f"GUNICORN_{name.upper()}": str(value)
        for name, value in [
            ("worker_class", options.worker_class),
            ("workers", options.workers),
            ("threads", options.threads),
        ]
        if value is not None
    }
    server_log = tempfile.NamedTemporaryFile("w", prefix="bench-burst-servers-", suffix=".log", delete=False)
    try:
        if options.start_server:
            processes = [start_server(port, worker_settings, mail_url, server_log) for port in ports]
            processes.append(start_mail_worker(mail_url))
            print(f"Servers: gunicorn.conf.py {' '.join(f'{k}={v}' for k, v in worker_settings.items())}")
        base_urls = [f"http://{options.host}:{port}" for port in ports]
        print(
            f"Burst: {options.people} people register + confirm at once, {options.seats} seats, "
            f"taking turns between {', '.join(base_urls)}"
        )
        client_cpu = time.process_time()
        durations, errors, elapsed = burst(base_urls, options.people, options.timeout, options.deadline)
        client_cpu = time.process_time() - client_cpu
        unsent, mail_elapsed = wait_for_outbox(event, options.mail_wait)
    finally:
        for process in processes:
            stop_server(process)
        server_log.close()
    servers_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)

    registrations = Registration.objects.filter(event=event)
    taken = registrations.filter(status__in=Registration.HOLDING).count()
    waiting = registrations.filter(status=Registration.Status.WAITLISTED).count()
    unconfirmed = registrations.filter(status=Registration.Status.PENDING).count()
    oversold = max(0, taken - options.seats)
    queued = OutgoingMail.objects.filter(registration__event=event).count()
    print(f"seats taken:            {taken} of {options.seats}")
    print(f"waiting list:           {waiting}")
    print(f"oversold:               {oversold}")
    print(f"unconfirmed:            {unconfirmed}")
    print(f"errors:                 {len(errors)}")
    for text, count in sorted({e: errors.count(e) for e in errors}.items(), key=lambda item: -item[1])[:5]:
        print(f"  {count} × {text[:150]}")
    print(f"elapsed:                {elapsed:.2f} s")
    print(f"registrations/second:   {len(durations) / elapsed:.1f} (register + confirm, completed)")
    if durations:
        ordered = sorted(durations)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"wait per person:        median {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"
        )
    print(f"mails:                  {queued} queued, {unsent} unsent {mail_elapsed:.1f} s after the burst")
    delays = sorted(
        (mail.sent_at - mail.created_at).total_seconds()
        for mail in OutgoingMail.objects.filter(registration__event=event, kind="confirm_request")
        .exclude(sent_at=None)
        .only("created_at", "sent_at")
    )
    if delays:
        print(
            f"confirmation request:   sent {statistics.median(delays):.1f} s after registering (median), "
            f"p95 {delays[min(len(delays) - 1, int(len(delays) * 0.95))]:.1f} s"
        )
    # Load from elsewhere on the machine shows as the gap between these and elapsed × cores.
    print(
        f"CPU seconds:            client {client_cpu:.1f} during the burst; servers and mail worker "
        f"{servers_cpu.ru_utime + servers_cpu.ru_stime:.1f} in all ({os.cpu_count()} cores)"
    )
    print(f"server log:             {server_log.name}")
    if options.start_server and "BENCH_EMAIL_URL" not in os.environ:
        print(f"mails written:          {written_mails(mailbox)} in {mailbox}")
    sys.exit(1 if oversold or errors or unsent else 0)


def wait_for_outbox(event: Event, seconds: float) -> tuple[int, float]:
    """Wait until this run's mails are sent (at most ``seconds``); return the unsent count and the wait."""
    started = time.perf_counter()
    while True:
        unsent = OutgoingMail.objects.filter(registration__event=event, sent_at__isnull=True).count()
        waited = time.perf_counter() - started
        if unsent == 0 or waited >= seconds:
            connection.close()
            return unsent, waited
        time.sleep(0.5)


def written_mails(mailbox: Path) -> int:
    """Count the messages Django's file backend wrote: it ends each one with a line of 79 dashes."""
    separator = "\n" + "-" * 79 + "\n"
    return sum(path.read_text(errors="replace").count(separator) for path in mailbox.glob("*.log"))


if __name__ == "__main__":
    main()
