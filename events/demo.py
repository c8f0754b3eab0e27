"""Demo events from ``events/demo_data/*.toml``: the seed documents' events (as facts) in the archive,
a few held in the last weeks and upcoming ones (both dated relative to today), and two series.

Idempotent: everything is keyed by slug (materials by event and title), so loading twice changes
nothing but the dates of upcoming events, which follow today's date. ``link()`` relates the agencies'
press releases and publications to events and topics (that app may not depend on this one).
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from agencies.demo_pdf import minimal_pdf
from agencies.models import Agency, ContactPerson
from agencies.press.models import PressRelease
from agencies.publications.models import Publication
from events.registration import demo as registration_demo
from municipalities.models import FederalState
from portal import demo_data

from .models import Event, Material, ProgrammeItem, Series, Speaker, TargetGroup, Topic, Venue
from .models.event import material_file_path

DATA = demo_data.data_dir(__name__)
EVENT_FILES = ("archive.toml", "recent.toml", "upcoming.toml")
AGENCIES = {"hessen", "nrw", "transmit", "bayern"}


def _taxonomies():
    taxonomies = demo_data.read(DATA / "taxonomies.toml")
    topics = {
        slug: Topic.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in taxonomies["topics"].items()
    }
    groups = {
        slug: TargetGroup.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in taxonomies["target_groups"].items()
    }
    return topics, groups


def _venues(agencies):
    states = {state.code: state for state in FederalState.objects.all()}
    venues = {}
    for key, record in demo_data.records(DATA / "venues.toml", "venues").items():
        values = {name: value for name, value in record.items() if name not in ("agency", "name")}
        venues[key], _ = Venue.objects.update_or_create(
            agency=agencies[record["agency"]],
            name=record["name"],
            defaults={**values, "state": states[record["state"]]},
        )
    return venues


def _contact(agency, role=None):
    contacts = ContactPerson.objects.filter(agency=agency)
    preferred = contacts.filter(role=role).first() if role else None
    return (
        preferred
        or contacts.filter(role__in=["wissenschaft", "kommunalberatung"]).first()
        or contacts.first()
    )


def _save_event(slug, record, context, series=None):
    agency = context["agencies"][record["agency"]]
    first_day = demo_data.day(record)
    last_day = first_day + datetime.timedelta(days=record.get("days", 1) - 1)
    if record.get("venue") and record["venue"] not in context["venues"]:
        raise record.error(f"unknown venue '{record['venue']}'")
    notes = record.get("online_notes")
    event, _ = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "agency": agency,
            "title": record["title"],
            "kind": record["kind"],
            "format": record["format"],
            "starts_at": demo_data.moment(record, time_field="starts", on=first_day),
            "ends_at": demo_data.moment(record, time_field="ends", on=last_day),
            "venue": context["venues"].get(record.get("venue")),
            "teaser": record["teaser"],
            "description": record.get("description", ""),
            "audience": record.get("audience", Event.Audience.PUBLIC),
            "status": record.get("status", Event.Status.PUBLISHED),
            "status_notice": record.get("status_notice", ""),
            "online_notes": context["online_notes"][notes] if notes else "",
            "series": series,
            "contact": _contact(agency, record.get("contact_role")),
            "review": record.get("review", ""),
        },
    )
    event.co_agencies.set([context["agencies"][slug] for slug in record.get("co_agencies", [])])
    event.topics.set([context["topics"][slug] for slug in record.get("topics", [])])
    event.target_groups.set([context["groups"][slug] for slug in record.get("groups", [])])
    # The programme is rebuilt each time: it has no identity of its own worth keeping.
    event.speakers.all().delete()
    event.programme_items.all().delete()
    for order, values in enumerate(record.get("programme", [])):
        entry = demo_data.Record(values, where=f"{record.where}.programme[{order}]")
        item = ProgrammeItem.objects.create(
            event=event,
            day=entry.get("day", 1),
            starts_at=demo_data.clock(entry, "starts"),
            ends_at=demo_data.clock(entry, "ends"),
            title=entry["title"],
            kind=entry["kind"],
            description=entry.get("description", ""),
        )
        for position, speaker in enumerate(entry.get("speakers", [])):
            Speaker.objects.create(event=event, programme_item=item, order=order * 10 + position, **speaker)
    for order, values in enumerate(record.get("materials", [])):
        _save_material(event, demo_data.Record(values, where=f"{record.where}.materials[{order}]"), order)
    return event


def _file(field, path, content):
    """Point ``field`` at ``path``, writing ``content`` there only if the file is missing."""
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))
    field.name = path


def _save_material(event, record, order):
    material = Material.objects.filter(event=event, title=record["title"]).first() or Material(
        event=event, title=record["title"]
    )
    material.kind = record["kind"]
    material.description = record.get("description", "")
    material.url = record.get("url", "")
    material.accessible = record.get("accessible", False)
    material.order = order
    material.participants_only = record.get("participants_only", False)
    # Written straight to the place that fits the audience, so save() has nothing to move and a
    # second load finds the file where it left it.
    base = material_file_path(
        "events/materials/demo/", f"{event.slug}-{order + 1}", participants_only=material.participants_only
    )
    if "pdf" in record:
        title, *lines = record["pdf"]
        _file(material.file, f"{base}.pdf", minimal_pdf(title=title, lines=lines))
    if "text" in record:
        _file(material.file, f"{base}.txt", record["text"].encode())
    if "alternative" in record:
        _file(material.accessible_alternative, f"{base}-barrierefrei.txt", record["alternative"].encode())
    material.full_clean()
    material.save()


def _load_series(context):
    for slug, record in demo_data.records(DATA / "series.toml", "series").items():
        series, _ = Series.objects.update_or_create(
            slug=slug,
            defaults={
                "agency": context["agencies"][record["agency"]],
                "title": record["title"],
                "description": record["description"],
            },
        )
        for number, occurrence in enumerate(record["occurrences"]):
            event = demo_data.Record(
                {**record["event"], **occurrence}, where=f"{record.where}.occurrences[{number}]"
            )
            _save_event(event["slug"], event, context, series=series)


def load():
    """Create or update the demo events: the archive from the seeds, upcoming ones around today."""
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    if not AGENCIES <= agencies.keys():
        return "übersprungen: die vier Agenturen fehlen"
    topics, groups = _taxonomies()
    context = {
        "agencies": agencies,
        "venues": _venues(agencies),
        "online_notes": demo_data.read(DATA / "venues.toml")["online_notes"],
        "topics": topics,
        "groups": groups,
    }
    for name in EVENT_FILES:
        for slug, record in demo_data.records(DATA / name, "events").items():
            _save_event(slug, record, context)
    _load_series(context)

    upcoming = Event.objects.filter(ends_at__gte=timezone.now()).count()
    total, materials = Event.objects.count(), Material.objects.count()
    registration = registration_demo.load()
    return f"{total} Veranstaltungen, davon {upcoming} kommende, {materials} Materialien; {registration}"


def link():
    """Relate the agencies' demo press releases to events and their publications to topics."""
    links = DATA / "links.toml"
    for slug, record in demo_data.records(links, "press_releases").items():
        release = PressRelease.objects.get(slug=slug)
        release.related_events.set(Event.objects.filter(slug__in=record["events"]))
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for slug, record in demo_data.records(links, "publications").items():
        Publication.objects.get(slug=slug).topics.set([topics[topic] for topic in record["topics"]])
