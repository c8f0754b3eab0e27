"""Press releases and their attachments."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.files import file_size_of
from agencies.models.agency import Agency, ContactPerson
from portal.html import PRESS_RELEASE
from portal.search import SearchIndex, document_field
from portal.uploads import IMAGES, FileTypeValidator


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
    image = models.ImageField(
        _("Bild"), upload_to="press/images/", blank=True, validators=[FileTypeValidator(IMAGES)]
    )
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

    search_document = document_field(headline="A", subheading="B", teaser="B", body="C", dateline_place="C")

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
        # The second one serves the newest-first lists and feeds: without it every page sorts all releases.
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["-published_at", "-id"], name="press_release_newest_first"),
            SearchIndex(fields=["search_document"], name="press_release_search"),
        ]

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

    @staticmethod
    def events_outside_agency(*, agency, events):
        """Return those of ``events`` that ``agency`` neither organises nor co-organises."""
        event_model = PressRelease._meta.get_field("related_events").related_model
        ours = event_model._default_manager.filter(Q(agency=agency) | Q(co_agencies=agency)).values("pk")
        return event_model._default_manager.filter(pk__in=[event.pk for event in events]).exclude(pk__in=ours)

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
        _("PDF-Datei"), upload_to="press/attachments/", validators=[FileTypeValidator(["pdf"])]
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
        self.file_size = file_size_of(self.file)
        super().save(*args, **kwargs)
