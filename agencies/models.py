from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.html import PRESS_RELEASE


class Agency(models.Model):
    """One of the regional transfer agencies; every piece of content belongs to one."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=60, unique=True)
    slug = models.SlugField(_("Kurzadresse"), max_length=60, unique=True)
    states = models.ManyToManyField(
        "municipalities.FederalState",
        verbose_name=_("Betreute Bundesländer"),
        related_name="agencies",
    )
    host_institution = models.CharField(_("Trägerinstitution"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"))
    website = models.URLField(_("Website"), blank=True)
    mission = models.TextField(_("Leitbild"), help_text=_("Kurze Selbstdarstellung der Agentur."))
    tasks = models.TextField(
        _("Aufgaben"),
        blank=True,
        help_text=_("Eine Aufgabe je Zeile; sie erscheinen als Liste."),
    )
    about = models.TextField(
        _("Über die Agentur"),
        blank=True,
        help_text=_("Standardabsatz, der an jede Pressemitteilung angehängt wird."),
    )
    host_about = models.TextField(
        _("Über die Trägerinstitution"),
        blank=True,
        help_text=_("Standardabsatz über die Trägerinstitution für Pressemitteilungen."),
    )
    logo = models.ImageField(_("Logo"), upload_to="agencies/logos/", blank=True)
    logo_alt = models.CharField(
        _("Alternativtext des Logos"),
        max_length=200,
        blank=True,
        help_text=_("Beschreibt das Logo für Menschen, die es nicht sehen."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="agencies",
        verbose_name=_("Mitarbeitende mit Redaktionszugang"),
    )

    class Meta:
        verbose_name = _("Transferagentur")
        verbose_name_plural = _("Transferagenturen")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agencies:detail", kwargs={"slug": self.slug})

    @property
    def task_list(self):
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]


class ContactPerson(models.Model):
    class Role(models.TextChoices):
        LEAD = "leitung", _("Leitung")
        STRATEGIC_LEAD = "strategische-leitung", _("Strategische Leitung")
        RESEARCH = "wissenschaft", _("Wissenschaftliche Mitarbeit")
        ADVISORY = "kommunalberatung", _("Kommunalberatung")
        PRESS = "presse", _("Presse- und Öffentlichkeitsarbeit")
        OFFICE = "verwaltung", _("Verwaltung und Organisation")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("Transferagentur")
    )
    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=40, choices=Role.choices)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"))
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["agency", "order", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


# --- Press releases and publications ---------------------------------------


class PressReleaseQuerySet(models.QuerySet):
    def visible(self, now=None):
        """Return the releases the public may see: published or scheduled, and their time has come.

        This is the one place that decides; pages, feeds and tags all start here, so a
        scheduled release appears on its own at its time without anything running.
        """
        return self.filter(_visible_q(now))

    def visible_or_withdrawn(self, now=None):
        """Return the visible releases plus the withdrawn ones (their address answers 410 Gone)."""
        return self.filter(_visible_q(now) | models.Q(status=PressRelease.Status.WITHDRAWN))

    def of_agency(self, agency):
        """Return the releases an agency issued or supports."""
        supported = PressRelease.supporting_agencies.through.objects.filter(agency=agency)
        return self.filter(models.Q(agency=agency) | models.Q(pk__in=supported.values("pressrelease_id")))


def _visible_q(now=None):
    return models.Q(
        status__in=[PressRelease.Status.PUBLISHED, PressRelease.Status.SCHEDULED],
        published_at__lte=now or timezone.now(),
    )


class PressRelease(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SCHEDULED = "scheduled", _("Geplant")
        PUBLISHED = "published", _("Veröffentlicht")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="press_releases", verbose_name=_("Transferagentur")
    )
    supporting_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="supported_press_releases",
        verbose_name=_("Beteiligte Agenturen"),
        help_text=_("Bei gemeinsamen Mitteilungen: erscheint auch auf deren Seiten und in deren Feeds."),
    )
    headline = models.CharField(_("Überschrift"), max_length=200)
    subheading = models.CharField(_("Unterzeile"), max_length=300, blank=True)
    slug = models.SlugField(_("Kurzadresse"), max_length=200, unique=True)
    dateline_place = models.CharField(
        _("Ort der Ortsmarke"), max_length=100, help_text=_("Zum Beispiel „Offenbach a.M.“.")
    )
    published_at = models.DateTimeField(
        _("Veröffentlichungszeitpunkt"),
        null=True,
        blank=True,
        help_text=_("Bei geplanten Mitteilungen der Zeitpunkt, zu dem sie von selbst erscheinen."),
    )
    teaser = models.TextField(
        _("Vorspann"), max_length=600, help_text=_("Kurze Zusammenfassung für Listen und Feeds.")
    )
    body = models.TextField(_("Text"), help_text=PRESS_RELEASE.help_text)
    press_contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.PROTECT,
        related_name="press_releases",
        verbose_name=_("Pressekontakt"),
    )
    image = models.ImageField(_("Bild"), upload_to="press/images/", blank=True)
    image_alt = models.CharField(
        _("Alternativtext des Bildes"),
        max_length=250,
        blank=True,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen."),
    )
    image_credit = models.CharField(_("Bildnachweis"), max_length=200, blank=True)
    related_events = models.ManyToManyField(
        "events.Event",
        blank=True,
        related_name="press_releases",
        verbose_name=_("Zugehörige Veranstaltungen"),
    )
    related_municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        blank=True,
        related_name="press_releases",
        verbose_name=_("Zugehörige Kommunen"),
        help_text=_("Die Mitteilung erscheint auch auf den Seiten dieser Kommunen im Verzeichnis."),
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    withdrawn_at = models.DateTimeField(_("Zurückgezogen am"), null=True, blank=True)
    withdrawal_note = models.TextField(
        _("Hinweis zur Rücknahme"),
        blank=True,
        help_text=_("Erscheint auf der Seite einer zurückgezogenen Mitteilung."),
    )
    preview_token = models.CharField(
        _("Vorschau-Schlüssel"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("Pressemitteilung")
        verbose_name_plural = _("Pressemitteilungen")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="press_release_dated_unless_draft",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(withdrawn_at__isnull=False),
                name="press_release_withdrawal_dated",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = PRESS_RELEASE.clean(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("press:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.press_contact_id and self.agency_id and self.press_contact.agency_id != self.agency_id:
            errors["press_contact"] = _("Der Pressekontakt muss zur herausgebenden Agentur gehören.")
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _("Bitte beschreiben Sie das Bild in einem Alternativtext.")
        if errors:
            raise ValidationError(errors)

    @property
    def dateline(self):
        """Return the dateline as printed above the text, e.g. "Offenbach a.M., 26.11.2019"."""
        if not self.published_at:
            return self.dateline_place
        return f"{self.dateline_place}, {timezone.localtime(self.published_at):%d.%m.%Y}"


class PressReleaseAttachment(models.Model):
    release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("Pressemitteilung")
    )
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(
        _("PDF-Datei"), upload_to="press/attachments/", validators=[FileExtensionValidator(["pdf"])]
    )
    file_size = models.PositiveBigIntegerField(_("Dateigröße in Byte"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["release", "order", "id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.file_size = _size_of(self.file)
        super().save(*args, **kwargs)


class PublicationSeries(models.Model):
    """A brochure series such as "Bildungsnetzwerke in NRW"."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="publication_series", verbose_name=_("Transferagentur")
    )
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzadresse"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Publikationsreihe")
        verbose_name_plural = _("Publikationsreihen")
        ordering = ["title"]

    def __str__(self):
        return self.title


PUBLICATION_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt", "html", "epub"]


class Publication(models.Model):
    class Kind(models.TextChoices):
        BROCHURE = "broschuere", _("Broschüre")
        GUIDE = "handreichung", _("Handreichung")
        DOCUMENTATION = "dokumentation", _("Dokumentation")
        SURVEY = "erhebung", _("Erhebungsbericht")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="publications", verbose_name=_("Transferagentur")
    )
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzadresse"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    series = models.ForeignKey(
        PublicationSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("Reihe"),
    )
    number = models.CharField(_("Band oder Heft"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("Erscheinungsjahr"))
    topics = models.ManyToManyField(
        "events.Topic", blank=True, related_name="publications", verbose_name=_("Themen")
    )
    summary = models.TextField(_("Zusammenfassung"))
    file = models.FileField(
        _("Datei"),
        upload_to="publications/",
        validators=[FileExtensionValidator(PUBLICATION_EXTENSIONS)],
    )
    file_size = models.PositiveBigIntegerField(_("Dateigröße in Byte"), default=0, editable=False)
    accessible = models.BooleanField(
        _("Barrierefreies PDF"),
        default=False,
        help_text=_(
            "Nur ankreuzen, wenn die Datei geprüft barrierefrei ist "
            "(getaggt, Lesereihenfolge, Alternativtexte)."
        ),
    )
    accessible_alternative = models.FileField(
        _("Barrierefreie Alternative"),
        upload_to="publications/accessible/",
        blank=True,
        validators=[FileExtensionValidator(PUBLICATION_EXTENSIONS)],
        help_text=_(
            "Zum Beispiel eine Textfassung oder ein geprüftes PDF, "
            "falls die Hauptdatei nicht barrierefrei ist."
        ),
    )
    accessible_alternative_size = models.PositiveBigIntegerField(
        _("Dateigröße der Alternative in Byte"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Publikation")
        verbose_name_plural = _("Publikationen")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1990), name="publication_year_plausible"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sizes are kept in the row so a list never has to ask the storage about each file.
        self.file_size = _size_of(self.file)
        self.accessible_alternative_size = _size_of(self.accessible_alternative)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.series_id and self.agency_id and self.series.agency_id != self.agency_id:
            raise ValidationError({"series": _("Die Reihe gehört zu einer anderen Agentur.")})

    @property
    def file_extension(self):
        return _extension_of(self.file)

    @property
    def accessible_alternative_extension(self):
        return _extension_of(self.accessible_alternative)


def _size_of(field_file):
    if not field_file:
        return 0
    try:
        return field_file.size
    except OSError:
        return 0


def _extension_of(field_file):
    if not field_file:
        return ""
    return field_file.name.rsplit(".", 1)[-1].upper() if "." in field_file.name else ""
