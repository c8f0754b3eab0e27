"""Registration for events: per-event options, registrations, consent proof, outgoing mail.

The rules (who gets a seat, when, in which order) live in ``events/services.py``;
these models only hold the state and the constraints the database can keep.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.event import Event, Series

DEFAULT_PRIVACY_NOTICE = (
    "Die veranstaltende Transferagentur verarbeitet Ihren Namen, Ihre E-Mail-Adresse, Ihre Kommune "
    "oder Organisation und Ihre Funktion, um Ihre Anmeldung zu verwalten, Ihnen Informationen zur "
    "Veranstaltung zu schicken und eine Teilnahmeliste zu führen. Angaben zu Ernährung und "
    "Barrierefreiheit sind freiwillig; wir nutzen sie nur zur Vorbereitung der Veranstaltung und "
    "löschen sie bald danach. Die übrigen Angaben löschen wir, wenn sie für die Abrechnung und den "
    "Nachweis der Förderung nicht mehr gebraucht werden. Sie können Ihre Anmeldung jederzeit über "
    "Ihren persönlichen Link zurückziehen."
)


def new_token():
    """Return an unguessable token for links in mails (256 bits)."""
    return secrets.token_urlsafe(32)


# Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or typed from paper stays unambiguous.
CERTIFICATE_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 10


def new_certificate_code():
    """Return the verification code printed on a certificate: 10 base32 characters (50 random bits)."""
    return "".join(secrets.choice(CERTIFICATE_CODE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


class Mode(models.TextChoices):
    ON_SITE = "vor-ort", _("Vor Ort")
    ONLINE = "online", _("Online")


class RegistrationOptions(models.Model):
    """How an event takes registrations; its row is also the lock every seat count takes."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="registration_options",
        verbose_name=_("Veranstaltung"),
    )
    enabled = models.BooleanField(_("Anmeldung möglich"), default=False)
    opens_at = models.DateTimeField(
        _("Anmeldung ab"), null=True, blank=True, help_text=_("Leer lassen: sofort möglich.")
    )
    closes_at = models.DateTimeField(
        _("Anmeldeschluss"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: bis zum Beginn der Veranstaltung."),
    )
    on_site_capacity = models.PositiveIntegerField(
        _("Plätze vor Ort"), default=0, help_text=_("Nur für Präsenz- und Hybridveranstaltungen.")
    )
    online_capacity = models.PositiveIntegerField(
        _("Online-Plätze"),
        null=True,
        blank=True,
        help_text=_("Nur für Online- und Hybridveranstaltungen. Leer lassen: unbegrenzt."),
    )
    requires_approval = models.BooleanField(
        _("Freigabe durch die Agentur nötig"),
        default=False,
        help_text=_("Zum Beispiel bei Veranstaltungen nur für Partnerkommunen."),
    )
    max_per_municipality = models.PositiveSmallIntegerField(
        _("Höchstens Plätze je Kommune"), null=True, blank=True, help_text=_("Leer lassen: keine Grenze.")
    )
    partner_priority = models.BooleanField(
        _("Vorrang für Partnerkommunen auf der Warteliste"),
        default=False,
        help_text=_("Beschäftigte der Partnerkommunen der Agentur rücken zuerst nach."),
    )
    online_access_url = models.URLField(
        _("Zugangslink für Online-Teilnehmende"),
        blank=True,
        help_text=_(
            "Nur bestätigte Online-Teilnehmende erhalten ihn per E-Mail und auf ihrer persönlichen Seite; "
            "er erscheint nie auf öffentlichen Seiten."
        ),
    )
    online_access_lead_time = models.DurationField(
        _("Zugangslink sichtbar ab"),
        default=timedelta(hours=1),
        help_text=_("So lange vor Beginn erscheint der Link auf der persönlichen Seite (z. B. 01:00:00)."),
    )
    ask_dietary_needs = models.BooleanField(_("Nach Ernährungswünschen fragen"), default=False)
    ask_accessibility_needs = models.BooleanField(_("Nach Bedarf an Barrierefreiheit fragen"), default=True)
    ask_comment = models.BooleanField(_("Kommentarfeld anbieten"), default=False)
    privacy_notice = models.TextField(
        _("Datenschutzhinweis"),
        default=DEFAULT_PRIVACY_NOTICE,
        help_text=_("Wer verarbeitet was, wozu und wie lange. Wird am Formular gezeigt."),
    )
    privacy_notice_version = models.PositiveIntegerField(
        _("Version des Datenschutzhinweises"),
        default=1,
        editable=False,
        help_text=_(
            "Steigt bei jeder Änderung des Hinweises; jede Anmeldung speichert die gezeigte Version."
        ),
    )

    class Meta:
        verbose_name = _("Anmeldeeinstellungen")
        verbose_name_plural = _("Anmeldeeinstellungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(on_site_capacity__gte=0), name="regopts_on_site_capacity_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(online_capacity__isnull=True) | Q(online_capacity__gte=0),
                name="regopts_online_capacity_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(max_per_municipality__isnull=True) | Q(max_per_municipality__gte=1),
                name="regopts_max_per_municipality_gte_1",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="regopts_closes_after_opening",
            ),
        ]

    def __str__(self):
        return str(_("Anmeldung zu %(event)s") % {"event": self.event})

    def save(self, *args, **kwargs):
        # Each registration records the notice version it was shown, so an edited notice gets a new one.
        changed = False
        if self.pk:
            previous = type(self).objects.filter(pk=self.pk).values_list("privacy_notice", flat=True).first()
            changed = previous is not None and previous != self.privacy_notice
            if changed:
                self.privacy_notice_version = F("privacy_notice_version") + 1
        super().save(*args, **kwargs)
        if changed:
            self.refresh_from_db(fields=["privacy_notice_version"])

    def capacity(self, mode):
        """Return the number of seats for a mode; None means unlimited."""
        return self.on_site_capacity if mode == Mode.ON_SITE else self.online_capacity

    @property
    def effective_closes_at(self):
        return self.closes_at or self.event.starts_at


class SeriesBooking(models.Model):
    """One registration for all coming dates of a series; groups the per-date registrations."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("Reihe")
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anmeldung zu einer Reihe")
        verbose_name_plural = _("Anmeldungen zu Reihen")

    def __str__(self):
        return str(self.series)


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Bestätigung")
        CONFIRMED = "confirmed", _("Bestätigt")
        WAITLISTED = "waitlisted", _("Auf der Warteliste")
        AWAITING_APPROVAL = "approval", _("Wartet auf Freigabe")
        CANCELLED = "cancelled", _("Storniert")
        EXPIRED = "expired", _("Abgelaufen")
        REJECTED = "rejected", _("Abgelehnt")

    # One email address holds at most one registration in these statuses per event.
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.AWAITING_APPROVAL)
    # Only these hold a seat (a registration awaiting approval keeps its seat until decided).
    HOLDING = (Status.CONFIRMED, Status.AWAITING_APPROVAL)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("Veranstaltung")
    )
    series_booking = models.ForeignKey(
        SeriesBooking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("Reihenanmeldung"),
    )
    mode = models.CharField(_("Teilnahme"), max_length=10, choices=Mode.choices)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"), max_length=254)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("Kommune"),
        help_text=_("Aus dem Verzeichnis gewählt; sonst gilt die Angabe im Freitext."),
    )
    organisation = models.CharField(_("Organisation oder Dienststelle"), max_length=200)
    function = models.CharField(_("Funktion"), max_length=200)
    comment = models.TextField(_("Kommentar"), blank=True)
    # The mails to this person are written in the language they registered in ("": the portal's main one).
    language = models.CharField(_("Sprache"), max_length=10, blank=True)

    # Proof of consent.
    created_at = models.DateTimeField(_("Angemeldet am"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("Bestätigungsmail verschickt am"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)
    confirmed_from = models.GenericIPAddressField(_("Bestätigt von Adresse"), null=True, blank=True)
    privacy_notice_version = models.PositiveIntegerField(_("Gezeigte Version des Datenschutzhinweises"))
    consent_given = models.BooleanField(_("Einwilligung erteilt"), default=False)

    waitlisted_at = models.DateTimeField(_("Auf der Warteliste seit"), null=True, blank=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Storniert am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung verschickt am"), null=True, blank=True)
    # Set when a mail with the online access link is queued: the dedicated mail goes out only once.
    access_link_sent_at = models.DateTimeField(_("Zugangslink verschickt am"), null=True, blank=True)
    # Marked by staff after the event: None until someone records it.
    attended = models.BooleanField(_("Teilgenommen"), null=True, blank=True)

    # Both cleared when the registration is reduced, so the links lead nowhere. NULL rather than "":
    # the tokens are unique, and many cleared ones must not collide.
    confirm_token = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, default=new_token, editable=False
    )
    manage_token = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, default=new_token, editable=False
    )
    # Printed on the attendance certificate and checked at /bescheinigung/<code>/. Part of the attendance
    # record: retention keeps it, so a certificate stays verifiable after the registration is reduced.
    certificate_code = models.CharField(
        _("Prüfcode der Teilnahmebescheinigung"),
        max_length=CERTIFICATE_CODE_LENGTH,
        unique=True,
        default=new_certificate_code,
        editable=False,
    )
    # Set when retention (or a deletion request) reduced it to the attendance record a funder asks for.
    reduced_at = models.DateTimeField(_("Reduziert auf den Teilnahmenachweis am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # Reduced records have no email address left, so they are outside the rule.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(
                    status__in=["pending", "confirmed", "waitlisted", "approval"], reduced_at__isnull=True
                ),
                name="registration_one_active_per_email_and_event",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_position",
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(status="expired")
                | Q(confirmed_at__isnull=False)
                | Q(status="cancelled")
                | Q(reduced_at__isnull=False),
                name="registration_confirmed_has_timestamp",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "mode", "status"]),
            models.Index(fields=["email"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return f"{self.name} – {self.event}"

    def get_absolute_url(self):
        return reverse("registration:manage", kwargs={"token": self.manage_token})

    def get_confirm_url(self):
        return reverse("registration:confirm", kwargs={"token": self.confirm_token})

    def booking_group(self):
        """Return this registration and, for a series booking, its other dates, by date."""
        if self.series_booking_id is None:
            return type(self).objects.filter(pk=self.pk)
        return (
            type(self)
            .objects.filter(series_booking_id=self.series_booking_id, email=self.email)
            .order_by("event__starts_at")
        )

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def holds_seat(self):
        return self.status in self.HOLDING

    @property
    def confirmation_expires_at(self):
        return self.created_at + timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)


class RegistrationSensitiveData(models.Model):
    """Dietary and accessibility needs: optional, kept apart so they can be deleted on their own."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="sensitive", verbose_name=_("Anmeldung")
    )
    dietary_needs = models.TextField(_("Ernährungswünsche"), blank=True)
    accessibility_needs = models.TextField(_("Bedarf an Barrierefreiheit"), blank=True)

    class Meta:
        verbose_name = _("Sensible Angaben")
        verbose_name_plural = _("Sensible Angaben")

    def __str__(self):
        return str(_("Sensible Angaben zu %(registration)s") % {"registration": self.registration})


class DeletionRequest(models.Model):
    """A person's request, from their personal page, to delete what is stored about them.

    The organising agency's managers carry it out in the admin. The request itself names no one, so
    it stays as proof that the request was handled after the registration is gone.
    """

    class Outcome(models.TextChoices):
        DELETED = "deleted", _("Anmeldung gelöscht")
        REDUCED = "reduced", _("Auf den Teilnahmenachweis reduziert")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="deletion_requests", verbose_name=_("Veranstaltung")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deletion_requests",
        verbose_name=_("Anmeldung"),
    )
    requested_at = models.DateTimeField(_("Beantragt am"), default=timezone.now)
    carried_out_at = models.DateTimeField(_("Durchgeführt am"), null=True, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Durchgeführt von"),
    )
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("Löschantrag")
        verbose_name_plural = _("Löschanträge")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(carried_out_at__isnull=True),
                name="deletionrequest_one_open_per_registration",
            ),
        ]

    def __str__(self):
        return str(_("Löschantrag Nr. %(number)s zu %(event)s") % {"number": self.pk, "event": self.event})

    @property
    def is_open(self):
        return self.carried_out_at is None


class RateLimitHit(models.Model):
    """One attempt counted against a limit; the key is a keyed hash, never the address itself."""

    scope = models.CharField(max_length=20)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "key_hash", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"


class OutgoingMail(models.Model):
    """A mail queued in the transaction that caused it, sent by the mail worker (retried on failure).

    A mail is queued (neither ``sent_at`` nor ``failed_at``), sent, or failed for good after
    ``MAIL_MAX_ATTEMPTS`` attempts; a failed mail stays here until someone retries it in the admin.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Wartet")
        SENT = "sent", _("Verschickt")
        FAILED = "failed", _("Fehlgeschlagen")

    kind = models.CharField(_("Art"), max_length=30)
    to = models.EmailField(_("An"))
    subject = models.CharField(_("Betreff"), max_length=250)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    ics = models.TextField(_("Kalenderdatei"), blank=True)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("Anmeldung"),
    )
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)
    sent_at = models.DateTimeField(_("Verschickt am"), null=True, blank=True)
    failed_at = models.DateTimeField(_("Endgültig fehlgeschlagen am"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    # What the text is written from, while it is not written yet (mail.queue_later): kind-independent
    # ids, the caller's clock and the person's language.
    to_render = models.JSONField(_("Noch zu schreiben"), null=True, blank=True, editable=False)
    # Not before this time: set while one process sends it, and after a failure to back off.
    not_before = models.DateTimeField(_("Nächster Versuch"), null=True, blank=True)

    class Meta:
        verbose_name = _("Ausgehende E-Mail")
        verbose_name_plural = _("Ausgehende E-Mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.to}: {self.subject}"

    @property
    def state(self) -> str:
        if self.sent_at:
            return self.State.SENT
        if self.failed_at:
            return self.State.FAILED
        return self.State.QUEUED
