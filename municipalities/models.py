import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import choice_label
from portal.search import SearchIndex, document_field


class FederalState(models.Model):
    """A German Bundesland; its code is the first two digits of every official key (AGS)."""

    code = models.CharField(_("Schlüssel"), max_length=2, unique=True)
    name = models.CharField(_("Name"), max_length=60, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("Bundesland")
        verbose_name_plural = _("Bundesländer")
        ordering = ["name"]

    def __str__(self):
        return self.name


# Kreis level: five digits (Land, Regierungsbezirk, Kreis); Gemeinde level: eight digits.
KEY_VALIDATOR = RegexValidator(
    r"^(\d{5}|\d{8})$",
    _("Der Gemeindeschlüssel hat 5 Ziffern (Kreis) oder 8 Ziffern (Gemeinde)."),
)


def municipality_display_name(*, name: str, kind: str, designation: str) -> str:
    """Return the name of a municipality as people say it (``Municipality.display_name``), from its
    fields alone: for rows read as values."""
    if kind == Municipality.Kind.LANDKREIS and not re.search("kreis|region", name, re.IGNORECASE):
        return f"{designation or choice_label(Municipality.Kind, kind)} {name}"
    return name


class Municipality(models.Model):
    """A Landkreis, a kreisfreie Stadt or a kreisangehörige Stadt or Gemeinde."""

    class Kind(models.TextChoices):
        LANDKREIS = "landkreis", _("Landkreis")
        KREISFREIE_STADT = "kreisfreie-stadt", _("Kreisfreie Stadt")
        KREISANGEHOERIGE_STADT = "kreisangehoerige-stadt", _("Kreisangehörige Stadt")
        GEMEINDE = "gemeinde", _("Gemeinde")

    DISTRICT_KINDS = (Kind.LANDKREIS, Kind.KREISFREIE_STADT)
    MEMBER_KINDS = (Kind.KREISANGEHOERIGE_STADT, Kind.GEMEINDE)

    key = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        unique=True,
        validators=[KEY_VALIDATOR],
        help_text=_("5 Ziffern für Landkreise und kreisfreie Städte, 8 Ziffern für Gemeinden."),
    )
    name = models.CharField(_("Name"), max_length=150)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    designation = models.CharField(
        _("Amtliche Bezeichnung"),
        max_length=60,
        blank=True,
        help_text=_("Wie die Quelle die Kommune nennt, zum Beispiel „Kreis“, „Stadtkreis“ oder „Markt“."),
    )
    # Derived from the first two digits of the key (see clean()); never edited by hand.
    state = models.ForeignKey(
        FederalState,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("Bundesland"),
        editable=False,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Landkreis"),
        help_text=_("Nur für kreisangehörige Städte und Gemeinden."),
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    area_km2 = models.DecimalField(_("Fläche in km²"), max_digits=8, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)
    search_document = document_field(name="A")

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name", "key"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["landkreis", "kreisfreie-stadt"], parent__isnull=True))
                | Q(kind__in=["kreisangehoerige-stadt", "gemeinde"], parent__isnull=False),
                name="municipality_parent_only_for_members",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "state"]),
            models.Index(fields=["population"]),
            # The directory's default order: its first page reads 50 rows instead of sorting them all.
            models.Index(fields=["name", "key"], name="municipality_by_name"),
            SearchIndex(fields=["search_document"], name="municipality_search"),
        ]

    def __str__(self):
        return f"{self.name} ({self.key})"

    def get_absolute_url(self):
        return reverse("municipalities:detail", kwargs={"key": self.key})

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    @property
    def is_district(self):
        return self.kind in self.DISTRICT_KINDS

    @property
    def display_name(self):
        """Return the name as people say it: „Landkreis Leipzig“ rather than the register's „Leipzig“."""
        return municipality_display_name(name=self.name, kind=self.kind, designation=self.designation)

    @property
    def kind_label(self):
        """Return the kind, with the source's own word where it adds something: „Gemeinde (Markt)“."""
        kind = self.get_kind_display()
        if self.designation and self.designation.lower() not in kind.lower():
            return f"{kind} ({self.designation})"
        return kind

    @property
    def density(self):
        """Return inhabitants per km², or None when population or area is unknown."""
        if not self.population or not self.area_km2:
            return None
        return round(self.population / float(self.area_km2))

    def clean(self):
        super().clean()
        if self.key and KEY_VALIDATOR.regex.match(self.key):
            self._clean_key()
        if self.kind:
            self._clean_parent()

    def _clean_key(self):
        """Derive the Bundesland from the key and check the key's length against the kind."""
        if self.state_id is None or self.state.code != self.key[:2]:
            state = FederalState.objects.filter(code=self.key[:2]).first()
            if state is None:
                message = _("„%(code)s“ am Anfang ist kein Länderschlüssel.") % {"code": self.key[:2]}
                raise ValidationError({"key": message})
            self.state = state
        if self.kind and self.is_district and len(self.key) != 5:
            raise ValidationError({"key": _("Landkreise und kreisfreie Städte haben 5 Ziffern.")})
        if self.kind and not self.is_district and len(self.key) != 8:
            raise ValidationError({"key": _("Gemeinden und kreisangehörige Städte haben 8 Ziffern.")})

    def _clean_parent(self):
        if self.is_district:
            if self.parent_id:
                raise ValidationError(
                    {"parent": _("Landkreise und kreisfreie Städte gehören zu keinem Kreis.")}
                )
            return
        if self.parent_id is None:
            raise ValidationError({"parent": _("Bitte wählen Sie den Landkreis, zu dem die Kommune gehört.")})
        if self.parent.kind != self.Kind.LANDKREIS or not (self.key or "").startswith(self.parent.key):
            message = _("Bitte wählen Sie den Landkreis, mit dessen Schlüssel der Gemeindeschlüssel beginnt.")
            raise ValidationError({"parent": message})


class Programme(models.Model):
    """A federal programme a partnership belongs to, such as „Bildung integriert“."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("Programm")
        verbose_name_plural = _("Programme")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnershipQuerySet(models.QuerySet):
    def active(self, on=None):
        """Return the partnerships running on the given day (default: today)."""
        on = on or timezone.localdate()
        return (
            self.filter(since__lte=on)
            .filter(Q(until__isnull=True) | Q(until__gte=on))
            .exclude(status=Partnership.Status.FORMER)
        )

    def overlapping(self, *, municipality, since, until, exclude_pk=None):
        """Return the municipality's partnerships whose period shares at least one day with since–until."""
        qs = self.filter(municipality=municipality).filter(Q(until__isnull=True) | Q(until__gte=since))
        if until is not None:
            qs = qs.filter(since__lte=until)
        if exclude_pk is not None:
            qs = qs.exclude(pk=exclude_pk)
        return qs


class Partnership(models.Model):
    """A period in which a municipality works with one transfer agency."""

    class Status(models.TextChoices):
        INTERESTED = "interessiert", _("Interessiert")
        COOPERATION = "kooperationskommune", _("Kooperationskommune")
        TRANSFER = "transferkommune", _("Transferkommune")
        FORMER = "ehemalig", _("Ehemalig")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("Kommune")
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("Transferagentur"),
    )
    status = models.CharField(_("Status"), max_length=30, choices=Status.choices)
    since = models.DateField(_("Seit"))
    until = models.DateField(_("Bis"), null=True, blank=True, help_text=_("Leer, solange sie andauert."))
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="partnerships", verbose_name=_("Programme")
    )
    note = models.TextField(
        _("Öffentlicher Hinweis"), blank=True, help_text=_("Erscheint auf der Seite der Kommune.")
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Partnerschaft")
        verbose_name_plural = _("Partnerschaften")
        ordering = ["municipality", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="partnership_until_not_before_since",
            ),
            models.CheckConstraint(
                condition=~Q(status="ehemalig") | Q(until__isnull=False),
                name="partnership_former_has_end",
            ),
            # The full rule (no overlapping periods) is checked in clean(); the database
            # guarantees at least that no municipality has two open-ended partnerships.
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(until__isnull=True),
                name="partnership_one_open_per_municipality",
                violation_error_message=_("Diese Kommune hat bereits eine unbefristete Partnerschaft."),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            # The agency page's newest partners: read back from today instead of sorting them all.
            models.Index(fields=["agency", "since"], name="partnership_agency_since"),
        ]

    def __str__(self):
        return f"{self.municipality.name} – {self.agency.short_name} ({self.get_status_display()})"

    @property
    def period_display(self):
        since = formats.date_format(self.since, "SHORT_DATE_FORMAT")
        if self.until is None:
            return _("seit %(since)s") % {"since": since}
        until = formats.date_format(self.until, "SHORT_DATE_FORMAT")
        return _("%(since)s bis %(until)s") % {"since": since, "until": until}

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return (
            self.status != self.Status.FORMER
            and self.since <= on
            and (self.until is None or self.until >= on)
        )

    def overlap_message(self, other):
        return _(
            "%(municipality)s hat im gewählten Zeitraum bereits eine Partnerschaft mit %(agency)s "
            "(%(period)s). Eine Kommune arbeitet in einem Zeitraum nur mit einer Transferagentur "
            "zusammen: Bitte beenden Sie zuerst die bestehende Partnerschaft oder wählen Sie einen "
            "anderen Zeitraum."
        ) % {
            "municipality": other.municipality.name,
            "agency": other.agency.short_name,
            "period": other.period_display,
        }

    def find_overlap(self):
        """Return another partnership of the same municipality whose period overlaps this one, if any."""
        if self.municipality_id is None or self.since is None:
            return None
        return (
            Partnership.objects.overlapping(
                municipality=self.municipality_id, since=self.since, until=self.until, exclude_pk=self.pk
            )
            .select_related("municipality", "agency")
            .first()
        )

    def clean(self):
        super().clean()
        if self.until is not None and self.since is not None and self.until < self.since:
            raise ValidationError({"until": _("Das Ende darf nicht vor dem Beginn liegen.")})
        if self.status == self.Status.FORMER and self.until is None:
            raise ValidationError({"until": _("Eine ehemalige Partnerschaft braucht ein Enddatum.")})
        other = self.find_overlap()
        if other is not None:
            raise ValidationError(self.overlap_message(other))
