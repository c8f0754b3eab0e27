from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from portal.media import PARTICIPANTS_ONLY_PREFIX
from portal.search import SearchIndex, document_field
from portal.uploads import CAPTIONS, DOCUMENTS, VIDEOS, FileTypeValidator

from ..films import external_film


class Vocabulary(models.Model):
    """A term events are tagged with and filtered by, addressed by its slug."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(Vocabulary):
    # Events are found by their topics' names too (portal/search.py); not weighted.
    search_document = document_field(name="D")

    class Meta(Vocabulary.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")


class Venue(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="venues", verbose_name=_("Transferagentur")
    )
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    state = models.ForeignKey(
        "municipalities.FederalState",
        on_delete=models.PROTECT,
        related_name="venues",
        verbose_name=_("Bundesland"),
    )
    step_free = models.BooleanField(_("Stufenlos erreichbar"), default=False)
    accessibility_notes = models.TextField(
        _("Hinweise zur Barrierefreiheit"),
        blank=True,
        help_text=_("Zum Beispiel Aufzug, barrierefreies WC, Induktionsschleife, Anreise mit ÖPNV."),
    )

    # Events are found by their venue's city and name too (portal/search.py); not weighted.
    search_document = document_field(city="D", name="D")

    class Meta:
        verbose_name = _("Veranstaltungsort")
        verbose_name_plural = _("Veranstaltungsorte")
        ordering = ["city", "name"]

    def __str__(self):
        return f"{self.name}, {self.city}"


class Series(models.Model):
    """A recurring format, such as a monthly online exchange."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="series", verbose_name=_("Transferagentur")
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzadresse"), max_length=200, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Veranstaltungsreihe")
        verbose_name_plural = _("Veranstaltungsreihen")
        ordering = ["title"]

    def __str__(self):
        return self.title


class EventKind(models.TextChoices):
    FACHTAG = "fachtag", _("Fachtag")
    FACHTAGUNG = "fachtagung", _("Fachtagung")
    WORKSHOP = "workshop", _("Workshop")
    BILDUNGSWERKSTATT = "bildungswerkstatt", _("Bildungswerkstatt")
    ONLINE_AUSTAUSCH = "online-austausch", _("Online-Austausch")
    FORTBILDUNG = "fortbildung", _("Fortbildung")
    AUSTAUSCHFORUM = "austauschforum", _("Regionales Austauschforum")
    KONFERENZ = "konferenz", _("Konferenz")


RESERVED_SLUGS = {"archiv", "kalender"}


class Event(models.Model):
    class DocumentationRecipients(models.TextChoices):
        CONFIRMED = "confirmed", _("alle bestätigten Angemeldeten")
        ATTENDED = "attended", _("nur die als anwesend Erfassten")

    class Format(models.TextChoices):
        ON_SITE = "praesenz", _("Präsenz")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Öffentlich")
        PARTNERS = "partners", _("Nur für Partnerkommunen")
        INTERNAL = "internal", _("Verwaltungsintern")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")
        POSTPONED = "postponed", _("Verschoben")
        CANCELLED = "cancelled", _("Abgesagt")

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("Veranstaltende Agentur"),
    )
    co_agencies = models.ManyToManyField(
        "agencies.Agency",
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("Mitveranstaltende Agenturen"),
    )
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzadresse"), max_length=250, unique=True)
    kind = models.CharField(_("Art"), max_length=30, choices=EventKind.choices)
    format = models.CharField(_("Format"), max_length=10, choices=Format.choices)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Veranstaltungsort"),
    )
    teaser = models.CharField(_("Kurzbeschreibung"), max_length=400)
    description = models.TextField(_("Beschreibung"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="events", verbose_name=_("Themen"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="events", verbose_name=_("Zielgruppen")
    )
    audience = models.CharField(
        _("Teilnehmerkreis"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_notice = models.TextField(
        _("Hinweis zu Verschiebung oder Absage"),
        blank=True,
        help_text=_("Wird bei verschobenen und abgesagten Veranstaltungen gut sichtbar angezeigt."),
    )
    online_notes = models.TextField(
        _("Hinweise zur Online-Teilnahme"),
        blank=True,
        help_text=_(
            "Zum Beispiel die Videokonferenz-Plattform und wann der Zugangslink verschickt wird. "
            "Den Zugangslink selbst bitte nicht hier veröffentlichen."
        ),
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Reihe"),
    )
    contact = models.ForeignKey(
        "agencies.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Ansprechperson"),
    )
    review = models.TextField(
        _("Rückblick"), blank=True, help_text=_("Wird angezeigt, sobald die Veranstaltung vorbei ist.")
    )
    certificate_hours = models.DecimalField(
        _("Umfang in Stunden"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Steht auf der Teilnahmebescheinigung. Leer lassen: die Zeit von Beginn bis Ende, "
            "bei mehrtägigen Veranstaltungen je Tag."
        ),
    )
    documentation_recipients = models.CharField(
        _("Hinweis auf die Dokumentation an"),
        max_length=10,
        choices=DocumentationRecipients.choices,
        default=DocumentationRecipients.CONFIRMED,
    )
    # Claimed by one conditional UPDATE when the documentation is published: the mail goes out once.
    documentation_published_at = models.DateTimeField(
        _("Dokumentation veröffentlicht am"), null=True, blank=True, editable=False
    )
    # RFC 5545 SEQUENCE: calendars take a changed or cancelled entry only if this number went up.
    sequence = models.PositiveIntegerField(
        _("Kalenderversion"),
        default=0,
        editable=False,
        help_text=_("Steigt mit jeder Änderung, die Kalender betrifft, und mit der Absage."),
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    search_document = document_field(title="A", teaser="B", description="C")

    # What a calendar entry shows of an event; a change to one of these is a new version of the entry.
    CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "venue_id", "format", "status", "status_notice")

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # Upcoming events (ends_at >= now) with what lists sort and filter by: the ids of a page
            # and its count come from the index alone, not from the wide rows.
            models.Index(
                fields=["ends_at"],
                include=["id", "status", "starts_at", "title", "agency", "format", "kind"],
                name="event_upcoming",
            ),
            SearchIndex(fields=["search_document"], name="event_search"),
            # The newest first: the events the site search ranks where a word finds very many.
            models.Index(fields=["starts_at"], name="event_starts"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    def save(self, *args, **kwargs):
        # Every path that changes an event (admin, services, demo) counts its calendar version here.
        if self.pk is not None and not kwargs.get("force_insert"):
            previous = type(self).objects.filter(pk=self.pk).values(*self.CALENDAR_FIELDS, "sequence").first()
            if previous is not None:
                changed = any(previous[name] != getattr(self, name) for name in self.CALENDAR_FIELDS)
                self.sequence = previous["sequence"] + 1 if changed else previous["sequence"]
                if changed and kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        # These addresses belong to the archive and the calendar feed under /veranstaltungen/.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Diese Kurzadresse ist für das Portal reserviert.")})

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def has_on_site_part(self):
        return self.format in (self.Format.ON_SITE, self.Format.HYBRID)

    @property
    def has_online_part(self):
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "begruessung", _("Begrüßung")
        TALK = "vortrag", _("Vortrag")
        PANEL = "podium", _("Podiumsdiskussion")
        WORKSHOP = "workshop", _("Workshop")
        EXCHANGE = "austausch", _("Austausch")
        BREAK = "pause", _("Pause")
        OTHER = "sonstiges", _("Sonstiges")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="programme_items", verbose_name=_("Veranstaltung")
    )
    day = models.PositiveSmallIntegerField(
        _("Veranstaltungstag"),
        default=1,
        help_text=_("1 für den ersten Tag, 2 für den zweiten und so weiter."),
    )
    starts_at = models.TimeField(_("Beginn"))
    ends_at = models.TimeField(_("Ende"), null=True, blank=True)
    title = models.CharField(_("Titel"), max_length=250)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.TALK)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")
        ordering = ["event", "day", "starts_at"]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"


class Speaker(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("Veranstaltung")
    )
    programme_item = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("Programmpunkt"),
    )
    name = models.CharField(_("Name"), max_length=200)
    title = models.CharField(_("Titel oder Funktion"), max_length=200, blank=True)
    institution = models.CharField(_("Institution"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Referent/in")
        verbose_name_plural = _("Referierende")
        ordering = ["event", "order", "name"]

    def __str__(self):
        return self.name


@deconstructible
class MaterialUploadTo:
    """Store a material's files under ``folder``, and those for participants only under a prefix of their own.

    The prefix (``portal.media.PARTICIPANTS_ONLY_PREFIX``) is never served as a public media address;
    its files are handed out only by the views that check a participant's link or a staff login.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, material, filename):
        return material_file_path(
            self.folder, PurePath(filename).name, participants_only=material.participants_only
        )

    def __eq__(self, other):
        return isinstance(other, MaterialUploadTo) and other.folder == self.folder


def material_file_path(folder: str, filename: str, *, participants_only: bool) -> str:
    prefix = PARTICIPANTS_ONLY_PREFIX if participants_only else ""
    return f"{prefix}{folder}{filename}"


class MaterialQuerySet(models.QuerySet):
    def public(self):
        """Return the materials anyone may see on the event page (not those for participants only)."""
        return self.filter(participants_only=False)


class Material(models.Model):
    """Slides, documents, links and short films offered after an event."""

    FILE_FIELDS = {
        "file": "events/materials/",
        "accessible_alternative": "events/materials/accessible/",
        "captions": "events/materials/captions/",
    }

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Dokument")
        LINK = "link", _("Link")
        VIDEO = "video", _("Film")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("Veranstaltung")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("Titel"), max_length=250)
    description = models.TextField(_("Beschreibung"), blank=True)
    file = models.FileField(
        _("Datei"),
        upload_to=MaterialUploadTo("events/materials/"),
        blank=True,
        validators=[FileTypeValidator((*DOCUMENTS, *VIDEOS))],
    )
    url = models.URLField(
        _("Externe Adresse"),
        blank=True,
        help_text=_("Extern gehostete Filme werden erst nach einem Klick geladen, nie beim Seitenaufruf."),
    )
    accessible = models.BooleanField(_("Barrierefrei"), default=False)
    accessible_alternative = models.FileField(
        _("Barrierefreie Alternative"),
        upload_to=MaterialUploadTo("events/materials/accessible/"),
        blank=True,
        validators=[FileTypeValidator(DOCUMENTS)],
    )
    captions = models.FileField(
        _("Untertitel (WebVTT)"),
        upload_to=MaterialUploadTo("events/materials/captions/"),
        blank=True,
        validators=[FileTypeValidator(CAPTIONS)],
        help_text=_("Untertitel für Filme, die vom Portal ausgeliefert werden."),
    )
    participants_only = models.BooleanField(
        _("Nur für Teilnehmende"),
        default=False,
        help_text=_(
            "Nicht auf der öffentlichen Seite: nur über den persönlichen Link bestätigter Angemeldeter "
            "und hier in der Verwaltung."
        ),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("Material")
        verbose_name_plural = _("Materialien")
        ordering = ["event", "order", "title"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="material_has_file_or_url"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._move_files_to_their_audience()
        super().save(*args, **kwargs)

    def _move_files_to_their_audience(self):
        # A stored file whose place no longer fits the flag (ticked or unticked later) moves, so a
        # participants-only file is never left under a public media address.
        for name, folder in self.FILE_FIELDS.items():
            stored = getattr(self, name)
            if not stored or not stored._committed:
                continue
            if stored.name.startswith(PARTICIPANTS_ONLY_PREFIX) == self.participants_only:
                continue
            target = material_file_path(
                folder, PurePath(stored.name).name, participants_only=self.participants_only
            )
            with stored.storage.open(stored.name, "rb") as content:
                moved = stored.storage.save(target, content)
            stored.storage.delete(stored.name)
            stored.name = moved

    @property
    def external_film(self):
        """Return provider and embed address of a film hosted elsewhere (see events.films)."""
        if self.kind != self.Kind.VIDEO or not self.url or self.file:
            return None
        return external_film(self.url)

    @property
    def file_extension(self):
        """Return the file type to show next to a download, such as "PDF"."""
        return PurePath(self.file.name).suffix.lstrip(".").upper() if self.file else ""

    @property
    def file_size(self):
        """Return the file's size in bytes, or None when the file cannot be read."""
        try:
            return self.file.size if self.file else None
        except OSError:
            return None
