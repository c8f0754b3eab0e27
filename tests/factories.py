"""The test suite's one set of builders: factory_boy factories for every model the tests create.

Each test says only what sets its rows apart: ``AgencyFactory(slug="nrw", states=["nordrhein-westfalen"])``,
``EventFactory(agency=hessen, starts_at=in_days(3))``, ``PressReleaseFactory(agency=hessen, status=DRAFT)``.
Registrations go through the real services (``register``, ``register_confirmed``), so a test that needs
people on an event also runs the rules for seats, waiting lists and confirmation.

Import from here, never from a conftest: ``from tests.factories import AgencyFactory, register``.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from agencies.demo_pdf import minimal_pdf
from agencies.models import Agency, ContactPerson
from agencies.press.models import PressRelease
from agencies.publications.models import Publication, PublicationSeries
from events.models import (
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
from events.registration import mail as registration_mail
from events.registration import services as registration_services
from municipalities.models import FederalState, Municipality, Partnership
from portal.models import AccessibilityStatement, BarrierReport, ContentPage, Imprint

PUBLISHED = PressRelease.Status.PUBLISHED
SCHEDULED = PressRelease.Status.SCHEDULED
DRAFT = PressRelease.Status.DRAFT
WITHDRAWN = PressRelease.Status.WITHDRAWN


# --- helpers --------------------------------------------------------------------------------------------


def in_days(days, hour=10, minute=0):
    """Return an aware datetime ``days`` from today at a local wall-clock time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def federal_state(key):
    """Return the Bundesland with this code ("16") or slug ("thueringen"); the migrations made all 16."""
    if isinstance(key, FederalState):
        return key
    lookup = {"code": key} if key.isdigit() else {"slug": key}
    return FederalState.objects.get(**lookup)


def ensure_reference_rows():
    """Recreate the rows the data migrations made: a live-server test's flush removes them."""
    from importlib import import_module

    from municipalities.models import Programme
    from municipalities.states import ensure_federal_states

    ensure_federal_states(FederalState)
    for name, slug in import_module("municipalities.migrations.0003_municipality_partnership").PROGRAMMES:
        Programme.objects.update_or_create(slug=slug, defaults={"name": name})


class _StateLookup:
    """Let a factory take ``state="hessen"`` or ``state="16"`` as well as a FederalState."""

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("state"), str):
            kwargs["state"] = federal_state(kwargs["state"])
        return kwargs


class _FullCleanMixin:
    """Validate like the admin and the services do: a factory never saves a row they would refuse."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        instance.full_clean()
        instance.save()
        return instance


# --- users ----------------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("geheim-123")


class EditorFactory(UserFactory):
    """A staff member (no permissions of their own unless a test gives them some)."""

    username = "redaktion"
    is_staff = True


def staff_member(agency, role="editor", **fields):
    """Return a staff account working for ``agency`` in ``role`` ("editor" or "manager"), with the
    role's group as the real membership service gives it."""
    from agencies import services as agency_services

    fields.setdefault("username", f"{role}-{agency.slug}")
    user = UserFactory(is_staff=True, **fields)
    agency_services.membership_set(user=user, agency=agency, role=role)
    return user


def portal_editor(**fields):
    """Return a staff account in the portal editors' group (portal-wide pages, barrier reports)."""
    from django.contrib.auth.models import Group

    from portal.permissions import PORTAL_GROUP

    fields.setdefault("username", "portalredaktion")
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=PORTAL_GROUP))
    return user


class SuperuserFactory(UserFactory):
    username = "admin"
    is_staff = True
    is_superuser = True


# --- portal ---------------------------------------------------------------------------------------------


class AccessibilityStatementFactory(DjangoModelFactory):
    """The portal's one accessibility statement; its contact gets the barrier reports."""

    class Meta:
        model = AccessibilityStatement

    intro = "Gilt für das Portal."
    prepared_on = datetime.date(2026, 1, 1)
    reviewed_on = datetime.date(2026, 1, 1)
    contact_name = "Kontaktstelle Barrierefreiheit"
    contact_email = "barrierefreiheit@transferportal.example.org"


class ContentPageFactory(DjangoModelFactory):
    class Meta:
        model = ContentPage
        django_get_or_create = ("kind",)

    kind = ContentPage.Kind.PRIVACY
    title = "Datenschutzerklärung"
    body = "<p>Wie das Portal mit Daten umgeht.</p>"


class BarrierReportFactory(DjangoModelFactory):
    """A report as the feedback form stores it, with the (invented) reporter's name and email."""

    class Meta:
        model = BarrierReport

    message = "Der Kalender lässt sich nicht mit der Tastatur bedienen."
    page_url = "/veranstaltungen/"
    name = "Max Muster"
    email = "max.muster@example.org"
    answer_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


# --- agencies -------------------------------------------------------------------------------------------


class AgencyFactory(DjangoModelFactory):
    """An agency; ``states`` takes FederalStates, codes or slugs: ``AgencyFactory(states=["16"])``."""

    class Meta:
        model = Agency
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"agentur-{n}")
    name = factory.LazyAttribute(lambda o: f"Transferagentur {o.slug.title()}")
    short_name = factory.LazyAttribute(lambda o: f"Agentur {o.slug.title()}")
    host_institution = factory.LazyAttribute(lambda o: f"Träger {o.slug.title()} e.V.")
    street = "Beispielweg 2"
    postcode = "54321"
    city = "Beispielstadt"
    email = factory.LazyAttribute(lambda o: f"info@{o.slug}.example.org")
    mission = "Nur für Tests."
    about = factory.LazyAttribute(lambda o: f"Über die Agentur {o.slug}: ein Absatz für jede Mitteilung.")
    host_about = factory.LazyAttribute(lambda o: f"Über den Träger {o.slug}: ein zweiter Absatz.")

    @factory.post_generation
    def states(self, create, extracted, **kwargs):
        if extracted:
            self.states.set([federal_state(state) for state in extracted])


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    agency = factory.SubFactory(AgencyFactory)
    name = "Petra Presse"
    role = "presse"
    phone = "0123 456789-0"
    email = factory.LazyAttribute(lambda o: f"presse@{o.agency.slug}.example.org")


class ImprintFactory(DjangoModelFactory):
    class Meta:
        model = Imprint

    agency = factory.SubFactory(AgencyFactory)
    operator = factory.LazyAttribute(lambda o: o.agency.host_institution)
    legal_form = "eingetragener Verein (e.V.)"
    street = "Beispielweg 2"
    postcode = "54321"
    city = "Beispielstadt"
    represented_by = "Dr. Erika Beispiel (Vorstand)"
    email = factory.LazyAttribute(lambda o: f"impressum@{o.agency.slug}.example.org")
    content_responsible = "Dr. Erika Beispiel"


# --- press releases and publications --------------------------------------------------------------------


def _default_contact(release):
    return release.agency.contacts.first() or ContactPersonFactory(agency=release.agency)


class PressReleaseFactory(_FullCleanMixin, DjangoModelFactory):
    """A published release dated ``number`` days ago (drafts undated, withdrawn ones withdrawn now)."""

    class Meta:
        model = PressRelease
        skip_postgeneration_save = True

    class Params:
        serial = factory.Sequence(lambda n: n + 1)

    agency = factory.SubFactory(AgencyFactory)
    press_contact = factory.LazyAttribute(_default_contact)
    status = PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: None if o.status == DRAFT else timezone.now() - datetime.timedelta(days=o.serial)
    )
    withdrawn_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == WITHDRAWN else None)
    headline = factory.LazyAttribute(lambda o: f"Mitteilung Nummer {o.serial}")
    subheading = "Eine Unterzeile"
    slug = factory.LazyAttribute(lambda o: f"mitteilung-{o.serial}")
    dateline_place = "Offenbach a.M."
    teaser = factory.LazyAttribute(lambda o: f"Vorspann der Mitteilung {o.serial}.")
    body = "<p>Text der Mitteilung.</p>"


class PublicationSeriesFactory(DjangoModelFactory):
    class Meta:
        model = PublicationSeries

    agency = factory.SubFactory(AgencyFactory)
    title = "Bildungsnetzwerke in NRW"
    slug = "bildungsnetzwerke"


class PublicationFactory(_FullCleanMixin, DjangoModelFactory):
    """A brochure with a small real PDF (stored under MEDIA_ROOT)."""

    class Meta:
        model = Publication

    class Params:
        serial = factory.Sequence(lambda n: n + 1)

    agency = factory.SubFactory(AgencyFactory)
    title = factory.LazyAttribute(lambda o: f"Publikation {o.serial}")
    slug = factory.LazyAttribute(lambda o: f"publikation-{o.serial}")
    kind = Publication.Kind.BROCHURE
    year = 2020
    summary = "Eine kurze Zusammenfassung."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        publication = model_class(*args, **kwargs)
        if not publication.file:
            pdf = minimal_pdf(title=publication.title, lines=["Test"])
            publication.file.save(f"test-{publication.slug}.pdf", ContentFile(pdf), save=False)
        publication.full_clean()
        publication.save()
        return publication


# --- events ---------------------------------------------------------------------------------------------


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class TargetGroupFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Zielgruppe {n}")
    slug = factory.Sequence(lambda n: f"zielgruppe-{n}")


class VenueFactory(_StateLookup, DjangoModelFactory):
    """A venue in Frankfurt am Main (Hessen); ``state`` takes a slug or code too."""

    class Meta:
        model = Venue

    class Params:
        serial = factory.Sequence(lambda n: n + 1)

    agency = factory.SubFactory(AgencyFactory)
    name = factory.LazyAttribute(lambda o: f"Tagungshaus {o.serial}")
    street = factory.LazyAttribute(lambda o: f"Domplatz {o.serial}")
    postcode = "60311"
    city = "Frankfurt am Main"
    state = factory.LazyFunction(lambda: federal_state("hessen"))


class RegistrationVenueFactory(VenueFactory):
    """The one step-free house in Erfurt every registration test's on-site events take place in."""

    class Meta:
        django_get_or_create = ("agency", "name")

    name = "Haus der Bildung"
    street = "Lindenallee 7"
    postcode = "99084"
    city = "Erfurt"
    state = factory.LazyFunction(lambda: federal_state("16"))
    step_free = True


class SeriesFactory(DjangoModelFactory):
    class Meta:
        model = Series

    agency = factory.SubFactory(AgencyFactory)
    title = "Monatlicher Online-Austausch"
    slug = factory.Sequence(lambda n: f"reihe-{n}")


class EventFactory(DjangoModelFactory):
    """A published, upcoming on-site Fachtag (six hours, ten days from now, at a venue of its agency).

    ``co_agencies``, ``topics`` and ``target_groups`` take lists.
    """

    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        serial = factory.Sequence(lambda n: n + 1)

    agency = factory.SubFactory(AgencyFactory)
    title = factory.LazyAttribute(lambda o: f"Fachtag Planung {o.serial}")
    slug = factory.LazyAttribute(lambda o: f"fachtag-{o.serial}")
    kind = EventKind.FACHTAG
    format = Event.Format.ON_SITE
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    venue = factory.SubFactory(VenueFactory, agency=factory.SelfAttribute("..agency"))
    teaser = "Ein Tag zur Bildungsplanung in Kommunen."
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def co_agencies(self, create, extracted, **kwargs):
        if extracted:
            self.co_agencies.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if extracted:
            self.target_groups.set(extracted)


_OPTION_FIELDS = {field.name for field in RegistrationOptions._meta.concrete_fields} - {"id", "event"}


class RegistrationEventFactory(EventFactory):
    """A published event with registration open, ``starts_in`` (14 days) from now.

    Keyword arguments named like a RegistrationOptions field set that field:
    ``RegistrationEventFactory(agency=agency, on_site_capacity=2, requires_approval=True)``.
    """

    class Params:
        starts_in = datetime.timedelta(days=14)

    title = factory.LazyAttribute(lambda o: f"Fachtag Bildungsmonitoring {o.serial}")
    kind = "fachtag"
    starts_at = factory.LazyAttribute(lambda o: timezone.now() + o.starts_in)
    venue = factory.Maybe(
        factory.LazyAttribute(lambda o: o.format == Event.Format.ONLINE),
        yes_declaration=None,
        no_declaration=factory.SubFactory(RegistrationVenueFactory, agency=factory.SelfAttribute("..agency")),
    )
    teaser = "Ein Tag zum Austausch über kommunale Bildungsdaten."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        options = {name: kwargs.pop(name) for name in list(kwargs) if name in _OPTION_FIELDS}
        event = super()._create(model_class, *args, **kwargs)
        RegistrationOptions.objects.create(
            event=event, **{"enabled": True, "on_site_capacity": 10, **options}
        )
        return event


def series_with_dates(agency, *, dates=3, format=Event.Format.ONLINE, **options):
    """Return a series and its ``dates`` events, one a month, each open for registration."""
    series = SeriesFactory(agency=agency)
    events = [
        RegistrationEventFactory(
            agency=agency,
            format=format,
            series=series,
            starts_in=datetime.timedelta(days=30 * (index + 1)),
            **options,
        )
        for index in range(dates)
    ]
    return series, events


class ProgrammeItemFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    starts_at = datetime.time(10, 0)
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")


class SpeakerFactory(DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Dr. Erika Beispiel {n}")


class MaterialFactory(DjangoModelFactory):
    """A linked document (give ``file`` instead of ``url`` for an upload)."""

    class Meta:
        model = Material

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Material {n}")
    file = ""
    url = factory.LazyAttribute(lambda o: "" if o.file else "https://example.org/material.pdf")


# --- registrations (through the real services) ----------------------------------------------------------


def person(number=1, **changes):
    """Return the form data of invented person ``number``."""
    values = {
        "name": f"Erika Beispiel {number}",
        "email": f"person{number}@example.org",
        "organisation": f"Landkreis Musterhausen {number}",
        "function": "Bildungsmanagement",
    }
    values.update(changes)
    return registration_services.ParticipantData(**values)


def register(event, number=1, *, mode=None, join_waitlist=True, **changes) -> Registration:
    """Register person ``number`` through the service (not yet confirmed)."""
    options = RegistrationOptions.objects.get(event=event)
    return registration_services.registration_create(
        event=event,
        mode=mode or (Mode.ONLINE if event.format == Event.Format.ONLINE else Mode.ON_SITE),
        data=person(number, **changes),
        consent=True,
        privacy_notice_version=options.privacy_notice_version,
        join_waitlist=join_waitlist,
    )


def register_confirmed(event, number=1, **kwargs) -> Registration:
    """Register person ``number`` and confirm by the mailed link."""
    registration = register(event, number, **kwargs)
    return registration_services.registration_confirm(token=registration.confirm_token)


def build_event_load(agency, *, events, registrations, weeks=8):
    """Build ``events`` upcoming hybrid events of ``agency`` with registration, and ``registrations``
    spread over them and over the last ``weeks`` weeks, quickly (bulk_create, no services): confirmed,
    waiting and awaiting approval in turn, on site and online in turn. Return the events."""
    now = timezone.now()
    venue = VenueFactory(agency=agency)
    built = Event.objects.bulk_create(
        Event(
            agency=agency,
            title=f"Last {number}",
            slug=f"last-{agency.slug}-{number}",
            kind=EventKind.FACHTAG,
            format=Event.Format.HYBRID,
            starts_at=now + datetime.timedelta(days=5 + number % 60, hours=number % 7),
            ends_at=now + datetime.timedelta(days=5 + number % 60, hours=number % 7 + 4),
            venue=venue,
            teaser="Für Tests mit vielen Zeilen.",
            status=Event.Status.PUBLISHED,
        )
        for number in range(events)
    )
    RegistrationOptions.objects.bulk_create(
        RegistrationOptions(event=event, enabled=True, on_site_capacity=50, online_capacity=100)
        for event in built
    )
    kinds = [
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
        Registration.Status.AWAITING_APPROVAL,
    ]
    people = []
    for number in range(registrations):
        created = now - datetime.timedelta(days=(number * 7 * weeks // max(registrations, 1)) % (7 * weeks))
        status = kinds[number % 3]
        people.append(
            Registration(
                event=built[number % len(built)],
                mode=Mode.ON_SITE if number % 2 else Mode.ONLINE,
                status=status,
                name=f"Erika Beispiel {number}",
                email=f"last{number}@example.org",
                organisation=f"Landkreis Musterhausen {number}",
                function="Bildungsmanagement",
                created_at=created,
                confirmed_at=created,
                waitlisted_at=created if status == Registration.Status.WAITLISTED else None,
                privacy_notice_version=1,
                consent_given=True,
            )
        )
    Registration.objects.bulk_create(people, batch_size=500)
    return built


def statuses(event):
    """Return the statuses of the event's registrations in the order they came in."""
    return list(Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True))


def deliver_outbox() -> tuple[int, int]:
    """Send the queued mails that are due, as the mail worker does round by round; return (sent, failed).

    Rounds go on while they send something (a round sends at most 200), and stop at a round that sent
    nothing: the failed mails then wait for their pause, as with the real worker.
    """
    sent = failed = 0
    while True:
        round_sent, round_failed = registration_mail.send_queued()
        sent, failed = sent + round_sent, failed + round_failed
        if not round_sent:
            return sent, failed


@contextmanager
def delivering():
    """Deliver the mails queued inside the block when it ends, as the worker would a moment later."""
    yield
    deliver_outbox()


class FailingMailBackend:
    """A mail backend whose server is down: every send raises, as smtplib would."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Verbindung zum Mailserver abgelehnt")


# --- municipalities -------------------------------------------------------------------------------------


class MunicipalityFactory(_StateLookup, DjangoModelFactory):
    """A Gemeinde in Thüringen; ``state`` takes a slug or code too."""

    class Meta:
        model = Municipality

    key = factory.Sequence(lambda n: f"16{n:010d}")
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    kind = Municipality.Kind.GEMEINDE
    state = factory.LazyFunction(lambda: federal_state("16"))


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    municipality = factory.SubFactory(MunicipalityFactory)
    agency = factory.SubFactory(AgencyFactory)
    status = Partnership.Status.COOPERATION
    since = datetime.date(2020, 1, 1)


def build_directory(size):
    """Build a directory of ``size`` municipalities quickly (bulk_create): Landkreise in Thüringen with
    up to 500 Gemeinden each, every fifth municipality with a partnership (some with a history), eight
    Fachtage and joint press releases about the first Kreis. Return the first Kreis and both agencies."""
    thuringia = federal_state("16")
    agencies = [
        AgencyFactory(slug=f"bulk-{size}-a", states=["16"]),
        AgencyFactory(slug=f"bulk-{size}-b", states=["14", "15"]),
    ]
    kreise_needed = max(1, -(-size // 501))
    kreise = Municipality.objects.bulk_create(
        Municipality(
            key=f"160{number:02d}",
            name=f"Testkreis {number}",
            kind=Municipality.Kind.LANDKREIS,
            state=thuringia,
            population=100000 + number,
        )
        for number in range(1, kreise_needed + 1)
    )
    members = []
    for index in range(size - len(kreise)):
        kreis = kreise[index // 500]
        members.append(
            Municipality(
                key=f"{kreis.key}{index % 500 + 1:03d}",
                name=f"Gemeinde {index:05d}",
                kind=Municipality.Kind.GEMEINDE,
                state=thuringia,
                parent=kreis,
                population=1000 + index,
                area_km2=Decimal("12.50"),
            )
        )
    Municipality.objects.bulk_create(members, batch_size=500)
    everyone = list(Municipality.objects.filter(key__startswith="160").order_by("key"))
    today = timezone.localdate()
    partnerships = []
    for index, municipality in enumerate(everyone[::5]):
        agency = agencies[index % 2]
        partnerships.append(
            Partnership(
                municipality=municipality,
                agency=agency,
                status=Partnership.Status.FORMER,
                since=today - datetime.timedelta(days=900),
                until=today - datetime.timedelta(days=400),
            )
        )
        partnerships.append(
            Partnership(
                municipality=municipality,
                agency=agency,
                status=Partnership.Status.COOPERATION,
                since=today - datetime.timedelta(days=300),
            )
        )
    Partnership.objects.bulk_create(partnerships, batch_size=500)

    venue = VenueFactory(
        agency=agencies[0],
        name="Tagungshaus",
        street="Weg 1",
        postcode="99423",
        city="Weimar",
        state=thuringia,
    )
    now = timezone.now()
    for number in range(8):
        EventFactory(
            agency=agencies[0],
            title=f"Fachtag {number}",
            slug=f"fachtag-{agencies[0].slug}-{number}",
            starts_at=now + datetime.timedelta(days=10 + number),
            venue=venue,
            teaser="Ein Fachtag für Tests.",
        )
    for _number in range(max(1, size // 100)):
        release = PressReleaseFactory(agency=agencies[0])
        release.supporting_agencies.set([agencies[1]])
        release.related_municipalities.set([kreise[0], everyone[1]])
    return kreise[0], agencies
