"""Demo data for the four transfer agencies, read from ``agencies/demo_data/*.toml``.

Loads the agencies and their invented contacts, each agency's imprint (a portal model), then the
press releases and publications. Partnerships and the municipalities a release is about are the
municipalities app's business, links to events and topics the events app's (their ``link()``):
this app may not depend on either.
"""

from django.contrib.auth import get_user_model

from agencies.press import demo as press_demo
from agencies.publications import demo as publications_demo
from portal import demo_data
from portal.models import Imprint

from . import services
from .models import Agency, ContactPerson, Membership

DATA = demo_data.data_dir(__name__)


def _email_for(name, agency_slug):
    local = name.replace("Dr. ", "").lower().replace(" ", ".")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        local = local.replace(umlaut, plain)
    return f"{local}@{agency_slug}.transferagentur.example.org"


def _load_agencies():
    # The Bundesländer live in the municipalities app, a layer above: reach them through the relation.
    state_model = Agency._meta.get_field("states").related_model
    states = {state.code: state for state in state_model.objects.all()}
    for slug, record in demo_data.records(DATA / "agencies.toml", "agencies").items():
        values = {name: value for name, value in record.items() if name not in ("states", "contacts")}
        agency, _ = Agency.objects.update_or_create(slug=slug, defaults=values)
        agency.states.set([states[code] for code in record["states"]])
        for order, contact in enumerate(record["contacts"], start=1):
            ContactPerson.objects.update_or_create(
                agency=agency,
                name=contact["name"],
                defaults={
                    "role": contact["role"],
                    "order": order,
                    "email": _email_for(contact["name"], slug),
                    "phone": f"{agency.phone[:-2]}-{10 + order}",
                },
            )


def _load_imprints(agencies):
    path = DATA / "imprints.toml"
    note = demo_data.read(path)["imprint"]["funding_note"]
    for slug, record in demo_data.records(path, "imprints").items():
        agency = agencies[slug]
        Imprint.objects.get_or_create(
            agency=agency, defaults={**record, "phone": agency.phone, "email": agency.email, "notes": note}
        )


def load():
    """Create or update the agencies, contacts, imprints, press releases and publications."""
    _load_agencies()
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    _load_imprints(agencies)
    press_demo.load()
    publications_demo.load()
    return (
        f"{Agency.objects.count()} Agenturen, {ContactPerson.objects.count()} Ansprechpersonen, "
        f"{Imprint.objects.count()} Impressumsangaben"
    )


def load_users():
    """Create one editor and one manager login per agency if missing; return (user, password, role) rows.

    Only for local use: load_demo_data calls this only where settings.DEMO_USERS is true.
    """
    User = get_user_model()
    logins = []
    for agency in Agency.objects.all():
        for prefix, role, label in (
            ("redaktion", Membership.Role.EDITOR, "Redaktion"),
            ("leitung", Membership.Role.MANAGER, "Leitung"),
        ):
            username, password = f"{prefix}-{agency.slug}", f"demo-{agency.slug}"
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{prefix}@{agency.slug}.transferagentur.example.org",
                    "first_name": label,
                    "last_name": agency.short_name,
                    "is_staff": True,
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            services.membership_set(user=user, agency=agency, role=role)
            logins.append((username, password, f"{label} {agency.short_name}"))
    return logins
