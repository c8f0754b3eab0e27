#!/usr/bin/env python
"""Fill a PostgreSQL database with a large, valid, deterministic data set for the page benchmarks.

Not a test and not demo content: it builds rows in Python from ``random.Random(seed)`` and writes
them with ``bulk_create`` (rows whose ids later rows need) and PostgreSQL ``COPY`` (registrations and
many-to-many rows), bypassing the per-row services for speed. The rules the services keep still
hold: no event has more seats taken than it has, a waiting list only where the seats are gone,
modes match the event's format, tokens are unique, partnerships never overlap and stay within the
Bundesländer their agency serves. Run it on a fresh, migrated database (``make bench-data``).
"""

import argparse
import base64
import datetime
import io
import os
import random
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from agencies.demo_pdf import minimal_pdf  # noqa: E402
from agencies.models import Agency  # noqa: E402
from agencies.press.models import PressRelease  # noqa: E402
from agencies.publications.models import Publication, PublicationSeries  # noqa: E402
from events.models import (  # noqa: E402
    Event,
    EventKind,
    Material,
    Mode,
    ProgrammeItem,
    Registration,
    RegistrationOptions,
    Series,
    Speaker,
    TargetGroup,
    Topic,
    Venue,
)
from events.registration.models import CERTIFICATE_CODE_ALPHABET, CERTIFICATE_CODE_LENGTH  # noqa: E402
from municipalities.models import Municipality, Partnership, Programme  # noqa: E402
from portal.html import PRESS_RELEASE  # noqa: E402
from portal.page_cache import bump_content_version  # noqa: E402

# Full-size counts; --scale multiplies them (the 401 Kreise are always all imported).
SIZES = {
    "events": 5_000,
    "registrations": 200_000,
    "press_releases": 2_000,
    "publications": 300,
    "gemeinden": 10_000,
}
MARK = "bench"  # every generated slug starts with it, so a second run can tell the set is there
BATCH = 2_000

THEMES = [
    "Bildungsmonitoring",
    "Datengestütztes Bildungsmanagement",
    "Übergang Schule – Beruf",
    "Frühe Bildung",
    "Integrierte Sozialplanung",
    "Bildungsberatung",
    "Digitale Bildungslandschaften",
    "Nachhaltige Entwicklung",
    "Zuwanderung und Bildung",
    "Ganztag im Quartier",
    "Kooperation mit der Jugendhilfe",
    "Bildungsberichte lesen und schreiben",
]
PLACES = ["im ländlichen Raum", "in der Stadt", "im Kreis", "in der Region", "vor Ort", "im Netzwerk"]
PREFIXES = ["Ober", "Unter", "Neu", "Alt", "Bad ", ""]
FIRST_NAMES = ["Erika", "Max", "Jana", "Tobias", "Aylin", "Jonas", "Mira", "Lukas", "Sofia", "Emil"]
LAST_NAMES = ["Beispiel", "Muster", "Probe", "Testmann", "Vorlage", "Entwurf", "Skizze", "Modell"]
FUNCTIONS = ["Bildungsmanagement", "Bildungsmonitoring", "Jugendhilfeplanung", "Bildungskoordination"]
# (kind, weight, formats it comes in)
KINDS = [
    (EventKind.FACHTAG, 20, [Event.Format.ON_SITE, Event.Format.HYBRID]),
    (EventKind.FACHTAGUNG, 6, [Event.Format.ON_SITE, Event.Format.HYBRID]),
    (EventKind.WORKSHOP, 20, [Event.Format.ON_SITE, Event.Format.ONLINE, Event.Format.HYBRID]),
    (EventKind.BILDUNGSWERKSTATT, 8, [Event.Format.ON_SITE]),
    (EventKind.ONLINE_AUSTAUSCH, 25, [Event.Format.ONLINE]),
    (EventKind.FORTBILDUNG, 10, [Event.Format.ON_SITE, Event.Format.ONLINE]),
    (EventKind.AUSTAUSCHFORUM, 8, [Event.Format.ON_SITE, Event.Format.HYBRID]),
    (EventKind.KONFERENZ, 3, [Event.Format.ON_SITE, Event.Format.HYBRID]),
]
Status = Registration.Status


def copy_rows(model, columns, rows):
    """Write rows (tuples in ``columns`` order) with PostgreSQL COPY; return how many."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


class Generator:
    def __init__(self, *, seed, scale, base_date):
        self.rng = random.Random(seed)
        self.sizes = {name: max(1, round(size * scale)) for name, size in SIZES.items()}
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.base_date = base_date
        self.now = datetime.datetime.combine(base_date, datetime.time(12, 0), tzinfo=self.zone)
        self.counts = {}

    def at(self, day, hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.zone)

    def token(self):
        """Return a token like ``new_token()`` (256 bits, URL-safe), drawn from the seeded generator."""
        return base64.urlsafe_b64encode(self.rng.randbytes(32)).rstrip(b"=").decode()

    def certificate_code(self):
        """Return a verification code like ``new_certificate_code()``, drawn from the seeded generator."""
        return "".join(self.rng.choices(CERTIFICATE_CODE_ALPHABET, k=CERTIFICATE_CODE_LENGTH))

    def person_name(self, number):
        first, last = FIRST_NAMES[number % len(FIRST_NAMES)], LAST_NAMES[number // 10 % len(LAST_NAMES)]
        return f"{first} {last} {number}"

    # --- reference rows ------------------------------------------------------------------------

    def load_reference(self):
        self.agencies = list(Agency.objects.prefetch_related("states", "contacts").order_by("pk"))
        if len(self.agencies) < 4:
            raise SystemExit("Expected the four demo agencies: load_demo_data did not run.")
        self.topics = list(Topic.objects.order_by("pk"))
        self.target_groups = list(TargetGroup.objects.order_by("pk"))
        self.programmes = list(Programme.objects.order_by("pk"))
        self.agencies_of_state = defaultdict(list)
        for agency in self.agencies:
            for state in agency.states.all():
                self.agencies_of_state[state.pk].append(agency)

    # --- municipalities ------------------------------------------------------------------------

    def municipalities(self):
        """Add Gemeinden under the Landkreise, each key starting with its Kreis's key, and partnerships."""
        landkreise = list(Municipality.objects.filter(kind=Municipality.Kind.LANDKREIS).order_by("key"))
        taken = set(Municipality.objects.values_list("key", flat=True))
        rng = self.rng
        gemeinden = []
        for index in range(self.sizes["gemeinden"]):
            kreis = landkreise[index % len(landkreise)]
            number = index // len(landkreise) + 1
            key = f"{kreis.key}{number:03d}"
            while key in taken:
                number += len(landkreise)
                key = f"{kreis.key}{number:03d}"
            taken.add(key)
            gemeinden.append(
                Municipality(
                    key=key,
                    name=f"{rng.choice(PREFIXES)}{MARK.title()}dorf {index}",
                    kind=rng.choice(Municipality.MEMBER_KINDS),
                    state_id=kreis.state_id,
                    parent=kreis,
                    population=rng.randint(300, 60_000),
                    area_km2=Decimal(f"{rng.uniform(5, 250):.2f}"),
                )
            )
        Municipality.objects.bulk_create(gemeinden, batch_size=BATCH)
        self.counts["Gemeinden (generated)"] = len(gemeinden)
        self.municipality_ids = defaultdict(list)  # by state, for registrations
        for pk, state_id in Municipality.objects.values_list("pk", "state_id"):
            self.municipality_ids[state_id].append(pk)
        self.municipality_names = dict(Municipality.objects.values_list("pk", "name"))

        partnerships = []
        for gemeinde in gemeinden:
            serving = self.agencies_of_state.get(gemeinde.state_id)
            if not serving or rng.random() > 0.4:
                continue
            agency = rng.choice(serving)
            since = self.base_date - datetime.timedelta(days=rng.randint(30, 5 * 365))
            if rng.random() < 0.3:  # an earlier, ended partnership, never overlapping the current one
                until = since - datetime.timedelta(days=rng.randint(1, 200))
                partnerships.append(
                    Partnership(
                        municipality=gemeinde,
                        agency=rng.choice(serving),
                        status=Partnership.Status.FORMER,
                        since=until - datetime.timedelta(days=rng.randint(180, 1500)),
                        until=until,
                    )
                )
            status = rng.choice(
                [Partnership.Status.INTERESTED, Partnership.Status.COOPERATION, Partnership.Status.TRANSFER]
            )
            partnerships.append(Partnership(municipality=gemeinde, agency=agency, status=status, since=since))
        Partnership.objects.bulk_create(partnerships, batch_size=BATCH)
        self.partners = defaultdict(list)  # open-ended partnerships by agency: (municipality, since)
        for agency_id, municipality_id, since in Partnership.objects.filter(until__isnull=True).values_list(
            "agency_id", "municipality_id", "since"
        ):
            self.partners[agency_id].append((municipality_id, since))
        through = Partnership.programmes.through
        links = [
            (partnership.pk, programme.pk)
            for partnership in partnerships
            if self.programmes and rng.random() < 0.5
            for programme in rng.sample(self.programmes, rng.randint(1, min(2, len(self.programmes))))
        ]
        copy_rows(through, ["partnership_id", "programme_id"], links)
        self.counts["partnerships (generated)"] = len(partnerships)

    # --- events --------------------------------------------------------------------------------

    def venues_and_series(self):
        rng = self.rng
        venues, series = [], []
        for agency in self.agencies:
            states = list(agency.states.all())
            for number in range(8):
                state = states[number % len(states)]
                venues.append(
                    Venue(
                        agency=agency,
                        name=f"Tagungshaus {MARK.title()} {agency.slug} {number}",
                        street=f"Lastweg {number + 1}",
                        postcode=f"{rng.randint(10000, 99999)}",
                        city=f"{MARK.title()}stadt {state.name}",
                        state=state,
                        step_free=rng.random() < 0.7,
                    )
                )
            for number in range(max(1, round(15 * self.sizes["events"] / SIZES["events"]))):
                series.append(
                    Series(
                        agency=agency,
                        title=f"{rng.choice(THEMES)} – Reihe {number + 1} ({agency.short_name})",
                        slug=f"{MARK}-reihe-{agency.slug}-{number}",
                        description="Eine Reihe von Terminen für den Benchmark.",
                    )
                )
        Venue.objects.bulk_create(venues)
        Series.objects.bulk_create(series)
        self.venues = defaultdict(list)
        for venue in venues:
            self.venues[venue.agency_id].append(venue)
        self.series = defaultdict(list)
        for one in series:
            self.series[one.agency_id].append(one)

    def events(self):
        """Events from three years before the base date to one year after, with programme and people."""
        rng = self.rng
        first = self.base_date - datetime.timedelta(days=3 * 365)
        span = 4 * 365
        kinds, weights = [k for k, _w, _f in KINDS], [w for _k, w, _f in KINDS]
        formats = {k: f for k, _w, f in KINDS}
        events = []
        for number in range(self.sizes["events"]):
            agency = rng.choice(self.agencies)
            kind = rng.choices(kinds, weights)[0]
            event_format = rng.choice(formats[kind])
            day = first + datetime.timedelta(days=rng.randrange(span))
            starts_at = self.at(day, rng.choice([9, 10, 13, 14, 16]), rng.choice([0, 30]))
            days = 2 if kind in (EventKind.FACHTAGUNG, EventKind.KONFERENZ) and rng.random() < 0.5 else 1
            ends_at = starts_at + datetime.timedelta(days=days - 1, hours=rng.choice([2, 3, 4, 6]))
            past = ends_at < self.now
            status = rng.choices(
                [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.POSTPONED, Event.Status.DRAFT],
                [90, 4, 2, 4] if past else [84, 4, 3, 9],
            )[0]
            theme = rng.choice(THEMES)
            title = f"{EventKind(kind).label}: {theme} {rng.choice(PLACES)}"
            contacts = list(agency.contacts.all())
            events.append(
                Event(
                    agency=agency,
                    title=title,
                    slug=f"{MARK}-{slugify(title)[:180]}-{number}",
                    kind=kind,
                    format=event_format,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    venue=None if event_format == Event.Format.ONLINE else rng.choice(self.venues[agency.pk]),
                    teaser=f"{theme}: Austausch und Praxisbeispiele für kommunale Beschäftigte.",
                    description=f"<p>{theme} {rng.choice(PLACES)}. Programm, Referierende und Anmeldung.</p>",
                    audience=rng.choices(list(Event.Audience), [85, 10, 5])[0],
                    status=status,
                    status_notice="Die Veranstaltung findet nicht statt." if status != "published" else "",
                    online_notes="Der Zugangslink kommt am Vortag." if event_format != "praesenz" else "",
                    series=rng.choice(self.series[agency.pk])
                    if kind == EventKind.ONLINE_AUSTAUSCH and rng.random() < 0.7
                    else None,
                    contact=rng.choice(contacts) if contacts else None,
                    review=f"Rückblick: {theme} – was wir mitgenommen haben." if past else "",
                )
            )
        Event.objects.bulk_create(events, batch_size=BATCH)
        self.events_built = events
        self.counts["events"] = len(events)

        agency_ids = [agency.pk for agency in self.agencies]
        co = [
            (event.pk, other)
            for event in events
            if rng.random() < 0.1
            for other in rng.sample([pk for pk in agency_ids if pk != event.agency_id], rng.randint(1, 2))
        ]
        copy_rows(Event.co_agencies.through, ["event_id", "agency_id"], co)
        topics = [
            (event.pk, topic.pk)
            for event in events
            for topic in rng.sample(self.topics, min(len(self.topics), rng.randint(1, 3)))
        ]
        copy_rows(Event.topics.through, ["event_id", "topic_id"], topics)
        groups = [
            (event.pk, group.pk)
            for event in events
            for group in rng.sample(self.target_groups, min(len(self.target_groups), rng.randint(1, 2)))
        ]
        copy_rows(Event.target_groups.through, ["event_id", "targetgroup_id"], groups)
        self.counts["co-organisers"] = len(co)
        self.programme(events)

    def programme(self, events):
        rng = self.rng
        items = []
        for event in events:
            long = event.kind in (EventKind.FACHTAG, EventKind.FACHTAGUNG, EventKind.KONFERENZ)
            days = (event.ends_at.date() - event.starts_at.date()).days + 1
            for day in range(1, days + 1):
                hour = timezone.localtime(event.starts_at, self.zone).hour if day == 1 else 9
                for slot in range(rng.randint(4, 8) if long else rng.randint(1, 3)):
                    kind = ProgrammeItem.Kind.WELCOME if slot == 0 else rng.choice(list(ProgrammeItem.Kind))
                    starts = datetime.time(min(hour + slot, 22), 0)
                    items.append(
                        ProgrammeItem(
                            event=event,
                            day=day,
                            starts_at=starts,
                            ends_at=datetime.time(min(hour + slot, 22), 45),
                            title=f"{ProgrammeItem.Kind(kind).label}: {rng.choice(THEMES)}",
                            kind=kind,
                        )
                    )
        ProgrammeItem.objects.bulk_create(items, batch_size=BATCH)
        speakers = [
            Speaker(
                event=item.event,
                programme_item=item,
                name=self.person_name(rng.randrange(10_000)),
                title="Dr." if rng.random() < 0.3 else "",
                institution=f"Institut für {rng.choice(THEMES)}",
                order=index,
            )
            for index, item in enumerate(items)
            if item.kind in (ProgrammeItem.Kind.TALK, ProgrammeItem.Kind.PANEL, ProgrammeItem.Kind.WORKSHOP)
        ]
        Speaker.objects.bulk_create(speakers, batch_size=BATCH)
        materials = [
            Material(
                event=event,
                kind=rng.choice([Material.Kind.LINK, Material.Kind.DOCUMENT]),
                title=f"Folien {number + 1}",
                url=f"https://example.org/{event.slug}/material-{number + 1}.pdf",
                order=number,
            )
            for event in events
            if event.ends_at < self.now and event.status == Event.Status.PUBLISHED
            for number in range(rng.randint(0, 3))
        ]
        Material.objects.bulk_create(materials, batch_size=BATCH)
        self.counts["programme items"] = len(items)
        self.counts["speakers"] = len(speakers)
        self.counts["materials"] = len(materials)

    # --- registrations -------------------------------------------------------------------------

    def registration_options(self):
        rng = self.rng
        options = []
        for event in self.events_built:
            if event.status == Event.Status.DRAFT or rng.random() < 0.12:
                continue
            on_site = rng.choice([20, 30, 40, 50, 80, 120]) if event.format != Event.Format.ONLINE else 0
            online = None
            if event.format != Event.Format.ON_SITE and rng.random() < 0.6:
                online = rng.choice([30, 50, 100, 300])
            options.append(
                RegistrationOptions(
                    event=event,
                    enabled=True,
                    closes_at=event.starts_at - datetime.timedelta(days=1) if rng.random() < 0.3 else None,
                    on_site_capacity=on_site,
                    online_capacity=online,
                    requires_approval=event.audience != Event.Audience.PUBLIC or rng.random() < 0.05,
                    partner_priority=rng.random() < 0.1,
                    online_access_url="https://konferenz.example.org/raum" if online is not None else "",
                    ask_dietary_needs=event.format != Event.Format.ONLINE and rng.random() < 0.5,
                )
            )
        RegistrationOptions.objects.bulk_create(options, batch_size=BATCH)
        self.counts["events with registration"] = len(options)
        return options

    def registrations(self, options):
        """Spread the registrations over the events, then give each its status in the order people came,
        as the services would have: seats first come first served, then the waiting list."""
        rng = self.rng
        weights = [(o.on_site_capacity or 0) + (o.online_capacity or 60) for o in options]
        per_event = defaultdict(int)
        for index in rng.choices(range(len(options)), weights, k=self.sizes["registrations"]):
            per_event[index] += 1
        pool = max(50, round(40_000 * self.sizes["registrations"] / SIZES["registrations"]))
        columns = [
            "event_id", "mode", "status", "name", "email", "municipality_id", "organisation", "function",
            "comment", "language", "created_at", "confirmation_sent_at", "confirmed_at", "confirmed_from",
            "privacy_notice_version", "consent_given", "waitlisted_at", "decided_at", "cancelled_at",
            "reminder_sent_at", "attended", "confirm_token", "manage_token", "certificate_code",
        ]  # fmt: skip
        by_status = defaultdict(int)

        def rows():
            for index in sorted(per_event):
                yield from self._event_registrations(options[index], per_event[index], pool, by_status)

        self.counts["registrations"] = copy_rows(Registration, columns, rows())
        for status, count in sorted(by_status.items()):
            self.counts[f"  {status}"] = count

    def _event_registrations(self, options, count, pool, by_status):
        rng = self.rng
        event = options.event
        past = event.starts_at < self.now
        modes = {
            Event.Format.ON_SITE: [Mode.ON_SITE],
            Event.Format.ONLINE: [Mode.ONLINE],
            Event.Format.HYBRID: [Mode.ON_SITE, Mode.ONLINE],
        }[event.format]
        # People register in the two months before registration closes (and never after the base date).
        closes = options.closes_at or event.starts_at
        latest = min(closes - datetime.timedelta(hours=2), self.now - datetime.timedelta(hours=1))
        earliest = latest - datetime.timedelta(days=60)
        seconds = max(1, int((latest - earliest).total_seconds()))
        times = sorted(earliest + datetime.timedelta(seconds=rng.randrange(seconds)) for _ in range(count))
        held = defaultdict(int)
        people = set()
        pool = max(pool, 2 * count)  # room enough to draw ``count`` different people
        states = [state.pk for state in event.agency.states.all()]
        # Events for partner municipalities only: people from the agency's partners of that time.
        partners = [pk for pk, since in self.partners[event.agency_id] if since <= earliest.date()]
        for created in times:
            number = rng.randrange(pool)
            while number in people:
                number = rng.randrange(pool)
            people.add(number)
            mode = rng.choice(modes)
            capacity = options.capacity(mode)
            confirmed_at = created + datetime.timedelta(minutes=rng.randint(1, 600))
            if confirmed_at >= self.now:
                confirmed_at = self.now - datetime.timedelta(minutes=1)
            roll = rng.random()
            decided_at = cancelled_at = waitlisted_at = attended = None
            if event.status == Event.Status.CANCELLED:
                status, cancelled_at = Status.CANCELLED, confirmed_at
            elif not past and self.now - created < datetime.timedelta(hours=20) and roll < 0.5:
                status, confirmed_at = Status.PENDING, None
            elif roll < 0.04:
                status, confirmed_at = Status.EXPIRED, None
            elif roll < 0.12:
                status, cancelled_at = Status.CANCELLED, confirmed_at + datetime.timedelta(days=1)
            elif capacity is None or held[mode] < capacity:
                held[mode] += 1
                if options.requires_approval:
                    decided = roll < 0.9 or past
                    status = Status.CONFIRMED if decided else Status.AWAITING_APPROVAL
                    if decided and rng.random() < 0.1:  # turned down: the seat is free again
                        status, held[mode] = Status.REJECTED, held[mode] - 1
                    decided_at = confirmed_at + datetime.timedelta(days=1) if decided else None
                else:
                    status = Status.CONFIRMED
                if status == Status.CONFIRMED and past:
                    attended = rng.random() < 0.85
            else:
                status, waitlisted_at = Status.WAITLISTED, confirmed_at
            by_status[status] += 1
            municipality = None
            if event.audience == Event.Audience.PARTNERS and partners:
                municipality = rng.choice(partners)
            elif event.audience != Event.Audience.PUBLIC or rng.random() < 0.7:
                municipality = rng.choice(self.municipality_ids[rng.choice(states)])
            organisation = (
                self.municipality_names[municipality] if municipality else f"Bildungsbüro {number % 300}"
            )
            yield (
                event.pk, mode, status, self.person_name(number), f"person{number}@example.org",
                municipality, organisation, rng.choice(FUNCTIONS), "", "en" if rng.random() < 0.03 else "",
                created, created, confirmed_at, "127.0.0.1" if confirmed_at else None, 1, True,
                waitlisted_at, decided_at, cancelled_at,
                event.starts_at - datetime.timedelta(days=1) if past and status == Status.CONFIRMED else None,
                attended, self.token(), self.token(), self.certificate_code(),
            )  # fmt: skip

    # --- press and publications ----------------------------------------------------------------

    def press_releases(self):
        rng = self.rng
        statuses = [PressRelease.Status.PUBLISHED, "scheduled", "draft", "withdrawn"]
        body = PRESS_RELEASE.clean(
            "<h2>Worum es geht</h2><p>{theme}: Kommunen tauschen sich über ihre Erfahrungen aus.</p>"
            "<ul><li>Praxisbeispiele</li><li>Daten und Berichte</li></ul>"
            "<p><strong>Weitere Informationen</strong> gibt die Agentur gern.</p>"
        )
        releases = []
        for number in range(self.sizes["press_releases"]):
            agency = rng.choice(self.agencies)
            status = rng.choices(statuses, [90, 3, 4, 3])[0]
            days = -rng.randint(1, 30) if status == "scheduled" else rng.randint(0, 3 * 365)
            published_at = None if status == "draft" else self.now - datetime.timedelta(days=days, hours=3)
            contacts = list(agency.contacts.all())
            press = [c for c in contacts if c.role == "presse"] or contacts
            theme = rng.choice(THEMES)
            headline = f"{agency.short_name}: {theme} {rng.choice(PLACES)}"
            releases.append(
                PressRelease(
                    agency=agency,
                    headline=headline,
                    subheading=f"Fachtag und Austausch zu {theme}",
                    slug=f"{MARK}-{slugify(headline)[:150]}-{number}",
                    dateline_place=agency.city,
                    published_at=published_at,
                    teaser=f"{theme}: Was Kommunen aus dem Austausch mitnehmen.",
                    body=body.replace("{theme}", theme),
                    press_contact=rng.choice(press),
                    status=status,
                    withdrawn_at=self.now if status == "withdrawn" else None,
                    withdrawal_note="Die Mitteilung enthielt einen Fehler." if status == "withdrawn" else "",
                )
            )
        PressRelease.objects.bulk_create(releases, batch_size=BATCH)
        agency_ids = [agency.pk for agency in self.agencies]
        supporting = [
            (release.pk, other)
            for release in releases
            if rng.random() < 0.1
            for other in rng.sample([pk for pk in agency_ids if pk != release.agency_id], 1)
        ]
        copy_rows(PressRelease.supporting_agencies.through, ["pressrelease_id", "agency_id"], supporting)
        events_of = defaultdict(list)
        for event in self.events_built:
            if event.status == Event.Status.PUBLISHED:
                events_of[event.agency_id].append(event.pk)
        related = [
            (release.pk, event_id)
            for release in releases
            if events_of[release.agency_id] and rng.random() < 0.3
            for event_id in rng.sample(events_of[release.agency_id], 1)
        ]
        copy_rows(PressRelease.related_events.through, ["pressrelease_id", "event_id"], related)
        municipalities = [pk for ids in self.municipality_ids.values() for pk in ids]
        named = [
            (release.pk, municipality)
            for release in releases
            if rng.random() < 0.2
            for municipality in rng.sample(municipalities, 2)
        ]
        copy_rows(PressRelease.related_municipalities.through, ["pressrelease_id", "municipality_id"], named)
        self.counts["press releases"] = len(releases)

    def publications(self):
        rng = self.rng
        name = f"publications/{MARK}/{MARK}.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(minimal_pdf(title="Benchmark", lines=["Benchmark"])))
        size = default_storage.size(name)
        series = PublicationSeries.objects.bulk_create(
            PublicationSeries(
                agency=agency,
                title=f"Reihe {number + 1} der {agency.short_name}",
                slug=f"{MARK}-{agency.slug}-{number}",
            )
            for agency in self.agencies
            for number in range(3)
        )
        publications = []
        for number in range(self.sizes["publications"]):
            agency = rng.choice(self.agencies)
            own = [one for one in series if one.agency_id == agency.pk]
            theme = rng.choice(THEMES)
            title = f"{theme}: Handreichung {number + 1}"
            publications.append(
                Publication(
                    agency=agency,
                    title=title,
                    slug=f"{MARK}-{slugify(title)[:150]}-{number}",
                    kind=rng.choice(list(Publication.Kind)),
                    series=rng.choice(own) if rng.random() < 0.5 else None,
                    number=str(number + 1),
                    year=rng.randint(self.base_date.year - 10, self.base_date.year),
                    summary=f"Eine Handreichung zu {theme} für Kommunen.",
                    file=name,
                    file_size=size,
                    accessible=rng.random() < 0.4,
                )
            )
        Publication.objects.bulk_create(publications, batch_size=BATCH)
        topics = [
            (publication.pk, topic.pk)
            for publication in publications
            for topic in rng.sample(self.topics, min(len(self.topics), rng.randint(1, 2)))
        ]
        copy_rows(Publication.topics.through, ["publication_id", "topic_id"], topics)
        self.counts["publications"] = len(publications)


def step(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"  {label:<28} {time.perf_counter() - started:6.1f} s", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13, help="same seed, same data (default 13)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count (0.01: smoke run)")
    parser.add_argument(
        "--base-date",
        type=datetime.date.fromisoformat,
        default=None,
        help="the day the data is built around (YYYY-MM-DD; default today): three years before it, one after",
    )
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database: the generator writes with COPY.")
    if Event.objects.filter(slug__startswith=f"{MARK}-").exists():
        raise SystemExit("This database holds a generated set already: start afresh (make bench-data).")
    started = time.perf_counter()
    print(f"Database {connection.settings_dict['NAME']}, seed {options.seed}, scale {options.scale}")
    quiet = io.StringIO()  # the commands' own reports (and the demo logins) are not the benchmark's
    step("demo data", call_command, "load_demo_data", stdout=quiet)
    step("districts (401 Kreise)", call_command, "import_districts", stdout=quiet)
    generator = Generator(
        seed=options.seed, scale=options.scale, base_date=options.base_date or timezone.localdate()
    )
    with transaction.atomic():
        generator.load_reference()
        step("Gemeinden, partnerships", generator.municipalities)
        step("venues, series", generator.venues_and_series)
        step("events, programme", generator.events)
        registration_options = step("registration options", generator.registration_options)
        step("registrations (COPY)", generator.registrations, registration_options)
        step("press releases", generator.press_releases)
        step("publications", generator.publications)
    # The rows bypass save(), so the page cache's content version is replaced by hand (portal/page_cache).
    bump_content_version()
    # What autovacuum does soon after a bulk load in production (it may be off on a benchmark server):
    # fresh statistics, GIN pending lists merged, the visibility map set for index-only scans.
    with connection.cursor() as cursor:
        step("VACUUM ANALYZE", cursor.execute, "VACUUM ANALYZE")
    print()
    print(f"Kreise and Gemeinden in all: {Municipality.objects.count()}")
    for label, count in generator.counts.items():
        print(f"{label:<30} {count:>8}")
    print(f"elapsed: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
