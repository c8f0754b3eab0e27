#!/usr/bin/env python
"""Which gunicorn worker class and counts serve the portal best on this machine: requests per second.

Not a test: it measures. For each configuration it starts gunicorn with ``gunicorn.conf.py`` and the
production settings on PostgreSQL, then a small load generator (threads with keep-alive
``http.client`` connections) requests the home page, the event list and the registration POST for
a few seconds each. See bench/README.md, or simply ``make bench-workers``.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import close_old_connections, connection

# The burst benchmark beside this file prepares the event (and sets up Django for the ORM).
from registration_burst import SLUG, prepare_event, stop_server

ROOT = Path(__file__).resolve().parent.parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
CONFIGURATIONS = "sync:2:1,sync:4:1,gthread:2:4,gthread:4:4,gthread:2:8"
SECRET_KEY = "bench-only-secret-key-never-used-anywhere-else-0123456789"


class Page:
    """GET one address again and again."""

    def __init__(self, path):
        self.path = path
        self.name = f"GET {path}"

    def start(self, conn, client):
        return None

    def request(self, conn, state, client, number):
        conn.request("GET", self.path)
        response = conn.getresponse()
        response.read()
        return response.status == 200


class Registration:
    """Send the registration form, each time for another person (302 to the "mail sent" page)."""

    name = "POST /anmeldung/…/"

    def __init__(self, run):
        self.run = run
        self.path = f"/anmeldung/{SLUG}/"

    def start(self, conn, client):
        conn.request("GET", self.path)
        response = conn.getresponse()
        html = response.read().decode()
        cookie = CSRF_COOKIE.search(response.getheader("Set-Cookie", "")).group(1)
        return cookie, CSRF_FIELD.search(html).group(1)

    def request(self, conn, state, client, number):
        cookie, token = state
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"Bench Person {client}-{number}",
                "email": f"workers-{self.run}-{client}-{number}@example.org",
                "organisation": "Landkreis Benchmark",
                "function": "Bildungsmanagement",
                "join_waitlist": "on",
                "consent": "on",
                "notice_version": "1",
            }
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
        conn.request("POST", self.path, body, headers)
        response = conn.getresponse()
        response.read()
        return response.status == 302


def measure(port, scenario, *, seconds, concurrency):
    """Run ``scenario`` on ``concurrency`` clients for ``seconds``; return (req/s, median ms, errors)."""

    def client(number):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        state = scenario.start(conn, number)
        latencies, errors, count = [], 0, 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = scenario.request(conn, state, number, count)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            count += 1
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
        conn.close()
        return latencies, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(client, range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies = [latency for found, _ in results for latency in found]
    errors = sum(errors for _, errors in results)
    median = statistics.median(latencies) * 1000 if latencies else float("nan")
    return len(latencies) / elapsed, median, errors


def server_environment(port, worker_class, workers, threads, static_root):
    database_url = os.environ["DATABASE_URL"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front of the benchmark
        "STATIC_ROOT": static_root,
        # Each thread keeps its connection between requests, as in production (README).
        "DATABASE_URL": database_url if "?" in database_url else database_url + "?conn_max_age=60",
        "EMAIL_URL": "dummymail://",
        "REGISTRATION_RATE_LIMIT_PER_ADDRESS": "1000000",
        "REGISTRATION_RATE_LIMIT_PER_EMAIL": "1000000",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKER_CLASS": worker_class,
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_LOG_LEVEL": "warning",
    }


def start_server(env, port):
    command = [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py"]
    # The access log goes to stdout in production; here it would only flood the terminal.
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 30 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8094, help="on 127.0.0.1")
    parser.add_argument("--seconds", type=float, default=4, help="per page and configuration")
    parser.add_argument("--concurrency", type=int, default=8, help="clients sending at the same time")
    parser.add_argument("--rounds", type=int, default=2, help="turns over all configurations")
    parser.add_argument(
        "--configurations",
        default=CONFIGURATIONS,
        help="comma-separated worker_class:workers:threads (default: %(default)s)",
    )
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database: production runs on PostgreSQL.")

    call_command("load_demo_data", stdout=StringIO())
    prepare_event(seats=1_000_000)
    close_old_connections()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = server_environment(options.port, "sync", 1, 1, static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )

    configurations = options.configurations.split(",")
    names = [Page("/").name, Page("/veranstaltungen/").name, Registration.name]
    results = {configuration: [[] for _ in names] for configuration in configurations}
    # Rounds take turns over the configurations, so load from elsewhere on the machine is spread over all.
    for round_number in range(options.rounds):
        for number, configuration in enumerate(configurations):
            # Every registration is another person: the same address twice would be refused.
            run = f"{time.time():.0f}-{round_number}-{number}"
            scenarios = [Page("/"), Page("/veranstaltungen/"), Registration(run=run)]
            worker_class, workers, threads = configuration.split(":")
            env = server_environment(options.port, worker_class, int(workers), int(threads), static_root)
            server = start_server(env, options.port)
            try:
                for scenario, found in zip(scenarios, results[configuration], strict=True):
                    found.append(
                        measure(
                            options.port, scenario, seconds=options.seconds, concurrency=options.concurrency
                        )
                    )
            finally:
                stop_server(server)
            print(f"round {round_number + 1}: {configuration} done", file=sys.stderr, flush=True)

    print(
        f"{options.concurrency} clients, {options.seconds:g} s per page, {options.rounds} rounds; "
        "req/s mean of the rounds (median latency ms, errors)"
    )
    print("| configuration | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for configuration in configurations:
        worker_class, workers, threads = configuration.split(":")
        label = f"{worker_class} {workers}" + (f"×{threads}" if worker_class == "gthread" else "")
        cells = [
            f"{statistics.mean(rate for rate, _, _ in found):.1f} "
            f"({statistics.median(latency for _, latency, _ in found):.0f} ms, "
            f"{sum(errors for _, _, errors in found)})"
            for found in results[configuration]
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
