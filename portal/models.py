from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .fields import SanitizedHTMLField
from .html import CONTENT_PAGE
from .uploads import VIDEOS, FileTypeValidator

HTML_HELP = CONTENT_PAGE.help_text


def default_enforcement_text():
    """Return the standard paragraph on the arbitration procedure of § 16 BGG."""
    return (
        "<p>Wenn Sie auf Ihre Meldung nicht innerhalb eines Monats eine zufriedenstellende Antwort "
        "erhalten, können Sie bei der Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz "
        "(BGG) ein Schlichtungsverfahren beantragen. Die Schlichtungsstelle vermittelt außergerichtlich "
        "bei Konflikten zur Barrierefreiheit zwischen Menschen mit Behinderungen und öffentlichen Stellen "
        "des Bundes. Das Verfahren kostet Sie nichts, und Sie brauchen dafür keinen Rechtsbeistand.</p>"
        "<p>Den Antrag können Sie formlos schriftlich, per E-Mail oder über das Formular auf der Website "
        "der Schlichtungsstelle stellen:</p>"
        "<address>Schlichtungsstelle nach dem Behindertengleichstellungsgesetz<br>"
        "bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen<br>"
        "Mauerstraße 53<br>10117 Berlin</address>"
        '<p>Website: <a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a>, '
        'E-Mail: <a href="mailto:info@schlichtungsstelle-bgg.de">info@schlichtungsstelle-bgg.de</a></p>'
    )


class ContentPage(models.Model):
    """A page of running text that editors maintain: privacy notice, easy language, sign language, ..."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum (allgemeiner Teil)")
        PRIVACY = "datenschutz", _("Datenschutzerklärung")
        EASY_LANGUAGE = "leichte-sprache", _("Leichte Sprache")
        SIGN_LANGUAGE = "gebaerdensprache", _("Gebärdensprache")

    kind = models.CharField(_("Seite"), max_length=30, choices=Kind.choices, unique=True)
    title = models.CharField(_("Überschrift"), max_length=200)
    intro = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Ein kurzer Absatz unter der Überschrift, ohne HTML.")
    )
    body = SanitizedHTMLField(_("Text"), help_text=HTML_HELP)
    video = models.FileField(
        _("Video"),
        upload_to="seiten/videos/",
        blank=True,
        validators=[FileTypeValidator(VIDEOS)],
        help_text=_("Zum Beispiel die Inhalte in Deutscher Gebärdensprache, als MP4 oder WebM."),
    )
    video_text = models.TextField(
        _("Textfassung des Videos"),
        blank=True,
        help_text=_(
            "Was im Video gesagt wird; Pflicht, sobald ein Video hochgeladen ist. Absätze durch Leerzeilen."
        ),
    )
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(video="") | ~Q(video_text=""),
                name="contentpage_video_has_text_alternative",
                violation_error_message=_("Bitte geben Sie zum Video eine Textfassung an."),
            ),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    def get_absolute_url(self):
        return reverse(f"portal:{self.url_name(self.kind)}")

    @classmethod
    def url_name(cls, kind):
        """Return the name of the URL that shows the page of this kind."""
        return {
            cls.Kind.IMPRINT: "imprint",
            cls.Kind.PRIVACY: "privacy",
            cls.Kind.EASY_LANGUAGE: "easy_language",
            cls.Kind.SIGN_LANGUAGE: "sign_language",
        }[kind]


class Imprint(models.Model):
    """What § 5 DDG and § 18 MStV require about the operator of one agency's content."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="imprint", verbose_name=_("Transferagentur")
    )
    operator = models.CharField(
        _("Anbieter"),
        max_length=200,
        help_text=_("Vollständiger Name der Trägerinstitution, wie er im Register steht."),
    )
    legal_form = models.CharField(
        _("Rechtsform"),
        max_length=120,
        help_text=_(
            "Zum Beispiel Gesellschaft mit beschränkter Haftung (GmbH) oder eingetragener Verein (e.V.)."
        ),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    represented_by = models.TextField(
        _("Vertreten durch"),
        help_text=_("Geschäftsführung oder Vorstand mit Namen und Funktion, eine Person je Zeile."),
    )
    register_entry = models.CharField(
        _("Registereintrag"),
        max_length=200,
        blank=True,
        help_text=_("Registergericht und Nummer, zum Beispiel „Amtsgericht Offenbach am Main, HRB 12345“."),
    )
    vat_id = models.CharField(_("Umsatzsteuer-Identifikationsnummer"), max_length=20, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"))
    content_responsible = models.TextField(
        _("Verantwortlich für den Inhalt"),
        help_text=_("Nach § 18 Abs. 2 MStV: Name und Anschrift der verantwortlichen Person."),
    )
    supervisory_authority = models.CharField(_("Zuständige Aufsichtsbehörde"), max_length=200, blank=True)
    notes = SanitizedHTMLField(
        _("Weitere Angaben"),
        help_text=_("Zum Beispiel Förderhinweis oder Bildnachweise. ") + HTML_HELP,
    )
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Impressumsangaben")
        verbose_name_plural = _("Impressumsangaben")
        ordering = ["agency__order", "agency__name"]

    def __str__(self):
        return f"{self.agency.short_name}: {self.operator}"

    @property
    def represented_by_lines(self):
        return [line.strip() for line in self.represented_by.splitlines() if line.strip()]


class AccessibilityStatement(models.Model):
    """The statement BITV 2.0 § 7 requires; the portal has exactly one."""

    class Conformance(models.TextChoices):
        FULL = "vollstaendig", _("vollständig vereinbar")
        PARTIAL = "teilweise", _("teilweise vereinbar")
        NONE = "nicht", _("nicht vereinbar")

    title = models.CharField(_("Überschrift"), max_length=200, default=_("Erklärung zur Barrierefreiheit"))
    intro = models.TextField(
        _("Geltungsbereich"),
        help_text=_("Für welches Angebot die Erklärung gilt und auf welcher Rechtsgrundlage. Ohne HTML."),
    )
    conformance = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=20,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
        help_text=_("Mit den Anforderungen der BITV 2.0 (WCAG 2.1 AA / EN 301 549)."),
    )
    non_accessible = SanitizedHTMLField(
        _("Nicht barrierefreie Inhalte"),
        help_text=_("Was noch nicht barrierefrei ist, warum, und welche Alternativen es gibt. ") + HTML_HELP,
    )
    prepared_on = models.DateField(_("Erstellt am"))
    method = models.CharField(
        _("Methode der Bewertung"),
        max_length=200,
        default=_("Selbstbewertung"),
        help_text=_("Zum Beispiel Selbstbewertung oder Prüfung durch eine externe Stelle."),
    )
    reviewed_on = models.DateField(_("Zuletzt überprüft am"))
    contact_name = models.CharField(
        _("Kontaktstelle für Barrieren"),
        max_length=200,
        help_text=_("Die Stelle, die Meldungen über Barrieren bearbeitet."),
    )
    contact_address = models.TextField(_("Anschrift der Kontaktstelle"), blank=True)
    contact_email = models.EmailField(
        _("E-Mail der Kontaktstelle"),
        help_text=_("Neue Barrieremeldungen werden auch an diese Adresse geschickt."),
    )
    contact_phone = models.CharField(_("Telefon der Kontaktstelle"), max_length=40, blank=True)
    enforcement = SanitizedHTMLField(
        _("Schlichtungsverfahren"), default=default_enforcement_text, help_text=HTML_HELP
    )
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
        verbose_name_plural = _("Erklärung zur Barrierefreiheit")

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("portal:accessibility")


class BarrierReport(models.Model):
    """A message about an accessibility barrier, sent through the feedback form (BITV 2.0 § 7)."""

    message = models.TextField(_("Beschreibung der Barriere"))
    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    received_at = models.DateTimeField(_("Eingegangen am"), default=timezone.now, editable=False)
    answer_due = models.DateField(
        _("Antwort fällig bis"), editable=False, help_text=_("Einen Monat nach Eingang (BITV 2.0).")
    )
    answered_on = models.DateField(_("Beantwortet am"), null=True, blank=True)
    internal_note = models.TextField(
        _("Interne Notiz"),
        blank=True,
        help_text=_("Wer kümmert sich, was wurde geantwortet? Nicht öffentlich."),
    )

    class Meta:
        verbose_name = _("Barrieremeldung")
        verbose_name_plural = _("Barrieremeldungen")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="barrierreport_message_not_empty"),
        ]

    def __str__(self):
        received = date_format(timezone.localtime(self.received_at), "DATETIME_FORMAT")
        return _("Meldung vom %(date)s") % {"date": received}

    @property
    def is_answered(self):
        return self.answered_on is not None


class AuditEntry(models.Model):
    """One change by staff (or a scheduled job): who, when, which object, which fields from what to what.

    Written by ``portal.audit.record`` in the transaction of the change itself, so a change without
    its entry (or an entry without its change) cannot happen. Actions are dotted names
    (``events.registration.approved``, ``agencies.pressrelease.changed``).
    """

    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Wer"),
    )
    action = models.CharField(_("Aktion"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("Art"))
    object_id = models.CharField(_("Objekt-ID"), max_length=64)
    object_repr = models.CharField(_("Objekt"), max_length=200)
    target = GenericForeignKey("content_type", "object_id")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Transferagentur"),
    )
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    note = models.TextField(_("Notiz"), blank=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_by_object"),
            models.Index(fields=["agency", "created_at"], name="audit_by_agency"),
        ]

    def __str__(self):
        return f"{self.action}: {self.object_repr}"


class Heartbeat(models.Model):
    """The last sign of life of a background process (the mail worker is "worker"), read by health checks."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    beat_at = models.DateTimeField(_("Zuletzt aktiv"))

    class Meta:
        verbose_name = _("Lebenszeichen")
        verbose_name_plural = _("Lebenszeichen")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: {self.beat_at:%Y-%m-%d %H:%M:%S}"
