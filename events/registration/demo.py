"""Demo data for registration: options on demo events and a few invented participants.

The values live in ``events/demo_data/registration.toml``. Called from events/demo.py after the
events exist. Participants of the recently held events (events/demo_data/recent.toml) are marked
as attended or not, so certificates and the funder report have figures. Idempotent: options are
keyed by event, registrations by event and email (example.org addresses of invented people). Dates
follow the event's start and the time of loading.
"""

from datetime import timedelta

from django.utils import timezone

from events.models import Event
from events.registration.services import partner_municipality_ids
from municipalities.models import Municipality
from portal import demo_data

from .models import Registration, RegistrationOptions

DATA = demo_data.data_dir(__name__) / "registration.toml"


def _options(event, record, settings, now):
    values = {name: value for name, value in record.items() if name != "opens_in_days"}
    if values.get("online_capacity") == "unlimited":
        values["online_capacity"] = None
    opens_in = record.get("opens_in_days")
    defaults = {
        "enabled": True,
        "opens_at": now + timedelta(days=opens_in) if opens_in is not None else None,
        "closes_at": event.starts_at - timedelta(days=2)
        if event.starts_at - now > timedelta(days=5)
        else None,
        "on_site_capacity": 0,
        "online_capacity": None,
        "online_access_url": settings["access_url"].format(slug=event.slug) if event.has_online_part else "",
        **values,
    }
    options, _ = RegistrationOptions.objects.get_or_create(event=event, defaults=defaults)
    for name, value in defaults.items():
        setattr(options, name, value)
    options.save()
    return options


def _participants(event, record, names, municipalities, now):
    people = [
        (group["mode"], group["status"], group.get("attended"))
        for group in record["groups"]
        for _ in range(group["count"])
    ]
    first_names, last_names, functions = names["first"], names["last"], names["functions"]
    # People register before the event: for one already held, the dates lie before its start.
    before = min(now, event.starts_at)
    for number, (mode, status, attended) in enumerate(people):
        first = first_names[number % len(first_names)]
        last = last_names[(number // len(first_names)) % len(last_names)]
        municipality = municipalities[number % len(municipalities)] if municipalities else None
        confirmed = None if status == "pending" else before - timedelta(days=3, hours=number)
        Registration.objects.update_or_create(
            event=event,
            email=f"{first}.{last}.{number}@example.org".lower(),
            defaults={
                "mode": mode,
                "status": status,
                "name": f"{first} {last}",
                "municipality": municipality,
                "organisation": municipality.name if municipality else "Bildungsbüro Musterstadt",
                "function": functions[number % len(functions)],
                "created_at": (confirmed or now) - timedelta(minutes=10),
                "confirmation_sent_at": (confirmed or now) - timedelta(minutes=9),
                "confirmed_at": confirmed,
                "waitlisted_at": confirmed if status == "waitlisted" else None,
                "cancelled_at": before - timedelta(days=1) if status == "cancelled" else None,
                "attended": attended,
                "privacy_notice_version": 1,
                "consent_given": True,
            },
        )


def load():
    """Create or update registration options and demo participants; return a one-line summary."""
    now = timezone.now()
    data = demo_data.read(DATA)
    settings = data["registration"]
    events = {e.slug: e for e in Event.objects.select_related("agency")}
    for slug, record in demo_data.records(DATA, "options").items():
        if slug in events:
            _options(events[slug], record, settings, now)
    for slug, event in events.items():
        if slug.startswith(settings["series_prefix"]) and event.ends_at >= now:
            _options(event, {"online_capacity": settings["series_online_capacity"]}, settings, now)
    for slug, record in demo_data.records(DATA, "participants").items():
        if slug not in events:
            continue
        event = events[slug]
        partners = list(Municipality.objects.filter(pk__in=partner_municipality_ids(agency=event.agency)))
        others = list(Municipality.objects.filter(state__in=event.agency.states.all()).order_by("key")[:8])
        _participants(event, record, data["names"], partners or others, now)
    people = Registration.objects.filter(email__endswith="@example.org").count()
    enabled = RegistrationOptions.objects.filter(enabled=True).count()
    return f"Anmeldung auf {enabled} Veranstaltungen, {people} Anmeldungen"
