"""Demo data for registration: options on the upcoming demo events and a few invented participants.

Called from events/demo.py after the events exist. Idempotent: options are keyed by event,
registrations by event and email (example.org addresses of invented people).
"""

from datetime import timedelta

from django.utils import timezone

from events.models import Event
from events.registration.services import partner_municipality_ids
from municipalities.models import Municipality

from .models import Mode, Registration, RegistrationOptions

ACCESS_URL = "https://konferenz.example.org/raum/{slug}"

# slug: option values (capacities chosen so the demo shows every state of the registration box)
OPTIONS = {
    "bildungswerkstatt-bildungsberichte-lesbar-machen": {"on_site_capacity": 12, "ask_dietary_needs": True},
    "workshop-bildungsmanagement-laendlicher-raum-bw": {"on_site_capacity": 25},
    "fachtag-datengestuetzte-bildungsplanung": {
        "on_site_capacity": 40,
        "online_capacity": 80,
        "ask_dietary_needs": True,
        "ask_comment": True,
    },
    "fachtagung-nrw-kommunen-lernen-voneinander": {"on_site_capacity": 80, "max_per_municipality": 3},
    "austauschforum-bildungsberatung-vernetzen": {"on_site_capacity": 8},
    "fortbildung-einfuehrung-bildungsmonitoring": {"online_capacity": None},
    "bildungswerkstatt-offener-austausch-halle": {
        "on_site_capacity": 15,
        "requires_approval": True,
        "partner_priority": True,
        "max_per_municipality": 2,
    },
    "workshop-steuerungsgruppen-aufbauen": {"on_site_capacity": 6},
    "online-austausch-bildungsmonitoring-landkreise": {"online_capacity": 30},
    "konferenz-bildungslandschaften-mitteldeutschland": {"on_site_capacity": 120, "online_capacity": None},
    "fachtag-bildung-im-landkreis-steuern": {"on_site_capacity": 50},
    "workshop-bildungskonferenzen-planen": {"on_site_capacity": 16, "online_capacity": 20},
    "fortbildung-kennzahlen-bildungsberichterstattung": {"online_capacity": 25},
}
# The conference's registration opens only in a week: the page shows when.
OPENS_LATER = {"konferenz-bildungslandschaften-mitteldeutschland": timedelta(days=7)}
SERIES_PREFIX = "sprechstunde-bildungsmonitoring-"

FIRST_NAMES = ["Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hakan", "Ida", "Jonas", "Kira"]
LAST_NAMES = ["Beispiel", "Muster", "Platzhalter", "Exempel", "Probe", "Vorlage", "Attrappe", "Entwurf"]
FUNCTIONS = ["Bildungsmanagement", "Bildungsmonitoring", "Bildungskoordination", "Jugendhilfeplanung"]

# slug: [(mode, status), ...] of the invented participants
PEOPLE = {
    "bildungswerkstatt-bildungsberichte-lesbar-machen": [(Mode.ON_SITE, "confirmed")] * 10
    + [(Mode.ON_SITE, "pending")],
    "austauschforum-bildungsberatung-vernetzen": [(Mode.ON_SITE, "confirmed")] * 8
    + [(Mode.ON_SITE, "waitlisted")] * 2,
    "fachtag-datengestuetzte-bildungsplanung": [(Mode.ON_SITE, "confirmed")] * 4
    + [(Mode.ONLINE, "confirmed")] * 3
    + [(Mode.ONLINE, "cancelled")],
    "bildungswerkstatt-offener-austausch-halle": [(Mode.ON_SITE, "approval")] * 2
    + [(Mode.ON_SITE, "confirmed")],
}


def _person(number):
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return first, last


def _options(event, values, now):
    defaults = {
        "enabled": True,
        "opens_at": now + OPENS_LATER[event.slug] if event.slug in OPENS_LATER else None,
        "closes_at": event.starts_at - timedelta(days=2)
        if event.starts_at - now > timedelta(days=5)
        else None,
        "on_site_capacity": 0,
        "online_capacity": None,
        "online_access_url": ACCESS_URL.format(slug=event.slug) if event.has_online_part else "",
        **values,
    }
    options, _ = RegistrationOptions.objects.get_or_create(event=event, defaults=defaults)
    for name, value in defaults.items():
        setattr(options, name, value)
    options.save()
    return options


def _participants(event, people, municipalities, now):
    for number, (mode, status) in enumerate(people):
        first, last = _person(number)
        municipality = municipalities[number % len(municipalities)] if municipalities else None
        confirmed = None if status == "pending" else now - timedelta(days=3, hours=number)
        Registration.objects.update_or_create(
            event=event,
            email=f"{first}.{last}.{number}@example.org".lower(),
            defaults={
                "mode": mode,
                "status": status,
                "name": f"{first} {last}",
                "municipality": municipality,
                "organisation": municipality.name if municipality else "Bildungsbüro Musterstadt",
                "function": FUNCTIONS[number % len(FUNCTIONS)],
                "created_at": (confirmed or now) - timedelta(minutes=10),
                "confirmation_sent_at": (confirmed or now) - timedelta(minutes=9),
                "confirmed_at": confirmed,
                "waitlisted_at": confirmed if status == "waitlisted" else None,
                "cancelled_at": now - timedelta(days=1) if status == "cancelled" else None,
                "privacy_notice_version": 1,
                "consent_given": True,
            },
        )


def load():
    """Create or update registration options and demo participants; return a one-line summary."""
    now = timezone.now()
    events = {e.slug: e for e in Event.objects.filter(ends_at__gte=now).select_related("agency")}
    for slug, values in OPTIONS.items():
        if slug in events:
            _options(events[slug], values, now)
    for slug, event in events.items():
        if slug.startswith(SERIES_PREFIX):
            _options(event, {"online_capacity": 25}, now)
    for slug, people in PEOPLE.items():
        if slug not in events:
            continue
        event = events[slug]
        partners = list(Municipality.objects.filter(pk__in=partner_municipality_ids(agency=event.agency)))
        others = list(Municipality.objects.filter(state__in=event.agency.states.all()).order_by("key")[:8])
        _participants(event, people, partners or others, now)
    people = Registration.objects.filter(email__endswith="@example.org").count()
    enabled = RegistrationOptions.objects.filter(enabled=True).count()
    return f"Anmeldung auf {enabled} Veranstaltungen, {people} Anmeldungen"
