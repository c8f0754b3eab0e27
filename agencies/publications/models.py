"""Publications (brochures, reports) and the series they appear in."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.files import extension_of, file_size_of
from agencies.models.agency import Agency
from portal.fields import choice_label
from portal.search import SearchIndex, document_field
from portal.uploads import DOCUMENTS, FileTypeValidator


class PublicationSeries(models.Model):
    """A brochure series such as "Bildungsnetzwerke in NRW"."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="publication_series", verbose_name=_("Transferagentur")
    )
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzadresse"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    # Publications are found by their series' title too (portal/search.py); not weighted.
    search_document = document_field(title="D")

    class Meta:
        verbose_name = _("Publikationsreihe")
        verbose_name_plural = _("Publikationsreihen")
        ordering = ["title"]

    def __str__(self):
        return self.title


PUBLICATION_FILES = FileTypeValidator((*DOCUMENTS, "epub"))


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
        validators=[PUBLICATION_FILES],
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
        validators=[PUBLICATION_FILES],
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
    search_document = document_field(title="A", summary="B")

    class Meta:
        verbose_name = _("Publikation")
        verbose_name_plural = _("Publikationen")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1990), name="publication_year_plausible"),
        ]
        indexes = [SearchIndex(fields=["search_document"], name="publication_search")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sizes are kept in the row so a list never has to ask the storage about each file.
        self.file_size = file_size_of(self.file)
        self.accessible_alternative_size = file_size_of(self.accessible_alternative)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"slug": self.slug})

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    def clean(self):
        if self.series_id and self.agency_id and self.series.agency_id != self.agency_id:
            raise ValidationError({"series": _("Die Reihe gehört zu einer anderen Agentur.")})

    @property
    def file_extension(self):
        return extension_of(self.file)

    @property
    def accessible_alternative_extension(self):
        return extension_of(self.accessible_alternative)
