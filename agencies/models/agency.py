from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search import SearchIndex, document_field
from portal.uploads import IMAGES, FileTypeValidator


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
    logo = models.ImageField(
        _("Logo"), upload_to="agencies/logos/", blank=True, validators=[FileTypeValidator(IMAGES)]
    )
    logo_alt = models.CharField(
        _("Alternativtext des Logos"),
        max_length=200,
        blank=True,
        help_text=_("Beschreibt das Logo für Menschen, die es nicht sehen."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    search_document = document_field(
        name="A", short_name="A", city="B", host_institution="B", mission="C", about="D"
    )

    class Meta:
        verbose_name = _("Transferagentur")
        verbose_name_plural = _("Transferagenturen")
        ordering = ["order", "name"]
        indexes = [SearchIndex(fields=["search_document"], name="agency_search")]

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


class Membership(models.Model):
    """A staff member's role in one agency: editors keep the content, managers also the participants."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Redaktion")
        MANAGER = "manager", _("Leitung")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agency_memberships",
        verbose_name=_("Person"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Transferagentur")
    )
    role = models.CharField(
        _("Rolle"),
        max_length=10,
        choices=Role.choices,
        default=Role.EDITOR,
        help_text=_(
            "Redaktion: Inhalte (Veranstaltungen, Presse, Publikationen, Partnerschaften). Leitung: "
            "zusätzlich Teilnehmende mit ihren Daten, Mails an Teilnehmende, Exporte und die "
            "Mitarbeitenden der Agentur."
        ),
    )

    class Meta:
        verbose_name = _("Mitarbeit")
        verbose_name_plural = _("Mitarbeitende")
        ordering = ["agency", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="membership_once_per_agency")]

    def __str__(self):
        return f"{self.user} – {self.agency.short_name} ({self.get_role_display()})"
