#!/usr/bin/env python
"""Page throughput: requests per second and latency of every public page type under gunicorn.

Not a test: it measures. It starts gunicorn with the production settings and the repository's
gunicorn configuration against DATABASE_URL (see bench/README.md, or simply ``make bench-pages``),
and a bare-template Django project (``bench/floor/``) served the same way as the floor every page
is compared with. Each page is measured with the page cache off and as shipped (``PAGE_CACHE``),
the calendar and press feeds also as a repeat poll with ``If-None-Match``. The result is a
Markdown table.

The machine's own speed drifts during a run (other guests on the same host): the floor is measured at
the start and at the end, and ``--floor-beside`` seconds after every page as well, so that each page
also has a ratio to the floor measured right before and right after it ("× floor beside").
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from agencies.models import Agency  # noqa: E402
from agencies.press.models import PressRelease  # noqa: E402
from events.models import Event, Registration, Topic  # noqa: E402
from municipalities.models import Municipality  # noqa: E402

GUNICORN_CONF = ROOT / "gunicorn.conf.py"
# Without the repository's configuration: what it is meant to ship (two sync workers for two cores).
FALLBACK_WORKERS = ["--workers=2", "--worker-class=sync"]
FLOOR = ROOT / "bench" / "floor"
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do total[code] = (total[code] or 0) + count end
  end
  local parts = {}
  for code, count in pairs(total) do table.insert(parts, code .. "=" .. count) end
  io.write("statuses " .. table.concat(parts, ",") .. "\\n")
end
"""


@dataclass
class Page:
    key: str
    label: str
    path: str
    conditional: bool = False  # also measured as a repeat poll with If-None-Match


@dataclass
class Result:
    requests: int = 0
    elapsed: float = 0.0
    latencies: list = field(default_factory=list)  # seconds (Python generator only)
    p50: float | None = None  # seconds
    p99: float | None = None
    statuses: dict = field(default_factory=dict)
    errors: int = 0

    @property
    def rate(self):
        return self.requests / self.elapsed if self.elapsed else 0.0


# --- the pages ---------------------------------------------------------------------------------


def discover_pages() -> list[Page]:
    """Return one address per public page type, taken from the database (demo or large set)."""
    now = timezone.now()
    upcoming = Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=now)
    # The richest upcoming event that takes registrations: its detail page and its form.
    event = (
        upcoming.filter(registration_options__enabled=True)
        .filter(registration_options__closes_at__isnull=True)
        .annotate(items=Count("programme_items", distinct=True), people=Count("registrations", distinct=True))
        .order_by("-items", "-people", "pk")
        .first()
    )
    release = PressRelease.objects.visible().order_by("-published_at", "pk").first()
    agency = Agency.objects.annotate(n=Count("events")).order_by("-n", "pk").first()
    district = (
        Municipality.objects.filter(kind__in=Municipality.DISTRICT_KINDS)
        .annotate(n=Count("members"), p=Count("partnerships"))
        .order_by("-n", "-p", "key")
        .first()
    )
    topic = Topic.objects.annotate(n=Count("events")).order_by("-n", "pk").first()
    filtered = f"/veranstaltungen/?agency={agency.slug}&format=hybrid"
    if topic:
        filtered += f"&topic={topic.slug}"
    pages = [
        Page("home", "Startseite", "/"),
        Page("events", "Veranstaltungen", "/veranstaltungen/"),
        Page("events-filtered", "Veranstaltungen, gefiltert", filtered),
        Page("archive", "Archiv", "/veranstaltungen/archiv/"),
        Page("event", "Veranstaltung", f"/veranstaltungen/{event.slug}/") if event else None,
        Page("register", "Anmeldeformular", f"/anmeldung/{event.slug}/") if event else None,
        Page("calendar", "Kalender-Feed", "/veranstaltungen/kalender.ics", conditional=True),
        Page("press", "Pressemitteilungen", "/presse/"),
        Page("release", "Pressemitteilung", f"/presse/{release.slug}/") if release else None,
        Page("atom", "Presse-Feed Atom", "/presse/feed/atom/", conditional=True),
        Page("rss", "Presse-Feed RSS", "/presse/feed/rss/", conditional=True),
        Page("publications", "Publikationen", "/publikationen/"),
        Page("agency", "Agentur", f"/transferagenturen/{agency.slug}/"),
        Page("municipalities", "Kommunenverzeichnis", "/kommunen/"),
        Page("municipality", "Kommunenprofil", f"/kommunen/{district.key}/") if district else None,
        Page("chart", "Partnergrafik", "/kommunen/uebersicht/"),
        Page("search", "Suche", "/suche/?q=Bildung"),
        # A word few items hold: the Kreis's name.
        Page("search-rare", "Suche, seltener", f"/suche/?q={quote(district.name)}") if district else None,
    ]
    return [page for page in pages if page is not None]


def data_summary() -> str:
    return (
        f"{Event.objects.count()} events, {Registration.objects.count()} registrations, "
        f"{PressRelease.objects.count()} press releases, {Municipality.objects.count()} municipalities"
    )


# --- servers -----------------------------------------------------------------------------------


class Server:
    """A gunicorn process group on 127.0.0.1; its output goes to a log file, not the table."""

    def __init__(self, *, app, port, env, log, extra=()):
        self.port = port
        self.log = log
        config = ["--config", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else FALLBACK_WORKERS
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            app,
            *config,
            f"--bind=127.0.0.1:{port}",
            *extra,
        ]
        with open(log, "ab") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
            )

    def wait_until_up(self, path="/"):
        for _ in range(150):
            try:
                status, _headers = fetch(self.port, path)
                return status
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"gunicorn did not start, see {self.log}") from None
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 30 s, see {self.log}")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def portal_env(*, static_root, page_cache):
    database_url = os.environ["DATABASE_URL"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-throughput-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # plain http on loopback
        "SITE_URL": "http://127.0.0.1",
        # Keep each worker's connection open between requests, as a production setup would.
        "DATABASE_URL": database_url if "?" in database_url else database_url + "?conn_max_age=60",
        "STATIC_ROOT": str(static_root),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        # Read by the page cache once it lands (setting PAGE_CACHE_ENABLED); until then both runs match.
        "PAGE_CACHE": page_cache,
        "PAGE_CACHE_ENABLED": "true" if page_cache == "on" else "false",
    }


def collect_static(static_root, log):
    """Production serves hashed static files from a manifest: build it once for the run."""
    env = portal_env(static_root=static_root, page_cache="off")
    with open(log, "ab") as output:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
            check=True,
        )


# --- load generators ---------------------------------------------------------------------------


def fetch(port, path, headers=None, timeout=30):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request("GET", path, headers=headers or {})
        response = client.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        client.close()


def python_load(port, path, *, duration, connections, headers=None) -> Result:
    """Keep ``connections`` threads requesting ``path`` for ``duration`` seconds (keep-alive where
    the server allows it). Python threads share one core's worth of interpreter: on fast pages this
    generator, not the server, is the limit."""
    result = Result()
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def run():
        latencies, statuses, errors = [], {}, 0
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                client.request("GET", path, headers=headers or {})
                response = client.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                client.close()
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies.append(time.perf_counter() - started)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.will_close:
                client.close()
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        client.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    started = time.perf_counter()
    threads = [threading.Thread(target=run, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - started
    result.requests = len(result.latencies)
    if result.latencies:
        ordered = sorted(result.latencies)
        result.p50 = statistics.median(ordered)
        result.p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return result


WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


def wrk_load(port, path, *, duration, connections, headers=None, script) -> Result:
    command = [
        "wrk",
        f"--threads={max(1, min(connections, os.cpu_count() or 1))}",
        f"--connections={connections}",
        f"--duration={max(1, round(duration))}s",
        "--latency",
        f"--script={script}",
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    result = Result()
    requests = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)", output, re.M)
    result.requests = int(requests.group(1))
    result.elapsed = float(requests.group(2)) * {"m": 60.0, **UNITS}[requests.group(3)]
    percentiles = {p: float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(output)}
    result.p50, result.p99 = percentiles.get("50"), percentiles.get("99")
    statuses = re.search(r"^statuses (.*)$", output, re.M)
    if statuses and statuses.group(1):
        result.statuses = {int(c): int(n) for c, n in (p.split("=") for p in statuses.group(1).split(","))}
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result.errors = sum(int(n) for n in errors.groups()) if errors else 0
    return result


class Load:
    def __init__(self, *, generator, duration, warmup, connections, script):
        self.generator = generator
        self.duration = duration
        self.warmup = warmup
        self.connections = connections
        self.script = script

    def measure(self, port, path, headers=None) -> Result:
        if self.warmup > 0:
            self._run(port, path, self.warmup, headers)
        return self._run(port, path, self.duration, headers)

    def floor_sample(self, port, duration) -> Result:
        """The floor again, without a warm-up: its server is warm from the start of the run."""
        return self._run(port, "/", duration, None)

    def _run(self, port, path, duration, headers):
        # As browsers and calendar clients ask: the front keeps large feeds gzipped too.
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        kwargs = {"duration": duration, "connections": self.connections, "headers": headers}
        if self.generator == "wrk":
            return wrk_load(port, path, script=self.script, **kwargs)
        return python_load(port, path, **kwargs)


# --- the run -----------------------------------------------------------------------------------


def ms(seconds):
    return "–" if seconds is None else f"{seconds * 1000:.1f}"


def ratio(rate, floor_rate):
    return f"{rate / floor_rate:.2f}" if floor_rate else "–"


def row(label, path, cache, result: Result | None, floor_rate, note="", beside_rate=None):
    if result is not None and result.requests == 0:
        result, note = None, "no request finished within the duration"
    if result is None:
        return f"| {label} | `{path}` | {cache} | – | – | – | – | – | {note} |"
    notes = [note] if note else []
    others = {s: n for s, n in sorted(result.statuses.items()) if s not in (200, 304)}
    if 304 in result.statuses:
        notes.append(f"{result.statuses[304]} of {sum(result.statuses.values())} answered 304")
    if others:
        notes.append("HTTP " + ", ".join(f"{s}: {n}" for s, n in others.items()))
    if result.errors:
        notes.append(f"{result.errors} connection errors")
    return (
        f"| {label} | `{path}` | {cache} | {result.rate:.1f} | {ms(result.p50)} | {ms(result.p99)} "
        f"| {ratio(result.rate, floor_rate)} | {ratio(result.rate, beside_rate)} | {'; '.join(notes)} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds measured per page")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load before each measurement")
    parser.add_argument(
        "--connections", type=int, default=16, help="concurrent connections (as issue 13 measures: wrk -c16)"
    )
    parser.add_argument("--port", type=int, default=8094, help="the portal's gunicorn")
    parser.add_argument("--floor-port", type=int, default=8095, help="the floor's gunicorn")
    parser.add_argument(
        "--floor-beside",
        type=float,
        default=3,
        help="seconds the floor is measured after every page, for the ratio beside it (0: not)",
    )
    parser.add_argument(
        "--cache", default="off,on", help="page cache settings to measure, in order (default off,on)"
    )
    parser.add_argument("--pages", default="", help="only these page keys, comma-separated (default all)")
    parser.add_argument(
        "--generator",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk if installed (auto), else Python threads",
    )
    parser.add_argument("--output", type=Path, help="also write the Markdown table to this file")
    options = parser.parse_args()

    caches = [mode.strip() for mode in options.cache.split(",") if mode.strip()]
    if any(mode not in ("off", "on") for mode in caches):
        raise SystemExit("--cache takes off, on or off,on")
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL to the database to measure (make bench-pages does).")
    generator = options.generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    elif generator == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk).")

    pages = discover_pages()
    if options.pages:
        wanted = {key.strip() for key in options.pages.split(",")}
        pages = [page for page in pages if page.key in wanted]
    summary = data_summary()
    connection.close()

    work = Path(tempfile.mkdtemp(prefix="bench-throughput-"))
    log = work / "servers.log"
    script = work / "statuses.lua"
    script.write_text(WRK_SCRIPT)
    load = Load(
        generator=generator,
        duration=options.duration,
        warmup=options.warmup,
        connections=options.connections,
        script=script,
    )
    print(f"Collecting static files into {work / 'static'} …", flush=True)
    collect_static(work / "static", log)

    lines = []
    # The floor rate measured last: each page's rows get the mean of the one before and the one after.
    floor_last = None
    floor = Server(
        app="floor.wsgi:application",
        port=options.floor_port,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "floor.settings"},
        log=log,
        extra=[f"--pythonpath={FLOOR}"],
    )
    try:
        floor.wait_until_up()
        print("Floor (start) …", flush=True)
        floor_start = load.measure(options.floor_port, "/")
        floor_last = floor_start.rate
        for cache in caches:
            server = Server(
                app="portal.wsgi:application",
                port=options.port,
                env=portal_env(static_root=work / "static", page_cache=cache),
                log=log,
            )
            try:
                server.wait_until_up()
                for page in pages:
                    rows = measure_page(page, cache, options.port, load)
                    if options.floor_beside > 0:
                        floor_after = load.floor_sample(options.floor_port, options.floor_beside).rate
                        beside = (floor_last + floor_after) / 2
                        floor_last = floor_after
                    else:
                        beside = None
                    lines.extend((*line, beside) for line in rows)
            finally:
                server.stop()
        print("Floor (end) …", flush=True)
        floor_end = load.measure(options.floor_port, "/")
    finally:
        floor.stop()
        shutil.rmtree(work / "static", ignore_errors=True)

    floor_rate = (floor_start.rate + floor_end.rate) / 2
    table = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores: {summary}.",
        f"Load: {generator}, {options.connections} connections, {options.duration:g} s per page after "
        f"{options.warmup:g} s warm-up; gunicorn "
        + ("with gunicorn.conf.py" if GUNICORN_CONF.exists() else " ".join(FALLBACK_WORKERS))
        + '. "× floor": requests/s relative to the bare-template floor (mean of start and end); "× floor '
        + 'beside": relative to the mean of the floor measured right before and right after the page'
        + (f" ({options.floor_beside:g} s each)." if options.floor_beside > 0 else " (not measured)."),
        "",
        "| Page | Path | Page cache | req/s | p50 ms | p99 ms | × floor | × floor beside | Notes |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
        row("Floor (start)", "/", "–", floor_start, floor_rate, "bench/floor, bare template"),
    ]
    for label, path, cache, result, note, beside in lines:
        table.append(row(label, path, cache, result, floor_rate, note, beside))
    table.append(row("Floor (end)", "/", "–", floor_end, floor_rate, "bench/floor, bare template"))
    text = "\n".join(table)
    print()
    print(text)
    if options.output:
        options.output.write_text(text + "\n")
    print(f"\nServer output: {log}")


def measure_page(page: Page, cache: str, port: int, load: Load):
    """Return the table rows of one page: plain, and for feeds also the repeat poll."""
    print(f"{page.label} ({cache}) …", flush=True)
    status, headers = fetch(port, page.path)
    if status != 200:
        note = "no such address (404): skipped" if status == 404 else f"HTTP {status}: skipped"
        return [(page.label, page.path, cache, None, note)]
    rows = [(page.label, page.path, cache, load.measure(port, page.path), "")]
    if page.conditional:
        label = f"{page.label}, If-None-Match"
        etag = headers.get("ETag")
        if etag is None:
            rows.append((label, page.path, cache, None, "no ETag in the response"))
        else:
            rows.append((label, page.path, cache, load.measure(port, page.path, {"If-None-Match": etag}), ""))
    return rows


if __name__ == "__main__":
    main()
